//! `/api/v1/institutions` and `/api/v1/divisions`: what the list, the nearest search and the
//! pickers answer.

use serde::{Deserialize, Serialize};

use crate::api::FieldError;
use crate::domain::geo::{convert, in_china, Datum, LatLon};
use crate::domain::institution::{Level, Service};

/// A position as stored and answered: always GCJ-02, the datum of Chinese maps.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Position {
    pub lat: f64,
    pub lon: f64,
    pub datum: Datum,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Institution {
    pub code: String,
    pub name: String,
    pub level: Level,
    /// GB/T 2260 code (市州, 县市区) or statistical code (乡镇街道 9 digits, 社区/村 12 digits).
    pub division_code: String,
    /// The institution one level up, if any.
    pub parent_code: Option<String>,
    pub address: String,
    pub phones: Vec<String>,
    /// 经办项目.
    pub services: Vec<Service>,
    /// 办公时间, as the office states it.
    pub hours: String,
    pub position: Option<Position>,
    /// Whether 失业登记 can be handled here (the notice requires an account with that module).
    pub handles_registration: bool,
    /// RFC 3339, UTC.
    pub updated_at: String,
    /// Demo data (示例): invented names, addresses and phones, never to be taken as real.
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NearbyInstitution {
    /// Great-circle distance from the asked position, in metres.
    pub distance_m: u32,
    pub institution: Institution,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NearestAnswer {
    /// The asked position converted to GCJ-02.
    pub from: Position,
    pub items: Vec<NearbyInstitution>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InstitutionList {
    pub items: Vec<Institution>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Division {
    pub code: String,
    pub name: String,
    /// `prefecture`, `county`, `township` or `community`.
    pub level: String,
    pub parent_code: String,
    /// The seat, GCJ-02, where known.
    pub lon: Option<f64>,
    pub lat: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DivisionList {
    pub items: Vec<Division>,
}

/// One problem in an imported file: which line (the header is line 1; 0 for the whole file),
/// which column, and what to do about it, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: usize,
    /// Rows without problems.
    pub valid: usize,
    /// Rows written: all valid rows, or none when the file has errors and applying the good
    /// rows was not asked for.
    pub applied: usize,
    pub errors: Vec<RowError>,
}

/// The rows filter of `GET /api/v1/institutions`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InstitutionFilter {
    /// Only institutions serving this division or divisions below it.
    pub division: Option<String>,
    pub level: Option<Level>,
    pub service: Option<Service>,
    /// Part of the name.
    pub q: Option<String>,
    pub limit: u32,
}

/// The code prefix shared by a division and everything below it: 430100 -> 4301,
/// 430104 -> 430104, 430104003 -> 430104003.
pub fn division_prefix(code: &str) -> &str {
    if code.len() == 6 {
        let mut p = code;
        while p.len() > 2 && p.ends_with("00") {
            p = &p[..p.len() - 2];
        }
        p
    } else {
        code
    }
}

pub const NEAREST_DEFAULT_LIMIT: usize = 10;
pub const NEAREST_MAX_LIMIT: usize = 50;

/// A checked nearest query: the position already in GCJ-02.
#[derive(Debug, Clone, PartialEq)]
pub struct NearestQuery {
    pub from: LatLon,
    pub limit: usize,
    pub service: Option<Service>,
}

fn field(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_owned(),
        message: message.into(),
    }
}

fn number(name: &str, label: &str, example: &str, value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<f64> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => {
            errors.push(field(name, format!("请提供{label}（{name}），例如 {example}")));
            None
        }
        Some(v) => match v.parse::<f64>() {
            Ok(n) if n.is_finite() => Some(n),
            _ => {
                errors.push(field(name, format!("{label}（{name}）必须是数字，例如 {example}")));
                None
            }
        },
    }
}

/// Parses a service name, answering a field error naming the parameter.
pub fn parse_service(value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<Service> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    let s = Service::parse(v);
    if s.is_none() {
        let names: Vec<&str> = Service::ALL.iter().map(|s| s.as_str()).collect();
        errors.push(field(
            "service",
            format!("经办项目（service）应为以下之一：{}", names.join("、")),
        ));
    }
    s
}

pub fn parse_level(value: Option<&str>, errors: &mut Vec<FieldError>) -> Option<Level> {
    let v = value.map(str::trim).filter(|v| !v.is_empty())?;
    let l = Level::parse(v);
    if l.is_none() {
        errors.push(field(
            "level",
            "层级（level）应为 prefecture、county、township 或 community",
        ));
    }
    l
}

fn parse_limit(value: Option<&str>, default: usize, max: usize, errors: &mut Vec<FieldError>) -> usize {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => default,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                errors.push(field("limit", format!("条数（limit）应为 1 到 {max} 之间的整数")));
                default
            }
        },
    }
}

impl NearestQuery {
    /// From the raw query parameters; every problem is reported, each naming its parameter.
    pub fn parse(
        lat: Option<&str>,
        lon: Option<&str>,
        datum: Option<&str>,
        limit: Option<&str>,
        service: Option<&str>,
    ) -> Result<NearestQuery, Vec<FieldError>> {
        let mut errors = Vec::new();
        let lat = number("lat", "纬度", "28.23", lat, &mut errors);
        let lon = number("lon", "经度", "112.93", lon, &mut errors);
        let datum = match datum.map(str::trim).filter(|d| !d.is_empty()) {
            None => Datum::Wgs84,
            Some(d) => Datum::parse(d).unwrap_or_else(|| {
                errors.push(field(
                    "datum",
                    "坐标系（datum）应为 wgs84（手机定位）或 gcj02（国内地图）",
                ));
                Datum::Wgs84
            }),
        };
        let limit = parse_limit(limit, NEAREST_DEFAULT_LIMIT, NEAREST_MAX_LIMIT, &mut errors);
        let service = parse_service(service, &mut errors);
        let from = match (lat, lon) {
            (Some(lat), Some(lon)) => NearestQuery::position(LatLon { lat, lon }, datum)
                .map_err(|e| errors.push(e))
                .ok(),
            _ => None,
        };
        match from {
            Some(from) if errors.is_empty() => Ok(NearestQuery { from, limit, service }),
            _ => Err(errors),
        }
    }

