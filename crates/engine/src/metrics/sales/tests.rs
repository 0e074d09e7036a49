use super::*;
use crate::settings::Settings;
use crate::table::{Table, TableKind, Timestamp, Values, text_values};
use crate::test_support::{day, days, eight_orders, feb, jan, q1, with_ctx};

/// Spend: web 100 on 2025-01-01, app 60 on 2025-01-15, web 40 on 2025-02-01.
pub fn spend_table() -> Table {
    Table::new("spend.csv", TableKind::MarketingSpend)
        .with_column(
            "dia",
            Role::Date,
            Values::Date(vec![day(2025, 1, 1), day(2025, 1, 15), day(2025, 2, 1)].into()),
        )
        .with_column("canal", Role::Channel, text_values(["web", "app", "web"]))
        .with_column(
            "investimento",
            Role::Spend,
            Values::Number(vec![Some(100.0), Some(60.0), Some(40.0)].into()),
        )
}

#[test]
fn orders_count_completed_only() {
    // Completed (pago): rows 0, 1, 3, 5, 7 → 5 in Q1; January: rows 0, 1 → 2.
    with_ctx(&[eight_orders()], &Settings::default(), |ctx| {
        assert_eq!(orders(ctx, &q1()).unwrap().value, Some(5.0));
        assert_eq!(orders(ctx, &jan()).unwrap().value, Some(2.0));
        let web = Scope {
            filter: Some((Role::Channel, "web".into())),
            ..q1()
        };
        // web and completed: rows 0, 3, 7.
        assert_eq!(orders(ctx, &web).unwrap().value, Some(3.0));
    });
}

#[test]
fn no_status_column_counts_every_row() {
    let t = Table::new("o.csv", TableKind::Orders)
        .with_column(
            "d",
            Role::OrderDate,
            Values::Date(vec![day(2025, 1, 1), day(2025, 1, 2)].into()),
        )
        .with_column(
            "v",
            Role::Amount,
            Values::Number(vec![Some(10.0), Some(5.5)].into()),
        );
    with_ctx(&[t], &Settings::default(), |ctx| {
        let s = days((2025, 1, 1), (2025, 1, 2));
        assert_eq!(orders(ctx, &s).unwrap().value, Some(2.0));
        assert_eq!(revenue(ctx, &s).unwrap().value, Some(15.5));
    });
}

#[test]
fn revenue_sums_completed_amounts() {
    // Q1: 100 + 50 + 30 + 20 + 60 = 260; February: 30 + 20 = 50 (refund 80, cart 70,
    // pending 40 are not revenue).
    with_ctx(&[eight_orders()], &Settings::default(), |ctx| {
        assert_eq!(revenue(ctx, &q1()).unwrap().value, Some(260.0));
        assert_eq!(revenue(ctx, &feb()).unwrap().value, Some(50.0));
        let rows = explain_revenue(ctx, &feb()).unwrap();
        // February rows 3, 4, 5, 6 → lines 5, 6, 7, 8.
        assert_eq!(rows.len(), 4);
        assert!(rows[0].included && rows[0].rule.contains("status pago"));
        assert_eq!(rows[1].line, 6);
        assert!(!rows[1].included && rows[1].rule.contains("abandoned"));
        assert!(!rows[3].included && rows[3].rule.contains("pending"));
    });
}

#[test]
fn status_words_setting_changes_what_counts() {
    // Counting "aguardando pagamento" as completed adds row 6 (40) in February: 50 → 90.
    let mut settings = Settings::default();
    settings
        .status_words
        .insert("aguardando pagamento".into(), Status::Completed);
    with_ctx(&[eight_orders()], &settings, |ctx| {
        assert_eq!(revenue(ctx, &feb()).unwrap().value, Some(90.0));
        assert_eq!(orders(ctx, &feb()).unwrap().value, Some(3.0));
    });
}

