//! The app's reactive state, provided as context. It holds what the worker reported, never
//! the data itself.

use crate::i18n::{Lang, metric_name, t};
use crate::protocol::{ExplanationView, Segment, TableSummary, WorkerError};
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
    pub error: Option<WorkerError>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub phase: RwSignal<Phase>,
    pub progress: RwSignal<Vec<FileProgress>>,
    pub tables: RwSignal<Vec<TableSummary>>,
    pub report: RwSignal<Option<Report>>,
    /// `report` holds the first metrics of a report still being computed (the rest, and the
    /// unavailable ones, follow).
    pub report_partial: RwSignal<bool>,
    /// How long the last analysis took in the worker, in ms.
    pub analysis_ms: RwSignal<f64>,
    pub query: RwSignal<Query>,
    pub segment: RwSignal<Segment>,
    pub settings: RwSignal<Settings>,
    pub explanation: RwSignal<Option<ExplanationView>>,
    pub error: RwSignal<Option<AppError>>,
    pub notice: RwSignal<Option<Notice>>,
    /// Moves to an in-app route (the router's `navigate`, under the runtime base).
    pub navigate: Callback<&'static str>,
    /// The user opted in to keeping the loaded files in IndexedDB.
    pub remember: RwSignal<bool>,
    /// Files are stored in IndexedDB from an earlier visit.
    pub has_stored: RwSignal<bool>,
}

impl AppState {
    pub fn new(
        lang: Lang,
        settings: Settings,
        remember: bool,
        navigate: Callback<&'static str>,
    ) -> Self {
        AppState {
            lang: RwSignal::new(lang),
            phase: RwSignal::new(Phase::Idle),
            progress: RwSignal::new(Vec::new()),
            tables: RwSignal::new(Vec::new()),
            report: RwSignal::new(None),
            report_partial: RwSignal::new(false),
            analysis_ms: RwSignal::new(0.0),
            query: RwSignal::new(Query::default()),
            segment: RwSignal::new(Segment::default()),
            settings: RwSignal::new(settings),
            explanation: RwSignal::new(None),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            navigate,
            remember: RwSignal::new(remember),
            has_stored: RwSignal::new(false),
        }
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}

/// A short confirmation shown in the banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The user stopped the reading.
    Cancelled,
    /// The files kept on this device were deleted.
    Forgotten,
    /// A mapping correction was remembered for the file's header.
    MappingSaved,
    /// Files added that are already loaded (same name, size and date): not read twice.
    AlreadyLoaded(Vec<String>),
}

impl Notice {
    pub fn text(&self, lang: Lang) -> String {
        let key = match self {
            Notice::Cancelled => "progress.cancelled",
            Notice::Forgotten => "privacy.forgotten",
            Notice::MappingSaved => "mapping.saved",
            Notice::AlreadyLoaded(names) => {
                let names = crate::format::bidi_safe(&names.join(", "));
                return lang.pick(
                    format!("Já carregado, não lido de novo (mesmo nome, tamanho e data): {names}. Para lê-lo outra vez, substitua os dados."),
                    format!("Already loaded, not read again (same name, size and date): {names}. To read it again, replace the data."),
                );
            }
        };
        t(lang, key).to_string()
    }
}

/// What went wrong, in parts; [`AppError::text`] words it in the page's language. What the
/// browser or the engine wrote (`detail`, an engine's `why`) is quoted as written.
#[derive(Debug, Clone, PartialEq)]
pub enum AppError {
    /// The engine worker could not be created.
    WorkerStart(String),
    /// The engine worker stopped with an uncaught error while it worked on `files` (it was
    /// replaced by a fresh one; what it held is gone).
    WorkerCrashed { files: Vec<String>, detail: String },
    /// The engine worker ran out of memory on `files`: its wasm memory (`memory` bytes then)
    /// could not grow.
    OutOfMemory { files: Vec<String>, memory: f64 },
    /// A message from the worker that the page could not decode.
    WorkerMessage(String),
    /// What the worker reported.
    Worker(WorkerError),
    /// Keeping the files on this device (IndexedDB) failed.
    Store(String),
    /// Reading the kept files back failed.
    Restore(String),
    /// The settings form holds a value the engine cannot use.
    Settings(String),
}

