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
use crate::backend::store::Store;
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

    /// Keeps the notice in the person's inbox, then sends it on in the background.
    pub async fn notify(&self, person_id: &str, greeting: &str, notice: &Notice, now: i64) -> Result<(), Error> {
        let n = notice;
        self.store
            .insert_notice(&time_ordered_id(now), person_id, (&n.title, &n.body, &n.link), now)
            .await?;
        let vault = self.auth.vault();
        let phone = self
            .store
            .person_phone(person_id)
            .await?
            .and_then(|sealed| vault.open(Field::Phone, &sealed).ok())
            .and_then(|p| Phone::parse(&p).ok());
        let openid = match &self.wechat {
            Some(_) => self
                .store
                .provider_subject("wechat", person_id)
                .await?
                .and_then(|sealed| vault.open(Field::ExternalSubject, &sealed).ok()),
            None => None,
        };
        let sms = self.auth.sms();
        let wechat = self.wechat.clone();
        let text = sms_text(greeting, &notice.title);
        let notice = notice.clone();
        tokio::spawn(async move {
            if let Some(phone) = phone {
                if let Err(e) = sms.send(&phone, &text).await {
                    tracing::warn!(target: "notify", error = %e, "notice SMS not sent (kept in the inbox)");
                }
            }
            if let (Some(wechat), Some(openid)) = (wechat, openid) {
                if let Err(e) = wechat.send(&openid, &notice, now).await {
                    tracing::warn!(target: "notify", error = %e, "notice WeChat message not sent (kept in the inbox)");
                }
            }
        });
        Ok(())
    }
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
    fn a_greeting_holds_a_surname_at_most() {
        let name = PersonName::parse("欧阳娜娜").unwrap();
        assert_eq!(greeting(Some(&name), Some(Sex::Female)), "欧阳女士");
        assert_eq!(greeting(Some(&name), None), "");
        let text = sms_text(&greeting(Some(&name), Some(Sex::Female)), "您有新的就业服务：岗位推荐");
        assert!(text.starts_with("欧阳女士您好：") && !text.contains("娜娜"), "{text}");
        assert_eq!(sms_text("", "t"), "您好：t。请登录“湖南省失业登记服务”查看详情。");
    }
}
