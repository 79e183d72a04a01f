//! Citizen sign-in by mobile phone and a one-time code, and the sessions that follow.
//!
//! A code is 6 digits from the OS's CSPRNG, valid 10 minutes, single use, bound to the
//! challenge it was sent under (and so to that phone); after 5 wrong entries a new code is
//! needed. Sending is limited per phone (one a minute, 10 a day) and per client address. All
//! counters live in the database, so any number of app servers share them.

pub mod cookie;
pub mod provider;
pub mod staff;

use std::sync::Arc;

use crate::api::FieldError;
use crate::backend::clock::time_ordered_id;
use crate::backend::crypto::{random_code, random_token, token_digest, Field, Vault};
use crate::backend::metrics::{Channel, CodeLimit, Message, Metrics};
use crate::backend::notify::SmsSender;
use crate::backend::store::{LoginCode, NewLoginCode, SessionKind, Store};
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::id_number::{birth_date_for, DocumentKind, IdNumber};
use crate::domain::phone::Phone;
use provider::IdentityProvider;
use staff::StaffSession;

/// The purpose of citizens' sign-in codes (staff codes are `staff:<id>`).
const CITIZEN: &str = "citizen";

/// The purpose of 大厅协助办理 codes: `hall:<staff id>` of the staff member who sent it.
const HALL: &str = "hall:";

fn hall_purpose(staff: &StaffSession) -> String {
    format!("{HALL}{}", staff.staff_id)
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuthConfig {
    pub code_ttl_secs: i64,
    pub max_attempts: i64,
    pub resend_after_secs: i64,
    pub codes_per_phone_per_day: i64,
    pub codes_per_client_per_hour: i64,
    pub session_idle_secs: i64,
    pub session_absolute_secs: i64,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            code_ttl_secs: 600,
            max_attempts: 5,
            resend_after_secs: 60,
            codes_per_phone_per_day: 10,
            codes_per_client_per_hour: 30,
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 3600,
        }
    }
}

#[derive(Clone)]
pub struct Auth {
    store: Store,
    vault: Arc<Vault>,
    sms: Arc<dyn SmsSender>,
    providers: Vec<Arc<dyn IdentityProvider>>,
    pub config: AuthConfig,
    /// Here because every service that sends a message or refuses a code holds this `Auth`.
    metrics: Metrics,
}

/// What the browser keeps after asking for a code: the challenge to answer under.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeSent {
    pub challenge: String,
    pub phone_masked: String,
    pub expires_in_secs: i64,
    pub resend_after_secs: i64,
}

