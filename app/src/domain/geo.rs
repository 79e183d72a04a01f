//! Positions, map datums and distances.
//!
//! Browsers' geolocation gives WGS-84; Chinese maps (and the institution coordinates taken
//! from them) use GCJ-02, which is offset by a few hundred metres in Hunan. Positions are
//! converted into one datum before any distance is computed.

use std::f64::consts::PI;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Datum {
    /// GPS and browsers' `navigator.geolocation`.
    Wgs84,
    /// 国测局坐标 as used by Amap, Tencent and most Chinese map data.
    #[default]
    Gcj02,
}

impl Datum {
    pub fn parse(s: &str) -> Option<Datum> {
        match s.trim().to_ascii_lowercase().as_str() {
            "wgs84" | "wgs-84" => Some(Datum::Wgs84),
            "gcj02" | "gcj-02" => Some(Datum::Gcj02),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Datum::Wgs84 => "wgs84",
            Datum::Gcj02 => "gcj02",
        }
    }
}

/// A point on the earth in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

/// Where a position can lie: mainland China, Hong Kong, Macao and Taiwan, with a margin.
/// (A rough box; GCJ-02 is only defined inside it.)
pub fn in_china(p: LatLon) -> bool {
    (3.8..=53.6).contains(&p.lat) && (73.5..=135.1).contains(&p.lon)
}

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Great-circle (haversine) distance in metres.
pub fn distance_m(a: LatLon, b: LatLon) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// The point as a unit vector: straight-line distance between these grows with great-circle
/// distance, so a 3-D nearest-neighbour search finds the great-circle nearest.
pub fn unit_vector(p: LatLon) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

/// Converts a point between datums (identity outside China, where GCJ-02 is not defined).
pub fn convert(p: LatLon, from: Datum, to: Datum) -> LatLon {
    match (from, to) {
        (Datum::Wgs84, Datum::Gcj02) => wgs84_to_gcj02(p),
        (Datum::Gcj02, Datum::Wgs84) => gcj02_to_wgs84(p),
        _ => p,
    }
}

// The published GCJ-02 obfuscation (Krasovsky ellipsoid parameters).
const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

fn offset(p: LatLon) -> (f64, f64) {
    let (x, y) = (p.lon - 105.0, p.lat - 35.0);
    let mut dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    dlat += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    dlat += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlat += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let mut dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    dlon += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    dlon += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    dlon += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;

    let rad = p.lat.to_radians();
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    let dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let dlon = (dlon * 180.0) / (A / sqrt_magic * rad.cos() * PI);
    (dlat, dlon)
}

pub fn wgs84_to_gcj02(p: LatLon) -> LatLon {
    if !in_china(p) {
        return p;
    }
    let (dlat, dlon) = offset(p);
    LatLon {
        lat: p.lat + dlat,
        lon: p.lon + dlon,
    }
}

/// The inverse has no closed form: iterate until the forward transform lands on `p`
/// (converges to well under a metre in a few steps).
pub fn gcj02_to_wgs84(p: LatLon) -> LatLon {
    if !in_china(p) {
        return p;
    }
    let mut w = p;
    for _ in 0..8 {
        let g = wgs84_to_gcj02(w);
        w = LatLon {
            lat: w.lat - (g.lat - p.lat),
            lon: w.lon - (g.lon - p.lon),
        };
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    const YUELU_SEAT_GCJ: LatLon = LatLon {
        lat: 28.234538,
        lon: 112.93132,
    };

    #[test]
    fn matches_a_published_test_vector() {
        // Shanghai, from the reference implementations of the transform.
        let g = wgs84_to_gcj02(LatLon {
            lat: 31.1774276,
            lon: 121.5272106,
        });
        assert!((g.lat - 31.17530398364597).abs() < 1e-7, "{g:?}");
        assert!((g.lon - 121.531541859215).abs() < 1e-7, "{g:?}");
    }

    #[test]
    fn moves_a_point_in_hunan_by_a_few_hundred_metres() {
        let wgs = gcj02_to_wgs84(YUELU_SEAT_GCJ);
        let shift = distance_m(wgs, YUELU_SEAT_GCJ);
        assert!((300.0..800.0).contains(&shift), "shift {shift} m");
    }

    #[test]
    fn round_trips_within_a_metre() {
        for p in [
            YUELU_SEAT_GCJ,
            LatLon {
                lat: 28.262,
                lon: 109.698,
            },
            LatLon {
                lat: 25.78,
                lon: 113.01,
            },
        ] {
            let back = wgs84_to_gcj02(gcj02_to_wgs84(p));
            assert!(distance_m(back, p) < 1.0, "{p:?} -> {back:?}");
            assert_eq!(convert(p, Datum::Gcj02, Datum::Gcj02), p);
        }
    }

    #[test]
    fn outside_china_nothing_moves() {
        let paris = LatLon {
            lat: 48.8566,
            lon: 2.3522,
        };
        assert!(!in_china(paris));
        assert_eq!(wgs84_to_gcj02(paris), paris);
        assert_eq!(gcj02_to_wgs84(paris), paris);
    }

    #[test]
    fn distances_are_great_circle() {
        // Changsha to Jishou seats: about 320 km.
        let d = distance_m(
            YUELU_SEAT_GCJ,
            LatLon {
                lat: 28.262,
                lon: 109.698,
            },
        );
        assert!((310_000.0..330_000.0).contains(&d), "{d}");
        assert_eq!(distance_m(YUELU_SEAT_GCJ, YUELU_SEAT_GCJ), 0.0);
        // Unit vectors order points the same way as great-circle distance.
        let chord = |a, b| {
            let (u, v) = (unit_vector(a), unit_vector(b));
            (0..3).map(|i| (u[i] - v[i]).powi(2)).sum::<f64>()
        };
        let near = LatLon { lat: 28.3, lon: 112.9 };
        let far = LatLon { lat: 27.0, lon: 111.0 };
        assert!(chord(YUELU_SEAT_GCJ, near) < chord(YUELU_SEAT_GCJ, far));
    }

    #[test]
    fn datum_names_parse() {
        assert_eq!(Datum::parse("WGS84"), Some(Datum::Wgs84));
        assert_eq!(Datum::parse("gcj-02"), Some(Datum::Gcj02));
        assert_eq!(Datum::parse("bd09"), None);
    }
}
