//! Why ingest read a column (or a file) as it did, in a language-neutral form.
//!
//! Ingest explains each column's role and type, and each file's kind, as a list of [`Why`]
//! parts: a stable key (`header.names`) plus the ids and plain numbers that fill its blanks
//! (a header, a role id, a table kind id, a whole percent, a count). [`english`] renders them
//! as the one-line English reason the CLI shows (`Column::reason`, `Table::kind_reason` are
//! made by it, so the two never drift); front ends in other languages render the parts
//! themselves, and fall back to the English text for a key they do not know.

use serde::{Deserialize, Serialize};

/// One part of an explanation: `key` is one of [`KEYS`]; `args` fill its blanks. The default
/// (an empty key) is a part no front end knows: it shows the English text it came with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Why {
    pub key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
}

impl Why {
    pub fn new<S: Into<String>>(key: &str, args: impl IntoIterator<Item = S>) -> Why {
        Why {
            key: key.to_string(),
            args: args.into_iter().map(Into::into).collect(),
        }
    }

    /// A part with no blanks.
    pub fn bare(key: &str) -> Why {
        Why {
            key: key.to_string(),
            args: Vec::new(),
        }
    }
}

/// Every key a [`Why`] can have, with what fills its blanks (in order). `pct` is a whole
/// percent (`97`), `n` a count of sample values, `role` a role id, `kind` a table kind id.
/// Keys are part of the JSON contract: renamed never, only added.
pub const KEYS: &[&str] = &[
    // Where the role came from.
    "mapping.set",      // -
    "vendor.column",    // vendor id
    "header.names",     // header, role
    "header.mentions",  // header, role
    "header.date_like", // header
    // What the sample values are.
    "values.dates",             // pct, n
    "values.yyyymmdd",          // pct, n
    "values.unix_seconds",      // pct, n
    "values.unix_millis",       // pct, n
    "values.durations",         // pct, n, unit (DURATION_UNITS), stored unit
    "values.durations_assumed", // pct, n, unit, stored unit
    "values.numbers",           // pct, n
    "values.decimals",          // pct, n, `comma` or `dot`
    "values.currency",          // ISO 4217 code (continues the part before)
    "values.read_numbers",      // pct, n
    "values.yes_no",            // pct, n
    "values.emails",            // pct, n
    "values.status_known",      // pct, n
    "values.order_status",      // pct, n
    "values.distinct",          // distinct count
    "values.text",              // distinct count
    "values.empty",             // -
    "values.inferred",          // role, inference evidence id (INFER_EVIDENCE)
    "role.none",                // -
    "role.unfit",               // role... (continues the part before)
    "known.no_role",            // -
    // Survey questions.
    "survey.mapped",        // -
    "survey.named",         // survey kind id, scale min, scale max
    "survey.scale",         // survey kind id, scale min, scale max
    "survey.open_question", // -
    // Between columns, and by the table's kind.
    "conflict.surer",     // other column's header, role
    "kind.taken_as",      // role, kind
    "derived.line_total", // unit price column's header, quantity column's header
    // Day/month order of slash dates.
    "order.mapped",          // -
    "order.day_first",       // -
    "order.month_first",     // -
    "order.mixed",           // -
    "order.other_day_first", // -
    "order.other_month_first",
    "order.brazilian", // locale evidence ids (LOCALE_EVIDENCE)
    "order.american",  // locale evidence ids
    "order.none",      // -
    "order.later_dmy", // -
    "order.later_mdy", // -
    // The table's kind.
    "kind.vendor",      // vendor id
    "kind.no_evidence", // -
    "kind.too_few",     // role...
    "kind.score",       // score, next best score, kind evidence ids (KIND_EVIDENCE)...
    "kind.inferred",    // - (continues: the roles scored were inferred from the values)
    // A file's warnings (`Table::warnings_why`), one part each. Orders are `Dmy` or `Mdy`;
    // `what` is a VALUE_KINDS id; columns, cells, files, kinds, encodings and currency codes
    // are as written.
    "warning.unknown_kind",    // file, kind as the mapping wrote it
    "warning.mixed_order",     // column, day-first count, month-first count, order kept
    "warning.ambiguous_order", // column, an `order.*` guess key, its args...
    "warning.currencies",      // file, currency codes...
    "warning.order_reread",    // column, order, count of dates re-read
    "warning.unreadable",      // column, count, what, first cell, its line
    "warning.folded",          // count of line-item rows
    "warning.grand_total",     // count of rows
    "warning.duplicates",      // id column, count of rows merged, `first_row` or `ticket_dates`
    "warning.blank_rows",      // count of rows
    "warning.no_rows",         // -
    "warning.encoding",        // encoding name
    "warning.replaced",        // encoding name
    "warning.title_line",      // line
    "warning.no_header",       // line (read as data; columns named `column 1`, ...)
    "warning.long_quote",      // line the quote opened, line breaks in the field, record-like lines
    // Why a row was rejected (`Reject::why`).
    "reject.field_count", // fields in the row, fields in the header
    "reject.date_empty",  // column
    "reject.unreadable",  // column, cell (at most 40 characters, then `…`), what
];

