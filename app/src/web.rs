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

/// Whether a `User-Agent` is WeChat's in-app browser (`MicroMessenger`, in any case).
pub fn is_wechat(user_agent: &str) -> bool {
    const MARK: &[u8] = b"micromessenger";
    user_agent
        .as_bytes()
        .windows(MARK.len())
        .any(|w| w.eq_ignore_ascii_case(MARK))
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

/// `value` with `places` decimals (halves rounded away from zero), written from integers: the
/// same text on the server and in the browser, where Rust's float formatting would cost the
/// wasm several KB.
pub fn decimal(value: f64, places: u32) -> String {
    let scale = 10u64.pow(places);
    // Degrees and kilometres: far inside u64 once scaled.
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    let (whole, part) = (scaled / scale, scaled % scale);
    match places {
        0 => format!("{sign}{whole}"),
        _ => format!("{sign}{whole}.{part:0width$}", width = places as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_rust_writes_them() {
        for (value, places) in [
            (112.93132, 6),
            (28.234538, 6),
            (-27.5, 6),
            (1.249, 1),
            (0.05, 1),
            (7.0, 0),
        ] {
            assert_eq!(
                decimal(value, places),
                format!("{value:.places$}", places = places as usize),
                "{value}"
            );
        }
        assert_eq!(decimal(-3.5, 1), "-3.5");
    }

    #[test]
    fn finds_a_cookie_among_others() {
        assert_eq!(cookie_value("a=1; care=1; b=2", "care"), Some("1"));
        assert_eq!(cookie_value("scare=1", "care"), None);
        assert_eq!(cookie_value("care=", "care"), None);
    }

    #[test]
    fn tells_wechat_by_its_user_agent() {
        assert!(is_wechat(
            "Mozilla/5.0 (Linux; Android 10; wv) Chrome/86.0.4240.99 XWEB/4317 MicroMessenger/8.0.28.2240(0x28001C35) WeChat/arm64"
        ));
        assert!(is_wechat("Mozilla/5.0 (iPhone) micromessenger/8.0.40"));
        assert!(!is_wechat(
            "Mozilla/5.0 (Linux; Android 10) Chrome/120.0 Mobile Safari/537.36"
        ));
        assert!(!is_wechat(""));
    }

    #[test]
    fn encodes_chinese_and_reserved_characters() {
        assert_eq!(percent_encode("岳麓 a&b"), "%E5%B2%B3%E9%BA%93%20a%26b");
    }
}
