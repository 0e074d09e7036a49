//! Start page: drop zone, file picker, paste, sample data, privacy; then per-file progress.

use crate::bridge;
use crate::format;
use crate::i18n::{Lang, t};
use crate::persist;
use crate::state::{AppState, Phase, use_state};
use crate::storage;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

fn pasted_file(text: &str, lang: Lang) -> Option<web_sys::File> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::FilePropertyBag::new();
    opts.set_type("text/csv");
    let name = match lang {
        Lang::Pt => "colado.csv",
        Lang::En => "pasted.csv",
    };
    web_sys::File::new_with_str_sequence_and_options(&parts, name, &opts).ok()
}

#[component]
pub fn StartPage() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let over = RwSignal::new(false);
    let paste = RwSignal::new(String::new());
    let paste_error = RwSignal::new(false);
    let sample_rows = RwSignal::new(10_000usize);
    let busy = move || matches!(state.phase.get(), Phase::Reading | Phase::Analysing);

    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        over.set(false);
        let files = files_of(ev.data_transfer().and_then(|dt| dt.files()));
        bridge::load_files(state, files);
    };
    let on_pick = move |ev: web_sys::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            let files = files_of(input.files());
            bridge::load_files(state, files);
            input.set_value("");
        }
    };
    let on_paste = move |_| {
        let text = paste.get_untracked();
        if text.trim().is_empty() {
            paste_error.set(true);
            return;
        }
        paste_error.set(false);
        if let Some(f) = pasted_file(&text, lang.get_untracked()) {
            bridge::load_files(state, vec![f]);
        }
    };

    view! {
        <section class="start">
            <h1>{move || t(lang.get(), "start.title")}</h1>
            <p class="lead">{move || t(lang.get(), "start.lead")}</p>
            <div
                class="dropzone"
                class:over=move || over.get()
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop
            >
                <p class="drop-text">{move || t(lang.get(), "start.drop")}</p>
                <p class="drop-or">{move || t(lang.get(), "start.or")}</p>
                <label class="button primary" for="file-input">{move || t(lang.get(), "start.pick")}</label>
                <input id="file-input" class="file-input visually-hidden" type="file" multiple accept=".csv,.tsv,.txt,text/csv,text/plain" on:change=on_pick disabled=busy/>
            </div>
            <ProgressPanel/>
            <div class="start-grid">
                <section class="panel" aria-labelledby="paste-title">
                    <h2 id="paste-title">{move || t(lang.get(), "start.paste.label")}</h2>
                    <label class="visually-hidden" for="paste-input">{move || t(lang.get(), "start.paste.label")}</label>
                    <textarea id="paste-input" rows="6" spellcheck="false"
                        prop:value=move || paste.get()
                        on:input=move |ev| paste.set(event_target_value(&ev))
                        aria-describedby="paste-error"
                    ></textarea>
                    <p id="paste-error" class="field-error" aria-live="polite">
                        {move || if paste_error.get() { t(lang.get(), "start.paste.empty") } else { "" }}
                    </p>
                    <button type="button" class="button" on:click=on_paste disabled=busy>{move || t(lang.get(), "start.paste.button")}</button>
                </section>
                <section class="panel" aria-labelledby="sample-title">
                    <h2 id="sample-title">{move || t(lang.get(), "start.sample")}</h2>
                    <p>{move || t(lang.get(), "start.sample.note")}</p>
                    <label for="sample-size">{move || t(lang.get(), "start.sample.size")}</label>
                    <select id="sample-size" on:change=move |ev| {
                        sample_rows.set(event_target_value(&ev).parse().unwrap_or(10_000));
                    }>
                        <option value="10000">{move || format!("{} {}", format::number(10_000.0, 0, lang.get()), t(lang.get(), "start.sample.orders"))}</option>
                        <option value="100000">{move || format!("{} {}", format::number(100_000.0, 0, lang.get()), t(lang.get(), "start.sample.orders"))}</option>
                        <option value="1000000">{move || format!("{} {}", format::number(1_000_000.0, 0, lang.get()), t(lang.get(), "start.sample.orders"))}</option>
                    </select>
                    <button id="sample-button" type="button" class="button primary" disabled=busy
                        on:click=move |_| bridge::load_sample(state, sample_rows.get_untracked())>
                        {move || t(lang.get(), "start.sample")}
                    </button>
                </section>
            </div>
            <Privacy/>
        </section>
    }
}

