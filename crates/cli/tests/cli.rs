//! End-to-end tests of the `jornada` binary: exit codes, the JSON shape, values worked out by
//! hand on small files, unreadable files, and the sample command's determinism.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

fn jornada(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jornada"))
        .args(args)
        .output()
        .expect("the jornada binary runs")
}

/// A fresh directory for one test's files, removed when the test ends (passed or panicked:
/// the guard is dropped while unwinding).
fn temp_dir(test: &str) -> TempDir {
    tempfile::Builder::new()
        .prefix(&format!("jornada-cli-{test}-"))
        .tempdir()
        .expect("temp dir")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test file");
    path.to_string_lossy().into_owned()
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn metric<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["metrics"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == id))
        .unwrap_or_else(|| panic!("metric {id} missing from {report:#}"))
}

fn value(report: &Value, id: &str) -> f64 {
    metric(report, id)["value"]
        .as_f64()
        .unwrap_or_else(|| panic!("{id} has no value"))
}

// The engine's test helpers (`assert_close`), one copy for every test crate.
#[path = "../../engine/src/test_support/shared.rs"]
#[allow(dead_code)]
mod shared;
use shared::{assert_close, assert_close_some};

/// Three completed orders (10, 20, 30; customer c1 twice) and one refunded (40).
const ORDERS: &str = "order_id,customer_id,order_date,status,amount\n\
1,c1,2025-03-01,completed,10.00\n\
2,c2,2025-03-02,completed,20.00\n\
3,c1,2025-03-10,completed,30.00\n\
4,c3,2025-03-11,refunded,40.00\n";

#[test]
fn analyze_json_has_the_documented_shape_and_hand_computed_sales() {
    let dir = temp_dir("shape");
    let orders = write(dir.path(), "orders.csv", ORDERS);
    let out = jornada(&["analyze", "--json", &orders]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out);
    for key in ["tables", "metrics", "unavailable", "errors"] {
        assert!(report[key].is_array(), "{key} is not an array");
    }
    let table = &report["tables"][0];
    assert_eq!(table["file"], "orders.csv");
    assert_eq!(table["kind"], "orders");
    assert_eq!(table["rows"], 4);
    assert_eq!(table["rejected_rows"], 0);
    assert_eq!(table["rejects"], serde_json::json!([]));
    let amount = table["columns"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["name"] == "amount"))
        .expect("amount column");
    assert_eq!(amount["role"], "amount");
    assert_eq!(amount["type"], "number");
    assert!(
        amount["confidence"]
            .as_f64()
            .is_some_and(|c| c > 0.0 && c <= 1.0)
    );
    assert_eq!(report["errors"], serde_json::json!([]));

    // Refunded orders are not sales: 10 + 20 + 30 over 3 orders.
    assert_close(value(&report, "sales.orders"), 3.0);
    assert_close(value(&report, "sales.revenue"), 60.0);
    assert_close(value(&report, "sales.average_ticket"), 20.0);
    // c1 bought twice, c2 once: 1 of 2 buying customers repurchased.
    assert_close(value(&report, "sales.repurchase_rate"), 0.5);
    // Every unavailable entry says what would enable it.
    for u in report["unavailable"].as_array().expect("array") {
        assert!(u["id"].is_string() && u["needs"].as_str().is_some_and(|n| !n.is_empty()));
    }
}

#[test]
fn brazilian_spreadsheet_orders_read_with_no_mapping() {
    let dir = temp_dir("ptbr");
    let pedidos = write(
        dir.path(),
        "pedidos.csv",
        "pedido_id;cliente_id;data_pedido;status;valor\n\
         1;c1;03/03/2025;pago;1.234,56\n\
         2;c2;15/03/2025;pago;10,00\n\
         3;c3;20/03/2025;carrinho abandonado;50,00\n",
    );
    let out = jornada(&["analyze", "--json", &pedidos]);
    assert_eq!(out.status.code(), Some(0));
    let report = json_of(&out);
    assert_close(value(&report, "sales.orders"), 2.0);
    assert_close(value(&report, "sales.revenue"), 1244.56);
    // 1 abandoned of 3 carts (2 completed + 1 abandoned).
    assert_close(value(&report, "sales.cart_abandonment_rate"), 1.0 / 3.0);
}

