//! The engine worker (a dedicated Web Worker built by Trunk from `src/bin/jornada-worker.rs`).
//!
//! It owns the tables: it reads each `File` in 1 MiB slices through the engine's incremental
//! reader (posting progress at most every [`PROGRESS_EVERY_MS`], and yielding after each slice
//! so a cancel can arrive), and runs `analyze` / `explain` on request. The UI thread only
//! receives summaries and reports, so it never parses or computes anything heavy.

use crate::protocol::{
    ColumnSummary, ExplainedRow, ExplanationView, FromWorker, MAX_REJECTS_SHOWN, MappingOverride,
    RowWindow, Segment, TableSummary, WorkerError, reply,
};
#[cfg(target_arch = "wasm32")]
use crate::protocol::{ReportStream, Tick, ToWorker, request, request_from_js, to_js};
use jornada_engine::{Query, Table, Values};
use std::collections::BTreeMap;

/// Orders in the sample the worker warms its engine up on (`web::warm_up`): its 14 files are
/// about 11 MB. V8 optimises a function once it has run a certain amount of code, so a
/// one-off loop must run long enough here: the 1M orders' first result was 737 ms after 3k
/// synthetic orders, 671 after the 5k-order sample, 489 after this one against 514 for 5k
/// (the stage send points since), its warm-up 1.2 s against 0.9 s from the worker's start.
pub const WARM_UP_ORDERS: usize = 20_000;

/// The name the page gives an engine worker it starts after another died (`bridge::start`):
/// that one does not warm up, so a crash in the warm-up cannot restart the worker in a loop.
pub const RESTARTED: &str = "jornada-engine-restarted";

/// A file's progress is posted after its first slice, then at most this often (`FileDone`
/// says when it is whole): each tick is a render on the UI thread, which on a 2-core machine
/// competes with the engine for the cores. With a tick per 1 MiB slice, the 1M orders' drop →
/// first cards took 614–642 ms; with none, 600–617 (issue 16); with this, 577–630 (median
/// 590, against 603 for a tick per slice, 8 runs each, alternated).
pub const PROGRESS_EVERY_MS: f64 = 100.0;

/// Bytes read per slice: big enough to keep the engine busy, small enough for smooth progress.
pub const SLICE: usize = 1 << 20;

/// Spellings per segment dimension offered in the filter, from one file (the most rows first).
const MAX_SEGMENTS: usize = 50;

/// What the UI needs to know about a table.
pub fn summarize(index: usize, signature: &str, table: &Table, overridden: bool) -> TableSummary {
    let columns = table
        .columns
        .iter()
        .map(|c| ColumnSummary {
            name: c.name.clone(),
            role: c.role.map(crate::roles::role_id),
            ty: serde_json::to_value(c.ty)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            confidence: c.confidence,
            reason: c.reason.clone(),
            why: c.why.clone(),
        })
        .collect();
    let mut segments = jornada_engine::segment::spellings(table);
    segments.sort_by(|a, b| a.dimension.cmp(&b.dimension).then(b.rows.cmp(&a.rows)));
    let mut per_dimension: BTreeMap<jornada_engine::segment::Dimension, usize> = BTreeMap::new();
    segments.retain(|s| {
        let n = per_dimension.entry(s.dimension).or_default();
        *n += 1;
        *n <= MAX_SEGMENTS
    });
    TableSummary {
        index,
        file: table.file.clone(),
        signature: signature.to_string(),
        kind: table.kind.id().to_string(),
        kind_confidence: table.kind_confidence,
        kind_reason: table.kind_reason.clone(),
        kind_why: table.kind_why.clone(),
        vendor: table.vendor.clone(),
        currency: table.currency.clone(),
        rows: table.rows(),
        columns,
        rejects: table
            .rejects
            .iter()
            .take(MAX_REJECTS_SHOWN)
            .cloned()
            .collect(),
        rejected: table.rejects.len(),
        warnings: table.warnings.clone(),
        warnings_why: table.warnings_why.clone(),
        overridden,
        segments,
    }
}

/// Runs `f` over `tables`, or over the segment's cut of them when a segment is picked (for
/// what the engine does not cut itself: profiles and timelines); the tables themselves are
/// only copied for a segment.
pub fn with_segment<R>(tables: &[Table], segment: &Segment, f: impl FnOnce(&[Table]) -> R) -> R {
    match &segment.value {
        Some(s) => f(&jornada_engine::segment::apply(tables, s).tables),
        None => f(tables),
    }
}

/// The query with the segment chosen (the engine cuts the tables and says, per metric,
/// whether the segment applied).
pub fn segment_query(query: &Query, segment: &Segment) -> Query {
    Query {
        segment: segment.value.clone(),
        ..query.clone()
    }
}

