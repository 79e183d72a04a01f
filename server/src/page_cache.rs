//! Public pages rendered once and kept in memory: the home page, the institution lists and
//! pages, the QR landing pages and the lists, one rendering for each care mode and for inside
//! WeChat or not. Every visitor without a session gets the kept rendering with this response's
//! CSP nonce and their own form token put in place of the ones it was rendered with, so the
//! nonce stays fresh and nothing of one visitor reaches another. A rendering serves while the
//! shared data (`Store::data_versions_seen`) and the day are those it was rendered on; its
//! ETag spares sending it again to a browser that has it.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use app::backend::auth::cookie;
use app::backend::auth::staff::STAFF_COOKIE;
use app::backend::Backend;
use app::ui::csrf::CsrfToken;
use app::ui::{care_mode, wechat};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;

/// The pages whose rendering is the same for every visitor without a session.
fn is_public_page(path: &str) -> bool {
    let one_segment = |rest: &str| !rest.is_empty() && !rest.contains('/');
    matches!(
        path,
        "/" | "/institutions" | "/services" | "/services/policies" | "/services/catalogue" | "/services/end-rules"
    ) || path
        .strip_prefix("/institutions/")
        .is_some_and(|rest| one_segment(rest) || rest.strip_suffix("/poster").is_some_and(one_segment))
        || path.strip_prefix("/i/").is_some_and(one_segment)
}

/// The query parameters the public pages read. Others (WeChat adds `from`, `isappinstalled`,
/// `nsukey`, … to shared links) are dropped before the page is rendered and kept: each new value
/// would otherwise be a page of its own, and one visitor's would show in another's page (the
/// care-mode switch's return address carries the query).
const PAGE_PARAMETERS: [&str; 3] = ["division", "service", "locate"];

/// The path and the query parameters of `PAGE_PARAMETERS`, in their order.
fn pages_own_query(uri: &axum::http::Uri) -> String {
    let kept: Vec<&str> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| PAGE_PARAMETERS.contains(&pair.split_once('=').map_or(*pair, |(name, _)| name)))
        .collect();
    if kept.is_empty() {
        uri.path().to_owned()
    } else {
        format!("{}?{}", uri.path(), kept.join("&"))
    }
}

/// At most this much HTML is kept; past it the pages kept so far are let go (they are
/// rendered again as they are asked for).
const BUDGET_BYTES: usize = 64 << 20;
/// A rendering larger than this is not a page of ours.
const MAX_PAGE_BYTES: usize = 4 << 20;

/// What a public page's rendering depends on besides the shared data and the day.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    care: bool,
    /// Opened inside WeChat: the page loads the JS-SDK and words some things differently
    /// (`app::ui::wechat`).
    wechat: bool,
}

struct Kept {
    data_version: i64,
    day: String,
    page: Template,
    /// Names this rendering in ETags.
    serial: u64,
}

/// A rendered page cut where the nonce and the form token it was rendered with stood, so that
/// each answer is put together in one pass.
struct Template {
    html: String,
    pieces: Vec<Piece>,
}

enum Piece {
    Text(std::ops::Range<usize>),
    Nonce,
    Token,
}

impl Template {
    fn cut(html: String, nonce: &str, token: &str) -> Template {
        let mut marks: Vec<(usize, usize, Piece)> = html
            .match_indices(nonce)
            .map(|(at, m)| (at, m.len(), Piece::Nonce))
            .chain(html.match_indices(token).map(|(at, m)| (at, m.len(), Piece::Token)))
            .collect();
        marks.sort_by_key(|m| m.0);
        let mut pieces = Vec::with_capacity(2 * marks.len() + 1);
        let mut from = 0;
        for (at, len, piece) in marks {
            // Two random values never overlap; if they did, the first one stands.
            if at < from {
                continue;
            }
            pieces.push(Piece::Text(from..at));
            pieces.push(piece);
            from = at + len;
        }
        pieces.push(Piece::Text(from..html.len()));
        Template { html, pieces }
    }

    fn len(&self) -> usize {
        self.html.len()
    }

    fn fill(&self, nonce: &str, token: &str) -> String {
        let mut out = String::with_capacity(self.html.len() + 64);
        for piece in &self.pieces {
            out.push_str(match piece {
                Piece::Text(range) => &self.html[range.clone()],
                Piece::Nonce => nonce,
                Piece::Token => token,
            });
        }
        out
    }
}

pub struct PageCache {
    backend: Backend,
    pages: RwLock<HashMap<Key, Arc<Kept>>>,
    serials: AtomicU64,
}

