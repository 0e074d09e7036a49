//! Settings panel: the engine's `Settings` as a form, built from its JSON shape (so every field
//! the engine adds appears without UI changes), saved in `localStorage`.

use crate::bridge;
use crate::i18n::t;
use crate::state::{AppError, Notice, use_state};
use crate::storage;
use jornada_engine::Settings;
use leptos::prelude::*;
use serde_json::Value;

/// `sla_first_response_hours` → `Sla first response hours`.
fn humanize(key: &str) -> String {
    let s = key.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

fn set_path(root: &mut Value, path: &[String], v: Value) {
    let mut cur = root;
    for (i, key) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        let Some(obj) = cur.as_object_mut() else {
            return;
        };
        if last {
            obj.insert(key.clone(), v);
            return;
        }
        let Some(next) = obj.get_mut(key) else { return };
        cur = next;
    }
}

fn field(draft: RwSignal<Value>, path: Vec<String>, value: &Value) -> AnyView {
    let key = path.last().cloned().unwrap_or_default();
    let id = format!("setting-{}", path.join("-"));
    let label = humanize(&key);
    match value {
        Value::Object(map) => {
            let children = map
                .iter()
                .map(|(k, v)| {
                    let mut p = path.clone();
                    p.push(k.clone());
                    field(draft, p, v)
                })
                .collect_view();
            view! { <fieldset class="settings-group"><legend>{label}</legend>{children}</fieldset> }
                .into_any()
        }
        Value::Bool(b) => {
            let checked = *b;
            view! {
                <div class="checkbox">
                    <input type="checkbox" id=id.clone() checked=checked on:change=move |ev| {
                        set_path(&mut draft.write(), &path, Value::Bool(event_target_checked(&ev)));
                    }/>
                    <label for=id>{label}</label>
                </div>
            }
            .into_any()
        }
        Value::Number(n) => {
            let text = n.to_string();
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <input type="number" step="any" id=id value=text on:change=move |ev| {
                        if let Ok(f) = event_target_value(&ev).replace(',', ".").parse::<f64>()
                            && let Some(n) = serde_json::Number::from_f64(f)
                        {
                            let v = if f.fract() == 0.0 && f.abs() < 9e15 { Value::from(f as i64) } else { Value::Number(n) };
                            set_path(&mut draft.write(), &path, v);
                        }
                    }/>
                </div>
            }
            .into_any()
        }
        Value::String(s) => {
            let text = s.clone();
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <input type="text" id=id value=text on:change=move |ev| {
                        set_path(&mut draft.write(), &path, Value::String(event_target_value(&ev)));
                    }/>
                </div>
            }
            .into_any()
        }
        other => {
            // Lists and nulls: edited as JSON text.
            let text = other.to_string();
            view! {
                <div class="field">
                    <label for=id.clone()>{label}" (JSON)"</label>
                    <input type="text" id=id value=text on:change=move |ev| {
                        if let Ok(v) = serde_json::from_str::<Value>(&event_target_value(&ev)) {
                            set_path(&mut draft.write(), &path, v);
                        }
                    }/>
                </div>
            }
            .into_any()
        }
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let draft =
        RwSignal::new(serde_json::to_value(state.settings.get_untracked()).unwrap_or(Value::Null));
    // Re-render the form only when reset (not on every keystroke).
    let version = RwSignal::new(0u32);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match serde_json::from_value::<Settings>(draft.get_untracked()) {
            Ok(s) => {
                storage::set(storage::SETTINGS_KEY, &s);
                state.settings.set(s);
                state.notice.set(Some(Notice::SettingsSaved));
                if state.report.with_untracked(|r| r.is_some()) {
                    bridge::analyze(state);
                }
            }
            Err(e) => state.error.set(Some(AppError::Settings(e.to_string()))),
        }
    };
    let reset = move |_| {
        draft.set(serde_json::to_value(Settings::default()).unwrap_or(Value::Null));
        version.update(|v| *v += 1);
    };
    view! {
        <section class="settings">
            <h1>{move || t(lang.get(), "settings.title")}</h1>
            <p class="lead">{move || t(lang.get(), "settings.lead")}</p>
            <form on:submit=save class="panel">
                {move || {
                    version.get();
                    lang.track();
                    let value = draft.get_untracked();
                    match &value {
                        Value::Object(map) if !map.is_empty() => map
                            .iter()
                            .map(|(k, v)| field(draft, vec![k.clone()], v))
                            .collect_view()
                            .into_any(),
                        _ => view! { <p>{t(lang.get_untracked(), "settings.none")}</p> }.into_any(),
                    }
                }}
                <div class="button-row">
                    <button type="submit" class="button primary">{move || t(lang.get(), "settings.save")}</button>
                    <button type="button" class="button" on:click=reset>{move || t(lang.get(), "settings.reset")}</button>
                </div>
            </form>
        </section>
    }
}