    /// A position in `datum`, in GCJ-02 if it is inside China. The browser checks the phone's
    /// position with this before it asks (it holds numbers, and parsing text as floats would
    /// bring Rust's 10 KB table of powers into the wasm).
    pub fn position(at: LatLon, datum: Datum) -> Result<LatLon, FieldError> {
        if in_china(at) {
            Ok(convert(at, datum, Datum::Gcj02))
        } else {
            Err(field(
                "lat",
                "位置不在中国境内：请检查纬度（lat）和经度（lon）是否写反或有误",
            ))
        }
    }
}

impl InstitutionFilter {
    pub fn parse(
        division: Option<&str>,
        level: Option<&str>,
        service: Option<&str>,
        q: Option<&str>,
        limit: Option<&str>,
    ) -> Result<InstitutionFilter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let division = division.map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned);
        if let Some(d) = &division {
            if ![6, 9, 12].contains(&d.len()) || !d.bytes().all(|b| b.is_ascii_digit()) {
                errors.push(field(
                    "division",
                    "行政区划代码（division）应为6位、9位或12位数字，例如 430104",
                ));
            }
        }
        let filter = InstitutionFilter {
            division,
            level: parse_level(level, &mut errors),
            service: parse_service(service, &mut errors),
            q: q.map(str::trim)
                .filter(|q| !q.is_empty())
                .map(|q| q.chars().take(50).collect()),
            limit: parse_limit(limit, 200, 500, &mut errors) as u32,
        };
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }
}

/// What the region picker shows for one division (or, without one, the province).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionView {
    /// From the 市州 down to the chosen division.
    pub trail: Vec<Division>,
    /// The divisions one level down, to choose from.
    pub children: Vec<Division>,
    /// The institutions of the chosen division and of the level just below it.
    pub institutions: Vec<Institution>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_query_reports_each_bad_parameter() {
        let errors = NearestQuery::parse(Some("abc"), None, Some("bd09"), Some("0"), Some("x")).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["lat", "lon", "datum", "limit", "service"]);
        assert!(errors[0].message.contains("纬度"));
    }

    #[test]
    fn nearest_query_refuses_positions_outside_china() {
        let errors = NearestQuery::parse(Some("48.85"), Some("2.35"), None, None, None).unwrap_err();
        assert_eq!(errors[0].field, "lat");
        assert!(errors[0].message.contains("不在中国境内"));
        // Swapped latitude and longitude is the common mistake.
        assert!(NearestQuery::parse(Some("112.93"), Some("28.23"), None, None, None).is_err());
        assert!(NearestQuery::parse(Some("NaN"), Some("inf"), None, None, None).is_err());
    }

    #[test]
    fn a_position_held_as_numbers_is_checked_as_the_query_is() {
        let swapped = NearestQuery::position(
            LatLon {
                lat: 112.93,
                lon: 28.23,
            },
            Datum::Wgs84,
        )
        .unwrap_err();
        assert_eq!(swapped.field, "lat");
        assert!(NearestQuery::position(
            LatLon {
                lat: f64::NAN,
                lon: 112.93
            },
            Datum::Gcj02
        )
        .is_err());
        let at = LatLon {
            lat: 28.2345,
            lon: 112.9313,
        };
        assert_eq!(NearestQuery::position(at, Datum::Gcj02), Ok(at));
        let parsed = NearestQuery::parse(Some("28.2345"), Some("112.9313"), None, None, None).unwrap();
        assert_eq!(NearestQuery::position(at, Datum::Wgs84), Ok(parsed.from));
    }

    #[test]
    fn nearest_query_converts_browser_positions_to_gcj02() {
        let q = NearestQuery::parse(Some("28.2345"), Some("112.9313"), None, Some("5"), Some("失业登记")).unwrap();
        assert_eq!(q.limit, 5);
        assert_eq!(q.service, Some(Service::UnemploymentRegistration));
        let moved = crate::domain::geo::distance_m(
            q.from,
            LatLon {
                lat: 28.2345,
                lon: 112.9313,
            },
        );
        assert!((300.0..800.0).contains(&moved), "{moved}");
        let g = NearestQuery::parse(Some("28.2345"), Some("112.9313"), Some("gcj02"), None, None).unwrap();
        assert_eq!(
            g.from,
            LatLon {
                lat: 28.2345,
                lon: 112.9313
            }
        );
        assert_eq!(g.limit, NEAREST_DEFAULT_LIMIT);
    }

    #[test]
    fn filters_check_division_codes() {
        assert!(InstitutionFilter::parse(Some("430104"), Some("county"), None, Some(" 岳麓 "), None).is_ok());
        let e = InstitutionFilter::parse(Some("4301"), Some("省"), None, None, Some("9999")).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["division", "level", "limit"]);
    }

    #[test]
    fn division_prefixes() {
        assert_eq!(division_prefix("430000"), "43");
        assert_eq!(division_prefix("430100"), "4301");
        assert_eq!(division_prefix("430104"), "430104");
        assert_eq!(division_prefix("433100"), "4331");
        assert_eq!(division_prefix("430104003"), "430104003");
    }
}
