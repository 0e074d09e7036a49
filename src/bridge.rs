//! The UI thread's side of the engine worker: starts it, queues messages until it is ready,
//! and turns its answers into state updates.

use crate::protocol::{Crash, ExplanationView, TableSummary, WorkerError};
use crate::protocol::{
    FromWorker, MappingOverride, ReportAssembly, RowWindow, Tick, ToWorker, reply, reply_from_json,
    request, tick_from_js, to_js,
};
use crate::state::{AppError, AppState, FileProgress, Notice, Phase};
use crate::storage;
use gloo::events::EventListener;
use leptos::prelude::*;
use std::cell::RefCell;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// The worker script Trunk emits for the `jornada-worker` binary (`data-loader-shim`).
pub const WORKER_URL: &str = "./jornada-worker_loader.js";

struct Bridge {
    worker: web_sys::Worker,
    ready: bool,
    queue: Vec<js_sys::Object>,
    /// The files last loaded by the user, kept for the opt-in IndexedDB store.
    files: Vec<web_sys::File>,
    _on_message: EventListener,
    _on_error: EventListener,
}

thread_local! {
    static BRIDGE: RefCell<Option<Bridge>> = const { RefCell::new(None) };
    /// A load began and its report is not shown yet: the report opens the dashboard when the
    /// load was started from the start page.
    static OPEN_DASHBOARD: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Metrics of the report being received (`ReportPart`s), until its `Report` arrives.
    static PENDING_REPORT: RefCell<ReportAssembly> = RefCell::new(ReportAssembly::default());
    /// The metrics received so far are shown (a first result) and a task to show the next
    /// ones is scheduled or not.
    static SHOWING_PARTS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static PART_SCHEDULED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Gathers one `ReportPart`. When the dashboard has no report to show (or a load from the
/// start page is opening it), the metrics received so far are shown at once, as a partial
/// report (`AppState::report_partial`), and the dashboard opens on them; parts arriving
/// together are shown in one task. A new analysis of data already shown keeps the old report
/// on screen until the whole new one arrives.
fn show_part(state: AppState, metrics: Vec<jornada_engine::Metric>, at: Vec<u32>) {
    let first = PENDING_REPORT.with(|p| {
        let mut p = p.borrow_mut();
        let first = p.is_empty();
        p.add_part(metrics, at);
        first
    });
    if first {
        let shown =
            OPEN_DASHBOARD.with(|o| o.get()) || state.report.with_untracked(Option::is_none);
        SHOWING_PARTS.with(|s| s.set(shown));
    }
    if !SHOWING_PARTS.with(|s| s.get()) || PART_SCHEDULED.with(|s| s.replace(true)) {
        return;
    }
    set_timeout(
        move || {
            PART_SCHEDULED.with(|s| s.set(false));
            if !SHOWING_PARTS.with(|s| s.get()) {
                return;
            }
            let partial = PENDING_REPORT.with(|p| p.borrow().partial());
            state.report_partial.set(true);
            state.report.set(Some(partial));
            if OPEN_DASHBOARD.with(|o| o.replace(false)) {
                set_timeout(move || state.navigate.run("/journey"), Duration::ZERO);
            }
        },
        Duration::ZERO,
    );
}

/// How long the idle start may wait for an idle period (and the wait where the browser has no
/// `requestIdleCallback`).
const IDLE_WAIT_MS: u32 = 2_000;

/// Starts the worker in idle time after the first paint: its wasm is then fetched (the service
/// worker keeps it), compiled and instantiated before the user drops a file, off the first
/// paint and off the UI thread (the worker compiles it). Called once the app is mounted (which
/// public/boot.js does only after the first contentful paint).
pub fn start_when_idle(state: AppState) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    if idle {
        let callback = wasm_bindgen::closure::Closure::once_into_js(move || start(state));
        let options = web_sys::IdleRequestOptions::new();
        options.set_timeout(IDLE_WAIT_MS);
        if window
            .request_idle_callback_with_options(callback.unchecked_ref(), &options)
            .is_ok()
        {
            return;
        }
    }
    set_timeout(
        move || start(state),
        Duration::from_millis(u64::from(IDLE_WAIT_MS)),
    );
}

/// The page's `<html>`, where the engine's state is marked for the benchmark and the tests.
fn html() -> Option<web_sys::Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
}

