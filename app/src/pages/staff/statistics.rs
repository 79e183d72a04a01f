//! 统计 (`/staff/statistics`): a month's 失业登记 figures for an area of the staff member's,
//! straight from the records: tables, the 12-month trend and the areas one level down as
//! charts drawn on the server (readable without JavaScript), the rules the figures follow,
//! and downloads (the figures, and the month's registrations as anonymised rows; CSV or Excel).
//! A past month shows its frozen figures.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::data::{load_staff_statistics, StatisticsPage};
use super::sign_in_first;
use crate::api::statistics::{Count, Figures};
use crate::domain::date::china_clock;
use crate::domain::statistics::summary::percent;
use crate::text;
use crate::ui::chart::BarChart;
use crate::ui::phone::with_hotline;
use crate::ui::select::FilterSelect;
use crate::web::percent_encode;

#[component]
pub fn StaffStatistics() -> impl IntoView {
    let q = use_query_map().read_untracked();
    let args = (
        q.get("month").unwrap_or_default(),
        q.get("division").unwrap_or_default(),
    );
    let data = Resource::new(move || args.clone(), |(m, d)| load_staff_statistics(m, d));
    view! {
        <Title text=format!("失业登记统计 - {}", text::SITE_TITLE)/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(Ok(page))) => statistics(page),
                    Ok(Some(Err(message))) => view! {
                        <h1>"失业登记统计"</h1>
                        <div class="panel panel--warning" role="alert"><p>{message}</p></div>
                        <p><a class="standalone-link" href="/staff/statistics">"查看本辖区本月统计"</a></p>
                    }.into_any(),
                    Ok(None) => sign_in_first(),
                    Err(_) => view! { <p>{with_hotline(text::TRY_AGAIN)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn share(part: u64, whole: u64) -> String {
    percent(part, whole).map_or("—".to_owned(), |p| format!("{p:.1}%"))
}

fn statistics(page: StatisticsPage) -> AnyView {
    let s = page.statistics;
    let f = s.figures.clone();
    let query = format!(
        "month={}&division={}",
        percent_encode(&f.month),
        percent_encode(&f.division)
    );
    let status = match &s.frozen_at {
        Some(at) => format!(
            "{}的数字已于{}冻结：之后补录或更正的记录不再改变这个月的数字。",
            month_words(&f.month),
            china_clock(at)
        ),
        None => format!("{}的数字按现有记录实时计算，月末后冻结。", month_words(&f.month)),
    };
    let trend: Vec<(String, u64)> = s
        .trend
        .iter()
        .map(|p| (p.month.get(2..).unwrap_or(&p.month).to_owned(), p.registered))
        .collect();
    let by_area: Vec<(String, u64)> = s
        .areas
        .iter()
        .map(|a| (a.division_name.clone(), a.registered.total))
        .collect();
    view! {
        <h1>{format!("失业登记统计：{}", f.division_name)}</h1>
        <form method="get" action="/staff/statistics" class="filters" aria-label="选择统计月份和地区">
            <FilterSelect id="month" label="统计月份" all=None choices=page.months chosen=f.month.clone()/>
            <FilterSelect id="division" label="地区" all=None choices=page.divisions chosen=f.division.clone()/>
            <button type="submit" class="button button--secondary">"查看"</button>
        </form>
        <p class="panel" id="statistics-status">{status}</p>
        <ul class="downloads">
            {download("本页数字：", format!("/api/v1/staff/statistics?{query}"))}
            {download(
                "本月每人一行的登记记录（不含姓名、证件号码、手机号码、受理编号）：",
                format!("/api/v1/staff/statistics/registrations?{query}"),
            )}
        </ul>
        {stock(&f, &s.locality_rule)}
        {flows(&f)}
        {services(&f, &s.behind_rule)}
        {confirmations(&f)}
        {processing(&f)}
        <h2 id="trend">"近12个月登记失业人员（月末）"</h2>
        <BarChart title="近12个月每月末的登记失业人员数".to_owned() bars=trend/>
        {(!s.areas.is_empty()).then(|| view! {
            <h2 id="areas">"下一级地区对比"</h2>
            <BarChart title="下一级各地区月末登记失业人员数".to_owned() bars=by_area/>
            {areas(&s.areas, &f.month)}
        })}
    }
    .into_any()
}

/// One download, as CSV and as an Excel workbook.
fn download(what: &'static str, path: String) -> impl IntoView {
    view! {
        <li>
            {what}
            <a href=format!("{path}&format=csv") download="">"CSV"</a>
            " · "
            <a href=format!("{path}&format=xlsx") download="">"Excel"</a>
        </li>
    }
}

fn month_words(month: &str) -> String {
    crate::domain::statistics::month::Month::parse(month).map_or(month.to_owned(), |m| m.label())
}

/// A two-column table: what, how many.
fn counts_table(id: &'static str, title: &'static str, rows: Vec<(String, String)>) -> impl IntoView {
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <div class="table-wrap">
                <table class="figures">
                    <thead><tr><th scope="col">"项目"</th><th scope="col" class="num">"人数"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(k, v)| view! {
                            <tr><th scope="row">{k}</th><td class="num">{v}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn count_rows(list: &[Count]) -> Vec<(String, String)> {
    list.iter().map(|c| (c.label.clone(), c.count.to_string())).collect()
}

fn stock(f: &Figures, rule: &str) -> impl IntoView {
    let r = &f.registered;
    let mut rows = vec![
        ("合计".to_owned(), r.total.to_string()),
        ("城镇".to_owned(), r.urban.to_string()),
        ("农村".to_owned(), r.rural.to_string()),
        ("其中城乡按推定".to_owned(), r.locality_inferred.to_string()),
        ("男".to_owned(), r.male.to_string()),
        ("女".to_owned(), r.female.to_string()),
    ];
    if r.sex_unknown > 0 {
        rows.push(("性别未说明".to_owned(), r.sex_unknown.to_string()));
    }
    rows.extend(count_rows(&r.by_age));
    rows.push(("申报就业困难人员".to_owned(), r.hard_to_employ.to_string()));
    rows.push((
        "非就业困难人员".to_owned(),
        (r.total - r.hard_to_employ.min(r.total)).to_string(),
    ));
    view! {
        {counts_table("registered", "月末登记失业人员", rows)}
        <details class="rule">
            <summary>"城镇、农村怎么划分"</summary>
            <p>{rule.to_owned()}</p>
        </details>
    }
}

fn flows(f: &Figures) -> impl IntoView {
    let i = &f.inflow;
    let inflow = vec![
        ("新登记".to_owned(), i.registered.to_string()),
        ("其中网上办理".to_owned(), i.online.to_string()),
        ("其中大厅协助办理".to_owned(), i.hall.to_string()),
        ("不予登记".to_owned(), i.refused.to_string()),
        ("转入本地区".to_owned(), i.transferred_in.to_string()),
        ("转出本地区".to_owned(), i.transferred_out.to_string()),
    ];
    let mut outflow = vec![("合计".to_owned(), f.outflow.total.to_string())];
    outflow.extend(
        f.outflow
            .by_reason
            .iter()
            .map(|c| (format!("{}. {}", c.code, c.label), c.count.to_string())),
    );
    view! {
        {counts_table("inflow", "本月新增", inflow)}
        {counts_table("outflow", "本月注销（按注销原因）", outflow)}
    }
}

fn services(f: &Figures, rule: &str) -> impl IntoView {
    let s = &f.service_311;
    let rows = vec![
        ("本月登记满一年的人数".to_owned(), s.year_ended.to_string()),
        ("其中一年内获得全部“311”服务".to_owned(), s.all_given.to_string()),
        ("全部获得的比例".to_owned(), share(s.all_given, s.year_ended)),
        ("登记未满一年的人数".to_owned(), s.in_year.to_string()),
        ("其中服务进度落后".to_owned(), s.behind.to_string()),
    ];
    view! {
        {counts_table("service-311", "“311”服务", rows)}
        <p class="hint">{rule.to_owned()}</p>
    }
}

fn confirmations(f: &Figures) -> impl IntoView {
    let c = &f.confirmation;
    let mut rows = vec![
        ("月末登记失业人员".to_owned(), c.registered.to_string()),
        ("本月已确认".to_owned(), c.confirmed.to_string()),
        ("确认比例".to_owned(), share(c.confirmed, c.registered)),
    ];
    rows.extend(
        c.by_channel
            .iter()
            .map(|ch| (format!("其中{}", ch.label), ch.count.to_string())),
    );
    counts_table("confirmation", "就业失业动态确认", rows)
}

fn processing(f: &Figures) -> impl IntoView {
    let p = &f.processing;
    let days = |d: Option<String>| d.map_or("—".to_owned(), |d| format!("{d}个工作日"));
    let rows = vec![
        ("本月办结（登记或不予登记）".to_owned(), p.decided.to_string()),
        (
            "办结时间中位数".to_owned(),
            days(p.median_working_days.map(|d| d.to_string())),
        ),
        (
            "办结时间90%分位数".to_owned(),
            days(p.p90_working_days.map(|d| d.to_string())),
        ),
        ("超过期限办结".to_owned(), p.late.to_string()),
    ];
    view! {
        {counts_table("processing", "受理办结时间", rows)}
        <p class="hint">"从提交申请到作出登记或不予登记决定，按工作日历计算（不含法定节假日）。"</p>
    }
}

const AREA_COLUMNS: [&str; 6] = [
    "地区",
    "月末登记失业人员",
    "本月新登记",
    "本月注销",
    "动态确认比例",
    "“311”进度落后",
];

fn areas(list: &[Figures], month: &str) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="figures">
                <caption class="visually-hidden">"下一级各地区的主要数字"</caption>
                <thead><tr>{AREA_COLUMNS.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {list.iter().map(|a| {
                        let href = format!("/staff/statistics?month={}&division={}", percent_encode(month), percent_encode(&a.division));
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{a.division_name.clone()}</a></th>
                                <td class="num">{a.registered.total}</td>
                                <td class="num">{a.inflow.registered}</td>
                                <td class="num">{a.outflow.total}</td>
                                <td class="num">{share(a.confirmation.confirmed, a.confirmation.registered)}</td>
                                <td class="num">{a.service_311.behind}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
