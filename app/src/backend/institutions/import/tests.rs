use super::*;
use crate::backend::store::testing::each_database;

const HEADER: &str = "机构编码,机构名称,层级,所属区划代码,所属区划名称,上级机构编码,办公地址,联系电话,经办项目,办公时间,经度,纬度,坐标系";

fn file(rows: &[&str]) -> String {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s
}

const COUNTY: &str = "HN-430104,岳麓区公共就业服务中心,县市区,430104,,,岳麓区某路1号,0731-88880000；12333,失业登记、就业登记、职业介绍,周一至周五 9:00-17:00,112.93132,28.234538,gcj02";
const TOWN: &str = "HN-430104003,某街道公共就业服务平台,乡镇街道,430104003,某街道,HN-430104,某街道办事处一楼,0731-88881111,失业登记,,,,";
const NOW: &str = "2026-11-27T08:00:00Z";

#[test]
fn reads_utf8_with_bom_and_gbk() {
    let text = file(&[COUNTY]);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(decode(&bom).unwrap(), text);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    assert_eq!(decode(&gbk).unwrap(), text);
    let e = decode(b"\x81\x20\xff\xff").unwrap_err();
    assert!(e.message.contains("编码"));
}

#[test]
fn a_good_row_parses_into_typed_values() {
    let (count, rows, errors) = parse(&file(&[COUNTY]));
    assert_eq!((count, errors.len()), (1, 0), "{errors:?}");
    let (line, r) = &rows[0];
    assert_eq!(*line, 2);
    assert_eq!(r.level, Level::County);
    assert_eq!(r.phones.len(), 2);
    assert_eq!(
        r.services,
        [
            Service::UnemploymentRegistration,
            Service::EmploymentRegistration,
            Service::JobReferral
        ]
    );
    assert_eq!(
        r.position,
        Some(LatLon {
            lat: 28.234538,
            lon: 112.93132
        })
    );
}

#[test]
fn wgs84_coordinates_are_stored_as_gcj02() {
    let row = COUNTY.replace("gcj02", "wgs84");
    let (_, rows, _) = parse(&file(&[&row]));
    let p = rows[0].1.position.unwrap();
    let moved = crate::domain::geo::distance_m(
        p,
        LatLon {
            lat: 28.234538,
            lon: 112.93132,
        },
    );
    assert!((300.0..800.0).contains(&moved), "{moved}");
}

#[test]
fn every_bad_cell_is_reported_with_line_column_and_reason() {
    let bad = "HN 1,,省级,4301,,,,电话待定,办证,,abc,28,";
    let (count, rows, errors) = parse(&file(&[COUNTY, bad]));
    assert_eq!((count, rows.len()), (2, 1));
    let cols: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(
        cols,
        [
            "机构编码",
            "机构名称",
            "层级",
            "办公地址",
            "联系电话",
            "经办项目",
            "纬度"
        ]
    );
    assert!(errors.iter().all(|e| e.line == 3));
    assert!(errors[4].message.contains("电话待定"));
    assert!(errors[5].message.contains("失业登记"), "lists what is allowed");
}

#[test]
fn duplicates_and_missing_columns() {
    let (_, rows, errors) = parse(&file(&[COUNTY, COUNTY]));
    assert_eq!(rows.len(), 1);
    assert_eq!(errors[0].line, 3);
    assert!(errors[0].message.contains("第2行重复"), "{}", errors[0].message);

    let (_, rows, errors) = parse("机构编码,机构名称\nA,B");
    assert!(rows.is_empty());
    assert_eq!(errors[0].line, 1);
    assert!(errors[0].message.contains("层级") && errors[0].message.contains("联系电话"));
}

#[tokio::test]
async fn imports_idempotently_and_refuses_files_with_bad_rows_unless_asked() {
    each_database(|store| async move {
        store.load_reference_divisions().await.unwrap();
        let good = file(&[COUNTY, TOWN]);
        let report = import(&store, good.as_bytes(), false, "", NOW).await.unwrap();
        assert_eq!(
            (report.rows, report.valid, report.applied),
            (2, 2, 2),
            "{:?}",
            report.errors
        );
        let first = store.institutions_version().await.unwrap();
        let again = import(&store, good.as_bytes(), false, "", NOW).await.unwrap();
        assert_eq!(again.applied, 2);
        assert_eq!(store.institution_count().await.unwrap(), 2, "upsert, not duplicate");
        // The same rows again at the same second are still a new version for every server.
        assert!(store.institutions_version().await.unwrap() > first);
        let town = store.institution("HN-430104003").await.unwrap().unwrap();
        assert_eq!(town.parent_code.as_deref(), Some("HN-430104"));
        assert!(town.handles_registration);
        assert_eq!(store.division("430104003").await.unwrap().unwrap().name, "某街道");

        // A changed phone and a bad row: nothing is applied...
        let changed = COUNTY.replace("0731-88880000", "0731-88889999");
        let bad_unknown_division = "HN-X,某机构,县市区,439999,,,某地,0731-88880000,失业登记,,,,";
        let orphan = "HN-Y,某社区平台,社区,430104003001,某社区,HN-NOPE,某地,0731-88880000,失业登记,,,,";
        let mixed = file(&[&changed, bad_unknown_division, orphan]);
        let refused = import(&store, mixed.as_bytes(), false, "", NOW).await.unwrap();
        assert_eq!((refused.rows, refused.valid, refused.applied), (3, 1, 0));
        assert_eq!(refused.errors.iter().map(|e| e.line).collect::<Vec<_>>(), [3, 4]);
        assert!(refused.errors[0].message.contains("439999"));
        assert!(refused.errors[1].message.contains("HN-NOPE"));
        let county = store.institution("HN-430104").await.unwrap().unwrap();
        assert_eq!(county.phones[0], "0731-88880000", "unchanged");

        // ...unless the good rows are asked for.
        let partial = import(&store, mixed.as_bytes(), true, "", NOW).await.unwrap();
        assert_eq!(partial.applied, 1);
        let county = store.institution("HN-430104").await.unwrap().unwrap();
        assert_eq!(county.phones[0], "0731-88889999");
    })
    .await;
}

#[tokio::test]
async fn the_example_file_in_docs_imports_cleanly() {
    let (store, _dir) = crate::backend::store::testing::sqlite_store().await;
    store.load_reference_divisions().await.unwrap();
    let bytes = include_bytes!("../../../../../docs/institution-list-example.csv");
    let report = import(&store, bytes, false, "", NOW).await.unwrap();
    assert_eq!((report.rows, report.applied), (4, 4), "{:?}", report.errors);
}

#[tokio::test]
async fn rows_outside_the_importers_divisions_are_refused() {
    let (store, _dir) = crate::backend::store::testing::sqlite_store().await;
    store.load_reference_divisions().await.unwrap();
    let jishou = "HN-433101,吉首市公共就业服务中心,县市区,433101,,,吉首某路,0743-88880000,失业登记,,,,";
    let text = file(&[COUNTY, jishou]);
    let report = import(&store, text.as_bytes(), true, "4301", NOW).await.unwrap();
    assert_eq!((report.valid, report.applied), (1, 1));
    assert_eq!(report.errors[0].line, 3);
    assert!(report.errors[0].message.contains("管辖范围"));
    assert!(store.institution("HN-433101").await.unwrap().is_none());
}
