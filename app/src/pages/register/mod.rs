//! 办理失业登记: the start page, the form pages, 核对信息, 本人承诺, and 我的登记. Pages are
//! drawn by the server and post plain forms (see the server's `register` module).

mod check;
pub mod data;
mod declaration;
mod fields;
mod gate;
mod not_eligible;
mod status;
mod step;

pub use check::CheckAnswers;
pub use declaration::Declaration;
pub use not_eligible::NotEligible;
pub use status::MyRegistration;
pub use step::StepPage;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::pages::institutions::data::load_institution;
use crate::text;
use crate::ui::institution_card::DemoBadge;
use crate::ui::phone::with_hotline;
use data::load_register_page;

#[component]
pub fn RegisterHome() -> impl IntoView {
    let query = use_query_map();
    // A hall's QR code (or an institution page) chooses the handling office: `?org=CODE`.
    let org_code = query.read_untracked().get("org");
    let org = Resource::new(
        move || query.read().get("org"),
        |code| async move {
            match code {
                Some(code) => load_institution(code).await.ok().flatten(),
                None => None,
            }
        },
    );
    let data = Resource::new(|| (), |_| load_register_page(String::new()));
    view! {
        <Title text=format!("{} - {}", text::NAV_REGISTER, text::SITE_TITLE)/>
        <h1>{text::NAV_REGISTER}</h1>
        <p class="lead">"没有工作、想找工作的湖南城乡劳动者，年满16周岁、没有领取基本养老金的，都可以在网上申请失业登记。"</p>
        <ul class="list">
            <li>"大约需要10分钟，分步填写，随时自动保存。"</li>
            <li>"只需要有效身份证件的号码，不需要上传任何证明材料（书面承诺制）。"</li>
            <li>"户籍地或常住地都可以办理，户口在外地也可以在常住地办理。"</li>
            <li>"提交后5个工作日内审核，结果可在“我的登记”查看。"</li>
        </ul>
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
        <Suspense fallback=|| ()>
            {move || {
                let org_code = org_code.clone();
                Suspend::new(async move {
                    let d = data.await.unwrap_or_default();
                    let start = match &org_code {
                        Some(code) => format!("/register/start?org={code}"),
                        None => "/register/start".to_owned(),
                    };
                    if let Some(reference) = d.open_reference {
                        view! {
                            <p>"您已有一份失业登记，受理编号 " <strong class="reference">{reference}</strong></p>
                            <p><a class="button button--primary" href="/registration">"查看我的登记"</a></p>
                        }.into_any()
                    } else if d.signed_in && d.answers.len() > 1 {
                        view! { <p><a class="button button--primary" href=start>"继续填写"</a></p> }.into_any()
                    } else {
                        view! { <p><a class="button button--primary" href=start>"开始"</a></p> }.into_any()
                    }
                })
            }}
        </Suspense>
        <p class="hint">{with_hotline(text::HOTLINE)}</p>
    }
}
