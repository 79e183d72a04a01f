//! 工作人员登录: username and password, then the code sent to the account's phone.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::pages::account::data::load_challenge;
use crate::pages::PostedForm;
use crate::text;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;

#[component]
pub fn StaffSignIn() -> impl IntoView {
    let state = use_context::<PostedForm>().unwrap_or_default();
    view! {
        <Title text=format!("工作人员登录 - {}", text::SITE_TITLE)/>
        <ErrorSummary errors=state.problems.clone()/>
        <h1>"工作人员登录"</h1>
        <form method="post" action="/staff/signin" novalidate>
            <CsrfField/>
            <div class="field">
                <label class="field__label" for="username">"用户名"</label>
                <input class="input" id="username" name="username" type="text" autocomplete="username" spellcheck="false" value=state.value("username")/>
            </div>
            <div class="field">
                <label class="field__label" for="password">"密码"</label>
                <input class="input" id="password" name="password" type="password" autocomplete="current-password"/>
            </div>
            <button type="submit" class="button button--primary">"下一步"</button>
        </form>
        <p class="hint">"密码正确后，验证码会发到账号登记的手机。"</p>
    }
}

#[component]
pub fn StaffSignInCode() -> impl IntoView {
    let state = use_context::<PostedForm>().unwrap_or_default();
    let challenge = use_query_map().read_untracked().get("c").unwrap_or_default();
    let sent_to = Resource::new(
        {
            let challenge = challenge.clone();
            move || challenge.clone()
        },
        load_challenge,
    );
    view! {
        <Title text=format!("输入验证码 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || {
                let (state, challenge) = (state.clone(), challenge.clone());
                Suspend::new(async move {
                    match sent_to.await {
                        Ok(Some(masked)) => view! {
                            <ErrorSummary errors=state.problems.clone()/>
                            <form method="post" action="/staff/signin/code" novalidate>
                                <CsrfField/>
                                <input type="hidden" name="c" value=challenge/>
                                <div class="field">
                                    <h1><label for="code">"请输入短信验证码"</label></h1>
                                    <p class="hint">"验证码已发送至 " <strong class="masked">{masked}</strong> "。"</p>
                                    <input class="input input--code" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6"/>
                                </div>
                                <button type="submit" class="button button--primary">"登录"</button>
                            </form>
                        }.into_any(),
                        _ => view! {
                            <h1>"验证码已失效"</h1>
                            <p><a class="button" href="/staff/signin">"重新登录"</a></p>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