impl From<CodeSent> for crate::api::auth::CodeSentAnswer {
    fn from(sent: CodeSent) -> Self {
        crate::api::auth::CodeSentAnswer {
            challenge: sent.challenge,
            phone_masked: sent.phone_masked,
            expires_in_secs: sent.expires_in_secs,
            resend_after_secs: sent.resend_after_secs,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ProviderOutcome {
    /// A new session for the bound person (the cookie's value).
    SignedIn { token: String },
    /// The account is now (or already was) bound to the signed-in person.
    Bound,
    /// Unknown account and nobody signed in: sign in by phone once, then bind.
    NeedsPhone,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignedIn {
    /// The session cookie's value (only its digest is stored).
    pub token: String,
    pub person_id: String,
    pub phone_masked: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub person_id: String,
    pub phone: Phone,
    /// The staff member who opened this session at a service hall for the person present.
    pub assisted_by: Option<String>,
}

fn code_error(message: impl Into<String>) -> Error {
    Error::Invalid(vec![FieldError {
        field: "code".into(),
        message: message.into(),
    }])
}

fn wait_text(secs: i64) -> String {
    if secs < 120 {
        format!("{secs}秒")
    } else if secs < 7200 {
        format!("{}分钟", (secs + 59) / 60)
    } else {
        format!("{}小时", (secs + 3599) / 3600)
    }
}

impl Auth {
    pub fn new(store: Store, vault: Arc<Vault>, sms: Arc<dyn SmsSender>, config: AuthConfig) -> Auth {
        Auth {
            store,
            vault,
            sms,
            providers: Vec::new(),
            config,
            metrics: Metrics::default(),
        }
    }

    /// Adds a way to sign in besides the phone (WeChat, the province's identity, …).
    pub fn with_provider(mut self, provider: Arc<dyn IdentityProvider>) -> Auth {
        self.providers.push(provider);
        self
    }

    pub fn provider(&self, name: &str) -> Option<Arc<dyn IdentityProvider>> {
        self.providers.iter().find(|p| p.name() == name).cloned()
    }

    /// After a provider said who this is: sign in the person bound to that account, or bind
    /// it to the person signed in now, or ask for the phone first.
    pub async fn sign_in_with(
        &self,
        provider: &str,
        subject: &str,
        current: Option<&Session>,
        now: i64,
    ) -> Result<ProviderOutcome, Error> {
        let hash = self
            .vault
            .lookup_hash(Field::ExternalSubject, &format!("{provider}:{subject}"));
        if let Some(person_id) = self.store.person_for_provider(provider, &hash).await? {
            if current.is_some_and(|s| s.person_id == person_id) {
                return Ok(ProviderOutcome::Bound);
            }
            let token = random_token();
            self.store
                .insert_session(&token_digest(&token), &person_id, None, now)
                .await?;
            return Ok(ProviderOutcome::SignedIn { token });
        }
        match current {
            Some(session) => {
                let sealed = self.vault.seal(Field::ExternalSubject, subject);
                self.store
                    .bind_provider(provider, &hash, &sealed, &session.person_id, now)
                    .await?;
                Ok(ProviderOutcome::Bound)
            }
            None => Ok(ProviderOutcome::NeedsPhone),
        }
    }

    /// The SMS sender sign-in uses, for other messages to people (see `notify::Notifier`).
    pub fn sms(&self) -> Arc<dyn SmsSender> {
        self.sms.clone()
    }

    pub fn sms_kind(&self) -> &'static str {
        self.sms.kind()
    }

    pub fn vault(&self) -> &Arc<Vault> {
        &self.vault
    }

    /// What the services count for `/metrics` (see `Backend::metrics`).
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Sends a sign-in code to `phone` unless a limit says wait (429 with how long).
    pub async fn send_code(&self, phone: &Phone, client: &str, now: i64) -> Result<CodeSent, Error> {
        self.send_code_for(phone, client, now, CITIZEN).await
    }

    async fn send_code_for(&self, phone: &Phone, client: &str, now: i64, purpose: &str) -> Result<CodeSent, Error> {
        let c = &self.config;
        let phone_hash = self.vault.lookup_hash(Field::Phone, phone.as_str());
        let client_hash = self.vault.lookup_hash(Field::ClientAddress, client);

        let (today, newest, oldest) = self.store.codes_sent_to_phone(&phone_hash, now - 86_400).await?;
        if let Some(newest) = newest.filter(|n| now - n < c.resend_after_secs) {
            self.metrics.code_refused(CodeLimit::Resend);
            let wait = c.resend_after_secs - (now - newest);
            return Err(Error::RateLimited {
                retry_after_secs: wait as u64,
                message: format!("验证码已发送，请{}后再获取新的验证码", wait_text(wait)),
            });
        }
        if today >= c.codes_per_phone_per_day {
            self.metrics.code_refused(CodeLimit::PerPhonePerDay);
            let wait = oldest.map_or(86_400, |o| o + 86_400 - now).max(1);
            return Err(Error::RateLimited {
                retry_after_secs: wait as u64,
                message: format!(
                    "这个手机号今天获取验证码的次数已达上限，请{}后再试，或拨打 12333",
                    wait_text(wait)
                ),
            });
        }
        let (this_hour, oldest) = self.store.codes_sent_from_client(&client_hash, now - 3600).await?;
        if this_hour >= c.codes_per_client_per_hour {
            self.metrics.code_refused(CodeLimit::PerClientPerHour);
            let wait = oldest.map_or(3600, |o| o + 3600 - now).max(1);
            return Err(Error::RateLimited {
                retry_after_secs: wait as u64,
                message: format!("操作过于频繁，请{}后再试", wait_text(wait)),
            });
        }

        let challenge = random_token();
        let code = random_code();
        self.store
            .insert_login_code(&NewLoginCode {
                id: &challenge,
                purpose,
                phone_hash: &phone_hash,
                phone_enc: &self.vault.seal(Field::Phone, phone.as_str()),
                client_hash: &client_hash,
                code_hash: &self.vault.lookup_hash(Field::LoginCode, &format!("{challenge}:{code}")),
                created_at: now,
                expires_at: now + c.code_ttl_secs,
            })
            .await?;
        let minutes = c.code_ttl_secs / 60;
        // At the hall the person reads the code out to the clerk: the SMS says so.
        let text = if purpose.starts_with(HALL) {
            format!(
                "【湖南人社】您正在公共就业服务大厅办理失业登记，验证码是{code}，{minutes}分钟内有效。请只告诉正在为您办理的工作人员。"
            )
        } else {
            format!("【湖南人社】您的登录验证码是{code}，{minutes}分钟内有效。请勿把验证码告诉任何人。")
        };
        // Not the challenge: the gateway sees the code, and must not see both halves.
        let sent = self.sms.send(phone, &text, &time_ordered_id(now)).await;
        self.metrics.message(Channel::Sms, Message::Code, sent.is_ok());
        if let Err(e) = sent {
            // Not sent: the code must not count against the person's limits.
            self.store.delete_login_code(&challenge).await?;
            return Err(Error::Unavailable(format!("SMS: {e}")));
        }
        Ok(CodeSent {
            challenge,
            phone_masked: phone.masked(),
            expires_in_secs: c.code_ttl_secs,
            resend_after_secs: c.resend_after_secs,
        })
    }

    /// The masked phone a challenge was sent to, while it can still be answered.
    pub async fn challenge_phone(&self, challenge: &str, now: i64) -> Result<Option<String>, Error> {
        let Some(row) = self.store.login_code(challenge).await? else {
            return Ok(None);
        };
        if row.used_at.is_some() || row.expires_at <= now || row.attempts >= self.config.max_attempts {
            return Ok(None);
        }
        let phone = self
            .vault
            .open(Field::Phone, &row.phone_enc)
            .map_err(|e| Error::Internal(e.to_string()))?;
        Ok(Phone::parse(&phone).ok().map(|p| p.masked()))
    }

    /// Checks a code sent for `purpose`; marks it used when right (once, even under races).
    async fn check_code(&self, challenge: &str, code: &str, now: i64, purpose: &str) -> Result<LoginCode, Error> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(code_error("验证码是6位数字，请检查后重新输入"));
        }
        let max = self.config.max_attempts;
        let Some(row) = self.store.login_code(challenge).await?.filter(|r| r.purpose == purpose) else {
            return Err(code_error("验证码已失效，请重新获取验证码"));
        };
        if row.used_at.is_some() {
            return Err(code_error("这个验证码已经用过，请重新获取验证码"));
        }
        if row.expires_at <= now {
            return Err(code_error("验证码已过期（10分钟内有效），请重新获取验证码"));
        }
        if row.attempts >= max {
            return Err(code_error("输错次数过多，这个验证码已作废，请重新获取验证码"));
        }
        if !self
            .vault
            .matches(Field::LoginCode, &format!("{challenge}:{code}"), &row.code_hash)
        {
            let attempts = self.store.count_wrong_code(challenge).await?;
            let left = max - attempts;
            return Err(code_error(if left > 0 {
                format!("验证码不正确，还可以再试{left}次")
            } else {
                "输错次数过多，这个验证码已作废，请重新获取验证码".to_owned()
            }));
        }
        if !self.store.use_login_code(challenge, now, max).await? {
            return Err(code_error("这个验证码已经用过，请重新获取验证码"));
        }
        Ok(row)
    }

    /// Checks the code; on success a new session (a new id at every sign-in).
    pub async fn verify(&self, challenge: &str, code: &str, now: i64) -> Result<SignedIn, Error> {
        self.verified_session(challenge, code, None, now).await
    }

    /// 大厅协助办理, step one: a code to the phone of the person present. The hourly limit of
    /// codes counts against the staff member sending them, not the hall's one address, which
    /// every clerk and visitor of a busy hall shares.
    pub async fn send_code_at_hall(&self, staff: &StaffSession, phone: &Phone, now: i64) -> Result<CodeSent, Error> {
        let staff_key = format!("staff:{}", staff.staff_id);
        self.send_code_for(phone, &staff_key, now, &hall_purpose(staff)).await
    }

    /// 大厅协助办理: the person present read out the code sent to their own phone; the session
    /// opened in the staff member's browser keeps who helped (audited).
    pub async fn verify_at_hall(
        &self,
        staff: &StaffSession,
        challenge: &str,
        code: &str,
        client: &str,
        now: i64,
    ) -> Result<SignedIn, Error> {
        let signed_in = self.verified_session(challenge, code, Some(staff), now).await?;
        self.audit(staff, "assist_at_hall", &signed_in.phone_masked, client, "", now)
            .await?;
        Ok(signed_in)
    }

    async fn verified_session(
        &self,
        challenge: &str,
        code: &str,
        assisted_by: Option<&StaffSession>,
        now: i64,
    ) -> Result<SignedIn, Error> {
        // A hall code opens a session only for the staff member who asked for it.
        let purpose = assisted_by.map_or(CITIZEN.to_owned(), hall_purpose);
        let row = self.check_code(challenge, code, now, &purpose).await?;
        let person_id = self
            .store
            .person_for_phone(&random_token(), &row.phone_hash, &row.phone_enc, now)
            .await?;
        let token = random_token();
        self.store
            .insert_session(
                &token_digest(&token),
                &person_id,
                assisted_by.map(|s| s.staff_id.as_str()),
                now,
            )
            .await?;
        let phone = self
            .vault
            .open(Field::Phone, &row.phone_enc)
            .map_err(|e| Error::Internal(e.to_string()))?;
        Ok(SignedIn {
            token,
            person_id,
            phone_masked: Phone::parse(&phone).map(|p| p.masked()).unwrap_or_default(),
        })
    }

    /// The person with this phone, created if new, as a session without a cookie: for loading
    /// demo data through the same use cases people go through.
    pub async fn person_for_phone(&self, phone: &Phone, now: i64) -> Result<Session, Error> {
        let person_id = self
            .store
            .person_for_phone(
                &random_token(),
                &self.vault.lookup_hash(Field::Phone, phone.as_str()),
                &self.vault.seal(Field::Phone, phone.as_str()),
                now,
            )
            .await?;
        Ok(Session {
            person_id,
            phone: phone.clone(),
            assisted_by: None,
        })
    }

    /// The session behind a cookie, if it is still valid (idle and absolute limits); a valid
    /// use extends the idle limit.
    pub async fn session(&self, token: &str, now: i64) -> Result<Option<Session>, Error> {
        let digest = token_digest(token);
        let Some(row) = self.store.session(&digest).await? else {
            return Ok(None);
        };
        if !self
            .keep_alive(SessionKind::Person, &digest, row.created_at, row.last_seen_at, now)
            .await?
        {
            return Ok(None);
        }
        let phone = self
            .vault
            .open(Field::Phone, &row.phone_enc)
            .map_err(|e| Error::Internal(e.to_string()))?;
        let phone = Phone::parse(&phone).map_err(|e| Error::Internal(e.into()))?;
        Ok(Some(Session {
            person_id: row.person_id,
            phone,
            assisted_by: row.assisted_by,
        }))
    }

    pub async fn sign_out(&self, token: &str) -> Result<(), Error> {
        Ok(self
            .store
            .delete_session(SessionKind::Person, &token_digest(token))
            .await?)
    }

    /// Whether a session is still valid (idle and absolute limits); ends it if not, and
    /// records its use. Writing on every request would make each page a write; recording use
    /// once a minute is precise enough.
    async fn keep_alive(
        &self,
        kind: SessionKind,
        digest: &str,
        created: i64,
        seen: i64,
        now: i64,
    ) -> Result<bool, Error> {
        let c = &self.config;
        if now - seen > c.session_idle_secs || now - created > c.session_absolute_secs {
            self.store.delete_session(kind, digest).await?;
            return Ok(false);
        }
        if now - seen >= 60 {
            self.store.touch_session(kind, digest, now).await?;
        }
        Ok(true)
    }
}

/// What a person stated about their identity document.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub number: IdNumber,
    /// The date of birth the person stated, kept only with a document whose number carries
    /// none (the passes).
    pub stated_birth: Option<Ymd>,
}

