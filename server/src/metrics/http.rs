//! Every request counted by route, method and status, and timed by route and method. The route
//! is the router's template (`/i/{code}/qr.svg`), never the path asked for: paths carry codes
//! and references, and one label value per path would grow without end.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Seconds: a kept page answers in well under a millisecond, a rendered one in a few, 统计
/// and the downloads in seconds; past the request time-out (at most 600 s) nothing runs.
const LATENCY_BUCKETS: [f64; 14] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The label of requests no route matched: the 404 page, and the public files the fallback
/// serves (favicon, …).
const UNMATCHED: &str = "unmatched";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: &'static str,
    route: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    #[prometheus(flatten)]
    route: RouteLabels,
    status: u16,
}

/// The request metrics one router keeps; cloned per request, so one shared allocation.
#[derive(Clone)]
pub struct HttpMetrics(Arc<Families>);

struct Families {
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    /// `/pkg/`: the nested file service under it sets no route template, and its files are
    /// one route, not "unmatched".
    assets: String,
    assets_route: String,
}

impl HttpMetrics {
    /// Registers the request metrics in `registry`; `assets` is where the built site's files
    /// are served (`/pkg`).
    pub fn new(registry: &mut Registry, assets: &str) -> HttpMetrics {
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| Histogram::new(LATENCY_BUCKETS));
        registry.register(
            "portal_http_requests",
            "HTTP requests answered, by method, route template (unmatched: no route) and status code",
            requests.clone(),
        );
        registry.register(
            "portal_http_request_duration_seconds",
            "Time from a request's arrival to its answer's headers, by method and route template",
            latency.clone(),
        );
        let assets = assets.trim_end_matches('/');
        HttpMetrics(Arc::new(Families {
            requests,
            latency,
            assets: format!("{assets}/"),
            assets_route: format!("{assets}/{{*file}}"),
        }))
    }

    /// The route the router matched (see [`note_route`]), else the assets' one or "unmatched".
    fn route_of(&self, asset: bool, res: &Response) -> String {
        match res.extensions().get::<MatchedPath>() {
            Some(matched) => matched.as_str().to_owned(),
            None if asset => self.0.assets_route.clone(),
            None => UNMATCHED.to_owned(),
        }
    }
}

/// Known methods by name; anything else is one label, so that made-up methods add no series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Inside the router, around each route: hands the matched route template out with the
/// response, for [`record`], which runs outside the router (where the layers that answer
/// some requests themselves are timed too).
pub async fn note_route(req: Request, next: Next) -> Response {
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let mut res = next.run(req).await;
    if let Some(matched) = matched {
        res.extensions_mut().insert(matched);
    }
    res
}

/// The middleware: outermost, so that the time includes every layer's.
pub async fn record(State(metrics): State<HttpMetrics>, req: Request, next: Next) -> Response {
    let method = method_label(req.method());
    let asset = req.uri().path().starts_with(&metrics.0.assets);
    #[allow(clippy::disallowed_methods, reason = "a measured duration, not a time of day")]
    let started = Instant::now();
    let res = next.run(req).await;
    let seconds = started.elapsed().as_secs_f64();
    let route = RouteLabels {
        method,
        route: metrics.route_of(asset, &res),
    };
    let m = &metrics.0;
    m.latency.get_or_create(&route).observe(seconds);
    m.requests
        .get_or_create(&RequestLabels {
            route,
            status: res.status().as_u16(),
        })
        .inc();
    res
}
