//! What the staff pages load: the signed-in staff member's people, and one worker's services.
//! The staff pages post plain forms to the server (`server/src/staff_forms.rs`).

use serde::{Deserialize, Serialize};

use crate::api::auth::StaffMe;
use crate::api::registration::StaffRegistrationSummary;
use crate::api::service_311::StaffServicesView;

/// 工作台: who is signed in and the registered people of their area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffHome {
    pub me: StaffMe,
    pub people: Vec<StaffRegistrationSummary>,
    /// This year or the coming one when its 节假日安排 is not imported yet: until it is,
    /// deadlines in it count Monday to Friday.
    pub missing_calendar_year: Option<i32>,
}

/// The staff member's 工作台 (`None` when not signed in as staff). The listing is audited.
#[leptos::server]
pub async fn load_staff_home() -> Result<Option<StaffHome>, leptos::prelude::ServerFnError> {
    use crate::backend::{auth::staff::current_staff, client_address, clock::request_now, fn_error, use_backend};
    use crate::domain::registration::status::Status;
    let Some(staff) = current_staff().await else {
        return Ok(None);
    };
    let backend = use_backend()?;
    let now = request_now().map_err(fn_error)?;
    let people = backend
        .registrations
        .staff_list(&staff, Some(Status::Registered), &client_address(), now.unix())
        .await
        .map_err(fn_error)?;
    let missing_calendar_year = backend.calendar.missing_year(now.today()).await.map_err(fn_error)?;
    Ok(Some(StaffHome {
        me: StaffMe {
            username: staff.username,
            institution_code: staff.institution_code,
            scope: staff.scope,
            is_admin: staff.is_admin,
        },
        people,
        missing_calendar_year,
    }))
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
    Ok(Some(view.map_err(|e| e.status_and_body().1.message)))
}

/// Whether this request is signed in as staff (for staff pages that load nothing else).
#[leptos::server]
pub async fn staff_signed_in() -> Result<bool, leptos::prelude::ServerFnError> {
    Ok(crate::backend::auth::staff::current_staff().await.is_some())
}
