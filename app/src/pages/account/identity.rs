use leptos::prelude::*;

use crate::domain::id_number::DocumentKind;
use crate::pages::PostedForm;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;

/// 证件: asked once after the first sign-in. The number field is plain text (an 18-digit ID
/// may end in X, so no numeric keyboard).
/// `next`: where to go once the document is stated (the account page by default).
#[component]
pub fn IdentityForm(#[prop(optional, into)] next: String) -> impl IntoView {
    // After a failed post the server provides the values sent (`kind`, `number`) and the
    // problems, by the field ids below (`kind`, `number`).
    let posted = use_context::<PostedForm>().unwrap_or_default();
    let (kind_error, number_error) = (posted.problem("kind"), posted.problem("number"));
    let (kind_invalid, number_invalid) = (kind_error.is_some(), number_error.is_some());
    let chosen = match posted.value("kind") {
        kind if kind.is_empty() => DocumentKind::ResidentId.as_str().to_owned(),
        kind => kind,
    };
    let options = DocumentKind::ALL
        .into_iter()
        .map(|k| {
            let id = format!("kind-{}", k.as_str());
            view! {
                <div class="radio">
                    <input type="radio" id=id.clone() name="kind" value=k.as_str() checked=chosen == k.as_str()/>
                    <label for=id>{k.label()}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <ErrorSummary errors=posted.problems.clone()/>
        <form method="post" action="/account/identity" novalidate>
            <CsrfField/>
            <input type="hidden" name="next" value=next/>
            <h2>"登记您的证件"</h2>
            <p class="hint">"办理失业登记需要核实身份。证件只能登记一次，之后不能在网上修改。不需要上传证件照片。"</p>
            <fieldset class="field" class:field--error=kind_invalid id="kind">
                <legend>"证件类型"</legend>
                {kind_error.map(|e| view! { <p class="field__error">{e}</p> })}
                {options}
            </fieldset>
            <div class="field" class:field--error=number_invalid>
                <label for="number">"证件号码"</label>
                <p class="hint" id="number-hint">"身份证18位，最后一位可能是X。出生日期和性别会从号码中读出，无需另填。"</p>
                {number_error.clone().map(|e| view! { <p class="field__error" id="number-error">{e}</p> })}
                <input
                    class="input input--id"
                    id="number"
                    name="number"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    value=posted.value("number")
                    aria-describedby=if number_invalid { "number-hint number-error" } else { "number-hint" }
                    aria-invalid=number_invalid.to_string()
                />
            </div>
            <button type="submit" class="button button--primary">"登记证件"</button>
        </form>
    }
}
