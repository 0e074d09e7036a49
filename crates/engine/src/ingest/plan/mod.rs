//! Inference from the header and a sample of leading rows: each column's parser, role,
//! confidence and reason; the table kind; the currency; warnings. Decided once, then every
//! row is parsed straight into typed columns.

mod column;
mod infer;
mod kind;
mod profile;

use super::mapping::FileMapping;
use super::roles::header_key;
use super::survey::{infer_question, looks_like_question};
use super::values::{DateOrder, Decimal, fold, parse_number};
use super::vendors::{self, Vendor};
use crate::table::{Role, SurveyKind, SurveyQuestion, TableKind};
use crate::why::{self, Why};
use column::{ColumnFacts, column_plan};
use kind::{remap_for_kind, resolve_conflicts, score_kind};
use profile::{Profile, profile};
use std::collections::HashSet;

/// How a column's cells are parsed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Parser {
    Text,
    Status,
    Number(Decimal),
    /// A duration; stored as `value_in_hours * out_per_hour` (1 for hours, 3600 for seconds).
    Duration {
        decimal: Decimal,
        unit_hours: f64,
        out_per_hour: f64,
    },
    Date(DateOrder),
    Yyyymmdd,
    Unix {
        millis: bool,
    },
    Bool {
        /// Checkbox columns: `x` means yes and an empty cell means no.
        x_mark: bool,
    },
}

#[derive(Debug, Clone)]
pub struct ColumnPlan {
    pub name: String,
    pub role: Option<Role>,
    pub parser: Parser,
    pub confidence: f32,
    /// [`why::english`] of `why`, filled once the plan is complete.
    pub reason: String,
    /// Why the column got its role and type, as parts a front end can translate.
    pub why: Vec<Why>,
    pub question: Option<SurveyQuestion>,
    /// A non-empty cell that does not parse (or an empty date) rejects the row.
    pub required: bool,
    /// Day/month order was settled by the column's own values or the mapping.
    pub order_settled: bool,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub columns: Vec<ColumnPlan>,
    pub kind: TableKind,
    pub kind_confidence: f32,
    pub kind_reason: String,
    pub kind_why: Vec<Why>,
    pub vendor: Option<&'static str>,
    pub currency: Option<String>,
    /// `why::english_line` of each of `warnings_why`.
    pub warnings: Vec<String>,
    /// The warnings as parts a front end can translate (`warning.*` keys), one each.
    pub warnings_why: Vec<Why>,
    /// Column whose repeated consecutive values mark line items of one order.
    pub fold_by: Option<usize>,
    /// Report exports (GA4) put a "Grand total" row above the data: skip it.
    pub skip_total_rows: bool,
}

const PT_WORDS: [&str; 24] = [
    "data",
    "valor",
    "cliente",
    "pedido",
    "nota",
    "comentario",
    "criado",
    "resolvido",
    "agente",
    "motivo",
    "plano",
    "custo",
    "origem",
    "canal",
    "nome",
    "preco",
    "quantidade",
    "situacao",
    "pagamento",
    "pergunta",
    "resposta",
    "atendente",
    "assinatura",
    "moeda",
];
const EN_WORDS: [&str; 20] = [
    "date",
    "amount",
    "customer",
    "order",
    "score",
    "comment",
    "created",
    "resolved",
    "agent",
    "reason",
    "plan",
    "cost",
    "source",
    "channel",
    "name",
    "price",
    "quantity",
    "payment",
    "question",
    "subscription",
];

