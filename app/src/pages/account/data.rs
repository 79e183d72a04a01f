//! What the sign-in and account pages load (the staff sign-in's code page too).

use crate::api::auth::Me;

/// The masked phone a sign-in code was sent to, while the code can still be entered.
#[leptos::server]
pub async fn load_challenge(challenge: String) -> Result<Option<String>, leptos::prelude::ServerFnError> {
    use crate::backend::{clock::request_now, fn_error, use_backend};
    let backend = use_backend()?;
    let now = request_now().map_err(fn_error)?;
    backend
        .auth
        .challenge_phone(&challenge, now.unix())
        .await
        .map_err(fn_error)
}

/// The signed-in person, if any.
#[leptos::server]
pub async fn load_me() -> Result<Option<Me>, leptos::prelude::ServerFnError> {
    use crate::backend::{auth::current_session, fn_error, use_backend};
    let Some(session) = current_session().await else {
        return Ok(None);
    };
    use_backend()?.auth.me(&session).await.map(Some).map_err(fn_error)
}