/// Lends the present tables of `slots` (files still loading or failed are `None`) to `f` as
/// one slice, and puts them back in their slots. Moving a `Table` moves its columns' headers,
/// not their cells: before, each analysis copied every table twice, over 1 GB at 1M rows.
pub fn lend_tables<R>(slots: &mut Vec<Option<Table>>, f: impl FnOnce(&[Table]) -> R) -> R {
    let taken = std::mem::take(slots);
    let present: Vec<bool> = taken.iter().map(Option::is_some).collect();
    let tables: Vec<Table> = taken.into_iter().flatten().collect();
    let result = f(&tables);
    let mut tables = tables.into_iter();
    *slots = present
        .into_iter()
        .map(|p| if p { tables.next() } else { None })
        .collect();
    result
}

/// One cell as text, for the drill-down (dates as ISO date-times of the data's clock).
fn cell_text(values: &Values, row: usize) -> String {
    match values {
        Values::Text(t) => t.get(row).unwrap_or("").to_string(),
        Values::Number(v) => v.get(row).map(|n| n.to_string()).unwrap_or_default(),
        Values::Date(v) => v
            .get(row)
            .and_then(|ts| chrono::DateTime::from_timestamp(ts, 0))
            .map(|d| d.naive_utc().format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default(),
        Values::Bool(v) => v
            .get(row)
            .copied()
            .flatten()
            .map(|b| b.to_string())
            .unwrap_or_default(),
    }
}

/// The source row at `line` of `file`, as `header: cell` pairs.
pub fn row_cells(tables: &[Table], file: &str, line: u32) -> Vec<(String, String)> {
    let Some(table) = tables.iter().find(|t| t.file == file) else {
        return Vec::new();
    };
    let Ok(row) = table.lines.binary_search(&line) else {
        return Vec::new();
    };
    table
        .columns
        .iter()
        .map(|c| (c.name.clone(), cell_text(&c.values, row)))
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// The engine's explanation trimmed for display, with each shown row's cells.
pub fn explanation_view(
    tables: &[Table],
    e: jornada_engine::report::Explanation,
    window: RowWindow,
) -> ExplanationView {
    let rows = e
        .rows
        .iter()
        .skip(window.offset)
        .take(window.limit)
        .map(|r| ExplainedRow {
            file: r.file.clone(),
            line: r.line,
            included: r.included,
            rule: r.rule.clone(),
            value: r.value,
            cells: row_cells(tables, &r.file, r.line),
            step: r.step.clone(),
            why: r.why.clone(),
        })
        .collect();
    ExplanationView {
        offset: window.offset,
        export: window.export,
        ..ExplanationView::from_explanation(e, rows)
    }
}

/// Only the rows whose rule holds `text` (all when `None`), e.g. one cohort cell's orders.
pub fn keep_rules(
    mut e: jornada_engine::report::Explanation,
    text: Option<&str>,
) -> jornada_engine::report::Explanation {
    if let Some(text) = text {
        e.rows.retain(|r| r.rule.contains(text));
    }
    e
}

/// The engine mapping for a user's override of one file.
pub fn file_mapping(
    file: &str,
    signature: &str,
    o: &MappingOverride,
) -> jornada_engine::ingest::mapping::FileMapping {
    jornada_engine::ingest::mapping::FileMapping {
        file: Some(file.to_string()),
        signature: Some(signature.to_string()),
        kind: o.kind.clone(),
        columns: o
            .roles
            .iter()
            .map(|(k, v)| (k.clone(), if v.is_empty() { None } else { Some(v.clone()) }))
            .collect::<BTreeMap<_, _>>(),
        ..Default::default()
    }
}

/// The header signature of a file, from its first bytes: the header is read by the engine's
/// own reader (so it agrees with how the mapping is matched) on at most 256 KiB.
pub fn peek_signature(name: &str, first: &[u8]) -> String {
    let head = &first[..first.len().min(256 * 1024)];
    let mut reader = jornada_engine::ingest::Reader::new(name, Default::default());
    if reader.push(head).is_err() {
        return String::new();
    }
    match reader.finish() {
        Ok(t) => signature_of(&t),
        Err(_) => String::new(),
    }
}

/// How the worker reads a source of `size` bytes: the whole size is known up front
/// (`File.size`, or the generated sample's length), so it is the reader's size hint and the
/// columns are sized once instead of growing, as the CLI does with the file's length.
pub fn read_options(
    size: f64,
    mapping: Option<jornada_engine::ingest::mapping::FileMapping>,
) -> jornada_engine::ingest::IngestOptions {
    jornada_engine::ingest::IngestOptions {
        mapping,
        size_hint: (size.is_finite() && size > 0.0).then_some(size as u64),
        ..Default::default()
    }
}

pub fn signature_of(table: &Table) -> String {
    let headers: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    jornada_engine::ingest::header_signature(&headers)
}

/// Rows of a tabular metric sent to the UI (it shows the first 25): per-customer tables can
/// hold every customer, and parsing them would block the UI thread for nothing.
pub const MAX_TABLE_ROWS: usize = 50;

/// Tables the Journey page draws whole (one row per cohort cell, funnel step, move or
/// period, never per customer), so they are sent untrimmed.
pub const WHOLE_TABLES: &[&str] = &[
    "loyalty.retention_cohorts",
    "journey.stage_funnel",
    "journey.stage_flow",
    "journey.time_between_stages",
    "journey.lifecycle",
];

/// One metric's table cut to [`MAX_TABLE_ROWS`] rows (those of [`WHOLE_TABLES`] kept whole).
pub fn trim_table(m: &mut jornada_engine::Metric) {
    if WHOLE_TABLES.contains(&m.id.as_str()) {
        return;
    }
    match &mut m.table {
        Some(serde_json::Value::Array(rows)) => rows.truncate(MAX_TABLE_ROWS),
        Some(serde_json::Value::Object(o)) => {
            for v in o.values_mut() {
                if let serde_json::Value::Array(rows) = v {
                    rows.truncate(MAX_TABLE_ROWS);
                }
            }
        }
        _ => {}
    }
}

pub fn respond_json(msg: &FromWorker) -> String {
    serde_json::to_string(msg).unwrap_or_else(|e| {
        // A message of two strings always encodes.
        serde_json::to_string(&FromWorker::Error(reply::Error {
            error: WorkerError::Answer {
                detail: e.to_string(),
            },
        }))
        .unwrap_or_default()
    })
}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::*;
    use crate::protocol::Crash;
    use jornada_engine::Settings;
    use jornada_engine::ingest::Reader;
    use std::cell::RefCell;
    use std::sync::atomic::{AtomicBool, Ordering};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::JsValue;

    /// Where a file's bytes come from: a user's `File`, or one of the sample's.
    #[derive(Clone)]
    enum Source {
        File(gloo::file::File),
    }

    impl Source {
        fn name(&self) -> String {
            match self {
                Source::File(f) => f.name(),
            }
        }
        fn size(&self) -> f64 {
            match self {
                Source::File(f) => f.size() as f64,
            }
        }
        /// The file's bytes in the order they come, through the `File`'s stream: the browser
        /// reads ahead while the engine parses (issue 16: on 1M orders with 3 ms of work per
        /// MiB, 1 MiB `FileReader` slices one ahead took 263–335 ms, the stream 196–199).
        fn chunks(&self) -> Result<Chunks, WorkerError> {
            match self {
                Source::File(f) => {
                    let file = f.name();
                    let blob: &web_sys::Blob = f.as_ref();
                    let reader = blob
                        .stream()
                        .get_reader()
                        .dyn_into::<web_sys::ReadableStreamDefaultReader>()
                        .map_err(|_| WorkerError::Unreadable {
                            file: file.clone(),
                            detail: "the browser gave no reader for the file".into(),
                        })?;
                    Ok(Chunks { file, reader })
                }
            }
        }
    }

    /// What a browser error says (a `DOMException`'s or an `Error`'s message).
    fn js_error_text(e: &JsValue) -> String {
        if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
            return d.message();
        }
        if let Some(e) = e.dyn_ref::<js_sys::Error>() {
            return e.message().into();
        }
        e.as_string().unwrap_or_else(|| format!("{e:?}"))
    }

    /// Lets the worker's queued messages (a cancel, a new load) run: a file's stream hands out
    /// what it has already read without ever leaving the current task, so without this a
    /// cancel waited for the read's end (3M orders: taken at 2.99M rows read, against 18k
    /// with `FileReader` slices; `inputs.test.mjs`). A `MessageChannel` task, not a timer:
    /// nested timers wait at least 4 ms each.
    async fn yield_to_messages() {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            return gloo::timers::future::TimeoutFuture::new(0).await;
        };
        let done = js_sys::Promise::new(&mut |resolve, _| {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel.port2().post_message(&JsValue::NULL);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(done).await;
        channel.port1().set_onmessage(None);
    }

    /// A file's bytes as its stream gives them.
    struct Chunks {
        file: String,
        reader: web_sys::ReadableStreamDefaultReader,
    }

    impl Chunks {
        /// Appends the next chunk's bytes to `out` (cleared first); `false` at the end.
        async fn next(&mut self, out: &mut Vec<u8>) -> Result<bool, WorkerError> {
            out.clear();
            let failed = |e: JsValue| WorkerError::Unreadable {
                file: self.file.clone(),
                detail: js_error_text(&e),
            };
            let result: web_sys::ReadableStreamReadResult =
                wasm_bindgen_futures::JsFuture::from(self.reader.read())
                    .await
                    .map_err(failed)?
                    .unchecked_into();
            if result.get_done().unwrap_or(false) {
                return Ok(false);
            }
            let bytes = js_sys::Uint8Array::new(&result.get_value());
            out.resize(bytes.length() as usize, 0);
            bytes.copy_to(out);
            Ok(true)
        }

        /// Stops the browser reading further (a load cancelled or replaced).
        fn stop(&self) {
            let _ = self.reader.cancel();
        }
    }

    #[derive(Default)]
    struct Loaded {
        sources: Vec<Source>,
        signatures: Vec<String>,
        overridden: Vec<bool>,
        tables: Vec<Option<Table>>,
    }

    #[derive(Default)]
    struct WorkerState {
        loaded: Loaded,
        /// Bumped by every new load and by cancel: a read whose generation is stale stops.
        generation: u64,
        /// Requests received: the warm-up stops at the first.
        requests: u64,
    }

    thread_local! {
        static STATE: RefCell<WorkerState> = RefCell::new(WorkerState::default());
    }

    fn scope() -> web_sys::DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn post(msg: &FromWorker) {
        let _ = scope().post_message(&JsValue::from_str(&respond_json(msg)));
    }

    /// A small message, as a plain JS object (see `protocol`).
    fn tick(tick: &Tick) {
        match to_js(tick) {
            Ok(value) => {
                let _ = scope().post_message(&value);
            }
            Err(detail) => post(&FromWorker::Error(reply::Error {
                error: WorkerError::Answer { detail },
            })),
        }
    }

    fn now_ms() -> f64 {
        js_sys::Date::now()
    }

    fn generation() -> u64 {
        STATE.with(|s| s.borrow().generation)
    }

    /// Reads one source with the engine's incremental reader, posting its progress as row
    /// `progress` (none when `None`). `Ok(None)` when `still_wanted` says no after a slice.
    async fn read_source(
        progress: Option<usize>,
        source: &Source,
        overrides: &BTreeMap<String, MappingOverride>,
        explicit: Option<&MappingOverride>,
        still_wanted: &dyn Fn() -> bool,
    ) -> Result<Option<(Table, String, bool)>, WorkerError> {
        let name = source.name();
        let size = source.size() as usize;
        let mut chunks = source.chunks()?;
        // The first slice whole (the header and a sample of rows for the signature), however
        // the stream cuts it.
        let mut first = Vec::with_capacity(SLICE.min(size));
        let mut chunk = Vec::new();
        while first.len() < SLICE.min(size) && chunks.next(&mut chunk).await? {
            first.extend_from_slice(&chunk);
        }
        let signature = peek_signature(&name, &first);
        let chosen = match explicit {
            Some(m) => Some(m.clone()).filter(|m| !m.is_empty()),
            None => overrides.get(&signature).cloned(),
        };
        let options = read_options(
            source.size(),
            chosen.as_ref().map(|m| file_mapping(&name, &signature, m)),
        );
        let mut reader = Reader::new(&name, options);
        let started = now_ms();
        let mut last_tick = f64::NEG_INFINITY;
        let mut offset = first.len();
        let mut more = true;
        // The first slice's push is followed by a yield too: a small file (the warm-up's) has
        // no second, and its queued messages run before the next file.
        let mut since_yield = SLICE;
        chunk = first;
        while more {
            let read = reader.push(&chunk)?;
            since_yield = since_yield.saturating_add(chunk.len());
            let now = now_ms();
            if let Some(index) = progress.filter(|_| now - last_tick >= PROGRESS_EVERY_MS) {
                last_tick = now;
                let secs = ((now - started) / 1000.0).max(1e-3);
                tick(&Tick::Progress(reply::Progress {
                    index,
                    bytes: offset as f64,
                    rows: read.rows as u64,
                    rejected: read.rejected as u64,
                    rows_per_s: read.rows as f64 / secs,
                }));
            }
            if since_yield >= SLICE {
                since_yield = 0;
                yield_to_messages().await;
            }
            more = chunks.next(&mut chunk).await?;
            if !still_wanted() {
                chunks.stop();
                return Ok(None);
            }
            offset += chunk.len();
        }
        let table = reader.finish()?;
        Ok(Some((table, signature, chosen.is_some())))
    }

    fn summaries(loaded: &Loaded) -> Vec<TableSummary> {
        loaded
            .tables
            .iter()
            .enumerate()
            .filter_map(|(i, t)| {
                t.as_ref()
                    .map(|t| summarize(i, &loaded.signatures[i], t, loaded.overridden[i]))
            })
            .collect()
    }

    impl Loaded {
        /// Room for `n` sources, none read yet.
        fn with_room(sources: Vec<Source>) -> Self {
            let n = sources.len();
            Loaded {
                sources,
                signatures: vec![String::new(); n],
                overridden: vec![false; n],
                tables: vec![None; n],
            }
        }

        fn append(&mut self, other: Loaded) {
            self.sources.extend(other.sources);
            self.signatures.extend(other.signatures);
            self.overridden.extend(other.overridden);
            self.tables.extend(other.tables);
        }
    }

    /// Reads `sources`, then adds them to the loaded files (`add`) or puts them in their
    /// place. The loaded files stay as they were until the end, and for good when none of
    /// the sources could be read or the read was cancelled: a mistake loses no data.
    async fn load(sources: Vec<Source>, overrides: BTreeMap<String, MappingOverride>, add: bool) {
        let gen_now = STATE.with(|s| {
            let mut s = s.borrow_mut();
            s.generation += 1;
            s.generation
        });
        tick(&Tick::Started(reply::Started {
            files: sources.iter().map(|s| (s.name(), s.size())).collect(),
        }));
        // The new files' indexes follow the loaded ones when they are added.
        let first = if add {
            STATE.with(|s| s.borrow().loaded.tables.len())
        } else {
            0
        };
        let mut read = Loaded::with_room(sources.clone());
        let mut any = false;
        for (i, source) in sources.iter().enumerate() {
            let current = || generation() == gen_now;
            match read_source(Some(i), source, &overrides, None, &current).await {
                Ok(Some((table, signature, overridden))) => {
                    let summary = summarize(first + i, &signature, &table, overridden);
                    read.signatures[i] = signature;
                    read.overridden[i] = overridden;
                    read.tables[i] = Some(table);
                    any = true;
                    post(&FromWorker::FileDone(reply::FileDone { at: i, summary }));
                }
                Ok(None) => return,
                Err(error) => post(&FromWorker::FileFailed(reply::FileFailed {
                    index: i,
                    error,
                })),
            }
            if generation() != gen_now {
                return;
            }
        }
        let tables = STATE.with(|s| {
            let mut s = s.borrow_mut();
            if any {
                if add {
                    s.loaded.append(read);
                } else {
                    s.loaded = read;
                }
            }
            summaries(&s.loaded)
        });
        post(&FromWorker::Loaded(reply::Loaded {
            tables,
            changed: any,
        }));
    }

    async fn remap(index: usize, mapping: MappingOverride) {
        let (source, gen_now) = STATE.with(|s| {
            let s = s.borrow();
            (s.loaded.sources.get(index).cloned(), s.generation)
        });
        let Some(source) = source else {
            post(&FromWorker::Error(reply::Error {
                error: WorkerError::NoSuchFile { index },
            }));
            return;
        };
        // Progress is numbered within the last load, where this file may not be: none posted.
        let current = || generation() == gen_now;
        match read_source(None, &source, &BTreeMap::new(), Some(&mapping), &current).await {
            Ok(Some((table, signature, overridden))) => {
                let tables = STATE.with(|s| {
                    let mut s = s.borrow_mut();
                    let l = &mut s.loaded;
                    l.signatures[index] = signature;
                    l.overridden[index] = overridden;
                    l.tables[index] = Some(table);
                    summaries(l)
                });
                post(&FromWorker::Loaded(reply::Loaded {
                    tables,
                    changed: true,
                }));
            }
            Ok(None) => {}
            Err(error) => post(&FromWorker::Error(reply::Error { error })),
        }
    }

    /// Runs `f` over the loaded tables, without copying them. The tables leave the state
    /// while `f` runs: `f` is synchronous, so no read can see the gap.
    fn with_tables<R>(f: impl FnOnce(&[Table]) -> R) -> R {
        let mut slots = STATE.with(|s| std::mem::take(&mut s.borrow_mut().loaded.tables));
        let result = lend_tables(&mut slots, f);
        STATE.with(|s| s.borrow_mut().loaded.tables = slots);
        result
    }

    fn analyze(settings: &Settings, query: &Query, segment: &Segment) {
        // A range that ends before it starts is refused, never read as one day.
        if let Err(e) = query.check() {
            post(&FromWorker::Error(reply::Error { error: e.into() }));
            return;
        }
        let started = now_ms();
        let query = segment_query(query, segment);
        // Each metric is posted as it is computed (cheap ones first), so the dashboard shows
        // its first cards long before the costly metrics are done.
        let mut stream = ReportStream::default();
        let send_points = jornada_engine::metrics::send_points();
        with_tables(|tables| {
            jornada_engine::metrics::analyze_each(tables, settings, &query, |at, outcome| {
                if let Some(part) = add_outcome(&mut stream, &send_points, at, outcome) {
                    post(&part);
                }
            })
        });
        for message in stream.finish(now_ms() - started) {
            post(&message);
        }
    }

    /// Adds one of `analyze_each`'s outcomes to `stream`, its table trimmed; returns the part
    /// to post now, if any (at `send_points`, or by count or time).
    fn add_outcome(
        stream: &mut ReportStream,
        send_points: &[bool],
        at: usize,
        mut outcome: jornada_engine::metrics::Outcome,
    ) -> Option<FromWorker> {
        if let jornada_engine::metrics::Outcome::Metric(m) = &mut outcome {
            trim_table(m);
        }
        let send_now = send_points.get(at).copied().unwrap_or(false);
        stream.add(at, outcome, now_ms(), send_now)
    }

    /// What an explanation is asked for.
    struct Wanted<'a> {
        id: &'a str,
        period: Option<&'a str>,
        by: Option<(String, String)>,
        customer: Option<&'a str>,
        rule_has: Option<&'a str>,
    }

    fn explain(
        settings: &Settings,
        query: &Query,
        segment: &Segment,
        what: Wanted<'_>,
        window: RowWindow,
    ) {
        // The role by its id, as the report's breakdowns name it.
        let by = what.by.and_then(|(role, key)| {
            serde_json::from_value::<jornada_engine::Role>(serde_json::Value::String(role))
                .ok()
                .map(|r| (r, key))
        });
        let segmented = segment_query(query, segment);
        let message = with_tables(|tables| {
            let explained = match what.customer {
                Some(who) if what.id == "journey.customers" => {
                    with_segment(tables, segment, |tables| {
                        jornada_engine::metrics::journey::timeline(tables, settings, query, who)
                    })
                }
                _ => jornada_engine::metrics::explain_by(
                    tables,
                    settings,
                    &segmented,
                    what.id,
                    what.period,
                    by,
                ),
            };
            match explained.map(|e| keep_rules(e, what.rule_has)) {
                Ok(e) => FromWorker::Explanation(reply::Explanation {
                    explanation: explanation_view(tables, e, window),
                }),
                Err(e) => FromWorker::Error(reply::Error { error: e.into() }),
            }
        });
        post(&message);
    }

    /// The sample company (about `rows` rows in all), generated by its own worker
    /// ([`crate::sample_worker`], fetched only now) as `File`s, which are then read like
    /// dropped files.
    async fn sample_sources(rows: usize, lang: &str) -> Result<Vec<Source>, WorkerError> {
        let failed = |e: JsValue| WorkerError::Unreadable {
            file: crate::sample_worker::URL.to_string(),
            detail: e.as_string().unwrap_or_else(|| format!("{e:?}")),
        };
        let worker = web_sys::Worker::new(crate::sample_worker::URL).map_err(failed)?;
        // Its first message says it listens (its wasm starts after its script has run, and a
        // message sent before would be lost); the second is the answer.
        let answer = async {
            next_message(&worker).await?;
            let request = js_sys::Object::new();
            js_sys::Reflect::set(&request, &"rows".into(), &(rows as f64).into())?;
            js_sys::Reflect::set(&request, &"lang".into(), &lang.into())?;
            worker.post_message(&request)?;
            next_message(&worker).await
        }
        .await;
        worker.terminate();
        let data = answer.map_err(failed)?;
        if !data.is_array() {
            return Err(failed(data));
        }
        Ok(js_sys::Array::from(&data)
            .iter()
            .filter_map(|f| f.dyn_into::<web_sys::File>().ok())
            .map(|f| Source::File(f.into()))
            .collect())
    }

    /// The next message `worker` posts, or why it failed (an error event's message).
    async fn next_message(worker: &web_sys::Worker) -> Result<JsValue, JsValue> {
        let next = js_sys::Promise::new(&mut |resolve, reject| {
            worker.set_onmessage(Some(&resolve));
            worker.set_onerror(Some(&reject));
        });
        match wasm_bindgen_futures::JsFuture::from(next).await {
            Ok(ev) => Ok(ev.unchecked_into::<web_sys::MessageEvent>().data()),
            Err(e) => Err(match e.dyn_into::<web_sys::ErrorEvent>() {
                Ok(ev) => JsValue::from_str(&ev.message()),
                Err(e) => e,
            }),
        }
    }

    /// Generates the sample, then loads it unless a newer request (a cancel, another load)
    /// came meanwhile.
    async fn load_sample(rows: usize, lang: String, overrides: BTreeMap<String, MappingOverride>) {
        let asked_at = generation();
        match sample_sources(rows, &lang).await {
            Ok(sources) if generation() == asked_at => load(sources, overrides, false).await,
            Ok(_) => {}
            Err(error) => post(&FromWorker::Error(reply::Error { error })),
        }
    }

    fn on_message(ev: &web_sys::MessageEvent) {
        STATE.with(|s| s.borrow_mut().requests += 1);
        let data = ev.data();
        let msg = js_sys::Reflect::get(&data, &"msg".into()).unwrap_or(JsValue::UNDEFINED);
        let msg: ToWorker = match request_from_js(msg) {
            Ok(m) => m,
            Err(detail) => {
                post(&FromWorker::Error(reply::Error {
                    error: WorkerError::Request { detail },
                }));
                return;
            }
        };
        match msg {
            ToWorker::Load(request::Load {
                names: _,
                overrides,
                add,
            }) => {
                let files = js_sys::Reflect::get(&data, &"files".into())
                    .map(|v| js_sys::Array::from(&v))
                    .unwrap_or_default();
                let sources = files
                    .iter()
                    .filter_map(|f| f.dyn_into::<web_sys::File>().ok())
                    .map(|f| Source::File(f.into()))
                    .collect();
                wasm_bindgen_futures::spawn_local(load(sources, overrides, add));
            }
            ToWorker::Sample(request::Sample {
                rows,
                lang,
                overrides,
            }) => wasm_bindgen_futures::spawn_local(load_sample(rows, lang, overrides)),
            ToWorker::Cancel => {
                // The read stops; what was loaded before it stays.
                STATE.with(|s| s.borrow_mut().generation += 1);
                tick(&Tick::Cancelled);
            }
            ToWorker::Remap(request::Remap { index, mapping }) => {
                wasm_bindgen_futures::spawn_local(remap(index, mapping));
            }
            ToWorker::Analyze(request::Analyze {
                settings,
                query,
                segment,
            }) => analyze(&settings, &query, &segment),
            ToWorker::Explain(request::Explain {
                settings,
                query,
                segment,
                id,
                period,
                by,
                window,
                customer,
                rule_has,
            }) => {
                let what = Wanted {
                    id: &id,
                    period: period.as_deref(),
                    by,
                    customer: customer.as_deref(),
                    rule_has: rule_has.as_deref(),
                };
                explain(&settings, &query, &segment, what, window)
            }
            ToWorker::Profiles(request::Profiles {
                settings,
                query,
                segment,
                lang,
            }) => {
                let csv = with_tables(|tables| {
                    with_segment(tables, &segment, |tables| {
                        let rows = jornada_engine::metrics::journey::profile_rows(
                            tables, &settings, &query,
                        );
                        crate::export::profiles_csv(&rows, lang)
                    })
                });
                post(&FromWorker::Profiles(reply::Profiles { csv }));
            }
        }
    }

    /// Set by the panic hook: a trap after it is a panic's abort, not a failed allocation.
    static PANICKED: AtomicBool = AtomicBool::new(false);

    /// The wasm memory's size in bytes (read without allocating).
    fn memory_bytes() -> f64 {
        core::arch::wasm32::memory_size::<0>() as f64 * 65_536.0
    }

    /// An uncaught error (a trap: out of memory, or a panic's abort) leaves the engine's state
    /// broken. The page is told what is known, once (the event is not passed on to the
    /// `Worker`'s own `error` listener), and replaces this worker with a fresh one.
    fn on_error(ev: &web_sys::Event) {
        let detail = ev
            .dyn_ref::<web_sys::ErrorEvent>()
            .map(|e| e.message())
            .unwrap_or_default();
        let out_of_memory = Crash::is_out_of_memory(&detail, PANICKED.load(Ordering::Relaxed));
        tick(&Tick::Crashed(Crash {
            detail,
            out_of_memory,
            memory: memory_bytes(),
        }));
        ev.prevent_default();
    }

    pub fn start() {
        std::panic::set_hook(Box::new(|info| {
            PANICKED.store(true, Ordering::Relaxed);
            console_error_panic_hook::hook(info);
        }));
        // The worker lives as long as the page: its listeners are never removed.
        gloo::events::EventListener::new(&scope(), "message", |ev| {
            if let Some(ev) = ev.dyn_ref::<web_sys::MessageEvent>() {
                on_message(ev);
            }
        })
        .forget();
        gloo::events::EventListener::new(&scope(), "error", on_error).forget();
        tick(&Tick::Ready);
        if scope().name() != RESTARTED {
            wasm_bindgen_futures::spawn_local(warm_up());
        }
    }

    /// How long the warm-up waits after `ready`: the requests the page queued until then
    /// come first, and a request stops the warm-up before it starts.
    const WARM_UP_DELAY_MS: u32 = 200;

    /// Work between two of the warm-up's yields to the worker's messages.
    const WARM_UP_STEP_MS: f64 = 10.0;

    /// Runs the engine once over a small sample of the sample company ([`WARM_UP_ORDERS`]
    /// orders, its 14 files) while the worker is idle, then posts `warm`. Why: V8 runs wasm
    /// first as its baseline compiler's code and optimises a function only once it has run a
    /// while, and never a call already running; a big file's one-off loops (building the
    /// columns, indexing and sorting a million rows) would run unoptimised to their end. Once
    /// each has run here, they are optimised before the user's first file (issue 16: the 1M
    /// orders' first result 931 → 671 ms with a 5k-order sample, README). A request stops it
    /// at once: it yields between slices and every [`WARM_UP_STEP_MS`] of metrics. Its tables
    /// are its own, and nothing it computes is posted or kept.
    async fn warm_up() {
        let requests = || STATE.with(|s| s.borrow().requests);
        let at_start = requests();
        let idle = move || requests() == at_start;
        gloo::timers::future::TimeoutFuture::new(WARM_UP_DELAY_MS).await;
        if !idle() {
            return;
        }
        let Ok(sources) = sample_sources(WARM_UP_ORDERS, "pt").await else {
            return;
        };
        let mut tables = Vec::new();
        for source in &sources {
            if !idle() {
                return;
            }
            match read_source(None, source, &BTreeMap::new(), None, &idle).await {
                Ok(Some((table, _, _))) => tables.push(table),
                _ => return,
            }
        }
        let (settings, query) = (Settings::default(), Query::default());
        let ctx = jornada_engine::metrics::Ctx::new(&tables, &settings, &query);
        let send_points = jornada_engine::metrics::send_points();
        let mut stream = ReportStream::default();
        let mut since = now_ms();
        // As `analyze` does, to its messages' JSON, which is dropped.
        for (at, outcome) in jornada_engine::metrics::Steps::new(&ctx, None) {
            if let Some(part) = add_outcome(&mut stream, &send_points, at, outcome) {
                std::hint::black_box(respond_json(&part));
            }
            if now_ms() - since > WARM_UP_STEP_MS {
                gloo::timers::future::TimeoutFuture::new(0).await;
                if !idle() {
                    return;
                }
                since = now_ms();
            }
        }
        for message in stream.finish(now_ms() - since) {
            std::hint::black_box(respond_json(&message));
        }
        tick(&Tick::Warm);
    }
}

