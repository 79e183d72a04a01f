//! 大厅协助办理's form posts: the person's phone (a code goes to it), then the code the person
//! reads out, which opens the person's session in this browser, marked with the staff member
//! who helps; and the end of it, once the application is in.

use app::backend::auth::cookie;
use app::domain::phone::Phone;
use app::pages::FormValues;
use app::web::percent_encode;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

use crate::api::auth::phone_error;
use crate::extract::{PageRequest, SessionCookie, StaffPost};
use crate::pages::{again, at_inputs};

pub async fn start(page: PageRequest, post: StaffPost) -> Response {
    let auth = &page.state.backend.auth;
    let sent = match Phone::parse(post.get("phone")) {
        Ok(phone) => auth.send_code_at_hall(&post.staff, &phone, post.now.unix()).await,
        Err(message) => Err(phone_error(message)),
    };
    match sent {
        Ok(sent) => Redirect::to(&format!("/staff/assist/code?c={}", percent_encode(&sent.challenge))).into_response(),
        Err(e) => again(&page, at_inputs(e, &["phone"]), "/staff/assist", post.fields).await,
    }
}

pub async fn code(page: PageRequest, post: StaffPost) -> Response {
    let auth = &page.state.backend.auth;
    let challenge = post.get("c");
    match auth
        .verify_at_hall(&post.staff, challenge, post.get("code"), &post.client, post.now.unix())
        .await
    {
        Ok(signed) => {
            let cookie = cookie::set_session(&signed.token, auth.config.session_absolute_secs);
            ([(header::SET_COOKIE, cookie)], Redirect::to("/register")).into_response()
        }
        Err(e) => {
            let path = format!("/staff/assist/code?c={}", percent_encode(challenge));
            // The code is not shown again: a wrong one is typed anew.
            again(&page, at_inputs(e, &["code"]), &path, FormValues::new()).await
        }
    }
}

/// 办理完毕: the person's session in this browser ends; the staff member's stays.
pub async fn end(page: PageRequest, SessionCookie(token): SessionCookie, _staff: StaffPost) -> Response {
    if let Some(t) = token {
        if let Err(e) = page.state.backend.auth.sign_out(&t).await {
            return e.into_response();
        }
    }
    (
        [(header::SET_COOKIE, cookie::clear_session())],
        Redirect::to("/staff/assist?done=1"),
    )
        .into_response()
}
