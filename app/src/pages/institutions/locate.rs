//! "使用我的位置查找": asks for the position only when the person taps the button (inside
//! WeChat through WeChat's JS-SDK, elsewhere the browser's), says what it is for, and falls
//! back to the region picker on refusal, time-out or an insecure page.

use leptos::prelude::*;

use crate::api::institutions::NearestAnswer;
use crate::ui::institution_card::InstitutionCard;

const NEEDS_SCRIPT: &str = "定位需要浏览器运行网页脚本。请在下方“按地区查找”中选择您所在的地区。";
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const DENIED: &str =
    "您没有允许本页面获取位置。请在下方“按地区查找”中选择您所在的地区；如需定位，可在浏览器设置中允许后重试。";
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const TIMEOUT: &str = "定位超时。请到信号更好的地方重试，或在下方“按地区查找”中选择地区。";
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const UNAVAILABLE: &str =
    "暂时无法获取您的位置（需要通过 https 访问本站并开启手机定位）。请在下方“按地区查找”中选择地区。";

#[derive(Debug, Clone, PartialEq)]
enum State {
    Idle,
    Locating,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    Found(NearestAnswer),
    Failed(String),
}

/// `service` narrows the search to institutions handling it; `asked_without_script` is set
/// when the button was pressed with JavaScript off (a plain form post).
#[island]
pub fn Locate(service: Option<String>, asked_without_script: bool) -> impl IntoView {
    let state = RwSignal::new(if asked_without_script {
        State::Failed(NEEDS_SCRIPT.into())
    } else {
        State::Idle
    });
    let service_field = service
        .clone()
        .map(|s| view! { <input type="hidden" name="service" value=s/> });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        locate(state, service.clone());
    };
    let result = move || {
        match state.get() {
        State::Idle => None,
        State::Locating => Some(view! { <p class="status">"正在获取您的位置……"</p> }.into_any()),
        State::Failed(message) => Some(view! { <p class="notice" role="alert">{message}</p> }.into_any()),
        State::Found(answer) if answer.items.is_empty() => Some(
            view! { <p class="notice" role="status">"附近没有找到服务机构。请在下方按地区查找。"</p> }.into_any(),
        ),
        State::Found(answer) => Some(
            view! {
                <h3 class="results-title">"离您最近的服务机构"</h3>
                <ol class="inst-list" aria-label="离您最近的服务机构">
                    {answer
                        .items
                        .into_iter()
                        .map(|n| view! { <li><InstitutionCard institution=n.institution distance_m=n.distance_m/></li> })
                        .collect_view()}
                </ol>
            }
            .into_any(),
        ),
    }
    };
    view! {
        <section class="section" aria-labelledby="locate-title">
            <h2 id="locate-title">"离我最近"</h2>
            <p class="hint">"点击按钮并允许获取位置，即可按距离列出附近的服务机构。位置只用于这一次查找，不会保存。"</p>
            <form method="get" action="/institutions" on:submit=on_submit>
                <input type="hidden" name="locate" value="1"/>
                {service_field}
                <button type="submit" class="button" disabled=move || state.get() == State::Locating>
                    "使用我的位置查找"
                </button>
            </form>
            <div aria-live="polite">{result}</div>
        </section>
    }
}

#[cfg(not(feature = "hydrate"))]
fn locate(state: RwSignal<State>, _service: Option<String>) {
    state.set(State::Failed(NEEDS_SCRIPT.into()));
}

#[cfg(feature = "hydrate")]
fn locate(state: RwSignal<State>, service: Option<String>) {
    use crate::domain::geo::Datum;
    use crate::wx::{self, Located};
    use leptos::wasm_bindgen::{closure::Closure, JsCast};

    // Inside WeChat with its JS-SDK signed in: WeChat's own position, asked through WeChat's
    // own permission, in GCJ-02 already.
    if wx::ready() {
        state.set(State::Locating);
        wx::get_location(move |found| match found {
            Located::At { lat, lon } => search(state, lat, lon, Datum::Gcj02, service),
            Located::Declined => state.set(State::Failed(DENIED.into())),
            Located::Failed => state.set(State::Failed(UNAVAILABLE.into())),
        });
        return;
    }
    let window = window();
    let geolocation = window
        .is_secure_context()
        .then(|| window.navigator().geolocation().ok())
        .flatten();
    let Some(geolocation) = geolocation else {
        state.set(State::Failed(UNAVAILABLE.into()));
        return;
    };
    state.set(State::Locating);
    let found = Closure::once_into_js(move |position: web_sys::Position| {
        let coords = position.coords();
        search(state, coords.latitude(), coords.longitude(), Datum::Wgs84, service);
    });
    let failed = Closure::once_into_js(move |error: web_sys::PositionError| {
        let message = match error.code() {
            web_sys::PositionError::PERMISSION_DENIED => DENIED,
            web_sys::PositionError::TIMEOUT => TIMEOUT,
            _ => UNAVAILABLE,
        };
        state.set(State::Failed(message.into()));
    });
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(false);
    options.set_timeout(15_000);
    options.set_maximum_age(60_000);
    if geolocation
        .get_current_position_with_error_callback_and_options(
            found.unchecked_ref(),
            Some(failed.unchecked_ref()),
            &options,
        )
        .is_err()
    {
        state.set(State::Failed(UNAVAILABLE.into()));
    }
}

/// The institutions nearest to a position in `datum` (WGS-84 from the browser, GCJ-02 from
/// WeChat), from the API through gloo-net: the client the wasm has anyway, where a server
/// function would add its own request and streaming code to every page's download.
#[cfg(feature = "hydrate")]
fn search(state: RwSignal<State>, lat: f64, lon: f64, datum: crate::domain::geo::Datum, service: Option<String>) {
    use crate::api::institutions::NearestQuery;
    use crate::domain::geo::LatLon;
    use crate::web::{decimal, percent_encode};

    // The same check the server runs: a position outside China is refused here already.
    if let Err(error) = NearestQuery::position(LatLon { lat, lon }, datum) {
        state.set(State::Failed(error.message));
        return;
    }
    // Six decimals: a tenth of a metre, finer than any phone knows.
    let mut url = format!(
        "/api/v1/institutions/nearest?lat={}&lon={}&datum={}",
        decimal(lat, 6),
        decimal(lon, 6),
        datum.as_str()
    );
    if let Some(service) = service {
        url.push_str("&service=");
        url.push_str(&percent_encode(&service));
    }
    leptos::task::spawn_local(async move {
        let answer = match gloo_net::http::Request::get(&url).send().await {
            Ok(res) if res.ok() => res.json::<NearestAnswer>().await.ok(),
            _ => None,
        };
        state.set(match answer {
            Some(answer) => State::Found(answer),
            None => State::Failed("查找失败，请稍后重试，或在下方按地区查找。".into()),
        });
    });
}
