//! One service record as a card: what was offered, by whom, how to get in touch, and the
//! person's answer. The answer form is a plain POST; the decline reasons show once 不考虑 is
//! chosen (CSS `:has`, so also without JavaScript; browsers without `:has` always show them).

use leptos::prelude::*;

use crate::api::service_311::ServiceRecordView;
use crate::domain::service_311::{
    answers_for, yes_no_words, ServiceKind, Show, DECLINE_REASONS, STAFF_ANSWER_CHANNELS,
};
use crate::pages::PostedForm;
use crate::ui::csrf::CsrfField;
use crate::ui::institution_card::DemoBadge;
use crate::ui::phone::PhoneLink;
use crate::web::percent_encode;

/// The card's heading: 岗位 · 用人单位, the course, the topic…
fn heading(r: &ServiceRecordView) -> String {
    let get = |k: &str| r.content.get(k).cloned().unwrap_or_default();
    match r.kind {
        ServiceKind::JobReferral => format!("{}（{}）", get("position"), get("employer")),
        ServiceKind::Guidance => get("topic"),
        ServiceKind::Training => get("course"),
        _ => get("title"),
    }
}

#[component]
/// `posted`: a failed answer to show again; `staff`: the staff view, with a 回访 form instead.
pub fn ServiceCard(
    record: ServiceRecordView,
    #[prop(optional)] posted: Option<PostedForm>,
    #[prop(optional)] staff: bool,
) -> impl IntoView {
    let r = record;
    let id = r.id.clone();
    let title = heading(&r);
    let facts: Vec<_> = r
        .kind
        .content_fields()
        .iter()
        .filter_map(|f| r.content.get(f.key).map(|v| (f.label, f.show, v.clone())))
        .filter(|(_, _, v)| !v.is_empty())
        .collect();
    let office_phone = r.institution_phones.first().cloned();
    view! {
        <article class="card service" id=format!("service-{id}")>
            <p class="service__kind">
                <span class=format!("tag tag--{}", r.kind.as_str())>{r.kind_label.clone()}</span>
                {r.counts.then(|| view! { " " <span class="hint">"计入一年服务"</span> })}
                {(r.kind == ServiceKind::Training && !r.counts && r.content.get("free").is_some_and(|v| v == "0")).then(|| view! {
                    " " <span class="hint">"收费培训，不计入“311”"</span>
                })}
            </p>
            <h3 class="card__title">{title}</h3>
            <p class="hint">
                {r.given_on.clone()} " · " {r.channel.clone()} " · " {r.institution_name.clone()}
                {r.institution_demo.then(|| view! { " " <DemoBadge/> })}
            </p>
            <dl class="facts">
                {facts.into_iter().map(|(label, show, value)| view! {
                    <div class="facts__row">
                        <dt>{label}</dt>
                        <dd>{match show {
                            Show::Phone => view! { <PhoneLink number=value/> }.into_any(),
                            Show::Place => view! {
                                {value.clone()} " "
                                <a href=format!("https://uri.amap.com/search?keyword={}", percent_encode(&value)) rel="noopener" target="_blank">"地图"</a>
                            }.into_any(),
                            Show::YesNo => view! { {yes_no_words(&value)} }.into_any(),
                            Show::Text => view! { {value} }.into_any(),
                        }}</dd>
                    </div>
                }).collect_view()}
            </dl>
            {office_phone.map(|p| view! {
                <p class="hint">"有疑问请联系" {r.institution_name.clone()} "：" <PhoneLink number=p/></p>
            })}
            {r.answer_label.clone().map(|a| view! {
                <p class="service__answer">
                    {if staff { "本人的答复：" } else { "您的答复：" }} <strong>{a}</strong>
                    {r.answered_via.clone().map(|via| view! { " " <span class="hint">{format!("（{via}答复，工作人员记录）")}</span> })}
                </p>
            })}
            {r.decline_reason.clone().map(|reason| view! {
                <p class="hint">"原因：" {reason}
                    {r.decline_note.clone().map(|n| format!("（{n}）"))}
                    {if r.good_reason == Some(true) { "。属于正当理由，不计入拒绝次数。" } else { "。不属于正当理由，计入连续拒绝次数。" }}
                </p>
            })}
            {r.follow_ups.clone().into_iter().map(|f| view! {
                <p class="hint">"回访（" {f.on} "）：" {f.result} {(!f.reached).then_some("（未联系上）")}</p>
            }).collect_view()}
            {(r.can_answer && !staff).then(|| answer_form(&r, posted.unwrap_or_default(), false))}
            {(r.can_answer && staff).then(|| view! {
                <details class="answer-form">
                    <summary>"记录本人的答复（电话、现场或上门时给出的）"</summary>
                    {answer_form(&r, PostedForm::default(), true)}
                </details>
            })}
            {staff.then(|| follow_up_form(&r.id))}
        </article>
    }
}

