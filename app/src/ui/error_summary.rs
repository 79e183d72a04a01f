//! The GOV.UK pattern: a summary at the top naming each problem and linking to its field.

use leptos::prelude::*;

use crate::ui::phone::with_hotline;

/// `errors`: (field id, message). Renders nothing without errors. It takes focus when it
/// appears (the page's `autofocus`, or the browser checks' focus call).
#[component]
pub fn ErrorSummary(errors: Vec<(String, String)>) -> impl IntoView {
    (!errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" id="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
                <h2 id="error-summary-title" class="error-summary__title">"请修改以下内容"</h2>
                <ul>
                    {errors.into_iter().map(|(id, m)| if id == "error-summary" {
                        // A problem of the whole form has no field to go to; its words may
                        // name the hotline, dialable like everywhere else.
                        view! { <li>{with_hotline(&m)}</li> }.into_any()
                    } else {
                        view! { <li><a href=format!("#{id}")>{m}</a></li> }.into_any()
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}
