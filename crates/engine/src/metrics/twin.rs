//! The DuckDB twins of the metrics (`crates/engine/sql/<id>.sql`, one query each).
//!
//! Pieces several twins need (the read-through of a canonical table, the survey answers on
//! their scales, business hours between two instants...) are kept once, in
//! `sql/common/<name>.sql`, as a `CREATE OR REPLACE TEMP VIEW <name>` or a
//! `CREATE OR REPLACE TEMP MACRO <name>` (scalar or table). A twin names what it needs with a line
//! `-- @include <name>`; [`sql`] splices each piece in (its own includes first, each piece once),
//! so what `jornada sql` prints runs on its own in DuckDB.

use crate::metrics::catalogue;

/// `(name, text)` of each file `sql/common/<name>.sql`.
macro_rules! shared_views {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../sql/common/", $name, ".sql")))),*]
    };
}

/// The shared views and macros, by name.
static COMMON: &[(&str, &str)] = shared_views![
    "article_names",
    "article_views_",
    "article_views_in_range",
    "business_hours_between",
    "completed_orders",
    "employee_survey_",
    "events_",
    "chats_read",
    "first_orders",
    "leads_read",
    "journey_rows",
    "ltv",
    "ltv_annual_churn",
    "ltv_factors",
    "ltv_years",
    "mrr_movements",
    "mrr_period_sums",
    "mrr_pooled",
    "new_customers_in_range",
    "orders_",
    "range_periods",
    "referral_word",
    "sessions_",
    "sessions_read",
    "signups",
    "spend_in_range",
    "spend_main_currency",
    "subscription_book",
    "subscriptions_",
    "survey_answers",
    "survey_labelled",
    "survey_responses_",
    "ticket_hours",
    "tickets_",
    "user_activity",
];

/// `(metric id, text)` of each detail twin, `sql/details/<id>.sql`.
macro_rules! detail_twins {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../../sql/details/", $id, ".sql")))),*]
    };
}

/// The detail twins: where a metric's headline value is not the whole of what it reports
/// (the funnel's steps, each cohort cell, identity's per-file counts, each profile, each
/// milestone), a query returning rows `(key VARCHAR, value DOUBLE)`, one per figure; the
/// parity test compares them, key by key, with the same figures the engine reports
/// (`examples/parity.rs`, `facts`).
static DETAILS: &[(&str, &str)] = detail_twins![
    "journey.customers",
    "journey.identity",
    "journey.milestones",
    "journey.stage_funnel",
    "loyalty.retention_cohorts",
];

/// The ids of the metrics with a detail twin.
pub fn detail_ids() -> impl Iterator<Item = &'static str> {
    DETAILS.iter().map(|(id, _)| *id)
}

/// The detail twin of a metric with its shared views spliced in (see [`DETAILS`]).
pub fn detail_sql(id: &str) -> Option<String> {
    let (_, twin) = DETAILS.iter().find(|(i, _)| *i == id)?;
    let mut out = String::with_capacity(twin.len() * 2);
    splice(twin, &mut Vec::new(), &mut out);
    Some(out)
}

/// The DuckDB twin of a metric with its shared views spliced in, used by the parity tests and
/// by users whose data outgrows a browser.
pub fn sql(id: &str) -> Option<String> {
    let twin = catalogue().into_iter().find(|d| d.id == id)?.sql;
    // A metric SQL does not express (a model fit, identity's rules, profiles): no twin.
    if twin.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(twin.len() * 2);
    splice(twin, &mut Vec::new(), &mut out);
    Some(out)
}

