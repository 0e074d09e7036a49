//! Typed column builders: one row at a time, no allocation per row on the hot path (text is
//! interned into a dictionary; numbers, dates and booleans go straight into vectors).

use super::plan::{ColumnPlan, Parser, Plan};
use super::values::{
    DateOrder, OrderEvidence, fold, parse_bool, parse_date, parse_duration_hours, parse_number,
    parse_unix, parse_yyyymmdd, swap_day_month, trim,
};
use crate::table::{
    Column, Dates, Dict, Numbers, Reject, Role, Table, TableKind, TextValues, Timestamp, ValueType,
    Values,
};
use crate::why::{Why, english_line};
use std::collections::HashMap;

/// A stable key for a file's header row, for remembering the user's mapping of it.
pub fn header_signature(headers: &[String]) -> String {
    // FNV-1a over the folded headers: stable across runs, platforms and versions.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, header) in headers.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in fold(header).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("h{h:016x}")
}

fn hash_str(s: &str) -> u64 {
    // 8 bytes at a time, multiply-rotate, murmur finaliser: fast and well mixed. Equal hashes
    // are always confirmed by comparing the text, so this need not resist collisions.
    let b = s.as_bytes();
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ (b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w))
            .rotate_left(29)
            .wrapping_mul(0xbf58_476d_1ce4_e5b9);
    }
    let mut tail = 0u64;
    for (i, x) in chunks.remainder().iter().enumerate() {
        tail |= u64::from(*x) << (8 * i);
    }
    h = (h ^ tail)
        .rotate_left(29)
        .wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^ (h >> 29)
}

/// A hash slot: the top 32 bits of the hash, the code, and the value itself when it is 7
/// bytes or shorter (ids, statuses, channels are then found without touching the dictionary).
/// The slot's position comes from those same 32 bits (`home`), so growing the table moves
/// slots without reading their texts again: it reads the old table in order and writes the
/// new one nearly in order, where rehashing each text read the dictionary at random.
#[derive(Clone, Copy)]
struct Slot {
    hash: u32,
    code: u32,
    inline: u64,
}

/// Where a hash's probe starts: its top 32 bits, those the slot keeps.
fn home(h: u64, mask: usize) -> usize {
    (h >> 32) as usize & mask
}

const EMPTY: Slot = Slot {
    hash: 0,
    code: u32::MAX,
    inline: 0,
};

/// The little-endian word of `b[at..at + N]` (zero where `b` is shorter).
fn word<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    b.get(at..at + N)
        .and_then(|w| w.try_into().ok())
        .unwrap_or([0; N])
}

/// The first 7 bytes and the length (top byte; 0xFF when longer than 7 bytes). Read as
/// whole words, possibly overlapping, rather than copied byte by byte: a copy of a variable
/// length is a `memcpy` call, costly per cell in wasm.
fn inline_key(b: &[u8]) -> (u64, bool) {
    const LOW7: u64 = (1 << 56) - 1;
    let n = b.len();
    let bytes = if n >= 8 {
        u64::from_le_bytes(word(b, 0)) & LOW7
    } else if n >= 4 {
        // Bytes 0..4, then bytes 4..n from the word that ends at n.
        let lo = u64::from(u32::from_le_bytes(word(b, 0)));
        let hi = u64::from(u32::from_le_bytes(word(b, n - 4))) >> (8 * (8 - n));
        lo | hi << 32
    } else {
        b.iter()
            .enumerate()
            .fold(0, |w, (i, &x)| w | u64::from(x) << (8 * i))
    };
    let short = n <= 7;
    let len = if short { n as u64 } else { 0xFF };
    (bytes | len << 56, short)
}

/// A text of at most 16 bytes as a key whose order is [`key_cmp`]'s: its length, then two
/// big-endian words that together hold every byte (they overlap when shorter than 16), so
/// equal lengths compare byte by byte. Read without copying the text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key16 {
    len: usize,
    head: u64,
    tail: u64,
}

impl Key16 {
    #[inline]
    fn of(b: &[u8]) -> Option<Key16> {
        let n = b.len();
        let (head, tail) = match n {
            8..=16 => (
                u64::from_be_bytes(word(b, 0)),
                u64::from_be_bytes(word(b, n - 8)),
            ),
            4..=7 => (
                u64::from(u32::from_be_bytes(word(b, 0))),
                u64::from(u32::from_be_bytes(word(b, n - 4))),
            ),
            1..=3 => (
                u64::from(b[0]) << 8 | u64::from(b[n / 2]),
                u64::from(b[n - 1]),
            ),
            _ => return None,
        };
        Some(Key16 { len: n, head, tail })
    }
}

/// Text → code, open addressing with linear probing, at most 80% full.
///
/// Id columns are usually sorted (ascending or newest first). While every value is strictly
/// beyond the previous one it cannot have been seen before, so no lookup is needed; the hash
/// table is only built the first time the order breaks.
///
/// Once the table outgrows the CPU caches (a column of customer ids at millions of rows),
/// nearly every lookup misses the cache, and one row's miss waited for the previous one's:
/// the cells are then interned in batches (`intern_into`), each batch's slots loaded first
/// by independent reads whose misses overlap. Codes are still given in row order.
///
/// A column of a few short values (statuses, channels) is looked up in a short list instead
/// (`small`), until it holds more than [`SMALL`] values or a longer one: no hash, and no
/// dictionary read to confirm a match.
///
/// A column of small whole numbers written plainly (customer ids `1` to `250000`) is then
/// looked up by value in an array (`dense`), until a value is not such a number or is too
/// large ([`Interner::dense_allows`]): no hash, and the array is a quarter of the hash
/// table's size, so it stays in the CPU caches where the table would not (1M orders in
/// wasm: see the README).
struct Interner {
    slots: Vec<Slot>,
    dict: Dict,
    /// `Some(direction)` while the values are strictly monotonic (0 = not known yet).
    monotonic: Option<i8>,
    /// The last value's key in monotonic mode, when it has one (16 bytes or fewer).
    last: Option<Key16>,
    /// Every value and its code while the column is small (see above); `None` once the hash
    /// table is used.
    small: Option<Vec<(Key16, u32)>>,
    /// `dense[n]`: the code of the plain decimal `n` (`u32::MAX` if not seen yet), while every
    /// value so far is one; `None` otherwise.
    dense: Option<Vec<u32>>,
    /// Cells waiting for the next batch: their texts end to end, where each ends, their hashes.
    pending: String,
    pending_ends: Vec<usize>,
    hashes: Vec<u64>,
}

