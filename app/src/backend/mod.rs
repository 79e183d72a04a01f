//! Server-side services (only with the `ssr` feature): what the API handlers and server
//! functions call, gathered in [`Backend`]. Storage is reached only through `store`, and the
//! store only through the services.
pub mod auth;
pub mod calendar;
pub mod clock;
pub mod crypto;
pub mod demo;
pub mod error;
pub mod institutions;
pub mod limits;
pub mod lists;
pub mod metrics;
pub mod notify;
pub mod outbound;
pub mod registration;
pub mod rekey;
pub mod service_311;
pub mod statistics;
pub mod store;
pub mod wechat;

pub use error::{fn_error, Error};

use std::sync::Arc;

use auth::Auth;
use calendar::Calendar;
use clock::Clock;
use institutions::Directory;
use notify::{Notifier, WeChatTemplates};
use registration::Registrations;
use service_311::Services311;
use statistics::Statistics;
use store::Store;
use wechat::WeChatJs;

use crate::domain::registration::ending::ENDING_NOTICE_DAYS;

/// What handlers and server functions work with; the server builds one at start-up and
/// provides it to every page render and server function as context. One shared allocation:
/// the router clones its state for every request, and copying each service's handles was
/// most of the time a cached page took (the reference counts of a dozen handles bounced
/// between the cores).
#[derive(Clone)]
pub struct Backend(Arc<Services>);

impl std::ops::Deref for Backend {
    type Target = Services;
    fn deref(&self) -> &Services {
        &self.0
    }
}

/// For setting up (tests, start-up): a backend still shared is copied first.
impl std::ops::DerefMut for Backend {
    fn deref_mut(&mut self) -> &mut Services {
        Arc::make_mut(&mut self.0)
    }
}

/// The services of a [`Backend`].
#[derive(Clone)]
pub struct Services {
    /// Reached through the services below, never by handlers or pages.
    pub(crate) store: Store,
    pub directory: Directory,
    pub auth: Auth,
    pub registrations: Registrations,
    pub service_311: Services311,
    pub notifier: Notifier,
    pub lists: lists::Lists,
    pub statistics: Statistics,
    /// The working-day calendar every deadline is counted on.
    pub calendar: Calendar,
    /// The address people reach the portal at (QR codes point there).
    pub public_url: String,
    /// The one source of "now" (see `clock`).
    pub clock: Arc<dyn Clock>,
    /// JS-SDK configs for the pages, when the official account is configured.
    wechat_js: Option<Arc<WeChatJs>>,
}

impl Backend {
    pub fn new(store: Store, directory: Directory, auth: Auth, public_url: String, clock: Arc<dyn Clock>) -> Backend {
        let notifier = Notifier::new(store.clone(), auth.clone(), None, clock.clone());
        let calendar = Calendar::new(store.clone(), auth.clone());
        let registrations = Registrations::new(
            store.clone(),
            auth.clone(),
            directory.clone(),
            calendar.clone(),
            notifier.clone(),
            ENDING_NOTICE_DAYS,
        );
        Backend(Arc::new(Services {
            service_311: Services311::new(store.clone(), auth.clone(), notifier.clone(), registrations.clone()),
            registrations,
            notifier,
            lists: lists::Lists::new(store.clone(), auth.clone()),
            statistics: Statistics::new(store.clone(), calendar.clone(), auth.clone()),
            calendar,
            store,
            directory,
            auth,
            public_url,
            clock,
            wechat_js: None,
        }))
    }

    /// Where the shared data the public pages show (institutions, calendar, lists) stands, as
    /// this server last read it (see `Store::data_versions_seen`).
    pub fn data_version_seen(&self) -> i64 {
        self.store.data_versions_seen()
    }

    /// The services that tell people things, built again around another notifier or notice
    /// period.
    fn rewired(self, notifier: Notifier, ending_notice_days: u32) -> Backend {
        let registrations = Registrations::new(
            self.store.clone(),
            self.auth.clone(),
            self.directory.clone(),
            self.calendar.clone(),
            notifier.clone(),
            ending_notice_days,
        );
        Backend(Arc::new(Services {
            service_311: Services311::new(
                self.store.clone(),
                self.auth.clone(),
                notifier.clone(),
                registrations.clone(),
            ),
            registrations,
            notifier,
            ..(*self.0).clone()
        }))
    }

    /// The days between telling the person and ending for reason 4, 5 or 6a
    /// (`PORTAL_ENDING_NOTICE_DAYS`).
    pub fn with_ending_notice_days(self, days: u32) -> Backend {
        let notifier = self.notifier.clone();
        self.rewired(notifier, days)
    }

