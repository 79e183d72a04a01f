//! 政策清单, 服务清单 and the local rules for 注销: public pages, the same for everyone
//! (maintained by provincial administrators as data).

use leptos::prelude::*;
use leptos_meta::Title;

use super::data::load_list;
use crate::api::lists::ListKind;
use crate::text;
use crate::ui::institution_card::DemoBadge;
use crate::ui::phone::with_hotline;

#[component]
pub fn PolicyList() -> impl IntoView {
    view! { <ListPage kind=ListKind::Policy/> }
}

#[component]
pub fn ServiceList() -> impl IntoView {
    view! { <ListPage kind=ListKind::Service/> }
}

#[component]
pub fn EndRuleList() -> impl IntoView {
    view! { <ListPage kind=ListKind::EndRule/> }
}

#[component]
fn ListPage(kind: ListKind) -> impl IntoView {
    let data = Resource::new(move || kind, load_list);
    let intro = match kind {
        ListKind::Policy => "登记失业后可以申请的就业政策。申请政策时，服务机构会同时为您讲解和受理。",
        ListKind::Service => "登记失业后，公共就业服务机构为您免费提供的服务。",
        ListKind::EndRule => "除通知列出的情形外，湖南省规定的其他注销失业登记的情形（注销原因11）。",
    };
    view! {
        <Title text=format!("{} - {}", kind.title(), text::SITE_TITLE)/>
        <p><a class="standalone-link" href="/services">"← " {text::NAV_SERVICES}</a></p>
        <h1>{kind.title()}</h1>
        <p>{intro}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.entries.is_empty() => view! { <p>"暂无内容。"</p> }.into_any(),
                    Ok(list) => view! {
                        <ol class="entry-list">
                            {list.entries.into_iter().map(|e| {
                                let mut fields = kind.fields().iter();
                                let (name_key, _) = fields.next().copied().unwrap_or(("name", ""));
                                let rest: Vec<_> = fields
                                    .map(|(k, label)| (*label, e.fields.get(*k).cloned().unwrap_or_default()))
                                    .collect();
                                view! {
                                    <li class="card">
                                        <h2 class="card__title">
                                            {e.fields.get(name_key).cloned().unwrap_or_default()}
                                            {e.demo.then(|| view! { " " <DemoBadge/> })}
                                        </h2>
                                        <dl class="facts">
                                            {rest.into_iter().map(|(label, value)| view! {
                                                <div class="facts__row"><dt>{label}</dt><dd>{value}</dd></div>
                                            }).collect_view()}
                                        </dl>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                }
            })}
        </Suspense>
        <p class="hint">"具体标准和条件以当地人社部门公布的为准。" {with_hotline(text::HOTLINE)}</p>
    }
}
