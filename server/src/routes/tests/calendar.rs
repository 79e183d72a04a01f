//! The working-day calendar over the API, and the staff desk's warning for a year not imported.

use super::*;

#[tokio::test]
async fn a_shipped_year_lists_its_holidays_and_weekend_working_days() {
    let (app, _store, _dir) = test_app().await;
    let (status, _, body) = send(&app, get("/api/v1/calendar/2026")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let year: app::api::calendar::CalendarYear = serde_json::from_str(&body).unwrap();
    assert!(year
        .holidays
        .iter()
        .any(|h| h.name == "国庆节" && h.from == "2026-10-01"));
    assert!(year.working_days.contains(&"2026-10-10".to_owned()), "{body}");

    let (status, _, body) = send(&app, get("/api/v1/calendar/2031")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("2031年的节假日安排尚未导入"), "{body}");
    assert_eq!(send(&app, get("/api/v1/calendar/next")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deadlines_skip_the_holidays_and_name_a_bad_parameter() {
    let (app, _store, _dir) = test_app().await;
    let (status, _, body) = send(&app, get("/api/v1/calendar/deadline?from=2026-09-30&working_days=5")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let d: app::api::calendar::Deadline = serde_json::from_str(&body).unwrap();
    assert_eq!((d.due.as_str(), d.calendar_known), ("2026-10-13", true));

    let (status, _, body) = send(&app, get("/api/v1/calendar/deadline?from=2026-09-31&working_days=5")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains(r#""field":"from""#) && !body.contains(r#""field":"working_days""#),
        "{body}"
    );
    let (status, _, body) = send(&app, get("/api/v1/calendar/deadline?from=2026-09-30&working_days=0")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(r#""field":"working_days""#), "{body}");
}

#[tokio::test]
async fn only_a_provincial_administrator_replaces_a_year() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let body = r#"{"year":2027,"source":"国务院办公厅关于2027年部分节假日安排的通知","holidays":[{"name":"元旦","from":"2027-01-01","to":"2027-01-01"}]}"#;
    let put = |cookie: &str, path: &str| json_send("PUT", path, body, cookie);
    assert_eq!(
        send(&app, put("", "/api/v1/staff/calendar/2027")).await.0,
        StatusCode::UNAUTHORIZED
    );
    let clerk = staff_cookie(&app, &store, &sms, "DEMO-430100", "cs.clerk", "13600000002").await;
    let (status, _, reply) = send(&app, put(&clerk, "/api/v1/staff/calendar/2028")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(reply.contains(r#""field":"year""#), "{reply}");
    let (status, _, reply) = send(&app, put(&clerk, "/api/v1/staff/calendar/2027")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{reply}");
    assert_eq!(send(&app, get("/api/v1/calendar/2027")).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_staff_desk_warns_while_the_coming_year_is_missing() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let cookie = staff_cookie(&app, &store, &sms, "DEMO-430100", "cs.desk", "13600000003").await;
    let page = Request::get("/staff")
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(&app, page).await;
    assert_eq!(status, StatusCode::OK);
    // The test clock stands in November 2026; 2025 and 2026 ship, 2027 does not.
    assert!(body.contains("2027年的法定节假日安排尚未导入"), "{body}");
}
