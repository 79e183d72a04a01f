//! 附近服务机构: nearest first from the phone's position, or by region; each institution's
//! page, its QR landing (`/i/{code}`) and its printable poster.

pub mod data;
mod detail;
mod locate;
mod region;

pub use detail::{InstitutionDetail, InstitutionPoster, QrLanding};

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::text;
use locate::Locate;
use region::RegionPicker;

#[component]
pub fn InstitutionsHome() -> impl IntoView {
    let query = use_query_map().get_untracked();
    let division = query.get("division").filter(|s| !s.is_empty());
    let service = query.get("service").filter(|s| !s.is_empty());
    // `locate=1` arrives only from the button's plain form post, i.e. without JavaScript.
    let asked_without_script = query.get("locate").is_some();
    view! {
        <h1>{text::NAV_INSTITUTIONS}</h1>
        <p>"公共就业服务机构免费办理失业登记、就业登记，提供职业介绍、职业指导和培训信息。"</p>
        <Locate service=service.clone() asked_without_script/>
        <RegionPicker division service/>
    }
}
