//! Where the portal may send a browser that told it where to go next: `next` after signing
//! in, `back` after switching 关怀模式. Both come from the client, so only a path on this
//! site is accepted, or the portal would be an open redirect.

use url::Url;

/// The path (with its query and fragment, percent-encoded) that `raw` names on the site at
/// `public_url`, or `None` when it would leave the site: anything that is not a path, that
/// resolves to another origin, that starts with `//` once resolved, or that holds a control
/// character (browsers drop tabs and newlines, so `/\t/evil.example` would become
/// `//evil.example`) or a backslash (which browsers read as a slash).
pub fn local_path(public_url: &str, raw: &str) -> Option<String> {
    if !raw.starts_with('/') || raw.chars().any(|c| c.is_control() || c == '\\') {
        return None;
    }
    let site = Url::parse(public_url).ok()?;
    let target = site.join(raw).ok()?;
    if target.origin() != site.origin() || !target.username().is_empty() || target.password().is_some() {
        return None;
    }
    let path = target.path();
    if path.starts_with("//") {
        return None;
    }
    let mut local = path.to_owned();
    if let Some(query) = target.query() {
        local.push('?');
        local.push_str(query);
    }
    if let Some(fragment) = target.fragment() {
        local.push('#');
        local.push_str(fragment);
    }
    Some(local)
}

/// `next` after signing in: a path on this site, else the account page.
pub fn after_sign_in(public_url: &str, next: Option<&str>) -> String {
    next.and_then(|n| local_path(public_url, n))
        .unwrap_or_else(|| "/account".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "https://sydj.example.cn";

    #[test]
    fn paths_on_the_site_are_kept() {
        assert_eq!(local_path(SITE, "/services").as_deref(), Some("/services"));
        assert_eq!(
            local_path(SITE, "/institutions?division=430104#list").as_deref(),
            Some("/institutions?division=430104#list")
        );
        // Chinese in a query is sent on percent-encoded, as browsers do.
        assert_eq!(
            local_path(SITE, "/institutions?q=岳麓").as_deref(),
            Some("/institutions?q=%E5%B2%B3%E9%BA%93")
        );
        // Percent-encoded slashes stay encoded: a path, not a host.
        assert_eq!(
            local_path(SITE, "/%2F%2Fevil.example").as_deref(),
            Some("/%2F%2Fevil.example")
        );
        assert_eq!(
            local_path(SITE, "/%09/evil.example").as_deref(),
            Some("/%09/evil.example")
        );
    }

    #[test]
    fn nothing_leaves_the_site() {
        for raw in [
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\r\nLocation: https://evil.example",
            "/\\evil.example",
            "/\\/evil.example",
            "\\\\evil.example",
            "//evil.example",
            "///evil.example",
            "/..//evil.example",
            "/./%2e%2e//evil.example",
            "https://evil.example/",
            "http:evil.example",
            "javascript:alert(1)",
            "%2F%2Fevil.example",
            "evil.example",
            "",
            " /services",
            "/\u{0}x",
            "/\u{7f}x",
        ] {
            assert_eq!(local_path(SITE, raw), None, "{raw:?}");
        }
    }

    #[test]
    fn sign_in_falls_back_to_the_account_page() {
        assert_eq!(after_sign_in(SITE, Some("/services")), "/services");
        assert_eq!(after_sign_in(SITE, Some("//evil.example")), "/account");
        assert_eq!(after_sign_in(SITE, Some("https://evil.example")), "/account");
        assert_eq!(after_sign_in(SITE, None), "/account");
    }
}
