//! `/api/v1/staff/statistics`: a month's 失业登记 figures for an area of the staff member's,
//! as JSON or as a download, and the month's registrations as anonymised rows (a download
//! streamed as it is read).

use std::task::Poll;

use app::api::statistics::{Statistics, StatisticsQuery};
use app::api::ApiError;
use app::backend::clock::Now;
use app::backend::statistics::Format;
use app::backend::{ClientAddress, Error};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tokio::sync::mpsc;

use crate::extract::Staff;
use crate::state::AppState;

/// The figures of `month` (default: this month, counted now; a past month: frozen at its
/// end) for `division` (default: the account's area) and each area one level down, with the
/// 12-month trend. `format=csv` (UTF-8 with BOM) or `format=xlsx` downloads them, one line per
/// figure. No name, phone or ID number.
#[utoipa::path(get, path = "/api/v1/staff/statistics", tag = "统计（工作人员）", params(StatisticsQuery), responses(
    (status = 200, body = Statistics, description = "format=csv：text/csv（UTF-8，带BOM）；format=xlsx：Excel 工作簿"),
    (status = 400, description = "月份、地区代码或格式不对", body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "没有这个地区，或不在本账号的辖区", body = ApiError),
))]
pub async fn statistics(
    State(state): State<AppState>,
    Staff(staff): Staff,
    now: Now,
    Query(q): Query<StatisticsQuery>,
) -> Result<Response, Error> {
    let format = Format::parse(&q.format)?;
    let s = &state.backend.statistics;
    let asked = s.asked(&staff, &q, now.today()).await?;
    let answer = s.report(&asked, now.today()).await?;
    let Some(format) = format else {
        return Ok(Json(answer).into_response());
    };
    let name = format!("statistics-{}-{}", answer.figures.division, answer.figures.month);
    Ok(download(format, &name, s.figures_download(&answer, format)))
}

/// Every registration of the area that mattered to the month (in force on any of its days,
/// or submitted or decided in it), one anonymised row each: dates, office, channel, where it
/// stood at the month's end, sex, age band, 城乡, 就业困难 declared, the month's confirmation.
/// No name, phone, ID number or 受理编号. `format=csv` (default) or `xlsx`; streamed, so a
/// province's rows are never all in memory. Audited.
#[utoipa::path(get, path = "/api/v1/staff/statistics/registrations", tag = "统计（工作人员）", params(StatisticsQuery), responses(
    (status = 200, description = "text/csv（UTF-8，带BOM）或 Excel 工作簿，每人一行", content_type = "text/csv"),
    (status = 400, description = "月份、地区代码或格式不对", body = ApiError),
    (status = 401, body = ApiError),
    (status = 404, description = "没有这个地区，或不在本账号的辖区", body = ApiError),
))]
pub async fn registrations(
    State(state): State<AppState>,
    Staff(staff): Staff,
    ClientAddress(client): ClientAddress,
    now: Now,
    Query(q): Query<StatisticsQuery>,
) -> Result<Response, Error> {
    let format = Format::parse(&q.format)?.unwrap_or(Format::Csv);
    let s = &state.backend.statistics;
    let asked = s.asked(&staff, &q, now.today()).await?;
    let chunks = s.rows_download(&staff, &asked, format, &client, now.unix()).await?;
    let name = format!("registrations-{}-{}", asked.division, asked.month.iso());
    Ok(download(format, &name, chunks))
}

/// A download of the chunks as they come; an error midway ends the transfer (logged). The
/// stream keeps answering "done" when polled again after the end (the compression layer does).
fn download(format: Format, name: &str, mut chunks: mpsc::Receiver<Result<Vec<u8>, Error>>) -> Response {
    let stream = futures_util::stream::poll_fn(move |cx| {
        let next = chunks.poll_recv(cx);
        if let Poll::Ready(Some(Err(e))) = &next {
            tracing::error!(error = %e, "statistics download failed midway");
        }
        next
    });
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{}\"", format.extension()),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}