impl Default for Interner {
    fn default() -> Self {
        Interner {
            slots: Vec::new(),
            dict: Dict::new(),
            monotonic: Some(0),
            last: None,
            small: Some(Vec::new()),
            dense: None,
            pending: String::new(),
            pending_ends: Vec::new(),
            hashes: Vec::new(),
        }
    }
}

/// Slots beyond which the table is taken to miss the cache (1 MiB of slots).
const BATCHED_FROM: usize = 1 << 16;
/// Cells interned together: enough misses in flight, few enough to stay in the L1 cache.
const BATCH: usize = 64;
/// Values a column may hold and still be looked up in a list rather than a hash table.
const SMALL: usize = 16;
/// Entries the dense array may always grow to (4 MiB): ids below 1,048,576.
const DENSE_FREE: usize = 1 << 20;
/// Beyond [`DENSE_FREE`], the array may hold at most this many entries per value seen.
const DENSE_SPREAD: usize = 4;

/// The value of a whole number written plainly (ASCII digits, no sign, no leading zero,
/// at most 9 digits), the only texts [`Interner`]'s dense array holds: "007" and "7" are
/// different texts, so "007" is not one.
#[inline]
fn plain_decimal(b: &[u8]) -> Option<usize> {
    if b.is_empty() || b.len() > 9 || (b[0] == b'0' && b.len() > 1) {
        return None;
    }
    let mut n = 0usize;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + usize::from(d);
    }
    Some(n)
}

/// A strict total order on texts (shorter first, then bytes), so "9" < "10".
fn key_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

impl Interner {
    fn push_new(&mut self, s: &str) -> u32 {
        let code = u32::try_from(self.dict.len()).unwrap_or(TextValues::NULL - 1);
        self.dict.push(s);
        code
    }

    fn intern(&mut self, s: &str) -> u32 {
        use std::cmp::Ordering::{Equal, Greater, Less};
        let key = Key16::of(s.as_bytes());
        if let Some(dir) = self.monotonic {
            let order = match (key, self.last) {
                (Some(k), Some(last)) => Some(k.cmp(&last)),
                _ => self.dict.last().map(|last| key_cmp(s, last)),
            };
            let dir = match (order, dir) {
                (None, _) => Some(0),
                (Some(Equal), _) => return (self.dict.len() - 1) as u32,
                (Some(Greater), 0 | 1) => Some(1),
                (Some(Less), 0 | -1) => Some(-1),
                _ => None,
            };
            if dir.is_some() {
                self.monotonic = dir;
                self.last = key;
                return self.push_new(s);
            }
            self.leave_monotonic();
        }
        if let Some(small) = &mut self.small {
            if let Some(k) = key {
                if let Some(&(_, code)) = small.iter().find(|(x, _)| *x == k) {
                    return code;
                }
                if small.len() < SMALL {
                    let code = self.push_new(s);
                    if let Some(small) = &mut self.small {
                        small.push((k, code));
                    }
                    return code;
                }
            }
            self.leave_small();
        }
        // After the short list (now or earlier): the dense array while it holds every value.
        if self.dense.is_some() {
            if let Some(code) = self.intern_dense(s) {
                return code;
            }
            self.build_table();
        }
        self.intern_hashed(s)
    }

    /// Leaves the short list (or monotonic mode) for the dense array if every value so far
    /// is a plain decimal it may hold, else for the hash table.
    fn leave_small(&mut self) {
        self.monotonic = None;
        self.small = None;
        let mut dense = Vec::new();
        let fits =
            self.dict
                .iter()
                .enumerate()
                .all(|(code, text)| match plain_decimal(text.as_bytes()) {
                    Some(n) if self.dense_allows(n) => {
                        if n >= dense.len() {
                            dense.resize(n + 1, u32::MAX);
                        }
                        dense[n] = code as u32;
                        true
                    }
                    _ => false,
                });
        if fits {
            self.dense = Some(dense);
        } else {
            self.build_table();
        }
    }

    /// Whether the dense array may hold the value `n`: below [`DENSE_FREE`] always, beyond
    /// it while the array stays within [`DENSE_SPREAD`] entries per value seen (ids spread
    /// thinly over a wide range go to the hash table instead).
    fn dense_allows(&self, n: usize) -> bool {
        n < DENSE_FREE || n < DENSE_SPREAD * (self.dict.len() + 1)
    }

    /// `s`'s code through the dense array (added if new), or `None` if the array cannot hold
    /// it: the caller then moves every value to the hash table.
    #[inline]
    fn intern_dense(&mut self, s: &str) -> Option<u32> {
        let n = plain_decimal(s.as_bytes())?;
        if !self.dense_allows(n) {
            return None;
        }
        let known = self.dense.as_ref()?.get(n).copied().unwrap_or(u32::MAX);
        if known != u32::MAX {
            return Some(known);
        }
        let code = self.push_new(s);
        let dense = self.dense.as_mut()?;
        if n >= dense.len() {
            // Doubling (within the allowance) so a column of rising ids grows in few steps.
            let len = (n + 1).max(dense.len() * 2).min(DENSE_FREE.max(n + 1));
            dense.resize(len, u32::MAX);
        }
        dense[n] = code;
        Some(code)
    }

    /// Leaves monotonic mode for the short list, if every value so far fits it, else for the
    /// hash table.
    fn leave_monotonic(&mut self) {
        self.monotonic = None;
        let small: Option<Vec<(Key16, u32)>> = (self.dict.len() <= SMALL)
            .then(|| {
                (self.dict.iter().enumerate())
                    .map(|(code, text)| Key16::of(text.as_bytes()).map(|k| (k, code as u32)))
                    .collect()
            })
            .flatten();
        self.small = small;
        if self.small.is_none() {
            self.leave_small();
        }
    }

