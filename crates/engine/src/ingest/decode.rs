//! Bytes to UTF-8, incrementally: BOM sniffing (UTF-8, UTF-16 LE/BE), then UTF-8 if the
//! first bytes are valid UTF-8, else Windows-1252 (a superset of Latin-1's printable range,
//! which is what Brazilian Excel writes). Binary files are refused from their first bytes.
//!
//! `encoding_rs` names the encoding and finds the BOM; the four decoders are this file's own
//! ([`Decoder`]), because `encoding_rs::Decoder` dispatches over every WHATWG encoding and so
//! links all of them, CJK tables included (142 KB raw, 95 KB brotli of the worker's wasm). They follow the
//! WHATWG Encoding Standard (U+FFFD for each maximal invalid subpart, one at a cut end), as
//! `encoding_rs` does; the tests compare them with it.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How many leading bytes are looked at before the encoding is chosen: the first MiB, the
/// slice the CLI and the app's worker read first (a Latin-1 letter late in a file of
/// ASCII still makes it Windows-1252), whatever slices the bytes come in.
const SNIFF_BYTES: usize = 1 << 20;

/// Why the bytes are not text.
pub type BinaryReason = String;

pub struct TextDecoder {
    sniff: Vec<u8>,
    decoder: Option<Decoder>,
    encoding: &'static Encoding,
    /// Set when malformed sequences were replaced by U+FFFD.
    pub had_replacements: bool,
    pub bytes_seen: u64,
}

impl TextDecoder {
    pub fn new() -> Self {
        TextDecoder {
            sniff: Vec::new(),
            decoder: None,
            encoding: UTF_8,
            had_replacements: false,
            bytes_seen: 0,
        }
    }

    /// The encoding chosen, once known.
    pub fn encoding_name(&self) -> &'static str {
        self.encoding.name()
    }

    /// Appends the UTF-8 text of `chunk` to `out`.
    pub fn push(&mut self, chunk: &[u8], out: &mut String) -> Result<(), BinaryReason> {
        self.bytes_seen += chunk.len() as u64;
        if self.decoder.is_none() {
            self.sniff.extend_from_slice(chunk);
            if self.sniff.len() < SNIFF_BYTES {
                return Ok(());
            }
            self.choose(false)?;
            let sniffed = std::mem::take(&mut self.sniff);
            self.decode(&sniffed, false, out);
            return Ok(());
        }
        self.decode(chunk, false, out);
        Ok(())
    }

    /// Flushes what is left at the end of the file.
    pub fn finish(&mut self, out: &mut String) -> Result<(), BinaryReason> {
        if self.decoder.is_none() {
            self.choose(true)?;
            let sniffed = std::mem::take(&mut self.sniff);
            self.decode(&sniffed, true, out);
            return Ok(());
        }
        self.decode(&[], true, out);
        Ok(())
    }

    fn choose(&mut self, at_end: bool) -> Result<(), BinaryReason> {
        // Exactly the first SNIFF_BYTES, however the file arrived in slices: the same file
        // gets the same encoding (or refusal, with the same counts) read whole or in parts.
        let s = &self.sniff[..self.sniff.len().min(SNIFF_BYTES)];
        let (enc, bom) = match Encoding::for_bom(s) {
            Some((enc, len)) => (enc, len > 0),
            None => (guess(s, at_end)?, false),
        };
        self.encoding = enc;
        let mut decoder = Decoder::new(enc);
        // A BOM of the chosen encoding is dropped (only `for_bom` chooses by a BOM).
        if bom {
            decoder.skip = match decoder.kind {
                Kind::Utf8 => 3,
                _ => 2,
            };
        }
        self.decoder = Some(decoder);
        Ok(())
    }

    fn decode(&mut self, input: &[u8], last: bool, out: &mut String) {
        if let Some(decoder) = self.decoder.as_mut() {
            self.had_replacements |= decoder.decode(input, last, out);
        }
    }
}

/// U+FFFD, written for each malformed sequence.
const REPLACEMENT: char = '\u{FFFD}';

/// Windows-1252 bytes 0x80..=0x9F (WHATWG index: the five unassigned bytes map to the C1
/// controls of the same value); 0xA0..=0xFF are U+00A0..=U+00FF, below 0x80 is ASCII.
const CP1252_80_9F: [char; 32] = [
    '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}', '\u{017D}', '\u{008F}',
    '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Utf8,
    Utf16 { big_endian: bool },
    Windows1252,
}

