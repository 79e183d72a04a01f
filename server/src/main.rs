//! `portal`: the 湖南省失业登记服务 server process and its command-line tools.

mod api;
mod config;
mod health;
mod middleware;
mod routes;
mod shutdown;
mod state;
mod telemetry;

use std::process::ExitCode;

use app::backend::store::Store;
use clap::{Parser, Subcommand};
use leptos::config::LeptosOptions;

use crate::config::Config;
use crate::state::AppState;

#[derive(Parser)]
#[command(name = "portal", about = "湖南省失业登记服务", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// 启动门户网站（默认）。配置见 README 的环境变量表。
    Serve,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.log_filter.clone(), config.log_json);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => runtime.block_on(serve(config)),
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

async fn serve(config: Config) -> Result<(), String> {
    let store = Store::open(&config.database_url, config.db_max_connections)
        .await
        .map_err(|e| format!("无法打开数据库（DATABASE_URL）：{e}"))?;
    let divisions = store
        .load_reference_divisions()
        .await
        .map_err(|e| format!("无法载入行政区划：{e}"))?;
    tracing::info!(database = ?store.kind(), divisions, demo = config.demo, "database ready");

    let state = AppState {
        leptos_options: leptos_options(&config),
        store: store.clone(),
    };
    let app = routes::build(state, &config);
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .map_err(|e| format!("无法监听 {}（LEPTOS_SITE_ADDR）：{e}", config.site_addr))?;
    tracing::info!(
        "湖南省失业登记服务 listening on http://{}",
        config.site_addr
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown::signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Asset names carry content hashes when the build wrote `hash.txt` beside this binary.
fn leptos_options(config: &Config) -> LeptosOptions {
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").is_file()))
        .unwrap_or(false);
    LeptosOptions::builder()
        .output_name(env!("LEPTOS_OUTPUT_NAME"))
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.site_addr)
        .hash_files(hashed)
        .build()
}
