//! The 311 overview for staff: every registered person of the area with what is still owed
//! and the days left in their year, the most urgent first.

use std::collections::HashMap;

use super::Services311;
use crate::api::service_311::OverviewRow;
use crate::backend::auth::staff::StaffSession;
use crate::backend::Error;
use crate::domain::date::Ymd;
use crate::domain::registration::status::Status;
use crate::domain::registration::Answers;
use crate::domain::service_311::{counts_toward_311, progress, ServiceKind, Window};

/// More registered people than this in one area means the list needs paging (not yet).
const OVERVIEW_LIMIT: i64 = 2000;

/// Those still owed something first, the fewest days left first; then those given all.
fn most_urgent_first(rows: &mut [OverviewRow]) {
    rows.sort_by_key(|r| (r.still_owed == 0, r.days_left, r.reference.clone()));
}

impl Services311 {
    /// The registered people of the staff member's area with their 311 standing; audited.
    pub async fn overview(
        &self,
        staff: &StaffSession,
        today: Ymd,
        client: &str,
        now: i64,
    ) -> Result<Vec<OverviewRow>, Error> {
        let registered = self
            .store
            .registrations_in(&staff.scope, Some(Status::Registered.as_str()), OVERVIEW_LIMIT)
            .await?;
        let mut given: HashMap<String, Vec<(ServiceKind, Ymd)>> = HashMap::new();
        for (registration_id, kind, on, content) in self.store.services_in(&staff.scope).await? {
            let content: Answers = serde_json::from_str(&content).unwrap_or_default();
            if let (Some(kind), Some(on)) = (ServiceKind::parse(&kind), Ymd::parse_iso(&on)) {
                if counts_toward_311(kind, &content) {
                    given.entry(registration_id).or_default().push((kind, on));
                }
            }
        }
        self.auth
            .audit(staff, "read_311_overview", &staff.scope, client, "", now)
            .await?;
        let mut rows = Vec::with_capacity(registered.len());
        for row in &registered {
            let Some(registered_on) = row.registered_on.as_deref().and_then(Ymd::parse_iso) else {
                continue;
            };
            let window = Window::new(registered_on, None);
            let tallies = progress(given.get(&row.id).map_or(&[][..], Vec::as_slice), window);
            rows.push(OverviewRow {
                reference: row.reference.clone(),
                name_masked: self.registrations.summary(row)?.name_masked,
                registered_on: registered_on.iso(),
                year_ends_on: window.until.iso(),
                days_left: window.until.days() - today.days(),
                still_owed: tallies.iter().map(|t| t.still_owed()).sum(),
                progress: tallies.to_vec(),
            });
        }
        most_urgent_first(&mut rows);
        Ok(rows)
    }
}
