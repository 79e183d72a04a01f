//! The signature of a JS-SDK config (`wx.config`), as WeChat's JS-SDK documentation (附录1)
//! defines it: SHA-1 of the ticket, the nonce, the time and the page's address.

use rand::Rng;
use sha1::{Digest, Sha1};

/// Lowercase hex SHA-1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…`, the keys in that
/// (alphabetical) order and the values as they are. `url` is the page's address as the page
/// sees it (`location.href`); its `#fragment` is no part of what WeChat checks, so it is left
/// out here.
pub fn sign(ticket: &str, nonce_str: &str, timestamp: i64, url: &str) -> String {
    let url = url.split('#').next().unwrap_or_default();
    let signed = format!("jsapi_ticket={ticket}&noncestr={nonce_str}&timestamp={timestamp}&url={url}");
    Sha1::digest(signed.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fresh nonce for a config: 16 letters and digits.
pub fn nonce() -> String {
    rand::rng()
        .sample_iter(&rand::distr::Alphanumeric)
        .take(16)
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of WeChat's JS-SDK documentation (附录1).
    #[test]
    fn signs_wechats_documented_example() {
        let ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
        let url = "http://mp.weixin.qq.com?params=value";
        let expected = "0f9de62fce790f9a083d5c99e95740ceb90c27ed";
        assert_eq!(sign(ticket, "Wm3WZYTPz0wzccnW", 1414587457, url), expected);
        assert_eq!(
            sign(ticket, "Wm3WZYTPz0wzccnW", 1414587457, &format!("{url}#/step/2")),
            expected,
            "the fragment is left out"
        );
    }

    #[test]
    fn nonces_are_sixteen_letters_and_digits_and_differ() {
        let (a, b) = (nonce(), nonce());
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()), "{a}");
        assert_ne!(a, b);
    }
}
