//! The table of the staff lists (待办, 已登记人员): it scrolls sideways on a narrow screen, and
//! screen readers hear its caption and a header per column.

use leptos::prelude::*;

#[component]
pub fn DataTable(caption: &'static str, headers: &'static [&'static str], children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="queue">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>{headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
