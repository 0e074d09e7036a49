//! Service metrics on hand-built tables; every expected value is worked out in the comments.
#![allow(clippy::field_reassign_with_default)] // settings tweaked one field at a time

use super::*;
use crate::metrics::{Ctx, run};
use crate::period::{Query, date_to_ts};
use crate::settings::{BusinessCalendar, Settings};
use crate::table::{Table, TableKind, Values, text_values};
use crate::test_support::assert_close;
use chrono::NaiveDate;

fn at(m: u32, d: u32, h: i64, min: i64) -> Option<i64> {
    Some(date_to_ts(NaiveDate::from_ymd_opt(2025, m, d).unwrap()) + h * 3600 + min * 60)
}

fn march() -> Query {
    Query {
        from: NaiveDate::from_ymd_opt(2025, 3, 1),
        to: NaiveDate::from_ymd_opt(2025, 3, 31),
        ..Query::default()
    }
}

/// Five tickets; the last was created in February (outside March).
/// 0: Mon 03-03 09:00, answered 11:00 (2 h), resolved Tue 09:00 (24 h; 9 business hours)
/// 1: Fri 03-07 17:00, answered Mon 10:00 (65 h; 2 business h), resolved Mon 12:00 (67 h; 4)
/// 2: Wed 03-12 10:00, never answered
/// 3: Thu 03-20 14:00, answered 14:30 (0.5 h), resolved 15:00 (1 h)
/// 4: Thu 02-27 09:00, answered 09:30
fn tickets_table() -> Table {
    Table::new("tickets.csv", TableKind::Tickets)
        .with_column(
            "created",
            Role::CreatedAt,
            Values::Date(
                vec![
                    at(3, 3, 9, 0),
                    at(3, 7, 17, 0),
                    at(3, 12, 10, 0),
                    at(3, 20, 14, 0),
                    at(2, 27, 9, 0),
                ]
                .into(),
            ),
        )
        .with_column(
            "first_reply",
            Role::FirstResponseAt,
            Values::Date(
                vec![
                    at(3, 3, 11, 0),
                    at(3, 10, 10, 0),
                    None,
                    at(3, 20, 14, 30),
                    at(2, 27, 9, 30),
                ]
                .into(),
            ),
        )
        .with_column(
            "solved",
            Role::ResolvedAt,
            Values::Date(
                vec![
                    at(3, 4, 9, 0),
                    at(3, 10, 12, 0),
                    None,
                    at(3, 20, 15, 0),
                    at(2, 27, 10, 0),
                ]
                .into(),
            ),
        )
        .with_column(
            "channel",
            Role::Channel,
            text_values(["email", "chat", "email", "chat", "email"]),
        )
        .with_column(
            "reason",
            Role::Reason,
            text_values(["billing", "login", "billing", "billing", "login"]),
        )
        .with_column(
            "agent",
            Role::Agent,
            text_values(["ana", "bia", "ana", "ana", "bia"]),
        )
        .with_column(
            "customer",
            Role::CustomerId,
            text_values(["c1", "c2", "c1", "", "c3"]),
        )
        .with_column(
            "handle",
            Role::HandleHours,
            Values::Number(vec![Some(0.5), Some(1.0), None, Some(0.25), Some(2.0)].into()),
        )
        .with_column(
            "bot",
            Role::BotHandled,
            Values::Bool(vec![
                Some(true),
                Some(true),
                Some(false),
                Some(true),
                Some(true),
            ]),
        )
        .with_column(
            "transferred",
            Role::Transferred,
            Values::Bool(vec![
                Some(false),
                Some(true),
                Some(false),
                Some(false),
                Some(true),
            ]),
        )
}

fn compute(tables: &[Table], settings: &Settings, f: ComputeFn) -> Result<Computed, Need> {
    let q = march();
    let ctx = Ctx::new(tables, settings, &q);
    f(&ctx, &ctx.scope())
}

use crate::metrics::ComputeFn;

fn value(tables: &[Table], settings: &Settings, f: ComputeFn) -> f64 {
    compute(tables, settings, f).unwrap().value.unwrap()
}

fn business() -> Settings {
    Settings {
        business_calendar: Some(BusinessCalendar::default()),
        ..Settings::default()
    }
}