    /// Indexes every value seen so far in the hash table, which takes every lookup from now.
    fn build_table(&mut self) {
        self.monotonic = None;
        self.small = None;
        self.dense = None;
        let mut len = 64;
        while len * 4 < self.dict.len() * 5 + 8 {
            len *= 2;
        }
        self.slots = vec![EMPTY; len];
        let mask = len - 1;
        for (code, text) in self.dict.iter().enumerate() {
            let h = hash_str(text);
            let mut i = home(h, mask);
            while self.slots[i].code != u32::MAX {
                i = (i + 1) & mask;
            }
            self.slots[i] = Slot {
                hash: (h >> 32) as u32,
                code: code as u32,
                inline: inline_key(text.as_bytes()).0,
            };
        }
    }

    /// Interns `s` and appends its code to `codes`: now while the table is small or not
    /// built, else with its batch (`flush` interns what is left).
    fn intern_into(&mut self, codes: &mut Vec<u32>, s: &str) {
        // A table only grows and never returns to monotonic mode, so cells go to the batch
        // only after every earlier cell has its code: the order of codes is kept.
        if self.monotonic.is_some()
            || self.small.is_some()
            || self.dense.is_some()
            || self.slots.len() < BATCHED_FROM
        {
            codes.push(self.intern(s));
            return;
        }
        self.pending.push_str(s);
        self.pending_ends.push(self.pending.len());
        if self.pending_ends.len() == BATCH {
            self.flush(codes);
        }
    }

    /// Interns the batch's cells in order, after loading their slots (and the dictionary
    /// texts of long values): independent reads, so their cache misses overlap.
    fn flush(&mut self, codes: &mut Vec<u32>) {
        if self.pending_ends.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let ends = std::mem::take(&mut self.pending_ends);
        let mut hashes = std::mem::take(&mut self.hashes);
        hashes.clear();
        let mask = self.slots.len() - 1;
        let mut seen = 0u32;
        let mut start = 0;
        for &end in &ends {
            let h = hash_str(&pending[start..end]);
            seen ^= self.slots[home(h, mask)].code;
            hashes.push(h);
            start = end;
        }
        start = 0;
        for (&end, &h) in ends.iter().zip(&hashes) {
            let slot = self.slots[home(h, mask)];
            if end - start > 7 && slot.hash == (h >> 32) as u32 {
                seen ^= self
                    .dict
                    .get(slot.code as usize)
                    .map_or(0, |d| u32::from(d.as_bytes().first().copied().unwrap_or(0)));
            }
            start = end;
        }
        std::hint::black_box(seen);
        start = 0;
        for (&end, &h) in ends.iter().zip(&hashes) {
            codes.push(self.intern_hashed_with(&pending[start..end], h));
            start = end;
        }
        self.pending = pending;
        self.pending.clear();
        self.pending_ends = ends;
        self.pending_ends.clear();
        self.hashes = hashes;
    }

    fn intern_hashed(&mut self, s: &str) -> u32 {
        self.intern_hashed_with(s, hash_str(s))
    }

    fn intern_hashed_with(&mut self, s: &str, h: u64) -> u32 {
        let tag = (h >> 32) as u32;
        let b = s.as_bytes();
        let (inline, short) = inline_key(b);
        let mask = self.slots.len() - 1;
        let mut i = home(h, mask);
        loop {
            let slot = &self.slots[i];
            if slot.code == u32::MAX {
                break;
            }
            if slot.hash == tag
                && slot.inline == inline
                && (short
                    || self
                        .dict
                        .get(slot.code as usize)
                        .is_some_and(|d| d.as_bytes() == b))
            {
                return slot.code;
            }
            i = (i + 1) & mask;
        }
        let code = self.push_new(s);
        self.slots[i] = Slot {
            hash: tag,
            code,
            inline,
        };
        // Up to 80% full: a smaller table stays in cache, and linear probes share lines.
        if self.dict.len() * 5 > self.slots.len() * 4 {
            self.grow();
        }
        code
    }

    fn grow(&mut self) {
        let new_len = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; new_len]);
        let mask = new_len - 1;
        for slot in old.into_iter().filter(|s| s.code != u32::MAX) {
            let mut i = slot.hash as usize & mask;
            while self.slots[i].code != u32::MAX {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

enum ColBuf {
    Text(Vec<u32>, Box<Interner>),
    Num(Numbers),
    Date(Dates),
    Bool(Vec<Option<bool>>),
}

/// A column's unreadable cells: how many, and the first one.
#[derive(Default)]
struct Unreadable {
    count: usize,
    first: Option<(u32, String)>,
}

/// A record's fields, however they are stored.
pub trait Fields {
    fn count(&self) -> usize;
    fn field(&self, i: usize) -> &str;
}

impl Fields for [&str] {
    fn count(&self) -> usize {
        self.len()
    }
    fn field(&self, i: usize) -> &str {
        self.get(i).copied().unwrap_or("")
    }
}

/// Fields as the CSV parser leaves them: one string and the end offset of each field.
pub struct RecordFields<'a> {
    pub text: &'a str,
    pub ends: &'a [usize],
}

impl Fields for RecordFields<'_> {
    fn count(&self) -> usize {
        self.ends.len()
    }
    fn field(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..self.ends[i]).unwrap_or("")
    }
}

/// Fields of an unquoted line read in place: `text` is the line, `ends` where each field
/// ends (its delimiter, or the line's end).
pub struct LineFields<'a> {
    pub text: &'a str,
    pub ends: &'a [usize],
}

impl Fields for LineFields<'_> {
    fn count(&self) -> usize {
        self.ends.len()
    }
    // Inlined: a call per cell was 8% of reading in wasm.
    #[inline]
    fn field(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        self.text.get(start..self.ends[i]).unwrap_or("")
    }
}

pub struct Builder {
    file: String,
    plan: Plan,
    width: usize,
    cols: Vec<ColBuf>,
    /// Columns that parse (numbers, dates, booleans) and columns that intern text: a row's
    /// typed cells are pushed first and taken back if the row is rejected, its text is
    /// interned only once it is kept.
    typed: Vec<usize>,
    text: Vec<usize>,
    /// Day/month evidence of each date column's cell in the current row.
    evidence: Vec<OrderEvidence>,
    lines: Vec<u32>,
    pub rejects: Vec<Reject>,
    unreadable: Vec<Unreadable>,
    order_evidence: Vec<(usize, usize)>,
    ambiguous_rows: Vec<Vec<u32>>,
    /// Rows the file is expected to hold ([`Builder::reserve`]), 0 if unknown.
    expected_rows: usize,
    prev_fold: String,
    folded: usize,
    blank: usize,
    totals: usize,
    /// Warnings found while reading (encoding, lines above the header), after the plan's.
    pub extra_warnings: Vec<Why>,
}

