//! 注销's form posts on a worker's page: end for a reason (or announce it, for 4, 5, 6a), and
//! for an announced ending record the person's confirmation or withdraw it. Done, back to the
//! worker's page with a banner; problems show the form again with the values kept.

use app::api::service_311::EndRequest;
use app::web::percent_encode;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};

use crate::extract::{PageRequest, StaffPost};
use crate::pages::{again, on_card};

fn person_path(reference: &str) -> String {
    format!("/staff/people/{}", percent_encode(reference))
}

pub async fn end(page: PageRequest, Path(reference): Path<String>, post: StaffPost) -> Response {
    let req = EndRequest {
        reason: post.get("reason").to_owned(),
        verified: post.get("verified").to_owned(),
        employer: post.get("employer").to_owned(),
        started_on: post.day("started_on"),
        income_meets_dibao: match post.get("income_meets_dibao") {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        },
        local_rule: post.get("local_rule").to_owned(),
        person_confirmed: post.get("person_confirmed") == "1",
    };
    let s = &page.state.backend.service_311;
    let (today, now) = (post.now.today(), post.now.unix());
    let path = person_path(&reference);
    match s
        .end_registration(&post.staff, &reference, &req, today, &post.client, now)
        .await
    {
        Ok(done) => match done.ends_on {
            Some(day) => Redirect::to(&format!("{path}?announced={day}#ending")).into_response(),
            None => Redirect::to(&format!("{path}?ended=1")).into_response(),
        },
        Err(e) => {
            let form = format!("{path}/end?reason={}", percent_encode(post.get("reason")));
            again(&page, e, &form, post.fields).await
        }
    }
}

/// The person confirmed an announced ending: it ends now.
pub async fn confirm(page: PageRequest, Path(reference): Path<String>, post: StaffPost) -> Response {
    let r = &page.state.backend.registrations;
    let (today, now) = (post.now.today(), post.now.unix());
    let path = person_path(&reference);
    match r
        .confirm_ending(&post.staff, &reference, post.get("note"), today, &post.client, now)
        .await
    {
        Ok(()) => Redirect::to(&format!("{path}?ended=1")).into_response(),
        Err(e) => again(&page, e, &path, post.fields).await,
    }
}

pub async fn withdraw(page: PageRequest, Path(reference): Path<String>, post: StaffPost) -> Response {
    let r = &page.state.backend.registrations;
    let path = person_path(&reference);
    match r
        .withdraw_ending(&post.staff, &reference, post.get("note"), &post.client, post.now.unix())
        .await
    {
        Ok(()) => Redirect::to(&format!("{path}?withdrawn=1")).into_response(),
        // Its note sits beside the confirmation's on the page: named for its own box.
        Err(e) => again(&page, on_card(e, "withdraw"), &path, post.fields).await,
    }
}
