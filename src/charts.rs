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

/// A chart's width in SVG units on a wide screen, and on a phone ([`width`]).
pub const W: f64 = 560.0;
pub const NARROW: f64 = 340.0;
pub const H: f64 = 260.0;
/// The app's font (style/app.css, `body`), written on every chart so that an exported SVG or
/// PNG draws in it too.
pub const FONT: &str =
    "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";
/// The most focusable points a line gets: a longer series (days over years) is drawn whole
/// but only every k-th point is a mark, so a keyboard user meets at most this many tab stops.
pub const MAX_MARKS: usize = 60;
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

/// The width charts are drawn at: [`NARROW`] on a screen under 600 px, so a phone shows
/// 11-unit axis text at about 11 px rather than scaled to 6; else [`W`]. Read when the chart
/// is drawn (a page drawn wide and then narrowed still scales, as an SVG does).
pub fn width() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        let inner = web_sys::window()
            .and_then(|w| w.inner_width().ok())
            .and_then(|v| v.as_f64());
        if inner.is_some_and(|px| px < 600.0) {
            return NARROW;
        }
    }
    W
}

/// The width `text` takes at `size` units, estimated (0.6 em a character: a little over what
/// the app's sans-serif font measures, 0.58 em, so estimates err on the side of room).
pub fn text_w(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

/// `text` cut with an ellipsis to fit `room` units at `size`.
pub fn fit(text: &str, size: f64, room: f64) -> String {
    if text_w(text, size) <= room {
        return text.to_string();
    }
    let keep = ((room / (size * 0.6)).floor() as usize).saturating_sub(1);
    text.chars().take(keep).chain(['…']).collect()
}

/// `text` broken at spaces into lines of at most `room` units at `size`.
pub fn wrap(text: &str, size: f64, room: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if text_w(&format!("{line} {word}"), size) <= room => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// How a value axis reads: the factor from the JSON unit to the card's display unit, the
/// suffix on every tick (`%` for rates) and the unit named once above the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct YUnit {
    pub factor: f64,
    pub suffix: &'static str,
    pub name: String,
}

impl YUnit {
    /// Metric `id`'s axis unit, the same as its card's ([`format::axis_unit`]).
    pub fn of(id: &str, unit: Unit, currency: Option<&str>, lang: Lang) -> YUnit {
        let (factor, suffix, name) = format::axis_unit(id, unit, currency, lang);
        YUnit {
            factor,
            suffix,
            name,
        }
    }

    /// Plain numbers.
    pub fn plain() -> YUnit {
        YUnit {
            factor: 1.0,
            suffix: "",
            name: String::new(),
        }
    }
}

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

/// The value axis: grid lines and tick labels in one format ([`format::axis_labels`]), the
/// unit named above the labels. `axis` is in the display unit already.
fn y_axis(axis: &Axis, unit: &YUnit, w: f64, lang: Lang) -> AnyView {
    let plot_h = H - PAD_T - PAD_B;
    let (min, max) = (axis.min, axis.max);
    let labels = format::axis_labels(&axis.ticks, unit.suffix, lang);
    let ticks: Vec<AnyView> = axis
        .ticks
        .iter()
        .zip(labels)
        .map(|(&v, label)| {
            let y = PAD_T + plot_h - plot_h * (v - min) / (max - min);
            view! {
                <line x1=PAD_L x2=w - PAD_R y1=y y2=y stroke="#d1d5db" stroke-width="1" class="grid"/>
                <text x=PAD_L - 6.0 y=y + 4.0 text-anchor="end" font-size="11" fill=AXIS class="axis-label y-tick">
                    {label}
                </text>
            }
            .into_any()
        })
        .collect();
    let name = (!unit.name.is_empty()).then(|| {
        view! {
            <text x=PAD_L + 4.0 y="10" font-size="11" fill=AXIS class="axis-unit">{unit.name.clone()}</text>
        }
    });
    view! {
        <g aria-hidden="true">
            {ticks}
            {name}
            <line x1=PAD_L x2=PAD_L y1=PAD_T y2=H - PAD_B stroke=AXIS stroke-width="1" class="axis"/>
        </g>
    }
    .into_any()
}

/// The points of a series that get an x-axis label, with each label's `text-anchor`, given
/// each point's label width (`widths`, SVG units) and the plot's width: the first label starts
/// at its point (`start`) and the last ends at its point (`end`), so neither leaves the plot
/// nor runs into the value axis's labels; between them, evenly spaced labels (about six at
/// most) wherever one fits 8 units clear of its neighbours. No two labels overlap.
pub fn x_label_slots(widths: &[f64], plot_w: f64) -> Vec<(usize, &'static str)> {
    const GAP: f64 = 8.0;
    let n = widths.len();
    if n < 2 {
        return (0..n).map(|i| (i, "middle")).collect();
    }
    let last = n - 1;
    let dx = plot_w / last as f64;
    let widest = widths[..last].iter().copied().fold(0.0, f64::max);
    let every = n
        .div_ceil(6)
        .max(((widest + GAP) / dx).ceil() as usize)
        .max(1);
    let last_left = plot_w - widths[last];
    let mut out = vec![(0, "start")];
    let mut right = widths[0];
    for i in (every..last).step_by(every) {
        let (x, half) = (i as f64 * dx, widths[i] / 2.0);
        if x - half >= right + GAP && x + half + GAP <= last_left {
            out.push((i, "middle"));
            right = x + half;
        }
    }
    if last_left >= right + GAP {
        out.push((last, "end"));
    }
    out
}

/// The points of an `n`-point series that are focusable marks: all of them up to
/// [`MAX_MARKS`], else every k-th and the last (a line of 1,000 days is 1,000 points on the
/// line but about 60 tab stops).
pub fn mark_slots(n: usize) -> Vec<usize> {
    if n <= MAX_MARKS {
        return (0..n).collect();
    }
    let every = n.div_ceil(MAX_MARKS - 1);
    let mut out: Vec<usize> = (0..n).step_by(every).collect();
    if out.last() != Some(&(n - 1)) {
        out.push(n - 1);
    }
    out
}

/// A time series: a line through the periods, each period a focusable point (every k-th on a
/// long series, [`mark_slots`]). Values are drawn in the axis's display unit (`unit`).
pub fn line_chart(
    id: String,
    title: String,
    data: Vec<Datum>,
    unit: YUnit,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    let selected = RwSignal::new(String::new());
    let w = width();
    let f = unit.factor;
    let present = || data.iter().filter(|d| !d.gap).map(|d| d.value * f);
    let axis = Axis::over(present().fold(0.0, f64::min), present().fold(0.0, f64::max));
    let (min, max) = (axis.min, axis.max);
    let plot_w = w - PAD_L - PAD_R;
    let plot_h = H - PAD_T - PAD_B;
    let n = data.len().max(1);
    let x = move |i: usize| {
        if n == 1 {
            PAD_L + plot_w / 2.0
        } else {
            PAD_L + plot_w * i as f64 / (n - 1) as f64
        }
    };
    let y = move |v: f64| PAD_T + plot_h - plot_h * (v * f - min) / (max - min);
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
    let widths: Vec<f64> = data.iter().map(|d| text_w(&d.label, 11.0)).collect();
    let x_labels: Vec<AnyView> = x_label_slots(&widths, plot_w)
        .into_iter()
        .filter_map(|(i, anchor)| {
            let d = data.get(i)?;
            Some(
                view! {
                    <text x=x(i) y=H - PAD_B + 16.0 text-anchor=anchor font-size="11" fill=AXIS class="axis-label x-tick">
                        {d.label.clone()}
                    </text>
                }
                .into_any(),
            )
        })
        .collect();
    let thinned = data.len() > MAX_MARKS;
    let points: Vec<AnyView> = mark_slots(data.len())
        .into_iter()
        .filter_map(|i| Some((i, data.get(i)?)))
        .filter(|(_, d)| !d.gap)
        .map(|(i, d)| {
            let r = if thinned { "3" } else { "4" };
            // A partial period (cut short by the range) is a hollow dot.
            let shape = if d.partial {
                view! {
                    <circle cx=x(i) cy=y(d.value) r="9" fill="transparent" class="hit"/>
                    <circle cx=x(i) cy=y(d.value) r=r fill="white" stroke=d.color stroke-width="2" class="dot dot-partial"/>
                }
                .into_any()
            } else {
                view! {
                    <circle cx=x(i) cy=y(d.value) r="9" fill="transparent" class="hit"/>
                    <circle cx=x(i) cy=y(d.value) r=r fill=d.color class="dot"/>
                }
                .into_any()
            };
            mark(d, selected, on_pick, shape)
        })
        .collect();
    let (legend, height) = partial_legend(&data, w, lang);
    let gaps = gap_marks(&data, x, PAD_T + plot_h, lang);
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {w} {height}") role="group" aria-label=title.clone() class="chart-svg" font-family=FONT data-unit=unit.name.clone()>
            {y_axis(&axis, &unit, w, lang)}
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

/// The partial period's legend of a line chart whose `data` has one, under the x labels and
/// wrapped to the plot's width, with the chart's height that makes room for it.
fn partial_legend(data: &[Datum], w: f64, lang: Lang) -> (Vec<AnyView>, f64) {
    let legend_lines = if data.iter().any(|d| d.partial) {
        wrap(
            &format!("○ {}", t(lang, "chart.partial_legend")),
            11.0,
            w - PAD_L - PAD_R,
        )
    } else {
        Vec::new()
    };
    let height = if legend_lines.is_empty() {
        H
    } else {
        H + 4.0 + 14.0 * (legend_lines.len() - 1) as f64
    };
    let legend: Vec<AnyView> = legend_lines
        .into_iter()
        .enumerate()
        .map(|(k, line)| {
            view! {
                <text x=PAD_L y=H - 6.0 + 14.0 * k as f64 font-size="11" fill=AXIS class="chart-partial-legend">{line}</text>
            }
            .into_any()
        })
        .collect();
    (legend, height)
}

/// A period with no data: a hollow mark on the axis line (`axis_y`) at `x(i)`, titled "no
/// data", never a dot at 0.
fn gap_marks(data: &[Datum], x: impl Fn(usize) -> f64, axis_y: f64, lang: Lang) -> Vec<AnyView> {
    let no_data = t(lang, "chart.no_data");
    data.iter()
        .enumerate()
        .filter(|(_, d)| d.gap)
        .map(|(i, d)| {
            let title = format!("{}: {no_data}", d.label);
            view! {
                <g class="gap" data-label=d.label.clone()>
                    // An SVG `<title>` by name (the view macro would make an HTML one).
                    {leptos::tachys::svg::title().child(title)}
                    <circle cx=x(i) cy=axis_y r="3" fill="none" stroke=GREY stroke-dasharray="2 2"/>
                </g>
            }
            .into_any()
        })
        .collect()
}

/// Horizontal bars (breakdowns by channel, source, agent...), largest first. The label column
/// is as wide as the longest label needs, up to 38% of the chart (a longer label is cut with an
/// ellipsis), and the value column as wide as the longest value: no text leaves the chart.
pub fn bar_chart(
    id: String,
    title: String,
    mut data: Vec<Datum>,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    let selected = RwSignal::new(String::new());
    let w = width();
    data.truncate(12);
    let rows = data.len().max(1);
    let bar_h = 22.0;
    let gap = 8.0;
    let longest = |f: &dyn Fn(&Datum) -> f64| data.iter().map(f).fold(0.0, f64::max);
    let label_w = (longest(&|d| text_w(&d.label, 12.0)) + 14.0).clamp(40.0, w * 0.38);
    let value_w = longest(&|d| text_w(&d.shown, 12.0)) + 10.0;
    let height = PAD_T + rows as f64 * (bar_h + gap) + 8.0;
    let max = nice_max(data.iter().map(|d| d.value.abs()).fold(0.0, f64::max));
    let plot_w = (w - label_w - PAD_R - value_w).max(40.0);
    let bars: Vec<AnyView> = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let y = PAD_T + i as f64 * (bar_h + gap);
            let bw = (plot_w * d.value.abs() / max).max(1.0);
            let label = fit(&d.label, 12.0, label_w - 10.0);
            let shape = view! {
                <rect x=label_w y=y width=bw height=bar_h fill=d.color rx="2" class="bar"/>
            }
            .into_any();
            let labels = view! {
                <text x=label_w - 8.0 y=y + bar_h * 0.7 text-anchor="end" font-size="12" fill=AXIS class="axis-label">{label}</text>
                <text x=label_w + bw + 6.0 y=y + bar_h * 0.7 font-size="12" fill=AXIS class="value-label">{d.shown.clone()}</text>
            }
            .into_any();
            mark_labelled(d, selected, on_pick, shape, labels)
        })
        .collect();
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {w} {height}") role="group" aria-label=title.clone() class="chart-svg" font-family=FONT>
            {bars}
        </svg>
    }
    .into_any();
    frame(id, title, lang, selected, svg)
}