impl Builder {
    pub fn new(file: &str, plan: Plan) -> Builder {
        let width = plan.columns.len();
        let cols = plan
            .columns
            .iter()
            .map(|c| match c.parser {
                Parser::Text | Parser::Status => ColBuf::Text(Vec::new(), Box::default()),
                Parser::Number(_) | Parser::Duration { .. } => ColBuf::Num(Numbers::new()),
                Parser::Date(_) | Parser::Yyyymmdd | Parser::Unix { .. } => {
                    ColBuf::Date(Dates::new())
                }
                Parser::Bool { .. } => ColBuf::Bool(Vec::new()),
            })
            .collect();
        let (text, typed): (Vec<usize>, Vec<usize>) = (0..width)
            .partition(|&i| matches!(plan.columns[i].parser, Parser::Text | Parser::Status));
        Builder {
            file: file.to_string(),
            width,
            cols,
            typed,
            text,
            evidence: vec![OrderEvidence::None; width],
            lines: Vec::new(),
            rejects: Vec::new(),
            unreadable: (0..width).map(|_| Unreadable::default()).collect(),
            order_evidence: vec![(0, 0); width],
            ambiguous_rows: vec![Vec::new(); width],
            expected_rows: 0,
            prev_fold: String::new(),
            folded: 0,
            blank: 0,
            totals: 0,
            extra_warnings: Vec::new(),
            plan,
        }
    }

    pub fn rows(&self) -> usize {
        self.lines.len()
    }

    /// Makes room for about `rows` rows.
    pub fn reserve(&mut self, rows: usize) {
        let rows = rows.min(50_000_000);
        self.expected_rows = rows;
        self.lines.reserve(rows);
        for c in &mut self.cols {
            match c {
                ColBuf::Text(v, _) => v.reserve(rows),
                ColBuf::Num(v) => v.reserve(rows),
                ColBuf::Date(v) => v.reserve(rows),
                ColBuf::Bool(v) => v.reserve(rows),
            }
        }
    }

    /// After the sample rows: a text column whose every sampled value is new (an id) gets its
    /// dictionary sized for the rows [`Builder::reserve`] expects, at the sample's mean length
    /// plus 5%, instead of doubling as it grows (`finish` gives back what is unused).
    pub fn reserve_unique_texts(&mut self) {
        const MIN_SAMPLE: usize = 20;
        let rows = self.lines.len();
        if rows < MIN_SAMPLE || self.expected_rows <= rows {
            return;
        }
        let more = self.expected_rows - rows;
        for c in &mut self.cols {
            if let ColBuf::Text(codes, interner) = c {
                interner.flush(codes);
                let texts = interner.dict.len();
                let filled = codes.iter().filter(|&&c| c != TextValues::NULL).count();
                if texts >= MIN_SAMPLE && texts == filled {
                    let mean = interner.dict.text_len() as f64 / texts as f64;
                    let bytes = (mean * more as f64 * 1.05).ceil() as usize;
                    interner.dict.reserve(more, bytes);
                }
            }
        }
    }

    fn reject(&mut self, line: u32, why: Why) {
        self.rejects.push(Reject {
            line,
            reason: english_line(&why),
            why,
        });
    }

    /// Adds one record that starts on `line`: unless it is not data (blank, a totals line,
    /// another line item of the last order) or rejected, its typed cells, then its text.
    pub fn push_row<F: Fields + ?Sized>(&mut self, fields: &F, line: u32) {
        if self.skips(fields, line) {
            return;
        }
        let row = self.lines.len();
        if !self.push_typed(fields, line, row) {
            return;
        }
        self.tally_date_orders(row as u32);
        self.push_text(fields);
        self.lines.push(line);
    }

    /// Whether the record is left out: blank, the wrong field count (rejected), a totals
    /// line, or another line item of the order just read.
    #[inline(always)]
    fn skips<F: Fields + ?Sized>(&mut self, fields: &F, line: u32) -> bool {
        let count = fields.count();
        if (0..count).all(|i| trim(fields.field(i)).is_empty()) {
            self.blank += 1;
            return true;
        }
        if count != self.width {
            let extra_empty =
                count > self.width && (self.width..count).all(|i| trim(fields.field(i)).is_empty());
            if !extra_empty {
                let why = Why::new(
                    "reject.field_count",
                    [count.to_string(), self.width.to_string()],
                );
                self.reject(line, why);
                return true;
            }
        }
        let is_total = |f: &str| {
            ["grand total", "total geral", "total", "totais", "totals"]
                .iter()
                .any(|w| f.eq_ignore_ascii_case(w))
        };
        // A spreadsheet's totals line (its first cell says so) is not data, in any file; in
        // report exports (GA4) the "Grand total" may stand in any column.
        if (count > 0 && is_total(trim(fields.field(0))))
            || (self.plan.skip_total_rows
                && (0..count).any(|i| {
                    let f = trim(fields.field(i));
                    f.eq_ignore_ascii_case("grand total") || f.eq_ignore_ascii_case("total geral")
                }))
        {
            self.totals += 1;
            return true;
        }
        if let Some(c) = self.plan.fold_by {
            let key = trim(fields.field(c));
            if !key.is_empty() && key == self.prev_fold {
                // Another line item of the same order: the order is already counted.
                self.folded += 1;
                return true;
            }
            self.prev_fold.clear();
            self.prev_fold.push_str(key);
        }
        false
    }

