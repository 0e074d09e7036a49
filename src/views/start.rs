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

/// The pasted text as a file: `colado.csv` (`pasted.csv`), then `colado-2.csv`... when
/// earlier pastes are loaded, so an added paste is told apart from the one before.
fn pasted_file(text: &str, lang: Lang, loaded: &[String]) -> Option<web_sys::File> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::FilePropertyBag::new();
    opts.set_type("text/csv");
    let name = pasted_name(lang.pick("colado", "pasted"), loaded);
    web_sys::File::new_with_str_sequence_and_options(&parts, &name, &opts).ok()
}

/// `stem.csv`, or `stem-N.csv` with the first N from 2 that no loaded file has.
pub fn pasted_name(stem: &str, loaded: &[String]) -> String {
    let first = format!("{stem}.csv");
    if !loaded.contains(&first) {
        return first;
    }
    (2..)
        .map(|n| format!("{stem}-{n}.csv"))
        .find(|name| !loaded.contains(name))
        .unwrap_or(first)
}

/// A load waiting for the user's answer: it would replace the loaded data.
enum Pending {
    Files(Vec<web_sys::File>),
    Sample(usize),
    Restore,
}

thread_local! {
    static PENDING: std::cell::RefCell<Option<Pending>> = const { std::cell::RefCell::new(None) };
}

/// What the replace question names as the new data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Incoming {
    Files(Vec<String>),
    Sample,
    Restore,
}

/// At most three names, then how many more.
fn some_names(names: &[String], lang: Lang) -> String {
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    let mut out = shown.join(", ");
    if names.len() > 3 {
        let more = names.len() - 3;
        out.push_str(&lang.pick(format!(" e mais {more}"), format!(" and {more} more")));
    }
    out
}

/// The replace question's body: what leaves the analysis and what takes its place.
pub fn replace_question(lang: Lang, loaded: &[String], incoming: &Incoming) -> String {
    let names = format::bidi_safe(&some_names(loaded, lang));
    // What comes in, with its preposition ("por"/"pelos" in Portuguese).
    let by_what = match incoming {
        Incoming::Files(files) => {
            let files = format::bidi_safe(&some_names(files, lang));
            lang.pick(format!("por {files}"), format!("by {files}"))
        }
        Incoming::Sample => lang
            .pick("pelos dados de exemplo", "by the sample data")
            .to_string(),
        Incoming::Restore => lang
            .pick(
                "pelos dados guardados neste dispositivo",
                "by the data stored on this device",
            )
            .to_string(),
    };
    let n = loaded.len();
    match (lang, n) {
        (Lang::Pt, 1) => format!(
            "O arquivo carregado ({names}) sairá da análise, substituído {by_what}. Nada muda nos arquivos do seu computador."
        ),
        (Lang::Pt, _) => format!(
            "Os {n} arquivos carregados ({names}) sairão da análise, substituídos {by_what}. Nada muda nos arquivos do seu computador."
        ),
        (Lang::En, 1) => format!(
            "The loaded file ({names}) will leave the analysis, replaced {by_what}. Nothing changes in the files on your computer."
        ),
        (Lang::En, _) => format!(
            "The {n} loaded files ({names}) will leave the analysis, replaced {by_what}. Nothing changes in the files on your computer."
        ),
    }
}

/// Starts a load now, or asks first when it would replace loaded data: new files are added
/// to the loaded ones unless the user chose to replace them; the sample and the stored data
/// always replace.
fn request(state: AppState, replace: bool, asked: RwSignal<Option<Incoming>>, load: Pending) {
    let loaded = !state.tables.with_untracked(Vec::is_empty);
    let incoming = match &load {
        Pending::Files(files) if !(loaded && replace) => {
            let files = files.clone();
            bridge::load_files(state, files, loaded);
            return;
        }
        Pending::Files(files) => Incoming::Files(files.iter().map(|f| f.name()).collect()),
        Pending::Sample(_) | Pending::Restore if !loaded => {
            run(state, load);
            return;
        }
        Pending::Sample(_) => Incoming::Sample,
        Pending::Restore => Incoming::Restore,
    };
    PENDING.with(|p| *p.borrow_mut() = Some(load));
    asked.set(Some(incoming));
}

/// Runs a load in place of the loaded data.
fn run(state: AppState, load: Pending) {
    match load {
        Pending::Files(files) => bridge::load_files(state, files, false),
        Pending::Sample(rows) => bridge::load_sample(state, rows),
        Pending::Restore => persist::restore(state),
    }
}

