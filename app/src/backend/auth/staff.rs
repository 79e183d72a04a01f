//! Staff sign-in: username and password (argon2id), then a one-time code to the staff
//! member's registered phone (the second factor). A staff session is scoped to the divisions
//! of the staff member's institution; what staff do is written to the audit log.

use std::sync::OnceLock;

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use super::{code_error, Auth, CodeSent};
use crate::api::institutions::division_prefix;
use crate::api::FieldError;
use crate::backend::clock::time_ordered_id;
use crate::backend::crypto::{random_token, token_digest, Field};
use crate::backend::store::{AuditEntry, NewStaff, SessionKind, StaffRow};
use crate::backend::Error;
use crate::domain::phone::Phone;

pub const STAFF_COOKIE: &str = "__Host-portal_staff";
const MAX_FAILED_PASSWORDS: i64 = 5;
const LOCK_SECS: i64 = 15 * 60;

#[derive(Debug, Clone, PartialEq)]
pub struct StaffSession {
    pub staff_id: String,
    pub username: String,
    pub institution_code: String,
    /// The division-code prefix this account may see: 43 (province), 4301, 430104, …
    pub scope: String,
    /// May create staff accounts for institutions within `scope`.
    pub is_admin: bool,
}

/// What a new account may see and do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StaffRole {
    /// The whole province, whatever the institution.
    pub province: bool,
    pub admin: bool,
}

/// The staff member signed in on the request being rendered (the staff cookie), if any.
pub async fn current_staff() -> Option<StaffSession> {
    let backend = leptos::prelude::use_context::<crate::backend::Backend>()?;
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    let token = super::cookie::from_headers(&parts.headers, STAFF_COOKIE)?;
    let now = crate::backend::clock::request_now().ok()?;
    backend.auth.staff_session(&token, now.unix()).await.ok().flatten()
}

impl StaffSession {
    pub fn covers(&self, division_code: &str) -> bool {
        division_code.starts_with(&self.scope)
    }

    /// The division the scope stands for (43 → 430000, 4301 → 430100, 430104 → itself).
    pub fn division(&self) -> String {
        format!("{:0<6}", self.scope)
    }
}

fn wrong_password() -> Error {
    Error::Invalid(vec![FieldError {
        field: "password".into(),
        message: "用户名或密码不正确".into(),
    }])
}

async fn hash_password(password: String) -> Result<String, Error> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
    .map_err(|e| Error::Internal(e.to_string()))
}

/// Argon2 is slow on purpose: run it off the async threads.
async fn password_matches(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
    })
    .await
    .unwrap_or(false)
}

/// Checked against when the username does not exist, so both cases take as long.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(random_token().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

impl Auth {
    /// Creates a staff account for an institution.
    pub async fn add_staff(
        &self,
        username: &str,
        password: &str,
        phone: &Phone,
        institution_code: &str,
        role: StaffRole,
        now: i64,
    ) -> Result<StaffSession, Error> {
        let bad = |field: &str, message: &str| {
            Error::Invalid(vec![FieldError {
                field: field.into(),
                message: message.into(),
            }])
        };
        let username = username.trim();
        if !(3..=32).contains(&username.len())
            || !username
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        {
            return Err(bad("username", "用户名：3到32位小写字母、数字或 . _ -"));
        }
        if password.chars().count() < 12 {
            return Err(bad("password", "密码：至少12位"));
        }
        let institution = self
            .store
            .institution(institution_code)
            .await?
            .ok_or_else(|| bad("institution", "机构：机构编码不在机构清单中"))?;
        let scope = if role.province {
            "43".to_owned()
        } else {
            division_prefix(&institution.division_code).to_owned()
        };
        let id = random_token();
        let inserted = self
            .store
            .insert_staff(&NewStaff {
                id: &id,
                username,
                password_hash: &hash_password(password.to_owned()).await?,
                phone_enc: &self.vault.seal(Field::Phone, phone.as_str()),
                phone_hash: &self.vault.lookup_hash(Field::Phone, phone.as_str()),
                institution_code: &institution.code,
                scope: &scope,
                is_admin: role.admin,
                created_at: now,
            })
            .await?;
        if !inserted {
            return Err(Error::Conflict(format!("用户名 {username} 已被使用")));
        }
        Ok(StaffSession {
            staff_id: id,
            username: username.to_owned(),
            institution_code: institution.code,
            scope,
            is_admin: role.admin,
        })
    }