/// Worker entry point (see `src/bin/jornada-worker.rs`).
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    web::start();
}

#[cfg(test)]
mod tests {
    use super::*;
    use jornada_engine::segment::{Dimension, Spelling};
    use jornada_engine::table::text_values;
    use jornada_engine::{Role, TableKind};

    fn orders() -> Table {
        Table::new("pedidos.csv", TableKind::Orders)
            .with_column(
                "Canal",
                Role::Channel,
                text_values(["loja", "site", "loja", ""]),
            )
            .with_column(
                "Valor",
                Role::Amount,
                Values::Number(vec![Some(10.0), Some(20.0), Some(30.0), Some(40.0)].into()),
            )
    }

    #[test]
    fn tables_are_lent_in_order_and_put_back_in_their_slots() {
        let tickets = Table::new("chamados.csv", TableKind::Tickets);
        let mut slots = vec![Some(orders()), None, Some(tickets), None];
        let cells_before = slots[0].as_ref().map(|t| {
            t.numbers(Role::Amount)
                .map(jornada_engine::table::Numbers::as_ptr)
        });
        let seen = lend_tables(&mut slots, |tables| {
            tables.iter().map(|t| t.file.clone()).collect::<Vec<_>>()
        });
        assert_eq!(seen, ["pedidos.csv", "chamados.csv"]);
        let files: Vec<Option<&str>> = slots
            .iter()
            .map(|t| t.as_ref().map(|t| t.file.as_str()))
            .collect();
        assert_eq!(
            files,
            [Some("pedidos.csv"), None, Some("chamados.csv"), None]
        );
        // The same cells, not a copy of them.
        let cells_after = slots[0].as_ref().map(|t| {
            t.numbers(Role::Amount)
                .map(jornada_engine::table::Numbers::as_ptr)
        });
        assert_eq!(cells_before, cells_after);
        assert_eq!(lend_tables(&mut Vec::new(), <[Table]>::len), 0);
    }

