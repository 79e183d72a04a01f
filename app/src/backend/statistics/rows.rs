//! Downloads: the figures as CSV or a workbook, and every registration of the month as an
//! anonymised row (CSV or workbook) written as the rows arrive from the database, so a
//! province-wide export never holds them all. CSV is UTF-8 with a BOM (Excel in China opens it
//! as UTF-8). No name, phone, ID number or 受理编号 anywhere.

use std::io::Write;

use tokio::sync::mpsc;

use super::{Asked, Statistics};
use crate::api::institutions::division_prefix;
use crate::api::statistics::Statistics as Answer;
use crate::backend::auth::staff::StaffSession;
use crate::backend::store::ExportRow;
use crate::backend::Error;
use crate::domain::registration::status::EndReason;
use crate::domain::statistics::month::Month;
use crate::domain::statistics::people::{age_at_month_end, AgeBand, Basis, Locality};

/// CSV or an Excel workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    /// `json` (no download) is `None`; anything else is a mistake named in Chinese.
    pub fn parse(s: &str) -> Result<Option<Format>, Error> {
        match s.trim() {
            "" | "json" => Ok(None),
            "csv" => Ok(Some(Format::Csv)),
            "xlsx" => Ok(Some(Format::Xlsx)),
            _ => Err(Error::invalid_field("format", "下载格式：只能是 json、csv 或 xlsx")),
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }
}

pub const FIGURES_HEADER: [&str; 7] = ["统计月份", "地区代码", "地区名称", "数据状态", "类别", "项目", "数值"];

pub const ROWS_HEADER: [&str; 16] = [
    "序号",
    "经办地区代码",
    "经办机构编码",
    "申请渠道",
    "提交日期",
    "登记日期",
    "办结日期",
    "注销日期",
    "注销原因",
    "月末状态",
    "性别",
    "月末年龄段",
    "城乡",
    "城乡依据",
    "申报就业困难人员",
    "本月动态确认",
];

/// The figures' lines: the area, then each area one level down.
fn figure_lines(s: &Answer) -> Vec<[String; 7]> {
    let state = if s.frozen_at.is_some() { "已冻结" } else { "实时" };
    std::iter::once(&s.figures)
        .chain(&s.areas)
        .flat_map(|f| {
            f.lines().into_iter().map(move |l| {
                [
                    f.month.clone(),
                    f.division.clone(),
                    f.division_name.clone(),
                    state.to_owned(),
                    l.section.to_owned(),
                    l.item,
                    l.value,
                ]
            })
        })
        .collect()
}

/// Where a registration stood on the month's last day.
fn standing(r: &ExportRow, last: &str) -> &'static str {
    let before = |d: &Option<String>| d.as_deref().is_some_and(|d| d <= last);
    if before(&r.registered_on) && !before(&r.ended_on) {
        "登记在册"
    } else if before(&r.ended_on) {
        "已注销"
    } else if r.status == "refused" && before(&r.decided_on) {
        "不予登记"
    } else {
        "审核中"
    }
}

/// One row's cells, in the order of `ROWS_HEADER`.
fn row_cells(n: u64, r: &ExportRow, month: Month) -> [String; 16] {
    let day = |d: &Option<String>| d.clone().unwrap_or_default();
    let band = r
        .birth_month
        .as_deref()
        .and_then(Month::parse)
        .map_or("", |born| AgeBand::of_age(age_at_month_end(born, month)).label());
    [
        n.to_string(),
        r.division_code.clone(),
        r.institution_code.clone(),
        if r.channel == "hall" { "大厅协助" } else { "网上" }.to_owned(),
        r.submitted_on.clone(),
        day(&r.registered_on),
        day(&r.decided_on),
        day(&r.ended_on),
        r.end_reason.as_deref().map_or(String::new(), |c| {
            EndReason::parse(c).map_or(c.to_owned(), |e| format!("{c} {}", e.label()))
        }),
        standing(r, &month.last_day().iso()).to_owned(),
        match r.sex.as_deref() {
            Some("1") => "男",
            Some("2") => "女",
            _ => "未说明",
        }
        .to_owned(),
        band.to_owned(),
        r.locality
            .as_deref()
            .and_then(Locality::parse)
            .map_or("", |l| l.label())
            .to_owned(),
        r.locality_basis
            .as_deref()
            .and_then(Basis::parse)
            .map_or("", |b| b.label())
            .to_owned(),
        if r.hard_to_employ { "是" } else { "否" }.to_owned(),
        day(&r.confirmed_by),
    ]
}

/// Bytes for the download, sent on as they fill this much.
const CHUNK: usize = 64 * 1024;

/// A `Write` that hands its bytes to the download in chunks (for the workbook writer, which
/// runs on a blocking thread).
struct ToDownload {
    buf: Vec<u8>,
    tx: mpsc::Sender<Result<Vec<u8>, Error>>,
}

