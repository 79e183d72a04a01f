//! The institution directory: region lists, one institution, and nearest first from a
//! position. The spatial index is rebuilt whenever the stored list changes, which every app
//! server notices by itself (see [`Directory::refresh_if_changed`]).

pub mod demo;
pub mod import;
pub mod index;
pub mod qr;

use std::sync::{Arc, RwLock};

use crate::api::institutions::{
    ImportReport, Institution, InstitutionFilter, NearbyInstitution, NearestAnswer, NearestQuery, Position, RegionView,
};
use crate::backend::store::{Division, Store};
use crate::backend::Error;
use crate::domain::geo::Datum;
use crate::domain::institution::{InstitutionCode, Level};
use index::InstitutionIndex;

struct Snapshot {
    version: i64,
    index: Arc<InstitutionIndex>,
}

/// The institution list as the pages and the API see it.
#[derive(Clone)]
pub struct Directory {
    store: Store,
    current: Arc<RwLock<Snapshot>>,
}

impl Directory {
    pub async fn load(store: Store) -> Result<Directory, Error> {
        let version = store.institutions_version().await?;
        let index = Arc::new(InstitutionIndex::build(store.institution_points().await?));
        Ok(Directory {
            store,
            current: Arc::new(RwLock::new(Snapshot { version, index })),
        })
    }