impl Identity {
    /// The date of birth the age rule uses: the number's, else the stated one.
    pub fn birth_date(&self) -> Option<Ymd> {
        birth_date_for(&self.number, self.stated_birth)
    }
}

/// What is wrong with the date of birth stated beside a document, if anything: required with
/// a pass (its number carries none) and not after today; not asked with the other documents.
fn birth_problem(kind: DocumentKind, birth: Option<Ymd>, today: Ymd) -> Option<&'static str> {
    if kind.number_has_birth_date() {
        return None;
    }
    match birth {
        None => Some("出生日期：港澳台居民请填写出生日期（通行证上没有）"),
        Some(b) if b > today => Some("出生日期：不能晚于今天，请检查年份"),
        Some(_) => None,
    }
}

impl Auth {
    /// States the person's document, once. Parsed with the same rules the browser runs.
    /// `birth`: the date of birth the person stated, required with a pass (sealed and kept),
    /// ignored with a number that carries one.
    pub async fn state_identity(
        &self,
        person_id: &str,
        kind: &str,
        number: &str,
        birth: Option<Ymd>,
        today: Ymd,
        now: i64,
    ) -> Result<Identity, Error> {
        let field = |field: &str, message: String| FieldError {
            field: field.into(),
            message,
        };
        let kind = DocumentKind::parse(kind).ok_or_else(|| Error::invalid_field("kind", "证件类型：请选择证件类型"))?;
        let number = IdNumber::parse(kind, number, today);
        let mut problems = Vec::new();
        if let Err(e) = &number {
            problems.push(field("number", e.to_string()));
        }
        if let Some(message) = birth_problem(kind, birth, today) {
            problems.push(field("birth_date", message.to_owned()));
        }
        let number = match number {
            Ok(number) if problems.is_empty() => number,
            _ => return Err(Error::Invalid(problems)),
        };
        let stated_birth = if kind.number_has_birth_date() { None } else { birth };
        let sealed_birth = stated_birth.map(|b| self.vault.seal(Field::BirthDate, &b.iso()));
        if let Some(stated) = self.identity(person_id).await? {
            // A pass stated before the date of birth was asked gets it now, once, when the same
            // document is stated again; nothing else changes online.
            let same = stated.number == number;
            if let (true, None, Some(sealed)) = (same, stated.birth_date(), sealed_birth.as_deref()) {
                if self.store.add_stated_birth(person_id, sealed).await? {
                    return Ok(Identity { number, stated_birth });
                }
            }
            return Err(Error::Conflict(
                "您已登记过证件，不能在网上修改；如需更正，请到服务机构办理。".into(),
            ));
        }
        let key = format!("{}:{}", kind.as_str(), number.as_str());
        let stored = self
            .store
            .insert_identity(
                person_id,
                kind.as_str(),
                &self.vault.lookup_hash(Field::IdNumber, &key),
                &self.vault.seal(Field::IdNumber, &key),
                sealed_birth.as_deref(),
                now,
            )
            .await?;
        if !stored {
            // Only reachable after signing in with a phone (rate-limited), once per person:
            // the portal cannot be used to test numbers in bulk.
            return Err(Error::Conflict(
                "这个证件号码已与另一个手机号绑定。如果是您本人，请用原手机号登录；如有疑问请到服务机构或拨打 12333。"
                    .into(),
            ));
        }
        Ok(Identity { number, stated_birth })
    }