/// Marks the engine's state on `<html data-engine>` (`starting`, `ready`): the benchmark and
/// the tests wait for `ready`.
fn mark_engine(value: &str) {
    if let Some(root) = html() {
        let _ = root.set_attribute("data-engine", value);
    }
}

thread_local! {
    /// Whether an engine worker was started before in this page.
    static STARTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Marks `<html data-engine-warm>`: the worker has run its warm-up (`Tick::Warm`), which the
/// benchmark's "engine ready" case waits for.
fn mark_warm() {
    if let Some(root) = html() {
        let _ = root.set_attribute("data-engine-warm", "");
    }
}

/// Starts the worker if none runs; later calls do nothing. Called in idle time after the first
/// paint (`start_when_idle`), by any load that comes first, and after a worker died.
pub fn start(state: AppState) {
    let exists = BRIDGE.with(|b| b.borrow().is_some());
    if exists {
        return;
    }
    // A worker started after another died does not warm up (`worker::RESTARTED`).
    let restart = STARTED.with(|s| s.replace(true));
    let options = web_sys::WorkerOptions::new();
    if restart {
        options.set_name(crate::worker::RESTARTED);
    }
    let worker = match web_sys::Worker::new_with_options(WORKER_URL, &options) {
        Ok(w) => w,
        Err(e) => {
            state
                .error
                .set(Some(AppError::WorkerStart(format!("{e:?}"))));
            return;
        }
    };
    let on_message = EventListener::new(&worker, "message", move |ev| {
        let Some(ev) = ev.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        // Answers come as JSON text, ticks as plain objects (see `protocol`).
        let data = ev.data();
        let handled = match data.as_string() {
            Some(json) => reply_from_json(&json).map(|msg| handle(state, msg)),
            None => tick_from_js(data).map(|tick| handle_tick(state, tick)),
        };
        if let Err(e) = handled {
            state.error.set(Some(AppError::WorkerMessage(e)));
        }
    });
    // What the worker could not catch itself (its own `error` handler posts `Tick::Crashed`
    // and stops the event): an error while it starts, or in that handler.
    let on_error = EventListener::new(&worker, "error", move |ev| {
        let detail = ev
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .unwrap_or_default();
        died(
            state,
            Crash {
                detail,
                out_of_memory: false,
                memory: 0.0,
            },
        );
    });
    BRIDGE.with(|b| {
        *b.borrow_mut() = Some(Bridge {
            worker,
            ready: false,
            queue: Vec::new(),
            files: Vec::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    });
    mark_engine("starting");
}

/// The files the dead worker was working on: those being read, else those analysed.
fn files_at_work(state: AppState) -> Vec<String> {
    let reading: Vec<String> = state
        .progress
        .with_untracked(|p| p.iter().map(|f| f.name.clone()).collect());
    if state.phase.get_untracked() == Phase::Reading && !reading.is_empty() {
        return reading;
    }
    let analysed: Vec<String> = state
        .tables
        .with_untracked(|t| t.iter().map(|t| t.file.clone()).collect());
    if !analysed.is_empty() {
        return analysed;
    }
    if !reading.is_empty() {
        return reading;
    }
    loaded_files().iter().map(web_sys::File::name).collect()
}

/// The worker stopped on an uncaught error: what it held is gone. The message names the files
/// it worked on (and memory, when it ran out of it); the partial report, the loaded tables and
/// the progress are cleared and the page is idle; the dead worker is terminated and a fresh one
/// started, so the next load works in this tab.
fn died(state: AppState, crash: Crash) {
    // Before the bridge is taken: the files it was given are among those named.
    let files = files_at_work(state);
    let Some(dead) = BRIDGE.with(|b| b.borrow_mut().take()) else {
        return;
    };
    dead.worker.terminate();
    let (was_ready, asked) = (dead.ready, !dead.queue.is_empty());
    // Its listeners are running this call: they are dropped in a later task.
    set_timeout(move || drop(dead), Duration::ZERO);
    mark_engine("stopped");
    if let Some(root) = html() {
        let _ = root.remove_attribute("data-engine-warm");
    }
    if !was_ready && !asked {
        // It failed to start while nothing was asked of it (started in idle time): the next
        // load starts another, and says so if that fails too.
        return;
    }
    let error = if !was_ready {
        // It failed before it was ready (its script or wasm did not load): it is not
        // restarted, and the message says it could not start.
        AppError::WorkerStart(crash.detail)
    } else if crash.out_of_memory {
        AppError::OutOfMemory {
            files,
            memory: crash.memory,
        }
    } else {
        AppError::WorkerCrashed {
            files,
            detail: crash.detail,
        }
    };
    PENDING_REPORT.with(|p| *p.borrow_mut() = ReportAssembly::default());
    SHOWING_PARTS.with(|s| s.set(false));
    OPEN_DASHBOARD.with(|o| o.set(false));
    state.report_partial.set(false);
    state.report.set(None);
    state.explanation.set(None);
    state.tables.set(Vec::new());
    state.progress.set(Vec::new());
    state.phase.set(Phase::Idle);
    state.error.set(Some(error));
    // A worker that never started (its script failed) is not restarted in a loop: the next
    // load tries again.
    if was_ready {
        start(state);
    }
}

/// The message as a plain JS object under `msg`, the `File`s beside it under `files`.
fn envelope(msg: &ToWorker, files: Option<&js_sys::Array>) -> js_sys::Object {
    let obj = js_sys::Object::new();
    let msg = to_js(msg).unwrap_or(wasm_bindgen::JsValue::NULL);
    let _ = js_sys::Reflect::set(&obj, &"msg".into(), &msg);
    if let Some(files) = files {
        let _ = js_sys::Reflect::set(&obj, &"files".into(), files);
    }
    obj
}

fn post(obj: js_sys::Object) {
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        let Some(bridge) = b.as_mut() else { return };
        if bridge.ready {
            let _ = bridge.worker.post_message(&obj);
        } else {
            bridge.queue.push(obj);
        }
    });
}

pub fn send(msg: &ToWorker) {
    post(envelope(msg, None));
}

/// Sends files to be read, added to the loaded files (`add`) or in their place; the files
/// are kept for the opt-in store. The loaded data stay on screen until the new report.
pub fn load_files(state: AppState, files: Vec<web_sys::File>, add: bool) {
    // Adding a file that is already loaded would count its rows twice: it is left out, and
    // said so.
    let (files, again): (Vec<_>, Vec<_>) = if add {
        let loaded = BRIDGE.with(|b| {
            b.borrow()
                .as_ref()
                .map(|b| b.files.clone())
                .unwrap_or_default()
        });
        let same = |a: &web_sys::File, b: &web_sys::File| {
            a.name() == b.name() && a.size() == b.size() && a.last_modified() == b.last_modified()
        };
        files
            .into_iter()
            .partition(|f| !loaded.iter().any(|l| same(f, l)))
    } else {
        (files, Vec::new())
    };
    let again: Vec<String> = again.iter().map(web_sys::File::name).collect();
    if files.is_empty() {
        if !again.is_empty() {
            state.notice.set(Some(Notice::AlreadyLoaded(again)));
        }
        return;
    }
    let array = js_sys::Array::new();
    for f in &files {
        array.push(f);
    }
    let names = files.iter().map(|f| f.name()).collect();
    start(state);
    let kept = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        let bridge = b.as_mut()?;
        if !add {
            bridge.files.clear();
        }
        bridge.files.extend(files.iter().cloned());
        Some(bridge.files.clone())
    });
    begin_load(state);
    if !again.is_empty() {
        state.notice.set(Some(Notice::AlreadyLoaded(again)));
    }
    post(envelope(
        &ToWorker::Load(request::Load {
            names,
            overrides: storage::mappings(),
            add,
        }),
        Some(&array),
    ));
    if state.remember.get_untracked() {
        crate::persist::store(state, kept.unwrap_or(files));
    }
}

