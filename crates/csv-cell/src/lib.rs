//! One CSV cell that a spreadsheet will not run as a formula, for the engine (the CLI's
//! profiles CSV), the app's exports and the survey widget's answers CSV alike.

/// `cell` made safe for a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or CR (or what a
/// spreadsheet skips or folds before one: a zero-width space, a BOM, the full-width signs)
/// gets a `'` so it shows as text; then quoted when it holds a separator (`,` or the `;` a
/// Brazilian Excel splits on), a quote or a line break. The one rule of every CSV Jornada
/// writes: the CLI's profiles, the app's exports and the widget's answers.
pub fn csv_cell(cell: &str) -> String {
    let mut out = String::with_capacity(cell.len() + 3);
    push_csv_cell(&mut out, cell);
    out
}

/// [`csv_cell`] written onto the end of `out` (no `String` per cell, for the widget's writer).
pub fn push_csv_cell(out: &mut String, cell: &str) {
    let neutralise = cell.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{200b}', '\u{feff}', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}',
        '\u{ff20}',
    ]);
    let quote = cell.contains([',', ';', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if neutralise {
        out.push('\'');
    }
    for c in cell.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::{csv_cell, push_csv_cell};

    #[test]
    fn formulas_become_text_and_separators_are_quoted() {
        for (raw, written) in [
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+55 11", "'+55 11"),
            ("-3", "'-3"),
            ("-1+1", "'-1+1"),
            ("@sum", "'@sum"),
            ("\tcmd", "'\tcmd"),
            ("a=b", "a=b"),
            // What a spreadsheet skips or folds before a formula sign.
            ("\u{200b}=1+1", "'\u{200b}=1+1"),
            ("\u{feff}=1+1", "'\u{feff}=1+1"),
            ("\u{ff1d}1+1", "'\u{ff1d}1+1"),
            ("\u{ff0b}55", "'\u{ff0b}55"),
            ("a;b", "\"a;b\""),
            ("a,b", "\"a,b\""),
            ("=a;b", "\"'=a;b\""),
            ("ana@x.com", "ana@x.com"),
            ("plain", "plain"),
        ] {
            assert_eq!(csv_cell(raw), written, "{raw:?}");
            let mut out = String::from("a,");
            push_csv_cell(&mut out, raw);
            assert_eq!(out, format!("a,{written}"));
        }
    }

    #[test]
    fn quotes_and_line_breaks_are_quoted_rfc4180() {
        assert_eq!(
            csv_cell("disse \"ótimo\", mas\nvoltou"),
            "\"disse \"\"ótimo\"\", mas\nvoltou\""
        );
    }
}
