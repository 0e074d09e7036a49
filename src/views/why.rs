//! Drill-down: the rows behind a number (the engine's provenance), the rule applied to each,
//! and the formula.

use crate::bridge;
use crate::details;
use crate::format;
use crate::formulas::{formula_text, row_rule};
use crate::i18n::{Lang, kind_name, metric_name, t};
use crate::protocol::{ExplanationView, MAX_PROVENANCE_ROWS, RowWindow};
use crate::state::{AppState, Phase, use_state};
use crate::views::EmptyState;
use crate::views::filters::{dimension_name, segment_use_words};
use jornada_engine::report::Metric;
use jornada_engine::{Granularity, Report, Unit};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Where Back leads when the page was opened directly (no earlier page of the app): the
/// metric's stage page.
fn stage_route(id: &str) -> String {
    let stage = id.split('.').next().unwrap_or("journey");
    match stage {
        "attraction" | "sales" | "service" | "loyalty" => format!("/{stage}"),
        _ => "/journey".to_string(),
    }
}

/// After Back, the dashboard places its pieces over several tasks, so the browser cannot
/// restore the scroll position itself: wait for the metric's card or chart (up to 10 s), bring
/// it into view and put the focus on its link, where the user left.
fn return_to(id: String, tries: u32) {
    let found = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        // The card first (a chart of the same metric may come earlier in the page).
        [".card", ""].iter().find_map(|what| {
            let selector = format!(".dashboard[data-rendered] {what}[data-metric=\"{id}\"]");
            d.query_selector(&selector).ok().flatten()
        })
    });
    match found {
        Some(el) => {
            if let Some(w) = web_sys::window() {
                let top = el.get_bounding_client_rect().top();
                let height = w
                    .inner_height()
                    .ok()
                    .and_then(|h| h.as_f64())
                    .unwrap_or(800.0);
                w.scroll_by_with_x_and_y(0.0, top - height / 3.0);
            }
            let link = el
                .query_selector("a[href*=\"why?id=\"], a, button")
                .ok()
                .flatten();
            if let Some(link) =
                link.and_then(|l| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(l).ok())
            {
                let _ = link.focus();
            }
        }
        None if tries < 100 => set_timeout(
            move || return_to(id, tries + 1),
            std::time::Duration::from_millis(100),
        ),
        None => {}
    }
}

/// The period the rows were read over, by name and by its days: "whole range (Jan 5, 2025 –
/// Feb 1, 2025)", "Mar 2025 (Mar 1, 2025 – Mar 31, 2025)".
fn period_used(e: &crate::protocol::ExplanationView, l: crate::i18n::Lang) -> String {
    let name = e
        .period
        .as_deref()
        .map(|p| format::period(p, l))
        .unwrap_or_else(|| t(l, "why.whole").to_string());
    if e.first_day.is_empty() {
        return name;
    }
    let days = if e.first_day == e.last_day {
        format::date(&e.first_day, l)
    } else {
        format!(
            "{} – {}",
            format::date(&e.first_day, l),
            format::date(&e.last_day, l)
        )
    };
    format!("{name} ({days})")
}

/// Whether the app has a page of its own to go back to (else Back would leave the app).
fn came_from_the_app() -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let long_enough = w
        .history()
        .ok()
        .and_then(|h| h.length().ok())
        .is_some_and(|n| n > 1);
    let referrer = w.document().map(|d| d.referrer()).unwrap_or_default();
    let origin = w.location().origin().unwrap_or_default();
    // Inside the app, routes change without a new document: the referrer is the page the app
    // was loaded from (empty, or ours); a page of another site means we were opened from it.
    long_enough && (referrer.is_empty() || referrer.starts_with(&origin))
}

