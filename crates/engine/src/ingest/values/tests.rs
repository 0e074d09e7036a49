use super::*;

use crate::test_support::at;

#[test]
fn folds_accents_case_camel_and_punctuation() {
    assert_eq!(fold("Data do Pedido"), "data do pedido");
    assert_eq!(fold("firstResponseAt"), "first response at");
    assert_eq!(
        fold("  Comentário_Final (opcional) "),
        "comentario final opcional"
    );
    assert_eq!(fold("NÃO"), "nao");
    assert_eq!(fold("Lineitem quantity"), "lineitem quantity");
}

#[test]
fn status_words_in_both_languages() {
    for w in [
        "Pago",
        "APROVADO",
        "concluído",
        "Entregue",
        "faturado",
        "paid",
        "Completed",
    ] {
        assert_eq!(classify_status(w), Status::Completed, "{w}");
    }
    for w in ["Carrinho abandonado", "abandoned"] {
        assert_eq!(classify_status(w), Status::Abandoned, "{w}");
    }
    for w in ["cancelado", "voided", "Cancelled", "canceled"] {
        assert_eq!(classify_status(w), Status::Cancelled, "{w}");
    }
    for w in ["reembolsado", "Estornado", "devolvido", "refunded"] {
        assert_eq!(classify_status(w), Status::Refunded, "{w}");
    }
    for w in [
        "pendente",
        "Aguardando pagamento",
        "pending",
        "partially_paid",
        "Em análise",
    ] {
        assert_eq!(classify_status(w), Status::Pending, "{w}");
    }
    assert_eq!(classify_status("wc-completed"), Status::Completed);
    // Nuvemshop's payment statuses and a HubSpot portal's own stage label.
    assert_eq!(classify_status("Confirmado"), Status::Completed);
    assert_eq!(classify_status("Recusado"), Status::Cancelled);
    assert_eq!(classify_status("Closed: won"), Status::Completed);
    assert_eq!(classify_status("trialing"), Status::Pending);
    assert_eq!(classify_status(""), Status::Other);
}

#[test]
fn numbers_in_every_locale() {
    use Decimal::*;
    assert_eq!(parse_number("1.234,56", Comma), Some(1234.56));
    assert_eq!(parse_number("R$ 1.234,56", Comma), Some(1234.56));
    assert_eq!(parse_number("$1,234.56", Dot), Some(1234.56));
    assert_eq!(parse_number("1,234.56", Dot), Some(1234.56));
    assert_eq!(parse_number("12,5%", Comma), Some(0.125));
    assert_eq!(parse_number("(12.00)", Dot), Some(-12.0));
    assert_eq!(parse_number("1 234 567,5", Comma), Some(1_234_567.5));
    assert_eq!(parse_number("1\u{a0}234,50", Comma), Some(1234.5));
    assert_eq!(parse_number("-3.5", Dot), Some(-3.5));
    assert_eq!(parse_number("0", Dot), Some(0.0));
    assert_eq!(parse_number("0,00", Comma), Some(0.0));
    assert_eq!(parse_number("1e3", Dot), Some(1000.0));
    assert_eq!(parse_number("12 USD", Dot), Some(12.0));
    assert_eq!(parse_number("€ 9,99", Comma), Some(9.99));
    assert_eq!(parse_number("abc", Dot), None);
    assert_eq!(parse_number("12abc", Dot), None);
    assert_eq!(parse_number("1,23,4", Dot), None);
    assert_eq!(parse_number("", Dot), None);
    assert_eq!(parse_number("-", Dot), None);
    assert_eq!(parse_number("2025-03-04", Dot), None);
    assert_eq!(decimal_evidence("1.234,56"), Some(DecimalEvidence::Comma));
    assert_eq!(decimal_evidence("12,5"), Some(DecimalEvidence::Comma));
    assert_eq!(decimal_evidence("12.5"), Some(DecimalEvidence::Dot));
    assert_eq!(decimal_evidence("1.234"), Some(DecimalEvidence::Either));
    assert_eq!(decimal_evidence("12"), Some(DecimalEvidence::Either));
    assert_eq!(currency_in("R$ 10,00"), Some("BRL"));
    assert_eq!(currency_in("$10.00"), Some("USD"));
}

