//! 我的就业服务's plain form post: answering a service. Problems re-render the page with each
//! named at its own card; 已录用 goes straight on to reporting the new job.

use app::api::service_311::ServiceAnswerRequest;
use app::pages::FormValues;
use axum::extract::Path;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::extract::{PageRequest, Person};
use crate::pages::{again, on_card, sign_in_first};

const PAGE: &str = "/services";

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    answer: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

pub async fn answer(
    page: PageRequest,
    me: Option<Person>,
    Path(id): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let Some(Person(me)) = me else {
        return sign_in_first(PAGE);
    };
    let req = ServiceAnswerRequest {
        answer: form.answer,
        reason: form.reason,
        note: form.note,
    };
    let s = &page.state.backend.service_311;
    match s.answer_service(&me.person_id, &id, &req, page.now.unix()).await {
        Ok(_) if req.answer == "hired" => Redirect::to("/registration?hired=1#work").into_response(),
        Ok(_) => Redirect::to(&format!("{PAGE}#service-{id}")).into_response(),
        Err(e) => again(&page, on_card(e, &id), PAGE, sent(&id, req)).await,
    }
}

/// What was sent, and on which card (`record`), to show again.
fn sent(id: &str, req: ServiceAnswerRequest) -> FormValues {
    [
        ("record", id.to_owned()),
        ("answer", req.answer),
        ("reason", req.reason),
        ("note", req.note),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}
