//! What the institution pages load: a region's institutions and one institution's page (the
//! nearest ones the `Locate` island asks of the API itself).

use serde::{Deserialize, Serialize};

use crate::api::institutions::{Institution, RegionView};

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
