//! SVG charts written by hand (no chart crate: these five shapes are small, and hand-written
//! SVG keeps the bundle lean and the markup accessible).
//!
//! Every chart is a `<figure>` with a caption; the `<svg>` is a labelled group whose data marks
//! are focusable buttons with an accessible name and a `<title>` tooltip. Focus or hover shows
//! the value in a live line under the chart; Enter or click opens the drill-down.
//! Colours are presentation attributes so an exported SVG/PNG looks like the screen (light).

use crate::format;
use crate::i18n::{Lang, t};
use jornada_engine::Unit;
use leptos::prelude::*;

pub const W: f64 = 560.0;
pub const H: f64 = 260.0;
const PAD_L: f64 = 64.0;
const PAD_R: f64 = 16.0;
const PAD_T: f64 = 16.0;
const PAD_B: f64 = 44.0;

pub const BLUE: &str = "#1d4ed8";
pub const GREEN: &str = "#15803d";
pub const RED: &str = "#b91c1c";
pub const GREY: &str = "#6b7280";
pub const AMBER: &str = "#b45309";
const AXIS: &str = "#4b5563";

/// What a chart mark opens when picked: a metric id, optionally a period (a trend's point)
/// and a breakdown key (`(role id, key)`, a breakdown's bar).
#[derive(Debug, Clone, PartialEq)]
pub struct Pick {
    pub id: String,
    pub period: Option<String>,
    pub by: Option<(String, String)>,
}

/// One data mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Datum {
    pub label: String,
    pub value: f64,
    /// The value as shown (formatted in its unit).
    pub shown: String,
    pub pick: Option<Pick>,
    pub color: &'static str,
    /// A period the range cuts short (`Point.partial`): drawn hollow, with a legend line.
    pub partial: bool,
    /// A period with no data (no file the metric read covers it): a break in a line, no dot.
    pub gap: bool,
}

/// A value axis: its ends and its ticks, every tick a multiple of a 1, 2 or 5 × 10^k step
/// (so labels read 0, 10, 20... rather than 12.5, 25, 37.5), at most five steps, with 0 a
/// tick whenever the data crosses it.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub min: f64,
    pub max: f64,
    pub ticks: Vec<f64>,
}

impl Axis {
    /// The axis for values from `lo` to `hi` (0 always included).
    pub fn over(lo: f64, hi: f64) -> Axis {
        let (lo, hi) = (lo.min(0.0), hi.max(0.0));
        let span = hi - lo;
        if span <= 0.0 || !span.is_finite() {
            return Axis {
                min: 0.0,
                max: 1.0,
                ticks: vec![0.0, 0.25, 0.5, 0.75, 1.0],
            };
        }
        // The step is m × 10^exp; a tick k steps from 0 is (k·m) × 10^exp, or (k·m) / 10^-exp
        // below 1: a division by an exact power of ten rounds 3 × 0.1 to 0.3, not
        // 0.30000000000000004.
        let exp = (span / 5.0).log10().floor() as i32;
        let at = |k: f64, m: f64| {
            if exp < 0 {
                k * m / 10f64.powi(-exp)
            } else {
                k * m * 10f64.powi(exp)
            }
        };
        let m = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .find(|&m| {
                let step = at(1.0, m);
                (hi / step - 1e-9).ceil() - (lo / step + 1e-9).floor() <= 5.0
            })
            .unwrap_or(10.0);
        let step = at(1.0, m);
        // (A quotient a hair past a whole number, 0.3 / 0.1, is that number.)
        let (first, last) = ((lo / step + 1e-9).floor(), (hi / step - 1e-9).ceil());
        let ticks: Vec<f64> = (first as i64..=last as i64)
            .map(|k| at(k as f64, m))
            .collect();
        Axis {
            min: at(first, m),
            max: at(last, m),
            ticks,
        }
    }
}

/// Rounds `max` up to a 1/2/5 × 10^k step multiple, for axis ticks.
pub fn nice_max(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let exp = max.log10().floor();
    let base = 10f64.powf(exp);
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * base >= max {
            return m * base;
        }
    }
    10.0 * base
}

