//! Probes for the load balancer and the orchestrator.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`, `ready` or `unavailable`.
    pub status: &'static str,
}

/// The process is alive.
#[utoipa::path(get, path = "/healthz", tag = "运维", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// The process can serve requests: the database answers.
#[utoipa::path(get, path = "/readyz", tag = "运维", responses(
    (status = 200, body = Health),
    (status = 503, description = "数据库不可用", body = Health),
))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    match tokio::time::timeout(Duration::from_secs(2), state.backend.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, Json(Health { status: "ready" })),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable" }))
        }
        Err(_) => {
            tracing::warn!("readiness: database did not answer within 2 s");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable" }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Shared;
    use app::backend::store::testing::TestPostgres;
    use app::backend::store::Store;
    use leptos::config::LeptosOptions;
    use std::net::SocketAddr;
    use tokio::net::{TcpSocket, TcpStream};
    use tokio::task::{JoinHandle, JoinSet};

    /// A TCP forwarder standing between the portal and PostgreSQL, so that a test can take the
    /// database away (every connection cut, nothing listening) and bring it back.
    async fn forward(port: u16, upstream: SocketAddr) -> (u16, JoinHandle<()>) {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        socket.bind(SocketAddr::from(([127, 0, 0, 1], port))).unwrap();
        let listener = socket.listen(16).unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            // Dropped with the task: aborting it closes every forwarded connection.
            let mut connections = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                connections.spawn(async move {
                    let mut outbound = TcpStream::connect(upstream).await?;
                    tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await
                });
            }
        });
        (port, task)
    }

    #[tokio::test]
    async fn readiness_is_503_while_postgres_is_unreachable_and_recovers() {
        let Some(pg) = TestPostgres::create().await else {
            return;
        };
        let host_port = pg
            .server_url
            .rsplit('@')
            .next()
            .unwrap()
            .rsplit("//")
            .next()
            .unwrap()
            .to_owned();
        let upstream: SocketAddr = tokio::net::lookup_host(&host_port).await.unwrap().next().unwrap();
        let (port, proxy) = forward(0, upstream).await;
        let url = pg.url().replacen(&host_port, &format!("127.0.0.1:{port}"), 1);
        let store = Store::open(&url, 2).await.unwrap();
        let state = AppState::new(Shared {
            leptos_options: LeptosOptions::builder().output_name("portal").build(),
            backend: app::backend::testing::backend(store.clone()).await.0,
            client_ip: Default::default(),
        });
        assert_eq!(readyz(State(state.clone())).await.0, StatusCode::OK);

        proxy.abort();
        let _ = proxy.await;
        assert_eq!(readyz(State(state.clone())).await.0, StatusCode::SERVICE_UNAVAILABLE);

        let (_, proxy) = forward(port, upstream).await;
        let mut status = StatusCode::SERVICE_UNAVAILABLE;
        for _ in 0..20 {
            status = readyz(State(state.clone())).await.0;
            if status == StatusCode::OK {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        assert_eq!(status, StatusCode::OK, "ready again once the database is back");
        proxy.abort();
        store.close().await;
        pg.drop_database().await;
    }
}
