//! One way to tell a person something: the in-portal inbox always, then an SMS and, when the
//! deployment configures it, a WeChat template message. Only the inbox write must succeed; the
//! other channels are tried afterwards and a failure is logged, never returned (the notice is
//! kept and the person sees it when they sign in).

use std::sync::Arc;

use super::wechat_template::WeChatTemplates;
use crate::api::services::NoticeView;
use crate::backend::auth::Auth;
use crate::backend::clock::time_ordered_id;
use crate::backend::crypto::Field;
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
}

impl Notifier {
    pub fn new(store: Store, auth: Auth, wechat: Option<Arc<WeChatTemplates>>) -> Notifier {
        Notifier { store, auth, wechat }
    }

    /// Keeps the notice in the person's inbox together with its deliveries (SMS, and WeChat
    /// where configured) in one transaction, then tries them at once in the background; what
    /// that misses (a gateway down, a server stopped) the delivery worker sends later.
    pub async fn notify(&self, person_id: &str, greeting: &str, notice: &Notice, now: i64) -> Result<(), Error> {
        let n = notice;
        let mut deliveries = vec![(time_ordered_id(now), "sms")];
        if self.wechat.is_some() {
            deliveries.push((time_ordered_id(now), "wechat"));
        }
        let new = NewNotice {
            id: &time_ordered_id(now),
            person_id,
            title: &n.title,
            body: &n.body,
            link: &n.link,
            now,
        };
        let greeting_enc = self.auth.vault().seal(Field::Greeting, greeting);
        self.store.insert_notice(&new, &deliveries, &greeting_enc).await?;
        let me = self.clone();
        tokio::spawn(async move {
            if let Err(e) = me.deliver_due(now).await {
                tracing::warn!(target: "notify", error = %e, "deliveries not tried (the worker will)");
            }
        });
        Ok(())
    }

    /// Sends the deliveries due at `now` that no other server is sending: the delivery
    /// worker calls this every few seconds. Answers how many were sent.
    pub async fn deliver_due(&self, now: i64) -> Result<usize, Error> {
        let claimed = self.store.claim_deliveries(now, now + CLAIM_SECS, BATCH).await?;
        let mut sent = 0;
        for d in claimed {
            match self.deliver(&d, now).await {
                Ok(()) => {
                    self.store.delivered(&d.id, now).await?;
                    sent += 1;
                }
                Err(e) => {
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
                self.auth.sms().send(&phone, &sms_text(&greeting, &d.title)).await
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
                wechat.send(&open(Field::ExternalSubject, &sealed)?, &notice, now).await
            }
            other => Err(format!("unknown channel {other}")),
        }
    }
}

/// How long a server may take to send a claimed delivery before another may.
const CLAIM_SECS: i64 = 60;
/// Deliveries claimed at a time.
const BATCH: i64 = 20;
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