    /// Pushes the row's numbers, dates and booleans. An unreadable cell in a required column
    /// (or an empty required date) rejects the row: its cells are taken back and `false`
    /// returned. Elsewhere it is counted for the column's warning.
    // Columns, plans, scratch cells and fields are parallel arrays indexed together.
    #[allow(clippy::needless_range_loop)]
    #[inline(always)]
    fn push_typed<F: Fields + ?Sized>(&mut self, fields: &F, line: u32, row: usize) -> bool {
        for k in 0..self.typed.len() {
            let i = self.typed[k];
            let raw = trim(fields.field(i));
            let col = &self.plan.columns[i];
            let mut unreadable = false;
            let mut rejected = None;
            match &mut self.cols[i] {
                ColBuf::Num(v) => v.push(if raw.is_empty() {
                    None
                } else {
                    let x = parse_amount(col.parser, raw);
                    unreadable = x.is_none();
                    x
                }),
                ColBuf::Date(v) => {
                    let read = if raw.is_empty() {
                        if col.required {
                            rejected = Some(Why::new("reject.date_empty", [col.name.as_str()]));
                        }
                        None
                    } else {
                        let read = parse_when(col.parser, raw);
                        unreadable = read.is_none();
                        read
                    };
                    self.evidence[i] = read.map_or(OrderEvidence::None, |(_, ev)| ev);
                    v.push(read.map(|(t, _)| t));
                }
                ColBuf::Bool(v) => v.push(if raw.is_empty() {
                    match col.parser {
                        Parser::Bool { x_mark: true } => Some(false),
                        _ => None,
                    }
                } else {
                    let b = parse_bool(raw);
                    unreadable = b.is_none();
                    b
                }),
                ColBuf::Text(..) => {}
            }
            if unreadable {
                if col.required {
                    rejected = Some(Why::new(
                        "reject.unreadable",
                        [col.name.clone(), clip(raw), what(col.parser).to_string()],
                    ));
                } else {
                    let u = &mut self.unreadable[i];
                    u.count += 1;
                    if u.first.is_none() {
                        u.first = Some((line, clip(raw)));
                    }
                }
            }
            if let Some(why) = rejected {
                // Take back this row's cells: a rejected row leaves no partial values.
                for &j in &self.typed[..=k] {
                    match &mut self.cols[j] {
                        ColBuf::Num(v) => v.truncate(row),
                        ColBuf::Date(v) => v.truncate(row),
                        ColBuf::Bool(v) => v.truncate(row),
                        ColBuf::Text(..) => {}
                    }
                }
                self.reject(line, why);
                return false;
            }
        }
        true
    }

    /// Counts each date column's day/month evidence of a kept row, and remembers the rows
    /// whose order is still open (re-read in `finish` if later rows settle it).
    #[inline(always)]
    fn tally_date_orders(&mut self, row: u32) {
        for &i in &self.typed {
            let col = &self.plan.columns[i];
            if matches!(col.parser, Parser::Date(_)) {
                match self.evidence[i] {
                    OrderEvidence::Dmy => self.order_evidence[i].0 += 1,
                    OrderEvidence::Mdy => self.order_evidence[i].1 += 1,
                    OrderEvidence::Ambiguous if !col.order_settled => {
                        self.ambiguous_rows[i].push(row)
                    }
                    _ => {}
                }
            }
        }
    }

    /// Interns a kept row's text cells (only now, so a rejected row adds no dictionary text).
    #[inline(always)]
    fn push_text<F: Fields + ?Sized>(&mut self, fields: &F) {
        for &i in &self.text {
            if let ColBuf::Text(codes, interner) = &mut self.cols[i] {
                let raw = trim(fields.field(i));
                if raw.is_empty() {
                    // Any batched cells before this one get their codes first.
                    interner.flush(codes);
                    codes.push(TextValues::NULL);
                } else {
                    interner.intern_into(codes, raw);
                }
            }
        }
    }

    pub fn finish(self) -> Table {
        let Builder {
            file,
            plan,
            cols,
            lines,
            rejects,
            unreadable,
            order_evidence,
            ambiguous_rows,
            folded,
            blank,
            totals,
            extra_warnings,
            ..
        } = self;
        let mut warnings = plan.warnings_why;
        warnings.extend(extra_warnings);
        let mut columns = Vec::with_capacity(cols.len());
        for (i, (buf, cp)) in cols.into_iter().zip(plan.columns).enumerate() {
            let read = ColumnRead {
                unreadable: &unreadable[i],
                order_evidence: order_evidence[i],
                ambiguous_rows: &ambiguous_rows[i],
            };
            columns.push(finish_column(buf, cp, &read, &mut warnings));
        }
        if let Some(total) = line_total(plan.kind, &columns) {
            columns.push(total);
        }
        let mut lines = lines;
        lines.shrink_to_fit();
        if let Some(w) = merge_duplicates(plan.kind, &mut columns, &mut lines) {
            warnings.push(w);
        }
        if folded > 0 {
            warnings.push(Why::new("warning.folded", [folded.to_string()]));
        }
        if totals > 0 {
            warnings.push(Why::new("warning.grand_total", [totals.to_string()]));
        }
        if blank > 0 {
            warnings.push(Why::new("warning.blank_rows", [blank.to_string()]));
        }
        if lines.is_empty() {
            warnings.push(Why::bare("warning.no_rows"));
        }
        Table {
            file,
            kind: plan.kind,
            kind_confidence: plan.kind_confidence,
            kind_reason: plan.kind_reason,
            kind_why: plan.kind_why,
            vendor: plan.vendor.map(str::to_string),
            currency: plan.currency,
            columns,
            lines,
            rejects,
            warnings: warnings.iter().map(english_line).collect(),
            warnings_why: warnings,
        }
    }
}

/// What reading the rows learnt about one column, for [`finish_column`].
struct ColumnRead<'a> {
    unreadable: &'a Unreadable,
    /// Kept rows whose date read day-first, month-first.
    order_evidence: (usize, usize),
    ambiguous_rows: &'a [u32],
}