/// Generates and reads the sample company in place of the loaded files.
pub fn load_sample(state: AppState, rows: usize) {
    start(state);
    BRIDGE.with(|b| {
        if let Some(bridge) = b.borrow_mut().as_mut() {
            bridge.files.clear();
        }
    });
    begin_load(state);
    send(&ToWorker::Sample(request::Sample {
        rows,
        lang: state.lang.get_untracked().tag().to_string(),
        overrides: storage::mappings(),
    }));
}

/// The files the user loaded (not the generated sample).
pub fn loaded_files() -> Vec<web_sys::File> {
    BRIDGE.with(|b| {
        b.borrow()
            .as_ref()
            .map(|b| b.files.clone())
            .unwrap_or_default()
    })
}

/// A load begins. What is loaded stays (tables, report, the dashboard) until the new files
/// are read: a file that cannot be read changes nothing.
fn begin_load(state: AppState) {
    state.error.set(None);
    state.notice.set(None);
    state.progress.set(Vec::new());
    state.phase.set(Phase::Reading);
    OPEN_DASHBOARD.with(|o| o.set(on_start_page()));
}

/// Whether the start page is on screen (the route `/` under the app's base).
pub fn on_start_page() -> bool {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let base = crate::base_path();
    matches!(
        path.strip_prefix(base.as_str()),
        Some("" | "/" | "/index.html")
    )
}

