//! What the staff pages load: the signed-in staff member's people, and one worker's services.
//! The staff pages post plain forms to the server (`server/src/staff_forms.rs`).

use serde::{Deserialize, Serialize};

use crate::api::auth::StaffMe;
use crate::api::registration::StaffRegistrationSummary;
use crate::api::services::StaffServicesView;

/// 工作台: who is signed in and the registered people of their area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffHome {
    pub me: StaffMe,
    pub people: Vec<StaffRegistrationSummary>,
}

/// The staff member's 工作台 (`None` when not signed in as staff). The listing is audited.
#[leptos::server]
pub async fn load_staff_home() -> Result<Option<StaffHome>, leptos::prelude::ServerFnError> {
    use crate::domain::registration::status::Status;
    let Some(staff) = crate::backend::auth::staff::current_staff().await else {
        return Ok(None);
    };
    let services = crate::backend::services()?;
    let now = crate::backend::clock::request_now().map_err(crate::backend::fn_error)?;
    let people = services
        .registrations
        .staff_list(
            &staff,
            Some(Status::Registered),
            &crate::backend::client_address(),
            now.unix(),
        )
        .await
        .map_err(crate::backend::fn_error)?;
    Ok(Some(StaffHome {
        me: StaffMe {
            username: staff.username,
            institution_code: staff.institution_code,
            scope: staff.scope,
            is_admin: staff.is_admin,
        },
        people,
    }))
}

/// One worker's services for the staff page: `None` when not signed in as staff; the error
/// in words when the reference is unknown, elsewhere, or not registered.
#[leptos::server]
pub async fn load_staff_person(
    reference: String,
) -> Result<Option<Result<StaffServicesView, String>>, leptos::prelude::ServerFnError> {
    let Some(staff) = crate::backend::auth::staff::current_staff().await else {
        return Ok(None);
    };
    let services = crate::backend::services()?;
    let now = crate::backend::clock::request_now().map_err(crate::backend::fn_error)?;
    let view = services
        .registrations
        .staff_services(
            &staff,
            &reference,
            now.today(),
            &crate::backend::client_address(),
            now.unix(),
        )
        .await;
    Ok(Some(view.map_err(|e| e.status_and_body().1.message)))
}

/// Whether this request is signed in as staff (for staff pages that load nothing else).
#[leptos::server]
pub async fn staff_signed_in() -> Result<bool, leptos::prelude::ServerFnError> {
    Ok(crate::backend::auth::staff::current_staff().await.is_some())
}
