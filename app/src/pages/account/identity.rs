use leptos::prelude::*;

use crate::domain::id_number::DocumentKind;
use crate::pages::PostedForm;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;

/// 证件: asked once after the first sign-in. The number field is plain text (an 18-digit ID
/// may end in X, so no numeric keyboard). The date of birth, in three boxes, is for the
/// passes, whose numbers carry none; it is always shown, so the form works without JavaScript.
/// `next`: where to go once the document is stated (the account page by default).
/// `supplement`: a pass stated before the date of birth was asked; the same document again,
/// with the date.
#[component]
pub fn IdentityForm(#[prop(optional, into)] next: String, #[prop(optional)] supplement: bool) -> impl IntoView {
    // After a failed post the server provides the values sent (`kind`, `number`, `birth_year`,
    // `birth_month`, `birth_day`) and the problems, by the field ids below (`kind`, `number`,
    // `birth_date`).
    let posted = use_context::<PostedForm>().unwrap_or_default();
    let (kind_error, number_error) = (posted.problem("kind"), posted.problem("number"));
    let (kind_invalid, number_invalid) = (kind_error.is_some(), number_error.is_some());
    let birth_error = posted.problem("birth_date");
    let birth_invalid = birth_error.is_some();
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
    let birth_boxes = [
        ("birth_year", "年", "4", "bday-year"),
        ("birth_month", "月", "2", "bday-month"),
        ("birth_day", "日", "2", "bday-day"),
    ]
    .into_iter()
    .map(|(name, label, width, autocomplete)| {
        view! {
            <div class="date-input__item">
                <label for=name>{label}</label>
                <input class=format!("input input--{width}") id=name name=name type="text" inputmode="numeric"
                    autocomplete=autocomplete value=posted.value(name) aria-invalid=birth_invalid.to_string()/>
            </div>
        }
    })
    .collect_view();
    view! {
        <ErrorSummary errors=posted.problems.clone()/>
        <form method="post" action="/account/identity" novalidate>
            <CsrfField/>
            <input type="hidden" name="next" value=next/>
            {if supplement {
                view! {
                    <h2>"补充出生日期"</h2>
                    <p class="hint">"您登记的通行证上没有出生日期，办理失业登记需要它。为核对，请再选择一次证件类型、输入证件号码，并填写出生日期。"</p>
                }.into_any()
            } else {
                view! {
                    <h2>"登记您的证件"</h2>
                    <p class="hint">"办理失业登记需要核实身份。证件只能登记一次，之后不能在网上修改。不需要上传证件照片。"</p>
                }.into_any()
            }}
            <fieldset class="field" class:field--error=kind_invalid id="kind">
                <legend>"证件类型"</legend>
                {kind_error.map(|e| view! { <p class="field__error">{e}</p> })}
                {options}
            </fieldset>
            <div class="field" class:field--error=number_invalid>
                <label for="number">"证件号码"</label>
                <p class="hint" id="number-hint">"身份证18位，最后一位可能是X。身份证号码中的出生日期和性别会自动读出。"</p>
                {number_error.clone().map(|e| view! { <p class="field__error" id="number-error">{with_hotline(&e)}</p> })}
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
            <fieldset class="field" class:field--error=birth_invalid id="birth_date"
                aria-describedby={if birth_invalid { "birth_date-hint birth_date-error" } else { "birth_date-hint" }}>
                <legend>"出生日期"</legend>
                <p class="hint" id="birth_date-hint">"持港澳居民来往内地通行证或台湾居民来往大陆通行证的，请填写（通行证上没有出生日期）；身份证和居住证号码已含出生日期，可不填。"</p>
                {birth_error.map(|e| view! { <p class="field__error" id="birth_date-error">{e}</p> })}
                <div class="date-input">{birth_boxes}</div>
            </fieldset>
            <button type="submit" class="button button--primary">{if supplement { "补充出生日期" } else { "登记证件" }}</button>
        </form>
    }
}
