use leptos::prelude::*;

use crate::pages::under_construction::UnderConstruction;
use crate::text;

#[component]
pub fn InstitutionsHome() -> impl IntoView {
    view! {
        <UnderConstruction
            title=text::NAV_INSTITUTIONS
            summary="按您的位置或所在地区，查找最近的公共就业服务机构、地址和电话。"
        />
    }
}
