//! Bytes to UTF-8, incrementally: BOM sniffing (UTF-8, UTF-16 LE/BE), then UTF-8 if the
//! first bytes are valid UTF-8, else Windows-1252 (a superset of Latin-1's printable range,
//! which is what Brazilian Excel writes). Binary files are refused from their first bytes.

use encoding_rs::{CoderResult, Decoder, Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

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
        // `new_decoder_with_bom_removal` drops a BOM of the chosen encoding only.
        let _ = bom;
        self.decoder = Some(enc.new_decoder_with_bom_removal());
        Ok(())
    }

    fn decode(&mut self, input: &[u8], last: bool, out: &mut String) {
        let Some(decoder) = self.decoder.as_mut() else {
            return;
        };
        let mut input = input;
        loop {
            // Decoding into spare capacity: no zero-filling, and the text is known to be
            // UTF-8 without checking it again.
            let need = decoder
                .max_utf8_buffer_length(input.len())
                .unwrap_or(input.len() * 3 + 16);
            out.reserve(need);
            let (result, read, replaced) = decoder.decode_to_string(input, out, last);
            self.had_replacements |= replaced;
            input = &input[read..];
            match result {
                CoderResult::InputEmpty => break,
                CoderResult::OutputFull => continue,
            }
        }
    }
}

impl Default for TextDecoder {
    fn default() -> Self {
        Self::new()
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

    #[test]
    fn binary_is_refused() {
        assert!(decode_all(b"PK\x03\x04rest", 4).is_err());
        assert!(decode_all(&[0u8, 1, 2, 3, 0, 7, 0, 0, 9], 4).is_err());
    }
}
