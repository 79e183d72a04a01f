use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::data::load_challenge;
use crate::pages::PostedForm;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;

/// 输入验证码.
#[component]
pub fn SignInCode() -> impl IntoView {
    // After a failed post: the problem of the field `code` (the code itself is not kept).
    let error = use_context::<PostedForm>().unwrap_or_default().problem("code");
    let query = use_query_map().get_untracked();
    let challenge = query.get("c").unwrap_or_default();
    let next = query.get("next").unwrap_or_default();
    let sent_to = Resource::new(
        {
            let challenge = challenge.clone();
            move || challenge.clone()
        },
        load_challenge,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (error, challenge, next) = (error.clone(), challenge.clone(), next.clone());
                Suspend::new(async move {
                    match sent_to.await {
                        Ok(Some(masked)) => code_form(masked, challenge, next, error).into_any(),
                        _ => view! {
                            <Title text="验证码已失效 - 湖南省失业登记服务"/>
                            <h1>"验证码已失效"</h1>
                            <p>"验证码10分钟内有效，输错5次或用过后作废。请重新获取。"</p>
                            <p><a class="button" href=format!("/signin?next={}", crate::web::percent_encode(&next))>"重新获取验证码"</a></p>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn code_form(masked: String, challenge: String, next: String, error: Option<String>) -> impl IntoView {
    let has_error = error.is_some();
    let errors: Vec<(String, String)> = error.clone().map(|e| ("code".to_owned(), e)).into_iter().collect();
    view! {
        <Title text=if has_error { "错误：输入验证码 - 湖南省失业登记服务" } else { "输入验证码 - 湖南省失业登记服务" }/>
        <ErrorSummary errors/>
        <form method="post" action="/signin/code" novalidate>
                <CsrfField/>
            <input type="hidden" name="c" value=challenge/>
            <input type="hidden" name="next" value=next.clone()/>
            <div class="field" class:field--error=has_error>
                <h1><label for="code">"请输入短信验证码"</label></h1>
                <p class="hint" id="code-hint">"验证码已发送至 " <strong class="masked">{masked}</strong> "，10分钟内有效。"</p>
                {error.map(|e| view! { <p class="field__error" id="code-error"><span class="visually-hidden">"错误："</span>{with_hotline(&e)}</p> })}
                <input
                    class="input input--code"
                    id="code"
                    name="code"
                    type="text"
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    maxlength="6"
                    spellcheck="false"
                    aria-describedby=if has_error { "code-hint code-error" } else { "code-hint" }
                    aria-invalid=has_error.to_string()
                />
            </div>
            <button type="submit" class="button button--primary">"登录"</button>
        </form>
        <p><a class="standalone-link" href=format!("/signin?next={}", crate::web::percent_encode(&next))>"没有收到？重新获取验证码"</a></p>
    }
}
