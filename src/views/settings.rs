//! Settings panel: the engine's `Settings` as a form with a label and a help line per field in
//! the user's language, typed inputs (lists of rows for status words and engagement weights,
//! day checkboxes for the business calendar), each field checked as it is typed (the engine's
//! `Settings::problems` plus "not a number"), and nothing saved while one is wrong. Saved in
//! `localStorage`; saving or restoring the defaults re-runs the analysis.

use crate::bridge;
use crate::i18n::{Lang, setting_problem, setting_text, status_class_name, t};
use crate::state::{AppState, use_state};
use crate::storage;
use jornada_engine::Settings;
use jornada_engine::settings::BusinessCalendar;
use jornada_engine::table::Status;
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// The app's defaults: the engine's, with Brazilian reais for files that carry no currency
/// (the app speaks to Brazilian businesses first; the setting says so and can be cleared).
pub fn app_defaults() -> Settings {
    Settings {
        currency: Some("BRL".into()),
        ..Settings::default()
    }
}

/// Currencies offered in the list (a stored code outside it is offered too).
const CURRENCIES: [&str; 7] = ["BRL", "USD", "EUR", "GBP", "ARS", "MXN", "CLP"];

/// A number as typed: `1,5` or `1.5`; `None` when it is not one.
pub fn parse_number(text: &str) -> Option<f64> {
    let s = text.trim().replace(',', ".");
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A holiday as typed, `2025-12-25` or `25/12/2025`, as the engine's ISO date.
pub fn parse_holiday(text: &str) -> Option<String> {
    let s = text.trim();
    let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// A number for an input: no float noise, no exponent.
fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The form's state: the settings being edited and the fields whose text is not a value.
#[derive(Clone, Copy)]
struct Form {
    draft: RwSignal<Settings>,
    unreadable: RwSignal<BTreeSet<&'static str>>,
    lang: RwSignal<Lang>,
}

impl Form {
    /// The message under field `path`, if it is wrong.
    fn error(self, path: &'static str) -> Option<String> {
        let l = self.lang.get();
        if self.unreadable.with(|u| u.contains(path)) {
            return Some(t(l, "settings.error.unreadable").to_string());
        }
        self.draft.with(|s| {
            s.problems()
                .into_iter()
                .find(|p| p.field == path)
                .map(|p| setting_problem(l, p.problem).to_string())
        })
    }

    fn readable(self, path: &'static str, ok: bool) {
        let changed = self.unreadable.with_untracked(|u| u.contains(path) == ok);
        if changed {
            self.unreadable.update(|u| {
                if ok {
                    u.remove(path);
                } else {
                    u.insert(path);
                }
            });
        }
    }

    fn valid(self) -> bool {
        self.unreadable.with_untracked(|u| u.is_empty())
            && self.draft.with_untracked(|s| s.problems().is_empty())
    }
}

fn field_id(path: &str) -> String {
    format!("setting-{}", path.replace('.', "-"))
}

/// Label, input, help line and the error line of one field.
fn field_shell(form: Form, path: &'static str, input: AnyView, note: Option<AnyView>) -> AnyView {
    let id = field_id(path);
    let lang = form.lang;
    view! {
        <div class="field setting" class:invalid=move || form.error(path).is_some() data-setting=path>
            <label for=id.clone()>{move || setting_text(lang.get(), path).0}</label>
            {input}
            <p class="help" id=format!("{id}-help")>{move || setting_text(lang.get(), path).1}</p>
            {note}
            <p class="field-error" id=format!("{id}-error") aria-live="polite">{move || form.error(path)}</p>
        </div>
    }
    .into_any()
}

fn described_by(path: &str) -> String {
    let id = field_id(path);
    format!("{id}-help {id}-error")
}

/// A number field; an empty text is `None` when `optional`.
fn number_field(
    form: Form,
    path: &'static str,
    get: fn(&Settings) -> Option<f64>,
    set: fn(&mut Settings, Option<f64>),
    optional: bool,
    note: Option<AnyView>,
) -> AnyView {
    let text = form
        .draft
        .with_untracked(|s| get(s).map(number_text).unwrap_or_default());
    let input = view! {
        <input type="text" inputmode="decimal" id=field_id(path) prop:value=text
            aria-describedby=described_by(path)
            aria-invalid=move || if form.error(path).is_some() { "true" } else { "false" }
            on:input=move |ev| {
                let text = event_target_value(&ev);
                let value = if optional && text.trim().is_empty() { Some(None) } else { parse_number(&text).map(Some) };
                form.readable(path, value.is_some());
                if let Some(v) = value {
                    form.draft.update(|s| set(s, v));
                }
            }/>
    }
    .into_any();
    field_shell(form, path, input, note)
}

fn text_field(
    form: Form,
    path: &'static str,
    get: fn(&Settings) -> String,
    set: fn(&mut Settings, String),
) -> AnyView {
    let text = form.draft.with_untracked(get);
    let input = view! {
        <input type="text" id=field_id(path) prop:value=text
            aria-describedby=described_by(path)
            aria-invalid=move || if form.error(path).is_some() { "true" } else { "false" }
            on:input=move |ev| {
                let text = event_target_value(&ev);
                form.draft.update(|s| set(s, text));
            }/>
    }
    .into_any();
    field_shell(form, path, input, None)
}

fn group(lang: RwSignal<Lang>, key: &'static str, children: AnyView) -> AnyView {
    view! {
        <fieldset class="settings-group" data-group=key>
            <legend>{move || setting_text(lang.get(), key).0}</legend>
            <p class="help">{move || setting_text(lang.get(), key).1}</p>
            {children}
        </fieldset>
    }
    .into_any()
}

/// Where the loaded files carry their own SLA targets (a due-date or breached column), which
/// win over the SLA setting: `file: column` pairs.
fn sla_columns_in_data(state: AppState) -> Vec<String> {
    state.tables.with(|tables| {
        tables
            .iter()
            .flat_map(|t| {
                t.columns
                    .iter()
                    .filter(|c| matches!(c.role.as_deref(), Some("sla_due" | "sla_breached")))
                    .map(move |c| format!("{} ({})", t.file, c.name))
            })
            .collect()
    })
}

fn sla_group(state: AppState, form: Form) -> AnyView {
    let lang = form.lang;
    let overridden = move || {
        let columns = sla_columns_in_data(state);
        (!columns.is_empty()).then(|| {
            view! {
                <p class="setting-override" role="note">
                    {t(lang.get(), "settings.sla.overridden")}" "{columns.join(", ")}
                </p>
            }
        })
    };
    let note = Some(view! { {overridden} }.into_any());
    let children = view! {
        {number_field(form, "sla.first_response_hours", |s| Some(s.sla.first_response_hours),
            |s, v| s.sla.first_response_hours = v.unwrap_or(f64::NAN), false, note)}
        {number_field(form, "sla.resolution_hours", |s| s.sla.resolution_hours,
            |s, v| s.sla.resolution_hours = v, true, None)}
        {calendar(form)}
    }
    .into_any();
    group(lang, "settings.group.service", children)
}

const WEEKDAYS: [(u8, &str); 7] = [
    (1, "settings.day.1"),
    (2, "settings.day.2"),
    (3, "settings.day.3"),
    (4, "settings.day.4"),
    (5, "settings.day.5"),
    (6, "settings.day.6"),
    (7, "settings.day.7"),
];

fn hour_field(form: Form, path: &'static str, open: bool) -> AnyView {
    let get: fn(&Settings) -> Option<f64> = if open {
        |s| s.business_calendar.as_ref().map(|c| c.open_hour as f64)
    } else {
        |s| s.business_calendar.as_ref().map(|c| c.close_hour as f64)
    };
    let text = form
        .draft
        .with_untracked(|s| get(s).map(number_text).unwrap_or_default());
    let input = view! {
        <input type="text" inputmode="numeric" id=field_id(path) prop:value=text
            aria-describedby=described_by(path)
            aria-invalid=move || if form.error(path).is_some() { "true" } else { "false" }
            on:input=move |ev| {
                let hour = event_target_value(&ev).trim().parse::<u8>().ok();
                form.readable(path, hour.is_some());
                if let Some(h) = hour {
                    form.draft.update(|s| if let Some(c) = s.business_calendar.as_mut() {
                        if open { c.open_hour = h } else { c.close_hour = h }
                    });
                }
            }/>
    }
    .into_any();
    field_shell(form, path, input, None)
}

fn calendar(form: Form) -> AnyView {
    let lang = form.lang;
    let on = Memo::new(move |_| form.draft.with(|s| s.business_calendar.is_some()));
    let path = "business_calendar";
    view! {
        <div class="checkbox setting" data-setting=path>
            <input type="checkbox" id=field_id(path) prop:checked=move || on.get()
                aria-describedby=format!("{}-help", field_id(path))
                on:change=move |ev| {
                    let checked = event_target_checked(&ev);
                    form.draft.update(|s| s.business_calendar = checked.then(BusinessCalendar::default));
                    if !checked {
                        form.unreadable.update(|u| u.retain(|p| !p.starts_with("business_calendar")));
                    }
                }/>
            <label for=field_id(path)>{move || setting_text(lang.get(), path).0}</label>
            <p class="help" id=format!("{}-help", field_id(path))>{move || setting_text(lang.get(), path).1}</p>
        </div>
        {move || on.get().then(|| {
            let days = WEEKDAYS.iter().map(|&(day, key)| {
                let id = format!("setting-weekday-{day}");
                let checked = form.draft.with_untracked(|s| s.business_calendar.as_ref().is_some_and(|c| c.weekdays.contains(&day)));
                view! {
                    <span class="day">
                        <input type="checkbox" id=id.clone() prop:checked=checked on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            form.draft.update(|s| if let Some(c) = s.business_calendar.as_mut() {
                                c.weekdays.retain(|d| *d != day);
                                if checked { c.weekdays.push(day); c.weekdays.sort_unstable(); }
                            });
                        }/>
                        <label for=id>{move || t(lang.get(), key)}</label>
                    </span>
                }
            }).collect_view();
            let wpath = "business_calendar.weekdays";
            let holidays_path = "business_calendar.holidays";
            let holidays = form.draft.with_untracked(|s| s.business_calendar.as_ref().map(|c| c.holidays.join("\n")).unwrap_or_default());
            let holiday_input = view! {
                <textarea id=field_id(holidays_path) rows="3" prop:value=holidays
                    aria-describedby=described_by(holidays_path)
                    aria-invalid=move || if form.error(holidays_path).is_some() { "true" } else { "false" }
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        let parsed: Vec<Option<String>> = text.split(['\n', ',', ';']).filter(|d| !d.trim().is_empty()).map(parse_holiday).collect();
                        let ok = parsed.iter().all(Option::is_some);
                        form.readable(holidays_path, ok);
                        if ok {
                            form.draft.update(|s| if let Some(c) = s.business_calendar.as_mut() {
                                c.holidays = parsed.into_iter().flatten().collect();
                            });
                        }
                    }></textarea>
            }.into_any();
            view! {
                <div class="calendar">
                    <div class="field setting" class:invalid=move || form.error(wpath).is_some() data-setting=wpath role="group"
                        aria-labelledby="setting-weekdays-label">
                        <span class="label" id="setting-weekdays-label">{move || setting_text(lang.get(), wpath).0}</span>
                        <div class="days">{days}</div>
                        <p class="field-error" id=format!("{}-error", field_id(wpath)) aria-live="polite">{move || form.error(wpath)}</p>
                    </div>
                    <div class="hours">
                        {hour_field(form, "business_calendar.open_hour", true)}
                        {hour_field(form, "business_calendar.close_hour", false)}
                    </div>
                    {field_shell(form, holidays_path, holiday_input, None)}
                </div>
            }
        })}
    }
    .into_any()
}