    /// An administrator creates an account for an institution in their own divisions; the
    /// creation is written to the audit log.
    pub async fn create_staff_by(
        &self,
        admin: &StaffSession,
        req: &crate::api::auth::CreateStaffRequest,
        client: &str,
        now: i64,
    ) -> Result<StaffSession, Error> {
        if !admin.is_admin {
            return Err(Error::Forbidden("只有管理员可以新建工作人员账号".into()));
        }
        let phone = Phone::parse(&req.phone).map_err(|m| {
            Error::Invalid(vec![FieldError {
                field: "phone".into(),
                message: format!("手机号码：{m}"),
            }])
        })?;
        if let Some(institution) = self.store.institution(req.institution_code.trim()).await? {
            if !admin.covers(&institution.division_code) {
                return Err(Error::Forbidden("只能为本辖区内的机构新建账号".into()));
            }
        }
        let role = StaffRole {
            province: false,
            admin: req.admin,
        };
        let created = self
            .add_staff(
                &req.username,
                &req.password,
                &phone,
                req.institution_code.trim(),
                role,
                now,
            )
            .await?;
        self.audit(admin, "create_staff", &created.username, client, "", now)
            .await?;
        Ok(created)
    }

    /// The first factor: on the right password, a code to the account's phone.
    pub async fn staff_password(
        &self,
        username: &str,
        password: &str,
        client: &str,
        now: i64,
    ) -> Result<CodeSent, Error> {
        let Some(staff) = self.store.staff_by_username(username.trim()).await? else {
            password_matches(password.to_owned(), dummy_hash().to_owned()).await;
            return Err(wrong_password());
        };
        if let Some(until) = staff.locked_until.filter(|u| *u > now) {
            let wait = until - now;
            return Err(Error::RateLimited {
                retry_after_secs: wait as u64,
                message: format!("密码连续输错次数过多，账号已暂时锁定，请{}分钟后再试", (wait + 59) / 60),
            });
        }
        if !password_matches(password.to_owned(), staff.password_hash.clone()).await {
            self.store
                .staff_login_failed(&staff.id, MAX_FAILED_PASSWORDS, now + LOCK_SECS)
                .await?;
            return Err(wrong_password());
        }
        self.store.staff_login_succeeded(&staff.id).await?;
        let phone = self
            .vault
            .open(Field::Phone, &staff.phone_enc)
            .map_err(|e| Error::Internal(e.to_string()))?;
        let phone = Phone::parse(&phone).map_err(|e| Error::Internal(e.into()))?;
        self.send_code_for(&phone, client, now, &format!("staff:{}", staff.id))
            .await
    }

    /// The second factor: the code; on success a staff session.
    pub async fn staff_verify(&self, challenge: &str, code: &str, now: i64) -> Result<(String, StaffSession), Error> {
        let purpose = self
            .store
            .login_code(challenge)
            .await?
            .map(|r| r.purpose)
            .filter(|p| p.starts_with("staff:"))
            .ok_or_else(|| code_error("验证码已失效，请重新登录"))?;
        self.check_code(challenge, code, now, &purpose).await?;
        let staff_id = &purpose["staff:".len()..];
        let staff = self.store.staff_by_id(staff_id).await?.ok_or(Error::Unauthenticated)?;
        let token = random_token();
        self.store
            .insert_staff_session(&token_digest(&token), &staff.id, now)
            .await?;
        Ok((token, session_of(staff)))
    }

    pub async fn staff_session(&self, token: &str, now: i64) -> Result<Option<StaffSession>, Error> {
        let digest = token_digest(token);
        let Some((staff, created, seen)) = self.store.staff_session(&digest).await? else {
            return Ok(None);
        };
        let alive = self.keep_alive(SessionKind::Staff, &digest, created, seen, now).await?;
        Ok(alive.then(|| session_of(staff)))
    }

    pub async fn staff_sign_out(&self, token: &str) -> Result<(), Error> {
        Ok(self
            .store
            .delete_session(SessionKind::Staff, &token_digest(token))
            .await?)
    }

    /// Appends to the audit log: who, what, on what, from where, why.
    pub async fn audit(
        &self,
        staff: &StaffSession,
        action: &str,
        subject: &str,
        client: &str,
        reason: &str,
        now: i64,
    ) -> Result<(), Error> {
        Ok(self
            .store
            .append_audit(&AuditEntry {
                id: &time_ordered_id(now),
                at: now,
                staff_id: &staff.staff_id,
                action,
                subject,
                client,
                reason,
            })
            .await?)
    }
}

fn session_of(staff: StaffRow) -> StaffSession {
    StaffSession {
        staff_id: staff.id,
        username: staff.username,
        institution_code: staff.institution_code,
        scope: staff.scope,
        is_admin: staff.is_admin,
    }
}