/// The rows of an explanation as CSV in the UI language and its spreadsheet dialect,
/// downloaded (the reply to the "export rows" button: every row, not the page on screen).
pub fn download_rows(state: crate::state::AppState, e: &crate::protocol::ExplanationView) {
    let lang = state.lang.get_untracked();
    let (unit, currency) = state.report.with_untracked(|r| {
        r.as_ref()
            .and_then(|r| {
                r.metric(&e.id)
                    .map(|m| (m.unit, details::with_money_currency(m, r).currency.clone()))
            })
            .unwrap_or((Unit::Count, None))
    });
    let kinds = state.tables.with_untracked(|ts| {
        ts.iter()
            .map(|t| (t.file.clone(), kind_name(lang, &t.kind)))
            .collect::<Vec<_>>()
    });
    let csv = crate::export::rows_csv(e, lang, unit, currency.as_deref(), &kinds);
    let name = match lang {
        crate::i18n::Lang::Pt => format!("jornada-{}-linhas.csv", e.id),
        crate::i18n::Lang::En => format!("jornada-{}-rows.csv", e.id),
    };
    let _ = crate::export::download(&csv, "text/csv;charset=utf-8", &name);
}

#[component]
pub fn WhyPage() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let query = use_query_map();
    let id = Memo::new(move |_| query.with(|q| q.get("id")));
    let period = Memo::new(move |_| query.with(|q| q.get("period")));
    // A breakdown bar's dimension and key (`by=channel&key=web`).
    let by = Memo::new(move |_| query.with(|q| q.get("by").zip(q.get("key"))));
    // The query string is the address bar's, anyone's to write: only a metric of the report
    // and a well-formed period reach the worker, and a wrong one gets a fixed message, never
    // the text it was given.
    let asked = Memo::new(move |_| {
        let id = id.get()?;
        let (period, by) = (period.get(), by.get());
        let valid = state.report.with(|r| {
            r.as_ref()
                .is_some_and(|r| is_valid_target(r, &id, &period, &by))
        });
        Some((id, period, by, valid))
    });
    // Ask the worker whenever the target changes or a new report is ready.
    Effect::new(move |_| {
        let ready = state.phase.get() == Phase::Ready;
        if let (true, Some((id, period, by, true))) = (ready, asked.get()) {
            bridge::explain(state, &id, period, by);
        }
    });
    let ask_rows = move |window: RowWindow| {
        if let Some(id) = id.get_untracked() {
            bridge::explain_rows(
                state,
                &id,
                period.get_untracked(),
                by.get_untracked(),
                window,
            );
        }
    };
    let page = move |offset: usize| {
        ask_rows(RowWindow {
            offset,
            ..RowWindow::default()
        })
    };
    let export_rows = move |_| {
        ask_rows(RowWindow {
            offset: 0,
            limit: usize::MAX,
            export: true,
        })
    };
    let navigate = use_navigate();
    let go_back = move |_| {
        let Some(target) = id.get_untracked() else {
            return;
        };
        if came_from_the_app() {
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.back();
            }
        } else {
            navigate(&stage_route(&target), Default::default());
        }
        return_to(target, 0);
    };
    view! {
        <Show when=move || state.report.with(|r| r.is_some()) fallback=|| view! { <EmptyState/> }>
            <section class="why">
                <button type="button" class="link-button no-print" id="why-back" on:click=go_back.clone()>"← "{move || t(lang.get(), "why.back")}</button>
                <h1>{move || t(lang.get(), "why.title")}</h1>
                {move || {
                    let l = lang.get();
                    let Some((id, _, _, valid)) = asked.get() else {
                        return view! { <p>{t(l, "why.none")}</p> }.into_any();
                    };
                    if !valid {
                        return view! { <p class="why-unknown" role="status">{t(l, "why.unknown")}</p> }.into_any();
                    }
                    let (unit, currency, facts) = metric_facts(state, &id, l);
                    match state.explanation.get() {
                        None => view! { <h2>{metric_name(l, &id)}</h2><p role="status">{t(l, "why.loading")}</p> }.into_any(),
                        Some(e) => {
                            let period_text = period_used(&e, l);
                            let rows = provenance_rows(state, l, &e, unit, currency.as_deref());
                            let (last, total) = (e.offset + e.rows.len(), e.total_rows);
                            let has_prev = e.offset > 0;
                            let has_next = last < total;
                            let (prev_at, next_at) = (e.offset.saturating_sub(MAX_PROVENANCE_ROWS), last);
                            view! {
                                <h2>{metric_name(l, &e.id)}</h2>
                                {why_facts(l, &e, period_text, unit, currency.as_deref())}
                                {(e.period.is_none() && e.by.is_none()).then_some(facts)}
                                <h3>{t(l, "why.rows")}</h3>
                                <p class="why-count" role="status">
                                    {rows_count(l, &e)}
                                </p>
                                <div class="button-row why-pager no-print">
                                    <button type="button" class="button" id="why-prev" disabled=!has_prev on:click=move |_| page(prev_at)>{t(l, "why.prev")}</button>
                                    <button type="button" class="button" id="why-next" disabled=!has_next on:click=move |_| page(next_at)>{t(l, "why.next")}</button>
                                    <button type="button" class="button" id="why-export" disabled=total == 0 on:click=export_rows>{t(l, "why.export")}</button>
                                </div>
                                <div class="table-scroll">
                                    <table class="provenance">
                                        <caption class="visually-hidden">{t(l, "why.rows")}</caption>
                                        <thead><tr>{provenance_head(l)}</tr></thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                </div>
                            }.into_any()
                        }
                    }
                }}
            </section>
        </Show>
    }
}

