//! Cell-level parsing: text folding, locale-aware numbers, dates, durations, booleans and
//! status words. Everything here is allocation-free on the hot path (except `fold`, used on
//! headers and distinct values only).

use crate::table::{Status, Timestamp};

/// Lower-cases, strips accents, splits camelCase and turns punctuation into single spaces:
/// `"Data do Pedido"` → `"data do pedido"`, `"firstResponseAt"` → `"first response at"`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_lower = false;
    let mut pending_space = false;
    for c in s.chars() {
        let base = strip_accent(c);
        if base.is_alphanumeric() {
            if base.is_uppercase() && prev_lower {
                pending_space = true;
            }
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            prev_lower = base.is_lowercase() || base.is_ascii_digit();
            for l in base.to_lowercase() {
                out.push(l);
            }
        } else {
            pending_space = true;
            prev_lower = false;
        }
    }
    out
}

/// `str::trim`, with a fast exit for the usual cell that starts and ends with a visible
/// ASCII character (Unicode whitespace is either ASCII ≤ 0x20 or starts with a byte ≥ 0x80).
#[inline]
pub fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [] => s,
        [first, .., last] | [first @ last]
            if (0x21..0x80).contains(first) && (0x21..0x80).contains(last) =>
        {
            s
        }
        _ => s.trim(),
    }
}

fn strip_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'Á' | 'À' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' => 'E',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => 'O',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        _ => c,
    }
}

/// The journey class of an order/payment status word, Portuguese or English, accents and
/// case folded. Unknown words are [`Status::Other`].
pub fn classify_status(raw: &str) -> Status {
    let f = fold(raw);
    let f = f.as_str();
    if f.is_empty() {
        return Status::Other;
    }
    // Longer phrases first: "carrinho abandonado" before "abandonado", "partially refunded"
    // (still revenue: only part was returned) before "refunded".
    const ABANDONED: [&str; 8] = [
        // WooCommerce block checkout: a cart that never became an order.
        "checkout draft",
        "carrinho",
        "carrinho abandonado",
        "checkout abandonado",
        "abandonado",
        "abandonada",
        "abandoned",
        "abandoned checkout",
    ];
    const PENDING: [&str; 23] = [
        // Subscriptions in a free trial do not pay yet (Stripe's `trialing`, which "moves to
        // active when the trial period is over"); `incomplete` awaits its first payment.
        "trialing",
        "trial",
        "em teste",
        "periodo de teste",
        "incomplete",
        "partially paid",
        "autorizado",
        "em analise",
        "aguardando aprovacao",
        "aguardando pagamento",
        "aguardando",
        "pendente",
        "pending",
        "pending payment",
        "awaiting payment",
        "em aberto",
        "aberto",
        "on hold",
        "authorized",
        "unpaid",
        "em processamento",
        "processando",
        "open",
    ];
    const COMPLETED: [&str; 30] = [
        // Nuvemshop's payment status for a payment received.
        "confirmado",
        "confirmada",
        "pago",
        "paga",
        "aprovado",
        "aprovada",
        "concluido",
        "concluida",
        "entregue",
        "faturado",
        "faturada",
        "finalizado",
        "finalizada",
        "paid",
        "completed",
        "complete",
        "succeeded",
        "success",
        "approved",
        "delivered",
        "partially refunded",
        "parcialmente reembolsado",
        // WooCommerce: "Processing – payment received, awaiting fulfilment".
        "processing",
        "captured",
        // CRM deals (HubSpot, RD Station CRM).
        "closed won",
        "closedwon",
        "won",
        "ganho",
        "ganha",
        "venda ganha",
    ];
    const CANCELLED: [&str; 15] = [
        "expirado",
        "negado",
        "closed lost",
        "closedlost",
        "perdido",
        "perdida",
        "cancelado",
        "cancelada",
        "cancelled",
        "canceled",
        "voided",
        "void",
        "failed",
        "recusado",
        "expired",
    ];
    const REFUNDED: [&str; 9] = [
        "reembolsado",
        "reembolsada",
        "estornado",
        "estornada",
        "devolvido",
        "devolvida",
        "refunded",
        "chargeback",
        "charged back",
    ];
    let is = |list: &[&str]| list.contains(&f);
    if is(&ABANDONED) {
        return Status::Abandoned;
    }
    if is(&COMPLETED) {
        return Status::Completed;
    }
    if is(&REFUNDED) {
        return Status::Refunded;
    }
    if is(&CANCELLED) {
        return Status::Cancelled;
    }
    if is(&PENDING) {
        return Status::Pending;
    }
    // Compound statuses ("pedido cancelado", "wc-completed", "pagamento aprovado").
    let words: Vec<&str> = f.split(' ').collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    if f.contains("abandon") {
        Status::Abandoned
    } else if has(&REFUNDED) {
        Status::Refunded
    } else if has(&CANCELLED) {
        Status::Cancelled
    } else if has(&["pendente", "pending", "aguardando"]) {
        Status::Pending
    } else if has(&COMPLETED) {
        Status::Completed
    } else {
        Status::Other
    }
}

