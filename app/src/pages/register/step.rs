//! One page of the form (`/register/:step`): the question as the heading, its fields, 继续.
//! It posts to the server, which saves the draft and goes on; the browser checks it first.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::data::{load_register_page, PageData};
use super::fields::{Options, Question};
use super::gate::gate;
use crate::domain::registration::check::asked;
use crate::domain::registration::steps::{self, Step, STEPS};
use crate::pages::PostedForm;
use crate::text;
use crate::ui::csrf::CsrfField;
use crate::ui::phone::with_hotline;
use crate::ui::step_checks::StepChecks;

#[component]
pub fn StepPage() -> impl IntoView {
    let params = use_params_map();
    let slug = params.read_untracked().get("step").unwrap_or_default();
    let back_to_check = use_query_map().read_untracked().get("return").as_deref() == Some("check");
    let data = Resource::new(
        move || params.read().get("step").unwrap_or_default(),
        load_register_page,
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    let Some(step) = steps::step(&slug) else {
                        return view! { <crate::pages::not_found::NotFound/> }.into_any();
                    };
                    match data.await {
                        Ok(d) => gate(&d, &format!("/register/{slug}")).unwrap_or_else(|| page(step, d, back_to_check)),
                        Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn page(step: &'static Step, d: PageData, back_to_check: bool) -> AnyView {
    let problems = use_context::<PostedForm>().unwrap_or_default().problems;
    let number = STEPS.iter().position(|s| s.slug == step.slug).unwrap_or(0) + 1;
    let back = if back_to_check {
        "/register/check".to_owned()
    } else {
        STEPS
            .get(number.wrapping_sub(2))
            .map_or("/register".to_owned(), |s| format!("/register/{}", s.slug))
    };
    let action = format!(
        "/register/{}{}",
        step.slug,
        if back_to_check { "?return=check" } else { "" }
    );
    let title = format!(
        "{}{} - {}",
        if problems.is_empty() { "" } else { "错误：" },
        step.title,
        text::SITE_TITLE
    );
    let options = Options {
        divisions: d.divisions.clone(),
        townships: d.townships.clone(),
        offices: d.offices.clone(),
    };
    let identity = (step.slug == "name").then(|| {
        d.identity.clone().map(|i| {
            view! {
                <dl class="summary-list summary-list--plain">
                    <div><dt>{i.kind}</dt><dd class="masked">{i.number_masked}</dd></div>
                    {i.sex.map(|s| view! { <div><dt>"性别"</dt><dd>{s}</dd></div> })}
                    {i.birth.map(|b| view! { <div><dt>"出生日期"</dt><dd>{b}</dd></div> })}
                </dl>
                {i.converted_note.then(|| view! { <p class="hint">"您的15位旧身份证号码已按国家标准转换为18位。"</p> })}
            }
        })
    });
    let questions = step
        .fields
        .iter()
        .filter(|f| f.when.is_none() || asked(f, &d.answers) || !d.answers.contains_key(f.when.map_or("", |w| w.0)))
        .map(|f| {
            let error = problems.iter().find(|(a, _)| *a == f.anchor()).map(|(_, m)| m.clone());
            view! { <Question field=*f answers=d.answers.clone() error options=options.clone()/> }
        })
        .collect_view();
    view! {
        <Title text=title/>
        <a class="back-link" href=back>"返回"</a>
        <StepChecks step=step.slug.to_owned() today=d.today.clone() birth=d.birth.clone() problems>
            <form method="post" action=action novalidate>
                <CsrfField/>
                <p class="caption">{format!("失业登记 · 第{number}步，共{}步", STEPS.len() + 2)}</p>
                <h1>{step.title}</h1>
                {(!step.intro.is_empty()).then(|| view! { <p class="lead">{step.intro}</p> })}
                {identity}
                {questions}
                <button type="submit" class="button button--primary">"继续"</button>
            </form>
        </StepChecks>
        <p class="hint">"填写的内容会自动保存。可以随时离开，下次登录后接着填。"</p>
    }
    .into_any()
}
