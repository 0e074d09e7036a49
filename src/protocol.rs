//! Messages between the UI thread and the engine worker. Requests (`ToWorker`) and reading
//! progress (`Tick`) are small and travel as plain JS objects through serde-wasm-bindgen
//! ([`to_js`], [`from_js`]; `File` objects beside a request, as structured clones). Answers
//! with a summary, report or explanation (`FromWorker`) travel as JSON strings: carrying
//! reports through serde-wasm-bindgen was measured worse (+7 KB gzip of UI wasm and more
//! UI-thread time decoding a 1M report's messages than `serde_json` parsing, which the UI
//! keeps anyway).
//!
//! The worker keeps the tables; the UI only ever sees summaries, reports and explanations.

use jornada_engine::report::Explanation;
use jornada_engine::report::Metric;
use jornada_engine::table::Reject;
use jornada_engine::why::Why;
use jornada_engine::{Query, Report, Settings};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A user's correction of how one file was understood, remembered per header signature.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MappingOverride {
    /// Table kind id (`orders`, ...), or `None` to keep the inferred kind.
    pub kind: Option<String>,
    /// Column header → role id (`amount`, ...), or `""` for "no role".
    pub roles: BTreeMap<String, String>,
}

impl MappingOverride {
    pub fn is_empty(&self) -> bool {
        self.kind.is_none() && self.roles.is_empty()
    }
}

/// The segment chosen in the filters (`dimension = value`, see `jornada_engine::segment`):
/// the engine cuts the files its dimension reads and marks each metric it does not apply to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub value: Option<jornada_engine::segment::Segment>,
}

/// A request to the worker. On the wire each is one flat object, `{ type, ...fields }`: the
/// variants hold named structs, which serde's internal tagging writes flattened beside
/// `type`. The worker reads `type` first and then decodes only that struct
/// ([`request_from_js`]): the derived decoding of an internally tagged enum first copies the
/// whole message into serde's buffer and decodes every field type from that buffer too (about
/// 45 KB of the worker's wasm).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToWorker {
    Load(request::Load),
    Sample(request::Sample),
    /// Stop reading; keep nothing of the files being read (the loaded files stay).
    Cancel,
    Remap(request::Remap),
    Analyze(request::Analyze),
    Explain(request::Explain),
    Profiles(request::Profiles),
}

/// The fields of each [`ToWorker`] request.
pub mod request {
    use super::{
        BTreeMap, Deserialize, MappingOverride, Query, RowWindow, Segment, Serialize, Settings,
    };

    /// Read the `File`s sent beside this message: added to the loaded files when `add`, else
    /// in their place. Either way the loaded files change only if one of these was read.
    /// `overrides` holds every remembered mapping, by header signature.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Load {
        pub names: Vec<String>,
        pub overrides: BTreeMap<String, MappingOverride>,
        #[serde(default)]
        pub add: bool,
    }

    /// Generate the sample company (about `rows` rows in all) and read it like dropped files.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Sample {
        pub rows: usize,
        pub lang: String,
        pub overrides: BTreeMap<String, MappingOverride>,
    }

    /// Re-read file `index` with this mapping.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Remap {
        pub index: usize,
        pub mapping: MappingOverride,
    }

    /// The report of the loaded files.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Analyze {
        pub settings: Settings,
        pub query: Query,
        pub segment: Segment,
    }

    /// The rows behind one metric's number (or one customer's timeline).
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Explain {
        pub settings: Settings,
        pub query: Query,
        pub segment: Segment,
        pub id: String,
        pub period: Option<String>,
        /// A breakdown bar's `(role id, key)`: the rows of that key only.
        #[serde(default)]
        pub by: Option<(String, String)>,
        /// Which of the explanation's rows to send (the page on screen, or all to export).
        #[serde(default)]
        pub window: RowWindow,
        /// With `journey.customers`: the timeline of this customer (id or e-mail) instead.
        #[serde(default)]
        pub customer: Option<String>,
        /// Only the rows whose rule holds this text (e.g. one cohort cell's orders).
        #[serde(default)]
        pub rule_has: Option<String>,
    }

    /// Every customer's unified profile, as a CSV file to download in `lang`'s spreadsheet
    /// dialect.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Profiles {
        pub settings: Settings,
        pub query: Query,
        pub segment: Segment,
        #[serde(default)]
        pub lang: crate::i18n::Lang,
    }
}

/// A window on an explanation's rows: `limit` rows from `offset`; `export` marks the reply
/// as an export (downloaded as a file, not shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowWindow {
    pub offset: usize,
    pub limit: usize,
    #[serde(default)]
    pub export: bool,
}

impl Default for RowWindow {
    fn default() -> Self {
        RowWindow {
            offset: 0,
            limit: MAX_PROVENANCE_ROWS,
            export: false,
        }
    }
}

/// One column as ingest understood it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    pub name: String,
    pub role: Option<String>,
    pub ty: String,
    pub confidence: f32,
    /// The engine's English reason (shown when a part of `why` is unknown).
    pub reason: String,
    /// The reason as language-neutral parts, rendered by [`crate::reasons`].
    #[serde(default)]
    pub why: Vec<Why>,
}

/// One file as ingest understood it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableSummary {
    pub index: usize,
    pub file: String,
    pub signature: String,
    pub kind: String,
    pub kind_confidence: f32,
    pub kind_reason: String,
    #[serde(default)]
    pub kind_why: Vec<Why>,
    pub vendor: Option<String>,
    pub currency: Option<String>,
    pub rows: usize,
    pub columns: Vec<ColumnSummary>,
    /// The first rejects (at most [`MAX_REJECTS_SHOWN`]); `rejected` is the total.
    pub rejects: Vec<Reject>,
    pub rejected: usize,
    pub warnings: Vec<String>,
    /// `warnings` as language-neutral parts, one each, rendered by [`crate::messages`].
    #[serde(default)]
    pub warnings_why: Vec<Why>,
    /// Whether a remembered override was applied.
    pub overridden: bool,
    /// The spellings of each segment dimension's values in this file, with their rows (the
    /// filter merges them across files: `jornada_engine::segment::merge`).
    #[serde(default)]
    pub segments: Vec<jornada_engine::segment::Spelling>,
}

