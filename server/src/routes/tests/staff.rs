//! Staff accounts, sign-in and the institution import.

use super::*;

#[tokio::test]
async fn administrators_create_staff_accounts_only_in_their_divisions() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let (services, _) = app::backend::testing::backend(store.clone()).await;
    let phone = app::domain::phone::Phone::parse("13900003333").unwrap();
    let role = app::backend::auth::staff::StaffRole {
        province: false,
        admin: true,
    };
    services
        .auth
        .add_staff("cs.admin", "correct horse battery", &phone, "DEMO-430100", role, 1)
        .await
        .unwrap();
    let admin = sign_in_staff(&app, &sms, "cs.admin", &phone).await;
    let create = |cookie: &str, username: &str, institution: &str| {
        json_send(
            "POST",
            "/api/v1/staff/accounts",
            &format!(
                r#"{{"username":"{username}","password":"correct horse battery","phone":"13900004444","institution_code":"{institution}"}}"#
            ),
            cookie,
        )
    };
    let (status, _, body) = send(&app, create(&admin, "yl.worker", "DEMO-430104901001")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(
        body.contains(r#""scope":"430104901001""#) && body.contains(r#""is_admin":false"#),
        "{body}"
    );
    let (status, _, body) = send(&app, create(&admin, "zz.worker", "DEMO-430200")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "株洲 is outside 长沙: {body}");
    let (status, _, _) = send(&app, create(&admin, "yl.worker", "DEMO-430104")).await;
    assert_eq!(status, StatusCode::CONFLICT, "the username is taken");

    // The new account works, and cannot create accounts itself.
    let worker = sign_in_staff(
        &app,
        &sms,
        "yl.worker",
        &app::domain::phone::Phone::parse("13900004444").unwrap(),
    )
    .await;
    let (status, _, _) = send(&app, create(&worker, "yl.other", "DEMO-430104901001")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let audit = store.recent_audit(10).await.unwrap();
    assert!(audit
        .iter()
        .any(|(who, action, subject, _)| who == "cs.admin" && action == "create_staff" && subject == "yl.worker"));
}

fn csv_import(cookie: &str, csv: &str) -> Request<Body> {
    Request::post("/api/v1/institutions/import")
        .header(header::CONTENT_TYPE, "text/csv")
        .header(header::COOKIE, cookie)
        .body(Body::from(csv.to_owned()))
        .unwrap()
}

const CSV: &str = "机构编码,机构名称,层级,所属区划代码,办公地址,联系电话,经办项目\n\
    HN-430104,岳麓区公共就业服务中心,县市区,430104,岳麓某路1号,0731-88880000,失业登记\n\
    HN-433101,吉首市公共就业服务中心,县市区,433101,吉首某路1号,0743-88880000,失业登记\n";

#[tokio::test]
async fn prefecture_staff_import_within_their_divisions_and_it_is_audited() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    assert_eq!(send(&app, csv_import("", CSV)).await.0, StatusCode::UNAUTHORIZED);

    let cookie = staff_cookie(&app, &store, &sms, "DEMO-430100", "changsha.admin", "13600000001").await;
    assert!(cookie.starts_with("__Host-portal_staff="));
    let (status, _, body) = send(&app, csv_import(&cookie, CSV)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report: app::api::institutions::ImportReport = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (report.rows, report.valid, report.applied),
        (2, 1, 0),
        "a bad row: nothing applied"
    );
    assert!(report.errors[0].message.contains("管辖范围"));

    let partial = Request::post("/api/v1/institutions/import?apply_valid_rows=true")
        .header(header::CONTENT_TYPE, "text/csv")
        .header(header::COOKIE, &cookie)
        .body(Body::from(CSV))
        .unwrap();
    let (_, _, body) = send(&app, partial).await;
    let report: app::api::institutions::ImportReport = serde_json::from_str(&body).unwrap();
    assert_eq!(report.applied, 1);
    assert_eq!(
        send(&app, get("/api/v1/institutions/HN-430104")).await.0,
        StatusCode::OK,
        "visible at once"
    );

    let audit = store.recent_audit(10).await.unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[0].0, "changsha.admin");
    assert_eq!(audit[0].1, "import_institutions");
    assert!(audit[0].2.contains("applied=1"));
}

#[tokio::test]
async fn community_staff_cannot_import_the_list() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let cookie = staff_cookie(
        &app,
        &store,
        &sms,
        "DEMO-430104901001",
        "community.worker",
        "13600000002",
    )
    .await;
    let (status, _, body) = send(&app, csv_import(&cookie, CSV)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("省级和市州级"), "{body}");
}

#[tokio::test]
async fn staff_passwords_lock_after_five_failures_and_citizen_codes_open_nothing() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let (services, _) = app::backend::testing::backend(store.clone()).await;
    let p = app::domain::phone::Phone::parse("13600000003").unwrap();
    services
        .auth
        .add_staff(
            "county.staff",
            "correct horse battery",
            &p,
            "DEMO-430104",
            Default::default(),
            1,
        )
        .await
        .unwrap();
    for _ in 0..5 {
        let (status, _, body) = send(
            &app,
            json_post(
                "/api/v1/staff/session",
                r#"{"username":"county.staff","password":"wrong password!"}"#,
            ),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("用户名或密码不正确"));
    }
    let (status, headers, _) = send(
        &app,
        json_post(
            "/api/v1/staff/session",
            r#"{"username":"county.staff","password":"correct horse battery"}"#,
        ),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "locked even with the right password"
    );
    assert!(headers.contains_key(header::RETRY_AFTER));
    // The same answer for a username that does not exist.
    let (_, _, body) = send(
        &app,
        json_post("/api/v1/staff/session", r#"{"username":"nobody","password":"x"}"#),
    )
    .await;
    assert!(body.contains("用户名或密码不正确"));

    // A citizen's code cannot complete a staff sign-in.
    let (_, _, body) = send(&app, json_post("/api/v1/auth/codes", r#"{"phone":"13600000003"}"#)).await;
    let challenge = serde_json::from_str::<serde_json::Value>(&body).unwrap()["challenge"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = code_sent_to(&sms, &p);
    let (status, _, _) = send(
        &app,
        json_post(
            "/api/v1/staff/session/code",
            &format!(r#"{{"challenge":"{challenge}","code":"{code}"}}"#),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