/// A streaming decoder for the four encodings [`TextDecoder`] chooses.
struct Decoder {
    kind: Kind,
    /// BOM bytes still to drop at the start of the stream.
    skip: usize,
    /// UTF-8: the start of a sequence cut by the chunk's end (at most 3 bytes).
    /// UTF-16: a code unit's first byte cut by the chunk's end.
    pending: Vec<u8>,
    /// UTF-16: a lead surrogate waiting for its trail.
    lead: Option<u16>,
}

impl Decoder {
    fn new(enc: &'static Encoding) -> Self {
        let kind = if enc == UTF_16LE {
            Kind::Utf16 { big_endian: false }
        } else if enc == UTF_16BE {
            Kind::Utf16 { big_endian: true }
        } else if enc == WINDOWS_1252 {
            Kind::Windows1252
        } else {
            Kind::Utf8
        };
        Decoder {
            kind,
            skip: 0,
            pending: Vec::new(),
            lead: None,
        }
    }

    /// Appends the text of `input` to `out`; `last` flushes a cut sequence as U+FFFD.
    /// Returns whether any U+FFFD was written.
    fn decode(&mut self, input: &[u8], last: bool, out: &mut String) -> bool {
        let mut input = input;
        while self.skip > 0 && !input.is_empty() {
            input = &input[1..];
            self.skip -= 1;
        }
        match self.kind {
            Kind::Utf8 => self.utf8(input, last, out),
            Kind::Utf16 { big_endian } => self.utf16(input, big_endian, last, out),
            Kind::Windows1252 => {
                windows_1252(input, out);
                false
            }
        }
    }

    fn utf8(&mut self, mut input: &[u8], last: bool, out: &mut String) -> bool {
        let mut replaced = false;
        // Complete (or refuse) the sequence the previous chunk cut, one byte at a time.
        while !self.pending.is_empty() {
            let Some((&b, rest)) = input.split_first() else {
                if last {
                    self.pending.clear();
                    out.push(REPLACEMENT);
                    replaced = true;
                }
                return replaced;
            };
            self.pending.push(b);
            match std::str::from_utf8(&self.pending) {
                Ok(s) => {
                    out.push_str(s);
                    self.pending.clear();
                    input = rest;
                }
                // Still a valid start: take the next byte.
                Err(e) if e.error_len().is_none() => input = rest,
                // `b` does not continue the sequence: the sequence is one U+FFFD and `b`
                // starts afresh.
                Err(_) => {
                    self.pending.clear();
                    out.push(REPLACEMENT);
                    replaced = true;
                }
            }
        }
        // Valid text (the usual case) in one pass; a sequence cut at the end waits.
        match std::str::from_utf8(input) {
            Ok(s) => {
                out.push_str(s);
                return replaced;
            }
            Err(e) if e.error_len().is_none() && !last => {
                let (good, cut) = input.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                self.pending.extend_from_slice(cut);
                return replaced;
            }
            Err(_) => {}
        }
        let mut chunks = input.utf8_chunks().peekable();
        while let Some(chunk) = chunks.next() {
            out.push_str(chunk.valid());
            let bad = chunk.invalid();
            if bad.is_empty() {
                continue;
            }
            let cut = chunks.peek().is_none()
                && matches!(std::str::from_utf8(bad), Err(e) if e.error_len().is_none());
            if cut && !last {
                self.pending.extend_from_slice(bad);
            } else {
                out.push(REPLACEMENT);
                replaced = true;
            }
        }
        replaced
    }

