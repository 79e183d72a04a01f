//! The groups a registered person is counted in: age band, 城镇 or 农村, and the rule that
//! decides the latter. Nothing here identifies anyone: the figures keep a birth month, a sex
//! and the 常住地's division, never a name, phone or ID number.

use serde::{Deserialize, Serialize};

use super::month::Month;

/// The age bands of the figures, on the month's last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    From16To24,
    From25To34,
    From35To44,
    From45To54,
    From55,
}

impl AgeBand {
    pub const ALL: [AgeBand; 5] = [
        AgeBand::From16To24,
        AgeBand::From25To34,
        AgeBand::From35To44,
        AgeBand::From45To54,
        AgeBand::From55,
    ];

    /// Under 16 cannot be registered; should a record say so, it is counted with the youngest.
    pub fn of_age(age: i32) -> AgeBand {
        match age {
            ..=24 => AgeBand::From16To24,
            25..=34 => AgeBand::From25To34,
            35..=44 => AgeBand::From35To44,
            45..=54 => AgeBand::From45To54,
            _ => AgeBand::From55,
        }
    }

    /// 16-24 … 55+, as the API and the CSV write it.
    pub fn code(self) -> &'static str {
        match self {
            AgeBand::From16To24 => "16-24",
            AgeBand::From25To34 => "25-34",
            AgeBand::From35To44 => "35-44",
            AgeBand::From45To54 => "45-54",
            AgeBand::From55 => "55+",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgeBand::From16To24 => "16-24岁",
            AgeBand::From25To34 => "25-34岁",
            AgeBand::From35To44 => "35-44岁",
            AgeBand::From45To54 => "45-54岁",
            AgeBand::From55 => "55岁及以上",
        }
    }
}

impl AgeBand {
    pub fn from_code(code: &str) -> Option<AgeBand> {
        AgeBand::ALL.into_iter().find(|b| b.code() == code)
    }

    /// The band's first age.
    fn first_age(self) -> i32 {
        match self {
            AgeBand::From16To24 => 16,
            AgeBand::From25To34 => 25,
            AgeBand::From35To44 => 35,
            AgeBand::From45To54 => 45,
            AgeBand::From55 => 55,
        }
    }
}

/// The latest birth months of the bands from 55, 45, 35 and 25 years on the month's last day:
/// born in that month or before, a person has reached the band (so a query can band people by
/// comparing birth months).
pub fn born_by(month: Month) -> [String; 4] {
    [
        AgeBand::From55,
        AgeBand::From45To54,
        AgeBand::From35To44,
        AgeBand::From25To34,
    ]
    .map(|b| {
        Month {
            year: month.year - b.first_age(),
            month: month.month,
        }
        .iso()
    })
}

/// Whole years on the month's last day, from the birth year and month alone: by the last day
/// every birthday of the month has passed, so the day of birth is not needed.
pub fn age_at_month_end(born: Month, month: Month) -> i32 {
    month.year - born.year - i32::from(born.month > month.month)
}

/// 城镇 or 农村, by the 常住地 (not the 户口: people living in towns count as 城镇 whatever
/// their 户口, as the notice says).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Locality {
    Urban,
    Rural,
}

impl Locality {
    pub fn as_str(self) -> &'static str {
        match self {
            Locality::Urban => "urban",
            Locality::Rural => "rural",
        }
    }

    pub fn parse(s: &str) -> Option<Locality> {
        [Locality::Urban, Locality::Rural].into_iter().find(|l| l.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Locality::Urban => "城镇",
            Locality::Rural => "农村",
        }
    }
}

/// What the 城镇/农村 split of one person rests on, most exact first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The 城乡分类代码 of the 常住地 社区/村.
    Community,
    /// The kind of the 常住地 乡镇街道.
    Township,
    /// The kind of the 常住地 县市区.
    County,
}

impl Basis {
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Community => "community",
            Basis::Township => "township",
            Basis::County => "county",
        }
    }

    pub fn parse(s: &str) -> Option<Basis> {
        [Basis::Community, Basis::Township, Basis::County]
            .into_iter()
            .find(|b| b.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Basis::Community => "按社区（村）城乡分类代码",
            Basis::Township => "按乡镇（街道）类别推定",
            Basis::County => "按县市区类别推定",
        }
    }
}

/// The rule as staff read it beside the figures.
pub const LOCALITY_RULE: &str = "城镇、农村按常住地划分，与户口性质无关。常住地的社区（村）有国家统计局城乡分类代码的，\
1开头（111主城区、112城乡结合区、121镇中心区、122镇乡结合区、123特殊区域）计城镇，2开头（210乡中心区、220村庄）计农村。\
没有社区（村）代码时推定：常住地为街道的计城镇，为镇或乡的计农村（镇区与村庄分不开，按农村计）；连乡镇（街道）也不知道的，\
市辖区计城镇，县和县级市计农村。表中列出按推定计算的人数。";

/// A 城乡分类代码 the statistics bureau uses (GB/T 2260's companion 统计用城乡划分代码).
pub fn is_urban_rural_code(code: &str) -> bool {
    matches!(code, "111" | "112" | "121" | "122" | "123" | "210" | "220")
}