    /// Changing the phone, step one: a code to the new number, usable only by this person.
    pub async fn send_phone_change_code(
        &self,
        session: &Session,
        new_phone: &Phone,
        client: &str,
        now: i64,
    ) -> Result<CodeSent, Error> {
        if *new_phone == session.phone {
            return Err(Error::Invalid(vec![FieldError {
                field: "phone".into(),
                message: "手机号码：这就是您现在登记的号码".into(),
            }]));
        }
        self.send_code_for(new_phone, client, now, &format!("change:{}", session.person_id))
            .await
    }

    /// Step two: the code from the new phone moves the person to it.
    pub async fn change_phone(&self, session: &Session, challenge: &str, code: &str, now: i64) -> Result<(), Error> {
        let row = self
            .check_code(challenge, code, now, &format!("change:{}", session.person_id))
            .await?;
        if !self
            .store
            .change_phone(&session.person_id, &row.phone_hash, &row.phone_enc)
            .await?
        {
            return Err(Error::Conflict(
                "这个手机号码已被另一个账户使用，不能换绑；如有疑问请拨打 12333。".into(),
            ));
        }
        Ok(())
    }

    /// What the person sees of themselves: masked.
    pub async fn me(&self, session: &Session) -> Result<crate::api::auth::Me, Error> {
        Ok(crate::api::auth::Me {
            phone_masked: session.phone.masked(),
            identity: self
                .identity(&session.person_id)
                .await?
                .map(|i| crate::api::auth::IdentityView {
                    kind: i.number.kind(),
                    number_masked: i.number.masked(),
                    needs_birth_date: i.birth_date().is_none(),
                }),
        })
    }

