//! What the 就业服务 pages load: 我的就业服务, 我的消息, and the 政策清单 and 服务清单.

use serde::{Deserialize, Serialize};

use crate::api::lists::{ListKind, ListView};
use crate::api::notices::NoticeView;
use crate::api::service_311::MyServicesView;

/// What 我的就业服务 shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServicesPage {
    SignedOut,
    /// No registration in force yet: why, in the person's words; and unread notices.
    NotYet(String, u32),
    Ready(MyServicesView, u32),
}

/// 我的就业服务, for the signed-in person.
#[leptos::server]
pub async fn load_my_services() -> Result<ServicesPage, leptos::prelude::ServerFnError> {
    use crate::backend::{auth::current_session, fn_error, use_backend, Error};
    let Some(session) = current_session().await else {
        return Ok(ServicesPage::SignedOut);
    };
    let backend = use_backend()?;
    let unread = backend.notifier.unread(&session.person_id).await.map_err(fn_error)?;
    match backend.service_311.my_services(&session.person_id).await {
        Ok(view) => Ok(ServicesPage::Ready(view, unread)),
        Err(Error::NotFound) => Ok(ServicesPage::NotYet(
            "办理失业登记后，服务机构会在一年内为您提供岗位推荐、职业指导和培训信息，都会显示在这里。".into(),
            unread,
        )),
        Err(Error::Conflict(message)) => Ok(ServicesPage::NotYet(message, unread)),
        Err(e) => Err(fn_error(e)),
    }
}

/// The person's notices (`None` when signed out); reading marks them read.
#[leptos::server]
pub async fn load_notices() -> Result<Option<Vec<NoticeView>>, leptos::prelude::ServerFnError> {
    use crate::backend::{auth::current_session, clock::request_now, fn_error, use_backend};
    let Some(session) = current_session().await else {
        return Ok(None);
    };
    let backend = use_backend()?;
    let now = request_now().map_err(fn_error)?;
    backend
        .notifier
        .inbox(&session.person_id, now.unix())
        .await
        .map(Some)
        .map_err(fn_error)
}

/// 政策清单 or 服务清单.
#[leptos::server]
pub async fn load_list(kind: ListKind) -> Result<ListView, leptos::prelude::ServerFnError> {
    use crate::backend::{fn_error, use_backend};
    use_backend()?.lists.get(kind).await.map_err(fn_error)
}
