//! What handlers take: who is signed in, as a citizen (`Person`) or as staff (`Staff`), and
//! a JSON body (`ApiJson`). The request's instant (`app::backend::clock::Now`) and the client's address
//! (`app::backend::ClientAddress`) are extractors too, stamped on every request by
//! `routes::stamp_request`; sessions are looked up at that same instant.

use app::api::{ApiError, ErrorCode, FieldError};
use app::backend::auth::cookie;
use app::backend::auth::staff::{StaffSession, STAFF_COOKIE};
use app::backend::auth::Session;
use app::backend::clock::Now;
use app::backend::Error;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;

use crate::state::AppState;

/// The signed-in citizen, or 401.
pub struct Person(pub Session);

impl FromRequestParts<AppState> for Person {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Person, Error> {
        let now = Now::from_request_parts(parts, state).await?;
        Ok(Person(session_of(state, &parts.headers, now).await?))
    }
}

/// The citizen session of these request headers at `now`, or 401.
pub async fn session_of(state: &AppState, headers: &HeaderMap, now: Now) -> Result<Session, Error> {
    let token = session_token(headers).ok_or(Error::Unauthenticated)?;
    let session = state.services.auth.session(&token, now.unix()).await?;
    session.ok_or(Error::Unauthenticated)
}

/// The citizen session cookie's token, if the request carries one.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    let header = headers.get(header::COOKIE)?.to_str().ok()?;
    cookie::session_token(header).map(str::to_owned)
}

/// `Option<Person>`: the signed-in citizen if any (pages' form posts send the others to sign in).
impl OptionalFromRequestParts<AppState> for Person {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Person>, Error> {
        match <Person as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(person) => Ok(Some(person)),
            Err(Error::Unauthenticated) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The signed-in staff member (their own cookie), or 401.
pub struct Staff(pub StaffSession);

impl FromRequestParts<AppState> for Staff {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, Error> {
        let now = Now::from_request_parts(parts, state).await?;
        let token = cookie::from_headers(&parts.headers, STAFF_COOKIE).ok_or(Error::Unauthenticated)?;
        let session = state.services.auth.staff_session(&token, now.unix()).await?;
        session.map(Staff).ok_or(Error::Unauthenticated)
    }
}

/// A JSON request body. What is wrong with it is answered in the API's error shape, naming
/// the field by its path (`answers.name`, `entries[2].fields`) and what was expected; a body
/// that is not JSON at all, or not sent as JSON, says so.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<ApiJson<T>, Response> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if !is_json {
            let error = ApiError {
                message: "请求体须为 JSON：请加上请求头 Content-Type: application/json。".into(),
                ..ApiError::new(ErrorCode::InvalidInput)
            };
            return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, Json(error)).into_response());
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize::<_, T>(&mut de)
            .map_err(|e| {
                let path = e.path().to_string();
                body_problem(if path == "." { "" } else { &path }, e.inner())
            })
            .and_then(|v| de.end().map(|()| v).map_err(|e| body_problem("", &e)))
            .map_err(|p| Error::Invalid(vec![p]).into_response())?;
        Ok(ApiJson(value))
    }
}

/// What is wrong with a JSON body, in words, at `path` (empty: the whole body).
fn body_problem(path: &str, e: &serde_json::Error) -> FieldError {
    use serde_json::error::Category;
    // serde's words without its " at line 1 column 9" (the field names the place).
    let said = e.to_string();
    let said = said.split(" at line ").next().unwrap_or_default();
    let between_ticks = |s: &str| s.split('`').nth(1).map(str::to_owned);
    let (field, message) = match e.classify() {
        Category::Syntax | Category::Eof => (
            String::new(),
            format!("请求体不是完整、正确的 JSON（第{}行第{}列附近）", e.line(), e.column()),
        ),
        Category::Data if said.starts_with("missing field") => {
            let name = between_ticks(said).unwrap_or_default();
            let field = if path.is_empty() {
                name
            } else {
                format!("{path}.{name}")
            };
            (field.clone(), format!("{field}：缺少这一项"))
        }
        Category::Data if said.starts_with("unknown field") => {
            (path.to_owned(), format!("{path}：没有这一项，请对照接口文档的字段名"))
        }
        _ => (path.to_owned(), format!("{path}：类型或取值不对（{said}）")),
    };
    FieldError { field, message }
}