fn scale_group(form: Form, key: &'static str, csat: bool) -> AnyView {
    macro_rules! scale_field {
        ($path:literal, $scale:ident, $part:ident) => {
            number_field(
                form,
                $path,
                |s| Some(s.$scale.$part),
                |s, v| s.$scale.$part = v.unwrap_or(f64::NAN),
                false,
                None,
            )
        };
    }
    let children = if csat {
        view! {
            <div class="hours">
                {scale_field!("csat.min", csat, min)}
                {scale_field!("csat.max", csat, max)}
                {scale_field!("csat.satisfied_from", csat, satisfied_from)}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="hours">
                {scale_field!("ces.min", ces, min)}
                {scale_field!("ces.max", ces, max)}
                {scale_field!("ces.satisfied_from", ces, satisfied_from)}
            </div>
        }
        .into_any()
    };
    group(form.lang, key, children)
}

fn currency_field(form: Form) -> AnyView {
    let path = "currency";
    let lang = form.lang;
    let current = form
        .draft
        .with_untracked(|s| s.currency.clone().unwrap_or_default());
    let mut codes: Vec<String> = CURRENCIES.iter().map(|c| c.to_string()).collect();
    if !current.is_empty() && !codes.contains(&current) {
        codes.push(current.clone());
    }
    let options = codes
        .into_iter()
        .map(|c| {
            let selected = c == current;
            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
        })
        .collect_view();
    let none_selected = current.is_empty();
    let input = view! {
        <select id=field_id(path) aria-describedby=described_by(path) on:change=move |ev| {
            let v = event_target_value(&ev);
            form.draft.update(|s| s.currency = (!v.is_empty()).then_some(v));
        }>
            <option value="" selected=none_selected>{move || t(lang.get(), "settings.currency.none")}</option>
            {options}
        </select>
    }
    .into_any();
    field_shell(form, path, input, None)
}

