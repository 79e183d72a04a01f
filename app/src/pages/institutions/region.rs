//! 按地区查找: 市州 → 县市区 → 乡镇街道 as plain links and a plain GET form, rendered by the
//! server, so it works with JavaScript off and is always there.

use leptos::prelude::*;

use super::data::load_region;
use crate::api::institutions::{Division, RegionView};
use crate::domain::institution::Service;
use crate::ui::institution_card::InstitutionCard;

fn link(code: &str, service: &Option<String>) -> String {
    match service {
        Some(s) => format!("/institutions?division={code}&service={s}"),
        None => format!("/institutions?division={code}"),
    }
}

#[component]
pub fn RegionPicker(division: Option<String>, service: Option<String>) -> impl IntoView {
    // Rendered on the server only (not an island): the key never changes.
    let region = Resource::new(move || (division.clone(), service.clone()), |(d, s)| load_region(d, s));
    view! {
        <section class="section" aria-labelledby="region-title">
            <h2 id="region-title">"按地区查找"</h2>
            <Suspense fallback=|| view! { <p class="status">"正在加载……"</p> }>
                {move || Suspend::new(async move {
                    match region.await {
                        Ok(view) => {
                            let service = query_service();
                            view! { <Region view service/> }.into_any()
                        }
                        Err(_) => view! {
                            <p class="notice" role="alert">"没有找到这个地区。"<a href="/institutions">"从市州重新选择"</a></p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn query_service() -> Option<String> {
    leptos_router::hooks::use_query_map()
        .get_untracked()
        .get("service")
        .filter(|s| !s.is_empty())
}

#[component]
fn Region(view: RegionView, service: Option<String>) -> impl IntoView {
    let RegionView {
        trail,
        children,
        institutions,
    } = view;
    let current: Option<Division> = trail.last().cloned();
    let child_word = match current.as_ref().map(|d| d.level.as_str()) {
        None => "请选择市州",
        Some("prefecture") => "请选择县市区",
        _ => "请选择乡镇（街道）",
    };
    let crumbs = trail
        .iter()
        .map(|d| view! { <li><a href=link(&d.code, &service)>{d.name.clone()}</a></li> })
        .collect_view();
    let division_value = current.as_ref().map(|d| d.code.clone()).unwrap_or_default();
    let service_options = Service::ALL
        .into_iter()
        .map(
            |s| view! { <option value=s.as_str() selected=service.as_deref() == Some(s.as_str())>{s.label()}</option> },
        )
        .collect_view();
    let choices = (!children.is_empty()).then(|| {
        let items = children
            .iter()
            .map(|d| view! { <li><a class="choice" href=link(&d.code, &service)>{d.name.clone()}</a></li> })
            .collect_view();
        view! {
            <h3 class="results-title">{child_word}</h3>
            <ul class="choices">{items}</ul>
        }
    });
    let list = current.as_ref().map(|d| {
        let title = format!("{}的服务机构", d.name);
        if institutions.is_empty() {
            view! { <p class="notice">"这里还没有登记服务机构。"</p> }.into_any()
        } else {
            view! {
                <h3 class="results-title">{title.clone()}</h3>
                <ul class="inst-list" aria-label=title>
                    {institutions.into_iter().map(|i| view! { <li><InstitutionCard institution=i/></li> }).collect_view()}
                </ul>
            }
            .into_any()
        }
    });
    view! {
        <nav aria-label="所选地区" class="trail">
            <ol>
                <li><a href="/institutions">"湖南省"</a></li>
                {crumbs}
            </ol>
        </nav>
        <form method="get" action="/institutions" class="filter">
            <input type="hidden" name="division" value=division_value/>
            <label for="service">"只看经办"</label>
            <select id="service" name="service">
                <option value="" selected=service.is_none()>"全部经办项目"</option>
                {service_options}
            </select>
            <button type="submit" class="button button--secondary">"筛选"</button>
        </form>
        {choices}
        {list}
    }
}
