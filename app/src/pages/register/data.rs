//! What the registration pages load: one call for everything a form page needs, and 我的登记.

use serde::{Deserialize, Serialize};

use crate::api::registration::RegistrationView;
use crate::domain::registration::Answers;

/// An institution a person can choose on the 办理机构 page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficeChoice {
    pub code: String,
    pub name: String,
    pub address: String,
    pub level: String,
    pub demo: bool,
}

/// What a registration page needs, loaded in one call.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageData {
    pub signed_in: bool,
    /// The identity document, masked, with what it tells (e.g. 居民身份证 4301…, 男, 1990年5月1日).
    pub identity: Option<IdentitySummary>,
    /// An application in progress or in force: the draft pages are closed.
    pub open_reference: Option<String>,
    pub answers: Answers,
    /// `YYYYMMDD`, China time: the day the checks use.
    pub today: String,
    /// `YYYYMMDD`: the date of birth from the ID number, or the one stated with a pass.
    pub birth: String,
    /// For division pickers: (市州, [(code, 县市区)]).
    pub divisions: Vec<(String, Vec<(String, String)>)>,
    /// The known 乡镇（街道） of the counties chosen so far: (code, name).
    pub townships: Vec<(String, String)>,
    pub offices: Vec<OfficeChoice>,
    /// The first page still to do, or `check`.
    pub next_step: String,
    /// A fresh key for the submit button: a double tap or a retry sends the same one.
    pub idempotency_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdentitySummary {
    pub kind: String,
    pub number_masked: String,
    pub sex: Option<String>,
    pub birth: Option<String>,
    pub converted_note: bool,
}

/// Everything a registration page shows, for the signed-in person.
#[leptos::server]
pub async fn load_register_page(step: String) -> Result<PageData, leptos::prelude::ServerFnError> {
    use crate::api::registration::ORG_COOKIE;
    use crate::backend::{auth::current_session, clock::request_now, crypto::random_token, fn_error, use_backend};
    use crate::domain::registration::steps::{self, Kind};
    let Some(session) = current_session().await else {
        return Ok(PageData::default());
    };
    let backend = use_backend()?;
    let today = request_now().map_err(fn_error)?.today();
    let r = &backend.registrations;
    let identity = backend.auth.identity(&session.person_id).await.map_err(fn_error)?;
    let open_reference = r
        .current(&session.person_id, today)
        .await
        .map_err(fn_error)?
        .filter(|v| v.status.is_open())
        .map(|v| v.reference);
    let draft = r.draft_view(&session, today).await.map_err(fn_error)?;
    let fields: Vec<_> = steps::step(&step).map(|s| s.fields.to_vec()).unwrap_or_default();
    let directory = &backend.directory;
    let mut divisions = Vec::new();
    if fields.iter().any(|f| f.kind == Kind::Division) || step == "check" {
        for p in directory.child_divisions("430000").await.map_err(fn_error)? {
            let counties = directory.child_divisions(&p.code).await.map_err(fn_error)?;
            divisions.push((p.name, counties.into_iter().map(|c| (c.code, c.name)).collect()));
        }
    }
    let mut townships = Vec::new();
    if fields.iter().any(|f| matches!(f.kind, Kind::Township { .. })) || step == "check" {
        for county in ["household_division", "residence_division"] {
            let code = crate::domain::registration::check::answer(&draft.answers, county);
            if code.len() == 6 {
                let found = directory.child_divisions(code).await.map_err(fn_error)?;
                townships.extend(found.into_iter().map(|d| (d.code, d.name)));
            }
        }
    }
    let mut offices = Vec::new();
    if fields.iter().any(|f| f.kind == Kind::Office) || step == "check" {
        offices = r
            .offices(&draft.answers)
            .await
            .map_err(fn_error)?
            .into_iter()
            .map(|i| OfficeChoice {
                level: i.level.label().to_owned(),
                code: i.code,
                name: i.name,
                address: i.address,
                demo: i.demo,
            })
            .collect();
    }
    let mut answers = draft.answers;
    if !answers.contains_key("office") {
        let parts = leptos::prelude::use_context::<axum::http::request::Parts>();
        let cookie = parts
            .as_ref()
            .and_then(|p| p.headers.get(axum::http::header::COOKIE))
            .and_then(|v| v.to_str().ok())
            .and_then(|h| crate::web::cookie_value(h, ORG_COOKIE));
        if let Some(code) = cookie {
            answers.insert("office".into(), code.to_owned());
        }
    }
    Ok(PageData {
        signed_in: true,
        birth: identity
            .as_ref()
            .and_then(|i| i.birth_date())
            .map(crate::domain::date::Ymd::digits)
            .unwrap_or_default(),
        identity: identity.map(|i| IdentitySummary {
            kind: i.number.kind().label().to_owned(),
            number_masked: i.number.masked(),
            sex: i.number.sex().map(|s| s.label().to_owned()),
            birth: i.birth_date().map(|d| d.to_string()),
            converted_note: i.number.converted_from_15(),
        }),
        open_reference,
        next_step: draft.next_step,
        answers,
        today: today.digits(),
        divisions,
        townships,
        offices,
        idempotency_key: random_token(),
    })
}

/// 我的登记, for the signed-in person: `None` when signed out, `Some(None)` before applying.
#[leptos::server]
pub async fn load_my_registration() -> Result<Option<Option<RegistrationView>>, leptos::prelude::ServerFnError> {
    use crate::backend::{auth::current_session, clock::request_now, fn_error, use_backend};
    let Some(session) = current_session().await else {
        return Ok(None);
    };
    let backend = use_backend()?;
    let now = request_now().map_err(fn_error)?;
    backend
        .registrations
        .current(&session.person_id, now.today())
        .await
        .map(Some)
        .map_err(fn_error)
}
