//! Drill-down: the rows behind a number (the engine's provenance), the rule applied to each,
//! and the formula.

use crate::bridge;
use crate::details;
use crate::format;
use crate::i18n::{metric_name, t};
use crate::state::{Phase, use_state};
use crate::views::EmptyState;
use jornada_engine::report::Metric;
use jornada_engine::{Granularity, Unit};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn WhyPage() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let query = use_query_map();
    let id = Memo::new(move |_| query.with(|q| q.get("id")));
    let period = Memo::new(move |_| query.with(|q| q.get("period")));
    // The query string is the address bar's, anyone's to write: only a metric of the report
    // and a well-formed period reach the worker, and a wrong one gets a fixed message, never
    // the text it was given.
    let asked = Memo::new(move |_| {
        let id = id.get()?;
        let known = state
            .report
            .with(|r| r.as_ref().is_some_and(|r| r.metric(&id).is_some()));
        let period = period.get();
        let period_ok = period
            .as_deref()
            .is_none_or(|p| jornada_engine::period::parse_period(p).is_ok());
        Some((id, period, known && period_ok))
    });
    // Ask the worker whenever the target changes or a new report is ready.
    Effect::new(move |_| {
        let ready = state.phase.get() == Phase::Ready;
        if let (true, Some((id, period, true))) = (ready, asked.get()) {
            bridge::explain(state, &id, period);
        }
    });
    let go_back = move |_| {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.back();
        }
    };
    view! {
        <Show when=move || state.report.with(|r| r.is_some()) fallback=|| view! { <EmptyState/> }>
            <section class="why">
                <button type="button" class="link-button no-print" on:click=go_back>"← "{move || t(lang.get(), "why.back")}</button>
                <h1>{move || t(lang.get(), "why.title")}</h1>
                {move || {
                    let l = lang.get();
                    let Some((id, _, valid)) = asked.get() else {
                        return view! { <p>{t(l, "why.none")}</p> }.into_any();
                    };
                    if !valid {
                        return view! { <p class="why-unknown" role="status">{t(l, "why.unknown")}</p> }.into_any();
                    }
                    let (unit, currency) = state.report.with(|r| {
                        r.as_ref()
                            .and_then(|r| r.metric(&id))
                            .map(|m| (m.unit, m.currency.clone()))
                            .unwrap_or((Unit::Count, None))
                    });
                    let gran = state.query.with(|q| q.granularity);
                    let facts = state.report.with(|r| {
                        r.as_ref().and_then(|r| {
                            r.metric(&id).map(|m| details_view(&details::with_money_currency(m, r), gran, l))
                        })
                    });
                    match state.explanation.get() {
                        None => view! { <h2>{metric_name(l, &id)}</h2><p role="status">{t(l, "why.loading")}</p> }.into_any(),
                        Some(e) => {
                            let period_text = e.period.as_deref().map(|p| format::period(p, l)).unwrap_or_else(|| t(l, "why.whole").to_string());
                            let rows = e.rows.iter().map(|r| {
                                let cells = r.cells.iter().map(|(k, v)| format!("{}: {}", format::bidi_safe(k), format::bidi_safe(v))).collect::<Vec<_>>().join(" · ");
                                view! {
                                    <tr class:excluded=!r.included>
                                        <td><bdi>{format::bidi_safe(&r.file)}</bdi></td>
                                        <td class="num">{r.line}</td>
                                        <td>{if r.included { t(l, "why.yes") } else { t(l, "why.no") }}</td>
                                        <td>{r.rule.clone()}</td>
                                        <td class="num">{r.value.map(|v| if unit == Unit::Currency { format::currency(v, currency.as_deref(), l) } else { format::number(v, if v.fract() == 0.0 { 0 } else { 2 }, l) }).unwrap_or_default()}</td>
                                        <td class="cells">{cells}</td>
                                    </tr>
                                }
                            }).collect_view();
                            view! {
                                <h2>{metric_name(l, &e.id)}</h2>
                                <dl class="why-facts">
                                    <dt>{t(l, "why.period")}</dt><dd>{period_text}</dd>
                                    <dt>{t(l, "why.value")}</dt><dd class="why-value">{format::value(e.value, unit, currency.as_deref(), l)}</dd>
                                    <dt>{t(l, "why.formula")}</dt><dd><code class="formula">{e.formula.clone()}</code></dd>
                                </dl>
                                {e.period.is_none().then_some(facts)}
                                <h3>{t(l, "why.rows")}</h3>
                                <p class="why-count">
                                    {format!("{} {} {} {} · {} {}",
                                        t(l, "why.showing"), format::number(e.rows.len() as f64, 0, l),
                                        t(l, "why.of"), format::number(e.total_rows as f64, 0, l),
                                        format::number(e.included_rows as f64, 0, l), t(l, "why.counted"))}
                                </p>
                                <div class="table-scroll">
                                    <table class="provenance">
                                        <caption class="visually-hidden">{t(l, "why.rows")}</caption>
                                        <thead><tr>
                                            <th scope="col">{t(l, "why.file")}</th>
                                            <th scope="col">{t(l, "why.line")}</th>
                                            <th scope="col">{t(l, "why.included")}</th>
                                            <th scope="col">{t(l, "why.rule")}</th>
                                            <th scope="col">{t(l, "why.value")}</th>
                                            <th scope="col">{t(l, "why.cells")}</th>
                                        </tr></thead>
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