#[test]
fn tickets_counts_the_period_and_breaks_down_by_channel() {
    let t = [tickets_table()];
    let s = Settings::default();
    assert_eq!(value(&t, &s, tickets), 4.0);
    let q = march();
    let ctx = Ctx::new(&t, &s, &q);
    let m = run(&ctx, &DEFS[0]).unwrap();
    let by_channel = m.breakdowns.iter().find(|b| b.by == "channel").unwrap();
    let get = |k: &str| by_channel.rows.iter().find(|r| r.key == k).unwrap().value;
    assert_eq!((get("email"), get("chat")), (Some(2.0), Some(2.0)));
    let by_reason = m.breakdowns.iter().find(|b| b.by == "reason").unwrap();
    assert_eq!(
        by_reason
            .rows
            .iter()
            .find(|r| r.key == "billing")
            .unwrap()
            .value,
        Some(3.0)
    );
    // Previous range (29 Jan – 28 Feb) holds ticket 4.
    assert_eq!(m.previous, Some(1.0));
    assert_eq!(m.change_pct, Some(3.0));
}

#[test]
fn tickets_without_a_tickets_file_are_absent() {
    let s = Settings::default();
    let err = compute(&[], &s, tickets).unwrap_err();
    assert_eq!(err.key, "tickets.created");
}

#[test]
fn tickets_per_customer_leaves_out_anonymous_tickets() {
    // Known customers: tickets 0, 1, 2 by c1, c2, c1 → 3 tickets / 2 customers.
    let t = [tickets_table()];
    assert_close(value(&t, &Settings::default(), tickets_per_customer), 1.5);
}

#[test]
fn first_response_time_median_mean_and_business_hours() {
    let t = [tickets_table()];
    // Wall clock: [2, 65, 0.5] → median 2, mean 22.5; ticket 2 has no response.
    let c = compute(&t, &Settings::default(), first_response_time).unwrap();
    assert_close(c.value.unwrap(), 2.0);
    assert_close(c.details["mean"], 22.5);
    assert_eq!(c.n, Some(3));
    // Business hours (Mon–Fri 9–18): [2, 2, 0.5] → median 2, mean 1.5.
    let c = compute(&t, &business(), first_response_time).unwrap();
    assert_close(c.value.unwrap(), 2.0);
    assert_close(c.details["mean"], 1.5);
}

#[test]
fn first_response_time_from_an_hours_column() {
    // A Zendesk-like export with durations only: [1, 3, none, 8] → median 3, mean 4.
    let t = [Table::new("zendesk.csv", TableKind::Tickets)
        .with_column(
            "created",
            Role::CreatedAt,
            Values::Date(
                vec![
                    at(3, 3, 9, 0),
                    at(3, 4, 9, 0),
                    at(3, 5, 9, 0),
                    at(3, 6, 9, 0),
                ]
                .into(),
            ),
        )
        .with_column(
            "First reply time in minutes",
            Role::FirstResponseHours,
            Values::Number(vec![Some(1.0), Some(3.0), None, Some(8.0)].into()),
        )];
    let c = compute(&t, &Settings::default(), first_response_time).unwrap();
    assert_close(c.value.unwrap(), 3.0);
    assert_close(c.details["mean"], 4.0);
    // With the calendar, the 8 h from Thu 09:00 end at 17:00 the same day: still 8.
    let c = compute(&t, &business(), first_response_time).unwrap();
    assert_close(c.details["mean"], 4.0);
}

#[test]
fn resolution_time_wall_clock_and_business() {
    let t = [tickets_table()];
    // [24, 67, 1] → median 24, mean 92/3.
    let c = compute(&t, &Settings::default(), resolution_time).unwrap();
    assert_close(c.value.unwrap(), 24.0);
    assert_close(c.details["mean"], 92.0 / 3.0);
    // Business: Mon 09:00→Tue 09:00 = 9 h, Fri 17→Mon 12 = 1 + 3 = 4 h, 1 h → median 4.
    let c = compute(&t, &business(), resolution_time).unwrap();
    assert_close(c.value.unwrap(), 4.0);
    assert_close(c.details["mean"], 14.0 / 3.0);
}

