//! The canonical export: every table as a CSV with columns named by role, for the metrics'
//! DuckDB twins (`crates/engine/sql/*.sql`) and for users whose data outgrows a browser.
//!
//! One DuckDB table per file kind (`orders`, `subscriptions`, `leads`, ...: [`TableKind::id`]),
//! the union of every file of that kind. Columns (schema also in `crates/engine/sql/README.md`):
//! - `table_index` (position of the file among the inputs), `file`, `line` (1-based source
//!   line), `row` (0-based row of the file): provenance;
//! - `customer_key`: the engine's unified customer (id, else normalised e-mail), empty if none;
//! - `ts`: the date the engine reads the file by (orders: order date; subscriptions: start;
//!   leads/chats: creation; sessions/spend/social: date), `YYYY-MM-DD HH:MM:SS`;
//! - one column per role the files have, named by role id (`amount`, `status`, `channel`,
//!   `ended_at`, `converted`...); numbers with a dot decimal, booleans `true`/`false`; some
//!   roles are always present (empty when no file has them) so that the twins can name them;
//! - vocabulary the engine resolves from words and settings: `status_class` (completed,
//!   abandoned, cancelled, refunded, pending, other; `completed` for files with no status
//!   column, per METRICS.md), `currency` (upper-cased currency cell, else the file's currency),
//!   `order_type_class` (upsell, cross_sell, other), `interval_months` (months per billing
//!   period: 1 monthly, 12 yearly, 12/52 weekly...; 1 when the file or cell has no interval,
//!   empty when the word is not an interval) and the same as a word, `billing_interval`
//!   (month, year, quarter, semester, week, day; empty for other counts such as "2 years"),
//!   `traffic_class` (organic, other), `has_counts` (social: the file has a count column).
//!
//! The twins own the arithmetic (sums, distinct counts, windows, dates); this export only
//! writes the data and the word classes down.

use crate::metrics::common::table_date;
use crate::metrics::sales::prep::{OrderType, currency_code};
use crate::metrics::subscriptions::interval_months;
use crate::metrics::{Ctx, Customers, attraction};
use crate::period::{Query, SECONDS_PER_DAY, ts_to_date};
use crate::settings::Settings;
use crate::table::{Role, Table, TableKind, Timestamp, Values};
use std::collections::BTreeSet;
use std::path::Path;

/// Roles a kind's canonical table always has, because some twin reads them.
pub fn always_roles(kind: TableKind) -> &'static [Role] {
    match kind {
        TableKind::Orders => &[
            Role::OrderId,
            Role::Amount,
            Role::Status,
            Role::OrderType,
            Role::Channel,
            Role::Source,
        ],
        TableKind::Subscriptions => &[
            Role::SubscriptionId,
            Role::Mrr,
            Role::Amount,
            Role::UnitPrice,
            Role::Seats,
            Role::Interval,
            Role::IntervalCount,
            Role::EndedAt,
            Role::TrialEnd,
            Role::Plan,
            Role::Status,
        ],
        TableKind::Leads => &[
            Role::LeadId,
            Role::Source,
            Role::Channel,
            Role::Converted,
            Role::ConvertedAt,
        ],
        TableKind::Sessions => &[
            Role::VisitorId,
            Role::SessionId,
            Role::LandingPage,
            Role::Converted,
            Role::ConvertedAt,
            Role::Medium,
            Role::Source,
        ],
        TableKind::MarketingSpend => &[Role::Spend, Role::Channel],
        TableKind::Chats => &[Role::Converted, Role::Transferred, Role::BotHandled],
        TableKind::SocialInteractions => &[
            Role::Reactions,
            Role::Comments,
            Role::Shares,
            Role::DirectMessages,
        ],
        _ => &[],
    }
}

/// Kinds whose canonical table exists even with no file (empty), because twins read or join
/// them: every kind but `unknown`.
pub const ALWAYS_KINDS: &[TableKind] = &[
    TableKind::Orders,
    TableKind::Subscriptions,
    TableKind::Tickets,
    TableKind::SurveyResponses,
    TableKind::Leads,
    TableKind::Sessions,
    TableKind::MarketingSpend,
    TableKind::Events,
    TableKind::Reviews,
    TableKind::ArticleViews,
    TableKind::Chats,
    TableKind::SocialInteractions,
    TableKind::EmployeeSurvey,
    TableKind::AgentShifts,
];

