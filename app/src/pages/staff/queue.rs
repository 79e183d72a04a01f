//! 待办 (`/staff`): the open applications of the staff member's area with their due dates,
//! overdue first; counts per state; filters by state, division and office (a GET form, so it
//! works without JavaScript); what was just done, in a banner.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::data::{load_staff_queue, QueuePage};
use super::sign_in_first;
use crate::api::registration::QueueItem;
use crate::domain::registration::status::Status;
use crate::text;
use crate::ui::phone::with_hotline;
use crate::ui::select::FilterSelect;
use crate::ui::table::DataTable;
use crate::web::percent_encode;

/// The query the page was opened with.
#[derive(Debug, Clone, Default, PartialEq)]
struct Shown {
    status: String,
    division: String,
    office: String,
    /// `accepted`, `registered`, `refused` or `transferred`, with the reference.
    done: Option<(String, String)>,
    recorded: Option<String>,
}

#[component]
pub fn StaffDesk() -> impl IntoView {
    let q = use_query_map().read_untracked();
    let get = |k: &str| q.get(k).unwrap_or_default();
    let shown = Shown {
        status: get("status"),
        division: get("division"),
        office: get("office"),
        done: q.get("done").zip(q.get("ref")),
        recorded: q.get("recorded"),
    };
    let to = get("to");
    let args = (shown.status.clone(), shown.division.clone(), shown.office.clone(), to);
    let data = Resource::new(move || args.clone(), |(s, d, o, t)| load_staff_queue(s, d, o, t));
    view! {
        <Title text=format!("待办 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || {
                let shown = shown.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(Ok(page))) => queue(page, shown),
                        Ok(Some(Err(message))) => view! {
                            <h1>"待办"</h1>
                            <div class="panel panel--warning" role="alert"><p>{message}</p></div>
                            <p><a class="standalone-link" href="/staff">"查看全部待办"</a></p>
                        }.into_any(),
                        Ok(None) => sign_in_first(),
                        Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// What the banner says was done to an application.
fn done_words(done: &str, transferred_to: Option<&str>) -> Option<String> {
    Some(match (done, transferred_to) {
        ("accepted", _) => "已受理".to_owned(),
        ("registered", _) => "已登记".to_owned(),
        ("refused", _) => "不予登记".to_owned(),
        ("transferred", Some(office)) => format!("已转至{office}"),
        ("transferred", None) => "已转办".to_owned(),
        _ => return None,
    })
}

fn queue(page: QueuePage, shown: Shown) -> AnyView {
    let banner = shown.done.as_ref().and_then(|(done, reference)| {
        done_words(done, page.transferred_to.as_deref()).map(|w| format!("受理编号 {reference} {w}，已通知本人。"))
    });
    let filtered = !(shown.status.is_empty() && shown.division.is_empty() && shown.office.is_empty());
    view! {
        {banner.map(|b| view! { <div class="panel panel--confirmation" role="status"><p>{b}</p></div> })}
        {shown.recorded.clone().map(|n| view! { <div class="panel panel--confirmation" role="status"><p>{format!("已记录 {n} 人的服务，并已通知本人。")}</p></div> })}
        {page.missing_calendar_year.map(|year| view! {
            <div class="panel panel--warning" role="status" id="calendar-warning">
                <p>{format!(
                    "{year}年的法定节假日安排尚未导入：国务院办公厅通知发布后，请省级管理员导入（portal calendar import 或 PUT /api/v1/staff/calendar/{year}），否则期限按周一至周五计算。"
                )}</p>
            </div>
        })}
        <h1>"待办"</h1>
        <ul class="queue-counts">
            {page.queue.counts.iter().map(|c| view! {
                <li><a href=format!("/staff?status={}", c.status.as_str())>{c.label.clone()} " " <strong>{c.count}</strong></a></li>
            }).collect_view()}
        </ul>
        {filters(&page, &shown)}
        {if page.queue.items.is_empty() {
            view! { <p>{if filtered { "没有符合筛选条件的待办。" } else { "暂无待办。" }}</p> }.into_any()
        } else {
            table(page.queue.items)
        }}
    }
    .into_any()
}

fn filters(page: &QueuePage, shown: &Shown) -> impl IntoView {
    let states = [Status::Submitted, Status::Accepted]
        .into_iter()
        .map(|s| (s.as_str().to_owned(), s.label().to_owned()))
        .collect();
    view! {
        <form method="get" action="/staff" class="filters" aria-label="筛选待办">
            <FilterSelect id="status" label="状态" all=Some("全部待办") choices=states chosen=shown.status.clone()/>
            <FilterSelect id="division" label="地区" all=Some("全部地区") choices=page.divisions.clone() chosen=shown.division.clone()/>
            <FilterSelect id="office" label="经办机构" all=Some("全部机构") choices=page.offices.clone() chosen=shown.office.clone()/>
            <button type="submit" class="button button--secondary">"筛选"</button>
        </form>
    }
}

const COLUMNS: [&str; 7] = ["受理编号", "申请人", "状态", "经办机构", "提交日期", "办结期限", "剩余"];

fn table(items: Vec<QueueItem>) -> AnyView {
    view! {
        <DataTable caption="待办申请，已超期的在前" headers=&COLUMNS>
            {items.into_iter().map(|i| {
                let s = i.summary;
                let href = format!("/staff/applications/{}", percent_encode(&s.reference));
                view! {
                    <tr class={if i.due.overdue { "queue__row queue__row--overdue" } else { "queue__row" }}>
                        <td><a class="reference" href=href>{s.reference}</a></td>
                        <td>{s.name_masked}</td>
                        <td>{s.status.label()}</td>
                        <td>{i.institution_name}</td>
                        <td>{s.submitted_on}</td>
                        <td>{i.due.due_on}</td>
                        <td class="queue__left">{i.due.words}</td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}