/// A column's values and plan made into a [`Column`]: text flushed to its dictionary, dates
/// re-read if later rows settled their order, unreadable cells warned about (lowering the
/// confidence), the value type from the parser and role.
fn finish_column(
    buf: ColBuf,
    cp: ColumnPlan,
    read: &ColumnRead<'_>,
    warnings: &mut Vec<Why>,
) -> Column {
    let ColumnPlan {
        name,
        role,
        parser,
        mut confidence,
        mut reason,
        mut why,
        question,
        ..
    } = cp;
    let values = match buf {
        ColBuf::Text(mut codes, mut interner) => {
            interner.flush(&mut codes);
            // The interner's hash slots go with it; the codes and texts keep only what they use.
            codes.shrink_to_fit();
            interner.dict.shrink_to_fit();
            Values::Text(TextValues::from_parts(codes, interner.dict))
        }
        ColBuf::Num(mut v) => {
            v.shrink_to_fit();
            Values::Number(v)
        }
        ColBuf::Bool(mut v) => {
            v.shrink_to_fit();
            Values::Bool(v)
        }
        ColBuf::Date(mut v) => {
            v.shrink_to_fit();
            if let Some(b) = settle_date_order(parser, read, &mut v) {
                warnings.push(Why::new(
                    "warning.order_reread",
                    [
                        name.clone(),
                        format!("{b:?}"),
                        read.ambiguous_rows.len().to_string(),
                    ],
                ));
                why.push(crate::why::Why::bare(if b == DateOrder::Dmy {
                    "order.later_dmy"
                } else {
                    "order.later_mdy"
                }));
                reason = crate::why::english(&why);
                confidence = confidence.max(0.8);
            }
            Values::Date(v)
        }
    };
    let u = read.unreadable;
    if u.count > 0 {
        if let Some((line, ex)) = &u.first {
            warnings.push(Why::new(
                "warning.unreadable",
                [
                    name.clone(),
                    u.count.to_string(),
                    what(parser).to_string(),
                    ex.clone(),
                    line.to_string(),
                ],
            ));
        }
        confidence *= 0.9;
    }
    Column {
        name,
        role,
        ty: value_type(parser, role),
        confidence,
        reason,
        why,
        question,
        values,
    }
}

/// Rows after the sample may settle an order the sample left open: when the kept rows read
/// only one way, and that is not the plan's, swaps day and month of the ambiguous rows and
/// returns the order now taken.
fn settle_date_order(
    parser: Parser,
    read: &ColumnRead<'_>,
    values: &mut Dates,
) -> Option<DateOrder> {
    let Parser::Date(order) = parser else {
        return None;
    };
    let (dmy, mdy) = read.order_evidence;
    let better = if dmy > 0 && mdy == 0 {
        DateOrder::Dmy
    } else if mdy > 0 && dmy == 0 {
        DateOrder::Mdy
    } else {
        return None;
    };
    if better == order || read.ambiguous_rows.is_empty() {
        return None;
    }
    for &r in read.ambiguous_rows {
        let r = r as usize;
        values.set(r, values.get(r).and_then(swap_day_month));
    }
    Some(better)
}

/// A column's value type: its parser's, except that text in the status role is a status.
fn value_type(parser: Parser, role: Option<Role>) -> ValueType {
    let ty = match parser {
        Parser::Text => ValueType::Text,
        Parser::Status => ValueType::Status,
        Parser::Number(_) | Parser::Duration { .. } => ValueType::Number,
        Parser::Date(_) | Parser::Yyyymmdd | Parser::Unix { .. } => ValueType::Date,
        Parser::Bool { .. } => ValueType::Bool,
    };
    if role == Some(Role::Status) && ty == ValueType::Text {
        ValueType::Status
    } else {
        ty
    }
}

/// Merges the rows that repeat an id that should be unique (METRICS.md "Duplicates": an
/// order, ticket or subscription is one entity, never counted twice). The first row of an id
/// is kept; a ticket's kept row takes its earliest creation, its first response and its last
/// resolution over the repeats. Returns the warning (`warning.duplicates`: id column, rows
/// merged, how), or `None` when no id repeats.
/// An orders file with a unit price and a quantity but no line total: its amount is unit
/// price × quantity per row (empty when either is), added as a column whose reason says so
/// (the mapping review shows it; nothing is invented: a row missing either has no amount).
fn line_total(kind: TableKind, columns: &[Column]) -> Option<Column> {
    let has = |r: Role| columns.iter().find(|c| c.role == Some(r));
    if kind != TableKind::Orders || has(Role::Amount).is_some() {
        return None;
    }
    let (unit, qty) = (has(Role::UnitPrice)?, has(Role::Quantity)?);
    let (Values::Number(u), Values::Number(q)) = (&unit.values, &qty.values) else {
        return None;
    };
    let values = u.iter().zip(q.iter()).map(|(u, q)| Some(u? * q?)).collect();
    let why = vec![Why::new(
        "derived.line_total",
        [unit.name.clone(), qty.name.clone()],
    )];
    Some(Column {
        name: format!("{} × {}", unit.name, qty.name),
        role: Some(Role::Amount),
        ty: ValueType::Number,
        confidence: unit.confidence.min(qty.confidence),
        reason: crate::why::english(&why),
        why,
        question: None,
        values: Values::Number(values),
    })
}

