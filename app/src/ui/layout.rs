use leptos::prelude::*;
use leptos_router::components::A;

use crate::pages::staff::data::load_hall_person;
use crate::pages::staff::StaffMenu;
use crate::text;
use crate::ui::care_mode::{self, CareModeToggle};

/// Header, main content and the bottom navigation of every citizen page; staff pages
/// (`/staff…`) have the staff menu instead and wider content for a desk or a tablet.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let care = care_mode::requested();
    // Where the no-JavaScript care-mode post returns to: this page, query included.
    let location = leptos_router::hooks::use_location();
    let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
    let staff = path == "/staff" || path.starts_with("/staff/");
    let path = if search.is_empty() {
        path
    } else {
        format!("{path}?{}", search.trim_start_matches('?'))
    };
    view! {
        <div class={if staff { "app app--staff" } else { "app" }} class:care=care>
            <a class="skip-link" href="#main">"跳到主要内容"</a>
            <header class="site-header">
                <a class="site-title" href={if staff { "/staff" } else { "/" }}>
                    {text::SITE_TITLE} {staff.then_some(" · 工作人员")}
                </a>
                <div class="site-header__links">
                    {(!staff).then(|| view! { <a class="account-link" href="/account">"我的账户"</a> })}
                    <CareModeToggle on=care back=path csrf=crate::ui::csrf::current_token()/>
                </div>
            </header>
            {staff.then(|| view! { <StaffMenu/> })}
            {(!staff).then(|| view! { <HallBanner/> })}
            <main id="main" class="site-main" tabindex="-1">{children()}</main>
            {(!staff).then(|| view! { <BottomNav/> })}
        </div>
    }
}

/// On the citizen pages in a staff member's browser at the hall: whose pages these are, and the
/// way back to end it.
#[component]
fn HallBanner() -> impl IntoView {
    let person = Resource::new(|| (), |_| load_hall_person());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                person.await.ok().flatten().map(|masked| view! {
                    <p class="hall-banner" role="note">
                        {format!("大厅协助办理：正在为 {masked} 办理。")}
                        <a href="/staff/assist">"结束协助"</a>
                    </p>
                })
            })}
        </Suspense>
    }
}

#[component]
fn BottomNav() -> impl IntoView {
    view! {
        <nav class="bottom-nav" aria-label="主要栏目">
            <A href="/register" attr:class="bottom-nav__item">
                <span class="bottom-nav__icon" aria-hidden="true">"登"</span>
                <span>{text::NAV_REGISTER}</span>
            </A>
            <A href="/institutions" attr:class="bottom-nav__item">
                <span class="bottom-nav__icon" aria-hidden="true">"近"</span>
                <span>{text::NAV_INSTITUTIONS}</span>
            </A>
            <A href="/services" attr:class="bottom-nav__item">
                <span class="bottom-nav__icon" aria-hidden="true">"我"</span>
                <span>{text::NAV_SERVICES}</span>
            </A>
        </nav>
    }
}