fn money_group(form: Form) -> AnyView {
    let children = view! {
        {currency_field(form)}
        {number_field(form, "default_margin", |s| s.default_margin.map(|m| m * 100.0),
            |s, v| s.default_margin = v.map(|p| p / 100.0), true, None)}
        {number_field(form, "ltv_relationship_years", |s| s.ltv_relationship_years,
            |s, v| s.ltv_relationship_years = v, true, None)}
        {number_field(form, "churn_inactivity_days", |s| Some(s.churn_inactivity_days as f64),
            |s, v| s.churn_inactivity_days = match v { Some(d) if d.fract() == 0.0 && (0.0..1e6).contains(&d) => d as u32, _ => 0 },
            false, None)}
        {number_field(form, "clv_horizon_months", |s| Some(s.clv_horizon_months as f64),
            |s, v| s.clv_horizon_months = match v { Some(m) if m.fract() == 0.0 && (0.0..1e6).contains(&m) => m as u32, _ => 0 },
            false, None)}
        {number_field(form, "clv_discount_rate_monthly", |s| Some(s.clv_discount_rate_monthly * 100.0),
            |s, v| s.clv_discount_rate_monthly = v.map_or(f64::NAN, |p| p / 100.0), false, None)}
    }
    .into_any();
    group(form.lang, "settings.group.money", children)
}

