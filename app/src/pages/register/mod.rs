use leptos::prelude::*;

use crate::pages::under_construction::UnderConstruction;
use crate::text;

#[component]
pub fn RegisterHome() -> impl IntoView {
    view! {
        <UnderConstruction
            title=text::NAV_REGISTER
            summary="在线填写就业失业求职登记表并作出书面承诺，即可申请失业登记。"
        />
    }
}