/// One canonical table: its DuckDB name, columns with DuckDB types, and CSV bytes (header
/// included).
#[derive(Debug, Clone, PartialEq)]
pub struct CanonicalTable {
    pub name: &'static str,
    pub columns: Vec<(String, &'static str)>,
    pub csv: Vec<u8>,
}

fn default_type(role: Role) -> &'static str {
    match role {
        Role::Amount
        | Role::Mrr
        | Role::Spend
        | Role::Cost
        | Role::Margin
        | Role::Quantity
        | Role::Reactions
        | Role::Comments
        | Role::Shares
        | Role::DirectMessages
        | Role::Seats
        | Role::UnitPrice
        | Role::IntervalCount
        | Role::Score
        | Role::Rating => "DOUBLE",
        Role::EndedAt | Role::TrialEnd | Role::ConvertedAt | Role::StartedAt | Role::CreatedAt => {
            "TIMESTAMP"
        }
        Role::Converted | Role::Transferred | Role::BotHandled => "BOOLEAN",
        _ => "VARCHAR",
    }
}

fn values_type(v: &Values) -> &'static str {
    match v {
        Values::Text(_) => "VARCHAR",
        Values::Number(_) => "DOUBLE",
        Values::Date(_) => "TIMESTAMP",
        Values::Bool(_) => "BOOLEAN",
    }
}