/// A list of (name, value) rows edited in place: typing changes the draft without re-rendering
/// the list (focus stays); adding or removing a row re-renders it.
#[derive(Clone, Copy)]
struct Rows {
    rows: RwSignal<Vec<(String, String)>>,
}

fn status_rows(s: &Settings) -> Vec<(String, String)> {
    s.status_words
        .iter()
        .map(|(w, c)| (w.clone(), status_id(*c).to_string()))
        .collect()
}

fn weight_rows(s: &Settings) -> Vec<(String, String)> {
    s.engagement_weights
        .iter()
        .map(|(w, v)| (w.clone(), number_text(*v)))
        .collect()
}

const STATUSES: [Status; 6] = [
    Status::Completed,
    Status::Pending,
    Status::Abandoned,
    Status::Cancelled,
    Status::Refunded,
    Status::Other,
];

fn status_id(s: Status) -> &'static str {
    match s {
        Status::Completed => "completed",
        Status::Abandoned => "abandoned",
        Status::Cancelled => "cancelled",
        Status::Refunded => "refunded",
        Status::Pending => "pending",
        Status::Other => "other",
    }
}

fn status_of(id: &str) -> Status {
    STATUSES
        .into_iter()
        .find(|s| status_id(*s) == id)
        .unwrap_or(Status::Other)
}

