//! A horizontal bar chart drawn on the server as SVG: readable without JavaScript, and read
//! out by screen readers as one image whose label carries every value.

use leptos::prelude::*;

const ROW: u64 = 28;
const LABEL_WIDTH: u64 = 170;
const BAR_MAX: u64 = 330;

/// The width of a bar for `value` against the largest (at least a sliver for non-zero).
fn bar_width(value: u64, max: u64) -> u64 {
    match (value, max) {
        (0, _) | (_, 0) => 0,
        _ => (value * BAR_MAX / max).max(2),
    }
}

#[component]
pub fn BarChart(title: String, bars: Vec<(String, u64)>) -> impl IntoView {
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0);
    let height = ROW * bars.len() as u64 + 8;
    let spoken = format!(
        "{title}：{}",
        bars.iter()
            .map(|(k, v)| format!("{k} {v}人"))
            .collect::<Vec<_>>()
            .join("，")
    );
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 600 {height}") role="img" aria-label=spoken width="100%" preserveAspectRatio="xMinYMin meet">
                {bars.into_iter().enumerate().map(|(i, (label, value))| {
                    let y = ROW * i as u64 + 4;
                    let w = bar_width(value, max);
                    view! {
                        <g>
                            <text x="0" y=y + 18 class="chart__label">{label}</text>
                            <rect x=LABEL_WIDTH y=y + 4 width=w height=ROW - 10 class="chart__bar"></rect>
                            <text x=LABEL_WIDTH + w + 6 y=y + 18 class="chart__value">{value}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="hint">{title}</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_zero_stays_empty() {
        assert_eq!(bar_width(10, 10), BAR_MAX);
        assert_eq!(bar_width(5, 10), BAR_MAX / 2);
        assert_eq!(bar_width(0, 10), 0);
        assert_eq!(bar_width(1, 100_000), 2, "a small non-zero value still shows");
        assert_eq!(bar_width(0, 0), 0);
    }
}
