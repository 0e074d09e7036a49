use super::*;
use crate::metrics::Sample;
use crate::metrics::sales::tests::spend_table;
use crate::settings::Settings;
use crate::table::{Values, text_values};
use crate::test_support::{day, days, feb, jan, q1, with_ctx};

/// ```text
/// row lead_id email    created     source     channel converted converted_at
///  0  L1      a@x.com  2025-01-03  google     web     true      -
///  1  L2      b@x.com  2025-01-10  instagram  app     -         -
///  2  L1      a@x.com  2025-01-20  google     web     -         -           (L1 again)
///  3  -       C@X.com  2025-02-05  google     web     false     -
///  4  -       c@x.com  2025-02-06  -          web     -         -           (same as 3)
///  5  -       -        2025-02-07  facebook   app     -         2025-02-09
/// ```
fn leads_table() -> Table {
    Table::new("leads.csv", TableKind::Leads)
        .with_column(
            "id",
            Role::LeadId,
            text_values(["L1", "L2", "L1", "", "", ""]),
        )
        .with_column(
            "email",
            Role::Email,
            text_values(["a@x.com", "b@x.com", "a@x.com", "C@X.com", "c@x.com", ""]),
        )
        .with_column(
            "criado",
            Role::CreatedAt,
            Values::Date(
                vec![
                    day(2025, 1, 3),
                    day(2025, 1, 10),
                    day(2025, 1, 20),
                    day(2025, 2, 5),
                    day(2025, 2, 6),
                    day(2025, 2, 7),
                ]
                .into(),
            ),
        )
        .with_column(
            "origem",
            Role::Source,
            text_values(["google", "instagram", "google", "google", "", "facebook"]),
        )
        .with_column(
            "canal",
            Role::Channel,
            text_values(["web", "app", "web", "web", "web", "app"]),
        )
        .with_column(
            "convertido",
            Role::Converted,
            Values::Bool(vec![Some(true), None, None, Some(false), None, None]),
        )
        .with_column(
            "convertido_em",
            Role::ConvertedAt,
            Values::Date(vec![None, None, None, None, None, day(2025, 2, 9)].into()),
        )
}

/// b@x.com buys on 2025-01-15 (after becoming a lead); c@x.com on 2025-01-01 (before).
fn orders_table() -> Table {
    Table::new("orders.csv", TableKind::Orders)
        .with_column(
            "data",
            Role::OrderDate,
            Values::Date(vec![day(2025, 1, 15), day(2025, 1, 1)].into()),
        )
        .with_column("email", Role::Email, text_values(["b@x.com", "c@x.com"]))
        .with_column(
            "valor",
            Role::Amount,
            Values::Number(vec![Some(100.0), Some(50.0)].into()),
        )
}

/// ```text
/// row visitor session date        landing  medium    source            converted
///  0  V1      S1      2025-01-02  /promo   organic   google            true
///  1  V1      S2      2025-01-05  /        cpc       google            false
///  2  -       S3      2025-01-06  /promo   -         google / organic  -
///  3  V2      -       2025-02-01  /        Orgânico  -                 true
///  4  -       -       2025-02-03  -        email     newsletter        false
/// ```
fn sessions_table() -> Table {
    Table::new("sessions.csv", TableKind::Sessions)
        .with_column(
            "visitante",
            Role::VisitorId,
            text_values(["V1", "V1", "", "V2", ""]),
        )
        .with_column(
            "sessao",
            Role::SessionId,
            text_values(["S1", "S2", "S3", "", ""]),
        )
        .with_column(
            "data",
            Role::Date,
            Values::Date(
                vec![
                    day(2025, 1, 2),
                    day(2025, 1, 5),
                    day(2025, 1, 6),
                    day(2025, 2, 1),
                    day(2025, 2, 3),
                ]
                .into(),
            ),
        )
        .with_column(
            "pagina",
            Role::LandingPage,
            text_values(["/promo", "/", "/promo", "/", ""]),
        )
        .with_column(
            "meio",
            Role::Medium,
            text_values(["organic", "cpc", "", "Orgânico", "email"]),
        )
        .with_column(
            "origem",
            Role::Source,
            text_values(["google", "google", "google / organic", "", "newsletter"]),
        )
        .with_column(
            "virou_lead",
            Role::Converted,
            Values::Bool(vec![Some(true), Some(false), None, Some(true), Some(false)]),
        )
}

