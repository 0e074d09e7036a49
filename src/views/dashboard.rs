//! The dashboard: the journey overview and one page per stage, with the controls
//! (`views::filters`), metric cards, charts, tabular metrics and unavailable metrics.
//! Everything shown comes from the engine's `Report`; the only arithmetic here is layout (and
//! the waterfall's running sum).

use crate::charts::{self, AMBER, BLUE, Datum, GREEN, GREY, Pick, RED};
use crate::details;
use crate::format;
use crate::i18n::{Lang, metric_name, t};
use crate::state::{AppState, use_state};
use crate::views::EmptyState;
use crate::views::filters::{ExportBar, Filters, segment_use_words};
use jornada_engine::report::Metric;
use jornada_engine::{Direction, Granularity, Report, Stage, Unit};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::time::Duration;

fn stage_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Attraction => "nav.attraction",
        Stage::Sales => "nav.sales",
        Stage::Service => "nav.service",
        Stage::Loyalty => "nav.loyalty",
        Stage::Journey => "nav.journey",
    }
}

/// The drill-down URL of a metric (optionally one period).
pub fn why_href(id: &str, period: Option<&str>) -> String {
    match period {
        Some(p) => format!("/why?id={id}&period={p}"),
        None => format!("/why?id={id}"),
    }
}

/// The "why?" address of a pick: its metric, period and breakdown key (`&by=channel&key=web`,
/// the key percent-encoded).
pub fn pick_href(p: &Pick) -> String {
    let mut href = why_href(&p.id, p.period.as_deref());
    if let Some((by, key)) = &p.by {
        href.push_str(&format!(
            "&by={}&key={}",
            crate::builder::encode(by),
            crate::builder::encode(key)
        ));
    }
    href
}

pub(crate) fn pick_callback() -> Callback<Pick> {
    let navigate = use_navigate();
    Callback::new(move |p: Pick| navigate(&pick_href(&p), Default::default()))
}

/// `good`, `bad` or `neutral`: a change of sign `change` for a metric of `direction`.
fn change_verdict(change: f64, direction: Direction) -> &'static str {
    match direction {
        _ if change == 0.0 => "neutral",
        Direction::HigherIsBetter if change > 0.0 => "good",
        Direction::LowerIsBetter if change < 0.0 => "good",
        Direction::Neutral => "neutral",
        _ => "bad",
    }
}

/// One metric: value, change vs the previous period with significance, interval, n,
/// sparkline and a "why?" link.
pub fn metric_card(m: &Metric, gran: Granularity, lang: Lang) -> AnyView {
    let name = metric_name(lang, &m.id);
    let basis = details::pooled_summary(m, gran, lang);
    let value = format::metric_value(&m.id, m.value, m.unit, m.currency.as_deref(), lang);
    let change = m.change_pct.map(|c| {
        let sig = match m.change_significant {
            Some(true) => Some((true, t(lang, "card.significant"))),
            Some(false) => Some((false, t(lang, "card.not_significant"))),
            None => None,
        };
        let dir = if c > 0.0 {
            "up"
        } else if c < 0.0 {
            "down"
        } else {
            "flat"
        };
        // Colour by what the change means for this metric, not by its sign: churn or a
        // waiting time going up is bad news.
        let verdict = change_verdict(c, m.direction);
        let verdict_text = match verdict {
            "good" => Some(t(lang, "card.better")),
            "bad" => Some(t(lang, "card.worse")),
            _ => None,
        };
        view! {
            <p class=format!("change {dir} {verdict}") data-verdict=verdict>
                <span class="change-value">{format::change(c, lang)}</span>
                {verdict_text.map(|v| view! { <span class="visually-hidden">{format!(" ({v})")}</span> })}" "
                <span class="change-label">{t(lang, "card.previous")}</span>
                {sig.map(|(s, text)| view! {
                    <span class=if s { "sig yes" } else { "sig no" } title=text>
                        <span aria-hidden="true">{if s { " ●" } else { " ○" }}</span>
                        <span class="visually-hidden">{format!(" ({text})")}</span>
                    </span>
                })}
            </p>
        }
    });
    let interval = m.interval.as_ref().map(|i| {
        let unit = if m.unit == Unit::Table {
            Unit::Count
        } else {
            m.unit
        };
        format!(
            "{} {} – {}",
            t(lang, "card.interval"),
            format::metric_value(&m.id, Some(i.low), unit, m.currency.as_deref(), lang),
            format::metric_value(&m.id, Some(i.high), unit, m.currency.as_deref(), lang)
        )
    });
    let n = m.n.map(|n| {
        format!(
            "{} = {}",
            t(lang, "card.n"),
            format::number(n as f64, 0, lang)
        )
    });
    let spark: Vec<Option<f64>> = m.series.iter().map(|p| p.value).collect();
    let href = why_href(&m.id, None);
    let id_attr = m.id.clone();
    let raw = m.value.map(|v| v.to_string()).unwrap_or_default();
    let why_label = format!(" — {name}");
    let segment_mark = m.segment.as_ref().map(|u| {
        let (id, words) = segment_use_words(lang, u);
        view! { <p class=format!("segment-mark {id}") data-segment=id>{words}</p> }
    });
    view! {
        <article class="card" data-metric=id_attr data-segment=m.segment.as_ref().map(|u| segment_use_words(lang, u).0)>
            <h3 class="card-title">{name.clone()}</h3>
            <p class="card-value"><a href=crate::app_href(&href.clone())><span class="value" data-raw=raw>{value}</span></a></p>
            {change}
            {(m.change_pct.is_none()).then(|| view! { <p class="change none">{t(lang, "card.no_change")}</p> })}
            <p class="card-meta">
                {interval.map(|i| view! { <span>{i}</span> })}
                {n.map(|n| view! { <span>{n}</span> })}
                {m.small_sample.then(|| view! { <span class="badge">{t(lang, "card.small")}</span> })}
            </p>
            {segment_mark}
            {basis.map(|b| view! { <p class="card-basis">{b}</p> })}
            {charts::sparkline(&spark)}
            <p class="card-why"><a href=crate::app_href(&href)>{t(lang, "card.why")}<span class="visually-hidden">{why_label}</span></a></p>
        </article>
    }
    .into_any()
}

