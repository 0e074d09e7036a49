#![allow(clippy::unwrap_used)]
//! Hostile shapes and privacy from the adversarial review (issue 18): a first line of
//! customer data is not a header, documented limits on the header's shape, and an unclosed
//! quote that swallows lines is said, with the line where it opened.

mod common;

use common::w;
use jornada_engine::IngestError;
use jornada_engine::ingest::{
    IngestOptions, MAX_COLUMNS, MAX_HEADER_CELL_CHARS, QuoteCheck, Reader, read_bytes,
};
use jornada_engine::table::Table;

fn read(name: &str, bytes: &[u8]) -> Table {
    read_bytes(name, bytes, &IngestOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn names(t: &Table) -> Vec<&str> {
    t.columns.iter().map(|c| c.name.as_str()).collect()
}

const CUSTOMERS: &str = "ana.souza@example.com,Ana Souza,ORD-1001,2025-03-01,149.90,pago,CPF 123.456.789-09\n\
bruno.lima@example.com,Bruno Lima,ORD-1002,2025-03-02,89.00,pago,CPF 987.654.321-00\n\
carla.dias@example.com,Carla Dias,ORD-1003,2025-03-03,310.50,cancelado,CPF 111.222.333-44\n";

#[test]
fn a_first_line_of_customer_data_is_read_as_data_not_as_names() {
    let t = read("clientes.csv", CUSTOMERS.as_bytes());
    assert_eq!(
        names(&t),
        [
            "column 1", "column 2", "column 3", "column 4", "column 5", "column 6", "column 7"
        ]
    );
    // No cell of the first line became a name; the line is the first row.
    assert_eq!(t.rows(), 3);
    assert_eq!(t.lines, vec![1, 2, 3]);
    assert!(
        t.warnings_why.contains(&w("warning.no_header", &["1"])),
        "{:?}",
        t.warnings
    );
    // Each kind of value alone is enough: an e-mail, a document number, a date.
    for first in [
        "x,ana@example.com,y",
        "x,123.456.789-09,y",
        "x,01/03/2025,y",
        "1,2,3",
    ] {
        let csv = format!("{first}\na,b,c\nd,e,f\n");
        let t = read("v.csv", csv.as_bytes());
        assert_eq!(names(&t), ["column 1", "column 2", "column 3"], "{first}");
        assert_eq!(t.rows(), 3, "{first}");
    }
    // Names stay names (ids, words with digits, a year range).
    let t = read(
        "ok.csv",
        b"id,E-mail,Total 2023-2024,Nota 0-10\n1,a@b.co,3,4\n",
    );
    assert_eq!(names(&t), ["id", "E-mail", "Total 2023-2024", "Nota 0-10"]);
}

#[test]
fn header_limits_are_refused_with_the_file_the_line_and_the_limit() {
    let wide: String = (0..=MAX_COLUMNS)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let csv = format!("{wide}\n{}\n", vec!["1"; MAX_COLUMNS + 1].join(","));
    let e = read_bytes("largo.csv", csv.as_bytes(), &IngestOptions::default()).unwrap_err();
    assert!(matches!(e, IngestError::OverLimit { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "largo.csv, line 1: the line has 1001 fields; the limit is 1000 columns"
    );
    // Right at the limit is fine.
    let at: String = (0..MAX_COLUMNS)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let csv = format!("{at}\n{}\n", vec!["1"; MAX_COLUMNS].join(","));
    assert_eq!(read("largo.csv", csv.as_bytes()).columns.len(), MAX_COLUMNS);

    let long = "n".repeat(MAX_HEADER_CELL_CHARS + 1);
    let csv = format!("id,{long}\n1,2\n");
    let e = read_bytes("longo.csv", csv.as_bytes(), &IngestOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "longo.csv, line 1: the name of column 2 has 1001 characters; the limit is 1000 characters"
    );
}

#[test]
fn a_huge_header_line_fails_early_without_buffering_it() {
    // 200 MB in the real report; 40 MB here, pushed in 1 MB chunks: the reader must refuse
    // it after about 256 KB, not at the end.
    let mut r = Reader::new("enorme.csv", IngestOptions::default());
    let chunk = vec![b'a'; 1 << 20];
    let mut pushed = 0;
    let err = loop {
        match r.push(&chunk) {
            Ok(_) => pushed += 1,
            Err(e) => break e,
        }
        assert!(pushed < 40, "the 40 MB header was buffered whole");
    };
    assert!(pushed <= 1, "refused after {pushed} MB");
    assert_eq!(
        err.to_string(),
        "enorme.csv, line 1: the first line (the header) is longer than 256 KB (is a closing quote missing?); the limit is 256 KB"
    );
    assert_eq!(r.finish().unwrap_err(), err);
}

/// A header, line 2 opening a quote it never closes, then `rows` ordinary lines.
fn unclosed(rows: usize) -> String {
    let mut csv = String::from("order_id,order_date,amount,status\nQ1,2025-03-01,\"10.00,paid\n");
    for i in 0..rows {
        csv += &format!("Q{},2025-03-02,{i}.00,paid\n", i + 2);
    }
    csv
}

#[test]
fn an_unclosed_quote_is_said_with_its_line_and_the_rows_it_swallowed() {
    let t = read("pedidos.csv", unclosed(1000).as_bytes());
    // The swallowed lines are one cell of one (rejected) record, as before; now it is said.
    assert_eq!(t.rows(), 0);
    let warning = w("warning.long_quote", &["2", "1000", "1000"]);
    assert!(t.warnings_why.contains(&warning), "{:?}", t.warnings);
    assert!(t.warnings.iter().any(|l| l
        == "line 2: a quoted field opened here runs over 1000 line breaks (1000 of those lines look like rows), read as one cell; is a closing quote missing?"));
    // The same in any chunks.
    let mut r = Reader::new("pedidos.csv", IngestOptions::default());
    for c in unclosed(1000).as_bytes().chunks(7) {
        r.push(c).unwrap();
    }
    assert_eq!(r.finish().unwrap().warnings_why, t.warnings_why);

    // A multi-line comment is not one.
    let ok = "id,comment\n1,\"first line\nsecond line\nthird, with a comma\"\n2,x\n";
    let t = read("c.csv", ok.as_bytes());
    assert!(
        !t.warnings_why.iter().any(|w| w.key == "warning.long_quote"),
        "{:?}",
        t.warnings
    );
}

#[test]
fn quote_thresholds_are_configurable() {
    let two = unclosed(2);
    assert!(
        !read("p.csv", two.as_bytes())
            .warnings_why
            .iter()
            .any(|w| w.key == "warning.long_quote")
    );
    let strict = IngestOptions {
        quote_check: Some(QuoteCheck {
            max_bytes: 1 << 20,
            max_lines: 1,
            max_record_lines: 100,
        }),
        ..IngestOptions::default()
    };
    let t = read_bytes("p.csv", two.as_bytes(), &strict).unwrap();
    assert!(
        t.warnings_why
            .contains(&w("warning.long_quote", &["2", "2", "2"])),
        "{:?}",
        t.warnings
    );
    let by_size = IngestOptions {
        quote_check: Some(QuoteCheck {
            max_bytes: 10,
            max_lines: 100,
            max_record_lines: 100,
        }),
        ..IngestOptions::default()
    };
    let t = read_bytes("p.csv", two.as_bytes(), &by_size).unwrap();
    assert!(t.warnings_why.iter().any(|w| w.key == "warning.long_quote"));
}

/// The hostile-shape corpus (`tests/fixtures/hostile/`, also run in every chunk size by
/// `ingest_robustness`): each is refused with its limit or read with its warning. The corpus
/// also seeds the cargo-fuzz targets (`crates/engine/fuzz`, `scripts/fuzz.sh`).
#[test]
fn the_hostile_shape_corpus_gets_its_message() {
    let read_fixture = |name: &str| {
        let bytes = common::fixture(&format!("hostile/{name}"));
        read_bytes(name, &bytes, &IngestOptions::default())
    };
    let e = read_fixture("wide_10000_columns.csv").unwrap_err();
    assert_eq!(
        e.to_string(),
        "wide_10000_columns.csv, line 1: the line has 10000 fields; the limit is 1000 columns"
    );
    let e = read_fixture("long_header_cell.csv").unwrap_err();
    assert_eq!(
        e.to_string(),
        "long_header_cell.csv, line 1: the name of column 2 has 5000 characters; the limit is 1000 characters"
    );
    let t = read_fixture("unclosed_quote_swallows_1000_lines.csv").unwrap();
    assert!(
        t.warnings_why
            .contains(&w("warning.long_quote", &["2", "1000", "1000"]))
    );
    let t = read_fixture("headerless_customers.csv").unwrap();
    assert_eq!(t.rows(), 3);
    assert!(t.columns.iter().all(|c| c.name.starts_with("column ")));
}