fn by(role: Role, key: &str, scope: Scope) -> Scope {
    Scope {
        filter: Some((role, key.into())),
        ..scope
    }
}

#[test]
fn leads_are_counted_once_by_id_else_email() {
    // January: L1 (rows 0, 2) and L2 → 2. February: c@x.com (rows 3, 4, e-mail case
    // differs) and row 5 → 2. Q1: 4. Google in Q1: L1 and c@x.com → 2.
    with_ctx(&[leads_table()], &Settings::default(), |ctx| {
        assert_eq!(leads_new(ctx, &jan()).unwrap().value, Some(2.0));
        assert_eq!(leads_new(ctx, &feb()).unwrap().value, Some(2.0));
        assert_eq!(leads_new(ctx, &q1()).unwrap().value, Some(4.0));
        let google = by(Role::Source, "google", q1());
        assert_eq!(leads_new(ctx, &google).unwrap().value, Some(2.0));
        let rows = explain_leads(ctx, &jan()).unwrap();
        assert_eq!(rows.len(), 3);
        assert!(!rows[2].included && rows[2].rule.contains("same lead"));
    });
    with_ctx(&[], &Settings::default(), |ctx| {
        assert!(leads_new(ctx, &q1()).is_err());
    });
}

#[test]
fn leads_by_source_table() {
    // Q1 pairs: google {L1, c@x.com} = 2, instagram {L2}, (none) {c@x.com, row 4}, facebook
    // {row 5}; the value is the 4 distinct leads.
    with_ctx(&[leads_table()], &Settings::default(), |ctx| {
        let c = leads_by_source(ctx, &q1()).unwrap();
        assert_eq!(c.value, Some(4.0));
        let table = c.table.unwrap();
        let rows = table.as_array().unwrap();
        assert_eq!(rows[0]["source"], "google");
        assert_eq!(rows[0]["leads"], 2);
        assert_eq!(rows[0]["share"], 0.5);
        assert_eq!(rows.len(), 4);
        assert!(
            rows.iter()
                .any(|r| r["source"] == "(none)" && r["leads"] == 1)
        );
    });
}

#[test]
fn lead_conversion_by_flag_date_or_later_order() {
    // L1 converted flag; L2 bought on Jan 15 after its creation on Jan 10; c@x.com bought
    // on Jan 1, before becoming a lead (not a conversion); row 5 has a conversion date.
    // Q1: 3 of 4. January: 2 of 2. February: 1 of 2.
    let tables = [leads_table(), orders_table()];
    with_ctx(&tables, &Settings::default(), |ctx| {
        let c = lead_conversion_rate(ctx, &q1()).unwrap();
        assert_eq!(c.sample, Some(Sample::Proportion { successes: 3, n: 4 }));
        assert_eq!(lead_conversion_rate(ctx, &jan()).unwrap().value, Some(1.0));
        assert_eq!(lead_conversion_rate(ctx, &feb()).unwrap().value, Some(0.5));
        let rows = explain_lead_conversion(ctx, &jan()).unwrap();
        assert!(rows[1].rule.contains("first completed order"));
    });
    // Without orders, L2 is not converted: Q1 2 of 4.
    with_ctx(&[leads_table()], &Settings::default(), |ctx| {
        assert_eq!(lead_conversion_rate(ctx, &q1()).unwrap().value, Some(0.5));
    });
}

