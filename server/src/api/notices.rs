//! `/api/v1/me/notices`: the person's inbox.

use app::api::notices::NoticeView;
use app::api::ApiError;
use app::backend::clock::Now;
use app::backend::Error;
use axum::extract::State;
use axum::Json;

use crate::extract::Person;
use crate::state::AppState;

/// The person's notices, newest first; reading marks them read.
#[utoipa::path(get, path = "/api/v1/me/notices", tag = "就业服务", responses(
    (status = 200, body = [NoticeView]),
    (status = 401, body = ApiError),
))]
pub async fn notices(
    State(state): State<AppState>,
    Person(me): Person,
    now: Now,
) -> Result<Json<Vec<NoticeView>>, Error> {
    Ok(Json(state.backend.notifier.inbox(&me.person_id, now.unix()).await?))
}