#[test]
fn dates_in_every_shape() {
    let d = DateOrder::Dmy;
    assert_eq!(
        parse_date("2025-03-04", d),
        Some((at(2025, 3, 4, 0, 0, 0), OrderEvidence::None))
    );
    assert_eq!(
        parse_date("2025-03-04T10:22:31Z", d).map(|x| x.0),
        Some(at(2025, 3, 4, 10, 22, 31))
    );
    assert_eq!(
        parse_date("2025-03-04T10:22:31.123-03:00", d).map(|x| x.0),
        Some(at(2025, 3, 4, 10, 22, 31))
    );
    assert_eq!(
        parse_date("2025-03-04 10:22:31 -0300", d).map(|x| x.0),
        Some(at(2025, 3, 4, 10, 22, 31))
    );
    assert_eq!(
        parse_date("25/03/2025", d),
        Some((at(2025, 3, 25, 0, 0, 0), OrderEvidence::Dmy))
    );
    assert_eq!(
        parse_date("03/25/2025", d),
        Some((at(2025, 3, 25, 0, 0, 0), OrderEvidence::Mdy))
    );
    assert_eq!(
        parse_date("03/04/2025", DateOrder::Mdy),
        Some((at(2025, 3, 4, 0, 0, 0), OrderEvidence::Ambiguous))
    );
    assert_eq!(
        parse_date("03/04/2025", d),
        Some((at(2025, 4, 3, 0, 0, 0), OrderEvidence::Ambiguous))
    );
    assert_eq!(
        parse_date("04/03/2025 14:05", d).map(|x| x.0),
        Some(at(2025, 3, 4, 14, 5, 0))
    );
    assert_eq!(
        parse_date("4 de março de 2025", d).map(|x| x.0),
        Some(at(2025, 3, 4, 0, 0, 0))
    );
    assert_eq!(
        parse_date("04/mar/2025", d).map(|x| x.0),
        Some(at(2025, 3, 4, 0, 0, 0))
    );
    assert_eq!(
        parse_date("Mar 4, 2025", d).map(|x| x.0),
        Some(at(2025, 3, 4, 0, 0, 0))
    );
    assert_eq!(
        parse_date("March 4, 2025 10:22 PM", d).map(|x| x.0),
        Some(at(2025, 3, 4, 22, 22, 0))
    );
    assert_eq!(
        parse_date("Tue, 04 Mar 2025 10:22:31 GMT", d).map(|x| x.0),
        Some(at(2025, 3, 4, 10, 22, 31))
    );
    assert_eq!(
        parse_date("2025/03/04", d).map(|x| x.0),
        Some(at(2025, 3, 4, 0, 0, 0))
    );
    assert_eq!(parse_date("31/02/2025", d), None);
    assert_eq!(parse_date("hello world", d), None);
    assert_eq!(parse_date("12.5", d), None);
    assert_eq!(parse_yyyymmdd("20250304"), Some(at(2025, 3, 4, 0, 0, 0)));
    assert_eq!(parse_yyyymmdd("12345678"), None);
    assert_eq!(parse_unix("1741083751", false), Some(1_741_083_751));
    assert_eq!(parse_unix("1741083751000", true), Some(1_741_083_751));
    assert_eq!(
        swap_day_month(at(2025, 4, 3, 1, 2, 3)),
        Some(at(2025, 3, 4, 1, 2, 3))
    );
    assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
}

#[test]
fn booleans_and_durations() {
    for (s, v) in [
        ("Sim", true),
        ("não", false),
        ("yes", true),
        ("FALSE", false),
        ("1", true),
        ("x", true),
    ] {
        assert_eq!(parse_bool(s), Some(v), "{s}");
    }
    assert_eq!(parse_bool("maybe"), None);
    assert_eq!(
        parse_duration_hours("90", Decimal::Dot, 1.0 / 60.0),
        Some(1.5)
    );
    assert_eq!(
        parse_duration_hours("1:30:00", Decimal::Dot, 1.0),
        Some(1.5)
    );
    assert_eq!(parse_duration_hours("2,5", Decimal::Comma, 1.0), Some(2.5));
}

#[test]
fn trim_matches_str_trim() {
    for s in [
        "",
        " ",
        "a",
        " a",
        "a ",
        "\u{a0}1\u{a0}",
        "é",
        "\tx\r",
        "\u{1c}a",
        "a b",
    ] {
        assert_eq!(trim(s), s.trim(), "{s:?}");
    }
}

#[test]
fn fast_paths_read_the_usual_shapes() {
    assert_eq!(parse_number("1234.50", Decimal::Dot), Some(1234.5));
    assert_eq!(parse_number("69,90", Decimal::Comma), Some(69.9));
    assert_eq!(parse_number("007", Decimal::Comma), Some(7.0));
    assert_eq!(parse_number("5.", Decimal::Dot), Some(5.0));
    assert_eq!(parse_number("1.234", Decimal::Comma), Some(1234.0));
    assert_eq!(
        parse_date("19/04/2026 20:03", DateOrder::Dmy),
        Some((at(2026, 4, 19, 20, 3, 0), OrderEvidence::Dmy))
    );
    assert_eq!(
        parse_date("03.04.2026 7:05:09", DateOrder::Mdy),
        Some((at(2026, 3, 4, 7, 5, 9), OrderEvidence::Ambiguous))
    );
    assert_eq!(parse_date("31/02/2025", DateOrder::Dmy), None);
    assert_eq!(parse_date("01/02/2025 24:00", DateOrder::Dmy), None);
    assert_eq!(
        parse_date("01/02/2025 de", DateOrder::Dmy),
        Some((at(2025, 2, 1, 0, 0, 0), OrderEvidence::Ambiguous)),
        "not the fast shape: the general reader skips the word"
    );
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The fast paths give exactly what the general readers give.
    #[test]
    fn fast_paths_agree_with_general_readers(
        date in "[0-9]{2}[/.-][0-9]{2}[/.-][0-9]{4}( [0-9]{1,2}:[0-9]{1,2}(:[0-9]{2})?| ?[a-zT:0-9 ]{0,6})?",
        time in "[0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,2})?[ apmZ]{0,3}",
        number in "[0-9]{0,20}([.,][0-9]{0,4})?[.,]?",
    ) {
        for order in [DateOrder::Dmy, DateOrder::Mdy] {
            prop_assert_eq!(parse_date(&date, order), parse_date_general(&date, order), "{}", date);
        }
        prop_assert_eq!(parse_time(time.as_bytes()), parse_time_general(time.as_bytes()), "{}", time);
        for (dec, thou) in [(b'.', b','), (b',', b'.')] {
            let general = parse_number_general(number.as_bytes(), dec, thou);
            prop_assert_eq!(
                parse_number(&number, if dec == b'.' { Decimal::Dot } else { Decimal::Comma }),
                general,
                "{}", number
            );
        }
    }
}
