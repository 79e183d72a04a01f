//! Synthetic institution lists for the benchmarks: deterministic, spread over China (national
//! scale) or over Hunan (province scale).

use app::backend::institutions::index::IndexPoint;
use app::domain::geo::LatLon;
use app::domain::institution::{services_mask, ContactNumber, InstitutionCode, Level, NewInstitution, Service};

/// A small deterministic generator (no dependency, same numbers every run).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }

    /// Uniform in [0, 1).
    pub fn next_f64(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n` positions uniformly over a box around Hunan (province) or mainland China (national).
pub fn positions(n: usize, national: bool, seed: u64) -> Vec<LatLon> {
    let (lat0, lat1, lon0, lon1) = if national {
        (18.5, 49.0, 76.0, 131.0)
    } else {
        (24.6, 30.2, 108.8, 114.3)
    };
    let mut rng = Lcg::new(seed);
    (0..n)
        .map(|_| LatLon {
            lat: lat0 + rng.next_f64() * (lat1 - lat0),
            lon: lon0 + rng.next_f64() * (lon1 - lon0),
        })
        .collect()
}

/// Index points with a mix of services like the real list's (every one handles 失业登记).
pub fn index_points(n: usize) -> Vec<IndexPoint> {
    let full = services_mask(&Service::ALL);
    let community = services_mask(&[
        Service::UnemploymentRegistration,
        Service::EmploymentRegistration,
        Service::JobReferral,
    ]);
    positions(n, true, 7)
        .into_iter()
        .enumerate()
        .map(|(i, p)| IndexPoint {
            code: format!("S{i:07}"),
            lat: p.lat,
            lon: p.lon,
            services: if i % 20 == 0 { full } else { community },
        })
        .collect()
}

/// A province-size list (about the number of 社区/村 platforms in Hunan) to store and serve.
pub fn province_institutions(n: usize) -> Vec<NewInstitution> {
    positions(n, false, 11)
        .into_iter()
        .enumerate()
        .map(|(i, p)| NewInstitution {
            code: InstitutionCode::parse(&format!("SYN-{i:06}")).expect("code"),
            name: format!("合成测试机构{i}（示例）"),
            level: Level::Community,
            division_code: "430104".into(),
            division_name: None,
            urban_rural: None,
            parent_code: None,
            address: "合成数据（示例地址，非真实地址）".into(),
            phones: vec![ContactNumber::parse("0731-00000000").expect("phone")],
            services: vec![
                Service::UnemploymentRegistration,
                Service::EmploymentRegistration,
                Service::JobReferral,
            ],
            hours: String::new(),
            position: Some(p),
            demo: true,
        })
        .collect()
}

pub mod synthetic;
