//! 登录 and 我的账户: sign-in by phone and one-time code, and signing out. The forms post to
//! the server (`/signin`, `/signin/code`, `/signout`) and work without JavaScript.

mod code;
pub mod data;
mod identity;
mod phone;

pub use code::SignInCode;
pub use identity::IdentityForm;
pub use phone::SignIn;

use leptos::prelude::*;

use crate::ui::csrf::CsrfField;
use data::load_me;

#[component]
pub fn Account() -> impl IntoView {
    let me = Resource::new(|| (), |_| load_me());
    view! {
        <h1>"我的账户"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => view! {
                        <p>"您已登录，手机号 " <strong class="masked">{me.phone_masked}</strong></p>
                        {match me.identity {
                            Some(i) => view! {
                                <p>"证件：" {i.kind.label()} " " <strong class="masked">{i.number_masked}</strong></p>
                                {i.needs_birth_date.then(|| view! { <IdentityForm supplement=true/> })}
                            }
                            .into_any(),
                            None => view! { <IdentityForm/> }.into_any(),
                        }}
                        <form method="post" action="/signout">
                <CsrfField/>
                            <button type="submit" class="button button--secondary">"退出登录"</button>
                        </form>
                    }
                    .into_any(),
                    _ => view! {
                        <p>"您还没有登录。"</p>
                        <p><a class="button" href="/signin?next=/account">"登录"</a></p>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}
