//! One question of the form, drawn from its definition: label (or legend), hint, the error
//! (always present, hidden when empty, so the browser's checks can fill it), and the input with
//! the right `autocomplete` and `inputmode`. Optional questions say （选填）; none has an asterisk.

use leptos::prelude::*;

use super::data::OfficeChoice;
use crate::domain::registration::check::answer;
use crate::domain::registration::codes::Choice;
use crate::domain::registration::steps::{Field, Kind, OUTSIDE_HUNAN};
use crate::domain::registration::Answers;
use crate::ui::institution_card::DemoBadge;
use crate::ui::phone::with_hotline;

/// Where a question gets its options from, besides its own code list.
#[derive(Clone, Default)]
pub struct Options {
    pub divisions: Vec<(String, Vec<(String, String)>)>,
    pub townships: Vec<(String, String)>,
    pub offices: Vec<OfficeChoice>,
}

fn label_text(field: &Field) -> String {
    if field.optional {
        format!("{}（选填）", field.label)
    } else {
        field.label.to_owned()
    }
}

fn error_line(anchor: &str, error: Option<String>) -> impl IntoView {
    let hidden = error.is_none();
    view! {
        <p class="field__error" id=format!("{anchor}-error") hidden=hidden>
            <span class="visually-hidden">"错误："</span>
            <span class="field__error-text">{error}</span>
        </p>
    }
}

fn described_by(field: &Field, anchor: &str) -> String {
    if field.hint.is_empty() {
        format!("{anchor}-error")
    } else {
        format!("{}-hint {anchor}-error", field.name)
    }
}

fn hint(field: &Field) -> impl IntoView {
    (!field.hint.is_empty()).then(|| view! { <p class="hint" id=format!("{}-hint", field.name)>{field.hint}</p> })
}

fn choice_items(field: &Field, list: &'static [Choice], value: &str, multiple: bool) -> impl IntoView {
    let chosen: Vec<String> = value.split(',').map(|v| v.trim().to_owned()).collect();
    let kind = if multiple { "checkbox" } else { "radio" };
    list.iter()
        .map(|c| {
            let id = format!("{}-{}", field.name, c.code);
            let checked = chosen.iter().any(|v| v == c.code);
            view! {
                <div class=if multiple { "checkbox" } else { "radio" }>
                    <input type=kind id=id.clone() name=field.name value=c.code checked=checked/>
                    <label for=id>
                        {c.label}
                        {(!c.hint.is_empty()).then(|| view! { <span class="choice-hint">{c.hint}</span> })}
                    </label>
                </div>
            }
        })
        .collect_view()
}

