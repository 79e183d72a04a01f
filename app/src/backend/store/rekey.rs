//! Key rotation's columns and queries (`backend::rekey` drives them). Every column that holds a
//! sealed value or a keyed hash, found by reading the migrations and every `seal`, `open` and
//! `lookup_hash` call of the backend:
//!
//! ```text
//! table.column                      holds                               row found by
//! persons.phone_enc                 sealed Phone                        id
//! persons.phone_hash                lookup of phone_enc (UNIQUE)        id
//! login_codes.phone_enc             sealed Phone                        id (the challenge)
//! login_codes.phone_hash            lookup of phone_enc                 id
//! staff.phone_enc                   sealed Phone                        id
//! staff.phone_hash                  lookup of phone_enc                 id
//! person_identities.id_enc          sealed IdNumber (kind:number)       person_id
//! person_identities.id_hash         lookup of id_enc (UNIQUE)           person_id
//! person_identities.birth_enc       sealed BirthDate, or NULL           person_id
//! person_providers.subject_enc      sealed ExternalSubject, or NULL     (provider, subject_hash)
//! person_providers.subject_hash     lookup of provider:subject_enc      (provider, subject_hash)
//! registration_drafts.answers_enc   sealed Registration                 person_id
//! registrations.answers_enc         sealed Registration                 id
//! registration_endings.details_enc  sealed Ending                       registration_id
//! outbox.greeting_enc               sealed Greeting                     id
//! wechat_tokens.token_enc           sealed WeChatCredential, or NULL    app_id (token: wx…, ticket: wx…#jsapi)
//! ```
//!
//! person_providers.subject_enc is NULL for accounts bound before the account id was kept:
//! their hash cannot be rebuilt, and after a new lookup key those people bind WeChat again.
//!
//! Keyed hashes with no sealed value to rebuild them from, void under a new lookup key:
//! login_codes.code_hash (a code sent before the change no longer matches: the person asks for
//! a new one), login_codes.client_hash and rate_counts.bucket (the per-client limits start
//! counting afresh). Not keyed, so untouched by either rotation: sessions' and staff sessions'
//! token_digest (SHA-256), staff.password_hash (argon2id). Nothing else is sealed: the audit
//! log, notices, events and service records hold no sealed or hashed values.
//!
//! Table and column names come only from the constants below, never from input.

use sqlx::any::AnyRow;
use sqlx::Row;

use super::Store;
use crate::backend::crypto::Field;

/// A column of a table, and the primary key its rows are told apart by.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub table: &'static str,
    pub key: &'static [&'static str],
    pub name: &'static str,
}

impl Column {
    /// `table.column`, as reports name it.
    pub fn label(&self) -> String {
        format!("{}.{}", self.table, self.name)
    }
}

/// A column of sealed values, and what they are (bound into their encryption).
pub struct Sealed {
    pub column: Column,
    pub field: Field,
}

/// A lookup column: the keyed hash of the sealed value in `source` of the same row.
pub struct Lookup {
    pub column: Column,
    pub source: &'static str,
    pub field: Field,
    /// A column whose value goes before the opened one, `prefix:value`: the hash of an external
    /// account covers its provider, the sealed value only the account id.
    pub prefix: Option<&'static str>,
}

const fn column(table: &'static str, key: &'static [&'static str], name: &'static str) -> Column {
    Column { table, key, name }
}

const BY_ID: &[&str] = &["id"];
const BY_PERSON: &[&str] = &["person_id"];
const PROVIDERS: &[&str] = &["provider", "subject_hash"];

pub const SEALED: &[Sealed] = &[
    Sealed {
        column: column("persons", BY_ID, "phone_enc"),
        field: Field::Phone,
    },
    Sealed {
        column: column("login_codes", BY_ID, "phone_enc"),
        field: Field::Phone,
    },
    Sealed {
        column: column("staff", BY_ID, "phone_enc"),
        field: Field::Phone,
    },
    Sealed {
        column: column("person_identities", BY_PERSON, "id_enc"),
        field: Field::IdNumber,
    },
    Sealed {
        column: column("person_identities", BY_PERSON, "birth_enc"),
        field: Field::BirthDate,
    },
    Sealed {
        column: column("person_providers", PROVIDERS, "subject_enc"),
        field: Field::ExternalSubject,
    },
    Sealed {
        column: column("registration_drafts", BY_PERSON, "answers_enc"),
        field: Field::Registration,
    },
    Sealed {
        column: column("registrations", BY_ID, "answers_enc"),
        field: Field::Registration,
    },
    Sealed {
        column: column("registration_endings", &["registration_id"], "details_enc"),
        field: Field::Ending,
    },
    Sealed {
        column: column("outbox", BY_ID, "greeting_enc"),
        field: Field::Greeting,
    },
    Sealed {
        column: column("wechat_tokens", &["app_id"], "token_enc"),
        field: Field::WeChatCredential,
    },
];

pub const LOOKUPS: &[Lookup] = &[
    Lookup {
        column: column("persons", BY_ID, "phone_hash"),
        source: "phone_enc",
        field: Field::Phone,
        prefix: None,
    },
    Lookup {
        column: column("login_codes", BY_ID, "phone_hash"),
        source: "phone_enc",
        field: Field::Phone,
        prefix: None,
    },
    Lookup {
        column: column("staff", BY_ID, "phone_hash"),
        source: "phone_enc",
        field: Field::Phone,
        prefix: None,
    },
    Lookup {
        column: column("person_identities", BY_PERSON, "id_hash"),
        source: "id_enc",
        field: Field::IdNumber,
        prefix: None,
    },
    // The hash is part of the key: a row rebuilt moves in key order, and one met again is
    // already right, so reading on in key order still meets every row not yet rebuilt.
    Lookup {
        column: column("person_providers", PROVIDERS, "subject_hash"),
        source: "subject_enc",
        field: Field::ExternalSubject,
        prefix: Some("provider"),
    },
];

/// A row's key and the sealed value it holds, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct SealedValue {
    pub key: Vec<String>,
    pub value: String,
}

