//! 手机号码: a mainland mobile number, parsed once and masked wherever it is shown.

use serde::{Deserialize, Serialize};

/// An 11-digit mainland mobile number (1[3-9]…), without spaces, hyphens or +86.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Accepts what people type: spaces, hyphens, a leading +86 / 86 / 0086.
    pub fn parse(input: &str) -> Result<Phone, &'static str> {
        let cleaned: String = input
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}' | '(' | ')'))
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '＋' => '+',
                _ => c,
            })
            .collect();
        if cleaned.is_empty() {
            return Err("请填写手机号码");
        }
        let digits = cleaned
            .strip_prefix("+86")
            .or_else(|| cleaned.strip_prefix("0086"))
            .or_else(|| (cleaned.len() == 13).then(|| cleaned.strip_prefix("86")).flatten())
            .unwrap_or(&cleaned);
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err("手机号码只能包含数字，请检查是否输入了字母或符号");
        }
        if digits.len() != 11 {
            return Err("手机号码应为11位数字，请检查是否多输或少输");
        }
        if !digits.starts_with('1') || !(b'3'..=b'9').contains(&digits.as_bytes()[1]) {
            return Err("手机号码应以13、14、15、16、17、18或19开头");
        }
        Ok(Phone(digits.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// 138****5678: how the number is shown and logged.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

/// Never print the whole number by accident.
impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl TryFrom<String> for Phone {
    type Error = &'static str;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Phone::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_people_type() {
        for input in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+86 138 1234 5678",
            "8613812345678",
            "１３８１２３４５６７８",
        ] {
            assert_eq!(Phone::parse(input).unwrap().as_str(), "13812345678", "{input}");
        }
    }

    #[test]
    fn refuses_with_a_reason_naming_the_field() {
        assert!(Phone::parse("").unwrap_err().contains("手机号码"));
        assert!(Phone::parse("1381234567").unwrap_err().contains("11位"));
        assert!(Phone::parse("12812345678").unwrap_err().contains("开头"));
        assert!(Phone::parse("138123456ab").unwrap_err().contains("数字"));
        assert!(Phone::parse("073184900119").is_err(), "a landline is not a mobile");
    }

    #[test]
    fn masks_the_middle_everywhere() {
        let p = Phone::parse("13812345678").unwrap();
        assert_eq!(p.masked(), "138****5678");
        assert_eq!(format!("{p:?}"), "Phone(138****5678)");
    }

    #[test]
    fn no_input_panics() {
        for input in ["+", "+86", "86", "0086", "１", "💥💥💥💥💥💥💥💥💥💥💥", "1\u{0}"] {
            let _ = Phone::parse(input);
        }
    }
}