/// What a cell should have been (`warning.unreadable`, `reject.unreadable`).
pub const VALUE_KINDS: &[(&str, &str)] = &[
    ("text", "text"),
    ("number", "a number"),
    ("duration", "a duration"),
    ("date", "a date"),
    ("yes_no", "yes/no"),
];

/// Keys whose text continues the part before instead of starting a clause of its own.
pub fn continues(key: &str) -> bool {
    matches!(key, "values.currency" | "role.unfit")
}

/// Units a duration column's header can name (`values.durations`' third and fourth blanks).
pub const DURATION_UNITS: &[&str] = &["seconds", "minutes", "hours", "days"];

/// What made a file look Brazilian or American (`order.brazilian`, `order.american`).
pub const LOCALE_EVIDENCE: &[(&str, &str)] = &[
    ("semicolon", "`;` delimiter"),
    ("pt_headers", "Portuguese headers"),
    ("comma_decimals", "comma decimals"),
    ("brl_amounts", "R$ amounts"),
    ("en_headers", "English headers"),
    ("dot_decimals", "dot decimals"),
];

/// What in the values named a column's role when its header did not (`values.inferred`).
pub const INFER_EVIDENCE: &[(&str, &str)] = &[
    ("yyyymmdd", "8-digit integers that all read as dates"),
    ("only_date", "the file's only date column"),
    ("first_date", "the earlier of two date columns"),
    ("later_date", "always on or after the other date column"),
    ("money", "numbers with decimals, none negative"),
    ("line_total", "equal to quantity × unit price on every row"),
    ("unit_price", "times the quantity gives the line total"),
    ("quantity", "small integers that multiply the unit price"),
    (
        "small_integers",
        "few distinct small integers beside an amount",
    ),
    ("repeating_id", "an id that repeats across rows"),
    ("unique_id", "an id that never repeats"),
    (
        "transaction_log",
        "a date beside an amount and a repeating id: a transaction log",
    ),
];

/// What counted towards a table kind (`kind.score`).
pub const KIND_EVIDENCE: &[(&str, &str)] = &[
    ("order_id", "order id"),
    ("order_date", "order date"),
    ("amount", "amount"),
    ("status", "status"),
    ("product", "product"),
    ("file_name", "file name"),
    ("subscription_id", "subscription id"),
    ("plan", "plan"),
    ("interval", "interval"),
    ("mrr", "MRR"),
    ("start_date", "start date"),
    ("end_date", "end date"),
    ("ticket_id", "ticket id"),
    ("first_response", "first response"),
    ("resolution", "resolution"),
    ("agent", "agent"),
    ("reason", "reason"),
    ("sla", "SLA"),
    ("bot_flag", "bot flag"),
    ("transfer_flag", "transfer flag"),
    ("chat_words", "chat words"),
    ("score", "score"),
    ("survey_questions", "survey questions"),
    ("survey_kind", "survey kind"),
    ("question", "question"),
    ("comment", "comment"),
    ("answer_time", "answer time"),
    ("employee_words", "employee survey words"),
    ("lead_id", "lead id"),
    ("converted", "converted"),
    ("source", "source"),
    ("email", "e-mail"),
    ("created_date", "created date"),
    ("lead_words", "lead words"),
    ("session_id", "session id"),
    ("visitor_id", "visitor id"),
    ("landing_page", "landing page"),
    ("pageviews", "pageviews"),
    ("duration", "duration"),
    ("sessions", "sessions"),
    ("medium", "medium"),
    ("spend", "spend"),
    ("campaign", "campaign"),
    ("channel", "channel"),
    ("ad_metrics", "ad metrics"),
    ("event_name", "event name"),
    ("event_time", "event time"),
    ("who", "who"),
    ("rating", "rating"),
    ("review_words", "review words"),
    ("article", "article"),
    ("views", "views"),
    ("helpful_votes", "helpful votes"),
    ("reactions", "reactions"),
    ("comments", "comments"),
    ("shares", "shares"),
    ("direct_messages", "direct messages"),
    ("logged_hours", "logged hours"),
    ("pause_time", "pause time"),
    ("contacts_handled", "contacts handled"),
    ("successful_contacts", "successful contacts"),
];

