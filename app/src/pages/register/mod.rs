use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::institutions::load_institution;
use crate::pages::under_construction::UnderConstruction;
use crate::text;
use crate::ui::institution_card::DemoBadge;

#[component]
pub fn RegisterHome() -> impl IntoView {
    let query = use_query_map();
    // A hall's QR code (or an institution page) chooses the handling office: `?org=CODE`.
    let org = Resource::new(
        move || query.read().get("org"),
        |code| async move {
            match code {
                Some(code) => load_institution(code).await.ok().flatten(),
                None => None,
            }
        },
    );
    view! {
        <UnderConstruction
            title=text::NAV_REGISTER
            summary="在线填写就业失业求职登记表并作出书面承诺，即可申请失业登记。"
        />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                org.await.map(|p| view! {
                    <p class="chosen-office">
                        "您选择的办理机构：" <strong>{p.institution.name.clone()}</strong>
                        {p.institution.demo.then(|| view! { " " <DemoBadge/> })}
                    </p>
                })
            })}
        </Suspense>
    }
}
