#![allow(clippy::unwrap_used)]
//! Per-file warnings and row-reject reasons as language-neutral parts: each kind of message
//! on a small hand-written file, with its key, its args (as the user wrote them) and the
//! English line made from them, which is the line ingest printed before there were parts.

mod common;

use common::w;

use jornada_engine::ingest::mapping::FileMapping;
use jornada_engine::ingest::{IngestOptions, Reader, read_bytes};
use jornada_engine::sample::{Lang, SampleSize, generate};
use jornada_engine::table::Table;
use jornada_engine::why::{KEYS, Why, english_line};
use std::collections::BTreeSet;

fn read(name: &str, bytes: &[u8]) -> Table {
    read_bytes(name, bytes, &IngestOptions::default()).unwrap()
}

/// The English lines and the parts say the same, one for one.
fn assert_lines_match_parts(t: &Table) {
    assert_eq!(t.warnings.len(), t.warnings_why.len(), "{}", t.file);
    for (line, why) in t.warnings.iter().zip(&t.warnings_why) {
        assert_eq!(line, &english_line(why), "{}", t.file);
    }
    for r in &t.rejects {
        assert_eq!(r.reason, english_line(&r.why), "{} line {}", t.file, r.line);
    }
}

/// Ten good orders (day-first dates, comma decimals), then one bad row of each kind.
fn orders_with_bad_rows() -> String {
    let mut csv = String::from("pedido;data;valor;desconto;ativo\n");
    for i in 1..=10 {
        csv += &format!("{i};{:02}/03/2025;{i}0,00;{i},50;sim\n", i + 10);
    }
    csv += "11;;30,00;1,00;sim\n"; // line 12: no date
    csv += "12;xx/yy;30,00;1,00;sim\n"; // line 13: a date that is not one
    csv += "13;04/03/2025;abc;1,00;sim\n"; // line 14: an amount that is not a number
    csv += "14;04/03/2025;30,00;zz;sim\n"; // line 15: an optional number left empty
    csv += "15;04/03/2025;30,00;1,00;talvez\n"; // line 16: an optional yes/no left empty
    csv += "16;04/03/2025;30,00;1,00;sim;extra\n"; // line 17: one field too many
    csv += ";;;;\n"; // line 18: blank
    csv += "17;04/03/2025;uma quantia muito grande, mais de quarenta letras;1,00;sim\n";
    csv
}

#[test]
fn rejected_rows_say_which_column_and_which_cell() {
    let t = read("pedidos.csv", orders_with_bad_rows().as_bytes());
    assert_lines_match_parts(&t);
    let rejects: Vec<(u32, &Why, &str)> = t
        .rejects
        .iter()
        .map(|r| (r.line, &r.why, r.reason.as_str()))
        .collect();
    assert_eq!(
        rejects,
        [
            (
                12,
                &w("reject.date_empty", &["data"]),
                "column \"data\" is empty (a date is required)"
            ),
            (
                13,
                &w("reject.unreadable", &["data", "xx/yy", "date"]),
                "column \"data\": \"xx/yy\" is not a date"
            ),
            (
                14,
                &w("reject.unreadable", &["valor", "abc", "number"]),
                "column \"valor\": \"abc\" is not a number"
            ),
            (
                17,
                &w("reject.field_count", &["6", "5"]),
                "has 6 fields, the header has 5"
            ),
            // The cell is cut at 40 characters.
            (
                19,
                &w(
                    "reject.unreadable",
                    &[
                        "valor",
                        "uma quantia muito grande, mais de quaren…",
                        "number"
                    ]
                ),
                "column \"valor\": \"uma quantia muito grande, mais de quaren…\" is not a number"
            ),
        ]
    );
    assert_eq!(
        t.warnings_why,
        [
            w(
                "warning.unreadable",
                &["desconto", "1", "number", "zz", "15"]
            ),
            w(
                "warning.unreadable",
                &["ativo", "1", "yes_no", "talvez", "16"]
            ),
            w("warning.blank_rows", &["1"]),
        ]
    );
    assert_eq!(
        t.warnings,
        [
            "column \"desconto\": 1 value(s) could not be read as a number and are left empty (first: \"zz\" on line 15)",
            "column \"ativo\": 1 value(s) could not be read as yes/no and are left empty (first: \"talvez\" on line 16)",
            "1 blank row(s) skipped",
        ]
    );
}

#[test]
fn a_latin1_export_with_a_title_above_the_header() {
    // "Relatório" and "João" in Latin-1: é = 0xF3, ã = 0xE3.
    let mut bytes = b"Relat\xf3rio de vendas\n".to_vec();
    bytes.extend_from_slice(b"pedido;data;valor;cliente\n");
    for i in 1..=5 {
        bytes.extend_from_slice(format!("{i};{:02}/03/2025;{i}0,00;Jo", i + 12).as_bytes());
        bytes.extend_from_slice(b"\xe3o\n");
    }
    let t = read("vendas.csv", &bytes);
    assert_lines_match_parts(&t);
    assert_eq!(
        t.warnings_why,
        [
            w("warning.encoding", &["windows-1252"]),
            w("warning.title_line", &["1"]),
        ]
    );
    assert_eq!(
        t.warnings,
        [
            "text encoding: windows-1252 (not UTF-8)",
            "line 1 skipped: it is above the header (a title or note)",
        ]
    );
}