pub const MAX_REJECTS_SHOWN: usize = 200;
/// Metrics per `ReportPart` message (a 10k-row report parses in a few ms per part).
pub const METRICS_PER_PART: usize = 8;
pub const MAX_PROVENANCE_ROWS: usize = 300;

/// A provenance row with the source row's cells beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainedRow {
    pub file: String,
    pub line: u32,
    pub included: bool,
    pub rule: String,
    pub value: Option<f64>,
    /// `header: cell` pairs of the source row.
    pub cells: Vec<(String, String)>,
    /// A timeline row typed (stage, kind, row, date, the file's own word).
    #[serde(default)]
    pub step: Option<jornada_engine::report::TimelineStep>,
    /// The rule as parts, where the engine gives them (the scores' rules).
    #[serde(default)]
    pub why: Option<jornada_engine::why::Why>,
}

/// The rows behind a value, trimmed for display.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplanationView {
    pub id: String,
    pub period: Option<String>,
    /// The first and last day (ISO) of the range the rows were read over.
    #[serde(default)]
    pub first_day: String,
    #[serde(default)]
    pub last_day: String,
    pub formula: String,
    pub value: Option<f64>,
    /// The breakdown key explained (`(role id, key)`), if any.
    #[serde(default)]
    pub by: Option<(String, String)>,
    pub rows: Vec<ExplainedRow>,
    pub total_rows: usize,
    pub included_rows: usize,
    /// The segment the rows were cut to, and how the metric's files met it.
    #[serde(default)]
    pub segment: Option<jornada_engine::segment::Segment>,
    #[serde(default)]
    pub segment_use: Option<jornada_engine::segment::SegmentUse>,
    /// The position of `rows[0]` among all the rows, and whether this is an export.
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub export: bool,
}

impl ExplanationView {
    pub fn from_explanation(e: Explanation, rows: Vec<ExplainedRow>) -> Self {
        let included_rows = e.rows.iter().filter(|r| r.included).count();
        ExplanationView {
            offset: 0,
            export: false,
            total_rows: e.rows.len(),
            included_rows,
            id: e.id,
            period: e.period,
            first_day: e.first_day,
            last_day: e.last_day,
            formula: e.formula,
            value: e.value,
            by: e.by,
            segment: e.segment,
            segment_use: e.segment_use,
            rows,
        }
    }
}

fn yes() -> bool {
    true
}

/// The worker's small messages, sent as plain JS objects ([`to_js`]), `{ type, ...fields }`
/// like the answers; the UI reads the `type` first, then that tick's struct
/// ([`tick_from_js`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Tick {
    /// The worker is ready for requests.
    Ready,
    /// The worker has run its engine once over a small sample while idle (its warm-up), so
    /// its hot code is optimised for the user's first file.
    Warm,
    Started(reply::Started),
    Progress(reply::Progress),
    /// Reading stopped at the user's request; nothing of it is kept.
    Cancelled,
    /// The worker stopped on an uncaught error (a wasm trap): it can do no more work.
    Crashed(Crash),
}

/// What the worker knew when it stopped on an uncaught error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crash {
    /// The error as the browser wrote it (`Uncaught RuntimeError: unreachable`).
    pub detail: String,
    /// The engine ran out of memory: an allocation failed because the wasm memory could not
    /// grow (see [`Crash::is_out_of_memory`]).
    pub out_of_memory: bool,
    /// The worker's wasm memory, in bytes, when it stopped.
    pub memory: f64,
}

impl Crash {
    /// Whether a trap is Rust's abort on a failed allocation. The worker is built with
    /// `panic = "abort"` and a panic hook that records every panic (`panicked`), so an
    /// `unreachable` trap that no panic preceded is `handle_alloc_error`'s abort: the allocator
    /// asked the wasm memory to grow and it could not (its maximum, or the browser's limit).
    pub fn is_out_of_memory(detail: &str, panicked: bool) -> bool {
        !panicked && detail.contains("unreachable")
    }
}

/// The worker's answers, sent as JSON strings, each one flat object `{ type, ...fields }`:
/// each variant's struct writes its own `type` first (`#[serde(tag = "type", rename = ..)]`
/// on the struct; the enum adds nothing, which spares the worker serde's serializer for
/// tagged newtype variants). The UI reads the `type` first and then decodes only that
/// answer's struct ([`reply_from_json`]): the derived decoding of an internally tagged enum
/// copies the whole message into serde's buffer and decodes every field type from that buffer
/// too (tens of KB of the app's wasm). So neither this nor [`Tick`] derives `Deserialize`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FromWorker {
    FileDone(reply::FileDone),
    FileFailed(reply::FileFailed),
    Loaded(reply::Loaded),
    ReportPart(reply::ReportPart),
    Report(reply::Report),
    Explanation(reply::Explanation),
    Profiles(reply::Profiles),
    Error(reply::Error),
}

/// The fields of each [`FromWorker`] answer (each writes its `type`, which decoding ignores)
/// and [`Tick`].
pub mod reply {
    use super::{Deserialize, ExplanationView, Metric, Serialize, TableSummary, WorkerError};

    /// One file read.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename = "file_done")]
    pub struct FileDone {
        #[serde(default)]
        pub at: usize,
        pub summary: TableSummary,
    }

    /// One file that could not be read.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename = "file_failed")]
    pub struct FileFailed {
        pub index: usize,
        pub error: WorkerError,
    }

