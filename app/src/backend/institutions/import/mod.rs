//! Importing the 附件3 institution list from CSV, as the prefectures keep it in Excel.
//!
//! Accepts UTF-8 (with or without BOM) and GBK/GB18030, headers in English or Chinese. Every
//! bad row is reported with its line, column and reason; a file with bad rows changes nothing
//! unless the caller asks to apply the good rows. Rows are upserted by code, in one
//! transaction, so importing the same file twice changes nothing.

use std::collections::{HashMap, HashSet};

use crate::api::institutions::{ImportReport, RowError};
use crate::backend::store::Store;
use crate::backend::Error;
use crate::domain::geo::{convert, in_china, Datum, LatLon};
use crate::domain::institution::{split_list, ContactNumber, InstitutionCode, Level, NewInstitution, Service};
use crate::domain::statistics::people::is_urban_rural_code;

/// The columns: key, Chinese name (used in messages), other accepted header spellings.
const COLUMNS: &[(&str, &str, &[&str])] = &[
    ("code", "机构编码", &["编码", "机构代码"]),
    ("name", "机构名称", &["名称"]),
    ("level", "层级", &["机构层级", "级别"]),
    ("division_code", "所属区划代码", &["区划代码", "行政区划代码"]),
    ("division_name", "所属区划名称", &["区划名称", "乡镇街道社区名称"]),
    ("parent_code", "上级机构编码", &["上级编码"]),
    ("address", "办公地址", &["地址"]),
    ("phones", "联系电话", &["电话"]),
    ("services", "经办项目", &["服务项目"]),
    ("hours", "办公时间", &["服务时间"]),
    ("lon", "经度", &["longitude"]),
    ("lat", "纬度", &["latitude"]),
    ("datum", "坐标系", &["坐标系统"]),
    ("urban_rural", "城乡分类代码", &["城乡分类"]),
];
const REQUIRED: &[&str] = &[
    "code",
    "name",
    "level",
    "division_code",
    "address",
    "phones",
    "services",
];

fn label(key: &str) -> &'static str {
    COLUMNS.iter().find(|c| c.0 == key).map_or("", |c| c.1)
}

fn err(line: usize, key: &str, message: impl Into<String>) -> RowError {
    RowError {
        line,
        column: label(key).to_owned(),
        message: message.into(),
    }
}

/// The file's text: UTF-8 (BOM removed) or, failing that, GB18030 (a superset of GBK).
pub fn decode(bytes: &[u8]) -> Result<String, RowError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
    if had_errors {
        return Err(RowError {
            line: 0,
            column: String::new(),
            message: "无法识别文件编码：请在 Excel 中另存为“CSV UTF-8”或 GBK 编码的 CSV 文件".into(),
        });
    }
    Ok(text.into_owned())
}

