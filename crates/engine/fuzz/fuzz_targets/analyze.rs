//! Any bytes read as one of the files a user drops, then every metric computed and each
//! metric's rows explained: nothing panics, whatever the table holds. The first byte picks
//! the file's name (which steers the kind of table ingest reads it as).
#![no_main]
use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::{Query, Settings, metrics};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "orders.csv",
    "subscriptions.csv",
    "tickets.csv",
    "nps.csv",
    "sessions.csv",
    "leads.csv",
    "spend.csv",
    "data.csv",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else { return };
    let name = NAMES[usize::from(first) % NAMES.len()];
    let Ok(table) = read_bytes(name, bytes, &IngestOptions::default()) else { return };
    let tables = [table];
    let settings = Settings::default();
    let query = Query::default();
    let report = metrics::analyze(&tables, &settings, &query);
    for m in &report.metrics {
        if let Some(v) = m.value {
            assert!(v.is_finite(), "{} = {v}", m.id);
        }
        let _ = metrics::explain(&tables, &settings, &query, &m.id, None);
    }
});
