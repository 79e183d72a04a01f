//! All configuration, read once at start-up. Every setting is a field of [`Settings`]: an
//! environment variable or the option of the same name (`DATABASE_URL` or `--database-url`),
//! parsed by clap, so `portal --help` lists them all with their defaults; README.md explains
//! them. [`Config::from_settings`] checks the values and says what is wrong with one.

use crate::client_ip::ClientIpRule;
use crate::metrics::AllowList;
use std::net::SocketAddr;
use std::ops::RangeInclusive;
use std::time::Duration;

use app::backend::auth::AuthConfig;
use app::backend::store::DbKind;
use clap::{Args, FromArgMatches};
use tracing_subscriber::filter::{LevelFilter, Targets};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/portal.db";

// Every setting as given, before it is checked. Values stay text so that a bad one is refused
// by `Config::from_settings` with a message naming the variable and what is allowed; a blank
// value counts as unset. Secrets belong in the environment (a command line is visible to every
// user of the machine), and `--help` never shows their values. (A `///` comment here would
// become the long help of `portal` itself, which flattens this struct.)
#[derive(Args, Clone)]
#[command(next_help_heading = "配置（环境变量，或同名选项，写在子命令之前）")]
pub struct Settings {
    /// 监听的地址和端口
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub site_addr: String,
    /// 构建好的网站（pkg/ 下的 wasm、JS、CSS 与公开文件）
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// 群众访问门户的网址，二维码指向这里（生产环境须以 https:// 开头）；默认 http:// 加监听地址
    #[arg(long, env = "PORTAL_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// 数据库：sqlite://路径，或 postgres://用户@主机:端口/库名
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    pub database_url: String,
    /// 数据库连接池大小（1–1000）
    #[arg(long, env = "PORTAL_DB_MAX_CONNECTIONS", default_value = "10")]
    pub db_max_connections: String,
    /// 数据库为空时载入示例数据（true 或 false）
    #[arg(long, env = "PORTAL_DEMO", default_value = "false")]
    pub demo: String,
    /// 写哪些日志（级别，或 目标=级别，逗号分隔，例如 info,sqlx=warn）
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log_filter: String,
    /// 日志格式：text（给人看）或 json（给日志收集系统）
    #[arg(long, env = "PORTAL_LOG_FORMAT", default_value = "text")]
    pub log_format: String,
    /// 请求超过这么多秒答 408（1–600）
    #[arg(long, env = "PORTAL_REQUEST_TIMEOUT_SECS", default_value = "30")]
    pub request_timeout_secs: String,
    /// 请求体超过这么多字节答 413（1024–104857600）
    #[arg(long, env = "PORTAL_BODY_LIMIT_BYTES", default_value = "1048576")]
    pub body_limit_bytes: String,
    /// development 或 production（拒绝只供开发用的设置）
    #[arg(long, env = "PORTAL_ENV", default_value = "development")]
    pub env: String,
    /// 个人数据的加密密钥 id:BASE64,…，第一个用于加密（开发环境不设则用公开的开发密钥）
    #[arg(long, env = "PORTAL_DATA_KEYS", hide_env_values = true)]
    pub data_keys: Option<String>,
    /// 查询列的 HMAC 密钥，BASE64（开发环境不设则用公开的开发密钥）
    #[arg(long, env = "PORTAL_LOOKUP_KEY", hide_env_values = true)]
    pub lookup_key: Option<String>,
    /// 验证码怎么发：log（只写日志，仅供开发）或 http（短信网关）
    #[arg(long, env = "PORTAL_SMS", default_value = "log")]
    pub sms: String,
    /// 用 http 时：短信网关地址（生产环境须 https://）
    #[arg(long, env = "PORTAL_SMS_URL")]
    pub sms_url: Option<String>,
    /// 用 http 时：短信网关的访问令牌
    #[arg(long, env = "PORTAL_SMS_TOKEN", hide_env_values = true)]
    pub sms_token: Option<String>,
    /// 微信公众号 AppID；与 AppSecret 都设了才开启微信网页授权
    #[arg(long, env = "PORTAL_WECHAT_APPID")]
    pub wechat_appid: Option<String>,
    /// 微信公众号 AppSecret
    #[arg(long, env = "PORTAL_WECHAT_SECRET", hide_env_values = true)]
    pub wechat_secret: Option<String>,
    /// 模板消息的模板 ID；设了则通知也发微信模板消息
    #[arg(long, env = "PORTAL_WECHAT_TEMPLATE_ID")]
    pub wechat_template_id: Option<String>,
    /// 微信网页授权的地址（代理或测试时才改）
    #[arg(long, env = "PORTAL_WECHAT_OPEN_BASE", default_value = "https://open.weixin.qq.com")]
    pub wechat_open_base: String,
    /// 微信接口的地址（代理或测试时才改）
    #[arg(long, env = "PORTAL_WECHAT_API_BASE", default_value = "https://api.weixin.qq.com")]
    pub wechat_api_base: String,
    /// 公众号网页授权域名的校验文件名，例如 MP_verify_abc123.txt；设了则在网站根目录提供这个文件
    #[arg(long, env = "PORTAL_WECHAT_VERIFY_FILE")]
    pub wechat_verify_file: Option<String>,
    /// 代理写入客户端地址的请求头，例如 x-forwarded-for；不设则用连接的地址
    #[arg(long, env = "PORTAL_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<String>,
    /// 有该请求头时，自己的代理有几层（1–10）
    #[arg(long, env = "PORTAL_TRUSTED_PROXIES", default_value = "1")]
    pub trusted_proxies: String,
    /// 每个客户端地址每分钟可发的写请求数（1–1000000）
    #[arg(long, env = "PORTAL_WRITES_PER_CLIENT_PER_MINUTE", default_value = "120")]
    pub writes_per_client_per_minute: String,
    /// 会话闲置这么多分钟后结束（1–1440）
    #[arg(long, env = "PORTAL_SESSION_IDLE_MINUTES", default_value = "30")]
    pub session_idle_minutes: String,
    /// 会话登录这么多小时后结束（1–168）
    #[arg(long, env = "PORTAL_SESSION_MAX_HOURS", default_value = "12")]
    pub session_max_hours: String,
    /// 同一手机号两次验证码至少间隔的秒数（10–3600）
    #[arg(long, env = "PORTAL_SMS_RESEND_SECS", default_value = "60")]
    pub sms_resend_secs: String,
    /// 同一手机号 24 小时内最多收几条验证码（1–100）
    #[arg(long, env = "PORTAL_SMS_PER_PHONE_PER_DAY", default_value = "10")]
    pub sms_per_phone_per_day: String,
    /// 同一客户端地址每小时最多要几条验证码（1–100000）
    #[arg(long, env = "PORTAL_SMS_PER_CLIENT_PER_HOUR", default_value = "30")]
    pub sms_per_client_per_hour: String,
    /// 每月几号起提醒尚未做就业失业动态确认的登记失业人员（1–28）
    #[arg(long, env = "PORTAL_CONFIRMATION_REMINDER_DAY", default_value = "20")]
    pub confirmation_reminder_day: String,
    /// 注销原因4、5、6a：告知本人后等待几天再注销（1–90）
    #[arg(long, env = "PORTAL_ENDING_NOTICE_DAYS", default_value = "10")]
    pub ending_notice_days: String,
    /// 可以读取 /metrics 的地址（按 TCP 连接的地址，不看代理请求头）：逗号分隔的 IP 地址或网段，例如 127.0.0.0/8,::1,10.0.0.5
    #[arg(long, env = "PORTAL_METRICS_ALLOW", default_value = "127.0.0.0/8,::1")]
    pub metrics_allow: String,
}

