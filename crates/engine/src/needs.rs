//! What an unavailable metric needs, as language-neutral parts.
//!
//! A metric that cannot be computed returns a [`Need`]: a stable key (`orders.customer`) plus
//! the ids that fill its blanks (a survey kind, a role id, a table kind id, currency codes).
//! [`english`] renders it for the CLI and the report's `needs` text; the app renders the same
//! parts in pt-BR and English. Blanks: `surveys.scores` (survey kind id), `filter.column`
//! (role id, table kind id), `filter.column_any` (role id), `spend.currency` (orders'
//! currency, spend's currency), `settings.calendar` (the calendar's error, in English).

pub use crate::report::Need;

/// The English of every key. `{0}`, `{1}` are the args in order. Keys are part of the JSON
/// contract.
pub const CATALOGUE: &[(&str, &str)] = &[
    ("orders.date", "an orders file with an order date column"),
    (
        "orders.amount",
        "an orders file with an amount (order total) column",
    ),
    (
        "orders.customer",
        "an orders file with a customer id or e-mail column",
    ),
    (
        "orders.date_customer",
        "an orders file with a date and a customer id or e-mail column",
    ),
    (
        "orders.abandoned",
        "orders with a status column marking abandoned carts (e.g. \"carrinho abandonado\"), or an abandoned-checkouts export",
    ),
    (
        "orders.order_type",
        "orders with an order type column (upsell / cross-sell)",
    ),
    (
        "orders.order_type_or_subscriptions",
        "orders with an order type column (upsell / cross-sell), or subscriptions",
    ),
    (
        "orders.margin",
        "an orders cost or margin column, or settings.default_margin",
    ),
    (
        "orders.relationship",
        "completed orders to estimate the relationship length, or settings.ltv_relationship_years",
    ),
    (
        "orders.relationship_year",
        "at least a year of order history to estimate the relationship length, or settings.ltv_relationship_years",
    ),
    (
        "orders.clv_history",
        "completed orders of at least {0} customers, {1} of them buying again on a later day with an amount, to fit the purchase and spend models (the data have {2} and {3})",
    ),
    (
        "orders.clv_fit",
        "order histories the {0} model can be fitted to: its maximum-likelihood search did not converge on these",
    ),
    (
        "orders.clv_spend",
        "repeat-purchase amounts that leave a finite mean spend: the Gamma-Gamma fit gave q = {0} (it needs q > 1)",
    ),
    (
        "spend.date_amount",
        "a marketing spend file with a date and a spend (cost) column",
    ),
    (
        "subscriptions.mrr",
        "a subscriptions file with a start date and an MRR or amount column",
    ),
    (
        "subscriptions.seats",
        "a subscriptions file with a customer id and a seats (or quantity) column",
    ),
    ("leads.created", "a leads file with a creation date"),
    (
        "leads.source",
        "a leads file with a source or channel column",
    ),
    (
        "leads.converted",
        "a converted column in the leads file, or leads with e-mail/customer id plus an orders file with customers",
    ),
    ("sessions.date", "a sessions/traffic file with a date"),
    (
        "journey.health_inputs",
        "two of: an events or sessions file, survey responses, tickets, orders, subscriptions, naming customers",
    ),
    (
        "journey.people",
        "a file with a customer id or e-mail column (a visitor id links sessions and events to them)",
    ),
    (
        "sessions.landing",
        "a sessions file with landing page and converted (to lead) columns",
    ),
    (
        "sessions.medium",
        "a sessions file with a medium, source or channel column",
    ),
    (
        "sessions.duration",
        "a sessions file with a session duration column (seconds) or start and end times",
    ),
    (
        "sessions.person",
        "a sessions file with a date and a customer id, e-mail or visitor id",
    ),
    (
        "chats.bot",
        "a chats file with a date, a converted column and a transferred or bot column",
    ),
    (
        "chats.transferred",
        "a chats file with a date and a transferred column",
    ),
    ("social.date", "a social interactions file with a date"),
    (
        "tickets.created",
        "a tickets file with a creation date (created_at)",
    ),
    (
        "tickets.customer",
        "a tickets file with a customer id or e-mail column",
    ),
    (
        "tickets.first_response",
        "a tickets file with creation and first-response dates, or a first-response time column",
    ),
    (
        "tickets.resolution",
        "a tickets file with creation and resolution dates, or a resolution time column",
    ),
    (
        "tickets.handle_time",
        "a tickets file with a handle/talk/work time column",
    ),
    (
        "tickets.bot",
        "a tickets or chats file with a bot flag and a transferred-to-human flag",
    ),
    (
        "tickets.sla",
        "a tickets file with an SLA-breached flag, an SLA due date, or creation and first-response times",
    ),
    (
        "tickets.reason",
        "a tickets file with a reason/type/category column",
    ),
    ("tickets.agent", "a tickets file with an agent column"),
    (
        "articles.views",
        "an article-views file with an article column and a date",
    ),
    (
        "articles.votes",
        "an article-views file with an article column and a helpful vote or rating column",
    ),
    (
        "shifts.hours",
        "an agent-shifts file with an agent column and logged hours (or shift start and end)",
    ),
    (
        "reviews.rating",
        "a reviews file with a date and a 1-5 rating column",
    ),
    ("surveys.comment", "survey responses with a comment column"),
    (
        "events.name",
        "an events file with an event name, a date and a customer id or e-mail column",
    ),
    (
        "activity.person",
        "an events or sessions file with a date and a customer id, e-mail or visitor id",
    ),
    (
        "usage.account_user",
        "an events or sessions file with an account (customer id) and a user e-mail or visitor id",
    ),
    (
        "events.core_actions",
        "core action event names in the settings (core_actions), or events other than the activation, first-value, onboarding, sign-up and login/logout ones",
    ),
    (
        "referrals.source",
        "leads or orders with a source/channel column (referral, indicação) or a referrer column",
    ),
    (
        "surveys.scores",
        "a survey-responses file with a date and {0} scores (a survey-kind and score column, or a {0} question column)",
    ),
    ("filter.column", "a {0} column in the {1} file"),
    (
        "filter.column_any",
        "a {0} column in the files this metric reads",
    ),
    (
        "spend.currency",
        "marketing spend in the orders' currency ({0}; the spend is in {1})",
    ),
    (
        "settings.calendar",
        "a valid business calendar in the settings ({0})",
    ),
];