impl AppError {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            AppError::WorkerStart(d) => lang.pick(
                format!("O motor de análise não pôde iniciar: {d}"),
                format!("The analysis engine could not start: {d}"),
            ),
            AppError::WorkerCrashed { files, detail } => {
                let files = files_text(files, lang);
                lang.pick(
                    format!("O motor de análise parou com um erro ao trabalhar em {files}: {detail}. Ele foi reiniciado e os dados carregados foram descartados; carregue os arquivos de novo."),
                    format!("The analysis engine stopped with an error while working on {files}: {detail}. It was restarted and the loaded data were cleared; load the files again."),
                )
            }
            AppError::OutOfMemory { files, memory } => {
                let list = files_text(files, lang);
                let mb = crate::format::number((memory / 1_048_576.0).round(), 0, lang);
                let cli = if files.is_empty() {
                    "jornada analyze".to_string()
                } else {
                    format!("jornada analyze {}", files.join(" "))
                };
                lang.pick(
                    format!("O navegador ficou sem memória para {list} (o motor de análise usava {mb} MB). O motor foi reiniciado e os dados carregados foram descartados. Exporte um período menor, carregue menos arquivos ou use a linha de comando nativa: {cli}"),
                    format!("The browser ran out of memory for {list} (the analysis engine was using {mb} MB). The engine was restarted and the loaded data were cleared. Export a shorter date range, load fewer files, or use the native command line: {cli}"),
                )
            }
            AppError::WorkerMessage(d) => lang.pick(
                format!("Mensagem ilegível do motor de análise: {d}"),
                format!("Unreadable message from the analysis engine: {d}"),
            ),
            AppError::Worker(e) => worker_error_text(e, lang),
            AppError::Store(d) => lang.pick(
                format!("Não foi possível guardar os arquivos neste dispositivo: {d}"),
                format!("Could not keep the files on this device: {d}"),
            ),
            AppError::Restore(d) => lang.pick(
                format!("Não foi possível abrir os arquivos guardados: {d}"),
                format!("Could not open the stored files: {d}"),
            ),
            AppError::Settings(d) => format!("{}: {d}", t(lang, "settings.invalid")),
        }
    }
}

/// The files a failed run worked on, for a sentence: "o arquivo a.csv", "the files a.csv, b.csv";
/// "the data" when their names are not known yet (the sample before it is read).
fn files_text(files: &[String], lang: Lang) -> String {
    match files {
        [] => lang.pick("os dados", "the data").to_string(),
        [one] => lang.pick(format!("o arquivo {one}"), format!("the file {one}")),
        many => {
            let names = many.join(", ");
            lang.pick(format!("os arquivos {names}"), format!("the files {names}"))
        }
    }
}

/// A worker's error in words: the file and line first, as the engine's English does.
pub fn worker_error_text(e: &WorkerError, lang: Lang) -> String {
    use WorkerError as W;
    match e {
        W::Empty { file } => lang.pick(
            format!("{file}: o arquivo está vazio"),
            format!("{file}: the file is empty"),
        ),
        W::NotText { file, why } => lang.pick(
            format!("{file}: não é um arquivo de texto/CSV ({why})"),
            format!("{file}: this is not a text/CSV file ({why})"),
        ),
        W::NoHeader { file, why } => lang.pick(
            format!("{file}: nenhuma linha de cabeçalho encontrada ({why})"),
            format!("{file}: no header line was found ({why})"),
        ),
        W::Malformed { file, line, why } => lang.pick(
            format!("{file}, linha {line}: {why}"),
            format!("{file}, line {line}: {why}"),
        ),
        W::OverLimit {
            file,
            line,
            why,
            limit,
        } => lang.pick(
            format!("{file}, linha {line}: {why}; o limite é {limit}"),
            format!("{file}, line {line}: {why}; the limit is {limit}"),
        ),
        W::Mapping { file, why } => lang.pick(
            format!("{file}: o mapeamento não serve para este arquivo: {why}"),
            format!("{file}: the mapping does not fit this file: {why}"),
        ),
        W::Unreadable { file, detail } => lang.pick(
            format!("{file}: o navegador não conseguiu ler o arquivo ({detail})"),
            format!("{file}: the browser could not read the file ({detail})"),
        ),
        W::NoSuchFile { index } => lang.pick(
            format!("o arquivo nº {} não está carregado", index + 1),
            format!("file no. {} is not loaded", index + 1),
        ),
        W::Request { detail } => lang.pick(
            format!("o motor de análise não entendeu o pedido: {detail}"),
            format!("the analysis engine could not read the request: {detail}"),
        ),
        W::Answer { detail } => lang.pick(
            format!("o motor de análise não conseguiu enviar a resposta: {detail}"),
            format!("the analysis engine could not send its answer: {detail}"),
        ),
        W::UnknownMetric { id } => lang.pick(
            format!("métrica desconhecida: {id}"),
            format!("unknown metric: {id}"),
        ),
        W::UnknownCustomer { who } => lang.pick(
            format!("nenhum cliente \"{who}\": nenhuma linha tem esse ID de cliente ou e-mail"),
            format!("no customer \"{who}\": no row has this customer id or e-mail"),
        ),
        W::MetricUnavailable { id, needs } => lang.pick(
            format!(
                "{} não pode ser calculada: precisa de {needs}",
                metric_name(lang, id)
            ),
            format!(
                "{} cannot be computed: it needs {needs}",
                metric_name(lang, id)
            ),
        ),
        W::BadPeriod { period } => lang.pick(
            format!(
                "período inválido: {period} (por exemplo 2025-03, 2025-W09, 2025-Q1, 2025-03-04 ou 2025)"
            ),
            format!("bad period: {period} (e.g. 2025-03, 2025-W09, 2025-Q1, 2025-03-04 or 2025)"),
        ),
        W::BadSettings { detail } => format!("{}: {detail}", t(lang, "settings.invalid")),
        W::RangeReversed { from, to } => range_reversed(lang, from, to),
    }
}

