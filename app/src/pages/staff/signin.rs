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
    view! {
        <CodePage
            action="/staff/signin/code"
            label="请输入短信验证码"
            sent_to="验证码已发送至 "
            button="登录"
            autocomplete="one-time-code"
            restart=("/staff/signin", "重新登录")
        />
    }
}

/// The code step of a staff sign-in or of 大厅协助办理: the code sent to a phone, shown masked,
/// while the challenge holds; else a way to start again.
#[component]
pub(super) fn CodePage(
    action: &'static str,
    label: &'static str,
    /// The words before the masked phone.
    sent_to: &'static str,
    button: &'static str,
    /// `one-time-code` for the user's own phone; `off` for a code read out by someone else.
    autocomplete: &'static str,
    /// Where to start again, and its words.
    restart: (&'static str, &'static str),
) -> impl IntoView {
    let state = use_context::<PostedForm>().unwrap_or_default();
    let challenge = use_query_map().read_untracked().get("c").unwrap_or_default();
    let masked = Resource::new(
        {
            let challenge = challenge.clone();
            move || challenge.clone()
        },
        load_challenge,
    );
    view! {
        <Title text=format!("{label} - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || {
                let (state, challenge) = (state.clone(), challenge.clone());
                Suspend::new(async move {
                    match masked.await {
                        Ok(Some(masked)) => view! {
                            <ErrorSummary errors=state.problems.clone()/>
                            <form method="post" action=action novalidate>
                                <CsrfField/>
                                <input type="hidden" name="c" value=challenge/>
                                <div class="field" id="code">
                                    <h1><label for="code-input">{label}</label></h1>
                                    <p class="hint">{sent_to} <strong class="masked">{masked}</strong> "。"</p>
                                    <input class="input input--code" id="code-input" name="code" type="text" inputmode="numeric" autocomplete=autocomplete maxlength="6"/>
                                </div>
                                <button type="submit" class="button button--primary">{button}</button>
                            </form>
                        }.into_any(),
                        _ => view! {
                            <h1>"验证码已失效"</h1>
                            <p><a class="button" href=restart.0>{restart.1}</a></p>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