/// The figure around a chart: caption, export buttons, selected-value line.
fn frame(
    id: String,
    title: String,
    lang: Lang,
    selected: RwSignal<String>,
    svg: AnyView,
) -> AnyView {
    let svg_id = id.clone();
    let png_id = id.clone();
    let file = id.replace("chart-", "jornada-");
    let file2 = file.clone();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            {svg}
            <p class="chart-selected" aria-live="polite">
                {move || {
                    let s = selected.get();
                    if s.is_empty() { t(lang, "chart.hint").to_string() } else { s }
                }}
            </p>
            <div class="chart-actions no-print">
                <button type="button" class="link-button" on:click=move |_| {
                    let _ = crate::export::export_svg(&svg_id, &format!("{file}.svg"));
                }>{t(lang, "chart.export_svg")}</button>
                <button type="button" class="link-button" on:click=move |_| {
                    let _ = crate::export::export_png(&png_id, &format!("{file2}.png"));
                }>{t(lang, "chart.export_png")}</button>
            </div>
        </figure>
    }
    .into_any()
}

/// A focusable mark: Enter/click picks it, focus/hover shows its value.
fn mark(
    datum: &Datum,
    selected: RwSignal<String>,
    on_pick: Callback<Pick>,
    shape: AnyView,
) -> AnyView {
    mark_labelled(datum, selected, on_pick, shape, ().into_any())
}

/// A mark whose visible text is drawn beside the focusable group and hidden from assistive
/// technology (the group's accessible name already says label and value).
fn mark_labelled(
    datum: &Datum,
    selected: RwSignal<String>,
    on_pick: Callback<Pick>,
    shape: AnyView,
    labels: AnyView,
) -> AnyView {
    let name = format!("{}: {}", datum.label, datum.shown);
    let name_focus = name.clone();
    let name_hover = name.clone();
    let aria = name.clone();
    let pick = datum.pick.clone();
    let pick_key = datum.pick.clone();
    view! {
        <g
            class="mark"
            tabindex="0"
            role="button"
            aria-label=aria
            on:focus=move |_| selected.set(name_focus.clone())
            on:mouseenter=move |_| selected.set(name_hover.clone())
            on:click=move |_| {
                if let Some(p) = pick.clone() {
                    on_pick.run(p)
                }
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    if let Some(p) = pick_key.clone() {
                        on_pick.run(p)
                    }
                }
            }
        >
            // Built as an SVG element by name: the view macro makes `<title>` an HTML one,
            // which a standalone SVG file does not show as a tooltip.
            {leptos::tachys::svg::title().child(name)}
            {shape}
        </g>
        <g aria-hidden="true">{labels}</g>
    }
    .into_any()
}

fn y_axis(axis: &Axis, lang: Lang) -> AnyView {
    let plot_h = H - PAD_T - PAD_B;
    let (min, max) = (axis.min, axis.max);
    let ticks: Vec<AnyView> = axis
        .ticks
        .iter()
        .map(|&v| {
            let y = PAD_T + plot_h - plot_h * (v - min) / (max - min);
            view! {
                <line x1=PAD_L x2=W - PAD_R y1=y y2=y stroke="#d1d5db" stroke-width="1" class="grid"/>
                <text x=PAD_L - 6.0 y=y + 4.0 text-anchor="end" font-size="11" fill=AXIS class="axis-label">
                    {format::compact(v, lang)}
                </text>
            }
            .into_any()
        })
        .collect();
    view! {
        <g aria-hidden="true">
            {ticks}
            <line x1=PAD_L x2=PAD_L y1=PAD_T y2=H - PAD_B stroke=AXIS stroke-width="1" class="axis"/>
        </g>
    }
    .into_any()
}

