//! What the services count for `GET /metrics` (the server registers these beside its request
//! counters, see `server::metrics`): messages handed to the SMS gateway and WeChat, sign-in
//! codes refused by a limit, and the gauges read when Prometheus scrapes (the outbox, the
//! connection pool). Counts are this process's since it started; Prometheus adds up the
//! servers.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use super::{Backend, Error};

/// Where a message went.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Channel {
    Sms,
    WeChat,
}

/// What a message was.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Message {
    /// A sign-in code (citizen, staff, hall, phone change).
    Code,
    /// A notice from the outbox.
    Notice,
}

/// The limit that refused a sign-in code, named after its setting.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CodeLimit {
    /// PORTAL_SMS_RESEND_SECS
    Resend,
    /// PORTAL_SMS_PER_PHONE_PER_DAY
    PerPhonePerDay,
    /// PORTAL_SMS_PER_CLIENT_PER_HOUR
    PerClientPerHour,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MessageLabels {
    channel: &'static str,
    kind: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LimitLabels {
    limit: &'static str,
}

/// The services' counters and gauges. Clones share the same values.
#[derive(Clone, Default)]
pub struct Metrics {
    sent: Family<MessageLabels, Counter>,
    failed: Family<MessageLabels, Counter>,
    codes_refused: Family<LimitLabels, Counter>,
    outbox_pending: Gauge,
    pool_open: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
}

impl Metrics {
    /// Puts every metric of the services into `registry` (one registry per router).
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "portal_messages_sent",
            "Messages accepted by the SMS gateway or WeChat, by channel (sms, wechat) and kind (code: sign-in codes; notice: the outbox)",
            self.sent.clone(),
        );
        registry.register(
            "portal_messages_failed",
            "Messages the SMS gateway or WeChat refused or did not answer, by channel and kind (a notice is tried again later)",
            self.failed.clone(),
        );
        registry.register(
            "portal_sign_in_codes_refused",
            "Sign-in codes refused by a limit: resend (PORTAL_SMS_RESEND_SECS), per_phone_per_day, per_client_per_hour",
            self.codes_refused.clone(),
        );
        registry.register(
            "portal_outbox_pending",
            "Notice deliveries (SMS, WeChat) neither sent nor given up, in the whole database, read at the scrape",
            self.outbox_pending.clone(),
        );
        registry.register(
            "portal_db_pool_connections",
            "Database connections this server's pool holds open, in use or idle, read at the scrape",
            self.pool_open.clone(),
        );
        registry.register(
            "portal_db_pool_idle_connections",
            "Open database connections of this server's pool that no request is using, read at the scrape",
            self.pool_idle.clone(),
        );
        registry.register(
            "portal_db_pool_max_connections",
            "The most connections this server's pool opens (PORTAL_DB_MAX_CONNECTIONS)",
            self.pool_max.clone(),
        );
    }

    /// A message handed to the gateway: accepted (`sent`) or not.
    pub(crate) fn message(&self, channel: Channel, kind: Message, sent: bool) {
        let labels = MessageLabels {
            channel: match channel {
                Channel::Sms => "sms",
                Channel::WeChat => "wechat",
            },
            kind: match kind {
                Message::Code => "code",
                Message::Notice => "notice",
            },
        };
        let family = if sent { &self.sent } else { &self.failed };
        family.get_or_create(&labels).inc();
    }

    pub(crate) fn code_refused(&self, limit: CodeLimit) {
        let limit = match limit {
            CodeLimit::Resend => "resend",
            CodeLimit::PerPhonePerDay => "per_phone_per_day",
            CodeLimit::PerClientPerHour => "per_client_per_hour",
        };
        self.codes_refused.get_or_create(&LimitLabels { limit }).inc();
    }
}

impl Backend {
    /// The services' metrics (kept by `Auth`, which every service that sends holds).
    pub fn metrics(&self) -> &Metrics {
        self.auth.metrics()
    }

    /// Reads the gauges that are not counted as things happen: the outbox's depth (one count
    /// over its index of deliveries still due) and the connection pool's use. Called when
    /// Prometheus scrapes; a database that does not answer leaves the last values.
    pub async fn read_gauges(&self) -> Result<(), Error> {
        let metrics = self.metrics();
        let pool = self.store.pool_use();
        metrics.pool_open.set(pool.open.into());
        metrics.pool_idle.set(i64::try_from(pool.idle).unwrap_or(i64::MAX));
        metrics.pool_max.set(pool.max.into());
        metrics.outbox_pending.set(self.store.pending_deliveries().await?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exposition(metrics: &Metrics) -> String {
        let mut registry = Registry::default();
        metrics.register(&mut registry);
        let mut text = String::new();
        prometheus_client::encoding::text::encode_registry(&mut text, &registry).unwrap();
        text
    }

    #[test]
    fn counts_by_channel_kind_and_limit() {
        let metrics = Metrics::default();
        metrics.message(Channel::Sms, Message::Code, true);
        metrics.message(Channel::Sms, Message::Code, true);
        metrics.message(Channel::WeChat, Message::Notice, false);
        metrics.code_refused(CodeLimit::PerPhonePerDay);
        // A clone counts into the same values (the registry holds clones).
        metrics.clone().code_refused(CodeLimit::PerPhonePerDay);
        let text = exposition(&metrics);
        for line in [
            r#"portal_messages_sent_total{channel="sms",kind="code"} 2"#,
            r#"portal_messages_failed_total{channel="wechat",kind="notice"} 1"#,
            r#"portal_sign_in_codes_refused_total{limit="per_phone_per_day"} 2"#,
            "# TYPE portal_outbox_pending gauge",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
        }
    }
}
