//! Which address a request comes from, for the limits keyed on the client (sign-in codes per
//! client, writes per minute) and the audit log.
//!
//! Without a proxy header configured it is the connection's address. Behind proxies
//! (PORTAL_CLIENT_IP_HEADER, e.g. `x-forwarded-for`) each proxy appends the address that
//! connected to it, so with `trusted_proxies` = N of our own proxies in front of the portal
//! the client is the N-th entry from the right: the entries further left were written by the
//! client and prove nothing. With fewer entries than N (a request that did not pass every
//! proxy) the leftmost is taken; an entry that is not an IP address falls back to the
//! connection's address.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::HeaderMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientIpRule {
    /// The header our proxies write (lower case), if the portal is behind any.
    pub header: Option<String>,
    /// How many of our own proxies append to that header (at least 1 when it is set).
    pub trusted_proxies: usize,
}

impl ClientIpRule {
    /// The client's address of a request: an IP address, or `unknown` when the server was
    /// started without connection info and no header names it.
    pub fn address(&self, headers: &HeaderMap, connected: Option<SocketAddr>) -> String {
        self.header_entry(headers)
            .or_else(|| connected.map(|a| a.ip()))
            .map_or_else(|| "unknown".to_owned(), |ip| ip.to_canonical().to_string())
    }

    fn header_entry(&self, headers: &HeaderMap) -> Option<IpAddr> {
        let name = self.header.as_deref()?;
        // Several header lines of one name are one list, in order.
        let entries: Vec<&str> = headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        let from_right = self.trusted_proxies.max(1);
        let entry = entries
            .len()
            .checked_sub(from_right)
            .map_or(entries.first(), |i| entries.get(i))?;
        entry.parse().ok()
    }

    /// The address of a request as the router sees it (connection info when served with it).
    pub fn of<B>(&self, req: &axum::http::Request<B>) -> String {
        let connected = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0);
        self.address(req.headers(), connected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn behind(n: usize) -> ClientIpRule {
        ClientIpRule {
            header: Some("x-forwarded-for".into()),
            trusted_proxies: n,
        }
    }

    const PEER: Option<SocketAddr> = Some(SocketAddr::new(IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 9)), 40000));

    #[test]
    fn without_a_header_the_connection_decides() {
        let rule = ClientIpRule::default();
        assert_eq!(rule.address(&headers(&["1.2.3.4"]), PEER), "10.0.0.9");
        assert_eq!(rule.address(&HeaderMap::new(), None), "unknown");
    }

    #[test]
    fn one_proxy_the_last_entry_which_it_wrote() {
        // The client sent a forged entry first; nginx appended the real address.
        let h = headers(&["6.6.6.6, 203.0.113.7"]);
        assert_eq!(behind(1).address(&h, PEER), "203.0.113.7");
    }

    #[test]
    fn two_proxies_the_second_entry_from_the_right() {
        let h = headers(&["6.6.6.6, 203.0.113.7, 10.0.0.2"]);
        assert_eq!(behind(2).address(&h, PEER), "203.0.113.7");
        // Split over two header lines: still one list.
        let h = headers(&["6.6.6.6, 203.0.113.7", "10.0.0.2"]);
        assert_eq!(behind(2).address(&h, PEER), "203.0.113.7");
    }

    #[test]
    fn too_few_entries_take_the_leftmost_and_garbage_falls_back() {
        assert_eq!(
            behind(3).address(&headers(&["203.0.113.7, 10.0.0.2"]), PEER),
            "203.0.113.7"
        );
        assert_eq!(behind(1).address(&headers(&["not-an-address"]), PEER), "10.0.0.9");
        assert_eq!(behind(1).address(&HeaderMap::new(), PEER), "10.0.0.9");
        assert_eq!(behind(1).address(&headers(&["2001:db8::1"]), PEER), "2001:db8::1");
        // An IPv4 client seen through an IPv6 socket is the same client.
        assert_eq!(
            behind(1).address(&headers(&["::ffff:203.0.113.7"]), PEER),
            "203.0.113.7"
        );
    }
}
