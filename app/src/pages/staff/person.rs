//! One worker's services, for staff: the 311 progress, the last contact, each record with its
//! answer (or a form to take it down) and a 回访 form, the month's 动态确认, and 注销: where the
//! records show reason 8 or 9, and an ending announced to the person with its confirmation or
//! withdrawal.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::data::load_staff_person;
use super::sign_in_first;
use crate::api::service_311::{PendingEnding, StaffServicesView};
use crate::domain::registration::codes::Choice;
use crate::domain::registration::confirmation::{STAFF_CHANNELS, STAFF_RESULTS};
use crate::domain::registration::status::EndReason;
use crate::pages::services::ServiceCard;
use crate::pages::PostedForm;
use crate::text;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;

#[component]
pub fn StaffPerson() -> impl IntoView {
    let reference = use_params_map().read_untracked().get("reference").unwrap_or_default();
    let query = use_query_map().read_untracked();
    let recorded = query.get("recorded").is_some();
    let checked = query.get("checked").is_some();
    let banner = if query.get("ended").is_some() {
        Some("登记已注销。".to_owned())
    } else if let Some(day) = query.get("announced") {
        Some(format!("已告知本人符合注销条件；如未撤销，将于 {day} 注销。"))
    } else {
        query
            .get("withdrawn")
            .map(|_| "已撤销拟注销，并已告知本人。".to_owned())
    };
    let data = Resource::new(move || reference.clone(), load_staff_person);
    view! {
        <Title text=format!("服务记录 - {}", text::SITE_TITLE)/>
        <p><a class="standalone-link" href="/staff/people">"← 已登记人员"</a></p>
        <Suspense fallback=|| ()>
            {move || {
                let banner = banner.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(Ok(view))) => page(view, recorded, checked, banner),
                        Ok(Some(Err(message))) => view! { <h1>"服务记录"</h1><p>{message}</p> }.into_any(),
                        Ok(None) => sign_in_first(),
                        Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn page(v: StaffServicesView, recorded: bool, checked: bool, banner: Option<String>) -> AnyView {
    let state = use_context::<PostedForm>().unwrap_or_default();
    let s = v.services;
    let reference = s.reference.clone();
    view! {
        <ErrorSummary errors=state.problems.clone()/>
        {recorded.then(|| view! { <div class="panel panel--confirmation" role="status"><p>"服务已记录，并已通知本人。"</p></div> })}
        {banner.map(|b| view! { <div class="panel panel--confirmation" role="status"><p>{b}</p></div> })}
        <h1>"服务记录 " <span class="reference">{reference.clone()}</span></h1>
        <ul class="progress">
            {s.progress.iter().map(|t| view! {
                <li class="progress__item">
                    <span class="progress__label">{t.kind.label()}</span>
                    <strong class="progress__count">{format!("{}/{}", t.given.min(t.owed), t.owed)}</strong>
                </li>
            }).collect_view()}
        </ul>
        <p>"一年期满：" {s.year_ends_on.clone()} "（不含）· 最近一次联系：" {v.last_contact.clone()} " · 连续无正当理由拒绝：" {s.refusals_in_a_row} "次"</p>
        {(!s.open).then(|| view! { <p class="panel">"这份登记已不在有效期（已注销），不再记录服务。"</p> })}
        {v.ending.clone().map(|e| view! {
            <h2>"注销信息"</h2>
            <dl class="summary-list">
                <div class="summary-list__row"><dt>"注销原因"</dt><dd>{format!("{}. {}", e.reason.code(), e.reason_label)}</dd></div>
                <div class="summary-list__row"><dt>"办理"</dt><dd>{e.recorded_by}</dd></div>
                {e.particulars.into_iter().map(|(label, value)| view! {
                    <div class="summary-list__row"><dt>{label}</dt><dd>{value}</dd></div>
                }).collect_view()}
            </dl>
        })}
        {s.open.then(|| view! { <p><a class="button button--primary" href=format!("/staff/record?ref={reference}")>"为此人记录服务"</a></p> })}
        {s.open.then(|| check_form(&reference, v.confirmed_this_month.clone(), checked, &state))}
        {v.may_end_for.iter().filter_map(|code| EndReason::parse(code)).map(|reason| may_end(&reference, reason)).collect_view()}
        {match v.pending_ending.clone() {
            Some(p) => pending(&reference, p, &state).into_any(),
            None => s.open.then(|| view! {
                <p><a class="button button--secondary" href=format!("/staff/people/{reference}/end")>"注销登记"</a></p>
            }).into_any(),
        }}
        <h2>"服务记录"</h2>
        <ol class="service-list">
            {s.records.into_iter().map(|r| view! { <li><ServiceCard record=r staff=true/></li> }).collect_view()}
        </ol>
    }
    .into_any()
}

/// The records show reason 8 or 9 may apply: staff verify before anything ends.
fn may_end(reference: &str, reason: EndReason) -> impl IntoView {
    let why = match reason {
        EndReason::RefusedServices => {
            "记录显示此人已无正当理由连续3次拒绝服务。请先联系本人核实，确认后再办理注销（会告知本人）。"
        }
        _ => "记录显示已连续6个月无法取得联系。请再尝试联系并核实，确认后再办理注销（按规定不另行告知）。",
    };
    view! {
        <div class="panel panel--warning">
            <h2>{format!("可能符合注销原因{}：{}", reason.code(), reason.label())}</h2>
            <p>{why}</p>
            <p><a class="button button--warning" href=format!("/staff/people/{reference}/end?reason={}", reason.code())>{format!("核实后注销（原因{}）", reason.code())}</a></p>
        </div>
    }
}

/// An ending announced to the person: it takes effect on its day, or now when the person
/// confirmed; or it is withdrawn.
fn pending(reference: &str, p: PendingEnding, state: &PostedForm) -> impl IntoView {
    let note = |id: &'static str, label: &'static str| {
        view! {
            <div class="field" id=id>
                <label class="field__label" for=format!("{id}-input")>{label}</label>
                <textarea class="input" id=format!("{id}-input") name="note" rows="2" maxlength="200">{state.value("note")}</textarea>
            </div>
        }
    };
    view! {
        <section class="panel panel--warning" id="ending" aria-labelledby="ending-title">
            <h2 id="ending-title">{format!("拟注销：原因{}（{}）", p.reason.code(), p.reason_label)}</h2>
            <p>{format!("{} 已告知本人。如未撤销，将于 {} 注销。", p.announced_on, p.ends_on)}</p>
            <form method="post" action=format!("/staff/people/{reference}/end/confirm") novalidate>
                <CsrfField/>
                {note("note", "本人确认情况（本人确认后立即注销）")}
                <button type="submit" class="button button--warning">"本人已确认，立即注销"</button>
            </form>
            <form method="post" action=format!("/staff/people/{reference}/end/withdraw") novalidate>
                <CsrfField/>
                {note("withdraw-note", "撤销原因（例如本人提出异议，经核实不符合）")}
                <button type="submit" class="button button--secondary">"撤销拟注销"</button>
            </form>
        </section>
    }
}

/// 就业失业动态确认 by staff: where this month stands, and a check by phone, visit or 信息比对.
fn check_form(reference: &str, confirmed: Option<String>, checked: bool, state: &PostedForm) -> impl IntoView {
    let (channel, result) = (state.value("channel"), state.value("result"));
    let radios = |name: &'static str, list: &'static [Choice], chosen: String| {
        list.iter()
            .map(move |c| {
                let id = format!("{name}-{}", c.code);
                let hint = (!c.hint.is_empty()).then(|| view! { <span class="hint">{format!("（{}）", c.hint)}</span> });
                view! { <div class="radio"><input type="radio" id=id.clone() name=name value=c.code checked=chosen == c.code/><label for=id>{c.label} {hint}</label></div> }
            })
            .collect_view()
    };
    view! {
        <section class="panel" id="check" aria-labelledby="check-title">
            <h2 id="check-title">"就业失业动态确认"</h2>
            {checked.then(|| view! { <p role="status"><strong>"已记录本次确认。"</strong></p> })}
            <p>{match confirmed {
                Some(words) => format!("本月已确认：{words}。本人的确认不会被覆盖。"),
                None => "本月尚未确认。可电话、走访或信息比对后在这里记录；联系不上的也请记录。".to_owned(),
            }}</p>
            <form method="post" action=format!("/staff/people/{reference}/check") novalidate>
                <CsrfField/>
                <fieldset class="field" id="channel">
                    <legend class="field__label">"确认方式"</legend>
                    {radios("channel", STAFF_CHANNELS, channel)}
                </fieldset>
                <fieldset class="field" id="result">
                    <legend class="field__label">"确认结果"</legend>
                    {radios("result", STAFF_RESULTS, result)}
                </fieldset>
                <div class="field">
                    <label class="field__label" for="on">"确认日期（不填为今天）"</label>
                    <input class="input input--short" id="on" name="on" type="date" value=state.value("on")/>
                </div>
                <button type="submit" class="button button--secondary">"记录确认"</button>
            </form>
        </section>
    }
}