    fn utf16(&mut self, input: &[u8], big_endian: bool, last: bool, out: &mut String) -> bool {
        let mut replaced = false;
        let unit = |a: u8, b: u8| {
            if big_endian {
                u16::from_be_bytes([a, b])
            } else {
                u16::from_le_bytes([a, b])
            }
        };
        let mut input = input;
        out.reserve(input.len() / 2 * 3 + 4);
        let mut units: Vec<u16> = Vec::with_capacity(input.len() / 2 + 1);
        if let Some(&first) = self.pending.first()
            && let Some((&b, rest)) = input.split_first()
        {
            units.push(unit(first, b));
            self.pending.clear();
            input = rest;
        }
        let mut pairs = input.chunks_exact(2);
        units.extend(pairs.by_ref().map(|p| unit(p[0], p[1])));
        if let [b] = pairs.remainder() {
            self.pending.push(*b);
        }
        let mut ascii = Vec::new();
        let mut i = 0;
        while i < units.len() {
            // A run of ASCII units, written at once.
            if self.lead.is_none() {
                let n = units[i..].iter().take_while(|u| **u < 0x80).count();
                if n > 0 {
                    ascii.clear();
                    ascii.extend(units[i..i + n].iter().map(|u| u.to_le_bytes()[0]));
                    out.push_str(std::str::from_utf8(&ascii).unwrap_or_default());
                    i += n;
                    continue;
                }
            }
            let u = units[i];
            i += 1;
            if let Some(lead) = self.lead.take() {
                if (0xDC00..=0xDFFF).contains(&u) {
                    let c = 0x10000 + ((u32::from(lead) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(REPLACEMENT));
                    continue;
                }
                out.push(REPLACEMENT);
                replaced = true;
            }
            match u {
                0xD800..=0xDBFF => self.lead = Some(u),
                0xDC00..=0xDFFF => {
                    out.push(REPLACEMENT);
                    replaced = true;
                }
                _ => out.push(char::from_u32(u32::from(u)).unwrap_or(REPLACEMENT)),
            }
        }
        if last && (self.lead.is_some() || !self.pending.is_empty()) {
            self.lead = None;
            self.pending.clear();
            out.push(REPLACEMENT);
            replaced = true;
        }
        replaced
    }
}

impl Default for TextDecoder {
    fn default() -> Self {
        Self::new()
    }
}

/// Windows-1252 to UTF-8: runs of ASCII copied at once, the other bytes one by one.
fn windows_1252(input: &[u8], out: &mut String) {
    out.reserve(input.len() + input.len() / 8);
    let mut rest = input;
    while !rest.is_empty() {
        let n = rest.iter().take_while(|b| b.is_ascii()).count();
        let (ascii, high) = rest.split_at(n);
        out.push_str(std::str::from_utf8(ascii).unwrap_or_default());
        let m = high.iter().take_while(|b| !b.is_ascii()).count();
        let (high, next) = high.split_at(m);
        out.extend(high.iter().map(|&b| match b {
            0x80..=0x9F => CP1252_80_9F[usize::from(b - 0x80)],
            _ => char::from(b),
        }));
        rest = next;
    }
}

/// No BOM: UTF-16 without BOM (NULs in alternate bytes), UTF-8, Windows-1252, or binary.
fn guess(s: &[u8], at_end: bool) -> Result<&'static Encoding, BinaryReason> {
    if let Some(why) = known_binary(s) {
        return Err(why);
    }
    let nuls = s.iter().filter(|b| **b == 0).count();
    if nuls > 0 {
        let even = s.iter().step_by(2).filter(|b| **b == 0).count();
        let odd = s.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let half = s.len() / 2;
        if half > 0 && odd * 10 >= half * 8 && even == 0 {
            return Ok(UTF_16LE);
        }
        if half > 0 && even * 10 >= half * 8 && odd == 0 {
            return Ok(UTF_16BE);
        }
        return Err(format!(
            "it contains {nuls} NUL bytes in its first {} bytes",
            s.len()
        ));
    }
    let controls = s
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    if controls * 20 > s.len().max(1) {
        return Err(format!(
            "{controls} of its first {} bytes are control characters",
            s.len()
        ));
    }
    match std::str::from_utf8(s) {
        Ok(_) => Ok(UTF_8),
        // A sequence cut by the sniff window is fine; a wrong byte is not.
        Err(e) if e.error_len().is_none() && !at_end => Ok(UTF_8),
        Err(_) => Ok(WINDOWS_1252),
    }
}