/// The phase after a load that changed nothing: as before it.
fn settle(state: AppState) {
    state
        .phase
        .set(if state.report.with_untracked(|r| r.is_some()) {
            Phase::Ready
        } else {
            Phase::Idle
        });
}

pub fn cancel() {
    send(&ToWorker::Cancel);
}

pub fn analyze(state: AppState) {
    state.phase.set(Phase::Analysing);
    send(&ToWorker::Analyze(request::Analyze {
        settings: state.settings.get_untracked(),
        query: state.query.get_untracked(),
        segment: state.segment.get_untracked(),
    }));
}

pub fn explain(state: AppState, id: &str, period: Option<String>, by: Option<(String, String)>) {
    state.explanation.set(None);
    explain_rows(state, id, period, by, RowWindow::default());
}

/// Asks for a window of an explanation's rows: another page of the table, or all of them
/// to export (the reply is then downloaded, see `handle`).
pub fn explain_rows(
    state: AppState,
    id: &str,
    period: Option<String>,
    by: Option<(String, String)>,
    window: RowWindow,
) {
    send(&ToWorker::Explain(request::Explain {
        settings: state.settings.get_untracked(),
        query: state.query.get_untracked(),
        segment: state.segment.get_untracked(),
        id: id.to_string(),
        period,
        by,
        window,
        customer: None,
        rule_has: None,
    }));
}

/// Rows shown whole on the Journey page (a timeline, one cohort cell's orders).
const JOURNEY_ROWS: usize = 5_000;

/// Asks for one customer's timeline (id or e-mail): every row of every file, in time order.
pub fn timeline(state: AppState, who: &str) {
    state.explanation.set(None);
    send(&ToWorker::Explain(request::Explain {
        settings: state.settings.get_untracked(),
        query: state.query.get_untracked(),
        segment: state.segment.get_untracked(),
        id: "journey.customers".into(),
        period: None,
        by: None,
        window: RowWindow {
            offset: 0,
            limit: JOURNEY_ROWS,
            export: false,
        },
        customer: Some(who.to_string()),
        rule_has: None,
    }));
}

/// Asks for the rows of `id` whose rule holds `text` (one cohort cell's orders).
pub fn explain_matching(state: AppState, id: &str, text: String) {
    state.explanation.set(None);
    send(&ToWorker::Explain(request::Explain {
        settings: state.settings.get_untracked(),
        query: state.query.get_untracked(),
        segment: state.segment.get_untracked(),
        id: id.to_string(),
        period: None,
        by: None,
        window: RowWindow {
            offset: 0,
            limit: JOURNEY_ROWS,
            export: false,
        },
        customer: None,
        rule_has: Some(text),
    }));
}

/// Asks for every customer's profile as CSV (downloaded when it arrives).
pub fn export_profiles(state: AppState) {
    send(&ToWorker::Profiles(request::Profiles {
        settings: state.settings.get_untracked(),
        query: state.query.get_untracked(),
        segment: state.segment.get_untracked(),
        lang: state.lang.get_untracked(),
    }));
}

pub fn remap(state: AppState, index: usize, mapping: MappingOverride) {
    state.phase.set(Phase::Reading);
    send(&ToWorker::Remap(request::Remap { index, mapping }));
}

/// Reading progress and the worker's readiness.
fn handle_tick(state: AppState, tick: Tick) {
    match tick {
        Tick::Ready => worker_ready(),
        Tick::Warm => mark_warm(),
        Tick::Crashed(crash) => died(state, crash),
        Tick::Started(reply::Started { files }) => started(state, files),
        Tick::Progress(reply::Progress {
            index,
            bytes,
            rows,
            rejected,
            rows_per_s,
        }) => state.progress.update(|p| {
            if let Some(f) = p.get_mut(index) {
                f.bytes = bytes;
                f.rows = rows;
                f.rejected = rejected;
                f.rows_per_s = rows_per_s;
            }
        }),
        Tick::Cancelled => {
            OPEN_DASHBOARD.with(|o| o.set(false));
            settle(state);
            state.progress.set(Vec::new());
            state.notice.set(Some(Notice::Cancelled));
        }
    }
}

