//! Every generated file, read back through the streaming reader (in small chunks, so chunk
//! boundaries fall everywhere), has the kind it was written as, every row, and no rejects.

use super::*;
use crate::ingest::{IngestOptions, Reader};
use crate::table::{Role, Table};

fn ingest(file: &SampleFile, chunk: usize) -> Table {
    let mut reader = Reader::new(&file.name, IngestOptions::default());
    for c in file.csv.chunks(chunk) {
        if let Err(e) = reader.push(c) {
            panic!("{}: {e}", file.name);
        }
    }
    reader
        .finish()
        .unwrap_or_else(|e| panic!("{}: {e}", file.name))
}

fn check_language(lang: Lang) {
    for file in generate(SampleSize::Orders(3_000), lang, 9) {
        let table = ingest(&file, 8 * 1024 + 7);
        let lines = file.csv.iter().filter(|&&b| b == b'\n').count() - 1;
        assert_eq!(
            Some(table.kind),
            expected_kind(&file.name),
            "{}: read as {} ({})",
            file.name,
            table.kind.id(),
            table.kind_reason
        );
        assert_eq!(
            table.rejects.first(),
            None,
            "{}: {} rejects",
            file.name,
            table.rejects.len()
        );
        assert_eq!(table.rows(), lines, "{}", file.name);
        if table.kind == TableKind::Orders {
            for role in [
                Role::OrderId,
                Role::CustomerId,
                Role::Email,
                Role::OrderDate,
                Role::Status,
                Role::Amount,
                Role::Cost,
                Role::Channel,
                Role::OrderType,
            ] {
                assert!(table.column(role).is_some(), "{}: no {role:?}", file.name);
            }
        }
    }
}

#[test]
fn portuguese_sample_ingests_cleanly() {
    check_language(Lang::Pt);
}

#[test]
fn english_sample_ingests_cleanly() {
    check_language(Lang::En);
}

#[test]
fn orders_amounts_read_back_exactly() {
    // The sum of completed amounts read by ingest equals the sum written, in both formats.
    for lang in [Lang::Pt, Lang::En] {
        let files = generate(SampleSize::Orders(2_000), lang, 4);
        let orders = files
            .iter()
            .find(|f| f.name == orders_file_name(lang))
            .expect("orders");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if lang == Lang::Pt { b';' } else { b',' })
            .from_reader(orders.csv.as_slice());
        let written: i64 = reader
            .records()
            .map(|r| {
                let r = r.expect("record");
                let digits: String = r[9].chars().filter(char::is_ascii_digit).collect();
                digits.parse::<i64>().expect("cents")
            })
            .sum();
        let table = ingest(orders, 64 * 1024);
        let read: f64 = table
            .numbers(Role::Amount)
            .expect("amount column")
            .iter()
            .flatten()
            .sum();
        assert_eq!((read * 100.0).round() as i64, written, "{lang}");
    }
}