#[test]
fn rejected_rows_are_listed_by_line_and_do_not_fail_the_run() {
    let dir = temp_dir("rejects");
    // Ten orders of 10.00 on 2025-03-01..10; the one on line 4 has an unreadable date.
    let mut text = String::from("order_id,customer_id,order_date,status,amount\n");
    for i in 1..=10 {
        let date = if i == 3 {
            "not a date".to_string()
        } else {
            format!("2025-03-{i:02}")
        };
        text.push_str(&format!("{i},c{i},{date},completed,10.00\n"));
    }
    let orders = write(dir.path(), "orders.csv", &text);
    let out = jornada(&["analyze", "--json", &orders]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json_of(&out);
    let table = &report["tables"][0];
    assert_eq!(table["rows"], 9);
    assert_eq!(table["rejected_rows"], 1);
    assert_eq!(table["rejects"][0]["line"], 4);
    assert!(
        table["rejects"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("not a date"))
    );
    assert_close(value(&report, "sales.revenue"), 90.0);
    assert_close(value(&report, "sales.orders"), 9.0);
}

#[test]
fn skipped_lines_are_said_in_both_outputs() {
    let dir = temp_dir("warnings");
    // A title above the header (line 1) and a blank row (line 4) are skipped, not data.
    let text = "Loja: março de 2025\norder_id,order_date,amount\n1,2025-03-01,10.00\n,,\n2,2025-03-02,20.00\n";
    let orders = write(dir.path(), "orders.csv", text);
    let out = jornada(&["analyze", "--json", &orders]);
    assert_eq!(out.status.code(), Some(0));
    let table = &json_of(&out)["tables"][0];
    assert_eq!(table["rows"], 2);
    assert_eq!(
        table["warnings"],
        serde_json::json!([
            "line 1 skipped: it is above the header (a title or note)",
            "1 blank row(s) skipped"
        ])
    );
    let out = jornada(&["analyze", &orders]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("      warning: 1 blank row(s) skipped\n"),
        "{text}"
    );
    assert!(
        text.contains("      warning: line 1 skipped: it is above the header"),
        "{text}"
    );
}

#[test]
fn an_unreadable_file_is_named_and_fails_the_run_but_others_are_still_read() {
    let dir = temp_dir("unreadable");
    let orders = write(dir.path(), "orders.csv", ORDERS);
    let empty = write(dir.path(), "empty.csv", "");
    let missing = dir
        .path()
        .join("missing.csv")
        .to_string_lossy()
        .into_owned();
    let out = jornada(&["analyze", "--json", &orders, &empty, &missing]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("empty.csv"), "{stderr}");
    assert!(stderr.contains("missing.csv"), "{stderr}");
    let report = json_of(&out);
    let files: Vec<&str> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["file"].as_str())
        .collect();
    assert_eq!(files, ["empty.csv", "missing.csv"]);
    assert_eq!(report["tables"].as_array().map(Vec::len), Some(1));
    assert_close(value(&report, "sales.revenue"), 60.0);
}

#[test]
fn the_readable_report_groups_by_stage_and_timings_go_to_stderr() {
    let dir = temp_dir("text");
    let orders = write(dir.path(), "orders.csv", ORDERS);
    let out = jornada(&["analyze", "--timings", &orders]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Sales (vendas)"), "{stdout}");
    let revenue_line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("sales.revenue"))
        .expect("a sales.revenue line");
    assert!(revenue_line.contains("60.00"), "{revenue_line}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("MB/s") && stderr.contains("parse ms"),
        "{stderr}"
    );
    assert!(stderr.contains("metrics:"), "{stderr}");
}