    /// All files read: every loaded table (those that failed are absent). `changed` is false
    /// when none of the files could be read: the loaded tables are then as they were.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename = "loaded")]
    pub struct Loaded {
        pub tables: Vec<TableSummary>,
        #[serde(default = "super::yes")]
        pub changed: bool,
    }

    /// Some of the next report's metrics, sent ahead of it in several small messages so the UI
    /// thread parses a large report in several short tasks rather than one long one.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename = "report_part")]
    pub struct ReportPart {
        pub metrics: Vec<Metric>,
        /// Each metric's index in the engine's catalogue, when the parts arrive out of
        /// catalogue order (as computed: `jornada_engine::metrics::analyze_each`); empty when
        /// they arrive in report order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub at: Vec<u32>,
    }

    /// The report; its metrics follow those of the `ReportPart`s sent since the last report.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename = "report")]
    pub struct Report {
        pub report: jornada_engine::Report,
        pub ms: f64,
    }

    /// The rows behind a value.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename = "explanation")]
    pub struct Explanation {
        pub explanation: ExplanationView,
    }

    /// The profiles CSV asked for by `ToWorker::Profiles`.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename = "profiles")]
    pub struct Profiles {
        pub csv: String,
    }

    /// A request that failed.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename = "error")]
    pub struct Error {
        pub error: WorkerError,
    }

    /// Tick: reading started, the files' names and byte sizes. `Progress`, `FileDone` and
    /// `FileFailed` number these files from 0 (`index`, `at`), whatever is loaded already.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Started {
        pub files: Vec<(String, f64)>,
    }

    /// Tick: how far the reading of file `index` is.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct Progress {
        pub index: usize,
        pub bytes: f64,
        pub rows: u64,
        pub rejected: u64,
        pub rows_per_s: f64,
    }
}

/// What went wrong in the worker, as parts (the page words them in pt-BR or en, see
/// [`crate::state::AppError`]). Details the engine writes in English (`why`, `needs`) travel
/// as written, inside a translated sentence. On the wire `{ kind, ...fields }`; read by a
/// `Deserialize` of its own ([`ErrorFields`]), not serde's buffered internally tagged one.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WorkerError {
    /// The file has no bytes.
    Empty {
        file: String,
    },
    /// The file is not text (a spreadsheet, an image...).
    NotText {
        file: String,
        why: String,
    },
    NoHeader {
        file: String,
        why: String,
    },
    Malformed {
        file: String,
        line: u32,
        why: String,
    },
    /// A documented limit on the file's shape (columns, header size...) was passed.
    OverLimit {
        file: String,
        line: u32,
        why: String,
        limit: String,
    },
    /// A remembered or chosen mapping does not fit the file.
    Mapping {
        file: String,
        why: String,
    },
    /// The browser could not give the file's bytes (moved, deleted, no permission).
    Unreadable {
        file: String,
        detail: String,
    },
    /// A remap named a file that is not loaded.
    NoSuchFile {
        index: usize,
    },
    /// A message the worker could not decode.
    Request {
        detail: String,
    },
    /// An answer the worker could not encode.
    Answer {
        detail: String,
    },
    UnknownMetric {
        id: String,
    },
    /// No row names this customer id or e-mail (a customer's timeline).
    UnknownCustomer {
        who: String,
    },
    MetricUnavailable {
        id: String,
        needs: String,
    },
    BadPeriod {
        period: String,
    },
    BadSettings {
        detail: String,
    },
    /// A range whose start (ISO day) comes after its end.
    RangeReversed {
        from: String,
        to: String,
    },
}

impl From<jornada_engine::IngestError> for WorkerError {
    fn from(e: jornada_engine::IngestError) -> Self {
        use jornada_engine::IngestError as E;
        match e {
            E::Empty { file } => WorkerError::Empty { file },
            E::Binary { file, why } => WorkerError::NotText { file, why },
            E::NoHeader { file, why } => WorkerError::NoHeader { file, why },
            E::Malformed { file, line, why } => WorkerError::Malformed { file, line, why },
            E::OverLimit {
                file,
                line,
                why,
                limit,
            } => WorkerError::OverLimit {
                file,
                line,
                why,
                limit,
            },
            E::Mapping { file, why } => WorkerError::Mapping { file, why },
        }
    }
}

impl From<jornada_engine::EngineError> for WorkerError {
    fn from(e: jornada_engine::EngineError) -> Self {
        use jornada_engine::EngineError as E;
        match e {
            E::UnknownMetric(id) => WorkerError::UnknownMetric { id },
            E::UnknownCustomer(who) => WorkerError::UnknownCustomer { who },
            E::Unavailable { id, needs } => WorkerError::MetricUnavailable { id, needs },
            E::BadPeriod(period) => WorkerError::BadPeriod { period },
            E::Settings(detail) => WorkerError::BadSettings { detail },
            E::RangeReversed { from, to } => WorkerError::RangeReversed { from, to },
        }
    }
}

