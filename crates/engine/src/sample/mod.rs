//! A deterministic, seeded sample of one coherent fictional Brazilian company, "Movimento"
//! (fitness e-commerce plus an app subscription), for tests, benches, the parity suite and
//! the app's "try sample data".
//!
//! - Same size, language and seed → the same bytes, on every platform (seeded PCG, no OS
//!   randomness, so it runs in wasm).
//! - Customer ids (`C0000042`) and e-mails agree across every file; leads match customers by
//!   e-mail (a few leads keep a capital letter, as typed).
//! - Data runs from 2024-01-01 to 2026-10-31 with growth and Brazilian retail seasonality.
//! - [`Lang::Pt`] writes Portuguese headers and values, and Brazilian spreadsheet formats
//!   (`;`, `1.234,56`, `dd/mm/aaaa HH:MM:SS`) in every file except the survey-tool and
//!   product-analytics exports (`,`, ISO dates with offset); [`Lang::En`] writes English
//!   headers, `,`, `1234.56` and ISO dates.
//!
//! Files (English names; Portuguese in brackets): leads, sessions (sessoes), chats
//! (conversas_chat), social_media (redes_sociais), marketing_spend (investimento_marketing),
//! orders (pedidos), subscriptions (assinaturas), product_events (eventos_produto), tickets
//! (chamados), agent_shifts (turnos_agentes), help_article_views (visualizacoes_artigos),
//! survey_responses (respostas_pesquisas), reviews (avaliacoes), employee_enps
//! (enps_colaboradores).

mod calendar;
mod company;
mod csvout;
mod vocab;

use crate::table::TableKind;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// How big a sample: the approximate number of rows in the orders file (other files scale
/// with it; the per-day files keep one row per day and channel, network or agent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SampleSize {
    K10,
    K100,
    M1,
    M10,
    /// Any other number of order rows (tests, the parity suite at several sizes).
    Orders(u64),
}

impl SampleSize {
    /// The orders file holds at least this many rows (and at most one customer's more).
    pub fn orders(self) -> u64 {
        match self {
            SampleSize::K10 => 10_000,
            SampleSize::K100 => 100_000,
            SampleSize::M1 => 1_000_000,
            SampleSize::M10 => 10_000_000,
            SampleSize::Orders(n) => n,
        }
    }
}

impl fmt::Display for SampleSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SampleSize::K10 => write!(f, "10k"),
            SampleSize::K100 => write!(f, "100k"),
            SampleSize::M1 => write!(f, "1m"),
            SampleSize::M10 => write!(f, "10m"),
            SampleSize::Orders(n) => write!(f, "{n}"),
        }
    }
}

/// A size or language the generator does not know.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SampleError {
    #[error("unknown sample size `{0}`: expected 10k, 100k, 1m, 10m or a number of orders")]
    Size(String),
    #[error("unknown sample language `{0}`: expected pt or en")]
    Lang(String),
}

impl FromStr for SampleSize {
    type Err = SampleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "10k" => Ok(SampleSize::K10),
            "100k" => Ok(SampleSize::K100),
            "1m" => Ok(SampleSize::M1),
            "10m" => Ok(SampleSize::M10),
            other => other
                .parse::<u64>()
                .ok()
                .filter(|n| *n > 0)
                .map(SampleSize::Orders)
                .ok_or_else(|| SampleError::Size(s.to_string())),
        }
    }
}

/// The language of headers, values and number/date formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Pt,
    En,
}

impl FromStr for Lang {
    type Err = SampleError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pt" | "pt-br" | "pt_br" => Ok(Lang::Pt),
            "en" => Ok(Lang::En),
            _ => Err(SampleError::Lang(s.to_string())),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Pt => "pt",
            Lang::En => "en",
        })
    }
}

/// One generated CSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleFile {
    pub name: String,
    pub csv: Vec<u8>,
}

/// Generates the whole sample in memory (fine up to 1m; use [`generate_to`] beyond).
pub fn generate(size: SampleSize, lang: Lang, seed: u64) -> Vec<SampleFile> {
    let mut files: Vec<SampleFile> = vocab::FileId::ALL
        .iter()
        .map(|f| SampleFile {
            name: f.name(lang).to_string(),
            csv: Vec::new(),
        })
        .collect();
    let result: Result<(), std::convert::Infallible> =
        generate_to(size, lang, seed, |name, chunk| {
            if let Some(f) = files.iter_mut().find(|f| f.name == name) {
                f.csv.extend_from_slice(chunk);
            }
            Ok(())
        });
    match result {
        Ok(()) => files,
        Err(never) => match never {},
    }
}

/// Generates the sample as a stream: `sink(file_name, bytes)` receives each file's bytes in
/// order, in chunks of about 64 KB, files interleaved. Append the chunks per name. Memory
/// stays bounded (a buffer per file plus small per-day tallies) whatever the size. Stops at
/// the sink's first error.
pub fn generate_to<E>(
    size: SampleSize,
    lang: Lang,
    seed: u64,
    mut sink: impl FnMut(&str, &[u8]) -> Result<(), E>,
) -> Result<(), E> {
    company::Company::new(size.orders(), lang, seed).run(size.orders(), &mut sink)
}

/// The file names the generator writes for a language, in order.
pub fn file_names(lang: Lang) -> Vec<&'static str> {
    vocab::FileId::ALL.iter().map(|f| f.name(lang)).collect()
}

/// The table kind a generated file is meant to be read as (for tests and the app's labels).
pub fn expected_kind(file_name: &str) -> Option<TableKind> {
    vocab::FileId::ALL
        .iter()
        .find(|f| f.name(Lang::Pt) == file_name || f.name(Lang::En) == file_name)
        .map(|f| f.kind())
}

/// The orders file's name in a language (`pedidos.csv` / `orders.csv`).
pub fn orders_file_name(lang: Lang) -> &'static str {
    vocab::FileId::Orders.name(lang)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod ingest_tests;
