//! 大厅协助办理 (`/staff/assist`): a staff member at a service hall starts a registration for a
//! person who is present. The code goes to the person's own phone and the person reads it out;
//! the registration pages then open in this browser as the person's, and what is submitted is
//! recorded as made at the hall with this staff member's help.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::data::staff_signed_in;
use super::sign_in_first;
use super::signin::CodePage;
use crate::pages::account::data::load_me;
use crate::pages::PostedForm;
use crate::text;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;

#[component]
pub fn StaffAssist() -> impl IntoView {
    let state = use_context::<PostedForm>().unwrap_or_default();
    let done = use_query_map().read_untracked().get("done").is_some();
    let signed_in = Resource::new(|| (), |_| staff_signed_in());
    // A person still signed in on this device from an earlier visit to the hall.
    let person = Resource::new(|| (), |_| load_me());
    view! {
        <Title text=format!("大厅协助办理 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || {
                let state = state.clone();
                Suspend::new(async move {
                    let person = person.await.ok().flatten();
                    match signed_in.await {
                        Ok(true) => view! {
                            {done.then(|| view! { <div class="panel panel--confirmation" role="status"><p>"已退出本人账号，可以为下一位办理。"</p></div> })}
                            {person.map(|me| view! {
                                <form method="post" action="/staff/assist/end" class="panel panel--warning">
                                    <CsrfField/>
                                    <p>{format!("本机仍登录着 {} 的账号。为下一位办理前，请先退出。", me.phone_masked)}</p>
                                    <p><a class="standalone-link" href="/register">"继续为此人办理"</a></p>
                                    <button type="submit" class="button button--secondary">"结束协助，退出本人账号"</button>
                                </form>
                            })}
                            <ErrorSummary errors=state.problems.clone()/>
                            <h1>"大厅协助办理失业登记"</h1>
                            <p>"为来到服务大厅的本人办理。验证码会发到本人的手机，请本人读出验证码；之后在本机上和本人一起填写登记表，本人阅读承诺书并签名。申请会记录为由您在服务大厅协助办理。"</p>
                            <form method="post" action="/staff/assist" novalidate>
                                <CsrfField/>
                                <div class="field" id="phone">
                                    <label class="field__label" for="phone-input">"本人的手机号码"</label>
                                    <input class="input input--phone" id="phone-input" name="phone" type="tel" inputmode="numeric" autocomplete="off" maxlength="13" value=state.value("phone")/>
                                </div>
                                <button type="submit" class="button button--primary">"发送验证码到本人手机"</button>
                            </form>
                        }.into_any(),
                        Ok(false) => sign_in_first(),
                        Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn StaffAssistCode() -> impl IntoView {
    view! {
        <CodePage
            action="/staff/assist/code"
            label="请本人读出短信验证码"
            sent_to="验证码已发送至本人手机 "
            button="开始为本人办理"
            autocomplete="off"
            restart=("/staff/assist", "重新发送")
        />
    }
}
