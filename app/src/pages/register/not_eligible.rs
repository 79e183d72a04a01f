//! When the first page's answers rule registering out: why, in plain words, and what to do
//! instead. Not an error.

use leptos::prelude::*;
use leptos_meta::Title;

use super::data::load_register_page;
use crate::domain::date::Ymd;
use crate::domain::registration::eligibility::assess;
use crate::text;
use crate::ui::phone::with_hotline;

#[component]
pub fn NotEligible() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_register_page("eligibility".into()));
    view! {
        <Title text=format!("暂时不能办理失业登记 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let d = data.await.unwrap_or_default();
                let today = Ymd::from_digits(&d.today).unwrap_or(Ymd { year: 2000, month: 1, day: 1 });
                let reasons = assess(&d.answers, Ymd::from_digits(&d.birth), today);
                view! {
                    <h1>"您暂时不能办理失业登记"</h1>
                    {reasons.iter().map(|r| view! {
                        <div class="panel">
                            <p>{r.why()}</p>
                            <p>{r.instead()}</p>
                        </div>
                    }).collect_view()}
                    <p>"如果回答选错了，可以"<a href="/register/eligibility">"返回修改"</a>"。"</p>
                    <p><a class="button" href="/institutions">"查找附近的服务机构"</a></p>
                    <p class="hint">{with_hotline(text::HOTLINE)}</p>
                }
            })}
        </Suspense>
    }
}