    #[test]
    fn a_segment_filters_each_table_and_no_segment_reads_them_as_they_are() {
        let tables = [orders()];
        let whole = Segment::default();
        let same = with_segment(&tables, &whole, |t| {
            std::ptr::eq(t.as_ptr(), tables.as_ptr())
        });
        assert!(same, "no segment: the tables themselves, not a copy");
        let loja = Segment {
            value: Some(jornada_engine::segment::Segment {
                dimension: Dimension::Acquisition,
                value: "LOJA".into(),
            }),
        };
        let sums = with_segment(&tables, &loja, |t| {
            t.iter()
                .map(|t| {
                    t.numbers(Role::Amount)
                        .map_or(0.0, |v| v.iter().flatten().sum())
                })
                .collect::<Vec<f64>>()
        });
        assert_eq!(sums, [40.0]);
    }

    #[test]
    fn summary_lists_roles_segments_and_rejects() {
        let mut t = orders();
        let why = jornada_engine::why::Why::new("reject.unreadable", ["Valor", "x", "number"]);
        t.rejects.push(jornada_engine::Reject {
            line: 9,
            reason: jornada_engine::why::english_line(&why),
            why: why.clone(),
        });
        let blank = jornada_engine::why::Why::new("warning.blank_rows", ["2"]);
        t.warnings.push(jornada_engine::why::english_line(&blank));
        t.warnings_why.push(blank.clone());
        let s = summarize(3, "h1", &t, true);
        assert_eq!(s.index, 3);
        assert_eq!(s.kind, "orders");
        assert_eq!(s.columns[1].role.as_deref(), Some("amount"));
        assert_eq!(s.columns[1].ty, "number");
        let spelling = |label: &str, rows| Spelling {
            dimension: Dimension::Acquisition,
            file: "pedidos.csv".into(),
            column: "Canal".into(),
            label: label.into(),
            rows,
        };
        assert_eq!(s.segments, vec![spelling("loja", 2), spelling("site", 1)]);
        assert_eq!(s.rejected, 1);
        // The parts travel with the English lines, for the page to render in pt or en.
        assert_eq!(s.rejects[0].why, why);
        assert_eq!(
            s.rejects[0].reason,
            "column \"Valor\": \"x\" is not a number"
        );
        assert_eq!(s.warnings, ["2 blank row(s) skipped"]);
        assert_eq!(s.warnings_why, [blank]);
        assert!(s.overridden);
    }

    #[test]
    fn drill_down_rows_show_their_cells() {
        let cells = row_cells(&[orders()], "pedidos.csv", 3);
        assert_eq!(
            cells,
            vec![
                ("Canal".to_string(), "site".to_string()),
                ("Valor".to_string(), "20".to_string())
            ]
        );
        assert!(row_cells(&[orders()], "pedidos.csv", 99).is_empty());
    }

    #[test]
    fn a_file_is_read_with_its_size_as_the_hint() {
        let o = read_options(3_145_728.0, None);
        assert_eq!(o.size_hint, Some(3_145_728));
        assert!(o.mapping.is_none());
        // An empty file (or a size the browser does not know) gives no hint.
        assert_eq!(read_options(0.0, None).size_hint, None);
        assert_eq!(read_options(f64::NAN, None).size_hint, None);
        let m = file_mapping("pedidos.csv", "h1", &MappingOverride::default());
        let o = read_options(10.0, Some(m));
        assert_eq!(o.size_hint, Some(10));
        assert_eq!(
            o.mapping.and_then(|m| m.file).as_deref(),
            Some("pedidos.csv")
        );
    }
}
