//! What handlers take besides their input: who is signed in, as a citizen (`Person`) or as
//! staff (`Staff`). The request's instant (`app::backend::clock::Now`) and the client's address
//! (`app::backend::ClientAddress`) are extractors too, stamped on every request by
//! `routes::stamp_request`; sessions are looked up at that same instant.

use app::backend::auth::cookie;
use app::backend::auth::staff::{StaffSession, STAFF_COOKIE};
use app::backend::auth::Session;
use app::backend::clock::Now;
use app::backend::Error;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

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