#[test]
fn explain_names_the_unanswered_ticket() {
    let t = [tickets_table()];
    let s = Settings::default();
    let q = march();
    let ctx = Ctx::new(&t, &s, &q);
    let rows = explain_first_response_time(&ctx, &ctx.scope()).unwrap();
    assert_eq!(rows.len(), 4);
    let r = rows.iter().find(|r| r.line == 4).unwrap();
    assert!(!r.included);
    assert_eq!(r.rule, "excluded: no first response yet");
    let r = rows.iter().find(|r| r.line == 3).unwrap();
    assert_eq!((r.included, r.value), (true, Some(65.0)));
}

#[test]
fn average_handle_time_is_the_mean() {
    // [0.5, 1.0, 0.25] (ticket 2 has none) → mean 0.58333, median 0.5.
    let t = [tickets_table()];
    let c = compute(&t, &Settings::default(), average_handle_time).unwrap();
    assert_close(c.value.unwrap(), 1.75 / 3.0);
    assert_close(c.details["median"], 0.5);
}

#[test]
fn bot_containment_counts_bot_conversations_only() {
    // Bot took part in 0, 1, 3; ticket 1 was transferred → 2 / 3.
    let t = [tickets_table()];
    let c = compute(&t, &Settings::default(), bot_containment_rate).unwrap();
    assert_close(c.value.unwrap(), 2.0 / 3.0);
    assert_eq!(
        c.sample,
        Some(crate::metrics::Sample::Proportion { successes: 2, n: 3 })
    );
}

#[test]
fn sla_from_settings_calendar_and_resolution_target() {
    let t = [tickets_table()];
    // 24 h first-response target: 0 met (2 h), 1 missed (65 h), 2 missed (no reply; 197 h
    // elapsed at the file's latest date 03-20 15:00), 3 met → 2 / 4.
    assert_close(value(&t, &Settings::default(), sla_compliance_rate), 0.5);
    // Business hours: ticket 1 waited 2 h → met → 3 / 4.
    assert_close(value(&t, &business(), sla_compliance_rate), 0.75);
    // A 4 h first-response target: 0 met (2 h), 1 missed, 2 missed, 3 met → 0.5; with an
    // 8 h resolution target too, ticket 0 (24 h) misses → 1 / 4.
    let mut s = Settings::default();
    s.sla.first_response_hours = 4.0;
    assert_close(value(&t, &s, sla_compliance_rate), 0.5);
    s.sla.resolution_hours = Some(8.0);
    assert_close(value(&t, &s, sla_compliance_rate), 0.25);
}

#[test]
fn sla_from_due_dates_and_breached_flags() {
    // Due dates: answered before (met), after (missed), never and due passed (missed), never
    // and due not reached at the latest date 03-10 12:00 (excluded) → 1 / 3.
    let due = Table::new("t.csv", TableKind::Tickets)
        .with_column(
            "created",
            Role::CreatedAt,
            Values::Date(
                vec![
                    at(3, 3, 9, 0),
                    at(3, 3, 9, 0),
                    at(3, 4, 9, 0),
                    at(3, 10, 12, 0),
                ]
                .into(),
            ),
        )
        .with_column(
            "first_reply",
            Role::FirstResponseAt,
            Values::Date(vec![at(3, 3, 10, 0), at(3, 4, 10, 0), None, None].into()),
        )
        .with_column(
            "due",
            Role::SlaDue,
            Values::Date(
                vec![
                    at(3, 3, 12, 0),
                    at(3, 3, 12, 0),
                    at(3, 5, 9, 0),
                    at(3, 12, 9, 0),
                ]
                .into(),
            ),
        );
    let t = [due];
    assert_close(
        value(&t, &Settings::default(), sla_compliance_rate),
        1.0 / 3.0,
    );
    // The vendor's own verdict wins: breached no, yes, no → 2 / 3.
    let flags = Table::new("t.csv", TableKind::Tickets)
        .with_column(
            "created",
            Role::CreatedAt,
            Values::Date(vec![at(3, 3, 9, 0), at(3, 4, 9, 0), at(3, 5, 9, 0)].into()),
        )
        .with_column(
            "breached",
            Role::SlaBreached,
            Values::Bool(vec![Some(false), Some(true), Some(false)]),
        );
    assert_close(
        value(&[flags], &Settings::default(), sla_compliance_rate),
        2.0 / 3.0,
    );
}