impl Settings {
    /// The settings alone as a clap command (their help, variables and defaults).
    pub fn command() -> clap::Command {
        Settings::augment_args(clap::Command::new("portal"))
    }

    /// The settings from a lookup (a map in tests) instead of the environment, parsed by the
    /// same clap arguments as the command line: each variable the lookup gives becomes its
    /// option, `--name=value`; the process environment is not read.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Settings {
        let command = Settings::command();
        let mut args = vec!["portal".to_owned()];
        for arg in command.get_arguments() {
            let value = arg.get_env().and_then(|name| get(name.to_str()?));
            if let (Some(long), Some(value)) = (arg.get_long(), value) {
                // `--name=value` keeps a value that starts with `-` a value.
                args.push(format!("--{long}={value}"));
            }
        }
        let matches = command
            .mut_args(|arg| arg.env(None::<&'static str>))
            .try_get_matches_from(args)
            .expect("every setting takes any text");
        Settings::from_arg_matches(&matches).expect("its own arguments")
    }
}

/// The default `--help` shows for the setting read from `name`: what a blank value means.
fn default_of(command: &clap::Command, name: &str) -> String {
    command
        .get_arguments()
        .find(|arg| arg.get_env() == Some(std::ffi::OsStr::new(name)))
        .and_then(|arg| arg.get_default_values().first())
        .and_then(|default| default.to_str())
        .unwrap_or_else(|| panic!("{name} is a setting with a default"))
        .to_owned()
}

/// The checked configuration, built from [`Settings`] by [`Config::from_settings`].
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
    /// RUST_LOG: which log lines to write: a level, and `target=level` pairs (`info,sqlx=warn`).
    /// A static filter: tracing's EnvFilter took a lock on every entry into a request's span,
    /// which cost a tenth of a cached answer's time.
    pub log_filter: Targets,
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
    /// PORTAL_WECHAT_VERIFY_FILE: the file WeChat fetches from the site's root when the
    /// official account's 网页授权域名 is set; unset: none.
    pub wechat_verify_file: Option<VerifyFile>,
    /// PORTAL_WRITES_PER_CLIENT_PER_MINUTE: state-changing requests one client address may make
    /// per minute (on each app server).
    pub writes_per_minute: u32,
    /// PORTAL_CONFIRMATION_REMINDER_DAY: from this day of each month, everyone registered who
    /// has not confirmed the month is reminded once.
    pub confirmation_reminder_day: u32,
    /// PORTAL_ENDING_NOTICE_DAYS: for reasons 4, 5 and 6a, the days between telling the
    /// person and the registration ending.
    pub ending_notice_days: u32,
    /// PORTAL_METRICS_ALLOW: the addresses `GET /metrics` answers, judged by the TCP peer
    /// (Prometheus reads each app server directly; see `metrics`).
    pub metrics_allow: AllowList,
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

impl Config {
    /// Checks settings read from a lookup (see [`Settings::from_lookup`]).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        Config::from_settings(Settings::from_lookup(get))
    }

