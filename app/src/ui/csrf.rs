//! The hidden field every HTML form carries (see the server's `csrf` module).

use leptos::prelude::*;

pub const COOKIE: &str = "__Host-csrf";
pub const FIELD: &str = "csrf";

/// This request's form token, put in the request's extensions by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrfToken(pub String);

/// The token of the page being rendered (server); empty in the browser, where islands get it
/// as a prop.
pub fn current_token() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|p| p.extensions.get::<CsrfToken>().map(|t| t.0.clone()))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

#[component]
pub fn CsrfField() -> impl IntoView {
    view! { <input type="hidden" name=FIELD value=current_token()/> }
}