#[test]
fn currencies_are_never_summed() {
    // Rows: BRL 100 (pago), USD 10 (pago), BRL 50 (pago), USD 7 (estornado).
    // Main currency = BRL (2 rows with amount vs 2: tie → alphabetical BRL < USD).
    let t = Table::new("o.csv", TableKind::Orders)
        .with_column(
            "d",
            Role::OrderDate,
            Values::Date(
                vec![
                    day(2025, 1, 1),
                    day(2025, 1, 2),
                    day(2025, 1, 3),
                    day(2025, 1, 4),
                ]
                .into(),
            ),
        )
        .with_column(
            "s",
            Role::Status,
            text_values(["pago", "paid", "pago", "refunded"]),
        )
        .with_column(
            "m",
            Role::Currency,
            text_values(["brl", "USD", "BRL", "usd"]),
        )
        .with_column(
            "v",
            Role::Amount,
            Values::Number(vec![Some(100.0), Some(10.0), Some(50.0), Some(7.0)].into()),
        );
    with_ctx(&[t], &Settings::default(), |ctx| {
        let s = days((2025, 1, 1), (2025, 1, 31));
        let r = revenue(ctx, &s).unwrap();
        assert_eq!(r.value, Some(150.0));
        assert_eq!(r.currency.as_deref(), Some("BRL"));
        assert_eq!(r.details.get("revenue_USD"), Some(&10.0));
        // Ticket in BRL: 150 / 2 = 75.
        assert_eq!(average_ticket(ctx, &s).unwrap().value, Some(75.0));
    });
}

#[test]
fn average_ticket_is_revenue_per_order() {
    // Q1: 260 / 5 = 52. Sample sd of 100, 50, 30, 20, 60: mean 52, squares of deviations
    // 2304 + 4 + 484 + 1024 + 64 = 3880, / 4 = 970, sd = 31.144...
    with_ctx(&[eight_orders()], &Settings::default(), |ctx| {
        let c = average_ticket(ctx, &q1()).unwrap();
        assert_eq!(c.value, Some(52.0));
        let Some(Sample::Mean { sd, n, .. }) = c.sample else {
            panic!("no sample")
        };
        assert_eq!(n, 5);
        assert!((sd - 970f64.sqrt()).abs() < 1e-9);
        // No orders in December: absent, not 0.
        let dec = days((2024, 12, 1), (2024, 12, 31));
        assert_eq!(average_ticket(ctx, &dec).unwrap().value, None);
    });
}

