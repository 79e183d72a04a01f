//! The staff pages' plain form posts: sign in (password, then code), sign out, record a
//! service, 回访, and confirm an ending. Problems re-render the page with the values kept.

use app::api::services::{EndRequest, FollowUp, RecordServiceRequest};
use app::api::staff::StaffFormState;
use app::backend::auth::staff::StaffSession;
use app::backend::{now_unix, today_china, Error};
use app::domain::registration::Answers;
use app::domain::service_311::ServiceKind;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;

use crate::render::render_page;
use crate::sign_in::{client_address, Connected};
use crate::staff::{staff, staff_cookie};
use crate::state::AppState;

type Fields = Form<Vec<(String, String)>>;

fn values(pairs: Vec<(String, String)>) -> Answers {
    let mut all = Answers::new();
    for (k, v) in pairs {
        if k != app::ui::csrf::FIELD && k != "password" {
            all.insert(k, v);
        }
    }
    all
}

/// A failed post: the page again with each problem named (`prefix` scopes a card's fields).
async fn again(state: &AppState, headers: &HeaderMap, path: &str, e: Error, prefix: &str, values: Answers) -> Response {
    let problems = match e {
        Error::Invalid(fields) => fields
            .into_iter()
            .map(|f| (format!("{prefix}{}", f.field.trim_start_matches("content.")), f.message))
            .collect(),
        Error::Unauthenticated => return Redirect::to("/staff/signin").into_response(),
        other => vec![("error-summary".to_owned(), other.status_and_body().1.message)],
    };
    render_page(state, headers, path, StaffFormState { problems, values }).await
}

async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<StaffSession, Response> {
    staff(state, headers)
        .await
        .map_err(|_| Redirect::to("/staff/signin").into_response())
}

pub async fn sign_in(
    State(state): State<AppState>,
    connected: Connected,
    headers: HeaderMap,
    Form(form): Fields,
) -> Response {
    let fields: Answers = form.iter().cloned().collect();
    let get = |k: &str| fields.get(k).map_or("", String::as_str);
    let client = client_address(&state, &headers, connected);
    match state
        .services
        .auth
        .staff_password(get("username"), get("password"), &client, now_unix())
        .await
    {
        Ok(sent) => Redirect::to(&format!("/staff/signin/code?c={}", sent.challenge)).into_response(),
        Err(e) => again(&state, &headers, "/staff/signin", e, "", values(form)).await,
    }
}

pub async fn sign_in_code(State(state): State<AppState>, headers: HeaderMap, Form(form): Fields) -> Response {
    let fields: Answers = form.into_iter().collect();
    let get = |k: &str| fields.get(k).map_or("", String::as_str);
    let auth = &state.services.auth;
    match auth.staff_verify(get("c"), get("code"), now_unix()).await {
        Ok((token, _)) => {
            let cookie = staff_cookie(&token, auth.config.session_absolute_secs);
            ([(header::SET_COOKIE, cookie)], Redirect::to("/staff")).into_response()
        }
        Err(e) => {
            let path = format!("/staff/signin/code?c={}", app::web::percent_encode(get("c")));
            again(&state, &headers, &path, e, "", Answers::new()).await
        }
    }
}

pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = app::backend::auth::cookie::from_headers(&headers, app::backend::auth::staff::STAFF_COOKIE) {
        if let Err(e) = state.services.auth.staff_sign_out(&token).await {
            return e.into_response();
        }
    }
    (
        [(header::SET_COOKIE, staff_cookie("", 0))],
        Redirect::to("/staff/signin"),
    )
        .into_response()
}

/// 记录服务: the kind's content fields, the references (one per line), date and channel.
pub async fn record(
    State(state): State<AppState>,
    connected: Connected,
    headers: HeaderMap,
    Form(form): Fields,
) -> Response {
    let staff = match signed_in(&state, &headers).await {
        Ok(s) => s,
        Err(to_sign_in) => return to_sign_in,
    };
    let fields = values(form);
    let get = |k: &str| fields.get(k).map_or("", |v| v.trim());
    let kind = ServiceKind::parse(get("kind"));
    let path = format!("/staff/record?kind={}", get("kind"));
    let content = kind
        .map(|k| k.content_fields())
        .unwrap_or_default()
        .iter()
        .filter(|f| !get(f.key).is_empty())
        .map(|f| (f.key.to_owned(), get(f.key).to_owned()))
        .collect();
    let references: Vec<String> = get("references")
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    let req = RecordServiceRequest {
        references: references.clone(),
        kind: get("kind").to_owned(),
        given_on: match get("given_on") {
            "" => today_china().iso(),
            day => day.to_owned(),
        },
        channel: get("channel").to_owned(),
        content,
    };
    let client = client_address(&state, &headers, connected);
    let r = &state.services.registrations;
    match r.record_service(&staff, &req, today_china(), &client, now_unix()).await {
        Ok(done) if references.len() == 1 => {
            Redirect::to(&format!("/staff/people/{}?recorded={}", references[0], done.recorded)).into_response()
        }
        Ok(done) => Redirect::to(&format!("/staff?recorded={}", done.recorded)).into_response(),
        Err(e) => again(&state, &headers, &path, e, "", fields).await,
    }
}

/// 回访 of one record; back to the worker's page.
pub async fn follow_up(
    State(state): State<AppState>,
    connected: Connected,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Fields,
) -> Response {
    let staff = match signed_in(&state, &headers).await {
        Ok(s) => s,
        Err(to_sign_in) => return to_sign_in,
    };
    let fields = values(form);
    let get = |k: &str| fields.get(k).map_or("", |v| v.trim());
    let r = &state.services.registrations;
    let back = match state.services.store.service_record_reference(&id).await {
        Ok(Some(reference)) => format!("/staff/people/{reference}"),
        Ok(None) => return Error::NotFound.into_response(),
        Err(e) => return Error::from(e).into_response(),
    };
    let req = FollowUp {
        on: match get("on") {
            "" => today_china().iso(),
            day => day.to_owned(),
        },
        reached: get("reached") == "1",
        result: get("result").to_owned(),
    };
    if get("reached").is_empty() {
        let e = Error::Invalid(vec![app::api::FieldError {
            field: "reached".into(),
            message: "回访：请选择是否联系上了本人".into(),
        }]);
        return again(&state, &headers, &back, e, &format!("{id}-"), fields).await;
    }
    let client = client_address(&state, &headers, connected);
    match r.follow_up(&staff, &id, &req, today_china(), &client, now_unix()).await {
        Ok(()) => Redirect::to(&format!("{back}#service-{id}")).into_response(),
        Err(e) => again(&state, &headers, &back, e, &format!("{id}-"), fields).await,
    }
}

/// The staff confirmation of an ending (reasons 8 and 9 only when the records show them).
pub async fn end(
    State(state): State<AppState>,
    connected: Connected,
    headers: HeaderMap,
    Path(reference): Path<String>,
    Form(form): Fields,
) -> Response {
    let staff = match signed_in(&state, &headers).await {
        Ok(s) => s,
        Err(to_sign_in) => return to_sign_in,
    };
    let fields = values(form);
    let get = |k: &str| fields.get(k).map_or("", |v| v.trim());
    let req = EndRequest {
        reason: get("reason").to_owned(),
        verified: get("verified").to_owned(),
    };
    let client = client_address(&state, &headers, connected);
    let path = format!("/staff/people/{reference}");
    let r = &state.services.registrations;
    match r
        .end_registration(&staff, &reference, &req, today_china(), &client, now_unix())
        .await
    {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => again(&state, &headers, &path, e, "", fields).await,
    }
}