#[component]
pub fn Question(field: Field, answers: Answers, error: Option<String>, options: Options) -> impl IntoView {
    let anchor = field.anchor();
    let invalid = error.is_some();
    let value = answer(&answers, field.name).to_owned();
    let describedby = described_by(&field, &anchor);
    let legend_group = matches!(
        field.kind,
        Kind::Radios(_) | Kind::Checkboxes(_) | Kind::Date | Kind::Office
    );
    if legend_group {
        let body = match field.kind {
            Kind::Radios(list) => choice_items(&field, list, &value, false).into_any(),
            Kind::Checkboxes(list) => choice_items(&field, list, &value, true).into_any(),
            Kind::Date => {
                let part = |p: &'static str, label: &'static str, width: &'static str| {
                    let name = format!("{}_{p}", field.name);
                    let v = answer(&answers, &name).to_owned();
                    view! {
                        <div class="date-input__item">
                            <label for=name.clone()>{label}</label>
                            <input class=format!("input input--{width}") id=name.clone() name=name type="text"
                                inputmode="numeric" autocomplete="off" value=v aria-invalid=invalid.to_string()/>
                        </div>
                    }
                };
                view! {
                    <div class="date-input">
                        {part("year", "年", "4")}
                        {part("month", "月", "2")}
                        {part("day", "日", "2")}
                    </div>
                }
                .into_any()
            }
            _ => office_items(&field, &value, &options.offices).into_any(),
        };
        view! {
            <fieldset class="field" class:field--error=invalid id=if matches!(field.kind, Kind::Date) { format!("{}_group", field.name) } else { anchor.clone() }
                aria-describedby=describedby>
                <legend class="field__label">{label_text(&field)}</legend>
                {hint(&field)}
                {error_line(&anchor, error)}
                {body}
            </fieldset>
        }
        .into_any()
    } else {
        let input = match field.kind {
            Kind::Select(list) => view! {
                <select class="input" id=anchor.clone() name=field.name aria-describedby=describedby.clone() aria-invalid=invalid.to_string()>
                    <option value="">"请选择"</option>
                    {list.iter().map(|c| view! { <option value=c.code selected=value == c.code>{c.label}</option> }).collect_view()}
                </select>
            }
            .into_any(),
            Kind::Division => {
                let outside = field.name == "household_division";
                view! {
                    <select class="input" id=anchor.clone() name=field.name aria-describedby=describedby.clone() aria-invalid=invalid.to_string()>
                        <option value="">"请选择县市区"</option>
                        {options.divisions.iter().map(|(city, counties)| view! {
                            <optgroup label=city.clone()>
                                {counties.iter().map(|(code, name)| view! {
                                    <option value=code.clone() selected=value == *code>{format!("{city} {name}")}</option>
                                }).collect_view()}
                            </optgroup>
                        }).collect_view()}
                        {outside.then(|| view! { <option value=OUTSIDE_HUNAN selected=value == OUTSIDE_HUNAN>"湖南省外"</option> })}
                    </select>
                }
                .into_any()
            }
            Kind::Township { county } if options.townships.iter().any(|(c, _)| c.starts_with(answer(&answers, county))) && answer(&answers, county).len() == 6 => {
                let county = answer(&answers, county).to_owned();
                view! {
                    <select class="input" id=anchor.clone() name=field.name aria-describedby=describedby.clone() aria-invalid=invalid.to_string()>
                        <option value="">"请选择乡镇（街道）"</option>
                        {options.townships.iter().filter(|(c, _)| c.starts_with(&county)).map(|(code, name)| view! {
                            <option value=code.clone() selected=value == *code>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                }
                .into_any()
            }
            _ => {
                let (kind, width) = match field.kind {
                    Kind::Phone => ("tel", "input--phone"),
                    Kind::Postcode | Kind::Money => ("text", "input--short"),
                    _ => ("text", "input--wide"),
                };
                view! {
                    <input class=format!("input {width}") id=anchor.clone() name=field.name type=kind
                        inputmode=field.inputmode() autocomplete=field.autocomplete spellcheck="false"
                        value=value.clone() aria-describedby=describedby.clone() aria-invalid=invalid.to_string()/>
                }
                .into_any()
            }
        };
        view! {
            <div class="field" class:field--error=invalid>
                <label class="field__label" for=anchor.clone()>{label_text(&field)}</label>
                {hint(&field)}
                {error_line(&anchor, error)}
                {input}
            </div>
        }
        .into_any()
    }
}

fn office_items(field: &Field, value: &str, offices: &[OfficeChoice]) -> impl IntoView {
    if offices.is_empty() {
        return view! {
            <p class="hint">{with_hotline("您选择的登记地暂时没有列出可办理失业登记的机构。请返回上一步换一个登记地，或拨打 12333 咨询。")}</p>
        }
        .into_any();
    }
    // Pre-chosen: the hall whose QR code was scanned, else the most local office.
    let chosen = if offices.iter().any(|o| o.code == value) {
        value.to_owned()
    } else {
        offices[0].code.clone()
    };
    offices
        .iter()
        .map(|o| {
            let id = format!("{}-{}", field.name, o.code);
            view! {
                <div class="radio radio--office">
                    <input type="radio" id=id.clone() name=field.name value=o.code.clone() checked=chosen == o.code/>
                    <label for=id>
                        <strong>{o.name.clone()}</strong>
                        {o.demo.then(|| view! { " " <DemoBadge/> })}
                        <span class="choice-hint">{format!("{} · {}", o.level, o.address)}</span>
                    </label>
                </div>
            }
        })
        .collect_view()
        .into_any()
}
