//! One way to tell a person something: the in-portal inbox always, then an SMS and, when the
//! deployment configures it, a WeChat template message. The notice and its deliveries are
//! written in the transaction of the change they tell of (a service record, an ending), so a
//! change is never kept without its notice; the deliveries are then sent from the outbox, each
//! with an id that stays the same on every try, so that a gateway can drop a repeat.

use std::sync::Arc;

use super::wechat_template::WeChatTemplates;
use crate::api::notices::NoticeView;
use crate::backend::auth::Auth;
use crate::backend::clock::{time_ordered_id, Clock};
use crate::backend::crypto::Field;
use crate::backend::metrics::{Channel, Message};
use crate::backend::store::{Delivery, NewNotice, Store};
use crate::backend::Error;
use crate::domain::id_number::Sex;
use crate::domain::name::PersonName;
use crate::domain::phone::Phone;

/// What a person is told. The title goes into the SMS and the WeChat message, so it must hold
/// nothing personal (e.g. 您有新的就业服务：岗位推荐); the body is read only in the portal.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// A path in the portal, e.g. `/services`.
    pub link: String,
}

/// 张女士 / 欧阳先生 from the registration's name and the document's sex, or nothing: an SMS
/// carries no more of a person than that.
pub fn greeting(name: Option<&PersonName>, sex: Option<Sex>) -> String {
    match (name.and_then(PersonName::surname), sex) {
        (Some(surname), Some(Sex::Male)) => format!("{surname}先生"),
        (Some(surname), Some(Sex::Female)) => format!("{surname}女士"),
        _ => String::new(),
    }
}

/// The SMS: the greeting, the title and where to read the rest.
pub fn sms_text(greeting: &str, title: &str) -> String {
    format!("{greeting}您好：{title}。请登录“湖南省失业登记服务”查看详情。")
}

#[derive(Clone)]
pub struct Notifier {
    store: Store,
    auth: Auth,
    wechat: Option<Arc<WeChatTemplates>>,
    /// Read before each claim: a batch of slow sends must not outlive its claims.
    clock: Arc<dyn Clock>,
}

impl Notifier {
    pub fn new(store: Store, auth: Auth, wechat: Option<Arc<WeChatTemplates>>, clock: Arc<dyn Clock>) -> Notifier {
        Notifier {
            store,
            auth,
            wechat,
            clock,
        }
    }

    /// The notice for the person's inbox with its deliveries (SMS, and WeChat where
    /// configured), to be written by the store in the transaction of the change it tells of.
    /// Call [`Notifier::send_soon`] once that change is committed.
    pub fn prepare(&self, person_id: &str, greeting: &str, notice: &Notice, now: i64) -> NewNotice {
        let mut deliveries = vec![(time_ordered_id(now), "sms")];
        if self.wechat.is_some() {
            deliveries.push((time_ordered_id(now), "wechat"));
        }
        NewNotice {
            id: time_ordered_id(now),
            person_id: person_id.to_owned(),
            title: notice.title.clone(),
            body: notice.body.clone(),
            link: notice.link.clone(),
            now,
            greeting_enc: self.auth.vault().seal(Field::Greeting, greeting),
            deliveries,
        }
    }

    /// Tries the due deliveries at once in the background; what that misses (a gateway down,
    /// a server stopped) the delivery worker sends later.
    pub fn send_soon(&self) {
        let me = self.clone();
        tokio::spawn(async move {
            if let Err(e) = me.deliver_due().await {
                tracing::warn!(target: "notify", error = %e, "deliveries not tried (the worker will)");
            }
        });
    }

    /// Sends the deliveries due now that no other server is sending, one claim at a time: the
    /// delivery worker calls this every few seconds. Answers how many were sent.
    pub async fn deliver_due(&self) -> Result<usize, Error> {
        let mut sent = 0;
        for _ in 0..BATCH {
            let now = self.clock.now().unix();
            let Some(d) = self.store.claim_delivery(now, now + CLAIM_SECS).await? else {
                break;
            };
            match self.deliver(&d, now).await {
                Ok(()) => {
                    self.store.delivered(&d.id, self.clock.now().unix()).await?;
                    sent += 1;
                }
                Err(e) => {
                    let now = self.clock.now().unix();
                    let retry_at = (d.attempts < MAX_ATTEMPTS).then(|| now + retry_after(d.attempts));
                    tracing::warn!(target: "notify", channel = %d.channel, attempts = d.attempts, error = %e,
                        gave_up = retry_at.is_none(), "notice not sent (kept in the inbox)");
                    self.store.delivery_failed(&d.id, retry_at, now, &e).await?;
                }
            }
        }
        Ok(sent)
    }

