//! One application (`/staff/applications/{reference}`): first why it is opened (the read of
//! personal data is audited with that reason), then the whole application, the declaration,
//! the history and the decisions: 受理, 登记, 不予登记 with a listed reason, and 转办.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::data::{load_staff_application, ApplicationPage};
use super::sign_in_first;
use crate::domain::date::china_clock;
use crate::domain::registration::check::{asked, shown};
use crate::domain::registration::decision::REFUSAL_REASONS;
use crate::domain::registration::status::Status;
use crate::domain::registration::steps::STEPS;
use crate::pages::PostedForm;
use crate::text;
use crate::ui::csrf::CsrfField;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::phone::with_hotline;
use crate::web::percent_encode;

/// Why staff open an application: written to the audit log with the read.
pub const VIEW_REASONS: [&str; 4] = ["审核申请", "办理转办", "核实信息", "答复本人咨询"];

#[component]
pub fn StaffApplication() -> impl IntoView {
    let reference = use_params_map().read_untracked().get("reference").unwrap_or_default();
    let query = use_query_map().read_untracked();
    let why = query.get("why");
    // The reason form marks itself: sent without a choice, no `why` comes with it at all.
    let sent = why.is_some() || query.get("asked").is_some();
    let args = (reference.clone(), why.clone().unwrap_or_default());
    let data = Resource::new(
        move || args.clone(),
        |(r, w)| async move {
            // Nothing personal is read before a reason is given.
            if w.trim().is_empty() {
                super::data::staff_signed_in()
                    .await
                    .map(|signed_in| signed_in.then_some(None))
            } else {
                load_staff_application(r, w).await.map(|page| page.map(Some))
            }
        },
    );
    view! {
        <Title text=format!("申请 {reference} - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || {
                let (reference, why) = (reference.clone(), why.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok(None) => sign_in_first(),
                        Ok(Some(None)) => ask_why(&reference, sent),
                        Ok(Some(Some(Ok(page)))) => application(page, why.unwrap_or_default()),
                        Ok(Some(Some(Err(message)))) => view! { <h1>"申请 " {reference}</h1><p>{message}</p> }.into_any(),
                        Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The reason first; sent empty, the page says so.
fn ask_why(reference: &str, sent_empty: bool) -> AnyView {
    let problems = if sent_empty {
        vec![("why".to_owned(), "查看原因：请选择查看原因".to_owned())]
    } else {
        Vec::new()
    };
    view! {
        <ErrorSummary errors=problems/>
        <h1>"查看申请 " <span class="reference">{reference.to_owned()}</span></h1>
        <form method="get" action=format!("/staff/applications/{}", percent_encode(reference))>
            <input type="hidden" name="asked" value="1"/>
            <fieldset class="field" id="why">
                <legend class="field__label">"查看原因"</legend>
                <p class="hint">"申请中有身份证件号码等个人信息，查看会连同原因记入审计日志。"</p>
                {VIEW_REASONS.iter().enumerate().map(|(i, r)| {
                    let id = format!("why-{i}");
                    view! { <div class="radio"><input type="radio" id=id.clone() name="why" value=*r/><label for=id>{*r}</label></div> }
                }).collect_view()}
            </fieldset>
            <button type="submit" class="button button--primary">"查看申请"</button>
        </form>
    }
    .into_any()
}

fn application(page: ApplicationPage, why: String) -> AnyView {
    let state = use_context::<PostedForm>().unwrap_or_default();
    let d = page.detail;
    let s = &d.summary;
    let reference = s.reference.clone();
    let rows = STEPS
        .iter()
        .flat_map(|step| step.fields.iter())
        .filter(|f| asked(f, &d.answers))
        .map(|f| {
            let label = f.label.trim_end_matches(['？', '?']).to_owned();
            view! { <div class="summary-list__row"><dt>{label}</dt><dd>{shown(f, &d.answers)}</dd></div> }
        })
        .collect_view();
    let open = matches!(s.status, Status::Submitted | Status::Accepted);
    view! {
        <ErrorSummary errors=state.problems.clone()/>
        <h1>"申请 " <span class="reference">{reference.clone()}</span></h1>
        <dl class="summary-list">
            <div class="summary-list__row"><dt>"状态"</dt><dd><strong>{s.status.label()}</strong></dd></div>
            <div class="summary-list__row"><dt>"提交日期"</dt><dd>{s.submitted_on.clone()}</dd></div>
            <div class="summary-list__row"><dt>"申请渠道"</dt><dd>{d.channel.clone()}</dd></div>
            {d.due.clone().map(|due| view! {
                <div class="summary-list__row"><dt>"办结期限"</dt><dd>{due.due_on} "（" {due.words} "）"</dd></div>
            })}
            <div class="summary-list__row"><dt>"经办机构"</dt><dd>{d.office.name.clone()}</dd></div>
        </dl>
        {open.then(|| decisions(&reference, s.status, &why, &page.transfer_offices, &state))}
        <h2>"申请人"</h2>
        <dl class="summary-list">
            <div class="summary-list__row"><dt>"证件类型"</dt><dd>{d.document_kind.clone()}</dd></div>
            <div class="summary-list__row"><dt>"证件号码"</dt><dd class="masked">{d.document_number.clone()}</dd></div>
            {d.birth_date.clone().map(|b| view! { <div class="summary-list__row"><dt>"出生日期"</dt><dd>{b}</dd></div> })}
        </dl>
        <h2>"登记表"</h2>
        <dl class="summary-list">{rows}</dl>
        <h2>"承诺书"</h2>
        <p>{format!("申请人已阅读并签署书面承诺（版本 {}），时间 {}。", d.declaration_version, china_clock(&d.declared_at))}</p>
        <h2>"办理记录"</h2>
        <ol class="history">
            {d.events.into_iter().map(|e| view! { <li><time datetime=e.at.clone()>{china_clock(&e.at)}</time> " " {e.what}</li> }).collect_view()}
        </ol>
    }
    .into_any()
}

/// The forms for an open application; each posts with the reason it was opened for, so a
/// failed post shows the page again.
fn decisions(
    reference: &str,
    status: Status,
    why: &str,
    offices: &[(String, String)],
    state: &PostedForm,
) -> impl IntoView {
    let action = format!("/staff/applications/{}/decision", percent_encode(reference));
    let transfer = format!("/staff/applications/{}/transfer", percent_encode(reference));
    let chosen = state.value("refusal_code");
    let office = state.value("office");
    let why = why.to_owned();
    let hidden = move || view! { <CsrfField/><input type="hidden" name="why" value=why.clone()/> };
    view! {
        <h2>"办理"</h2>
        <div class="decisions">
            <div class="decisions__quick">
                {(status == Status::Submitted).then(|| view! {
                    <form method="post" action=action.clone()>
                        {hidden()}
                        <input type="hidden" name="decision" value="accept"/>
                        <button type="submit" class="button button--secondary">"受理"</button>
                    </form>
                })}
                <form method="post" action=action.clone()>
                    {hidden()}
                    <input type="hidden" name="decision" value="register"/>
                    <button type="submit" class="button button--primary">"登记"</button>
                </form>
            </div>
            <form method="post" action=action class="panel" novalidate>
                {hidden()}
                <input type="hidden" name="decision" value="refuse"/>
                <fieldset class="field" id="refusal_code">
                    <legend class="field__label">"不予登记原因"</legend>
                    <p class="hint">"不得以人户分离、户籍不在本地为由不予登记；申请不在本机构办理的，请转办。"</p>
                    {REFUSAL_REASONS.iter().map(|(code, label)| {
                        let id = format!("refusal-{code}");
                        view! { <div class="radio"><input type="radio" id=id.clone() name="refusal_code" value=*code checked=chosen == *code/><label for=id>{*label}</label></div> }
                    }).collect_view()}
                </fieldset>
                {text_area("reason", "说明（申请人会看到）", state)}
                <button type="submit" class="button button--warning">"不予登记"</button>
            </form>
            <form method="post" action=transfer class="panel" novalidate>
                {hidden()}
                <div class="field">
                    <label class="field__label" for="office">"转至经办机构"</label>
                    <p class="hint">"首问负责：不属于本机构办理的申请转给对应机构，审核期限不变。"</p>
                    <select class="input" id="office" name="office">
                        <option value="" selected=office.is_empty()>"请选择"</option>
                        {offices.iter().map(|(code, name)| {
                            let selected = *code == office;
                            view! { <option value=code.clone() selected=selected>{name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                {text_area("note", "转办说明（选填）", state)}
                <button type="submit" class="button button--secondary">"转办"</button>
            </form>
        </div>
    }
}

/// A short text for the decision forms (at most 200 characters), kept after a failed post.
fn text_area(id: &'static str, label: &'static str, state: &PostedForm) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <textarea class="input" id=id name=id rows="2" maxlength="200">{state.value(id)}</textarea>
        </div>
    }
}
