//! The in-memory spatial index behind "nearest first": an R*-tree over points on the unit
//! sphere, so that straight-line neighbours are great-circle neighbours. Built from the
//! store; 700,000 institutions fit (see bench/).

use rstar::primitives::GeomWithData;
use rstar::RTree;

use crate::domain::geo::{distance_m, unit_vector, LatLon};
use crate::domain::institution::Service;

type Node = GeomWithData<[f64; 3], u32>;

/// What the index needs of each institution.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPoint {
    pub code: String,
    pub lat: f64,
    pub lon: f64,
    pub services: u8,
}

struct Entry {
    code: String,
    services: u8,
    position: LatLon,
}

pub struct InstitutionIndex {
    tree: RTree<Node>,
    entries: Vec<Entry>,
}

impl InstitutionIndex {
    pub fn build(points: Vec<IndexPoint>) -> InstitutionIndex {
        let mut entries = Vec::with_capacity(points.len());
        let mut nodes = Vec::with_capacity(points.len());
        for (i, p) in points.into_iter().enumerate() {
            let position = LatLon { lat: p.lat, lon: p.lon };
            nodes.push(Node::new(unit_vector(position), i as u32));
            entries.push(Entry {
                code: p.code,
                services: p.services,
                position,
            });
        }
        InstitutionIndex {
            tree: RTree::bulk_load(nodes),
            entries,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Up to `limit` institutions nearest to `from` (GCJ-02), nearest first, with their
    /// great-circle distance in metres; only those handling `service` when given.
    pub fn nearest(&self, from: LatLon, limit: usize, service: Option<Service>) -> Vec<(&str, f64)> {
        let mask = service.map_or(u8::MAX, Service::bit);
        self.tree
            .nearest_neighbor_iter(unit_vector(from))
            .map(|node| &self.entries[node.data as usize])
            .filter(|e| e.services & mask != 0)
            .take(limit)
            .map(|e| (e.code.as_str(), distance_m(from, e.position)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(code: &str, lat: f64, lon: f64, services: &[Service]) -> IndexPoint {
        IndexPoint {
            code: code.into(),
            lat,
            lon,
            services: crate::domain::institution::services_mask(services),
        }
    }

    #[test]
    fn nearest_first_with_service_filter() {
        let index = InstitutionIndex::build(vec![
            point("far", 28.9, 113.5, &[Service::UnemploymentRegistration]),
            point("near", 28.235, 112.932, &[Service::JobReferral]),
            point("mid", 28.30, 112.95, &[Service::UnemploymentRegistration]),
        ]);
        let from = LatLon {
            lat: 28.2345,
            lon: 112.9313,
        };
        let all: Vec<_> = index.nearest(from, 10, None).into_iter().map(|(c, _)| c).collect();
        assert_eq!(all, ["near", "mid", "far"]);
        let reg = index.nearest(from, 1, Some(Service::UnemploymentRegistration));
        assert_eq!(reg[0].0, "mid");
        assert!((7_000.0..8_000.0).contains(&reg[0].1), "{}", reg[0].1);
        assert!(InstitutionIndex::build(Vec::new()).nearest(from, 5, None).is_empty());
    }

    #[test]
    fn agrees_with_brute_force_great_circle_order() {
        // A deterministic scatter over Hunan.
        let mut points = Vec::new();
        let mut x: u64 = 42;
        for i in 0..2000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let lat = 24.6 + (x >> 33) as f64 / (1u64 << 31) as f64 * 5.6;
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let lon = 108.8 + (x >> 33) as f64 / (1u64 << 31) as f64 * 5.4;
            points.push(point(&format!("p{i}"), lat, lon, &[Service::Training]));
        }
        let from = LatLon { lat: 27.5, lon: 111.5 };
        let mut brute: Vec<(String, f64)> = points
            .iter()
            .map(|p| (p.code.clone(), distance_m(from, LatLon { lat: p.lat, lon: p.lon })))
            .collect();
        brute.sort_by(|a, b| a.1.total_cmp(&b.1));
        let index = InstitutionIndex::build(points);
        let got: Vec<String> = index
            .nearest(from, 10, None)
            .into_iter()
            .map(|(c, _)| c.to_owned())
            .collect();
        let want: Vec<String> = brute.into_iter().take(10).map(|(c, _)| c).collect();
        assert_eq!(got, want);
    }
}