/// Writes the status-word rows into the draft (words folded as the engine looks them up).
fn sync_status(form: Form, rows: Rows) {
    let path = "status_words";
    let list = rows.rows.get_untracked();
    let ok = list.iter().all(|(w, _)| !w.trim().is_empty());
    form.readable(path, ok);
    if ok {
        let map: BTreeMap<String, Status> = list
            .iter()
            .map(|(w, c)| (jornada_engine::ingest::values::fold(w.trim()), status_of(c)))
            .collect();
        form.draft.update(|s| s.status_words = map);
    }
}

fn sync_weights(form: Form, rows: Rows) {
    let path = "engagement_weights";
    let list = rows.rows.get_untracked();
    let parsed: Vec<Option<(String, f64)>> = list
        .iter()
        .map(|(w, v)| {
            let name = w.trim();
            (!name.is_empty())
                .then_some(())
                .and(parse_number(v))
                .map(|v| (jornada_engine::ingest::values::fold(name), v))
        })
        .collect();
    let ok = parsed.iter().all(Option::is_some);
    form.readable(path, ok);
    if ok {
        form.draft.update(|s| {
            s.engagement_weights = parsed.into_iter().flatten().collect();
        });
    }
}

fn row_list(form: Form, path: &'static str, rows: Rows, statuses: bool) -> AnyView {
    let lang = form.lang;
    let sync = move || {
        if statuses {
            sync_status(form, rows)
        } else {
            sync_weights(form, rows)
        }
    };
    let list = move || {
        let l = lang.get();
        rows.rows
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, (name, value))| {
                let name_label = t(l, if statuses { "settings.row.word" } else { "settings.row.event" });
                let value_input = if statuses {
                    let options = STATUSES
                        .iter()
                        .map(|s| {
                            let id = status_id(*s);
                            view! { <option value=id selected=id == value>{status_class_name(l, id)}</option> }
                        })
                        .collect_view();
                    view! {
                        <select class="row-value" aria-label=t(l, "settings.row.class") on:change=move |ev| {
                            let v = event_target_value(&ev);
                            rows.rows.update_untracked(|r| if let Some(row) = r.get_mut(i) { row.1 = v });
                            sync();
                        }>{options}</select>
                    }
                    .into_any()
                } else {
                    view! {
                        <input type="text" inputmode="decimal" class="row-value" prop:value=value
                            aria-label=t(l, "settings.row.weight") on:input=move |ev| {
                            let v = event_target_value(&ev);
                            rows.rows.update_untracked(|r| if let Some(row) = r.get_mut(i) { row.1 = v });
                            sync();
                        }/>
                    }
                    .into_any()
                };
                view! {
                    <li class="setting-row">
                        <input type="text" class="row-name" prop:value=name aria-label=name_label on:input=move |ev| {
                            let v = event_target_value(&ev);
                            rows.rows.update_untracked(|r| if let Some(row) = r.get_mut(i) { row.0 = v });
                            sync();
                        }/>
                        {value_input}
                        <button type="button" class="button small" on:click=move |_| {
                            rows.rows.update(|r| { if i < r.len() { r.remove(i); } });
                            sync();
                        }>{t(l, "settings.row.remove")}</button>
                    </li>
                }
            })
            .collect_view()
    };
    let id = field_id(path);
    let input = view! {
        <ul class="setting-rows" id=id aria-describedby=described_by(path)>{list}</ul>
        <button type="button" class="button small" data-add=path on:click=move |_| {
            rows.rows.update(|r| r.push((String::new(), if statuses { "completed".into() } else { "1".into() })));
            sync();
        }>{move || t(lang.get(), if statuses { "settings.row.add_word" } else { "settings.row.add_event" })}</button>
    }
    .into_any();
    field_shell(form, path, input, None)
}