/// The in-page question before data are replaced. "Keep" (or Escape) changes nothing.
#[component]
fn ReplaceQuestion(asked: RwSignal<Option<Incoming>>) -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let keep_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = keep_button.get() {
            let _ = b.focus();
        }
    });
    let keep = move || {
        PENDING.with(|p| p.borrow_mut().take());
        asked.set(None);
    };
    let replace = move || {
        asked.set(None);
        if let Some(load) = PENDING.with(|p| p.borrow_mut().take()) {
            run(state, load);
        }
    };
    view! {
        {move || asked.get().map(|incoming| {
            let l = lang.get();
            let loaded: Vec<String> = state.tables.with(|t| t.iter().map(|t| t.file.clone()).collect());
            view! {
                <div class="panel confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body"
                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" { keep() }>
                    <h2 id="confirm-title">{t(l, "load.confirm.title")}</h2>
                    <p id="confirm-body">{replace_question(l, &loaded, &incoming)}</p>
                    <div class="button-row">
                        <button id="confirm-replace" type="button" class="button danger" on:click=move |_| replace()>{t(l, "load.confirm.yes")}</button>
                        <button id="confirm-keep" type="button" class="button" node_ref=keep_button on:click=move |_| keep()>{t(l, "load.confirm.no")}</button>
                    </div>
                </div>
            }
        })}
    }
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
    // With data loaded: whether new files replace them (after a question) or are added.
    let replace = RwSignal::new(false);
    let asked: RwSignal<Option<Incoming>> = RwSignal::new(None);
    let load = move |files: Vec<web_sys::File>| {
        if !files.is_empty() {
            request(state, replace.get_untracked(), asked, Pending::Files(files));
        }
    };

    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        over.set(false);
        load(files_of(ev.data_transfer().and_then(|dt| dt.files())));
    };
    let on_pick = move |ev: web_sys::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            load(files_of(input.files()));
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
        let loaded: Vec<String> = state
            .tables
            .with_untracked(|t| t.iter().map(|t| t.file.clone()).collect());
        if let Some(f) = pasted_file(&text, lang.get_untracked(), &loaded) {
            load(vec![f]);
        }
    };

    view! {
        <section class="start">
            <h1>{move || t(lang.get(), "start.title")}</h1>
            <p class="lead">{move || t(lang.get(), "start.lead")}</p>
            <Show when=move || !state.tables.with(Vec::is_empty)>
                <fieldset class="load-mode">
                    <legend>{move || t(lang.get(), "load.mode")}</legend>
                    <label><input type="radio" name="load-mode" id="load-add" prop:checked=move || !replace.get()
                        on:change=move |_| replace.set(false)/>" "{move || t(lang.get(), "load.add")}</label>
                    <label><input type="radio" name="load-mode" id="load-replace" prop:checked=move || replace.get()
                        on:change=move |_| replace.set(true)/>" "{move || t(lang.get(), "load.replace")}</label>
                </fieldset>
            </Show>
            <ReplaceQuestion asked/>
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
                        on:click=move |_| request(state, true, asked, Pending::Sample(sample_rows.get_untracked()))>
                        {move || t(lang.get(), "start.sample")}
                    </button>
                </section>
            </div>
            <Privacy asked/>
        </section>
    }
}

#[component]
fn Privacy(asked: RwSignal<Option<Incoming>>) -> impl IntoView {
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
                    <button type="button" class="button" on:click=move |_| request(state, true, asked, Pending::Restore)>
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

/// The panel's title key: processing while busy, then done, or that no file could be read.
fn progress_title(state: AppState) -> &'static str {
    if matches!(state.phase.get(), Phase::Reading | Phase::Analysing) {
        return "progress.title";
    }
    let none_read = state
        .progress
        .with(|p| !p.is_empty() && p.iter().all(|f| f.error.is_some()));
    if none_read {
        "progress.none_read"
    } else {
        "progress.finished"
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
                <h2 id="progress-title">{move || t(lang.get(), progress_title(state))}</h2>
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
                            // A file that failed shows no bar: a full one would say it was read.
                            let bar = f.error.is_none().then(|| view! {
                                <progress id=id.clone() max=f.size.max(1.0) value=f.bytes aria-label=label></progress>
                            });
                            view! {
                                <li class="progress-item" class:failed=f.error.is_some()>
                                    <label for=id class="progress-name"><bdi>{crate::format::bidi_safe(&f.name)}</bdi></label>
                                    {bar}
                                    <span class="progress-status" data-rows=f.rows.to_string()>{status}</span>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                <Show when=move || state.phase.get() == Phase::Analysing>
                    <p role="status">{move || t(lang.get(), "progress.analysing")}</p>
                </Show>
                <Show when=move || progress_title(state) == "progress.none_read" && !state.tables.with(Vec::is_empty)>
                    <p class="progress-unchanged" role="status">{move || t(lang.get(), "progress.unchanged")}</p>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_paste_gets_a_name_of_its_own() {
        let none: Vec<String> = Vec::new();
        assert_eq!(pasted_name("colado", &none), "colado.csv");
        let one = vec!["pedidos.csv".to_string(), "colado.csv".to_string()];
        assert_eq!(pasted_name("colado", &one), "colado-2.csv");
        let two = vec!["colado.csv".to_string(), "colado-2.csv".to_string()];
        assert_eq!(pasted_name("colado", &two), "colado-3.csv");
    }

    #[test]
    fn the_replace_question_names_what_leaves_and_what_comes_in_both_languages() {
        let one = vec!["pedidos.csv".to_string()];
        let files = Incoming::Files(vec!["chamados.csv".to_string()]);
        assert_eq!(
            replace_question(Lang::Pt, &one, &files),
            "O arquivo carregado (pedidos.csv) sairá da análise, substituído por chamados.csv. Nada muda nos arquivos do seu computador."
        );
        assert_eq!(
            replace_question(Lang::En, &one, &Incoming::Sample),
            "The loaded file (pedidos.csv) will leave the analysis, replaced by the sample data. Nothing changes in the files on your computer."
        );
        let many: Vec<String> = (1..=5).map(|i| format!("f{i}.csv")).collect();
        assert_eq!(
            replace_question(Lang::Pt, &many, &Incoming::Restore),
            "Os 5 arquivos carregados (f1.csv, f2.csv, f3.csv e mais 2) sairão da análise, substituídos pelos dados guardados neste dispositivo. Nada muda nos arquivos do seu computador."
        );
    }
}