/// The points of an `n`-point series that get an x-axis label, with each label's
/// `text-anchor`: about six evenly spaced, always the first and the last. The last point sits
/// on the plot's right edge, so its label ends there (`end`) rather than being centred on it
/// and cut by the viewBox; the first starts at its point (`start`) for the same reason on the
/// left. A regular label closer to the last than the spacing is dropped so the two never
/// overlap.
pub fn x_label_slots(n: usize) -> Vec<(usize, &'static str)> {
    match n {
        0 => Vec::new(),
        1 => vec![(0, "middle")],
        _ => {
            let every = n.div_ceil(6).max(1);
            let last = n - 1;
            (0..last)
                .step_by(every)
                .filter(|&i| i == 0 || last - i >= every)
                .map(|i| (i, "middle"))
                .chain(std::iter::once((last, "end")))
                .collect()
        }
    }
}

/// A time series: a line through the periods, each period a focusable point.
pub fn line_chart(
    id: String,
    title: String,
    data: Vec<Datum>,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    let selected = RwSignal::new(String::new());
    let present = || data.iter().filter(|d| !d.gap).map(|d| d.value);
    let axis = Axis::over(present().fold(0.0, f64::min), present().fold(0.0, f64::max));
    let (min, max) = (axis.min, axis.max);
    let plot_w = W - PAD_L - PAD_R;
    let plot_h = H - PAD_T - PAD_B;
    let n = data.len().max(1);
    let x = move |i: usize| {
        if n == 1 {
            PAD_L + plot_w / 2.0
        } else {
            PAD_L + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = move |v: f64| PAD_T + plot_h - plot_h * (v - min) / (max - min);
    // A gap breaks the line: the next point starts a new piece ("M").
    let path: String = data
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.gap)
        .map(|(i, d)| {
            let after_gap = i == 0 || data.get(i - 1).is_some_and(|p| p.gap);
            format!(
                "{}{:.1},{:.1}",
                if after_gap { "M" } else { "L" },
                x(i),
                y(d.value)
            )
        })
        .collect();
    let x_labels: Vec<AnyView> = x_label_slots(n)
        .into_iter()
        .filter_map(|(i, anchor)| {
            let d = data.get(i)?;
            Some(
                view! {
                    <text x=x(i) y=H - PAD_B + 16.0 text-anchor=anchor font-size="11" fill=AXIS class="axis-label">
                        {d.label.clone()}
                    </text>
                }
                .into_any(),
            )
        })
        .collect();
    let points: Vec<AnyView> = data
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.gap)
        .map(|(i, d)| {
            // A partial period (cut short by the range) is a hollow dot.
            let shape = if d.partial {
                view! {
                    <circle cx=x(i) cy=y(d.value) r="9" fill="transparent" class="hit"/>
                    <circle cx=x(i) cy=y(d.value) r="4" fill="white" stroke=d.color stroke-width="2" class="dot dot-partial"/>
                }
                .into_any()
            } else {
                view! {
                    <circle cx=x(i) cy=y(d.value) r="9" fill="transparent" class="hit"/>
                    <circle cx=x(i) cy=y(d.value) r="4" fill=d.color class="dot"/>
                }
                .into_any()
            };
            mark(d, selected, on_pick, shape)
        })
        .collect();
    let legend = data.iter().any(|d| d.partial).then(|| {
        view! {
            <text x=W - PAD_R y="12" text-anchor="end" font-size="11" fill=AXIS class="chart-partial-legend">
                {format!("○ {}", t(lang, "chart.partial_legend"))}
            </text>
        }
    });
    // A period with no data: a hollow mark on the axis line, titled "no data", never a dot at 0.
    let no_data = t(lang, "chart.no_data");
    let gaps: Vec<AnyView> = data
        .iter()
        .enumerate()
        .filter(|(_, d)| d.gap)
        .map(|(i, d)| {
            let title = format!("{}: {no_data}", d.label);
            view! {
                <g class="gap" data-label=d.label.clone()>
                    // An SVG `<title>` by name (the view macro would make an HTML one).
                    {leptos::tachys::svg::title().child(title)}
                    <circle cx=x(i) cy=PAD_T + plot_h r="3" fill="none" stroke=GREY stroke-dasharray="2 2"/>
                </g>
            }
            .into_any()
        })
        .collect();
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {W} {H}") role="group" aria-label=title.clone() class="chart-svg">
            {y_axis(&axis, lang)}
            <g aria-hidden="true">{x_labels}</g>
            <path d=path fill="none" stroke=BLUE stroke-width="2" class="series-line" aria-hidden="true"/>
            {gaps}
            {points}
            {legend}
        </svg>
    }
    .into_any();
    frame(id, title, lang, selected, svg)
}

