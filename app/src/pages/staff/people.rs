//! 已登记人员 (`/staff/people`): the registered people of the staff member's area, masked,
//! each leading to their services.

use leptos::prelude::*;
use leptos_meta::Title;

use super::data::load_staff_people;
use super::sign_in_first;
use crate::text;

#[component]
pub fn StaffPeople() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_staff_people());
    view! {
        <Title text=format!("已登记人员 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(people)) => view! {
                        <h1>"已登记人员"</h1>
                        <p><a class="button button--primary" href="/staff/record">"记录一项服务"</a></p>
                        {if people.is_empty() {
                            view! { <p>"暂无已登记人员。"</p> }.into_any()
                        } else {
                            view! {
                                <ul class="cards">
                                    {people.into_iter().map(|p| {
                                        let href = format!("/staff/people/{}", p.reference);
                                        view! {
                                        <li>
                                            <a class="card" href=href>
                                                <span class="card__title">{p.name_masked}</span>
                                                <span class="card__body"><span class="reference">{p.reference}</span> " · 申请日期 " {p.submitted_on}</span>
                                            </a>
                                        </li>
                                    }}).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                    Ok(None) => sign_in_first(),
                    Err(_) => view! { <p>{text::TRY_AGAIN}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
