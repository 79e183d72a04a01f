//! `portal`: the 湖南省失业登记服务 server process and its command-line tools.

/// Under load the system allocator's arena locks took more of the processor than our code
/// (perf: malloc, free and futex waits at the top); mimalloc keeps a heap per thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use app::backend::auth::staff::StaffRole;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use std::sync::Arc;

use app::backend::auth::provider::WeChat;
use app::backend::auth::Auth;
use app::backend::calendar::Calendar;
use app::backend::clock::{Clock, SystemClock};
use app::backend::crypto::{development_vault, Vault};
use app::backend::institutions::{demo, import, Directory};
use app::backend::notify::{HttpSms, LogSms, SmsSender, WeChatTemplates};
use app::backend::rekey::{KeyRotation, Report};
use app::backend::store::Store;
use app::backend::wechat::{AccessTokens, WeChatJs};
use app::backend::Backend;
use clap::{Parser, Subcommand};
use leptos::config::LeptosOptions;

use server::config::{Config, Settings, SmsConfig};
use server::state::{AppState, Shared};
use server::{ops, routes, shutdown, site_check, telemetry};

#[derive(Parser)]
#[command(name = "portal", about = "湖南省失业登记服务", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Every setting, from its environment variable or option (see `config`).
    #[command(flatten)]
    settings: Settings,
}