/// Every field of every [`WorkerError`], as the UI reads one: one small struct decoded in one
/// pass, whatever the order of the fields, then checked against its `kind`. (The derived
/// decoding of an internally tagged enum copied the error into serde's buffer and decoded
/// each variant from that: about 35 KB of the app's wasm.)
#[derive(Deserialize)]
struct ErrorFields {
    kind: String,
    file: Option<String>,
    why: Option<String>,
    line: Option<u32>,
    limit: Option<String>,
    detail: Option<String>,
    index: Option<usize>,
    id: Option<String>,
    who: Option<String>,
    needs: Option<String>,
    period: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

/// Every [`WorkerError`] kind, as written on the wire.
const ERROR_KINDS: &[&str] = &[
    "empty",
    "not_text",
    "no_header",
    "malformed",
    "over_limit",
    "mapping",
    "unreadable",
    "no_such_file",
    "request",
    "answer",
    "unknown_metric",
    "unknown_customer",
    "metric_unavailable",
    "bad_period",
    "bad_settings",
    "range_reversed",
];

/// A field the error's kind needs, or serde's "missing field" error.
fn need<T, E: serde::de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

impl ErrorFields {
    fn into_error<E: serde::de::Error>(self) -> Result<WorkerError, E> {
        use WorkerError as W;
        let f = self;
        Ok(match f.kind.as_str() {
            "empty" => W::Empty {
                file: need(f.file, "file")?,
            },
            "not_text" => W::NotText {
                file: need(f.file, "file")?,
                why: need(f.why, "why")?,
            },
            "no_header" => W::NoHeader {
                file: need(f.file, "file")?,
                why: need(f.why, "why")?,
            },
            "malformed" => W::Malformed {
                file: need(f.file, "file")?,
                line: need(f.line, "line")?,
                why: need(f.why, "why")?,
            },
            "over_limit" => W::OverLimit {
                file: need(f.file, "file")?,
                line: need(f.line, "line")?,
                why: need(f.why, "why")?,
                limit: need(f.limit, "limit")?,
            },
            "mapping" => W::Mapping {
                file: need(f.file, "file")?,
                why: need(f.why, "why")?,
            },
            "unreadable" => W::Unreadable {
                file: need(f.file, "file")?,
                detail: need(f.detail, "detail")?,
            },
            "no_such_file" => W::NoSuchFile {
                index: need(f.index, "index")?,
            },
            "request" => W::Request {
                detail: need(f.detail, "detail")?,
            },
            "answer" => W::Answer {
                detail: need(f.detail, "detail")?,
            },
            "unknown_metric" => W::UnknownMetric {
                id: need(f.id, "id")?,
            },
            "unknown_customer" => W::UnknownCustomer {
                who: need(f.who, "who")?,
            },
            "metric_unavailable" => W::MetricUnavailable {
                id: need(f.id, "id")?,
                needs: need(f.needs, "needs")?,
            },
            "bad_period" => W::BadPeriod {
                period: need(f.period, "period")?,
            },
            "bad_settings" => W::BadSettings {
                detail: need(f.detail, "detail")?,
            },
            "range_reversed" => W::RangeReversed {
                from: need(f.from, "from")?,
                to: need(f.to, "to")?,
            },
            other => return Err(E::unknown_variant(other, ERROR_KINDS)),
        })
    }
}

impl<'de> Deserialize<'de> for WorkerError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ErrorFields::deserialize(d)?.into_error()
    }
}

/// A request or tick as a plain JS object: the one place either side serializes for
/// serde-wasm-bindgen (maps become JS `Map`s and `None` `undefined`, which [`from_js`] reads).
pub fn to_js<T: Serialize>(msg: &T) -> Result<wasm_bindgen::JsValue, String> {
    serde_wasm_bindgen::to_value(msg).map_err(|e| e.to_string())
}

