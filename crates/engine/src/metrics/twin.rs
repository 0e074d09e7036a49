//! The DuckDB twins of the metrics (`crates/engine/sql/<id>.sql`, one query each).
//!
//! Pieces several twins need (the read-through of a canonical table, the survey answers on
//! their scales, the business calendar...) are kept once, in `sql/common/<name>.sql`, as a
//! `CREATE OR REPLACE TEMP VIEW <name>`. A twin names what it needs with a line
//! `-- @include <name>`; [`sql`] splices each piece in (its own includes first, each piece once),
//! so what `jornada sql` prints runs on its own in DuckDB.

/// The shared views, by name.
static COMMON: &[(&str, &str)] = &[
    (
        "article_names",
        include_str!("../../sql/common/article_names.sql"),
    ),
    (
        "article_views_",
        include_str!("../../sql/common/article_views_.sql"),
    ),
    (
        "article_views_in_range",
        include_str!("../../sql/common/article_views_in_range.sql"),
    ),
    (
        "business_calendar",
        include_str!("../../sql/common/business_calendar.sql"),
    ),
    (
        "employee_survey_",
        include_str!("../../sql/common/employee_survey_.sql"),
    ),
    ("events_", include_str!("../../sql/common/events_.sql")),
    (
        "first_chats_file",
        include_str!("../../sql/common/first_chats_file.sql"),
    ),
    (
        "first_leads_file",
        include_str!("../../sql/common/first_leads_file.sql"),
    ),
    (
        "first_orders",
        include_str!("../../sql/common/first_orders.sql"),
    ),
    (
        "first_sessions_file",
        include_str!("../../sql/common/first_sessions_file.sql"),
    ),
    ("ltv", include_str!("../../sql/common/ltv.sql")),
    (
        "ltv_annual_churn",
        include_str!("../../sql/common/ltv_annual_churn.sql"),
    ),
    (
        "ltv_customer_spans",
        include_str!("../../sql/common/ltv_customer_spans.sql"),
    ),
    (
        "ltv_factors",
        include_str!("../../sql/common/ltv_factors.sql"),
    ),
    (
        "ltv_orders",
        include_str!("../../sql/common/ltv_orders.sql"),
    ),
    ("ltv_years", include_str!("../../sql/common/ltv_years.sql")),
    (
        "new_customers_in_range",
        include_str!("../../sql/common/new_customers_in_range.sql"),
    ),
    ("orders_", include_str!("../../sql/common/orders_.sql")),
    ("sessions_", include_str!("../../sql/common/sessions_.sql")),
    ("signups", include_str!("../../sql/common/signups.sql")),
    (
        "spend_in_range",
        include_str!("../../sql/common/spend_in_range.sql"),
    ),
    (
        "spend_main_currency",
        include_str!("../../sql/common/spend_main_currency.sql"),
    ),
    (
        "subscription_rows",
        include_str!("../../sql/common/subscription_rows.sql"),
    ),
    (
        "subscriptions_",
        include_str!("../../sql/common/subscriptions_.sql"),
    ),
    (
        "survey_answers",
        include_str!("../../sql/common/survey_answers.sql"),
    ),
    (
        "survey_labelled",
        include_str!("../../sql/common/survey_labelled.sql"),
    ),
    (
        "survey_responses_",
        include_str!("../../sql/common/survey_responses_.sql"),
    ),
    ("tickets_", include_str!("../../sql/common/tickets_.sql")),
    (
        "user_activity",
        include_str!("../../sql/common/user_activity.sql"),
    ),
];

/// The DuckDB twin of a metric with its shared views spliced in, used by the parity tests and
/// by users whose data outgrows a browser.
pub fn sql(id: &str) -> Option<String> {
    let twin = [
        super::attraction::SQL,
        super::sales::SQL,
        super::service::SQL,
        super::loyalty::SQL,
    ]
    .into_iter()
    .flatten()
    .find(|(i, _)| *i == id)
    .map(|(_, s)| *s)?;
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

    #[test]
    fn every_include_resolves_and_each_view_is_created_once() {
        for def in catalogue() {
            let Some(text) = sql(def.id) else { continue };
            assert!(
                !text.contains("-- @include"),
                "{}: unresolved include",
                def.id
            );
            for (name, _) in COMMON {
                let create = format!("CREATE OR REPLACE TEMP VIEW {name} AS");
                assert!(
                    text.matches(&create).count() <= 1,
                    "{}: view {name} created twice",
                    def.id
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
    fn every_shared_view_is_used_and_named_after_its_file() {
        let twins: Vec<String> = catalogue().iter().filter_map(|d| sql(d.id)).collect();
        for (name, body) in COMMON {
            assert!(
                body.contains(&format!("CREATE OR REPLACE TEMP VIEW {name} AS")),
                "sql/common/{name}.sql must create the view {name}"
            );
            assert!(
                twins.iter().any(|t| t.contains(&format!("VIEW {name} AS"))),
                "sql/common/{name}.sql is used by no twin"
            );
        }
    }

    #[test]
    fn a_twin_without_includes_is_unchanged() {
        let raw = super::super::sales::SQL
            .iter()
            .find(|(i, _)| *i == "sales.orders")
            .map(|(_, s)| *s)
            .unwrap_or_default();
        assert!(!raw.contains("@include"));
        assert_eq!(sql("sales.orders").as_deref(), Some(raw));
    }
}
