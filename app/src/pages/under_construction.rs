use leptos::prelude::*;

use crate::text;

/// A section that is not built yet says so plainly, with a way to get help.
#[component]
pub fn UnderConstruction(title: &'static str, summary: &'static str) -> impl IntoView {
    view! {
        <h1>{title}</h1>
        <p>{summary}</p>
        <div class="notice" role="status">
            <p>{text::UNDER_CONSTRUCTION}</p>
            <p>{text::HOTLINE}</p>
        </div>
    }
}
