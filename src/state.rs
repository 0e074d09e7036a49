//! The app's reactive state, provided as context. It holds what the worker reported, never
//! the data itself.

use crate::i18n::Lang;
use crate::protocol::{ExplanationView, Segment, TableSummary};
use jornada_engine::{Query, Report, Settings};
use leptos::prelude::*;

/// Where the app is in the load → analyse cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Idle,
    Reading,
    Analysing,
    Ready,
}

/// One file's reading progress.
#[derive(Debug, Clone, PartialEq)]
pub struct FileProgress {
    pub name: String,
    pub size: f64,
    pub bytes: f64,
    pub rows: u64,
    pub rejected: u64,
    pub rows_per_s: f64,
    pub done: bool,
    pub error: Option<String>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub phase: RwSignal<Phase>,
    pub progress: RwSignal<Vec<FileProgress>>,
    pub tables: RwSignal<Vec<TableSummary>>,
    pub report: RwSignal<Option<Report>>,
    /// How long the last analysis took in the worker, in ms.
    pub analysis_ms: RwSignal<f64>,
    pub query: RwSignal<Query>,
    pub segment: RwSignal<Segment>,
    pub settings: RwSignal<Settings>,
    pub explanation: RwSignal<Option<ExplanationView>>,
    pub error: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<String>>,
    /// Set when a load finished, so the shell moves to the dashboard once.
    pub go_dashboard: RwSignal<bool>,
    /// The user opted in to keeping the loaded files in IndexedDB.
    pub remember: RwSignal<bool>,
    /// Files are stored in IndexedDB from an earlier visit.
    pub has_stored: RwSignal<bool>,
}

impl AppState {
    pub fn new(lang: Lang, settings: Settings, remember: bool) -> Self {
        AppState {
            lang: RwSignal::new(lang),
            phase: RwSignal::new(Phase::Idle),
            progress: RwSignal::new(Vec::new()),
            tables: RwSignal::new(Vec::new()),
            report: RwSignal::new(None),
            analysis_ms: RwSignal::new(0.0),
            query: RwSignal::new(Query::default()),
            segment: RwSignal::new(Segment::default()),
            settings: RwSignal::new(settings),
            explanation: RwSignal::new(None),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            go_dashboard: RwSignal::new(false),
            remember: RwSignal::new(remember),
            has_stored: RwSignal::new(false),
        }
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