/// The English words for `id` in one of the id tables above (`KIND_EVIDENCE`,
/// `LOCALE_EVIDENCE`, `VALUE_KINDS`...), or `None` for an id the table lacks.
pub fn english_word(table: &[(&str, &'static str)], id: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == id).map(|(_, text)| *text)
}

/// The same, the id itself when the table lacks it (the English line never fails).
fn lookup<'a>(table: &[(&str, &'static str)], id: &'a str) -> &'a str {
    english_word(table, id).unwrap_or(id)
}

/// A whole percent of a share, as `Why` args carry it (`0.966` → `97`).
pub fn whole_percent(share: f32) -> String {
    format!("{:.0}", share * 100.0)
}

/// One part in English, or `None` for a key not in [`KEYS`].
pub fn english_part(why: &Why) -> Option<String> {
    let a = |i: usize| why.args.get(i).map_or("", String::as_str);
    let rest = |from: usize| why.args.get(from..).unwrap_or_default();
    // A share of the sample: "97% of 120 values".
    let of = || format!("{}% of {} values", a(0), a(1));
    let one_decimal = |i: usize| {
        a(i).parse::<f32>()
            .map_or_else(|_| a(i).to_string(), |x| format!("{x:.1}"))
    };
    let text = match why.key.as_str() {
        "mapping.set" => "set in the mapping".to_string(),
        "vendor.column" => format!("{} export column", a(0)),
        "header.names" => format!("header \"{}\" names {}", a(0), a(1)),
        "header.mentions" => format!("header \"{}\" mentions {}", a(0), a(1)),
        "header.date_like" => format!("header \"{}\" reads like a date", a(0)),
        "values.dates" => format!("{} read as dates", of()),
        "values.yyyymmdd" => format!("{} are yyyymmdd dates", of()),
        "values.unix_seconds" => format!("{} are Unix seconds", of()),
        "values.unix_millis" => format!("{} are Unix milliseconds", of()),
        "values.durations" => format!("{} are durations in {}, stored in {}", of(), a(2), a(3)),
        "values.durations_assumed" => format!(
            "{} are durations in {} (assumed), stored in {}",
            of(),
            a(2),
            a(3)
        ),
        "values.numbers" => format!("{} are numbers", of()),
        "values.decimals" => format!("{} read as numbers ({} decimals)", of(), a(2)),
        "values.currency" => format!(", in {}", a(0)),
        "values.read_numbers" => format!("{} read as numbers", of()),
        "values.yes_no" => format!("{} are yes/no", of()),
        "values.emails" => format!("{} are e-mail addresses", of()),
        "values.status_known" => format!("{} are known status words", of()),
        "values.order_status" => format!("{} are order status words", of()),
        "values.distinct" => format!("{} distinct values in the sample", a(0)),
        "values.text" => format!("text, {} distinct values in the sample", a(0)),
        "values.empty" => "empty in the sample".to_string(),
        "values.inferred" => format!(
            "inferred from the values as {}: {}",
            a(0),
            lookup(INFER_EVIDENCE, a(1))
        ),
        "role.none" => "no role".to_string(),
        "role.unfit" => format!(
            " (header suggested {}, but the values do not fit)",
            rest(0).join("/")
        ),
        "known.no_role" => "known column with no journey role".to_string(),
        "survey.mapped" => "question kind and scale set in the mapping".to_string(),
        "survey.named" => format!(
            "survey question: the question text names {} and answers span {}-{}",
            a(0),
            a(1),
            a(2)
        ),
        "survey.scale" => format!(
            "survey question: no survey word in the text; answers span {}-{}, the usual {} scale",
            a(1),
            a(2),
            a(0)
        ),
        "survey.open_question" => {
            "an open question of a survey: its answers are comments".to_string()
        }
        "conflict.surer" => format!("\"{}\" was surer for {}", a(0), a(1)),
        "kind.taken_as" => format!("taken as {} in a {} table", a(0), a(1)),
        "derived.line_total" => format!(
            "no line total in the file: the amount is \"{}\" × \"{}\" (unit price × quantity)",
            a(0),
            a(1)
        ),
        "order.mapped" => "day/month order set in the mapping".to_string(),
        "order.day_first" => "day-first dates (a day above 12 was seen)".to_string(),
        "order.month_first" => "month-first dates (a day above 12 in second place)".to_string(),
        "order.mixed" => "mixed day/month order; majority kept".to_string(),
        "order.other_day_first"
        | "order.other_month_first"
        | "order.brazilian"
        | "order.american"
        | "order.none" => {
            let (order, because) = order_guess(why)?;
            format!("ambiguous day/month order, read as {order}: {because}")
        }
        "order.later_dmy" => "settled as Dmy by later rows".to_string(),
        "order.later_mdy" => "settled as Mdy by later rows".to_string(),
        "kind.vendor" => format!("recognised as a {} export by its headers", a(0)),
        "kind.no_evidence" => "no column names an order, subscription, ticket, survey answer, lead, session, spend or event".to_string(),
        "kind.inferred" => "inferred from the values, not the headers".to_string(),
        "kind.too_few" => format!(
            "the columns found ({}) are not enough to tell what the file is about",
            rest(0).join(", ")
        ),
        "kind.score" => {
            let evidence: Vec<&str> = rest(2).iter().map(|e| lookup(KIND_EVIDENCE, e)).collect();
            format!(
                "{} (score {}, next best {})",
                evidence.join(" + "),
                one_decimal(0),
                one_decimal(1)
            )
        }
        "warning.unknown_kind" => format!(
            "{}: the mapping names an unknown kind `{}`; ignored",
            a(0),
            a(1)
        ),
        "warning.mixed_order" => format!(
            "column \"{}\": dates are written both day-first ({}) and month-first ({}); read as {}, the majority",
            a(0),
            a(1),
            a(2),
            a(3)
        ),
        "warning.ambiguous_order" => {
            let guess = Why {
                key: a(1).to_string(),
                args: rest(2).to_vec(),
            };
            let (order, because) = order_guess(&guess)?;
            format!(
                "column \"{}\": every date so far could be dd/mm or mm/dd; read as {} because {because} (set \"date_order\" in the mapping to change)",
                a(0),
                if order == "Dmy" { "dd/mm" } else { "mm/dd" }
            )
        }
        "warning.currencies" => format!(
            "{}: several currencies ({}); amounts are not summed across them",
            a(0),
            rest(1).join(", ")
        ),
        "warning.order_reread" => format!(
            "column \"{}\": later rows show {} dates; the {} ambiguous dates were re-read that way",
            a(0),
            a(1),
            a(2)
        ),
        "warning.unreadable" => format!(
            "column \"{}\": {} value(s) could not be read as {} and are left empty (first: \"{}\" on line {})",
            a(0),
            a(1),
            lookup(VALUE_KINDS, a(2)),
            a(3),
            a(4)
        ),
        "warning.folded" => format!(
            "{} line-item rows were folded into their orders (one row per order)",
            a(0)
        ),
        "warning.grand_total" => format!("{} \"Grand total\" row(s) skipped (not data)", a(0)),
        "warning.duplicates" => format!(
            "{} row(s) repeated an id of column {} and were merged into its first row ({})",
            a(1),
            a(0),
            if a(2) == "ticket_dates" {
                "earliest creation, first response, last resolution"
            } else {
                "the first row's values kept"
            }
        ),
        "warning.blank_rows" => format!("{} blank row(s) skipped", a(0)),
        "warning.no_rows" => "the file has a header but no usable rows".to_string(),
        "warning.encoding" => format!("text encoding: {} (not UTF-8)", a(0)),
        "warning.replaced" => format!(
            "some bytes were not valid {} and were replaced by \u{fffd}",
            a(0)
        ),
        "warning.title_line" => format!(
            "line {} skipped: it is above the header (a title or note)",
            a(0)
        ),
        "warning.no_header" => format!(
            "line {} holds values (e-mails, numbers, dates or document numbers), not column names: it is read as data and the columns are named \"column 1\", \"column 2\"...",
            a(0)
        ),
        "warning.long_quote" => format!(
            "line {}: a quoted field opened here runs over {} line breaks ({} of those lines look like rows), read as one cell; is a closing quote missing?",
            a(0),
            a(1),
            a(2)
        ),
        "reject.field_count" => format!("has {} fields, the header has {}", a(0), a(1)),
        "reject.date_empty" => format!("column \"{}\" is empty (a date is required)", a(0)),
        "reject.unreadable" => format!(
            "column \"{}\": \"{}\" is not {}",
            a(0),
            a(1),
            lookup(VALUE_KINDS, a(2))
        ),
        _ => return None,
    };
    Some(text)
}

