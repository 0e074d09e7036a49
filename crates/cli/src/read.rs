//! Reading files from disk through the engine's streaming [`Reader`]: the file is read in
//! fixed-size chunks, never whole, and the time spent reading bytes and parsing them is kept
//! apart for `--timings`.

use jornada_engine::Table;
use jornada_engine::ingest::mapping::Mapping;
use jornada_engine::ingest::{IngestOptions, Reader};
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

/// Chunk size: large enough that syscalls do not show, small enough to stay in cache.
const CHUNK: usize = 1 << 20;

/// Time and volume of reading one file.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileTiming {
    pub bytes: u64,
    pub read: Duration,
    pub parse: Duration,
}

/// A file that could not be read, with a message naming it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError {
    pub file: String,
    pub message: String,
}

/// The name shown for a path: the file name without directories, as ingest shows it.
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The options for one file: its part of the mapping, matched by file name, else the
/// mapping's only signature-matched entry (ingest applies it only if the header matches).
pub fn options_for(mapping: Option<&Mapping>, name: &str) -> IngestOptions {
    let file_mapping = mapping.and_then(|m| {
        m.for_file(name, None).cloned().or_else(|| {
            let mut by_signature = m
                .files
                .iter()
                .filter(|f| f.file.is_none() && f.signature.is_some());
            match (by_signature.next(), by_signature.next()) {
                (Some(only), None) => Some(only.clone()),
                _ => None,
            }
        })
    });
    IngestOptions {
        mapping: file_mapping,
        ..IngestOptions::default()
    }
}

/// Reads one file in chunks into a table.
pub fn read_table(path: &Path, options: IngestOptions) -> Result<(Table, FileTiming), FileError> {
    let name = display_name(path);
    let fail = |message: String| FileError {
        file: name.clone(),
        message,
    };
    let mut file = File::open(path).map_err(|e| fail(format!("{name}: cannot open: {e}")))?;
    // The file's size lets ingest size its columns once instead of growing them.
    let mut options = options;
    if options.size_hint.is_none() {
        options.size_hint = file.metadata().ok().map(|m| m.len());
    }
    let mut reader = Reader::new(&name, options);
    let mut buf = vec![0u8; CHUNK];
    let mut timing = FileTiming::default();
    loop {
        let t = Instant::now();
        let n = match file.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(fail(format!("{name}: cannot read: {e}"))),
        };
        timing.read += t.elapsed();
        if n == 0 {
            break;
        }
        timing.bytes += n as u64;
        let t = Instant::now();
        let pushed = reader.push(&buf[..n]);
        timing.parse += t.elapsed();
        pushed.map_err(|e| fail(e.to_string()))?;
    }
    let t = Instant::now();
    let table = reader.finish().map_err(|e| fail(e.to_string()));
    timing.parse += t.elapsed();
    Ok((table?, timing))
}
