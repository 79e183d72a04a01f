//! WeChat's official-account API beyond sign-in (`auth::provider`): the access token and the
//! JS-SDK ticket every app server shares (`credential`), and the JS-SDK configs signed with
//! the ticket for the portal's pages (`js_config`). Template messages use the token too
//! (`notify::wechat_template`).

pub mod access_token;
mod credential;
mod js_config;
mod jsapi_ticket;
pub mod signature;

pub use access_token::AccessTokens;
pub use js_config::WeChatJs;

#[cfg(test)]
mod tests;
