//! The sign-in pages' plain form posts: the phone, the code, the identity document, signing
//! out. They call the same `Auth` service as `/api/v1/auth`; problems show the page again
//! with what was typed.

use app::backend::auth::cookie;
use app::backend::{ClientAddress, Error};
use app::domain::id_number::join_date_parts;
use app::domain::phone::Phone;
use app::pages::FormValues;
use app::web::percent_encode;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::api::auth::phone_error;
use crate::extract::{PageRequest, Person, SessionCookie};
use crate::pages::{again, at_inputs, sign_in_first};
use crate::redirect::after_sign_in;
use crate::state::AppState;

fn values<const N: usize>(pairs: [(&str, &str); N]) -> FormValues {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
}

#[derive(Deserialize)]
pub struct IdentityForm {
    #[serde(default)]
    kind: String,
    number: String,
    /// The date of birth in three boxes (年, 月, 日): asked of pass holders, whose numbers
    /// carry none.
    #[serde(default)]
    birth_year: String,
    #[serde(default)]
    birth_month: String,
    #[serde(default)]
    birth_day: String,
    next: Option<String>,
}

/// The error with the date boxes' own problem (they make no date) in place of "missing".
fn birth_in_own_words(e: Error, message: &str) -> Error {
    match e {
        Error::Invalid(mut fields) => {
            for f in fields.iter_mut().filter(|f| f.field == "birth_date") {
                f.message = message.to_owned();
            }
            Error::Invalid(fields)
        }
        other => other,
    }
}

/// The account page's identity form: on success on to `next`.
pub async fn identity_form(page: PageRequest, me: Option<Person>, Form(form): Form<IdentityForm>) -> Response {
    let Some(Person(me)) = me else {
        return sign_in_first("/account");
    };
    let next = after_sign_in(&page.state.backend.public_url, form.next.as_deref());
    let (today, now) = (page.now.today(), page.now.unix());
    let auth = &page.state.backend.auth;
    let parts = join_date_parts(&form.birth_year, &form.birth_month, &form.birth_day);
    // Boxes that make no date count as none: refused in their own words where a date is
    // needed, ignored where the number carries it.
    let birth = parts.ok().flatten();
    match auth
        .state_identity(&me.person_id, &form.kind, &form.number, birth, today, now)
        .await
    {
        Ok(_) => Redirect::to(&next).into_response(),
        Err(e) => {
            let e = match parts {
                Err(message) => birth_in_own_words(e, message),
                Ok(_) => e,
            };
            let typed = values([
                ("kind", form.kind.as_str()),
                ("number", form.number.as_str()),
                ("birth_year", form.birth_year.as_str()),
                ("birth_month", form.birth_month.as_str()),
                ("birth_day", form.birth_day.as_str()),
            ]);
            let e = at_inputs(e, &["number", "kind", "birth_date"]);
            again(&page, e, &next, typed).await
        }
    }
}

#[derive(Deserialize)]
pub struct PhoneForm {
    phone: String,
    next: Option<String>,
}

/// The phone page's post: on success to the code page, else the page again with the error.
pub async fn phone_form(
    page: PageRequest,
    ClientAddress(client): ClientAddress,
    Form(form): Form<PhoneForm>,
) -> Response {
    let next = after_sign_in(&page.state.backend.public_url, form.next.as_deref());
    match send_code(&page, &form.phone, &client).await {
        Ok(challenge) => Redirect::to(&format!(
            "/signin/code?c={}&next={}",
            percent_encode(&challenge),
            percent_encode(&next)
        ))
        .into_response(),
        Err(e) => {
            let path = format!("/signin?next={}", percent_encode(&next));
            again(
                &page,
                at_inputs(e, &["phone"]),
                &path,
                values([("phone", form.phone.as_str())]),
            )
            .await
        }
    }
}

/// A sign-in code to `phone` as typed; the challenge that names it.
async fn send_code(page: &PageRequest, phone: &str, client: &str) -> Result<String, Error> {
    let phone = Phone::parse(phone).map_err(phone_error)?;
    let sent = page
        .state
        .backend
        .auth
        .send_code(&phone, client, page.now.unix())
        .await?;
    Ok(sent.challenge)
}

#[derive(Deserialize)]
pub struct CodeForm {
    c: String,
    code: String,
    next: Option<String>,
}

/// The code page's post: on success the session cookie and on to `next`.
pub async fn code_form(page: PageRequest, Form(form): Form<CodeForm>) -> Response {
    let next = after_sign_in(&page.state.backend.public_url, form.next.as_deref());
    let auth = &page.state.backend.auth;
    match auth.verify(&form.c, &form.code, page.now.unix()).await {
        Ok(signed) => {
            let cookie = cookie::set_session(&signed.token, auth.config.session_absolute_secs);
            ([(header::SET_COOKIE, cookie)], Redirect::to(&next)).into_response()
        }
        Err(e) => {
            let path = format!(
                "/signin/code?c={}&next={}",
                percent_encode(&form.c),
                percent_encode(&next)
            );
            // The code is not shown again: a wrong one is typed anew.
            again(&page, at_inputs(e, &["code"]), &path, FormValues::new()).await
        }
    }
}

/// 退出登录 without JavaScript.
pub async fn sign_out_form(State(state): State<AppState>, SessionCookie(token): SessionCookie) -> Response {
    if let Some(t) = token {
        if let Err(e) = state.backend.auth.sign_out(&t).await {
            return e.into_response();
        }
    }
    ([(header::SET_COOKIE, cookie::clear_session())], Redirect::to("/")).into_response()
}
