//! Sign-in by phone and WeChat, sessions, changing the phone.

use super::*;

#[tokio::test]
async fn sign_in_over_the_api_with_a_proper_session_cookie() {
    let (app, _store, _dir, sms) = test_app_with_sms().await;
    let (status, headers, body) = send(&app, json_post("/api/v1/auth/codes", r#"{"phone":"138 1234 5678"}"#)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(sent["phone_masked"], "138****5678");
    let challenge = sent["challenge"].as_str().unwrap();

    // A second request at once: 429, Retry-After, in Chinese.
    let (status, headers, body) = send(&app, json_post("/api/v1/auth/codes", r#"{"phone":"13812345678"}"#)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert!(
        body.contains(r#""code":"rate_limited""#) && body.contains("秒后"),
        "{body}"
    );

    let (status, headers, body) = send(
        &app,
        json_post(
            "/api/v1/auth/session",
            &format!(r#"{{"challenge":"{challenge}","code":"{}"}}"#, code_from(&sms)),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cookie = headers[header::SET_COOKIE].to_str().unwrap().to_owned();
    for part in ["__Host-portal_session=", "Path=/", "Secure", "HttpOnly", "SameSite=Lax"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    let pair = cookie.split(';').next().unwrap().to_owned();

    let me = Request::get("/api/v1/me")
        .header(header::COOKIE, &pair)
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(&app, me).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, r#"{"phone_masked":"138****5678","identity":null}"#)
    );
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");

    let out = Request::delete("/api/v1/auth/session")
        .header(header::COOKIE, &pair)
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&app, out).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    let me = Request::get("/api/v1/me")
        .header(header::COOKIE, &pair)
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(&app, me).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("unauthenticated"));
}

#[tokio::test]
async fn bad_phone_numbers_are_named_in_the_api_error() {
    let (app, _store, _dir) = test_app().await;
    let (status, _, body) = send(&app, json_post("/api/v1/auth/codes", r#"{"phone":"12345"}"#)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let e: app::api::ApiError = serde_json::from_str(&body).unwrap();
    assert_eq!(e.fields[0].field, "phone");
    assert!(e.fields[0].message.starts_with("手机号码"));
}

/// A JSON body that does not fit names the field by its path and what is wrong; a body that
/// is not JSON, or not sent as JSON, says so; all in the one error shape.
#[tokio::test]
async fn json_body_errors_name_the_field() {
    let (app, _store, _dir, sms) = test_app_with_sms().await;
    let error = |body: &str| serde_json::from_str::<app::api::ApiError>(body).unwrap();
    let codes = |body: &str| json_post("/api/v1/auth/codes", body);

    let (status, _, body) = send(&app, codes(r#"{"phone":13812345678}"#)).await;
    let e = error(&body);
    assert_eq!(
        (status, e.fields[0].field.as_str()),
        (StatusCode::BAD_REQUEST, "phone"),
        "{body}"
    );
    assert!(
        e.fields[0].message.contains("类型或取值不对") && e.fields[0].message.contains("string"),
        "{body}"
    );

    let (status, _, body) = send(&app, codes(r#"{"phon":"13812345678"}"#)).await;
    let e = error(&body);
    assert_eq!(
        (status, e.fields[0].field.as_str()),
        (StatusCode::BAD_REQUEST, "phone"),
        "{body}"
    );
    assert!(e.fields[0].message.contains("缺少"), "{body}");

    let (status, _, body) = send(&app, codes(r#"{"phone":"138"#)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error(&body).fields[0].message.contains("JSON"), "{body}");

    let plain = Request::post("/api/v1/auth/codes")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(r#"{"phone":"13812345678"}"#))
        .unwrap();
    let (status, _, body) = send(&app, plain).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(error(&body).message.contains("application/json"), "{body}");

    // Inside a map: the path goes down to the key.
    let me = person_cookie(&app, &sms, "13812345678").await;
    let draft = json_send("PUT", "/api/v1/me/registration/draft", r#"{"answers":{"name":1}}"#, &me);
    let (status, _, body) = send(&app, draft).await;
    assert_eq!(
        (status, error(&body).fields[0].field.as_str()),
        (StatusCode::BAD_REQUEST, "answers.name"),
        "{body}"
    );
}

/// The OpenAPI document lists, for every operation, every error status it can answer, each
/// with the one error shape.
#[tokio::test]
async fn the_openapi_document_lists_every_error_status() {
    let (app, _store, _dir) = test_app().await;
    let (_, _, doc) = send(&app, get("/api/v1/openapi.json")).await;
    let doc: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let mut seen = 0;
    for (path, item) in doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(p, _)| p.starts_with("/api/v1"))
    {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let mut expected = vec!["408", "500", "503"];
            if op.get("requestBody").is_some() {
                expected.extend(["400", "413", "415"]);
            }
            if method != "get" {
                expected.extend(["403", "429"]);
            }
            if path.contains('{') {
                expected.push("404");
            }
            for status in expected {
                let r = &responses[status];
                assert_eq!(
                    r["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ApiError",
                    "{method} {path} {status}"
                );
            }
            seen += 1;
        }
    }
    assert!(seen > 30, "{seen} operations");
    let codes = &doc["paths"]["/api/v1/auth/codes"]["post"]["responses"];
    assert!(codes["429"]["description"].as_str().unwrap().contains("频繁"));
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let (app, _store, _dir) = test_app().await;
    let (status, _, body) = send(&app, form_post("/signin", "phone=13812345678", "cross-site")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("请求来源不正确"));
    let evil = Request::post("/api/v1/auth/codes")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from(r#"{"phone":"13812345678"}"#))
        .unwrap();
    let (status, _, body) = send(&app, evil).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains(r#""code":"forbidden""#));
    let (status, _, _) = send(&app, form_post("/care-mode", "on=1", "same-site")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "same-site is not same-origin");
}

/// The challenge `c` of a `/signin/code?c=…&next=…` location.
fn challenge_in(location: &str) -> String {
    location
        .split("c=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn the_sign_in_forms_work_without_javascript() {
    let (app, _store, _dir, sms) = test_app_with_sms().await;
    // A wrong number: the page again, the error at the top and at the field, the value kept.
    let (status, _, html) = send(
        &app,
        form_post("/signin", "phone=1381234&next=%2Fservices", "same-origin"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("error-summary") && html.contains("11位"), "{html}");
    assert!(html.contains(r#"value="1381234""#));
    assert!(html.contains("<title>错误：登录"));

    let (status, headers, _) = send(
        &app,
        form_post("/signin", "phone=13812345678&next=%2Fservices", "same-origin"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/signin/code?c=") && location.ends_with("&next=%2Fservices"),
        "{location}"
    );
    assert!(!location.contains("13812345678"), "no phone number in URLs");
    let challenge = challenge_in(&location);

    let (status, _, html) = send(&app, get(&location)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("138****5678") && !html.contains("13812345678"));

    let code = code_from(&sms);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (_, _, html) = send(
        &app,
        form_post(
            "/signin/code",
            &format!("c={challenge}&code={wrong}&next=%2Fservices"),
            "same-origin",
        ),
    )
    .await;
    assert!(html.contains("还可以再试4次"), "{html}");

    let (status, headers, _) = send(
        &app,
        form_post(
            "/signin/code",
            &format!("c={challenge}&code={code}&next=%2Fservices"),
            "same-origin",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/services");
    let pair = headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    let account = Request::get("/account")
        .header(header::COOKIE, &pair)
        .body(Body::empty())
        .unwrap();
    let (_, headers, html) = send(&app, account).await;
    assert!(html.contains("138****5678") && html.contains("退出登录"), "{html}");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");

    let out = form_post_with("/signout", "x=1", "same-origin", &format!("; {pair}"));
    let (status, headers, _) = send(&app, out).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
    let account = Request::get("/account")
        .header(header::COOKIE, &pair)
        .body(Body::empty())
        .unwrap();
    assert!(send(&app, account).await.2.contains("您还没有登录"));
}

/// A pass's number carries no date of birth: its holder gives it in three boxes on the same
/// form, and a post without it comes back naming it, with everything typed kept.
#[tokio::test]
async fn pass_holders_give_their_birth_date_on_the_identity_form_without_javascript() {
    let (app, _store, _dir, sms) = test_app_with_sms().await;
    let me = person_cookie(&app, &sms, "13566668888").await;
    let post = |body: &str| form_post_with("/account/identity", body, "same-origin", &format!("; {me}"));
    let get_as = |path: &str| {
        Request::get(path)
            .header(header::COOKIE, &me)
            .body(Body::empty())
            .unwrap()
    };

    let (_, _, html) = send(&app, get_as("/account")).await;
    for part in [r#"id="birth_date""#, r#"name="birth_year""#, r#"name="birth_day""#] {
        assert!(html.contains(part), "{part} on the form: {html}");
    }

    // No date of birth with a Taiwan pass: the page again, the problem at the top and at the
    // boxes, the kind and the number kept.
    let body = "kind=taiwan_pass&number=12345678&birth_year=&birth_month=&birth_day=";
    let (status, _, html) = send(&app, post(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("error-summary"), "{html}");
    assert!(html.contains(r##"href="#birth_date""##), "{html}");
    assert!(html.contains("出生日期：港澳台居民请填写出生日期"), "{html}");
    assert!(html.contains(r#"id="birth_date-error""#), "{html}");
    assert!(html.contains(r#"value="12345678""#), "number kept: {html}");
    let radio = html.split(r#"id="kind-taiwan_pass""#).nth(1).unwrap();
    assert!(radio[..radio.find('>').unwrap()].contains("checked"), "{html}");

    // Half a date: named in its own words, the year kept.
    let body = "kind=taiwan_pass&number=12345678&birth_year=1990&birth_month=&birth_day=";
    let (status, _, html) = send(&app, post(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("出生日期：请把年、月、日都填上"), "{html}");
    assert!(html.contains(r#"value="1990""#), "year kept: {html}");
    let (_, _, body) = send(&app, get_as("/api/v1/me")).await;
    assert!(body.contains(r#""identity":null"#), "nothing stated yet: {body}");

    // With the date: stated, and on to `next`.
    let body = "kind=taiwan_pass&number=12345678&birth_year=1990&birth_month=5&birth_day=1&next=%2Fregister";
    let (status, headers, _) = send(&app, post(body)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/register");
    let (_, _, body) = send(&app, get_as("/api/v1/me")).await;
    assert!(body.contains(r#""kind":"taiwan_pass""#), "{body}");
}

/// The same over the API: `birth_date` (`YYYY-MM-DD`) with a pass, named when missing or wrong.
#[tokio::test]
async fn pass_holders_give_their_birth_date_over_the_api() {
    let (app, _store, _dir, sms) = test_app_with_sms().await;
    let me = person_cookie(&app, &sms, "13566669999").await;
    let put = |body: &str| json_send("PUT", "/api/v1/me/identity", body, &me);
    let field_of = |body: &str| {
        let e: app::api::ApiError = serde_json::from_str(body).unwrap();
        e.fields[0].field.clone()
    };
    for bad in [
        r#"{"kind":"hk_macao_pass","number":"H12345678"}"#,
        r#"{"kind":"hk_macao_pass","number":"H12345678","birth_date":null}"#,
        r#"{"kind":"hk_macao_pass","number":"H12345678","birth_date":"1990-02-30"}"#,
    ] {
        let (status, _, body) = send(&app, put(bad)).await;
        assert_eq!(
            (status, field_of(&body).as_str()),
            (StatusCode::BAD_REQUEST, "birth_date"),
            "{bad}: {body}"
        );
    }
    let good = r#"{"kind":"hk_macao_pass","number":"H12345678","birth_date":"1990-05-01"}"#;
    let (status, _, body) = send(&app, put(good)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains(r#""kind":"hk_macao_pass""#), "{body}");
}

#[tokio::test]
async fn the_phone_is_changed_with_a_code_to_the_new_number() {
    let (app, _store, _dir, sms) = test_app_with_sms().await;
    let cookie = person_cookie(&app, &sms, "13555556666").await;
    let with_cookie = |req: Request<Body>| {
        let (mut parts, body) = req.into_parts();
        parts.headers.insert(header::COOKIE, cookie.parse().unwrap());
        Request::from_parts(parts, body)
    };
    let (status, _, body) = send(
        &app,
        with_cookie(json_post("/api/v1/me/phone/codes", r#"{"phone":"13577778888"}"#)),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let challenge = serde_json::from_str::<serde_json::Value>(&body).unwrap()["challenge"]
        .as_str()
        .unwrap()
        .to_owned();
    let new = app::domain::phone::Phone::parse("13577778888").unwrap();
    let code: String = sms
        .last_to(&new)
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    let put = Request::put("/api/v1/me/phone")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(format!(r#"{{"challenge":"{challenge}","code":"{code}"}}"#)))
        .unwrap();
    let (status, _, body) = send(&app, with_cookie(put)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("135****8888"), "{body}");
    // Without a session nothing can be changed.
    let (status, _, _) = send(&app, json_post("/api/v1/me/phone/codes", r#"{"phone":"13577778888"}"#)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wechat_binds_once_after_a_phone_sign_in_then_signs_in_by_itself() {
    use app::backend::auth::provider::WeChat;
    let (_, store, dir, _) = test_app_with_sms().await;
    let base = app::backend::testing::fake_wechat().await;
    let (mut services, sms) = app::backend::testing::backend(store.clone()).await;
    services.auth = services.auth.clone().with_provider(std::sync::Arc::new(
        WeChat::new("wx123", "s3cret", "https://open.example", &base).unwrap(),
    ));
    services.public_url = "https://sydj.example.cn".into();
    let options = LeptosOptions::builder()
        .output_name("portal")
        .site_root(dir.path().display().to_string())
        .build();
    let state = AppState::new(Shared {
        leptos_options: options,
        backend: services.clone(),
        client_ip: Default::default(),
    });
    let app = build(state, &Config::from_lookup(|_| None).unwrap());

    // Out to WeChat with a state to come back with.
    let (status, headers, _) = send(&app, get("/signin/wechat")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.starts_with("https://open.example/connect/oauth2/authorize?appid=wx123&redirect_uri=https%3A%2F%2Fsydj.example.cn%2Fsignin%2Fwechat%2Fcallback"), "{location}");
    let st8 = location
        .split("state=")
        .nth(1)
        .unwrap()
        .split('#')
        .next()
        .unwrap()
        .to_owned();
    let back = |cookies: String| {
        Request::get(format!("/signin/wechat/callback?code=good&state={st8}"))
            .header(header::COOKIE, cookies)
            .body(Body::empty())
            .unwrap()
    };

    // A wrong state, or a refused code: nothing.
    let forged = Request::get("/signin/wechat/callback?code=good&state=x")
        .header(header::COOKIE, format!("__Host-oauth_state={st8}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, forged).await.0, StatusCode::BAD_REQUEST);
    // Unknown openid, nobody signed in: sign in by phone first.
    let (_, headers, _) = send(&app, back(format!("__Host-oauth_state={st8}"))).await;
    assert_eq!(headers[header::LOCATION], "/signin?next=/signin/wechat");
    // Signed in by phone: the openid is bound to this person.
    let person = person_cookie(&app, &sms, "13566667777").await;
    let (_, headers, _) = send(&app, back(format!("__Host-oauth_state={st8}; {person}"))).await;
    assert_eq!(headers[header::LOCATION], "/account");
    // From now on WeChat alone signs this person in.
    let (_, headers, _) = send(&app, back(format!("__Host-oauth_state={st8}"))).await;
    let session = headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|c| c.starts_with("__Host-portal_session="))
        .unwrap();
    let pair = session.split(';').next().unwrap();
    let me = Request::get("/api/v1/me")
        .header(header::COOKIE, pair)
        .body(Body::empty())
        .unwrap();
    assert!(send(&app, me).await.2.contains("135****7777"));
    assert_eq!(
        send(&app, get("/signin/unknown-provider")).await.0,
        StatusCode::NOT_FOUND
    );
}

/// `next` (after sign-in) and `back` (关怀模式) come from the client: whatever they say, the
/// browser stays on this site, `next` travels encoded, and nothing answers 500.
#[tokio::test]
async fn redirects_never_leave_the_site() {
    let (app, _store, _dir, sms) = test_app_with_sms().await;
    let hostile = [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r/evil.example",
        "/\r\nSet-Cookie: x=1",
        "/\\evil.example",
        "/\\/evil.example",
        "//evil.example",
        "///evil.example",
        "/..//evil.example",
        "https://evil.example/",
        "%2F%2Fevil.example",
        "javascript:alert(1)",
    ];
    let encoded = |s: &str| app::web::percent_encode(s);
    let next_of = |location: &str| {
        let raw = location.split("&next=").nth(1).unwrap_or_default().to_owned();
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&format!("next={raw}")).unwrap();
        pairs[0].1.clone()
    };
    for (i, raw) in hostile.iter().enumerate() {
        let body = format!("phone=1381234{:04}&next={}", 5600 + i, encoded(raw));
        let (status, headers, body) = send(&app, form_post("/signin", &body, "same-origin")).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{raw:?}: {body}");
        let location = headers[header::LOCATION].to_str().unwrap();
        assert_eq!(next_of(location), "/account", "{raw:?} → {location}");

        let (status, headers, _) = send(
            &app,
            form_post("/care-mode", &format!("on=1&back={}", encoded(raw)), "same-origin"),
        )
        .await;
        assert_eq!(
            (status, &headers[header::LOCATION]),
            (StatusCode::SEE_OTHER, &"/".parse().unwrap()),
            "{raw:?}"
        );
    }
    // A path on this site is kept, percent-encoded forms included (they stay a path).
    for (raw, kept) in [
        (
            "/institutions?division=430104&service=unemployment_registration",
            "/institutions?division=430104&service=unemployment_registration",
        ),
        ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
        ("/%09/evil.example", "/%09/evil.example"),
    ] {
        let (_, headers, _) = send(
            &app,
            form_post("/care-mode", &format!("on=1&back={}", encoded(raw)), "same-origin"),
        )
        .await;
        assert_eq!(headers[header::LOCATION], kept);
    }

    // The last hop: the code page's post with a tab in `next` lands on the account page.
    let (_, headers, _) = send(&app, form_post("/signin", "phone=13812345678", "same-origin")).await;
    let location = headers[header::LOCATION].to_str().unwrap();
    let challenge = challenge_in(location);
    let body = format!(
        "c={challenge}&code={}&next={}",
        code_from(&sms),
        encoded("/\t/evil.example")
    );
    let (status, headers, _) = send(&app, form_post("/signin/code", &body, "same-origin")).await;
    assert_eq!(
        (status, &headers[header::LOCATION]),
        (StatusCode::SEE_OTHER, &"/account".parse().unwrap())
    );
}

/// A pass stated before the date of birth was asked: the account page asks for it, and the
/// same pass stated again with the date completes it.
#[tokio::test]
async fn the_account_page_asks_a_pass_holder_without_a_date_of_birth_for_it() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let me = person_cookie(&app, &sms, "13812345678").await;
    let (_, _, body) = send(&app, json_send("GET", "/api/v1/me", "", &me)).await;
    assert!(body.contains(r#""identity":null"#), "{body}");
    let (services, _) = app::backend::testing::backend(store.clone()).await;
    let person_id = {
        let token = me.split_once('=').unwrap().1;
        services
            .auth
            .session(token, app::backend::testing::test_now().unix())
            .await
            .unwrap()
            .unwrap()
            .person_id
    };
    let vault = services.auth.vault();
    let key = "hk_macao_pass:H12345678";
    use app::backend::crypto::Field;
    store
        .insert_identity(
            &person_id,
            "hk_macao_pass",
            &vault.lookup_hash(Field::IdNumber, key),
            &vault.seal(Field::IdNumber, key),
            None,
            1,
        )
        .await
        .unwrap();
    let page = Request::get("/account")
        .header(header::COOKIE, &me)
        .body(Body::empty())
        .unwrap();
    let (_, _, html) = send(&app, page).await;
    assert!(
        html.contains("补充出生日期") && html.contains("通行证上没有出生日期"),
        "{html}"
    );
    let post = form_post_with(
        "/account/identity",
        "kind=hk_macao_pass&number=H12345678&birth_year=1990&birth_month=5&birth_day=1",
        "same-origin",
        &format!("; {me}"),
    );
    let (status, headers, _) = send(&app, post).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/account");
    let (_, _, body) = send(&app, json_send("GET", "/api/v1/me", "", &me)).await;
    assert!(body.contains(r#""needs_birth_date":false"#), "{body}");
}