#[test]
fn visitors_and_traffic_to_lead() {
    // January: V1 (rows 0, 1) and session S3 → 2; February: V2 and row 4 → 2. Leads: Jan 2,
    // Q1 4 → ratio 1.0.
    let tables = [sessions_table(), leads_table()];
    with_ctx(&tables, &Settings::default(), |ctx| {
        assert_eq!(visitors(ctx, &jan()).unwrap().value, Some(2.0));
        assert_eq!(visitors(ctx, &feb()).unwrap().value, Some(2.0));
        assert_eq!(visitors(ctx, &q1()).unwrap().value, Some(4.0));
        assert_eq!(traffic_to_lead_ratio(ctx, &q1()).unwrap().value, Some(1.0));
        // Medium is a sessions column only: the ratio per medium is refused.
        assert!(traffic_to_lead_ratio(ctx, &by(Role::Medium, "cpc", q1())).is_err());
        // By source: google is named by both files: V1 (rows 0, 1) over L1 and c@x.com → 0.5.
        let google = by(Role::Source, "google", q1());
        assert_eq!(
            traffic_to_lead_ratio(ctx, &google).unwrap().value,
            Some(0.5)
        );
        // Instagram only by the leads, newsletter only by the sessions: no ratio, not 0.
        for only_one_side in ["instagram", "newsletter"] {
            let c = traffic_to_lead_ratio(ctx, &by(Role::Source, only_one_side, q1())).unwrap();
            assert_eq!(c.value, None, "{only_one_side}");
            assert_eq!(c.n, None, "{only_one_side}");
        }
    });
}

#[test]
fn landing_page_conversion() {
    // Converted sessions: rows 0 and 3 of 5 → 0.4; /promo: row 0 of rows 0, 2 → 0.5.
    with_ctx(&[sessions_table()], &Settings::default(), |ctx| {
        let c = landing_page_conversion_rate(ctx, &q1()).unwrap();
        assert_eq!(c.sample, Some(Sample::Proportion { successes: 2, n: 5 }));
        let promo = by(Role::LandingPage, "/promo", q1());
        assert_eq!(
            landing_page_conversion_rate(ctx, &promo).unwrap().value,
            Some(0.5)
        );
    });
}

#[test]
fn organic_share_reads_medium_then_source() {
    // Organic: row 0 (organic), row 2 (no medium; source "google / organic"), row 3
    // ("Orgânico") → 3 of 5.
    with_ctx(&[sessions_table()], &Settings::default(), |ctx| {
        let c = organic_share(ctx, &q1()).unwrap();
        assert_eq!(c.sample, Some(Sample::Proportion { successes: 3, n: 5 }));
    });
    assert!(is_organic("Busca orgânica"));
    assert!(is_organic("SEO"));
    assert!(!is_organic("organização"));
}

fn chats_table() -> Table {
    // converted / transferred / bot:
    // 0 yes/no/yes (bot converted), 1 yes/yes/yes (escalated), 2 no/-/-,
    // 3 yes/-/- (bot converted: nothing says a human took part), 4 yes/no/no (human).
    Table::new("chats.csv", TableKind::Chats)
        .with_column(
            "inicio",
            Role::CreatedAt,
            Values::Date(
                vec![
                    day(2025, 1, 2),
                    day(2025, 1, 3),
                    day(2025, 1, 4),
                    day(2025, 1, 5),
                    day(2025, 1, 6),
                ]
                .into(),
            ),
        )
        .with_column(
            "converteu",
            Role::Converted,
            Values::Bool(vec![
                Some(true),
                Some(true),
                Some(false),
                Some(true),
                Some(true),
            ]),
        )
        .with_column(
            "transferido",
            Role::Transferred,
            Values::Bool(vec![Some(false), Some(true), None, None, Some(false)]),
        )
        .with_column(
            "bot",
            Role::BotHandled,
            Values::Bool(vec![Some(true), Some(true), None, None, Some(false)]),
        )
}

#[test]
fn chat_rates() {
    // Bot conversions: rows 0 and 3 of 5 = 0.4; escalations: row 1 of 5 = 0.2.
    with_ctx(&[chats_table()], &Settings::default(), |ctx| {
        assert_eq!(
            chat_bot_conversion_rate(ctx, &jan()).unwrap().value,
            Some(0.4)
        );
        assert_eq!(chat_escalation_rate(ctx, &jan()).unwrap().value, Some(0.2));
        assert_eq!(chat_escalation_rate(ctx, &feb()).unwrap().value, None);
    });
}

