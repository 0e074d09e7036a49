//! Mapping review: each file's kind and column roles with confidence and reason, editable;
//! corrections are remembered per header signature and the metrics recompute.

use crate::bridge;
use crate::format;
use crate::i18n::{Lang, kind_name, t, value_type_name};
use crate::messages::message_text;
use crate::protocol::{MappingOverride, TableSummary};
use crate::reasons::reason_text;
use crate::roles::{ROLE_IDS, kind_ids, role_label};
use crate::state::{AppState, use_state};
use crate::storage;
use crate::views::EmptyState;
use jornada_engine::ingest::mapping::column_key;
use leptos::prelude::*;

/// The full mapping of `table` as currently shown, with one change applied. Columns are
/// keyed by [`column_key`], a hash of the header: what is remembered never holds a header's
/// text (which, in a file without one, would be a customer's data).
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
            .map(|c| (column_key(&c.name), c.role.clone().unwrap_or_default()))
            .collect(),
    };
    if let Some((name, role)) = column {
        let name = column_key(&name);
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
    if !mapping.is_empty() {
        state.notice.set(Some(crate::state::Notice::MappingSaved));
    }
    bridge::remap(state, index, mapping);
}

/// The `<option>`s of a column's role `<select>` as markup, `current` selected: the empty
/// choice (`none_label`) then every role, by its name in `lang` (its id as the value). Seventy options for each of a hundred-odd columns
/// built as nodes one by one cost the UI thread 200 ms; as one string per select the browser's
/// own parser builds them in a fraction of that.
pub fn role_options_html(lang: Lang, current: &str, none_label: &str) -> String {
    let mut html = String::with_capacity(40 * (ROLE_IDS.len() + 1));
    let mut option = |value: &str, label: &str| {
        let selected = if value == current { " selected" } else { "" };
        html.push_str(&format!(
            "<option value=\"{}\"{selected}>{}</option>",
            escape(value),
            escape(label)
        ));
    };
    option("", none_label);
    for r in ROLE_IDS {
        option(r, role_label(lang, r).unwrap_or(r));
    }
    html
}

/// Text for markup: `&`, `<`, `>` and `"` as entities.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// One file's mapping on the page: `index` in the list of render `generation`.
#[derive(Debug, Clone)]
struct Placed {
    generation: u64,
    table: TableSummary,
}

/// Places the files' mappings one per task (the UI-thread invariant: no task over 50 ms; all
/// 14 sample files at once took 200 ms). New tables (a remap) or a new language start a new
/// generation that replaces the files in place, so the page never empties;
/// `data-rendered` marks the last one.
#[component]
pub fn MappingPage() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let placed: RwSignal<Vec<Placed>> = RwSignal::new(Vec::new());
    let complete = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        lang.track();
        let tables = state.tables.get();
        let Some(g) = generation.try_get_value().map(|g| g + 1) else {
            return;
        };
        generation.set_value(g);
        complete.set(false);
        place_next(placed, complete, generation, g, tables.into_iter(), 0);
    });
    view! {
        <Show when=move || !state.tables.with(|t| t.is_empty()) fallback=|| view! { <EmptyState/> }>
            <section class="mapping" data-rendered=move || complete.get().then_some("true")>
                <h1>{move || t(lang.get(), "mapping.title")}</h1>
                <p class="lead">{move || t(lang.get(), "mapping.lead")}</p>
                <RulesNotice/>
                <For each=move || placed.get() key=|p| (p.generation, p.table.index) children=|p| view! { <TableMapping table=p.table/> }/>
            </section>
        </Show>
    }
}

/// The rules every file is read by that change counts (METRICS.md "Duplicates" and
/// "Range"): duplicate ids merged, the default range from the files metrics read, and, when
/// the analysis has one, the partial last period.
#[component]
fn RulesNotice() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    // The first series whose last point is partial names the period.
    let partial = move || {
        state.report.with(|r| {
            r.as_ref().and_then(|r| {
                r.metrics.iter().find_map(|m| {
                    m.series
                        .last()
                        .filter(|p| p.partial)
                        .map(|p| p.period.clone())
                })
            })
        })
    };
    view! {
        <aside class="panel rules-notice" role="note">
            <h2>{move || t(lang.get(), "mapping.rules")}</h2>
            <ul>
                <li class="rule-duplicates">{move || t(lang.get(), "mapping.rule_duplicates")}</li>
                <li class="rule-range">{move || t(lang.get(), "mapping.rule_range")}</li>
                {move || partial().map(|period| {
                    let l = lang.get();
                    view! {
                        <li class="rule-partial">{format!("{} {}.", t(l, "mapping.rule_partial"), format::period(&period, l))}</li>
                    }
                })}
            </ul>
        </aside>
    }
}