/// `YYYY-MM-DD HH:MM:SS` of a timestamp.
pub fn iso(ts: Timestamp) -> String {
    let secs = ts.rem_euclid(SECONDS_PER_DAY);
    format!(
        "{} {:02}:{:02}:{:02}",
        ts_to_date(ts).format("%Y-%m-%d"),
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

fn cell(values: &Values, row: usize) -> String {
    match values {
        Values::Text(t) => t.get(row).unwrap_or("").to_string(),
        Values::Number(v) => v.get(row).map(number).unwrap_or_default(),
        Values::Date(v) => v.get(row).map(iso).unwrap_or_default(),
        Values::Bool(v) => v[row].map(|b| b.to_string()).unwrap_or_default(),
    }
}

/// The value of role `role` in a table, for the canonical column of that role (the spend
/// column of a spend file falls back to its amount column, as the engine reads it).
fn role_values(table: &Table, role: Role) -> Option<&Values> {
    if role == Role::Spend
        && table.kind == TableKind::MarketingSpend
        && table.column(Role::Spend).is_none()
    {
        return table.column(Role::Amount).map(|c| &c.values);
    }
    table.column(role).map(|c| &c.values)
}

/// Derived columns of a kind (the word classes).
fn derived(kind: TableKind, tables: &[&Table]) -> Vec<&'static str> {
    let mut out = Vec::new();
    if matches!(kind, TableKind::Orders | TableKind::Subscriptions)
        || tables.iter().any(|t| t.column(Role::Status).is_some())
    {
        out.push("status_class");
    }
    if matches!(
        kind,
        TableKind::Orders | TableKind::Subscriptions | TableKind::MarketingSpend
    ) || tables.iter().any(|t| t.column(Role::Currency).is_some())
    {
        out.push("currency");
    }
    match kind {
        TableKind::Orders => out.push("order_type_class"),
        TableKind::Subscriptions => {
            out.push("interval_months");
            out.push("billing_interval");
        }
        TableKind::Sessions => out.push("traffic_class"),
        TableKind::SocialInteractions => out.push("has_counts"),
        _ => {}
    }
    out
}

fn derived_cell(ctx: &Ctx<'_>, name: &str, table: &Table, row: usize) -> String {
    match name {
        "status_class" => match table.text(Role::Status) {
            None => "completed".into(),
            Some(c) => match c.get(row) {
                None => "other".into(),
                Some(w) => {
                    crate::metrics::sales::prep::status_id(ctx.settings.status_class(w)).into()
                }
            },
        },
        "currency" => table
            .text(Role::Currency)
            .and_then(|c| c.get(row))
            .and_then(currency_code)
            .or_else(|| table.currency.as_deref().and_then(currency_code))
            .unwrap_or_default(),
        "order_type_class" => table
            .text(Role::OrderType)
            .map(|c| {
                c.get(row)
                    .map_or(OrderType::Other, OrderType::of)
                    .id()
                    .to_string()
            })
            .unwrap_or_default(),
        "interval_months" => match table.text(Role::Interval).and_then(|c| c.get(row)) {
            None => "1".into(),
            Some(w) => interval_months(w).map(number).unwrap_or_default(),
        },
        "billing_interval" => {
            let months = match table.text(Role::Interval).and_then(|c| c.get(row)) {
                None => Some(1.0),
                Some(w) => interval_months(w),
            };
            let words = [
                (1.0, "month"),
                (12.0, "year"),
                (3.0, "quarter"),
                (6.0, "semester"),
                (12.0 / 52.0, "week"),
                (12.0 / 365.0, "day"),
            ];
            months
                .and_then(|m| words.iter().find(|(n, _)| *n == m).map(|(_, w)| *w))
                .unwrap_or("")
                .into()
        }
        // Whether the row's file has any count column (reactions, comments, shares, direct
        // messages): a file without one is a list of single interactions.
        "has_counts" => attraction::has_social_counts(table).to_string(),
        "traffic_class" => {
            let label = [Role::Medium, Role::Source, Role::Channel]
                .iter()
                .find_map(|r| table.text(*r).and_then(|c| c.get(row)));
            if label.is_some_and(attraction::is_organic) {
                "organic"
            } else {
                "other"
            }
            .into()
        }
        _ => String::new(),
    }
}

/// The canonical tables of `tables` under `settings` (status words change `status_class`).
pub fn canonical(tables: &[Table], settings: &Settings) -> Vec<CanonicalTable> {
    let query = Query::default();
    let ctx = Ctx::new(tables, settings, &query);
    let customers = ctx.customers();
    let mut kinds: BTreeSet<TableKind> = tables.iter().map(|t| t.kind).collect();
    kinds.extend(ALWAYS_KINDS.iter().copied());
    kinds
        .into_iter()
        .map(|kind| canonical_kind(&ctx, &customers, kind))
        .collect()
}

fn canonical_kind(ctx: &Ctx<'_>, customers: &Customers, kind: TableKind) -> CanonicalTable {
    let of_kind: Vec<(usize, &Table)> = ctx.tables_of(kind).collect();
    let just_tables: Vec<&Table> = of_kind.iter().map(|(_, t)| *t).collect();
    // Roles: those the files have (in role order) plus those the twins read.
    let mut roles: BTreeSet<Role> = always_roles(kind).iter().copied().collect();
    for t in &just_tables {
        roles.extend(t.columns.iter().filter_map(|c| c.role));
    }
    roles.remove(&Role::Currency); // replaced by the resolved `currency`
    let typed: Vec<(Role, &'static str)> = roles
        .into_iter()
        .map(|role| {
            let mut types = just_tables
                .iter()
                .filter_map(|t| role_values(t, role))
                .map(values_type);
            let ty = match types.next() {
                None => default_type(role),
                Some(first) if types.all(|t| t == first) => first,
                Some(_) => "VARCHAR",
            };
            (role, ty)
        })
        .collect();
    let derived = derived(kind, &just_tables);
    let mut columns: Vec<(String, &'static str)> = vec![
        ("table_index".into(), "INTEGER"),
        ("file".into(), "VARCHAR"),
        ("line".into(), "INTEGER"),
        ("row".into(), "INTEGER"),
        ("customer_key".into(), "BIGINT"),
        ("ts".into(), "TIMESTAMP"),
    ];
    columns.extend(
        typed
            .iter()
            .map(|(r, ty)| (crate::metrics::role_id(*r), *ty)),
    );
    columns.extend(derived.iter().map(|d| {
        let ty = match *d {
            "interval_months" => "DOUBLE",
            "has_counts" => "BOOLEAN",
            _ => "VARCHAR",
        };
        (d.to_string(), ty)
    }));

    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
    let mut ok = w.write_record(&header).is_ok();
    for (t, table) in &of_kind {
        let at = table_date(table).and_then(|r| table.dates(r));
        for row in 0..table.rows() {
            let mut rec: Vec<String> = Vec::with_capacity(columns.len());
            rec.push(t.to_string());
            rec.push(table.file.clone());
            rec.push(table.lines.get(row).copied().unwrap_or(0).to_string());
            rec.push(row.to_string());
            let key = customers.keys.get(*t).and_then(|k| k.get(row)).copied();
            rec.push(match key {
                Some(k) if k != Customers::NONE => k.to_string(),
                _ => String::new(),
            });
            rec.push(at.and_then(|v| v.get(row)).map(iso).unwrap_or_default());
            for (role, _) in &typed {
                rec.push(
                    role_values(table, *role)
                        .map(|v| cell(v, row))
                        .unwrap_or_default(),
                );
            }
            for d in &derived {
                rec.push(derived_cell(ctx, d, table, row));
            }
            ok &= w.write_record(&rec).is_ok();
        }
    }
    // Writing to a Vec cannot fail; an error here would be a bug, reported as empty CSV.
    let csv = if ok {
        w.into_inner().unwrap_or_default()
    } else {
        Vec::new()
    };
    CanonicalTable {
        name: kind.id(),
        columns,
        csv,
    }
}

/// DuckDB statements that load the canonical CSVs (named `<table>.csv` in the current
/// directory) with their exact types; empty tables are created with their columns.
pub fn load_sql(tables: &[CanonicalTable]) -> String {
    let mut out =
        String::from("-- Loads Jornada's canonical export into DuckDB (run from its directory).\n");
    for t in tables {
        let cols: Vec<String> = t
            .columns
            .iter()
            .map(|(n, ty)| format!("'{n}': '{ty}'"))
            .collect();
        out.push_str(&format!(
            "CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_csv('{name}.csv', header = true, auto_detect = false, quote = '\"', escape = '\"', nullstr = '', columns = {{{cols}}});\n",
            name = t.name,
            cols = cols.join(", ")
        ));
    }
    out
}

/// DuckDB statements that set, as variables, every setting a twin reads (`getvariable('...')`),
/// to the values the engine used, so that a twin run after `load.sql` follows the same
/// settings. An unset optional setting is set to a typed NULL (a second `load.sql` in the same session
/// must not inherit the first one's values); the twins read NULL as the engine's default.
pub fn settings_sql(settings: &Settings) -> String {
    fn text(s: &str) -> String {
        format!("'{}'", s.replace('\'', "''"))
    }
    fn opt(v: Option<f64>) -> String {
        match v.map(number) {
            Some(n) if !n.is_empty() => format!("{n}::DOUBLE"),
            _ => "NULL::DOUBLE".to_string(),
        }
    }
    fn list(items: impl Iterator<Item = String>, ty: &str) -> String {
        format!("[{}]::{ty}[]", items.collect::<Vec<_>>().join(", "))
    }
    let cal = settings.business_calendar.as_ref();
    let vars: Vec<(&str, String)> = vec![
        (
            "sla_first_response_hours",
            opt(Some(settings.sla.first_response_hours)),
        ),
        ("sla_resolution_hours", opt(settings.sla.resolution_hours)),
        (
            "business_open_hour",
            cal.map_or("NULL::INTEGER".into(), |c| {
                format!("{}::INTEGER", c.open_hour)
            }),
        ),
        (
            "business_close_hour",
            cal.map_or("NULL::INTEGER".into(), |c| {
                format!("{}::INTEGER", c.close_hour)
            }),
        ),
        (
            "business_weekdays",
            cal.map_or("NULL::INTEGER[]".into(), |c| {
                list(c.weekdays.iter().map(u8::to_string), "INTEGER")
            }),
        ),
        (
            "business_holidays",
            cal.map_or("NULL::VARCHAR[]".into(), |c| {
                list(c.holidays.iter().map(|h| text(h)), "VARCHAR")
            }),
        ),
        ("csat_min", opt(Some(settings.csat.min))),
        ("csat_max", opt(Some(settings.csat.max))),
        (
            "csat_satisfied_from",
            opt(Some(settings.csat.satisfied_from)),
        ),
        ("ces_min", opt(Some(settings.ces.min))),
        ("ces_max", opt(Some(settings.ces.max))),
        ("ces_satisfied_from", opt(Some(settings.ces.satisfied_from))),
        ("default_margin", opt(settings.default_margin)),
        (
            "ltv_relationship_years",
            opt(settings.ltv_relationship_years),
        ),
        (
            "churn_inactivity_days",
            settings.churn_inactivity_days.to_string(),
        ),
        ("signup_event", text(&settings.signup_event)),
        ("activation_event", text(&settings.activation_event)),
        ("value_event", text(&settings.value_event)),
        ("onboarding_event", text(&settings.onboarding_event)),
        (
            "core_actions",
            if settings.core_actions.is_empty() {
                "NULL::VARCHAR[]".into()
            } else {
                list(settings.core_actions.iter().map(|a| text(a)), "VARCHAR")
            },
        ),
    ];
    let mut out = String::from("-- The settings the twins read, as the engine used them.\n");
    for (name, value) in vars {
        out.push_str(&format!("SET VARIABLE {name} = {value};\n"));
    }
    out
}

/// Writes every canonical table as `<dir>/<table>.csv` and the loader as `<dir>/load.sql`
/// (the tables, then the settings as variables).
pub fn write_canonical(
    tables: &[Table],
    settings: &Settings,
    dir: &Path,
) -> std::io::Result<Vec<CanonicalTable>> {
    std::fs::create_dir_all(dir)?;
    let canon = canonical(tables, settings);
    for t in &canon {
        std::fs::write(dir.join(format!("{}.csv", t.name)), &t.csv)?;
    }
    let load = load_sql(&canon) + &settings_sql(settings);
    std::fs::write(dir.join("load.sql"), load)?;
    Ok(canon)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::text_values;

    #[test]
    fn orders_export_has_roles_classes_and_keys() {
        let t = Table::new("pedidos.csv", TableKind::Orders)
            .with_column(
                "data",
                Role::OrderDate,
                Values::Date(vec![Some(86_400 + 3_661), None].into()),
            )
            .with_column("cliente", Role::CustomerId, text_values(["c1", ""]))
            .with_column("status", Role::Status, text_values(["Pago", ""]))
            .with_column(
                "valor",
                Role::Amount,
                Values::Number(vec![Some(1234.5), None].into()),
            )
            .with_column("tipo", Role::OrderType, text_values(["Up-sell", "x"]));
        let mut t = t;
        t.currency = Some("brl".into());
        let canon = canonical(&[t], &Settings::default());
        let orders = canon.iter().find(|c| c.name == "orders").unwrap();
        let text = String::from_utf8(orders.csv.clone()).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap();
        assert!(header.starts_with("table_index,file,line,row,customer_key,ts,"));
        assert!(header.contains("order_date") && header.contains("status_class"));
        let names: Vec<&str> = header.split(',').collect();
        let first: Vec<&str> = lines.next().unwrap().split(',').collect();
        let get = |row: &[&str], name: &str| {
            row[names.iter().position(|n| *n == name).unwrap()].to_string()
        };
        assert_eq!(get(&first, "ts"), "1970-01-02 01:01:01");
        assert_eq!(get(&first, "amount"), "1234.5");
        assert_eq!(get(&first, "status_class"), "completed");
        assert_eq!(get(&first, "order_type_class"), "upsell");
        assert_eq!(get(&first, "currency"), "BRL");
        assert_eq!(get(&first, "customer_key"), "0");
        assert_eq!(get(&first, "line"), "2");
        let second: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(get(&second, "status_class"), "other");
        assert_eq!(get(&second, "customer_key"), "");
        assert_eq!(get(&second, "order_type_class"), "other");
        // Twins read these even when no file has them.
        assert!(
            canon
                .iter()
                .any(|c| c.name == "leads" && c.columns.iter().any(|(n, _)| n == "lead_id"))
        );
        assert!(
            load_sql(&canon)
                .contains("CREATE OR REPLACE TABLE orders AS SELECT * FROM read_csv('orders.csv'")
        );
    }

    #[test]
    fn settings_become_the_variables_the_twins_read() {
        let defaults = settings_sql(&Settings::default());
        assert!(defaults.contains("SET VARIABLE sla_first_response_hours = 24::DOUBLE;\n"));
        assert!(defaults.contains("SET VARIABLE sla_resolution_hours = NULL::DOUBLE;\n"));
        assert!(defaults.contains("SET VARIABLE business_open_hour = NULL::INTEGER;\n"));
        assert!(defaults.contains("SET VARIABLE csat_satisfied_from = 4::DOUBLE;\n"));
        assert!(defaults.contains("SET VARIABLE core_actions = NULL::VARCHAR[];\n"));
        assert!(defaults.contains("SET VARIABLE activation_event = 'activation';\n"));

        let mut s = Settings {
            business_calendar: Some(crate::settings::BusinessCalendar {
                weekdays: vec![1, 2, 3],
                open_hour: 8,
                close_hour: 17,
                holidays: vec!["2025-12-25".into()],
            }),
            core_actions: vec!["export".into(), "o'brien".into()],
            ..Settings::default()
        };
        s.sla.resolution_hours = Some(48.5);
        let set = settings_sql(&s);
        assert!(set.contains("SET VARIABLE business_open_hour = 8::INTEGER;\n"));
        assert!(set.contains("SET VARIABLE business_close_hour = 17::INTEGER;\n"));
        assert!(set.contains("SET VARIABLE business_weekdays = [1, 2, 3]::INTEGER[];\n"));
        assert!(set.contains("SET VARIABLE business_holidays = ['2025-12-25']::VARCHAR[];\n"));
        assert!(set.contains("SET VARIABLE sla_resolution_hours = 48.5::DOUBLE;\n"));
        assert!(set.contains("SET VARIABLE core_actions = ['export', 'o''brien']::VARCHAR[];\n"));
    }
}