    /// Whether the database answers now (for `/readyz`); unreachable, it is `Error::Storage`.
    pub async fn ping(&self) -> Result<(), Error> {
        Ok(self.store.ping().await?)
    }

    /// The per-client write limit, counted where every app server sees it (see `limits`).
    pub fn write_limits(&self, per_minute: u32) -> limits::WriteLimits {
        limits::WriteLimits::new(self.store.clone(), self.auth.vault().clone(), per_minute)
    }

    /// Notices also go out as WeChat template messages to people who bound their WeChat.
    pub fn with_wechat_templates(self, templates: Arc<WeChatTemplates>) -> Backend {
        let notifier = Notifier::new(
            self.store.clone(),
            self.auth.clone(),
            Some(templates),
            self.clock.clone(),
        );
        let days = self.registrations.ending_notice_days();
        self.rewired(notifier, days)
    }

    /// Pages inside WeChat get signed JS-SDK configs (the official account is configured).
    pub fn with_wechat_js(mut self, js: WeChatJs) -> Backend {
        self.wechat_js = Some(Arc::new(js));
        self
    }

    /// Whether the official account is configured: pages offer what needs WeChat's JS-SDK.
    pub fn wechat_configured(&self) -> bool {
        self.wechat_js.is_some()
    }

    /// The signed JS-SDK config for the portal's page at `url` (see `WeChatJs::config`);
    /// `NotFound` without the official account.
    pub async fn wechat_js_config(&self, url: Option<&str>, now: i64) -> Result<crate::api::wechat::JsConfig, Error> {
        self.wechat_js.as_ref().ok_or(Error::NotFound)?.config(url, now).await
    }
}

/// The backend, inside a server function or a page render.
pub fn use_backend() -> Result<Backend, leptos::prelude::ServerFnError> {
    leptos::prelude::use_context::<Backend>()
        .ok_or_else(|| leptos::prelude::ServerFnError::new("the backend is not provided"))
}

/// The client's address, put on each request by the server (for the audit log of what staff
/// read through the pages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(pub String);

/// Handlers take `ClientAddress(client): ClientAddress`: the address stamped on the request.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<ClientAddress, std::convert::Infallible> {
        Ok(parts
            .extensions
            .get::<ClientAddress>()
            .cloned()
            .unwrap_or_else(|| ClientAddress("unknown".into())))
    }
}

/// The address of the request being rendered.
pub fn client_address() -> String {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<ClientAddress>().map(|c| c.0.clone()))
        .unwrap_or_else(|| "unknown".into())
}

/// A stored Unix time as RFC 3339, UTC (as the API writes times).
pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_else(|| unix.to_string())
}

/// The date in China (UTC+8) at a stored Unix time.
pub fn china_date(unix: i64) -> crate::domain::date::Ymd {
    clock::Now::from_unix(unix).today()
}

/// A backend over a store with fixed test keys and an SMS sender that records what it sends.
#[cfg(any(test, feature = "test-support"))]
pub mod testing {
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::{Arc, Mutex};

    use axum::extract::Query;
    use axum::routing::{get, post};
    use axum::{Json, Router};

    use super::auth::{Auth, AuthConfig};
    use super::clock::{Now, TestClock};
    use super::crypto::Vault;
    use super::institutions::Directory;
    use super::notify::RecordingSms;
    use super::store::Store;
    use super::Backend;

    /// Never valid outside tests: the keys are public.
    pub fn test_vault() -> Vault {
        use base64::Engine;
        let b64 = |b: u8| base64::engine::general_purpose::STANDARD.encode([b; 32]);
        Vault::new(&format!("t1:{}", b64(1)), &b64(9)).expect("test keys")
    }