/// Horizontal bars (breakdowns by channel, source, agent...), largest first.
pub fn bar_chart(
    id: String,
    title: String,
    mut data: Vec<Datum>,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    let selected = RwSignal::new(String::new());
    data.truncate(12);
    let rows = data.len().max(1);
    let bar_h = 22.0;
    let gap = 8.0;
    let label_w = 150.0;
    let height = PAD_T + rows as f64 * (bar_h + gap) + 8.0;
    let max = nice_max(data.iter().map(|d| d.value.abs()).fold(0.0, f64::max));
    let plot_w = W - label_w - PAD_R - 90.0;
    let bars: Vec<AnyView> = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let y = PAD_T + i as f64 * (bar_h + gap);
            let w = (plot_w * d.value.abs() / max).max(1.0);
            let label: String = if d.label.chars().count() > 22 {
                d.label.chars().take(21).chain(['…']).collect()
            } else {
                d.label.clone()
            };
            let shape = view! {
                <rect x=label_w y=y width=w height=bar_h fill=d.color rx="2" class="bar"/>
            }
            .into_any();
            let labels = view! {
                <text x=label_w - 8.0 y=y + bar_h * 0.7 text-anchor="end" font-size="12" fill=AXIS class="axis-label">{label}</text>
                <text x=label_w + w + 6.0 y=y + bar_h * 0.7 font-size="12" fill=AXIS class="value-label">{d.shown.clone()}</text>
            }
            .into_any();
            mark_labelled(d, selected, on_pick, shape, labels)
        })
        .collect();
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {W} {height}") role="group" aria-label=title.clone() class="chart-svg">
            {bars}
        </svg>
    }
    .into_any();
    frame(id, title, lang, selected, svg)
}

/// A funnel: each step a centred bar proportional to the first, with the step conversion.
pub fn funnel_chart(
    id: String,
    title: String,
    data: Vec<Datum>,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    let selected = RwSignal::new(String::new());
    let first = data.first().map(|d| d.value).unwrap_or(0.0).max(1e-9);
    let step_h = 44.0;
    let height = PAD_T + data.len() as f64 * step_h + 4.0;
    let plot_w = W - 40.0;
    let steps: Vec<AnyView> = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let w = (plot_w * d.value / first).clamp(2.0, plot_w);
            let x = (W - w) / 2.0;
            let y = PAD_T + i as f64 * step_h;
            let conv = if i > 0 {
                let prev = data[i - 1].value;
                if prev > 0.0 {
                    format!(" ({})", format::percent(d.value / prev, 1, lang))
                } else {
                    String::new()
                }
            } else {
                String::new()
            };
            let text = format!("{}: {}{}", d.label, d.shown, conv);
            let shape = view! {
                <rect x=x y=y width=w height=step_h - 8.0 fill=d.color rx="3" class="bar"/>
            }
            .into_any();
            let labels = view! {
                <text x=W / 2.0 y=y + step_h / 2.0 text-anchor="middle" font-size="13" fill="#ffffff" stroke="#111827" stroke-width="3" paint-order="stroke" class="funnel-label">{text}</text>
            }
            .into_any();
            mark_labelled(d, selected, on_pick, shape, labels)
        })
        .collect();
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {W} {height}") role="group" aria-label=title.clone() class="chart-svg">
            {steps}
        </svg>
    }
    .into_any();
    frame(id, title, lang, selected, svg)
}

/// Where the stacked share chart's legend starts, and the height of each of its lines.
const LEGEND_TOP: f64 = 80.0;
const LEGEND_LINE: f64 = 20.0;