/// A funnel: each step a centred bar proportional to the first, its label (step, count,
/// conversion from the step before) on its own line above the bar, so a small bar never has
/// text running past its ends.
pub fn funnel_chart(
    id: String,
    title: String,
    data: Vec<Datum>,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    let selected = RwSignal::new(String::new());
    let w = width();
    let first = data.first().map(|d| d.value).unwrap_or(0.0).max(1e-9);
    let (label_h, bar_h, step_gap) = (18.0, 24.0, 10.0);
    let step_h = label_h + bar_h + step_gap;
    let height = PAD_T + data.len() as f64 * step_h;
    let plot_w = w - 40.0;
    let steps: Vec<AnyView> = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let bw = (plot_w * d.value / first).clamp(2.0, plot_w);
            let x = (w - bw) / 2.0;
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
            // 13 units, or smaller down to 10 where a long label would not fit a phone's width.
            let size = (13.0f64).min((w - 8.0) / (text.chars().count() as f64 * 0.6)).max(10.0);
            let shape = view! {
                <rect x=x y=y + label_h width=bw height=bar_h fill=d.color rx="3" class="bar"/>
            }
            .into_any();
            let labels = view! {
                <text x=w / 2.0 y=y + label_h - 5.0 text-anchor="middle" font-size=size fill="#111827" class="funnel-label">{text}</text>
            }
            .into_any();
            mark_labelled(d, selected, on_pick, shape, labels)
        })
        .collect();
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {w} {height}") role="group" aria-label=title.clone() class="chart-svg" font-family=FONT>
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
    let w = width();
    let total: f64 = data.iter().map(|d| d.value.max(0.0)).sum::<f64>().max(1e-9);
    let plot_w = w - 40.0;
    let mut x = 20.0;
    let mut parts = Vec::new();
    let height = LEGEND_TOP + data.len() as f64 * LEGEND_LINE + 4.0;
    for (i, d) in data.iter().enumerate() {
        let bw = plot_w * d.value.max(0.0) / total;
        let share = format::percent(d.value.max(0.0) / total, 0, lang);
        // One legend line per part: side by side, long labels ("Detratores — 1.234 (12%)")
        // ran into each other (issue 15).
        let legend_y = LEGEND_TOP + i as f64 * LEGEND_LINE;
        let shape = view! {
            <rect x=x y="20" width=bw.max(0.5) height="46" fill=d.color class="bar"/>
        }
        .into_any();
        let legend = fit(
            &format!("{} — {} ({share})", d.label, d.shown),
            12.0,
            w - 44.0,
        );
        let labels = view! {
            <rect x="20" y=legend_y width="14" height="14" fill=d.color/>
            <text x="40" y=legend_y + 12.0 font-size="12" fill=AXIS class="axis-label chart-legend-label">{legend}</text>
        }
        .into_any();
        parts.push(mark_labelled(d, selected, on_pick, shape, labels));
        x += bw;
    }
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {w} {height}") role="group" aria-label=title.clone() class="chart-svg" font-family=FONT>
            {parts}
        </svg>
    }
    .into_any();
    frame(id, title, lang, selected, svg)
}