#[test]
fn top_reasons_ranks_with_shares() {
    // March: billing ×3, login ×1.
    let t = [tickets_table()];
    let c = compute(&t, &Settings::default(), top_reasons).unwrap();
    assert_eq!(c.value, Some(2.0));
    let table = c.table.unwrap();
    assert_eq!(table[0]["reason"], "billing");
    assert_eq!(table[0]["tickets"], 3.0);
    assert_eq!(table[0]["share"], 0.75);
    assert_eq!(table[1]["reason"], "login");
}

fn articles() -> Table {
    Table::new("help.csv", TableKind::ArticleViews)
        .with_column(
            "date",
            Role::Date,
            Values::Date(
                vec![
                    at(3, 1, 0, 0),
                    at(3, 2, 0, 0),
                    at(3, 5, 0, 0),
                    at(2, 10, 0, 0),
                ]
                .into(),
            ),
        )
        .with_column(
            "article",
            Role::Article,
            text_values([
                "Reset password",
                "Reset password",
                "Invoices",
                "Old article",
            ]),
        )
        .with_column(
            "views",
            Role::Views,
            Values::Number(vec![Some(10.0), Some(5.0), Some(3.0), Some(7.0)].into()),
        )
        .with_column(
            "helpful",
            Role::Helpful,
            Values::Bool(vec![Some(true), Some(false), Some(true), None]),
        )
        .with_column(
            "rating",
            Role::Rating,
            Values::Number(vec![Some(5.0), Some(3.0), None, None].into()),
        )
}

#[test]
fn articles_ranked_both_ways_including_unviewed_ones() {
    // March: Reset password 15, Invoices 3, Old article 0 (only viewed in February).
    let t = [articles()];
    let c = compute(&t, &Settings::default(), articles_most_viewed).unwrap();
    assert_eq!(c.value, Some(18.0));
    let table = c.table.unwrap();
    assert_eq!(
        (table[0]["article"].as_str(), table[0]["views"].as_f64()),
        (Some("Reset password"), Some(15.0))
    );
    let c = compute(&t, &Settings::default(), articles_least_viewed).unwrap();
    let table = c.table.unwrap();
    assert_eq!(
        (table[0]["article"].as_str(), table[0]["views"].as_f64()),
        (Some("Old article"), Some(0.0))
    );
    assert_eq!(table[1]["article"], "Invoices");
}

#[test]
fn article_ratings_helpful_share_and_mean_rating() {
    // Votes: yes, no, yes → 2 / 3; ratings 5, 3 → mean 4. Reset password: 1 / 2.
    let t = [articles()];
    let c = compute(&t, &Settings::default(), article_ratings).unwrap();
    assert_close(c.value.unwrap(), 2.0 / 3.0);
    assert_close(c.details["mean_rating"], 4.0);
    let table = c.table.unwrap();
    assert_eq!(table[0]["article"], "Reset password");
    assert_eq!(table[0]["helpful_share"], 0.5);
    assert_eq!(table[0]["mean_rating"], 4.0);
}

#[test]
fn agent_table_per_agent_with_csat_through_ticket_ids() {
    // ana: tickets 0, 2, 3 → FR [2, 0.5] median 1.25, handle [0.5, 0.25] mean 0.375.
    // bia: ticket 1 → FR 65, handle 1. CSAT answers link to tickets T1 (ana, 5) and T2 (bia, 2).
    let tickets = tickets_table().with_column(
        "id",
        Role::TicketId,
        text_values(["T1", "T2", "T3", "T4", "T5"]),
    );
    let survey = Table::new("csat.csv", TableKind::SurveyResponses)
        .with_column(
            "date",
            Role::RespondedAt,
            Values::Date(vec![at(3, 5, 0, 0), at(3, 11, 0, 0)].into()),
        )
        .with_column("kind", Role::SurveyKind, text_values(["csat", "csat"]))
        .with_column(
            "score",
            Role::Score,
            Values::Number(vec![Some(5.0), Some(2.0)].into()),
        )
        .with_column("ticket", Role::TicketId, text_values(["T1", "T2"]));
    let t = [tickets, survey];
    let c = compute(&t, &Settings::default(), agent_table).unwrap();
    assert_eq!(c.value, Some(2.0));
    let table = c.table.unwrap();
    assert_eq!(table[0]["agent"], "ana");
    assert_eq!(table[0]["tickets"], 3);
    assert_eq!(table[0]["median_first_response_hours"], 1.25);
    assert_eq!(table[0]["mean_handle_hours"], 0.375);
    assert_eq!(table[0]["csat"], 1.0);
    assert_eq!(table[1]["agent"], "bia");
    assert_eq!(table[1]["median_first_response_hours"], 65.0);
    assert_eq!(table[1]["csat"], 0.0);
}