    pub async fn identity(&self, person_id: &str) -> Result<Option<Identity>, Error> {
        let Some(row) = self.store.identity(person_id).await? else {
            return Ok(None);
        };
        let key = self
            .vault
            .open(Field::IdNumber, &row.id_enc)
            .map_err(|e| Error::Internal(e.to_string()))?;
        let kind = &row.kind;
        let kind = DocumentKind::parse(kind).ok_or_else(|| Error::Internal(format!("stored kind {kind}")))?;
        let value = key.split_once(':').map_or(key.as_str(), |(_, v)| v);
        // Stored numbers were valid when stated; a far-future `today` accepts any birth date.
        let far = Ymd {
            year: 9999,
            month: 12,
            day: 31,
        };
        let number = IdNumber::parse(kind, value, far).map_err(|e| Error::Internal(e.to_string()))?;
        let stated_birth = row.birth_enc.as_deref().map(|s| self.open_birth(s)).transpose()?;
        Ok(Some(Identity { number, stated_birth }))
    }

    /// A stated date of birth as stored (sealed `YYYY-MM-DD`).
    fn open_birth(&self, sealed: &str) -> Result<Ymd, Error> {
        let iso = self
            .vault
            .open(Field::BirthDate, sealed)
            .map_err(|e| Error::Internal(e.to_string()))?;
        Ymd::parse_iso(&iso).ok_or_else(|| Error::Internal("stored date of birth is not a date".into()))
    }
}

/// The signed-in person of the request being rendered or served (pages and server
/// functions), from its session cookie.
pub async fn current_session() -> Option<Session> {
    let backend = leptos::prelude::use_context::<crate::backend::Backend>()?;
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    let header = parts.headers.get(axum::http::header::COOKIE)?.to_str().ok()?;
    let token = cookie::session_token(header)?;
    let now = crate::backend::clock::request_now().ok()?;
    backend.auth.session(token, now.unix()).await.ok().flatten()
}

#[cfg(test)]
mod tests;