/// `posted`: what a failed post sent, shown again; `staff`: taken down by staff, who say how
/// the person answered.
fn answer_form(r: &ServiceRecordView, posted: PostedForm, staff: bool) -> impl IntoView {
    let id = r.id.clone();
    let training = r.kind == ServiceKind::Training;
    let declined_word = if training { "不参加" } else { "不考虑" };
    let current = match posted.value("answer") {
        a if a.is_empty() => r.answer.clone().unwrap_or_default(),
        a => a,
    };
    let (reason, note) = (posted.value("reason"), posted.value("note"));
    view! {
        <form method="post" action=if staff { format!("/staff/services/{id}/answer") } else { format!("/services/{id}/answer") } class="answer-form" novalidate>
            <CsrfField/>
            {staff.then(|| view! {
                <fieldset class="field" id=format!("{id}-via")>
                    <legend class="field__label">"本人通过什么方式答复"</legend>
                    {STAFF_ANSWER_CHANNELS.iter().map(|(code, label)| {
                        let input = format!("{id}-via-{code}");
                        view! { <div class="radio"><input type="radio" id=input.clone() name="via" value=*code/><label for=input>{*label}</label></div> }
                    }).collect_view()}
                </fieldset>
            })}
            <fieldset class="field" id=format!("{id}-answer")>
                <legend class="field__label">{match (staff, r.answer.is_some()) {
                    (true, _) => "本人的答复",
                    (false, true) => "更新您的答复",
                    (false, false) => "您的答复",
                }}</legend>
                {answers_for(r.kind).iter().map(|(code, label)| {
                    let input = format!("{id}-answer-{code}");
                    let hint = match *code {
                        "hired" => Some("选择后请报告新工作，失业登记将注销"),
                        _ => None,
                    };
                    view! {
                        <div class="radio">
                            <input type="radio" id=input.clone() name="answer" value=*code checked=current == *code/>
                            <label for=input>{*label} {hint.map(|h| view! { <span class="hint">"（" {h} "）"</span> })}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="field decline" id=format!("{id}-reason")>
                <legend class="field__label">{format!("{declined_word}的原因")}</legend>
                <p class="hint">{format!("选择“{declined_word}”时请选择原因。无正当理由连续3次拒绝服务，经核实后失业登记会被注销。")}</p>
                {DECLINE_REASONS.iter().map(|(code, label, good)| {
                    let input = format!("{id}-reason-{code}");
                    view! {
                        <div class="radio">
                            <input type="radio" id=input.clone() name="reason" value=*code checked=reason == *code/>
                            <label for=input>
                                {*label}
                                <span class="hint decline__rule">{if *good { "属于正当理由" } else { "不属于正当理由，计入拒绝次数" }}</span>
                            </label>
                        </div>
                    }
                }).collect_view()}
                <div class="field" id=format!("{id}-note")>
                    <label class="field__label" for=format!("{id}-note-input")>"具体原因（选填；选“其他原因”时必填）"</label>
                    <textarea class="input" id=format!("{id}-note-input") name="note" rows="2" maxlength="200">{note}</textarea>
                </div>
            </fieldset>
            <button type="submit" class="button">{if staff { "记录答复" } else { "提交答复" }}</button>
        </form>
    }
}

/// 回访 (staff): whether the person was reached, and the result.
fn follow_up_form(id: &str) -> impl IntoView {
    view! {
        <form method="post" action=format!("/staff/services/{id}/follow-up") class="answer-form" novalidate>
            <CsrfField/>
            <fieldset class="field" id=format!("{id}-reached")>
                <legend class="field__label">"回访：联系上本人了吗？"</legend>
                <div class="radio"><input type="radio" id=format!("{id}-reached-1") name="reached" value="1"/><label for=format!("{id}-reached-1")>"联系上了"</label></div>
                <div class="radio"><input type="radio" id=format!("{id}-reached-0") name="reached" value="0"/><label for=format!("{id}-reached-0")>"没有联系上"</label></div>
            </fieldset>
            <div class="field" id=format!("{id}-result")>
                <label class="field__label" for=format!("{id}-result-input")>"回访结果"</label>
                <input class="input" id=format!("{id}-result-input") name="result" type="text" maxlength="200"/>
            </div>
            <div class="field" id=format!("{id}-on")>
                <label class="field__label" for=format!("{id}-on-input")>"回访日期（不填为今天）"</label>
                <input class="input input--short" id=format!("{id}-on-input") name="on" type="date"/>
            </div>
            <button type="submit" class="button">"保存回访"</button>
        </form>
    }
}
