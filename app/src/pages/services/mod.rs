//! 我的就业服务 (`/services`): what "311" still owes the person, every service they were
//! given with a way to answer it, and the lists every registered worker is given.

pub mod data;
mod lists;
mod notices;
mod record;

pub use lists::{EndRuleList, PolicyList, ServiceList};
pub use notices::Notices;
pub use record::ServiceCard;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::service_311::MyServicesView;
use crate::domain::date::Ymd;
use crate::pages::PostedForm;
use crate::text;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;
use data::{load_my_services, ServicesPage};

#[component]
pub fn ServicesHome() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_my_services());
    view! {
        <Title text=format!("{} - {}", text::NAV_SERVICES, text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(ServicesPage::Ready(view, unread)) => page(view, unread),
                    Ok(ServicesPage::NotYet(message, unread)) => view! {
                        <h1>{text::NAV_SERVICES}</h1>
                        <p>{message}</p>
                        <p><a class="button button--primary" href="/registration">"查看我的登记"</a></p>
                        {lists_nav(unread)}
                    }.into_any(),
                    Ok(ServicesPage::SignedOut) => view! {
                        <h1>{text::NAV_SERVICES}</h1>
                        <p>"登记后一年内，您至少会获得3次岗位推荐、1次职业指导和1次免费技能培训信息。登录后可以查看并答复。"</p>
                        <p><a class="button button--primary" href="/signin?next=/services">"登录"</a></p>
                        {lists_nav(0)}
                    }.into_any(),
                    Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The lists the notice says every registered worker is given, and the inbox.
fn lists_nav(unread: u32) -> impl IntoView {
    view! {
        <h2>"政策和服务"</h2>
        <ul class="link-list">
            <li><a href="/services/policies">"政策清单"</a><span class="hint">"：可以享受的就业政策和申请办法"</span></li>
            <li><a href="/services/catalogue">"服务清单"</a><span class="hint">"：可以获得的免费就业服务"</span></li>
            <li><a href="/institutions">"服务机构清单"</a><span class="hint">"：附近的公共就业服务机构"</span></li>
            <li>
                <a href="/messages">"我的消息"</a>
                {(unread > 0).then(|| view! { " " <span class="tag">{format!("{unread}条未读")}</span> })}
            </li>
        </ul>
    }
}

fn page(v: MyServicesView, unread: u32) -> AnyView {
    let posted = use_context::<PostedForm>().unwrap_or_default();
    let problems = posted.problems.clone();
    // The year ends the day before `year_ends_on`.
    let last_day = Ymd::parse_iso(&v.year_ends_on).map(|d| Ymd::from_days(d.days() - 1).to_string());
    let owed: Vec<String> = v
        .progress
        .iter()
        .filter(|t| t.still_owed() > 0)
        .map(|t| format!("{}{}次", t.kind.label(), t.still_owed()))
        .collect();
    let open = v.open;
    view! {
        <ErrorSummary errors=problems/>
        <h1>{text::NAV_SERVICES}</h1>
        {v.warning.clone().map(|w| view! {
            <div class="panel panel--warning" id="refusal-warning">
                <h2>"请注意"</h2>
                <p>{w}</p>
            </div>
        })}
        <section class="panel" aria-labelledby="progress-title">
            <h2 id="progress-title">"一年内为您提供的服务"</h2>
            {last_day.map(|d| view! { <p class="hint">"从登记之日起到" {d} "，服务机构至少为您提供："</p> })}
            <ul class="progress">
                {v.progress.iter().map(|t| {
                    let done = t.still_owed() == 0;
                    view! {
                        <li class="progress__item">
                            <span class="progress__label">{t.kind.label()}</span>
                            <strong class="progress__count">{format!("{}/{}", t.given.min(t.owed), t.owed)}</strong>
                            <span class=if done { "progress__state progress__state--done" } else { "progress__state" }>
                                {if done { "已完成".to_owned() } else { format!("还差{}次", t.still_owed()) }}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p>{if owed.is_empty() {
                "应提供的服务都已提供。以后的岗位推荐等服务也会显示在下面。".to_owned()
            } else if open {
                format!("还应为您提供：{}。", owed.join("、"))
            } else {
                format!("登记注销前尚未提供：{}。", owed.join("、"))
            }}</p>
        </section>
        <h2>"服务记录"</h2>
        {if v.records.is_empty() {
            view! { <p>"还没有服务记录。服务机构联系您后，会显示在这里。"</p> }.into_any()
        } else {
            view! {
                <ol class="service-list">
                    {v.records.into_iter().map(|r| {
                        let again = (r.id == posted.value("record")).then(|| posted.clone());
                        view! { <li><ServiceCard record=r posted=again.unwrap_or_default()/></li> }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        {lists_nav(unread)}
        <p class="hint">"受理编号 " <span class="reference">{v.reference}</span> "。" {with_hotline(text::HOTLINE)}</p>
    }
    .into_any()
}
