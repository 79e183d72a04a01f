//! The institution directory: region lists, one institution, nearest first from a position,
//! and the divisions, all answered from the list each app server keeps in memory
//! ([`Catalogue`]). The list is read again when the stored one changed: at the next request
//! after this server's own change, and after another server's once this one has read the
//! shared data versions (every two seconds, see `serve` in the server), so that a page
//! rendered for a new data version never shows the old list.

pub mod catalogue;
pub mod demo;
pub mod import;
pub mod index;
pub mod qr;

use std::sync::{Arc, RwLock};

#[cfg(doc)]
use crate::api::institutions::NearestAnswer;
use crate::api::institutions::{ImportReport, Institution, InstitutionFilter, NearestQuery, Position, RegionView};
use crate::backend::store::{Division, Store};
use crate::backend::Error;
use crate::domain::geo::Datum;
use crate::domain::institution::{InstitutionCode, Level};
use catalogue::Catalogue;
use serde::Serialize;
use serde_json::value::RawValue;

struct Snapshot {
    /// The list's own version (`Store::institutions_version`) it was read at.
    version: i64,
    /// The store's sum of data versions when that version was last checked.
    checked_at: i64,
    catalogue: Arc<Catalogue>,
}

/// The institution list as the pages and the API see it.
#[derive(Clone)]
pub struct Directory {
    store: Store,
    current: Arc<RwLock<Snapshot>>,
    /// One reading of the list at a time; the others wait for it rather than read it too.
    reading: Arc<tokio::sync::Mutex<()>>,
}

impl Directory {
    pub async fn load(store: Store) -> Result<Directory, Error> {
        let checked_at = store.data_versions_seen();
        let version = store.institutions_version().await?;
        let catalogue = Arc::new(Catalogue::read(&store).await?);
        Ok(Directory {
            store,
            current: Arc::new(RwLock::new(Snapshot {
                version,
                checked_at,
                catalogue,
            })),
            reading: Arc::default(),
        })
    }

    fn snapshot(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The list as of the data versions this server has seen.
    async fn catalogue(&self) -> Result<Arc<Catalogue>, Error> {
        {
            let now = self.snapshot();
            if now.checked_at == self.store.data_versions_seen() {
                return Ok(now.catalogue.clone());
            }
        }
        self.refresh_if_changed().await?;
        Ok(self.snapshot().catalogue.clone())
    }

    /// Reads the list again when the stored one changed (an import here or on another server).
    pub async fn refresh_if_changed(&self) -> Result<bool, Error> {
        let _turn = self.reading.lock().await;
        // Taken before the version is read: a change made after it is checked for next time.
        let checked_at = self.store.data_versions_seen();
        let version = self.store.institutions_version().await?;
        let unchanged = {
            let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
            if current.version == version {
                current.checked_at = checked_at;
            }
            current.version == version
        };
        if unchanged {
            return Ok(false);
        }
        let catalogue = Arc::new(Catalogue::read(&self.store).await?);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Snapshot {
            version,
            checked_at,
            catalogue,
        };
        Ok(true)
    }

    /// How many institutions can be found nearest first (those with a position).
    pub fn indexed(&self) -> usize {
        self.snapshot().catalogue.located()
    }

    /// The nearest answer as JSON, in the shape of [`NearestAnswer`], put together from the
    /// institutions encoded when the list was read: encoding ten names and addresses again on
    /// every request cost more than the search itself.
    pub async fn nearest_json(&self, query: &NearestQuery) -> Result<Vec<u8>, Error> {
        #[derive(Serialize)]
        struct Answer<'a> {
            from: Position,
            items: Vec<Nearby<'a>>,
        }
        #[derive(Serialize)]
        struct Nearby<'a> {
            distance_m: u32,
            institution: &'a RawValue,
        }
        let catalogue = self.catalogue().await?;
        let answer = Answer {
            from: Position {
                lat: query.from.lat,
                lon: query.from.lon,
                datum: Datum::Gcj02,
            },
            items: catalogue
                .nearest(query.from, query.limit, query.service)
                .into_iter()
                .map(|(institution, d)| Nearby {
                    distance_m: d.round() as u32,
                    institution,
                })
                .collect(),
        };
        serde_json::to_vec(&answer).map_err(|e| Error::Internal(format!("the nearest answer: {e}")))
    }

    pub async fn list(&self, filter: &InstitutionFilter) -> Result<Vec<Institution>, Error> {
        Ok(self.catalogue().await?.filter(filter))
    }

    /// One institution by its code; a code that cannot be one is invalid input, not unknown.
    pub async fn get(&self, code: &str) -> Result<Institution, Error> {
        let code = InstitutionCode::parse(code).map_err(|m| Error::invalid_field("code", m))?;
        self.catalogue()
            .await?
            .get(code.as_str())
            .cloned()
            .ok_or(Error::NotFound)
    }

    /// The institutions with these codes, in their order (unknown ones left out).
    pub async fn by_codes(&self, codes: &[String]) -> Result<Vec<Institution>, Error> {
        let catalogue = self.catalogue().await?;
        Ok(codes.iter().filter_map(|c| catalogue.get(c).cloned()).collect())
    }

    /// One division by its code.
    pub async fn division(&self, code: &str) -> Result<Option<Division>, Error> {
        Ok(self.catalogue().await?.division(code).cloned())
    }

    /// The divisions directly below one (the province's are its 市州), ordered by code.
    pub async fn child_divisions(&self, parent: &str) -> Result<Vec<Division>, Error> {
        Ok(self.catalogue().await?.children(parent).to_vec())
    }

    /// Imports an institution list (CSV, see `import`); `scope` is the division-code prefix
    /// the importer may change. Every app server reads the list again once it sees the change.
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
        let catalogue = self.catalogue().await?;
        let Some(code) = filter.division.as_deref() else {
            return Ok(RegionView {
                trail: Vec::new(),
                children: catalogue.children("430000").to_vec(),
                institutions: Vec::new(),
            });
        };
        let mut trail = Vec::new();
        let mut next = Some(code);
        while let Some(d) = next.take().and_then(|c| catalogue.division(c)) {
            next = (d.parent_code != "430000").then_some(d.parent_code.as_str());
            trail.insert(0, d.clone());
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
            institutions.extend(catalogue.filter(&f));
        }
        let children = if level == Level::Township {
            Vec::new()
        } else {
            catalogue.children(code).to_vec()
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

    /// The answer as the browser reads it.
    async fn nearest(directory: &Directory, query: &NearestQuery) -> crate::api::institutions::NearestAnswer {
        serde_json::from_slice(&directory.nearest_json(query).await.unwrap()).unwrap()
    }

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
                let answer = nearest(&directory, &query).await;
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
            let answer = nearest(&directory, &query).await;
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
