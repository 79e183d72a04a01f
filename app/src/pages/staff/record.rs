//! 记录服务: first the kind, then its content, the people (one or several 受理编号), the date
//! and the channel. Each person is told through the Notifier.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::data::staff_signed_in;
use super::sign_in_first;
use crate::domain::service_311::{ContentField, ServiceKind, Show, CHANNELS};
use crate::pages::PostedForm;
use crate::text;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;
use crate::web::percent_encode;

#[component]
pub fn StaffRecord() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let kind = query.get("kind").and_then(|k| ServiceKind::parse(&k));
    let reference = query.get("ref").unwrap_or_default();
    let signed_in = Resource::new(|| (), |_| staff_signed_in());
    view! {
        <Title text=format!("记录服务 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || {
                let reference = reference.clone();
                Suspend::new(async move {
                    match (signed_in.await, kind) {
                        (Ok(false), _) => sign_in_first(),
                        (Err(_), _) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                        (Ok(true), None) => view! { <p><a class="standalone-link" href="/staff/people">"← 已登记人员"</a></p> {choose_kind(&reference)} }.into_any(),
                        (Ok(true), Some(kind)) => view! { <p><a class="standalone-link" href="/staff/people">"← 已登记人员"</a></p> {form(kind, reference)} }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn choose_kind(reference: &str) -> impl IntoView {
    view! {
        <h1>"记录哪一项服务？"</h1>
        <ul class="cards">
            {ServiceKind::ALL.into_iter().map(|k| view! {
                <li><a class="card" href=format!("/staff/record?kind={}&ref={}", k.as_str(), percent_encode(reference))>
                    <span class="card__title">{k.label()}</span>
                    {(k.owed() > 0).then(|| view! { <span class="card__body">{format!("计入“311”：一年至少{}次", k.owed())}</span> })}
                </a></li>
            }).collect_view()}
        </ul>
    }
}

fn form(kind: ServiceKind, reference: String) -> impl IntoView {
    let state = use_context::<PostedForm>().unwrap_or_default();
    let references = if state.values.is_empty() {
        reference
    } else {
        state.value("references")
    };
    let given_on = state.value("given_on");
    let channel = state.value("channel");
    view! {
        <ErrorSummary errors=state.problems.clone()/>
        <h1>{format!("记录{}", kind.label())}</h1>
        <form method="post" action="/staff/record" novalidate>
            <CsrfField/>
            <input type="hidden" name="kind" value=kind.as_str()/>
            {kind.content_fields().iter().map(|f| content_field(f, &state)).collect_view()}
            <div class="field">
                <label class="field__label" for="references">"受理编号"</label>
                <p class="hint">"每行一个；同一岗位可以同时推荐给多人（全部在本辖区且已登记才会记录）。"</p>
                <textarea class="input" id="references" name="references" rows="3">{references}</textarea>
            </div>
            <div class="field">
                <label class="field__label" for="given_on">"服务日期（不填为今天）"</label>
                <input class="input input--short" id="given_on" name="given_on" type="date" value=given_on/>
            </div>
            <fieldset class="field" id="channel">
                <legend class="field__label">"服务方式"</legend>
                {CHANNELS.iter().map(|(code, label)| {
                    let id = format!("channel-{code}");
                    view! { <div class="radio"><input type="radio" id=id.clone() name="channel" value=*code checked=channel == *code/><label for=id>{*label}</label></div> }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button button--primary">"记录并通知本人"</button>
        </form>
    }
}

/// One piece of the content: typed, or for a yes/no (培训是否免费) chosen, since only a free
/// training counts toward "311".
fn content_field(f: &ContentField, state: &PostedForm) -> AnyView {
    if f.show == Show::YesNo {
        let chosen = state.value(f.key);
        return view! {
            <fieldset class="field" id=f.key>
                <legend class="field__label">{f.label}</legend>
                <p class="hint">"只有免费的技能培训计入“311”。"</p>
                {[("1", "是"), ("0", "否")].into_iter().map(|(value, label)| {
                    let id = format!("{}-{value}", f.key);
                    view! { <div class="radio"><input type="radio" id=id.clone() name=f.key value=value checked=chosen == value/><label for=id>{label}</label></div> }
                }).collect_view()}
            </fieldset>
        }
        .into_any();
    }
    view! {
        <div class="field">
            <label class="field__label" for=f.key>{f.label} {(!f.required).then_some("（选填）")}</label>
            <input class="input" id=f.key name=f.key type="text" maxlength="200" value=state.value(f.key)/>
        </div>
    }
    .into_any()
}