/// A range that ends before it starts, in words (the filter's message and the worker's).
pub fn range_reversed(lang: Lang, from: &str, to: &str) -> String {
    let (from, to) = (
        crate::format::date(from, lang),
        crate::format::date(to, lang),
    );
    lang.pick(
        format!(
            "A data inicial ({from}) é posterior à final ({to}). Escolha um início igual ou anterior ao fim; nada foi alterado."
        ),
        format!(
            "The start date ({from}) is after the end date ({to}). Choose a start on or before the end; nothing was changed."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_has_words_in_both_languages() {
        for n in [
            Notice::Cancelled,
            Notice::Forgotten,
            Notice::MappingSaved,
            Notice::AlreadyLoaded(vec!["pedidos.csv".into()]),
        ] {
            let (pt, en) = (n.text(Lang::Pt), n.text(Lang::En));
            assert!(
                !pt.is_empty() && !en.is_empty() && pt != en,
                "{n:?}: {pt} / {en}"
            );
        }
    }

    #[test]
    fn a_dead_worker_is_worded_with_its_files_and_memory() {
        let oom = AppError::OutOfMemory {
            files: vec!["big.csv".into()],
            memory: 100_663_296.0,
        };
        assert_eq!(
            oom.text(Lang::En),
            "The browser ran out of memory for the file big.csv (the analysis engine was using 96 MB). The engine was restarted and the loaded data were cleared. Export a shorter date range, load fewer files, or use the native command line: jornada analyze big.csv"
        );
        assert!(oom.text(Lang::Pt).starts_with(
            "O navegador ficou sem memória para o arquivo big.csv (o motor de análise usava 96 MB)."
        ));
        let crash = AppError::WorkerCrashed {
            files: vec!["a.csv".into(), "b.csv".into()],
            detail: "Uncaught TypeError: x".into(),
        };
        assert!(crash.text(Lang::En).starts_with(
            "The analysis engine stopped with an error while working on the files a.csv, b.csv: Uncaught TypeError: x."
        ));
        assert!(crash.text(Lang::Pt).contains("os arquivos a.csv, b.csv"));
        let sample = AppError::OutOfMemory {
            files: Vec::new(),
            memory: 4_294_967_296.0,
        };
        assert!(
            sample
                .text(Lang::Pt)
                .contains("para os dados (o motor de análise usava 4.096 MB)")
        );
        assert!(
            sample
                .text(Lang::En)
                .ends_with("command line: jornada analyze")
        );
    }

    #[test]
    fn errors_are_worded_in_the_page_language_with_the_file_and_line() {
        let empty = AppError::Worker(
            jornada_engine::IngestError::Empty {
                file: "pedidos.csv".into(),
            }
            .into(),
        );
        assert_eq!(empty.text(Lang::Pt), "pedidos.csv: o arquivo está vazio");
        assert_eq!(empty.text(Lang::En), "pedidos.csv: the file is empty");
        let bad = WorkerError::from(jornada_engine::IngestError::Malformed {
            file: "a.csv".into(),
            line: 7,
            why: "x".into(),
        });
        assert_eq!(worker_error_text(&bad, Lang::Pt), "a.csv, linha 7: x");
        // The English of the engine's own messages, for the variants that mirror them.
        for e in [
            jornada_engine::IngestError::Empty { file: "f".into() },
            jornada_engine::IngestError::Binary {
                file: "f".into(),
                why: "w".into(),
            },
            jornada_engine::IngestError::NoHeader {
                file: "f".into(),
                why: "w".into(),
            },
            jornada_engine::IngestError::Malformed {
                file: "f".into(),
                line: 2,
                why: "w".into(),
            },
            jornada_engine::IngestError::Mapping {
                file: "f".into(),
                why: "w".into(),
            },
        ] {
            let english = e.to_string();
            let parts = WorkerError::from(e);
            assert_eq!(worker_error_text(&parts, Lang::En), english);
            assert_ne!(worker_error_text(&parts, Lang::Pt), english);
        }
        let unknown = WorkerError::from(jornada_engine::EngineError::UnknownMetric("x.y".into()));
        assert_eq!(
            worker_error_text(&unknown, Lang::Pt),
            "métrica desconhecida: x.y"
        );
    }
}
