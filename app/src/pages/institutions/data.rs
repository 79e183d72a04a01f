//! What the institution pages load: a region's institutions, the nearest ones (asked by the
//! `Locate` island from the browser) and one institution's page.

use serde::{Deserialize, Serialize};

use crate::api::institutions::{Institution, NearestAnswer, RegionView};

/// An institution's page: the institution and the address its QR code holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstitutionPage {
    pub institution: Institution,
    pub qr_url: String,
}

/// The page's view of a division and its institutions.
#[leptos::server]
pub async fn load_region(
    division: Option<String>,
    service: Option<String>,
) -> Result<RegionView, leptos::prelude::ServerFnError> {
    use crate::api::institutions::InstitutionFilter;
    use crate::backend::{fn_error, use_backend, Error};
    let filter = InstitutionFilter::parse(division.as_deref(), None, service.as_deref(), None, None)
        .map_err(|e| fn_error(Error::Invalid(e)))?;
    use_backend()?.directory.region(&filter).await.map_err(fn_error)
}

/// The nearest institutions to a phone's position (WGS-84), for the page.
#[leptos::server]
pub async fn nearest_institutions(
    lat: String,
    lon: String,
    service: Option<String>,
) -> Result<NearestAnswer, leptos::prelude::ServerFnError> {
    use crate::api::institutions::NearestQuery;
    use crate::backend::{fn_error, use_backend, Error};
    let backend = use_backend()?;
    let query = NearestQuery::parse(Some(&lat), Some(&lon), Some("wgs84"), None, service.as_deref())
        .map_err(|e| fn_error(Error::Invalid(e)))?;
    backend.directory.nearest(&query).await.map_err(fn_error)
}

/// One institution, or `None` when the code is unknown.
#[leptos::server]
pub async fn load_institution(code: String) -> Result<Option<InstitutionPage>, leptos::prelude::ServerFnError> {
    use crate::backend::{fn_error, institutions::qr::institution_url, use_backend, Error};
    let backend = use_backend()?;
    match backend.directory.get(&code).await {
        Ok(institution) => Ok(Some(InstitutionPage {
            qr_url: institution_url(&backend.public_url, &institution.code),
            institution,
        })),
        Err(Error::NotFound) => Ok(None),
        Err(e) => Err(fn_error(e)),
    }
}
