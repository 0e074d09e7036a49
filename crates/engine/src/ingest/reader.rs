//! The incremental reader: chunks of bytes in, a [`Table`] out. Memory is the chunk, the
//! sample of leading rows, and the table being built.

use super::IngestOptions;
use super::build::{Builder, Fields, LineFields, RecordFields, header_signature};
use super::decode::TextDecoder;
use super::plan::plan;
use super::vendors;
use crate::error::IngestError;
use crate::table::Table;
use crate::why::Why;
use csv_core::{ReadRecordResult, ReaderBuilder};

/// Decoded text looked at before the delimiter is chosen: the first MiB (about what the CLI
/// and the app's worker decode from their first slice), never more, so the choice does not
/// depend on the slices the bytes came in.
const SNIFF_TEXT: usize = 1 << 20;
const DEFAULT_SAMPLE_ROWS: usize = 1000;

/// Limits on hostile shapes, checked before any table is built (so before any view): each is
/// an [`IngestError::OverLimit`] naming the file, the line and the limit.
/// Columns in the header.
pub const MAX_COLUMNS: usize = 1000;
/// Characters in one header cell.
pub const MAX_HEADER_CELL_CHARS: usize = 1000;
/// Bytes in the header line (also the most the first record may hold before it is seen).
pub const MAX_HEADER_BYTES: usize = 256 * 1024;
/// Bytes in any one record (a longer one is almost always an unclosed quote).
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;
/// `warning.long_quote` parts kept per file.
const MAX_QUOTE_WARNINGS: usize = 20;

/// How far a [`Reader`] has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub bytes: u64,
    pub rows: usize,
    pub rejected: usize,
}

enum Stage {
    /// Waiting for enough text to choose the delimiter.
    Sniffing,
    /// Records are buffered until the header is found and the sample is full.
    Sampling(Vec<(u32, Vec<String>)>),
    Streaming(Box<Builder>),
}

/// Eight copies of a byte.
const fn repeat_byte(b: u8) -> u64 {
    b as u64 * 0x0101_0101_0101_0101
}
const NEWLINES: u64 = repeat_byte(b'\n');
const RETURNS: u64 = repeat_byte(b'\r');
const QUOTES: u64 = repeat_byte(b'"');

/// The top bit of each byte of `x` that is zero, and no other bit (exact, unlike the
/// cheaper test that only says whether some byte is zero).
fn zero_bytes(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7)
}

/// Reads one file incrementally. Feed it chunks with [`Reader::push`] (any boundaries, even
/// inside a UTF-8 character or a quoted field), then call [`Reader::finish`].
pub struct Reader {
    file: String,
    options: IngestOptions,
    decoder: TextDecoder,
    text: String,
    csv: Option<csv_core::Reader>,
    delimiter: u8,
    /// Bytes that end an unquoted field or stop the line fast path: the delimiter, `"`,
    /// `\r`, `\n`.
    special: [bool; 256],
    /// Set while `csv` stands between two records, where lines without quotes can be split
    /// in place instead of copied through it.
    at_boundary: bool,
    /// Field ends of the line being split in place.
    line_ends: Vec<usize>,
    /// Off only in tests, to check the fast path against `csv_core` alone.
    split_in_place: bool,
    out: Vec<u8>,
    ends: Vec<usize>,
    out_len: usize,
    ends_len: usize,
    stage: Stage,
    header_line: u32,
    /// 1-based line of the next unread byte, and where the current record began.
    line_cursor: u64,
    record_started: bool,
    record_line: u64,
    pending_cr: bool,
    skipped_title: Vec<u32>,
    sub_header: bool,
    /// Fields in the header, once found (0 before).
    header_width: usize,
    /// Fields of the first record, the header's likely width while sampling.
    first_width: usize,
    /// `warning.long_quote` parts, in line order.
    quote_warnings: Vec<Why>,
    failed: Option<IngestError>,
}