/// The metric's unit and currency, and its side figures over the whole range
/// ([`details_view`]; `None` when the report lacks it).
fn metric_facts(
    state: AppState,
    id: &str,
    l: Lang,
) -> (Unit, Option<String>, Option<Option<AnyView>>) {
    let (unit, currency) = state.report.with(|r| {
        r.as_ref()
            .and_then(|r| {
                r.metric(id)
                    .map(|m| (m.unit, details::with_money_currency(m, r).currency.clone()))
            })
            .unwrap_or((Unit::Count, None))
    });
    let gran = state.query.with(|q| q.granularity);
    let facts = state.report.with(|r| {
        r.as_ref().and_then(|r| {
            r.metric(id)
                .map(|m| details_view(&details::with_money_currency(m, r), gran, l))
        })
    });
    (unit, currency, facts)
}

/// Whether the address asks for a metric of `report`, a well-formed period and a key one of
/// the metric's breakdowns shows.
fn is_valid_target(
    report: &Report,
    id: &str,
    period: &Option<String>,
    by: &Option<(String, String)>,
) -> bool {
    let Some(m) = report.metric(id) else {
        return false;
    };
    let period_ok = period
        .as_deref()
        .is_none_or(|p| jornada_engine::period::parse_period(p).is_ok());
    let by_ok = by.as_ref().is_none_or(|(role, key)| {
        m.breakdowns
            .iter()
            .any(|b| &b.by == role && b.rows.iter().any(|row| &row.key == key))
    });
    period_ok && by_ok
}

/// The explanation's facts: period, breakdown key, segment (with how the metric met it),
/// value and formula.
fn why_facts(
    l: Lang,
    e: &ExplanationView,
    period_text: String,
    unit: Unit,
    currency: Option<&str>,
) -> impl IntoView + use<> {
    view! {
        <dl class="why-facts">
            <dt>{t(l, "why.period")}</dt><dd>{period_text}</dd>
            {e.by.as_ref().map(|(role, key)| view! {
                <dt>{t(l, "why.by")}</dt>
                <dd class="why-by">{format!("{} › ", details::role_words(l, role))}<bdi>{format::bidi_safe(key)}</bdi></dd>
            })}
            {e.segment.as_ref().map(|s| {
                let applies = e.segment_use.as_ref().map(|u| segment_use_words(l, u));
                let applies_id = applies.as_ref().map(|a| a.0);
                view! {
                    <dt>{t(l, "why.segment")}</dt>
                    <dd class="why-segment" data-segment=applies_id>
                        {format!("{} = ", dimension_name(l, s.dimension))}<bdi>{format::bidi_safe(&s.value)}</bdi>
                        {applies.map(|a| format!(" — {}", a.1))}
                    </dd>
                }
            })}
            <dt>{t(l, "why.value")}</dt><dd class="why-value">{format::metric_value(&e.id, e.value, unit, currency, l)}</dd>
            <dt>{t(l, "why.formula")}</dt><dd><code class="formula">{formula_text(l, &e.formula)}</code></dd>
        </dl>
    }
}

