//! Public pages kept rendered in memory (`page_cache`): fresh nonces, each visitor's own form
//! token, rendered again when their data changes, 304 for a browser that has the page.

use super::*;
use app::api::lists::ListKind;
use app::backend::store::NewListEntry;

fn get(path: &str, csrf: Option<&str>, etag: Option<&str>) -> Request<Body> {
    let mut req = Request::get(path);
    if let Some(token) = csrf {
        req = req.header(header::COOKIE, format!("__Host-csrf={token}"));
    }
    if let Some(tag) = etag {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    req.body(Body::empty()).unwrap()
}

fn nonce_in_csp(headers: &axum::http::HeaderMap) -> String {
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    csp.split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_kept_page_gets_a_fresh_nonce_and_each_visitors_own_token() {
    let (app, _store, _dir) = test_app().await;
    let (s1, h1, first) = send(&app, get("/", Some("token-of-visitor-one"), None)).await;
    let (s2, h2, second) = send(&app, get("/", Some("token-of-visitor-two"), None)).await;
    assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
    let (n1, n2) = (nonce_in_csp(&h1), nonce_in_csp(&h2));
    assert_ne!(n1, n2, "every answer has its own nonce");
    assert!(first.contains(&format!("nonce=\"{n1}\"")), "{first}");
    assert!(
        second.contains(&format!("nonce=\"{n2}\"")) && !second.contains(&n1),
        "{second}"
    );
    assert!(first.contains("token-of-visitor-one") && !first.contains("token-of-visitor-two"));
    assert!(second.contains("token-of-visitor-two") && !second.contains("token-of-visitor-one"));
    // Otherwise the same page.
    let same = |html: &str, nonce: &str, token: &str| html.replace(nonce, "N").replace(token, "T");
    assert_eq!(
        same(&first, &n1, "token-of-visitor-one"),
        same(&second, &n2, "token-of-visitor-two")
    );
    // A first visit without a token gets one made for it, in the page and in the cookie.
    let (_, h3, third) = send(&app, get("/", None, None)).await;
    let cookie = h3[header::SET_COOKIE].to_str().unwrap();
    let token = cookie.strip_prefix("__Host-csrf=").unwrap().split(';').next().unwrap();
    assert!(third.contains(token) && !third.contains("token-of-visitor"), "{third}");
}

#[tokio::test]
async fn a_browser_that_has_the_page_gets_304_until_the_page_changes() {
    let (app, store, _dir) = test_app().await;
    let (_, headers, _) = send(&app, get("/services/policies", Some("t1"), None)).await;
    let tag = headers[header::ETAG].to_str().unwrap().to_owned();
    let (status, headers, body) = send(&app, get("/services/policies", Some("t1"), Some(&tag))).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    // The stored page keeps the CSP naming its own nonce.
    assert!(!headers.contains_key(header::CONTENT_SECURITY_POLICY), "{headers:?}");
    // Another visitor's page carries another token: not the same page.
    let (status, _, _) = send(&app, get("/services/policies", Some("t2"), Some(&tag))).await;
    assert_eq!(status, StatusCode::OK);

    let fields: std::collections::BTreeMap<&str, &str> = ListKind::Policy
        .fields()
        .iter()
        .map(|(k, _)| (*k, "示例：新加的一条政策"))
        .collect();
    store
        .replace_list(
            ListKind::Policy.as_str(),
            &[NewListEntry {
                id: "policy-1".into(),
                fields: serde_json::to_string(&fields).unwrap(),
                demo: true,
                by: "test",
            }],
            1,
        )
        .await
        .unwrap();
    let (status, _, body) = send(&app, get("/services/policies", Some("t1"), Some(&tag))).await;
    assert_eq!(status, StatusCode::OK, "the list was replaced");
    assert!(body.contains("示例：新加的一条政策"), "{body}");
}

/// Writes the demo 岳麓区 office again under `name`, as an import of the list would.
async fn rename_demo_county(store: &Store, name: &str) {
    let prefectures = store.child_divisions("430000").await.unwrap();
    let counties = store.child_divisions("430100").await.unwrap();
    let mut row = app::backend::institutions::demo::generate(&prefectures, &counties)
        .into_iter()
        .find(|r| r.code.as_str() == "DEMO-430104")
        .unwrap();
    row.name = name.into();
    store.upsert_institutions(&[row], "2026-11-28T00:00:00Z").await.unwrap();
}

#[tokio::test]
async fn a_kept_institution_page_changes_with_an_import() {
    let (app, store, _dir) = test_app().await;
    let (status, _, before) = send(&app, get("/institutions/DEMO-430104", Some("t"), None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!before.contains("示例：改名后的服务中心"));

    rename_demo_county(&store, "示例：改名后的服务中心").await;

    let (_, _, after) = send(&app, get("/institutions/DEMO-430104", Some("t"), None)).await;
    assert!(after.contains("示例：改名后的服务中心"), "{after}");
}

/// Two app servers on one PostgreSQL: a change made through one shows on the other's kept page
/// once that one has read the shared data versions (its 2-second loop), not before.
#[tokio::test]
async fn a_change_on_another_server_shows_once_the_versions_are_read() {
    let Some(pg) = app::backend::store::testing::TestPostgres::create().await else {
        return;
    };
    let config = || Config::from_lookup(|_| None).unwrap();
    let (here, store_here, _d1, _) = test_app_on(config(), Some(pg.url())).await;
    let (there, store_there, _d2, _) = test_app_on(config(), Some(pg.url())).await;
    let page = || get("/institutions/DEMO-430104", Some("t"), None);
    let (status, _, before) = send(&here, page()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!before.contains("示例：另一台服务器改的名"));

    rename_demo_county(&store_there, "示例：另一台服务器改的名").await;
    let (_, _, on_the_other) = send(&there, page()).await;
    assert!(on_the_other.contains("示例：另一台服务器改的名"));

    let (_, _, not_yet) = send(&here, page()).await;
    assert!(
        !not_yet.contains("示例：另一台服务器改的名"),
        "kept until the versions are read"
    );
    store_here.read_data_versions().await.unwrap();
    let (_, _, after) = send(&here, page()).await;
    assert!(after.contains("示例：另一台服务器改的名"), "{after}");
    // The institution API reads the same list.
    let (_, _, json) = send(&here, get("/api/v1/institutions/DEMO-430104", None, None)).await;
    assert!(json.contains("示例：另一台服务器改的名"), "{json}");
    store_here.close().await;
    store_there.close().await;
    pg.drop_database().await;
}

#[tokio::test]
async fn signed_in_pages_are_never_the_kept_ones() {
    let (app, _store, _dir) = test_app().await;
    let (_, _, anonymous) = send(&app, get("/", Some("t"), None)).await;
    let req = Request::get("/")
        .header(header::COOKIE, "__Host-csrf=t; __Host-portal_staff=not-a-session")
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&app, req).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !headers.contains_key(header::ETAG),
        "rendered for this request, not kept"
    );
    assert!(anonymous.contains("nonce="));
}

#[tokio::test]
async fn a_page_kept_for_wechat_is_not_served_outside_it_nor_the_other_way() {
    let (app, _store, _dir) = test_app().await;
    let visit = |agent: Option<&str>| {
        let mut req = Request::get("/institutions/DEMO-430104").header(header::COOKIE, "__Host-csrf=t0k3n");
        if let Some(agent) = agent {
            req = req.header(header::USER_AGENT, agent);
        }
        req.body(Body::empty()).unwrap()
    };
    let wechat = "Mozilla/5.0 (Linux; Android 10; wv) Chrome/86.0.4240.99 XWEB/4317 MicroMessenger/8.0.28.2240";
    // Twice each way: the second answers are the kept ones.
    for _ in 0..2 {
        let (_, _, inside) = send(&app, visit(Some(wechat))).await;
        assert!(
            inside.contains("/i/DEMO-430104/qr.png") && !inside.contains("打印"),
            "{inside}"
        );
        let (_, _, outside) = send(&app, visit(None)).await;
        assert!(
            outside.contains("/i/DEMO-430104/qr.svg") && outside.contains("打印二维码海报"),
            "{outside}"
        );
    }
    let (status, headers, _) = send(&app, super::get("/i/DEMO-430104/qr.png")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "image/png");
}