impl Reader {
    /// `file` is the name shown in every message (directories are dropped).
    pub fn new(file: &str, options: IngestOptions) -> Reader {
        let name = file.rsplit(['/', '\\']).next().unwrap_or(file).to_string();
        Reader {
            file: name,
            options,
            decoder: TextDecoder::new(),
            text: String::new(),
            csv: None,
            delimiter: b',',
            special: [false; 256],
            at_boundary: false,
            line_ends: Vec::new(),
            split_in_place: true,
            out: vec![0; 4096],
            ends: vec![0; 64],
            out_len: 0,
            ends_len: 0,
            stage: Stage::Sniffing,
            header_line: 0,
            line_cursor: 1,
            record_started: false,
            pending_cr: false,
            record_line: 1,
            skipped_title: Vec::new(),
            sub_header: false,
            header_width: 0,
            first_width: 0,
            quote_warnings: Vec::new(),
            failed: None,
        }
    }

    pub fn progress(&self) -> Progress {
        let (rows, rejected) = match &self.stage {
            Stage::Streaming(b) => (b.rows(), b.rejects.len()),
            _ => (0, 0),
        };
        Progress {
            bytes: self.decoder.bytes_seen,
            rows,
            rejected,
        }
    }

    /// Feeds the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Progress, IngestError> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if let Err(why) = self.decoder.push(chunk, &mut self.text) {
            return Err(self.fail(IngestError::Binary {
                file: self.file.clone(),
                why,
            }));
        }
        if matches!(self.stage, Stage::Sniffing) && self.text.len() >= SNIFF_TEXT {
            self.start_csv();
        }
        if self.csv.is_some() {
            self.parse(false)?;
        }
        Ok(self.progress())
    }

    /// Ends the file and returns its table.
    pub fn finish(mut self) -> Result<Table, IngestError> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if let Err(why) = self.decoder.finish(&mut self.text) {
            return Err(IngestError::Binary {
                file: self.file.clone(),
                why,
            });
        }
        if matches!(self.stage, Stage::Sniffing) {
            if self.text.bytes().all(|b| b.is_ascii_whitespace()) {
                return Err(IngestError::Empty { file: self.file });
            }
            self.start_csv();
        }
        self.parse(true)?;
        if matches!(self.stage, Stage::Sampling(_))
            && let Stage::Sampling(rows) = std::mem::replace(&mut self.stage, Stage::Sniffing)
        {
            self.start_streaming(rows)?;
        }
        let Stage::Streaming(builder) = std::mem::replace(&mut self.stage, Stage::Sniffing) else {
            return Err(IngestError::NoHeader {
                file: self.file,
                why: "no line has two or more named columns".to_string(),
            });
        };
        let mut builder = *builder;
        if self.decoder.encoding_name() != "UTF-8" {
            builder
                .extra_warnings
                .push(Why::new("warning.encoding", [self.decoder.encoding_name()]));
        }
        if self.decoder.had_replacements {
            builder
                .extra_warnings
                .push(Why::new("warning.replaced", [self.decoder.encoding_name()]));
        }
        for line in &self.skipped_title {
            builder
                .extra_warnings
                .push(Why::new("warning.title_line", [line.to_string()]));
        }
        builder.extra_warnings.append(&mut self.quote_warnings);
        Ok(builder.finish())
    }

    fn fail(&mut self, e: IngestError) -> IngestError {
        self.failed = Some(e.clone());
        e
    }

    fn start_csv(&mut self) {
        let text = self.text.as_bytes();
        self.delimiter = sniff_delimiter(&text[..text.len().min(SNIFF_TEXT)]);
        self.special = [false; 256];
        for b in [self.delimiter, b'"', b'\r', b'\n'] {
            self.special[usize::from(b)] = true;
        }
        self.csv = Some(
            ReaderBuilder::new()
                .delimiter(self.delimiter)
                .quote(b'"')
                .double_quote(true)
                .build(),
        );
        self.stage = Stage::Sampling(Vec::new());
    }

    /// Runs the CSV parser over the decoded text; `eof` flushes the last record.
    fn parse(&mut self, eof: bool) -> Result<(), IngestError> {
        let text = std::mem::take(&mut self.text);
        let Some(mut csv) = self.csv.take() else {
            self.text = text;
            return Ok(());
        };
        let result = self.parse_text(&mut csv, &text, eof);
        self.csv = Some(csv);
        let mut text = text;
        text.clear();
        self.text = text;
        result
    }

    /// Whole lines without quotes are split in place ([`Reader::split_lines`]); `csv_core`
    /// reads everything else (quoted fields, lone `\r` line ends, a line cut by the chunk's
    /// end, the first record) and is the reference the fast path agrees with.
    fn parse_text(
        &mut self,
        csv: &mut csv_core::Reader,
        text: &str,
        eof: bool,
    ) -> Result<(), IngestError> {
        let mut pos = 0;
        loop {
            if self.at_boundary {
                pos = self.split_lines(text, pos)?;
            }
            let input = text.as_bytes().get(pos..).unwrap_or_default();
            if input.is_empty() && !eof {
                return Ok(());
            }
            // `csv_core` may stop inside a record (output full): only a record puts it back
            // between records.
            self.at_boundary = false;
            // At the end of the file an empty input flushes the last record.
            let (res, nin, nout, nend) = csv.read_record(
                input,
                &mut self.out[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.track_lines(&input[..nin]);
            pos += nin;
            self.out_len += nout;
            self.ends_len += nend;
            match res {
                ReadRecordResult::InputEmpty => {
                    if !eof || input.is_empty() {
                        return Ok(());
                    }
                }
                ReadRecordResult::OutputFull => {
                    self.check_record_size()?;
                    self.grow_out();
                }
                ReadRecordResult::OutputEndsFull => self.grow_ends(),
                ReadRecordResult::Record => {
                    self.parsed_record()?;
                    // After a record `csv_core` skips line ends and starts the next record
                    // on the first other byte, as `split_lines` does.
                    self.at_boundary = self.split_in_place;
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Splits whole lines from `pos` on, as long as they hold no `"` and end in `\n` or
    /// `\r\n` within `text`; returns where it stopped (the start of the first line it left
    /// to `csv_core`). The fields are read in place, without copying.
    fn split_lines(&mut self, text: &str, mut pos: usize) -> Result<usize, IngestError> {
        let b = text.as_bytes();
        let delimiter = self.delimiter;
        let mut ends = std::mem::take(&mut self.line_ends);
        let result = loop {
            let Some(&first) = b.get(pos) else {
                break Ok(pos);
            };
            if self.pending_cr {
                // A `\r` ended the previous record: it is a line end either way.
                self.pending_cr = false;
                self.line_cursor += 1;
                if first == b'\n' {
                    pos += 1;
                    continue;
                }
            }
            ends.clear();
            let mut i = pos;
            let (end, next) = loop {
                // Eight bytes at a time while eight remain: the delimiters among them are
                // recorded, and the byte loop below takes over at the first other special
                // byte (a field is ~10 bytes, too short for a SIMD search per field to pay).
                if let Some(word) = b.get(i..i + 8) {
                    let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
                    let stops =
                        zero_bytes(w ^ NEWLINES) | zero_bytes(w ^ RETURNS) | zero_bytes(w ^ QUOTES);
                    // Only the delimiters before the first stop (bytes are little-endian).
                    let mut delimiters =
                        zero_bytes(w ^ repeat_byte(delimiter)) & stops.wrapping_sub(1) & !stops;
                    while delimiters != 0 {
                        ends.push(i + (delimiters.trailing_zeros() / 8) as usize - pos);
                        delimiters &= delimiters - 1;
                    }
                    if stops == 0 {
                        i += 8;
                        continue;
                    }
                    i += (stops.trailing_zeros() / 8) as usize;
                }
                let Some(&c) = b.get(i) else {
                    break (usize::MAX, 0);
                };
                if !self.special[usize::from(c)] {
                    i += 1;
                } else if c == delimiter {
                    ends.push(i - pos);
                    i += 1;
                } else if c == b'\n' {
                    break (i, i + 1);
                } else if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    break (i, i + 2);
                } else {
                    break (usize::MAX, 0);
                }
            };
            if end == usize::MAX {
                break Ok(pos);
            }
            if end == pos {
                // A blank line: `csv_core` skips it too.
                self.line_cursor += 1;
                pos = next;
                continue;
            }
            ends.push(end - pos);
            let line = u32::try_from(self.line_cursor).unwrap_or(u32::MAX);
            self.line_cursor += 1;
            // `pos` and `end` sit next to ASCII bytes, so both are character boundaries.
            let fields = text.get(pos..end).unwrap_or_default();
            pos = next;
            if let Err(e) = self.record(
                &LineFields {
                    text: fields,
                    ends: &ends,
                },
                line,
            ) {
                break Err(e);
            }
        };
        self.line_ends = ends;
        result
    }

    /// A record still growing past its limit: [`MAX_HEADER_BYTES`] for the first record,
    /// [`MAX_RECORD_BYTES`] for any other. Checked before the buffer grows, so a 200 MB line
    /// costs a few MB, not 200.
    fn check_record_size(&mut self) -> Result<(), IngestError> {
        let first = matches!(&self.stage, Stage::Sampling(rows) if rows.is_empty());
        let (limit, what) = if first {
            (MAX_HEADER_BYTES, "the first line (the header) is")
        } else {
            (MAX_RECORD_BYTES, "one record is")
        };
        if self.out_len < limit {
            return Ok(());
        }
        let line = u32::try_from(self.record_line).unwrap_or(u32::MAX);
        Err(self.fail(IngestError::OverLimit {
            file: self.file.clone(),
            line,
            why: format!(
                "{what} longer than {} (is a closing quote missing?)",
                size_text(limit)
            ),
            limit: size_text(limit),
        }))
    }

    fn grow_out(&mut self) {
        let n = self.out.len().max(1024) * 2;
        self.out.resize(n, 0);
    }

    fn grow_ends(&mut self) {
        let n = self.ends.len().max(16) * 2;
        self.ends.resize(n, 0);
    }

    /// Counts lines in the bytes the parser consumed, noting where a record's first byte
    /// is (the parser skips line ends and blank lines before a record).
    fn track_lines(&mut self, consumed: &[u8]) {
        // A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files); a `\r` at the end of
        // a chunk waits for the next byte.
        let mut i = 0;
        while !self.record_started && i < consumed.len() {
            let b = consumed[i];
            if self.pending_cr {
                self.pending_cr = false;
                if b != b'\n' {
                    self.line_cursor += 1;
                }
            }
            match b {
                b'\n' => self.line_cursor += 1,
                b'\r' => self.pending_cr = true,
                _ => {
                    self.record_started = true;
                    self.record_line = self.line_cursor;
                    break;
                }
            }
            i += 1;
        }
        let rest = &consumed[i..];
        if !self.pending_cr && !rest.contains(&b'\r') {
            self.line_cursor += rest.iter().filter(|b| **b == b'\n').count() as u64;
            return;
        }
        for &b in rest {
            if self.pending_cr {
                self.pending_cr = false;
                if b != b'\n' {
                    self.line_cursor += 1;
                }
            }
            match b {
                b'\n' => self.line_cursor += 1,
                b'\r' => self.pending_cr = true,
                _ => {}
            }
        }
    }

    /// `csv_core` has left one complete record in `out`/`ends`.
    fn parsed_record(&mut self) -> Result<(), IngestError> {
        let out = std::mem::take(&mut self.out);
        let ends = std::mem::take(&mut self.ends);
        let line = u32::try_from(self.record_line).unwrap_or(u32::MAX);
        self.record_started = false;
        // Fields end at ASCII delimiters, so one check covers every field.
        let text = std::str::from_utf8(&out[..self.out_len]).unwrap_or("");
        // Only quoted fields hold line breaks, and only this path reads quoted fields.
        if text.as_bytes().contains(&b'\n') {
            self.check_quoted(text, &ends[..self.ends_len], line);
        }
        let result = self.record(
            &RecordFields {
                text,
                ends: &ends[..self.ends_len],
            },
            line,
        );
        self.out = out;
        self.ends = ends;
        self.out_len = 0;
        self.ends_len = 0;
        result
    }

    /// Warns about each quoted field of a record (starting on `line`) that spans line breaks
    /// and runs past the [`super::QuoteCheck`]: the line its quote opened, how many lines it
    /// swallowed, and how many of them look like records of the file.
    fn check_quoted(&mut self, text: &str, ends: &[usize], line: u32) {
        let check = self.options.quote_check.unwrap_or_default();
        let width = match self.header_width {
            0 if self.first_width > 0 => self.first_width,
            0 => ends.len(),
            w => w,
        };
        let mut start = 0;
        let mut opened = u64::from(line);
        for &end in ends {
            let whole = text.get(start..end).unwrap_or_default();
            start = end;
            let line_ends = whole.bytes().filter(|b| *b == b'\n').count();
            // An unclosed quote runs to the end of the file, past its last line end.
            let field = whole.trim_end_matches(['\r', '\n']);
            let breaks = field.bytes().filter(|b| *b == b'\n').count();
            if breaks == 0 {
                continue;
            }
            let record_lines = if width >= 2 {
                field
                    .split('\n')
                    .skip(1)
                    .filter(|l| l.bytes().filter(|b| *b == self.delimiter).count() + 1 >= width)
                    .count()
            } else {
                0
            };
            if (field.len() > check.max_bytes
                || breaks > check.max_lines
                || record_lines >= check.max_record_lines.max(1))
                && self.quote_warnings.len() < MAX_QUOTE_WARNINGS
            {
                self.quote_warnings.push(Why::new(
                    "warning.long_quote",
                    [
                        opened.to_string(),
                        breaks.to_string(),
                        record_lines.to_string(),
                    ],
                ));
            }
            opened += line_ends as u64;
        }
    }

    /// One complete record that starts on `line`.
    fn record<F: Fields>(&mut self, record: &F, line: u32) -> Result<(), IngestError> {
        if matches!(self.stage, Stage::Sampling(_)) {
            let count = record.count();
            if count > MAX_COLUMNS {
                return Err(self.fail(IngestError::OverLimit {
                    file: self.file.clone(),
                    line,
                    why: format!("the line has {count} fields"),
                    limit: format!("{MAX_COLUMNS} columns"),
                }));
            }
            if self.first_width == 0 {
                self.first_width = count;
            }
        }
        let result = match &mut self.stage {
            Stage::Streaming(builder) => {
                builder.push_row(record, line);
                Ok(None)
            }
            Stage::Sampling(rows) => {
                rows.push((
                    line,
                    (0..record.count())
                        .map(|i| record.field(i).to_string())
                        .collect(),
                ));
                let want = self
                    .options
                    .sample_rows
                    .unwrap_or(DEFAULT_SAMPLE_ROWS)
                    .max(1)
                    + 40;
                Ok((rows.len() >= want).then_some(()))
            }
            Stage::Sniffing => Ok(None),
        };
        match result {
            Ok(Some(())) => {
                if let Stage::Sampling(rows) = std::mem::replace(&mut self.stage, Stage::Sniffing) {
                    self.start_streaming(rows)?;
                }
                Ok(())
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Finds the header in the buffered rows, plans the columns, replays the sample.
    fn start_streaming(&mut self, rows: Vec<(u32, Vec<String>)>) -> Result<(), IngestError> {
        let Some(h) = find_header(&rows) else {
            let why = if rows.is_empty() {
                "the file has no lines".to_string()
            } else {
                "no line has two or more named columns (is this a CSV export?)".to_string()
            };
            return Err(self.fail(IngestError::NoHeader {
                file: self.file.clone(),
                why,
            }));
        };
        let (header_line, header) = &rows[h];
        let header_line = *header_line;
        self.header_line = header_line;
        self.skipped_title = rows[..h].iter().map(|r| r.0).collect();
        // A first line of values (an export without a header): it is data, and its columns
        // get names, so no cell of it is ever taken (and remembered) as a column name.
        let values_first = row_of_values(header);
        let mut headers: Vec<String> = if values_first {
            (1..=header.len()).map(|i| format!("column {i}")).collect()
        } else {
            header.iter().map(|c| c.trim().to_string()).collect()
        };
        self.check_header(&headers, header_line)?;
        let mut data_start = if values_first { h } else { h + 1 };
        // SurveyMonkey: a second header row names each answer option.
        if !values_first
            && let Some(v) = vendors::detect(&headers)
            && v.two_header_rows
            && let Some((_, sub)) = rows.get(h + 1)
        {
            self.sub_header = true;
            let mut last = String::new();
            for (i, hname) in headers.iter_mut().enumerate() {
                let s = sub.get(i).map(|s| s.trim()).unwrap_or("");
                if !hname.is_empty() {
                    last = hname.clone();
                }
                let base = if hname.is_empty() {
                    last.clone()
                } else {
                    hname.clone()
                };
                *hname = if s.is_empty() || s == "Response" || s == "Open-Ended Response" {
                    base
                } else {
                    format!("{base} - {s}")
                };
            }
            data_start += 1;
        }
        // Trailing unnamed, (nearly) empty columns come from a trailing delimiter.
        let body = &rows[data_start.min(rows.len())..];
        while headers.len() > 1 && headers.last().is_some_and(|h| h.is_empty()) {
            let last = headers.len() - 1;
            let filled = body
                .iter()
                .filter(|r| r.1.get(last).is_some_and(|c| !c.trim().is_empty()))
                .count();
            if filled * 10 > body.len() {
                break;
            }
            headers.pop();
        }
        let width = headers.len();
        self.header_width = width;
        let sample: Vec<Vec<String>> = rows[data_start.min(rows.len())..]
            .iter()
            .filter(|r| r.1.len() >= width && r.1[width..].iter().all(|c| c.trim().is_empty()))
            .map(|r| r.1[..width].to_vec())
            .collect();
        let signature = header_signature(&headers);
        let mapping = self
            .options
            .mapping
            .clone()
            .filter(|m| m.signature.as_deref().is_none_or(|s| s == signature));
        let p = plan(
            &self.file,
            &headers,
            &sample,
            self.delimiter,
            mapping.as_ref(),
        );
        let mut builder = Builder::new(&self.file, p);
        if values_first {
            builder
                .extra_warnings
                .push(Why::new("warning.no_header", [header_line.to_string()]));
        }
        if let Some(size) = self.options.size_hint {
            let sampled: usize = rows
                .iter()
                .map(|r| r.1.iter().map(|f| f.len() + 1).sum::<usize>())
                .sum();
            if sampled > 0 {
                let per_row = sampled as f64 / rows.len() as f64;
                builder.reserve((size as f64 / per_row * 1.05) as usize);
            }
        }
        for (line, fields) in rows.iter().skip(data_start) {
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            builder.push_row(refs.as_slice(), *line);
        }
        builder.reserve_unique_texts();
        self.stage = Stage::Streaming(Box::new(builder));
        Ok(())
    }
}

impl Reader {
    /// The documented header limits: [`MAX_COLUMNS`], [`MAX_HEADER_CELL_CHARS`],
    /// [`MAX_HEADER_BYTES`].
    fn check_header(&mut self, headers: &[String], line: u32) -> Result<(), IngestError> {
        let over = |why: String, limit: String| IngestError::OverLimit {
            file: self.file.clone(),
            line,
            why,
            limit,
        };
        let error = if headers.len() > MAX_COLUMNS {
            Some(over(
                format!("the header has {} columns", headers.len()),
                format!("{MAX_COLUMNS} columns"),
            ))
        } else if let Some((i, n)) = headers
            .iter()
            .map(|h| h.chars().count())
            .enumerate()
            .find(|(_, n)| *n > MAX_HEADER_CELL_CHARS)
        {
            Some(over(
                format!("the name of column {} has {n} characters", i + 1),
                format!("{MAX_HEADER_CELL_CHARS} characters"),
            ))
        } else {
            let bytes: usize = headers.iter().map(|h| h.len() + 1).sum();
            (bytes > MAX_HEADER_BYTES).then(|| {
                over(
                    format!("the header takes {}", size_text(bytes)),
                    size_text(MAX_HEADER_BYTES),
                )
            })
        };
        match error {
            Some(e) => Err(self.fail(e)),
            None => Ok(()),
        }
    }
}

/// Bytes in words: `256 KB`, `16 MB`.
fn size_text(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{} KB", bytes.div_ceil(1 << 10))
    }
}

/// A cell that is a value, not a name: a number or a date.
fn looks_like_data(c: &str) -> bool {
    let t = c.trim();
    super::values::parse_number(t, super::values::Decimal::Dot).is_some()
        || super::values::parse_date(t, super::values::DateOrder::Dmy).is_some()
}

/// `name@host.tld`, without spaces.
fn is_email(t: &str) -> bool {
    let Some((user, host)) = t.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !t.contains(char::is_whitespace)
        && !host.contains('@')
}

/// A run of digits and `.`, `-`, `/` with nine digits or more: a CPF, CNPJ, phone or card
/// number (a date has eight).
fn has_document_number(t: &str) -> bool {
    let mut digits = 0;
    for c in t.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            if digits >= 9 {
                return true;
            }
        } else if !matches!(c, '.' | '-' | '/') {
            digits = 0;
        }
    }
    false
}

/// A candidate header line that holds values, not names: an e-mail, a document number or a
/// date in any cell, or nothing but numbers and dates.
fn row_of_values(row: &[String]) -> bool {
    let cells: Vec<&str> = row
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    cells.iter().any(|c| {
        is_email(c)
            || has_document_number(c)
            || super::values::parse_date(c, super::values::DateOrder::Dmy).is_some()
    }) || cells.iter().all(|c| looks_like_data(c))
}

/// The header is the first row naming at least two columns and at least half as many as
/// the rows below it usually fill. Rows above it are titles or notes.
fn find_header(rows: &[(u32, Vec<String>)]) -> Option<usize> {
    let filled = |r: &Vec<String>| r.iter().filter(|c| !c.trim().is_empty()).count();
    let look: Vec<usize> = rows.iter().take(60).map(|r| filled(&r.1)).collect();
    let mut counts = std::collections::HashMap::new();
    for &n in &look {
        if n >= 2 {
            *counts.entry(n).or_insert(0usize) += 1;
        }
    }
    let modal = counts
        .into_iter()
        .max_by_key(|(n, c)| (*c, *n))
        .map_or(2, |(n, _)| n);
    let need = 2.max(modal.div_ceil(2));
    look.iter().position(|&n| n >= need)
}

/// Picks the delimiter whose field count is the same on the most lines.
fn sniff_delimiter(text: &[u8]) -> u8 {
    let mut best = (b',', 0usize, 0usize);
    for d in [b',', b';', b'\t', b'|'] {
        let counts = field_counts(text, d, 60);
        let mut freq = std::collections::HashMap::new();
        for &c in &counts {
            if c > 1 {
                *freq.entry(c).or_insert(0usize) += 1;
            }
        }
        if let Some((modal, lines)) = freq.into_iter().max_by_key(|(c, l)| (*l, *c))
            && (lines, modal) > (best.1, best.2)
        {
            best = (d, lines, modal);
        }
    }
    best.0
}

/// Fields per line for the first `max_lines` non-blank lines, quotes respected.
fn field_counts(text: &[u8], d: u8, max_lines: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut in_quotes = false;
    let mut fields = 1;
    let mut nonblank = false;
    for &b in text {
        if in_quotes {
            if b == b'"' {
                in_quotes = false;
            }
            continue;
        }
        match b {
            b'"' => in_quotes = true,
            b'\n' => {
                if nonblank {
                    out.push(fields);
                    if out.len() >= max_lines {
                        break;
                    }
                }
                fields = 1;
                nonblank = false;
            }
            b'\r' => {}
            _ if b == d => {
                fields += 1;
                nonblank = true;
            }
            _ => {
                if !b.is_ascii_whitespace() {
                    nonblank = true
                }
            }
        }
    }
    if nonblank && out.len() < max_lines {
        out.push(fields);
    }
    out
}

/// Reads a whole file held in memory (tests, the CLI). Same as pushing one chunk.
pub fn read_bytes(file: &str, bytes: &[u8], options: &IngestOptions) -> Result<Table, IngestError> {
    let mut options = options.clone();
    options.size_hint = options.size_hint.or(Some(bytes.len() as u64));
    let mut r = Reader::new(file, options);
    // Chunks of 1 MiB keep peak memory near the table's even here.
    for chunk in bytes.chunks(1 << 20) {
        r.push(chunk)?;
    }
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read_with(bytes: &[u8], chunk: usize, in_place: bool) -> String {
        let mut r = Reader::new("p.csv", IngestOptions::default());
        r.split_in_place = in_place;
        let mut pushed = Ok(Progress::default());
        for c in bytes.chunks(chunk.max(1)) {
            pushed = r.push(c);
            if pushed.is_err() {
                break;
            }
        }
        match pushed {
            Err(e) => format!("{e:?}"),
            Ok(_) => format!("{:?}", r.finish()),
        }
    }

    #[test]
    fn lines_split_in_place_keep_lines_blanks_and_quotes() {
        let csv = "title\r\n\r\nid;when;amount\r\n1;03/01/2025;\"1,5\"\r\n\n2;04/01/2025;2\r3;05/01/2025;\"a\"\"b\"\n4;06/01/2025;4";
        let t = read_bytes("p.csv", csv.as_bytes(), &IngestOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.lines, vec![4, 6, 7, 8]);
        assert_eq!(
            read_with(csv.as_bytes(), 1 << 20, true),
            read_with(csv.as_bytes(), 1 << 20, false)
        );
    }

    #[test]
    fn wide_quoted_rows_between_lines_split_in_place() {
        // A 5000-byte cell after a quoted one overflows the parser's first buffer mid-record.
        let names: Vec<String> = (0..70).map(|i| format!("c{i}")).collect();
        let mut csv = names.join(",") + "\n";
        let plain = vec!["1"; 70].join(",");
        let quoted = format!("\"a\",{},", "x".repeat(5000)) + &vec!["2"; 68].join(",");
        for _ in 0..3 {
            csv += &format!("{plain}\n{quoted}\n");
        }
        let t = read_bytes("w.csv", csv.as_bytes(), &IngestOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.lines, vec![2, 3, 4, 5, 6, 7]);
        assert_eq!(
            read_with(csv.as_bytes(), 1 << 20, true),
            read_with(csv.as_bytes(), 1 << 20, false)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

        /// Splitting unquoted lines in place gives the same table as `csv_core` alone, whole
        /// or in chunks: quotes, `\r`, `\r\n`, blank lines and non-ASCII text included.
        #[test]
        fn split_in_place_agrees_with_csv_core(
            // Lines up to 30 bytes: several 8-byte words, stops anywhere in a word.
            body in "([a-c1-3 é,;\"]{0,30}(\r\n|\n|\r|\n\n)){0,60}[a-c1-3 é,;\"]{0,8}",
            chunk in 1usize..200,
        ) {
            let text = format!("id,name,amount,day\n{body}");
            let reference = read_with(text.as_bytes(), 1 << 20, false);
            prop_assert_eq!(&read_with(text.as_bytes(), 1 << 20, true), &reference);
            prop_assert_eq!(&read_with(text.as_bytes(), chunk, true), &reference);
        }
    }

    #[test]
    fn zero_bytes_marks_exactly_the_matching_bytes() {
        // Every byte value, at every position, among bytes that differ from it in one bit, in
        // the top bit or in all bits (where the cheaper zero-byte test gives false positives).
        for v in 0..=255u8 {
            for other in [v ^ 0x01, v ^ 0x80, !v] {
                for at in 0..8 {
                    let mut bytes = [other; 8];
                    bytes[at] = v;
                    let w = u64::from_le_bytes(bytes) ^ repeat_byte(v);
                    assert_eq!(
                        zero_bytes(w),
                        0x80 << (8 * at),
                        "{v:#x} at {at} among {other:#x}"
                    );
                    bytes[7 - at] = v;
                    let both = (0x80 << (8 * at)) | (0x80 << (8 * (7 - at)));
                    let w = u64::from_le_bytes(bytes) ^ repeat_byte(v);
                    assert_eq!(zero_bytes(w), both);
                }
            }
        }
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3\n4;5,5;6\n"), b';');
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(sniff_delimiter(b"a|b|c\n1|2|3\n"), b'|');
        assert_eq!(sniff_delimiter(b"\"x,y\";b\n\"1,2\";3\n"), b';');
    }
}
