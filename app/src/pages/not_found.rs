use leptos::prelude::*;
use leptos_router::components::A;

use crate::text;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <h1>{text::NOT_FOUND_TITLE}</h1>
        <p>{text::NOT_FOUND_BODY}</p>
        <p><A href="/" attr:class="button">{text::BACK_HOME}</A></p>
    }
}
