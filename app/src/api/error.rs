//! The one error shape of every `/api/v1` answer that is not a success.

use serde::{Deserialize, Serialize};

/// A stable machine code: clients branch on this, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    MethodNotAllowed,
    InvalidInput,
    PayloadTooLarge,
    /// Too many requests: wait as long as the Retry-After header says.
    RateLimited,
    /// Not signed in, or the session has ended.
    Unauthenticated,
    /// A cross-site request was refused.
    Forbidden,
    /// The request conflicts with what is stored (e.g. a document already bound).
    Conflict,
    Timeout,
    ServiceUnavailable,
    Internal,
}

impl ErrorCode {
    /// The message a person reads when nothing more specific is known.
    pub fn message(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "请求的内容不存在，请检查地址是否正确。",
            ErrorCode::MethodNotAllowed => "不支持这种请求方式。",
            ErrorCode::InvalidInput => "提交的信息有误，请按提示修改后重试。",
            ErrorCode::PayloadTooLarge => "提交的内容过大，请减少内容后重试。",
            ErrorCode::RateLimited => "操作过于频繁，请稍后再试。",
            ErrorCode::Unauthenticated => "请先登录，或登录已过期，请重新登录。",
            ErrorCode::Forbidden => "请求来源不正确，已拒绝。请从本网站页面重新操作。",
            ErrorCode::Conflict => "与已登记的信息冲突。",
            ErrorCode::Timeout => "处理超时，请稍后重试。",
            ErrorCode::ServiceUnavailable => "服务暂时不可用，请稍后重试。",
            ErrorCode::Internal => "系统出现问题，请稍后重试；如仍不行，请拨打 12333。",
        }
    }
}

/// One field that needs fixing: `field` is the API name, `message` names it in Chinese and
/// says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// A domain check's problem is the API's field error, unchanged.
impl From<crate::domain::registration::check::Problem> for FieldError {
    fn from(p: crate::domain::registration::check::Problem) -> FieldError {
        FieldError {
            field: p.field,
            message: p.message,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    /// For people, in Chinese.
    pub message: String,
    /// Empty unless `code` is `invalid_input`.
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            message: code.message().to_owned(),
            fields: Vec::new(),
        }
    }

    pub fn invalid(fields: Vec<FieldError>) -> Self {
        Self {
            fields,
            ..Self::new(ErrorCode::InvalidInput)
        }
    }
}

// serde_json is server-only, so these run in the `ssr` test build.
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn serialises_to_the_documented_shape() {
        let e = ApiError::invalid(vec![FieldError {
            field: "phone".into(),
            message: "手机号码应为11位数字".into(),
        }]);
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains(r#""code":"invalid_input""#), "{json}");
        assert!(json.contains(r#""fields":[{"field":"phone""#), "{json}");
    }
}
