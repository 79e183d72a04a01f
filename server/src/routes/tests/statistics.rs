//! 统计 over HTTP: the JSON and the CSV download of a county's figures, another county's
//! answered 404, a month that is not one named in the error, and the page without JavaScript.

use super::staff_queue::{page_as, registered};
use super::*;

#[tokio::test]
async fn a_county_reads_its_figures_as_json_csv_and_a_page_and_nothing_of_another_county() {
    let (app, store, _dir, sms) = test_app_with_sms().await;
    let (reference, _, staff) = registered(&app, &store, &sms).await;

    let (status, _, body) = send(&app, page_as("/api/v1/staff/statistics?month=2026-11", &staff)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["figures"]["division"], "430104");
    assert_eq!(json["figures"]["registered"]["total"], 1);
    assert_eq!(json["figures"]["inflow"]["registered"], 1);
    assert_eq!(
        json["frozen_at"],
        serde_json::Value::Null,
        "the current month is counted live"
    );
    assert_eq!(json["trend"].as_array().unwrap().len(), 12);
    assert!(json["areas"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["division"] == "430104901"));
    assert!(
        !body.contains("王小明") && !body.contains("13577778888"),
        "nobody identifiable"
    );

    let (status, headers, csv) = send(
        &app,
        page_as(
            "/api/v1/staff/statistics?month=2026-11&division=430104&format=csv",
            &staff,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("statistics-430104-2026-11.csv"));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("\u{feff}统计月份,地区代码,地区名称,数据状态,类别,项目,数值"),
        "UTF-8 with a BOM, the columns named"
    );
    assert_eq!(lines.next(), Some("2026-11,430104,岳麓区,实时,登记失业人员,合计,1"));
    assert!(csv.contains("2026-11,430104,岳麓区,实时,本月新增,新登记,1"));
    assert!(!csv.contains("王小明"));

    // Compressed on the way, as a browser asks: the stream ends cleanly under the compression
    // layer too (it polls once more after the end).
    let gzip = Request::get("/api/v1/staff/statistics?month=2026-11&format=csv")
        .header(header::COOKIE, &staff)
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&app, gzip).await;
    assert_eq!(
        (status, &headers[header::CONTENT_ENCODING]),
        (StatusCode::OK, &"gzip".parse().unwrap())
    );

    // The same figures as a workbook (a zip, as every .xlsx is).
    let (status, headers, xlsx) = send(
        &app,
        page_as("/api/v1/staff/statistics?month=2026-11&format=xlsx", &staff),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(xlsx.starts_with("PK"), "a zip");

    // Each registration of the month as one anonymised row.
    let (status, headers, rows) = send(
        &app,
        page_as("/api/v1/staff/statistics/registrations?month=2026-11", &staff),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{rows}");
    assert!(headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("registrations-430104-2026-11.csv"));
    let lines: Vec<&str> = rows.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}序号,经办地区代码,经办机构编码,申请渠道,提交日期,登记日期,办结日期,注销日期,注销原因,月末状态,性别,月末年龄段,城乡,城乡依据,申报就业困难人员,本月动态确认"
    );
    assert_eq!(lines.len(), 2, "one registration: {rows}");
    assert_eq!(
        lines[1],
        "1,430104901001,DEMO-430104901001,网上,2026-11-27,2026-11-27,2026-11-27,,,登记在册,女,55岁及以上,城镇,按社区（村）城乡分类代码,否,"
    );
    assert!(!rows.contains("王") && !rows.contains("13577778888") && !rows.contains(&reference));
    let (_, _, workbook) = send(
        &app,
        page_as(
            "/api/v1/staff/statistics/registrations?month=2026-11&format=xlsx",
            &staff,
        ),
    )
    .await;
    assert!(workbook.starts_with("PK"));

    for path in [
        "/api/v1/staff/statistics/registrations?division=430102",
        "/api/v1/staff/statistics?division=430102",
        "/api/v1/staff/statistics?division=430000",
        "/api/v1/staff/statistics?division=430102&format=csv",
    ] {
        assert_eq!(
            send(&app, page_as(path, &staff)).await.0,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    let (status, _, body) = send(&app, page_as("/api/v1/staff/statistics?month=2026-13", &staff)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains(r#""field":"month""#) && body.contains("统计月份"),
        "{body}"
    );
    let (status, _, body) = send(&app, page_as("/api/v1/staff/statistics?format=pdf", &staff)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(r#""field":"format""#), "{body}");
    let rows_as_json = page_as("/api/v1/staff/statistics/registrations?format=pdf", &staff);
    assert_eq!(send(&app, rows_as_json).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(
        send(&app, get("/api/v1/staff/statistics")).await.0,
        StatusCode::UNAUTHORIZED
    );

    // The page: pickers, tables and the charts as SVG in the HTML itself.
    let (status, _, html) = send(&app, page_as("/staff/statistics?month=2026-11", &staff)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("失业登记统计：") && html.contains("岳麓区"), "{html}");
    assert!(html.contains(r#"<select id="month" name="month""#), "{html}");
    assert!(html.contains("月末登记失业人员") && html.contains("受理办结时间"));
    assert!(html.contains("<svg") && html.contains(r#"role="img""#));
    assert!(html.contains("按现有记录实时计算"));
    assert!(!html.contains("王小明") && !html.contains("王*明"));
    let (_, _, html) = send(&app, page_as("/staff/statistics?division=430102", &staff)).await;
    assert!(html.contains("不在您账号的辖区"), "{html}");
    let (_, _, html) = send(&app, get("/staff/statistics")).await;
    assert!(html.contains("请先用工作人员账号登录"));
}