/// 城镇 or 农村 for a 常住地, and what that rests on.
///
/// `community_code` is the 城乡分类代码 of the 常住地 社区/村 when known; `township` is the
/// 乡镇街道's 9-digit statistical code or its name; `county` the 6-digit 县市区 code.
pub fn locality(community_code: Option<&str>, township: Option<&str>, county: &str) -> (Locality, Basis) {
    match community_code.and_then(|c| c.chars().next()) {
        Some('1') => return (Locality::Urban, Basis::Community),
        Some('2') => return (Locality::Rural, Basis::Community),
        _ => {}
    }
    if let Some(kind) = township.and_then(township_is_urban) {
        let l = if kind { Locality::Urban } else { Locality::Rural };
        return (l, Basis::Township);
    }
    // GB/T 2260: the last two digits 01-20 are 市辖区, 21-80 县, 81-99 县级市.
    let district = county
        .get(4..6)
        .and_then(|d| d.parse::<u32>().ok())
        .is_some_and(|d| (1..=20).contains(&d));
    let l = if district { Locality::Urban } else { Locality::Rural };
    (l, Basis::County)
}

/// `Some(true)` for a 街道, `Some(false)` for a 镇 or 乡, `None` when the kind is not known.
/// The statistical code says it in digits 7-9 (001-099 街道, 100-199 镇, 200-399 乡); a name
/// says it in its last characters.
fn township_is_urban(township: &str) -> Option<bool> {
    let t = township.trim();
    if t.len() == 9 && t.bytes().all(|b| b.is_ascii_digit()) {
        match t[6..].parse::<u32>().ok()? {
            1..=99 => return Some(true),
            100..=399 => return Some(false),
            _ => {}
        }
    }
    let name = t.trim_end_matches("（示例）");
    if name.ends_with("街道") || name.ends_with("街道办事处") {
        Some(true)
    } else if name.ends_with('镇') || name.ends_with('乡') {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        Month::parse(s).unwrap()
    }

    #[test]
    fn age_on_the_months_last_day_needs_only_the_birth_month() {
        // Born in November 2001: 25 by 30 November 2026 whatever the day, 24 in October.
        assert_eq!(age_at_month_end(m("2001-11"), m("2026-11")), 25);
        assert_eq!(age_at_month_end(m("2001-11"), m("2026-10")), 24);
        assert_eq!(age_at_month_end(m("2001-12"), m("2026-11")), 24);
        assert_eq!(AgeBand::of_age(24), AgeBand::From16To24);
        assert_eq!(AgeBand::of_age(25), AgeBand::From25To34);
        assert_eq!(AgeBand::of_age(54), AgeBand::From45To54);
        assert_eq!(AgeBand::of_age(55), AgeBand::From55);
        assert_eq!(AgeBand::of_age(70), AgeBand::From55);
    }

    #[test]
    fn banding_by_birth_month_agrees_with_the_age() {
        let month = m("2026-11");
        let [b55, b45, b35, b25] = born_by(month);
        assert_eq!([b55.as_str(), b25.as_str()], ["1971-11", "2001-11"]);
        for y in 1950..2011 {
            for mo in 1..=12 {
                let born = Month { year: y, month: mo };
                let iso = born.iso();
                let by_query = if iso <= b55 {
                    AgeBand::From55
                } else if iso <= b45 {
                    AgeBand::From45To54
                } else if iso <= b35 {
                    AgeBand::From35To44
                } else if iso <= b25 {
                    AgeBand::From25To34
                } else {
                    AgeBand::From16To24
                };
                assert_eq!(by_query, AgeBand::of_age(age_at_month_end(born, month)), "{iso}");
            }
        }
        assert_eq!(AgeBand::from_code("55+"), Some(AgeBand::From55));
    }

    #[test]
    fn the_community_code_decides_first() {
        for (code, want) in [
            ("111", Locality::Urban),
            ("123", Locality::Urban),
            ("220", Locality::Rural),
        ] {
            // Even inside a 乡 of a 县: the community's own class wins.
            assert_eq!(
                locality(Some(code), Some("430121201"), "430121"),
                (want, Basis::Community)
            );
        }
    }

    #[test]
    fn without_it_the_township_kind_then_the_county_kind() {
        let t = |township: Option<&str>, county: &str| locality(None, township, county);
        assert_eq!(t(Some("430104007"), "430104"), (Locality::Urban, Basis::Township));
        assert_eq!(t(Some("430121102"), "430121"), (Locality::Rural, Basis::Township));
        assert_eq!(t(Some("430121201"), "430121"), (Locality::Rural, Basis::Township));
        assert_eq!(t(Some("星沙街道"), "430121"), (Locality::Urban, Basis::Township));
        assert_eq!(t(Some("黄花镇"), "430121"), (Locality::Rural, Basis::Township));
        assert_eq!(
            t(Some("岳麓区第1街道（示例）"), "430104"),
            (Locality::Urban, Basis::Township)
        );
        // A name or code that says nothing: the county. 市辖区 01-20 urban, 县 and 县级市 rural.
        assert_eq!(t(Some("某某工业园"), "430104"), (Locality::Urban, Basis::County));
        assert_eq!(t(Some("430104901"), "430104"), (Locality::Urban, Basis::County));
        assert_eq!(t(None, "430121"), (Locality::Rural, Basis::County));
        assert_eq!(t(None, "430181"), (Locality::Rural, Basis::County));
        assert_eq!(t(None, "430112"), (Locality::Urban, Basis::County));
    }

    #[test]
    fn only_the_bureaus_seven_codes_are_codes() {
        assert!(is_urban_rural_code("121") && is_urban_rural_code("220"));
        assert!(!is_urban_rural_code("130") && !is_urban_rural_code("22") && !is_urban_rural_code("城镇"));
    }
}