/// How many rows a waterfall's bar labels need so that none runs into its neighbours: labels
/// `widths` wide under slots `slot` wide, label i on row i mod rows (at most 3).
pub fn label_rows(widths: &[f64], slot: f64) -> usize {
    (1..=3)
        .find(|&rows| widths.iter().all(|lw| *lw + 6.0 <= slot * rows as f64))
        .unwrap_or(3)
}

/// A waterfall: start, then signed movements as floating bars, then end.
/// `data[0]` and the last datum are totals (drawn from zero); the rest are deltas. Labels too
/// wide for their bar's slot alternate between rows ([`label_rows`]).
pub fn waterfall_chart(
    id: String,
    title: String,
    data: Vec<Datum>,
    unit: YUnit,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    let selected = RwSignal::new(String::new());
    let w = width();
    let f = unit.factor;
    let n = data.len();
    let mut running = 0.0f64;
    let mut spans = Vec::with_capacity(n);
    for (i, d) in data.iter().enumerate() {
        let v = d.value * f;
        if i == 0 || i == n - 1 {
            spans.push((0.0, v));
            running = v;
        } else {
            let next = running + v;
            spans.push((running, next));
            running = next;
        }
    }
    let axis = Axis::over(
        spans.iter().map(|(a, b)| a.min(*b)).fold(0.0, f64::min),
        spans.iter().map(|(a, b)| a.max(*b)).fold(0.0, f64::max),
    );
    let (min, max) = (axis.min, axis.max);
    let plot_w = w - PAD_L - PAD_R;
    let plot_h = H - PAD_T - PAD_B;
    let slot = plot_w / n.max(1) as f64;
    let widths: Vec<f64> = data.iter().map(|d| text_w(&d.label, 11.0)).collect();
    let rows = label_rows(&widths, slot);
    let height = H + (rows - 1) as f64 * 14.0;
    let y = move |v: f64| PAD_T + plot_h - plot_h * (v - min) / (max - min);
    let bars: Vec<AnyView> = data
        .iter()
        .zip(&spans)
        .enumerate()
        .map(|(i, (d, (a, b)))| {
            let top = y(a.max(*b));
            let h = (y(a.min(*b)) - top).max(1.0);
            let x = PAD_L + slot * i as f64 + slot * 0.15;
            let label_y = H - PAD_B + 16.0 + (i % rows) as f64 * 14.0;
            let shape = view! {
                <rect x=x y=top width=slot * 0.7 height=h fill=d.color class="bar"/>
            }
            .into_any();
            let labels = view! {
                <text x=x + slot * 0.35 y=label_y text-anchor="middle" font-size="11" fill=AXIS class="axis-label x-tick">{d.label.clone()}</text>
            }
            .into_any();
            mark_labelled(d, selected, on_pick, shape, labels)
        })
        .collect();
    let svg = view! {
        <svg id=id.clone() xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {w} {height}") role="group" aria-label=title.clone() class="chart-svg" font-family=FONT data-unit=unit.name.clone()>
            {y_axis(&axis, &unit, w, lang)}
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
    fn x_labels_stay_in_the_plot_and_never_overlap() {
        assert_eq!(x_label_slots(&[], 480.0), vec![]);
        assert_eq!(x_label_slots(&[40.0], 480.0), vec![(0, "middle")]);
        assert_eq!(
            x_label_slots(&[40.0, 40.0], 480.0),
            vec![(0, "start"), (1, "end")]
        );
        // 12 months on a wide chart: every 2nd, the first from its point, the last to its point.
        let twelve: Vec<usize> = x_label_slots(&[45.0; 12], 480.0)
            .into_iter()
            .map(|(i, _)| i)
            .collect();
        assert_eq!(twelve, vec![0, 2, 4, 6, 8, 11]);
        // Long week labels ("sem. 09/2025", ~80 units) on a phone's 260-unit plot: 3 labels.
        let weeks = x_label_slots(&[80.0; 53], 260.0);
        assert_eq!(weeks.first(), Some(&(0, "start")));
        assert_eq!(weeks.last(), Some(&(52, "end")));
        // No two overlap: extents from the anchors, 8 units apart.
        for (widths, plot) in [
            (vec![80.0; 53], 260.0),
            (vec![60.0; 1000], 480.0),
            (vec![53.0; 34], 260.0),
        ] {
            let slots = x_label_slots(&widths, plot);
            let dx = plot / (widths.len() - 1) as f64;
            let extent = |(i, anchor): (usize, &str)| {
                let (x, w) = (i as f64 * dx, widths[i]);
                match anchor {
                    "start" => (x, x + w),
                    "end" => (x - w, x),
                    _ => (x - w / 2.0, x + w / 2.0),
                }
            };
            for pair in slots.windows(2) {
                assert!(
                    extent(pair[0]).1 + 8.0 <= extent(pair[1]).0 + 1e-9,
                    "{pair:?} of {}",
                    widths.len()
                );
            }
            assert!(extent(*slots.last().unwrap()).1 <= plot + 1e-9);
        }
    }

    #[test]
    fn a_long_series_has_at_most_max_marks_tab_stops() {
        assert_eq!(mark_slots(3), vec![0, 1, 2]);
        assert_eq!(mark_slots(MAX_MARKS).len(), MAX_MARKS);
        let days = mark_slots(1000);
        assert!(days.len() <= MAX_MARKS, "{}", days.len());
        assert_eq!((days[0], *days.last().unwrap()), (0, 999));
    }

    #[test]
    fn waterfall_labels_take_rows_when_their_slots_are_narrow() {
        // A wide chart: "Reactivation" (~79 units) under 68-unit slots needs 2 rows.
        assert_eq!(label_rows(&[40.0, 60.0], 68.0), 1);
        assert_eq!(label_rows(&[40.0, 79.0], 68.0), 2);
        // A phone: 37-unit slots.
        assert_eq!(label_rows(&[79.0, 79.0], 37.0), 3);
        assert_eq!(
            fit("Problema no pagamento", 12.0, 100.0).chars().count(),
            13
        );
        assert_eq!(fit("Reembolso", 12.0, 100.0), "Reembolso");
        assert_eq!(wrap("um dois três", 10.0, 50.0), ["um dois", "três"]);
    }
}
