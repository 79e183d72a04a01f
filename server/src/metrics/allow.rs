//! PORTAL_METRICS_ALLOW: the addresses `/metrics` answers, as IP addresses and CIDR networks.

use std::fmt;
use std::net::IpAddr;

/// One address (`10.0.0.5`, a network of one) or network (`10.0.0.0/24`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    address: IpAddr,
    prefix: u8,
}

impl Network {
    fn parse(entry: &str) -> Option<Network> {
        let (address, prefix) = match entry.split_once('/') {
            Some((address, prefix)) => (address.parse::<IpAddr>().ok()?, Some(prefix.parse::<u8>().ok()?)),
            None => (entry.parse::<IpAddr>().ok()?, None),
        };
        let bits = if address.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(bits);
        (prefix <= bits).then_some(Network { address, prefix })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        // The bits the prefix fixes; `checked_shl` is `None` for a shift by the whole width
        // (prefix 0: every address).
        match (self.address, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

/// The addresses allowed to read `/metrics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowList(Vec<Network>);

impl AllowList {
    /// A comma-separated list (spaces around entries ignored). The error is the first entry
    /// that is neither an address nor a network, or the whole text when it names none.
    pub fn parse(list: &str) -> Result<AllowList, String> {
        let mut networks = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            networks.push(Network::parse(entry).ok_or_else(|| entry.to_owned())?);
        }
        if networks.is_empty() {
            return Err(list.to_owned());
        }
        Ok(AllowList(networks))
    }

    /// Whether `ip` may read the metrics. An IPv4 peer seen through an IPv6 socket
    /// (`::ffff:10.0.0.5`) is matched as the IPv4 address it is.
    pub fn allows(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        self.0.iter().any(|n| n.contains(ip))
    }
}

impl fmt::Display for AllowList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, network) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{network}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn addresses_and_networks_of_both_families() {
        let list = AllowList::parse(" 127.0.0.0/8, ::1 ,10.1.2.3,fd00::/8").unwrap();
        for allowed in [
            "127.0.0.1",
            "127.255.0.9",
            "::1",
            "10.1.2.3",
            "fd12::7",
            "::ffff:127.0.0.2",
        ] {
            assert!(list.allows(ip(allowed)), "{allowed}");
        }
        for refused in ["128.0.0.1", "10.1.2.4", "::2", "fe80::1", "::ffff:10.1.2.4", "0.0.0.0"] {
            assert!(!list.allows(ip(refused)), "{refused}");
        }
        assert_eq!(list.to_string(), "127.0.0.0/8,::1/128,10.1.2.3/32,fd00::/8");
    }

    #[test]
    fn prefix_edges() {
        // /0 is everything of its family; host bits in the network part are ignored.
        let list = AllowList::parse("0.0.0.0/0").unwrap();
        assert!(list.allows(ip("203.0.113.9")) && !list.allows(ip("2001:db8::1")));
        let list = AllowList::parse("10.0.0.77/24,2001:db8::/128").unwrap();
        assert!(list.allows(ip("10.0.0.1")) && !list.allows(ip("10.0.1.1")));
        assert!(list.allows(ip("2001:db8::")) && !list.allows(ip("2001:db8::1")));
    }

    #[test]
    fn a_bad_entry_is_named() {
        for (list, bad) in [
            ("127.0.0.1,localhost", "localhost"),
            ("10.0.0.0/33", "10.0.0.0/33"),
            ("::1/129", "::1/129"),
            ("10.0.0.0/", "10.0.0.0/"),
            ("10.0.0.0/x", "10.0.0.0/x"),
            ("[::1]", "[::1]"),
            ("10.0.0.0/8/8", "10.0.0.0/8/8"),
            (" , ", " , "),
        ] {
            assert_eq!(AllowList::parse(list), Err(bad.to_owned()), "{list}");
        }
    }
}