/// Which character separates decimals in a number column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimal {
    Dot,
    Comma,
}

/// What one number cell says about the column's locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalEvidence {
    Dot,
    Comma,
    /// `1.234` or `1,234`: could be either; `12` has no separator at all.
    Either,
}

/// Currency named by a symbol or code inside a cell.
pub fn currency_in(s: &str) -> Option<&'static str> {
    let t = s.trim();
    if t.contains("R$") {
        Some("BRL")
    } else if t.contains("US$") || t.contains("USD") {
        Some("USD")
    } else if t.contains('€') || t.contains("EUR") {
        Some("EUR")
    } else if t.contains('£') || t.contains("GBP") {
        Some("GBP")
    } else if t.contains("BRL") {
        Some("BRL")
    } else if t.contains('$') {
        Some("USD")
    } else {
        None
    }
}

/// Parses a number written in any common locale, given the column's decimal separator.
/// Accepts currency symbols/codes, `%` (returned as a fraction), `(12.00)` and trailing or
/// leading minus, and thousands separated by the other mark, spaces or NBSP.
pub fn parse_number(s: &str, decimal: Decimal) -> Option<f64> {
    let b = s.as_bytes();
    let (dec, thou) = match decimal {
        Decimal::Dot => (b'.', b','),
        Decimal::Comma => (b',', b'.'),
    };
    match plain_number(b, dec) {
        Some(v) => Some(v),
        None => parse_number_general(b, dec, thou),
    }
}

/// Every shape [`parse_number`] accepts; `plain_number` is its fast path. Reads leading
/// noise, the digits, an exponent, then trailing noise; any other byte makes it no number.
fn parse_number_general(b: &[u8], dec: u8, thou: u8) -> Option<f64> {
    let mut sign = leading_noise(b);
    let digits = number_digits(b, sign.end, dec, thou)?;
    let mut exp: i32 = 0;
    let mut i = digits.end;
    if digits.exponent {
        (exp, i) = exponent(b, i)?;
    }
    sign.end = i;
    let percent = trailing_noise(b, &mut sign)?;
    let scale = digits.frac_digits - exp + if percent { 2 } else { 0 };
    let mut v = digits.mantissa as f64;
    if scale > 0 {
        v /= pow10(scale);
    } else if scale < 0 {
        v *= pow10(-scale);
    }
    if !v.is_finite() {
        return None;
    }
    Some(if sign.negative { -v } else { v })
}

/// What the noise around a number says: its sign, an open parenthesis, and where the noise
/// read so far ends.
struct Sign {
    negative: bool,
    paren: bool,
    end: usize,
}

