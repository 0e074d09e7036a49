//! The Journey page: the headline cards, then the journey itself (issue 15): the stage funnel
//! by acquisition source, the flow between stages, the time between them, the retention
//! cohorts, the lifecycle, the health bands and the top customers by predicted CLV, each
//! customer linking to their timeline (every row of every file, in time order). Everything
//! comes from the engine's report; the only arithmetic here is layout.

use crate::charts::{self, AMBER, BLUE, Datum, GREEN, GREY, Pick, RED};
use crate::format;
use crate::i18n::{Lang, t};
use crate::state::use_state;
use crate::views::EmptyState;
use crate::views::dashboard::{
    computing, first_shown, pick_callback, progressive, rendered, sections, stage_links,
};
use crate::views::filters::{ExportBar, Filters};
use jornada_engine::{Report, Stage, Unit};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use serde_json::Value;

const PURPLE: &str = "#6d28d9";

/// The rows of a metric's table (an array, or the array under `key` of an object).
fn rows_of(report: &Report, id: &str, key: Option<&str>) -> Vec<Value> {
    let table = report.metric(id).and_then(|m| m.table.as_ref());
    let rows = match (table, key) {
        (Some(Value::Array(rows)), None) => Some(rows),
        (Some(Value::Object(o)), Some(k)) => o.get(k).and_then(Value::as_array),
        _ => None,
    };
    rows.cloned().unwrap_or_default()
}

fn num(row: &Value, key: &str) -> Option<f64> {
    row.get(key).and_then(Value::as_f64)
}

fn text(row: &Value, key: &str) -> String {
    match row.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The colour and name key of a journey stage id (`sales`), as the engine writes it.
pub fn stage_style(id: &str) -> (&'static str, &'static str) {
    match id {
        "attraction" => (BLUE, "nav.attraction"),
        "sales" => (GREEN, "nav.sales"),
        "service" => (AMBER, "nav.service"),
        "loyalty" => (PURPLE, "nav.loyalty"),
        _ => (GREY, "journey.stage_other"),
    }
}

fn step_key(step: &str) -> &'static str {
    match step {
        "attraction" => "journey.step.attraction",
        "sales" => "journey.step.sales",
        "repeat" => "journey.step.repeat",
        "loyalty" => "journey.step.loyalty",
        _ => "journey.stage_other",
    }
}

/// The in-app address of a customer's timeline.
pub fn timeline_href(who: &str) -> String {
    crate::app_href(&format!("/journey?customer={}", encode(who)))
}

/// `s` percent-encoded for a query string (RFC 3986 unreserved characters kept).
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The name of a section's scrollable table (distinct from the section's own name).
fn table_label(lang: Lang, title: &'static str) -> String {
    format!("{} ({})", t(lang, title), t(lang, "journey.table"))
}

/// A section of the journey: a heading and its body, or "not available" when absent.
fn panel(lang: Lang, id: &'static str, title: &'static str, body: Option<AnyView>) -> AnyView {
    view! {
        <section class="panel journey-panel" id=id aria-labelledby=format!("{id}-title")>
            <h2 id=format!("{id}-title")>{t(lang, title)}</h2>
            {body.unwrap_or_else(|| view! { <p class="not-available">{t(lang, "journey.not_available")}</p> }.into_any())}
        </section>
    }
    .into_any()
}

#[component]
pub fn JourneyPage() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let on_pick = pick_callback();
    let p = progressive(state, Stage::Journey);
    let query = use_query_map();
    let customer = Memo::new(move |_| query.with(|q| q.get("customer")));
    // The timeline is asked for when a customer is named and the data are loaded.
    Effect::new(move |_| {
        let has_report = state.report.with(|r| r.is_some());
        if let (Some(who), true) = (customer.get(), has_report) {
            crate::bridge::timeline(state, &who);
        }
    });
    view! {
        <Show when=move || state.report.with(|r| r.is_some()) fallback=|| view! { <EmptyState/> }>
            <div class="dashboard" data-stage="journey"
                data-first=move || first_shown(p)
                data-rendered=move || rendered(p)>
                <Show when=move || p.controls.get() && !state.report_partial.get()><Filters/><ExportBar/></Show>
                <h1>{move || t(lang.get(), "nav.journey")}</h1>
                {computing(state)}
                <nav aria-label=move || t(lang.get(), "nav.journey") class="stage-links no-print">
                    <ul>{move || {
                        let l = lang.get();
                        state.report.with(|r| r.as_ref().map(|r| stage_links(r, l)))
                    }}</ul>
                </nav>
                <CustomerSearch/>
                {move || customer.get().map(|who| view! { <Timeline who=who/> })}
                {sections(p, on_pick)}
                <Show when=move || p.whole_placed()>
                    <JourneyViews/>
                </Show>
            </div>
        </Show>
    }
}

