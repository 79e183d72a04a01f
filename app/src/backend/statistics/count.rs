//! Counting one month: the store's rows, grouped by the registration's division, added into
//! every area that division lies in. One pass gives an area and all areas inside it, so the
//! page's comparison one level down and the month-end freeze of every area cost one count.

use std::collections::BTreeMap;

use crate::api::institutions::division_prefix;
use crate::api::statistics::{Count, Figures};
use crate::backend::store::{KeyCount, StockRow, YearGroup};
use crate::domain::calendar::WorkCalendar;
use crate::domain::date::Ymd;
use crate::domain::registration::confirmation::{BY_THE_PERSON, STAFF_CHANNELS};
use crate::domain::registration::decision::review_due;
use crate::domain::registration::status::EndReason;
use crate::domain::service_311::tallies;
use crate::domain::statistics::month::Month;
use crate::domain::statistics::pace::{all_given, behind};
use crate::domain::statistics::people::{AgeBand, Basis, Locality};
use crate::domain::statistics::summary::{median, percentile};

pub const PROVINCE: &str = "430000";

/// The areas a registration's division lies in: the province, its 市州, 县市区 and, for a
/// 乡镇 or 社区 office, its 乡镇街道.
pub fn areas_of(division: &str) -> Vec<String> {
    let mut out = vec![PROVINCE.to_owned()];
    if division.len() >= 6 {
        out.push(format!("{}00", &division[..4]));
        out.push(division[..6].to_owned());
    }
    if division.len() >= 9 {
        out.push(division[..9].to_owned());
    }
    out.dedup();
    out
}

/// How deep an area is: 0 province, 1 市州, 2 县市区, 3 乡镇街道.
pub fn depth(area: &str) -> usize {
    match division_prefix(area).len() {
        ..=2 => 0,
        3..=4 => 1,
        5..=6 => 2,
        _ => 3,
    }
}

/// Which areas to count: `top` and those under it down to `max_depth`.
#[derive(Debug, Clone)]
pub struct Scope {
    pub top: String,
    pub max_depth: usize,
}

impl Scope {
    fn wants(&self, area: &str) -> bool {
        area.starts_with(division_prefix(&self.top)) && depth(area) >= depth(&self.top) && depth(area) <= self.max_depth
    }
}

/// Figures being added up, per area; durations kept until the end for the percentiles.
pub struct Counter {
    month: Month,
    scope: Scope,
    figures: BTreeMap<String, Figures>,
    durations: BTreeMap<String, Vec<i32>>,
}

/// The month's confirmation channels, as stored: the person's own, then staff's.
fn channels() -> impl Iterator<Item = &'static str> {
    std::iter::once(BY_THE_PERSON).chain(STAFF_CHANNELS.iter().map(|c| c.label))
}

pub(super) fn empty(month: Month, area: &str) -> Figures {
    let mut f = Figures {
        month: month.iso(),
        division: area.to_owned(),
        ..Figures::default()
    };
    f.registered.by_age = AgeBand::ALL
        .iter()
        .map(|b| Count {
            code: b.code().to_owned(),
            label: b.label().to_owned(),
            count: 0,
        })
        .collect();
    f.outflow.by_reason = EndReason::ALL
        .iter()
        .map(|r| Count {
            code: r.code().to_owned(),
            label: r.label().to_owned(),
            count: 0,
        })
        .collect();
    f.confirmation.by_channel = channels()
        .map(|label| Count {
            code: label.to_owned(),
            label: label.to_owned(),
            count: 0,
        })
        .collect();
    f
}

fn add_to(list: &mut Vec<Count>, code: &str, label: &str, n: u64) {
    match list.iter_mut().find(|c| c.code == code) {
        Some(c) => c.count += n,
        None => list.push(Count {
            code: code.to_owned(),
            label: label.to_owned(),
            count: n,
        }),
    }
}

impl Counter {
    pub fn new(month: Month, scope: Scope) -> Counter {
        let mut figures = BTreeMap::new();
        figures.insert(scope.top.clone(), empty(month, &scope.top));
        Counter {
            month,
            scope,
            figures,
            durations: BTreeMap::new(),
        }
    }

    /// Each wanted area the division lies in, created on first use.
    fn each(&mut self, division: &str, mut f: impl FnMut(&mut Figures)) {
        for area in areas_of(division) {
            self.each_area(&area, &mut f);
        }
    }

    pub fn stock(&mut self, rows: &[StockRow]) {
        for r in rows {
            let band = AgeBand::from_code(&r.band);
            let locality = Locality::parse(&r.locality);
            let inferred = Basis::parse(&r.basis) != Some(Basis::Community);
            self.each(&r.division_code, |f| {
                let g = &mut f.registered;
                g.total += r.n;
                match locality {
                    Some(Locality::Urban) => g.urban += r.n,
                    Some(Locality::Rural) => g.rural += r.n,
                    None => {}
                }
                if inferred {
                    g.locality_inferred += r.n;
                }
                match r.sex.as_str() {
                    "1" => g.male += r.n,
                    "2" => g.female += r.n,
                    _ => g.sex_unknown += r.n,
                }
                if let Some(band) = band {
                    add_to(&mut g.by_age, band.code(), band.label(), r.n);
                }
                if r.hard_to_employ {
                    g.hard_to_employ += r.n;
                }
                f.confirmation.registered += r.n;
            });
        }
    }

