//! The whole institution list and the divisions held in memory, as every app server serves
//! them: looked up by code, filtered for the region pages and the office pickers, searched
//! nearest first. Province scale (about 30,000 service platforms and as many divisions) is a
//! few megabytes; reading them from the database on every request cost more than answering.

use std::collections::HashMap;

use serde_json::value::RawValue;

use super::index::{IndexPoint, InstitutionIndex};
use crate::api::institutions::{division_prefix, Institution, InstitutionFilter};
use crate::backend::store::{Division, Store};
use crate::domain::geo::LatLon;
use crate::domain::institution::{services_mask, Service};

pub struct Catalogue {
    /// Ordered as every list shows them: by level, then by code.
    all: Vec<Institution>,
    /// Each of `all` as JSON, encoded once: the nearest answer is put together from these.
    encoded: Vec<Box<RawValue>>,
    by_code: HashMap<String, usize>,
    index: InstitutionIndex,
    divisions: HashMap<String, Division>,
    /// Each division's code → those directly below it, ordered by code.
    children: HashMap<String, Vec<Division>>,
}

impl Catalogue {
    pub async fn read(store: &Store) -> Result<Catalogue, sqlx::Error> {
        Ok(Catalogue::new(
            store.all_institutions().await?,
            store.all_divisions().await?,
        ))
    }

    pub fn new(mut all: Vec<Institution>, mut divisions: Vec<Division>) -> Catalogue {
        all.sort_by(|a, b| (a.level, &a.code).cmp(&(b.level, &b.code)));
        let encoded = all
            .iter()
            .map(|i| serde_json::value::to_raw_value(i).expect("an institution is plain data"))
            .collect();
        let by_code = all.iter().enumerate().map(|(i, x)| (x.code.clone(), i)).collect();
        let points = all
            .iter()
            .filter_map(|i| {
                let p = i.position.as_ref()?;
                Some(IndexPoint {
                    code: i.code.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    services: services_mask(&i.services),
                })
            })
            .collect();
        divisions.sort_by(|a, b| a.code.cmp(&b.code));
        let mut children: HashMap<String, Vec<Division>> = HashMap::new();
        for d in &divisions {
            children.entry(d.parent_code.clone()).or_default().push(d.clone());
        }
        Catalogue {
            all,
            encoded,
            by_code,
            index: InstitutionIndex::build(points),
            divisions: divisions.into_iter().map(|d| (d.code.clone(), d)).collect(),
            children,
        }
    }

    pub fn division(&self, code: &str) -> Option<&Division> {
        self.divisions.get(code)
    }

    pub fn children(&self, parent: &str) -> &[Division] {
        self.children.get(parent).map(Vec::as_slice).unwrap_or_default()
    }

    /// How many have a position (and so can be found nearest first).
    pub fn located(&self) -> usize {
        self.index.len()
    }

    pub fn get(&self, code: &str) -> Option<&Institution> {
        self.by_code.get(code).map(|&i| &self.all[i])
    }

    /// Up to `limit` nearest to `from` (GCJ-02), nearest first, each as JSON with the distance
    /// in metres.
    pub fn nearest(&self, from: LatLon, limit: usize, service: Option<Service>) -> Vec<(&RawValue, f64)> {
        self.index
            .nearest(from, limit, service)
            .into_iter()
            .filter_map(|(code, d)| Some((&*self.encoded[*self.by_code.get(code)?], d)))
            .collect()
    }

    /// By region, level, service and part of the name (ASCII letters in any case), in list
    /// order, at most `filter.limit` (1–500).
    pub fn filter(&self, filter: &InstitutionFilter) -> Vec<Institution> {
        let prefix = filter.division.as_deref().map(division_prefix);
        let q = filter
            .q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_ascii_lowercase);
        self.all
            .iter()
            .filter(|i| prefix.is_none_or(|p| i.division_code.starts_with(p)))
            .filter(|i| filter.level.is_none_or(|l| i.level == l))
            .filter(|i| filter.service.is_none_or(|s| i.services.contains(&s)))
            .filter(|i| q.as_deref().is_none_or(|q| i.name.to_ascii_lowercase().contains(q)))
            .take(filter.limit.clamp(1, 500) as usize)
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::institutions::Position;
    use crate::domain::geo::Datum;
    use crate::domain::institution::Level;

    fn institution(code: &str, name: &str, level: Level, division: &str, at: Option<(f64, f64)>) -> Institution {
        Institution {
            code: code.into(),
            name: name.into(),
            level,
            division_code: division.into(),
            parent_code: None,
            address: "示例地址".into(),
            phones: Vec::new(),
            services: vec![Service::UnemploymentRegistration],
            hours: String::new(),
            position: at.map(|(lat, lon)| Position {
                lat,
                lon,
                datum: Datum::Gcj02,
            }),
            handles_registration: true,
            updated_at: "2026-12-01T00:00:00Z".into(),
            demo: true,
        }
    }

    #[test]
    fn lists_in_level_then_code_order_and_filters_like_the_pages_ask() {
        let catalogue = Catalogue::new(
            vec![
                institution("C2", "岳麓区Town站", Level::Township, "430104003", Some((28.2, 112.9))),
                institution("C1", "岳麓区人社局", Level::County, "430104", None),
                institution("P1", "长沙市就业中心", Level::Prefecture, "430100", Some((28.1, 113.0))),
                institution("X1", "吉首市人社局", Level::County, "433101", Some((28.3, 109.7))),
            ],
            vec![
                division("430104", "430100"),
                division("430100", "430000"),
                division("430103", "430100"),
            ],
        );
        let codes = |f: &InstitutionFilter| catalogue.filter(f).into_iter().map(|i| i.code).collect::<Vec<_>>();
        assert_eq!(
            codes(&InstitutionFilter {
                limit: 10,
                ..Default::default()
            }),
            ["P1", "C1", "X1", "C2"]
        );
        // 430100 covers the city and everything below it.
        let changsha = InstitutionFilter {
            division: Some("430100".into()),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(codes(&changsha), ["P1", "C1", "C2"]);
        let by_name = InstitutionFilter {
            q: Some(" town ".into()),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(codes(&by_name), ["C2"]);
        let one = InstitutionFilter {
            limit: 1,
            ..Default::default()
        };
        assert_eq!(codes(&one), ["P1"]);
        assert_eq!(
            catalogue.located(),
            3,
            "the one without a position is listed, not located"
        );
        assert_eq!(catalogue.get("X1").map(|i| i.name.as_str()), Some("吉首市人社局"));
        let from = LatLon { lat: 28.3, lon: 109.7 };
        let nearest: Vec<Institution> = catalogue
            .nearest(from, 2, None)
            .iter()
            .map(|(json, _)| serde_json::from_str(json.get()).unwrap())
            .collect();
        assert_eq!(
            nearest,
            [
                catalogue.get("X1").unwrap().clone(),
                catalogue.get("C2").unwrap().clone()
            ]
        );
        let below: Vec<&str> = catalogue.children("430100").iter().map(|d| d.code.as_str()).collect();
        assert_eq!(below, ["430103", "430104"]);
        assert!(catalogue.children("430104").is_empty());
        assert_eq!(
            catalogue.division("430100").map(|d| d.parent_code.as_str()),
            Some("430000")
        );
    }

    fn division(code: &str, parent: &str) -> Division {
        Division {
            code: code.into(),
            name: format!("示例{code}"),
            level: "county".into(),
            parent_code: parent.into(),
            lon: None,
            lat: None,
        }
    }
}
