//! What handlers take: who is signed in, as a citizen (`Person`) or as staff (`Staff`), the
//! session cookies, a JSON body (`ApiJson`), a staff page's form post (`StaffPost`) and what
//! showing a page again needs (`PageRequest`). The request's instant
//! (`app::backend::clock::Now`) and the client's address (`app::backend::ClientAddress`) are
//! extractors too, stamped on every request by `routes::stamp_request`; sessions are looked up
//! at that same instant.

use std::convert::Infallible;

use app::api::{ApiError, ErrorCode, FieldError};
use app::backend::auth::cookie;
use app::backend::auth::staff::{StaffSession, STAFF_COOKIE};
use app::backend::auth::Session;
use app::backend::clock::Now;
use app::backend::{ClientAddress, Error};
use app::pages::FormValues;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde::de::DeserializeOwned;

use crate::state::AppState;

/// The signed-in citizen, or 401.
pub struct Person(pub Session);

impl FromRequestParts<AppState> for Person {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Person, Error> {
        let now = Now::from_request_parts(parts, state).await?;
        let SessionCookie(token) = SessionCookie::from_headers(&parts.headers);
        let token = token.ok_or(Error::Unauthenticated)?;
        let session = state.backend.auth.session(&token, now.unix()).await?;
        session.map(Person).ok_or(Error::Unauthenticated)
    }
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

/// The citizen session cookie's token, if the request carries one (signing out needs no
/// session that is still valid).
pub struct SessionCookie(pub Option<String>);

impl SessionCookie {
    fn from_headers(headers: &HeaderMap) -> SessionCookie {
        let header = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
        SessionCookie(header.and_then(cookie::session_token).map(str::to_owned))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SessionCookie {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<SessionCookie, Infallible> {
        Ok(SessionCookie::from_headers(&parts.headers))
    }
}

/// The signed-in staff member (their own cookie), or 401.
pub struct Staff(pub StaffSession);

impl FromRequestParts<AppState> for Staff {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Staff, Error> {
        let now = Now::from_request_parts(parts, state).await?;
        let token = cookie::from_headers(&parts.headers, STAFF_COOKIE).ok_or(Error::Unauthenticated)?;
        let session = state.backend.auth.staff_session(&token, now.unix()).await?;
        session.map(Staff).ok_or(Error::Unauthenticated)
    }
}

/// The staff session cookie's token, if the request carries one.
pub struct StaffCookie(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for StaffCookie {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<StaffCookie, Infallible> {
        Ok(StaffCookie(cookie::from_headers(&parts.headers, STAFF_COOKIE)))
    }
}

/// The staff session cookie to set (`max_age` 0 clears it).
pub fn staff_cookie(token: &str, max_age: i64) -> String {
    format!("{STAFF_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={max_age}")
}

/// The one-time `state` of a sign-in through another identity provider, kept in a cookie
/// while the browser is away.
pub struct ProviderState(pub Option<String>);

impl ProviderState {
    const COOKIE: &'static str = "__Host-oauth_state";

    /// The cookie remembering `nonce` for the ten minutes a sign-in may take.
    pub fn set(nonce: &str) -> String {
        format!(
            "{}={nonce}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=600",
            Self::COOKIE
        )
    }

    /// The cookie cleared once the provider has answered.
    pub fn clear() -> String {
        format!("{}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0", Self::COOKIE)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ProviderState {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ProviderState, Infallible> {
        Ok(ProviderState(cookie::from_headers(&parts.headers, Self::COOKIE)))
    }
}

/// What rendering a page for this request needs (a form post with problems shows its page
/// again): the state, the request's headers (cookies, language, form token) and its instant.
pub struct PageRequest {
    pub state: AppState,
    pub headers: HeaderMap,
    pub now: Now,
}

impl FromRequestParts<AppState> for PageRequest {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<PageRequest, Error> {
        Ok(PageRequest {
            state: state.clone(),
            headers: parts.headers.clone(),
            now: Now::from_request_parts(parts, state).await?,
        })
    }
}

/// A staff page's post: the staff member (else off to sign in), the fields (without the page
/// token), the client's address and the request's instant.
pub struct StaffPost {
    pub staff: StaffSession,
    pub fields: FormValues,
    pub client: String,
    pub now: Now,
}

impl StaffPost {
    /// A field, trimmed; empty when not sent.
    pub fn get(&self, key: &str) -> &str {
        self.fields.get(key).map_or("", |v| v.trim())
    }

    /// A date field, today when left empty.
    pub fn day(&self, key: &str) -> String {
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
        let Form(pairs) = Form::<Vec<(String, String)>>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let fields = pairs.into_iter().filter(|(k, _)| k != app::ui::csrf::FIELD).collect();
        Ok(StaffPost {
            staff,
            fields,
            client,
            now,
        })
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
