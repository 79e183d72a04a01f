//! 注销登记 (`/staff/people/{reference}/end`): first the reason, each with its rule in a line,
//! then what that reason needs (the 就业登记, the local rule, the person's confirmation) and
//! how it was verified. One question per page; plain forms, so it works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::data::load_staff_person;
use super::sign_in_first;
use crate::api::lists::ListKind;
use crate::api::service_311::StaffServicesView;
use crate::domain::registration::ending::{needs, rule_words, telling, Needs, Telling};
use crate::domain::registration::status::EndReason;
use crate::pages::services::data::load_list;
use crate::pages::PostedForm;
use crate::text;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;
use crate::web::percent_encode;

#[component]
pub fn StaffEnd() -> impl IntoView {
    let reference = use_params_map().read_untracked().get("reference").unwrap_or_default();
    let reason = use_query_map()
        .read_untracked()
        .get("reason")
        .and_then(|r| EndReason::parse(&r));
    let data = Resource::new(move || reference.clone(), load_staff_person);
    let rules = Resource::new(|| ListKind::EndRule, load_list);
    view! {
        <Title text=format!("注销登记 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match (data.await, rules.await) {
                    (Ok(Some(Ok(v))), Ok(list)) => {
                        let rules = list.entries.into_iter().filter_map(|e| e.fields.get("name").cloned()).collect();
                        page(v, reason, rules)
                    }
                    (Ok(Some(Err(message))), _) => view! { <h1>"注销登记"</h1><p>{message}</p> }.into_any(),
                    (Ok(None), _) => sign_in_first(),
                    _ => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn page(v: StaffServicesView, reason: Option<EndReason>, rules: Vec<String>) -> AnyView {
    let reference = v.services.reference.clone();
    let back = format!("/staff/people/{}", percent_encode(&reference));
    let body = if !v.services.open {
        view! { <p class="panel">"这份登记不是“已登记”状态，不能注销。"</p> }.into_any()
    } else {
        match reason {
            None => choose(&v, &back).into_any(),
            Some(reason) => form(&v, reason, rules, &back).into_any(),
        }
    };
    view! {
        <p><a class="standalone-link" href=back.clone()>"← 服务记录"</a></p>
        <h1>"注销登记 " <span class="reference">{reference}</span></h1>
        {v.pending_ending.clone().map(|p| view! {
            <p class="panel panel--warning">{format!(
                "已告知本人拟注销（原因{}：{}），将于 {} 注销；可在服务记录页确认或撤销。其他原因（如死亡）仍可在这里办理。",
                p.reason.code(), p.reason_label, p.ends_on
            )}</p>
        })}
        {body}
    }
    .into_any()
}

/// The reason first, each with its rule.
fn choose(v: &StaffServicesView, back: &str) -> impl IntoView {
    let days = v.ending_notice_days;
    view! {
        <form method="get" action=format!("{back}/end") novalidate>
            <fieldset class="field" id="reason">
                <legend class="field__label">"注销原因（《湖南省人力资源和社会保障厅关于进一步做好失业登记工作的通知》一（三））"</legend>
                {EndReason::ALL.into_iter().map(|r| {
                    let id = format!("reason-{}", r.code());
                    let shown = v.may_end_for.iter().any(|c| c == r.code());
                    view! {
                        <div class="radio">
                            <input type="radio" id=id.clone() name="reason" value=r.code()/>
                            <label for=id>
                                {format!("{}. {}", r.code(), r.label())}
                                {shown.then(|| view! { " " <strong>"（记录显示可能符合）"</strong> })}
                                <span class="hint">{rule_words(r, days)}</span>
                            </label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button button--primary">"下一步"</button>
        </form>
    }
}

/// What the chosen reason needs, and how it was verified.
fn form(v: &StaffServicesView, reason: EndReason, rules: Vec<String>, back: &str) -> impl IntoView {
    let state = use_context::<PostedForm>().unwrap_or_default();
    let s = &v.services;
    let facts = match needs(reason) {
        Needs::Refusals => Some(format!(
            "记录显示连续无正当理由拒绝 {} 次（满3次才能以原因8注销）。",
            s.refusals_in_a_row
        )),
        Needs::NoContact => Some(format!(
            "最近一次联系：{}（连续6个月联系不上才能以原因9注销）。",
            v.last_contact
        )),
        _ => None,
    };
    let no_rules = needs(reason) == Needs::LocalRule && rules.is_empty();
    let waits = telling(reason) == Telling::FirstThenWait;
    let radio = |name: &'static str, value: String, label: String, chosen: &str| {
        let id = format!("{name}-{value}");
        let checked = chosen == value;
        view! { <div class="radio"><input type="radio" id=id.clone() name=name value=value checked=checked/><label for=id>{label}</label></div> }
    };
    view! {
        <ErrorSummary errors=state.problems.clone()/>
        <h2>{format!("原因{}：{}", reason.code(), reason.label())}</h2>
        <p>{rule_words(reason, v.ending_notice_days)}</p>
        {facts.map(|f| view! { <p class="panel">{f}</p> })}
        <p><a class="standalone-link" href=format!("{back}/end")>"换一个原因"</a></p>
        {if no_rules {
            view! { <p class="panel panel--warning">"省级管理员尚未发布当地规定的其他注销情形，暂不能以原因11注销。"</p> }.into_any()
        } else {
            view! {
                <form method="post" action=format!("{back}/end") novalidate>
                    <CsrfField/>
                    <input type="hidden" name="reason" value=reason.code()/>
                    {(needs(reason) == Needs::Employment).then(|| view! {
                        <div class="field" id="employer">
                            <label class="field__label" for="employer-input">"用人单位或经营项目"</label>
                            <p class="hint">"就业登记：单位全称；个体经营填写字号或经营项目"</p>
                            <input class="input" id="employer-input" name="employer" type="text" maxlength="100" value=state.value("employer")/>
                        </div>
                        <div class="field" id="started_on">
                            <label class="field__label" for="started_on-input">"开始工作日期"</label>
                            <input class="input input--short" id="started_on-input" name="started_on" type="date" value=state.value("started_on")/>
                        </div>
                    })}
                    {(reason == EndReason::StableIncome).then(|| {
                        let chosen = state.value("income_meets_dibao");
                        view! {
                            <fieldset class="field" id="income_meets_dibao">
                                <legend class="field__label">"月收入是否不低于当地最低生活保障标准？"</legend>
                                {radio("income_meets_dibao", "1".into(), "是，不低于".into(), &chosen)}
                                {radio("income_meets_dibao", "0".into(), "否，低于（不能以原因3注销）".into(), &chosen)}
                            </fieldset>
                        }
                    })}
                    {(needs(reason) == Needs::LocalRule).then(|| {
                        let chosen = state.value("local_rule");
                        view! {
                            <fieldset class="field" id="local_rule">
                                <legend class="field__label">"当地规定的情形"</legend>
                                {rules.into_iter().map(|r| radio("local_rule", r.clone(), r, &chosen)).collect_view()}
                            </fieldset>
                        }
                    })}
                    <div class="field" id="verified">
                        <label class="field__label" for="verified-input">"核实情况"</label>
                        <p class="hint">"如何核实的，例如“社保系统显示已领取养老金，电话告知本人”"</p>
                        <textarea class="input" id="verified-input" name="verified" rows="2" maxlength="200">{state.value("verified")}</textarea>
                    </div>
                    {waits.then(|| view! {
                        <div class="field" id="person_confirmed">
                            <div class="checkbox">
                                <input type="checkbox" id="person_confirmed-input" name="person_confirmed" value="1" checked=state.value("person_confirmed") == "1"/>
                                <label for="person_confirmed-input">"本人已确认符合注销条件，立即注销"</label>
                            </div>
                            <p class="hint">{format!("不勾选：先告知本人，{}天后注销，期间可以撤销。", v.ending_notice_days)}</p>
                        </div>
                    })}
                    <button type="submit" class="button button--warning">
                        {if waits { "提交（告知本人或立即注销）" } else { "确认注销" }}
                    </button>
                </form>
            }.into_any()
        }}
    }
}