/// The other side of [`to_js`]; plain JS objects (the benchmark's requests) read too.
pub fn from_js<T: serde::de::DeserializeOwned>(value: wasm_bindgen::JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// A request as the worker reads it: the plain JS object [`to_js`] makes of a `ToWorker` (or
/// the benchmark writes), `{ type, ...fields }`.
pub fn request_from_js(value: wasm_bindgen::JsValue) -> Result<ToWorker, String> {
    let tag = js_type(&value).ok_or_else(|| "a request without its type".to_string())?;
    read_request(&tag, value)
}

/// A tick as the UI reads it: the plain JS object [`to_js`] makes of a [`Tick`].
pub fn tick_from_js(value: wasm_bindgen::JsValue) -> Result<Tick, String> {
    let tag = js_type(&value).ok_or_else(|| "a tick without its type".to_string())?;
    read_tick(&tag, value)
}

/// The `type` of a message that is a JS object.
fn js_type(value: &wasm_bindgen::JsValue) -> Option<String> {
    js_sys::Reflect::get(value, &"type".into())
        .ok()
        .and_then(|t| t.as_string())
}

/// A message's fields as they arrived: a JS object (requests, ticks), a JSON string
/// (answers), or JSON values in native tests.
pub trait Fields {
    fn read<T: serde::de::DeserializeOwned>(self) -> Result<T, String>;
}

impl Fields for wasm_bindgen::JsValue {
    fn read<T: serde::de::DeserializeOwned>(self) -> Result<T, String> {
        from_js(self)
    }
}

impl Fields for serde_json::Value {
    fn read<T: serde::de::DeserializeOwned>(self) -> Result<T, String> {
        serde_json::from_value(self).map_err(|e| e.to_string())
    }
}

impl Fields for &str {
    fn read<T: serde::de::DeserializeOwned>(self) -> Result<T, String> {
        serde_json::from_str(self).map_err(|e| e.to_string())
    }
}

/// The request of type `tag`, its struct decoded from `fields` (whose own `type` field is
/// one more, ignored).
pub fn read_request(tag: &str, fields: impl Fields) -> Result<ToWorker, String> {
    Ok(match tag {
        "load" => ToWorker::Load(fields.read()?),
        "sample" => ToWorker::Sample(fields.read()?),
        "cancel" => ToWorker::Cancel,
        "remap" => ToWorker::Remap(fields.read()?),
        "analyze" => ToWorker::Analyze(fields.read()?),
        "explain" => ToWorker::Explain(fields.read()?),
        "profiles" => ToWorker::Profiles(fields.read()?),
        other => return Err(format!("unknown request type `{other}`")),
    })
}

/// The tick of type `tag`, its struct decoded from `fields`.
pub fn read_tick(tag: &str, fields: impl Fields) -> Result<Tick, String> {
    Ok(match tag {
        "ready" => Tick::Ready,
        "warm" => Tick::Warm,
        "started" => Tick::Started(fields.read()?),
        "progress" => Tick::Progress(fields.read()?),
        "cancelled" => Tick::Cancelled,
        "crashed" => Tick::Crashed(fields.read()?),
        other => return Err(format!("unknown tick type `{other}`")),
    })
}

/// An answer as the UI reads it: the JSON text [`crate::worker::respond_json`] makes of a
/// [`FromWorker`]. serde_json writes an internally tagged enum's tag first,
/// `{"type":"report_part",...`: that prefix gives the type without parsing the rest, which is
/// then parsed once, as that answer's struct.
pub fn reply_from_json(json: &str) -> Result<FromWorker, String> {
    let tag = json
        .strip_prefix(r#"{"type":""#)
        .and_then(|rest| rest.split_once('"'))
        .map(|(tag, _)| tag)
        .ok_or_else(|| {
            let start: String = json.chars().take(60).collect();
            format!("an answer without its type first: {start}")
        })?;
    read_reply(tag, json)
}

/// The answer of type `tag`, its struct decoded from `fields` (whose own `type` field is one
/// more, ignored).
pub fn read_reply(tag: &str, fields: impl Fields) -> Result<FromWorker, String> {
    let read = |e: String| format!("answer `{tag}`: {e}");
    Ok(match tag {
        "file_done" => FromWorker::FileDone(fields.read().map_err(read)?),
        "file_failed" => FromWorker::FileFailed(fields.read().map_err(read)?),
        "loaded" => FromWorker::Loaded(fields.read().map_err(read)?),
        "report_part" => FromWorker::ReportPart(fields.read().map_err(read)?),
        "report" => FromWorker::Report(fields.read().map_err(read)?),
        "explanation" => FromWorker::Explanation(fields.read().map_err(read)?),
        "profiles" => FromWorker::Profiles(fields.read().map_err(read)?),
        "error" => FromWorker::Error(fields.read().map_err(read)?),
        other => return Err(format!("unknown answer type `{other}`")),
    })
}

/// The messages the worker sends for one report: its metrics ahead in `ReportPart`s of
/// [`METRICS_PER_PART`], then the `Report` without them.
pub fn report_messages(mut report: Report, ms: f64) -> Vec<FromWorker> {
    let metrics = std::mem::take(&mut report.metrics);
    let mut messages: Vec<FromWorker> = metrics
        .chunks(METRICS_PER_PART)
        .map(|part| {
            FromWorker::ReportPart(reply::ReportPart {
                metrics: part.to_vec(),
                at: Vec::new(),
            })
        })
        .collect();
    messages.push(FromWorker::Report(reply::Report { report, ms }));
    messages
}

/// A part is sent at the latest this long after the metric it holds first was computed, so
/// the first cards do not wait for [`METRICS_PER_PART`] slow metrics.
pub const PART_WAIT_MS: f64 = 50.0;

/// The worker side of a report sent as it is computed: gathers each metric `analyze_each`
/// finishes into `ReportPart`s (of [`METRICS_PER_PART`], or fewer after [`PART_WAIT_MS`]),
/// keeps the unavailable ones for the closing `Report`, which lists them in catalogue order.
#[derive(Debug, Default)]
pub struct ReportStream {
    part: Vec<Metric>,
    at: Vec<u32>,
    /// When the first metric of `part` was added.
    since_ms: f64,
    unavailable: Vec<(usize, jornada_engine::report::Unavailable)>,
}

impl ReportStream {
    /// Adds one finished metric (`at` = its catalogue index); returns a part to send now:
    /// when it is full, has waited [`PART_WAIT_MS`], or `send_now` (the engine's
    /// `metrics::send_points`: a costly metric is next or was this one, or this one ends
    /// its stage).
    pub fn add(
        &mut self,
        at: usize,
        outcome: jornada_engine::metrics::Outcome,
        now_ms: f64,
        send_now: bool,
    ) -> Option<FromWorker> {
        use jornada_engine::metrics::Outcome;
        match outcome {
            Outcome::Metric(metric) => {
                if self.part.is_empty() {
                    self.since_ms = now_ms;
                }
                self.part.push(metric);
                self.at.push(at as u32);
            }
            Outcome::Unavailable(u) => self.unavailable.push((at, u)),
        }
        let due = send_now
            || self.part.len() >= METRICS_PER_PART
            || (!self.part.is_empty() && now_ms - self.since_ms >= PART_WAIT_MS);
        due.then(|| self.take_part()).flatten()
    }

    fn take_part(&mut self) -> Option<FromWorker> {
        (!self.part.is_empty()).then(|| {
            FromWorker::ReportPart(reply::ReportPart {
                metrics: std::mem::take(&mut self.part),
                at: std::mem::take(&mut self.at),
            })
        })
    }

    /// The last part, if any, and the closing `Report` with the unavailable metrics.
    pub fn finish(mut self, ms: f64) -> Vec<FromWorker> {
        let mut messages: Vec<FromWorker> = self.take_part().into_iter().collect();
        self.unavailable.sort_by_key(|(at, _)| *at);
        let report = Report {
            metrics: Vec::new(),
            unavailable: self.unavailable.into_iter().map(|(_, u)| u).collect(),
        };
        messages.push(FromWorker::Report(reply::Report { report, ms }));
        messages
    }
}

/// The UI side of [`report_messages`] and [`ReportStream`]: gathers `ReportPart`s until their
/// `Report` arrives, in catalogue order when the parts say it.
#[derive(Debug, Default)]
pub struct ReportAssembly {
    /// (catalogue index, or none for parts in report order; arrival order; metric)
    metrics: Vec<(Option<u32>, usize, Metric)>,
}

impl ReportAssembly {
    pub fn add_part(&mut self, metrics: Vec<Metric>, at: Vec<u32>) {
        let ordered = at.len() == metrics.len();
        let mut at = at.into_iter();
        for m in metrics {
            let seq = self.metrics.len();
            self.metrics.push((at.next().filter(|_| ordered), seq, m));
        }
        self.metrics
            .sort_by_key(|(at, seq, _)| (at.unwrap_or(u32::MAX), *seq));
    }

    /// Whether any part arrived since the last report.
    pub fn is_empty(&self) -> bool {
        self.metrics.is_empty()
    }

    /// The report so far: the metrics gathered, in catalogue order, none unavailable yet.
    pub fn partial(&self) -> Report {
        Report {
            metrics: self.metrics.iter().map(|(_, _, m)| m.clone()).collect(),
            unavailable: Vec::new(),
        }
    }

    /// The whole report: the gathered metrics, then any the `Report` itself carries.
    pub fn finish(&mut self, mut report: Report) -> Report {
        let mut metrics: Vec<Metric> = std::mem::take(&mut self.metrics)
            .into_iter()
            .map(|(_, _, m)| m)
            .collect();
        metrics.append(&mut report.metrics);
        report.metrics = metrics;
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_trap_without_a_panic_is_running_out_of_memory() {
        assert!(Crash::is_out_of_memory(
            "Uncaught RuntimeError: unreachable",
            false
        ));
        // A panic aborts with the same trap: it is not memory.
        assert!(!Crash::is_out_of_memory(
            "Uncaught RuntimeError: unreachable",
            true
        ));
        assert!(!Crash::is_out_of_memory(
            "Uncaught RuntimeError: Maximum call stack size exceeded",
            false
        ));
    }

    #[test]
    fn messages_round_trip_as_tagged_json() {
        let m = ToWorker::Remap(request::Remap {
            index: 2,
            mapping: MappingOverride {
                kind: Some("orders".into()),
                roles: BTreeMap::from([("Valor".to_string(), "amount".to_string())]),
            },
        });
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.starts_with(r#"{"type":"remap","index":2"#), "{json}");
        assert_eq!(serde_json::from_str::<ToWorker>(&json).unwrap(), m);
    }

    /// One of each answer, as the worker sends them.
    fn every_answer() -> Vec<FromWorker> {
        use jornada_engine::table::text_values;
        use jornada_engine::{Role, Table, TableKind};
        let table = Table::new("pedidos.csv", TableKind::Orders).with_column(
            "Canal",
            Role::Channel,
            text_values(["loja", "site", "loja"]),
        );
        let summary = crate::worker::summarize(1, "sig", &table, true);
        let explanation = ExplanationView {
            id: "sales.revenue".into(),
            period: Some("2025-03".into()),
            first_day: "2025-03-01".into(),
            last_day: "2025-03-31".into(),
            formula: "sum".into(),
            value: Some(12.5),
            by: Some(("channel".into(), "web".into())),
            rows: vec![ExplainedRow {
                file: "pedidos.csv".into(),
                line: 2,
                included: true,
                rule: "included".into(),
                value: Some(12.5),
                cells: vec![("Valor".into(), "12,50".into())],
                step: None,
                why: None,
            }],
            total_rows: 1,
            included_rows: 1,
            segment: None,
            segment_use: None,
            offset: 300,
            export: true,
        };
        let mut answers = vec![
            FromWorker::FileDone(reply::FileDone {
                at: 2,
                summary: summary.clone(),
            }),
            FromWorker::FileFailed(reply::FileFailed {
                index: 1,
                error: WorkerError::Malformed {
                    file: "a.csv".into(),
                    line: 7,
                    why: "unclosed quote".into(),
                },
            }),
            FromWorker::Loaded(reply::Loaded {
                tables: vec![summary],
                changed: false,
            }),
            FromWorker::Explanation(reply::Explanation { explanation }),
            FromWorker::Profiles(reply::Profiles {
                csv: "id,\"a\"\n".into(),
            }),
            FromWorker::Error(reply::Error {
                error: WorkerError::UnknownMetric { id: "x.y".into() },
            }),
        ];
        let report = Report {
            metrics: vec![metric("sales.a"), metric("sales.b")],
            unavailable: Vec::new(),
        };
        answers.extend(report_messages(report, 12.5));
        answers
    }

    #[test]
    fn answers_are_read_by_their_type_then_their_struct() {
        for m in every_answer() {
            let json = crate::worker::respond_json(&m);
            let tag = serde_json::to_value(&m).unwrap()["type"].clone();
            assert!(json.starts_with(&format!(r#"{{"type":{tag},"#)), "{json}");
            assert_eq!(reply_from_json(&json), Ok(m));
        }
        // Fields left out take their defaults.
        assert_eq!(
            reply_from_json(r#"{"type":"loaded","tables":[]}"#),
            Ok(FromWorker::Loaded(reply::Loaded {
                tables: Vec::new(),
                changed: true
            }))
        );
        assert_eq!(
            reply_from_json(r#"{"type":"report_part","metrics":[]}"#),
            Ok(FromWorker::ReportPart(reply::ReportPart {
                metrics: Vec::new(),
                at: Vec::new()
            }))
        );
        // An answer whose type is not first, of an unknown type, or missing a field is an
        // error that names it.
        assert_eq!(
            reply_from_json(r#"{"tables":[],"type":"loaded"}"#),
            Err(r#"an answer without its type first: {"tables":[],"type":"loaded"}"#.to_string())
        );
        assert_eq!(
            reply_from_json(r#"{"type":"loade","tables":[]}"#),
            Err("unknown answer type `loade`".to_string())
        );
        let missing =
            reply_from_json(r#"{"type":"report","report":{"metrics":[],"unavailable":[]}}"#);
        assert!(
            missing
                .as_ref()
                .is_err_and(|e| e.starts_with("answer `report`: missing field `ms`")),
            "{missing:?}"
        );
        assert!(reply_from_json("").is_err());
    }

    #[test]
    fn every_worker_error_reads_back_by_its_kind() {
        let errors = [
            WorkerError::Empty { file: "a".into() },
            WorkerError::NotText {
                file: "a".into(),
                why: "b".into(),
            },
            WorkerError::NoHeader {
                file: "a".into(),
                why: "b".into(),
            },
            WorkerError::Malformed {
                file: "a".into(),
                line: 3,
                why: "b".into(),
            },
            WorkerError::OverLimit {
                file: "a".into(),
                line: 3,
                why: "b".into(),
                limit: "c".into(),
            },
            WorkerError::Mapping {
                file: "a".into(),
                why: "b".into(),
            },
            WorkerError::Unreadable {
                file: "a".into(),
                detail: "b".into(),
            },
            WorkerError::NoSuchFile { index: 4 },
            WorkerError::Request { detail: "b".into() },
            WorkerError::Answer { detail: "b".into() },
            WorkerError::UnknownMetric { id: "x.y".into() },
            WorkerError::UnknownCustomer { who: "C1".into() },
            WorkerError::MetricUnavailable {
                id: "x.y".into(),
                needs: "orders".into(),
            },
            WorkerError::BadPeriod {
                period: "2025-13".into(),
            },
            WorkerError::BadSettings { detail: "b".into() },
            WorkerError::RangeReversed {
                from: "2025-02-01".into(),
                to: "2025-01-01".into(),
            },
        ];
        let mut kinds = Vec::new();
        for e in errors {
            let json = serde_json::to_string(&e).unwrap();
            assert!(json.starts_with(r#"{"kind":""#), "{json}");
            kinds.push(serde_json::to_value(&e).unwrap()["kind"].clone());
            assert_eq!(serde_json::from_str::<WorkerError>(&json).unwrap(), e);
        }
        assert_eq!(kinds, ERROR_KINDS);
        // In any order; a field its kind needs missing, or an unknown kind, is an error.
        let read = serde_json::from_str::<WorkerError>;
        assert_eq!(
            read(r#"{"file":"a.csv","kind":"empty"}"#).unwrap(),
            WorkerError::Empty {
                file: "a.csv".into()
            }
        );
        let missing = read(r#"{"kind":"malformed","file":"a.csv","why":"b"}"#);
        assert!(missing.is_err_and(|e| e.to_string().contains("missing field `line`")));
        let unknown = read(r#"{"kind":"broken","file":"a.csv"}"#);
        assert!(unknown.is_err_and(|e| e.to_string().contains("unknown variant `broken`")));
        let wrong = read(r#"{"kind":"no_such_file","index":"one"}"#);
        assert!(wrong.is_err());
    }

    #[test]
    fn ticks_are_read_by_their_type_then_their_struct() {
        let ticks = [
            Tick::Ready,
            Tick::Warm,
            Tick::Started(reply::Started {
                files: vec![("a.csv".into(), 12.0), ("b.csv".into(), 0.0)],
            }),
            Tick::Progress(reply::Progress {
                index: 1,
                bytes: 2.0,
                rows: 3,
                rejected: 0,
                rows_per_s: 4.5,
            }),
            Tick::Cancelled,
            Tick::Crashed(Crash {
                detail: "Uncaught RuntimeError: unreachable".into(),
                out_of_memory: true,
                memory: 100_663_296.0,
            }),
        ];
        // As `tick_from_js` reads them (tests/web.rs reads them through JS objects).
        for t in ticks {
            let value = serde_json::to_value(&t).unwrap();
            let tag = value["type"].as_str().unwrap().to_string();
            assert_eq!(read_tick(&tag, value), Ok(t));
        }
        let json = serde_json::json!({ "type": "progress", "index": 1 });
        assert!(read_tick("progress", json).is_err_and(|e| e.contains("bytes")));
        assert_eq!(
            read_tick("paused", serde_json::json!({})),
            Err("unknown tick type `paused`".to_string())
        );
    }

    #[test]
    fn the_workers_reading_of_requests_matches_their_tagged_shape() {
        let overrides = BTreeMap::from([(
            "sig".to_string(),
            MappingOverride {
                kind: Some("orders".into()),
                roles: BTreeMap::from([("Valor".to_string(), "amount".to_string())]),
            },
        )]);
        let messages = [
            ToWorker::Load(request::Load {
                names: vec!["a.csv".into()],
                overrides: overrides.clone(),
                add: true,
            }),
            ToWorker::Sample(request::Sample {
                rows: 10_000,
                lang: "en".into(),
                overrides,
            }),
            ToWorker::Cancel,
            ToWorker::Remap(request::Remap {
                index: 1,
                mapping: MappingOverride::default(),
            }),
            ToWorker::Analyze(request::Analyze {
                settings: Settings::default(),
                query: Query::default(),
                segment: Segment::default(),
            }),
            ToWorker::Explain(request::Explain {
                settings: Settings::default(),
                query: Query::default(),
                segment: Segment::default(),
                id: "sales.revenue".into(),
                period: Some("2025-03".into()),
                by: Some(("channel".into(), "web".into())),
                window: RowWindow {
                    offset: 300,
                    limit: 300,
                    export: true,
                },
                customer: Some("C1".into()),
                rule_has: Some("2025-03".into()),
            }),
            ToWorker::Profiles(request::Profiles {
                settings: Settings::default(),
                query: Query::default(),
                segment: Segment::default(),
                lang: crate::i18n::Lang::En,
            }),
        ];
        // As `request_from_js` reads them: the `type`, then that request's struct.
        let read = |json: serde_json::Value| {
            let tag = json["type"].as_str().unwrap().to_string();
            read_request(&tag, json).unwrap()
        };
        for m in messages {
            assert_eq!(read(serde_json::to_value(&m).unwrap()), m);
        }
        // Fields left out take the same defaults.
        let explain = serde_json::json!({
            "type": "explain", "settings": {}, "query": serde_json::to_value(Query::default()).unwrap(),
            "segment": {}, "id": "sales.revenue", "period": null,
        });
        assert_eq!(
            read(explain.clone()),
            serde_json::from_value::<ToWorker>(explain).unwrap()
        );
        // A type the worker does not know, or a request missing a field, is an error that
        // names it (the worker answers it as `WorkerError::Request`).
        let unknown = read_request("analyse", serde_json::json!({ "type": "analyse" }));
        assert_eq!(unknown, Err("unknown request type `analyse`".to_string()));
        let missing = read_request("remap", serde_json::json!({ "type": "remap", "index": 1 }));
        assert!(missing.is_err_and(|e| e.contains("mapping")));
    }

    fn metric(id: &str) -> Metric {
        Metric {
            id: id.to_string(),
            stage: jornada_engine::report::Stage::Sales,
            unit: jornada_engine::report::Unit::Count,
            direction: jornada_engine::Direction::Neutral,
            value: Some(1.0),
            currency: None,
            n: None,
            interval: None,
            small_sample: false,
            previous: None,
            change_pct: None,
            change_significant: None,
            series: Vec::new(),
            breakdowns: Vec::new(),
            details: BTreeMap::new(),
            table: None,
            formula: String::new(),
            sources: Vec::new(),
            segment: None,
        }
    }

    #[test]
    fn a_report_sent_in_parts_arrives_whole_and_in_order() {
        let ids: Vec<String> = (0..20).map(|i| format!("sales.m{i}")).collect();
        let report = Report {
            metrics: ids.iter().map(|id| metric(id)).collect(),
            unavailable: Vec::new(),
        };
        let messages = report_messages(report.clone(), 12.5);
        // 20 metrics in parts of 8: 8 + 8 + 4, then the report itself.
        assert_eq!(messages.len(), 4);
        let mut assembly = ReportAssembly::default();
        let mut whole = None;
        for m in messages {
            // Through JSON, as they travel.
            let json = serde_json::to_string(&m).unwrap();
            match reply_from_json(&json).unwrap() {
                FromWorker::ReportPart(reply::ReportPart { metrics, at }) => {
                    assert!(metrics.len() <= METRICS_PER_PART);
                    assembly.add_part(metrics, at);
                }
                FromWorker::Report(reply::Report { report, ms }) => {
                    assert!(report.metrics.is_empty());
                    assert_eq!(ms, 12.5);
                    whole = Some(assembly.finish(report));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(whole, Some(report));
        // Nothing left over for the next report.
        assert_eq!(assembly.finish(Report::default()), Report::default());
    }

    #[test]
    fn a_report_streamed_as_computed_is_assembled_in_catalogue_order() {
        use jornada_engine::metrics::Outcome;
        use jornada_engine::report::Unavailable;
        // Computed out of catalogue order: 3, 0, 4 (unavailable), then 1 a pause after the
        // first (which sends the part), then 2 (left for the last part).
        let mut stream = ReportStream::default();
        let mut sent = Vec::new();
        let unavailable = Unavailable::new(
            "sales.mrr",
            jornada_engine::metrics::Need::new("tables.subscriptions", Vec::<String>::new()),
        );
        for (at, outcome, now) in [
            (3, Outcome::Metric(metric("sales.d")), 0.0),
            (0, Outcome::Metric(metric("sales.a")), 1.0),
            (4, Outcome::Unavailable(unavailable.clone()), 2.0),
            (1, Outcome::Metric(metric("sales.b")), PART_WAIT_MS),
            (2, Outcome::Metric(metric("sales.c")), PART_WAIT_MS + 1.0),
        ] {
            sent.extend(stream.add(at, outcome, now, false));
        }
        // The pause sent the first part before the report finished.
        assert_eq!(sent.len(), 1);
        sent.extend(stream.finish(7.0));
        let mut assembly = ReportAssembly::default();
        let mut seen_partial = None;
        let mut whole = None;
        for m in sent {
            let json = serde_json::to_string(&m).unwrap();
            match reply_from_json(&json).unwrap() {
                FromWorker::ReportPart(reply::ReportPart { metrics, at }) => {
                    assembly.add_part(metrics, at);
                    seen_partial.get_or_insert_with(|| assembly.partial());
                }
                FromWorker::Report(reply::Report { report, .. }) => {
                    whole = Some(assembly.finish(report))
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        let ids = |r: &Report| r.metrics.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
        // The first part alone already shows its metrics, in catalogue order.
        assert_eq!(
            ids(&seen_partial.unwrap()),
            ["sales.a", "sales.b", "sales.d"]
        );
        let whole = whole.unwrap();
        assert_eq!(ids(&whole), ["sales.a", "sales.b", "sales.c", "sales.d"]);
        assert_eq!(whole.unavailable, vec![unavailable]);
    }

    #[test]
    fn a_part_is_sent_at_once_when_a_costly_metric_follows() {
        use jornada_engine::metrics::Outcome;
        let mut stream = ReportStream::default();
        // One cheap metric, no pause: held.
        assert!(
            stream
                .add(0, Outcome::Metric(metric("sales.a")), 0.0, false)
                .is_none()
        );
        // The last cheap one before the fit: both sent before the fit starts, with no pause.
        let part = stream.add(1, Outcome::Metric(metric("sales.b")), 1.0, true);
        match part {
            Some(FromWorker::ReportPart(reply::ReportPart { metrics, at })) => {
                assert_eq!(metrics.len(), 2);
                assert_eq!(at, vec![0, 1]);
            }
            other => panic!("expected a part, got {other:?}"),
        }
        // The fit itself: alone, at once.
        match stream.add(
            2,
            Outcome::Metric(metric("loyalty.clv_predicted")),
            2.0,
            true,
        ) {
            Some(FromWorker::ReportPart(reply::ReportPart { metrics, .. })) => {
                assert_eq!(metrics.len(), 1)
            }
            other => panic!("expected a part, got {other:?}"),
        }
        // Nothing held for the closing message but the report itself.
        assert_eq!(stream.finish(3.0).len(), 1);
    }
}
