//! Inside WeChat's browser, where most residents open the portal: what the server draws
//! differently there. With the portal's official account configured the page loads WeChat's
//! JS-SDK, through which the wasm (`crate::wx`) sets the share card, locates and opens an
//! office in WeChat's map; 打印 gives way to how WeChat keeps a page; 微信一键登录 is offered.

use leptos::prelude::*;
use leptos_meta::{Link, Meta};

/// WeChat's JS-SDK, at the address WeChat documents.
pub const JS_SDK: &str = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";
/// Its origin: the one host a page that loads the SDK adds to its CSP's `script-src`.
pub const JS_SDK_ORIGIN: &str = "https://res.wx.qq.com";
/// The share card's picture (in `public/`): WeChat shows PNG or JPEG pictures, not SVG.
pub const SHARE_ICON: &str = "/share-icon.png";
/// The names of the share card's `<meta>` tags (the address is the canonical link).
pub const SHARE_TITLE_TAG: &str = "wechat-share-title";
pub const SHARE_DESC_TAG: &str = "wechat-share-desc";
pub const SHARE_ICON_TAG: &str = "wechat-share-icon";

/// Whether a request's headers come from WeChat's browser.
#[cfg(feature = "ssr")]
pub fn in_headers(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(crate::web::is_wechat)
}

/// Whether the answer to a request with these headers loads the JS-SDK: inside WeChat, when
/// the portal has an official account to sign for it. Decides both the page's script tag and
/// the CSP that lets it run.
#[cfg(feature = "ssr")]
pub fn loads_js_sdk(headers: &axum::http::HeaderMap, wechat_configured: bool) -> bool {
    wechat_configured && in_headers(headers)
}

/// Whether the page being rendered was asked for inside WeChat.
#[cfg(feature = "ssr")]
pub fn inside() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|parts| in_headers(&parts.headers))
}

#[cfg(not(feature = "ssr"))]
pub fn inside() -> bool {
    false
}

/// Whether the page being rendered loads the JS-SDK (see `loads_js_sdk`); WeChat sign-in is
/// offered on the same condition.
#[cfg(feature = "ssr")]
pub fn with_js_sdk() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|parts| {
        crate::backend::use_backend().is_ok_and(|b| loads_js_sdk(&parts.headers, b.wechat_configured()))
    })
}

#[cfg(not(feature = "ssr"))]
pub fn with_js_sdk() -> bool {
    false
}

/// The JS-SDK's script on the pages that load it: at the end of the body, so that it holds up
/// nothing drawn, and still ahead of the wasm (module scripts run once the page is parsed).
#[component]
pub fn JsSdk() -> impl IntoView {
    with_js_sdk().then(|| view! { <script src=JS_SDK nonce=leptos::nonce::use_nonce()></script> })
}

/// What a page shared from WeChat shows: `title`, `desc`, the portal's icon and the page's
/// address at `path` without what WeChat adds to it (`from=singlemessage`, …). Absolute,
/// because WeChat fetches them; read by `crate::wx`.
#[component]
pub fn ShareCard(#[prop(into)] title: String, #[prop(into)] desc: String, #[prop(into)] path: String) -> impl IntoView {
    let base = public_url();
    view! {
        <Meta name=SHARE_TITLE_TAG content=title/>
        <Meta name=SHARE_DESC_TAG content=desc/>
        <Meta name=SHARE_ICON_TAG content=format!("{base}{SHARE_ICON}")/>
        <Link rel="canonical" href=format!("{base}{path}")/>
    }
}

/// The address people reach the portal at, without a trailing slash.
#[cfg(feature = "ssr")]
fn public_url() -> String {
    crate::backend::use_backend()
        .map(|b| b.public_url.trim_end_matches('/').to_owned())
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn public_url() -> String {
    String::new()
}
