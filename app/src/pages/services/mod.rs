use leptos::prelude::*;

use crate::pages::under_construction::UnderConstruction;
use crate::text;

#[component]
pub fn ServicesHome() -> impl IntoView {
    view! {
        <UnderConstruction
            title=text::NAV_SERVICES
            summary="登记后一年内，您至少会获得3次岗位推荐、1次职业指导和1次免费技能培训信息。"
        />
    }
}
