//! 公共就业服务机构: the four levels of the notice's 附件3 list, the services they handle,
//! and the parsed pieces of an institution record.

use serde::{Deserialize, Serialize};

/// The four levels of the institution list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 市（州）级公共就业服务机构
    Prefecture,
    /// 县（市区）级公共就业服务机构
    County,
    /// 乡镇（街道）公共就业服务平台
    Township,
    /// 社区（行政村）公共就业服务平台
    Community,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Prefecture, Level::County, Level::Township, Level::Community];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Prefecture => "prefecture",
            Level::County => "county",
            Level::Township => "township",
            Level::Community => "community",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Prefecture => "市州级",
            Level::County => "县市区级",
            Level::Township => "乡镇（街道）",
            Level::Community => "社区（行政村）",
        }
    }

    /// Accepts the API names and the Chinese words a spreadsheet uses.
    pub fn parse(s: &str) -> Option<Level> {
        let s = s.trim();
        Level::ALL.into_iter().find(|l| l.as_str() == s).or(match s {
            "市州" | "市州级" | "市级" | "市（州）级" | "市(州)级" => Some(Level::Prefecture),
            "县市区" | "县市区级" | "县级" | "县（市区）级" | "县(市区)级" => Some(Level::County),
            "乡镇街道" | "乡镇（街道）" | "乡镇(街道)" | "乡镇" | "街道" => Some(Level::Township),
            "社区行政村" | "社区（行政村）" | "社区(行政村)" | "社区" | "行政村" | "村" => {
                Some(Level::Community)
            }
            _ => None,
        })
    }

    /// How many digits the division code of an institution at this level has: GB/T 2260
    /// for 市州 and 县市区, the statistical code for 乡镇街道 (9) and 社区/村 (12).
    pub fn division_code_len(self) -> usize {
        match self {
            Level::Prefecture | Level::County => 6,
            Level::Township => 9,
            Level::Community => 12,
        }
    }
}

/// 经办项目: the fixed list of services an institution may handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Service {
    UnemploymentRegistration,
    EmploymentRegistration,
    JobReferral,
    CareerGuidance,
    Training,
    Entrepreneurship,
    HardshipRecognition,
    UnemploymentInsurance,
}

