//! 证件号码: the identity documents a worker may register with, parsed once. Sex and date of
//! birth come from the number when it carries them (居民身份证, 港澳台居民居住证); holders of
//! the passes, whose numbers carry neither, state their date of birth with the document.

use serde::{Deserialize, Serialize};

use super::date::Ymd;

/// 证件类型. Foreigners' permanent-residence cards are out of the registration's scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 居民身份证 (AAC058 201)
    ResidentId,
    /// 港澳台居民居住证: an 18-character number with address code 810000, 820000 or 830000.
    ResidencePermit,
    /// 港澳居民来往内地通行证 (AAC058 210)
    HkMacaoPass,
    /// 台湾居民来往大陆通行证 (AAC058 213)
    TaiwanPass,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::ResidentId,
        DocumentKind::ResidencePermit,
        DocumentKind::HkMacaoPass,
        DocumentKind::TaiwanPass,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::ResidentId => "resident_id",
            DocumentKind::ResidencePermit => "residence_permit",
            DocumentKind::HkMacaoPass => "hk_macao_pass",
            DocumentKind::TaiwanPass => "taiwan_pass",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::ResidentId => "居民身份证",
            DocumentKind::ResidencePermit => "港澳台居民居住证",
            DocumentKind::HkMacaoPass => "港澳居民来往内地通行证",
            DocumentKind::TaiwanPass => "台湾居民来往大陆通行证",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim() || k.label() == s.trim())
    }

    /// Whether its numbers carry the date of birth (the 18-character forms); the passes'
    /// holders state it.
    pub fn number_has_birth_date(self) -> bool {
        matches!(self, DocumentKind::ResidentId | DocumentKind::ResidencePermit)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// Why a number was refused: each message names the field and says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("请填写证件号码")]
    Empty,
    #[error("证件号码：身份证号码应为18位（最后一位可以是X），请检查是否多输或少输")]
    ResidentIdLength,
    #[error("证件号码：除最后一位可以是X外，只能是数字")]
    NotDigits,
    #[error("证件号码：开头的地区代码不正确，请对照身份证检查前两位")]
    UnknownProvince,
    #[error("证件号码：这是港澳台居民居住证的号码，请把证件类型改选为“港澳台居民居住证”")]
    IsResidencePermit,
    #[error("证件号码：港澳台居民居住证号码应以810000、820000或830000开头")]
    NotResidencePermit,
    #[error("证件号码：号码中的出生日期不是真实日期，请检查第7到14位")]
    BadBirthDate,
    #[error("证件号码：号码中的出生日期晚于今天，请检查第7到14位")]
    FutureBirthDate,
    #[error("证件号码：校验位不对，号码中可能有一位输错了，请对照证件逐位检查")]
    CheckDigit,
    #[error("证件号码：外国人永久居留身份证不在失业登记受理范围内；如有疑问请拨打 12333")]
    ForeignPermanentResident,
    #[error("证件号码：港澳居民来往内地通行证号码是H或M加8位数字（有的后面再加2位），例如 H12345678")]
    HkMacaoPassFormat,
    #[error("证件号码：台湾居民来往大陆通行证号码是8位数字，例如 12345678")]
    TaiwanPassFormat,
}

/// A parsed document number. `converted_from_15` tells that an old 15-digit number was
/// upgraded (the person is told).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdNumber {
    kind: DocumentKind,
    value: String,
    converted_from_15: bool,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";
/// Province-level codes in use (GB/T 2260), plus 71 Taiwan.
const PROVINCES: [u32; 32] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
    64, 65, 71,
];

/// The ISO 7064 MOD 11-2 check character of the first 17 digits.
pub fn check_char(first17: &str) -> char {
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
    CHECK[(sum % 11) as usize] as char
}

