//! What every registration page checks first: signed in, the document stated, and no
//! application already open.

use leptos::prelude::*;

use super::data::PageData;
use crate::pages::account::IdentityForm;

/// The page to show instead of `here`, if the person cannot fill it in yet.
pub fn gate(data: &PageData, here: &str) -> Option<AnyView> {
    if !data.signed_in {
        return Some(
            view! {
                <h1>"办理失业登记，请先登录"</h1>
                <p>"用手机号和短信验证码登录，无需注册。您填写的内容会随时保存，换一部手机登录也能接着填。"</p>
                <p><a class="button button--primary" href=format!("/signin?next={here}")>"登录"</a></p>
            }
            .into_any(),
        );
    }
    if let Some(reference) = &data.open_reference {
        return Some(
            view! {
                <h1>"您已有一份失业登记"</h1>
                <p>"受理编号 " <strong class="reference">{reference.clone()}</strong> "。同一时间只能有一份办理中或有效的失业登记。"</p>
                <p><a class="button button--primary" href="/registration">"查看我的登记"</a></p>
            }
            .into_any(),
        );
    }
    if data.identity.is_none() {
        return Some(view! { <IdentityForm next=here.to_owned()/> }.into_any());
    }
    None
}

/// Before 核对信息 and 本人承诺: a page still to do comes first (a link, so it works without
/// JavaScript).
pub fn unfinished(data: &PageData) -> Option<AnyView> {
    (data.next_step != "check").then(|| {
        let href = format!("/register/{}", data.next_step);
        view! {
            <h1>"还有内容没有填完"</h1>
            <p><a class="button button--primary" href=href>"继续填写"</a></p>
        }
        .into_any()
    })
}