#[test]
fn cart_abandonment() {
    // Q1: completed 5 + abandoned 1 = 6 carts → 1/6. February: completed 3, 5 and
    // abandoned 4 → 1/3.
    with_ctx(&[eight_orders()], &Settings::default(), |ctx| {
        let c = cart_abandonment_rate(ctx, &q1()).unwrap();
        assert!((c.value.unwrap() - 1.0 / 6.0).abs() < 1e-12);
        assert_eq!(c.sample, Some(Sample::Proportion { successes: 1, n: 6 }));
        let f = cart_abandonment_rate(ctx, &feb()).unwrap();
        assert!((f.value.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    });
    // No abandoned status anywhere: unavailable, not 0%.
    let t = Table::new("o.csv", TableKind::Orders)
        .with_column(
            "d",
            Role::OrderDate,
            Values::Date(vec![day(2025, 1, 1)].into()),
        )
        .with_column("s", Role::Status, text_values(["pago"]));
    with_ctx(&[t], &Settings::default(), |ctx| {
        assert!(cart_abandonment_rate(ctx, &q1()).is_err());
    });
}

#[test]
fn repurchase() {
    // Q1 completed: c1 rows 0, 3 (2 orders); c2 rows 1, 5 (2); c3 row 7 (1) → 2 of 3.
    // January: c1 row 0, c2 row 1 → 0 of 2.
    with_ctx(&[eight_orders()], &Settings::default(), |ctx| {
        let c = repurchase_rate(ctx, &q1()).unwrap();
        assert_eq!(c.sample, Some(Sample::Proportion { successes: 2, n: 3 }));
        assert_eq!(repurchase_rate(ctx, &jan()).unwrap().value, Some(0.0));
    });
    let anonymous = Table::new("o.csv", TableKind::Orders).with_column(
        "d",
        Role::OrderDate,
        Values::Date(vec![day(2025, 1, 1)].into()),
    );
    with_ctx(&[anonymous], &Settings::default(), |ctx| {
        let Err(need) = repurchase_rate(ctx, &q1()) else {
            panic!("should need customers")
        };
        assert_eq!(need.key, "orders.customer");
    });
}

#[test]
fn upsell_and_cross_sell() {
    // Upsell completed: row 1 (50) and row 7 "Up-sell" (60) → 110 in Q1; cross-sell: row 3
    // (30).
    with_ctx(&[eight_orders()], &Settings::default(), |ctx| {
        assert_eq!(upsell_revenue(ctx, &q1()).unwrap().value, Some(110.0));
        assert_eq!(cross_sell_revenue(ctx, &q1()).unwrap().value, Some(30.0));
        assert_eq!(upsell_revenue(ctx, &feb()).unwrap().value, Some(0.0));
    });
}

#[test]
fn new_customers_by_first_completed_order() {
    // First completed orders: c1 row 0 (Jan), c2 row 1 (Jan), c3 row 7 (Mar; row 4 was an
    // abandoned cart); c4 never completed. Jan 2, Feb 0, Mar 1.
    with_ctx(&[eight_orders()], &Settings::default(), |ctx| {
        assert_eq!(new_customers(ctx, &jan()).unwrap().value, Some(2.0));
        assert_eq!(new_customers(ctx, &feb()).unwrap().value, Some(0.0));
        assert_eq!(new_customers(ctx, &q1()).unwrap().value, Some(3.0));
        let app = Scope {
            filter: Some((Role::Channel, "app".into())),
            ..q1()
        };
        // Only c2's first order was through the app.
        assert_eq!(new_customers(ctx, &app).unwrap().value, Some(1.0));
    });
}

#[test]
fn a_later_file_with_an_earlier_first_order_takes_the_first_order() {
    // Shop: c1 on Mar 5 and Mar 9, c2 on Jan 10. App: c1 on Jan 20 (earlier than the
    // shop's), c2 on Jan 10 (the same day: the shop, the earlier file, keeps it), c3 on
    // Feb 2. First orders: c1 app Jan 20, c2 shop Jan 10, c3 app Feb 2 → Jan 2, Feb 1,
    // Mar 0, and each first order is flagged once.
    let file = |name: &str, customers: [&str; 3], dates: Vec<Option<Timestamp>>| {
        Table::new(name, TableKind::Orders)
            .with_column("c", Role::CustomerId, text_values(customers))
            .with_column("d", Role::OrderDate, Values::Date(dates.into()))
    };
    let shop = file(
        "shop.csv",
        ["c1", "c1", "c2"],
        vec![day(2025, 3, 5), day(2025, 3, 9), day(2025, 1, 10)],
    );
    let app = file(
        "app.csv",
        ["c1", "c2", "c3"],
        vec![day(2025, 1, 20), day(2025, 1, 10), day(2025, 2, 2)],
    );
    with_ctx(&[shop, app], &Settings::default(), |ctx| {
        assert_eq!(new_customers(ctx, &jan()).unwrap().value, Some(2.0));
        assert_eq!(new_customers(ctx, &feb()).unwrap().value, Some(1.0));
        let mar = days((2025, 3, 1), (2025, 3, 31));
        assert_eq!(new_customers(ctx, &mar).unwrap().value, Some(0.0));
        assert_eq!(new_customers(ctx, &q1()).unwrap().value, Some(3.0));
        let orders = Orders::get(ctx);
        let flagged: Vec<(usize, u32)> = orders
            .tables
            .iter()
            .flat_map(|ot| {
                let rows = &ot.sorted.index.rows;
                ot.sorted
                    .orders
                    .iter()
                    .zip(rows)
                    .filter(|(o, _)| o.is_first())
                    .map(move |(_, &r)| (ot.t, r))
            })
            .collect();
        assert_eq!(flagged, vec![(0, 2), (1, 0), (1, 2)]);
    });
}

#[test]
fn cac_and_roi() {
    // Q1 spend 100 + 60 + 40 = 200; new customers 3 → CAC 66.67; revenue 260 → ROI
    // (260 - 200) / 200 = 0.3. January: spend 160, new 2 → CAC 80; revenue 150 →
    // ROI -0.0625. Web in Q1: spend 140, new customers c1 (row 0) and c3 (row 7) → 70;
    // revenue 100 + 30 + 60 = 190 → ROI 50/140.
    let tables = [eight_orders(), spend_table()];
    with_ctx(&tables, &Settings::default(), |ctx| {
        assert!((cac(ctx, &q1()).unwrap().value.unwrap() - 200.0 / 3.0).abs() < 1e-9);
        assert_eq!(cac(ctx, &jan()).unwrap().value, Some(80.0));
        assert_eq!(roi(ctx, &q1()).unwrap().value, Some(0.3));
        assert_eq!(roi(ctx, &jan()).unwrap().value, Some(-0.0625));
        let web = Scope {
            filter: Some((Role::Channel, "web".into())),
            ..q1()
        };
        assert_eq!(cac(ctx, &web).unwrap().value, Some(70.0));
        assert!((roi(ctx, &web).unwrap().value.unwrap() - 50.0 / 140.0).abs() < 1e-12);
        // Campaign is in neither file: refused rather than showing the totals.
        let campaign = Scope {
            filter: Some((Role::Campaign, "x".into())),
            ..q1()
        };
        assert!(cac(ctx, &campaign).is_err());
    });
    with_ctx(&[eight_orders()], &Settings::default(), |ctx| {
        assert!(cac(ctx, &q1()).is_err());
        assert!(roi(ctx, &q1()).is_err());
    });
}

/// `sales.roi` (and `sales.cac`) per channel only when both sides name the channel: the spend
/// (web 100 + 40 = 140, app 60) and the orders (web revenue in Q1: 100 + 30 + 60 = 190;
/// app: 50 + 20 = 70). Web ROI = (190 - 140) / 140 = 5/14; app = (70 - 60) / 60 = 1/6.
/// Orders without a channel: no breakdown at all (each key would show the whole revenue).
#[test]
fn roi_per_channel_only_when_spend_and_orders_have_one() {
    use crate::Query;
    use crate::metrics::run;
    use chrono::NaiveDate;
    let q1 = Query {
        from: NaiveDate::from_ymd_opt(2025, 1, 1),
        to: NaiveDate::from_ymd_opt(2025, 3, 31),
        ..Query::default()
    };
    let by_channel = |tables: &[Table], id: &str| {
        let s = Settings::default();
        let ctx = Ctx::new(tables, &s, &q1);
        let def = DEFS.iter().find(|d| d.id == id).unwrap();
        let m = run(&ctx, def).unwrap();
        m.breakdowns.iter().find(|b| b.by == "channel").map(|b| {
            let mut rows: Vec<(String, Option<f64>)> =
                b.rows.iter().map(|r| (r.key.clone(), r.value)).collect();
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            rows
        })
    };
    let both = [eight_orders(), spend_table()];
    let roi = by_channel(&both, "sales.roi").expect("both files have a channel");
    assert_eq!(roi.len(), 2);
    assert_eq!(roi[0].0, "app");
    crate::test_support::assert_close_some(roi[0].1, 10.0 / 60.0);
    assert_eq!(roi[1].0, "web");
    crate::test_support::assert_close_some(roi[1].1, 50.0 / 140.0);
    // CAC by the same rule: web new customers c1, c3 → 140 / 2; app: c2 → 60.
    let cac = by_channel(&both, "sales.cac").expect("both files have a channel");
    assert_eq!(
        cac,
        vec![("app".into(), Some(60.0)), ("web".into(), Some(70.0))]
    );
    // Orders without a channel, spend with one: no per-channel figures.
    let mut orders = eight_orders();
    orders.columns.retain(|c| c.role != Some(Role::Channel));
    let spend_only = [orders, spend_table()];
    assert_eq!(by_channel(&spend_only, "sales.roi"), None);
    assert_eq!(by_channel(&spend_only, "sales.cac"), None);
    // Spend without a channel, orders with one: none either.
    let mut spend = spend_table();
    spend.columns.retain(|c| c.role != Some(Role::Channel));
    let orders_only = [eight_orders(), spend];
    assert_eq!(by_channel(&orders_only, "sales.roi"), None);
    assert_eq!(by_channel(&orders_only, "sales.cac"), None);
}