/// Spaces removed, full-width characters made ASCII, letters upper-case.
fn normalise(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn check_18(n: &str, today: Ymd) -> Result<(), IdNumberError> {
    let first17 = &n[..17];
    if !first17.bytes().all(|b| b.is_ascii_digit()) || !matches!(n.as_bytes()[17], b'0'..=b'9' | b'X') {
        return Err(IdNumberError::NotDigits);
    }
    let birth = Ymd::from_digits(&n[6..14])
        .filter(|d| d.year >= 1900)
        .ok_or(IdNumberError::BadBirthDate)?;
    if birth > today {
        return Err(IdNumberError::FutureBirthDate);
    }
    if check_char(first17) != n.as_bytes()[17] as char {
        return Err(IdNumberError::CheckDigit);
    }
    Ok(())
}

impl IdNumber {
    /// `today` bounds the birth date (the browser's date in the browser, the server's on the
    /// server).
    pub fn parse(kind: DocumentKind, input: &str, today: Ymd) -> Result<IdNumber, IdNumberError> {
        let n = normalise(input);
        if n.is_empty() {
            return Err(IdNumberError::Empty);
        }
        let ok = |value: String, converted_from_15| {
            Ok(IdNumber {
                kind,
                value,
                converted_from_15,
            })
        };
        match kind {
            DocumentKind::ResidentId => {
                if n.len() == 15 && n.bytes().all(|b| b.is_ascii_digit()) {
                    let first17 = format!("{}19{}", &n[..6], &n[6..]);
                    let full = format!("{first17}{}", check_char(&first17));
                    check_18(&full, today)?;
                    return ok(full, true);
                }
                if n.len() != 18 {
                    return Err(IdNumberError::ResidentIdLength);
                }
                if n.starts_with('9') {
                    return Err(IdNumberError::ForeignPermanentResident);
                }
                if !n.bytes().all(|b| b.is_ascii_digit() || b == b'X') {
                    return Err(IdNumberError::NotDigits);
                }
                let province: u32 = n[..2].parse().map_err(|_| IdNumberError::NotDigits)?;
                if matches!(province, 81..=83) {
                    return Err(IdNumberError::IsResidencePermit);
                }
                if !PROVINCES.contains(&province) {
                    return Err(IdNumberError::UnknownProvince);
                }
                check_18(&n, today)?;
                ok(n, false)
            }
            DocumentKind::ResidencePermit => {
                if !n.is_ascii() {
                    return Err(IdNumberError::NotDigits);
                }
                if n.len() != 18 {
                    return Err(IdNumberError::ResidentIdLength);
                }
                if !["810000", "820000", "830000"].contains(&&n[..6]) {
                    return Err(IdNumberError::NotResidencePermit);
                }
                check_18(&n, today)?;
                ok(n, false)
            }
            DocumentKind::HkMacaoPass => {
                let digits = n.get(1..).unwrap_or("");
                let valid = (n.starts_with('H') || n.starts_with('M'))
                    && (digits.len() == 8 || digits.len() == 10)
                    && digits.bytes().all(|b| b.is_ascii_digit());
                if valid {
                    ok(n, false)
                } else {
                    Err(IdNumberError::HkMacaoPassFormat)
                }
            }
            DocumentKind::TaiwanPass => {
                if n.len() == 8 && n.bytes().all(|b| b.is_ascii_digit()) {
                    ok(n, false)
                } else {
                    Err(IdNumberError::TaiwanPassFormat)
                }
            }
        }
    }

    pub fn kind(&self) -> DocumentKind {
        self.kind
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    pub fn converted_from_15(&self) -> bool {
        self.converted_from_15
    }

    fn is_18(&self) -> bool {
        self.kind.number_has_birth_date()
    }

    /// From the number (18-character forms only).
    pub fn birth_date(&self) -> Option<Ymd> {
        self.is_18().then(|| Ymd::from_digits(&self.value[6..14])).flatten()
    }

    /// From the 17th digit: odd for men (18-character forms only).
    pub fn sex(&self) -> Option<Sex> {
        self.is_18().then(|| {
            if (self.value.as_bytes()[16] - b'0') % 2 == 1 {
                Sex::Male
            } else {
                Sex::Female
            }
        })
    }

    /// 4301**********123X; passes keep their first and last two characters.
    pub fn masked(&self) -> String {
        let v = &self.value;
        let (head, tail) = if self.is_18() { (4, 4) } else { (1, 2) };
        format!(
            "{}{}{}",
            &v[..head],
            "*".repeat(v.len() - head - tail),
            &v[v.len() - tail..]
        )
    }
}

impl std::fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdNumber({:?}, {})", self.kind, self.masked())
    }
}

/// The date of birth the age rule uses: the number's own when it carries one (a date stated
/// beside it is ignored), else the one the person stated (the passes).
pub fn birth_date_for(number: &IdNumber, stated: Option<Ymd>) -> Option<Ymd> {
    if number.kind().number_has_birth_date() {
        number.birth_date()
    } else {
        stated
    }
}

const BIRTH_INCOMPLETE: &str = "出生日期：请把年、月、日都填上，例如 1990 年 5 月 1 日";
const BIRTH_YEAR: &str = "出生日期：年份请填写4位数字，例如 1990 年 5 月 1 日";
const BIRTH_NOT_REAL: &str = "出生日期：请填写真实的日期，例如 1990 年 5 月 1 日";

