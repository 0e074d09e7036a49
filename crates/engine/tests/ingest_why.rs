#![allow(clippy::unwrap_used)]
//! The language-neutral explanation of each column's role and each file's kind: exact parts
//! for real plans, and the English reason made from them.

mod common;

use common::w;

use jornada_engine::ingest::mapping::FileMapping;
use jornada_engine::ingest::{IngestOptions, read_bytes};
use jornada_engine::sample::{Lang, SampleSize, generate};
use jornada_engine::table::Table;
use jornada_engine::why::{self, KEYS, Why};

fn why_of<'a>(t: &'a Table, column: &str) -> &'a [Why] {
    &t.columns.iter().find(|c| c.name == column).unwrap().why
}

/// The e2e fixture `pedidos-planilha.csv`, in UTF-8: `;`, Portuguese headers, comma decimals,
/// day-first dates, one amount that is not a number.
const PEDIDOS: &str = "Pedido;Data;Cliente;E-mail;Valor total;Status;Canal\n\
1001;04/03/2025;C1;ana@exemplo.com.br;1.234,56;Concluído;Loja\n\
1002;05/03/2025;C2;bruno@exemplo.com.br;100,00;Cancelado;Site\n\
1003;10/03/2025;C1;ana@exemplo.com.br;200,44;Pago;Site\n\
1004;02/04/2025;C3;caio@exemplo.com.br;50,00;Concluído;Loja\n\
1005;15/04/2025;C2;bruno@exemplo.com.br;abc;Concluído;Site\n";

#[test]
fn portuguese_orders_explain_each_column_by_ids() {
    let t = read_bytes(
        "pedidos-planilha.csv",
        PEDIDOS.as_bytes(),
        &IngestOptions::default(),
    )
    .unwrap();
    assert_eq!(
        why_of(&t, "Pedido"),
        [
            w("header.names", &["Pedido", "order_id"]),
            w("values.distinct", &["5"]),
        ]
    );
    // "Data" names a date; in an orders table it is the order date; 15/04 shows day-first.
    assert_eq!(
        why_of(&t, "Data"),
        [
            w("header.names", &["Data", "date"]),
            w("values.dates", &["100", "5"]),
            w("kind.taken_as", &["order_date", "orders"]),
            w("order.day_first", &[]),
        ]
    );
    // 4 of the 5 amounts read ("abc" does not): 80%.
    assert_eq!(
        why_of(&t, "Valor total"),
        [
            w("header.names", &["Valor total", "amount"]),
            w("values.decimals", &["80", "5", "comma"]),
        ]
    );
    assert_eq!(
        why_of(&t, "E-mail"),
        [
            w("header.names", &["E-mail", "email"]),
            w("values.emails", &["100", "5"]),
        ]
    );
    // order id 3 + amount 2 + status 1 + "pedido" in the file name 2 = 8; the next best kind
    // (leads: e-mail 1, source/channel 1) has 2. No order date counts: the date column was
    // still a plain date when the kind was scored.
    assert_eq!(
        t.kind_why,
        [w(
            "kind.score",
            &["8", "2", "order_id", "amount", "status", "file_name"]
        )]
    );
    assert_eq!(
        t.kind_reason,
        "order id + amount + status + file name (score 8.0, next best 2.0)"
    );
    for c in &t.columns {
        assert_eq!(c.reason, why::english(&c.why), "{}", c.name);
    }
    assert_eq!(
        t.columns[1].reason,
        "header \"Data\" names date; 100% of 5 values read as dates; taken as order_date in a orders table; day-first dates (a day above 12 was seen)"
    );
}

#[test]
fn a_header_whose_values_do_not_fit_says_which_roles_it_suggested() {
    // "valor" names the amount, but its cells are words.
    let csv =
        "pedido;valor;data\n1;grátis;04/03/2025\n2;a combinar;05/03/2025\n3;grátis;06/03/2025\n";
    let t = read_bytes("pedidos.csv", csv.as_bytes(), &IngestOptions::default()).unwrap();
    let c = &t.columns[1];
    assert_eq!(c.role, None);
    assert_eq!(
        c.why,
        [
            w("values.text", &["2"]),
            w("role.none", &[]),
            w("role.unfit", &["amount"]),
        ]
    );
    assert_eq!(
        c.reason,
        "text, 2 distinct values in the sample; no role (header suggested amount, but the values do not fit)"
    );
}

#[test]
fn two_columns_for_one_role_the_loser_names_the_winner() {
    let csv = "pedido;valor;valor total;data\n1;10,00;12,00;04/03/2025\n2;20,00;22,00;05/03/2025\n";
    let t = read_bytes("vendas.csv", csv.as_bytes(), &IngestOptions::default()).unwrap();
    // Both headers name the amount and every value reads: equally sure, so the first keeps it.
    assert_eq!(t.columns[1].role, Some(jornada_engine::Role::Amount));
    assert_eq!(t.columns[2].role, None);
    assert_eq!(
        t.columns[2].why,
        [
            w("header.names", &["valor total", "amount"]),
            w("values.decimals", &["100", "2", "comma"]),
            w("conflict.surer", &["valor", "amount"]),
        ]
    );
}