#[test]
fn social_engagement_sums_the_four_counts() {
    // Row 0: 10 + 2 + 0 + 1 = 13; row 1: 5 + 0 + 1 + 0 = 6 → 19.
    let t = Table::new("social.csv", TableKind::SocialInteractions)
        .with_column(
            "data",
            Role::Date,
            Values::Date(vec![day(2025, 1, 2), day(2025, 1, 3)].into()),
        )
        .with_column(
            "reacoes",
            Role::Reactions,
            Values::Number(vec![Some(10.0), Some(5.0)].into()),
        )
        .with_column(
            "comentarios",
            Role::Comments,
            Values::Number(vec![Some(2.0), None].into()),
        )
        .with_column(
            "compart",
            Role::Shares,
            Values::Number(vec![None, Some(1.0)].into()),
        )
        .with_column(
            "dm",
            Role::DirectMessages,
            Values::Number(vec![Some(1.0), None].into()),
        );
    with_ctx(&[t], &Settings::default(), |ctx| {
        let c = social_engagement(ctx, &jan()).unwrap();
        assert_eq!(c.value, Some(19.0));
        assert_eq!(c.details.get("reactions"), Some(&15.0));
        assert_eq!(c.details.get("shares"), Some(&1.0));
    });
    // One row per interaction when there are no count columns.
    let t = Table::new("comments.csv", TableKind::SocialInteractions).with_column(
        "data",
        Role::Date,
        Values::Date(vec![day(2025, 1, 2), day(2025, 1, 3), day(2025, 2, 1)].into()),
    );
    with_ctx(&[t], &Settings::default(), |ctx| {
        assert_eq!(social_engagement(ctx, &jan()).unwrap().value, Some(2.0));
    });
}

#[test]
fn cost_per_lead() {
    // Spend: web 100 (Jan 1), app 60 (Jan 15), web 40 (Feb 1). Q1: 200 / 4 leads = 50;
    // January: 160 / 2 = 80; web in Q1: 140 / 2 (L1, c@x.com) = 70.
    let tables = [leads_table(), spend_table()];
    with_ctx(&tables, &Settings::default(), |ctx| {
        assert_eq!(cpl(ctx, &q1()).unwrap().value, Some(50.0));
        assert_eq!(cpl(ctx, &jan()).unwrap().value, Some(80.0));
        assert_eq!(
            cpl(ctx, &by(Role::Channel, "web", q1())).unwrap().value,
            Some(70.0)
        );
        // No leads in December: absent, not infinite.
        assert_eq!(
            cpl(ctx, &days((2024, 12, 1), (2024, 12, 31)))
                .unwrap()
                .value,
            None
        );
    });
}

/// The rows `keep` of `t`, as a file of its own named `name` (a split of `t`).
fn part_of(t: &Table, name: &str, keep: &[usize]) -> Table {
    let mut out = Table::new(name, t.kind);
    for c in &t.columns {
        let values = match &c.values {
            Values::Text(v) => text_values(keep.iter().map(|&r| v.get(r).unwrap_or(""))),
            Values::Number(v) => Values::Number(keep.iter().map(|&r| v.get(r)).collect()),
            Values::Date(v) => Values::Date(keep.iter().map(|&r| v.get(r)).collect()),
            Values::Bool(v) => Values::Bool(keep.iter().map(|&r| v[r]).collect()),
        };
        out = out.with_column(&c.name, c.role.unwrap(), values);
    }
    out
}