fn events_group(form: Form, weights: Rows) -> AnyView {
    let children = view! {
        {text_field(form, "signup_event", |s| s.signup_event.clone(), |s, v| s.signup_event = v.trim().to_string())}
        {text_field(form, "activation_event", |s| s.activation_event.clone(), |s, v| s.activation_event = v.trim().to_string())}
        {text_field(form, "value_event", |s| s.value_event.clone(), |s, v| s.value_event = v.trim().to_string())}
        {text_field(form, "onboarding_event", |s| s.onboarding_event.clone(), |s, v| s.onboarding_event = v.trim().to_string())}
        {text_field(form, "core_actions", |s| s.core_actions.join(", "), |s, v| {
            s.core_actions = v.split([',', ';', '\n']).map(str::trim).filter(|w| !w.is_empty()).map(str::to_string).collect();
        })}
        {row_list(form, "engagement_weights", weights, false)}
        <div class="hours">
            {number_field(form, "health_weights.usage", |s| Some(s.health_weights.usage), |s, v| s.health_weights.usage = v.unwrap_or(f64::NAN), false, None)}
            {number_field(form, "health_weights.satisfaction", |s| Some(s.health_weights.satisfaction), |s, v| s.health_weights.satisfaction = v.unwrap_or(f64::NAN), false, None)}
            {number_field(form, "health_weights.support", |s| Some(s.health_weights.support), |s, v| s.health_weights.support = v.unwrap_or(f64::NAN), false, None)}
            {number_field(form, "health_weights.recency", |s| Some(s.health_weights.recency), |s, v| s.health_weights.recency = v.unwrap_or(f64::NAN), false, None)}
            {number_field(form, "health_weights.payment", |s| Some(s.health_weights.payment), |s, v| s.health_weights.payment = v.unwrap_or(f64::NAN), false, None)}
        </div>
    }
    .into_any();
    group(form.lang, "settings.group.events", children)
}

