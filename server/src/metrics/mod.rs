//! `GET /metrics` for Prometheus: the request metrics (`http`), the services' counters and the
//! gauges read at each scrape (`app::backend::metrics`), in one registry per router.
//!
//! Only the addresses of PORTAL_METRICS_ALLOW get an answer, judged by the TCP peer and never
//! by X-Forwarded-For: Prometheus reads each app server directly on the private network, and
//! nginx refuses `/metrics` from outside, so a forwarded request is never a scrape (and its
//! header could be written by anyone).

mod allow;
mod http;

pub use allow::AllowList;
pub use http::{note_route, record, HttpMetrics};

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::backend::Backend;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::text::{encode, encode_registry};
use prometheus_client::registry::Registry;

/// What `/metrics` answers with, for one router.
pub struct Exposition {
    registry: Registry,
    backend: Backend,
    allow: AllowList,
}

impl Exposition {
    /// The registry with the services' metrics and the router's request metrics, which the
    /// router's middleware ([`record`]) keeps with the [`HttpMetrics`] returned.
    /// `assets`: where the built site's files are served (`/pkg`).
    pub fn new(backend: Backend, allow: AllowList, assets: &str) -> (Arc<Exposition>, HttpMetrics) {
        let mut registry = Registry::default();
        backend.metrics().register(&mut registry);
        let http = HttpMetrics::new(&mut registry, assets);
        (
            Arc::new(Exposition {
                registry,
                backend,
                allow,
            }),
            http,
        )
    }
}

/// The gauges read from the database wait this long at most (as `/readyz` does); past it the
/// counters are answered with the gauges as last read.
const GAUGE_READ: Duration = Duration::from_secs(2);

/// What Prometheus asks for first: its own parser then knows a counter's `_total` series by
/// the family's name.
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
/// For everyone else (curl, older scrapers): the classic text format, whose parsers read the
/// same lines without the closing `# EOF`.
const PROMETHEUS_TEXT: &str = "text/plain; version=0.0.4; charset=utf-8";

/// A refused address gets 404, the answer to any path that does not exist, rather than 403:
/// the portal does not tell who asks that there is something here to get.
pub async fn scrape(State(exposition): State<Arc<Exposition>>, req: Request) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if !peer.is_some_and(|ip| exposition.allow.allows(ip)) {
        tracing::info!(?peer, "/metrics refused: the address is not in PORTAL_METRICS_ALLOW");
        return StatusCode::NOT_FOUND.into_response();
    }
    let openmetrics = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("application/openmetrics-text"));
    match tokio::time::timeout(GAUGE_READ, exposition.backend.read_gauges()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "metrics: the gauges were not read"),
        Err(_) => tracing::warn!("metrics: the database did not answer within 2 s; the gauges were not read"),
    }
    let mut body = String::new();
    let (written, content_type) = if openmetrics {
        (encode(&mut body, &exposition.registry), OPENMETRICS)
    } else {
        (encode_registry(&mut body, &exposition.registry), PROMETHEUS_TEXT)
    };
    if written.is_err() {
        // Writing to a String fails only if a metric's own encoding does.
        tracing::error!("metrics: the registry could not be encoded");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}