#[component]
fn Privacy() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    view! {
        <section class="panel privacy" aria-labelledby="privacy-title">
            <h2 id="privacy-title">{move || t(lang.get(), "privacy.title")}</h2>
            <p class="privacy-statement"><strong>{move || t(lang.get(), "privacy.statement")}</strong></p>
            <p>{move || t(lang.get(), "privacy.how")}</p>
            <div class="checkbox">
                <input id="remember" type="checkbox" prop:checked=move || state.remember.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        state.remember.set(on);
                        storage::set(storage::REMEMBER_KEY, &on);
                        if on {
                            let files = bridge::loaded_files();
                            if !files.is_empty() {
                                persist::store(state, files);
                            }
                        }
                    }/>
                <label for="remember">{move || t(lang.get(), "privacy.remember")}</label>
            </div>
            <div class="button-row">
                <Show when=move || state.has_stored.get()>
                    <button type="button" class="button" on:click=move |_| persist::restore(state)>
                        {move || t(lang.get(), "privacy.restore")}
                    </button>
                </Show>
                <button type="button" class="button danger" on:click=move |_| {
                    state.remember.set(false);
                    persist::forget(state);
                }>{move || t(lang.get(), "privacy.forget")}</button>
            </div>
        </section>
    }
}

/// Per-file progress with rows, rows/s, rejects, and a cancel button.
#[component]
pub fn ProgressPanel() -> impl IntoView {
    let state: AppState = use_state();
    let lang = state.lang;
    view! {
        <Show when=move || !state.progress.get().is_empty() || state.phase.get() == Phase::Analysing>
            <section class="panel progress" aria-labelledby="progress-title">
                <h2 id="progress-title">{move || t(lang.get(), "progress.title")}</h2>
                <ul class="progress-list">
                    {move || {
                        let l = lang.get();
                        state.progress.get().into_iter().enumerate().map(|(i, f)| {
                            let id = format!("progress-{i}");
                            let label = format!("{} {}", t(l, "progress.file"), crate::format::bidi_safe(&f.name));
                            let status = match &f.error {
                                Some(e) => crate::format::bidi_safe(&crate::state::worker_error_text(e, l)),
                                None => format!(
                                    "{} {} · {} {} · {} {}{}",
                                    format::number(f.rows as f64, 0, l), t(l, "progress.rows"),
                                    format::number(f.rows_per_s, 0, l), t(l, "progress.rows_per_s"),
                                    format::number(f.rejected as f64, 0, l), t(l, "progress.rejected"),
                                    if f.done { format!(" · {}", t(l, "progress.done")) } else { String::new() },
                                ),
                            };
                            view! {
                                <li class="progress-item" class:failed=f.error.is_some()>
                                    <label for=id.clone() class="progress-name"><bdi>{crate::format::bidi_safe(&f.name)}</bdi></label>
                                    <progress id=id max=f.size.max(1.0) value=f.bytes aria-label=label></progress>
                                    <span class="progress-status" data-rows=f.rows.to_string()>{status}</span>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                <Show when=move || state.phase.get() == Phase::Analysing>
                    <p role="status">{move || t(lang.get(), "progress.analysing")}</p>
                </Show>
                <Show when=move || state.phase.get() == Phase::Reading>
                    <button id="cancel-button" type="button" class="button danger" on:click=move |_| bridge::cancel()>
                        {move || t(lang.get(), "progress.cancel")}
                    </button>
                </Show>
            </section>
        </Show>
    }
}
