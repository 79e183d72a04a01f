//! `GET /api/v1/staff/statistics`: a month's 失业登记 figures for an area, counted straight
//! from the records (a past month from its frozen snapshot). No name, phone or ID number.

use serde::{Deserialize, Serialize};

/// One count in a group: an age band, a deregistration reason, a confirmation channel.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: u64,
}

/// 登记失业人员: registrations in force on the month's last day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Registered {
    pub total: u64,
    /// 城镇 and 农村 by the 常住地 (see `locality_rule`).
    pub urban: u64,
    pub rural: u64,
    /// Of those, how many rest on a fallback (the 乡镇街道 or 县市区 kind) rather than the
    /// 社区/村's 城乡分类代码.
    pub locality_inferred: u64,
    pub male: u64,
    pub female: u64,
    pub sex_unknown: u64,
    /// 16-24, 25-34, 35-44, 45-54, 55+, on the month's last day.
    pub by_age: Vec<Count>,
    /// Declared a 就业困难人员 category when registering (认定 is done at the office).
    pub hard_to_employ: u64,
}

/// What came in during the month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Inflow {
    /// New registrations (登记 in the month), online and at a service hall.
    pub registered: u64,
    pub online: u64,
    pub hall: u64,
    /// Applications refused (不予登记) in the month.
    pub refused: u64,
    /// Applications transferred (转办) into and out of the area in the month.
    pub transferred_in: u64,
    pub transferred_out: u64,
}

/// Registrations ended (注销) in the month, by the notice's reasons (every reason listed).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Outflow {
    pub total: u64,
    pub by_reason: Vec<Count>,
}

/// "311": services owed in a registration's first 12 months.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Service311Figures {
    /// People whose 12-month year ended in the month (still registered on its last day).
    pub year_ended: u64,
    /// Of those, how many were given all of 3/1/1 within the year.
    pub all_given: u64,
    /// Registered people still in their year at the month's end.
    pub in_year: u64,
    /// Of those, how many are behind the pace (see `behind_rule`).
    pub behind: u64,
}

/// 就业失业动态确认 of the month.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConfirmationFigures {
    /// Registered people at the month's end (the share's base).
    pub registered: u64,
    /// Of those, how many have the month's confirmation.
    pub confirmed: u64,
    /// By channel: 本人报告, 电话, 走访, 信息比对.
    pub by_channel: Vec<Count>,
}

/// 受理办结时间: applications decided (登记 or 不予登记) in the month.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Processing {
    pub decided: u64,
    /// Working days from submission to the decision (on the working-day calendar).
    pub median_working_days: Option<f64>,
    pub p90_working_days: Option<i32>,
    /// Decided after their due date.
    pub late: u64,
}

/// A month's figures for one area.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Figures {
    /// YYYY-MM.
    pub month: String,
    /// The area's division code (430000 for the province).
    pub division: String,
    pub division_name: String,
    pub registered: Registered,
    pub inflow: Inflow,
    pub outflow: Outflow,
    pub service_311: Service311Figures,
    pub confirmation: ConfirmationFigures,
    pub processing: Processing,
}

/// One point of the 12-month trend.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrendPoint {
    pub month: String,
    pub registered: u64,
    pub inflow: u64,
    pub outflow: u64,
    pub frozen: bool,
}

/// The answer: the area's figures, the same figures for each area one level down, and the
/// registered count over the last 12 months.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Statistics {
    pub figures: Figures,
    /// When the month was frozen (RFC 3339); absent: the current month, counted now.
    pub frozen_at: Option<String>,
    pub areas: Vec<Figures>,
    pub trend: Vec<TrendPoint>,
    /// How 城镇 and 农村 are told apart.
    pub locality_rule: String,
    /// When someone still in their year counts as behind on "311".
    pub behind_rule: String,
}

/// `month` defaults to the current month, `division` to the staff member's own area.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct StatisticsQuery {
    /// YYYY-MM.
    #[serde(default)]
    pub month: String,
    /// 430000, a 市州, a 县市区 or a 乡镇街道 code within the account's area.
    #[serde(default)]
    pub division: String,
    /// json (default), csv or xlsx.
    #[serde(default)]
    pub format: String,
}

/// One line of the figures as a table (the CSV, the workbook and `stats verify` use it).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub section: &'static str,
    pub item: String,
    pub value: String,
}

impl Figures {
    /// Every figure as a line, in the order the page shows them.
    pub fn lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        let mut put = |section: &'static str, item: &str, value: String| {
            out.push(Line {
                section,
                item: item.to_owned(),
                value,
            })
        };
        let r = &self.registered;
        put("登记失业人员", "合计", r.total.to_string());
        put("登记失业人员", "城镇", r.urban.to_string());
        put("登记失业人员", "农村", r.rural.to_string());
        put("登记失业人员", "其中城乡按推定", r.locality_inferred.to_string());
        put("登记失业人员", "男", r.male.to_string());
        put("登记失业人员", "女", r.female.to_string());
        put("登记失业人员", "性别未说明", r.sex_unknown.to_string());
        for c in &r.by_age {
            put("登记失业人员", &c.label, c.count.to_string());
        }
        put("登记失业人员", "就业困难人员（申报）", r.hard_to_employ.to_string());
        put(
            "登记失业人员",
            "非就业困难人员",
            (r.total - r.hard_to_employ.min(r.total)).to_string(),
        );
        let i = &self.inflow;
        put("本月新增", "新登记", i.registered.to_string());
        put("本月新增", "其中网上办理", i.online.to_string());
        put("本月新增", "其中大厅办理", i.hall.to_string());
        put("本月新增", "不予登记", i.refused.to_string());
        put("本月新增", "转入", i.transferred_in.to_string());
        put("本月新增", "转出", i.transferred_out.to_string());
        put("本月注销", "合计", self.outflow.total.to_string());
        for c in &self.outflow.by_reason {
            put("本月注销", &format!("{} {}", c.code, c.label), c.count.to_string());
        }
        let s = &self.service_311;
        put("311服务", "本月满一年的人数", s.year_ended.to_string());
        put("311服务", "其中3/1/1全部提供", s.all_given.to_string());
        put("311服务", "全部提供比例（%）", percent_text(s.all_given, s.year_ended));
        put("311服务", "登记未满一年的人数", s.in_year.to_string());
        put("311服务", "其中进度落后", s.behind.to_string());
        let c = &self.confirmation;
        put("动态确认", "应确认人数", c.registered.to_string());
        put("动态确认", "已确认人数", c.confirmed.to_string());
        put("动态确认", "确认比例（%）", percent_text(c.confirmed, c.registered));
        for ch in &c.by_channel {
            put("动态确认", &ch.label, ch.count.to_string());
        }
        let p = &self.processing;
        put("受理办结时间", "办结件数", p.decided.to_string());
        put(
            "受理办结时间",
            "中位数（工作日）",
            p.median_working_days.map_or(String::new(), |d| d.to_string()),
        );
        put(
            "受理办结时间",
            "90%分位数（工作日）",
            p.p90_working_days.map_or(String::new(), |d| d.to_string()),
        );
        put("受理办结时间", "超期办结", p.late.to_string());
        out
    }
}

fn percent_text(part: u64, whole: u64) -> String {
    crate::domain::statistics::summary::percent(part, whole).map_or(String::new(), |p| format!("{p:.1}"))
}
