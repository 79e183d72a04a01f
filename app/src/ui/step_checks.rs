//! The browser's part of a form page: on 继续 the page's answers are checked by the very
//! function the server runs (`domain::registration::check`), so the words are the same and a
//! wrong answer costs no round trip; and each answer is saved to the draft as soon as it is
//! given, so closing the page (or WeChat) loses nothing. Without JavaScript the server does
//! it all on 继续.

use leptos::prelude::*;

use crate::ui::error_summary::ErrorSummary;

/// `step`: the page's slug; `today`, `birth`: `YYYYMMDD` (the server's China date, and the
/// ID number's birth date or empty); `problems`: what the server found on the last post.
#[island]
pub fn StepChecks(
    step: String,
    today: String,
    birth: String,
    problems: Vec<(String, String)>,
    children: Children,
) -> impl IntoView {
    let (shown, set_shown) = signal(problems);
    #[cfg(feature = "hydrate")]
    let step_for_save = step.clone();
    // Checked on 继续 only: re-checking as fields lose focus would move the page under a
    // finger already on its way to the button.
    #[cfg(feature = "hydrate")]
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let found = browser::check_form(&ev, &step, &today, &birth);
        if !found.is_empty() {
            ev.prevent_default();
            browser::mark_fields(&step, &found);
            set_shown.set(found);
            request_animation_frame(browser::focus_summary);
        }
    };
    #[cfg(feature = "hydrate")]
    let on_change = {
        let step = step_for_save;
        move |ev: leptos::ev::Event| {
            if let Some(answers) = browser::form_answers(&ev, &step) {
                leptos::task::spawn_local(browser::save_draft(answers));
            }
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let (on_submit, on_change) = {
        let _ = (step, today, birth, set_shown);
        (|_: leptos::ev::SubmitEvent| {}, |_: leptos::ev::Event| {})
    };
    view! {
        <div class="step-checks" on:submit=on_submit on:change=on_change>
            {move || view! { <ErrorSummary errors=shown.get()/> }}
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;

    use crate::api::registration::DraftUpdate;
    use crate::domain::date::Ymd;
    use crate::domain::registration::check::{check_step, Context};
    use crate::domain::registration::steps;
    use crate::domain::registration::Answers;

    fn form_of(ev: &web_sys::Event) -> Option<web_sys::HtmlFormElement> {
        let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        target.closest("form").ok().flatten()?.dyn_into().ok()
    }

    /// The page's answers as the server would receive them (several choices comma-joined).
    pub fn form_answers(ev: &web_sys::Event, step: &str) -> Option<Answers> {
        let step = steps::step(step)?;
        let data = web_sys::FormData::new_with_form(&form_of(ev)?).ok()?;
        let mut answers = Answers::new();
        for field in step.fields {
            for name in field.answer_names() {
                let values: Vec<String> = data.get_all(&name).iter().filter_map(|v| v.as_string()).collect();
                if !values.is_empty() {
                    answers.insert(name, values.join(","));
                }
            }
        }
        Some(answers)
    }

    pub fn check_form(ev: &web_sys::Event, step: &str, today: &str, birth: &str) -> Vec<(String, String)> {
        let (Some(answers), Some(today), Some(step)) =
            (form_answers(ev, step), Ymd::from_digits(today), steps::step(step))
        else {
            return Vec::new();
        };
        let cx = Context {
            today,
            birth: Ymd::from_digits(birth),
        };
        check_step(step, &answers, cx)
            .into_iter()
            .map(|p| (p.field, p.message))
            .collect()
    }

    /// Each field's own error line and state, as the server renders them.
    pub fn mark_fields(step: &str, problems: &[(String, String)]) {
        let (Some(step), Some(doc)) = (steps::step(step), web_sys::window().and_then(|w| w.document())) else {
            return;
        };
        for field in step.fields {
            let anchor = field.anchor();
            let message = problems.iter().find(|(f, _)| *f == anchor).map(|(_, m)| m.as_str());
            if let Some(line) = doc.get_element_by_id(&format!("{anchor}-error")) {
                if let Ok(Some(text)) = line.query_selector(".field__error-text") {
                    text.set_text_content(message);
                }
                let _ = match message {
                    Some(_) => line.remove_attribute("hidden"),
                    None => line.set_attribute("hidden", ""),
                };
                if let Ok(Some(wrapper)) = line.closest(".field") {
                    let _ = wrapper
                        .class_list()
                        .toggle_with_force("field--error", message.is_some());
                }
            }
            if let Some(input) = doc.get_element_by_id(&anchor) {
                let _ = input.set_attribute("aria-invalid", if message.is_some() { "true" } else { "false" });
            }
        }
    }

    /// Best effort: a failed save costs nothing, 继续 posts the page anyway.
    pub async fn save_draft(answers: Answers) {
        if let Ok(request) =
            gloo_net::http::Request::put("/api/v1/me/registration/draft").json(&DraftUpdate { answers })
        {
            let _ = request.send().await;
        }
    }

    pub fn focus_summary() {
        let summary = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("error-summary"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(s) = summary {
            let _ = s.focus();
        }
    }
}