    pub fn entries(&mut self, rows: &[KeyCount]) {
        for r in rows {
            self.each(&r.division_code, |f| {
                f.inflow.registered += r.n;
                if r.key == "hall" {
                    f.inflow.hall += r.n;
                } else {
                    f.inflow.online += r.n;
                }
            });
        }
    }

    pub fn refusals(&mut self, rows: &[KeyCount]) {
        for r in rows {
            self.each(&r.division_code, |f| f.inflow.refused += r.n);
        }
    }

    /// A wanted area, created on first use.
    fn each_area(&mut self, area: &str, f: impl FnOnce(&mut Figures)) {
        if self.scope.wants(area) {
            let month = self.month;
            f(self
                .figures
                .entry(area.to_owned())
                .or_insert_with(|| empty(month, area)));
        }
    }

    /// A transfer counts for an area it entered or left, not for one it moved within.
    pub fn transfers(&mut self, rows: &[(String, String)]) {
        for (from, to) in rows {
            let (from_areas, to_areas) = (areas_of(from), areas_of(to));
            for area in to_areas.iter().filter(|a| !from_areas.contains(a)) {
                self.each_area(area, |f| f.inflow.transferred_in += 1);
            }
            for area in from_areas.iter().filter(|a| !to_areas.contains(a)) {
                self.each_area(area, |f| f.inflow.transferred_out += 1);
            }
        }
    }

    pub fn endings(&mut self, rows: &[KeyCount]) {
        for r in rows {
            let label = EndReason::parse(&r.key).map_or("原因未记录", |e| e.label());
            self.each(&r.division_code, |f| {
                f.outflow.total += r.n;
                add_to(&mut f.outflow.by_reason, &r.key, label, r.n);
            });
        }
    }

    pub fn confirmations(&mut self, rows: &[KeyCount]) {
        for r in rows {
            self.each(&r.division_code, |f| {
                f.confirmation.confirmed += r.n;
                add_to(&mut f.confirmation.by_channel, &r.key, &r.key, r.n);
            });
        }
    }

    /// Working days from submission to decision, and whether it came after the due date.
    pub fn decisions(&mut self, rows: &[(String, String, String)], calendar: &WorkCalendar) {
        for (division, submitted, decided) in rows {
            let (Some(submitted), Some(decided)) = (Ymd::parse_iso(submitted), Ymd::parse_iso(decided)) else {
                continue;
            };
            let days = calendar.working_days_between(submitted, decided);
            let late = decided > review_due(calendar, submitted, decided).on;
            for area in areas_of(division) {
                if self.scope.wants(&area) {
                    self.durations.entry(area.clone()).or_default().push(days);
                }
            }
            self.each(division, |f| {
                f.processing.decided += 1;
                if late {
                    f.processing.late += 1;
                }
            });
        }
    }

    /// "311": years that ended in the month, and who still in their year is behind.
    pub fn service_years(&mut self, groups: &[YearGroup]) {
        for g in groups {
            let tallies = tallies(g.given);
            let got_all = all_given(&tallies);
            let is_behind = g.in_year && behind(&tallies, g.months);
            self.each(&g.division_code, |f| {
                let s = &mut f.service_311;
                if g.ended_in_month {
                    s.year_ended += g.n;
                    s.all_given += if got_all { g.n } else { 0 };
                }
                if g.in_year {
                    s.in_year += g.n;
                    s.behind += if is_behind { g.n } else { 0 };
                }
            });
        }
    }

    /// The figures of every counted area, names still to be filled in.
    pub fn finish(mut self) -> BTreeMap<String, Figures> {
        for (area, days) in &self.durations {
            if let Some(f) = self.figures.get_mut(area) {
                f.processing.median_working_days = median(days);
                f.processing.p90_working_days = percentile(days, 90);
            }
        }
        self.figures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_division_lies_in_its_province_city_county_and_township() {
        assert_eq!(areas_of("430104"), ["430000", "430100", "430104"]);
        assert_eq!(areas_of("430104007"), ["430000", "430100", "430104", "430104007"]);
        assert_eq!(areas_of("430104007012"), ["430000", "430100", "430104", "430104007"]);
        // A 市州 office's own registrations count for the 市州, once.
        assert_eq!(areas_of("430100"), ["430000", "430100"]);
        assert_eq!(
            [depth("430000"), depth("430100"), depth("430104"), depth("430104007")],
            [0, 1, 2, 3]
        );
    }

    #[test]
    fn a_transfer_counts_only_where_it_crosses_a_border() {
        let month = Month::parse("2026-11").unwrap();
        let mut c = Counter::new(
            month,
            Scope {
                top: PROVINCE.into(),
                max_depth: 2,
            },
        );
        c.transfers(&[("430104".into(), "430102".into())]);
        let f = c.finish();
        assert_eq!(f["430000"].inflow.transferred_in, 0, "within the province");
        assert!(!f.contains_key("430100"), "nothing crossed 长沙市's border");
        assert_eq!(f["430104"].inflow.transferred_out, 1);
        assert_eq!(f["430102"].inflow.transferred_in, 1);
    }
}
