//! `portal check-config`: the configuration read exactly as start-up reads it, what would run
//! (never a secret: no password, key or token is printed), and whether it can: the database
//! answers, the site is all there, the SMS gateway can be reached. Nothing is changed: no
//! migration runs, no SMS is sent. Exit code 2 when anything is wrong, each problem one line
//! naming the variable and the fix.

use std::process::ExitCode;
use std::time::Duration;

use app::backend::store::{sqlite_path, DbKind, Store};

use crate::config::{Config, SmsConfig};
use crate::site_check;

/// How long the database and the SMS gateway each have to answer.
const WAIT: Duration = Duration::from_secs(5);

pub async fn run(config: &Config) -> ExitCode {
    println!("portal check-config：按启动时的方式读取配置并检查（不改动数据库，不发短信）。");
    for (name, value) in summary(config) {
        println!("{name}：{value}");
    }
    let mut problems = Vec::new();
    match database(&config.database_url).await {
        Ok(found) => println!("检查数据库：{found}"),
        Err(problem) => problems.push(problem),
    }
    match site_check::check_built_site(&config.site_root) {
        Ok(()) => println!("检查网站：齐全"),
        Err(e) => problems.push(format!("LEPTOS_SITE_ROOT：{e}")),
    }
    if let SmsConfig::Http { url, .. } = &config.sms {
        match reach_gateway(url).await {
            Ok(at) => println!("检查短信网关：{at} 可以连接（未发短信）"),
            Err(e) => problems.push(format!("PORTAL_SMS_URL：{e}")),
        }
    }
    if problems.is_empty() {
        println!("结果：一切正常，可以启动。");
        return ExitCode::SUCCESS;
    }
    eprintln!("有 {} 个问题，改正后再运行 portal check-config：", problems.len());
    for problem in &problems {
        eprintln!("{problem}");
    }
    ExitCode::from(2)
}

/// What would run, setting by setting, in the words of `portal --help`.
fn summary(c: &Config) -> Vec<(&'static str, String)> {
    let site = match site_check::hash_manifest() {
        Some(manifest) => format!("{}（资源文件名带哈希，清单 {}）", c.site_root, manifest.display()),
        None => format!("{}（开发构建：资源文件名不带哈希，不检查）", c.site_root),
    };
    let sms = match &c.sms {
        SmsConfig::Log => "log：验证码只写进日志，不发短信（仅供开发）".to_owned(),
        SmsConfig::Http { url, .. } => match gateway_address(url) {
            Ok((host, port)) => format!("http：短信网关 {host}:{port}"),
            Err(e) => format!("http：短信网关地址有误（{e}）"),
        },
    };
    let wechat = match &c.wechat {
        Some(w) if w.template_id.is_some() => {
            format!("开启（AppID {}），页面可用 JS-SDK，通知也发模板消息", w.app_id)
        }
        Some(w) => format!("开启（AppID {}），页面可用 JS-SDK", w.app_id),
        None => "关闭".to_owned(),
    };
    let keys = match &c.keys {
        // The first key encrypts; every key listed still decrypts what it encrypted.
        Some(keys) => format!(
            "已设置：{} 个数据密钥（第一个用于加密）和查询密钥",
            keys.0.split(',').filter(|k| !k.trim().is_empty()).count()
        ),
        None => "未设置：使用公开的开发密钥（只能用于开发，不能有真实数据）".to_owned(),
    };
    let client = match &c.client_ip.header {
        Some(header) => format!("请求头 {header}，自己的代理 {} 层", c.client_ip.trusted_proxies),
        None => "连接的地址（前面没有代理）".to_owned(),
    };
    let env = if c.production {
        "production（生产）"
    } else {
        "development（开发）"
    };
    let a = &c.auth;
    vec![
        ("运行环境 PORTAL_ENV", env.to_owned()),
        ("监听地址 LEPTOS_SITE_ADDR", c.site_addr.to_string()),
        ("公开网址 PORTAL_PUBLIC_URL", c.public_url.clone()),
        ("数据库 DATABASE_URL", database_shown(&c.database_url)),
        ("连接池 PORTAL_DB_MAX_CONNECTIONS", c.db_max_connections.to_string()),
        ("网站 LEPTOS_SITE_ROOT", site),
        ("验证码短信 PORTAL_SMS", sms),
        ("微信 PORTAL_WECHAT_APPID", wechat),
        (
            "微信校验文件 PORTAL_WECHAT_VERIFY_FILE",
            match &c.wechat_verify_file {
                Some(file) => format!("网站根目录提供 /{}", file.name),
                None => "未设置".to_owned(),
            },
        ),
        ("示例数据 PORTAL_DEMO", if c.demo { "开启" } else { "关闭" }.to_owned()),
        ("个人数据密钥 PORTAL_DATA_KEYS", keys),
        ("客户端地址 PORTAL_CLIENT_IP_HEADER", client),
        (
            "写请求 PORTAL_WRITES_PER_CLIENT_PER_MINUTE",
            format!("每个客户端地址每分钟至多 {} 次", c.writes_per_minute),
        ),
        (
            "请求 PORTAL_REQUEST_TIMEOUT_SECS、PORTAL_BODY_LIMIT_BYTES",
            format!(
                "超过 {} 秒答 408，请求体超过 {} 字节答 413",
                c.request_timeout.as_secs(),
                c.body_limit
            ),
        ),
        (
            "会话 PORTAL_SESSION_IDLE_MINUTES、PORTAL_SESSION_MAX_HOURS",
            format!(
                "闲置 {} 分钟或登录 {} 小时后结束",
                a.session_idle_secs / 60,
                a.session_absolute_secs / 3600
            ),
        ),
        (
            "验证码 PORTAL_SMS_RESEND_SECS、PORTAL_SMS_PER_PHONE_PER_DAY、PORTAL_SMS_PER_CLIENT_PER_HOUR",
            format!(
                "同一号码至少间隔 {} 秒、24 小时内至多 {} 条；同一客户端地址每小时至多 {} 条",
                a.resend_after_secs, a.codes_per_phone_per_day, a.codes_per_client_per_hour
            ),
        ),
        (
            "动态确认提醒 PORTAL_CONFIRMATION_REMINDER_DAY",
            format!("每月 {} 日起", c.confirmation_reminder_day),
        ),
        (
            "注销告知期 PORTAL_ENDING_NOTICE_DAYS",
            format!("{} 天", c.ending_notice_days),
        ),
        (
            "指标 PORTAL_METRICS_ALLOW",
            format!("GET /metrics 只回答这些地址：{}", c.metrics_allow),
        ),
        (
            "日志格式 PORTAL_LOG_FORMAT",
            if c.log_json { "json" } else { "text" }.to_owned(),
        ),
    ]
}

