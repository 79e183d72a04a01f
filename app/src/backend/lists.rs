//! 政策清单 and 服务清单: the lists the notice says every registered worker is given, kept as
//! data. Province-wide for now, so only provincial administrators replace them (audited).

use crate::api::lists::{ListEntry, ListKind, ListView};
use crate::api::FieldError;
use crate::backend::auth::staff::StaffSession;
use crate::backend::auth::Auth;
use crate::backend::clock::time_ordered_id;
use crate::backend::store::{NewListEntry, Store};
use crate::backend::Error;

const MAX_ENTRIES: usize = 200;
const MAX_FIELD: usize = 1000;

#[derive(Clone)]
pub struct Lists {
    store: Store,
    auth: Auth,
}

impl Lists {
    pub fn new(store: Store, auth: Auth) -> Lists {
        Lists { store, auth }
    }

    pub async fn get(&self, kind: ListKind) -> Result<ListView, Error> {
        let entries = self
            .store
            .list_entries(kind.as_str())
            .await?
            .into_iter()
            .map(|row| ListEntry {
                fields: serde_json::from_str(&row.fields).unwrap_or_default(),
                demo: row.demo,
            })
            .collect();
        Ok(ListView { kind, entries })
    }

    /// Replaces the whole list: every entry has every field of its kind, or nothing changes.
    pub async fn replace(
        &self,
        staff: &StaffSession,
        kind: ListKind,
        entries: &[ListEntry],
        client: &str,
        now: i64,
    ) -> Result<ListView, Error> {
        if !(staff.is_admin && staff.scope == "43") {
            return Err(Error::Forbidden("只有省级管理员可以修改这些清单。".into()));
        }
        self.write(kind, entries, &staff.staff_id, now).await?;
        self.auth
            .audit(
                staff,
                &format!("replace_{}_list", kind.as_str()),
                kind.as_str(),
                client,
                "",
                now,
            )
            .await?;
        self.get(kind).await
    }

    /// Checks and writes a list (also the demo lists, by `demo`).
    pub async fn write(&self, kind: ListKind, entries: &[ListEntry], by: &str, now: i64) -> Result<(), Error> {
        if entries.len() > MAX_ENTRIES {
            return Err(Error::Invalid(vec![FieldError {
                field: "entries".into(),
                message: format!("清单条目：最多{MAX_ENTRIES}条"),
            }]));
        }
        let mut problems = Vec::new();
        let mut rows = Vec::new();
        for (i, entry) in entries.iter().enumerate() {
            for key in entry.fields.keys() {
                if !kind.fields().iter().any(|(k, _)| k == key) {
                    let known: Vec<&str> = kind.fields().iter().map(|(k, _)| *k).collect();
                    problems.push(FieldError {
                        field: format!("entries[{i}].{key}"),
                        message: format!(
                            "第{}条：{}没有“{key}”这一项，可填 {}",
                            i + 1,
                            kind.title(),
                            known.join("、")
                        ),
                    });
                }
            }
            for (key, label) in kind.fields() {
                let value = entry.fields.get(*key).map_or("", |v| v.trim());
                if value.is_empty() {
                    problems.push(FieldError {
                        field: format!("entries[{i}].{key}"),
                        message: format!("第{}条{label}：请填写{label}", i + 1),
                    });
                } else if value.chars().count() > MAX_FIELD {
                    problems.push(FieldError {
                        field: format!("entries[{i}].{key}"),
                        message: format!("第{}条{label}：最多{MAX_FIELD}个字，请删减", i + 1),
                    });
                }
            }
            let fields = serde_json::to_string(&entry.fields).map_err(|e| Error::Internal(e.to_string()))?;
            rows.push(NewListEntry {
                id: time_ordered_id(now),
                fields,
                demo: entry.demo,
                by,
            });
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        self.store.replace_list(kind.as_str(), &rows, now).await?;
        Ok(())
    }
}
