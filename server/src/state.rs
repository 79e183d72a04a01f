use std::ops::Deref;
use std::sync::Arc;

use app::backend::Backend;

use crate::client_ip::ClientIpRule;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

/// What every handler can reach: one shared allocation, because axum clones the state of
/// a layer for every request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub backend: Backend,
    /// See `Config::client_ip`.
    pub client_ip: ClientIpRule,
}

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