#[test]
fn a_file_split_in_two_gives_the_same_numbers() {
    // Leads rows 0, 1, 3 in one file and 2, 4, 5 in another: L1 (rows 0 and 2) and c@x.com
    // (rows 3 and 4) are still one lead each, across the files: Q1 4 leads, January 2,
    // conversion 3 of 4, google 2 and (none) 1. Sessions rows 0, 3 and 1, 2, 4: V1 (rows 0
    // and 1) is one visitor: Q1 4 visitors; landing 2 of 5; organic 3 of 5.
    let leads = leads_table();
    let sessions = sessions_table();
    let split = [
        part_of(&leads, "leads_a.csv", &[0, 1, 3]),
        part_of(&sessions, "sessions_a.csv", &[0, 3]),
        orders_table(),
        part_of(&leads, "leads_b.csv", &[2, 4, 5]),
        part_of(&sessions, "sessions_b.csv", &[1, 2, 4]),
    ];
    with_ctx(&split, &Settings::default(), |ctx| {
        assert_eq!(leads_new(ctx, &q1()).unwrap().value, Some(4.0));
        assert_eq!(leads_new(ctx, &jan()).unwrap().value, Some(2.0));
        let c = lead_conversion_rate(ctx, &q1()).unwrap();
        assert_eq!(c.sample, Some(Sample::Proportion { successes: 3, n: 4 }));
        let by_source = leads_by_source(ctx, &q1()).unwrap().table.unwrap();
        let rows = by_source.as_array().unwrap();
        assert_eq!(
            (rows[0]["source"].as_str(), rows[0]["leads"].as_u64()),
            (Some("google"), Some(2))
        );
        assert_eq!(rows.len(), 4);
        assert_eq!(visitors(ctx, &q1()).unwrap().value, Some(4.0));
        assert_eq!(traffic_to_lead_ratio(ctx, &q1()).unwrap().value, Some(1.0));
        let landing = landing_page_conversion_rate(ctx, &q1()).unwrap();
        assert_eq!(
            landing.sample,
            Some(Sample::Proportion { successes: 2, n: 5 })
        );
        let organic = organic_share(ctx, &q1()).unwrap();
        assert_eq!(
            organic.sample,
            Some(Sample::Proportion { successes: 3, n: 5 })
        );
        // Every row is explained, from both files.
        assert_eq!(explain_leads(ctx, &q1()).unwrap().len(), 6);
        assert_eq!(explain_visitors(ctx, &q1()).unwrap().len(), 5);
    });
}

/// `attraction.cpl` per channel only when both the spend and the leads name the channel.
/// Spend in Q1: web 100 + 40 = 140, app 60. Leads (distinct): web L1, C@X.com → 2; app L2,
/// row 5 → 2. CPL web = 140 / 2 = 70; app = 60 / 2 = 30. Headline 200 / 4 = 50.
#[test]
fn cpl_per_channel_only_when_spend_and_leads_have_one() {
    use crate::metrics::run;
    use crate::period::Query;
    use chrono::NaiveDate;
    let q1 = Query {
        from: NaiveDate::from_ymd_opt(2025, 1, 1),
        to: NaiveDate::from_ymd_opt(2025, 3, 31),
        ..Query::default()
    };
    let cpl_of = |tables: &[Table]| {
        let s = Settings::default();
        let ctx = Ctx::new(tables, &s, &q1);
        let def = DEFS.iter().find(|d| d.id == "attraction.cpl").unwrap();
        let m = run(&ctx, def).unwrap();
        let rows = m.breakdowns.iter().find(|b| b.by == "channel").map(|b| {
            let mut rows: Vec<(String, Option<f64>)> =
                b.rows.iter().map(|r| (r.key.clone(), r.value)).collect();
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            rows
        });
        (m.value, rows)
    };
    let (value, rows) = cpl_of(&[leads_table(), spend_table()]);
    assert_eq!(value, Some(50.0));
    assert_eq!(
        rows,
        Some(vec![("app".into(), Some(30.0)), ("web".into(), Some(70.0))])
    );
    // Leads without a channel: the headline stays, the per-channel figures do not appear.
    let mut leads = leads_table();
    leads.columns.retain(|c| c.role != Some(Role::Channel));
    assert_eq!(cpl_of(&[leads, spend_table()]), (Some(50.0), None));
    // Spend without a channel: none either.
    let mut spend = spend_table();
    spend.columns.retain(|c| c.role != Some(Role::Channel));
    assert_eq!(cpl_of(&[leads_table(), spend]), (Some(50.0), None));
}
