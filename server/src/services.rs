//! 我的就业服务's plain form post: answering a service. Problems re-render the page with each
//! named at its own card; 已录用 goes straight on to reporting the new job.

use app::api::services::ServiceAnswerRequest;
use app::api::PostedForm;
use app::backend::clock::Now;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::extract::Person;
use crate::render::{problems_of, render_page};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct AnswerForm {
    answer: Option<String>,
    reason: Option<String>,
    #[serde(default)]
    note: String,
}

pub async fn answer(
    State(state): State<AppState>,
    now: Now,
    me: Option<Person>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let path = "/services";
    let Some(Person(me)) = me else {
        return Redirect::to("/signin?next=/services").into_response();
    };
    let req = ServiceAnswerRequest {
        answer: form.answer.unwrap_or_default(),
        reason: form.reason.unwrap_or_default(),
        note: form.note,
    };
    let r = &state.services.registrations;
    match r.answer_service(&me.person_id, &id, &req, now.unix()).await {
        Ok(_) if req.answer == "hired" => Redirect::to("/registration?hired=1#work").into_response(),
        Ok(_) => Redirect::to(&format!("{path}#service-{id}")).into_response(),
        Err(e) => {
            // Each card's fields carry the record's id: the summary links to the right one.
            let posted = PostedForm {
                problems: problems_of(e, &format!("{id}-")),
                values: [
                    ("record", id),
                    ("answer", req.answer),
                    ("reason", req.reason),
                    ("note", req.note),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            };
            render_page(&state, &headers, now, path, posted).await
        }
    }
}
