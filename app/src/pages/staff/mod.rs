//! 工作人员 pages (`/staff…`), laid out for a desk and a tablet under the staff menu: sign in
//! with password and SMS code, 待办 and one application with its decisions and 转办, the
//! registered people of the area, one worker's services with 回访 and 动态确认, 注销 for each of
//! the notice's reasons, recording a service for one or several people, 大厅协助办理 (a
//! registration started at the hall for a person present), and 统计 of the area. Plain forms posted to the server; the same use cases as `/api/v1/staff/…`.

mod application;
mod assist;
pub mod data;
mod ending;
mod menu;
mod people;
mod person;
mod queue;
mod record;
mod signin;
mod statistics;

pub use application::StaffApplication;
pub use assist::{StaffAssist, StaffAssistCode};
pub use ending::StaffEnd;
pub use menu::StaffMenu;
pub use people::StaffPeople;
pub use person::StaffPerson;
pub use queue::StaffDesk;
pub use record::StaffRecord;
pub use signin::{StaffSignIn, StaffSignInCode};
pub use statistics::StaffStatistics;

use leptos::prelude::*;

/// Shown on every staff page when the staff cookie is missing or expired.
fn sign_in_first() -> AnyView {
    view! {
        <h1>"工作人员登录"</h1>
        <p>"请先用工作人员账号登录。"</p>
        <p><a class="button button--primary" href="/staff/signin">"登录"</a></p>
    }
    .into_any()
}
