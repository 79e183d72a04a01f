//! Limits keyed on the client, over real sockets from two loopback addresses: the server as
//! `portal` serves it (connection info on), one client exhausting its limits, another not.

use super::*;
use app::backend::testing::client_from;

pub(super) async fn serve_on_loopback(config: Config) -> String {
    let (app, _store, dir, _sms) = test_app_configured(config).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _keep = dir;
        crate::shutdown::serve(listener, app, std::future::pending()).await
    });
    base
}

#[tokio::test]
async fn one_client_exhausting_its_limits_leaves_another_untouched() {
    let config =
        Config::from_lookup(|k| (k == "PORTAL_WRITES_PER_CLIENT_PER_MINUTE").then(|| "40".to_owned())).unwrap();
    let base = serve_on_loopback(config).await;
    let (a, b) = (client_from(2), client_from(3));
    let code = |c: &reqwest::Client, n: u32| {
        c.post(format!("{base}/api/v1/auth/codes"))
            .json(&serde_json::json!({ "phone": format!("1391234{n:04}") }))
            .send()
    };
    // Sign-in codes: 30 an hour from one client address (AuthConfig's default).
    for n in 0..30 {
        assert_eq!(code(&a, n).await.unwrap().status(), StatusCode::OK, "code {n}");
    }
    let refused = code(&a, 30).await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key(header::RETRY_AFTER));
    assert_eq!(
        code(&b, 31).await.unwrap().status(),
        StatusCode::OK,
        "another address still gets codes"
    );

    // Writes: 40 a minute per address; `a` has made 31, `b` 1.
    let write = |c: &reqwest::Client| {
        c.post(format!("{base}/api/v1/auth/session"))
            .json(&serde_json::json!({ "challenge": "x", "code": "000000" }))
            .send()
    };
    for n in 31..40 {
        assert_eq!(write(&a).await.unwrap().status(), StatusCode::BAD_REQUEST, "write {n}");
    }
    let refused = write(&a).await.unwrap();
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.text().await.unwrap().contains("操作过于频繁"));
    assert_eq!(
        write(&b).await.unwrap().status(),
        StatusCode::BAD_REQUEST,
        "another address may still write"
    );
}

/// Behind a proxy the configured header decides, N entries from the right: a client cannot
/// choose its bucket by writing its own X-Forwarded-For.
#[tokio::test]
async fn behind_a_proxy_the_trusted_entry_is_the_client() {
    let config = Config::from_lookup(|k| match k {
        "PORTAL_CLIENT_IP_HEADER" => Some("X-Forwarded-For".into()),
        "PORTAL_WRITES_PER_CLIENT_PER_MINUTE" => Some("3".into()),
        _ => None,
    })
    .unwrap();
    let base = serve_on_loopback(config).await;
    let proxy = client_from(4);
    let write = |forwarded: &str| {
        proxy
            .post(format!("{base}/api/v1/auth/session"))
            .header("x-forwarded-for", forwarded)
            .json(&serde_json::json!({ "challenge": "x", "code": "000000" }))
            .send()
    };
    // One real client (203.0.113.7, appended by our proxy) forging a new first entry each time.
    for forged in ["1.1.1.1", "2.2.2.2", "3.3.3.3"] {
        let status = write(&format!("{forged}, 203.0.113.7")).await.unwrap().status();
        assert_eq!(status, StatusCode::BAD_REQUEST);
    }
    let status = write("4.4.4.4, 203.0.113.7").await.unwrap().status();
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the forged entries changed nothing"
    );
    // Another client behind the same proxy has its own bucket.
    assert_eq!(write("203.0.113.8").await.unwrap().status(), StatusCode::BAD_REQUEST);
}