/// Every key a [`Need`] can have.
pub fn keys() -> impl Iterator<Item = &'static str> {
    CATALOGUE.iter().map(|(k, _)| *k)
}

/// The English of a need (the CLI's, and the report's `needs`). A table kind id reads as
/// words (`marketing_spend` → `marketing spend`); a key this version does not know reads as
/// itself.
pub fn english(need: &Need) -> String {
    let Some((_, template)) = CATALOGUE.iter().find(|(k, _)| *k == need.key) else {
        return need.key.clone();
    };
    let mut out = (*template).to_string();
    for (i, arg) in need.args.iter().enumerate() {
        let words = if need.key == "filter.column" && i == 1 {
            arg.replace('_', " ")
        } else {
            arg.clone()
        };
        out = out.replace(&format!("{{{i}}}"), &words);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, read_bytes};
    use crate::sample::{Lang, SampleSize, generate};
    use crate::{Query, Settings, metrics};

    #[test]
    fn blanks_are_filled_from_the_args() {
        assert_eq!(
            english(&Need::new("surveys.scores", ["nps"])),
            "a survey-responses file with a date and nps scores (a survey-kind and score column, or a nps question column)"
        );
        assert_eq!(
            english(&Need::new("filter.column", ["channel", "marketing_spend"])),
            "a channel column in the marketing spend file"
        );
        assert_eq!(
            english(&Need::new("spend.currency", ["BRL", "USD"])),
            "marketing spend in the orders' currency (BRL; the spend is in USD)"
        );
        assert_eq!(
            english(&Need::bare("orders.date")),
            "an orders file with an order date column"
        );
        assert_eq!(english(&Need::bare("something.new")), "something.new");
    }

    /// Each key once, and its blanks exactly those its args fill.
    #[test]
    fn every_key_is_listed_once_with_numbered_blanks() {
        let mut seen = std::collections::BTreeSet::new();
        for (key, template) in CATALOGUE {
            assert!(seen.insert(*key), "{key} twice");
            let blanks = (0..5)
                .filter(|i| template.contains(&format!("{{{i}}}")))
                .count();
            let expected = match *key {
                "surveys.scores" | "filter.column_any" | "settings.calendar" | "orders.clv_fit"
                | "orders.clv_spend" => 1,
                "filter.column" | "spend.currency" => 2,
                "orders.clv_history" => 4,
                _ => 0,
            };
            assert_eq!(blanks, expected, "{key}: {template}");
        }
    }

    /// Every metric unavailable with no file, or with one sample file alone (each of the 14, in
    /// both languages), says what it needs with a listed key, and its English is the rendering.
    #[test]
    fn every_need_the_metrics_emit_is_listed() {
        let settings = Settings::default();
        let query = Query::default();
        let mut seen = std::collections::BTreeSet::new();
        let mut check = |report: crate::Report, what: &str| {
            for u in &report.unavailable {
                let n = u
                    .need
                    .as_ref()
                    .unwrap_or_else(|| panic!("{what}: {} has no need", u.id));
                assert!(
                    keys().any(|k| k == n.key),
                    "{what}: {} needs unlisted {n:?}",
                    u.id
                );
                assert_eq!(u.needs, english(n));
                seen.insert(n.key.clone());
            }
        };
        check(metrics::analyze(&[], &settings, &query), "no file");
        for lang in [Lang::Pt, Lang::En] {
            for f in generate(SampleSize::Orders(300), lang, 42) {
                let table = read_bytes(&f.name, &f.csv, &IngestOptions::default())
                    .unwrap_or_else(|e| panic!("{}: {e}", f.name));
                check(
                    metrics::analyze(std::slice::from_ref(&table), &settings, &query),
                    &f.name,
                );
            }
        }
        assert!(seen.len() >= 20, "only {} needs seen: {seen:?}", seen.len());
    }
}