#[test]
fn a_stray_byte_past_the_sniffed_start_is_replaced_and_said() {
    // The first MiB is UTF-8, so the file is read as UTF-8; a lone 0xFF later cannot be.
    let mut bytes = "pedido;data;valor;cliente\n".as_bytes().to_vec();
    let mut i = 0;
    while bytes.len() < 1_100_000 {
        i += 1;
        bytes.extend_from_slice(
            format!("{i};{:02}/03/2025;{i},00;Conceição\n", i % 15 + 13).as_bytes(),
        );
    }
    bytes.extend_from_slice(b"0;04/03/2025;1,00;Mar\xffia\n");
    let mut r = Reader::new("pedidos.csv", IngestOptions::default());
    for chunk in bytes.chunks(4096) {
        r.push(chunk).unwrap();
    }
    let t = r.finish().unwrap();
    assert_lines_match_parts(&t);
    assert_eq!(t.warnings_why, [w("warning.replaced", &["UTF-8"])]);
    assert_eq!(
        t.warnings,
        ["some bytes were not valid UTF-8 and were replaced by �"]
    );
}

#[test]
fn day_month_order_warnings_carry_the_guess_and_its_evidence() {
    // Every date could be either: `;`, Portuguese headers and comma decimals say dd/mm.
    let t = read(
        "pedidos.csv",
        b"pedido;data;valor\n1;04/03/2025;10,00\n2;05/03/2025;20,00\n3;06/03/2025;30,00\n",
    );
    assert_lines_match_parts(&t);
    assert_eq!(
        t.warnings_why,
        [w(
            "warning.ambiguous_order",
            &[
                "data",
                "order.brazilian",
                "semicolon",
                "pt_headers",
                "comma_decimals"
            ]
        )]
    );
    assert_eq!(
        t.warnings,
        [
            "column \"data\": every date so far could be dd/mm or mm/dd; read as dd/mm because the file looks Brazilian (`;` delimiter, Portuguese headers, comma decimals) (set \"date_order\" in the mapping to change)"
        ]
    );

    // English headers and dot decimals, comma-separated: mm/dd.
    let t = read(
        "orders.csv",
        b"order_id,date,amount\n1,03/04/2025,10.00\n2,03/05/2025,20.00\n",
    );
    assert_lines_match_parts(&t);
    assert_eq!(
        t.warnings_why,
        [w(
            "warning.ambiguous_order",
            &["date", "order.american", "en_headers", "dot_decimals"]
        )]
    );
    assert_eq!(
        t.warnings,
        [
            "column \"date\": every date so far could be dd/mm or mm/dd; read as mm/dd because the file looks American (English headers, dot decimals) (set \"date_order\" in the mapping to change)"
        ]
    );

    // Tabs and whole amounts: nothing tells.
    let t = read(
        "orders.csv",
        b"order_id\tdate\tamount\n1\t03/04/2025\t10\n2\t03/05/2025\t20\n",
    );
    assert_lines_match_parts(&t);
    assert_eq!(
        t.warnings_why,
        [w("warning.ambiguous_order", &["date", "order.none"])]
    );
    assert_eq!(
        t.warnings,
        [
            "column \"date\": every date so far could be dd/mm or mm/dd; read as dd/mm because nothing tells; dd/mm assumed (set \"date_order\" in the mapping to change)"
        ]
    );

    // 13/03 and 15/03 are day-first, 03/14 month-first: the majority (2 to 1) is kept.
    let t = read(
        "pedidos.csv",
        b"pedido;data;valor\n1;13/03/2025;10,00\n2;03/14/2025;20,00\n3;15/03/2025;30,00\n",
    );
    assert_lines_match_parts(&t);
    assert_eq!(
        t.warnings_why,
        [w("warning.mixed_order", &["data", "2", "1", "Dmy"])]
    );
    assert_eq!(
        t.warnings,
        [
            "column \"data\": dates are written both day-first (2) and month-first (1); read as Dmy, the majority"
        ]
    );
}

#[test]
fn dates_re_read_when_later_rows_settle_the_order() {
    // 42 dates with no day above 12 (the sample of 2 + 40 rows leaves the order guessed as
    // dd/mm), then 03/15: month-first. The dates are re-read as mm/dd, but for 01/01, 02/02,
    // 03/03 and 04/04, which read the same either way: 42 - 4 = 38.
    let t = common::dates_settled_after_the_sample();
    assert_lines_match_parts(&t);
    assert_eq!(
        t.warnings_why.last(),
        Some(&w("warning.order_reread", &["data", "Mdy", "38"]))
    );
    assert_eq!(
        t.warnings.last().map(String::as_str),
        Some(
            "column \"data\": later rows show Mdy dates; the 38 ambiguous dates were re-read that way"
        )
    );
}

