//! What the staff pages load: who is signed in (for the staff menu), 待办, one application,
//! the registered people of the area and one worker's services. Each loader answers `None`
//! when the request is not signed in as staff. The pages post plain forms to the server
//! (`server/src/forms/staff*.rs`).

use serde::{Deserialize, Serialize};

use crate::api::registration::{StaffQueue, StaffRegistrationDetail};
use crate::api::service_311::{OverviewRow, StaffServicesView};

/// The signed-in member, as the staff menu shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffBar {
    pub username: String,
    pub institution_name: String,
}

/// A code and the words for it, for a select.
pub type Choice = (String, String);

/// 待办 with what its filters offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    pub queue: StaffQueue,
    /// The divisions directly below the staff member's own.
    pub divisions: Vec<Choice>,
    /// The offices of the area that handle 失业登记.
    pub offices: Vec<Choice>,
    /// This year or the coming one when its 节假日安排 is not imported yet: until it is,
    /// deadlines in it count Monday to Friday.
    pub missing_calendar_year: Option<i32>,
    /// The office an application was just transferred to.
    pub transferred_to: Option<String>,
}

/// One application in full, with the offices it can be transferred to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationPage {
    pub detail: StaffRegistrationDetail,
    pub transfer_offices: Vec<Choice>,
}

/// The staff menu's line: `None` when not signed in as staff.
#[leptos::server]
pub async fn load_staff_bar() -> Result<Option<StaffBar>, leptos::prelude::ServerFnError> {
    use crate::backend::{auth::staff::current_staff, use_backend};
    let Some(staff) = current_staff().await else {
        return Ok(None);
    };
    let backend = use_backend()?;
    let institution_name = match backend.directory.get(&staff.institution_code).await {
        Ok(i) => i.name,
        Err(_) => staff.institution_code.clone(),
    };
    Ok(Some(StaffBar {
        username: staff.username,
        institution_name,
    }))
}

/// 待办 with the filters as given (each empty for all); the error in words when a filter is
/// not one the page offers. The listing is audited.
#[leptos::server]
pub async fn load_staff_queue(
    status: String,
    division: String,
    office: String,
    transferred_to: String,
) -> Result<Option<Result<QueuePage, String>>, leptos::prelude::ServerFnError> {
    use crate::backend::registration::QueueQuery;
    use crate::backend::{auth::staff::current_staff, client_address, clock::request_now, fn_error, use_backend};
    let Some(staff) = current_staff().await else {
        return Ok(None);
    };
    let backend = use_backend()?;
    let now = request_now().map_err(fn_error)?;
    let r = &backend.registrations;
    let query = QueueQuery {
        status,
        division,
        office,
    };
    let queue = match r
        .queue(&staff, &query, now.today(), &client_address(), now.unix())
        .await
    {
        Ok(q) => q,
        Err(e) => return Ok(Some(Err(e.user_message()))),
    };
    let divisions = backend
        .directory
        .child_divisions(&staff.division())
        .await
        .map_err(fn_error)?
        .into_iter()
        .map(|d| (d.code, d.name))
        .collect();
    let offices = r
        .offices_in_scope(&staff)
        .await
        .map_err(fn_error)?
        .into_iter()
        .map(|i| (i.code, i.name))
        .collect();
    let transferred_to = match transferred_to.trim() {
        "" => None,
        code => backend.directory.get(code).await.ok().map(|i| i.name),
    };
    Ok(Some(Ok(QueuePage {
        queue,
        divisions,
        offices,
        missing_calendar_year: backend.calendar.missing_year(now.today()).await.map_err(fn_error)?,
        transferred_to,
    })))
}

/// One application in full for the reason given (audited); the error in words when it is
/// unknown or elsewhere.
#[leptos::server]
pub async fn load_staff_application(
    reference: String,
    why: String,
) -> Result<Option<Result<ApplicationPage, String>>, leptos::prelude::ServerFnError> {
    use crate::backend::{auth::staff::current_staff, client_address, clock::request_now, fn_error, use_backend};
    let Some(staff) = current_staff().await else {
        return Ok(None);
    };
    let backend = use_backend()?;
    let now = request_now().map_err(fn_error)?;
    let r = &backend.registrations;
    let detail = match r
        .staff_detail(&staff, &reference, &why, now.today(), &client_address(), now.unix())
        .await
    {
        Ok(d) => d,
        Err(e) => return Ok(Some(Err(e.user_message()))),
    };
    let transfer_offices = r
        .transfer_offices()
        .await
        .map_err(fn_error)?
        .into_iter()
        .filter(|i| i.code != detail.office.code)
        .map(|i| (i.code, i.name))
        .collect();
    Ok(Some(Ok(ApplicationPage {
        detail,
        transfer_offices,
    })))
}