/// The rows that parsed, with their line numbers, and the problems of the others.
pub fn parse(text: &str) -> (usize, Vec<(usize, NewInstitution)>, Vec<RowError>) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return (0, Vec::new(), vec![err(1, "", format!("无法读取表头：{e}"))]),
    };
    let mut position: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        if let Some(c) = COLUMNS.iter().find(|c| c.0 == h || c.1 == h || c.2.contains(&h)) {
            position.insert(c.0, i);
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .filter(|k| !position.contains_key(*k))
        .map(|k| label(k))
        .collect();
    if !missing.is_empty() {
        errors.push(err(
            1,
            "",
            format!(
                "表头缺少这些列：{}。表头示例见 README 的机构清单导入一节",
                missing.join("、")
            ),
        ));
        return (0, Vec::new(), errors);
    }

    let mut rows = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut count = 0;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(err(line, "", format!("这一行无法读取：{e}")));
                count += 1;
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        count += 1;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let cells = Cells {
            record: &record,
            position: &position,
        };
        match parse_row(line, &cells) {
            Ok(row) => {
                if let Some(first) = seen.insert(row.code.to_string(), line) {
                    errors.push(err(
                        line,
                        "code",
                        format!("机构编码 {} 与第{first}行重复：每个机构只能出现一次", row.code),
                    ));
                } else {
                    rows.push((line, row));
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    (count, rows, errors)
}

/// One record's cells by column key (empty when the file has no such column).
struct Cells<'r> {
    record: &'r csv::StringRecord,
    position: &'r HashMap<&'static str, usize>,
}

impl<'r> Cells<'r> {
    fn get(&self, key: &str) -> &'r str {
        self.position
            .get(key)
            .and_then(|&i| self.record.get(i))
            .unwrap_or("")
            .trim()
    }
}

fn parse_row(line: usize, cells: &Cells) -> Result<NewInstitution, Vec<RowError>> {
    let cell = |key: &str| cells.get(key);
    let mut errors = Vec::new();
    let code = InstitutionCode::parse(cell("code"))
        .map_err(|m| errors.push(err(line, "code", m)))
        .ok();

    let name = cell("name").to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(err(line, "name", "机构名称不能为空，最多100个字"));
    }

    let level = Level::parse(cell("level"));
    if level.is_none() {
        errors.push(err(line, "level", "层级应为 市州、县市区、乡镇街道 或 社区行政村"));
    }

    let division_code = cell("division_code").to_owned();
    if let Some(level) = level {
        let len = level.division_code_len();
        let digits = division_code.len() == len && division_code.bytes().all(|b| b.is_ascii_digit());
        if !digits || (level == Level::Prefecture && !division_code.ends_with("00")) {
            let what = match level {
                Level::Prefecture => "市州级机构的区划代码应为以00结尾的6位数字，例如 430100",
                Level::County => "县市区级机构的区划代码应为6位数字，例如 430104",
                Level::Township => "乡镇（街道）的区划代码应为9位统计用区划代码，例如 430104003",
                Level::Community => "社区（行政村）的区划代码应为12位统计用区划代码，例如 430104003001",
            };
            errors.push(err(line, "division_code", what));
        }
    }
    let division_name = Some(cell("division_name").to_owned()).filter(|n| !n.is_empty());
    let urban_rural = Some(cell("urban_rural").to_owned()).filter(|c| !c.is_empty());
    if let Some(c) = &urban_rural {
        if level != Some(Level::Community) || !is_urban_rural_code(c) {
            errors.push(err(
                line,
                "urban_rural",
                "城乡分类代码只填社区（行政村），为国家统计局的3位代码：111、112、121、122、123（城镇）或 210、220（农村）",
            ));
        }
    }

    let parent_code = match cell("parent_code") {
        "" => None,
        p => InstitutionCode::parse(p)
            .map_err(|m| errors.push(err(line, "parent_code", m)))
            .ok(),
    };
    if parent_code.is_some() && parent_code == code {
        errors.push(err(line, "parent_code", "上级机构不能是机构自己"));
    }

    let address = cell("address").to_owned();
    if address.is_empty() || address.chars().count() > 200 {
        errors.push(err(line, "address", "办公地址不能为空，最多200个字"));
    }

    let mut phones = Vec::new();
    for p in split_list(cell("phones")) {
        match ContactNumber::parse(p) {
            Ok(n) => phones.push(n),
            Err(m) => errors.push(err(line, "phones", format!("“{p}”：{m}"))),
        }
    }
    if phones.is_empty() && cell("phones").is_empty() {
        errors.push(err(line, "phones", "至少填写一个联系电话，多个电话用分号或顿号隔开"));
    }

    let mut services = Vec::new();
    for s in split_list(cell("services")) {
        match Service::parse(s) {
            Some(v) if !services.contains(&v) => services.push(v),
            Some(_) => {}
            None => {
                let names: Vec<&str> = Service::ALL.iter().map(|s| s.label()).collect();
                errors.push(err(
                    line,
                    "services",
                    format!("“{s}”不是经办项目；可填：{}", names.join("、")),
                ));
            }
        }
    }
    if services.is_empty() && cell("services").is_empty() {
        errors.push(err(line, "services", "至少填写一个经办项目，例如 失业登记"));
    }
    services.sort();

    let hours = cell("hours").to_owned();
    if hours.chars().count() > 100 {
        errors.push(err(line, "hours", "办公时间最多100个字"));
    }

    let datum = match cell("datum") {
        "" => Datum::Gcj02,
        d => Datum::parse(d).unwrap_or_else(|| {
            errors.push(err(line, "datum", "坐标系应为 gcj02（高德、腾讯地图）或 wgs84（GPS）"));
            Datum::Gcj02
        }),
    };
    let position = match (cell("lat"), cell("lon")) {
        ("", "") => None,
        (lat, lon) => match (lat.parse::<f64>(), lon.parse::<f64>()) {
            (Ok(lat), Ok(lon)) if in_china(LatLon { lat, lon }) => {
                Some(convert(LatLon { lat, lon }, datum, Datum::Gcj02))
            }
            (Ok(_), Ok(_)) => {
                errors.push(err(line, "lat", "坐标不在中国境内：请检查经度、纬度是否填反"));
                None
            }
            _ => {
                errors.push(err(
                    line,
                    "lat",
                    "经度和纬度要么都填数字（如 112.93、28.23），要么都不填",
                ));
                None
            }
        },
    };

    match (code, level) {
        (Some(code), Some(level)) if errors.is_empty() => Ok(NewInstitution {
            code,
            name,
            level,
            division_code,
            division_name,
            urban_rural,
            parent_code,
            address,
            phones,
            services,
            hours,
            position,
            demo: false,
        }),
        _ => Err(errors),
    }
}

