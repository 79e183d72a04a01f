//! 待办's form posts on one application: a decision (受理, 登记, 不予登记) and 转办. Done, back
//! to 待办 with a banner; problems show the application again (opened for the same reason)
//! with the values kept.

use app::api::registration::{DecisionRequest, TransferRequest};
use app::web::percent_encode;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};

use crate::extract::{PageRequest, StaffPost};
use crate::pages::again;

/// The application's page as it was open: the reason comes back in a hidden field.
fn application_path(reference: &str, why: &str) -> String {
    format!(
        "/staff/applications/{}?why={}",
        percent_encode(reference),
        percent_encode(why)
    )
}

pub async fn decide(page: PageRequest, Path(reference): Path<String>, post: StaffPost) -> Response {
    let req = DecisionRequest {
        decision: post.get("decision").to_owned(),
        refusal_code: post.get("refusal_code").to_owned(),
        reason: post.get("reason").to_owned(),
    };
    let r = &page.state.backend.registrations;
    let (today, now) = (post.now.today(), post.now.unix());
    match r.decide(&post.staff, &reference, &req, today, &post.client, now).await {
        Ok(done) => Redirect::to(&format!(
            "/staff?done={}&ref={}",
            done.status.as_str(),
            percent_encode(&done.reference)
        ))
        .into_response(),
        Err(e) => again(&page, e, &application_path(&reference, post.get("why")), post.fields).await,
    }
}

pub async fn transfer(page: PageRequest, Path(reference): Path<String>, post: StaffPost) -> Response {
    let req = TransferRequest {
        office: post.get("office").to_owned(),
        note: post.get("note").to_owned(),
    };
    let r = &page.state.backend.registrations;
    match r
        .transfer(&post.staff, &reference, &req, &post.client, post.now.unix())
        .await
    {
        Ok(done) => Redirect::to(&format!(
            "/staff?done=transferred&ref={}&to={}",
            percent_encode(&done.reference),
            percent_encode(&done.institution_code)
        ))
        .into_response(),
        Err(e) => again(&page, e, &application_path(&reference, post.get("why")), post.fields).await,
    }
}
