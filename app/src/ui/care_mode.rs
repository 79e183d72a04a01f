//! 关怀模式: larger text and tap targets for older readers (适老化).
//!
//! The choice lives in a cookie (not personal data) so that the server renders the page in
//! the right mode and nothing shifts when the wasm arrives. Without JavaScript the toggle is
//! a plain form post to `/care-mode`; with it, the island switches the page in place.

use leptos::prelude::*;

use crate::text;

pub const COOKIE: &str = "care";
/// Where the toggle posts when JavaScript is off (served by the server crate).
pub const FORM_ACTION: &str = "/care-mode";
/// The class on the page's root element that turns care mode on (see style/main.css).
pub const CLASS: &str = "care";

/// Whether a `Cookie` header value turns care mode on.
pub fn enabled_in_cookie_header(header: &str) -> bool {
    crate::web::cookie_value(header, COOKIE) == Some("1")
}

/// The `Set-Cookie` value that stores the choice for a year.
pub fn set_cookie_value(on: bool) -> String {
    let value = if on { "1" } else { "0" };
    format!("{COOKIE}={value}; Path=/; Max-Age=31536000; SameSite=Lax")
}

/// Whether this request asked for care mode (server) — the page is rendered in that mode.
#[cfg(feature = "ssr")]
pub fn requested() -> bool {
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

#[cfg(not(feature = "ssr"))]
pub fn requested() -> bool {
    false
}

/// The switch. `on` is the mode the server rendered; `back` the page to return to after a
/// plain form post; `csrf` the page's form token.
#[island]
pub fn CareModeToggle(on: bool, back: String, csrf: String) -> impl IntoView {
    let care = RwSignal::new(on);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let on = !care.get_untracked();
        care.set(on);
        #[cfg(feature = "hydrate")]
        apply(on);
    };
    view! {
        <form class="care-toggle" method="post" action=FORM_ACTION on:submit=on_submit>
            <input type="hidden" name="on" value=move || if care.get() { "0" } else { "1" }/>
            <input type="hidden" name="back" value=back/>
            <input type="hidden" name=crate::ui::csrf::FIELD value=csrf/>
            // A toggle button keeps its name; the state is in aria-pressed (and drawn by CSS).
            <button type="submit" class="care-toggle__button" aria-pressed=move || care.get().to_string()>
                {text::CARE_MODE}
            </button>
        </form>
    }
}

/// Switches the page's root element and remembers the choice.
#[cfg(feature = "hydrate")]
fn apply(on: bool) {
    use leptos::wasm_bindgen::JsCast;
    let document = document();
    if let Some(root) = document.query_selector(".app").ok().flatten() {
        let _ = root.class_list().toggle_with_force(CLASS, on);
    }
    if let Ok(doc) = document.dyn_into::<web_sys::HtmlDocument>() {
        let _ = doc.set_cookie(&set_cookie_value(on));
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
