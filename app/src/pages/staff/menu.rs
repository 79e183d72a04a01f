//! The staff menu under the header of every staff page: 待办, 已登记人员, 记录服务, 大厅协助, 统计, who is
//! signed in at which institution, and 退出登录. Nothing before sign-in.

use leptos::prelude::*;
use leptos_router::components::A;

use super::data::load_staff_bar;
use crate::ui::csrf::CsrfField;

#[component]
pub fn StaffMenu() -> impl IntoView {
    let bar = Resource::new(|| (), |_| load_staff_bar());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                bar.await.ok().flatten().map(|me| view! {
                    <nav class="staff-nav" aria-label="工作人员菜单">
                        <A href="/staff" exact=true>"待办"</A>
                        <A href="/staff/people">"已登记人员"</A>
                        <A href="/staff/record">"记录服务"</A>
                        <A href="/staff/assist">"大厅协助"</A>
                        <A href="/staff/statistics">"统计"</A>
                        <p class="staff-who">{format!("{} · {}", me.username, me.institution_name)}</p>
                        <form method="post" action="/staff/signout">
                            <CsrfField/>
                            <button type="submit" class="button button--secondary">"退出登录"</button>
                        </form>
                    </nav>
                })
            })}
        </Suspense>
    }
}
