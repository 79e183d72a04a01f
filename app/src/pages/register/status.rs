//! 我的登记 (`/registration`): the reference, the state, what happens next (who, by when,
//! whom to call), the history; reporting work and the monthly confirmation. Right after
//! submitting it is also the confirmation page, and it prints cleanly.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::data::load_my_registration;
use crate::api::registration::RegistrationView;
use crate::domain::date::china_clock;
use crate::domain::registration::codes::MONTHLY_ANSWERS;
use crate::domain::registration::ending::person_words;
use crate::domain::registration::status::{EndReason, Status};
use crate::pages::PostedForm;
use crate::text;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::institution_card::DemoBadge;
use crate::ui::phone::{with_hotline, PhoneLink};
use crate::ui::wechat;

#[component]
pub fn MyRegistration() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let just_submitted = query.get("submitted").is_some();
    // From 我的就业服务's 已录用: straight on to reporting the new job.
    let hired = query.get("hired").is_some();
    let data = Resource::new(|| (), |_| load_my_registration());
    view! {
        <Title text=format!("我的登记 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(Some(r))) => page(r, just_submitted, hired),
                    Ok(Some(None)) => view! {
                        <h1>"我的登记"</h1>
                        <p>"您还没有申请失业登记。"</p>
                        <p><a class="button button--primary" href="/register">"办理失业登记"</a></p>
                    }.into_any(),
                    Ok(None) => view! {
                        <h1>"我的登记"</h1>
                        <p>"登录后可以查看失业登记的办理进度。"</p>
                        <p><a class="button button--primary" href="/signin?next=/registration">"登录"</a></p>
                    }.into_any(),
                    Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn page(r: RegistrationView, just_submitted: bool, hired: bool) -> AnyView {
    let problems = use_context::<PostedForm>().unwrap_or_default().problems;
    let phones = r.office.phones.clone();
    let open = r.status.is_open();
    let by = r.next.by.clone();
    view! {
        <ErrorSummary errors=problems/>
        {just_submitted.then(|| view! {
            <div class="panel panel--confirmation" role="status">
                <h1>"申请已提交"</h1>
                <p>"受理编号"</p>
                <p class="reference reference--large">{r.reference.clone()}</p>
                <p class="hint">"请记下或截图保存这个编号。咨询时报出编号即可，编号里没有数字0、1和字母O、I。"</p>
            </div>
        })}
        {(just_submitted && r.made_at_hall).then(|| view! {
            <form method="post" action="/staff/assist/end" class="no-print">
                <CsrfField/>
                <p class="hint">"大厅协助办理：本人以后用自己的手机登录即可查看进度。"</p>
                <button type="submit" class="button button--secondary">"办理完毕，退出本人账号"</button>
            </form>
        })}
        {(!just_submitted).then(|| view! { <h1>"我的登记"</h1> })}
        <dl class="summary-list">
            <div class="summary-list__row"><dt>"受理编号"</dt><dd class="reference">{r.reference.clone()}</dd></div>
            <div class="summary-list__row"><dt>"状态"</dt><dd><strong class=format!("status status--{}", r.status.as_str())>{r.status_label.clone()}</strong></dd></div>
            <div class="summary-list__row"><dt>"申请日期"</dt><dd>{r.submitted_on.clone()}</dd></div>
            {r.registered_on.clone().map(|d| view! { <div class="summary-list__row"><dt>"登记日期"</dt><dd>{d}</dd></div> })}
            {r.refusal_reason.clone().map(|d| view! { <div class="summary-list__row"><dt>"不予登记原因"</dt><dd>{d}</dd></div> })}
            {r.end_reason_label.clone().map(|d| view! { <div class="summary-list__row"><dt>"注销原因"</dt><dd>{d}</dd></div> })}
        </dl>
        {r.pending_ending.clone().map(|p| view! {
            <div class="panel panel--warning" role="status" id="ending">
                <h2>"您符合注销失业登记的条件"</h2>
                <p>{format!("服务机构于 {} 核实并告知：{}。如无异议，您的失业登记将于 {} 注销。", p.announced_on, p.reason_label, p.ends_on)}</p>
                <p>"如有异议，请在此之前拨打下面的电话联系办理机构。"</p>
            </div>
        })}
        <h2>"接下来"</h2>
        <p><strong>{r.next.who.clone()}</strong>"：" {r.next.what.clone()}</p>
        {by.map(|b| view! { <p class="hint">"期限：" {b}</p> })}
        {(r.status == Status::Registered).then(|| view! {
            <p class="no-print"><a class="button button--secondary" href="/services">"查看为您提供的就业服务"</a></p>
        })}
        <h2>"办理机构"</h2>
        <p>{r.office.name.clone()} {r.office.demo.then(|| view! { " " <DemoBadge/> })}</p>
        <p class="hint">{r.office.address.clone()}</p>
        {phones.into_iter().map(|p| {
            let label = format!("拨打 {p}");
            view! { <p><PhoneLink number=p label=label class="button button--secondary"/></p> }
        }).collect_view()}
        {r.claims_benefit.then(|| view! {
            <div class="panel">
                <h2>"失业保险金需要另外申请"</h2>
                <p>"您说还要申领失业保险金。这是另一项申请：请在“智慧人社”APP、湖南省人社厅网上办事大厅，或到参保地的社保经办机构申领。"</p>
            </div>
        })}
        {(r.status == Status::Registered && r.confirmation_due).then(confirm_form)}
        {open.then(|| report_work_form(hired))}
        {open.then(ending_conditions)}
        <h2>"办理记录"</h2>
        <ol class="timeline">
            {r.events.iter().map(|e| view! { <li><span class="hint">{china_clock(&e.at).get(..10).unwrap_or("").to_owned()}</span> " " {e.what.clone()}</li> }).collect_view()}
        </ol>
        // WeChat's browser cannot print: there a screenshot keeps the page.
        <p class="hint no-print">
            {if wechat::inside() { "可以截屏保存本页。" } else { "可以用浏览器的“打印”保存本页。" }}
            {with_hotline(text::HOTLINE)}
        </p>
    }
    .into_any()
}

/// 注销失业登记的条件, explained from the start as the notice asks.
fn ending_conditions() -> impl IntoView {
    view! {
        <details id="ending-conditions">
            <summary>"什么情况下失业登记会注销"</summary>
            <ul>
                {EndReason::ALL.into_iter().map(|r| view! {
                    <li><strong>{r.label()}</strong><br/><span class="hint">{person_words(r)}</span></li>
                }).collect_view()}
            </ul>
            <p><a class="standalone-link" href="/services/end-rules">"当地规定的其他注销情形"</a></p>
        </details>
    }
}

fn confirm_form() -> impl IntoView {
    view! {
        <form method="post" action="/registration/confirm" class="panel no-print" novalidate>
            <CsrfField/>
            <fieldset class="field" id="answer">
                <legend class="field__label">"本月就业失业动态确认：您现在的情况"</legend>
                {MONTHLY_ANSWERS.iter().filter(|c| c.code != "found_work").map(|c| {
                    let id = format!("answer-{}", c.code);
                    view! { <div class="radio"><input type="radio" id=id.clone() name="answer" value=c.code/><label for=id>{c.label}</label></div> }
                }).collect_view()}
                <p class="hint">"已经找到工作的，请在下面“我找到工作了”中报告。"</p>
            </fieldset>
            <button type="submit" class="button">"提交本月确认"</button>
        </form>
    }
}

fn report_work_form(hired: bool) -> impl IntoView {
    view! {
        <details class="no-print" id="work" open=hired>
            <summary>"我找到工作了"</summary>
            {hired.then(|| view! {
                <p class="panel panel--confirmation">"恭喜您被录用！请填写哪天开始工作，提交后失业登记注销。"</p>
            })}
            <form method="post" action="/registration/work" novalidate>
                <CsrfField/>
                <fieldset class="field" id="reason">
                    <legend class="field__label">"您现在的工作"</legend>
                    {EndReason::FOUND_WORK.iter().map(|r| {
                        let id = format!("reason-{}", r.code());
                        let chosen = hired && *r == EndReason::Employed;
                        view! { <div class="radio"><input type="radio" id=id.clone() name="reason" value=r.code() checked=chosen/><label for=id>{r.label()}</label></div> }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label class="field__label" for="started_on">"哪天开始工作"</label>
                    <p class="hint" id="started_on-hint">"例如 2026-12-01"</p>
                    <input class="input input--short" type="date" id="started_on" name="started_on" aria-describedby="started_on-hint"/>
                </div>
                <p class="hint">"报告后，失业登记将注销（原因：已就业）。以后再失业，可以重新申请。"</p>
                <button type="submit" class="button">"报告并结束失业登记"</button>
            </form>
        </details>
    }
}
