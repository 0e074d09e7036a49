//! A small CSV row writer for the generator: fields are appended to one byte buffer per file,
//! with the language's delimiter, number and date formats, and quoting only where a field
//! needs it. Writing by hand (not through `csv::Writer`) keeps generation allocation-free per
//! row, which matters at 10M orders.

use super::calendar::Calendar;

/// How dates are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateStyle {
    /// `2025-03-04` and `2025-03-04 10:22:31`.
    Iso,
    /// `04/03/2025` and `04/03/2025 10:22:31` (Brazilian spreadsheets). The seconds are
    /// written: without them the Portuguese sample would be another company than the English
    /// one (every duration off by up to a minute).
    Br,
    /// `2025-03-04T10:22:31-03:00` (SaaS tools exporting with the offset).
    IsoOffset,
}

/// How numbers are written in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberStyle {
    /// `1234.56`
    Dot,
    /// `1.234,56`
    Br,
}

pub(crate) struct CsvOut {
    pub(crate) name: &'static str,
    pub(crate) buf: Vec<u8>,
    delimiter: u8,
    dates: DateStyle,
    numbers: NumberStyle,
    at_row_start: bool,
    pub(crate) rows: u64,
}

impl CsvOut {
    pub(crate) fn new(
        name: &'static str,
        delimiter: u8,
        dates: DateStyle,
        numbers: NumberStyle,
    ) -> Self {
        CsvOut {
            name,
            buf: Vec::with_capacity(1 << 17),
            delimiter,
            dates,
            numbers,
            at_row_start: true,
            rows: 0,
        }
    }

    fn sep(&mut self) {
        if self.at_row_start {
            self.at_row_start = false;
        } else {
            self.buf.push(self.delimiter);
        }
    }

    /// Writes the header line (not counted as a row).
    pub(crate) fn header(&mut self, names: &[&str]) {
        for n in names {
            self.text(n);
        }
        self.buf.push(b'\n');
        self.at_row_start = true;
    }

    pub(crate) fn end_row(&mut self) {
        self.buf.push(b'\n');
        self.at_row_start = true;
        self.rows += 1;
    }

    /// A text field, quoted (with doubled quotes) when it holds the delimiter, a quote or a
    /// line break.
    pub(crate) fn text(&mut self, s: &str) {
        self.sep();
        let d = self.delimiter;
        if s.bytes()
            .any(|b| b == d || b == b'"' || b == b'\n' || b == b'\r')
        {
            self.buf.push(b'"');
            for b in s.bytes() {
                if b == b'"' {
                    self.buf.push(b'"');
                }
                self.buf.push(b);
            }
            self.buf.push(b'"');
        } else {
            self.buf.extend_from_slice(s.as_bytes());
        }
    }

    pub(crate) fn empty(&mut self) {
        self.sep();
    }

    /// A prefix followed by a zero-padded number, e.g. `C0000042`.
    pub(crate) fn id(&mut self, prefix: &str, n: u64, width: usize) {
        self.sep();
        self.buf.extend_from_slice(prefix.as_bytes());
        push_padded(&mut self.buf, n, width);
    }

    pub(crate) fn uint(&mut self, n: u64) {
        self.sep();
        push_uint(&mut self.buf, n);
    }

    /// A fixed-point number given in hundredths: `12345` → `123.45` / `123,45`; thousands are
    /// grouped (`1.234,56`) only in the Brazilian style, as spreadsheets there do.
    pub(crate) fn cents(&mut self, hundredths: i64) {
        self.sep();
        if hundredths < 0 {
            self.buf.push(b'-');
        }
        let v = hundredths.unsigned_abs();
        let (whole, frac) = (v / 100, v % 100);
        match self.numbers {
            NumberStyle::Dot => {
                push_uint(&mut self.buf, whole);
                self.buf.push(b'.');
            }
            NumberStyle::Br => {
                push_grouped(&mut self.buf, whole, b'.');
                self.buf.push(b',');
            }
        }
        push_padded(&mut self.buf, frac, 2);
    }

    pub(crate) fn boolean(&mut self, b: bool, yes: &str, no: &str) {
        self.text(if b { yes } else { no });
    }

    /// A calendar day.
    pub(crate) fn day(&mut self, cal: &Calendar, day: u32) {
        self.sep();
        let (y, m, d) = cal.ymd(day);
        match self.dates {
            DateStyle::Iso | DateStyle::IsoOffset => push_iso_date(&mut self.buf, y, m, d),
            DateStyle::Br => push_br_date(&mut self.buf, y, m, d),
        }
    }

