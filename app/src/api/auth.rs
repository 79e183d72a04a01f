//! Sign-in: `/api/v1/auth/*`, `/api/v1/me`, and staff sign-in and accounts
//! (`/api/v1/staff/session`, `/api/v1/staff/accounts`).

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
    /// A pass stated before the date of birth was asked: state the same document again with
    /// `birth_date` (`PUT /api/v1/me/identity`) before submitting a registration.
    pub needs_birth_date: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IdentityRequest {
    /// `resident_id`, `residence_permit`, `hk_macao_pass` or `taiwan_pass`.
    pub kind: String,
    pub number: String,
    /// Date of birth, `YYYY-MM-DD`: required with `hk_macao_pass` and `taiwan_pass`, whose
    /// numbers carry none; ignored with the other kinds (their numbers carry it).
    #[serde(default)]
    pub birth_date: Option<String>,
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
