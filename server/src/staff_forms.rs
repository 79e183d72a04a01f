//! The staff pages' plain form posts: sign in (password, then code), sign out, record a
//! service, 回访, and confirm an ending. Problems re-render the page with the values kept.

use app::api::services::{EndRequest, FollowUp, RecordServiceRequest};
use app::api::PostedForm;
use app::backend::auth::staff::StaffSession;
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use app::domain::registration::Answers;
use app::domain::service_311::ServiceKind;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::extract::Staff;
use crate::render::{problems_of, render_page};
use crate::staff::staff_cookie;
use crate::state::AppState;

type Fields = Form<Vec<(String, String)>>;

/// The fields of a post, without the page token.
fn values(pairs: Vec<(String, String)>) -> Answers {
    pairs.into_iter().filter(|(k, _)| k != app::ui::csrf::FIELD).collect()
}

/// A failed post: the page again with each problem named (`prefix` scopes a card's fields).
async fn again(
    state: &AppState,
    headers: &HeaderMap,
    now: Now,
    path: &str,
    e: Error,
    prefix: &str,
    values: Answers,
) -> Response {
    if matches!(e, Error::Unauthenticated) {
        return Redirect::to("/staff/signin").into_response();
    }
    let posted = PostedForm {
        problems: problems_of(e, prefix),
        values,
    };
    render_page(state, headers, now, path, posted).await
}

/// A staff page's post: the signed-in staff member (without one: on to sign in), the fields
/// sent (trimmed, without the page token) and the client's address.
/// A staff page's post: the staff member (else off to sign in), the fields, the client's
/// address and the request's instant.
pub struct StaffPost {
    staff: StaffSession,
    fields: Answers,
    client: String,
    now: Now,
}

impl StaffPost {
    fn get(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", |v| v.trim())
    }

    /// A date field, today when left empty.
    fn day(&self, key: &str) -> String {
        match self.get(key) {
            "" => self.now.today().iso(),
            day => day.to_owned(),
        }
    }
}

impl FromRequest<AppState> for StaffPost {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let Ok(ClientAddress(client)) = ClientAddress::from_request_parts(&mut parts, state).await;
        let now = Now::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let Staff(staff) = Staff::from_request_parts(&mut parts, state)
            .await
            .map_err(|_| Redirect::to("/staff/signin").into_response())?;
        let Form(pairs) = Fields::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(StaffPost {
            staff,
            fields: values(pairs),
            client,
            now,
        })
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

/// Sign-in, first step: on the right password a code goes to the account's phone.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    now: Now,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Response {
    let auth = &state.services.auth;
    match auth
        .staff_password(&form.username, &form.password, &client, now.unix())
        .await
    {
        Ok(sent) => Redirect::to(&format!("/staff/signin/code?c={}", sent.challenge)).into_response(),
        Err(e) => {
            // The username is shown again; the password never is.
            let values = Answers::from([("username".to_owned(), form.username)]);
            again(&state, &headers, now, "/staff/signin", e, "", values).await
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
pub async fn sign_in_code(
    State(state): State<AppState>,
    now: Now,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let auth = &state.services.auth;
    match auth.staff_verify(&form.c, &form.code, now.unix()).await {
        Ok((token, _)) => {
            let cookie = staff_cookie(&token, auth.config.session_absolute_secs);
            ([(header::SET_COOKIE, cookie)], Redirect::to("/staff")).into_response()
        }
        Err(e) => {
            let path = format!("/staff/signin/code?c={}", app::web::percent_encode(&form.c));
            again(&state, &headers, now, &path, e, "", Answers::new()).await
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
pub async fn record(State(state): State<AppState>, headers: HeaderMap, post: StaffPost) -> Response {
    let kind = ServiceKind::parse(post.get("kind"));
    let path = format!("/staff/record?kind={}", post.get("kind"));
    let content = kind
        .map(|k| k.content_fields())
        .unwrap_or_default()
        .iter()
        .filter(|f| !post.get(f.key).is_empty())
        .map(|f| (f.key.to_owned(), post.get(f.key).to_owned()))
        .collect();
    let references: Vec<String> = post
        .get("references")
        .split(|c: char| c.is_whitespace() || c == ',' || c == '，' || c == '、')
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    let req = RecordServiceRequest {
        references: references.clone(),
        kind: post.get("kind").to_owned(),
        given_on: post.day("given_on"),
        channel: post.get("channel").to_owned(),
        content,
    };
    let r = &state.services.registrations;
    match r
        .record_service(&post.staff, &req, post.now.today(), &post.client, post.now.unix())
        .await
    {
        Ok(done) if references.len() == 1 => {
            Redirect::to(&format!("/staff/people/{}?recorded={}", references[0], done.recorded)).into_response()
        }
        Ok(done) => Redirect::to(&format!("/staff?recorded={}", done.recorded)).into_response(),
        Err(e) => again(&state, &headers, post.now, &path, e, "", post.fields).await,
    }
}

/// 回访 of one record; back to the worker's page.
pub async fn follow_up(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    post: StaffPost,
) -> Response {
    let back = match state.services.store.service_record_reference(&id).await {
        Ok(Some(reference)) => format!("/staff/people/{reference}"),
        Ok(None) => return Error::NotFound.into_response(),
        Err(e) => return Error::from(e).into_response(),
    };
    let prefix = format!("{id}-");
    if post.get("reached").is_empty() {
        let e = Error::Invalid(vec![app::api::FieldError {
            field: "reached".into(),
            message: "回访：请选择是否联系上了本人".into(),
        }]);
        return again(&state, &headers, post.now, &back, e, &prefix, post.fields).await;
    }
    let req = FollowUp {
        on: post.day("on"),
        reached: post.get("reached") == "1",
        result: post.get("result").to_owned(),
    };
    let r = &state.services.registrations;
    match r
        .follow_up(&post.staff, &id, &req, post.now.today(), &post.client, post.now.unix())
        .await
    {
        Ok(()) => Redirect::to(&format!("{back}#service-{id}")).into_response(),
        Err(e) => again(&state, &headers, post.now, &back, e, &prefix, post.fields).await,
    }
}

/// The staff confirmation of an ending (reasons 8 and 9 only when the records show them).
pub async fn end(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(reference): Path<String>,
    post: StaffPost,
) -> Response {
    let req = EndRequest {
        reason: post.get("reason").to_owned(),
        verified: post.get("verified").to_owned(),
    };
    // The reference comes from the path: encoded again before it goes back into a URL.
    let path = format!("/staff/people/{}", app::web::percent_encode(&reference));
    let r = &state.services.registrations;
    match r
        .end_registration(
            &post.staff,
            &reference,
            &req,
            post.now.today(),
            &post.client,
            post.now.unix(),
        )
        .await
    {
        Ok(()) => Redirect::to(&path).into_response(),
        Err(e) => again(&state, &headers, post.now, &path, e, "", post.fields).await,
    }
}
