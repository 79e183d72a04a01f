//! 核对信息: every answer, each with a 修改 link that returns here.

use leptos::prelude::*;
use leptos_meta::Title;

use super::data::{load_register_page, PageData};
use super::gate::{gate, unfinished};
use crate::domain::registration::check::{answer, asked, shown};
use crate::domain::registration::steps::{Kind, STEPS};
use crate::text;
use crate::ui::phone::with_hotline;

#[component]
pub fn CheckAnswers() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_register_page("check".into()));
    view! {
        <Title text=format!("核对您的信息 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => gate(&d, "/register/check").unwrap_or_else(|| page(d)),
                    Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The words for a division or an office code, from the page's lists.
fn place_words(d: &PageData, kind: Kind, code: &str) -> Option<String> {
    match kind {
        Kind::Division if code == crate::domain::registration::steps::OUTSIDE_HUNAN => Some("湖南省外".into()),
        Kind::Division => d
            .divisions
            .iter()
            .flat_map(|(city, counties)| counties.iter().map(move |(c, n)| (c, format!("{city} {n}"))))
            .find(|(c, _)| *c == code)
            .map(|(_, n)| n),
        Kind::Township { .. } => d.townships.iter().find(|(c, _)| c == code).map(|(_, n)| n.clone()),
        Kind::Office => d.offices.iter().find(|o| o.code == code).map(|o| o.name.clone()),
        _ => None,
    }
}

fn page(d: PageData) -> AnyView {
    if let Some(unfinished) = unfinished(&d) {
        return unfinished;
    }
    let rows = STEPS
        .iter()
        .flat_map(|s| s.fields.iter().map(move |f| (s, f)))
        .filter(|(_, f)| asked(f, &d.answers))
        .map(|(s, f)| {
            let words = place_words(&d, f.kind, answer(&d.answers, f.name)).unwrap_or_else(|| shown(f, &d.answers));
            let href = format!("/register/{}?return=check#{}", s.slug, f.anchor());
            let label = f.label.trim_end_matches(['？', '?']).to_owned();
            view! {
                <div class="summary-list__row">
                    <dt>{label.clone()}</dt>
                    <dd>{words}</dd>
                    <dd class="summary-list__action">
                        <a href=href>"修改"<span class="visually-hidden">{label}</span></a>
                    </dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <a class="back-link" href="/register/office">"返回"</a>
        <p class="caption">{format!("失业登记 · 第{}步，共{}步", STEPS.len() + 1, STEPS.len() + 2)}</p>
        <h1>"核对您的信息"</h1>
        <p class="lead">"请逐项核对。发现错误，点“修改”改好后会回到这一页。"</p>
        {d.identity.map(|i| view! {
            <dl class="summary-list">
                <div class="summary-list__row"><dt>{i.kind}</dt><dd class="masked">{i.number_masked}</dd><dd></dd></div>
            </dl>
        })}
        <dl class="summary-list">{rows}</dl>
        <p><a class="button button--primary" href="/register/declaration">"信息无误，继续"</a></p>
    }
    .into_any()
}