impl PageCache {
    pub fn new(backend: Backend) -> Arc<PageCache> {
        Arc::new(PageCache {
            backend,
            pages: RwLock::new(HashMap::new()),
            serials: AtomicU64::new(0),
        })
    }

    fn fresh(&self, key: &Key, data_version: i64, day: &str) -> Option<Arc<Kept>> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages
            .get(key)
            .filter(|k| k.data_version == data_version && k.day == day)
            .cloned()
    }

    fn keep(&self, key: Key, kept: Kept) -> Arc<Kept> {
        let kept = Arc::new(kept);
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        let held: usize = pages.values().map(|k| k.page.len()).sum();
        if held + kept.page.len() > BUDGET_BYTES {
            pages.clear();
        }
        pages.insert(key, kept.clone());
        kept
    }
}

/// The ETag of a kept rendering as sent to the holder of `token`: the page carries the token.
fn etag(kept: &Kept, token: &str) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    token.hash(&mut h);
    format!("\"p{}-{:x}\"", kept.serial, h.finish())
}

pub async fn public_pages(State(cache): State<Arc<PageCache>>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let cookies = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let anonymous = cookie::session_token(cookies).is_none() && cookie::from_headers(headers, STAFF_COOKIE).is_none();
    let (Some(nonce), Some(CsrfToken(token))) = (
        req.extensions().get::<Nonce>().cloned(),
        req.extensions().get::<CsrfToken>().cloned(),
    ) else {
        return next.run(req).await;
    };
    if req.method() != Method::GET || !anonymous || !is_public_page(req.uri().path()) {
        return next.run(req).await;
    }
    let key = Key {
        path_and_query: pages_own_query(req.uri()),
        care: care_mode::enabled_in_cookie_header(cookies),
        wechat: wechat::in_headers(headers),
    };
    let data_version = cache.backend.data_version_seen();
    let day = cache.backend.clock.now().today().iso();
    let if_none_match = headers.get(header::IF_NONE_MATCH).cloned();
    if req.uri().path_and_query().map(|p| p.as_str()) != Some(key.path_and_query.as_str()) {
        if let Ok(uri) = key.path_and_query.parse() {
            *req.uri_mut() = uri;
        }
    }

    let kept = match cache.fresh(&key, data_version, &day) {
        Some(kept) => kept,
        None => {
            let res = next.run(req).await;
            let html = res
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
            if res.status() != StatusCode::OK || !html || res.headers().contains_key(header::SET_COOKIE) {
                return res;
            }
            let (parts, body) = res.into_parts();
            let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            };
            let Ok(html) = String::from_utf8(bytes.to_vec()) else {
                return Response::from_parts(parts, Body::from(bytes));
            };
            let serial = cache.serials.fetch_add(1, Ordering::Relaxed);
            cache.keep(
                key,
                Kept {
                    data_version,
                    day,
                    page: Template::cut(html, &nonce.to_string(), &token),
                    serial,
                },
            )
        }
    };
    let tag = etag(&kept, &token);
    if if_none_match.is_some_and(|v| v.as_bytes() == tag.as_bytes()) {
        // No body, and none of the headers (CSP above all) the stored page was sent with.
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response();
    }
    let html = kept.page.fill(&nonce.to_string(), &token);
    let mut res = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    if let Ok(v) = HeaderValue::from_str(&tag) {
        res.headers_mut().insert(header::ETAG, v);
    }
    res
}

#[cfg(test)]
mod template_tests {
    use super::{pages_own_query, Template};

    #[test]
    fn wechats_own_parameters_are_dropped_and_the_pages_kept() {
        let own = |uri: &str| pages_own_query(&uri.parse().unwrap());
        assert_eq!(own("/?from=singlemessage&isappinstalled=0"), "/");
        assert_eq!(
            own("/institutions?division=430104&nsukey=abc%3D&service=training"),
            "/institutions?division=430104&service=training"
        );
        assert_eq!(own("/institutions?locate=1"), "/institutions?locate=1");
        assert_eq!(own("/i/DEMO-433101?from=timeline"), "/i/DEMO-433101");
    }

    #[test]
    fn every_nonce_and_token_is_replaced_and_nothing_else() {
        let page = Template::cut("<a n=\"N1\">T1</a><b n=\"N1\"/>T1".to_owned(), "N1", "T1");
        assert_eq!(page.fill("n2", "t2"), "<a n=\"n2\">t2</a><b n=\"n2\"/>t2");
        let plain = Template::cut("nothing here".to_owned(), "N1", "T1");
        assert_eq!(plain.fill("n2", "t2"), "nothing here");
    }
}