/// The 311 overview of the area's registered people (masked); the listing is audited.
#[leptos::server]
pub async fn load_staff_people() -> Result<Option<Vec<OverviewRow>>, leptos::prelude::ServerFnError> {
    use crate::backend::{auth::staff::current_staff, client_address, clock::request_now, fn_error, use_backend};
    let Some(staff) = current_staff().await else {
        return Ok(None);
    };
    let backend = use_backend()?;
    let now = request_now().map_err(fn_error)?;
    let people = backend
        .service_311
        .overview(&staff, now.today(), &client_address(), now.unix())
        .await
        .map_err(fn_error)?;
    Ok(Some(people))
}

/// One worker's services for the staff page: `None` when not signed in as staff; the error
/// in words when the reference is unknown, elsewhere, or not registered.
#[leptos::server]
pub async fn load_staff_person(
    reference: String,
) -> Result<Option<Result<StaffServicesView, String>>, leptos::prelude::ServerFnError> {
    use crate::backend::{auth::staff::current_staff, client_address, clock::request_now, fn_error, use_backend};
    let Some(staff) = current_staff().await else {
        return Ok(None);
    };
    let backend = use_backend()?;
    let now = request_now().map_err(fn_error)?;
    let view = backend
        .service_311
        .staff_services(&staff, &reference, now.today(), &client_address(), now.unix())
        .await;
    Ok(Some(view.map_err(|e| e.user_message())))
}

/// 统计 with what its pickers offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatisticsPage {
    pub statistics: crate::api::statistics::Statistics,
    /// The last 36 months, the newest first.
    pub months: Vec<Choice>,
    pub divisions: Vec<Choice>,
}

/// A month's figures for an area (each empty for this month, the account's own area); the
/// error in words when the month or area is not one the account may read.
#[leptos::server]
pub async fn load_staff_statistics(
    month: String,
    division: String,
) -> Result<Option<Result<StatisticsPage, String>>, leptos::prelude::ServerFnError> {
    use crate::api::statistics::StatisticsQuery;
    use crate::backend::{auth::staff::current_staff, clock::request_now, fn_error, use_backend, Error};
    use crate::domain::statistics::month::Month;
    let Some(staff) = current_staff().await else {
        return Ok(None);
    };
    let backend = use_backend()?;
    let today = request_now().map_err(fn_error)?.today();
    let s = &backend.statistics;
    let query = StatisticsQuery {
        month,
        division,
        format: String::new(),
    };
    let asked = match s.asked(&staff, &query, today).await {
        Ok(a) => a,
        Err(Error::NotFound) => return Ok(Some(Err("没有这个地区，或不在您账号的辖区内。".into()))),
        Err(e) => return Ok(Some(Err(e.user_message()))),
    };
    let statistics = s.report(&asked, today).await.map_err(fn_error)?;
    let this = Month::of(today);
    let months = (0..36)
        .map(|n| this.back(n))
        .map(|m| {
            (
                m.iso(),
                if m == this {
                    format!("{}（本月）", m.label())
                } else {
                    m.label()
                },
            )
        })
        .collect();
    let divisions = s.area_choices(&staff, &asked.division).await.map_err(fn_error)?;
    Ok(Some(Ok(StatisticsPage {
        statistics,
        months,
        divisions,
    })))
}

/// Whether this request is signed in as staff (for staff pages that load nothing else).
#[leptos::server]
pub async fn staff_signed_in() -> Result<bool, leptos::prelude::ServerFnError> {
    Ok(crate::backend::auth::staff::current_staff().await.is_some())
}

/// In a staff member's browser at the hall (大厅协助办理): the masked phone of the person whose
/// session is open there, for the banner on the citizen pages. Nothing is looked up for a
/// browser without a staff cookie, that is for every citizen.
#[leptos::server]
pub async fn load_hall_person() -> Result<Option<String>, leptos::prelude::ServerFnError> {
    use crate::backend::auth::{current_session, staff::current_staff};
    if current_staff().await.is_none() {
        return Ok(None);
    }
    Ok(current_session()
        .await
        .filter(|s| s.assisted_by.is_some())
        .map(|s| s.phone.masked()))
}
