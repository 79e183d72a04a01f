//! Sign-in: `/api/v1/auth/*`, `/api/v1/me`, and what the sign-in pages show.

use serde::{Deserialize, Serialize};

use crate::domain::id_number::DocumentKind;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    /// 11-digit mainland mobile number (spaces, hyphens and +86 are accepted).
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CodeSentAnswer {
    /// Send this back with the code.
    pub challenge: String,
    pub phone_masked: String,
    pub expires_in_secs: i64,
    pub resend_after_secs: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionRequest {
    pub challenge: String,
    /// The 6 digits received by SMS.
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Me {
    /// The signed-in phone, masked (138****5678).
    pub phone_masked: String,
    /// The identity document stated after signing in, masked; `null` until stated.
    pub identity: Option<IdentityView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IdentityView {
    pub kind: DocumentKind,
    /// e.g. 4301**********123X
    pub number_masked: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IdentityRequest {
    /// `resident_id`, `residence_permit`, `hk_macao_pass` or `taiwan_pass`.
    pub kind: String,
    pub number: String,
}

/// What the identity form shows after a failed post.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdentityFormState {
    pub kind: String,
    pub number: String,
    /// (field id, message)
    pub errors: Vec<(&'static str, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffPasswordRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StaffMe {
    pub username: String,
    pub institution_code: String,
    /// The division-code prefix this account may see (43 = the province).
    pub scope: String,
    pub is_admin: bool,
}

/// A new staff account, created by an administrator for an institution in their divisions.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CreateStaffRequest {
    /// 3–32 lowercase letters, digits, `.`, `_` or `-`.
    pub username: String,
    /// At least 12 characters; the person changes nothing here, so hand it over safely.
    pub password: String,
    /// The phone that receives the sign-in codes (the second factor).
    pub phone: String,
    pub institution_code: String,
    /// May create accounts in turn.
    #[serde(default)]
    pub admin: bool,
}

/// What the phone page shows after a failed post (the typed value kept).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhoneFormState {
    pub phone: String,
    pub error: Option<String>,
}

/// What the code page shows after a failed post.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeFormState {
    pub error: Option<String>,
}

/// The masked phone a sign-in code was sent to, while the code can still be entered.
#[leptos::server]
pub async fn load_challenge(challenge: String) -> Result<Option<String>, leptos::prelude::ServerFnError> {
    let services = crate::backend::services()?;
    let now = crate::backend::clock::request_now().map_err(crate::backend::fn_error)?;
    services
        .auth
        .challenge_phone(&challenge, now.unix())
        .await
        .map_err(crate::backend::fn_error)
}

/// The signed-in person, if any.
#[leptos::server]
pub async fn load_me() -> Result<Option<Me>, leptos::prelude::ServerFnError> {
    let Some(session) = crate::backend::auth::current_session().await else {
        return Ok(None);
    };
    let services = crate::backend::services()?;
    services
        .auth
        .me(&session)
        .await
        .map(Some)
        .map_err(crate::backend::fn_error)
}