    /// Checks every setting; the first bad one is named with what is allowed.
    pub fn from_settings(s: Settings) -> Result<Config, ConfigError> {
        let command = Settings::command();
        // A blank value counts as unset.
        let var = |value: String, name: &'static str| -> (String, &'static str) {
            if value.trim().is_empty() {
                (default_of(&command, name), name)
            } else {
                (value, name)
            }
        };
        let given = |value: Option<String>| value.filter(|v| !v.trim().is_empty());
        let fail = |(value, name): (String, &'static str), allowed| ConfigError { name, value, allowed };

        let addr = var(s.site_addr, "LEPTOS_SITE_ADDR");
        let site_addr = addr
            .0
            .parse()
            .map_err(|_| fail(addr, "地址:端口，例如 127.0.0.1:3000 或 0.0.0.0:8080"))?;

        let public = (
            given(s.public_url).unwrap_or_else(|| format!("http://{site_addr}")),
            "PORTAL_PUBLIC_URL",
        );
        if !(public.0.starts_with("https://") || public.0.starts_with("http://"))
            || public.0.contains(char::is_whitespace)
        {
            return Err(fail(public, "以 https:// 开头的网址，例如 https://sydj.example.gov.cn"));
        }
        let public_url = public.0.trim_end_matches('/').to_owned();

        let db = var(s.database_url, "DATABASE_URL");
        if DbKind::of_url(&db.0).is_none() {
            return Err(fail(
                db,
                "以 sqlite: 开头（例如 sqlite://data/portal.db）或以 postgres:// 开头",
            ));
        }

        let pool = var(s.db_max_connections, "PORTAL_DB_MAX_CONNECTIONS");
        let db_max_connections = match pool.0.parse::<u32>() {
            Ok(n @ 1..=1000) => n,
            _ => return Err(fail(pool, "1 到 1000 之间的整数")),
        };

        let demo = parse_bool(var(s.demo, "PORTAL_DEMO")).map_err(|v| fail(v, "true 或 false"))?;

        let filter = var(s.log_filter, "RUST_LOG");
        let log_filter = log_targets(&filter.0)
            .ok_or_else(|| fail(filter, "日志级别，或 目标=级别，逗号分隔，例如 info 或 info,sqlx=warn"))?;

        let log = var(s.log_format, "PORTAL_LOG_FORMAT");
        let log_json = match log.0.as_str() {
            "text" => false,
            "json" => true,
            _ => return Err(fail(log, "text 或 json")),
        };

        let timeout = var(s.request_timeout_secs, "PORTAL_REQUEST_TIMEOUT_SECS");
        let request_timeout = match timeout.0.parse::<u64>() {
            Ok(n @ 1..=600) => Duration::from_secs(n),
            _ => return Err(fail(timeout, "1 到 600 之间的秒数")),
        };

        let limit = var(s.body_limit_bytes, "PORTAL_BODY_LIMIT_BYTES");
        let body_limit = match limit.0.parse::<usize>() {
            Ok(n @ 1024..=104_857_600) => n,
            _ => return Err(fail(limit, "1024 到 104857600 之间的字节数")),
        };

        let env = var(s.env, "PORTAL_ENV");
        let production = match env.0.as_str() {
            "development" => false,
            "production" => true,
            _ => return Err(fail(env, "development 或 production")),
        };
        if production && !public_url.starts_with("https://") {
            return Err(fail(public, "生产环境必须以 https:// 开头"));
        }
        let keys = match (given(s.data_keys), given(s.lookup_key)) {
            (Some(d), Some(l)) => {
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
        let sms_kind = var(s.sms, "PORTAL_SMS");
        let sms = match sms_kind.0.as_str() {
            "log" if production => {
                return Err(fail(
                    sms_kind,
                    "生产环境不能用 log（只写日志、不发短信）；请设为 http 并配置短信网关",
                ))
            }
            "log" => SmsConfig::Log,
            "http" => {
                let url = (given(s.sms_url).unwrap_or_default(), "PORTAL_SMS_URL");
                let https = url.0.starts_with("https://");
                if !(https || (!production && url.0.starts_with("http://"))) {
                    return Err(fail(url, "短信网关地址（生产环境须以 https:// 开头）"));
                }
                let token = given(s.sms_token).ok_or(ConfigError {
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
        let header = given(s.client_ip_header);
        let client_ip_header = header.as_ref().map(|h| h.trim().to_ascii_lowercase());
        if let Some(h) = &client_ip_header {
            if axum::http::HeaderName::from_bytes(h.as_bytes()).is_err() {
                return Err(fail(
                    (header.unwrap_or_default(), "PORTAL_CLIENT_IP_HEADER"),
                    "一个 HTTP 头的名字，例如 x-forwarded-for",
                ));
            }
        }
        let allow = var(s.metrics_allow, "PORTAL_METRICS_ALLOW");
        let metrics_allow = match AllowList::parse(&allow.0) {
            Ok(list) => list,
            Err(bad) => {
                // Built once, at start-up, for the message.
                let allowed = leak(format!(
                    "其中“{bad}”不是 IP 地址或网段：应为逗号分隔的 IP 地址或 CIDR 网段，例如 127.0.0.0/8,::1,10.0.0.5 \
                     (“{bad}” is not an IP address or CIDR network: give a comma-separated list of them, \
                     e.g. 127.0.0.0/8,::1,10.0.0.5)"
                ));
                return Err(fail(allow, allowed));
            }
        };

        let number = |value: String, name: &'static str, range: RangeInclusive<i64>, allowed: &'static str| {
            let v = var(value, name);
            match v.0.parse::<i64>() {
                Ok(n) if range.contains(&n) => Ok(n),
                _ => Err(fail(v, allowed)),
            }
        };
        let wechat = match (given(s.wechat_appid), given(s.wechat_secret)) {
            (Some(app_id), Some(secret)) => Some(WeChatConfig {
                app_id: app_id.trim().to_owned(),
                secret: Secret(secret, String::new()),
                open_base: var(s.wechat_open_base, "PORTAL_WECHAT_OPEN_BASE").0,
                api_base: var(s.wechat_api_base, "PORTAL_WECHAT_API_BASE").0,
                template_id: given(s.wechat_template_id).map(|t| t.trim().to_owned()),
            }),
            _ => None,
        };
        let wechat_verify_file = match given(s.wechat_verify_file) {
            Some(name) => Some(VerifyFile::parse(name.trim()).ok_or_else(|| {
                fail(
                    (name, "PORTAL_WECHAT_VERIFY_FILE"),
                    "公众号后台给出的校验文件名，形如 MP_verify_abc123.txt（只含字母和数字，不带路径）",
                )
            })?),
            None => None,
        };
        let writes_per_minute = number(
            s.writes_per_client_per_minute,
            "PORTAL_WRITES_PER_CLIENT_PER_MINUTE",
            1..=1_000_000,
            "1 到 1000000 之间的整数",
        )? as u32;
        let confirmation_reminder_day = number(
            s.confirmation_reminder_day,
            "PORTAL_CONFIRMATION_REMINDER_DAY",
            1..=28,
            "1 到 28 之间的日期（每月几号）",
        )? as u32;
        let ending_notice_days = number(
            s.ending_notice_days,
            "PORTAL_ENDING_NOTICE_DAYS",
            1..=90,
            "1 到 90 之间的天数",
        )? as u32;
        let trusted_proxies = number(
            s.trusted_proxies,
            "PORTAL_TRUSTED_PROXIES",
            1..=10,
            "1 到 10 之间的整数",
        )? as usize;
        let auth = AuthConfig {
            session_idle_secs: number(
                s.session_idle_minutes,
                "PORTAL_SESSION_IDLE_MINUTES",
                1..=1440,
                "1 到 1440 之间的分钟数",
            )? * 60,
            session_absolute_secs: number(
                s.session_max_hours,
                "PORTAL_SESSION_MAX_HOURS",
                1..=168,
                "1 到 168 之间的小时数",
            )? * 3600,
            resend_after_secs: number(
                s.sms_resend_secs,
                "PORTAL_SMS_RESEND_SECS",
                10..=3600,
                "10 到 3600 之间的秒数",
            )?,
            codes_per_phone_per_day: number(
                s.sms_per_phone_per_day,
                "PORTAL_SMS_PER_PHONE_PER_DAY",
                1..=100,
                "1 到 100 之间的整数",
            )?,
            codes_per_client_per_hour: number(
                s.sms_per_client_per_hour,
                "PORTAL_SMS_PER_CLIENT_PER_HOUR",
                1..=100_000,
                "1 到 100000 之间的整数",
            )?,
            ..AuthConfig::default()
        };

        Ok(Config {
            site_addr,
            site_root: var(s.site_root, "LEPTOS_SITE_ROOT").0,
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
            confirmation_reminder_day,
            ending_notice_days,
            metrics_allow,
            wechat,
            wechat_verify_file,
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

/// The official account's domain check (`MP_verify_{code}.txt`, whose body is `{code}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyFile {
    pub name: String,
    pub body: String,
}

impl VerifyFile {
    /// `MP_verify_` and letters and digits and `.txt`, as WeChat names it; nothing else (the
    /// name becomes a path of the site).
    pub fn parse(name: &str) -> Option<VerifyFile> {
        let body = name.strip_prefix("MP_verify_")?.strip_suffix(".txt")?;
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        Some(VerifyFile {
            name: name.to_owned(),
            body: body.to_owned(),
        })
    }
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

/// RUST_LOG: a level, then `target=level` pairs. Anything else is refused: `Targets` alone
/// would take a misspelt level (`inof`) for a target to log everything from.
fn log_targets(text: &str) -> Option<Targets> {
    let level = |l: &str| l.parse::<LevelFilter>().is_ok();
    let target = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
    let directive = |d: &str| match d.split_once('=') {
        Some((t, l)) => target(t) && level(l),
        None => level(d),
    };
    if !text.split(',').all(directive) {
        return None;
    }
    text.parse().ok()
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
    fn blank_values_count_as_unset() {
        let c = Config::from_lookup(|_| Some("  ".to_owned())).unwrap();
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!((c.db_max_connections, c.writes_per_minute), (10, 120));
        assert_eq!(c.public_url, "http://127.0.0.1:3000");
        assert!(c.keys.is_none() && c.wechat.is_none() && c.client_ip.header.is_none());
        assert!(matches!(c.sms, SmsConfig::Log));
    }

    /// The `code` spans of a table cell.
    fn names(cell: &str) -> Vec<String> {
        cell.split('`').skip(1).step_by(2).map(str::to_owned).collect()
    }

    /// The table in README.md names every setting with the default `portal --help` shows, and
    /// nothing else.
    #[test]
    fn the_readme_lists_every_setting_with_its_default() {
        let readme = include_str!("../../README.md");
        let section = readme
            .split("## Configuration")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("README has a Configuration section");
        let rows: Vec<Vec<&str>> = section
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| l.split('|').collect())
            .collect();
        let command = Settings::command();
        let settings: Vec<(String, Option<String>)> = command
            .get_arguments()
            .filter_map(|arg| {
                let name = arg.get_env()?.to_str()?.to_owned();
                let default = arg
                    .get_default_values()
                    .first()
                    .and_then(|d| d.to_str())
                    .map(str::to_owned);
                Some((name, default))
            })
            .collect();
        assert_eq!(
            settings.len(),
            command.get_arguments().count(),
            "every setting has a variable"
        );
        for (name, default) in &settings {
            let row = rows
                .iter()
                .find(|row| names(row[1]).contains(name))
                .unwrap_or_else(|| panic!("README's table has no row for {name}"));
            if let Some(default) = default {
                assert!(
                    row[2].contains(&format!("`{default}`")),
                    "README: {name} defaults to {default}"
                );
            }
        }
        for row in &rows {
            for name in names(row[1]) {
                assert!(
                    settings.iter().any(|(n, _)| *n == name),
                    "README lists {name}, which is no setting"
                );
            }
        }
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
    fn the_wechat_verify_file_is_named_as_wechat_names_it() {
        let c = with(&[("PORTAL_WECHAT_VERIFY_FILE", " MP_verify_abc123XYZ.txt ")]).unwrap();
        assert_eq!(
            c.wechat_verify_file,
            Some(VerifyFile {
                name: "MP_verify_abc123XYZ.txt".into(),
                body: "abc123XYZ".into(),
            })
        );
        assert_eq!(with(&[]).unwrap().wechat_verify_file, None);
        for bad in [
            "abc123",
            "MP_verify_.txt",
            "MP_verify_abc.html",
            "mp_verify_abc.txt",
            "/MP_verify_abc.txt",
            "MP_verify_a/../b.txt",
            "MP_verify_abc-1.txt",
            "MP_verify_abc.txt.txt",
        ] {
            let e = with(&[("PORTAL_WECHAT_VERIFY_FILE", bad)]).unwrap_err();
            assert_eq!(e.name, "PORTAL_WECHAT_VERIFY_FILE", "{bad}");
            assert!(e.to_string().contains("MP_verify_"), "{e}");
        }
    }

    #[test]
    fn log_filters_take_levels_and_target_levels() {
        for ok in [
            "info",
            "warn,sqlx=warn",
            "info,sqlx=warn,tower_http::trace=debug",
            "off",
        ] {
            assert!(with(&[("RUST_LOG", ok)]).is_ok(), "{ok}");
        }
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
            ("RUST_LOG", "inof"),
            ("RUST_LOG", "info,sqlx=loud"),
            ("PORTAL_PUBLIC_URL", "sydj.example.cn"),
            ("PORTAL_METRICS_ALLOW", "10.0.0.0/33"),
        ] {
            assert_eq!(with(&[(name, value)]).unwrap_err().name, name);
        }
    }

    #[test]
    fn metrics_are_for_loopback_unless_told_and_a_bad_entry_is_named() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let c = with(&[]).unwrap();
        assert!(c.metrics_allow.allows(ip("127.0.0.1")) && c.metrics_allow.allows(ip("::1")));
        assert!(!c.metrics_allow.allows(ip("10.0.0.9")));
        let c = with(&[("PORTAL_METRICS_ALLOW", "10.0.0.0/24, fd00::9")]).unwrap();
        assert!(c.metrics_allow.allows(ip("10.0.0.9")) && c.metrics_allow.allows(ip("fd00::9")));
        assert!(
            !c.metrics_allow.allows(ip("127.0.0.1")),
            "the setting replaces the default"
        );

        let e = with(&[("PORTAL_METRICS_ALLOW", "10.0.0.0/24,prometheus.internal")]).unwrap_err();
        assert_eq!(e.name, "PORTAL_METRICS_ALLOW");
        let message = e.to_string();
        for part in [
            "PORTAL_METRICS_ALLOW",
            "“prometheus.internal”",
            "IP 地址或网段",
            "not an IP address or CIDR network",
        ] {
            assert!(message.contains(part), "{part} in {message}");
        }
    }
}