/// How a chart draws its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Line,
    Bars,
    Funnel,
    Shares,
    Waterfall,
}

/// A chart ready to draw: its element id, title and formatted data. Working these out is
/// cheap and pure; drawing them (`chart_view`) is the costly part, done one chart per task.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub shape: Shape,
    pub id: String,
    pub title: String,
    pub data: Vec<Datum>,
    /// The value axis's unit (line and waterfall), as the metric's card shows it.
    pub unit: charts::YUnit,
}

fn chart_view(spec: ChartSpec, lang: Lang, on_pick: Callback<Pick>) -> AnyView {
    let ChartSpec {
        shape,
        id,
        title,
        data,
        unit,
    } = spec;
    match shape {
        Shape::Line => charts::line_chart(id, title, data, unit, lang, on_pick),
        Shape::Bars => charts::bar_chart(id, title, data, lang, on_pick),
        Shape::Funnel => charts::funnel_chart(id, title, data, lang, on_pick),
        Shape::Shares => charts::stacked_share_chart(id, title, data, lang, on_pick),
        Shape::Waterfall => charts::waterfall_chart(id, title, data, unit, lang, on_pick),
    }
}

fn series_chart(m: &Metric, lang: Lang) -> Option<ChartSpec> {
    if m.series.iter().filter(|p| p.value.is_some()).count() < 2 {
        return None;
    }
    let data: Vec<Datum> = m
        .series
        .iter()
        .map(|p| {
            let Some(v) = p.value else {
                // No file the metric read covers the period: a break in the line, not a 0.
                return charts::gap(format::period(&p.period, lang));
            };
            {
                // A period the range cuts short says so on its label.
                let label = if p.partial {
                    format!(
                        "{} ({})",
                        format::period(&p.period, lang),
                        t(lang, "chart.partial")
                    )
                } else {
                    format::period(&p.period, lang)
                };
                let mut d = charts::datum(
                    label,
                    v,
                    m.unit,
                    m.currency.as_deref(),
                    lang,
                    Some(Pick {
                        id: m.id.clone(),
                        period: Some(p.period.clone()),
                        by: None,
                    }),
                    BLUE,
                );
                d.partial = p.partial;
                d
            }
        })
        .collect();
    Some(ChartSpec {
        shape: Shape::Line,
        id: format!("chart-series-{}", m.id.replace('.', "-")),
        title: format!("{} {}", t(lang, "chart.series"), metric_name(lang, &m.id)),
        data,
        unit: charts::YUnit::of(&m.id, m.unit, m.currency.as_deref(), lang),
    })
}

fn breakdown_charts(m: &Metric, lang: Lang) -> Vec<ChartSpec> {
    m.breakdowns
        .iter()
        .filter(|b| !b.rows.is_empty())
        .filter_map(|b| {
            // Bars read largest first; the engine lists keys by how many rows name them, which
            // is not the order of every metric's values (visitors per landing page).
            let mut rows: Vec<_> = b.rows.iter().collect();
            rows.sort_by(|x, y| {
                let v = |r: &&jornada_engine::report::BreakdownRow| {
                    r.value.unwrap_or(f64::NEG_INFINITY)
                };
                v(y).total_cmp(&v(x))
            });
            let data: Vec<Datum> = rows
                .into_iter()
                .filter_map(|r| {
                    r.value.map(|v| {
                        charts::datum(
                            r.key.clone(),
                            v,
                            m.unit,
                            m.currency.as_deref(),
                            lang,
                            Some(Pick {
                                id: m.id.clone(),
                                period: None,
                                by: Some((b.by.clone(), r.key.clone())),
                            }),
                            BLUE,
                        )
                    })
                })
                .collect();
            if data.is_empty() {
                return None;
            }
            let title = format!(
                "{} {} {}",
                metric_name(lang, &m.id),
                t(lang, "chart.by"),
                by_name(lang, &b.by)
            );
            Some(ChartSpec {
                shape: Shape::Bars,
                id: format!("chart-bars-{}-{}", m.id.replace('.', "-"), b.by),
                title,
                data,
                unit: charts::YUnit::of(&m.id, m.unit, m.currency.as_deref(), lang),
            })
        })
        .collect()
}