    fn index(&self) -> Arc<InstitutionIndex> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).index.clone()
    }

    /// Rebuilds the index when the stored list changed (an import here or on another server).
    pub async fn refresh_if_changed(&self) -> Result<bool, Error> {
        let version = self.store.institutions_version().await?;
        if self.current.read().unwrap_or_else(|e| e.into_inner()).version == version {
            return Ok(false);
        }
        let index = Arc::new(InstitutionIndex::build(self.store.institution_points().await?));
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Snapshot { version, index };
        Ok(true)
    }

    pub fn indexed(&self) -> usize {
        self.index().len()
    }

    pub async fn nearest(&self, query: &NearestQuery) -> Result<NearestAnswer, Error> {
        let found: Vec<(String, f64)> = self
            .index()
            .nearest(query.from, query.limit, query.service)
            .into_iter()
            .map(|(code, d)| (code.to_owned(), d))
            .collect();
        let codes: Vec<String> = found.iter().map(|(c, _)| c.clone()).collect();
        let institutions = self.store.institutions_by_code(&codes).await?;
        let items = institutions
            .into_iter()
            .filter_map(|institution| {
                let d = found.iter().find(|(c, _)| *c == institution.code)?.1;
                Some(NearbyInstitution {
                    distance_m: d.round() as u32,
                    institution,
                })
            })
            .collect();
        Ok(NearestAnswer {
            from: Position {
                lat: query.from.lat,
                lon: query.from.lon,
                datum: Datum::Gcj02,
            },
            items,
        })
    }

    pub async fn list(&self, filter: &InstitutionFilter) -> Result<Vec<Institution>, Error> {
        Ok(self.store.institutions(filter).await?)
    }

    /// One institution by its code; a code that cannot be one is invalid input, not unknown.
    pub async fn get(&self, code: &str) -> Result<Institution, Error> {
        let code = InstitutionCode::parse(code).map_err(|m| Error::invalid_field("code", m))?;
        self.store.institution(code.as_str()).await?.ok_or(Error::NotFound)
    }

    /// The institutions with these codes (unknown ones left out).
    pub async fn by_codes(&self, codes: &[String]) -> Result<Vec<Institution>, Error> {
        Ok(self.store.institutions_by_code(codes).await?)
    }

    /// The divisions directly below one (the province's are its 市州).
    pub async fn child_divisions(&self, parent: &str) -> Result<Vec<Division>, Error> {
        Ok(self.store.child_divisions(parent).await?)
    }

    /// Imports an institution list (CSV, see `import`); `scope` is the division-code prefix
    /// the importer may change. Every app server rebuilds its index once it sees the change.
    pub async fn import_csv(
        &self,
        body: &[u8],
        apply_valid_rows: bool,
        scope: &str,
        now_rfc3339: &str,
    ) -> Result<ImportReport, Error> {
        import::import(&self.store, body, apply_valid_rows, scope, now_rfc3339).await
    }

    /// A division with the trail above it, the divisions below it, and its institutions
    /// (for a county or township also those one level down); the province without a division.
    pub async fn region(&self, filter: &InstitutionFilter) -> Result<RegionView, Error> {
        let store = &self.store;
        let Some(code) = filter.division.clone() else {
            return Ok(RegionView {
                trail: Vec::new(),
                children: store.child_divisions("430000").await?,
                institutions: Vec::new(),
            });
        };
        let mut trail = Vec::new();
        let mut next = Some(code.clone());
        while let Some(c) = next.take() {
            if let Some(d) = store.division(&c).await? {
                next = (d.parent_code != "430000").then(|| d.parent_code.clone());
                trail.insert(0, d);
            }
        }
        let Some(level) = trail.last().and_then(|d| Level::parse(&d.level)) else {
            return Err(Error::NotFound);
        };
        let mut levels = vec![level];
        if matches!(level, Level::County | Level::Township) {
            levels.extend(Level::ALL.into_iter().skip_while(|l| *l != level).nth(1));
        }
        let mut institutions = Vec::new();
        for l in levels {
            let f = InstitutionFilter {
                level: Some(l),
                limit: 300,
                ..filter.clone()
            };
            institutions.extend(self.list(&f).await?);
        }
        let children = if level == Level::Township {
            Vec::new()
        } else {
            store.child_divisions(&code).await?
        };
        Ok(RegionView {
            trail,
            children,
            institutions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::store::testing::each_database;
    use crate::domain::institution::Service;

    const NOW: &str = "2026-11-27T00:00:00Z";

    #[tokio::test]
    async fn from_a_county_seat_that_county_comes_first() {
        each_database(|store| async move {
            store.load_reference_divisions().await.unwrap();
            demo::load_if_empty(&store, NOW).await.unwrap();
            let directory = Directory::load(store).await.unwrap();
            assert_eq!(directory.indexed(), 14 + 122 * 10);
            // What a phone (WGS-84) reports standing at the seats of 岳麓区 and 吉首市.
            for (lat, lon, county) in [
                ("28.238063", "112.925893", "430104"),
                ("28.265446", "109.693334", "433101"),
            ] {
                let query = NearestQuery::parse(Some(lat), Some(lon), Some("wgs84"), Some("5"), None).unwrap();
                let answer = directory.nearest(&query).await.unwrap();
                assert_eq!(answer.items.len(), 5);
                let first = &answer.items[0];
                assert_eq!(first.institution.division_code, county, "{:?}", first.institution.name);
                // Converted to GCJ-02 the phone stands on the seat; unconverted it would be ~500 m off.
                assert!(first.distance_m < 50, "{} m", first.distance_m);
                let distances: Vec<u32> = answer.items.iter().map(|i| i.distance_m).collect();
                assert!(
                    distances.windows(2).all(|w| w[0] <= w[1]),
                    "nearest first: {distances:?}"
                );
            }
            // Filtered by service: communities do not offer 职业指导.
            let query = NearestQuery::parse(
                Some("28.238063"),
                Some("112.925893"),
                None,
                Some("10"),
                Some("career_guidance"),
            )
            .unwrap();
            let answer = directory.nearest(&query).await.unwrap();
            assert!(answer
                .items
                .iter()
                .all(|i| i.institution.services.contains(&Service::CareerGuidance)));
            assert!(answer.items.iter().all(|i| i.institution.level != Level::Community));
        })
        .await;
    }

    #[tokio::test]
    async fn the_index_follows_changes_made_elsewhere() {
        each_database(|store| async move {
            store.load_reference_divisions().await.unwrap();
            let directory = Directory::load(store.clone()).await.unwrap();
            assert_eq!(directory.indexed(), 0);
            assert!(!directory.refresh_if_changed().await.unwrap());
            // Another process (an import, another app server) writes to the list.
            demo::load_if_empty(&store, NOW).await.unwrap();
            assert!(directory.refresh_if_changed().await.unwrap());
            assert_eq!(directory.indexed(), 1234);
        })
        .await;
    }

    #[tokio::test]
    async fn regions_list_their_institutions_and_the_level_below() {
        each_database(|store| async move {
            store.load_reference_divisions().await.unwrap();
            demo::load_if_empty(&store, NOW).await.unwrap();
            let directory = Directory::load(store).await.unwrap();
            let province = directory.region(&InstitutionFilter::default()).await.unwrap();
            assert_eq!(province.children.len(), 14);
            let county = InstitutionFilter::parse(Some("430104"), None, None, None, None).unwrap();
            let view = directory.region(&county).await.unwrap();
            let trail: Vec<&str> = view.trail.iter().map(|d| d.name.as_str()).collect();
            assert_eq!(trail, ["长沙市", "岳麓区"]);
            assert_eq!(view.children.len(), 3, "the demo townships");
            let levels: Vec<Level> = view.institutions.iter().map(|i| i.level).collect();
            assert_eq!(
                levels,
                [Level::County, Level::Township, Level::Township, Level::Township]
            );
            let unknown = InstitutionFilter::parse(Some("439999"), None, None, None, None).unwrap();
            assert!(matches!(directory.region(&unknown).await, Err(Error::NotFound)));
        })
        .await;
    }
}
