//! 就业失业动态确认 by staff on the worker's page, without JavaScript.

use super::staff_queue::{page_as, registered};
use super::*;

#[tokio::test]
async fn staff_record_a_check_on_the_workers_page_without_javascript() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let (reference, me, staff) = registered(&app, &store, &sms).await;
    let path = format!("/staff/people/{reference}");
    let post = |body: &str| form_post_with(&format!("{path}/check"), body, "same-origin", &format!("; {staff}"));

    let (_, _, html) = send(&app, page_as(&path, &staff)).await;
    assert!(html.contains("本月尚未确认"), "{html}");

    // Without a channel: named, the result kept.
    let (_, _, html) = send(&app, post("result=looking")).await;
    assert!(html.contains("确认方式：请选择电话、走访或信息比对"), "{html}");
    assert!(html.contains(r#"value="looking" checked"#), "{html}");

    let (status, headers, _) = send(&app, post("channel=phone&result=looking")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(to.starts_with(&format!("{path}?checked=1")), "{to}");
    let (_, _, html) = send(&app, page_as(&to, &staff)).await;
    assert!(
        html.contains("已记录本次确认") && html.contains("本月已确认：仍在找工作（电话）"),
        "{html}"
    );

    // The person need not confirm this month any more.
    let (_, _, body) = send(&app, page_as("/api/v1/me/registration", &me)).await;
    let view: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["confirmation_due"], false, "{body}");

    // The API says the same, and names a bad result.
    let api = |body: &str| {
        json_send(
            "POST",
            &format!("/api/v1/staff/registrations/{reference}/checks"),
            body,
            &staff,
        )
    };
    let (status, _, body) = send(&app, api(r#"{"channel":"data_match","result":"unreachable"}"#)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(r#""field":"result""#), "{body}");
    let (status, _, body) = send(&app, api(r#"{"channel":"visit","result":"looking"}"#)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.contains(r#""method":"电话""#),
        "the month keeps its first check: {body}"
    );
}