/// Stores `settings`, makes them the analysis's, and re-runs it when data are loaded.
/// Returns whether the metrics are being recomputed.
fn apply(state: AppState, settings: Settings) -> bool {
    storage::set(storage::SETTINGS_KEY, &settings);
    state.settings.set(settings);
    let loaded = state.report.with_untracked(|r| r.is_some());
    if loaded {
        bridge::analyze(state);
    }
    loaded
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let form = Form {
        draft: RwSignal::new(state.settings.get_untracked()),
        unreadable: RwSignal::new(BTreeSet::new()),
        lang,
    };
    let statuses = Rows {
        rows: RwSignal::new(form.draft.with_untracked(status_rows)),
    };
    let weights = Rows {
        rows: RwSignal::new(form.draft.with_untracked(weight_rows)),
    };
    // Re-render the form only when reset (not on every keystroke).
    let version = RwSignal::new(0u32);
    // The message beside the buttons: (key, is an error); cleared a few seconds after a
    // success, so an old "saved" does not stay on screen.
    let status = RwSignal::new(None::<(&'static str, bool)>);
    let shown = StoredValue::new(0u32);
    let say = move |key: &'static str, error: bool| {
        status.set(Some((key, error)));
        let generation = shown.get_value().wrapping_add(1);
        shown.set_value(generation);
        if !error {
            set_timeout(
                move || {
                    if shown.get_value() == generation {
                        status.set(None);
                    }
                },
                std::time::Duration::from_secs(6),
            );
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !form.valid() {
            say("settings.fix", true);
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(".settings [aria-invalid=\"true\"]")
                        .ok()
                        .flatten()
                })
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                let _ = el.focus();
            }
            return;
        }
        let recomputing = apply(state, form.draft.get_untracked());
        say(
            if recomputing {
                "settings.saved_recomputing"
            } else {
                "settings.saved"
            },
            false,
        );
    };
    let reset = move |_| {
        let defaults = app_defaults();
        form.unreadable.set(BTreeSet::new());
        statuses.rows.set(status_rows(&defaults));
        weights.rows.set(weight_rows(&defaults));
        form.draft.set(defaults.clone());
        version.update(|v| *v += 1);
        let recomputing = apply(state, defaults);
        say(
            if recomputing {
                "settings.restored_recomputing"
            } else {
                "settings.restored"
            },
            false,
        );
    };
    view! {
        <section class="settings">
            <h1>{move || t(lang.get(), "settings.title")}</h1>
            <p class="lead">{move || t(lang.get(), "settings.lead")}</p>
            <form on:submit=save class="panel" novalidate>
                {move || {
                    version.get();
                    view! {
                        {sla_group(state, form)}
                        {scale_group(form, "settings.group.csat", true)}
                        {scale_group(form, "settings.group.ces", false)}
                        {group(lang, "settings.group.status", row_list(form, "status_words", statuses, true))}
                        {money_group(form)}
                        {events_group(form, weights)}
                    }
                }}
                <div class="button-row settings-actions">
                    <button type="submit" class="button primary" id="settings-save">{move || t(lang.get(), "settings.save")}</button>
                    <button type="button" class="button" id="settings-reset" on:click=reset>{move || t(lang.get(), "settings.reset")}</button>
                    <p class="form-status" role="status" class:error=move || status.get().is_some_and(|(_, e)| e)>
                        {move || status.get().map(|(key, _)| t(lang.get(), key))}
                    </p>
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_and_dates() {
        assert_eq!(parse_number(" 1,5 "), Some(1.5));
        assert_eq!(parse_number("24"), Some(24.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_holiday("25/12/2025").as_deref(), Some("2025-12-25"));
        assert_eq!(parse_holiday("2025-12-25").as_deref(), Some("2025-12-25"));
        assert_eq!(parse_holiday("31/02/2025"), None);
        assert_eq!(number_text(24.0), "24");
        assert_eq!(number_text(0.3), "0.3");
    }

    #[test]
    fn every_setting_has_a_label_and_help_in_both_languages() {
        let json = serde_json::to_value(app_defaults()).unwrap();
        let mut paths = Vec::new();
        for (k, v) in json.as_object().unwrap() {
            match v {
                serde_json::Value::Object(inner)
                    if !matches!(k.as_str(), "status_words" | "engagement_weights") =>
                {
                    paths.extend(inner.keys().map(|i| format!("{k}.{i}")))
                }
                _ => paths.push(k.clone()),
            }
        }
        // The calendar is off by default; its fields appear when it is on.
        paths.extend(
            [
                "business_calendar.weekdays",
                "business_calendar.open_hour",
                "business_calendar.close_hour",
                "business_calendar.holidays",
            ]
            .map(String::from),
        );
        for path in paths {
            let path: &'static str = Box::leak(path.into_boxed_str());
            for lang in [Lang::Pt, Lang::En] {
                let (label, help) = setting_text(lang, path);
                assert!(
                    label != path && !label.contains('_') && !help.is_empty(),
                    "{path} in {lang:?}: {label} / {help}"
                );
            }
        }
    }
}
