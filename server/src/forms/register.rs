//! The registration pages' plain form posts (no JavaScript needed): save a page and go on,
//! submit with the declaration, report work, confirm the month. Problems re-render the page
//! with the answers kept (they are in the saved draft) and each problem named.

use app::api::registration::{SubmitRequest, ORG_COOKIE};
use app::backend::clock::Now;
use app::backend::registration::Saved;
use app::backend::Error;
use app::domain::institution::InstitutionCode;
use app::domain::registration::Answers;
use app::pages::FormValues;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::extract::{PageRequest, Person};
use crate::pages::{again, sign_in_first};
use crate::state::AppState;

/// Where a post that could not be saved goes: an open application already has its page,
/// which says where it stands; anything else shows the page again.
async fn not_saved(page: &PageRequest, e: Error, path: &str) -> Response {
    match e {
        Error::Conflict(_) => Redirect::to("/registration").into_response(),
        e => again(page, e, path, FormValues::new()).await,
    }
}

#[derive(Deserialize)]
pub struct StartQuery {
    org: Option<String>,
}

/// 开始 / 继续填写: to the first page still to do (after signing in); a hall's QR code choice
/// is kept in a cookie for the 办理机构 page.
pub async fn start(
    State(state): State<AppState>,
    now: Now,
    me: Option<Person>,
    Query(q): Query<StartQuery>,
) -> Response {
    let to = match me {
        None => sign_in_first("/register/start"),
        Some(Person(me)) => match state.backend.registrations.draft_view(&me, now.today()).await {
            Ok(draft) => Redirect::to(&format!("/register/{}", draft.next_step)).into_response(),
            Err(e) => return e.into_response(),
        },
    };
    match q.org.as_deref().map(InstitutionCode::parse) {
        Some(Ok(code)) => {
            let cookie = format!("{ORG_COOKIE}={code}; Path=/register; Max-Age=86400; SameSite=Lax; Secure; HttpOnly");
            ([(header::SET_COOKIE, cookie)], to).into_response()
        }
        _ => to,
    }
}

#[derive(Deserialize)]
pub struct ReturnQuery {
    #[serde(rename = "return")]
    back: Option<String>,
}

/// One page of the form: on to the next page still to do, or back to 核对 when came from there.
pub async fn save_page(
    page: PageRequest,
    me: Option<Person>,
    Path(slug): Path<String>,
    Query(q): Query<ReturnQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back_to_check = q.back.as_deref() == Some("check");
    let path = format!("/register/{slug}{}", if back_to_check { "?return=check" } else { "" });
    let Some(Person(me)) = me else {
        return sign_in_first(&path);
    };
    let (today, now) = (page.now.today(), page.now.unix());
    let r = &page.state.backend.registrations;
    match r.save_page(&me, &slug, &joined(pairs), today, now).await {
        Ok(Saved::NotEligible) => Redirect::to("/register/not-eligible").into_response(),
        Ok(Saved::Next(next)) if back_to_check || next == "check" => Redirect::to("/register/check").into_response(),
        Ok(Saved::Next(next)) => Redirect::to(&format!("/register/{next}")).into_response(),
        Err(e) => not_saved(&page, e, &path).await,
    }
}

/// A page's answers: several checkboxes of one name arrive as repeated keys, kept as one
/// comma-separated answer.
fn joined(pairs: Vec<(String, String)>) -> Answers {
    let mut answers = Answers::new();
    for (k, v) in pairs {
        match answers.get_mut(&k) {
            Some(joined) => {
                joined.push(',');
                joined.push_str(&v);
            }
            None => {
                answers.insert(k, v);
            }
        }
    }
    answers
}

#[derive(Deserialize)]
pub struct DeclarationForm {
    idempotency_key: String,
    declaration_version: String,
    agree: Option<String>,
    signature: String,
}

/// 提交申请: on success the confirmation (我的登记 with the reference).
pub async fn submit(page: PageRequest, me: Option<Person>, Form(form): Form<DeclarationForm>) -> Response {
    let path = "/register/declaration";
    let Some(Person(me)) = me else {
        return sign_in_first(path);
    };
    let req = SubmitRequest {
        idempotency_key: form.idempotency_key,
        declaration_accepted: form.agree.as_deref() == Some("1"),
        signature: form.signature,
        declaration_version: form.declaration_version,
    };
    let (today, now) = (page.now.today(), page.now.unix());
    match page.state.backend.registrations.submit(&me, &req, today, now).await {
        Ok(_) => Redirect::to("/registration?submitted=1").into_response(),
        Err(e) => not_saved(&page, e, path).await,
    }
}

#[derive(Deserialize)]
pub struct WorkForm {
    #[serde(default)]
    reason: String,
    started_on: String,
}

/// 我找到工作了.
pub async fn report_work(page: PageRequest, me: Option<Person>, Form(form): Form<WorkForm>) -> Response {
    let path = "/registration";
    let Some(Person(me)) = me else {
        return sign_in_first(path);
    };
    let (today, now) = (page.now.today(), page.now.unix());
    let r = &page.state.backend.registrations;
    match r.report_work(&me, &form.reason, &form.started_on, today, now).await {
        Ok(_) => Redirect::to(path).into_response(),
        Err(e) => again(&page, e, path, FormValues::new()).await,
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    answer: String,
}

/// 本月就业失业动态确认.
pub async fn confirm(page: PageRequest, me: Option<Person>, Form(form): Form<ConfirmForm>) -> Response {
    let path = "/registration";
    let Some(Person(me)) = me else {
        return sign_in_first(path);
    };
    let (today, now) = (page.now.today(), page.now.unix());
    match page
        .state
        .backend
        .registrations
        .confirm_month(&me, &form.answer, today, now)
        .await
    {
        Ok(_) => Redirect::to(path).into_response(),
        Err(e) => again(&page, e, path, FormValues::new()).await,
    }
}
