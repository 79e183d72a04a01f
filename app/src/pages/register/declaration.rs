//! 本人承诺: the declaration, a required tick, the name typed again; then submit. The submit
//! carries a key made when this page was drawn, so a double tap makes one application.

use leptos::prelude::*;
use leptos_meta::Title;

use super::data::{load_register_page, PageData};
use super::gate::{gate, unfinished};
use crate::domain::registration::declaration::{POINTS, TITLE, VERSION};
use crate::pages::PostedForm;
use crate::text;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;

#[component]
pub fn Declaration() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_register_page("declaration".into()));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => gate(&d, "/register/declaration").unwrap_or_else(|| page(d)),
                    Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn page(d: PageData) -> AnyView {
    let posted = use_context::<PostedForm>().unwrap_or_default();
    let (agree_error, signature_error) = (posted.problem("agree"), posted.problem("signature"));
    let problems = posted.problems;
    let title = format!(
        "{}本人承诺 - {}",
        if problems.is_empty() { "" } else { "错误：" },
        text::SITE_TITLE
    );
    if let Some(unfinished) = unfinished(&d) {
        return unfinished;
    }
    view! {
        <Title text=title/>
        <a class="back-link" href="/register/check">"返回"</a>
        <ErrorSummary errors=problems.clone()/>
        <form method="post" action="/register/declaration" novalidate>
            <CsrfField/>
            <input type="hidden" name="idempotency_key" value=d.idempotency_key/>
            <input type="hidden" name="declaration_version" value=VERSION/>
            <p class="caption">"失业登记 · 最后一步"</p>
            <h1>{TITLE}</h1>
            <p class="lead">"失业登记实行书面承诺制：不需要提交任何证明材料，请您阅读并承诺以下内容。"</p>
            <div class="declaration" tabindex="0" role="region" aria-label="承诺内容">
                <ol>{POINTS.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ol>
            </div>
            <div class="field" class:field--error=agree_error.is_some()>
                {agree_error.clone().map(|e| view! { <p class="field__error" id="agree-error">{e}</p> })}
                <div class="checkbox">
                    <input type="checkbox" id="agree" name="agree" value="1" aria-invalid=agree_error.is_some().to_string()/>
                    <label for="agree">"我已阅读并承诺以上内容真实"</label>
                </div>
            </div>
            <div class="field" class:field--error=signature_error.is_some()>
                <label class="field__label" for="signature">"请输入您的姓名作为签名"</label>
                <p class="hint" id="signature-hint">"要与前面填写的姓名一致"</p>
                {signature_error.clone().map(|e| view! { <p class="field__error" id="signature-error">{e}</p> })}
                <input class="input input--wide" id="signature" name="signature" type="text" autocomplete="name"
                    aria-describedby="signature-hint" aria-invalid=signature_error.is_some().to_string()/>
            </div>
            <button type="submit" class="button button--primary">"提交申请"</button>
        </form>
    }
    .into_any()
}