    /// A moment: `day` plus `secs` seconds into it (secs may exceed one day).
    pub(crate) fn moment(&mut self, cal: &Calendar, day: u32, secs: u32) {
        self.sep();
        let day = day + secs / 86_400;
        let secs = secs % 86_400;
        let (y, m, d) = cal.ymd(day);
        let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
        match self.dates {
            DateStyle::Iso => {
                push_iso_date(&mut self.buf, y, m, d);
                self.buf.push(b' ');
                push_hms(&mut self.buf, hh, mm, ss);
            }
            DateStyle::IsoOffset => {
                push_iso_date(&mut self.buf, y, m, d);
                self.buf.push(b'T');
                push_hms(&mut self.buf, hh, mm, ss);
                self.buf.extend_from_slice(b"-03:00");
            }
            DateStyle::Br => {
                push_br_date(&mut self.buf, y, m, d);
                self.buf.push(b' ');
                push_hms(&mut self.buf, hh, mm, ss);
            }
        }
    }
}

fn push_uint(buf: &mut Vec<u8>, mut n: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn push_padded(buf: &mut Vec<u8>, n: u64, width: usize) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    let mut n = n;
    loop {
        i -= 1;
        tmp[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = tmp.len() - i;
    for _ in digits..width {
        buf.push(b'0');
    }
    buf.extend_from_slice(&tmp[i..]);
}

fn push_grouped(buf: &mut Vec<u8>, n: u64, sep: u8) {
    if n < 1000 {
        push_uint(buf, n);
    } else {
        push_grouped(buf, n / 1000, sep);
        buf.push(sep);
        push_padded(buf, n % 1000, 3);
    }
}

fn push_iso_date(buf: &mut Vec<u8>, y: u32, m: u32, d: u32) {
    push_padded(buf, u64::from(y), 4);
    buf.push(b'-');
    push_padded(buf, u64::from(m), 2);
    buf.push(b'-');
    push_padded(buf, u64::from(d), 2);
}

fn push_br_date(buf: &mut Vec<u8>, y: u32, m: u32, d: u32) {
    push_padded(buf, u64::from(d), 2);
    buf.push(b'/');
    push_padded(buf, u64::from(m), 2);
    buf.push(b'/');
    push_padded(buf, u64::from(y), 4);
}

fn push_hms(buf: &mut Vec<u8>, hh: u32, mm: u32, ss: u32) {
    push_padded(buf, u64::from(hh), 2);
    buf.push(b':');
    push_padded(buf, u64::from(mm), 2);
    buf.push(b':');
    push_padded(buf, u64::from(ss), 2);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(numbers: NumberStyle, dates: DateStyle, delimiter: u8) -> CsvOut {
        CsvOut::new("t.csv", delimiter, dates, numbers)
    }

    #[test]
    fn numbers_in_both_styles() {
        let mut o = out(NumberStyle::Br, DateStyle::Br, b';');
        o.cents(123_456);
        o.cents(5);
        o.cents(100_000_000);
        o.cents(-1999);
        o.end_row();
        assert_eq!(o.buf, b"1.234,56;0,05;1.000.000,00;-19,99\n");
        let mut o = out(NumberStyle::Dot, DateStyle::Iso, b',');
        o.cents(123_456);
        o.cents(5);
        o.end_row();
        assert_eq!(o.buf, b"1234.56,0.05\n");
    }

    #[test]
    fn quoting_only_when_needed() {
        let mut o = out(NumberStyle::Br, DateStyle::Br, b';');
        o.text("a, b");
        o.text("a; b");
        o.text("diz \"ok\"");
        o.empty();
        o.end_row();
        assert_eq!(o.buf, b"a, b;\"a; b\";\"diz \"\"ok\"\"\";\n".as_slice());
    }

    #[test]
    fn dates_in_each_style() {
        let cal = Calendar::new();
        // Day 0 is 2024-01-01; day 60 is 2024-03-01 (2024 is a leap year).
        let mut o = out(NumberStyle::Br, DateStyle::Br, b';');
        o.day(&cal, 60);
        o.moment(&cal, 60, 3600 * 9 + 60 * 5 + 7);
        o.end_row();
        assert_eq!(o.buf, b"01/03/2024;01/03/2024 09:05:07\n");
        let mut o = out(NumberStyle::Dot, DateStyle::Iso, b',');
        o.moment(&cal, 0, 86_400 + 59);
        o.end_row();
        assert_eq!(o.buf, b"2024-01-02 00:00:59\n");
        let mut o = out(NumberStyle::Dot, DateStyle::IsoOffset, b',');
        o.moment(&cal, 0, 3661);
        o.id("C", 42, 7);
        o.end_row();
        assert_eq!(o.buf, b"2024-01-01T01:01:01-03:00,C0000042\n");
    }
}
