//! 关怀模式: larger text and tap targets for older readers (适老化).
//!
//! The choice lives in a cookie (not personal data) so that the server renders the page in
//! the right mode and nothing shifts when the wasm arrives. Without JavaScript the toggle is
//! a plain form post to `/care-mode`; after hydration it switches in place.

use leptos::prelude::*;

use crate::text;

pub const COOKIE: &str = "care";
/// Where the toggle posts when JavaScript is off (served by the server crate).
pub const FORM_ACTION: &str = "/care-mode";

/// Whether a `Cookie` header value turns care mode on.
pub fn enabled_in_cookie_header(header: &str) -> bool {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == COOKIE && value == "1")
}

/// The `Set-Cookie` value that stores the choice for a year.
pub fn set_cookie_value(on: bool) -> String {
    let value = if on { "1" } else { "0" };
    format!("{COOKIE}={value}; Path=/; Max-Age=31536000; SameSite=Lax")
}

/// The care-mode state of this page, read from the request (server) or `document.cookie` (browser).
pub fn use_care_mode() -> RwSignal<bool> {
    RwSignal::new(initially_on())
}

#[cfg(feature = "ssr")]
fn initially_on() -> bool {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get("cookie")
                .and_then(|v| v.to_str().ok())
                .map(enabled_in_cookie_header)
        })
        .unwrap_or(false)
}

#[cfg(feature = "hydrate")]
fn initially_on() -> bool {
    html_document()
        .and_then(|doc| doc.cookie().ok())
        .is_some_and(|c| enabled_in_cookie_header(&c))
}

#[cfg(not(any(feature = "ssr", feature = "hydrate")))]
fn initially_on() -> bool {
    false
}

#[cfg(feature = "hydrate")]
fn html_document() -> Option<web_sys::HtmlDocument> {
    use leptos::wasm_bindgen::JsCast;
    document().dyn_into::<web_sys::HtmlDocument>().ok()
}

#[component]
pub fn CareModeToggle(care: RwSignal<bool>) -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let on = !care.get_untracked();
        care.set(on);
        #[cfg(feature = "hydrate")]
        if let Some(doc) = html_document() {
            let _ = doc.set_cookie(&set_cookie_value(on));
        }
    };
    view! {
        <form class="care-toggle" method="post" action=FORM_ACTION on:submit=on_submit>
            <input type="hidden" name="on" value=move || if care.get() { "0" } else { "1" }/>
            <input type="hidden" name="back" value=move || location.pathname.get()/>
            // A toggle button keeps its name; the state is in aria-pressed (and drawn by CSS).
            <button type="submit" class="care-toggle__button" aria-pressed=move || care.get().to_string()>
                {text::CARE_MODE}
            </button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_cookie_among_others() {
        assert!(enabled_in_cookie_header("a=b; care=1; c=d"));
        assert!(!enabled_in_cookie_header("a=b; care=0"));
        assert!(!enabled_in_cookie_header("scare=1"));
        assert!(!enabled_in_cookie_header(""));
    }

    #[test]
    fn cookie_value_round_trips() {
        let set = set_cookie_value(true);
        let pair = set.split(';').next().unwrap();
        assert!(enabled_in_cookie_header(pair));
        assert!(!enabled_in_cookie_header(
            set_cookie_value(false).split(';').next().unwrap()
        ));
    }
}