impl Service {
    pub const ALL: [Service; 8] = [
        Service::UnemploymentRegistration,
        Service::EmploymentRegistration,
        Service::JobReferral,
        Service::CareerGuidance,
        Service::Training,
        Service::Entrepreneurship,
        Service::HardshipRecognition,
        Service::UnemploymentInsurance,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Service::UnemploymentRegistration => "unemployment_registration",
            Service::EmploymentRegistration => "employment_registration",
            Service::JobReferral => "job_referral",
            Service::CareerGuidance => "career_guidance",
            Service::Training => "training",
            Service::Entrepreneurship => "entrepreneurship",
            Service::HardshipRecognition => "hardship_recognition",
            Service::UnemploymentInsurance => "unemployment_insurance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Service::UnemploymentRegistration => "失业登记",
            Service::EmploymentRegistration => "就业登记",
            Service::JobReferral => "职业介绍",
            Service::CareerGuidance => "职业指导",
            Service::Training => "职业培训",
            Service::Entrepreneurship => "创业服务",
            Service::HardshipRecognition => "就业困难人员认定",
            Service::UnemploymentInsurance => "失业保险金申领",
        }
    }

    /// Accepts the API name or the Chinese label.
    pub fn parse(s: &str) -> Option<Service> {
        let s = s.trim();
        Service::ALL.into_iter().find(|v| v.as_str() == s || v.label() == s)
    }

    /// One bit per service, for compact filtering in the spatial index.
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// Splits a list cell written the ways spreadsheets in China write lists.
pub fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split([';', '；', '、', ',', '，', '|', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// An institution's code in the list: letters, digits and hyphens, up to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InstitutionCode(String);

impl InstitutionCode {
    pub fn parse(s: &str) -> Result<InstitutionCode, &'static str> {
        let s = s.trim();
        if s.is_empty() {
            return Err("机构编码不能为空");
        }
        if s.chars().count() > 40 || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err("机构编码只能包含字母、数字、连字符，最多40位");
        }
        Ok(InstitutionCode(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for InstitutionCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An office telephone number: a landline with area code (0731-84900119, extension allowed),
/// a mobile number or a service hotline such as 12333.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContactNumber(String);

impl ContactNumber {
    pub fn parse(s: &str) -> Result<ContactNumber, &'static str> {
        let s: String = s
            .trim()
            .chars()
            .map(|c| if c == '－' || c == '—' { '-' } else { c })
            .collect();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        let allowed = s
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '转' | '(' | ')'));
        if !allowed || !(5..=20).contains(&digits) {
            return Err("联系电话应为带区号的固定电话（如 0731-84900119）、手机号码或服务热线");
        }
        Ok(ContactNumber(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The `tel:` link target: digits and a leading + only (an extension after 转 is dropped).
    pub fn tel_uri(&self) -> String {
        let main = self.0.split('转').next().unwrap_or_default();
        let number: String = main.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        format!("tel:{number}")
    }
}

/// An institution as an import or the demo generator delivers it, every field parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInstitution {
    pub code: InstitutionCode,
    pub name: String,
    pub level: Level,
    pub division_code: String,
    /// The name of a 乡镇街道 or 社区/村 division not yet known to the portal.
    pub division_name: Option<String>,
    /// The statistical 城乡分类代码 of a 社区/村 division (111 … 220), when the list gives it.
    pub urban_rural: Option<String>,
    pub parent_code: Option<InstitutionCode>,
    pub address: String,
    pub phones: Vec<ContactNumber>,
    pub services: Vec<Service>,
    pub hours: String,
    /// GCJ-02.
    pub position: Option<crate::domain::geo::LatLon>,
    pub demo: bool,
}

/// The services as one bit each (see [`Service::bit`]).
pub fn services_mask(services: &[Service]) -> u8 {
    services.iter().fold(0, |m, s| m | s.bit())
}

pub fn services_from_mask(mask: u8) -> Vec<Service> {
    Service::ALL.into_iter().filter(|s| mask & s.bit() != 0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_from_api_names_and_chinese() {
        for l in Level::ALL {
            assert_eq!(Level::parse(l.as_str()), Some(l));
        }
        assert_eq!(Level::parse("县（市区）级"), Some(Level::County));
        assert_eq!(Level::parse(" 社区 "), Some(Level::Community));
        assert_eq!(Level::parse("省级"), None);
    }

    #[test]
    fn services_parse_and_have_distinct_bits() {
        let mut bits = 0u8;
        for s in Service::ALL {
            assert_eq!(Service::parse(s.label()), Some(s));
            assert_eq!(Service::parse(s.as_str()), Some(s));
            assert_eq!(bits & s.bit(), 0);
            bits |= s.bit();
        }
        assert_eq!(Service::parse("办证"), None);
        assert_eq!(services_from_mask(services_mask(&Service::ALL)), Service::ALL);
        assert_eq!(
            services_from_mask(services_mask(&[Service::Training])),
            [Service::Training]
        );
    }

    #[test]
    fn lists_split_on_chinese_and_ascii_separators() {
        let got: Vec<_> = split_list("失业登记；就业登记、职业介绍; ").collect();
        assert_eq!(got, ["失业登记", "就业登记", "职业介绍"]);
    }

    #[test]
    fn codes_and_numbers() {
        assert!(InstitutionCode::parse("430104-01").is_ok());
        assert!(InstitutionCode::parse("").is_err());
        assert!(InstitutionCode::parse("43 01").is_err());
        let n = ContactNumber::parse("0731－84900119转8001").unwrap();
        assert_eq!(n.tel_uri(), "tel:073184900119");
        assert!(ContactNumber::parse("12333").is_ok());
        assert!(ContactNumber::parse("电话待定").is_err());
        assert!(ContactNumber::parse("1").is_err());
    }
}