/// Schedules the placing of the next file of render `generation` in a task of its own (the
/// first too, so the route change stays small), one file per frame: files placed by several
/// tasks between two frames all fell to the next frame's style recalculation, which on a loaded
/// machine passed 50 ms of CPU with four files (about 4,000 elements, the role selects'
/// options mostly). `at` counts the files already placed.
fn place_next(
    placed: RwSignal<Vec<Placed>>,
    complete: RwSignal<bool>,
    generation: StoredValue<u64>,
    g: u64,
    mut tables: std::vec::IntoIter<TableSummary>,
    at: usize,
) {
    request_animation_frame(move || {
        set_timeout(
            move || {
                // The page was left, or a newer render started.
                if generation.try_get_value() != Some(g) {
                    return;
                }
                let Some(table) = tables.next() else {
                    if placed.with_untracked(Vec::len) > at {
                        placed.update(|v| v.truncate(at));
                    }
                    complete.set(true);
                    return;
                };
                let item = Placed {
                    generation: g,
                    table,
                };
                placed.update(|v| match v.get_mut(at) {
                    Some(old) => *old = item,
                    None => v.push(item),
                });
                place_next(placed, complete, generation, g, tables, at + 1);
            },
            std::time::Duration::ZERO,
        );
    });
}

/// Columns placed per step of a file's mapping: a wide file (up to the engine's
/// `MAX_COLUMNS`) shows a page at a time, each added in its own task, so no task builds more
/// than this many role selects.
pub const COLUMN_PAGE: usize = 100;

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
    // One copy for every row's handler (a copy per row made a 3,000-column file quadratic).
    let shared = StoredValue::new(table.clone());
    let column_count = table.columns.len();
    let pages = RwSignal::new(1usize);
    let page_rows = move |page: usize| {
        shared.with_value(|table| {
            table
                .columns
                .iter()
                .skip(page * COLUMN_PAGE)
                .take(COLUMN_PAGE)
                .map(|c| {
                    let name = c.name.clone();
                    let current = c.role.clone().unwrap_or_default();
                    let options = role_options_html(l, &current, t(l, "mapping.none"));
                    let aria = format!("{} — {}", t(l, "mapping.role"), format::bidi_safe(&c.name));
                    view! {
                        <tr>
                            <th scope="row"><bdi>{format::bidi_safe(&c.name)}</bdi></th>
                            <td>
                                <select class="role-select" aria-label=aria data-column=c.name.clone() on:change=move |ev| {
                                    let role = event_target_value(&ev);
                                    let (m, signature) = shared.with_value(|t| {
                                        (mapping_with(t, None, Some((name.clone(), role))), t.signature.clone())
                                    });
                                    apply(state, index, &signature, m);
                                } inner_html=options></select>
                            </td>
                            <td>{value_type_name(l, &c.ty)}</td>
                            <td class="num">{format::percent(f64::from(c.confidence), 0, l)}</td>
                            <td class="reason">{reason_text(l, &c.why, &c.reason)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let more_columns = move || {
        let left = column_count.saturating_sub(pages.get() * COLUMN_PAGE);
        (left > 0).then(|| {
            view! {
                <button type="button" class="link-button more-columns" on:click=move |_| pages.update(|p| *p += 1)>
                    {format!("{} ({} {})", t(l, "mapping.more_columns"), format::number(left as f64, 0, l), t(l, "mapping.columns_left"))}
                </button>
            }
        })
    };
    let kind_options = kind_ids()
        .into_iter()
        .map(|k| {
            let selected = k == table.kind;
            view! { <option value=k selected=selected>{kind_name(l, k)}</option> }
        })
        .collect_view();
    let labelled_by = heading_id.clone();
    view! {
        <article class="panel table-mapping" aria-labelledby=labelled_by>
            <h2 id=heading_id><bdi>{format::bidi_safe(&table.file)}</bdi></h2>
            <p class="meta">
                {format::number(table.rows as f64, 0, l)}" "{t(l, "mapping.rows")}
                {table.vendor.clone().map(|v| format!(" · {}: {}", t(l, "mapping.vendor"), crate::i18n::vendor_name(l, &v)))}
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
                <span class="reason">{reason_text(l, &table.kind_why, &table.kind_reason)}</span>
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
                    <ul>{table.warnings.iter().enumerate().map(|(i, w)| view! { <li>{message_text(l, table.warnings_why.get(i), w)}</li> }).collect_view()}</ul>
                </div>
            })}
            // The columns table folds away (a keyboard-operable disclosure), open at first.
            <details class="columns-details" open>
            <summary>{format!("{} ({})", t(l, "mapping.columns"), format::number(column_count as f64, 0, l))}</summary>
            <div class="table-scroll">
                <table class="columns">
                    <caption class="visually-hidden">{format::bidi_safe(&table.file)}</caption>
                    <thead><tr>
                        <th scope="col">{t(l, "mapping.column")}</th>
                        <th scope="col">{t(l, "mapping.role")}</th>
                        <th scope="col">{t(l, "mapping.type")}</th>
                        <th scope="col">{t(l, "mapping.confidence")}</th>
                        <th scope="col">{t(l, "mapping.reason")}</th>
                    </tr></thead>
                    <tbody><For each=move || 0..pages.get() key=|p| *p children=page_rows/></tbody>
                </table>
            </div>
            {more_columns}
            </details>
            {rejects_section(l, &table)}
        </article>
    }
}

/// The file's rejected rows: the count, the first ones with their line, and how many more.
fn rejects_section(l: Lang, table: &TableSummary) -> impl IntoView + use<> {
    let rejects = table
        .rejects
        .iter()
        .map(|r| view! { <li><span class="line">{t(l, "mapping.line")}" "{r.line}</span>": "{message_text(l, Some(&r.why), &r.reason)}</li> })
        .collect_view();
    let more = table.rejected.saturating_sub(table.rejects.len());
    view! {
        <h3>{t(l, "mapping.rejects")}" ("{format::number(table.rejected as f64, 0, l)}")"</h3>
        {if table.rejects.is_empty() {
            view! { <p>{t(l, "mapping.no_rejects")}</p> }.into_any()
        } else {
            view! {
                <ul class="rejects">{rejects}</ul>
                {(more > 0).then(|| view! { <p>"+ "{format::number(more as f64, 0, l)}" "{t(l, "mapping.more_rejects")}</p> })}
            }.into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jornada_engine::ingest::{IngestOptions, read_bytes};

    #[test]
    fn a_remembered_mapping_holds_no_header_text() {
        // A header whose names are (to a careless reader) a customer's data.
        let csv = "Nome do cliente,E-mail do cliente,Valor\nAna,ana@example.com,10\n";
        let t = read_bytes("c.csv", csv.as_bytes(), &IngestOptions::default()).unwrap();
        let summary = crate::worker::summarize(0, "h1", &t, false);
        let m = mapping_with(
            &summary,
            None,
            Some(("E-mail do cliente".to_string(), "email".to_string())),
        );
        let json = serde_json::to_string(&m).unwrap();
        for header in ["Nome", "E-mail", "Valor", "cliente"] {
            assert!(!json.contains(header), "{header} in {json}");
        }
        assert_eq!(
            m.roles
                .get(&column_key("E-mail do cliente"))
                .map(String::as_str),
            Some("email")
        );
        // And the engine reads it back by the header.
        let mapping = crate::worker::file_mapping("c.csv", "h1", &m);
        let options = IngestOptions {
            mapping: Some(mapping),
            ..IngestOptions::default()
        };
        let again = read_bytes("c.csv", csv.as_bytes(), &options).unwrap();
        let email = again
            .columns
            .iter()
            .find(|c| c.name == "E-mail do cliente")
            .unwrap();
        assert_eq!(
            email.role.map(crate::roles::role_id).as_deref(),
            Some("email")
        );
    }

    #[test]
    fn mappings_an_older_version_kept_by_header_are_hashed() {
        let mut all = std::collections::BTreeMap::new();
        all.insert(
            "h1".to_string(),
            MappingOverride {
                kind: None,
                roles: [("ana.souza@example.com".to_string(), "email".to_string())].into(),
            },
        );
        assert!(storage::hash_column_names(&mut all));
        let json = serde_json::to_string(&all).unwrap();
        assert!(!json.contains("ana"), "{json}");
        assert!(!storage::hash_column_names(&mut all));
    }

    #[test]
    fn role_options_mark_the_current_role_and_escape_labels() {
        let html = role_options_html(Lang::Pt, "amount", "(nenhum) <x>");
        assert!(html.starts_with("<option value=\"\">(nenhum) &lt;x&gt;</option>"));
        assert!(html.contains("<option value=\"amount\" selected>Valor</option>"));
        assert!(html.contains("<option value=\"customer_id\">ID do cliente</option>"));
        assert_eq!(html.matches("<option").count(), ROLE_IDS.len() + 1);
        assert_eq!(html.matches(" selected").count(), 1);
        // No role: the empty choice is the selected one.
        let none = role_options_html(Lang::En, "", "(none)");
        assert!(none.starts_with("<option value=\"\" selected>(none)</option>"));
    }
}