/// One part as a line of its own (a warning, a reject reason): its English text, or its key
/// when this version does not know it.
pub fn english_line(why: &Why) -> String {
    english_part(why).unwrap_or_else(|| why.key.clone())
}

/// For a guessed day/month order (`order.other_day_first`, `order.brazilian`...): the order
/// read (`Dmy`, `Mdy`) and, in English, what it was read so because of.
pub fn order_guess(why: &Why) -> Option<(&'static str, String)> {
    let evidence = || {
        why.args
            .iter()
            .map(|e| lookup(LOCALE_EVIDENCE, e))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(match why.key.as_str() {
        "order.other_day_first" => (
            "Dmy",
            "another date column of the file is day-first".to_string(),
        ),
        "order.other_month_first" => (
            "Mdy",
            "another date column of the file is month-first".to_string(),
        ),
        "order.brazilian" => ("Dmy", format!("the file looks Brazilian ({})", evidence())),
        "order.american" => ("Mdy", format!("the file looks American ({})", evidence())),
        "order.none" => ("Dmy", "nothing tells; dd/mm assumed".to_string()),
        _ => return None,
    })
}

/// The parts as one English line: clauses joined by `; ` (a key this version does not know
/// shows as itself).
pub fn english(parts: &[Why]) -> String {
    let mut s = String::new();
    for (i, why) in parts.iter().enumerate() {
        if i > 0 && !continues(&why.key) {
            s.push_str("; ");
        }
        match english_part(why) {
            Some(text) => s.push_str(&text),
            None => s.push_str(&why.key),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_english_words() {
        for key in KEYS {
            let mut args = vec!["1".to_string(); 5];
            if *key == "warning.ambiguous_order" {
                // Its second blank is the key of the guess it reports.
                args[1] = "order.none".to_string();
            }
            let why = Why {
                key: key.to_string(),
                args,
            };
            assert!(english_part(&why).is_some(), "{key} has no English text");
        }
        assert_eq!(english_part(&Why::bare("no.such.key")), None);
    }

    #[test]
    fn parts_join_as_clauses_and_continuations() {
        let parts = vec![
            Why::new("header.names", ["Valor total", "amount"]),
            Why::new("values.decimals", ["97", "120", "comma"]),
            Why::new("values.currency", ["BRL"]),
            Why::new("kind.taken_as", ["order_date", "orders"]),
        ];
        assert_eq!(
            english(&parts),
            "header \"Valor total\" names amount; 97% of 120 values read as numbers (comma decimals), in BRL; taken as order_date in a orders table"
        );
        let unfit = vec![
            Why::new("values.text", ["4"]),
            Why::bare("role.none"),
            Why::new("role.unfit", ["order_date", "created_at"]),
        ];
        assert_eq!(
            english(&unfit),
            "text, 4 distinct values in the sample; no role (header suggested order_date/created_at, but the values do not fit)"
        );
        let kind = vec![Why::new(
            "kind.score",
            ["9", "2.5", "order_id", "order_date", "mrr", "new_thing"],
        )];
        assert_eq!(
            english(&kind),
            "order id + order date + MRR + new_thing (score 9.0, next best 2.5)"
        );
        let order = vec![Why::new("order.brazilian", ["semicolon", "brl_amounts"])];
        assert_eq!(
            english(&order),
            "ambiguous day/month order, read as Dmy: the file looks Brazilian (`;` delimiter, R$ amounts)"
        );
    }
}