/// Leading noise: spaces, currency, sign, parenthesis.
fn leading_noise(b: &[u8]) -> Sign {
    let (mut neg, mut paren, mut i, n) = (false, false, 0, b.len());
    while i < n {
        match b[i] {
            b' ' | b'\t' | b'$' | b'+' => i += 1,
            b'-' => {
                neg = !neg;
                i += 1
            }
            b'(' => {
                paren = true;
                i += 1
            }
            b'R' | b'U' | b'S' if i + 1 < n && (b[i + 1] == b'$' || b[i + 1] == b'S') => i += 1,
            0xC2 if i + 1 < n && (b[i + 1] == 0xA0 || b[i + 1] == 0xA3) => i += 2, // NBSP, £
            0xE2 if i + 2 < n && b[i + 1] == 0x82 && b[i + 2] == 0xAC => i += 3,   // €
            b'B' | b'E' | b'G' if i + 3 <= n && is_code(&b[i..i + 3]) => i += 3,
            _ => break,
        }
    }
    Sign {
        negative: neg,
        paren,
        end: i,
    }
}

/// A number's digits: up to 19 significant ones in `mantissa`, the power of ten to divide
/// by, where they end, and whether an exponent (`e`) follows.
struct Digits {
    mantissa: u64,
    frac_digits: i32,
    end: usize,
    exponent: bool,
}

/// The digits from `start`, with the column's decimal mark and thousands marks (the other
/// mark, spaces, NBSP, narrow NBSP, `'`). `None` when a thousands mark is misplaced or there
/// are no digits.
fn number_digits(b: &[u8], start: usize, dec: u8, thou: u8) -> Option<Digits> {
    let mut mant: u64 = 0;
    let mut digits = 0u32;
    let mut frac_digits = 0i32;
    let mut seen_dec = false;
    let mut exponent = false;
    let mut i = start;
    let n = b.len();
    while i < n {
        let c = b[i];
        if c.is_ascii_digit() {
            if digits < 19 {
                mant = mant * 10 + u64::from(c - b'0');
                digits += u32::from(mant != 0 || seen_dec);
                if seen_dec {
                    frac_digits += 1;
                }
            } else if !seen_dec {
                // Beyond 19 digits: the value keeps its magnitude, not its last digits.
                frac_digits -= 1;
            }
            i += 1;
        } else if c == dec && !seen_dec {
            seen_dec = true;
            i += 1;
        } else if c == thou && !seen_dec {
            // A thousands mark must be followed by three digits.
            if i + 3 < n + 1
                && b.get(i + 1..i + 4)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                && i > start
            {
                i += 1;
            } else {
                return None;
            }
        } else if c == b' ' || c == b'\'' {
            // Spaced thousands: "1 234 567" (digits must follow).
            if i > start && b.get(i + 1).is_some_and(u8::is_ascii_digit) && !seen_dec {
                i += 1;
            } else {
                break;
            }
        } else if c == 0xC2 && b.get(i + 1) == Some(&0xA0) && !seen_dec && i > start {
            i += 2;
        } else if c == 0xE2 && b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0xAF) {
            i += 3; // narrow NBSP
        } else if (c == b'e' || c == b'E') && i > start {
            exponent = true;
            break;
        } else {
            break;
        }
    }
    if i == start || (digits == 0 && !b[start..i].contains(&b'0')) {
        return None;
    }
    Some(Digits {
        mantissa: mant,
        frac_digits,
        end: i,
        exponent,
    })
}

/// The exponent after the `e` at `e`: its value and where it ends (`None` without digits).
fn exponent(b: &[u8], e: usize) -> Option<(i32, usize)> {
    let n = b.len();
    let mut exp: i32 = 0;
    let mut j = e + 1;
    let mut eneg = false;
    if j < n && (b[j] == b'-' || b[j] == b'+') {
        eneg = b[j] == b'-';
        j += 1;
    }
    let ds = j;
    while j < n && b[j].is_ascii_digit() && j - ds < 4 {
        exp = exp * 10 + i32::from(b[j] - b'0');
        j += 1;
    }
    if j == ds {
        return None;
    }
    Some((if eneg { -exp } else { exp }, j))
}

