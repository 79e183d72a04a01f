//! The browser's checks of a form page: on 继续 the page's answers are checked by the very
//! function the server runs (`domain::registration::check`), so the words are the same and a
//! wrong answer costs no round trip. Without JavaScript the server does it all.

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
    #[cfg(not(feature = "hydrate"))]
    let on_submit = {
        let _ = (step, today, birth, set_shown);
        |_: leptos::ev::SubmitEvent| {}
    };
    view! {
        <div class="step-checks" on:submit=on_submit>
            {move || view! { <ErrorSummary errors=shown.get()/> }}
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;

    use crate::domain::date::Ymd;
    use crate::domain::registration::check::{check_step, Context};
    use crate::domain::registration::steps::{self, Kind};
    use crate::domain::registration::Answers;

    fn form_of(ev: &web_sys::Event) -> Option<web_sys::HtmlFormElement> {
        let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        target.closest("form").ok().flatten()?.dyn_into().ok()
    }

    /// The page's answers as the server would receive them (several choices comma-joined).
    pub fn check_form(ev: &web_sys::Event, step: &str, today: &str, birth: &str) -> Vec<(String, String)> {
        let (Some(step), Some(form), Some(today)) = (steps::step(step), form_of(ev), Ymd::from_digits(today)) else {
            return Vec::new();
        };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return Vec::new();
        };
        let mut answers = Answers::new();
        for field in step.fields {
            let names: Vec<String> = match field.kind {
                Kind::Date => ["year", "month", "day"]
                    .iter()
                    .map(|p| format!("{}_{p}", field.name))
                    .collect(),
                _ => vec![field.name.to_owned()],
            };
            for name in names {
                let values: Vec<String> = data.get_all(&name).iter().filter_map(|v| v.as_string()).collect();
                if !values.is_empty() {
                    answers.insert(name, values.join(","));
                }
            }
        }
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
