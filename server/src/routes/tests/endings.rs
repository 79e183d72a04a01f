//! 注销 on the staff pages without JavaScript, and over the API: reason 5 told first and then
//! withdrawn, reason 10 ended with nothing sent, and a refusal taken down from a phone call.

use super::staff_queue::{page_as, registered};
use super::*;

#[tokio::test]
async fn staff_announce_withdraw_and_end_on_the_workers_pages_without_javascript() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let (reference, me, staff) = registered(&app, &store, &sms).await;
    let person = format!("/staff/people/{reference}");
    let post = |path: &str, body: &str| form_post_with(path, body, "same-origin", &format!("; {staff}"));

    // The person read the conditions from the start.
    let (_, _, html) = send(&app, page_as("/registration", &me)).await;
    assert!(
        html.contains("什么情况下失业登记会注销") && html.contains("完全丧失劳动能力"),
        "{html}"
    );

    let (_, _, html) = send(&app, page_as(&person, &staff)).await;
    assert!(html.contains(&format!(r#"href="{person}/end""#)), "{html}");
    let (_, _, html) = send(&app, page_as(&format!("{person}/end"), &staff)).await;
    assert!(
        html.contains("5. 完全丧失劳动能力") && html.contains("先告知本人，10天后注销"),
        "{html}"
    );
    assert!(html.contains("10. 死亡") && html.contains("按规定不告知本人"), "{html}");

    // Reason 5 without saying how it was verified: named, and the form comes back.
    let (status, _, html) = send(&app, post(&format!("{person}/end"), "reason=5&verified=")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("核实情况：请写明如何核实的") && html.contains("原因5：完全丧失劳动能力"),
        "{html}"
    );
    let (status, headers, _) = send(
        &app,
        post(
            &format!("{person}/end"),
            "reason=5&verified=%E6%AE%8B%E8%81%94%E6%A0%B8%E5%AE%9E",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let ends_on = app::domain::registration::ending::ends_on(app::backend::testing::test_now().today(), 10).iso();
    let to = headers[header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(to, format!("{person}?announced={ends_on}#ending"));
    let (_, _, html) = send(&app, page_as(&to, &staff)).await;
    assert!(html.contains("拟注销：原因5") && html.contains("撤销拟注销"), "{html}");
    let (_, _, body) = send(&app, page_as("/api/v1/me/registration", &me)).await;
    let view: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (view["status"].as_str(), view["pending_ending"]["ends_on"].as_str()),
        (Some("registered"), Some(ends_on.as_str()))
    );
    let (_, _, html) = send(&app, page_as("/registration", &me)).await;
    assert!(
        html.contains("您符合注销失业登记的条件") && html.contains(&ends_on),
        "{html}"
    );

    // Withdrawn: a reason is needed; then it stays registered.
    let (_, _, html) = send(&app, post(&format!("{person}/end/withdraw"), "note=")).await;
    assert!(
        html.contains("撤销原因：请写明") && html.contains(r##"href="#withdraw-note""##),
        "{html}"
    );
    let (status, headers, _) = send(
        &app,
        post(
            &format!("{person}/end/withdraw"),
            "note=%E6%9C%AC%E4%BA%BA%E5%BC%82%E8%AE%AE",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], format!("{person}?withdrawn=1"));
    let (_, _, body) = send(&app, page_as("/api/v1/me/registration", &me)).await;
    assert!(
        body.contains(r#""pending_ending":null"#) && body.contains(r#""status":"registered""#),
        "{body}"
    );

    // Reason 10 over the API: ended at once, and nothing new in the person's inbox.
    let (_, _, before) = send(&app, page_as("/api/v1/me/notices", &me)).await;
    let end = json_send(
        "POST",
        &format!("/api/v1/staff/registrations/{reference}/end"),
        r#"{"reason":"10","verified":"派出所出具死亡证明"}"#,
        &staff,
    );
    let (status, _, body) = send(&app, end).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, r#"{"ended":true,"ends_on":null}"#)
    );
    let (_, _, after) = send(&app, page_as("/api/v1/me/notices", &me)).await;
    let count = |json: &str| {
        serde_json::from_str::<serde_json::Value>(json)
            .unwrap()
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(count(&after), count(&before), "{after}");
    let (_, _, html) = send(&app, page_as(&person, &staff)).await;
    assert!(
        html.contains("已注销") && !html.contains(&format!(r#"href="{person}/end""#)),
        "{html}"
    );
}

#[tokio::test]
async fn staff_take_down_a_refusal_given_by_phone_on_the_service_card() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let (reference, me, staff) = registered(&app, &store, &sms).await;
    let referral = format!(
        r#"{{"references":["{reference}"],"kind":"job_referral","given_on":"{}","channel":"phone",
            "content":{{"employer":"某某物流（示例）","position":"仓库管理员"}}}}"#,
        app::backend::testing::test_now().today().iso()
    );
    let (status, _, _) = send(&app, json_send("POST", "/api/v1/staff/services", &referral, &staff)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, _, body) = send(&app, page_as("/api/v1/me/services", &me)).await;
    let services: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = services["records"][0]["id"].as_str().unwrap().to_owned();
    let person = format!("/staff/people/{reference}");
    let (_, _, html) = send(&app, page_as(&person, &staff)).await;
    assert!(
        html.contains(&format!(r#"action="/staff/services/{id}/answer""#)),
        "{html}"
    );

    let post = |body: &str| {
        form_post_with(
            &format!("/staff/services/{id}/answer"),
            body,
            "same-origin",
            &format!("; {staff}"),
        )
    };
    let (status, _, html) = send(&app, post("answer=declined&reason=not_interested")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("答复方式：请选择"), "{html}");
    let (status, headers, _) = send(&app, post("via=phone&answer=declined&reason=not_interested")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], format!("{person}#service-{id}"));
    let (_, _, html) = send(&app, page_as(&person, &staff)).await;
    assert!(
        html.contains("（电话答复，工作人员记录）") && html.contains("不属于正当理由，计入连续拒绝次数"),
        "{html}"
    );
    let (_, _, body) = send(&app, page_as("/api/v1/me/services", &me)).await;
    assert!(
        body.contains(r#""refusals_in_a_row":1"#) && body.contains(r#""answered_via":"电话""#),
        "{body}"
    );
}