fn known_binary(s: &[u8]) -> Option<String> {
    let magic: [(&[u8], &str); 7] = [
        (
            b"PK\x03\x04",
            "it is a ZIP archive (an .xlsx workbook?): export it as CSV",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "it is an old Excel/Office file (.xls): export it as CSV",
        ),
        (b"%PDF", "it is a PDF document"),
        (b"\x89PNG", "it is a PNG image"),
        (b"\xFF\xD8\xFF", "it is a JPEG image"),
        (b"GIF8", "it is a GIF image"),
        (b"\x1F\x8B", "it is gzip-compressed: decompress it first"),
    ];
    magic
        .iter()
        .find(|(m, _)| s.starts_with(m))
        .map(|(_, why)| (*why).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(bytes: &[u8], chunk: usize) -> Result<(String, &'static str), String> {
        let mut d = TextDecoder::new();
        let mut out = String::new();
        for c in bytes.chunks(chunk.max(1)) {
            d.push(c, &mut out)?;
        }
        d.finish(&mut out)?;
        Ok((out, d.encoding_name()))
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_all("a;é\n".as_bytes(), 1),
            Ok(("a;é\n".into(), "UTF-8"))
        );
        assert_eq!(
            decode_all(b"\xEF\xBB\xBFa;\xC3\xA9\n", 2),
            Ok(("a;é\n".into(), "UTF-8"))
        );
    }

    #[test]
    fn cp1252_fallback_and_utf16() {
        assert_eq!(
            decode_all(b"pre\xE7o;n\xE3o\n", 3),
            Ok(("preço;não\n".into(), "windows-1252"))
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,é\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_all(&le, 3), Ok(("a,é\n".into(), "UTF-16LE")));
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("a,é\n".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode_all(&be, 1), Ok(("a,é\n".into(), "UTF-16BE")));
    }

    /// What `encoding_rs`'s own decoder writes for `bytes` (BOM removal as `TextDecoder`).
    fn reference(enc: &'static Encoding, bytes: &[u8]) -> (String, bool) {
        let mut d = enc.new_decoder_with_bom_removal();
        let mut out = String::with_capacity(bytes.len() * 3 + 16);
        let (_, _, replaced) = d.decode_to_string(bytes, &mut out, true);
        (out, replaced)
    }

    /// This file's decoder over `bytes` cut into `chunk`-byte pieces.
    fn ours(enc: &'static Encoding, bytes: &[u8], chunk: usize) -> (String, bool) {
        let mut d = Decoder::new(enc);
        if Encoding::for_bom(bytes).is_some_and(|(e, _)| e == enc) {
            d.skip = if enc == UTF_8 { 3 } else { 2 };
        }
        let mut out = String::new();
        let mut replaced = false;
        for c in bytes.chunks(chunk.max(1)) {
            replaced |= d.decode(c, false, &mut out);
        }
        replaced |= d.decode(&[], true, &mut out);
        (out, replaced)
    }

    #[test]
    fn every_windows_1252_byte_as_encoding_rs() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(ours(WINDOWS_1252, &all, 7), reference(WINDOWS_1252, &all));
    }

    #[test]
    fn malformed_utf8_and_utf16_as_encoding_rs() {
        let cases: [&[u8]; 12] = [
            b"a\xC3",
            b"a\xE2\x82",
            b"\xE2\x82a\xE2\x82\xAC",
            b"\xF0\x9F\x98\x80\xF0\x9F",
            b"\xC0\xAF\xED\xA0\x80x",
            b"\xF4\x90\x80\x80\xFF\xFE",
            b"\x80\x80\xC3\xA9\xE0\x80",
            b"\xEF\xBB\xBFa\xF0",
            b"\xFF\xFEa\x00\x00\xD8b\x00",
            b"\xFE\xFF\xDC\x00\xD8\x3D\xDE\x00\x00",
            b"a\x00\x3D\xD8",
            b"",
        ];
        for bytes in cases {
            for enc in [UTF_8, UTF_16LE, UTF_16BE] {
                for chunk in 1..=5 {
                    assert_eq!(
                        ours(enc, bytes, chunk),
                        reference(enc, bytes),
                        "{} {bytes:?} in {chunk}-byte chunks",
                        enc.name()
                    );
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_decode_as_encoding_rs(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    proptest::sample::select(vec![0x00u8, 0x41, 0x80, 0xBF, 0xC3, 0xD8, 0xDC, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xFE, 0xFF]),
                ],
                0..40,
            ),
            chunk in 1usize..9,
        ) {
            for enc in [UTF_8, UTF_16LE, UTF_16BE, WINDOWS_1252] {
                proptest::prop_assert_eq!(ours(enc, &bytes, chunk), reference(enc, &bytes));
            }
        }
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode_all(b"PK\x03\x04rest", 4).is_err());
        assert!(decode_all(&[0u8, 1, 2, 3, 0, 7, 0, 0, 9], 4).is_err());
    }
}