/// A breakdown's dimension (a role id) in words.
fn by_name(lang: Lang, by: &str) -> String {
    crate::details::role_words(lang, by)
}

/// A chart bar that opens the drill-down of metric `id`.
fn bar(
    label: String,
    value: f64,
    unit: Unit,
    currency: Option<&str>,
    lang: Lang,
    id: &str,
    color: &'static str,
) -> Datum {
    let pick = Some(Pick {
        id: id.to_string(),
        period: None,
        by: None,
    });
    charts::datum(label, value, unit, currency, lang, pick, color)
}

/// Detractors, passives and promoters of `loyalty.nps` (its `details`).
fn nps_chart(report: &Report, lang: Lang) -> Option<ChartSpec> {
    let m = report.metric("loyalty.nps")?;
    let data = [
        ("detractors", "nps.detractors", RED),
        ("passives", "nps.passives", GREY),
        ("promoters", "nps.promoters", GREEN),
    ]
    .into_iter()
    .map(|(detail, key, color)| {
        let n = *m.details.get(detail)?;
        Some(bar(
            t(lang, key).into(),
            n,
            Unit::Count,
            None,
            lang,
            &m.id,
            color,
        ))
    })
    .collect::<Option<Vec<_>>>()?;
    Some(ChartSpec {
        shape: Shape::Shares,
        id: "chart-nps".into(),
        title: t(lang, "chart.nps").into(),
        data,
        unit: charts::YUnit::plain(),
    })
}