/// Trailing noise: spaces, %, currency, closing parenthesis, trailing minus. Returns whether
/// a `%` was read; `None` on any other byte or a parenthesis left open.
fn trailing_noise(b: &[u8], sign: &mut Sign) -> Option<bool> {
    let (mut i, n) = (sign.end, b.len());
    let mut percent = false;
    while i < n {
        match b[i] {
            b' ' | b'\t' | b'$' => i += 1,
            b'%' => {
                percent = true;
                i += 1
            }
            b')' if sign.paren => {
                sign.paren = false;
                sign.negative = !sign.negative;
                i += 1
            }
            b'-' if i + 1 == n => {
                sign.negative = !sign.negative;
                i += 1
            }
            0xC2 if i + 1 < n && (b[i + 1] == 0xA0 || b[i + 1] == 0xA3) => i += 2,
            0xE2 if i + 2 < n && b[i + 1] == 0x82 && b[i + 2] == 0xAC => i += 3,
            b'A'..=b'Z' if i + 3 <= n && is_code(&b[i..i + 3]) => i += 3,
            _ => return None,
        }
    }
    if sign.paren {
        return None;
    }
    sign.end = i;
    Some(percent)
}

/// `123` or `123.45` (the column's decimal mark), at most 18 digits: the usual cell, read
/// exactly as the general loop below reads it (same digits, same division).
#[inline]
fn plain_number(b: &[u8], dec: u8) -> Option<f64> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut mant: u64 = 0;
    let mut frac_digits = 0i32;
    let mut seen_dec = false;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            mant = mant * 10 + u64::from(c - b'0');
            frac_digits += i32::from(seen_dec);
        } else if c == dec && !seen_dec && i > 0 && i + 1 < b.len() {
            seen_dec = true;
        } else {
            return None;
        }
    }
    let v = mant as f64;
    Some(if frac_digits > 0 {
        v / pow10(frac_digits)
    } else {
        v
    })
}

fn is_code(b: &[u8]) -> bool {
    matches!(b, b"BRL" | b"USD" | b"EUR" | b"GBP")
}

fn pow10(e: i32) -> f64 {
    const P: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    match P.get(e as usize) {
        Some(p) => *p,
        None => 10f64.powi(e),
    }
}

/// What a number-looking cell says about its decimal mark; `None` if it is not a number in
/// either locale.
pub fn decimal_evidence(s: &str) -> Option<DecimalEvidence> {
    let dot = parse_number(s, Decimal::Dot);
    let comma = parse_number(s, Decimal::Comma);
    match (dot, comma) {
        (None, None) => None,
        (Some(_), None) => Some(DecimalEvidence::Dot),
        (None, Some(_)) => Some(DecimalEvidence::Comma),
        (Some(a), Some(b)) if a == b => Some(DecimalEvidence::Either),
        // "1.234" = 1.234 or 1234; "1,234" likewise: the column decides.
        (Some(_), Some(_)) => {
            let last_dot = s.rfind('.');
            let last_comma = s.rfind(',');
            match (last_dot, last_comma) {
                (Some(d), Some(c)) if d > c => Some(DecimalEvidence::Dot),
                (Some(_), Some(_)) => Some(DecimalEvidence::Comma),
                _ => Some(DecimalEvidence::Either),
            }
        }
    }
}

/// Day/month order for dates written with two small numbers first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    Dmy,
    Mdy,
}

