//! Demo institutions for `make run` (PORTAL_DEMO): for every 市州 and 县市区 an institution at
//! its seat, and under each county three 乡镇（街道） platforms with two 社区（村） platforms
//! each, placed a few kilometres around the seat.
//!
//! Nothing here may pass for real: every name ends in （示例）, addresses say 示例地址, phone
//! numbers are the area code followed by 0000 (no real line starts that way), township codes
//! use the unassigned 9xx range, and every row carries the demo flag that the UI shows as 示例.

use crate::backend::store::{Division, Store};
use crate::backend::Error;
use crate::domain::geo::LatLon;
use crate::domain::institution::{ContactNumber, InstitutionCode, Level, NewInstitution, Service};

const TOWNSHIPS_PER_COUNTY: u32 = 3;
const COMMUNITIES_PER_TOWNSHIP: u32 = 2;
const DEMO_HOURS: &str = "周一至周五 9:00-12:00，14:00-17:30（示例）";

/// Long-distance area codes of the 市州 (real), used only as the prefix of invented numbers.
fn area_code(division: &str) -> &'static str {
    match &division[..4] {
        "4301" | "4302" | "4303" => "0731",
        "4304" => "0734",
        "4305" => "0739",
        "4306" => "0730",
        "4307" => "0736",
        "4308" => "0744",
        "4309" => "0737",
        "4310" => "0735",
        "4311" => "0746",
        "4312" => "0745",
        "4313" => "0738",
        _ => "0743",
    }
}

fn phone(division: &str, n: u32) -> ContactNumber {
    ContactNumber::parse(&format!("{}-0000{:04}", area_code(division), n % 10_000)).expect("demo phone format")
}

fn code(s: &str) -> InstitutionCode {
    InstitutionCode::parse(s).expect("demo code format")
}

/// A point `km` kilometres from `seat` at `bearing_deg` (flat-earth: fine at these distances).
fn around(seat: LatLon, km: f64, bearing_deg: f64) -> LatLon {
    let b = bearing_deg.to_radians();
    LatLon {
        lat: seat.lat + km * b.cos() / 111.0,
        lon: seat.lon + km * b.sin() / (111.0 * seat.lat.to_radians().cos()),
    }
}

fn office(division: &Division, level: Level, seat: LatLon, services: &[Service]) -> NewInstitution {
    let kind = if level == Level::Prefecture {
        "公共就业服务中心"
    } else {
        "公共就业和人才服务中心"
    };
    NewInstitution {
        code: code(&format!("DEMO-{}", division.code)),
        name: format!("{}{kind}（示例）", division.name),
        level,
        division_code: division.code.clone(),
        division_name: None,
        urban_rural: None,
        parent_code: (level == Level::County).then(|| code(&format!("DEMO-{}00", &division.code[..4]))),
        address: format!("{}（示例地址，非真实地址）", division.name),
        phones: vec![phone(&division.code, division.code[2..].parse().unwrap_or(0))],
        services: services.to_vec(),
        hours: DEMO_HOURS.to_owned(),
        position: Some(seat),
        demo: true,
    }
}

