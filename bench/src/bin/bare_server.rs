//! The yardstick of `make bench` (bench/load.sh): a bare axum server that answers each path the
//! portal is measured on with the very bytes the portal answered it with, and a draft save that
//! is one raw sqlx upsert of the portal's own encrypted draft row. Whatever the portal spends
//! beyond this is its own cost.
//!
//! Usage: `bare_server PORTAL_URL DATABASE_URL COOKIE DRAFT_BODY PATH...`: each `PATH` is fetched
//! once from the portal as an anonymous visitor; the draft is saved once through the portal with
//! the session `COOKIE`, and the row it wrote is read back from `DATABASE_URL`. Prints
//! `bare http://ADDR` when it serves.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::Router;
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor, Row};

const DRAFT: &str = "/api/v1/me/registration/draft";

/// One answer as the portal gave it.
#[derive(Clone)]
struct Answer {
    content_type: HeaderValue,
    body: Bytes,
}

impl IntoResponse for Answer {
    fn into_response(self) -> axum::response::Response {
        ([(header::CONTENT_TYPE, self.content_type)], self.body).into_response()
    }
}

async fn answer_of(response: reqwest::Response) -> Answer {
    assert!(
        response.status().is_success(),
        "{} {}",
        response.url(),
        response.status()
    );
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    Answer {
        content_type,
        body: response.bytes().await.expect("body"),
    }
}

/// The draft row the portal wrote, written again as it is.
struct DraftRow {
    person_id: String,
    answers_enc: String,
    done_steps: String,
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [portal, database_url, cookie, draft_body, paths @ ..] = args.as_slice() else {
        eprintln!("usage: bare_server PORTAL_URL DATABASE_URL COOKIE DRAFT_BODY PATH...");
        std::process::exit(2);
    };
    let client = reqwest::Client::new();
    let mut bare = Router::new();
    for path in paths {
        let answer = answer_of(client.get(format!("{portal}{path}")).send().await.expect("get")).await;
        let route = path.split('?').next().unwrap_or(path);
        bare = bare.route(route, get(move || async move { answer }));
    }

    let saved = answer_of(
        client
            .put(format!("{portal}{DRAFT}"))
            .header(header::COOKIE, cookie.as_str())
            .header(header::CONTENT_TYPE, "application/json")
            .body(draft_body.clone())
            .send()
            .await
            .expect("put"),
    )
    .await;
    let pool = sqlite_pool(database_url).await;
    let row = sqlx::query("SELECT person_id, answers_enc, done_steps FROM registration_drafts")
        .fetch_one(&pool)
        .await
        .expect("the draft the portal saved");
    let row = Arc::new(DraftRow {
        person_id: row.get("person_id"),
        answers_enc: row.get("answers_enc"),
        done_steps: row.get("done_steps"),
    });
    // Each save changes the row, as each of the portal's does (a fresh seal and time): SQLite
    // writes nothing, and so syncs nothing, for an upsert that leaves the row as it was.
    let writes = Arc::new(AtomicI64::new(1));
    bare = bare.route(
        DRAFT,
        put(move |_body: Bytes| {
            let (pool, row, saved) = (pool.clone(), row.clone(), saved.clone());
            let updated_at = writes.fetch_add(1, Ordering::Relaxed);
            async move {
                // The portal's own upsert (store/registrations.rs), with the row as it is.
                let written = sqlx::query(
                    "INSERT INTO registration_drafts (person_id, answers_enc, done_steps, updated_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (person_id) DO UPDATE SET \
                     answers_enc = excluded.answers_enc, done_steps = excluded.done_steps, \
                     updated_at = excluded.updated_at",
                )
                .bind(&row.person_id)
                .bind(&row.answers_enc)
                .bind(&row.done_steps)
                .bind(updated_at)
                .execute(&pool)
                .await;
                match written {
                    Ok(_) => saved.into_response(),
                    Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
                }
            }
        }),
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    println!("bare http://{}", listener.local_addr().expect("addr"));
    axum::serve(listener, bare).await.expect("serve");
}

/// The portal's SQLite settings (store/mod.rs): the same durability for the same write, and
/// one connection, as the portal's writer (several would wait on each other in SQLite's busy
/// handler, and the yardstick would be slower than it can be).
async fn sqlite_pool(url: &str) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPoolOptions::new()
        .max_connections(1)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("PRAGMA journal_mode = WAL").await?;
                conn.execute("PRAGMA synchronous = FULL").await?;
                conn.execute("PRAGMA busy_timeout = 5000").await?;
                Ok(())
            })
        })
        .connect(url)
        .await
        .expect("database")
}
