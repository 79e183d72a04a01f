//! All configuration, read once from the environment at start-up. Every variable is listed,
//! with its default, in README.md.

use crate::client_ip::ClientIpRule;
use std::net::SocketAddr;
use std::time::Duration;

use app::backend::auth::AuthConfig;
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
    /// PORTAL_ENV: `development` or `production` (which refuses development shortcuts).
    pub production: bool,
    /// PORTAL_DATA_KEYS and PORTAL_LOOKUP_KEY: encryption and lookup keys for personal data.
    /// `None` in development only, meaning the public development keys.
    pub keys: Option<Secret>,
    /// PORTAL_SMS: how codes are sent: `log` (development: written to the server log) or
    /// `http` (PORTAL_SMS_URL, PORTAL_SMS_TOKEN: the gateway, see `app::backend::notify`).
    pub sms: SmsConfig,
    /// PORTAL_CLIENT_IP_HEADER and PORTAL_TRUSTED_PROXIES: which address a request comes from
    /// (see `client_ip`); unset: the connection's address.
    pub client_ip: ClientIpRule,
    /// PORTAL_WECHAT_APPID, PORTAL_WECHAT_SECRET (and the two base URLs): WeChat official-account
    /// web authorisation; off when unset. PORTAL_WECHAT_TEMPLATE_ID: notices also go out as
    /// template messages.
    pub wechat: Option<WeChatConfig>,
    /// PORTAL_WRITES_PER_CLIENT_PER_MINUTE: state-changing requests one client address may make
    /// per minute (on each app server).
    pub writes_per_minute: u32,
    /// Sign-in limits: PORTAL_SESSION_IDLE_MINUTES, PORTAL_SESSION_MAX_HOURS,
    /// PORTAL_SMS_RESEND_SECS, PORTAL_SMS_PER_PHONE_PER_DAY, PORTAL_SMS_PER_CLIENT_PER_HOUR.
    pub auth: AuthConfig,
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
        let fail = |(value, name): (String, &'static str), allowed| ConfigError { name, value, allowed };

        let addr = var("LEPTOS_SITE_ADDR", "127.0.0.1:3000");
        let site_addr = addr
            .0
            .parse()
            .map_err(|_| fail(addr, "地址:端口，例如 127.0.0.1:3000 或 0.0.0.0:8080"))?;

        let public = var("PORTAL_PUBLIC_URL", &format!("http://{site_addr}"));
        if !(public.0.starts_with("https://") || public.0.starts_with("http://"))
            || public.0.contains(char::is_whitespace)
        {
            return Err(fail(public, "以 https:// 开头的网址，例如 https://sydj.example.gov.cn"));
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
        let log_filter =
            EnvFilter::try_new(&filter.0).map_err(|_| fail(filter, "tracing 过滤规则，例如 info 或 info,sqlx=warn"))?;

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

        let env = var("PORTAL_ENV", "development");
        let production = match env.0.as_str() {
            "development" => false,
            "production" => true,
            _ => return Err(fail(env, "development 或 production")),
        };
        if production && !public_url.starts_with("https://") {
            return Err(fail(public, "生产环境必须以 https:// 开头"));
        }
        let keys = match (get("PORTAL_DATA_KEYS"), get("PORTAL_LOOKUP_KEY")) {
            (Some(d), Some(l)) if !d.trim().is_empty() && !l.trim().is_empty() => {
                if let Err(e) = app::backend::crypto::Vault::new(&d, &l) {
                    return Err(ConfigError {
                        name: "PORTAL_DATA_KEYS",
                        value: "(已隐藏)".into(),
                        allowed: leak(e.to_string()),
                    });
                }
                Some(Secret(d, l))
            }
            _ if production => {
                return Err(ConfigError {
                    name: "PORTAL_DATA_KEYS",
                    value: String::new(),
                    allowed: "生产环境必须设置 PORTAL_DATA_KEYS 和 PORTAL_LOOKUP_KEY（见 README）",
                })
            }
            _ => None,
        };
        let sms_kind = var("PORTAL_SMS", "log");
        let sms = match sms_kind.0.as_str() {
            "log" if production => {
                return Err(fail(
                    sms_kind,
                    "生产环境不能用 log（只写日志、不发短信）；请设为 http 并配置短信网关",
                ))
            }
            "log" => SmsConfig::Log,
            "http" => {
                let url = var("PORTAL_SMS_URL", "");
                let https = url.0.starts_with("https://");
                if !(https || (!production && url.0.starts_with("http://"))) {
                    return Err(fail(url, "短信网关地址（生产环境须以 https:// 开头）"));
                }
                let token = get("PORTAL_SMS_TOKEN")
                    .filter(|t| !t.trim().is_empty())
                    .ok_or(ConfigError {
                        name: "PORTAL_SMS_TOKEN",
                        value: String::new(),
                        allowed: "短信网关的访问令牌",
                    })?;
                SmsConfig::Http {
                    url: url.0,
                    token: Secret(token, String::new()),
                }
            }
            _ => return Err(fail(sms_kind, "log 或 http")),
        };
        let client_ip_header = get("PORTAL_CLIENT_IP_HEADER")
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty());
        if let Some(h) = &client_ip_header {
            if axum::http::HeaderName::from_bytes(h.as_bytes()).is_err() {
                return Err(fail(
                    var("PORTAL_CLIENT_IP_HEADER", ""),
                    "一个 HTTP 头的名字，例如 x-forwarded-for",
                ));
            }
        }

        let number =
            |name: &'static str, default: &str, range: std::ops::RangeInclusive<i64>, allowed: &'static str| {
                let v = var(name, default);
                match v.0.parse::<i64>() {
                    Ok(n) if range.contains(&n) => Ok(n),
                    _ => Err(fail(v, allowed)),
                }
            };
        let wechat = match (get("PORTAL_WECHAT_APPID"), get("PORTAL_WECHAT_SECRET")) {
            (Some(app_id), Some(secret)) if !app_id.trim().is_empty() && !secret.trim().is_empty() => {
                Some(WeChatConfig {
                    app_id: app_id.trim().to_owned(),
                    secret: Secret(secret, String::new()),
                    open_base: var("PORTAL_WECHAT_OPEN_BASE", "https://open.weixin.qq.com").0,
                    api_base: var("PORTAL_WECHAT_API_BASE", "https://api.weixin.qq.com").0,
                    template_id: get("PORTAL_WECHAT_TEMPLATE_ID")
                        .map(|t| t.trim().to_owned())
                        .filter(|t| !t.is_empty()),
                })
            }
            _ => None,
        };
        let writes_per_minute = number(
            "PORTAL_WRITES_PER_CLIENT_PER_MINUTE",
            "120",
            1..=1_000_000,
            "1 到 1000000 之间的整数",
        )? as u32;
        let trusted_proxies = number("PORTAL_TRUSTED_PROXIES", "1", 1..=10, "1 到 10 之间的整数")? as usize;
        let auth = AuthConfig {
            session_idle_secs: number("PORTAL_SESSION_IDLE_MINUTES", "30", 1..=1440, "1 到 1440 之间的分钟数")? * 60,
            session_absolute_secs: number("PORTAL_SESSION_MAX_HOURS", "12", 1..=168, "1 到 168 之间的小时数")? * 3600,
            resend_after_secs: number("PORTAL_SMS_RESEND_SECS", "60", 10..=3600, "10 到 3600 之间的秒数")?,
            codes_per_phone_per_day: number("PORTAL_SMS_PER_PHONE_PER_DAY", "10", 1..=100, "1 到 100 之间的整数")?,
            codes_per_client_per_hour: number(
                "PORTAL_SMS_PER_CLIENT_PER_HOUR",
                "30",
                1..=100_000,
                "1 到 100000 之间的整数",
            )?,
            ..AuthConfig::default()
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
            production,
            keys,
            sms,
            client_ip: ClientIpRule {
                header: client_ip_header,
                trusted_proxies,
            },
            writes_per_minute,
            wechat,
            auth,
        })
    }
}