/// One stacked bar of shares (NPS detractors / passives / promoters), with a legend.
pub fn stacked_share_chart(
    id: String,
    title: String,
    data: Vec<Datum>,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    let selected = RwSignal::new(String::new());
    let total: f64 = data.iter().map(|d| d.value.max(0.0)).sum::<f64>().max(1e-9);
    let plot_w = W - 40.0;
    let mut x = 20.0;
    let mut parts = Vec::new();
    let height = LEGEND_TOP + data.len() as f64 * LEGEND_LINE + 4.0;
    for (i, d) in data.iter().enumerate() {
        let w = plot_w * d.value.max(0.0) / total;
        let share = format::percent(d.value.max(0.0) / total, 0, lang);
        // One legend line per part: side by side, long labels ("Detratores — 1.234 (12%)")
        // ran into each other (issue 15).
        let legend_y = LEGEND_TOP + i as f64 * LEGEND_LINE;
        let shape = view! {
            <rect x=x y="20" width=w.max(0.5) height="46" fill=d.color class="bar"/>
        }
        .into_any();
        let labels = view! {
            <rect x="20" y=legend_y width="14" height="14" fill=d.color/>
            <text x="40" y=legend_y + 12.0 font-size="12" fill=AXIS class="axis-label chart-legend-label">{format!("{} — {} ({share})", d.label, d.shown)}</text>
        }
        .into_any();
        parts.push(mark_labelled(d, selected, on_pick, shape, labels));
        x += w;
    }
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {W} {height}") role="group" aria-label=title.clone() class="chart-svg">
            {parts}
        </svg>
    }
    .into_any();
    frame(id, title, lang, selected, svg)
}

/// A waterfall: start, then signed movements as floating bars, then end.
/// `data[0]` and the last datum are totals (drawn from zero); the rest are deltas.
pub fn waterfall_chart(
    id: String,
    title: String,
    data: Vec<Datum>,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    let selected = RwSignal::new(String::new());
    let n = data.len();
    let mut running = 0.0f64;
    let mut spans = Vec::with_capacity(n);
    for (i, d) in data.iter().enumerate() {
        if i == 0 || i == n - 1 {
            spans.push((0.0, d.value));
            running = d.value;
        } else {
            let next = running + d.value;
            spans.push((running, next));
            running = next;
        }
    }
    let axis = Axis::over(
        spans.iter().map(|(a, b)| a.min(*b)).fold(0.0, f64::min),
        spans.iter().map(|(a, b)| a.max(*b)).fold(0.0, f64::max),
    );
    let (min, max) = (axis.min, axis.max);
    let plot_w = W - PAD_L - PAD_R;
    let plot_h = H - PAD_T - PAD_B;
    let slot = plot_w / n.max(1) as f64;
    let y = move |v: f64| PAD_T + plot_h - plot_h * (v - min) / (max - min);
    let bars: Vec<AnyView> = data
        .iter()
        .zip(&spans)
        .enumerate()
        .map(|(i, (d, (a, b)))| {
            let top = y(a.max(*b));
            let h = (y(a.min(*b)) - top).max(1.0);
            let x = PAD_L + slot * i as f64 + slot * 0.15;
            let shape = view! {
                <rect x=x y=top width=slot * 0.7 height=h fill=d.color class="bar"/>
            }
            .into_any();
            let labels = view! {
                <text x=x + slot * 0.35 y=H - PAD_B + 16.0 text-anchor="middle" font-size="11" fill=AXIS class="axis-label">{d.label.clone()}</text>
            }
            .into_any();
            mark_labelled(d, selected, on_pick, shape, labels)
        })
        .collect();
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {W} {H}") role="group" aria-label=title.clone() class="chart-svg">
            {y_axis(&axis, lang)}
            {bars}
        </svg>
    }
    .into_any();
    frame(id, title, lang, selected, svg)
}