    /// A fake of WeChat's token endpoint: code `good` yields an openid, anything else errcode 40029.
    pub async fn fake_wechat() -> String {
        let app = Router::new().route(
            "/sns/oauth2/access_token",
            get(|Query(q): Query<HashMap<String, String>>| async move {
                let ok = q.get("appid").map(String::as_str) == Some("wx123")
                    && q.get("secret").map(String::as_str) == Some("s3cret")
                    && q.get("grant_type").map(String::as_str) == Some("authorization_code");
                if ok && q.get("code").map(String::as_str) == Some("good") {
                    Json(serde_json::json!({"access_token": "T", "expires_in": 7200, "refresh_token": "R", "openid": "oABC123", "scope": "snsapi_base"}))
                } else {
                    Json(serde_json::json!({"errcode": 40029, "errmsg": "invalid code"}))
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        base
    }

    /// A fake of WeChat's API for the account wx123 (secret s3cret): the access token is `AT`,
    /// the JS-SDK ticket `TICKET` (given for `AT` only, else errcode 40001), and template
    /// messages sent with `AT` are kept. Counts what it hands out.
    pub struct FakeWeChatApi {
        pub base: String,
        tokens: Arc<AtomicU32>,
        tickets: Arc<AtomicU32>,
        sent: Arc<Mutex<Vec<serde_json::Value>>>,
    }

    impl FakeWeChatApi {
        pub fn tokens_fetched(&self) -> u32 {
            self.tokens.load(Ordering::SeqCst)
        }

        pub fn tickets_fetched(&self) -> u32 {
            self.tickets.load(Ordering::SeqCst)
        }

        /// The template messages sent so far.
        pub fn sent(&self) -> Vec<serde_json::Value> {
            self.sent.lock().unwrap_or_else(|e| e.into_inner()).clone()
        }
    }

    pub async fn fake_wechat_api() -> FakeWeChatApi {
        fn token_is_at(q: &HashMap<String, String>) -> bool {
            q.get("access_token").map(String::as_str) == Some("AT")
        }
        let (tokens, tickets) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
        let sent = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .route(
                "/cgi-bin/token",
                get({
                    let tokens = tokens.clone();
                    move |Query(q): Query<HashMap<String, String>>| async move {
                        tokens.fetch_add(1, Ordering::SeqCst);
                        if q.get("appid").map(String::as_str) == Some("wx123")
                            && q.get("secret").map(String::as_str) == Some("s3cret")
                            && q.get("grant_type").map(String::as_str) == Some("client_credential")
                        {
                            Json(serde_json::json!({"access_token": "AT", "expires_in": 7200}))
                        } else {
                            Json(serde_json::json!({"errcode": 40013, "errmsg": "invalid appid"}))
                        }
                    }
                }),
            )
            .route(
                "/cgi-bin/ticket/getticket",
                get({
                    let tickets = tickets.clone();
                    move |Query(q): Query<HashMap<String, String>>| async move {
                        tickets.fetch_add(1, Ordering::SeqCst);
                        if !token_is_at(&q) {
                            Json(serde_json::json!({"errcode": 40001, "errmsg": "invalid credential"}))
                        } else if q.get("type").map(String::as_str) != Some("jsapi") {
                            Json(serde_json::json!({"errcode": 40097, "errmsg": "invalid args"}))
                        } else {
                            Json(serde_json::json!({"errcode": 0, "errmsg": "ok", "ticket": "TICKET", "expires_in": 7200}))
                        }
                    }
                }),
            )
            .route(
                "/cgi-bin/message/template/send",
                post({
                    let sent = sent.clone();
                    move |Query(q): Query<HashMap<String, String>>, Json(body): Json<serde_json::Value>| async move {
                        if !token_is_at(&q) {
                            return Json(serde_json::json!({"errcode": 40001, "errmsg": "invalid credential"}));
                        }
                        sent.lock().unwrap_or_else(|e| e.into_inner()).push(body);
                        Json(serde_json::json!({"errcode": 0, "errmsg": "ok", "msgid": 1}))
                    }
                }),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        FakeWeChatApi {
            base,
            tokens,
            tickets,
            sent,
        }
    }

    /// An HTTP client whose connections come from 127.0.0.`last`: a client address of its own
    /// for the tests of what is keyed on the client.
    pub fn client_from(last: u8) -> reqwest::Client {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, last)))
            .build()
            .expect("a loopback client")
    }

    /// Where the test backend's clock stands: 2026-11-27 10:00 in China (a Friday).
    pub fn test_now() -> Now {
        Now::china(crate::domain::date::Ymd::new(2026, 11, 27).expect("a date"), 10, 0)
    }

    pub async fn backend(store: Store) -> (Backend, Arc<RecordingSms>) {
        backend_with(store, test_vault()).await
    }

    /// The test backend sealing and hashing with other keys (key rotation's tests).
    pub async fn backend_with(store: Store, vault: Vault) -> (Backend, Arc<RecordingSms>) {
        let sms = Arc::new(RecordingSms::default());
        let backend = Backend::new(
            store.clone(),
            Directory::load(store.clone()).await.expect("directory"),
            Auth::new(store, Arc::new(vault), sms.clone(), AuthConfig::default()),
            "http://127.0.0.1:3000".into(),
            Arc::new(TestClock::at(test_now())),
        );
        (backend, sms)
    }
}
