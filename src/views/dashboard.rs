//! The dashboard: the journey overview and one page per stage, with filters, metric cards,
//! charts, tabular metrics, unavailable metrics and exports. Everything shown comes from the
//! engine's `Report`; the only arithmetic here is layout (and the waterfall's running sum).

use crate::charts::{self, AMBER, BLUE, Datum, GREEN, GREY, Pick, RED};
use crate::format;
use crate::i18n::{Lang, metric_name, t};
use crate::state::{AppState, use_state};
use crate::views::EmptyState;
use crate::{bridge, export};
use jornada_engine::report::Metric;
use jornada_engine::{Granularity, Report, Stage, Unit};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

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

/// When each part of a dashboard renders, so no single task of the first render blocks the
/// UI thread for long: `.0` (the head: title and cards) one task after the page mounts (the
/// route change itself is a task), `.1` (charts) one task later, `.2` (tables and the
/// unavailable list) one more task later.
fn parts_later() -> (RwSignal<bool>, RwSignal<bool>, RwSignal<bool>) {
    let head = RwSignal::new(false);
    let charts = RwSignal::new(false);
    let rest = RwSignal::new(false);
    let tick = std::time::Duration::ZERO;
    set_timeout(
        move || {
            head.set(true);
            set_timeout(
                move || {
                    charts.set(true);
                    set_timeout(move || rest.set(true), tick);
                },
                tick,
            );
        },
        tick,
    );
    (head, charts, rest)
}

fn pick_callback() -> Callback<Pick> {
    let navigate = use_navigate();
    Callback::new(move |p: Pick| {
        navigate(&why_href(&p.id, p.period.as_deref()), Default::default())
    })
}

/// Date range, granularity and segment; changes re-run the analysis in the worker.
#[component]
pub fn Filters() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let from = RwSignal::new(
        state
            .query
            .get_untracked()
            .from
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let to = RwSignal::new(
        state
            .query
            .get_untracked()
            .to
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let apply = move || {
        let parse = |s: String| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
        state.query.update(|q| {
            q.from = parse(from.get_untracked());
            q.to = parse(to.get_untracked());
        });
        bridge::analyze(state);
    };
    let segments = move || {
        let mut all: Vec<String> = state
            .tables
            .with(|ts| ts.iter().flat_map(|t| t.segments.clone()).collect());
        all.sort();
        all.dedup();
        all
    };
    let gran_value = move || match state.query.with(|q| q.granularity) {
        Granularity::Day => "day",
        Granularity::Week => "week",
        Granularity::Month => "month",
        Granularity::Quarter => "quarter",
        Granularity::Year => "year",
    };
    view! {
        <form class="filters no-print" on:submit=move |ev| { ev.prevent_default(); apply(); }>
            <fieldset>
                <legend>{move || t(lang.get(), "filters.title")}</legend>
                <label>{move || t(lang.get(), "filters.from")}
                    <input type="date" id="filter-from" prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev))/>
                </label>
                <label>{move || t(lang.get(), "filters.to")}
                    <input type="date" id="filter-to" prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev))/>
                </label>
                <label>{move || t(lang.get(), "filters.granularity")}
                    <select id="filter-granularity" prop:value=gran_value on:change=move |ev| {
                        let g = match event_target_value(&ev).as_str() {
                            "day" => Granularity::Day,
                            "week" => Granularity::Week,
                            "quarter" => Granularity::Quarter,
                            "year" => Granularity::Year,
                            _ => Granularity::Month,
                        };
                        state.query.update(|q| q.granularity = g);
                        bridge::analyze(state);
                    }>
                        <option value="day">{move || t(lang.get(), "gran.day")}</option>
                        <option value="week">{move || t(lang.get(), "gran.week")}</option>
                        <option value="month">{move || t(lang.get(), "gran.month")}</option>
                        <option value="quarter">{move || t(lang.get(), "gran.quarter")}</option>
                        <option value="year">{move || t(lang.get(), "gran.year")}</option>
                    </select>
                </label>
                <label>{move || t(lang.get(), "filters.segment")}
                    <select id="filter-segment" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.segment.update(|s| s.value = if v.is_empty() { None } else { Some(v) });
                        bridge::analyze(state);
                    }>
                        <option value="">{move || t(lang.get(), "filters.all")}</option>
                        {move || {
                            let current = state.segment.with(|s| s.value.clone()).unwrap_or_default();
                            segments().into_iter().map(|s| {
                                let selected = s == current;
                                view! { <option value=s.clone() selected=selected>{s.clone()}</option> }
                            }).collect_view()
                        }}
                    </select>
                </label>
                <button type="submit" class="button">{move || t(lang.get(), "filters.apply")}</button>
            </fieldset>
        </form>
    }
}

