//! The browser's side of WeChat's JS-SDK (`window.wx`, on the page only inside WeChat with the
//! official account configured, see `ui::wechat`): signs the page in (`wx.config` with the
//! signature from `/api/v1/wechat/js-config`), then sets the share card from the page's share
//! tags, opens an office's map link in WeChat's own map, and lends `Locate` WeChat's position.
//! A page without the SDK is left alone. Calls go through `Reflect` rather than typed bindings:
//! one small helper instead of glue per API, and a missing `wx` or method never throws.

use std::sync::atomic::{AtomicBool, Ordering};

use js_sys::{Function, Object, Reflect};
use leptos::prelude::{document, window};
use leptos::wasm_bindgen::{closure::Closure, JsCast, JsValue};

use crate::ui::wechat::{SHARE_DESC_TAG, SHARE_ICON_TAG, SHARE_TITLE_TAG};
use crate::web::percent_encode;

/// `wx.ready` has fired: WeChat has the page's signature.
static READY: AtomicBool = AtomicBool::new(false);
/// `wx.error` has fired: WeChat refused the signature (it may still call `ready`).
static REFUSED: AtomicBool = AtomicBool::new(false);

/// The APIs the page uses; `wx.config` must name them.
const APIS: [&str; 4] = [
    "updateAppMessageShareData",
    "updateTimelineShareData",
    "getLocation",
    "openLocation",
];

/// Signs the page in with WeChat when the SDK is on it; called once the islands are live.
pub fn start() {
    if wx().is_some() {
        open_map_links_in_wechat();
        leptos::task::spawn_local(configure());
    }
}

/// Whether WeChat's APIs answer on this page.
pub fn ready() -> bool {
    READY.load(Ordering::Relaxed) && !REFUSED.load(Ordering::Relaxed)
}

/// What WeChat answered when asked for the phone's position.
pub enum Located {
    /// GCJ-02 degrees.
    At {
        lat: f64,
        lon: f64,
    },
    /// The person said no.
    Declined,
    Failed,
}

/// The phone's position through WeChat, in GCJ-02: the datum of the institutions' positions,
/// so nothing is converted.
pub fn get_location(done: impl FnOnce(Located) + 'static) {
    // One callback for success, cancel and fail: WeChat calls exactly one of them.
    let answer = Closure::once_into_js(move |res: JsValue| {
        // A number, or on some versions text: read by JavaScript's own parseFloat.
        let degrees = |name: &str| {
            let v = field(&res, name);
            v.as_f64()
                .or_else(|| v.as_string().map(|s| js_sys::parse_float(&s)))
                .filter(|d| d.is_finite())
        };
        let message = field(&res, "errMsg").as_string().unwrap_or_default();
        done(match (degrees("latitude"), degrees("longitude")) {
            (Some(lat), Some(lon)) => Located::At { lat, lon },
            _ if ["cancel", "deny", "denied"].iter().any(|w| message.contains(*w)) => Located::Declined,
            _ => Located::Failed,
        });
    });
    call(
        "getLocation",
        &object(&[
            ("type", JsValue::from_str("gcj02")),
            ("success", answer.clone()),
            ("cancel", answer.clone()),
            ("fail", answer),
        ]),
    );
}

/// `window.wx`, when the SDK is on the page.
fn wx() -> Option<JsValue> {
    let wx = Reflect::get(&js_sys::global(), &JsValue::from_str("wx")).ok()?;
    wx.is_object().then_some(wx)
}

/// `wx.<method>(argument)`: nothing when the SDK or the method is missing, and what it throws
/// stays with it.
fn call(method: &str, argument: &JsValue) {
    let Some(wx) = wx() else { return };
    if let Ok(f) = Reflect::get(&wx, &JsValue::from_str(method)).and_then(|f| f.dyn_into::<Function>()) {
        let _ = f.call1(&wx, argument);
    }
}

/// A JavaScript object with these fields.
fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(name), value);
    }
    o.into()
}