/// The worker is ready: the messages queued until now go.
fn worker_ready() {
    mark_engine("ready");
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        if let Some(bridge) = b.as_mut() {
            bridge.ready = true;
            for obj in bridge.queue.drain(..) {
                let _ = bridge.worker.post_message(&obj);
            }
        }
    })
}

/// Reading started: one progress row per file, by name and byte size.
fn started(state: AppState, files: Vec<(String, f64)>) {
    state.progress.set(
        files
            .into_iter()
            .map(|(name, size)| FileProgress {
                name,
                size,
                bytes: 0.0,
                rows: 0,
                rejected: 0,
                rows_per_s: 0.0,
                done: false,
                error: None,
            })
            .collect(),
    )
}

/// The worker's answers, by kind.
fn handle(state: AppState, msg: FromWorker) {
    match msg {
        FromWorker::FileDone(reply::FileDone { at, summary }) => state.progress.update(|p| {
            if let Some(f) = p.get_mut(at) {
                f.done = true;
                f.bytes = f.size;
                f.rows = summary.rows as u64;
                f.rejected = summary.rejected as u64;
            }
        }),
        FromWorker::FileFailed(reply::FileFailed { index, error }) => state.progress.update(|p| {
            if let Some(f) = p.get_mut(index) {
                f.done = true;
                f.error = Some(error);
            }
        }),
        FromWorker::Loaded(reply::Loaded { tables, changed }) => loaded(state, tables, changed),
        FromWorker::ReportPart(reply::ReportPart { metrics, at }) => show_part(state, metrics, at),
        FromWorker::Report(reply::Report { report, ms }) => report_arrived(state, report, ms),
        FromWorker::Explanation(reply::Explanation { explanation }) => {
            explanation_arrived(state, explanation)
        }
        FromWorker::Profiles(reply::Profiles { csv }) => {
            let name = state
                .lang
                .get_untracked()
                .pick("jornada-perfis.csv", "jornada-profiles.csv");
            let _ = crate::export::download(&csv, "text/csv;charset=utf-8", name);
        }
        FromWorker::Error(reply::Error { error }) => worker_error(state, error),
    }
}

/// Every file read: the new tables are analysed. When nothing could be read (`changed`
/// false), the loaded data, report and page stay as they were (the progress panel says why
/// each file failed).
fn loaded(state: AppState, tables: Vec<TableSummary>, changed: bool) {
    if !changed {
        OPEN_DASHBOARD.with(|o| o.set(false));
        settle(state);
        return;
    }
    let any = !tables.is_empty();
    state.explanation.set(None);
    state.tables.set(tables);
    if any {
        analyze(state);
    } else {
        state.report.set(None);
        state.phase.set(Phase::Idle);
    }
}

/// The report's last message: its metrics came ahead in `ReportPart`s.
fn report_arrived(state: AppState, report: jornada_engine::Report, ms: f64) {
    let report = PENDING_REPORT.with(|p| p.borrow_mut().finish(report));
    SHOWING_PARTS.with(|s| s.set(false));
    // The metrics were parsed in their own message tasks (`ReportPart`); updating the
    // open view and moving to the dashboard each run in their own task too.
    let open = OPEN_DASHBOARD.with(|o| o.replace(false));
    set_timeout(
        move || {
            state.report.set(Some(report));
            state.report_partial.set(false);
            state.analysis_ms.set(ms);
            state.phase.set(Phase::Ready);
            if open {
                set_timeout(move || state.navigate.run("/journey"), Duration::ZERO);
            }
        },
        Duration::ZERO,
    );
}

/// An explanation is shown, or downloaded when it was asked for as an export.
fn explanation_arrived(state: AppState, explanation: ExplanationView) {
    if explanation.export {
        crate::views::why::download_rows(state, &explanation)
    } else {
        state.explanation.set(Some(explanation))
    }
}

fn worker_error(state: AppState, error: WorkerError) {
    state.error.set(Some(AppError::Worker(error)));
    // An analysis that failed part-way: its parts are not a report, so none is shown.
    PENDING_REPORT.with(|p| *p.borrow_mut() = ReportAssembly::default());
    if SHOWING_PARTS.with(|s| s.replace(false)) {
        state.report_partial.set(false);
        state.report.set(None);
    }
    if state.phase.get_untracked() != Phase::Ready {
        settle(state);
    }
}