/// Checks what needs the database (divisions, parent institutions), then writes the rows.
/// `scope` is the division-code prefix the importer may change ("" for the operator's CLI).
pub async fn import(
    store: &Store,
    bytes: &[u8],
    apply_valid_rows: bool,
    scope: &str,
    now: &str,
) -> Result<ImportReport, Error> {
    let text = match decode(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Ok(ImportReport {
                rows: 0,
                valid: 0,
                applied: 0,
                errors: vec![e],
            })
        }
    };
    let (count, mut rows, mut errors) = parse(&text);
    rows.retain(|(line, r)| {
        let inside = r.division_code.starts_with(scope);
        if !inside {
            errors.push(err(
                *line,
                "division_code",
                format!("区划代码 {} 不在您的管辖范围内，不能导入", r.division_code),
            ));
        }
        inside
    });

    // Divisions: 市州/县市区 must be known; a 乡镇/社区 must be known or named in this file,
    // and the division above it must be known or in this file.
    let mut wanted: Vec<String> = rows.iter().map(|(_, r)| r.division_code.clone()).collect();
    wanted.extend(rows.iter().map(|(_, r)| parent_division(&r.division_code).to_owned()));
    let mut known: HashSet<String> = store.known_division_codes(&wanted).await?.into_iter().collect();
    known.extend(
        rows.iter()
            .filter(|(_, r)| r.division_name.is_some())
            .map(|(_, r)| r.division_code.clone()),
    );
    rows.retain(|(line, r)| {
        let code = &r.division_code;
        let ok = if code.len() == 6 {
            known.contains(code)
        } else {
            (known.contains(code) || r.division_name.is_some()) && known.contains(parent_division(code))
        };
        if !ok {
            let why = if code.len() == 6 {
                format!("区划代码 {code} 不是湖南省的市州或县市区代码（GB/T 2260）")
            } else if !known.contains(parent_division(code)) {
                format!(
                    "区划代码 {code} 的上级区划 {} 未知：请先导入上级区划，或检查代码",
                    parent_division(code)
                )
            } else {
                format!("区划代码 {code} 尚未登记：请在“所属区划名称”列填写该乡镇（街道）或社区（村）的名称")
            };
            errors.push(err(*line, "division_code", why));
        }
        ok
    });

    // Parents must exist in the list or among the rows being written; dropping a row can
    // orphan another, so repeat until nothing changes.
    let parents: Vec<String> = rows
        .iter()
        .filter_map(|(_, r)| r.parent_code.as_ref().map(|c| c.to_string()))
        .collect();
    let existing: HashSet<String> = store.existing_institution_codes(&parents).await?.into_iter().collect();
    loop {
        let here: HashSet<String> = rows.iter().map(|(_, r)| r.code.to_string()).collect();
        let before = rows.len();
        rows.retain(|(line, r)| match &r.parent_code {
            Some(p) if !here.contains(p.as_str()) && !existing.contains(p.as_str()) => {
                errors.push(err(
                    *line,
                    "parent_code",
                    format!("上级机构编码 {p} 不在机构清单中，也不在本文件的有效行中"),
                ));
                false
            }
            _ => true,
        });
        if rows.len() == before {
            break;
        }
    }

    errors.sort_by_key(|e| e.line);
    let valid = rows.len();
    let apply = errors.is_empty() || apply_valid_rows;
    if apply && !rows.is_empty() {
        let rows: Vec<NewInstitution> = rows.into_iter().map(|(_, r)| r).collect();
        store.upsert_institutions(&rows, now).await?;
    }
    Ok(ImportReport {
        rows: count,
        valid,
        applied: if apply { valid } else { 0 },
        errors,
    })
}

fn parent_division(code: &str) -> &str {
    match code.len() {
        9 => &code[..6],
        12 => &code[..9],
        _ => code,
    }
}

#[cfg(test)]
mod tests;
