//! The staff pages' plain form posts: sign in (password, then code), sign out, record a
//! service, take down an answer, 回访, a 动态确认 check. Problems re-render the page with the
//! values kept.

use app::api::registration::StaffCheckRequest;
use app::api::service_311::{FollowUp, RecordServiceRequest, StaffAnswerRequest};
use app::api::FieldError;
use app::backend::auth::cookie;
use app::backend::{ClientAddress, Error};
use app::domain::service_311::ServiceKind;
use app::pages::FormValues;
use app::web::percent_encode;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::extract::{staff_cookie, PageRequest, SessionCookie, StaffCookie, StaffPost};
use crate::pages::{again, on_card};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// Sign-in, first step: on the right password a code goes to the account's phone.
pub async fn sign_in(
    page: PageRequest,
    ClientAddress(client): ClientAddress,
    Form(form): Form<PasswordForm>,
) -> Response {
    let auth = &page.state.backend.auth;
    match auth
        .staff_password(&form.username, &form.password, &client, page.now.unix())
        .await
    {
        Ok(sent) => Redirect::to(&format!("/staff/signin/code?c={}", sent.challenge)).into_response(),
        Err(e) => {
            // The username is shown again; the password never is.
            let values = FormValues::from([("username".to_owned(), form.username)]);
            again(&page, e, "/staff/signin", values).await
        }
    }
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    c: String,
    #[serde(default)]
    code: String,
}

/// Sign-in, second step: the code; sets the staff cookie.
pub async fn sign_in_code(page: PageRequest, Form(form): Form<CodeForm>) -> Response {
    let auth = &page.state.backend.auth;
    match auth.staff_verify(&form.c, &form.code, page.now.unix()).await {
        Ok((token, _)) => {
            let cookie = staff_cookie(&token, auth.config.session_absolute_secs);
            ([(header::SET_COOKIE, cookie)], Redirect::to("/staff")).into_response()
        }
        Err(e) => {
            let path = format!("/staff/signin/code?c={}", percent_encode(&form.c));
            again(&page, e, &path, FormValues::new()).await
        }
    }
}

/// Signing out ends a person's session opened at the hall in this browser too (大厅协助办理):
/// the next visitor at a shared desk or tablet must not find it.
pub async fn sign_out(
    State(state): State<AppState>,
    StaffCookie(token): StaffCookie,
    SessionCookie(person): SessionCookie,
) -> Response {
    let auth = &state.backend.auth;
    if let Some(token) = token {
        if let Err(e) = auth.staff_sign_out(&token).await {
            return e.into_response();
        }
    }
    if let Some(person) = person {
        if let Err(e) = auth.sign_out(&person).await {
            return e.into_response();
        }
    }
    (
        AppendHeaders([
            (header::SET_COOKIE, staff_cookie("", 0)),
            (header::SET_COOKIE, cookie::clear_session()),
        ]),
        Redirect::to("/staff/signin"),
    )
        .into_response()
}

/// 记录服务: the kind's content fields, the references (one per line), date and channel.
pub async fn record(page: PageRequest, post: StaffPost) -> Response {
    let path = format!("/staff/record?kind={}", post.get("kind"));
    let req = record_request(&post);
    let s = &page.state.backend.service_311;
    let (today, now) = (post.now.today(), post.now.unix());
    match s.record_service(&post.staff, &req, today, &post.client, now).await {
        Ok(done) if req.references.len() == 1 => Redirect::to(&format!(
            "/staff/people/{}?recorded={}",
            req.references[0], done.recorded
        ))
        .into_response(),
        Ok(done) => Redirect::to(&format!("/staff?recorded={}", done.recorded)).into_response(),
        Err(e) => again(&page, e, &path, post.fields).await,
    }
}

/// The record form as the service takes it: the chosen kind's content fields that were
/// filled, and the references however they were separated.
fn record_request(post: &StaffPost) -> RecordServiceRequest {
    let kind = ServiceKind::parse(post.get("kind"));
    let content = kind
        .map(|k| k.content_fields())
        .unwrap_or_default()
        .iter()
        .filter(|f| !post.get(f.key).is_empty())
        .map(|f| (f.key.to_owned(), post.get(f.key).to_owned()))
        .collect();
    let references = post
        .get("references")
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    RecordServiceRequest {
        references,
        kind: post.get("kind").to_owned(),
        given_on: post.day("given_on"),
        channel: post.get("channel").to_owned(),
        content,
    }
}

/// The worker's page a service record is on.
async fn card_back(page: &PageRequest, id: &str) -> Result<String, Response> {
    match page.state.backend.service_311.record_reference(id).await {
        Ok(Some(reference)) => Ok(format!("/staff/people/{}", percent_encode(&reference))),
        Ok(None) => Err(Error::NotFound.into_response()),
        Err(e) => Err(e.into_response()),
    }
}

/// An answer the person gave by phone, at the hall or at a visit; back to the worker's page.
pub async fn answer(page: PageRequest, Path(id): Path<String>, post: StaffPost) -> Response {
    let back = match card_back(&page, &id).await {
        Ok(back) => back,
        Err(response) => return response,
    };
    let req = StaffAnswerRequest {
        answer: post.get("answer").to_owned(),
        reason: post.get("reason").to_owned(),
        note: post.get("note").to_owned(),
        via: post.get("via").to_owned(),
    };
    let s = &page.state.backend.service_311;
    match s
        .record_answer(&post.staff, &id, &req, &post.client, post.now.unix())
        .await
    {
        Ok(()) => Redirect::to(&format!("{back}#service-{id}")).into_response(),
        Err(e) => again(&page, on_card(e, &id), &back, post.fields).await,
    }
}

/// 回访 of one record; back to the worker's page.
pub async fn follow_up(page: PageRequest, Path(id): Path<String>, post: StaffPost) -> Response {
    let s = &page.state.backend.service_311;
    let back = match card_back(&page, &id).await {
        Ok(back) => back,
        Err(response) => return response,
    };
    let (today, now) = (post.now.today(), post.now.unix());
    let done = match follow_up_request(&post) {
        Ok(req) => s.follow_up(&post.staff, &id, &req, today, &post.client, now).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(()) => Redirect::to(&format!("{back}#service-{id}")).into_response(),
        Err(e) => again(&page, on_card(e, &id), &back, post.fields).await,
    }
}

/// The 回访 form as the service takes it; whether the person was reached must be chosen.
fn follow_up_request(post: &StaffPost) -> Result<FollowUp, Error> {
    if post.get("reached").is_empty() {
        return Err(Error::Invalid(vec![FieldError {
            field: "reached".into(),
            message: "回访：请选择是否联系上了本人".into(),
        }]));
    }
    Ok(FollowUp {
        on: post.day("on"),
        reached: post.get("reached") == "1",
        result: post.get("result").to_owned(),
    })
}

/// 就业失业动态确认 recorded by staff (a call, a visit, 信息比对); back to the worker's page.
pub async fn check(page: PageRequest, Path(reference): Path<String>, post: StaffPost) -> Response {
    let req = StaffCheckRequest {
        channel: post.get("channel").to_owned(),
        result: post.get("result").to_owned(),
        on: post.day("on"),
    };
    let path = format!("/staff/people/{}", percent_encode(&reference));
    let r = &page.state.backend.registrations;
    let (today, now) = (post.now.today(), post.now.unix());
    match r
        .record_check(&post.staff, &reference, &req, today, &post.client, now)
        .await
    {
        Ok(_) => Redirect::to(&format!("{path}?checked=1#check")).into_response(),
        Err(e) => again(&page, e, &path, post.fields).await,
    }
}
