//! Vendor exports read with no mapping: kind, roles, row counts and hand-computed values.
#![allow(clippy::unwrap_used)]
mod common;

use common::*;
use jornada_engine::ingest::classify_status;
use jornada_engine::table::{Role, Status, SurveyKind, TableKind};

#[test]
fn shopify_orders_fold_line_items_into_one_row_per_order() {
    let t = read("vendors/shopify_orders_export.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Orders, "{d}");
    assert_eq!(t.vendor.as_deref(), Some("shopify_orders"));
    // 8 data lines, 4 orders: #1001 (2 items), #1002, #1003 (3 items), #1004.
    assert_eq!(t.rows(), 4, "{d}");
    assert_eq!(t.lines, vec![2, 4, 5, 8]);
    assert!(t.rejects.is_empty(), "{d}");
    assert_eq!(role_of(&t, "Name"), Some(Role::OrderId));
    assert_eq!(role_of(&t, "Total"), Some(Role::Amount));
    assert_eq!(role_of(&t, "Financial Status"), Some(Role::Status));
    assert_eq!(role_of(&t, "Created at"), Some(Role::OrderDate));
    assert_eq!(t.currency.as_deref(), Some("USD"));
    // paid: 54.50 + 120.00
    assert_close(completed_sum(&t), 174.50);
    assert_eq!(completed_count(&t), 2);
    let ids = t.text(Role::OrderId).unwrap();
    assert_eq!(
        (0..4).map(|i| ids.get(i).unwrap()).collect::<Vec<_>>(),
        ["#1001", "#1002", "#1003", "#1004"]
    );
    // "-0300" is read and dropped: the wall clock is kept.
    assert_eq!(
        t.dates(Role::OrderDate).unwrap().get(0),
        Some(at(2025, 3, 4, 10, 22, 31))
    );
    assert!(
        t.warnings
            .iter()
            .any(|w| w.contains("3 line-item rows were folded")),
        "{d}"
    );
}

#[test]
fn stripe_payments() {
    let t = read("vendors/stripe_unified_payments.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Orders, "{d}");
    assert_eq!(t.vendor.as_deref(), Some("stripe_payments"));
    assert_eq!(t.rows(), 5);
    assert_eq!(role_of(&t, "id"), Some(Role::OrderId), "{d}");
    assert_eq!(role_of(&t, "Customer Email"), Some(Role::Email));
    assert_eq!(role_of(&t, "Customer ID"), Some(Role::CustomerId));
    assert_eq!(t.currency.as_deref(), Some("USD"));
    // Paid: 49 + 49 + 1,049.00
    assert_close(completed_sum(&t), 1147.0);
    let st = t.text(Role::Status).unwrap();
    assert_eq!(classify_status(st.get(2).unwrap()), Status::Refunded);
    assert_eq!(classify_status(st.get(3).unwrap()), Status::Cancelled);
    assert_eq!(
        t.dates(Role::OrderDate).unwrap().get(0),
        Some(at(2025, 3, 1, 12, 0, 5))
    );
}

#[test]
fn stripe_subscriptions() {
    let t = read("vendors/stripe_subscriptions.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Subscriptions, "{d}");
    assert_eq!(t.rows(), 3);
    for (h, r) in [
        ("id", Role::SubscriptionId),
        ("Plan", Role::Plan),
        ("Interval", Role::Interval),
        // Stripe's Amount is per unit of Quantity (docs/vendors.md).
        ("Amount", Role::UnitPrice),
        ("Start (UTC)", Role::StartedAt),
        ("Ended At (UTC)", Role::EndedAt),
        ("Quantity", Role::Seats),
    ] {
        assert_eq!(role_of(&t, h), Some(r), "{h}\n{d}");
    }
    let amounts: f64 = t.numbers(Role::UnitPrice).unwrap().iter().flatten().sum();
    assert_close(amounts, 588.0);
    assert_eq!(
        t.dates(Role::StartedAt).unwrap().get(1),
        Some(at(2025, 2, 1, 10, 0, 0))
    );
    assert_eq!(
        t.dates(Role::EndedAt).unwrap(),
        &[None, None, Some(at(2025, 3, 15, 10, 0, 0))]
    );
    assert_eq!(t.numbers(Role::Seats).unwrap().get(1), Some(3.0));
}

#[test]
fn woocommerce_orders() {
    let t = read("vendors/woocommerce_orders.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Orders, "{d}");
    assert_eq!(t.rows(), 6);
    assert_eq!(role_of(&t, "order_id"), Some(Role::OrderId), "{d}");
    assert_eq!(role_of(&t, "order_total"), Some(Role::Amount));
    assert_eq!(role_of(&t, "customer_email"), Some(Role::Email));
    assert_eq!(t.currency.as_deref(), Some("BRL"));
    // completed 150.00 + processing 89.90 + completed 310.10
    assert_close(completed_sum(&t), 550.0);
    assert_eq!(completed_count(&t), 3);
}

#[test]
fn zendesk_minutes_become_hours() {
    let t = read("vendors/zendesk_tickets.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Tickets, "{d}");
    assert_eq!(t.rows(), 4);
    assert_eq!(
        t.numbers(Role::FirstResponseHours).unwrap(),
        &[Some(0.5), Some(1.5), Some(0.25), Some(0.75)]
    );
    assert_eq!(
        t.numbers(Role::ResolutionHours).unwrap(),
        &[Some(3.0), Some(24.0), None, Some(0.75)]
    );
    assert_eq!(
        t.dates(Role::CreatedAt).unwrap().get(0),
        Some(at(2025, 3, 1, 9, 0, 0))
    );
    assert_eq!(t.dates(Role::ResolvedAt).unwrap().get(2), None);
    assert_eq!(role_of(&t, "Assignee"), Some(Role::Agent));
    assert_eq!(role_of(&t, "Via"), Some(Role::Channel));
    assert_eq!(
        role_of(&t, "Satisfaction Score"),
        None,
        "a CSAT label, not a score"
    );
}

#[test]
fn freshdesk_hh_mm_ss_durations() {
    let t = read("vendors/freshdesk_tickets.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Tickets, "{d}");
    assert_eq!(t.rows(), 3);
    assert_eq!(
        t.numbers(Role::FirstResponseHours).unwrap(),
        &[Some(0.5), Some(2.0), Some(1.0)]
    );
    assert_eq!(
        t.numbers(Role::ResolutionHours).unwrap(),
        &[Some(2.5), Some(30.0), None]
    );
    let handle = t.numbers(Role::HandleHours).unwrap();
    assert_close(handle.get(0).unwrap(), 1.0 / 3.0);
    assert_eq!(
        t.dates(Role::FirstResponseAt).unwrap().get(1),
        Some(at(2025, 3, 2, 12, 0, 0))
    );
}

#[test]
fn intercom_conversations() {
    let t = read("vendors/intercom_conversations.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Tickets, "{d}");
    assert_eq!(t.rows(), 2);
    let c = t.dates(Role::CreatedAt).unwrap();
    let f = t.dates(Role::FirstResponseAt).unwrap();
    assert_eq!(f.get(0).unwrap() - c.get(0).unwrap(), 20 * 60);
    assert_eq!(t.dates(Role::ResolvedAt).unwrap().get(1), None);
    // HTML in a cell is plain text.
    let body = t.columns.iter().find(|c| c.name == "message_body").unwrap();
    assert_eq!(
        body.values.as_text().unwrap().get(0),
        Some("<p>Where is my order?</p>")
    );
}

#[test]
fn hubspot_contacts_and_deals() {
    let t = read("vendors/hubspot_contacts.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Leads, "{d}");
    assert_eq!(t.vendor.as_deref(), Some("hubspot_contacts"));
    assert_eq!(t.rows(), 3);
    assert_eq!(role_of(&t, "Original Source"), Some(Role::Source), "{d}");
    assert_eq!(role_of(&t, "Lifecycle Stage"), Some(Role::Segment), "{d}");
    assert_eq!(
        t.dates(Role::CreatedAt).unwrap().get(2),
        Some(at(2025, 3, 3, 9, 0, 0))
    );
    // Only Bob became a customer.
    assert_eq!(
        t.dates(Role::ConvertedAt).unwrap(),
        &[None, Some(at(2025, 3, 6, 10, 0, 0)), None]
    );
    assert_eq!(t.text(Role::Source).unwrap().get(1), Some("Paid Social"));

    let t = read("vendors/hubspot_deals.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Orders, "{d}");
    assert_eq!(t.vendor.as_deref(), Some("hubspot_deals"));
    assert_eq!(t.rows(), 3);
    assert_eq!(role_of(&t, "Amount"), Some(Role::Amount), "{d}");
    assert_eq!(role_of(&t, "Weighted amount"), None, "{d}");
    // "Closed won" 12000.0 + "Closed: won" 3000.5; "Closed lost" is not revenue.
    assert_close(completed_sum(&t), 15000.5);
    assert_eq!(completed_count(&t), 2);
    assert_eq!(
        t.dates(Role::OrderDate).unwrap().get(1),
        Some(at(2025, 3, 12, 11, 1, 0))
    );
}

#[test]
fn hubspot_contacts_default_view_export_is_recognised() {
    // "Properties in view" of the default contacts view: no lifecycle stage, no source.
    let csv = "\"Record ID\",\"First Name\",\"Last Name\",\"Email\",\"Phone Number\",\"Contact owner\",\"Primary Associated Company ID\",\"Last Activity Date\",\"Lead Status\",\"Marketing contact status\",\"Create Date\",\"Associated Company\"\n\
\"201\",\"Ana\",\"Lima\",\"ana@example.com\",\"\",\"Rita Souza\",\"7003159016\",\"2025-03-05 10:00\",\"New\",\"Marketing contact\",\"2025-03-01 09:00\",\"Acme\"\n\
\"202\",\"Bob\",\"Ray\",\"bob@example.com\",\"\",\"Caio Lima\",\"\",\"\",\"Open\",\"Non-marketing contact\",\"2025-03-02 14:30\",\"\"\n";
    let t = jornada_engine::ingest::read_bytes(
        "hubspot-crm-exports-all-contacts.csv",
        csv.as_bytes(),
        &jornada_engine::ingest::IngestOptions::default(),
    )
    .unwrap();
    let d = dump(&t);
    assert_eq!(t.vendor.as_deref(), Some("hubspot_contacts"), "{d}");
    assert_eq!(t.kind, TableKind::Leads, "{d}");
    assert_eq!(t.rows(), 2);
    assert_eq!(
        t.dates(Role::CreatedAt).unwrap(),
        &[
            Some(at(2025, 3, 1, 9, 0, 0)),
            Some(at(2025, 3, 2, 14, 30, 0))
        ]
    );
    assert_eq!(role_of(&t, "Primary Associated Company ID"), None, "{d}");
}

#[test]
fn rdstation_leads_semicolons_and_day_first_dates() {
    let t = read("vendors/rdstation_leads.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Leads, "{d}");
    assert_eq!(t.rows(), 3);
    assert_eq!(role_of(&t, "Lead Scoring - Perfil"), None, "{d}");
    assert_eq!(
        t.dates(Role::CreatedAt).unwrap().get(0),
        Some(at(2025, 3, 5, 14, 22, 0))
    );
    assert_eq!(
        t.dates(Role::ConvertedAt).unwrap(),
        &[None, Some(at(2025, 3, 20, 10, 0, 0)), None]
    );
    let src = t.text(Role::Source).unwrap();
    assert_eq!(src.get(0), Some("Busca Orgânica"));
}

#[test]
fn nuvemshop_orders_latin1_semicolons_and_folded_products() {
    let t = read("vendors/nuvemshop_vendas.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Orders, "{d}");
    assert_eq!(t.vendor.as_deref(), Some("nuvemshop_orders"));
    // 5 data lines, 4 orders: #302 has a second product line (line 4) that carries only the
    // order number, e-mail and product columns.
    assert_eq!(t.rows(), 4, "{d}");
    assert_eq!(t.lines, vec![2, 3, 5, 6]);
    assert!(t.rejects.is_empty(), "{d}");
    assert_eq!(t.currency.as_deref(), Some("BRL"));
    // Payment "Confirmado": 189.80 + 1250.00; "Pendente" and "Recusado" are not revenue.
    assert_close(completed_sum(&t), 1439.8);
    assert_eq!(completed_count(&t), 2);
    // dd/mm/yyyy hh:mm:ss: 15/03 shows the file is day-first.
    assert_eq!(
        t.dates(Role::OrderDate).unwrap().get(2),
        Some(at(2025, 3, 15, 18, 45, 10))
    );
    assert_eq!(
        t.dates(Role::OrderDate).unwrap().get(0),
        Some(at(2025, 3, 1, 10, 15, 0))
    );
    // Latin-1 bytes decoded: the accented header is whole.
    assert_eq!(t.columns[0].name, "Número do Pedido");
    assert!(t.columns.iter().any(|c| c.name == "Data de envío"), "{d}");
    // The spreadsheet-escaped tracking code stays text.
    let tracking = t
        .columns
        .iter()
        .find(|c| c.name == "Código de rastreio do envio")
        .unwrap();
    assert_eq!(
        tracking.values.as_text().unwrap().get(0),
        Some("=\"AD779152389BR\"")
    );
}

#[test]
fn typeform_wide_survey() {
    let t = read("vendors/typeform_responses.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::SurveyResponses, "{d}");
    assert_eq!(t.rows(), 4);
    let q: Vec<_> = t.question_columns().collect();
    assert_eq!(q.len(), 1, "{d}");
    assert_eq!(q[0].question.unwrap().kind, SurveyKind::Nps);
    assert_eq!(
        q[0].values.as_numbers().unwrap(),
        &[Some(10.0), Some(9.0), Some(7.0), Some(3.0)]
    );
    assert_eq!(
        t.dates(Role::RespondedAt).unwrap().get(0),
        Some(at(2025, 3, 1, 10, 1, 0))
    );
    assert_eq!(
        role_of(&t, "What is the main reason for your score?"),
        Some(Role::Comment),
        "{d}"
    );
}

#[test]
fn google_forms_portuguese() {
    let t = read("vendors/google_forms_respostas.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::SurveyResponses, "{d}");
    assert_eq!(t.rows(), 4);
    let q: Vec<_> = t.question_columns().collect();
    assert_eq!(q.len(), 1, "{d}");
    let question = q[0].question.unwrap();
    assert_eq!(
        (question.kind, question.min, question.max),
        (SurveyKind::Csat, 1.0, 5.0)
    );
    assert_eq!(
        t.dates(Role::RespondedAt).unwrap().get(3),
        Some(at(2025, 3, 17, 18, 40, 12))
    );
    assert_eq!(
        t.text(Role::Comment).unwrap().get(3),
        Some("<b>Excelente</b>")
    );
}

#[test]
fn surveymonkey_two_header_rows_and_month_first_dates() {
    let t = read("vendors/surveymonkey_export.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::SurveyResponses, "{d}");
    assert_eq!(t.rows(), 3);
    assert_eq!(t.lines, vec![3, 4, 5]);
    let q: Vec<_> = t.question_columns().collect();
    assert_eq!(q.len(), 2, "{d}");
    assert_eq!(q[0].question.unwrap().kind, SurveyKind::Nps);
    assert_eq!(q[1].question.unwrap().kind, SurveyKind::Ces);
    assert_eq!(
        q[1].values.as_numbers().unwrap(),
        &[Some(6.0), Some(7.0), Some(3.0)]
    );
    // 03/14/2025 shows the file is month-first, so 03/04/2025 is March 4th.
    assert_eq!(
        t.dates(Role::RespondedAt).unwrap().get(0),
        Some(at(2025, 3, 4, 10, 5, 0))
    );
    assert!(
        t.columns
            .iter()
            .any(|c| c.name.ends_with("- Other (please specify)")),
        "{d}"
    );
}

#[test]
fn formbricks_and_delighted() {
    let t = read("vendors/formbricks_responses.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::SurveyResponses, "{d}");
    let q: Vec<_> = t.question_columns().collect();
    assert_eq!(q.len(), 1, "{d}");
    assert_eq!(
        q[0].values.as_numbers().unwrap(),
        &[Some(10.0), Some(6.0), Some(9.0)]
    );
    assert_eq!(role_of(&t, "Response ID"), Some(Role::ResponseId));

    let t = read("vendors/delighted_responses.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::SurveyResponses, "{d}");
    assert_eq!(t.vendor.as_deref(), Some("delighted_responses"));
    assert_eq!(
        t.numbers(Role::Score).unwrap(),
        &[Some(10.0), Some(0.0), Some(8.0)]
    );
    assert_eq!(t.text(Role::SurveyKind).unwrap().get(0), Some("nps"));
    // `created_at` 1740909600 is 2025-03-02T10:00:00Z in Unix seconds.
    assert_eq!(
        t.dates(Role::RespondedAt).unwrap().get(1),
        Some(at(2025, 3, 2, 10, 0, 0))
    );
    assert_eq!(role_of(&t, "person_properties"), None, "{d}");
}

#[test]
fn ga4_traffic_after_comment_block() {
    let t = read("vendors/ga4_traffic_acquisition.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Sessions, "{d}");
    assert_eq!(t.rows(), 4);
    assert_eq!(t.lines[0], 12, "the Grand total row on line 11 is skipped");
    assert!(t.warnings.iter().any(|w| w.contains("Grand total")), "{d}");
    assert_eq!(
        t.dates(Role::Date).unwrap().get(0),
        Some(at(2025, 3, 1, 0, 0, 0))
    );
    let sessions: f64 = t.numbers(Role::Sessions).unwrap().iter().flatten().sum();
    assert_close(sessions, 320.0);
    assert_eq!(t.text(Role::Channel).unwrap().get(3), Some("Paid Search"));
    assert!(t.question_columns().next().is_none(), "{d}");
}

#[test]
fn jornada_widget_answers_long_format() {
    let t = read("vendors/jornada_widget_answers.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::SurveyResponses, "{d}");
    assert_eq!(t.vendor.as_deref(), Some("jornada_widget"));
    assert_eq!(t.rows(), 5);
    for (h, r) in [
        ("response_id", Role::ResponseId),
        ("submitted_at", Role::RespondedAt),
        ("survey_kind", Role::SurveyKind),
        ("question", Role::Question),
        ("score", Role::Score),
        ("comment", Role::Comment),
        ("scale_min", Role::ScaleMin),
        ("scale_max", Role::ScaleMax),
    ] {
        assert_eq!(role_of(&t, h), Some(r), "{h}\n{d}");
    }
    assert_eq!(
        t.numbers(Role::Score).unwrap(),
        &[Some(10.0), Some(6.0), Some(4.0), Some(6.0), Some(9.0)]
    );
    assert_eq!(t.numbers(Role::ScaleMax).unwrap().get(2), Some(5.0));
    let kinds = t.text(Role::SurveyKind).unwrap();
    let parsed: Vec<_> = (0..5)
        .map(|i| SurveyKind::from_id(kinds.get(i).unwrap()))
        .collect();
    assert_eq!(
        parsed,
        [
            Some(SurveyKind::Nps),
            Some(SurveyKind::Nps),
            Some(SurveyKind::Csat),
            Some(SurveyKind::Ces),
            Some(SurveyKind::Enps)
        ]
    );
    assert_eq!(
        t.dates(Role::RespondedAt).unwrap().get(0),
        Some(at(2026, 11, 23, 10, 22, 31))
    );
    assert!(
        t.question_columns().next().is_none(),
        "long format: kind per row"
    );
}

#[test]
fn every_vendor_fixture_is_recognised() {
    let dir = format!("{}/tests/fixtures/vendors", env!("CARGO_MANIFEST_DIR"));
    let mut vendors = std::collections::BTreeSet::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        let t = read(&format!("vendors/{name}"));
        assert!(t.vendor.is_some(), "{name} not recognised\n{}", dump(&t));
        assert_ne!(t.kind, TableKind::Unknown);
        assert!(t.rejects.is_empty(), "{}", dump(&t));
        for c in &t.columns {
            assert!(
                !c.reason.is_empty() && (0.0..=1.0).contains(&c.confidence),
                "{name}: {}",
                c.name
            );
            assert_eq!(c.values.len(), t.rows());
        }
        vendors.insert(t.vendor.unwrap());
    }
    assert!(vendors.len() >= 17, "{vendors:?}");
}