    /// One delivery; a person without a phone or a bound WeChat has nothing to send to.
    async fn deliver(&self, d: &Delivery, now: i64) -> Result<(), String> {
        let vault = self.auth.vault();
        let open = |field, sealed: &str| vault.open(field, sealed).map_err(|e| e.to_string());
        let greeting = open(Field::Greeting, &d.greeting_enc)?;
        let storage = |e: sqlx::Error| format!("storage: {e}");
        match d.channel.as_str() {
            "sms" => {
                let Some(sealed) = self.store.person_phone(&d.person_id).await.map_err(storage)? else {
                    return Ok(());
                };
                let phone = Phone::parse(&open(Field::Phone, &sealed)?).map_err(|e| e.to_string())?;
                let sent = self
                    .auth
                    .sms()
                    .send(&phone, &sms_text(&greeting, &d.title), &d.id)
                    .await;
                self.auth.metrics().message(Channel::Sms, Message::Notice, sent.is_ok());
                sent
            }
            "wechat" => {
                let Some(wechat) = &self.wechat else {
                    return Err("WeChat is no longer configured".into());
                };
                let Some(sealed) = self
                    .store
                    .provider_subject("wechat", &d.person_id)
                    .await
                    .map_err(storage)?
                else {
                    return Ok(());
                };
                let notice = Notice {
                    title: d.title.clone(),
                    body: String::new(),
                    link: d.link.clone(),
                };
                let sent = wechat
                    .send(&open(Field::ExternalSubject, &sealed)?, &notice, &d.id, now)
                    .await;
                self.auth
                    .metrics()
                    .message(Channel::WeChat, Message::Notice, sent.is_ok());
                sent
            }
            other => Err(format!("unknown channel {other}")),
        }
    }
}

/// How long a server may take to send a claimed delivery before another may: twice the 10 s
/// the SMS and WeChat clients wait for an answer. A send slower still may be repeated by
/// another server, with the same id, which the gateway and WeChat (`client_msg_id`) drop.
const CLAIM_SECS: i64 = 20;
/// Deliveries sent in one turn of the worker.
const BATCH: usize = 20;
/// Tries before giving up (the notice stays in the inbox): about two hours of waits in all.
const MAX_ATTEMPTS: i64 = 8;

/// The wait after `attempts` failed tries: 30 s, 1 min, 2 min, … at most 6 hours.
fn retry_after(attempts: i64) -> i64 {
    (30_i64 << attempts.clamp(1, 20).saturating_sub(1)).min(6 * 3600)
}

impl Notifier {
    /// How many notices the person has not read yet.
    pub async fn unread(&self, person_id: &str) -> Result<u32, Error> {
        Ok(self.store.unread_notices(person_id).await?.try_into().unwrap_or(0))
    }

    /// The person's inbox, newest first; reading it marks every notice read.
    pub async fn inbox(&self, person_id: &str, now: i64) -> Result<Vec<NoticeView>, Error> {
        let notices = self.store.notices(person_id).await?;
        self.store.mark_notices_read(person_id, now).await?;
        Ok(notices
            .into_iter()
            .map(|n| NoticeView {
                id: n.id,
                at: crate::backend::rfc3339(n.created_at),
                title: n.title,
                body: n.body,
                link: n.link,
                read: n.read_at.is_some(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_grow_and_stop_growing() {
        let waits: Vec<i64> = (1..=MAX_ATTEMPTS).map(retry_after).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3840]);
        assert_eq!(retry_after(40), 6 * 3600);
    }

    #[test]
    fn a_greeting_holds_a_surname_at_most() {
        let name = PersonName::parse("欧阳娜娜").unwrap();
        assert_eq!(greeting(Some(&name), Some(Sex::Female)), "欧阳女士");
        assert_eq!(greeting(Some(&name), None), "");
        let text = sms_text(&greeting(Some(&name), Some(Sex::Female)), "您有新的就业服务：岗位推荐");
        assert!(text.starts_with("欧阳女士您好：") && !text.contains("娜娜"), "{text}");
        assert_eq!(sms_text("", "t"), "您好：t。请登录“湖南省失业登记服务”查看详情。");
    }
}
