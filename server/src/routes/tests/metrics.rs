//! `GET /metrics` over real sockets from two loopback addresses: answered to the one
//! PORTAL_METRICS_ALLOW names, 404 to the other, with every request counted under its route
//! template and the services' counters beside them.

use super::clients::serve_on_loopback;
use super::*;
use app::backend::testing::client_from;

/// The value of one series (name and labels, as written) in a text exposition; every series
/// read here counts something whole.
fn value_of(text: &str, series: &str) -> u64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("{series} in:\n{text}"))
}

#[tokio::test]
async fn only_the_allowed_address_reads_what_was_counted() {
    let config =
        Config::from_lookup(|k| (k == "PORTAL_METRICS_ALLOW").then(|| "127.0.0.5/32, ::1".to_owned())).unwrap();
    let base = serve_on_loopback(config).await;
    let (prometheus, visitor) = (client_from(5), client_from(6));
    let visit = |path: &str| visitor.get(format!("{base}{path}")).send();

    assert_eq!(visit("/healthz").await.unwrap().status(), StatusCode::OK);
    visit("/i/DEMO-430104/qr.svg").await.unwrap();
    assert_eq!(visit("/no/such/page").await.unwrap().status(), StatusCode::NOT_FOUND);
    assert_eq!(visit("/pkg/none.js").await.unwrap().status(), StatusCode::NOT_FOUND);
    let code = || {
        visitor
            .post(format!("{base}/api/v1/auth/codes"))
            .json(&serde_json::json!({ "phone": "13812345678" }))
            .send()
    };
    assert_eq!(code().await.unwrap().status(), StatusCode::OK);
    assert_eq!(
        code().await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the resend limit"
    );

    let refused = visit("/metrics").await.unwrap();
    assert_eq!(refused.status(), StatusCode::NOT_FOUND, "127.0.0.6 is not allowed");
    assert!(!refused.text().await.unwrap().contains("portal_"));

    let answer = prometheus.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let content_type = answer.headers()[header::CONTENT_TYPE].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    let text = answer.text().await.unwrap();

    let requests = |labels: &str| value_of(&text, &format!("portal_http_requests_total{{{labels}}}"));
    assert!(requests(r#"method="GET",route="/healthz",status="200""#) >= 1);
    assert!(
        value_of(
            &text,
            r#"portal_http_request_duration_seconds_count{method="GET",route="/healthz"}"#
        ) >= 1
    );
    assert!(requests(r#"method="GET",route="unmatched",status="404""#) >= 1);
    assert!(requests(r#"method="GET",route="/pkg/{*file}",status="404""#) >= 1);
    assert_eq!(requests(r#"method="POST",route="/api/v1/auth/codes",status="429""#), 1);
    assert_eq!(requests(r#"method="GET",route="/metrics",status="404""#), 1);
    // Templates, never the paths asked for: those carry codes and references.
    assert!(text.contains(r#"route="/i/{code}/qr.svg""#), "{text}");
    assert!(
        !text.contains("DEMO-430104") && !text.contains("/no/such/page"),
        "{text}"
    );

    assert_eq!(
        value_of(&text, r#"portal_messages_sent_total{channel="sms",kind="code"}"#),
        1
    );
    assert_eq!(
        value_of(&text, r#"portal_sign_in_codes_refused_total{limit="resend"}"#),
        1
    );
    assert_eq!(value_of(&text, "portal_outbox_pending"), 0);
    assert_eq!(
        value_of(&text, "portal_db_pool_max_connections"),
        2,
        "the test store's pool"
    );
    assert!(value_of(&text, "portal_db_pool_connections") >= 1);
    assert!(text.contains("# HELP portal_http_requests "), "{text}");

    // Prometheus itself asks for OpenMetrics, which ends with `# EOF`.
    let answer = prometheus
        .get(format!("{base}/metrics"))
        .header(
            header::ACCEPT,
            "application/openmetrics-text;version=1.0.0,text/plain;q=0.5",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let content_type = answer.headers()[header::CONTENT_TYPE].to_str().unwrap().to_owned();
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    assert!(answer.text().await.unwrap().ends_with("# EOF\n"));
}

/// A router served without connection info knows no peer: nobody is allowed.
#[tokio::test]
async fn without_the_peer_address_the_metrics_are_not_found() {
    let (app, _store, _dir) = test_app().await;
    let (status, _, body) = send(&app, get("/metrics")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("portal_"));
}