/// A tiny decorative trend line for a card (the card itself carries the numbers).
pub fn sparkline(values: &[Option<f64>]) -> AnyView {
    let vals: Vec<f64> = values.iter().filter_map(|v| *v).collect();
    if vals.len() < 2 {
        return ().into_any();
    }
    let n = values.len();
    let (w, h) = (120.0, 28.0);
    let max = vals.iter().copied().fold(f64::MIN, f64::max);
    let min = vals.iter().copied().fold(f64::MAX, f64::min);
    let span = if (max - min).abs() < 1e-12 {
        1.0
    } else {
        max - min
    };
    // Every period keeps its place; a period with no data breaks the line.
    let path: String = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let v = (*v)?;
            let x = w * i as f64 / (n - 1) as f64;
            let y = h - 2.0 - (h - 4.0) * (v - min) / span;
            let after_gap = i == 0 || values.get(i - 1).is_some_and(|p| p.is_none());
            Some(format!(
                "{}{x:.1},{y:.1}",
                if after_gap { "M" } else { "L" }
            ))
        })
        .collect();
    view! {
        <svg class="sparkline" viewBox=format!("0 0 {w} {h}") aria-hidden="true" focusable="false">
            <path d=path fill="none" stroke=BLUE stroke-width="1.5"/>
        </svg>
    }
    .into_any()
}

/// Formats a datum for a metric unit.
pub fn datum(
    label: String,
    value: f64,
    unit: Unit,
    currency: Option<&str>,
    lang: Lang,
    pick: Option<Pick>,
    color: &'static str,
) -> Datum {
    let id = pick.as_ref().map_or("", |p| p.id.as_str());
    Datum {
        shown: format::metric_value(id, Some(value), unit, currency, lang),
        label,
        value,
        pick,
        color,
        partial: false,
        gap: false,
    }
}

/// A period with no data, drawn as a break in the line (never as 0).
pub fn gap(label: String) -> Datum {
    Datum {
        shown: String::new(),
        label,
        value: 0.0,
        pick: None,
        color: GREY,
        gap: true,
        partial: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ticks_are_round_steps_with_zero_among_them() {
        let ticks = |lo: f64, hi: f64| Axis::over(lo, hi).ticks;
        // A maximum of 50 reads 0, 10, ..., 50 (not 12.5, 25, 37.5).
        assert_eq!(ticks(0.0, 50.0), vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(ticks(0.0, 7.0), vec![0.0, 2.0, 4.0, 6.0, 8.0]);
        assert_eq!(ticks(0.0, 1234.0), vec![0.0, 500.0, 1000.0, 1500.0]);
        // Shares: 0 to 0.3 in steps of 0.1, computed without drift.
        assert_eq!(ticks(0.0, 0.27), vec![0.0, 0.1, 0.2, 0.3]);
        // A waterfall dipping below 0: 0 is a tick, the ends are round.
        assert_eq!(ticks(-10.0, 50.0), vec![-20.0, 0.0, 20.0, 40.0, 60.0]);
        let a = Axis::over(-10.0, 50.0);
        assert_eq!((a.min, a.max), (-20.0, 60.0));
        assert_eq!(ticks(0.0, 0.3), vec![0.0, 0.1, 0.2, 0.3]);
        // Nothing to show: a unit axis, never a division by zero.
        assert_eq!(Axis::over(0.0, 0.0).max, 1.0);
    }

    #[test]
    fn axis_maximum_is_a_round_number() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(1234.0), 2000.0);
        assert_eq!(nice_max(2400.0), 2500.0);
        assert_eq!(nice_max(50.0), 50.0);
    }

    #[test]
    fn the_last_x_label_ends_at_the_edge_and_none_overlaps_it() {
        assert_eq!(x_label_slots(0), vec![]);
        assert_eq!(x_label_slots(1), vec![(0, "middle")]);
        assert_eq!(x_label_slots(2), vec![(0, "middle"), (1, "end")]);
        // 12 months: every 2nd, and the last.
        let twelve: Vec<usize> = x_label_slots(12).into_iter().map(|(i, _)| i).collect();
        assert_eq!(twelve, vec![0, 2, 4, 6, 8, 11]);
        // 33 months: every 6th; 30 is 2 from the last (32), too close, so dropped.
        let slots = x_label_slots(33);
        assert_eq!(
            slots,
            vec![
                (0, "middle"),
                (6, "middle"),
                (12, "middle"),
                (18, "middle"),
                (24, "middle"),
                (32, "end")
            ]
        );
    }
}
