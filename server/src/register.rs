//! The registration pages' plain form posts (no JavaScript needed): save a page and go on,
//! submit with the declaration, report work, confirm the month. Problems re-render the page
//! with the answers kept (they are in the saved draft) and each problem named.

use app::api::registration::{SubmitRequest, ORG_COOKIE};
use app::api::PostedForm;
use app::backend::clock::Now;
use app::backend::registration::Saved;
use app::backend::Error;
use app::domain::registration::Answers;
use app::web::percent_encode;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::extract::Person;
use crate::render::{problems_of, render_page};
use crate::state::AppState;

fn sign_in_first(path: &str) -> Response {
    Redirect::to(&format!("/signin?next={}", percent_encode(path))).into_response()
}

/// A failed post: the page again with its problems, or where the error says to go.
async fn again(state: &AppState, headers: &HeaderMap, now: Now, path: &str, e: Error) -> Response {
    match e {
        Error::Unauthenticated => return sign_in_first(path),
        // An open application already: its page says where it stands.
        Error::Conflict(_) if path.starts_with("/register") => return Redirect::to("/registration").into_response(),
        _ => {}
    }
    let posted = PostedForm {
        problems: problems_of(e, ""),
        ..PostedForm::default()
    };
    render_page(state, headers, now, path, posted).await
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
    let org = q
        .org
        .filter(|c| c.len() <= 40 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    let cookie = org
        .as_ref()
        .map(|code| format!("{ORG_COOKIE}={code}; Path=/register; Max-Age=86400; SameSite=Lax; Secure; HttpOnly"));
    let to = match me {
        None => format!("/signin?next={}", percent_encode("/register/start")),
        Some(Person(me)) => match state.services.registrations.draft_view(&me, now.today()).await {
            Ok(d) => format!("/register/{}", d.next_step),
            Err(e) => return e.into_response(),
        },
    };
    match cookie {
        Some(c) => ([(header::SET_COOKIE, c)], Redirect::to(&to)).into_response(),
        None => Redirect::to(&to).into_response(),
    }
}

#[derive(Deserialize)]
pub struct ReturnQuery {
    #[serde(rename = "return")]
    back: Option<String>,
}

/// One page of the form: several checkboxes of one name arrive as repeated keys.
pub async fn save_page(
    State(state): State<AppState>,
    now: Now,
    me: Option<Person>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(q): Query<ReturnQuery>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let back_to_check = q.back.as_deref() == Some("check");
    let path = format!("/register/{slug}{}", if back_to_check { "?return=check" } else { "" });
    let Some(Person(me)) = me else {
        return sign_in_first(&path);
    };
    let mut posted = Answers::new();
    for (k, v) in pairs {
        match posted.get_mut(&k) {
            Some(joined) => {
                joined.push(',');
                joined.push_str(&v);
            }
            None => {
                posted.insert(k, v);
            }
        }
    }
    let r = &state.services.registrations;
    match r.save_page(&me, &slug, &posted, now.today(), now.unix()).await {
        Ok(Saved::NotEligible) => Redirect::to("/register/not-eligible").into_response(),
        Ok(Saved::Next(next)) => {
            let to = if back_to_check || next == "check" {
                "/register/check".to_owned()
            } else {
                format!("/register/{next}")
            };
            Redirect::to(&to).into_response()
        }
        Err(e) => again(&state, &headers, now, &path, e).await,
    }
}

#[derive(Deserialize)]
pub struct DeclarationForm {
    idempotency_key: String,
    declaration_version: String,
    agree: Option<String>,
    signature: String,
}

/// 提交申请: on success the confirmation (我的登记 with the reference).
pub async fn submit(
    State(state): State<AppState>,
    now: Now,
    me: Option<Person>,
    headers: HeaderMap,
    Form(form): Form<DeclarationForm>,
) -> Response {
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
    let r = &state.services.registrations;
    let result = r.submit(&me, &req, now.today(), now.unix()).await;
    match result {
        Ok(_) => Redirect::to("/registration?submitted=1").into_response(),
        Err(e) => again(&state, &headers, now, path, e).await,
    }
}

#[derive(Deserialize)]
pub struct WorkForm {
    reason: Option<String>,
    started_on: String,
}

/// 我找到工作了.
pub async fn report_work(
    State(state): State<AppState>,
    now: Now,
    me: Option<Person>,
    headers: HeaderMap,
    Form(form): Form<WorkForm>,
) -> Response {
    let path = "/registration";
    let Some(Person(me)) = me else {
        return sign_in_first(path);
    };
    let r = &state.services.registrations;
    let reason = form.reason.unwrap_or_default();
    match r
        .report_work(&me, &reason, &form.started_on, now.today(), now.unix())
        .await
    {
        Ok(_) => Redirect::to(path).into_response(),
        Err(e) => again(&state, &headers, now, path, e).await,
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    answer: Option<String>,
}

/// 本月就业失业动态确认.
pub async fn confirm(
    State(state): State<AppState>,
    now: Now,
    me: Option<Person>,
    headers: HeaderMap,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let path = "/registration";
    let Some(Person(me)) = me else {
        return sign_in_first(path);
    };
    let r = &state.services.registrations;
    let answer = form.answer.unwrap_or_default();
    match r.confirm_month(&me, &answer, now.today(), now.unix()).await {
        Ok(_) => Redirect::to(path).into_response(),
        Err(e) => again(&state, &headers, now, path, e).await,
    }
}