#[test]
fn a_vendor_export_explains_its_columns_by_the_vendor() {
    let t = common::read("vendors/shopify_orders_export.csv");
    assert_eq!(t.kind_why, [w("kind.vendor", &["shopify_orders"])]);
    assert_eq!(
        why_of(&t, "Total"),
        [
            w("vendor.column", &["shopify_orders"]),
            w("values.decimals", &["100", "4", "dot"]),
        ]
    );
    assert_eq!(
        why_of(&t, "Paid at"),
        [
            w("known.no_role", &[]),
            w("values.dates", &["100", "2"]),
            w("role.none", &[]),
        ]
    );
    assert_eq!(
        why_of(&t, "Fulfilled at"),
        [w("known.no_role", &[]), w("values.empty", &[])]
    );
    // A column the vendor does not list, guessed by its header, loses to the vendor's own.
    assert_eq!(
        why_of(&t, "Lineitem sku"),
        [
            w("header.mentions", &["Lineitem sku", "product"]),
            w("values.distinct", &["5"]),
            w("conflict.surer", &["Lineitem name", "product"]),
        ]
    );
}

#[test]
fn a_mapping_override_is_said_to_be_set_in_the_mapping() {
    let mut mapping = FileMapping {
        kind: Some("orders".to_string()),
        ..FileMapping::default()
    };
    mapping
        .columns
        .insert("Valor total".to_string(), Some("cost".to_string()));
    mapping.columns.insert("Canal".to_string(), None);
    let options = IngestOptions {
        mapping: Some(mapping),
        ..IngestOptions::default()
    };
    let t = read_bytes("pedidos-planilha.csv", PEDIDOS.as_bytes(), &options).unwrap();
    assert_eq!(t.kind_why, [w("mapping.set", &[])]);
    assert_eq!(t.kind_reason, "set in the mapping");
    assert_eq!(
        why_of(&t, "Valor total"),
        [
            w("mapping.set", &[]),
            w("values.decimals", &["80", "5", "comma"]),
        ]
    );
    assert_eq!(
        why_of(&t, "Canal"),
        [
            w("known.no_role", &[]),
            w("values.text", &["2"]),
            w("role.none", &[]),
        ]
    );
}

/// Every key ingest emits on the fixtures and on both samples is in the catalogue, so front
/// ends that cover the catalogue cover every explanation.
#[test]
fn every_key_emitted_is_in_the_catalogue() {
    let mut tables = Vec::new();
    for path in [
        "br/vendas_loja_cp1252.csv",
        "vendors/shopify_orders_export.csv",
        "vendors/stripe_subscriptions.csv",
        "vendors/freshdesk_tickets.csv",
        "vendors/ga4_traffic_acquisition.csv",
        "vendors/typeform_responses.csv",
    ] {
        tables.push(common::read(path));
    }
    for lang in [Lang::Pt, Lang::En] {
        for f in generate(SampleSize::Orders(300), lang, 9) {
            tables.push(read_bytes(&f.name, &f.csv, &IngestOptions::default()).unwrap());
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for t in &tables {
        for why in t.columns.iter().flat_map(|c| &c.why).chain(&t.kind_why) {
            assert!(KEYS.contains(&why.key.as_str()), "{}: {why:?}", t.file);
            seen.insert(why.key.clone());
        }
    }
    assert!(seen.len() >= 20, "only {seen:?}");
}

#[test]
fn an_ambiguous_date_order_says_what_it_was_guessed_from_and_what_settled_it() {
    // The sample (2 rows asked for + 40, the header among them: 41 dates) has no day above
    // 12: `;` and Portuguese headers make it dd/mm. The row after it (15 in second place)
    // shows month-first, and the guess is corrected.
    let t = common::dates_settled_after_the_sample();
    assert_eq!(
        why_of(&t, "data"),
        [
            w("header.names", &["data", "date"]),
            w("values.dates", &["100", "41"]),
            w("kind.taken_as", &["order_date", "orders"]),
            w("order.brazilian", &["semicolon", "pt_headers"]),
            w("order.later_mdy", &[]),
        ]
    );
    assert_eq!(
        t.columns[1].reason,
        "header \"data\" names date; 100% of 41 values read as dates; taken as order_date in a orders table; ambiguous day/month order, read as Dmy: the file looks Brazilian (`;` delimiter, Portuguese headers); settled as Mdy by later rows"
    );
    assert!(
        t.warnings.iter().any(|w| w.contains(
            "read as dd/mm because the file looks Brazilian (`;` delimiter, Portuguese headers)"
        )),
        "{:?}",
        t.warnings
    );
}