/// The journey's views, placed one per task after the cards (so none blocks the UI thread
/// for long), each rebuilt when the report or the language changes.
#[component]
fn JourneyViews() -> impl IntoView {
    let on_pick = pick_callback();
    let source = RwSignal::new("all".to_string());
    let revenue = RwSignal::new(false);
    let cell = RwSignal::new(None::<(String, u64)>);
    let step = RwSignal::new(0usize);
    advance(step);
    view! {
        <div class="journey" data-journey="true" data-complete=move || (step.get() >= SECTIONS).then_some("true")>
            {later(step, 0, move |r, l| funnel_view(r, l, source, on_pick))}
            {later(step, 1, flow_view)}
            {later(step, 2, time_view)}
            {later(step, 3, move |r, l| cohort_view(r, l, revenue, cell))}
            <CohortCustomers cell=cell/>
            {later(step, 4, lifecycle_view)}
            {later(step, 5, health_view)}
            {later(step, 6, clv_view)}
        </div>
    }
}

/// The number of journey views placed by [`JourneyViews`].
const SECTIONS: usize = 7;

/// Places the next journey view in a new task, until all are placed (or the page is left).
fn advance(step: RwSignal<usize>) {
    advance_to(step, SECTIONS);
}

/// Counts `step` up to `limit`, one step per task (or until the page is left).
fn advance_to(step: RwSignal<usize>, limit: usize) {
    set_timeout(
        move || {
            if let Some(n) = step.try_get_untracked().filter(|n| *n < limit) {
                step.set(n + 1);
                advance_to(step, limit);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// Journey view `i`, once placed.
fn later(
    step: RwSignal<usize>,
    i: usize,
    f: impl Fn(&Report, Lang) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let state = use_state();
    let on = Memo::new(move |_| step.get() > i);
    move || {
        if !on.get() {
            return None;
        }
        let l = state.lang.get();
        state.report.with(|r| r.as_ref().map(|r| f(r, l)))
    }
}

/// The stage funnel of one acquisition source (or all), with each step's conversion and its
/// Wilson interval.
fn funnel_view(
    report: &Report,
    lang: Lang,
    source: RwSignal<String>,
    on_pick: Callback<Pick>,
) -> AnyView {
    let rows = rows_of(report, "journey.stage_funnel", None);
    let mut sources: Vec<String> = Vec::new();
    for r in &rows {
        let s = text(r, "source");
        if !sources.contains(&s) {
            sources.push(s);
        }
    }
    let body = (!rows.is_empty()).then(|| {
        let chosen = move || {
            let s = source.get();
            rows.iter()
                .filter(|r| text(r, "source") == s)
                .cloned()
                .collect::<Vec<Value>>()
        };
        let label = move |s: &str| {
            if s == "all" {
                t(lang, "journey.all_sources").to_string()
            } else {
                s.to_string()
            }
        };
        view! {
            <label class="journey-control">{t(lang, "journey.source")}" "
                <select id="funnel-source" prop:value=move || source.get()
                    on:change=move |ev| source.set(event_target_value(&ev))>
                    {sources.iter().map(|s| view! { <option value=s.clone()>{label(s)}</option> }).collect_view()}
                </select>
            </label>
            {move || {
                let steps = chosen();
                let data: Vec<Datum> = steps.iter().map(|r| {
                    let n = num(r, "customers").unwrap_or(0.0);
                    charts::datum(t(lang, step_key(&text(r, "step"))).to_string(), n, Unit::Count,
                        None, lang, Some(Pick { id: "journey.stage_funnel".into(), period: None, by: None }), BLUE)
                }).collect();
                let title = format!("{} — {}", t(lang, "journey.funnel"), label(&source.get()));
                view! {
                    {charts::funnel_chart("chart-journey-funnel".into(), title, data, lang, on_pick)}
                    <ol class="funnel-steps">{steps.iter().map(|r| funnel_step(r, lang)).collect_view()}</ol>
                }
            }}
        }
        .into_any()
    });
    panel(lang, "journey-funnel", "journey.funnel", body)
}

fn funnel_step(r: &Value, lang: Lang) -> AnyView {
    let n = num(r, "customers").unwrap_or(0.0);
    let conv = match (num(r, "conversion"), num(r, "low"), num(r, "high")) {
        (Some(c), Some(lo), Some(hi)) => format!(
            " — {} {} ({} {}–{})",
            format::percent(c, 1, lang),
            t(lang, "journey.of_previous"),
            t(lang, "journey.interval"),
            format::percent(lo, 1, lang),
            format::percent(hi, 1, lang)
        ),
        _ => String::new(),
    };
    view! {
        <li data-step=text(r, "step") data-customers=n.to_string()>
            <strong>{t(lang, step_key(&text(r, "step")))}</strong>": "{format::number(n, 0, lang)}{conv}
        </li>
    }
    .into_any()
}

/// The stage positions of the flow diagram, left to right.
const FLOW_STAGES: [&str; 4] = ["attraction", "sales", "service", "loyalty"];

/// The flow between stages as a hand-drawn diagram: the stages as nodes, each transition a
/// link as thick as its count; forward moves arc above, moves back arc below.
fn flow_view(report: &Report, lang: Lang) -> AnyView {
    let rows = rows_of(report, "journey.stage_flow", None);
    let max = rows
        .iter()
        .filter_map(|r| num(r, "moves"))
        .fold(1.0_f64, f64::max);
    let x_of = |id: &str| {
        FLOW_STAGES
            .iter()
            .position(|s| *s == id)
            .map(|i| 70.0 + i as f64 * 140.0)
    };
    let (w, mid) = (560.0, 130.0);
    let links: Vec<AnyView> = rows
        .iter()
        .filter_map(|r| {
            let (from, to) = (text(r, "from"), text(r, "to"));
            let (x1, x2) = (x_of(&from)?, x_of(&to)?);
            if from == to {
                return None;
            }
            let n = num(r, "moves").unwrap_or(0.0);
            let back = r.get("back").and_then(Value::as_bool).unwrap_or(false);
            let lift = 30.0 + (x2 - x1).abs() * 0.3;
            let (y0, cy) = if back {
                (mid + 24.0, mid + 24.0 + lift)
            } else {
                (mid - 24.0, mid - 24.0 - lift)
            };
            let name = format!(
                "{} → {}: {} {}{}",
                t(lang, stage_style(&from).1),
                t(lang, stage_style(&to).1),
                format::number(n, 0, lang),
                t(lang, "journey.moves"),
                if back { t(lang, "journey.back_suffix") } else { "" }
            );
            let d = format!("M {x1} {y0} Q {} {cy} {x2} {y0}", (x1 + x2) / 2.0);
            // The count sits at the curve's apex (halfway to its control point), outside the
            // curve: the control point itself lies beyond the drawing for the longest links.
            let apex = (y0 + cy) / 2.0;
            let width = 1.5 + 12.0 * n / max;
            let colour = if back { RED } else { stage_style(&to).0 };
            let label = name.clone();
            Some(view! {
                <g class="flow-link" tabindex="0" role="img" aria-label=label
                    data-from=from data-to=to data-moves=n.to_string()>
                    {leptos::tachys::svg::title().child(name)}
                    <path d=d fill="none" stroke=colour stroke-width=width stroke-opacity="0.55" marker-end="url(#flow-arrow)"/>
                    <text x=(x1 + x2) / 2.0 y=if back { apex + 14.0 } else { apex - 6.0 } text-anchor="middle" font-size="11" fill="#374151" aria-hidden="true">{format::compact(n, lang)}</text>
                </g>
            }.into_any())
        })
        .collect();
    let nodes = FLOW_STAGES.iter().map(|s| {
        let x = x_of(s).unwrap_or(0.0);
        let (colour, key) = stage_style(s);
        view! {
            <rect x=x - 56.0 y=mid - 22.0 width="112" height="44" rx="8" fill=colour/>
            <text x=x y=mid + 5.0 text-anchor="middle" font-size="13" fill="#ffffff">{t(lang, key)}</text>
        }
    });
    let title = t(lang, "journey.flow");
    let body = (!rows.is_empty()).then(|| view! {
        <figure class="chart">
            <figcaption>{t(lang, "journey.flow_caption")}</figcaption>
            // Never drawn narrower than its layout (a phone scrolls it sideways): scaled to a
            // 390 px screen its counts were 6 px and ran into the curves.
            <div class="flow-scroll" tabindex="0" role="region" aria-label=format!("{title} ({})", lang.pick("diagrama", "diagram"))>
            <svg id="chart-journey-flow" xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {w} 270") role="group" aria-label=title class="chart-svg">
                <defs><marker id="flow-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#374151"/></marker></defs>
                {links}
                <g aria-hidden="true">{nodes.collect_view()}</g>
            </svg>
            </div>
        </figure>
    }.into_any());
    panel(lang, "journey-flow", "journey.flow", body)
}

fn gap_key(gap: &str) -> &'static str {
    match gap {
        "lead_or_visit_to_first_order" => "journey.gap.lead_order",
        "first_to_second_order" => "journey.gap.second_order",
        "first_order_to_first_ticket" => "journey.gap.first_ticket",
        "first_order_to_first_answer" => "journey.gap.first_answer",
        _ => "journey.stage_other",
    }
}

/// Median days between stages, with the interquartile range.
fn time_view(report: &Report, lang: Lang) -> AnyView {
    let rows = rows_of(report, "journey.time_between_stages", None);
    let days = |v: Option<f64>| {
        v.map(|d| format!("{} {}", format::number(d, 1, lang), t(lang, "journey.days")))
            .unwrap_or_else(|| "—".into())
    };
    let body = (!rows.is_empty()).then(|| view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=table_label(lang, "journey.time")>
            <table class="journey-time">
                <caption class="visually-hidden">{t(lang, "journey.time")}</caption>
                <thead><tr>
                    <th scope="col">{t(lang, "journey.gap")}</th>
                    <th scope="col">{t(lang, "journey.customers")}</th>
                    <th scope="col">{t(lang, "journey.median")}</th>
                    <th scope="col">{t(lang, "journey.iqr")}</th>
                </tr></thead>
                <tbody>{rows.iter().map(|r| view! {
                    <tr data-gap=text(r, "gap") data-median=num(r, "median_days").map(|v| v.to_string())>
                        <th scope="row">{t(lang, gap_key(&text(r, "gap")))}</th>
                        <td>{format::number(num(r, "customers").unwrap_or(0.0), 0, lang)}</td>
                        <td>{days(num(r, "median_days"))}</td>
                        <td>{match (num(r, "q1_days"), num(r, "q3_days")) {
                            (Some(a), Some(b)) => format!("{} – {}", format::number(a, 1, lang), days(Some(b))),
                            _ => "—".into(),
                        }}</td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }.into_any());
    panel(lang, "journey-time", "journey.time", body)
}

/// A heat colour for `share` (0..1, white to dark blue) and the text colour (black or white)
/// with the larger contrast on it.
pub fn heat(share: f64) -> (String, &'static str) {
    let s = share.clamp(0.0, 1.0);
    let mix = |a: f64, b: f64| a + (b - a) * s;
    let (r, g, b) = (mix(239.0, 30.0), mix(246.0, 58.0), mix(255.0, 138.0));
    let lin = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    // White text when it contrasts more than black: (1.05)/(l+0.05) > (l+0.05)/0.05.
    let fg = if 1.05 / (l + 0.05) > (l + 0.05) / 0.05 {
        "#ffffff"
    } else {
        "#111827"
    };
    (format!("rgb({r:.0},{g:.0},{b:.0})"), fg)
}

/// The retention cohorts as a heatmap: a row per cohort, a column per period after it; the
/// toggle switches customer and revenue retention; each cell opens its customers.
fn cohort_view(
    report: &Report,
    lang: Lang,
    revenue: RwSignal<bool>,
    cell: RwSignal<Option<(String, u64)>>,
) -> AnyView {
    let rows = rows_of(report, "loyalty.retention_cohorts", None);
    let ks = rows
        .iter()
        .filter_map(|r| num(r, "k"))
        .fold(0.0_f64, f64::max) as u64;
    let mut cohorts: Vec<String> = Vec::new();
    for r in &rows {
        let c = text(r, "cohort");
        if !cohorts.contains(&c) {
            cohorts.push(c);
        }
    }
    let body = (!rows.is_empty()).then(|| {
        let toggle = move |on: bool, key: &'static str| view! {
            <button type="button" class="button toggle" aria-pressed=move || (revenue.get() == on).to_string()
                on:click=move |_| revenue.set(on)>{t(lang, key)}</button>
        };
        view! {
            <div class="button-row" role="group" aria-label=t(lang, "journey.cohorts_measure")>
                {toggle(false, "journey.cohorts_customers")}{toggle(true, "journey.cohorts_revenue")}
            </div>
            <p class="table-note">{t(lang, "journey.cohorts_note")}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=table_label(lang, "journey.cohorts")>
                <table class="heatmap">
                    <caption class="visually-hidden">{t(lang, "journey.cohorts")}</caption>
                    <thead><tr>
                        <th scope="col">{t(lang, "journey.cohort")}</th>
                        {(0..=ks).map(|k| view! { <th scope="col">{format!("+{k}")}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{cohort_rows(&rows, &cohorts, ks, lang, revenue, cell)}</tbody>
                </table>
            </div>
        }
        .into_any()
    });
    panel(lang, "journey-cohorts", "journey.cohorts", body)
}

/// Cohorts placed per task in the heatmap: a sample's grid has some 600 cells, each a button
/// with its own reactive colour and name, too many to build in one task under 50 ms.
const COHORTS_PER_TASK: usize = 4;

/// One heatmap row: the cohort, its size and its cell at each k.
type CohortRow = (String, f64, Vec<Option<Value>>);

/// The heatmap's rows, [`COHORTS_PER_TASK`] cohorts per task.
fn cohort_rows(
    rows: &[Value],
    cohorts: &[String],
    ks: u64,
    lang: Lang,
    revenue: RwSignal<bool>,
    cell: RwSignal<Option<(String, u64)>>,
) -> impl IntoView + use<> {
    // Each cohort with its size and its cell at each k.
    let grid: Vec<CohortRow> = cohorts
        .iter()
        .map(|c| {
            let cells: Vec<&Value> = rows.iter().filter(|r| text(r, "cohort") == *c).collect();
            let size = cells.first().and_then(|r| num(r, "size")).unwrap_or(0.0);
            let by_k = (0..=ks)
                .map(|k| {
                    cells
                        .iter()
                        .find(|r| num(r, "k") == Some(k as f64))
                        .map(|r| (*r).clone())
                })
                .collect();
            (c.clone(), size, by_k)
        })
        .collect();
    let chunks: Vec<Vec<CohortRow>> = grid.chunks(COHORTS_PER_TASK).map(<[_]>::to_vec).collect();
    let placed = RwSignal::new(0usize);
    advance_to(placed, chunks.len());
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let on = Memo::new(move |_| placed.get() > i);
            move || {
                on.get().then(|| {
                    chunk
                        .iter()
                        .map(|(c, size, by_k)| {
                            view! {
                                <tr>
                                    <th scope="row">{format::period(c, lang)}" ("{format::number(*size, 0, lang)}")"</th>
                                    {by_k.iter().map(|r| {
                                        let r = r.clone();
                                        view! { <td>{r.map(|r| cohort_cell(r, lang, revenue, cell))}</td> }
                                    }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()
                })
            }
        })
        .collect_view()
}

fn cohort_cell(
    r: Value,
    lang: Lang,
    revenue: RwSignal<bool>,
    cell: RwSignal<Option<(String, u64)>>,
) -> AnyView {
    let (cohort, k) = (text(&r, "cohort"), num(&r, "k").unwrap_or(0.0) as u64);
    let partial = r.get("partial").and_then(Value::as_bool).unwrap_or(false);
    let (active, raw_share) = (num(&r, "active"), num(&r, "share"));
    let revenue_share = num(&r, "revenue_share");
    let share = move || {
        if revenue.get() {
            revenue_share
        } else {
            raw_share
        }
    };
    let shown = move || {
        share()
            .map(|s| format::percent(s, 0, lang))
            .unwrap_or_else(|| "—".into())
    };
    let name = {
        let cohort = cohort.clone();
        move || {
            format!(
                "{} {}, +{k}: {}{}",
                t(lang, "journey.cohort"),
                format::period(&cohort, lang),
                shown(),
                if partial {
                    t(lang, "journey.partial_suffix")
                } else {
                    ""
                }
            )
        }
    };
    // Set through the CSSOM (`style:`), which the page's CSP allows; a style attribute it
    // blocks.
    let bg = move || heat(share().unwrap_or(0.0)).0;
    let fg = move || heat(share().unwrap_or(0.0)).1;
    let key = (cohort.clone(), k);
    view! {
        <button type="button" class="heat-cell" class:partial=partial style:background=bg style:color=fg
            data-cohort=cohort.clone() data-k=k.to_string() data-active=active.map(|v| v.to_string())
            data-share=raw_share.map(|v| v.to_string())
            aria-label=name on:click=move |_| cell.set(Some(key.clone()))>
            {shown}{partial.then_some("*")}
        </button>
    }
    .into_any()
}

/// The customer in a cohort rule ("included: cohort 2025-01, k 2, customer C1, status …").
pub fn rule_customer(rule: &str) -> Option<&str> {
    let rest = rule.split_once(", customer ")?.1;
    Some(rest.rsplit_once(", status ").map_or(rest, |(c, _)| c))
}

/// The customers of the cohort cell picked (asked of the worker: the cell's orders).
#[component]
fn CohortCustomers(cell: RwSignal<Option<(String, u64)>>) -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    Effect::new(move |_| {
        if let Some((cohort, k)) = cell.get() {
            crate::bridge::explain_matching(
                state,
                "loyalty.retention_cohorts",
                format!("cohort {cohort}, k {k}, "),
            );
        }
    });
    // The cell's rows, kept here: a timeline asked for later replaces the shared explanation.
    let rows = RwSignal::new(None::<Vec<String>>);
    Effect::new(move |_| {
        cell.track();
        rows.set(None);
    });
    Effect::new(move |_| {
        state.explanation.with(|e| {
            if let Some(e) = e.as_ref().filter(|e| e.id == "loyalty.retention_cohorts") {
                rows.set(Some(e.rows.iter().map(|r| r.rule.clone()).collect()));
            }
        })
    });
    let customers = move || {
        rows.with(|rules| {
            let mut out: Vec<String> = Vec::new();
            for rule in rules.as_ref()? {
                if let Some(c) = rule_customer(rule).filter(|c| !out.iter().any(|o| o == c)) {
                    out.push(c.to_string());
                }
            }
            Some(out)
        })
    };
    move || {
        let (cohort, k) = cell.get()?;
        let l = lang.get();
        Some(view! {
            <section class="panel cohort-customers" aria-live="polite" aria-labelledby="cohort-customers-title">
                <h3 id="cohort-customers-title">{format!("{} {}, +{k}", t(l, "journey.cohort_customers"), format::period(&cohort, l))}</h3>
                {move || match customers() {
                    None => view! { <p>{t(l, "journey.loading")}</p> }.into_any(),
                    Some(list) => view! {
                        <p data-count=list.len().to_string()>{format!("{} {}", format::number(list.len() as f64, 0, l), t(l, "journey.customers").to_lowercase())}</p>
                        <ul class="customer-list">{list.into_iter().map(|c| view! {
                            <li><a href=timeline_href(&c)>{c.clone()}</a></li>
                        }).collect_view()}</ul>
                    }.into_any(),
                }}
            </section>
        })
    }
}

const LIFECYCLE: [(&str, &str, &str); 4] = [
    ("new", "journey.life.new", BLUE),
    ("returning", "journey.life.returning", GREEN),
    ("resurrecting", "journey.life.resurrecting", AMBER),
    ("dormant", "journey.life.dormant", GREY),
];

/// New, returning, resurrecting and dormant customers per period, as stacked bars.
fn lifecycle_view(report: &Report, lang: Lang) -> AnyView {
    let rows = rows_of(report, "journey.lifecycle", None);
    let total = |r: &Value| {
        LIFECYCLE
            .iter()
            .map(|(k, _, _)| num(r, k).unwrap_or(0.0))
            .sum::<f64>()
    };
    let max = rows.iter().map(total).fold(1.0_f64, f64::max);
    let (w, h, top) = (charts::width(), 220.0, 10.0);
    let step = (w - 20.0) / rows.len().max(1) as f64;
    let bars: Vec<AnyView> = rows.iter().enumerate().map(|(i, r)| {
        let x = 10.0 + i as f64 * step;
        let mut y = h;
        let period = format::period(&text(r, "period"), lang);
        let parts: Vec<String> = LIFECYCLE.iter().map(|(k, key, _)| format!("{} {}", t(lang, key), format::number(num(r, k).unwrap_or(0.0), 0, lang))).collect();
        let partial = r.get("partial").and_then(Value::as_bool).unwrap_or(false);
        let name = format!("{period}: {}{}", parts.join(", "), if partial { t(lang, "journey.partial_suffix") } else { "" });
        let segs = LIFECYCLE.iter().map(|(k, _, colour)| {
            let bh = (h - top) * num(r, k).unwrap_or(0.0) / max;
            y -= bh;
            view! { <rect x=x + 1.0 y=y width=(step - 2.0).max(1.0) height=bh fill=*colour fill-opacity=if partial { "0.5" } else { "1" }/> }
        }).collect_view();
        let label = name.clone();
        view! {
            <g class="mark" tabindex="0" role="img" aria-label=label data-period=text(r, "period")>
                {leptos::tachys::svg::title().child(name)}
                {segs}
            </g>
        }.into_any()
    }).collect();
    let first = rows
        .first()
        .map(|r| format::period(&text(r, "period"), lang))
        .unwrap_or_default();
    let last = rows
        .last()
        .map(|r| format::period(&text(r, "period"), lang))
        .unwrap_or_default();
    let body = (!rows.is_empty()).then(|| view! {
        <figure class="chart">
            <figcaption>{t(lang, "journey.lifecycle_caption")}</figcaption>
            <svg id="chart-journey-lifecycle" xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {w} 240") role="group" aria-label=t(lang, "journey.lifecycle") class="chart-svg">
                {bars}
                <g aria-hidden="true">
                    <text x="10" y="236" font-size="12" fill="#374151">{first}</text>
                    <text x=w - 10.0 y="236" font-size="12" fill="#374151" text-anchor="end">{last}</text>
                </g>
            </svg>
            <ul class="legend">{LIFECYCLE.iter().map(|(_, key, colour)| view! {
                <li><span class="swatch" style:background=*colour></span>{t(lang, key)}</li>
            }).collect_view()}</ul>
        </figure>
    }.into_any());
    panel(lang, "journey-lifecycle", "journey.lifecycle", body)
}

/// Customers per health band (red, yellow, green) of `loyalty.health_score`.
fn health_view(report: &Report, lang: Lang) -> AnyView {
    let bands = report.metric("loyalty.health_score").and_then(|m| {
        m.breakdowns.iter().find(|b| b.by == "band").map(|b| {
            ["red", "yellow", "green"].map(|band| {
                let n = b
                    .rows
                    .iter()
                    .find(|r| r.key == band)
                    .and_then(|r| r.value)
                    .unwrap_or(0.0);
                (band, n)
            })
        })
    });
    let body = bands.map(|bands| {
        let all: f64 = bands.iter().map(|b| b.1).sum::<f64>().max(1.0);
        view! {
            <ul class="health-bands">{bands.into_iter().map(|(band, n)| {
                let (colour, key) = match band {
                    "red" => (RED, "journey.band.red"),
                    "yellow" => (AMBER, "journey.band.yellow"),
                    _ => (GREEN, "journey.band.green"),
                };
                view! {
                    <li data-band=band data-customers=n.to_string() style:border-left-color=colour>
                        <strong>{t(lang, key)}</strong>" "{format::number(n, 0, lang)}" ("{format::percent(n / all, 0, lang)}")"
                    </li>
                }
            }).collect_view()}</ul>
        }
        .into_any()
    });
    panel(lang, "journey-health", "journey.health", body)
}

/// The customers with the largest predicted CLV, each linking to their timeline.
fn clv_view(report: &Report, lang: Lang) -> AnyView {
    let rows = rows_of(report, "loyalty.clv_predicted", Some("customers"));
    let currency = report
        .metric("loyalty.clv_predicted")
        .and_then(|m| m.currency.clone());
    let body = (!rows.is_empty()).then(|| view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=table_label(lang, "journey.top_clv")>
            <table>
                <caption class="visually-hidden">{t(lang, "journey.top_clv")}</caption>
                <thead><tr>
                    <th scope="col">{t(lang, "journey.customer")}</th>
                    <th scope="col">{t(lang, "journey.clv")}</th>
                    <th scope="col">{t(lang, "journey.p_alive")}</th>
                    <th scope="col">{t(lang, "journey.expected_purchases")}</th>
                </tr></thead>
                <tbody>{rows.iter().take(10).map(|r| {
                    let who = text(r, "customer");
                    view! {
                        <tr>
                            <th scope="row"><a href=timeline_href(&who)>{who.clone()}</a></th>
                            <td>{num(r, "clv").map(|v| format::currency(v, currency.as_deref(), lang)).unwrap_or_default()}</td>
                            <td>{num(r, "p_alive").map(|v| format::percent(v, 0, lang)).unwrap_or_default()}</td>
                            <td>{num(r, "expected_purchases").map(|v| format::number(v, 1, lang)).unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}</tbody>
            </table>
        </div>
    }.into_any());
    panel(lang, "journey-clv", "journey.top_clv", body)
}

/// A search by customer id or e-mail, opening that customer's timeline; and the profiles
/// export.
#[component]
fn CustomerSearch() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let navigate = use_navigate();
    let who = RwSignal::new(String::new());
    view! {
        <form class="customer-search no-print" role="search" on:submit=move |ev| {
            ev.prevent_default();
            let w = who.get_untracked().trim().to_string();
            if !w.is_empty() {
                navigate(&format!("/journey?customer={}", encode(&w)), Default::default());
            }
        }>
            <label for="customer-search">{move || t(lang.get(), "journey.search")}</label>
            <input id="customer-search" type="search" autocomplete="off"
                placeholder=move || t(lang.get(), "journey.search_hint")
                prop:value=move || who.get() on:input=move |ev| who.set(event_target_value(&ev))/>
            <button type="submit" class="button">{move || t(lang.get(), "journey.search_go")}</button>
            <button type="button" id="export-profiles" class="link-button"
                on:click=move |_| crate::bridge::export_profiles(state)>
                {move || t(lang.get(), "journey.export_profiles")}
            </button>
        </form>
    }
}

/// One timeline event from its typed row: (when, stage id, what) with "what" in the UI
/// language: the file kind's name, then the row's own word ("Pedidos: pago"). A row without
/// a step (an older worker) is shown as its file kind only.
pub fn timeline_event(
    step: Option<&jornada_engine::report::TimelineStep>,
    lang: Lang,
) -> (String, String, String) {
    let Some(s) = step else {
        return (String::new(), "journey".into(), String::new());
    };
    let kind = crate::i18n::kind_name(lang, s.kind.id());
    let what = match &s.what {
        Some(w) => format!("{kind}: {w}"),
        None => kind,
    };
    (
        s.at.clone().unwrap_or_default(),
        jornada_engine::metrics::journey::stage_id(s.stage).to_string(),
        what,
    )
}

/// One customer's timeline: every row of every file, in time order, each with its stage
/// (colour and name) and its file and line.
#[component]
fn Timeline(who: String) -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    // The timeline, kept here: a cohort cell asked for later replaces the shared explanation.
    let mine = RwSignal::new(None::<crate::protocol::ExplanationView>);
    Effect::new(move |_| {
        state.explanation.with(|e| {
            if let Some(e) = e
                .as_ref()
                .filter(|e| e.id == "journey.customers" && e.formula.starts_with("the timeline"))
            {
                mine.set(Some(e.clone()));
            }
        })
    });
    let shown = move || mine.get();
    let title = who.clone();
    view! {
        <section class="panel timeline" aria-labelledby="timeline-title" aria-live="polite">
            <h2 id="timeline-title">{move || t(lang.get(), "journey.timeline")}": "<bdi>{title.clone()}</bdi></h2>
            {move || {
                let l = lang.get();
                match shown() {
                    None => view! { <p>{t(l, "journey.loading")}</p> }.into_any(),
                    Some(e) => view! {
                        <p data-rows=e.rows.len().to_string()>{format!("{} {}", format::number(e.total_rows as f64, 0, l), t(l, "journey.events"))}</p>
                        <ol class="timeline-events">{e.rows.iter().map(|r| {
                            let (when, stage, what) = timeline_event(r.step.as_ref(), l);
                            let (colour, key) = stage_style(&stage);
                            let kind = r.step.as_ref().map(|s| s.kind.id().to_string()).unwrap_or_default();
                            let row = r.step.as_ref().map(|s| s.row.to_string()).unwrap_or_default();
                            view! {
                                <li data-stage=stage.clone() data-kind=kind data-row=row data-file=r.file.clone() data-line=r.line.to_string()>
                                    <span class="stage-chip" style:background=colour>{t(l, key)}</span>
                                    " "<time>{if when.is_empty() { t(l, "journey.no_date").to_string() } else { when }}</time>
                                    " "<span class="what">{what}</span>
                                    {r.value.map(|v| format!(" · {}", format::number(v, 2, l)))}
                                    " "<span class="source"><bdi>{r.file.clone()}</bdi>":"{r.line}</span>
                                </li>
                            }
                        }).collect_view()}</ol>
                    }.into_any(),
                }
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeline_step_is_worded_in_the_ui_language() {
        use jornada_engine::report::{Stage, TimelineStep};
        use jornada_engine::table::TableKind;
        let step = TimelineStep {
            at: Some("2025-01-03 10:00".into()),
            stage: Stage::Sales,
            kind: TableKind::Orders,
            row: 4,
            what: Some("paid".into()),
        };
        assert_eq!(
            timeline_event(Some(&step), Lang::Pt),
            (
                "2025-01-03 10:00".into(),
                "sales".into(),
                "Pedidos: paid".into()
            )
        );
        let undated = TimelineStep {
            at: None,
            stage: Stage::Service,
            kind: TableKind::Tickets,
            row: 0,
            what: None,
        };
        assert_eq!(
            timeline_event(Some(&undated), Lang::En),
            (String::new(), "service".into(), "Support tickets".into())
        );
    }

    #[test]
    fn a_cohort_rule_names_its_customer() {
        let rule = "included: cohort 2025-01, k 2, customer C-1, status completed";
        assert_eq!(rule_customer(rule), Some("C-1"));
        assert_eq!(rule_customer("included: nothing"), None);
    }

    #[test]
    fn heat_text_keeps_contrast_at_both_ends() {
        assert_eq!(heat(0.0).1, "#111827");
        assert_eq!(heat(1.0).1, "#ffffff");
    }

    #[test]
    fn a_customer_id_is_encoded_for_the_address() {
        assert_eq!(encode("a b@x.com"), "a%20b%40x.com");
    }
}
