use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::pages::PostedForm;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;
use crate::ui::wechat;

/// Where WeChat sign-in starts (the server's `/signin/{provider}`).
const WECHAT_START: &str = "/signin/wechat";

/// 登录: the question is the heading; one field; the error named at the top and at the field.
#[component]
pub fn SignIn() -> impl IntoView {
    // After a failed post: the value `phone` sent and its problem.
    let posted = use_context::<PostedForm>().unwrap_or_default();
    let next = use_query_map().get_untracked().get("next").unwrap_or_default();
    let error = posted.problem("phone");
    let errors: Vec<(String, String)> = error.clone().map(|e| ("phone".to_owned(), e)).into_iter().collect();
    let has_error = error.is_some();
    // Inside WeChat: one tap through WeChat (a plain link, no JavaScript needed). A WeChat not
    // yet bound comes back here with `next=/signin/wechat`: it is bound after this one phone
    // sign-in, so the button would only lead round again.
    let one_tap = (wechat::with_js_sdk() && next != WECHAT_START).then(|| {
        view! {
            <p><a class="button button--primary" href=WECHAT_START>"微信一键登录"</a></p>
            <p class="hint">"或者用手机号码登录："</p>
        }
    });
    let first_wechat = (next == WECHAT_START)
        .then(|| view! { <p class="hint">"第一次用微信登录：请先用手机号码登录一次，以后在微信中即可一键登录。"</p> });
    view! {
        <Title text=if has_error { "错误：登录 - 湖南省失业登记服务" } else { "登录 - 湖南省失业登记服务" }/>
        <ErrorSummary errors/>
        {one_tap}
        {first_wechat}
        <form method="post" action="/signin" novalidate>
                <CsrfField/>
            <input type="hidden" name="next" value=next/>
            <div class="field" class:field--error=has_error>
                <h1><label for="phone">"您的手机号码是多少？"</label></h1>
                <p class="hint" id="phone-hint">"我们会发送6位数字验证码到这个手机。无需注册，第一次登录即自动开通。"</p>
                {error.map(|e| view! { <p class="field__error" id="phone-error"><span class="visually-hidden">"错误："</span>{with_hotline(&e)}</p> })}
                <input
                    class="input input--phone"
                    id="phone"
                    name="phone"
                    type="tel"
                    inputmode="tel"
                    autocomplete="tel-national"
                    spellcheck="false"
                    value=posted.value("phone")
                    aria-describedby=if has_error { "phone-hint phone-error" } else { "phone-hint" }
                    aria-invalid=has_error.to_string()
                />
            </div>
            <button type="submit" class="button button--primary">"获取验证码"</button>
        </form>
        <p class="hint">"登录即表示您同意本网站按《个人信息保护法》处理您的手机号码，仅用于办理就业失业登记和联系您。"</p>
    }
}
