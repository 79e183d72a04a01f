//! 工作人员 pages (`/staff…`): sign in with password and SMS code, the registered people of
//! the staff member's area, one worker's services with 回访 and the confirmation that alone
//! ends a registration for reason 8 or 9, and recording a service for one or several people.
//! Plain forms posted to the server; the same use cases as `/api/v1/staff/…`.

pub mod data;
mod person;
mod record;
mod signin;

pub use person::StaffPerson;
pub use record::StaffRecord;
pub use signin::{StaffSignIn, StaffSignInCode};

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::text;
use crate::ui::csrf::CsrfField;
use data::{load_staff_home, StaffHome};

/// Shown on every staff page when the staff cookie is missing or expired.
fn sign_in_first() -> AnyView {
    view! {
        <h1>"工作人员登录"</h1>
        <p>"请先用工作人员账号登录。"</p>
        <p><a class="button button--primary" href="/staff/signin">"登录"</a></p>
    }
    .into_any()
}

#[component]
pub fn StaffDesk() -> impl IntoView {
    let recorded = use_query_map().read_untracked().get("recorded");
    let data = Resource::new(|| (), |_| load_staff_home());
    view! {
        <Title text=format!("工作台 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || {
                let recorded = recorded.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(home)) => desk(home, recorded),
                        Ok(None) => sign_in_first(),
                        Err(_) => view! { <p>{text::TRY_AGAIN}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn desk(home: StaffHome, recorded: Option<String>) -> AnyView {
    view! {
        {recorded.map(|n| view! { <div class="panel panel--confirmation" role="status"><p>{format!("已记录 {n} 人的服务，并已通知本人。")}</p></div> })}
        <h1>"工作台"</h1>
        <p class="hint">{home.me.username.clone()} " · " {home.me.institution_code.clone()}</p>
        {home.missing_calendar_year.map(|year| view! {
            <div class="panel panel--warning" role="status" id="calendar-warning">
                <p>{format!(
                    "{year}年的法定节假日安排尚未导入：国务院办公厅通知发布后，请省级管理员导入（portal calendar import 或 PUT /api/v1/staff/calendar/{year}），否则期限按周一至周五计算。"
                )}</p>
            </div>
        })}
        <p><a class="button button--primary" href="/staff/record">"记录一项服务"</a></p>
        <h2>"本辖区已登记人员"</h2>
        {if home.people.is_empty() {
            view! { <p>"暂无已登记人员。"</p> }.into_any()
        } else {
            view! {
                <ul class="cards">
                    {home.people.into_iter().map(|p| {
                        let href = format!("/staff/people/{}", p.reference);
                        view! {
                        <li>
                            <a class="card" href=href>
                                <span class="card__title">{p.name_masked}</span>
                                <span class="card__body"><span class="reference">{p.reference}</span> " · 申请日期 " {p.submitted_on}</span>
                            </a>
                        </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <form method="post" action="/staff/signout">
            <CsrfField/>
            <button type="submit" class="button button--secondary">"退出登录"</button>
        </form>
    }
    .into_any()
}
