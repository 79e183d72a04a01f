//! Key rotation, end to end: `portal rekey` and `portal rehash` (issue 18). Personal data is
//! sealed with the first key of PORTAL_DATA_KEYS beside keyed hashes under PORTAL_LOOKUP_KEY
//! (see `crypto`); `store::rekey` lists every such column and how its rows are found.
//!
//! Rekey: every sealed value starts with the id of the key that sealed it (`keyid.BASE64`), so
//! the values still under an older key are found in SQL by that prefix alone, without opening
//! anything; rows already under the first key are never read again. A run stopped halfway thus
//! continues where it stopped when run again. Each batch of a column is one transaction, and
//! each row is written only while it still holds the value read (compare-and-set): a row the
//! portal wrote meanwhile keeps what the portal wrote, which is sealed with the first key
//! already once every portal server runs with the new PORTAL_DATA_KEYS (the operator restarts
//! them first), or else is taken by the next run. So rekey runs while the portal serves.
//!
//! Rehash: each lookup hash is made again under the configured lookup key from the row's own
//! sealed value (so it needs data keys that open everything), and written only where it
//! differs: stopping and running again continues too. It runs with the portal stopped. The
//! portal finds people by the hash under its one lookup key; while some rows hold the old key's
//! hash and some the new, a sign-in would not find the person and would start a second, empty
//! account for them (whose hash then collides with the original's once that is rebuilt), and a
//! document already bound could be stated again. Trying an old lookup key as well
//! (PORTAL_LOOKUP_KEY_OLD) would add a second lookup to every place the portal finds someone,
//! for a step that takes minutes; a short stop is simpler and leaves nothing to get wrong.

use std::sync::Arc;

use super::crypto::Vault;
use super::store::rekey::{Change, Column, LOOKUPS, SEALED};
use super::store::Store;
use super::Error;

/// Rows of one column read and written per transaction.
const BATCH: i64 = 500;

/// What a run did to one column so far.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// `table.column`.
    pub column: String,
    /// Values sealed again with the first data key, or lookup hashes made again.
    pub rewritten: u64,
    /// Rows the portal wrote between read and write, left as the portal wrote them.
    pub changed_meanwhile: u64,
    /// Rows left as they are because no configured data key opens their value (damaged, or
    /// sealed with a key no longer configured), or, for a lookup, there is no sealed value to
    /// make the hash from.
    pub unreadable: u64,
}

impl Report {
    fn of(column: &Column) -> Report {
        Report {
            column: column.label(),
            ..Report::default()
        }
    }
}

/// Re-seals and re-hashes the stored personal data with the configured keys.
pub struct KeyRotation {
    store: Store,
    vault: Arc<Vault>,
}

impl KeyRotation {
    pub fn new(store: Store, vault: Arc<Vault>) -> KeyRotation {
        KeyRotation { store, vault }
    }

    /// For each sealed column, `table.column` and how many of its values an older data key
    /// sealed (`portal rekey --check`): when all are 0, the older keys may leave
    /// PORTAL_DATA_KEYS.
    pub async fn left_under_old_keys(&self) -> Result<Vec<(String, u64)>, Error> {
        let prefix = self.vault.current_prefix();
        let mut left = Vec::new();
        for sealed in SEALED {
            let n = self.store.count_sealed_not_under(&sealed.column, &prefix).await?;
            left.push((sealed.column.label(), n as u64));
        }
        Ok(left)
    }

    /// Seals with the first data key every value an older one sealed, a column at a time;
    /// `progress` hears how each column stands after every batch.
    pub async fn rekey(&self, mut progress: impl FnMut(&Report)) -> Result<Vec<Report>, Error> {
        let prefix = self.vault.current_prefix();
        let mut reports = Vec::new();
        for sealed in SEALED {
            let mut report = Report::of(&sealed.column);
            // Read on in key order: a row that cannot be opened, or that the portal wrote with
            // an older key meanwhile, is not read again in this run.
            let mut after: Option<Vec<String>> = None;
            loop {
                let rows = self
                    .store
                    .sealed_not_under(&sealed.column, &prefix, after.as_deref(), BATCH)
                    .await?;
                let Some(last) = rows.last() else { break };
                after = Some(last.key.clone());
                let mut changes = Vec::new();
                for row in rows {
                    match self.vault.open(sealed.field, &row.value) {
                        Ok(plain) => changes.push(Change {
                            new: self.vault.seal(sealed.field, &plain),
                            key: row.key,
                            old: row.value,
                        }),
                        Err(_) => report.unreadable += 1,
                    }
                }
                self.write(&sealed.column, &changes, &mut report).await?;
                progress(&report);
            }
            reports.push(report);
        }
        Ok(reports)
    }

    /// Makes every lookup hash again under the configured lookup key, a column at a time.
    /// Only with the portal stopped (see the module's comment).
    pub async fn rehash(&self, mut progress: impl FnMut(&Report)) -> Result<Vec<Report>, Error> {
        let mut reports = Vec::new();
        for lookup in LOOKUPS {
            let mut report = Report::of(&lookup.column);
            let mut after: Option<Vec<String>> = None;
            loop {
                let rows = self.store.lookup_sources(lookup, after.as_deref(), BATCH).await?;
                let Some(last) = rows.last() else { break };
                after = Some(last.key.clone());
                let mut changes = Vec::new();
                for row in rows {
                    let opened = row.sealed.and_then(|s| self.vault.open(lookup.field, &s).ok());
                    let Some(value) = opened else {
                        report.unreadable += 1;
                        continue;
                    };
                    let hashed = match row.prefix {
                        Some(prefix) => format!("{prefix}:{value}"),
                        None => value,
                    };
                    let hash = self.vault.lookup_hash(lookup.field, &hashed);
                    if hash != row.hash {
                        changes.push(Change {
                            key: row.key,
                            old: row.hash,
                            new: hash,
                        });
                    }
                }
                self.write(&lookup.column, &changes, &mut report).await?;
                progress(&report);
            }
            reports.push(report);
        }
        Ok(reports)
    }

    /// One batch's compare-and-set, counted into `report`.
    async fn write(&self, column: &Column, changes: &[Change], report: &mut Report) -> Result<(), Error> {
        let written = self.store.compare_and_set(column, changes).await?;
        report.rewritten += written;
        report.changed_meanwhile += changes.len() as u64 - written;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