fn merge_duplicates(kind: TableKind, columns: &mut [Column], lines: &mut Vec<u32>) -> Option<Why> {
    let id_role = match kind {
        TableKind::Orders => Role::OrderId,
        TableKind::Tickets => Role::TicketId,
        TableKind::Subscriptions => Role::SubscriptionId,
        _ => return None,
    };
    let id = columns.iter().position(|c| c.role == Some(id_role))?;
    let rows = lines.len();
    // A key per row (text code or number bits); an empty id is never a repeat.
    let key = |r: usize| -> Option<u64> {
        match &columns[id].values {
            Values::Text(t) => t
                .codes
                .get(r)
                .filter(|&&c| c != TextValues::NULL)
                .map(|&c| u64::from(c)),
            Values::Number(v) => v.get(r).map(f64::to_bits),
            Values::Date(v) => v.get(r).map(|t| t as u64),
            Values::Bool(_) => None,
        }
    };
    // (repeat row, the row it merges into)
    let mut repeats: Vec<(u32, u32)> = Vec::new();
    if let Values::Text(t) = &columns[id].values {
        // Text ids are dictionary codes, one per distinct text: with as many texts as filled
        // cells no id repeats, and otherwise each code's first row is found in a vector by
        // code. A hash map of every row's key cost 40 bytes a row (400 MB at 10M orders)
        // and most of `finish`'s time.
        let filled = t.codes.iter().filter(|&&c| c != TextValues::NULL).count();
        if filled > t.dict.len() {
            let mut first = vec![u32::MAX; t.dict.len()];
            for (r, &c) in t.codes.iter().enumerate() {
                if let Some(f) = first.get_mut(c as usize) {
                    if *f == u32::MAX {
                        *f = r as u32;
                    } else {
                        repeats.push((r as u32, *f));
                    }
                }
            }
        }
    } else {
        let mut first: HashMap<u64, u32> = HashMap::new();
        for r in 0..rows {
            if let Some(k) = key(r) {
                let f = *first.entry(k).or_insert(r as u32);
                if f != r as u32 {
                    repeats.push((r as u32, f));
                }
            }
        }
    }
    if repeats.is_empty() {
        return None;
    }
    let how = if kind == TableKind::Tickets {
        // Earliest creation and first response, last resolution.
        for (role, keep_min) in [
            (Role::CreatedAt, true),
            (Role::FirstResponseAt, true),
            (Role::ResolvedAt, false),
        ] {
            if let Some(Values::Date(v)) = columns
                .iter_mut()
                .find(|c| c.role == Some(role))
                .map(|c| &mut c.values)
            {
                for &(r, f) in &repeats {
                    let (r, f) = (r as usize, f as usize);
                    let merged = match (v.get(f), v.get(r)) {
                        (Some(a), Some(b)) => Some(if keep_min { a.min(b) } else { a.max(b) }),
                        (a, b) => a.or(b),
                    };
                    v.set(f, merged);
                }
            }
        }
        "ticket_dates"
    } else {
        "first_row"
    };
    let mut keep = vec![true; rows];
    for &(r, _) in &repeats {
        keep[r as usize] = false;
    }
    let retain = |i: &mut usize| {
        let k = keep[*i];
        *i += 1;
        k
    };
    for c in columns.iter_mut() {
        let mut i = 0;
        match &mut c.values {
            Values::Text(t) => t.codes.retain(|_| retain(&mut i)),
            Values::Number(v) => v.retain(|_| retain(&mut i)),
            Values::Date(v) => v.retain(|_| retain(&mut i)),
            Values::Bool(v) => v.retain(|_| retain(&mut i)),
        }
    }
    let mut i = 0;
    lines.retain(|_| retain(&mut i));
    Some(Why::new(
        "warning.duplicates",
        [
            columns[id].name.clone(),
            repeats.len().to_string(),
            how.to_string(),
        ],
    ))
}

/// A number or duration cell (hours) read by its column's parser.
fn parse_amount(parser: Parser, raw: &str) -> Option<f64> {
    match parser {
        Parser::Number(d) => parse_number(raw, d),
        Parser::Duration {
            decimal,
            unit_hours,
            out_per_hour,
        } => Some(parse_duration_hours(raw, decimal, unit_hours)? * out_per_hour),
        _ => None,
    }
}

/// A date cell read by its column's parser, with what it says about day/month order.
fn parse_when(parser: Parser, raw: &str) -> Option<(Timestamp, OrderEvidence)> {
    match parser {
        Parser::Date(order) => parse_date(raw, order),
        Parser::Yyyymmdd => Some((parse_yyyymmdd(raw)?, OrderEvidence::None)),
        Parser::Unix { millis } => Some((parse_unix(raw, millis)?, OrderEvidence::None)),
        _ => None,
    }
}

/// What a cell of this parser should be, as a [`crate::why::VALUE_KINDS`] id.
fn what(p: Parser) -> &'static str {
    match p {
        Parser::Text | Parser::Status => "text",
        Parser::Number(_) => "number",
        Parser::Duration { .. } => "duration",
        Parser::Date(_) | Parser::Yyyymmdd | Parser::Unix { .. } => "date",
        Parser::Bool { .. } => "yes_no",
    }
}