/// What one date cell says about day/month order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderEvidence {
    /// Year first, month names, or otherwise unambiguous.
    None,
    /// `25/03/2025`: must be day first.
    Dmy,
    /// `03/25/2025`: must be month first.
    Mdy,
    /// `03/04/2025`: either, and the two readings differ.
    Ambiguous,
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let d = i64::from(d);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn ymd(y: i64, m: u32, d: u32) -> Option<i64> {
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || !(1000..=9999).contains(&y) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Swaps day and month of a timestamp read in the wrong order (both parts ≤ 12).
pub fn swap_day_month(ts: Timestamp) -> Option<Timestamp> {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    ymd(y, d, m).map(|days| days * 86_400 + secs)
}

/// Month number of a Portuguese or English month name or abbreviation (folded, ASCII).
pub fn month_from_name(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.');
    let m = match w {
        "jan" | "janeiro" | "january" => 1,
        "fev" | "feb" | "fevereiro" | "february" => 2,
        "mar" | "marco" | "march" => 3,
        "abr" | "apr" | "abril" | "april" => 4,
        "mai" | "may" | "maio" => 5,
        "jun" | "junho" | "june" => 6,
        "jul" | "julho" | "july" => 7,
        "ago" | "aug" | "agosto" | "august" => 8,
        "set" | "sep" | "sept" | "setembro" | "september" => 9,
        "out" | "oct" | "outubro" | "october" => 10,
        "nov" | "novembro" | "november" => 11,
        "dez" | "dec" | "dezembro" | "december" => 12,
        _ => return None,
    };
    Some(m)
}

fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "mon"
            | "tue"
            | "wed"
            | "thu"
            | "fri"
            | "sat"
            | "sun"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "seg"
            | "ter"
            | "qua"
            | "qui"
            | "sex"
            | "sab"
            | "dom"
            | "segunda"
            | "terca"
            | "quarta"
            | "quinta"
            | "sexta"
            | "sabado"
            | "domingo"
            | "feira"
    )
}

/// Parses a date or date-time; `order` settles `03/04/2025`. Offsets and zone names are read
/// and dropped (the wall clock is kept). Returns the timestamp and what the cell says about
/// day/month order.
pub fn parse_date(s: &str, order: DateOrder) -> Option<(Timestamp, OrderEvidence)> {
    let b = trim(s).as_bytes();
    if b.len() < 6 || b.len() > 64 {
        return None;
    }
    if let Some(read) = day_month_year(b, order) {
        return read;
    }
    // Fast path: ISO `YYYY-MM-DD[ T]HH:MM[:SS[.f]][Z|±hh:mm|±hhmm| ±hhmm]`.
    if b.len() >= 10 && b[4] == b'-' && b[7] == b'-' {
        let y = num(&b[0..4])?;
        let m = num(&b[5..7])?;
        let d = num(&b[8..10])?;
        let days = ymd(y as i64, m, d)?;
        let secs = if b.len() > 10 {
            if b[10] != b'T' && b[10] != b' ' {
                return None;
            }
            parse_time(&b[11..])?
        } else {
            0
        };
        return Some((days * 86_400 + secs, OrderEvidence::None));
    }
    parse_date_general(s, order)
}

/// `dd/mm/yyyy` (`/`, `-` or `.`), alone or followed by ` hh:mm[...]`: the spreadsheet
/// shape, read without the general tokenizer. `None` when `b` has another shape; otherwise
/// exactly what [`parse_date_general`] returns for it.
#[inline]
fn day_month_year(b: &[u8], order: DateOrder) -> Option<Option<(Timestamp, OrderEvidence)>> {
    let sep = |c: u8| matches!(c, b'/' | b'-' | b'.');
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 10 || !sep(b[2]) || !sep(b[5]) || !digits(0..2) || !digits(3..5) || !digits(6..10)
    {
        return None;
    }
    // The general reader cuts the time at the space before the first `:`; with one or two
    // digits between, that is byte 10.
    let time = match b.len() {
        10 => None,
        _ if b[10] == b' '
            && b.get(11).is_some_and(u8::is_ascii_digit)
            && (b.get(12) == Some(&b':')
                || (b.get(12).is_some_and(u8::is_ascii_digit) && b.get(13) == Some(&b':'))) =>
        {
            Some(&b[11..])
        }
        _ => return None,
    };
    let two = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    let (p, q) = (two(0), two(3));
    let y = i64::from(two(6) * 100 + two(8));
    let ev = if p > 12 && q <= 12 {
        OrderEvidence::Dmy
    } else if q > 12 && p <= 12 {
        OrderEvidence::Mdy
    } else if p != q && p <= 12 && q <= 12 {
        OrderEvidence::Ambiguous
    } else {
        OrderEvidence::None
    };
    let (d, m) = match (ev, order) {
        (OrderEvidence::Dmy, _)
        | (OrderEvidence::None | OrderEvidence::Ambiguous, DateOrder::Dmy) => (p, q),
        _ => (q, p),
    };
    let read = || {
        let days = ymd(y, m, d)?;
        let secs = match time {
            Some(t) => parse_time(t)?,
            None => 0,
        };
        Some((days * 86_400 + secs, ev))
    };
    Some(read())
}