#[test]
fn agent_activity_from_shift_logs() {
    // ana: 8 + 6 logged, 60 contacts, 48 successful → 60/14 per hour, 0.8; bia: 10 / 4 = 2.5.
    let shifts = Table::new("shifts.csv", TableKind::AgentShifts)
        .with_column(
            "date",
            Role::Date,
            Values::Date(vec![at(3, 3, 0, 0), at(3, 4, 0, 0), at(3, 3, 0, 0)].into()),
        )
        .with_column("agent", Role::Agent, text_values(["ana", "ana", "bia"]))
        .with_column(
            "logged",
            Role::LoggedHours,
            Values::Number(vec![Some(8.0), Some(6.0), Some(4.0)].into()),
        )
        .with_column(
            "pause",
            Role::PauseHours,
            Values::Number(vec![Some(1.0), Some(0.5), Some(0.0)].into()),
        )
        .with_column(
            "contacts",
            Role::ContactsHandled,
            Values::Number(vec![Some(40.0), Some(20.0), Some(10.0)].into()),
        )
        .with_column(
            "ok",
            Role::SuccessfulContacts,
            Values::Number(vec![Some(30.0), Some(18.0), Some(5.0)].into()),
        );
    let t = [shifts];
    let c = compute(&t, &Settings::default(), agent_activity).unwrap();
    assert_close(c.value.unwrap(), 70.0 / 18.0);
    let table = c.table.unwrap();
    assert_eq!(table[0]["agent"], "ana");
    assert_eq!(table[0]["pause_hours"], 1.5);
    assert_close(
        table[0]["contacts_per_logged_hour"].as_f64().unwrap(),
        60.0 / 14.0,
    );
    assert_close(table[0]["successful_share"].as_f64().unwrap(), 0.8);
    assert_eq!(table[1]["contacts_per_logged_hour"], 2.5);
}

#[test]
fn agent_activity_counts_tickets_when_shifts_have_no_contacts() {
    // ana logged 10 h and handled March tickets 0, 2, 3 → 0.3 per hour.
    let shifts = Table::new("shifts.csv", TableKind::AgentShifts)
        .with_column(
            "date",
            Role::Date,
            Values::Date(vec![at(3, 3, 0, 0)].into()),
        )
        .with_column("agent", Role::Agent, text_values(["ana"]))
        .with_column(
            "logged",
            Role::LoggedHours,
            Values::Number(vec![Some(10.0)].into()),
        );
    let t = [shifts, tickets_table()];
    assert_close(value(&t, &Settings::default(), agent_activity), 0.3);
}

#[test]
fn median_mean_picks_the_middle_values() {
    // Odd: the middle of 1, 2, 9 is 2; even: (2 + 4) / 2 = 3; means 4 and 4.
    assert_eq!(
        crate::metrics::common::median_mean(&mut [9.0, 1.0, 2.0]),
        Some((2.0, 4.0))
    );
    assert_eq!(
        crate::metrics::common::median_mean(&mut [9.0, 4.0, 1.0, 2.0]),
        Some((3.0, 4.0))
    );
    assert_eq!(crate::metrics::common::median_mean(&mut []), None);
}

proptest::proptest! {
    /// Selection gives the same median as the full sort of `stats::median`.
    #[test]
    fn median_mean_agrees_with_the_sorted_median(
        values in proptest::collection::vec(-1e6f64..1e6, 1..60)
    ) {
        let mut sorted = values.clone();
        let expected = crate::stats::median(&mut sorted);
        let mut selected = values.clone();
        let got = crate::metrics::common::median_mean(&mut selected).map(|(median, _)| median);
        proptest::prop_assert_eq!(got, expected);
    }
}