/// Builds the plan. `rows` are the sample rows, already cut to the header's width.
pub fn plan(
    file: &str,
    headers: &[String],
    rows: &[Vec<String>],
    delimiter: u8,
    mapping: Option<&FileMapping>,
) -> Plan {
    let mut warnings: Vec<Why> = Vec::new();
    let vendor = vendors::detect(headers);
    let values_of = |c: usize| -> Vec<&str> {
        rows.iter()
            .map(|r| r.get(c).map(String::as_str).unwrap_or(""))
            .collect()
    };
    let profiles: Vec<Profile> = (0..headers.len()).map(|c| profile(&values_of(c))).collect();
    let locale = Locale::of(headers, &profiles, delimiter);

    let mut columns: Vec<ColumnPlan> = headers
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let decimal = locale.column_decimal(&profiles[c]);
            let numbers = values_of(c)
                .iter()
                .filter(|v| !v.trim().is_empty() && parse_number(v, decimal).is_some())
                .count();
            let facts = ColumnFacts {
                name,
                profile: &profiles[c],
                decimal,
                numbers,
            };
            column_plan(&facts, vendor, mapping)
        })
        .collect();
    survey_questions(&mut columns, mapping, values_of);
    resolve_conflicts(&mut columns);

    let (mut kind, mut kind_confidence, mut kind_why) =
        table_kind(file, headers, &columns, vendor, mapping, &mut warnings);
    // Headers that say nothing (`col1`, another language): the values and how columns
    // relate name the roles, and the kind follows from them, less surely.
    if kind == TableKind::Unknown
        && vendor.is_none()
        && mapping.is_none_or(|m| m.kind.is_none())
        && infer::infer_from_values(&mut columns, &profiles, values_of)
    {
        resolve_conflicts(&mut columns);
        let (k, conf, mut why) =
            table_kind(file, headers, &columns, vendor, mapping, &mut warnings);
        if k != TableKind::Unknown {
            why.push(Why::bare("kind.inferred"));
        }
        (kind, kind_confidence, kind_why) = (k, conf * 0.6, why);
    }
    remap_for_kind(kind, &mut columns);
    resolve_conflicts(&mut columns);
    if kind == TableKind::EmployeeSurvey {
        for c in &mut columns {
            if let Some(q) = c.question.as_mut()
                && q.kind == SurveyKind::Nps
            {
                q.kind = SurveyKind::Enps;
            }
        }
    }
    let mapped_order = mapping.and_then(|m| m.date_order);
    date_orders(
        &mut columns,
        &profiles,
        &locale,
        mapped_order,
        &mut warnings,
    );

    // The English reasons, made from the parts so the two say the same.
    for col in &mut columns {
        col.reason = why::english(&col.why);
    }
    let kind_reason = why::english(&kind_why);
    mark_required(kind, &mut columns);
    let currency = currency(file, &columns, &profiles, mapping, values_of, &mut warnings);
    let fold_by = match vendor {
        Some(v) if v.fold_line_items && kind == TableKind::Orders => {
            columns.iter().position(|c| c.role == Some(Role::OrderId))
        }
        _ => None,
    };

    Plan {
        columns,
        kind,
        kind_confidence,
        kind_reason,
        kind_why,
        skip_total_rows: vendor.is_some_and(|v| v.id.starts_with("ga4")),
        vendor: vendor.map(|v: &Vendor| v.id),
        currency,
        warnings: warnings.iter().map(why::english_line).collect(),
        warnings_why: warnings,
        fold_by,
    }
}

/// File-level locale evidence: settles decimal marks and day/month order when a column
/// alone cannot.
struct Locale {
    /// Ids of what says Brazilian (`semicolon`, `pt_headers`, `comma_decimals`, `brl_amounts`).
    pt_evidence: Vec<&'static str>,
    /// Ids of what says American (`en_headers`, `dot_decimals`).
    en_evidence: Vec<&'static str>,
    /// The file's decimal mark, for columns without evidence of their own.
    decimal: Decimal,
    /// Unambiguous day-first and month-first dates in every column of the file.
    day_first_dates: usize,
    month_first_dates: usize,
    /// The file is comma-separated.
    comma_separated: bool,
}

impl Locale {
    fn of(headers: &[String], profiles: &[Profile], delimiter: u8) -> Locale {
        let words: Vec<String> = headers.iter().flat_map(|h| header_key(h)).collect();
        let pt_headers = words
            .iter()
            .filter(|w| PT_WORDS.contains(&w.as_str()))
            .count();
        let en_headers = words
            .iter()
            .filter(|w| EN_WORDS.contains(&w.as_str()))
            .count();
        let comma_cols = profiles
            .iter()
            .filter(|p| p.comma_decimals > p.dot_decimals)
            .count();
        let dot_cols = profiles
            .iter()
            .filter(|p| p.dot_decimals > p.comma_decimals)
            .count();
        let brl = profiles.iter().any(|p| p.currency == Some("BRL"));
        let mut pt_evidence = Vec::new();
        if delimiter == b';' {
            pt_evidence.push("semicolon");
        }
        if pt_headers > en_headers {
            pt_evidence.push("pt_headers");
        }
        if comma_cols > dot_cols {
            pt_evidence.push("comma_decimals");
        }
        if brl {
            pt_evidence.push("brl_amounts");
        }
        let mut en_evidence = Vec::new();
        if en_headers > pt_headers {
            en_evidence.push("en_headers");
        }
        if dot_cols > comma_cols {
            en_evidence.push("dot_decimals");
        }
        let decimal = if comma_cols > dot_cols
            || (comma_cols == dot_cols && pt_evidence.len() > en_evidence.len())
        {
            Decimal::Comma
        } else {
            Decimal::Dot
        };
        Locale {
            pt_evidence,
            en_evidence,
            decimal,
            day_first_dates: profiles.iter().map(|p| p.day_first_dates).sum(),
            month_first_dates: profiles.iter().map(|p| p.month_first_dates).sum(),
            comma_separated: delimiter == b',',
        }
    }