/// The provenance table's column headings.
fn provenance_head(l: Lang) -> impl IntoView + use<> {
    [
        "why.file",
        "why.line",
        "why.included",
        "why.rule",
        "why.value",
        "why.cells",
    ]
    .map(|key| view! { <th scope="col">{t(l, key)}</th> })
    .collect_view()
}

/// "Rows 1–300 of 1,204 · 980 counted", or that there are none.
fn rows_count(l: Lang, e: &ExplanationView) -> String {
    let (first, last, total) = (e.offset + 1, e.offset + e.rows.len(), e.total_rows);
    if total == 0 {
        return t(l, "why.no_rows").to_string();
    }
    format!(
        "{} {}–{} {} {} · {} {}",
        t(l, "why.rows_range"),
        format::number(first as f64, 0, l),
        format::number(last as f64, 0, l),
        t(l, "why.of"),
        format::number(total as f64, 0, l),
        format::number(e.included_rows as f64, 0, l),
        t(l, "why.counted")
    )
}

/// The explanation's rows, one table row each: file (with its kind), line, counted or not,
/// the rule applied, the value and the source row's cells.
fn provenance_rows(
    state: AppState,
    l: Lang,
    e: &ExplanationView,
    unit: Unit,
    currency: Option<&str>,
) -> impl IntoView + use<> {
    let kind_of = move |file: &str| {
        state.tables.with_untracked(|ts| {
            ts.iter()
                .find(|t| t.file == file)
                .map(|t| kind_name(l, &t.kind))
        })
    };
    e.rows.iter().map(|r| {
            let cells = r.cells.iter().map(|(k, v)| format!("{}: {}", format::bidi_safe(k), format::bidi_safe(v))).collect::<Vec<_>>().join(" · ");
            let kind = kind_of(&r.file);
            view! {
                <tr class:excluded=!r.included>
                    <td><bdi>{format::bidi_safe(&r.file)}</bdi>{kind.map(|k| view! { <span class="file-kind">" · "{k}</span> })}</td>
                    <td class="num">{r.line}</td>
                    <td>{if r.included { t(l, "why.yes") } else { t(l, "why.no") }}</td>
                    <td class="rule">{row_rule(l, r)}</td>
                    <td class="num">{r.value.map(|v| if unit == Unit::Currency { format::currency(v, currency, l) } else { format::number(v, if v.fract() == 0.0 { 0 } else { 2 }, l) }).unwrap_or_default()}</td>
                    <td class="cells">{cells}</td>
                </tr>
            }
    }).collect_view()
}

/// The metric's side figures over the whole range, in words: the pooled basis as a sentence,
/// which core actions were counted and each one's share of active users, then every detail
/// with its label and value.
fn details_view(m: &Metric, gran: Granularity, lang: crate::i18n::Lang) -> Option<AnyView> {
    if m.details.is_empty() {
        return None;
    }
    let pooled = details::pooled_summary(m, gran, lang);
    let core = details::core_actions_note(m, lang);
    let shares = details::action_shares(m);
    let lines = details::detail_lines(m, lang);
    let shares_view = (!shares.is_empty()).then(|| {
        view! {
            <h4 id="action-shares-title">{t(lang, "details.action_shares")}</h4>
            <ul class="action-shares" aria-labelledby="action-shares-title">
                {shares.into_iter().map(|(action, share)| view! {
                    <li data-action=action.clone()><span class="action-name">{action.clone()}</span>" "<span class="num">{format::percent(share, 1, lang)}</span></li>
                }).collect_view()}
            </ul>
        }
    });
    Some(
        view! {
            <section class="why-details" aria-labelledby="why-details-title">
                <h3 id="why-details-title">{t(lang, "details.title")}</h3>
                {pooled.map(|p| view! { <p class="why-basis">{p}</p> })}
                {core.map(|c| view! { <p class="why-core">{c}</p> })}
                {shares_view}
                <dl class="detail-list">
                    {lines.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            </section>
        }
        .into_any(),
    )
}
