//! One CSV cell that a spreadsheet will not run as a formula.

/// `cell` made safe for a spreadsheet: a leading `=`, `+`, `-`, `@`, tab or CR (or what a
/// spreadsheet skips or folds before one: a zero-width space, a BOM, the full-width signs)
/// gets a `'` so it shows as text; then quoted when it holds a separator (`,` or the `;` a
/// Brazilian Excel splits on), a quote or a line break. The same rule as the app's metrics
/// CSV and the widget's answers CSV.
pub fn csv_cell(cell: &str) -> String {
    let neutralise = cell.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{200b}', '\u{feff}', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}',
        '\u{ff20}',
    ]);
    let mut out = String::with_capacity(cell.len() + 3);
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
    out
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn formulas_become_text_and_separators_are_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+55 11"), "'+55 11");
        assert_eq!(csv_cell("-3"), "'-3");
        assert_eq!(csv_cell("@sum"), "'@sum");
        assert_eq!(csv_cell("\u{ff1d}1+1"), "'\u{ff1d}1+1");
        assert_eq!(csv_cell("a;b"), "\"a;b\"");
        assert_eq!(csv_cell("ana@x.com"), "ana@x.com");
    }
}
