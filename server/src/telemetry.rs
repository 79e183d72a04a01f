use std::io::IsTerminal;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Logs to stdout, as text for people or JSON lines for a collector.
pub fn init(filter: Targets, json: bool) {
    let text = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_ansi(std::io::stdout().is_terminal());
    let registry = tracing_subscriber::registry().with(filter);
    if json {
        registry.with(text.json()).init();
    } else {
        registry.with(text).init();
    }
}
