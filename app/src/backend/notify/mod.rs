//! Messages to people. Every SMS goes through one [`SmsSender`]; every notice about a
//! person's registration and services goes through one [`Notifier`].

mod http_sms;
mod notifier;
mod wechat_template;

pub use http_sms::HttpSms;
pub use notifier::{greeting, sms_text, Notice, Notifier};
pub use wechat_template::WeChatTemplates;

use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

use crate::domain::phone::Phone;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

pub trait SmsSender: Send + Sync {
    /// `id` is the same on every try of one message, so that a gateway can drop a repeat
    /// (a try whose answer was lost, or a claim that ran out while the gateway was slow).
    fn send<'a>(&'a self, to: &'a Phone, text: &'a str, id: &'a str) -> SendFuture<'a>;
    /// `log`, `http`, …: for start-up checks and logs.
    fn kind(&self) -> &'static str;
}

/// Writes the message to the server log instead of sending it: for development, `make run`
/// and the browser tests. The number is logged masked; the server refuses this sender in
/// production.
pub struct LogSms;

impl SmsSender for LogSms {
    fn send<'a>(&'a self, to: &'a Phone, text: &'a str, _id: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(target: "sms", to = %to.masked(), "SMS (log sender, not sent): {text}");
            Ok(())
        })
    }

    fn kind(&self) -> &'static str {
        "log"
    }
}

/// Keeps what was sent, for tests; `failing` makes every send fail like a gateway outage.
#[derive(Default)]
pub struct RecordingSms {
    pub sent: Mutex<Vec<(Phone, String)>>,
    pub failing: std::sync::atomic::AtomicBool,
}

impl RecordingSms {
    pub fn last_to(&self, phone: &Phone) -> Option<String> {
        let sent = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        sent.iter().rev().find(|(p, _)| p == phone).map(|(_, t)| t.clone())
    }
}

impl SmsSender for RecordingSms {
    fn send<'a>(&'a self, to: &'a Phone, text: &'a str, _id: &'a str) -> SendFuture<'a> {
        if self.failing.load(std::sync::atomic::Ordering::Relaxed) {
            return Box::pin(async { Err("gateway down".to_owned()) });
        }
        self.sent
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((to.clone(), text.to_owned()));
        Box::pin(async { Ok(()) })
    }

    fn kind(&self) -> &'static str {
        "recording"
    }
}