/// A field of a JavaScript object (undefined when missing).
fn field(o: &JsValue, name: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// `wx.config` with this page's signature; once WeChat accepts it, the share card.
async fn configure() {
    let Ok(href) = window().location().href() else { return };
    // Signed as WeChat sees the page: the whole address but the fragment.
    let page = href.split('#').next().unwrap_or_default();
    let url = format!("/api/v1/wechat/js-config?url={}", percent_encode(page));
    let Ok(res) = gloo_net::http::Request::get(&url).send().await else {
        return;
    };
    if !res.ok() {
        return;
    }
    let Ok(text) = res.text().await else { return };
    // JSON.parse rather than serde: the four fields are handed on as they are.
    let Ok(answer) = js_sys::JSON::parse(&text) else { return };
    let apis: js_sys::Array = APIS.into_iter().map(JsValue::from_str).collect();
    call(
        "config",
        &object(&[
            ("debug", JsValue::from_bool(false)),
            ("appId", field(&answer, "app_id")),
            ("timestamp", field(&answer, "timestamp")),
            ("nonceStr", field(&answer, "nonce_str")),
            ("signature", field(&answer, "signature")),
            ("jsApiList", apis.into()),
        ]),
    );
    call(
        "error",
        &Closure::once_into_js(|_: JsValue| REFUSED.store(true, Ordering::Relaxed)),
    );
    call(
        "ready",
        &Closure::once_into_js(|| {
            READY.store(true, Ordering::Relaxed);
            if ready() {
                set_share_card();
            }
        }),
    );
}

/// The share card from the page's share tags; a page without them keeps WeChat's own card.
fn set_share_card() {
    let doc = document();
    let attribute = |selector: &str, name: &str| {
        doc.query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute(name))
    };
    let meta = |tag: &str| attribute(&format!("meta[name=\"{tag}\"]"), "content");
    let (Some(title), Some(link), Some(icon)) = (
        meta(SHARE_TITLE_TAG),
        attribute("link[rel=canonical]", "href"),
        meta(SHARE_ICON_TAG),
    ) else {
        return;
    };
    let desc = meta(SHARE_DESC_TAG).unwrap_or_default();
    let (title, link, icon) = (JsValue::from(title), JsValue::from(link), JsValue::from(icon));
    call(
        "updateAppMessageShareData",
        &object(&[
            ("title", title.clone()),
            ("desc", JsValue::from(desc)),
            ("link", link.clone()),
            ("imgUrl", icon.clone()),
        ]),
    );
    call(
        "updateTimelineShareData",
        &object(&[("title", title), ("link", link), ("imgUrl", icon)]),
    );
}

/// Once WeChat is ready, a tap on a link inside an element carrying `data-lat`/`data-lon`
/// (an office's map links, see `ui::institution_card`) opens WeChat's own map there: the
/// positions are GCJ-02, as it expects. Before that, and without the SDK, the link is followed.
/// One listener on the document serves every card, the ones drawn later too.
fn open_map_links_in_wechat() {
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if !ready() {
            return;
        }
        let place = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a").ok().flatten())
            .and_then(|a| a.closest("[data-lat]").ok().flatten());
        let Some(place) = place else { return };
        let data = |name: &str| place.get_attribute(name).unwrap_or_default();
        // JavaScript's parseFloat: Rust's would bring its 10 KB table of powers into the wasm.
        let (lat, lon) = (
            js_sys::parse_float(&data("data-lat")),
            js_sys::parse_float(&data("data-lon")),
        );
        if !(lat.is_finite() && lon.is_finite()) {
            return;
        }
        ev.prevent_default();
        call(
            "openLocation",
            &object(&[
                ("latitude", JsValue::from(lat)),
                ("longitude", JsValue::from(lon)),
                ("name", JsValue::from(data("data-name"))),
                ("address", JsValue::from(data("data-address"))),
                ("scale", JsValue::from(16)),
            ]),
        );
    });
    let _ = document().add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
    on_click.forget();
}
