//! Registration and 311 over the API, and who may see whose data.

use super::*;

/// A whole registration form (JSON object), registering at a demo community of 岳麓区.
pub(super) fn full_answers(name: &str) -> String {
    serde_json::json!({
        "able_to_work": "1", "wants_work": "1", "without_work": "1", "drawing_pension": "0",
        "name": name, "phone": "13511112222",
        "household_division": "430104", "household_address": "岳麓区枫林小区", "household_kind": "10",
        "residence_division": "430104", "residence_address": "岳麓区枫林小区2栋",
        "ethnicity": "01", "education": "20", "health": "1",
        "reason": "10", "ended_year": "2026", "ended_month": "7", "ended_day": "1",
        "certificates": "", "difficulty": "", "job_1": "会计", "training_wish": "0", "business_wish": "0", "claim_benefit": "0",
        "place_kind": "residence", "office": "DEMO-430104901001"
    })
    .to_string()
}

#[tokio::test]
async fn registration_over_the_api_once_per_key_then_decided_by_the_right_staff() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let me = person_cookie(&app, &sms, "13577778888").await;
    let put = json_send(
        "PUT",
        "/api/v1/me/identity",
        r#"{"kind":"resident_id","number":"11010519491231002X"}"#,
        &me,
    );
    assert_eq!(send(&app, put).await.0, StatusCode::OK);

    // Wrong answers are saved and named, never refused wholesale.
    let bad = r#"{"answers":{"name":"王1","ethnicity":"99"}}"#;
    let (status, _, body) = send(&app, json_send("PUT", "/api/v1/me/registration/draft", bad, &me)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let view: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(view["next_step"], "eligibility");
    let unknown = r#"{"answers":{"salary":"1"}}"#;
    let (status, _, body) = send(&app, json_send("PUT", "/api/v1/me/registration/draft", unknown, &me)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("salary：没有这一项"), "{body}");

    let draft = format!(r#"{{"answers":{}}}"#, full_answers("王小明"));
    let (_, _, body) = send(&app, json_send("PUT", "/api/v1/me/registration/draft", &draft, &me)).await;
    assert!(body.contains(r#""next_step":"check""#), "{body}");
    let version = app::domain::registration::declaration::VERSION;
    let unsigned = format!(
        r#"{{"idempotency_key":"k1","declaration_accepted":true,"signature":"李四","declaration_version":"{version}"}}"#
    );
    let (status, _, body) = send(&app, json_send("POST", "/api/v1/me/registrations", &unsigned, &me)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains(r#""field":"signature""#) && body.contains("签名"),
        "{body}"
    );

    let submit = format!(
        r#"{{"idempotency_key":"k1","declaration_accepted":true,"signature":"王小明","declaration_version":"{version}"}}"#
    );
    let (s1, _, first) = send(&app, json_send("POST", "/api/v1/me/registrations", &submit, &me)).await;
    let (s2, _, second) = send(&app, json_send("POST", "/api/v1/me/registrations", &submit, &me)).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    let reference = |b: &str| serde_json::from_str::<serde_json::Value>(b).unwrap()["reference"].clone();
    assert_eq!(reference(&first), reference(&second), "one registration per key");
    let other_key = submit.replace("\"k1\"", "\"k2\"");
    let (status, _, body) = send(&app, json_send("POST", "/api/v1/me/registrations", &other_key, &me)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("不能重复申请"), "{body}");
    let reference = reference(&first).as_str().unwrap().to_owned();

    // Staff next door see nothing; the community's staff decide.
    let elsewhere = staff_cookie(&app, &store, &sms, "DEMO-430104901002", "other", "13900001111").await;
    let here = staff_cookie(&app, &store, &sms, "DEMO-430104901001", "here", "13900002222").await;
    let list = |cookie: &str| {
        Request::get("/api/v1/staff/registrations?status=submitted")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(send(&app, list(&elsewhere)).await.2, "[]");
    let (_, headers, body) = send(&app, list(&here)).await;
    assert!(
        body.contains(&reference) && body.contains("王*明") && !body.contains("王小明"),
        "{body}"
    );
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let decide = |cookie: &str, decision: &str| {
        json_send(
            "POST",
            &format!("/api/v1/staff/registrations/{reference}/decision"),
            &format!(r#"{{"decision":"{decision}"}}"#),
            cookie,
        )
    };
    assert_eq!(
        send(&app, decide(&elsewhere, "register")).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _, body) = send(&app, decide(&here, "register")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let mine = Request::get("/api/v1/me/registration")
        .header(header::COOKIE, &me)
        .body(Body::empty())
        .unwrap();
    let (_, _, body) = send(&app, mine).await;
    assert!(body.contains(r#""status":"registered""#), "{body}");

    // 311 over the API: staff next door cannot record; the worker reads and answers.
    let referral = format!(
        r#"{{"references":["{reference}"],"kind":"job_referral","given_on":"{}","channel":"phone",
            "content":{{"employer":"某某物流（示例）","position":"仓库管理员","contact":"0731-00000001"}}}}"#,
        app::backend::testing::test_now().today().iso()
    );
    let record = |cookie: &str| json_send("POST", "/api/v1/staff/services", &referral, cookie);
    assert_eq!(send(&app, record(&elsewhere)).await.0, StatusCode::NOT_FOUND);
    let (status, _, body) = send(&app, record(&here)).await;
    assert_eq!((status, body.as_str()), (StatusCode::CREATED, r#"{"recorded":1}"#));
    let get_as = |path: &str, cookie: &str| {
        Request::get(path)
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap()
    };
    let (_, _, body) = send(&app, get_as("/api/v1/me/services", &me)).await;
    let services: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(services["progress"][0]["given"], 1, "{body}");
    let id = services["records"][0]["id"].as_str().unwrap().to_owned();
    let answer = |json: &str| json_send("POST", &format!("/api/v1/me/services/{id}/answer"), json, &me);
    let (status, _, body) = send(&app, answer(r#"{"answer":"declined"}"#)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(r#""field":"reason""#), "{body}");
    let (status, _, body) = send(&app, answer(r#"{"answer":"declined","reason":"health"}"#)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains(r#""good_reason":true"#), "{body}");
    let staff_view = format!("/api/v1/staff/registrations/{reference}/services");
    assert_eq!(
        send(&app, get_as(&staff_view, &elsewhere)).await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _, body) = send(&app, get_as(&staff_view, &here)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains(r#""may_end_for":[]"#), "{body}");
    let end = json_send(
        "POST",
        &format!("/api/v1/staff/registrations/{reference}/end"),
        r#"{"reason":"8","verified":"电话核实"}"#,
        &here,
    );
    let (status, _, body) = send(&app, end).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let (_, _, body) = send(&app, get_as("/api/v1/me/notices", &me)).await;
    assert!(body.contains("您有新的就业服务：岗位推荐"), "{body}");
}

#[tokio::test]
async fn no_route_shows_one_persons_data_to_another() {
    let (app, _store, _dir, sms) = test_app_with_sms().await;
    let a = person_cookie(&app, &sms, "13511112222").await;
    let b = person_cookie(&app, &sms, "13533334444").await;
    let put = Request::put("/api/v1/me/identity")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &a)
        .body(Body::from(r#"{"kind":"resident_id","number":"11010519491231002X"}"#))
        .unwrap();
    assert_eq!(send(&app, put).await.0, StatusCode::OK);
    let draft = format!(r#"{{"answers":{}}}"#, full_answers("王小明"));
    let (status, _, body) = send(&app, json_send("PUT", "/api/v1/me/registration/draft", &draft, &a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let submit = format!(
        r#"{{"idempotency_key":"a1","declaration_accepted":true,"signature":"王小明","declaration_version":"{}"}}"#,
        app::domain::registration::declaration::VERSION
    );
    let (status, _, body) = send(&app, json_send("POST", "/api/v1/me/registrations", &submit, &a)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let reference = serde_json::from_str::<serde_json::Value>(&body).unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    let a_marks = [
        "1351111",
        "135****2222",
        "1101**********002X",
        "11010519491231002X",
        "13511112222",
        "王小明",
        "枫林小区",
        reference.as_str(),
    ];

    // Every GET path the API documents (and the personal pages), with B's session.
    let (_, _, doc) = send(&app, get("/api/v1/openapi.json")).await;
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let mut paths: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, item)| item.get("get").is_some())
        .map(|(path, _)| path.replace("{code}", "DEMO-430104").replace("{reference}", &reference) + "?reason=x")
        .collect();
    paths.extend(
        [
            "/account",
            "/signin",
            "/register",
            "/register/name",
            "/register/contact",
            "/register/check",
            "/register/declaration",
            "/registration",
        ]
        .map(str::to_owned),
    );
    assert!(paths.contains(&"/api/v1/me?reason=x".to_owned()));
    assert!(paths.contains(&"/api/v1/me/registration?reason=x".to_owned()));
    for path in &paths {
        let req = Request::get(path.as_str())
            .header(header::COOKIE, &b)
            .body(Body::empty())
            .unwrap();
        let (_, _, body) = send(&app, req).await;
        for mark in a_marks {
            assert!(!body.contains(mark), "{path} shows A's {mark} to B");
        }
    }
    // B states A's document: refused without saying whose it is.
    let steal = Request::put("/api/v1/me/identity")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &b)
        .body(Body::from(r#"{"kind":"resident_id","number":"11010519491231002X"}"#))
        .unwrap();
    let (status, _, body) = send(&app, steal).await;
    assert_eq!(status, StatusCode::CONFLICT);
    for mark in a_marks {
        assert!(!body.contains(mark));
    }
}