impl Write for ToDownload {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            let chunk = std::mem::take(&mut self.buf);
            self.tx
                .blocking_send(Ok(chunk))
                .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "download cancelled"))?;
        }
        Ok(())
    }
}

fn csv_line(cells: &[String]) -> Result<Vec<u8>, Error> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(cells)
        .map_err(|e| Error::Internal(format!("csv: {e}")))?;
    w.into_inner().map_err(|e| Error::Internal(format!("csv: {e}")))
}

fn header(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Internal(format!("xlsx: {e}"))
}

/// A workbook of one sheet: `header`, then the rows `next` gives until it gives `None`, written
/// in constant memory (rows go to a temporary file as they come) and sent as it is zipped.
fn workbook(
    sheet: &str,
    header_cells: &[&str],
    mut next: impl FnMut() -> Option<Result<Vec<String>, Error>>,
    tx: mpsc::Sender<Result<Vec<u8>, Error>>,
) -> Result<(), Error> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet_with_constant_memory();
    ws.set_name(sheet).map_err(xlsx_error)?;
    for (c, h) in header_cells.iter().enumerate() {
        ws.write_string(0, c as u16, *h).map_err(xlsx_error)?;
    }
    let mut row = 1u32;
    while let Some(cells) = next() {
        for (c, v) in cells?.into_iter().enumerate() {
            ws.write_string(row, c as u16, v).map_err(xlsx_error)?;
        }
        row += 1;
    }
    let mut out = ToDownload { buf: Vec::new(), tx };
    book.save_to_writer(&mut out).map_err(xlsx_error)?;
    out.flush().map_err(|e| Error::Internal(format!("xlsx: {e}")))
}

impl Statistics {
    /// The figures of an answer as a download (small: built at once).
    pub fn figures_download(&self, s: &Answer, format: Format) -> mpsc::Receiver<Result<Vec<u8>, Error>> {
        let (tx, rx) = mpsc::channel(4);
        let lines = figure_lines(s);
        match format {
            Format::Csv => {
                let bytes = || -> Result<Vec<u8>, Error> {
                    let mut bytes = "\u{feff}".as_bytes().to_vec();
                    bytes.extend(csv_line(&header(&FIGURES_HEADER))?);
                    for l in &lines {
                        bytes.extend(csv_line(l)?);
                    }
                    Ok(bytes)
                };
                let _ = tx.try_send(bytes());
            }
            Format::Xlsx => {
                tokio::task::spawn_blocking(move || {
                    let mut lines = lines.into_iter();
                    let done = workbook(
                        "统计",
                        &FIGURES_HEADER,
                        || lines.next().map(|l| Ok(l.to_vec())),
                        tx.clone(),
                    );
                    if let Err(e) = done {
                        let _ = tx.blocking_send(Err(e));
                    }
                });
            }
        }
        rx
    }

    /// Every registration of the area that mattered to the month (in force on any of its
    /// days, or submitted or decided in it), one anonymised row each; audited.
    pub async fn rows_download(
        &self,
        staff: &StaffSession,
        asked: &Asked,
        format: Format,
        client: &str,
        now: i64,
    ) -> Result<mpsc::Receiver<Result<Vec<u8>, Error>>, Error> {
        let month = asked.month;
        self.auth
            .audit(
                staff,
                "export_statistics_rows",
                &asked.division,
                client,
                &month.iso(),
                now,
            )
            .await?;
        let mut rows = self.store.export_rows(
            division_prefix(&asked.division),
            &month.first_day().iso(),
            &month.last_day().iso(),
            &month.iso(),
        );
        let (tx, rx) = mpsc::channel(4);
        match format {
            Format::Csv => {
                tokio::spawn(async move {
                    let mut buf = "\u{feff}".as_bytes().to_vec();
                    let mut n = 0u64;
                    let mut line = csv_line(&header(&ROWS_HEADER));
                    loop {
                        match line {
                            Ok(l) => buf.extend(l),
                            Err(e) => {
                                let _ = tx.send(Err(e)).await;
                                return;
                            }
                        }
                        if buf.len() >= CHUNK && tx.send(Ok(std::mem::take(&mut buf))).await.is_err() {
                            return;
                        }
                        line = match rows.recv().await {
                            Some(Ok(r)) => {
                                n += 1;
                                csv_line(&row_cells(n, &r, month))
                            }
                            Some(Err(e)) => Err(e.into()),
                            None => break,
                        };
                    }
                    let _ = tx.send(Ok(buf)).await;
                });
            }
            Format::Xlsx => {
                tokio::task::spawn_blocking(move || {
                    let mut n = 0u64;
                    let next = || {
                        rows.blocking_recv().map(|r| {
                            n += 1;
                            r.map(|r| row_cells(n, &r, month).to_vec()).map_err(Error::from)
                        })
                    };
                    if let Err(e) = workbook("登记记录", &ROWS_HEADER, next, tx.clone()) {
                        let _ = tx.blocking_send(Err(e));
                    }
                });
            }
        }
        Ok(rx)
    }
}
