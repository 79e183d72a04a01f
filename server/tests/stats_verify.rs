//! `portal stats verify --month`: a frozen month recounted from the records as they are now,
//! through the binary as an operator runs it: nothing to report, then the one confirmation
//! recorded after the month was frozen, named for each area it counts in.

use std::process::Command;

use app::backend::clock::Now;
use app::backend::store::{Cell, Store};
use app::domain::date::Ymd;

fn verify(url: &str, month: &str) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_portal"))
        .args(["stats", "verify", "--month", month])
        .env("DATABASE_URL", url)
        .output()
        .expect("run portal");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

#[tokio::test]
async fn verify_finds_nothing_then_the_confirmation_recorded_after_the_freeze() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/portal.db", dir.path().display());
    let store = Store::open(&url, 2).await.unwrap();
    store.load_reference_divisions().await.unwrap();
    app::backend::institutions::demo::load_if_empty(&store, "2026-10-01T00:00:00Z")
        .await
        .unwrap();
    let now = Now::china(Ymd::new(2026, 12, 2).unwrap(), 9, 0);
    let (backend, _) = app::backend::testing::backend(store.clone()).await;
    // One person registered in October at 岳麓区's office, still registered.
    store
        .bulk_insert(
            "persons",
            &["id", "phone_hash", "phone_enc", "created_at"],
            &[vec![text("p1"), text("h1"), text("示例"), Cell::Int(0)]],
        )
        .await
        .unwrap();
    let at = now.unix() - 50 * 86_400;
    store
        .bulk_insert(
            "registrations",
            &[
                "id",
                "reference",
                "person_id",
                "idempotency_key",
                "status",
                "answers_enc",
                "institution_code",
                "division_code",
                "place_kind",
                "declaration_version",
                "declaration_text",
                "declared_at",
                "submitted_at",
                "submitted_on",
                "registered_on",
                "decided_on",
                "updated_at",
                // The facts kept at submission.
                "sex",
                "birth_month",
                "residence_county",
                "locality",
                "locality_basis",
                "hard_to_employ",
            ],
            &[vec![
                text("r1"),
                text("AAAA-AAAA"),
                text("p1"),
                text("k"),
                text("registered"),
                text("示例"),
                text("DEMO-430104"),
                text("430104"),
                text("residence"),
                text("示例"),
                text("示例"),
                Cell::Int(at),
                Cell::Int(at),
                text("2026-10-05"),
                text("2026-10-05"),
                text("2026-10-05"),
                Cell::Int(at),
                text("1"),
                text("1990-05"),
                text("430104"),
                text("urban"),
                text("county"),
                Cell::Int(0),
            ]],
        )
        .await
        .unwrap();
    let frozen = backend.statistics.freeze_due(now.today(), now.unix()).await.unwrap();
    assert_eq!(frozen.len(), 2, "October and November");

    let (code, stdout, stderr) = verify(&url, "2026-11");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("2026年11月：重算结果与冻结的数字完全一致"), "{stdout}");

    // A phone check for November, recorded in December.
    store
        .bulk_insert(
            "monthly_confirmations",
            &["registration_id", "month", "answer", "method", "at"],
            &[vec![
                text("r1"),
                text("2026-11"),
                text("looking"),
                text("电话"),
                Cell::Int(now.unix()),
            ]],
        )
        .await
        .unwrap();
    let (code, stdout, stderr) = verify(&url, "2026-11");
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    for area in ["430104\t岳麓区", "430100\t长沙市", "430000\t湖南省"] {
        for line in [
            "动态确认\t已确认人数\t0\t1",
            "动态确认\t确认比例（%）\t0.0\t100.0",
            "动态确认\t电话\t0\t1",
        ] {
            assert!(stdout.contains(&format!("{area}\t{line}")), "{area} {line}:\n{stdout}");
        }
    }
    assert_eq!(
        stdout.lines().filter(|l| l.contains('\t')).count(),
        1 + 9,
        "a header and nine differences:\n{stdout}"
    );
    assert!(stderr.contains("有9处与冻结的数字不一致"), "{stderr}");
    // October was frozen too and did not change; a month not frozen is said so.
    assert_eq!(verify(&url, "2026-10").0, Some(0));
    let (code, _, stderr) = verify(&url, "2026-12");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("还没有冻结"), "{stderr}");
    let (code, _, stderr) = verify(&url, "2026-13");
    assert_eq!(code, Some(1));
    assert!(stderr.contains("--month"), "{stderr}");
}
