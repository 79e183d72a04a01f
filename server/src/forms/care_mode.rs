//! The care-mode switch without JavaScript.

use app::ui::care_mode;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use axum::Form;
use serde::Deserialize;

use crate::redirect::local_path;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct CareModeForm {
    on: String,
    back: Option<String>,
}

/// Store the choice, go back to the page.
pub async fn set_care_mode(State(state): State<AppState>, Form(form): Form<CareModeForm>) -> impl IntoResponse {
    let back = form
        .back
        .and_then(|p| local_path(&state.backend.public_url, &p))
        .unwrap_or_else(|| "/".to_owned());
    let cookie = care_mode::set_cookie_value(form.on == "1");
    ([(header::SET_COOKIE, cookie)], Redirect::to(&back))
}
