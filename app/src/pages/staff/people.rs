//! 已登记人员 (`/staff/people`): the 311 overview of the staff member's area. Each registered
//! person, masked, with what is still owed of 3 job referrals, 1 career guidance and 1 free
//! training, and the days left in their year, the most urgent first.

use leptos::prelude::*;
use leptos_meta::Title;

use super::data::load_staff_people;
use super::sign_in_first;
use crate::api::service_311::OverviewRow;
use crate::text;
use crate::ui::phone::with_hotline;
use crate::ui::table::DataTable;

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
                        <p class="hint">"“311”服务：登记后一年内至少3次岗位推荐、1次职业指导、1次免费技能培训信息。还欠服务、一年将满的排在前面。"</p>
                        <p><a class="button button--primary" href="/staff/record">"记录一项服务"</a></p>
                        {if people.is_empty() {
                            view! { <p>"暂无已登记人员。"</p> }.into_any()
                        } else {
                            table(people)
                        }}
                    }.into_any(),
                    Ok(None) => sign_in_first(),
                    Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

const COLUMNS: [&str; 8] = [
    "申请人",
    "受理编号",
    "一年期满",
    "剩余",
    "岗位推荐",
    "职业指导",
    "免费培训",
    "还差",
];

fn table(people: Vec<OverviewRow>) -> AnyView {
    view! {
        <DataTable caption="已登记人员的“311”服务，最急的在前" headers=&COLUMNS>
            {people.into_iter().map(|p| {
                let href = format!("/staff/people/{}", p.reference);
                let urgent = p.still_owed > 0 && p.days_left <= 30;
                view! {
                    <tr class={if urgent { "queue__row queue__row--overdue" } else { "queue__row" }}>
                        <td><a href=href>{p.name_masked}</a></td>
                        <td class="reference">{p.reference}</td>
                        <td>{p.year_ends_on}</td>
                        <td class="queue__left">{format!("{}天", p.days_left.max(0))}</td>
                        {p.progress.iter().map(|t| view! {
                            <td>{format!("{}/{}", t.given.min(t.owed), t.owed)}</td>
                        }).collect_view()}
                        <td>{if p.still_owed == 0 { "已完成".to_owned() } else { format!("{}次", p.still_owed) }}</td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}