/// A row's key, its lookup hash and what the hash is made from, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct LookupSource {
    pub key: Vec<String>,
    pub hash: String,
    /// NULL: nothing to rebuild the hash from.
    pub sealed: Option<String>,
    pub prefix: Option<String>,
}

/// A new value for the row `key`, written only while the column still holds `old`.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub key: Vec<String>,
    pub old: String,
    pub new: String,
}

/// `(k1, k2) > ($first, $first+1)`: the rows after a row in key order.
fn after_clause(key: &[&str], first: usize) -> String {
    let params: Vec<String> = (0..key.len()).map(|i| format!("${}", first + i)).collect();
    format!("({}) > ({})", key.join(", "), params.join(", "))
}

/// The first `n` columns of a row: its key.
fn key_of(row: &AnyRow, n: usize) -> Result<Vec<String>, sqlx::Error> {
    (0..n).map(|i| row.try_get::<String, usize>(i)).collect()
}

impl Store {
    /// Up to `limit` values of `c` that a key other than the one sealing with `prefix` sealed,
    /// in key order after the row `after`. Compared with `substr`, not `LIKE`: SQLite's `LIKE`
    /// ignores case, and key ids may differ only in case. NULL (nothing sealed) never matches.
    pub async fn sealed_not_under(
        &self,
        c: &Column,
        prefix: &str,
        after: Option<&[String]>,
        limit: i64,
    ) -> Result<Vec<SealedValue>, sqlx::Error> {
        let keys = c.key.join(", ");
        let mut filter = format!("substr({}, 1, length($1)) <> $1", c.name);
        if after.is_some() {
            filter = format!("{filter} AND {}", after_clause(c.key, 2));
        }
        let limit_at = 2 + after.map_or(0, <[String]>::len);
        let sql = format!(
            "SELECT {keys}, {name} FROM {table} WHERE {filter} ORDER BY {keys} LIMIT ${limit_at}",
            name = c.name,
            table = c.table
        );
        let mut query = sqlx::query(&sql).bind(prefix);
        for k in after.unwrap_or_default() {
            query = query.bind(k.as_str());
        }
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        let n = c.key.len();
        rows.iter()
            .map(|r| {
                Ok(SealedValue {
                    key: key_of(r, n)?,
                    value: r.try_get(n)?,
                })
            })
            .collect()
    }

    /// How many values of `c` a key other than the one sealing with `prefix` sealed.
    pub async fn count_sealed_not_under(&self, c: &Column, prefix: &str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar::<_, i64>(&format!(
            "SELECT COUNT(*) FROM {} WHERE substr({}, 1, length($1)) <> $1",
            c.table, c.name
        ))
        .bind(prefix)
        .fetch_one(&self.pool)
        .await
    }

    /// Up to `limit` rows of the lookup `l` in key order after the row `after`: every row, as
    /// only opening its value tells whether its hash is under the current lookup key.
    pub async fn lookup_sources(
        &self,
        l: &Lookup,
        after: Option<&[String]>,
        limit: i64,
    ) -> Result<Vec<LookupSource>, sqlx::Error> {
        let c = &l.column;
        let keys = c.key.join(", ");
        let mut select = format!("{keys}, {}, {}", c.name, l.source);
        if let Some(prefix) = l.prefix {
            select = format!("{select}, {prefix}");
        }
        let filter = match after {
            Some(_) => format!("WHERE {}", after_clause(c.key, 1)),
            None => String::new(),
        };
        let limit_at = 1 + after.map_or(0, <[String]>::len);
        let sql = format!(
            "SELECT {select} FROM {table} {filter} ORDER BY {keys} LIMIT ${limit_at}",
            table = c.table
        );
        let mut query = sqlx::query(&sql);
        for k in after.unwrap_or_default() {
            query = query.bind(k.as_str());
        }
        let rows = query.bind(limit).fetch_all(&self.pool).await?;
        let n = c.key.len();
        rows.iter()
            .map(|r| {
                Ok(LookupSource {
                    key: key_of(r, n)?,
                    hash: r.try_get(n)?,
                    sealed: r.try_get(n + 1)?,
                    prefix: match l.prefix {
                        Some(_) => r.try_get(n + 2)?,
                        None => None,
                    },
                })
            })
            .collect()
    }

    /// Writes the changes to `c` in one transaction, each only where the column still holds
    /// the value read (compare-and-set): a row the portal wrote meanwhile keeps what the
    /// portal wrote. Answers how many rows were written.
    pub async fn compare_and_set(&self, c: &Column, changes: &[Change]) -> Result<u64, sqlx::Error> {
        if changes.is_empty() {
            return Ok(0);
        }
        let keys: Vec<String> = c
            .key
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{k} = ${}", i + 2))
            .collect();
        let sql = format!(
            "UPDATE {table} SET {name} = $1 WHERE {keys} AND {name} = ${old}",
            table = c.table,
            name = c.name,
            keys = keys.join(" AND "),
            old = c.key.len() + 2
        );
        let mut tx = self.writer.begin().await?;
        let mut written = 0;
        for change in changes {
            let mut query = sqlx::query(&sql).bind(change.new.as_str());
            for k in &change.key {
                query = query.bind(k.as_str());
            }
            written += query.bind(change.old.as_str()).execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(written)
    }
}