/// Copies `text` to `out`, replacing each `-- @include NAME` line by the shared view NAME
/// (recursively) unless `done` already has it. An unknown name is left as written, and the
/// tests below fail on it.
fn splice<'a>(text: &'a str, done: &mut Vec<&'a str>, out: &mut String) {
    for line in text.lines() {
        let include = line.strip_prefix("-- @include ").map(str::trim);
        match include.and_then(|name| common(name).map(|body| (name, body))) {
            Some((name, _)) if done.contains(&name) => {}
            Some((name, body)) => {
                done.push(name);
                splice(body, done, out);
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
}

fn common(name: &str) -> Option<&'static str> {
    COMMON.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::catalogue;

    /// The statement that creates the shared view or macro `name` (its file's own name).
    fn creates(name: &str) -> String {
        let view = format!("CREATE OR REPLACE TEMP VIEW {name} AS");
        let body = common(name).unwrap_or_default();
        if body.contains(&view) {
            view
        } else {
            format!("CREATE OR REPLACE TEMP MACRO {name}(")
        }
    }

    /// Every twin's spliced text: the metrics' and the detail twins.
    fn all_twins() -> Vec<(String, String)> {
        let main = catalogue()
            .into_iter()
            .filter_map(|d| sql(d.id).map(|t| (d.id.to_string(), t)));
        let details =
            detail_ids().filter_map(|id| detail_sql(id).map(|t| (format!("{id} (details)"), t)));
        main.chain(details).collect()
    }

    #[test]
    fn every_detail_twin_names_a_metric() {
        let ids: Vec<&str> = catalogue().iter().map(|d| d.id).collect();
        for id in detail_ids() {
            assert!(ids.contains(&id), "sql/details/{id}.sql: no such metric");
        }
    }

    #[test]
    fn every_include_resolves_and_each_view_is_created_once() {
        for (id, text) in all_twins() {
            assert!(!text.contains("-- @include"), "{id}: unresolved include");
            for (name, _) in COMMON {
                assert!(
                    text.matches(&creates(name)).count() <= 1,
                    "{id}: view {name} created twice"
                );
            }
        }
    }

    #[test]
    fn a_view_comes_before_the_views_that_read_it() {
        // survey_answers reads survey_labelled, which reads the two survey tables.
        let text = sql("loyalty.nps").unwrap_or_default();
        let at = |name: &str| {
            text.find(&format!("TEMP VIEW {name} AS"))
                .unwrap_or(usize::MAX)
        };
        assert!(at("survey_responses_") < at("survey_labelled"));
        assert!(at("employee_survey_") < at("survey_labelled"));
        assert!(at("survey_labelled") < at("survey_answers"));
        assert!(at("survey_answers") < text.find("WITH valid AS").unwrap_or(0));
    }

    #[test]
    fn a_macro_comes_before_the_macros_that_call_it() {
        // ticket_hours reads tickets_ and calls business_hours_between.
        let text = sql("service.first_response_time").unwrap_or_default();
        let at = |what: &str| text.find(what).unwrap_or(usize::MAX);
        assert!(at("TEMP VIEW tickets_ AS") < at("TEMP MACRO ticket_hours("));
        assert!(at("TEMP MACRO business_hours_between(") < at("TEMP MACRO ticket_hours("));
        assert!(at("TEMP MACRO ticket_hours(") < at("FROM ticket_hours('first_response')"));
    }

    #[test]
    fn every_shared_view_is_used_and_named_after_its_file() {
        let twins: Vec<String> = all_twins().into_iter().map(|(_, t)| t).collect();
        for (name, body) in COMMON {
            assert!(
                body.contains(&creates(name)),
                "sql/common/{name}.sql must create the view or macro {name}"
            );
            assert!(
                twins.iter().any(|t| t.contains(&creates(name))),
                "sql/common/{name}.sql is used by no twin"
            );
        }
    }

    #[test]
    fn a_twin_without_includes_is_unchanged() {
        let raw = catalogue()
            .into_iter()
            .find(|d| d.id == "sales.orders")
            .map(|d| d.sql)
            .unwrap_or_default();
        assert!(!raw.contains("@include"));
        assert_eq!(sql("sales.orders").as_deref(), Some(raw));
    }
}