/// A cell quoted in a message: at most 40 characters.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn signature_is_stable_and_folded() {
        let a = header_signature(&["Data do Pedido".into(), "Valor".into()]);
        let b = header_signature(&["data_do_pedido".into(), "VALOR".into()]);
        assert_eq!(a, b);
        assert_ne!(
            a,
            header_signature(&["Valor".into(), "Data do Pedido".into()])
        );
        assert_eq!(a.len(), 17);
    }

    #[test]
    fn interner_dedups_long_and_short_values_and_grows() {
        let mut i = Interner::default();
        let a = i.intern("a");
        let long = "a value longer than sixteen bytes";
        let l = i.intern(long);
        assert_eq!(i.intern("a"), a);
        assert_eq!(i.intern(long), l);
        assert_ne!(i.intern("a value longer than sixteen byteS"), l);
        let codes: Vec<u32> = (0..1000).map(|n| i.intern(&format!("id-{n}"))).collect();
        for (n, c) in codes.iter().enumerate() {
            assert_eq!(i.intern(&format!("id-{n}")), *c);
            assert_eq!(&i.dict[*c as usize], format!("id-{n}"));
        }
        assert_eq!(i.dict.len(), 1003);
    }

    #[test]
    fn batched_interning_gives_the_codes_of_first_appearance_in_row_order() {
        // Enough distinct values in random order for the table to pass `BATCHED_FROM` slots,
        // repeats, short and long texts, and empty cells (which flush the batch) in between:
        // the codes must be those of a plain map, given in order of first appearance.
        let mut interner = Interner::default();
        let mut codes = Vec::new();
        let mut expected = Vec::new();
        let mut first_seen = std::collections::HashMap::new();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for row in 0..400_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = x % 150_000;
            let text = if n.is_multiple_of(3) {
                format!("customer-{n}@example.com")
            } else {
                n.to_string()
            };
            if row.is_multiple_of(997) {
                interner.flush(&mut codes);
                codes.push(TextValues::NULL);
                expected.push(TextValues::NULL);
                continue;
            }
            interner.intern_into(&mut codes, &text);
            let next = first_seen.len() as u32;
            expected.push(*first_seen.entry(text).or_insert(next));
        }
        interner.flush(&mut codes);
        assert!(
            interner.slots.len() >= BATCHED_FROM,
            "the batched path was taken"
        );
        assert_eq!(codes, expected);
        assert_eq!(interner.dict.len(), first_seen.len());
        for (text, code) in &first_seen {
            assert_eq!(interner.dict.get(*code as usize), Some(text.as_str()));
        }
    }

    /// The codes a plain map gives: each text's order of first appearance.
    fn first_appearance<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
        let mut seen = std::collections::HashMap::new();
        texts
            .into_iter()
            .map(|t| {
                let next = seen.len() as u32;
                *seen.entry(t).or_insert(next)
            })
            .collect()
    }

    fn intern_all(interner: &mut Interner, texts: &[String]) -> Vec<u32> {
        let mut codes = Vec::new();
        for t in texts {
            interner.intern_into(&mut codes, t);
        }
        interner.flush(&mut codes);
        codes
    }

    #[test]
    fn plain_decimals_are_whole_numbers_written_one_way() {
        assert_eq!(plain_decimal(b"0"), Some(0));
        assert_eq!(plain_decimal(b"12124"), Some(12_124));
        assert_eq!(plain_decimal(b"999999999"), Some(999_999_999));
        // Other texts of the same numbers are other values: never the same code.
        for other in [
            "",
            "007",
            "00",
            "-1",
            "+1",
            "1.0",
            "1e3",
            " 1",
            "1a",
            "1234567890",
        ] {
            assert_eq!(plain_decimal(other.as_bytes()), None, "{other:?}");
        }
    }

    #[test]
    fn customer_ids_in_random_order_are_looked_up_by_value() {
        // Ids 1..=250000, a quarter as many as the rows, in no order (1M orders' customers):
        // the dense array takes them, and the codes are a plain map's.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let texts: Vec<String> = (0..400_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % 250_000 + 1).to_string()
            })
            .collect();
        let mut interner = Interner::default();
        let codes = intern_all(&mut interner, &texts);
        assert!(interner.dense.is_some(), "the dense array was used");
        assert!(interner.slots.is_empty(), "no hash table was built");
        assert_eq!(codes, first_appearance(texts.iter().map(String::as_str)));
        for (t, &c) in texts.iter().zip(&codes) {
            assert_eq!(interner.dict.get(c as usize), Some(t.as_str()));
        }
    }

    #[test]
    fn a_value_the_dense_array_cannot_hold_moves_every_value_to_the_hash_table() {
        // After dense ids: "007" (not a plain decimal: a text of its own beside "7"), a large
        // id with few values seen, and words; each time the codes stay a plain map's.
        let tails: [&[&str]; 3] = [
            &["7", "007", "7", "07", "007"],
            &["7", "500000000", "7", "500000000"],
            &["7", "seven", "7", "seven"],
        ];
        for tail in tails {
            let mut texts: Vec<String> = (0..40).rev().map(|n| (n * 3).to_string()).collect();
            texts.extend(tail.iter().map(|s| s.to_string()));
            texts.extend((0..40).map(|n| (n * 3).to_string()));
            let mut interner = Interner::default();
            let codes = intern_all(&mut interner, &texts);
            assert!(interner.dense.is_none(), "{tail:?}: left the dense array");
            assert_eq!(
                codes,
                first_appearance(texts.iter().map(String::as_str)),
                "{tail:?}"
            );
        }
    }

    #[test]
    fn ids_beyond_the_free_range_stay_dense_only_while_closely_packed() {
        // Past `DENSE_FREE` the array may hold 4 entries per value seen: every other id from
        // 0 to 1.3M (after two out of order, which end monotonic mode) satisfies it all along;
        // one id of 3M among twenty small ones does not.
        let mut packed: Vec<String> = vec!["5".into(), "3".into()];
        packed.extend((0..1_300_000u32).step_by(2).map(|n| n.to_string()));
        let mut interner = Interner::default();
        let codes = intern_all(&mut interner, &packed);
        assert!(
            interner
                .dense
                .as_ref()
                .is_some_and(|d| d.len() > DENSE_FREE),
            "packed ids beyond 2^20 stay dense"
        );
        assert_eq!(codes, first_appearance(packed.iter().map(String::as_str)));
        let mut sparse: Vec<String> = (0..20).rev().map(|n| (n * 7).to_string()).collect();
        sparse.extend(["3000000", "1", "3000000"].map(String::from));
        let mut interner = Interner::default();
        let codes = intern_all(&mut interner, &sparse);
        assert!(
            interner.dense.is_none(),
            "a far id among few goes to the table"
        );
        assert_eq!(codes, first_appearance(sparse.iter().map(String::as_str)));
    }

    proptest! {
        /// Whatever the mix of plain decimals, other spellings of numbers and words, in any
        /// order, the interner's codes are a plain map's and its dictionary holds each text.
        /// A run of plain decimals first takes most cases through the dense array, and what
        /// follows through its leaving it.
        #[test]
        fn interner_codes_are_first_appearance(
            ids in proptest::collection::vec((0u32..3_000).prop_map(|n| n.to_string()), 0..80),
            texts in proptest::collection::vec(
                prop_oneof![
                    6 => (0u32..3_000).prop_map(|n| n.to_string()),
                    1 => (0u32..50).prop_map(|n| format!("0{n}")),
                    1 => (1_048_000u32..1_049_000).prop_map(|n| n.to_string()),
                    1 => (0u32..50).prop_map(|n| format!("c{n}")),
                    1 => proptest::string::string_regex("[0-9a-z-]{1,20}").unwrap(),
                ],
                0..300,
            )
        ) {
            let texts: Vec<String> = ids.into_iter().chain(texts).collect();
            let mut interner = Interner::default();
            let codes = intern_all(&mut interner, &texts);
            prop_assert_eq!(&codes, &first_appearance(texts.iter().map(String::as_str)));
            for (t, &c) in texts.iter().zip(&codes) {
                prop_assert_eq!(interner.dict.get(c as usize), Some(t.as_str()));
            }
        }
    }

    #[test]
    fn interner_monotonic_ids_then_disorder() {
        let mut i = Interner::default();
        let up: Vec<u32> = ["8", "9", "10", "10", "11"]
            .iter()
            .map(|s| i.intern(s))
            .collect();
        assert_eq!(up, [0, 1, 2, 2, 3]);
        assert!(i.monotonic.is_some());
        assert_eq!(i.intern("9"), 1, "order broken: found through the table");
        assert!(i.monotonic.is_none());
        assert_eq!(i.intern("12"), 4);
        assert_eq!(i.intern("8"), 0);
        let mut d = Interner::default();
        let down: Vec<u32> = ["c", "b", "a", "b"].iter().map(|s| d.intern(s)).collect();
        assert_eq!(down, [0, 1, 2, 1]);
    }
}
