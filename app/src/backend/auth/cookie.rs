//! The session cookie: `__Host-` (this host only, Path=/, Secure), HttpOnly, SameSite=Lax.
//! Browsers accept Secure cookies over plain http only from localhost, which is how
//! development works; production requires https (see the server's config).

pub const SESSION_COOKIE: &str = "__Host-portal_session";

/// The session token a `Cookie` header carries, if any.
pub fn session_token(cookie_header: &str) -> Option<&str> {
    crate::web::cookie_value(cookie_header, SESSION_COOKIE)
}

/// Cookie `name` from a request's `Cookie` headers.
pub fn from_headers(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| crate::web::cookie_value(v, name))
        .map(str::to_owned)
}

pub fn set_session(token: &str, max_age_secs: i64) -> String {
    format!("{SESSION_COOKIE}={token}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}")
}

pub fn clear_session() -> String {
    format!("{SESSION_COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_token_among_other_cookies() {
        assert_eq!(session_token("care=1; __Host-portal_session=abc; x=y"), Some("abc"));
        assert_eq!(session_token("portal_session=abc"), None);
        assert_eq!(session_token("__Host-portal_session="), None);
    }

    #[test]
    fn attributes() {
        let c = set_session("abc", 43200);
        for part in [
            "__Host-portal_session=abc",
            "Path=/",
            "Secure",
            "HttpOnly",
            "SameSite=Lax",
            "Max-Age=43200",
        ] {
            assert!(c.contains(part), "{c}");
        }
        assert!(!c.contains("Domain"), "__Host- cookies carry no Domain");
        assert!(clear_session().contains("Max-Age=0"));
    }
}
