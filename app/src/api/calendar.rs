//! The working-day calendar over `/api/v1`: a year's 法定节假日 and 调休 as the State
//! Council's notice gives them, and deadlines counted on it.

use serde::{Deserialize, Serialize};

/// One holiday of the notice, e.g. 国庆节 2026-10-01 to 2026-10-07.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Holiday {
    /// As the notice names it: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节.
    pub name: String,
    /// First day off, `YYYY-MM-DD`.
    pub from: String,
    /// Last day off, `YYYY-MM-DD` (inclusive).
    pub to: String,
}

/// One year's calendar, as shipped and as a provincial administrator replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CalendarYear {
    pub year: i32,
    /// The notice's title, e.g. 国务院办公厅关于2026年部分节假日安排的通知.
    pub source: String,
    pub holidays: Vec<Holiday>,
    /// 调休: the Saturdays and Sundays that are working days, `YYYY-MM-DD` (the previous
    /// December allowed).
    #[serde(default)]
    pub working_days: Vec<String>,
}

/// The due date of something owed within a number of working days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Deadline {
    /// The day counting starts after, `YYYY-MM-DD`.
    pub from: String,
    pub working_days: u32,
    /// The last working day of the time allowed, `YYYY-MM-DD`.
    pub due: String,
    /// `false`: a year of the count has no calendar yet, so its days were counted Monday to
    /// Friday and the date may be too early.
    pub calendar_known: bool,
}