fn num(b: &[u8]) -> Option<u32> {
    let mut v: u32 = 0;
    if b.is_empty() {
        return None;
    }
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// `HH:MM[:SS[.fff]][ ]?[AM|PM][ ]?[Z|UTC|GMT|±hh[:mm]]`, returning seconds of the day.
fn parse_time(b: &[u8]) -> Option<i64> {
    // `hh:mm` and `hh:mm:ss`, the usual shapes, without the general walk below.
    let two = |i: usize| match (b[i], b[i + 1]) {
        (a @ b'0'..=b'9', c @ b'0'..=b'9') => Some(u32::from(a - b'0') * 10 + u32::from(c - b'0')),
        _ => None,
    };
    let hms = match b.len() {
        5 if b[2] == b':' => two(0).zip(two(3)).map(|(h, m)| (h, m, 0)),
        8 if b[2] == b':' && b[5] == b':' => match (two(0), two(3), two(6)) {
            (Some(h), Some(m), Some(s)) => Some((h, m, s)),
            _ => None,
        },
        _ => None,
    };
    match hms {
        Some((h, m, sec)) if h <= 23 && m <= 59 && sec <= 60 => {
            Some(i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec.min(59)))
        }
        Some(_) => None,
        None => parse_time_general(b),
    }
}

