//! 大厅协助办理 without JavaScript: the staff member sends the code to the person's phone, the
//! person reads it out, the application is made in this browser, and the person's session ends
//! when it is done; staff see it was made at the hall.

use super::registration::full_answers;
use super::staff_queue::page_as;
use super::*;

#[tokio::test]
async fn staff_start_a_registration_at_the_hall_for_the_person_present() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let staff = staff_cookie(&app, &store, &sms, "DEMO-430104", "hall.clerk", "13900002222").await;
    let post =
        |path: &str, body: &str, cookies: &str| form_post_with(path, body, "same-origin", &format!("; {cookies}"));

    let (_, _, html) = send(&app, page_as("/staff/assist", &staff)).await;
    assert!(
        html.contains("大厅协助办理失业登记") && html.contains(r#"href="/staff/assist""#),
        "{html}"
    );
    let (status, _, html) = send(&app, post("/staff/assist", "phone=1381234", &staff)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("手机号码："), "{html}");
    let (status, headers, _) = send(&app, post("/staff/assist", "phone=13812345678", &staff)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let to = headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(to.starts_with("/staff/assist/code?c="), "{to}");
    let (_, _, html) = send(&app, page_as(&to, &staff)).await;
    assert!(
        html.contains("请本人读出短信验证码") && html.contains("138****5678"),
        "{html}"
    );
    let challenge = to.split_once("c=").unwrap().1.to_owned();

    let (status, _, html) = send(
        &app,
        post("/staff/assist/code", &format!("c={challenge}&code=12"), &staff),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r##"href="#code""##), "{html}");
    let code = code_from(&sms);
    let (status, headers, _) = send(
        &app,
        post("/staff/assist/code", &format!("c={challenge}&code={code}"), &staff),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/register");
    let person = set_cookie(&headers);
    assert!(person.starts_with("__Host-portal_session="), "{person}");

    // The application, made in this browser as the person's.
    let identity = r#"{"kind":"resident_id","number":"11010519491231002X"}"#;
    assert_eq!(
        send(&app, json_send("PUT", "/api/v1/me/identity", identity, &person))
            .await
            .0,
        StatusCode::OK
    );
    let draft = format!(r#"{{"answers":{}}}"#, full_answers("王小明"));
    send(&app, json_send("PUT", "/api/v1/me/registration/draft", &draft, &person)).await;
    let version = app::domain::registration::declaration::VERSION;
    let submit = format!(
        r#"{{"idempotency_key":"hall","declaration_accepted":true,"signature":"王小明","declaration_version":"{version}"}}"#
    );
    let (status, _, body) = send(&app, json_send("POST", "/api/v1/me/registrations", &submit, &person)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let view: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["made_at_hall"], true, "{body}");
    let reference = view["reference"].as_str().unwrap().to_owned();
    let both = format!("{person}; {staff}");
    let (_, _, html) = send(&app, page_as("/registration?submitted=1", &both)).await;
    assert!(html.contains("办理完毕，退出本人账号"), "{html}");

    // Done: the person's session ends, the staff member's stays.
    let (status, headers, _) = send(&app, post("/staff/assist/end", "", &both)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/staff/assist?done=1");
    assert_eq!(
        send(&app, page_as("/api/v1/me/registration", &person)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, _, html) = send(
        &app,
        page_as(
            &format!("/staff/applications/{reference}?why=%E5%AE%A1%E6%A0%B8%E7%94%B3%E8%AF%B7"),
            &staff,
        ),
    )
    .await;
    assert!(html.contains("服务大厅协助办理（工作人员 hall.clerk）"), "{html}");
}

#[tokio::test]
async fn the_hall_sign_in_over_the_api_needs_a_staff_member() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let staff = staff_cookie(&app, &store, &sms, "DEMO-430104", "hall.clerk", "13900002222").await;
    let phone = r#"{"phone":"13812345678"}"#;
    assert_eq!(
        send(&app, json_post("/api/v1/staff/assist/codes", phone)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, _, body) = send(&app, json_send("POST", "/api/v1/staff/assist/codes", phone, &staff)).await;
    let challenge = serde_json::from_str::<serde_json::Value>(&body).unwrap()["challenge"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = format!(r#"{{"challenge":"{challenge}","code":"{}"}}"#, code_from(&sms));
    assert_eq!(
        send(&app, json_post("/api/v1/staff/assist/session", &body)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, headers, me) = send(&app, json_send("POST", "/api/v1/staff/assist/session", &body, &staff)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    let person = set_cookie(&headers);
    assert!(person.starts_with("__Host-portal_session="), "{person}");
    assert!(me.contains("138****5678"), "{me}");
}

#[tokio::test]
async fn a_person_left_signed_in_at_the_hall_is_shown_and_ends_with_the_staff_sign_out() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let staff = staff_cookie(&app, &store, &sms, "DEMO-430104", "hall.clerk", "13900002222").await;
    let post =
        |path: &str, body: &str, cookies: &str| form_post_with(path, body, "same-origin", &format!("; {cookies}"));
    let (_, headers, _) = send(&app, post("/staff/assist", "phone=13812345678", &staff)).await;
    let to = headers[header::LOCATION].to_str().unwrap().to_owned();
    let challenge = to.split_once("c=").unwrap().1.to_owned();
    let code = code_from(&sms);
    assert!(sms
        .last_to(&app::domain::phone::Phone::parse("13812345678").unwrap())
        .unwrap()
        .contains("服务大厅"));
    let (_, headers, _) = send(
        &app,
        post("/staff/assist/code", &format!("c={challenge}&code={code}"), &staff),
    )
    .await;
    let person = set_cookie(&headers);
    let both = format!("{person}; {staff}");

    // The citizen pages in the staff member's browser say whose they are; the person's own
    // browser shows no banner.
    let (_, _, html) = send(&app, page_as("/institutions", &both)).await;
    assert!(html.contains("大厅协助办理：正在为 138****5678 办理"), "{html}");
    let (_, _, html) = send(&app, page_as("/institutions", &person)).await;
    assert!(!html.contains("hall-banner"), "{html}");

    // Left halfway: the assist page says so and offers to end it.
    let (_, _, html) = send(&app, page_as("/staff/assist", &both)).await;
    assert!(
        html.contains("本机仍登录着 138****5678 的账号") && html.contains("结束协助，退出本人账号"),
        "{html}"
    );
    let (_, _, html) = send(&app, page_as("/staff/assist", &staff)).await;
    assert!(!html.contains("本机仍登录着"), "{html}");

    // The staff member signs out: the person's session ends too.
    let (status, headers, _) = send(&app, post("/staff/signout", "", &both)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cleared: Vec<&str> = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        cleared.iter().any(|c| c.starts_with("__Host-portal_session=;")),
        "{cleared:?}"
    );
    assert_eq!(
        send(&app, page_as("/api/v1/me", &person)).await.0,
        StatusCode::UNAUTHORIZED
    );
}
