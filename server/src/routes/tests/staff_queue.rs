//! 待办 on the staff pages without JavaScript: the queue, the reason asked before anything
//! personal is shown, decisions and 转办 as plain form posts, and the person told.

use super::registration::full_answers;
use super::*;

/// A person of 岳麓区 with a submitted application; answers its 受理编号 and the cookie.
pub(super) async fn submitted(
    app: &Router,
    sms: &app::backend::notify::RecordingSms,
    phone: &str,
    name: &str,
) -> (String, String) {
    let me = person_cookie(app, sms, phone).await;
    let identity = r#"{"kind":"resident_id","number":"11010519491231002X"}"#;
    assert_eq!(
        send(app, json_send("PUT", "/api/v1/me/identity", identity, &me))
            .await
            .0,
        StatusCode::OK
    );
    let draft = format!(r#"{{"answers":{}}}"#, full_answers(name));
    send(app, json_send("PUT", "/api/v1/me/registration/draft", &draft, &me)).await;
    let version = app::domain::registration::declaration::VERSION;
    let submit = format!(
        r#"{{"idempotency_key":"k1","declaration_accepted":true,"signature":"{name}","declaration_version":"{version}"}}"#
    );
    let (status, _, body) = send(app, json_send("POST", "/api/v1/me/registrations", &submit, &me)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let view: serde_json::Value = serde_json::from_str(&body).unwrap();
    (view["reference"].as_str().unwrap().to_owned(), me)
}

/// A registered worker of 岳麓区 and a signed-in staff member of the county who registered
/// them: `(reference, person cookie, staff cookie)`.
pub(super) async fn registered(
    app: &Router,
    store: &Store,
    sms: &app::backend::notify::RecordingSms,
) -> (String, String, String) {
    let (reference, me) = submitted(app, sms, "13577778888", "王小明").await;
    let staff = staff_cookie(app, store, sms, "DEMO-430104", "yuelu", "13900002222").await;
    let register = json_send(
        "POST",
        &format!("/api/v1/staff/registrations/{reference}/decision"),
        r#"{"decision":"register"}"#,
        &staff,
    );
    assert_eq!(send(app, register).await.0, StatusCode::OK);
    (reference, me, staff)
}

pub(super) fn page_as(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn an_application_goes_through_the_queue_on_the_staff_pages_without_javascript() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let (reference, me) = submitted(&app, &sms, "13577778888", "王小明").await;
    let staff = staff_cookie(&app, &store, &sms, "DEMO-430104", "yuelu", "13900002222").await;
    let post = |path: String, body: &str| form_post_with(&path, body, "same-origin", &format!("; {staff}"));

    // 待办 in the staff layout: the menu, who is signed in, no citizen navigation.
    let (status, _, html) = send(&app, page_as("/staff", &staff)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&reference) && html.contains("王*明") && html.contains("剩"),
        "{html}"
    );
    assert!(
        html.contains(r#"aria-label="工作人员菜单""#) && html.contains("yuelu · 岳麓区"),
        "{html}"
    );
    assert!(!html.contains("bottom-nav"), "staff pages have no citizen navigation");

    // Nothing personal before a reason; an empty reason is named.
    let path = format!("/staff/applications/{reference}");
    let (_, _, html) = send(&app, page_as(&path, &staff)).await;
    assert!(
        html.contains("查看原因") && !html.contains("11010519491231002X"),
        "{html}"
    );
    let (_, _, html) = send(&app, page_as(&format!("{path}?why="), &staff)).await;
    assert!(html.contains("查看原因：请选择查看原因"), "{html}");
    let opened = format!("{path}?why=%E5%AE%A1%E6%A0%B8%E7%94%B3%E8%AF%B7");
    let (_, _, html) = send(&app, page_as(&opened, &staff)).await;
    assert!(
        html.contains("11010519491231002X") && html.contains("办理记录") && html.contains("受理"),
        "{html}"
    );
    assert!(
        html.contains("1949-12-31"),
        "the date of birth, from the number: {html}"
    );

    // 受理 as a form post: back to 待办 with the banner.
    let (status, headers, _) = send(&app, post(format!("{path}/decision"), "decision=accept&why=审核申请")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = headers[header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(to, format!("/staff?done=accepted&ref={reference}"));
    let (_, _, html) = send(&app, page_as(&to, &staff)).await;
    assert!(
        html.contains(&format!("受理编号 {reference} 已受理，已通知本人。")),
        "{html}"
    );

    // 其他 without words: the page again, opened for the same reason, the choice kept.
    let (_, _, html) = send(
        &app,
        post(
            format!("{path}/decision"),
            "decision=refuse&refusal_code=other&reason=&why=审核申请",
        ),
    )
    .await;
    assert!(
        html.contains("说明：选择“其他”时请写明原因") && html.contains("11010519491231002X"),
        "{html}"
    );
    assert!(html.contains(r#"value="other" checked"#), "{html}");

    // 转办 to 芙蓉区: named in the banner; out of this office's queue.
    let (status, headers, _) = send(
        &app,
        post(
            format!("{path}/transfer"),
            "office=DEMO-430102&note=常住芙蓉区&why=审核申请",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = headers[header::LOCATION].to_str().unwrap().to_owned();
    let (_, _, html) = send(&app, page_as(&to, &staff)).await;
    assert!(html.contains("已转至芙蓉区") && html.contains("暂无待办"), "{html}");

    // The person sees the new office and each step, and was told twice.
    let (_, _, body) = send(&app, page_as("/api/v1/me/registration", &me)).await;
    let view: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["office"]["code"], "DEMO-430102");
    assert_eq!(view["status"], "accepted");
    let (_, _, body) = send(&app, page_as("/api/v1/me/notices", &me)).await;
    assert!(
        body.contains("您的失业登记申请已受理") && body.contains("您的失业登记申请已转办"),
        "{body}"
    );
}

#[tokio::test]
async fn the_queue_api_filters_and_names_a_filter_outside_the_area() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let (reference, _) = submitted(&app, &sms, "13577778888", "王小明").await;
    let staff = staff_cookie(&app, &store, &sms, "DEMO-430104", "yuelu", "13900002222").await;
    let (status, _, body) = send(&app, page_as("/api/v1/staff/queue?status=submitted", &staff)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let queue: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(queue["items"][0]["summary"]["reference"], reference.as_str());
    assert_eq!(queue["counts"][0]["count"], 1);
    let (status, _, body) = send(&app, page_as("/api/v1/staff/queue?division=430102", &staff)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(r#""field":"division""#), "{body}");
    assert_eq!(send(&app, get("/api/v1/staff/queue")).await.0, StatusCode::UNAUTHORIZED);
    let transfer = json_send(
        "POST",
        &format!("/api/v1/staff/registrations/{reference}/transfer"),
        r#"{"office":"DEMO-430102"}"#,
        &staff,
    );
    let (status, _, body) = send(&app, transfer).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains(r#""institution_code":"DEMO-430102""#), "{body}");
}
