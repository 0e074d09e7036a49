//! What an unavailable metric needs, in a language-neutral form.
//!
//! Metrics say what would enable them in English (`Unavailable::needs`, shown by the CLI).
//! Front ends in other languages translate [`Need`] instead: a stable key (`orders.customer`)
//! plus the ids that fill its blanks (a role id, a survey kind, currency codes). The catalogue
//! below lists every needs text the metrics emit; a test runs the engine on each sample file
//! alone and on none, and checks that every unavailable metric's text is in it.

use crate::report::Need;

/// Every fixed needs text the metrics emit, by key. Keys are part of the JSON contract.
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
        "spend.date_amount",
        "a marketing spend file with a date and a spend (cost) column",
    ),
    (
        "subscriptions.mrr",
        crate::metrics::subscriptions::NEEDS_SUBSCRIPTIONS,
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
    ("sessions.date", "a sessions file with a date"),
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
        "core action event names in the settings (core_actions), or events other than the activation, first-value and onboarding ones",
    ),
    (
        "referrals.source",
        "leads or orders with a source/channel column (referral, indicação) or a referrer column",
    ),
];

/// Keys of the needs texts with blanks, and what fills them (in order):
/// `surveys.scores` (survey kind id), `filter.column` (role id, table kind id of the file),
/// `filter.column_any` (role id), `spend.currency` (orders' currency, spend's currency),
/// `settings.calendar` (the calendar's error, in English).
pub const PATTERN_KEYS: &[&str] = &[
    "surveys.scores",
    "filter.column",
    "filter.column_any",
    "spend.currency",
    "settings.calendar",
];

/// Every key a [`Need`] can have.
pub fn keys() -> impl Iterator<Item = &'static str> {
    CATALOGUE
        .iter()
        .map(|(k, _)| *k)
        .chain(PATTERN_KEYS.iter().copied())
}

fn need(key: &str, args: &[&str]) -> Need {
    Need {
        key: key.to_string(),
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

/// The language-neutral form of a metric's needs text, or `None` for a text the catalogue
/// does not know (a front end then shows the English text).
pub fn need_of(text: &str) -> Option<Need> {
    if let Some((key, _)) = CATALOGUE.iter().find(|(_, t)| *t == text) {
        return Some(need(key, &[]));
    }
    if let Some(rest) = text.strip_prefix("a survey-responses file with a date and ")
        && let Some((kind, _)) = rest.split_once(" scores (")
    {
        return Some(need("surveys.scores", &[kind]));
    }
    if let Some(role) = text
        .strip_prefix("a ")
        .and_then(|r| r.strip_suffix(" column in the files this metric reads"))
    {
        return Some(need("filter.column_any", &[role]));
    }
    if let Some((role, what)) = text
        .strip_prefix("a ")
        .and_then(|r| r.split_once(" column in the "))
        && let Some(kind) = what.strip_suffix(" file")
    {
        return Some(need("filter.column", &[role, kind]));
    }
    if let Some(codes) = text
        .strip_prefix("marketing spend in the orders' currency (")
        .and_then(|r| r.strip_suffix(')'))
        && let Some((orders, spend)) = codes.split_once("; the spend is in ")
    {
        return Some(need("spend.currency", &[orders, spend]));
    }
    if let Some(error) = text
        .strip_prefix("a valid business calendar in the settings (")
        .and_then(|r| r.strip_suffix(')'))
    {
        return Some(need("settings.calendar", &[error]));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{IngestOptions, read_bytes};
    use crate::sample::{Lang, SampleSize, generate};
    use crate::{Query, Settings, metrics};

    #[test]
    fn texts_with_blanks_give_their_ids() {
        assert_eq!(
            need_of(
                "a survey-responses file with a date and nps scores (a survey-kind and score column, or a nps question column)"
            ),
            Some(need("surveys.scores", &["nps"]))
        );
        assert_eq!(
            need_of("a channel column in the leads file"),
            Some(need("filter.column", &["channel", "leads"]))
        );
        assert_eq!(
            need_of("a segment column in the files this metric reads"),
            Some(need("filter.column_any", &["segment"]))
        );
        assert_eq!(
            need_of("marketing spend in the orders' currency (BRL; the spend is in USD)"),
            Some(need("spend.currency", &["BRL", "USD"]))
        );
        assert_eq!(
            need_of("an orders file with an order date column"),
            Some(need("orders.date", &[]))
        );
        assert_eq!(need_of("something new"), None);
    }

    /// Every metric unavailable with no file, or with one sample file alone (each of the 14, in
    /// both languages), says what it needs in a form the catalogue knows.
    #[test]
    fn every_needs_text_the_metrics_emit_is_in_the_catalogue() {
        let settings = Settings::default();
        let query = Query::default();
        let mut seen = std::collections::BTreeSet::new();
        let mut unknown = std::collections::BTreeSet::new();
        let mut check = |report: crate::Report, what: &str| {
            for u in &report.unavailable {
                match &u.need {
                    Some(n) => {
                        assert_eq!(need_of(&u.needs).as_ref(), Some(n));
                        seen.insert(n.key.clone());
                    }
                    None => {
                        unknown.insert(format!("{what}: {} needs {:?}", u.id, u.needs));
                    }
                }
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
        assert!(unknown.is_empty(), "not in the catalogue: {unknown:#?}");
        assert!(seen.len() >= 20, "only {} needs seen: {seen:?}", seen.len());
    }
}