#[test]
fn explain_lists_the_rows_and_rules_behind_revenue() {
    let dir = temp_dir("explain");
    let orders = write(dir.path(), "orders.csv", ORDERS);
    let out = jornada(&["explain", "sales.revenue", "--json", &orders]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e = json_of(&out);
    assert_eq!(e["id"], "sales.revenue");
    assert_close_some(e["value"].as_f64(), 60.0);
    let rows = e["rows"].as_array().expect("rows");
    let included: Vec<u64> = rows
        .iter()
        .filter(|r| r["included"] == true)
        .filter_map(|r| r["line"].as_u64())
        .collect();
    assert_eq!(included, [2, 3, 4]);
    let refunded = rows.iter().find(|r| r["line"] == 5).expect("line 5 listed");
    assert_eq!(refunded["included"], false);
    assert!(
        refunded["rule"]
            .as_str()
            .is_some_and(|r| r.contains("refunded"))
    );

    let text = jornada(&["explain", "sales.revenue", &orders]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("orders.csv:5"), "{stdout}");
}

#[test]
fn explain_by_one_breakdown_key_lists_that_bar_only() {
    // Web: orders 1 (10) and 3 (30) = 40; store: order 2 (20). The web bar's rows are the
    // web orders, and they add up to the bar.
    let dir = temp_dir("explain-by");
    let orders = write(
        dir.path(),
        "orders.csv",
        "order_id,customer_id,order_date,status,amount,channel\n\
         1,c1,2025-03-01,completed,10.00,web\n\
         2,c2,2025-03-02,completed,20.00,store\n\
         3,c1,2025-03-10,completed,30.00,web\n",
    );
    let out = jornada(&[
        "explain",
        "sales.revenue",
        "--by",
        "channel=web",
        "--json",
        &orders,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e = json_of(&out);
    assert_close_some(e["value"].as_f64(), 40.0);
    let included: Vec<u64> = e["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["included"] == true)
        .filter_map(|r| r["line"].as_u64())
        .collect();
    assert_eq!(included, [2, 4]);

    let out = jornada(&["explain", "sales.revenue", "--by", "plan=pro", &orders]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no breakdown by plan") && err.contains("channel"),
        "{err}"
    );
    let out = jornada(&["explain", "sales.revenue", "--by", "web", &orders]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ROLE=KEY"));
}

#[test]
fn bad_arguments_exit_2_with_a_message() {
    let dir = temp_dir("badargs");
    let orders = write(dir.path(), "orders.csv", ORDERS);
    let out = jornada(&["sql", "sales.no_such_metric"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("sales.no_such_metric"));

    let out = jornada(&["explain", "sales.no_such_metric", &orders]);
    assert_eq!(out.status.code(), Some(2));

    let out = jornada(&["analyze", "--from", "31/03/2025", &orders]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));

    let config = write(dir.path(), "settings.json", "{ not json");
    let out = jornada(&["analyze", "--config", &config, &orders]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("settings.json"));

    let mapping = write(dir.path(), "mapping.json", "[1, 2]");
    let out = jornada(&["analyze", "--mapping", &mapping, &orders]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("mapping.json"));
}

#[test]
fn from_and_to_narrow_the_range() {
    let dir = temp_dir("range");
    let orders = write(dir.path(), "orders.csv", ORDERS);
    // Only 2025-03-01 and 2025-03-02 (10 + 20).
    let out = jornada(&[
        "analyze",
        "--json",
        "--from",
        "2025-03-01",
        "--to",
        "2025-03-02",
        &orders,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let report = json_of(&out);
    assert_close(value(&report, "sales.revenue"), 30.0);
    assert_close(value(&report, "sales.orders"), 2.0);
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("sample dir")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn sample_is_deterministic_by_seed() {
    let dir = temp_dir("sample");
    let run = |sub: &str, seed: &str, lang: &str| {
        let out_dir = dir.path().join(sub);
        let out_arg = out_dir.to_string_lossy().into_owned();
        let out = jornada(&[
            "sample", "--size", "2000", "--lang", lang, "--seed", seed, "--out", &out_arg,
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        read_dir_sorted(&out_dir)
    };
    let a = run("a", "7", "pt");
    let b = run("b", "7", "pt");
    let c = run("c", "8", "pt");
    assert_eq!(a.len(), 14);
    assert_eq!(a, b, "same seed, same bytes");
    assert_ne!(a, c, "another seed, other data");
    let orders = a
        .iter()
        .find(|(n, _)| n == "pedidos.csv")
        .expect("pedidos.csv");
    assert!(
        orders
            .1
            .starts_with(b"pedido_id;cliente_id;email;data_pedido;status")
    );
    let en = run("en", "7", "en");
    assert!(en.iter().any(|(n, csv)| n == "orders.csv"
        && csv.starts_with(b"order_id,customer_id,email,order_date,status")));

    let bad = jornada(&[
        "sample",
        "--size",
        "huge",
        "--out",
        &dir.path().to_string_lossy(),
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_mapping_file_makes_an_unrecognisable_export_readable() {
    let dir = temp_dir("mapping");
    let export = write(
        dir.path(),
        "export.csv",
        "cod;cli;dt;sit;vl\n1;a;01/03/2025;pago;10,00\n2;b;02/03/2025;pago;20,50\n3;c;13/03/2025;cancelado;99,00\n",
    );
    // No header is known: the values say orders (dates, a known status, decimals), and the
    // JSON says each column was inferred from the values, less surely.
    let without = json_of(&jornada(&["analyze", "--json", &export]));
    let table = &without["tables"][0];
    assert_eq!(table["kind"], "orders");
    assert!(
        table["kind_reason"]
            .as_str()
            .unwrap()
            .contains("inferred from the values"),
        "{table}"
    );
    let vl = &table["columns"][4];
    assert_eq!(vl["role"], "amount");
    assert!(
        vl["reason"]
            .as_str()
            .unwrap()
            .starts_with("inferred from the values as amount"),
        "{vl}"
    );
    assert_eq!(vl["why"][0]["key"], "values.inferred");
    assert!(vl["confidence"].as_f64().unwrap() <= 0.4);
    // The mapping names what the values could not: `cod` is the order id, `cli` the customer.
    let mapping = write(
        dir.path(),
        "mapping.json",
        r#"{"files":[{"file":"export.csv","kind":"orders","columns":
            {"cod":"order_id","cli":"customer_id","dt":"order_date","sit":"status","vl":"amount"}}]}"#,
    );
    let out = jornada(&["analyze", "--json", "--mapping", &mapping, &export]);
    assert_eq!(out.status.code(), Some(0));
    let report = json_of(&out);
    assert_eq!(report["tables"][0]["kind"], "orders");
    assert_eq!(report["tables"][0]["columns"][0]["role"], "order_id");
    assert_eq!(report["tables"][0]["columns"][1]["role"], "customer_id");
    // Two paid orders (10,00 + 20,50); the cancelled one is not revenue.
    assert_close(value(&report, "sales.orders"), 2.0);
    assert_close(value(&report, "sales.revenue"), 30.5);
}

#[test]
fn a_config_file_changes_what_is_computed() {
    let dir = temp_dir("config");
    let events = write(
        dir.path(),
        "events.csv",
        "customer_id,event_name,timestamp\n\
         c1,workout_completed,2025-03-01T10:00:00\n\
         c1,login,2025-03-02T10:00:00\n\
         c2,login,2025-03-03T10:00:00\n\
         c3,login,2025-03-04T10:00:00\n\
         c3,workout_completed,2025-03-05T10:00:00\n\
         c4,login,2025-03-06T10:00:00\n",
    );
    // No core actions configured: the default is every event name but the account-lifecycle
    // ones (login), so workout_completed alone: 2 of the 4 active customers (c1, c3).
    let without = json_of(&jornada(&["analyze", "--json", &events]));
    assert_close(value(&without, "loyalty.core_actions"), 0.5);
    let default = &metric(&without, "loyalty.core_actions")["details"];
    assert_eq!(default["core_actions_default"], 1.0);
    assert_eq!(default["core_actions"], 1.0);
    assert_eq!(default["action:workout_completed"], 0.5);
    assert!(default.get("action:login").is_none());
    let config = write(
        dir.path(),
        "settings.json",
        r#"{"core_actions": ["login"]}"#,
    );
    let out = jornada(&["analyze", "--json", "--config", &config, &events]);
    assert_eq!(out.status.code(), Some(0));
    // Configured, login counts: all 4 active customers logged in.
    let report = json_of(&out);
    assert_close(value(&report, "loyalty.core_actions"), 1.0);
    assert_eq!(metric(&report, "loyalty.core_actions")["n"], 4);
    assert_eq!(
        metric(&report, "loyalty.core_actions")["details"]["core_actions_default"],
        0.0
    );
}

#[test]
fn a_customer_timeline_and_the_profiles_csv() {
    let dir = temp_dir("timeline");
    let orders = write(
        dir.path(),
        "orders.csv",
        "order_id,customer_id,email,order_date,amount,status\n\
         1,C1,ana@x.com,2025-01-05,100.00,completed\n\
         2,=HYPERLINK(1),bob@x.com,2025-01-06,50.00,completed\n\
         3,C1,ana@x.com,2025-02-01,30.00,completed\n",
    );
    let sessions = write(
        dir.path(),
        "sessions.csv",
        "session_id,visitor_id,customer_id,date,source\n\
         s1,v1,,2025-01-01,google\n\
         s2,v1,C1,2025-01-04,google\n",
    );
    let out = jornada(&[
        "explain",
        "journey.customers",
        "--customer",
        "ANA@x.com",
        "--json",
        &orders,
        &sessions,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let e = json_of(&out);
    let rules: Vec<&str> = e["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    // The session before login is C1's too (visitor link), first in time.
    assert_eq!(rules.len(), 4, "{rules:?}");
    assert!(rules[0].starts_with("2025-01-01 00:00 attraction sessions"));
    assert!(rules[2].starts_with("2025-01-05 00:00 sales orders: completed"));
    assert!(rules[3].starts_with("2025-02-01"));
    // An unknown customer is a clear error.
    let out = jornada(&["explain", "journey.customers", "--customer", "zed", &orders]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no customer `zed`"));
    // The profiles CSV: one line per customer, the formula-like id neutralised.
    let out = jornada(&["profiles", &orders, &sessions]);
    assert!(out.status.success());
    let csv = String::from_utf8_lossy(&out.stdout);
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.contains("\n'=HYPERLINK(1),bob@x.com,"), "{csv}");
    assert!(
        csv.contains("\nC1,ana@x.com,2025-01-01,google,repeat,,2025-01-05,2025-02-01,2,130,"),
        "{csv}"
    );
}
