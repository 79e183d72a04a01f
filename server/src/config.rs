//! All configuration, read once from the environment at start-up. Every variable is listed,
//! with its default, in README.md.

use std::net::SocketAddr;
use std::time::Duration;

use app::backend::store::DbKind;
use tracing_subscriber::EnvFilter;

#[derive(Debug)]
pub struct Config {
    /// LEPTOS_SITE_ADDR: where to listen.
    pub site_addr: SocketAddr,
    /// LEPTOS_SITE_ROOT: the built site (pkg/ with the wasm, JS and CSS, plus public files).
    pub site_root: String,
    /// PORTAL_PUBLIC_URL: the address people reach the portal at; QR codes point there.
    pub public_url: String,
    /// DATABASE_URL: sqlite://… (embedded) or postgres://….
    pub database_url: String,
    /// PORTAL_DB_MAX_CONNECTIONS: size of the connection pool.
    pub db_max_connections: u32,
    /// PORTAL_DEMO: load demo data into an empty database.
    pub demo: bool,
    /// RUST_LOG: which log lines to write (tracing's EnvFilter syntax).
    pub log_filter: EnvFilter,
    /// PORTAL_LOG_FORMAT: `text` for people, `json` for log collectors.
    pub log_json: bool,
    /// PORTAL_REQUEST_TIMEOUT_SECS: a request running longer is answered 408.
    pub request_timeout: Duration,
    /// PORTAL_BODY_LIMIT_BYTES: larger request bodies are answered 413.
    pub body_limit: usize,
}

/// A variable with a value the portal cannot use; the message names it and what is allowed.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("配置错误 {name}={value:?}: {allowed}")]
pub struct ConfigError {
    pub name: &'static str,
    pub value: String,
    pub allowed: &'static str,
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/portal.db";

impl Config {
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads from any lookup (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let var = |name: &'static str, default: &str| -> (String, &'static str) {
            (
                get(name)
                    .filter(|v| !v.trim().is_empty())
                    .unwrap_or_else(|| default.to_owned()),
                name,
            )
        };
        let fail = |(value, name): (String, &'static str), allowed| ConfigError {
            name,
            value,
            allowed,
        };

        let addr = var("LEPTOS_SITE_ADDR", "127.0.0.1:3000");
        let site_addr = addr
            .0
            .parse()
            .map_err(|_| fail(addr, "地址:端口，例如 127.0.0.1:3000 或 0.0.0.0:8080"))?;

        let public = var("PORTAL_PUBLIC_URL", &format!("http://{site_addr}"));
        if !(public.0.starts_with("https://") || public.0.starts_with("http://"))
            || public.0.contains(char::is_whitespace)
        {
            return Err(fail(
                public,
                "以 https:// 开头的网址，例如 https://sydj.example.gov.cn",
            ));
        }
        let public_url = public.0.trim_end_matches('/').to_owned();

        let db = var("DATABASE_URL", DEFAULT_DATABASE_URL);
        if DbKind::of_url(&db.0).is_none() {
            return Err(fail(
                db,
                "以 sqlite: 开头（例如 sqlite://data/portal.db）或以 postgres:// 开头",
            ));
        }

        let pool = var("PORTAL_DB_MAX_CONNECTIONS", "10");
        let db_max_connections = match pool.0.parse::<u32>() {
            Ok(n @ 1..=1000) => n,
            _ => return Err(fail(pool, "1 到 1000 之间的整数")),
        };

        let demo = parse_bool(var("PORTAL_DEMO", "false")).map_err(|v| fail(v, "true 或 false"))?;

        let filter = var("RUST_LOG", "info");
        let log_filter = EnvFilter::try_new(&filter.0)
            .map_err(|_| fail(filter, "tracing 过滤规则，例如 info 或 info,sqlx=warn"))?;

        let log = var("PORTAL_LOG_FORMAT", "text");
        let log_json = match log.0.as_str() {
            "text" => false,
            "json" => true,
            _ => return Err(fail(log, "text 或 json")),
        };

        let timeout = var("PORTAL_REQUEST_TIMEOUT_SECS", "30");
        let request_timeout = match timeout.0.parse::<u64>() {
            Ok(n @ 1..=600) => Duration::from_secs(n),
            _ => return Err(fail(timeout, "1 到 600 之间的秒数")),
        };

        let limit = var("PORTAL_BODY_LIMIT_BYTES", "1048576");
        let body_limit = match limit.0.parse::<usize>() {
            Ok(n @ 1024..=104_857_600) => n,
            _ => return Err(fail(limit, "1024 到 104857600 之间的字节数")),
        };

        Ok(Config {
            site_addr,
            site_root: var("LEPTOS_SITE_ROOT", "target/site").0,
            public_url,
            database_url: db.0,
            db_max_connections,
            demo,
            log_filter,
            log_json,
            request_timeout,
            body_limit,
        })
    }
}

fn parse_bool((value, name): (String, &'static str)) -> Result<bool, (String, &'static str)> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err((value, name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_no_environment() {
        let c = with(&[]).unwrap();
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert!(!c.demo);
        assert!(!c.log_json);
        assert_eq!(c.request_timeout, Duration::from_secs(30));
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
    }

    #[test]
    fn reads_every_variable() {
        let c = with(&[
            ("LEPTOS_SITE_ADDR", "0.0.0.0:8080"),
            ("DATABASE_URL", "postgres://u@db/portal"),
            ("PORTAL_DEMO", "on"),
            ("PORTAL_LOG_FORMAT", "json"),
            ("PORTAL_DB_MAX_CONNECTIONS", "20"),
            ("PORTAL_REQUEST_TIMEOUT_SECS", "5"),
            ("PORTAL_BODY_LIMIT_BYTES", "2048"),
            ("LEPTOS_SITE_ROOT", "/srv/site"),
            ("PORTAL_PUBLIC_URL", "https://sydj.example.cn/"),
        ])
        .unwrap();
        assert_eq!(c.site_addr.port(), 8080);
        assert!(c.demo && c.log_json);
        assert_eq!((c.db_max_connections, c.body_limit), (20, 2048));
        assert_eq!(c.site_root, "/srv/site");
        assert_eq!(c.public_url, "https://sydj.example.cn");
    }

    #[test]
    fn a_wrong_database_scheme_names_the_variable() {
        let e = with(&[("DATABASE_URL", "mysql://db/portal")]).unwrap_err();
        assert_eq!(e.name, "DATABASE_URL");
        assert!(
            e.to_string().contains("DATABASE_URL") && e.to_string().contains("postgres://"),
            "{e}"
        );
    }

    #[test]
    fn bad_values_are_refused() {
        for (name, value) in [
            ("LEPTOS_SITE_ADDR", "localhost"),
            ("PORTAL_DEMO", "maybe"),
            ("PORTAL_LOG_FORMAT", "xml"),
            ("PORTAL_DB_MAX_CONNECTIONS", "0"),
            ("PORTAL_REQUEST_TIMEOUT_SECS", "-1"),
            ("PORTAL_BODY_LIMIT_BYTES", "1"),
            ("RUST_LOG", "info,[[["),
            ("PORTAL_PUBLIC_URL", "sydj.example.cn"),
        ] {
            assert_eq!(with(&[(name, value)]).unwrap_err().name, name);
        }
    }
}
