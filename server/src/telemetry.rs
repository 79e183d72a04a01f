use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Logs to stdout, as text for people or JSON lines for a collector.
pub fn init(filter: EnvFilter, json: bool) {
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal());
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
