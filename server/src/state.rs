use app::backend::Backend;

use crate::client_ip::ClientIpRule;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub backend: Backend,
    /// See `Config::client_ip`.
    pub client_ip: ClientIpRule,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