/// One of the three boxes of a date as typed: digits only (full-width ones too), at most
/// `max_len` of them; `None` for anything else.
fn date_part(typed: &str, max_len: usize) -> Option<u32> {
    let digits: String = typed
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    if digits.is_empty() || digits.len() > max_len || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The date of birth from its three boxes (年, 月, 日): `Ok(None)` when all are empty, else a
/// real date from 1900 on, or a message that names the field. Whether it is after today is for
/// the caller, who knows the day.
pub fn join_date_parts(year: &str, month: &str, day: &str) -> Result<Option<Ymd>, &'static str> {
    let parts = [year.trim(), month.trim(), day.trim()];
    if parts.iter().all(|p| p.is_empty()) {
        return Ok(None);
    }
    if parts.iter().any(|p| p.is_empty()) {
        return Err(BIRTH_INCOMPLETE);
    }
    let Some(year) = date_part(parts[0], 4).filter(|y| *y >= 1000) else {
        return Err(BIRTH_YEAR);
    };
    let date = match (date_part(parts[1], 2), date_part(parts[2], 2)) {
        (Some(month), Some(day)) => Ymd::new(year as i32, month, day),
        _ => None,
    };
    match date {
        Some(d) if d.year >= 1900 => Ok(Some(d)),
        _ => Err(BIRTH_NOT_REAL),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TODAY: Ymd = Ymd {
        year: 2026,
        month: 11,
        day: 27,
    };

    fn resident(s: &str) -> Result<IdNumber, IdNumberError> {
        IdNumber::parse(DocumentKind::ResidentId, s, TODAY)
    }

    #[test]
    fn the_published_vectors_pass() {
        for n in ["11010519491231002X", "440524188001010014", "34052419800101001X"] {
            // 440524188001010014 was born in 1880: a real number, still a valid checksum; the
            // 1900 floor applies, so it is refused for its date, not its check.
            match resident(n) {
                Ok(id) => assert_eq!(id.as_str(), n),
                Err(e) => assert_eq!((n, e), ("440524188001010014", IdNumberError::BadBirthDate)),
            }
        }
        let id = resident(" 1101 0519 4912 3100 2x ").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.birth_date(), Ymd::new(1949, 12, 31));
        assert_eq!(id.sex(), Some(Sex::Female));
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(format!("{id:?}"), "IdNumber(ResidentId, 1101**********002X)");
    }

    #[test]
    fn retired_hunan_county_codes_stay_valid() {
        // 430124 宁乡县 (now 宁乡市 430182): numbers issued before the change keep it.
        let first17 = "43012419800101001";
        let n = format!("{first17}{}", check_char(first17));
        assert!(resident(&n).is_ok());
    }

    #[test]
    fn fifteen_digit_numbers_are_converted() {
        let id = resident("130503670401001").unwrap();
        assert_eq!(id.as_str(), "130503196704010016");
        assert!(id.converted_from_15());
        assert_eq!(id.sex(), Some(Sex::Male));
    }

    #[test]
    fn each_refusal_says_what_to_fix() {
        assert_eq!(resident(""), Err(IdNumberError::Empty));
        assert_eq!(resident("1101051949123100"), Err(IdNumberError::ResidentIdLength));
        assert_eq!(resident("11010519491231002Y"), Err(IdNumberError::NotDigits));
        assert_eq!(
            resident("99010519491231002X"),
            Err(IdNumberError::ForeignPermanentResident)
        );
        assert_eq!(resident("11010519491331002X"), Err(IdNumberError::BadBirthDate));
        assert_eq!(resident("110105194912310021"), Err(IdNumberError::CheckDigit));
        let future = format!("43010420270101001{}", check_char("43010420270101001"));
        assert_eq!(resident(&future), Err(IdNumberError::FutureBirthDate));
        let permit = format!("81000019900101001{}", check_char("81000019900101001"));
        assert_eq!(resident(&permit), Err(IdNumberError::IsResidencePermit));
        let unknown = format!("99000019900101001{}", check_char("99000019900101001"));
        assert_eq!(resident(&unknown), Err(IdNumberError::ForeignPermanentResident));
        let bad_province = format!("19000019900101001{}", check_char("19000019900101001"));
        assert_eq!(resident(&bad_province), Err(IdNumberError::UnknownProvince));
        for e in [
            IdNumberError::CheckDigit,
            IdNumberError::BadBirthDate,
            IdNumberError::ForeignPermanentResident,
        ] {
            assert!(e.to_string().starts_with("证件号码"), "{e}");
        }
    }

    #[test]
    fn residence_permits_and_passes() {
        let permit = format!("82000019900101001{}", check_char("82000019900101001"));
        let id = IdNumber::parse(DocumentKind::ResidencePermit, &permit, TODAY).unwrap();
        assert_eq!(id.birth_date(), Ymd::new(1990, 1, 1));
        assert_eq!(
            IdNumber::parse(DocumentKind::ResidencePermit, "11010519491231002X", TODAY),
            Err(IdNumberError::NotResidencePermit)
        );
        let hk = IdNumber::parse(DocumentKind::HkMacaoPass, "h1234567800", TODAY).unwrap();
        assert_eq!(
            (hk.as_str(), hk.masked().as_str(), hk.sex()),
            ("H1234567800", "H********00", None)
        );
        assert!(IdNumber::parse(DocumentKind::HkMacaoPass, "X12345678", TODAY).is_err());
        assert!(IdNumber::parse(DocumentKind::TaiwanPass, "12345678", TODAY).is_ok());
        assert!(IdNumber::parse(DocumentKind::TaiwanPass, "1234567", TODAY).is_err());
    }

    #[test]
    fn the_birth_date_comes_from_the_number_or_else_the_stated_one() {
        let stated = Ymd::new(1985, 6, 15);
        let card = resident("11010519491231002X").unwrap();
        // A date stated beside a number that carries one is ignored.
        assert_eq!(birth_date_for(&card, stated), Ymd::new(1949, 12, 31));
        assert_eq!(birth_date_for(&card, None), Ymd::new(1949, 12, 31));
        let permit = format!("83000019900101001{}", check_char("83000019900101001"));
        let permit = IdNumber::parse(DocumentKind::ResidencePermit, &permit, TODAY).unwrap();
        assert_eq!(birth_date_for(&permit, stated), Ymd::new(1990, 1, 1));
        let taiwan = IdNumber::parse(DocumentKind::TaiwanPass, "12345678", TODAY).unwrap();
        assert_eq!(birth_date_for(&taiwan, stated), stated);
        assert_eq!(birth_date_for(&taiwan, None), None);
        let hk = IdNumber::parse(DocumentKind::HkMacaoPass, "H12345678", TODAY).unwrap();
        assert_eq!(birth_date_for(&hk, stated), stated);
        assert!(DocumentKind::ResidentId.number_has_birth_date());
        assert!(!DocumentKind::TaiwanPass.number_has_birth_date());
    }

    #[test]
    fn a_date_of_birth_is_joined_from_its_three_boxes() {
        assert_eq!(join_date_parts("", " ", ""), Ok(None));
        assert_eq!(join_date_parts("1990", "5", "1"), Ok(Ymd::new(1990, 5, 1)));
        assert_eq!(join_date_parts(" 1990 ", "05", "01"), Ok(Ymd::new(1990, 5, 1)));
        assert_eq!(
            join_date_parts("１９９０", "５", "１"),
            Ok(Ymd::new(1990, 5, 1)),
            "full-width digits"
        );
        assert_eq!(join_date_parts("2000", "2", "29"), Ok(Ymd::new(2000, 2, 29)));
        for (y, m, d) in [
            ("1990", "2", "30"),
            ("1990", "13", "1"),
            ("1990", "0", "1"),
            ("1990", "5", "x"),
            ("1990", "5", "123"),
            ("1899", "12", "31"),
            ("1900", "2", "29"),
        ] {
            let e = join_date_parts(y, m, d).unwrap_err();
            assert!(e.starts_with("出生日期：请填写真实的日期"), "{y}-{m}-{d}: {e}");
        }
        for y in ["90", "19900", "一九九〇"] {
            let e = join_date_parts(y, "5", "1").unwrap_err();
            assert!(e.starts_with("出生日期：年份请填写4位数字"), "{y}: {e}");
        }
        let e = join_date_parts("1990", "", "1").unwrap_err();
        assert!(e.contains("年、月、日都填上"), "{e}");
    }

    /// Valid resident numbers: a Hunan county code, a real birth date, any sequence.
    fn valid_resident() -> impl Strategy<Value = String> {
        (
            prop::sample::select(vec!["430104", "430124", "433101", "110105", "440305"]),
            1930i32..2010,
            1u32..13,
            1u32..29,
            0u32..1000,
        )
            .prop_map(|(area, y, m, d, seq)| {
                let first17 = format!("{area}{y:04}{m:02}{d:02}{seq:03}");
                format!("{first17}{}", check_char(&first17))
            })
    }

    proptest! {
        #[test]
        fn every_valid_number_survives_format_and_parse(n in valid_resident()) {
            let id = resident(&n).unwrap();
            prop_assert_eq!(id.as_str(), n.as_str());
            let spaced = format!("{} {} {}", &n[..6], &n[6..14], &n[14..].to_lowercase());
            prop_assert_eq!(resident(&spaced).unwrap(), id);
        }

        #[test]
        fn every_one_character_change_is_refused(n in valid_resident(), pos in 0usize..18, c in prop::sample::select(b"0123456789X".to_vec())) {
            prop_assume!(n.as_bytes()[pos] != c);
            let mut changed = n.clone().into_bytes();
            changed[pos] = c;
            let changed = String::from_utf8(changed).unwrap();
            prop_assert!(resident(&changed).is_err(), "{} accepted", changed);
        }

        #[test]
        fn no_input_panics(s in "\\PC{0,40}") {
            for kind in DocumentKind::ALL {
                let _ = IdNumber::parse(kind, &s, TODAY);
            }
        }
    }
}
