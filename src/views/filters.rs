//! The dashboard's controls: the filters (date range, granularity, segment) and the export
//! bar, and the segment's words that the cards and the drill-down share.

use crate::i18n::{Lang, t};
use crate::state::use_state;
use crate::{bridge, export};
use jornada_engine::segment::{self, DimensionValues, Segment, SegmentUse, Spelling};
use jornada_engine::{Granularity, Query};
use leptos::prelude::*;

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
    // A range that ends before it starts is refused at the control, with the query and the
    // report left as they were (issue 17: it was read as one day called "whole range").
    let range_error = RwSignal::new(None::<(String, String)>);
    let apply = move || {
        let parse = |s: String| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
        let (f, t) = (parse(from.get_untracked()), parse(to.get_untracked()));
        let wanted = Query {
            from: f,
            to: t,
            ..Query::default()
        };
        if wanted.check().is_err() {
            range_error.set(Some((from.get_untracked(), to.get_untracked())));
            focus_element("filter-from");
            return;
        }
        range_error.set(None);
        state.query.update(|q| {
            q.from = f;
            q.to = t;
        });
        bridge::analyze(state);
    };
    let invalid = move || range_error.with(|e| e.is_some().then_some("true"));
    // Values grouped by dimension, case variants merged (the engine's list).
    let segments = move || {
        state.tables.with(|ts| {
            let all: Vec<Spelling> = ts.iter().flat_map(|t| t.segments.clone()).collect();
            segment::merge(&all)
        })
    };
    let segment_help = move || segment_help(lang.get(), &segments());
    let gran_value = move || granularity_id(state.query.with(|q| q.granularity));
    view! {
        <form class="filters no-print" on:submit=move |ev| { ev.prevent_default(); apply(); }>
            <fieldset>
                <legend>{move || t(lang.get(), "filters.title")}</legend>
                <label>{move || t(lang.get(), "filters.from")}
                    <input type="date" id="filter-from" aria-invalid=invalid aria-describedby="filter-range-error" prop:value=move || from.get() on:change=move |ev| from.set(event_target_value(&ev))/>
                </label>
                <label>{move || t(lang.get(), "filters.to")}
                    <input type="date" id="filter-to" aria-invalid=invalid aria-describedby="filter-range-error" prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev))/>
                </label>
                <label>{move || t(lang.get(), "filters.granularity")}
                    <select id="filter-granularity" prop:value=gran_value on:change=move |ev| {
                        let g = granularity_of(&event_target_value(&ev));
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
                    <select id="filter-segment" aria-describedby="filter-segment-help" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        state.segment.update(|s| s.value = Segment::parse(&v).ok().filter(|_| !v.is_empty()));
                        bridge::analyze(state);
                    }>
                        <option value="">{move || t(lang.get(), "filters.all")}</option>
                        {move || {
                            let current = state.segment.with(|s| s.value.clone());
                            segment_options(lang.get(), segments(), current.as_ref())
                        }}
                    </select>
                </label>
                <p id="filter-segment-help" class="field-help">{segment_help}</p>
                <button type="submit" class="button">{move || t(lang.get(), "filters.apply")}</button>
                <p id="filter-range-error" class="field-error" role="alert">{move || {
                    range_error.get().map(|(f, to)| crate::state::range_reversed(lang.get(), &f, &to))
                }}</p>
            </fieldset>
        </form>
    }
}

/// The granularity select's value of `g`.
fn granularity_id(g: Granularity) -> &'static str {
    match g {
        Granularity::Day => "day",
        Granularity::Week => "week",
        Granularity::Month => "month",
        Granularity::Quarter => "quarter",
        Granularity::Year => "year",
    }
}

/// The granularity of the select's value `id` (month for any other).
fn granularity_of(id: &str) -> Granularity {
    match id {
        "day" => Granularity::Day,
        "week" => Granularity::Week,
        "quarter" => Granularity::Quarter,
        "year" => Granularity::Year,
        _ => Granularity::Month,
    }
}

/// "Acquisition channel reads pedidos.csv › canal, leads.csv › origem.", or that no file
/// has a segment column.
fn segment_help(l: Lang, segments: &[DimensionValues]) -> String {
    let lines: Vec<String> = segments
        .iter()
        .map(|d| {
            let columns: Vec<String> = d
                .columns
                .iter()
                .map(|(file, column)| format!("{file} › {column}"))
                .collect();
            format!(
                "{} {} {}.",
                dimension_name(l, d.dimension),
                t(l, "segment.reads"),
                columns.join(", ")
            )
        })
        .collect();
    if lines.is_empty() {
        t(l, "segment.none").to_string()
    } else {
        lines.join(" ")
    }
}

/// The segment select's options, one group per dimension, `current` selected.
fn segment_options(
    l: Lang,
    segments: Vec<DimensionValues>,
    current: Option<&Segment>,
) -> impl IntoView + use<> {
    segments.into_iter().map(|d| {
        let options = d.values.iter().map(|v| {
            let selected = current.is_some_and(|c| {
                c.dimension == d.dimension && segment::normalize(&c.value) == segment::normalize(&v.label)
            });
            let value = format!("{}={}", d.dimension.id(), v.label);
            view! { <option value=value selected=selected>{v.label.clone()}</option> }
        }).collect_view();
        view! {
            <optgroup label=dimension_name(l, d.dimension) data-dimension=d.dimension.id()>{options}</optgroup>
        }
    }).collect_view()
}

/// CSV and print.
#[component]
pub(crate) fn ExportBar() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    view! {
        <div class="export-bar no-print" role="group" aria-label=move || t(lang.get(), "export.title")>
            <button type="button" id="export-csv" class="button" on:click=move |_| {
                let l = lang.get_untracked();
                if let Some(csv) = state.report.with_untracked(|r| r.as_ref().map(|r| export::metrics_csv(r, l))) {
                    let _ = export::download(&csv, "text/csv;charset=utf-8", export::metrics_file_name(l));
                }
            }>{move || t(lang.get(), "export.csv")}</button>
            <button type="button" class="button" on:click=move |_| {
                if let Some(w) = web_sys::window() { let _ = w.print(); }
            }>{move || t(lang.get(), "export.print")}</button>
        </div>
    }
}

/// Puts the focus on the element `id`, if it is there.
fn focus_element(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
    {
        let _ = el.focus();
    }
}

/// A segment dimension's name in the UI language.
pub(crate) fn dimension_name(lang: Lang, d: segment::Dimension) -> &'static str {
    match d {
        segment::Dimension::Acquisition => t(lang, "segment.acquisition"),
        segment::Dimension::TicketChannel => t(lang, "segment.ticket_channel"),
    }
}

/// How a metric met the chosen segment, as its `data-segment` id and plain words.
pub(crate) fn segment_use_words(lang: Lang, u: &SegmentUse) -> (&'static str, String) {
    match u {
        SegmentUse::All { .. } => ("applied", t(lang, "segment.applied").to_string()),
        SegmentUse::Partly { whole, .. } => (
            "partly",
            format!("{} {}", t(lang, "segment.partly"), whole.join(", ")),
        ),
        SegmentUse::NotApplicable { .. } => (
            "not_applicable",
            t(lang, "segment.not_applicable").to_string(),
        ),
    }
}
