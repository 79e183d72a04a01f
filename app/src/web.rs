//! Small pieces of the web the browser and the server both need.

/// The value of cookie `name` in a `Cookie` header, if present and not empty.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .filter(|v| !v.is_empty())
}

/// Percent-encodes a URL query value (UTF-8 bytes; unreserved characters kept).
pub fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_others() {
        assert_eq!(cookie_value("a=1; care=1; b=2", "care"), Some("1"));
        assert_eq!(cookie_value("scare=1", "care"), None);
        assert_eq!(cookie_value("care=", "care"), None);
    }

    #[test]
    fn encodes_chinese_and_reserved_characters() {
        assert_eq!(percent_encode("岳麓 a&b"), "%E5%B2%B3%E9%BA%93%20a%26b");
    }
}