#[test]
fn mapping_currency_and_empty_file_warnings() {
    let mapping = FileMapping {
        kind: Some("pedidoz".to_string()),
        ..FileMapping::default()
    };
    let options = IngestOptions {
        mapping: Some(mapping),
        ..IngestOptions::default()
    };
    let csv = "order_id,date,amount,currency\n1,2025-03-04,10.00,USD\n2,2025-03-05,20.00,brl\n3,2025-03-06,30.00,EUR\n";
    let t = read_bytes("orders.csv", csv.as_bytes(), &options).unwrap();
    assert_lines_match_parts(&t);
    // Codes are upper-cased and sorted.
    assert_eq!(
        t.warnings_why,
        [
            w("warning.unknown_kind", &["orders.csv", "pedidoz"]),
            w("warning.currencies", &["orders.csv", "BRL", "EUR", "USD"]),
        ]
    );
    assert_eq!(
        t.warnings,
        [
            "orders.csv: the mapping names an unknown kind `pedidoz`; ignored",
            "orders.csv: several currencies (BRL, EUR, USD); amounts are not summed across them",
        ]
    );

    let t = read("pedidos.csv", b"pedido;data;valor\n");
    assert_lines_match_parts(&t);
    assert_eq!(t.warnings_why, [w("warning.no_rows", &[])]);
    assert_eq!(t.warnings, ["the file has a header but no usable rows"]);
}

#[test]
fn vendor_exports_fold_line_items_and_skip_grand_totals() {
    let t = common::read("vendors/shopify_orders_export.csv");
    assert_lines_match_parts(&t);
    assert_eq!(t.warnings_why, [w("warning.folded", &["3"])]);
    assert_eq!(
        t.warnings,
        ["3 line-item rows were folded into their orders (one row per order)"]
    );
    // GA4: eight comment lines above the header, and a "Grand total" row.
    let t = common::read("vendors/ga4_traffic_acquisition.csv");
    assert_lines_match_parts(&t);
    assert_eq!(
        t.warnings_why.last(),
        Some(&w("warning.grand_total", &["1"]))
    );
    assert_eq!(
        t.warnings.last().map(String::as_str),
        Some("1 \"Grand total\" row(s) skipped (not data)")
    );
    assert!(
        t.warnings_why[..t.warnings_why.len() - 1]
            .iter()
            .all(|w| w.key == "warning.title_line"),
        "{:?}",
        t.warnings_why
    );
}

/// Every warning and reject on the fixtures, both samples and the files above has its key in
/// the catalogue and its English line made from its parts; between them they use every
/// `warning.*` and `reject.*` key.
#[test]
fn every_message_key_is_in_the_catalogue_and_every_one_is_used() {
    let mut tables = Vec::new();
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    for sub in ["br", "vendors", "hostile", "public"] {
        let mut paths: Vec<_> = std::fs::read_dir(format!("{dir}/{sub}"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            // Unreadable files are errors, not tables.
            if let Ok(t) = read_bytes(&name, &std::fs::read(&p).unwrap(), &Default::default()) {
                tables.push(t);
            }
        }
    }
    for lang in [Lang::Pt, Lang::En] {
        for f in generate(SampleSize::Orders(300), lang, 9) {
            tables.push(read(&f.name, &f.csv));
        }
    }
    tables.push(read("pedidos.csv", orders_with_bad_rows().as_bytes()));
    // An order exported twice (METRICS.md "Duplicates"; tests/duplicates.rs has the rest).
    tables.push(read(
        "orders.csv",
        b"order_id,order_date,amount\n1,2025-03-01,10\n2,2025-03-02,20\n1,2025-03-01,10\n",
    ));
    let mut seen = BTreeSet::new();
    for t in &tables {
        assert_lines_match_parts(t);
        for why in t
            .warnings_why
            .iter()
            .chain(t.rejects.iter().map(|r| &r.why))
        {
            assert!(KEYS.contains(&why.key.as_str()), "{}: {why:?}", t.file);
            seen.insert(why.key.as_str());
        }
    }
    // The other five need a mapping, a 16 KiB file or crafted dates: the tests above.
    for key in [
        "warning.replaced",
        "warning.mixed_order",
        "warning.order_reread",
        "warning.unknown_kind",
        "warning.currencies",
    ] {
        seen.insert(key);
    }
    let message_keys: BTreeSet<&str> = KEYS
        .iter()
        .copied()
        .filter(|k| k.starts_with("warning.") || k.starts_with("reject."))
        .collect();
    assert_eq!(message_keys.len(), 19);
    assert!(message_keys.is_subset(&seen), "{seen:?}");
}