/// CSV and print.
#[component]
fn ExportBar() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    view! {
        <div class="export-bar no-print" role="group" aria-label=move || t(lang.get(), "export.title")>
            <button type="button" id="export-csv" class="button" on:click=move |_| {
                if let Some(csv) = state.report.with_untracked(|r| r.as_ref().map(export::metrics_csv)) {
                    let _ = export::download(&csv, "text/csv;charset=utf-8", "jornada-metricas.csv");
                }
            }>{move || t(lang.get(), "export.csv")}</button>
            <button type="button" class="button" on:click=move |_| {
                if let Some(w) = web_sys::window() { let _ = w.print(); }
            }>{move || t(lang.get(), "export.print")}</button>
        </div>
    }
}

/// One metric: value, change vs the previous period with significance, interval, n,
/// sparkline and a "why?" link.
pub fn metric_card(m: &Metric, lang: Lang) -> AnyView {
    let name = metric_name(lang, &m.id);
    let value = format::value(m.value, m.unit, m.currency.as_deref(), lang);
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
        view! {
            <p class=format!("change {dir}")>
                <span class="change-value">{format::change(c, lang)}</span>" "
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
            format::value(Some(i.low), unit, m.currency.as_deref(), lang),
            format::value(Some(i.high), unit, m.currency.as_deref(), lang)
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
    view! {
        <article class="card" data-metric=id_attr>
            <h3 class="card-title">{name.clone()}</h3>
            <p class="card-value"><a href=crate::app_href(&href.clone())><span class="value" data-raw=raw>{value}</span></a></p>
            {change}
            {(m.change_pct.is_none()).then(|| view! { <p class="change none">{t(lang, "card.no_change")}</p> })}
            <p class="card-meta">
                {interval.map(|i| view! { <span>{i}</span> })}
                {n.map(|n| view! { <span>{n}</span> })}
                {m.small_sample.then(|| view! { <span class="badge">{t(lang, "card.small")}</span> })}
            </p>
            {charts::sparkline(&spark)}
            <p class="card-why"><a href=crate::app_href(&href)>{t(lang, "card.why")}<span class="visually-hidden">{why_label}</span></a></p>
        </article>
    }
    .into_any()
}

fn series_chart(m: &Metric, lang: Lang, on_pick: Callback<Pick>) -> Option<AnyView> {
    if m.series.iter().filter(|p| p.value.is_some()).count() < 2 {
        return None;
    }
    let data: Vec<Datum> = m
        .series
        .iter()
        .filter_map(|p| {
            p.value.map(|v| {
                charts::datum(
                    format::period(&p.period, lang),
                    v,
                    m.unit,
                    m.currency.as_deref(),
                    lang,
                    Some(Pick {
                        id: m.id.clone(),
                        period: Some(p.period.clone()),
                    }),
                    BLUE,
                )
            })
        })
        .collect();
    let title = format!("{} {}", t(lang, "chart.series"), metric_name(lang, &m.id));
    Some(charts::line_chart(
        format!("chart-series-{}", m.id.replace('.', "-")),
        title,
        data,
        lang,
        on_pick,
    ))
}

fn breakdown_charts(m: &Metric, lang: Lang, on_pick: Callback<Pick>) -> Vec<AnyView> {
    m.breakdowns
        .iter()
        .filter(|b| !b.rows.is_empty())
        .filter_map(|b| {
            let data: Vec<Datum> = b
                .rows
                .iter()
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
            Some(charts::bar_chart(
                format!("chart-bars-{}-{}", m.id.replace('.', "-"), b.by),
                title,
                data,
                lang,
                on_pick,
            ))
        })
        .collect()
}

/// A breakdown's dimension (a role id) in words.
fn by_name(lang: Lang, by: &str) -> String {
    let (pt, en) = match by {
        "channel" => ("canal", "channel"),
        "source" => ("origem", "source"),
        "agent" => ("agente", "agent"),
        "reason" => ("motivo", "reason"),
        "segment" => ("segmento", "segment"),
        "campaign" => ("campanha", "campaign"),
        "landing_page" => ("página de entrada", "landing page"),
        "product" => ("produto", "product"),
        "plan" => ("plano", "plan"),
        "medium" => ("meio", "medium"),
        other => (other, other),
    };
    match lang {
        Lang::Pt => pt.to_string(),
        Lang::En => en.to_string(),
    }
}

fn detail(m: &Metric, keys: &[&str]) -> Option<f64> {
    keys.iter().find_map(|k| m.details.get(*k).copied())
}

fn nps_chart(report: &Report, lang: Lang, on_pick: Callback<Pick>) -> Option<AnyView> {
    let m = report.metric("loyalty.nps")?;
    let d = detail(m, &["detractors"])?;
    let p = detail(m, &["passives"])?;
    let pr = detail(m, &["promoters"])?;
    let pick = Some(Pick {
        id: m.id.clone(),
        period: None,
    });
    let data = vec![
        charts::datum(
            t(lang, "nps.detractors").into(),
            d,
            Unit::Count,
            None,
            lang,
            pick.clone(),
            RED,
        ),
        charts::datum(
            t(lang, "nps.passives").into(),
            p,
            Unit::Count,
            None,
            lang,
            pick.clone(),
            GREY,
        ),
        charts::datum(
            t(lang, "nps.promoters").into(),
            pr,
            Unit::Count,
            None,
            lang,
            pick,
            GREEN,
        ),
    ];
    Some(charts::stacked_share_chart(
        "chart-nps".into(),
        t(lang, "chart.nps").into(),
        data,
        lang,
        on_pick,
    ))
}

/// MRR waterfall: MRR at the range start (the previous range's end), the five movements,
/// MRR at the end.
fn mrr_waterfall(report: &Report, lang: Lang, on_pick: Callback<Pick>) -> Option<AnyView> {
    let mrr = report.metric("sales.mrr")?;
    let end = mrr.value?;
    let cur = mrr.currency.as_deref();
    let mv = |id: &str| report.metric(id).and_then(|m| m.value).unwrap_or(0.0);
    let (new, exp, react, contr, churn) = (
        mv("sales.mrr_new"),
        mv("sales.mrr_expansion"),
        mv("sales.mrr_reactivation"),
        mv("sales.mrr_contraction").abs(),
        mv("sales.mrr_churn").abs(),
    );
    let start = mrr
        .previous
        .unwrap_or(end - new - exp - react + contr + churn);
    let pick = |id: &str| {
        Some(Pick {
            id: id.to_string(),
            period: None,
        })
    };
    let data = vec![
        charts::datum(
            t(lang, "mrr.start").into(),
            start,
            Unit::Currency,
            cur,
            lang,
            pick("sales.mrr"),
            BLUE,
        ),
        charts::datum(
            t(lang, "mrr.new").into(),
            new,
            Unit::Currency,
            cur,
            lang,
            pick("sales.mrr_new"),
            GREEN,
        ),
        charts::datum(
            t(lang, "mrr.expansion").into(),
            exp,
            Unit::Currency,
            cur,
            lang,
            pick("sales.mrr_expansion"),
            GREEN,
        ),
        charts::datum(
            t(lang, "mrr.reactivation").into(),
            react,
            Unit::Currency,
            cur,
            lang,
            pick("sales.mrr_reactivation"),
            GREEN,
        ),
        charts::datum(
            t(lang, "mrr.contraction").into(),
            -contr,
            Unit::Currency,
            cur,
            lang,
            pick("sales.mrr_contraction"),
            AMBER,
        ),
        charts::datum(
            t(lang, "mrr.churn").into(),
            -churn,
            Unit::Currency,
            cur,
            lang,
            pick("sales.mrr_churn"),
            RED,
        ),
        charts::datum(
            t(lang, "mrr.end").into(),
            end,
            Unit::Currency,
            cur,
            lang,
            pick("sales.mrr"),
            BLUE,
        ),
    ];
    Some(charts::waterfall_chart(
        "chart-mrr".into(),
        t(lang, "chart.waterfall").into(),
        data,
        lang,
        on_pick,
    ))
}

/// Lead → customer funnel: visitors (when known), leads, leads that became customers.
fn lead_funnel(report: &Report, lang: Lang, on_pick: Callback<Pick>) -> Option<AnyView> {
    let leads = report.metric("attraction.leads_new")?;
    let leads_n = leads.value?;
    let conv = report.metric("attraction.lead_conversion_rate");
    let converted = conv.and_then(|c| {
        detail(c, &["converted", "customers", "numerator"]).or_else(|| Some(c.value? * c.n? as f64))
    });
    let mut data = Vec::new();
    if let Some(v) = report.metric("attraction.visitors").and_then(|m| m.value) {
        data.push(charts::datum(
            metric_name(lang, "attraction.visitors"),
            v,
            Unit::Count,
            None,
            lang,
            Some(Pick {
                id: "attraction.visitors".into(),
                period: None,
            }),
            GREY,
        ));
    }
    data.push(charts::datum(
        t(lang, "funnel.leads").into(),
        leads_n,
        Unit::Count,
        None,
        lang,
        Some(Pick {
            id: leads.id.clone(),
            period: None,
        }),
        BLUE,
    ));
    if let Some(c) = converted {
        data.push(charts::datum(
            t(lang, "funnel.customers").into(),
            c.round(),
            Unit::Count,
            None,
            lang,
            Some(Pick {
                id: "attraction.lead_conversion_rate".into(),
                period: None,
            }),
            GREEN,
        ));
    }
    if data.len() < 2 {
        return None;
    }
    Some(charts::funnel_chart(
        "chart-funnel".into(),
        t(lang, "chart.funnel").into(),
        data,
        lang,
        on_pick,
    ))
}

/// The journey funnel from `journey.stage_funnel`: its breakdown rows, or its table as an
/// array of `{stage, customers}`-like objects.
fn stage_funnel(report: &Report, lang: Lang, on_pick: Callback<Pick>) -> Option<AnyView> {
    let m = report.metric("journey.stage_funnel")?;
    let pick = Some(Pick {
        id: m.id.clone(),
        period: None,
    });
    let colors = [GREY, BLUE, AMBER, GREEN, GREEN];
    let mut data: Vec<Datum> = Vec::new();
    if let Some(b) = m.breakdowns.first() {
        for (i, r) in b.rows.iter().enumerate() {
            if let Some(v) = r.value {
                data.push(charts::datum(
                    r.key.clone(),
                    v,
                    Unit::Count,
                    None,
                    lang,
                    pick.clone(),
                    colors[i.min(4)],
                ));
            }
        }
    } else if let Some(serde_json::Value::Array(rows)) = &m.table {
        for (i, row) in rows.iter().enumerate() {
            let label = row
                .get("stage")
                .and_then(|v| v.as_str())
                .unwrap_or("?")
                .to_string();
            let value = row
                .get("customers")
                .or_else(|| row.get("count"))
                .and_then(|v| v.as_f64());
            if let Some(v) = value {
                data.push(charts::datum(
                    label,
                    v,
                    Unit::Count,
                    None,
                    lang,
                    pick.clone(),
                    colors[i.min(4)],
                ));
            }
        }
    }
    if data.len() < 2 {
        return None;
    }
    Some(charts::funnel_chart(
        "chart-stage-funnel".into(),
        t(lang, "chart.stage_funnel").into(),
        data,
        lang,
        on_pick,
    ))
}

fn cell_text(v: &serde_json::Value, lang: Lang) -> String {
    match v {
        serde_json::Value::Number(n) => n
            .as_f64()
            .map(|f| format::number(f, if f.fract() == 0.0 { 0 } else { 2 }, lang))
            .unwrap_or_default(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        serde_json::Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// A tabular metric (ranking, cohort grid): an array of objects as an HTML table.
fn metric_table(m: &Metric, lang: Lang) -> Option<AnyView> {
    let table = m.table.as_ref()?;
    let rows: Vec<&serde_json::Map<String, serde_json::Value>> = match table {
        serde_json::Value::Array(a) => a.iter().filter_map(|r| r.as_object()).collect(),
        serde_json::Value::Object(o) => match o.get("rows") {
            Some(serde_json::Value::Array(a)) => a.iter().filter_map(|r| r.as_object()).collect(),
            _ => vec![o],
        },
        _ => return None,
    };
    let first = rows.first()?;
    let headers: Vec<String> = first.keys().cloned().collect();
    let body = rows
        .iter()
        .take(25)
        .map(|r| {
            view! { <tr>{headers.iter().map(|h| view! { <td>{r.get(h).map(|v| cell_text(v, lang)).unwrap_or_default()}</td> }).collect_view()}</tr> }
        })
        .collect_view();
    let name = metric_name(lang, &m.id);
    let why_label = format!(" — {name}");
    let href = why_href(&m.id, None);
    Some(
        view! {
            <section class="panel metric-table" data-metric=m.id.clone()>
                <h3>{name.clone()}" "<a href=crate::app_href(&href)>{t(lang, "card.why")}<span class="visually-hidden">{why_label}</span></a></h3>
                <div class="table-scroll">
                    <table>
                        <caption class="visually-hidden">{name.clone()}</caption>
                        <thead><tr>{headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view()}</tr></thead>
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
                        <li data-metric=u.id.clone()><strong>{metric_name(lang, &u.id)}</strong>" — "{t(lang, "unavailable.needs")}": "{u.needs.clone()}</li>
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any(),
    )
}

/// Which part of a dashboard page to render. The charts mount in a later task than the cards,
/// so that no single task blocks the UI thread for long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Head,
    Charts,
    Rest,
}

fn stage_view(
    state: AppState,
    stage: Stage,
    report: &Report,
    lang: Lang,
    on_pick: Callback<Pick>,
    part: Part,
) -> AnyView {
    let metrics: Vec<&Metric> = report.metrics.iter().filter(|m| m.stage == stage).collect();
    // Each part builds only its own views: building all of them for every part tripled the
    // work of the first render, which then blocked the UI thread for over 50 ms.
    let cards = || {
        metrics
            .iter()
            .filter(|m| m.unit != Unit::Table && m.table.is_none())
            .map(|m| metric_card(m, lang))
            .collect_view()
    };
    let tables = || -> Vec<AnyView> {
        metrics
            .iter()
            .filter_map(|m| metric_table(m, lang))
            .collect()
    };
    let chart_views = || {
        let mut chart_views: Vec<AnyView> = Vec::new();
        match stage {
            Stage::Attraction => {
                chart_views.extend(lead_funnel(report, lang, on_pick));
            }
            Stage::Sales => chart_views.extend(mrr_waterfall(report, lang, on_pick)),
            Stage::Loyalty => chart_views.extend(nps_chart(report, lang, on_pick)),
            Stage::Journey => chart_views.extend(stage_funnel(report, lang, on_pick)),
            Stage::Service => {}
        }
        // One time series per headline metric of the stage (the first few with a series).
        for m in metrics.iter().filter(|m| m.unit != Unit::Table).take(3) {
            chart_views.extend(series_chart(m, lang, on_pick));
        }
        for m in &metrics {
            chart_views.extend(breakdown_charts(m, lang, on_pick));
        }
        chart_views
    };
    let _ = state;
    let empty = metrics.is_empty();
    match part {
        Part::Head => view! {
            <h1>{t(lang, stage_key(stage))}</h1>
            {empty.then(|| view! { <p class="lead">{t(lang, "dashboard.nothing")}</p> })}
            <h2 class="visually-hidden">{t(lang, "dashboard.metrics")}</h2>
            <section aria-label=t(lang, "dashboard.metrics") class="cards">{cards()}</section>
        }
        .into_any(),
        Part::Charts => {
            let chart_views = chart_views();
            (!chart_views.is_empty())
            .then(|| view! {
                <h2 class="visually-hidden">{t(lang, "dashboard.charts")}</h2>
                <section class="charts" aria-label=t(lang, "dashboard.charts")>{chart_views}</section>
            })
            .into_any()
        }
        Part::Rest => {
            let tables = tables();
            view! {
            {(!tables.is_empty()).then(|| view! {
                <h2 class="visually-hidden">{t(lang, "dashboard.tables")}</h2>
                <section class="tables" aria-label=t(lang, "dashboard.tables")>{tables}</section>
            })}
            {unavailable_list(report, Some(stage), lang)}
            }
            .into_any()
        }
    }
}

#[component]
pub fn StagePage(stage: Stage) -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let on_pick = pick_callback();
    let (head, later, rest) = parts_later();
    view! {
        <Show when=move || state.report.with(|r| r.is_some()) fallback=|| view! { <EmptyState/> }>
            <div class="dashboard" data-stage=format!("{stage:?}").to_lowercase()>
                <Filters/>
                <ExportBar/>
                {move || {
                    let l = lang.get();
                    head.get().then(|| state.report.with(|r| r.as_ref().map(|r| stage_view(state, stage, r, l, on_pick, Part::Head))))
                }}
                {move || {
                    let l = lang.get();
                    later.get().then(|| state.report.with(|r| r.as_ref().map(|r| stage_view(state, stage, r, l, on_pick, Part::Charts))))
                }}
                {move || {
                    let l = lang.get();
                    rest.get().then(|| state.report.with(|r| r.as_ref().map(|r| stage_view(state, stage, r, l, on_pick, Part::Rest))))
                }}
            </div>
        </Show>
    }
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

fn journey_view(report: &Report, lang: Lang, on_pick: Callback<Pick>, part: Part) -> AnyView {
    // Each part builds only its own views (see `stage_view`).
    let cards = || {
        OVERVIEW
            .iter()
            .filter_map(|id| report.metric(id))
            .map(|m| metric_card(m, lang))
            .collect_view()
    };
    let journey_cards = || {
        report
            .metrics
            .iter()
            .filter(|m| m.stage == Stage::Journey && m.unit != Unit::Table && m.table.is_none())
            .map(|m| metric_card(m, lang))
            .collect_view()
    };
    let chart_views = || {
        let mut chart_views: Vec<AnyView> = Vec::new();
        chart_views.extend(stage_funnel(report, lang, on_pick));
        chart_views.extend(lead_funnel(report, lang, on_pick));
        if let Some(m) = report.metric("sales.revenue") {
            chart_views.extend(series_chart(m, lang, on_pick));
        }
        chart_views
    };
    let tables = || -> Vec<AnyView> {
        report
            .metrics
            .iter()
            .filter(|m| m.stage == Stage::Journey)
            .filter_map(|m| metric_table(m, lang))
            .collect()
    };
    let stage_links = [Stage::Attraction, Stage::Sales, Stage::Service, Stage::Loyalty]
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
        .collect_view();
    match part {
        Part::Head => view! {
            <h1>{t(lang, "nav.journey")}</h1>
            <nav aria-label=t(lang, "nav.journey") class="stage-links no-print"><ul>{stage_links}</ul></nav>
            <h2 class="visually-hidden">{t(lang, "dashboard.metrics")}</h2>
            <section aria-label=t(lang, "dashboard.metrics") class="cards">{cards()}{journey_cards()}</section>
        }
        .into_any(),
        Part::Charts => {
            let chart_views = chart_views();
            (!chart_views.is_empty())
            .then(|| view! {
                <h2 class="visually-hidden">{t(lang, "dashboard.charts")}</h2>
                <section class="charts" aria-label=t(lang, "dashboard.charts")>{chart_views}</section>
            })
            .into_any()
        }
        Part::Rest => {
            let tables = tables();
            view! {
            {(!tables.is_empty()).then(|| view! {
                <h2 class="visually-hidden">{t(lang, "dashboard.tables")}</h2>
                <section class="tables" aria-label=t(lang, "dashboard.tables")>{tables}</section>
            })}
            {unavailable_list(report, Some(Stage::Journey), lang)}
            }
            .into_any()
        }
    }
}

#[component]
pub fn JourneyPage() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let on_pick = pick_callback();
    let (head, later, rest) = parts_later();
    view! {
        <Show when=move || state.report.with(|r| r.is_some()) fallback=|| view! { <EmptyState/> }>
            <div class="dashboard" data-stage="journey">
                <Filters/>
                <ExportBar/>
                {move || {
                    let l = lang.get();
                    head.get().then(|| state.report.with(|r| r.as_ref().map(|r| journey_view(r, l, on_pick, Part::Head))))
                }}
                {move || {
                    let l = lang.get();
                    later.get().then(|| state.report.with(|r| r.as_ref().map(|r| journey_view(r, l, on_pick, Part::Charts))))
                }}
                {move || {
                    let l = lang.get();
                    rest.get().then(|| state.report.with(|r| r.as_ref().map(|r| journey_view(r, l, on_pick, Part::Rest))))
                }}
            </div>
        </Show>
    }
}
