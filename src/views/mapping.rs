//! Mapping review: each file's kind and column roles with confidence and reason, editable;
//! corrections are remembered per header signature and the metrics recompute.

use crate::bridge;
use crate::format;
use crate::i18n::{kind_name, t};
use crate::protocol::{MappingOverride, TableSummary};
use crate::roles::{ROLE_IDS, kind_ids};
use crate::state::{AppState, use_state};
use crate::storage;
use crate::views::EmptyState;
use leptos::prelude::*;

/// The full mapping of `table` as currently shown, with one change applied.
fn mapping_with(
    table: &TableSummary,
    kind: Option<String>,
    column: Option<(String, String)>,
) -> MappingOverride {
    let mut m = MappingOverride {
        kind: Some(kind.unwrap_or_else(|| table.kind.clone())),
        roles: table
            .columns
            .iter()
            .map(|c| (c.name.clone(), c.role.clone().unwrap_or_default()))
            .collect(),
    };
    if let Some((name, role)) = column {
        // One role per table: a role moved to this column leaves its previous column.
        if !role.is_empty() {
            for (n, r) in m.roles.iter_mut() {
                if *r == role && *n != name {
                    r.clear();
                }
            }
        }
        m.roles.insert(name, role);
    }
    m
}

fn apply(state: AppState, index: usize, signature: &str, mapping: MappingOverride) {
    storage::save_mapping(signature, &mapping);
    bridge::remap(state, index, mapping);
}

#[component]
pub fn MappingPage() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    view! {
        <Show when=move || !state.tables.get().is_empty() fallback=|| view! { <EmptyState/> }>
            <section class="mapping">
                <h1>{move || t(lang.get(), "mapping.title")}</h1>
                <p class="lead">{move || t(lang.get(), "mapping.lead")}</p>
                {move || { lang.track(); state.tables.get() }.into_iter().map(|table| view! { <TableMapping table=table/> }).collect_view()}
            </section>
        </Show>
    }
}

#[component]
fn TableMapping(table: TableSummary) -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let l = lang.get_untracked();
    let index = table.index;
    let heading_id = format!("file-{index}");
    let kind_select_id = format!("kind-{index}");
    let table_kind = table.clone();
    let sig_kind = table.signature.clone();
    let sig_reset = table.signature.clone();
    let rows = table
        .columns
        .iter()
        .map(|c| {
            let t2 = table.clone();
            let name = c.name.clone();
            let current = c.role.clone().unwrap_or_default();
            let options = std::iter::once(("".to_string(), t(l, "mapping.none").to_string()))
                .chain(ROLE_IDS.iter().map(|r| (r.to_string(), r.to_string())))
                .map(|(v, label)| {
                    let selected = v == current;
                    view! { <option value=v selected=selected>{label}</option> }
                })
                .collect_view();
            let aria = format!("{} — {}", t(l, "mapping.role"), c.name);
            view! {
                <tr>
                    <th scope="row">{c.name.clone()}</th>
                    <td>
                        <select class="role-select" aria-label=aria data-column=c.name.clone() on:change=move |ev| {
                            let role = event_target_value(&ev);
                            let m = mapping_with(&t2, None, Some((name.clone(), role)));
                            apply(state, index, &t2.signature, m);
                        }>{options}</select>
                    </td>
                    <td>{c.ty.clone()}</td>
                    <td class="num">{format::percent(f64::from(c.confidence), 0, l)}</td>
                    <td class="reason">{c.reason.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let kind_options = kind_ids()
        .into_iter()
        .map(|k| {
            let selected = k == table.kind;
            view! { <option value=k selected=selected>{kind_name(l, k)}</option> }
        })
        .collect_view();
    let rejects = table
        .rejects
        .iter()
        .map(|r| view! { <li><span class="line">{t(l, "mapping.line")}" "{r.line}</span>": "{r.reason.clone()}</li> })
        .collect_view();
    let more = table.rejected.saturating_sub(table.rejects.len());
    let labelled_by = heading_id.clone();
    view! {
        <article class="panel table-mapping" aria-labelledby=labelled_by>
            <h2 id=heading_id>{table.file.clone()}</h2>
            <p class="meta">
                {format::number(table.rows as f64, 0, l)}" "{t(l, "mapping.rows")}
                {table.vendor.clone().map(|v| format!(" · {}: {v}", t(l, "mapping.vendor")))}
                {table.currency.clone().map(|c| format!(" · {}: {c}", t(l, "mapping.currency")))}
            </p>
            <div class="kind-row">
                <label for=kind_select_id.clone()>{t(l, "mapping.kind")}</label>
                <select id=kind_select_id class="kind-select" on:change=move |ev| {
                    let kind = event_target_value(&ev);
                    let m = mapping_with(&table_kind, Some(kind), None);
                    apply(state, index, &sig_kind, m);
                }>{kind_options}</select>
                <span class="confidence">{t(l, "mapping.confidence")}": "{format::percent(f64::from(table.kind_confidence), 0, l)}</span>
                <span class="reason">{table.kind_reason.clone()}</span>
                <Show when=move || table.overridden>
                    <button type="button" class="link-button" on:click={
                        let sig = sig_reset.clone();
                        move |_| apply(state, index, &sig, MappingOverride::default())
                    }>{t(l, "mapping.reset")}</button>
                </Show>
            </div>
            {(!table.warnings.is_empty()).then(|| view! {
                <div class="warnings">
                    <h3>{t(l, "mapping.warnings")}</h3>
                    <ul>{table.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                </div>
            })}
            <div class="table-scroll">
                <table class="columns">
                    <caption class="visually-hidden">{table.file.clone()}</caption>
                    <thead><tr>
                        <th scope="col">{t(l, "mapping.column")}</th>
                        <th scope="col">{t(l, "mapping.role")}</th>
                        <th scope="col">{t(l, "mapping.type")}</th>
                        <th scope="col">{t(l, "mapping.confidence")}</th>
                        <th scope="col">{t(l, "mapping.reason")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h3>{t(l, "mapping.rejects")}" ("{format::number(table.rejected as f64, 0, l)}")"</h3>
            {if table.rejects.is_empty() {
                view! { <p>{t(l, "mapping.no_rejects")}</p> }.into_any()
            } else {
                view! {
                    <ul class="rejects">{rejects}</ul>
                    {(more > 0).then(|| view! { <p>"+ "{format::number(more as f64, 0, l)}" "{t(l, "mapping.more_rejects")}</p> })}
                }.into_any()
            }}
        </article>
    }
}
