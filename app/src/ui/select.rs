//! A labelled select for the staff pages' GET filter forms (待办, 统计): works without
//! JavaScript, the chosen value kept selected.

use leptos::prelude::*;

/// `all`: the first option, meaning no filter (`None`: the choices only).
#[component]
pub fn FilterSelect(
    id: &'static str,
    label: &'static str,
    all: Option<&'static str>,
    choices: Vec<(String, String)>,
    chosen: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select class="input" id=id name=id>
                {all.map(|all| view! { <option value="" selected=chosen.is_empty()>{all}</option> })}
                {choices.into_iter().map(|(code, name)| {
                    let selected = code == chosen;
                    view! { <option value=code selected=selected>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