/// Every time shape [`parse_time`] accepts.
fn parse_time_general(b: &[u8]) -> Option<i64> {
    let mut i = 0;
    let n = b.len();
    let rd = |i: &mut usize, max: usize| -> Option<u32> {
        let s = *i;
        while *i < n && b[*i].is_ascii_digit() && *i - s < max {
            *i += 1;
        }
        if *i == s { None } else { num(&b[s..*i]) }
    };
    let h = rd(&mut i, 2)?;
    if i >= n || b[i] != b':' {
        return None;
    }
    i += 1;
    let m = rd(&mut i, 2)?;
    let mut sec = 0;
    if i < n && b[i] == b':' {
        i += 1;
        sec = rd(&mut i, 2)?;
        if i < n && (b[i] == b'.' || b[i] == b',') {
            i += 1;
            while i < n && b[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    let mut h = h;
    // Rest: am/pm, zone, offset. The offset is dropped: the data's wall clock is kept.
    let mut rest = trim_bytes(&b[i..]);
    if !rest.is_empty() {
        let lower2 = |k: usize| rest.get(k).map(u8::to_ascii_lowercase);
        let ampm = match (lower2(0), lower2(1), lower2(2), lower2(3)) {
            (Some(a @ (b'a' | b'p')), Some(b'.'), Some(b'm'), Some(b'.')) => Some((a == b'p', 4)),
            (Some(a @ (b'a' | b'p')), Some(b'm'), _, _) => Some((a == b'p', 2)),
            _ => None,
        };
        if let Some((pm, len)) = ampm {
            if h == 0 || h > 12 {
                return None;
            }
            if pm && h != 12 {
                h += 12;
            } else if !pm && h == 12 {
                h = 0;
            }
            rest = trim_bytes(&rest[len..]);
        }
        if !rest.is_empty() && !is_zone(rest) {
            return None;
        }
    }
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    Some(i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec.min(59)))
}

fn trim_bytes(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

/// A zone name or UTC offset after a time: `Z`, `UTC`, `-0300`, `+05:30`, `GMT-3`, `(UTC)`.
fn is_zone(s: &[u8]) -> bool {
    const NAMES: [&[u8]; 9] = [
        b"z", b"utc", b"gmt", b"brt", b"brst", b"est", b"edt", b"pst", b"pdt",
    ];
    if NAMES.iter().any(|n| s.eq_ignore_ascii_case(n)) {
        return true;
    }
    let mut s = s;
    for p in [b"utc", b"gmt"] {
        if s.len() >= 3 && s[..3].eq_ignore_ascii_case(p) {
            s = trim_bytes(&s[3..]);
        }
    }
    match s.split_first() {
        Some((b'+' | b'-', body)) => {
            let digits = body.iter().filter(|c| **c != b':').count();
            (1..=4).contains(&digits) && body.iter().all(|c| c.is_ascii_digit() || *c == b':')
        }
        // "(UTC)" or "[America/Sao_Paulo]" style trailers.
        Some((b'(' | b'[', _)) => true,
        _ => false,
    }
}

#[derive(Debug, Clone, Copy)]
enum Tok<'a> {
    Num(u32, usize),
    Word(&'a str),
}

fn parse_date_general(s: &str, order: DateOrder) -> Option<(Timestamp, OrderEvidence)> {
    let t = s.trim();
    // Split off a time part: the first token containing ':' and everything after it.
    let (date_part, time_part) = match t.find(':') {
        Some(colon) => {
            let start = t[..colon].rfind([' ', 'T', ',']).map(|p| p + 1)?;
            (&t[..start], Some(&t[start..]))
        }
        None => (t, None),
    };
    // Lower-cased on the stack: `parse_date` passes at most 64 bytes.
    let mut buf = [0u8; 64];
    let lower_bytes = buf.get_mut(..date_part.len())?;
    lower_bytes.copy_from_slice(date_part.as_bytes());
    lower_bytes.make_ascii_lowercase();
    let lower = std::str::from_utf8(lower_bytes).ok()?;
    let mut toks: [Option<Tok<'_>>; 6] = [None; 6];
    let mut nt = 0;
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_digit() {
            let st = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if nt == 6 || i - st > 4 {
                return None;
            }
            toks[nt] = Some(Tok::Num(num(&bytes[st..i])?, i - st));
            nt += 1;
        } else if c.is_ascii_alphabetic() || c >= 0x80 {
            let st = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphabetic() || bytes[i] >= 0x80) {
                i += 1;
            }
            let w = &lower[st..i];
            let w = if w == "março" { "marco" } else { w };
            if w == "de" || w == "of" || w == "the" || is_weekday(w) {
                continue;
            }
            if matches!(w, "st" | "nd" | "rd" | "th") {
                continue;
            }
            if nt == 6 {
                return None;
            }
            toks[nt] = Some(Tok::Word(w));
            nt += 1;
        } else if matches!(c, b'/' | b'-' | b'.' | b' ' | b',') {
            i += 1;
        } else {
            return None;
        }
    }
    if nt != 3 {
        return None;
    }
    let (a, b2, c) = (toks[0]?, toks[1]?, toks[2]?);
    let year = |v: u32, len: usize| -> Option<i64> {
        match len {
            4 => Some(i64::from(v)),
            2 => Some(2000 + i64::from(v)),
            _ => None,
        }
    };
    let (days, ev) = match (a, b2, c) {
        (Tok::Num(y, 4), Tok::Num(m, _), Tok::Num(d, _)) => {
            (ymd(i64::from(y), m, d)?, OrderEvidence::None)
        }
        (Tok::Num(y, 4), Tok::Word(w), Tok::Num(d, _)) => (
            ymd(i64::from(y), month_from_name(w)?, d)?,
            OrderEvidence::None,
        ),
        (Tok::Num(d, dl), Tok::Word(w), Tok::Num(y, yl)) if dl <= 2 => (
            ymd(year(y, yl)?, month_from_name(w)?, d)?,
            OrderEvidence::None,
        ),
        (Tok::Word(w), Tok::Num(d, dl), Tok::Num(y, yl)) if dl <= 2 => (
            ymd(year(y, yl)?, month_from_name(w)?, d)?,
            OrderEvidence::None,
        ),
        (Tok::Num(p, pl), Tok::Num(q, ql), Tok::Num(y, yl)) if pl <= 2 && ql <= 2 => {
            let y = year(y, yl)?;
            let ev = if p > 12 && q <= 12 {
                OrderEvidence::Dmy
            } else if q > 12 && p <= 12 {
                OrderEvidence::Mdy
            } else if p != q && p <= 12 && q <= 12 {
                OrderEvidence::Ambiguous
            } else {
                OrderEvidence::None
            };
            let (d, m) = match ev {
                OrderEvidence::Dmy => (p, q),
                OrderEvidence::Mdy => (q, p),
                _ => match order {
                    DateOrder::Dmy => (p, q),
                    DateOrder::Mdy => (q, p),
                },
            };
            (ymd(y, m, d)?, ev)
        }
        _ => return None,
    };
    let secs = match time_part {
        Some(tp) => parse_time(tp.trim().as_bytes())?,
        None => 0,
    };
    Some((days * 86_400 + secs, ev))
}

/// `20250304` → that day, if the integer is a plausible date.
pub fn parse_yyyymmdd(s: &str) -> Option<Timestamp> {
    let b = s.trim().as_bytes();
    if b.len() != 8 {
        return None;
    }
    let y = num(&b[0..4])?;
    let m = num(&b[4..6])?;
    let d = num(&b[6..8])?;
    if !(1900..=2100).contains(&y) {
        return None;
    }
    ymd(i64::from(y), m, d).map(|days| days * 86_400)
}

/// Unix time in seconds (10 digits) or milliseconds (13 digits), years 2000..2100.
pub fn parse_unix(s: &str, millis: bool) -> Option<Timestamp> {
    let t = s.trim();
    let v: i64 = t.split('.').next()?.parse().ok()?;
    let secs = if millis { v.div_euclid(1000) } else { v };
    if (946_684_800..4_102_444_800).contains(&secs) {
        Some(secs)
    } else {
        None
    }
}

/// `sim/não`, `yes/no`, `true/false`, `1/0`, `x`.
pub fn parse_bool(s: &str) -> Option<bool> {
    let t = s.trim();
    if t.len() > 8 {
        return None;
    }
    let f = fold(t);
    match f.as_str() {
        "sim" | "s" | "yes" | "y" | "true" | "t" | "1" | "x" | "verdadeiro" | "v" | "checked" => {
            Some(true)
        }
        "nao" | "n" | "no" | "false" | "f" | "0" | "falso" | "unchecked" => Some(false),
        _ => None,
    }
}

/// A duration: a number in `unit_hours` units (1/60 for minutes), or `H:MM[:SS]`; in hours.
pub fn parse_duration_hours(s: &str, decimal: Decimal, unit_hours: f64) -> Option<f64> {
    let t = s.trim();
    if t.contains(':') {
        let mut parts = t.split(':');
        let h: f64 = parts.next()?.trim().parse().ok()?;
        let m: f64 = parts.next()?.trim().parse().ok()?;
        let sec: f64 = match parts.next() {
            Some(p) => p.trim().parse().ok()?,
            None => 0.0,
        };
        if parts.next().is_some() || !(0.0..60.0).contains(&m) || !(0.0..61.0).contains(&sec) {
            return None;
        }
        return Some(h + m / 60.0 + sec / 3600.0);
    }
    parse_number(t, decimal).map(|v| v * unit_hours)
}

/// True when the cell looks like an e-mail address.
pub fn looks_like_email(s: &str) -> bool {
    let t = s.trim();
    match t.find('@') {
        Some(at) => at > 0 && t[at + 1..].contains('.') && !t.contains(' ') && t.len() < 255,
        None => false,
    }
}

#[cfg(test)]
mod tests;