#[derive(Subcommand)]
enum Command {
    /// 启动门户网站（默认）。配置见 `portal --help` 与 README 的配置表。
    Serve,
    /// 管理工作人员账号（staff add：新建一个账号）。
    Staff {
        #[command(subcommand)]
        action: StaffCommand,
    },
    /// 导入公共就业服务机构清单（附件3）CSV：UTF-8 或 GBK 编码，列说明见 README。
    ///
    /// 有错误行时不导入任何一行，除非加 --apply-valid-rows。
    ImportInstitutions {
        /// CSV 文件路径
        file: PathBuf,
        /// 有错误行时仍导入其余正确的行
        #[arg(long)]
        apply_valid_rows: bool,
    },
    /// 法定节假日与调休安排（calendar import：导入一年的安排）。期限按它计算工作日。
    Calendar {
        #[command(subcommand)]
        action: CalendarCommand,
    },
    /// 失业登记统计（stats verify：按现有记录重算一个已冻结的月份，列出每一处不一致）。
    Stats {
        #[command(subcommand)]
        action: StatsCommand,
    },
    /// 数据密钥轮换：把仍用旧密钥加密的个人数据改用 PORTAL_DATA_KEYS 的第一个密钥重新加密。
    ///
    /// 先把新密钥写在 PORTAL_DATA_KEYS 的最前面（旧密钥留在后面）并重启全部门户服务器，再运行本命令；
    /// 运行时门户照常服务。每表每批500行、一批一个事务，中断后再次运行即从未完成处继续。没有用旧密钥
    /// 加密的值时退出码为0，此时可从 PORTAL_DATA_KEYS 中删去旧密钥。
    Rekey {
        /// 只统计仍用旧密钥加密的值，不做修改：没有则退出码为0，否则为1
        #[arg(long)]
        check: bool,
    },
    /// 查询密钥更换后，按新的 PORTAL_LOOKUP_KEY 重建全部查询列（手机号、证件号码、微信账号的查询值）。
    ///
    /// 须先停止全部门户服务器，完成后再用新的 PORTAL_LOOKUP_KEY 启动：重建期间门户按手机号或证件号码找不到
    /// 尚未重建的人，会把老用户当作新用户。需要能解密全部数据的 PORTAL_DATA_KEYS。每表每批500行，中断后
    /// 再次运行即从未完成处继续。更换前发出的验证码随之失效（请重新获取），按客户端地址的次数限制重新计数。
    Rehash,
    /// 检查配置：按启动时的方式读取，列出将如何运行（不显示密码与密钥），并检查数据库、网站与短信网关。
    ///
    /// 不改动数据库，不发短信。一切正常时退出码为0；有问题时逐条说明（变量名与改法），退出码为2。
    CheckConfig,
    /// 把 SQLite 数据库备份到一个新文件；门户运行时也可以备份，得到备份开始那一刻的完整数据库。
    ///
    /// 请以运行门户的用户身份运行（例如 sudo -u portal）。PostgreSQL 请用 pg_dump（本命令会给出用法）。
    Backup {
        /// 备份文件路径（不能已存在）
        file: PathBuf,
    },
    /// 用备份文件恢复 SQLite 数据库。须先停止门户的所有服务器进程；原数据库移到 <数据库>.before-restore-<时间>。
    ///
    /// 先检查备份文件：是完好的 SQLite 数据库、属于本门户、不来自更新版本的门户；数据库仍被其他进程打开时拒绝恢复。
    /// 请以运行门户的用户身份运行（例如 sudo -u portal）。PostgreSQL 请用 pg_restore（本命令会给出用法）。
    Restore {
        /// portal backup 写的备份文件
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum StatsCommand {
    /// 重算已冻结月份的全部数字，与冻结时的数字逐项核对；有不一致时逐项列出，退出码为1。
    Verify {
        /// 统计月份，例如 2026-11
        #[arg(long)]
        month: String,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// 导入一年的法定节假日安排，替换该年已有的安排；有错误时不导入，并逐项说明。
    ///
    /// 文件为 UTF-8 的 JSON，格式同 app/data/calendar/2026.json：year、source（通知标题）、
    /// holidays（name、from、to，含首尾两天）、working_days（调休上班的周六、周日）。
    Import {
        /// JSON 文件路径
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// 新建工作人员账号。密码从标准输入读取一行（至少12位），不会出现在命令行里。
    Add {
        /// 用户名：3到32位小写字母、数字或 . _ -
        #[arg(long)]
        username: String,
        /// 所属机构编码（机构清单中的）；账号只能看到该机构所辖地区
        #[arg(long)]
        institution: String,
        /// 接收登录验证码的手机号码
        #[arg(long)]
        phone: String,
        /// 省级账号：可看到全省
        #[arg(long)]
        province: bool,
        /// 管理员：可以为本辖区的机构新建工作人员账号
        #[arg(long)]
        admin: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_settings(cli.settings) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_filter.clone(), config.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            // Without the built site every page would lack its scripts and styles while the
            // probes still say ready: refuse, as for a bad setting.
            if let Err(e) = site_check::check_built_site(&config.site_root) {
                tracing::error!("{e}");
                eprintln!("{e}");
                return ExitCode::from(2);
            }
            runtime.block_on(serve(config))
        }
        Command::CheckConfig => return runtime.block_on(ops::check_config::run(&config)),
        Command::Backup { file } => return runtime.block_on(ops::backup::backup(&config, &file)),
        Command::Restore { file } => return runtime.block_on(ops::backup::restore(&config, &file)),
        Command::Staff {
            action:
                StaffCommand::Add {
                    username,
                    institution,
                    phone,
                    province,
                    admin,
                },
        } => runtime.block_on(add_staff(
            config,
            username,
            institution,
            phone,
            StaffRole { province, admin },
        )),
        Command::ImportInstitutions { file, apply_valid_rows } => {
            runtime.block_on(import_institutions(config, file, apply_valid_rows))
        }
        Command::Calendar {
            action: CalendarCommand::Import { file },
        } => runtime.block_on(import_calendar(config, file)),
        Command::Stats {
            action: StatsCommand::Verify { month },
        } => runtime.block_on(verify_statistics(config, month)),
        Command::Rekey { check } => runtime.block_on(rekey(config, check)),
        Command::Rehash => runtime.block_on(rehash(config)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the database with its migrations, the shipped reference divisions and the shipped
/// years of the working-day calendar.
async fn open_store(config: &Config) -> Result<Store, String> {
    let store = Store::open(&config.database_url, config.db_max_connections)
        .await
        .map_err(|e| format!("无法打开数据库（DATABASE_URL）：{e}"))?;
    let divisions = store
        .load_reference_divisions()
        .await
        .map_err(|e| format!("无法载入行政区划：{e}"))?;
    let calendar_years = Calendar::load_shipped(&store, &SystemClock.now().rfc3339())
        .await
        .map_err(|e| format!("无法载入节假日安排：{e}"))?;
    tracing::info!(database = ?store.kind(), divisions, calendar_years, "database ready");
    Ok(store)
}

/// How often each app server checks whether the institution list changed (an import run on
/// any machine) and rebuilds its in-memory index.
const INDEX_REFRESH: Duration = Duration::from_secs(2);

/// How often each app server sends the notices due (SMS, WeChat) that nobody is sending:
/// retries, and what a stopped server left.
const DELIVERY_ROUND: Duration = Duration::from_secs(5);

/// How often each app server looks for people to remind of the month's 就业失业动态确认, and
/// for announced endings whose day has come.
const REMINDER_ROUND: Duration = Duration::from_secs(600);

/// How often SQLite's planner statistics are refreshed (see `Store::refresh_planner_statistics`).
const PLANNER_ROUND: Duration = Duration::from_secs(24 * 3600);

async fn serve(config: Config) -> Result<(), String> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let store = open_store(&config).await?;
    if config.demo {
        let n = demo::load_if_empty(&store, &clock.now().rfc3339())
            .await
            .map_err(|e| format!("无法载入示例数据：{e}"))?;
        tracing::info!(institutions = n, "demo data (示例) loaded");
    }
    let directory = Directory::load(store.clone())
        .await
        .map_err(|e| format!("无法载入机构清单：{e}"))?;
    tracing::info!(indexed = directory.indexed(), "institution index built");
    tokio::spawn({
        let (directory, store) = (directory.clone(), store.clone());
        async move {
            let mut tick = tokio::time::interval(INDEX_REFRESH);
            tick.tick().await;
            loop {
                tick.tick().await;
                // What other servers changed: the public pages kept rendered (page_cache).
                if let Err(e) = store.read_data_versions().await {
                    tracing::warn!(error = %e, "data versions not read");
                }
                match directory.refresh_if_changed().await {
                    Ok(true) => {
                        tracing::info!(indexed = directory.indexed(), "institution index rebuilt")
                    }
                    Ok(false) => {}
                    Err(e) => tracing::warn!(error = %e, "institution index refresh failed"),
                }
            }
        }
    });

    let auth = build_auth(&config, &store)?;
    tracing::info!(sms = auth.sms_kind(), production = config.production, "sign-in ready");
    let mut backend = Backend::new(store.clone(), directory, auth, config.public_url.clone(), clock)
        .with_ending_notice_days(config.ending_notice_days);
    if let Some(w) = &config.wechat {
        // One access token for the JS-SDK ticket and the template messages alike.
        let tokens = Arc::new(AccessTokens::new(
            store.clone(),
            backend.auth.vault().clone(),
            &w.app_id,
            &w.secret.0,
            &w.api_base,
        )?);
        backend = backend.with_wechat_js(WeChatJs::new(tokens.clone(), &config.public_url)?);
        tracing::info!("pages inside WeChat get signed JS-SDK configs");
        if let Some(template) = &w.template_id {
            let templates = WeChatTemplates::new(tokens, template, &w.api_base, &config.public_url)?;
            backend = backend.with_wechat_templates(Arc::new(templates));
            tracing::info!("notices also go out as WeChat template messages");
        }
    }
    if config.demo {
        let now = backend.clock.now();
        let loaded = app::backend::demo::load_if_absent(&backend, now.today(), now.unix())
            .await
            .map_err(|e| format!("无法载入示例数据：{e}"))?;
        if loaded {
            tracing::info!(
                "demo worker (示例) loaded: sign in with the demo phone of README.md; the code is in this log"
            );
        }
    }
    // Registrations submitted before the statistics kept their facts at submission.
    match backend.registrations.keep_missing_facts().await {
        Ok(0) => {}
        Ok(n) => tracing::info!(registrations = n, "statistics facts kept for older registrations"),
        Err(e) => tracing::warn!(error = %e, "statistics facts of older registrations not kept"),
    }
    tokio::spawn({
        let store = store.clone();
        async move {
            // At start and then daily: the data grows from nothing to a province's.
            let mut tick = tokio::time::interval(PLANNER_ROUND);
            loop {
                tick.tick().await;
                if let Err(e) = store.refresh_planner_statistics().await {
                    tracing::warn!(error = %e, "query planner statistics not refreshed");
                }
            }
        }
    });
    tokio::spawn({
        let backend = backend.clone();
        async move {
            let mut tick = tokio::time::interval(DELIVERY_ROUND);
            loop {
                tick.tick().await;
                if let Err(e) = backend.notifier.deliver_due().await {
                    tracing::warn!(error = %e, "notice deliveries not tried");
                }
            }
        }
    });
    tokio::spawn({
        let backend = backend.clone();
        let from_day = config.confirmation_reminder_day;
        async move {
            // The first round at start-up; each person's reminder is claimed once in the
            // database, so servers running rounds at the same time remind nobody twice.
            let mut tick = tokio::time::interval(REMINDER_ROUND);
            loop {
                tick.tick().await;
                loop {
                    let now = backend.clock.now();
                    match backend
                        .registrations
                        .remind_unconfirmed(from_day, now.today(), now.unix())
                        .await
                    {
                        Ok(0) => break,
                        Ok(n) => tracing::info!(reminded = n, "就业失业动态确认 reminders written"),
                        Err(e) => {
                            tracing::warn!(error = %e, "confirmation reminders not written (next round)");
                            break;
                        }
                    }
                }
                loop {
                    let now = backend.clock.now();
                    match backend.registrations.end_due(now.today(), now.unix()).await {
                        Ok(0) => break,
                        Ok(n) => tracing::info!(ended = n, "registrations ended after their notice period"),
                        Err(e) => {
                            tracing::warn!(error = %e, "announced endings not ended (next round)");
                            break;
                        }
                    }
                }
                // After the endings due: a month is frozen once its last day's endings are in.
                let now = backend.clock.now();
                match backend.statistics.freeze_due(now.today(), now.unix()).await {
                    Ok(months) if !months.is_empty() => tracing::info!(?months, "statistics frozen"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "statistics not frozen (next round)"),
                }
            }
        }
    });
    let state = AppState::new(Shared {
        leptos_options: leptos_options(&config),
        backend,
        client_ip: config.client_ip.clone(),
    });
    let app = routes::build(state, &config);
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| format!("无法监听 {}（LEPTOS_SITE_ADDR）：{e}", config.site_addr))?;
    tracing::info!("湖南省失业登记服务 listening on http://{}", config.site_addr);
    shutdown::serve(listener, app, shutdown::signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// The data and lookup keys (PORTAL_DATA_KEYS, PORTAL_LOOKUP_KEY); the public development keys
/// when they are unset, which the configuration allows only in development.
fn build_vault(config: &Config) -> Result<Vault, String> {
    match &config.keys {
        Some(keys) => Vault::new(&keys.0, &keys.1).map_err(|e| format!("PORTAL_DATA_KEYS: {e}")),
        None => {
            tracing::warn!("PORTAL_DATA_KEYS is not set: using the public development keys (never with real data)");
            Ok(development_vault())
        }
    }
}

/// Sign-in and personal-data protection from the configuration.
fn build_auth(config: &Config, store: &Store) -> Result<Auth, String> {
    let vault = build_vault(config)?;
    let sms: Arc<dyn SmsSender> = match &config.sms {
        SmsConfig::Log => Arc::new(LogSms),
        SmsConfig::Http { url, token } => Arc::new(HttpSms::new(url, &token.0)?),
    };
    let mut auth = Auth::new(store.clone(), Arc::new(vault), sms, config.auth.clone());
    if let Some(w) = &config.wechat {
        auth = auth.with_provider(Arc::new(WeChat::new(
            &w.app_id,
            &w.secret.0,
            &w.open_base,
            &w.api_base,
        )?));
    }
    Ok(auth)
}

async fn add_staff(
    config: Config,
    username: String,
    institution: String,
    phone: String,
    role: StaffRole,
) -> Result<(), String> {
    let phone = app::domain::phone::Phone::parse(&phone).map_err(|e| format!("--phone：{e}"))?;
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .map_err(|e| format!("无法读取密码：{e}"))?;
    let password = password.trim_end_matches(['\r', '\n']);
    let store = open_store(&config).await?;
    let auth = build_auth(&config, &store)?;
    let staff = auth
        .add_staff(
            &username,
            password,
            &phone,
            &institution,
            role,
            SystemClock.now().unix(),
        )
        .await
        .map_err(|e| match e {
            app::backend::Error::Invalid(f) => f.into_iter().map(|f| f.message).collect::<Vec<_>>().join("；"),
            other => other.status_and_body().1.message,
        })?;
    store.close().await;
    println!(
        "已新建工作人员账号 {}（机构 {}，可见范围 {}）。",
        staff.username, staff.institution_code, staff.scope
    );
    Ok(())
}

async fn import_institutions(config: Config, file: PathBuf, apply_valid_rows: bool) -> Result<(), String> {
    let bytes = std::fs::read(&file).map_err(|e| format!("无法读取 {}：{e}", file.display()))?;
    let store = open_store(&config).await?;
    let report = import::import(&store, &bytes, apply_valid_rows, "", &SystemClock.now().rfc3339())
        .await
        .map_err(|e| format!("导入失败：{e}"))?;
    store.close().await;
    for e in &report.errors {
        let line = if e.line == 0 {
            "文件".to_owned()
        } else {
            format!("第{}行", e.line)
        };
        let column = if e.column.is_empty() {
            String::new()
        } else {
            format!("「{}」", e.column)
        };
        println!("{line}{column}：{}", e.message);
    }
    println!(
        "共 {} 行，正确 {} 行，错误 {} 处，已导入 {} 行。",
        report.rows,
        report.valid,
        report.errors.len(),
        report.applied
    );
    if report.errors.is_empty() {
        Ok(())
    } else if report.applied == 0 {
        Err("文件有错误，未导入任何一行：请改正后重新导入，或加 --apply-valid-rows 只导入正确的行。".into())
    } else {
        Err("已导入正确的行；有错误的行未导入，请改正后重新导入。".into())
    }
}

/// Replaces one year of the working-day calendar from a JSON file, recorded as by `cli`.
async fn import_calendar(config: Config, file: PathBuf) -> Result<(), String> {
    let text = std::fs::read_to_string(&file).map_err(|e| format!("无法读取 {}：{e}", file.display()))?;
    let year: app::api::calendar::CalendarYear =
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
            format!(
                "{}：不是节假日安排的 JSON（{e}），格式见 app/data/calendar/2026.json",
                file.display()
            )
        })?;
    let store = open_store(&config).await?;
    let result = Calendar::import(&store, &year, &SystemClock.now().rfc3339(), "cli").await;
    store.close().await;
    result.map_err(|e| match e {
        app::backend::Error::Invalid(f) => {
            let lines: Vec<String> = f.into_iter().map(|f| format!("{}：{}", f.field, f.message)).collect();
            format!("文件有错误，未导入：\n{}", lines.join("\n"))
        }
        other => format!("导入失败：{other}"),
    })?;
    tracing::info!(year = year.year, source = %year.source, by = "cli", "calendar year imported");
    println!(
        "已导入{}年的法定节假日安排（{}项节假日，{}个调休上班日）；运行中的服务器随即按它计算期限。",
        year.year,
        year.holidays.len(),
        year.working_days.len()
    );
    Ok(())
}

/// Recounts a frozen month and prints every figure that differs from what was frozen.
async fn verify_statistics(config: Config, month: String) -> Result<(), String> {
    let month = app::domain::statistics::month::Month::parse(month.trim())
        .ok_or_else(|| format!("--month：请按“年-月”填写，例如 2026-11（收到 {month}）"))?;
    let store = open_store(&config).await?;
    let auth = build_auth(&config, &store)?;
    let calendar = Calendar::new(store.clone(), auth.clone());
    let statistics = app::backend::statistics::Statistics::new(store.clone(), calendar, auth);
    let result = statistics.verify(month).await;
    store.close().await;
    let differences = result.map_err(|e| e.user_message())?;
    if differences.is_empty() {
        println!("{}：重算结果与冻结的数字完全一致。", month.label());
        return Ok(());
    }
    println!("地区代码\t地区\t类别\t项目\t冻结时\t现在重算");
    for d in &differences {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            d.division, d.division_name, d.section, d.item, d.frozen, d.recounted
        );
    }
    Err(format!(
        "{}：有{}处与冻结的数字不一致（冻结后补录或更正了记录），见上表。",
        month.label(),
        differences.len()
    ))
}

/// `portal rekey`: seals with the first data key what older keys sealed (see
/// `app::backend::rekey`); `--check` only counts it. Fails while anything is left under an
/// older key, so that the operator knows when one may be removed.
async fn rekey(config: Config, check: bool) -> Result<(), String> {
    let vault = Arc::new(build_vault(&config)?);
    let store = open_store(&config).await?;
    let rotation = KeyRotation::new(store.clone(), vault);
    let result = async {
        if !check {
            let reports = rotation.rekey(print_progress).await?;
            let rewritten: u64 = reports.iter().map(|r| r.rewritten).sum();
            println!("共重新加密 {rewritten} 个值。");
        }
        rotation.left_under_old_keys().await
    }
    .await;
    store.close().await;
    let left = result.map_err(|e| format!("密钥轮换中断（再次运行即从中断处继续）：{e}"))?;
    for (column, n) in left.iter().filter(|(_, n)| *n > 0) {
        println!("{column}：仍有 {n} 个值用旧密钥加密");
    }
    match left.iter().map(|(_, n)| n).sum::<u64>() {
        0 => {
            println!("已没有用旧密钥加密的值：可以从 PORTAL_DATA_KEYS 中删去旧密钥。");
            Ok(())
        }
        n if check => Err(format!("仍有 {n} 个值用旧密钥加密：请运行 portal rekey。")),
        n => Err(format!(
            "仍有 {n} 个值用旧密钥加密：运行期间被门户修改的，再次运行 portal rekey 即可；\
             无法解密的（见上），查明原因之前不要删去旧密钥。"
        )),
    }
}

/// `portal rehash`: makes every lookup hash again under PORTAL_LOOKUP_KEY, with the portal
/// stopped (see `app::backend::rekey`).
async fn rehash(config: Config) -> Result<(), String> {
    let vault = Arc::new(build_vault(&config)?);
    let store = open_store(&config).await?;
    let result = KeyRotation::new(store.clone(), vault).rehash(print_progress).await;
    store.close().await;
    let reports = result.map_err(|e| format!("重建中断（再次运行即从中断处继续）：{e}"))?;
    let rebuilt: u64 = reports.iter().map(|r| r.rewritten).sum();
    println!("共重建 {rebuilt} 个查询值。");
    match reports.iter().map(|r| r.unreadable).sum::<u64>() {
        0 => Ok(()),
        n => Err(format!(
            "有 {n} 行无法重建（见上），在新的查询密钥下查不到：其值无法解密的，请查明原因；\
             早先绑定、未保存账号的微信，由本人重新绑定即可。"
        )),
    }
}

/// How a column stands after each batch of `portal rekey` or `portal rehash`.
fn print_progress(r: &Report) {
    println!(
        "{}：已改写 {} 行，期间被门户修改 {} 行（留待再次运行），无法解密或没有密文 {} 行",
        r.column, r.rewritten, r.changed_meanwhile, r.unreadable
    );
}

/// Asset names carry content hashes when the build wrote the hash manifest beside this binary.
fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(env!("LEPTOS_OUTPUT_NAME"))
        .site_root(config.site_root.as_str())
        .site_pkg_dir(site_check::PKG_DIR)
        .site_addr(config.site_addr)
        .hash_files(site_check::hash_manifest().is_some())
        .build()
}
