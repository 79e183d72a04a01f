//! 姓名: 2–30 characters; the middle dot of minority and transliterated names and rare
//! characters (CJK Extension B and beyond) are allowed, nothing is restricted to GB 2312.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

/// Dots people type for the middle dot of 阿依古丽·买买提: all become U+00B7.
const DOTS: [char; 5] = ['·', '•', '・', '．', '‧'];

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, &'static str> {
        let name: String = input
            .trim()
            .chars()
            .map(|c| if DOTS.contains(&c) { '·' } else { c })
            .filter(|c| *c != '\u{3000}')
            .collect();
        if name.is_empty() {
            return Err("姓名：请填写您的姓名");
        }
        if !name.chars().all(|c| c.is_alphabetic() || c == '·' || c == ' ') {
            return Err("姓名：只能包含文字和间隔号“·”，请删去数字和其他符号");
        }
        if name.starts_with('·') || name.ends_with('·') || name.contains("··") {
            return Err("姓名：间隔号“·”只能在两段名字之间");
        }
        let n = name.chars().count();
        if n < 2 {
            return Err("姓名：至少2个字，请填写完整的姓名");
        }
        if n > 30 {
            return Err("姓名：最多30个字，请检查是否多输");
        }
        Ok(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The surname, for a greeting such as 欧阳女士: a two-character surname from the common
    /// list, otherwise the first character; none for names with a middle dot (阿依古丽·买买提),
    /// where the first part is not a surname.
    pub fn surname(&self) -> Option<&str> {
        if self.0.contains('·') || self.0.contains(' ') {
            return None;
        }
        let two: String = self.0.chars().take(2).collect();
        if self.0.chars().count() > 2 && COMPOUND_SURNAMES.contains(&two.as_str()) {
            return self.0.get(..two.len());
        }
        self.0.chars().next().map(|c| &self.0[..c.len_utf8()])
    }

    /// 张*丰: how a name is shown to anyone but its owner.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        match chars.len() {
            0..=2 => format!("{}*", chars[0]),
            n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
        }
    }
}

/// Two-character surnames common enough that a greeting must not cut them in half.
const COMPOUND_SURNAMES: [&str; 20] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕",
    "令狐", "端木", "独孤", "南宫", "西门", "呼延",
];

/// 邮政编码: six digits.
pub fn parse_postcode(input: &str) -> Result<String, &'static str> {
    let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err("邮政编码：应为6位数字，例如长沙市是410000；不知道可以不填")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_people_have() {
        for n in ["张三", "阿依古丽·买买提", "𠀋一", "欧阳娜娜"] {
            assert_eq!(PersonName::parse(n).unwrap().as_str(), n);
        }
        assert_eq!(
            PersonName::parse(" 阿依古丽•买买提 ").unwrap().as_str(),
            "阿依古丽·买买提"
        );
        assert!(PersonName::parse("张").unwrap_err().contains("至少2个字"));
        assert!(PersonName::parse("张3").unwrap_err().starts_with("姓名"));
        assert!(PersonName::parse("·张三").is_err());
        assert!(PersonName::parse(&"张".repeat(31)).is_err());
        assert_eq!(PersonName::parse("张三丰").unwrap().masked(), "张*丰");
        assert_eq!(PersonName::parse("张三").unwrap().masked(), "张*");
    }

    #[test]
    fn postcodes() {
        assert_eq!(parse_postcode("410 000").unwrap(), "410000");
        assert!(parse_postcode("41000").unwrap_err().starts_with("邮政编码"));
    }

    proptest! {
        #[test]
        fn no_name_panics(s in "\\PC{0,40}") {
            if let Ok(n) = PersonName::parse(&s) {
                prop_assert!(PersonName::parse(n.as_str()).is_ok());
                let _ = n.masked();
            }
        }
    }

    #[test]
    fn surnames_for_greetings() {
        let surname = |n: &str| PersonName::parse(n).unwrap().surname().map(str::to_owned);
        assert_eq!(surname("张三").as_deref(), Some("张"));
        assert_eq!(surname("欧阳娜娜").as_deref(), Some("欧阳"));
        assert_eq!(
            surname("欧阳").as_deref(),
            Some("欧"),
            "a two-character name is surname and given name"
        );
        assert_eq!(surname("阿依古丽·买买提"), None);
    }
}