    /// A column's decimal mark: its own evidence, else the file's.
    fn column_decimal(&self, p: &Profile) -> Decimal {
        if p.comma_decimals > p.dot_decimals {
            Decimal::Comma
        } else if p.dot_decimals > p.comma_decimals {
            Decimal::Dot
        } else {
            self.decimal
        }
    }

    /// The order of a column whose dates are all ambiguous, from the rest of the file, and
    /// why.
    fn ambiguous_order(&self) -> (DateOrder, Why) {
        if self.day_first_dates > 0 && self.month_first_dates == 0 {
            (DateOrder::Dmy, Why::bare("order.other_day_first"))
        } else if self.month_first_dates > 0 && self.day_first_dates == 0 {
            (DateOrder::Mdy, Why::bare("order.other_month_first"))
        } else if !self.pt_evidence.is_empty() {
            (
                DateOrder::Dmy,
                Why::new("order.brazilian", self.pt_evidence.iter().copied()),
            )
        } else if !self.en_evidence.is_empty() && self.comma_separated {
            (
                DateOrder::Mdy,
                Why::new("order.american", self.en_evidence.iter().copied()),
            )
        } else {
            (DateOrder::Dmy, Why::bare("order.none"))
        }
    }
}

/// Wide survey exports: numeric question columns become scores with their question.
fn survey_questions<'r>(
    columns: &mut [ColumnPlan],
    mapping: Option<&FileMapping>,
    values_of: impl Fn(usize) -> Vec<&'r str>,
) {
    let long_survey = columns.iter().any(|c| c.role == Some(Role::SurveyKind));
    for (c, col) in columns.iter_mut().enumerate() {
        let mapped_question = mapping.is_some_and(|m| m.questions.contains_key(&col.name));
        let numeric_question = matches!(col.parser, Parser::Number(_))
            && (mapped_question
                || col.role.is_none() && looks_like_question(&col.name)
                || col.role == Some(Role::Score) && !long_survey);
        if !numeric_question {
            continue;
        }
        let (lo, hi) = min_max(&values_of(c), col.parser);
        if let Some(m) = mapping
            && let Some(q) = m.questions.get(&col.name)
        {
            col.role = Some(Role::Score);
            col.question = Some(*q);
            col.confidence = 1.0;
            col.why = vec![Why::bare("survey.mapped")];
            continue;
        }
        if let Some((q, conf, why)) = infer_question(&col.name, lo, hi) {
            col.role = Some(Role::Score);
            col.question = Some(q);
            col.confidence = conf;
            col.why = vec![why];
        }
    }
}

/// The table kind: the vendor's, else scored from the columns; the mapping overrides both.
fn table_kind(
    file: &str,
    headers: &[String],
    columns: &[ColumnPlan],
    vendor: Option<&Vendor>,
    mapping: Option<&FileMapping>,
    warnings: &mut Vec<Why>,
) -> (TableKind, f32, Vec<Why>) {
    let file_words = fold(file);
    let scored = match vendor {
        Some(v) => (v.kind, 0.97, vec![Why::new("kind.vendor", [v.id])]),
        None => score_kind(columns, &file_words, headers),
    };
    let Some(k) = mapping.and_then(|m| m.kind.as_deref()) else {
        return scored;
    };
    match TableKind::from_id(k) {
        Some(k) => (k, 1.0, vec![Why::bare("mapping.set")]),
        None => {
            warnings.push(Why::new("warning.unknown_kind", [file, k]));
            scored
        }
    }
}

/// Day/month order for each slash-date column: the mapping's, the column's own evidence,
/// else the file's (with a warning that it is a guess).
fn date_orders(
    columns: &mut [ColumnPlan],
    profiles: &[Profile],
    locale: &Locale,
    mapped_order: Option<DateOrder>,
    warnings: &mut Vec<Why>,
) {
    for (c, col) in columns.iter_mut().enumerate() {
        if !matches!(col.parser, Parser::Date(_)) {
            continue;
        }
        let p = &profiles[c];
        let (day_first, month_first) = (p.day_first_dates, p.month_first_dates);
        let (order, settled, note) = if let Some(o) = mapped_order {
            (o, true, Some(Why::bare("order.mapped")))
        } else if day_first > 0 && month_first == 0 {
            (DateOrder::Dmy, true, Some(Why::bare("order.day_first")))
        } else if month_first > 0 && day_first == 0 {
            (DateOrder::Mdy, true, Some(Why::bare("order.month_first")))
        } else if month_first > 0 && day_first > 0 {
            let o = if day_first >= month_first {
                DateOrder::Dmy
            } else {
                DateOrder::Mdy
            };
            warnings.push(Why::new(
                "warning.mixed_order",
                [
                    col.name.clone(),
                    day_first.to_string(),
                    month_first.to_string(),
                    format!("{o:?}"),
                ],
            ));
            (o, true, Some(Why::bare("order.mixed")))
        } else if p.ambiguous_dates > 0 {
            let (o, note) = locale.ambiguous_order();
            // The warning carries the guess itself; its English says the order the guess
            // read, which is `o`.
            warnings.push(Why::new(
                "warning.ambiguous_order",
                [col.name.clone(), note.key.clone()]
                    .into_iter()
                    .chain(note.args.iter().cloned()),
            ));
            col.confidence = col.confidence.min(0.5);
            (o, false, Some(note))
        } else {
            (DateOrder::Dmy, true, None)
        };
        col.parser = Parser::Date(order);
        col.order_settled = settled;
        col.why.extend(note);
    }
}