/// The database as it may be shown: a SQLite file's path, or a PostgreSQL URL without its
/// password, which can be in the user part or an option (`?password=`).
fn database_shown(url: &str) -> String {
    if let Some(path) = sqlite_path(url) {
        return format!("SQLite，文件 {}", path.display());
    }
    if DbKind::of_url(url) == Some(DbKind::Sqlite) {
        return "SQLite，内存数据库（停止即丢失）".to_owned();
    }
    let Ok(mut parsed) = url::Url::parse(url) else {
        return "PostgreSQL（地址无法解析，不显示）".to_owned();
    };
    // Err only for a URL that cannot have a password at all.
    let _ = parsed.set_password(None);
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(name, _)| !name.to_ascii_lowercase().contains("password"))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    parsed.set_query(None);
    if !kept.is_empty() {
        parsed.query_pairs_mut().extend_pairs(kept);
    }
    format!("PostgreSQL，{parsed}")
}

/// Whether the database answers `SELECT 1`, without migrating it; a SQLite file that does not
/// exist yet is no problem (`serve` creates it), and is not created here.
async fn database(url: &str) -> Result<String, String> {
    if let Some(path) = sqlite_path(url).filter(|path| !path.exists()) {
        return Ok(format!("SQLite 文件 {} 还不存在，serve 首次启动时新建", path.display()));
    }
    let answered = tokio::time::timeout(WAIT, async {
        let store = Store::connect(url, 1).await?;
        let pinged = store.ping().await;
        store.close().await;
        pinged
    })
    .await;
    match answered {
        Ok(Ok(())) => Ok("可以连接（SELECT 1）".to_owned()),
        Ok(Err(e)) => Err(format!(
            "DATABASE_URL：无法连接数据库（{e}）。请检查地址、用户名与密码，以及数据库是否已启动、网络是否可达。"
        )),
        Err(_) => Err(format!(
            "DATABASE_URL：数据库 {} 秒内没有应答。请检查地址，以及网络与防火墙。",
            WAIT.as_secs()
        )),
    }
}

/// The gateway's host and port (the URL's path and options may hold a key: never shown).
fn gateway_address(url: &str) -> Result<(String, u16), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("不是有效的网址（{e}）"))?;
    let host = parsed.host_str().ok_or("网址中没有主机名")?.to_owned();
    let port = parsed.port_or_known_default().ok_or("网址中没有端口")?;
    Ok((host, port))
}

/// Whether a TCP connection to the gateway opens: enough to find a wrong address, a stopped
/// gateway or a firewall, and it sends nothing.
async fn reach_gateway(url: &str) -> Result<String, String> {
    let (host, port) = gateway_address(url)?;
    // An IPv6 host is written [::1] in a URL, ::1 for a socket.
    let ip_or_name = host.trim_start_matches('[').trim_end_matches(']');
    match tokio::time::timeout(WAIT, tokio::net::TcpStream::connect((ip_or_name, port))).await {
        Ok(Ok(_)) => Ok(format!("{host}:{port}")),
        Ok(Err(e)) => Err(format!(
            "连不上短信网关 {host}:{port}（{e}）。请检查网关地址、网关是否在运行，以及网络与防火墙。"
        )),
        Err(_) => Err(format!(
            "短信网关 {host}:{port} {} 秒内没有应答。请检查网关地址，以及网络与防火墙。",
            WAIT.as_secs()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_is_shown_without_its_password() {
        let shown = database_shown("postgres://portal:s3cret@db.internal:5432/portal?sslmode=require&password=other");
        assert_eq!(
            shown,
            "PostgreSQL，postgres://portal@db.internal:5432/portal?sslmode=require"
        );
        assert_eq!(
            database_shown("postgresql://db.internal/portal"),
            "PostgreSQL，postgresql://db.internal/portal"
        );
        assert_eq!(
            database_shown("postgres://u@h/db?PassWord=x"),
            "PostgreSQL，postgres://u@h/db"
        );
    }

    #[test]
    fn a_sqlite_url_is_shown_as_its_file() {
        assert_eq!(
            database_shown("sqlite://data/portal.db?mode=rwc"),
            "SQLite，文件 data/portal.db"
        );
        assert!(database_shown("sqlite::memory:").contains("内存"));
    }

    #[test]
    fn the_gateway_is_shown_as_host_and_port_only() {
        assert_eq!(
            gateway_address("https://sms.example.cn/send?key=k3y").unwrap(),
            ("sms.example.cn".to_owned(), 443)
        );
        assert_eq!(
            gateway_address("http://[::1]:8080/").unwrap(),
            ("[::1]".to_owned(), 8080)
        );
    }
}