/// MRR waterfall: MRR at the range's start, the five movements, MRR at its end, all from
/// the `details` of `sales.mrr` (the engine's book, so the bars add up to the end exactly).
fn mrr_waterfall(report: &Report, lang: Lang) -> Option<ChartSpec> {
    let mrr = report.metric("sales.mrr")?;
    mrr.value?;
    let cur = mrr.currency.as_deref();
    // (detail, label, sign, metric drilled into, colour)
    let steps = [
        ("mrr_start", "mrr.start", 1.0, "sales.mrr", BLUE),
        ("mrr_new", "mrr.new", 1.0, "sales.mrr_new", GREEN),
        (
            "mrr_expansion",
            "mrr.expansion",
            1.0,
            "sales.mrr_expansion",
            GREEN,
        ),
        (
            "mrr_reactivation",
            "mrr.reactivation",
            1.0,
            "sales.mrr_reactivation",
            GREEN,
        ),
        (
            "mrr_contraction",
            "mrr.contraction",
            -1.0,
            "sales.mrr_contraction",
            AMBER,
        ),
        ("mrr_churn", "mrr.churn", -1.0, "sales.mrr_churn", RED),
        ("mrr_end", "mrr.end", 1.0, "sales.mrr", BLUE),
    ];
    let data = steps
        .into_iter()
        .map(|(detail, key, sign, id, color)| {
            let v = *mrr.details.get(detail)?;
            Some(bar(
                t(lang, key).into(),
                sign * v,
                Unit::Currency,
                cur,
                lang,
                id,
                color,
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(ChartSpec {
        shape: Shape::Waterfall,
        id: "chart-mrr".into(),
        title: t(lang, "chart.waterfall").into(),
        data,
        unit: charts::YUnit::of(&mrr.id, Unit::Currency, cur, lang),
    })
}

/// Lead → customer funnel: visitors (when known), leads, leads that became customers (the
/// `converted` detail of `attraction.lead_conversion_rate`).
fn lead_funnel(report: &Report, lang: Lang) -> Option<ChartSpec> {
    let leads = report.metric("attraction.leads_new")?;
    let mut data = Vec::new();
    if let Some(v) = report.metric("attraction.visitors").and_then(|m| m.value) {
        let name = metric_name(lang, "attraction.visitors");
        data.push(bar(
            name,
            v,
            Unit::Count,
            None,
            lang,
            "attraction.visitors",
            GREY,
        ));
    }
    let label = t(lang, "funnel.leads").into();
    data.push(bar(
        label,
        leads.value?,
        Unit::Count,
        None,
        lang,
        &leads.id,
        BLUE,
    ));
    let conversion = report.metric("attraction.lead_conversion_rate");
    if let Some(c) = conversion.and_then(|c| c.details.get("converted")) {
        let label = t(lang, "funnel.customers").into();
        let id = "attraction.lead_conversion_rate";
        data.push(bar(label, *c, Unit::Count, None, lang, id, GREEN));
    }
    if data.len() < 2 {
        return None;
    }
    Some(ChartSpec {
        shape: Shape::Funnel,
        id: "chart-funnel".into(),
        title: t(lang, "chart.funnel").into(),
        data,
        unit: charts::YUnit::plain(),
    })
}

/// The rows of a tabular metric (an array of objects, or an object with `rows`); `None` when
/// the metric has no table or its table has no row.
fn table_rows(m: &Metric) -> Option<Vec<&serde_json::Map<String, serde_json::Value>>> {
    let rows: Vec<_> = match m.table.as_ref()? {
        serde_json::Value::Array(a) => a.iter().filter_map(|r| r.as_object()).collect(),
        serde_json::Value::Object(o) => match o.get("rows") {
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|r| r.as_object()).collect(),
            _ => vec![o],
        },
        _ => return None,
    };
    (!rows.is_empty()).then_some(rows)
}

/// A tabular metric (ranking, cohort grid): an array of objects as an HTML table.
fn metric_table(m: &Metric, gran: Granularity, lang: Lang) -> Option<AnyView> {
    let rows = table_rows(m)?;
    let first = rows.first()?;
    let headers: Vec<String> = details::column_order(first.keys().cloned());
    let body = rows
        .iter()
        .take(25)
        .map(|r| {
            view! { <tr>{headers.iter().map(|h| view! { <td data-col=h.clone()>{r.get(h).map(|v| details::cell_text(h, v, lang)).unwrap_or_default()}</td> }).collect_view()}</tr> }
        })
        .collect_view();
    let notes: Vec<String> = details::pooled_summary(m, gran, lang)
        .into_iter()
        .chain(details::core_actions_note(m, lang))
        .collect();
    let name = metric_name(lang, &m.id);
    let why_label = format!(" — {name}");
    let href = why_href(&m.id, None);
    let segment = m.segment.as_ref().map(|u| segment_use_words(lang, u));
    let segment_id = segment.as_ref().map(|s| s.0);
    Some(
        view! {
            <section class="panel metric-table" data-metric=m.id.clone() data-segment=segment_id>
                <h3>{name.clone()}" "<a href=crate::app_href(&href)>{t(lang, "card.why")}<span class="visually-hidden">{why_label}</span></a></h3>
                {segment.map(|(id, words)| view! { <p class=format!("segment-mark {id}") data-segment=id>{words}</p> })}
                {notes.into_iter().map(|n| view! { <p class="table-note">{n}</p> }).collect_view()}
                // Focusable, so a keyboard can scroll a wide table (axe: scrollable-region-focusable).
                <div class="table-scroll" tabindex="0" role="region" aria-label=name.clone()>
                    <table>
                        <caption class="visually-hidden">{name.clone()}</caption>
                        <thead><tr>{headers.iter().map(|h| view! { <th scope="col" data-col=h.clone()>{details::column_header(lang, h)}</th> }).collect_view()}</tr></thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
            </section>
        }
        .into_any(),
    )
}

fn unavailable_list(report: &Report, stage: Option<Stage>, lang: Lang) -> Option<AnyView> {
    let items: Vec<_> = report
        .unavailable
        .iter()
        .filter(|u| stage.is_none_or(|s| Stage::of(&u.id) == Some(s)))
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(
        view! {
            <section class="panel unavailable" aria-labelledby="unavailable-title">
                <h2 id="unavailable-title">{t(lang, "unavailable.title")}</h2>
                <ul>
                    {items.into_iter().map(|u| view! {
                        <li data-metric=u.id.clone() data-need=u.need.as_ref().map(|n| n.key.clone())><strong>{metric_name(lang, &u.id)}</strong>" — "{t(lang, "unavailable.needs")}": "<span class="needs">{details::needs_text(lang, u)}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any(),
    )
}

/// Metric cards built per task of a progressive render. A card with its sparkline takes a
/// few ms to build (more on a loaded machine), so three keep each task far under 50 ms.
pub const CARDS_PER_PIECE: usize = 3;

/// One piece of a dashboard page, built in its own task (see [`progressive`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A few metric cards, by metric id.
    Cards(Vec<String>),
    Chart(ChartSpec),
    /// A tabular metric, by id.
    Table(String),
    /// The stage's metrics that could not be computed, and what would enable them.
    Unavailable(Stage),
}

/// The headline metrics of each stage shown on the overview.
pub const OVERVIEW: &[&str] = &[
    "attraction.leads_new",
    "attraction.lead_conversion_rate",
    "sales.revenue",
    "sales.orders",
    "sales.new_customers",
    "sales.mrr",
    "service.tickets",
    "service.first_response_time",
    "loyalty.nps",
    "loyalty.csat",
    "loyalty.customer_churn_rate",
    "loyalty.ltv_simple",
];

fn is_card(m: &Metric) -> bool {
    m.unit != Unit::Table && m.table.is_none()
}

/// The cards of a page, in order: on the overview the headline metrics then the journey's
/// own; on a stage page the stage's metrics. Tabular metrics are tables, not cards.
fn card_ids(report: &Report, stage: Stage) -> Vec<String> {
    let of_stage = report
        .metrics
        .iter()
        .filter(|m| m.stage == stage && is_card(m));
    match stage {
        Stage::Journey => OVERVIEW
            .iter()
            .filter_map(|id| report.metric(id))
            .chain(of_stage)
            .map(|m| m.id.clone())
            .collect(),
        _ => of_stage.map(|m| m.id.clone()).collect(),
    }
}

/// The charts of a page: the overview's funnels and revenue series; on a stage page its own
/// chart (lead funnel, MRR waterfall, NPS shares), the series of its first three metrics and
/// every breakdown.
fn chart_specs(report: &Report, stage: Stage, lang: Lang) -> Vec<ChartSpec> {
    let mut specs = Vec::new();
    match stage {
        Stage::Journey => {
            specs.extend(lead_funnel(report, lang));
            specs.extend(
                report
                    .metric("sales.revenue")
                    .and_then(|m| series_chart(m, lang)),
            );
            return specs;
        }
        Stage::Attraction => specs.extend(lead_funnel(report, lang)),
        Stage::Sales => specs.extend(mrr_waterfall(report, lang)),
        Stage::Loyalty => specs.extend(nps_chart(report, lang)),
        Stage::Service => {}
    }
    let metrics: Vec<&Metric> = report
        .metrics
        .iter()
        .filter(|m| m.stage == stage && !repeats_a_chart(report, &m.id))
        .collect();
    for m in metrics.iter().filter(|m| m.unit != Unit::Table).take(3) {
        specs.extend(series_chart(m, lang));
    }
    for m in &metrics {
        specs.extend(breakdown_charts(m, lang));
    }
    specs
}

/// Metrics whose charts would repeat another metric's: `(metric, the one it repeats)`. New
/// leads per source is `attraction.leads_by_source`'s breakdown and `attraction.leads_new`'s
/// too, and their trends are the same count, so the page shows `leads_new`'s charts only.
const REPEATED_CHARTS: &[(&str, &str)] = &[("attraction.leads_by_source", "attraction.leads_new")];

/// Whether metric `id`'s charts repeat those of another metric the report has.
fn repeats_a_chart(report: &Report, id: &str) -> bool {
    REPEATED_CHARTS
        .iter()
        .any(|(m, other)| *m == id && report.metric(other).is_some())
}

/// Everything a dashboard page shows below its title, as pieces in display order: the
/// cards (a few per piece), the charts (one per piece), the tables, the unavailable metrics.
pub fn plan(report: &Report, stage: Stage, lang: Lang) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = card_ids(report, stage)
        .chunks(CARDS_PER_PIECE)
        .map(|ids| Piece::Cards(ids.to_vec()))
        .collect();
    pieces.extend(
        chart_specs(report, stage, lang)
            .into_iter()
            .map(Piece::Chart),
    );
    pieces.extend(
        report
            .metrics
            .iter()
            .filter(|m| m.stage == stage && table_rows(m).is_some())
            .map(|m| Piece::Table(m.id.clone())),
    );
    if report
        .unavailable
        .iter()
        .any(|u| Stage::of(&u.id) == Some(stage))
    {
        pieces.push(Piece::Unavailable(stage));
    }
    pieces
}

fn piece_view(
    piece: &Piece,
    report: &Report,
    gran: Granularity,
    lang: Lang,
    on_pick: Callback<Pick>,
) -> AnyView {
    match piece {
        Piece::Cards(ids) => ids
            .iter()
            .filter_map(|id| report.metric(id))
            .map(|m| metric_card(&details::with_money_currency(m, report), gran, lang))
            .collect_view()
            .into_any(),
        Piece::Chart(spec) => chart_view(spec.clone(), lang, on_pick),
        Piece::Table(id) => report
            .metric(id)
            .and_then(|m| metric_table(&details::with_money_currency(m, report), gran, lang))
            .unwrap_or_else(|| ().into_any()),
        Piece::Unavailable(stage) => {
            unavailable_list(report, Some(*stage), lang).unwrap_or_else(|| ().into_any())
        }
    }
}

/// A piece on the page: `index` in the plan of render `generation`.
#[derive(Debug, Clone)]
struct Placed {
    generation: u64,
    index: usize,
    piece: Piece,
}

/// A dashboard page's pieces as they are placed, by section.
#[derive(Clone, Copy)]
pub(crate) struct Progressive {
    cards: RwSignal<Vec<Placed>>,
    charts: RwSignal<Vec<Placed>>,
    tables: RwSignal<Vec<Placed>>,
    rest: RwSignal<Vec<Placed>>,
    /// The filters and export buttons are on the page (they mount one task after the page,
    /// so the route change itself stays small).
    pub(crate) controls: RwSignal<bool>,
    /// Every piece of the current report is on the page.
    pub(crate) complete: RwSignal<bool>,
    /// The pieces placed last are of a whole report, not of the first parts of one
    /// (`AppState::report_partial`); set with `complete`.
    whole: RwSignal<bool>,
    /// Whether the render in progress is of a whole report.
    rendering_whole: StoredValue<bool>,
    /// The render in progress; a newer one (new report or language) stops the older.
    generation: StoredValue<u64>,
}

impl Progressive {
    /// Every piece of a whole report is on the page.
    pub(crate) fn whole_placed(self) -> bool {
        self.complete.get() && self.whole.get()
    }

    fn sections(self) -> [RwSignal<Vec<Placed>>; 4] {
        [self.cards, self.charts, self.tables, self.rest]
    }
}

fn section_of(piece: &Piece) -> usize {
    match piece {
        Piece::Cards(_) => 0,
        Piece::Chart(_) => 1,
        Piece::Table(_) => 2,
        Piece::Unavailable(_) => 3,
    }
}

/// Renders a page progressively so that no task blocks the UI thread for long (issue 5: never
/// more than 50 ms). The page mounts with its title only; the filters and export buttons
/// follow in the next task; then each piece of [`plan`] is built in its own task, so the browser lays out and paints between pieces and handles input. A
/// new report or language starts a new generation, which replaces the pieces in place (the
/// page never empties) and drops any left over at its end.
pub(crate) fn progressive(state: AppState, stage: Stage) -> Progressive {
    let p = Progressive {
        cards: RwSignal::new(Vec::new()),
        charts: RwSignal::new(Vec::new()),
        tables: RwSignal::new(Vec::new()),
        rest: RwSignal::new(Vec::new()),
        controls: RwSignal::new(false),
        complete: RwSignal::new(false),
        whole: RwSignal::new(false),
        rendering_whole: StoredValue::new(false),
        generation: StoredValue::new(0),
    };
    Effect::new(move |_| {
        let lang = state.lang.get();
        let Some(pieces) = state
            .report
            .with(|r| r.as_ref().map(|r| plan(r, stage, lang)))
        else {
            return;
        };
        let Some(generation) = p.generation.try_get_value().map(|g| g + 1) else {
            return;
        };
        p.generation.set_value(generation);
        p.rendering_whole
            .set_value(!state.report_partial.get_untracked());
        p.complete.set(false);
        p.whole.set(false);
        let pieces = pieces.into_iter().enumerate();
        set_timeout(
            move || {
                if p.controls.try_get_untracked() == Some(false) {
                    p.controls.set(true);
                    set_timeout(
                        move || place_next(p, generation, pieces, [0; 4]),
                        Duration::ZERO,
                    );
                } else {
                    place_next(p, generation, pieces, [0; 4]);
                }
            },
            Duration::ZERO,
        );
    });
    p
}

/// Places the next piece of render `generation` and schedules the one after in a new task.
/// `placed` counts the pieces of this generation already in each section.
fn place_next(
    p: Progressive,
    generation: u64,
    mut pieces: std::iter::Enumerate<std::vec::IntoIter<Piece>>,
    mut placed: [usize; 4],
) {
    // The page was left, or a newer render started.
    if p.generation.try_get_value() != Some(generation) {
        return;
    }
    let Some((index, piece)) = pieces.next() else {
        for (section, n) in p.sections().into_iter().zip(placed) {
            if section.with_untracked(Vec::len) > n {
                section.update(|v| v.truncate(n));
            }
        }
        p.whole.set(p.rendering_whole.get_value());
        p.complete.set(true);
        return;
    };
    let s = section_of(&piece);
    let at = placed[s];
    placed[s] += 1;
    let item = Placed {
        generation,
        index,
        piece,
    };
    p.sections()[s].update(|v| match v.get_mut(at) {
        Some(old) => *old = item,
        None => v.push(item),
    });
    set_timeout(
        move || place_next(p, generation, pieces, placed),
        Duration::ZERO,
    );
}

/// The cards, charts, tables and unavailable metrics of a page, as they are placed.
pub(crate) fn sections(p: Progressive, on_pick: Callback<Pick>) -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    // Built once per placed piece, in the task that placed it.
    let render = move |placed: Placed| {
        state.report.with_untracked(|r| match r {
            Some(r) => piece_view(
                &placed.piece,
                r,
                state.query.with_untracked(|q| q.granularity),
                lang.get_untracked(),
                on_pick,
            ),
            None => ().into_any(),
        })
    };
    let key = |placed: &Placed| (placed.generation, placed.index);
    view! {
        <h2 class="visually-hidden">{move || t(lang.get(), "dashboard.metrics")}</h2>
        <section aria-label=move || t(lang.get(), "dashboard.metrics") class="cards">
            <For each=move || p.cards.get() key=key children=render/>
        </section>
        <Show when=move || p.charts.with(|v| !v.is_empty())>
            <h2 class="visually-hidden">{move || t(lang.get(), "dashboard.charts")}</h2>
            <section class="charts" aria-label=move || t(lang.get(), "dashboard.charts")>
                <For each=move || p.charts.get() key=key children=render/>
            </section>
        </Show>
        <Show when=move || p.tables.with(|v| !v.is_empty())>
            <h2 class="visually-hidden">{move || t(lang.get(), "dashboard.tables")}</h2>
            <section class="tables" aria-label=move || t(lang.get(), "dashboard.tables")>
                <For each=move || p.tables.get() key=key children=render/>
            </section>
        </Show>
        <For each=move || p.rest.get() key=key children=render/>
    }
}

#[component]
pub fn StagePage(stage: Stage) -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let on_pick = pick_callback();
    let p = progressive(state, stage);
    let empty = move || {
        !state.report_partial.get()
            && state.report.with(|r| {
                r.as_ref()
                    .is_some_and(|r| !r.metrics.iter().any(|m| m.stage == stage))
            })
    };
    view! {
        <Show when=move || state.report.with(|r| r.is_some()) fallback=|| view! { <EmptyState/> }>
            <div class="dashboard" data-stage=format!("{stage:?}").to_lowercase()
                data-first=move || first_shown(p)
                data-rendered=move || rendered(p)>
                <Show when=move || p.controls.get() && !state.report_partial.get()><Filters/><ExportBar/></Show>
                <h1>{move || t(lang.get(), stage_key(stage))}</h1>
                {computing(state)}
                {move || empty().then(|| view! { <p class="lead">{t(lang.get(), "dashboard.nothing")}</p> })}
                {sections(p, on_pick)}
            </div>
        </Show>
    }
}

/// `data-rendered`: every piece of the whole report is on the page (not of a partial one).
pub(crate) fn rendered(p: Progressive) -> Option<&'static str> {
    p.whole_placed().then_some("true")
}

/// `data-first`: the first cards are on the page (of a partial report or the whole one).
pub(crate) fn first_shown(p: Progressive) -> Option<&'static str> {
    p.cards.with(|c| !c.is_empty()).then_some("true")
}

/// A note while the report shown is partial: the other metrics are being computed.
pub(crate) fn computing(state: AppState) -> impl IntoView {
    let lang = state.lang;
    move || {
        state.report_partial.get().then(|| {
            view! { <p class="computing" role="status">{t(lang.get(), "dashboard.computing")}</p> }
        })
    }
}

/// Links to the four stage pages with their number of metrics.
pub(crate) fn stage_links(report: &Report, lang: Lang) -> AnyView {
    [Stage::Attraction, Stage::Sales, Stage::Service, Stage::Loyalty]
        .into_iter()
        .map(|s| {
            let n = report.metrics.iter().filter(|m| m.stage == s).count();
            let href = match s {
                Stage::Attraction => "/attraction",
                Stage::Sales => "/sales",
                Stage::Service => "/service",
                _ => "/loyalty",
            };
            view! { <li><a href=crate::app_href(href)>{t(lang, stage_key(s))}</a>" · "{n}" "{t(lang, "dashboard.metrics").to_lowercase()}</li> }
        })
        .collect_view()
        .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jornada_engine::report::{Breakdown, BreakdownRow, Point, Unavailable};
    use std::collections::BTreeMap;

    #[test]
    fn a_change_is_coloured_by_what_it_means_for_the_metric() {
        assert_eq!(change_verdict(0.615, Direction::LowerIsBetter), "bad");
        assert_eq!(change_verdict(-0.2, Direction::LowerIsBetter), "good");
        assert_eq!(change_verdict(0.1, Direction::HigherIsBetter), "good");
        assert_eq!(change_verdict(-0.1, Direction::HigherIsBetter), "bad");
        assert_eq!(change_verdict(0.5, Direction::Neutral), "neutral");
        assert_eq!(change_verdict(0.0, Direction::LowerIsBetter), "neutral");
    }

    fn metric(id: &str, unit: Unit) -> Metric {
        Metric {
            id: id.to_string(),
            stage: Stage::of(id).unwrap(),
            unit,
            direction: Direction::Neutral,
            value: Some(1.0),
            currency: None,
            n: None,
            interval: None,
            small_sample: false,
            previous: None,
            change_pct: None,
            change_significant: None,
            series: Vec::new(),
            breakdowns: Vec::new(),
            details: BTreeMap::new(),
            table: None,
            formula: String::new(),
            sources: Vec::new(),
            segment: None,
        }
    }

    fn point(period: &str, value: f64) -> Point {
        Point {
            period: period.into(),
            start: format!("{period}-01"),
            value: Some(value),
            n: None,
            partial: false,
        }
    }

    /// Seven sales cards (the first with a monthly series and a breakdown by channel with one
    /// row), one sales ranking table, one unavailable sales metric, one service card.
    fn report() -> Report {
        let mut metrics: Vec<Metric> = (0..7)
            .map(|i| metric(&format!("sales.m{i}"), Unit::Count))
            .collect();
        metrics[0].series = vec![point("2025-01", 1.0), point("2025-02", 2.0)];
        metrics[0].breakdowns = vec![Breakdown {
            by: "channel".into(),
            rows: vec![BreakdownRow {
                key: "loja".into(),
                value: Some(3.0),
                n: None,
            }],
        }];
        let mut ranking = metric("sales.top_products", Unit::Table);
        ranking.table = Some(serde_json::json!([{ "product": "a", "revenue": 2 }]));
        metrics.push(ranking);
        metrics.push(metric("service.tickets", Unit::Count));
        Report {
            metrics,
            unavailable: vec![Unavailable::new(
                "sales.mrr",
                jornada_engine::report::Need::bare("subscriptions.mrr"),
            )],
        }
    }

    #[test]
    fn a_stage_page_is_cards_in_threes_then_charts_then_tables_then_unavailable() {
        let pieces = plan(&report(), Stage::Sales, Lang::En);
        let ids = |v: &[&str]| Piece::Cards(v.iter().map(|s| s.to_string()).collect());
        assert_eq!(pieces[0], ids(&["sales.m0", "sales.m1", "sales.m2"]));
        assert_eq!(pieces[1], ids(&["sales.m3", "sales.m4", "sales.m5"]));
        assert_eq!(pieces[2], ids(&["sales.m6"]));
        // No MRR, so no waterfall: the first metric's series, then its breakdown.
        let charts: Vec<(&str, Shape, usize)> = pieces[3..5]
            .iter()
            .map(|p| match p {
                Piece::Chart(c) => (c.id.as_str(), c.shape, c.data.len()),
                other => panic!("expected a chart, got {other:?}"),
            })
            .collect();
        assert_eq!(
            charts,
            vec![
                ("chart-series-sales-m0", Shape::Line, 2),
                ("chart-bars-sales-m0-channel", Shape::Bars, 1)
            ]
        );
        assert_eq!(pieces[5], Piece::Table("sales.top_products".into()));
        assert_eq!(pieces[6], Piece::Unavailable(Stage::Sales));
        assert_eq!(pieces.len(), 7);
    }

    #[test]
    fn leads_by_source_repeats_new_leads_charts_so_only_new_leads_has_them() {
        let by_source = || Breakdown {
            by: "source".into(),
            rows: vec![BreakdownRow {
                key: "Email".into(),
                value: Some(2.0),
                n: None,
            }],
        };
        let mut leads = metric("attraction.leads_new", Unit::Count);
        leads.series = vec![point("2025-01", 1.0), point("2025-02", 2.0)];
        leads.breakdowns = vec![by_source()];
        let mut per_source = metric("attraction.leads_by_source", Unit::Count);
        per_source.series = leads.series.clone();
        per_source.breakdowns = vec![by_source()];
        let report = Report {
            metrics: vec![leads.clone(), per_source.clone()],
            unavailable: Vec::new(),
        };
        let ids: Vec<String> = chart_specs(&report, Stage::Attraction, Lang::En)
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(
            ids,
            vec![
                "chart-series-attraction-leads_new",
                "chart-bars-attraction-leads_new-source"
            ]
        );
        // Alone, leads by source keeps its charts.
        let alone = Report {
            metrics: vec![per_source],
            unavailable: Vec::new(),
        };
        assert_eq!(chart_specs(&alone, Stage::Attraction, Lang::En).len(), 2);
    }

    #[test]
    fn a_stage_with_one_card_and_nothing_else_is_one_piece() {
        assert_eq!(
            plan(&report(), Stage::Service, Lang::Pt),
            vec![Piece::Cards(vec!["service.tickets".into()])]
        );
        assert_eq!(plan(&report(), Stage::Loyalty, Lang::Pt), Vec::new());
    }

    #[test]
    fn the_overview_shows_headline_metrics_in_their_order_then_journey_metrics() {
        let mut r = report();
        r.metrics
            .push(metric("journey.customers_active", Unit::Count));
        r.metrics.push(metric("sales.orders", Unit::Count));
        r.metrics.push(metric("sales.revenue", Unit::Currency));
        let pieces = plan(&r, Stage::Journey, Lang::Pt);
        // OVERVIEW lists revenue, orders, then tickets (the report's service card); the journey
        // metric follows the headline ones, in the next piece of three.
        assert_eq!(
            pieces,
            vec![
                Piece::Cards(vec![
                    "sales.revenue".into(),
                    "sales.orders".into(),
                    "service.tickets".into()
                ]),
                Piece::Cards(vec!["journey.customers_active".into()])
            ]
        );
    }

    #[test]
    fn the_mrr_waterfall_and_the_lead_funnel_are_the_engines_details() {
        let mut mrr = metric("sales.mrr", Unit::Currency);
        mrr.value = Some(570.0);
        // A previous range's MRR that is not the range's start: the waterfall ignores it.
        mrr.previous = Some(1.0);
        for (k, v) in [
            ("mrr_start", 350.0),
            ("mrr_new", 130.0),
            ("mrr_expansion", 100.0),
            ("mrr_reactivation", 90.0),
            ("mrr_contraction", 50.0),
            ("mrr_churn", 50.0),
            ("mrr_end", 570.0),
        ] {
            mrr.details.insert(k.into(), v);
        }
        let mut leads = metric("attraction.leads_new", Unit::Count);
        leads.value = Some(4.0);
        let mut conversion = metric("attraction.lead_conversion_rate", Unit::Ratio);
        conversion.value = Some(0.75);
        conversion.n = Some(4);
        conversion.details.insert("converted".into(), 3.0);
        let report = Report {
            metrics: vec![mrr, leads, conversion],
            unavailable: Vec::new(),
        };
        let values = |c: ChartSpec| c.data.iter().map(|d| d.value).collect::<Vec<f64>>();
        let waterfall = mrr_waterfall(&report, Lang::En).map(values);
        let steps = vec![350.0, 130.0, 100.0, 90.0, -50.0, -50.0, 570.0];
        assert_eq!(waterfall, Some(steps));
        assert_eq!(
            lead_funnel(&report, Lang::En).map(values),
            Some(vec![4.0, 3.0])
        );
        // Without the engine's count of converted leads, no guess: leads alone are no funnel.
        let mut guessless = report.clone();
        guessless.metrics[2].details.clear();
        assert_eq!(lead_funnel(&guessless, Lang::En), None);
    }
}