/// Rows that cannot be used without these cells are rejected.
fn mark_required(kind: TableKind, columns: &mut [ColumnPlan]) {
    let required: &[Role] = match kind {
        TableKind::Orders => &[Role::OrderDate, Role::Amount],
        TableKind::Tickets | TableKind::Chats => &[Role::CreatedAt],
        TableKind::Subscriptions => &[Role::StartedAt],
        TableKind::Leads => &[Role::CreatedAt],
        TableKind::MarketingSpend => &[Role::Spend],
        TableKind::SurveyResponses | TableKind::EmployeeSurvey => &[Role::RespondedAt],
        _ => &[],
    };
    for col in columns {
        col.required = col.role.is_some_and(|r| required.contains(&r));
    }
}

/// Currency: stated by the mapping, a currency column with one value, or a symbol.
fn currency<'r>(
    file: &str,
    columns: &[ColumnPlan],
    profiles: &[Profile],
    mapping: Option<&FileMapping>,
    values_of: impl Fn(usize) -> Vec<&'r str>,
    warnings: &mut Vec<Why>,
) -> Option<String> {
    let mut currency = mapping.and_then(|m| m.currency.clone());
    if currency.is_none()
        && let Some(c) = columns.iter().position(|c| c.role == Some(Role::Currency))
    {
        let vals: HashSet<String> = values_of(c)
            .iter()
            .map(|v| v.trim().to_ascii_uppercase())
            .filter(|v| !v.is_empty())
            .collect();
        if vals.len() == 1 {
            currency = vals.into_iter().next();
        } else if vals.len() > 1 {
            let mut codes: Vec<String> = vals.into_iter().collect();
            crate::stats::stable_sort_by(&mut codes, Ord::cmp);
            warnings.push(Why::new(
                "warning.currencies",
                std::iter::once(file.to_string()).chain(codes),
            ));
        }
    }
    if currency.is_none() {
        let money_roles = [Role::Amount, Role::Mrr, Role::Spend, Role::Cost];
        currency = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.role.is_some_and(|r| money_roles.contains(&r)))
            .find_map(|(i, _)| profiles[i].currency)
            .map(str::to_string);
    }
    currency
}

fn min_max(values: &[&str], parser: Parser) -> (f64, f64) {
    let Parser::Number(d) = parser else {
        return (f64::NAN, f64::NAN);
    };
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values {
        if let Some(x) = parse_number(v, d) {
            lo = lo.min(x);
            hi = hi.max(x);
        }
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brazilian_columns_get_roles_types_and_kind() {
        let headers: Vec<String> = [
            "pedido_id",
            "cliente_id",
            "data_pedido",
            "valor",
            "status",
            "canal",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let rows: Vec<Vec<String>> = [
            ["P1", "C1", "25/03/2025", "R$ 1.234,56", "Pago", "site"],
            ["P2", "C2", "04/03/2025", "R$ 99,90", "Cancelado", "loja"],
        ]
        .iter()
        .map(|r| r.iter().map(|s| s.to_string()).collect())
        .collect();
        let p = plan("vendas.csv", &headers, &rows, b';', None);
        assert_eq!(p.kind, TableKind::Orders);
        let roles: Vec<Option<Role>> = p.columns.iter().map(|c| c.role).collect();
        assert_eq!(
            roles,
            vec![
                Some(Role::OrderId),
                Some(Role::CustomerId),
                Some(Role::OrderDate),
                Some(Role::Amount),
                Some(Role::Status),
                Some(Role::Channel)
            ]
        );
        assert_eq!(p.columns[3].parser, Parser::Number(Decimal::Comma));
        assert_eq!(p.columns[2].parser, Parser::Date(DateOrder::Dmy));
        assert_eq!(p.currency.as_deref(), Some("BRL"));
        assert!(p.columns[2].required && p.columns[3].required);
    }
}