/// The whole demo list, from the shipped divisions.
pub fn generate(prefectures: &[Division], counties: &[Division]) -> Vec<NewInstitution> {
    let seat = |d: &Division| d.lat.zip(d.lon).map(|(lat, lon)| LatLon { lat, lon });
    let mut rows = Vec::new();
    for p in prefectures {
        if let Some(s) = seat(p) {
            rows.push(office(p, Level::Prefecture, s, &Service::ALL));
        }
    }
    for c in counties {
        let Some(county_seat) = seat(c) else { continue };
        rows.push(office(c, Level::County, county_seat, &Service::ALL));
        for t in 1..=TOWNSHIPS_PER_COUNTY {
            let town_division = format!("{}9{:02}", c.code, t);
            // Spread around the seat: 2.5, 4 and 5.5 km, 120° apart, turned per county.
            let turn = (c.code[4..].parse::<u32>().unwrap_or(0) * 37 % 120) as f64;
            let town_seat = around(county_seat, 1.0 + 1.5 * t as f64, turn + 120.0 * t as f64);
            let town_name = format!("{}第{}街道", c.name, t);
            rows.push(NewInstitution {
                code: code(&format!("DEMO-{town_division}")),
                name: format!("{town_name}公共就业服务平台（示例）"),
                level: Level::Township,
                division_code: town_division.clone(),
                division_name: Some(format!("{town_name}（示例）")),
                urban_rural: None,
                parent_code: Some(code(&format!("DEMO-{}", c.code))),
                address: format!("{town_name}便民服务中心（示例地址，非真实地址）"),
                phones: vec![phone(&c.code, t * 100)],
                services: vec![
                    Service::UnemploymentRegistration,
                    Service::EmploymentRegistration,
                    Service::JobReferral,
                    Service::CareerGuidance,
                    Service::HardshipRecognition,
                ],
                hours: DEMO_HOURS.to_owned(),
                position: Some(town_seat),
                demo: true,
            });
            for k in 1..=COMMUNITIES_PER_TOWNSHIP {
                let community_division = format!("{town_division}{k:03}");
                let community_name = format!("{town_name}第{k}社区");
                rows.push(NewInstitution {
                    code: code(&format!("DEMO-{community_division}")),
                    name: format!("{community_name}公共就业服务站（示例）"),
                    level: Level::Community,
                    division_code: community_division,
                    division_name: Some(format!("{community_name}（示例）")),
                    // 示例: the odd communities 主城区 (111), the even ones 村庄 (220).
                    urban_rural: Some(if k % 2 == 1 { "111" } else { "220" }.to_owned()),
                    parent_code: Some(code(&format!("DEMO-{town_division}"))),
                    address: format!("{community_name}居民委员会（示例地址，非真实地址）"),
                    phones: vec![phone(&c.code, t * 100 + k)],
                    services: vec![
                        Service::UnemploymentRegistration,
                        Service::EmploymentRegistration,
                        Service::JobReferral,
                    ],
                    hours: DEMO_HOURS.to_owned(),
                    position: Some(around(town_seat, 0.6 * k as f64, 90.0 * k as f64 + 45.0)),
                    demo: true,
                });
            }
        }
    }
    rows
}

/// Loads the demo list into a database whose institution list is empty; returns how many.
pub async fn load_if_empty(store: &Store, now: &str) -> Result<usize, Error> {
    if store.institution_count().await? > 0 {
        return Ok(0);
    }
    let prefectures = store.child_divisions("430000").await?;
    let mut counties = Vec::new();
    for p in &prefectures {
        counties.extend(store.child_divisions(&p.code).await?);
    }
    let rows = generate(&prefectures, &counties);
    store.upsert_institutions(&rows, now).await?;
    Ok(rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::store::testing::sqlite_store;

    #[tokio::test]
    async fn every_county_gets_a_believable_tree_marked_as_demo() {
        let (store, _dir) = sqlite_store().await;
        store.load_reference_divisions().await.unwrap();
        let n = load_if_empty(&store, "2026-11-27T00:00:00Z").await.unwrap();
        assert_eq!(n, 14 + 122 * (1 + 3 + 3 * 2));
        assert_eq!(
            load_if_empty(&store, "2026-11-27T00:00:00Z").await.unwrap(),
            0,
            "only into an empty list"
        );

        let county = store.institution("DEMO-430104").await.unwrap().unwrap();
        assert!(county.demo && county.name.ends_with("（示例）"));
        assert_eq!(county.parent_code.as_deref(), Some("DEMO-430100"));
        assert!(county.phones[0].starts_with("0731-0000"));
        let community = store.institution("DEMO-430104901001").await.unwrap().unwrap();
        assert_eq!(community.parent_code.as_deref(), Some("DEMO-430104901"));
        assert!(community.address.contains("示例地址"));

        // Every demo point lies within 10 km of its county seat.
        let directory = crate::backend::institutions::Directory::load(store.clone())
            .await
            .unwrap();
        for c in store.child_divisions("430100").await.unwrap() {
            let seat = LatLon {
                lat: c.lat.unwrap(),
                lon: c.lon.unwrap(),
            };
            let filter = crate::api::institutions::InstitutionFilter {
                division: Some(c.code.clone()),
                limit: 500,
                ..Default::default()
            };
            for i in directory.list(&filter).await.unwrap() {
                let p = i.position.unwrap();
                let d = crate::domain::geo::distance_m(seat, LatLon { lat: p.lat, lon: p.lon });
                assert!(d < 10_000.0, "{} is {d} m from its seat", i.name);
            }
        }
    }
}