#[derive(Debug, Clone)]
pub struct WeChatConfig {
    pub app_id: String,
    pub secret: Secret,
    pub open_base: String,
    pub api_base: String,
    pub template_id: Option<String>,
}

#[derive(Debug, Clone)]
pub enum SmsConfig {
    Log,
    Http { url: String, token: Secret },
}

/// The data and lookup keys; never printed.
#[derive(Clone)]
pub struct Secret(pub String, pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Messages are `&'static str`; a key error's text is built once at start-up.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
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
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
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
    fn production_refuses_development_shortcuts() {
        let e = with(&[
            ("PORTAL_ENV", "production"),
            ("PORTAL_PUBLIC_URL", "https://sydj.example.cn"),
        ])
        .unwrap_err();
        assert_eq!(e.name, "PORTAL_DATA_KEYS");
        let keys = [
            ("PORTAL_ENV", "production"),
            ("PORTAL_PUBLIC_URL", "https://sydj.example.cn"),
            ("PORTAL_DATA_KEYS", "k1:AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="),
            ("PORTAL_LOOKUP_KEY", "CQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQk="),
        ];
        let e = with(&keys).unwrap_err();
        assert_eq!(e.name, "PORTAL_SMS", "the log sender is refused in production");
        assert!(e.to_string().contains("生产环境"));
        let mut http = keys.to_vec();
        http.push(("PORTAL_SMS", "http"));
        http.push(("PORTAL_SMS_URL", "http://sms.internal/send"));
        assert_eq!(with(&http).unwrap_err().name, "PORTAL_SMS_URL", "https in production");
        http.pop();
        http.push(("PORTAL_SMS_URL", "https://sms.internal/send"));
        assert_eq!(with(&http).unwrap_err().name, "PORTAL_SMS_TOKEN");
        http.push(("PORTAL_SMS_TOKEN", "t0ken"));
        let c = with(&http).unwrap();
        assert!(c.production && matches!(c.sms, SmsConfig::Http { ref url, .. } if url == "https://sms.internal/send"));
        assert!(!format!("{c:?}").contains("t0ken"), "the token is never printed");
        let e = with(&[
            ("PORTAL_ENV", "production"),
            ("PORTAL_PUBLIC_URL", "http://sydj.example.cn"),
        ])
        .unwrap_err();
        assert_eq!(e.name, "PORTAL_PUBLIC_URL");
        let e = with(&[("PORTAL_DATA_KEYS", "k1:short"), ("PORTAL_LOOKUP_KEY", "x")]).unwrap_err();
        assert!(!e.to_string().contains("short"), "key material is never echoed: {e}");
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
