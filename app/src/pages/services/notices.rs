//! 我的消息 (`/messages`): every notice the person was sent, newest first; whatever else
//! carried it (SMS, WeChat), it is kept here.

use leptos::prelude::*;
use leptos_meta::Title;

use super::data::load_notices;
use crate::domain::date::china_clock;
use crate::text;
use crate::ui::phone::with_hotline;

#[component]
pub fn Notices() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_notices());
    view! {
        <Title text=format!("我的消息 - {}", text::SITE_TITLE)/>
        <h1>"我的消息"</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(notices)) if notices.is_empty() => view! { <p>"还没有消息。"</p> }.into_any(),
                    Ok(Some(notices)) => view! {
                        <ol class="entry-list">
                            {notices.into_iter().map(|n| view! {
                                <li class=if n.read { "card" } else { "card card--unread" }>
                                    <h2 class="card__title">
                                        <a href=n.link.clone()>{n.title}</a>
                                        {(!n.read).then(|| view! { " " <span class="tag">"新"</span> })}
                                    </h2>
                                    <p>{n.body}</p>
                                    <p class="hint">{china_clock(&n.at)}</p>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    Ok(None) => view! {
                        <p>"登录后可以查看服务机构发给您的消息。"</p>
                        <p><a class="button button--primary" href="/signin?next=/messages">"登录"</a></p>
                    }.into_any(),
                    Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
