//! Inference from the header and a sample of leading rows: each column's parser, role,
//! confidence and reason; the table kind; the currency; warnings. Decided once, then every
//! row is parsed straight into typed columns.

use super::mapping::FileMapping;
use super::roles::{
    duration_unit_hours, header_key, header_roles, is_bool_role, is_date_role, is_hours_role,
    is_number_role, role_from_id, role_id,
};
use super::survey::{infer_question, looks_like_question};
use super::values::{
    DateOrder, Decimal, DecimalEvidence, OrderEvidence, classify_status, currency_in,
    decimal_evidence, fold, looks_like_email, parse_bool, parse_date, parse_duration_hours,
    parse_number, parse_unix, parse_yyyymmdd,
};
use super::vendors::{self, Vendor};
use crate::table::{Role, Status, SurveyKind, SurveyQuestion, TableKind};
use crate::why::{self, Why, whole_percent};
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

/// What a column's sample values look like.
#[derive(Debug, Default)]
struct Profile {
    n: usize,
    dec_dot: usize,
    dec_comma: usize,
    numeric: usize,
    date_ok: usize,
    ev_dmy: usize,
    ev_mdy: usize,
    ev_amb: usize,
    ymd_int: usize,
    unix_s: usize,
    unix_ms: usize,
    bool_ok: usize,
    bool_words: usize,
    x_only: bool,
    email: usize,
    status_known: usize,
    hms: usize,
    distinct: usize,
    currency: Option<&'static str>,
}

fn profile(values: &[&str]) -> Profile {
    let mut p = Profile {
        x_only: true,
        ..Profile::default()
    };
    let mut seen: HashSet<&str> = HashSet::new();
    for v in values {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        p.n += 1;
        if seen.len() < 1000 {
            seen.insert(v);
        }
        match decimal_evidence(v) {
            Some(DecimalEvidence::Dot) => {
                p.dec_dot += 1;
                p.numeric += 1
            }
            Some(DecimalEvidence::Comma) => {
                p.dec_comma += 1;
                p.numeric += 1
            }
            Some(DecimalEvidence::Either) => p.numeric += 1,
            None => {}
        }
        if p.currency.is_none() && v.bytes().any(|b| !b.is_ascii_digit()) {
            p.currency = currency_in(v);
        }
        if let Some((_, ev)) = parse_date(v, DateOrder::Dmy) {
            p.date_ok += 1;
            match ev {
                OrderEvidence::Dmy => p.ev_dmy += 1,
                OrderEvidence::Mdy => p.ev_mdy += 1,
                OrderEvidence::Ambiguous => p.ev_amb += 1,
                OrderEvidence::None => {}
            }
        }
        if parse_yyyymmdd(v).is_some() {
            p.ymd_int += 1;
        }
        if v.len() == 10 && parse_unix(v, false).is_some() {
            p.unix_s += 1;
        }
        if v.len() == 13 && parse_unix(v, true).is_some() {
            p.unix_ms += 1;
        }
        if let Some(_b) = parse_bool(v) {
            p.bool_ok += 1;
            if !v.bytes().all(|b| b.is_ascii_digit()) {
                p.bool_words += 1;
            }
        }
        if !v.eq_ignore_ascii_case("x") {
            p.x_only = false;
        }
        if looks_like_email(v) {
            p.email += 1;
        }
        if classify_status(v) != Status::Other {
            p.status_known += 1;
        }
        if v.contains(':') && parse_duration_hours(v, Decimal::Dot, 1.0).is_some() {
            p.hms += 1;
        }
    }
    p.distinct = seen.len();
    p
}

/// Share of `k` in `n` (1 when there is nothing to judge).
fn share(k: usize, n: usize) -> f32 {
    if n == 0 { 1.0 } else { k as f32 / n as f32 }
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
    let ncol = headers.len();
    let mut warnings: Vec<Why> = Vec::new();
    let vendor = vendors::detect(headers);
    let values_of = |c: usize| -> Vec<&str> {
        rows.iter()
            .map(|r| r.get(c).map(String::as_str).unwrap_or(""))
            .collect()
    };
    let profiles: Vec<Profile> = (0..ncol).map(|c| profile(&values_of(c))).collect();

    // File-level locale evidence: settles decimal marks and day/month order when a column
    // alone cannot.
    let words: Vec<String> = headers.iter().flat_map(|h| header_key(h)).collect();
    let pt_headers = words
        .iter()
        .filter(|w| PT_WORDS.contains(&w.as_str()))
        .count();
    let en_headers = words
        .iter()
        .filter(|w| EN_WORDS.contains(&w.as_str()))
        .count();
    let comma_cols = profiles.iter().filter(|p| p.dec_comma > p.dec_dot).count();
    let dot_cols = profiles.iter().filter(|p| p.dec_dot > p.dec_comma).count();
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
    let file_decimal = if comma_cols > dot_cols
        || (comma_cols == dot_cols && pt_evidence.len() > en_evidence.len())
    {
        Decimal::Comma
    } else {
        Decimal::Dot
    };
    // Day/month order evidence from every date column of the file.
    let file_dmy: usize = profiles.iter().map(|p| p.ev_dmy).sum();
    let file_mdy: usize = profiles.iter().map(|p| p.ev_mdy).sum();

    let mut columns: Vec<ColumnPlan> = Vec::with_capacity(ncol);
    for (c, name) in headers.iter().enumerate() {
        let p = &profiles[c];
        let decimal = if p.dec_comma > p.dec_dot {
            Decimal::Comma
        } else if p.dec_dot > p.dec_comma {
            Decimal::Dot
        } else {
            file_decimal
        };
        let values = values_of(c);
        let num_ok = values
            .iter()
            .filter(|v| !v.trim().is_empty() && parse_number(v, decimal).is_some())
            .count();

        // Candidate roles: mapping, then vendor, then header words.
        let mut cands: Vec<(Role, f32, Why)> = Vec::new();
        let mut pinned_none = false;
        let mut mapped = false;
        if let Some(m) = mapping
            && let Some(entry) = m.column(name)
        {
            mapped = true;
            match entry.as_deref().and_then(role_from_id) {
                Some(r) => cands.push((r, 1.0, Why::bare("mapping.set"))),
                None => pinned_none = true,
            }
        }
        if !mapped && let Some(v) = vendor {
            match vendors::vendor_role(v, name) {
                Some(Some(r)) => cands.push((r, 1.0, Why::new("vendor.column", [v.id]))),
                Some(None) => pinned_none = true,
                None => {}
            }
        }
        if !mapped && cands.is_empty() && !pinned_none {
            // In a recognised export, a column the vendor does not list is a lesser guess.
            let damp = if vendor.is_some() { 0.7 } else { 1.0 };
            let empty_in_vendor = vendor.is_some() && profiles[c].n == 0;
            for (r, s) in header_roles(name) {
                let s = s * damp;
                if s >= 0.45 && !empty_in_vendor {
                    let how = if s >= 1.0 {
                        "header.names"
                    } else {
                        "header.mentions"
                    };
                    cands.push((r, s, Why::new(how, [name.clone(), role_id(r)])));
                }
            }
        }

        // "visto_em", "updated_at", "data_x": a date by its form, if nothing else claims it.
        if cands.is_empty() && !pinned_none && !mapped {
            let f = fold(name);
            let words: Vec<&str> = f.split(' ').collect();
            let datey = words.len() > 1
                && matches!(
                    words.last(),
                    Some(&("at" | "em" | "date" | "data" | "time"))
                )
                || matches!(words.first(), Some(&("data" | "date" | "dt")));
            if datey {
                cands.push((Role::Date, 0.5, Why::new("header.date_like", [name])));
            }
        }
        let mut chosen: Option<ColumnPlan> = None;
        for (role, score, why) in &cands {
            if let Some(cp) = fit(name, *role, *score, why, p, decimal, num_ok, &values) {
                chosen = Some(cp);
                break;
            }
        }
        let cp = match chosen {
            Some(cp) => cp,
            None => by_values(name, p, decimal, num_ok, pinned_none, &cands),
        };
        columns.push(cp);
    }

    // Wide survey exports: numeric question columns become scores with their question.
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

    resolve_conflicts(&mut columns);

    // Table kind.
    let file_words = fold(file);
    let (mut kind, mut kind_confidence, mut kind_why) = match vendor {
        Some(v) => (v.kind, 0.97, vec![Why::new("kind.vendor", [v.id])]),
        None => score_kind(&columns, &file_words, headers),
    };
    if let Some(k) = mapping.and_then(|m| m.kind.as_deref()) {
        match TableKind::from_id(k) {
            Some(k) => {
                kind = k;
                kind_confidence = 1.0;
                kind_why = vec![Why::bare("mapping.set")];
            }
            None => warnings.push(Why::new("warning.unknown_kind", [file, k])),
        }
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

    // Day/month order for each slash-date column.
    let mapped_order = mapping.and_then(|m| m.date_order);
    for (c, col) in columns.iter_mut().enumerate() {
        if !matches!(col.parser, Parser::Date(_)) {
            continue;
        }
        let p = &profiles[c];
        let (order, settled, note) = if let Some(o) = mapped_order {
            (o, true, Some(Why::bare("order.mapped")))
        } else if p.ev_dmy > 0 && p.ev_mdy == 0 {
            (DateOrder::Dmy, true, Some(Why::bare("order.day_first")))
        } else if p.ev_mdy > 0 && p.ev_dmy == 0 {
            (DateOrder::Mdy, true, Some(Why::bare("order.month_first")))
        } else if p.ev_mdy > 0 && p.ev_dmy > 0 {
            let o = if p.ev_dmy >= p.ev_mdy {
                DateOrder::Dmy
            } else {
                DateOrder::Mdy
            };
            warnings.push(Why::new(
                "warning.mixed_order",
                [
                    col.name.clone(),
                    p.ev_dmy.to_string(),
                    p.ev_mdy.to_string(),
                    format!("{o:?}"),
                ],
            ));
            (o, true, Some(Why::bare("order.mixed")))
        } else if p.ev_amb > 0 {
            let (o, note) = if file_dmy > 0 && file_mdy == 0 {
                (DateOrder::Dmy, Why::bare("order.other_day_first"))
            } else if file_mdy > 0 && file_dmy == 0 {
                (DateOrder::Mdy, Why::bare("order.other_month_first"))
            } else if !pt_evidence.is_empty() {
                (
                    DateOrder::Dmy,
                    Why::new("order.brazilian", pt_evidence.iter().copied()),
                )
            } else if !en_evidence.is_empty() && delimiter == b',' {
                (
                    DateOrder::Mdy,
                    Why::new("order.american", en_evidence.iter().copied()),
                )
            } else {
                (DateOrder::Dmy, Why::bare("order.none"))
            };
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

    // The English reasons, made from the parts so the two say the same.
    for col in &mut columns {
        col.reason = why::english(&col.why);
    }
    let kind_reason = why::english(&kind_why);

    // Rows that cannot be used without these cells are rejected.
    let required: &[Role] = match kind {
        TableKind::Orders => &[Role::OrderDate, Role::Amount],
        TableKind::Tickets | TableKind::Chats => &[Role::CreatedAt],
        TableKind::Subscriptions => &[Role::StartedAt],
        TableKind::Leads => &[Role::CreatedAt],
        TableKind::MarketingSpend => &[Role::Spend],
        TableKind::SurveyResponses | TableKind::EmployeeSurvey => &[Role::RespondedAt],
        _ => &[],
    };
    for col in &mut columns {
        col.required = col.role.is_some_and(|r| required.contains(&r));
    }

    // Currency: stated by the mapping, a currency column with one value, or a symbol.
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
            codes.sort();
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

/// Does `role` fit the column's values? Returns the column plan if so.
#[allow(clippy::too_many_arguments)]
fn fit(
    name: &str,
    role: Role,
    score: f32,
    why: &Why,
    p: &Profile,
    decimal: Decimal,
    num_ok: usize,
    values: &[&str],
) -> Option<ColumnPlan> {
    let n = p.n;
    let n_text = n.to_string();
    // "97% of 120 values ...": a share of the sample.
    let of = |key: &str, f: f32| Why::new(key, [whole_percent(f), n_text.clone()]);
    let mk = |parser: Parser, fit: f32, what: Vec<Why>| ColumnPlan {
        name: name.to_string(),
        role: Some(role),
        parser,
        confidence: (score * (0.5 + 0.5 * fit)).clamp(0.0, 1.0),
        reason: String::new(),
        why: std::iter::once(why.clone()).chain(what).collect(),
        question: None,
        required: false,
        order_settled: true,
    };
    let dec_name = if decimal == Decimal::Comma {
        "comma"
    } else {
        "dot"
    };
    if is_date_role(role) {
        let f = share(p.date_ok, n);
        if f >= 0.8 {
            return Some(mk(
                Parser::Date(DateOrder::Dmy),
                f,
                vec![of("values.dates", f)],
            ));
        }
        let f = share(p.ymd_int, n);
        if f >= 0.8 {
            return Some(mk(Parser::Yyyymmdd, f, vec![of("values.yyyymmdd", f)]));
        }
        let f = share(p.unix_s, n);
        if f >= 0.8 {
            return Some(mk(
                Parser::Unix { millis: false },
                f,
                vec![of("values.unix_seconds", f)],
            ));
        }
        let f = share(p.unix_ms, n);
        if f >= 0.8 {
            return Some(mk(
                Parser::Unix { millis: true },
                f,
                vec![of("values.unix_millis", f)],
            ));
        }
        return None;
    }
    if is_hours_role(role) || role == Role::SessionDuration {
        let named = duration_unit_hours(name);
        let (unit, unit_name) = named.unwrap_or(if role == Role::SessionDuration {
            (1.0 / 3600.0, "seconds")
        } else {
            (1.0, "hours")
        });
        let f = share(num_ok.max(p.hms), n);
        if f >= 0.8 {
            let out = if role == Role::SessionDuration {
                3600.0
            } else {
                1.0
            };
            let stored = if role == Role::SessionDuration {
                "seconds"
            } else {
                "hours"
            };
            return Some(mk(
                Parser::Duration {
                    decimal,
                    unit_hours: unit,
                    out_per_hour: out,
                },
                f,
                vec![Why::new(
                    if named.is_some() {
                        "values.durations"
                    } else {
                        "values.durations_assumed"
                    },
                    [
                        whole_percent(f),
                        n_text.clone(),
                        unit_name.to_string(),
                        stored.to_string(),
                    ],
                )],
            ));
        }
        return None;
    }
    if role == Role::Score || role == Role::Rating {
        // Scores are small numbers; "Good"/"Bad" satisfaction labels are not.
        let f = share(num_ok, n);
        return (f >= 0.8).then(|| mk(Parser::Number(decimal), f, vec![of("values.numbers", f)]));
    }
    if is_number_role(role) {
        let f = share(num_ok, n);
        if f >= 0.8 {
            let mut what = vec![Why::new(
                "values.decimals",
                [whole_percent(f), n_text.clone(), dec_name.to_string()],
            )];
            if let Some(cur) = p.currency {
                what.push(Why::new("values.currency", [cur]));
            }
            return Some(mk(Parser::Number(decimal), f, what));
        }
        return None;
    }
    if is_bool_role(role) {
        let f = share(p.bool_ok, n);
        if f >= 0.8 || p.x_only {
            return Some(mk(
                Parser::Bool { x_mark: p.x_only },
                f,
                vec![of("values.yes_no", f)],
            ));
        }
        return None;
    }
    if role == Role::Email {
        let f = share(p.email, n);
        return (f >= 0.5).then(|| mk(Parser::Text, f, vec![of("values.emails", f)]));
    }
    if role == Role::Status {
        let f = share(p.status_known, n);
        return Some(mk(
            Parser::Status,
            0.6 + 0.4 * f,
            vec![of("values.status_known", f)],
        ));
    }
    // Id-like and label roles: any text, but a column of dates or amounts is not an id.
    let dates = share(p.date_ok, n);
    if n > 0 && dates >= 0.9 && !matches!(role, Role::Question | Role::Comment) {
        return None;
    }
    let _ = values;
    Some(mk(
        Parser::Text,
        1.0,
        vec![Why::new("values.distinct", [p.distinct.to_string()])],
    ))
}

/// No role fitted: type from the values alone, with value-shape roles.
fn by_values(
    name: &str,
    p: &Profile,
    decimal: Decimal,
    num_ok: usize,
    pinned_none: bool,
    cands: &[(Role, f32, Why)],
) -> ColumnPlan {
    let n = p.n;
    let of = |key: &str, f: f32| Why::new(key, [whole_percent(f), n.to_string()]);
    let mut cp = ColumnPlan {
        name: name.to_string(),
        role: None,
        parser: Parser::Text,
        confidence: 0.5,
        reason: String::new(),
        why: Vec::new(),
        question: None,
        required: false,
        order_settled: true,
    };
    // The header's roles the values turned down.
    let rejected =
        (!cands.is_empty()).then(|| Why::new("role.unfit", cands.iter().map(|c| role_id(c.0))));
    if n == 0 {
        cp.why.push(Why::bare("values.empty"));
    } else {
        let fe = share(p.email, n);
        let fd = share(p.date_ok, n);
        let fnum = share(num_ok, n);
        let fb = share(p.bool_words, n);
        let fs = share(p.status_known, n);
        let no_role = Why::bare("role.none");
        if fd >= 0.9 && p.date_ok > 0 {
            cp.parser = Parser::Date(DateOrder::Dmy);
            cp.why = vec![of("values.dates", fd), no_role];
        } else if fnum >= 0.9 {
            cp.parser = Parser::Number(decimal);
            cp.why = vec![of("values.read_numbers", fnum), no_role];
        } else if fb >= 0.9 {
            cp.parser = Parser::Bool { x_mark: false };
            cp.why = vec![of("values.yes_no", fb), no_role];
        } else if fe >= 0.8 && !pinned_none {
            cp.role = Some(Role::Email);
            cp.confidence = 0.6;
            cp.why = vec![of("values.emails", fe)];
        } else if fs >= 0.8 && p.distinct <= 30 && !pinned_none {
            cp.role = Some(Role::Status);
            cp.parser = Parser::Status;
            cp.confidence = 0.6;
            cp.why = vec![of("values.order_status", fs)];
        } else {
            cp.why = vec![Why::new("values.text", [p.distinct.to_string()]), no_role];
        }
    }
    cp.why.extend(rejected);
    if pinned_none {
        cp.role = None;
        if n > 0 {
            cp.confidence = 0.9;
        }
        cp.why.insert(0, Why::bare("known.no_role"));
    }
    cp
}

/// One column per role: the surest keeps it. (Survey question columns may share `Score`.)
fn resolve_conflicts(columns: &mut [ColumnPlan]) {
    for i in 0..columns.len() {
        let Some(role) = columns[i].role else {
            continue;
        };
        if role == Role::Score && columns[i].question.is_some() {
            continue;
        }
        for j in 0..columns.len() {
            if i == j
                || columns[j].role != Some(role)
                || (role == Role::Score && columns[j].question.is_some())
            {
                continue;
            }
            let (win, lose) = if columns[i].confidence >= columns[j].confidence
                && (columns[i].confidence > columns[j].confidence || i < j)
            {
                (i, j)
            } else {
                (j, i)
            };
            let winner = columns[win].name.clone();
            let l = &mut columns[lose];
            l.role = None;
            l.why
                .push(Why::new("conflict.surer", [winner, role_id(role)]));
            if l.parser == Parser::Status {
                l.parser = Parser::Text;
            }
        }
    }
}

/// Generic roles take their kind-specific meaning ("data" is the order date in an orders
/// file, the answer time in a survey).
fn remap_for_kind(kind: TableKind, columns: &mut [ColumnPlan]) {
    let has = |cols: &[ColumnPlan], r: Role| cols.iter().any(|c| c.role == Some(r));
    let change = |cols: &mut [ColumnPlan], from: Role, to: Role| {
        if has(cols, to) {
            return;
        }
        if let Some(c) = cols.iter_mut().find(|c| c.role == Some(from)) {
            c.role = Some(to);
            c.why.push(Why::new(
                "kind.taken_as",
                [role_id(to), kind.id().to_string()],
            ));
        }
    };
    match kind {
        TableKind::Orders => {
            change(columns, Role::Date, Role::OrderDate);
            change(columns, Role::CreatedAt, Role::OrderDate);
            change(columns, Role::Name, Role::Name);
        }
        TableKind::Tickets | TableKind::Chats => {
            change(columns, Role::Date, Role::CreatedAt);
            change(columns, Role::OrderDate, Role::CreatedAt);
            change(columns, Role::Source, Role::Channel);
        }
        TableKind::Leads => {
            change(columns, Role::Date, Role::CreatedAt);
            change(columns, Role::Channel, Role::Source);
        }
        TableKind::SurveyResponses | TableKind::EmployeeSurvey => {
            change(columns, Role::Reason, Role::Comment);
            change(columns, Role::Date, Role::RespondedAt);
            change(columns, Role::CreatedAt, Role::RespondedAt);
            change(columns, Role::EventAt, Role::RespondedAt);
            change(columns, Role::Rating, Role::Score);
            // An open question ("What could we do better?") holds the comments.
            if !columns.iter().any(|c| c.role == Some(Role::Comment))
                && let Some(c) = columns
                    .iter_mut()
                    .find(|c| c.role.is_none() && c.parser == Parser::Text && c.name.contains('?'))
            {
                c.role = Some(Role::Comment);
                c.confidence = 0.6;
                c.why.push(Why::bare("survey.open_question"));
            }
        }
        TableKind::Subscriptions => {
            change(columns, Role::CreatedAt, Role::StartedAt);
            change(columns, Role::Date, Role::StartedAt);
            change(columns, Role::Quantity, Role::Seats);
        }
        TableKind::MarketingSpend => {
            change(columns, Role::Cost, Role::Spend);
            change(columns, Role::Amount, Role::Spend);
        }
        TableKind::Events => {
            change(columns, Role::Date, Role::EventAt);
            change(columns, Role::CreatedAt, Role::EventAt);
        }
        TableKind::Reviews => {
            change(columns, Role::Score, Role::Rating);
        }
        TableKind::SocialInteractions => {
            change(columns, Role::Comment, Role::Comments);
        }
        _ => {}
    }
    // A numeric "comments" column is a count, a text one is a comment.
    for c in columns.iter_mut() {
        if c.role == Some(Role::Comment)
            && matches!(c.parser, Parser::Number(_))
            && kind == TableKind::SocialInteractions
        {
            c.role = Some(Role::Comments);
        }
    }
}

fn score_kind(
    columns: &[ColumnPlan],
    file_words: &str,
    headers: &[String],
) -> (TableKind, f32, Vec<Why>) {
    let has = |r: Role| columns.iter().any(|c| c.role == Some(r));
    let questions = columns.iter().filter(|c| c.question.is_some()).count();
    let words: String = headers
        .iter()
        .map(|h| fold(h))
        .collect::<Vec<_>>()
        .join(" ")
        + " "
        + file_words;
    let w = |ws: &[&str]| ws.iter().any(|x| words.contains(x));
    let fw = |ws: &[&str]| ws.iter().any(|x| file_words.contains(x));
    let mut scores: Vec<(TableKind, f32, Vec<&str>)> = Vec::new();
    let mut add = |k: TableKind, parts: &[(bool, f32, &'static str)]| {
        let mut s = 0.0;
        let mut why = Vec::new();
        for (ok, pts, name) in parts {
            if *ok {
                s += pts;
                why.push(*name);
            }
        }
        scores.push((k, s, why));
    };
    let employee = w(&["colaborador", "funcionario", "employee", "enps", "clima"]);
    add(
        TableKind::Orders,
        &[
            (has(Role::OrderId), 3.0, "order_id"),
            (has(Role::OrderDate), 3.0, "order_date"),
            (has(Role::Amount), 2.0, "amount"),
            (has(Role::Status), 1.0, "status"),
            (has(Role::Product) || has(Role::Quantity), 1.0, "product"),
            (
                fw(&["pedido", "order", "venda", "sales", "compra"]),
                2.0,
                "file_name",
            ),
        ],
    );
    add(
        TableKind::Subscriptions,
        &[
            (has(Role::SubscriptionId), 3.0, "subscription_id"),
            (has(Role::Plan), 2.0, "plan"),
            (has(Role::Interval), 2.0, "interval"),
            (has(Role::Mrr), 3.0, "mrr"),
            (has(Role::StartedAt), 1.0, "start_date"),
            (has(Role::EndedAt), 1.0, "end_date"),
            (
                fw(&["assinatura", "subscription", "recorrencia"]),
                2.0,
                "file_name",
            ),
        ],
    );
    add(
        TableKind::Tickets,
        &[
            (has(Role::TicketId), 3.0, "ticket_id"),
            (
                has(Role::FirstResponseAt) || has(Role::FirstResponseHours),
                3.0,
                "first_response",
            ),
            (
                has(Role::ResolvedAt) || has(Role::ResolutionHours),
                2.0,
                "resolution",
            ),
            (has(Role::Agent), 1.0, "agent"),
            (has(Role::Reason), 1.0, "reason"),
            (has(Role::SlaDue), 1.0, "sla"),
            (
                fw(&["ticket", "chamado", "atendimento", "suporte", "support"]),
                2.0,
                "file_name",
            ),
        ],
    );
    add(
        TableKind::Chats,
        &[
            (has(Role::BotHandled), 2.5, "bot_flag"),
            (has(Role::Transferred), 2.5, "transfer_flag"),
            (w(&["chat", "conversa", "bot"]), 2.0, "chat_words"),
        ],
    );
    add(
        TableKind::SurveyResponses,
        &[
            (has(Role::Score), 3.0, "score"),
            (questions > 0, 3.0, "survey_questions"),
            (has(Role::SurveyKind), 3.0, "survey_kind"),
            (has(Role::Question), 2.0, "question"),
            (has(Role::Comment), 1.0, "comment"),
            (has(Role::RespondedAt), 1.0, "answer_time"),
            (
                fw(&[
                    "nps",
                    "pesquisa",
                    "survey",
                    "csat",
                    "respostas",
                    "responses",
                ]),
                2.0,
                "file_name",
            ),
        ],
    );
    add(
        TableKind::EmployeeSurvey,
        &[(
            employee && (has(Role::Score) || questions > 0),
            12.0,
            "employee_words",
        )],
    );
    add(
        TableKind::Leads,
        &[
            (has(Role::LeadId), 3.0, "lead_id"),
            (
                has(Role::Converted) || has(Role::ConvertedAt),
                1.5,
                "converted",
            ),
            (
                has(Role::Source) || has(Role::Channel) || has(Role::Campaign),
                1.0,
                "source",
            ),
            (has(Role::Email), 1.0, "email"),
            (has(Role::CreatedAt), 1.0, "created_date"),
            (w(&["lead"]), 2.0, "lead_words"),
        ],
    );
    add(
        TableKind::Sessions,
        &[
            (has(Role::SessionId), 3.0, "session_id"),
            (has(Role::VisitorId), 2.0, "visitor_id"),
            (has(Role::LandingPage), 2.0, "landing_page"),
            (has(Role::Pageviews), 2.0, "pageviews"),
            (has(Role::SessionDuration), 2.0, "duration"),
            (has(Role::Sessions), 3.0, "sessions"),
            (has(Role::Medium), 1.0, "medium"),
            (
                fw(&["sess", "trafego", "traffic", "visitas", "ga4", "analytics"]),
                2.0,
                "file_name",
            ),
        ],
    );
    add(
        TableKind::MarketingSpend,
        &[
            (has(Role::Spend), 4.0, "spend"),
            (has(Role::Campaign), 1.0, "campaign"),
            (has(Role::Channel) || has(Role::Source), 1.0, "channel"),
            (
                w(&["impress", "clique", "click", "cpc", "cpm"]),
                1.0,
                "ad_metrics",
            ),
            (
                fw(&[
                    "gasto",
                    "spend",
                    "midia",
                    "ads",
                    "marketing",
                    "investimento",
                ]),
                2.0,
                "file_name",
            ),
        ],
    );
    add(
        TableKind::Events,
        &[
            (has(Role::EventName), 4.0, "event_name"),
            (has(Role::EventAt), 1.0, "event_time"),
            (has(Role::CustomerId) || has(Role::VisitorId), 1.0, "who"),
            (fw(&["evento", "event"]), 2.0, "file_name"),
        ],
    );
    add(
        TableKind::Reviews,
        &[
            (has(Role::Rating), 3.0, "rating"),
            (has(Role::Comment), 1.0, "comment"),
            (has(Role::Product), 1.0, "product"),
            (w(&["review", "avaliac"]), 2.0, "review_words"),
        ],
    );
    add(
        TableKind::ArticleViews,
        &[
            (has(Role::Article), 4.0, "article"),
            (has(Role::Views), 2.0, "views"),
            (has(Role::Helpful), 2.0, "helpful_votes"),
        ],
    );
    add(
        TableKind::SocialInteractions,
        &[
            (has(Role::Reactions), 2.0, "reactions"),
            (has(Role::Comments), 2.0, "comments"),
            (has(Role::Shares), 2.0, "shares"),
            (has(Role::DirectMessages), 2.0, "direct_messages"),
            (
                fw(&["social", "redes", "instagram", "facebook", "linkedin"]),
                2.0,
                "file_name",
            ),
        ],
    );
    add(
        TableKind::AgentShifts,
        &[
            (has(Role::LoggedHours), 3.0, "logged_hours"),
            (has(Role::PauseHours), 3.0, "pause_time"),
            (has(Role::ContactsHandled), 2.0, "contacts_handled"),
            (has(Role::SuccessfulContacts), 2.0, "successful_contacts"),
            (has(Role::Agent), 1.0, "agent"),
        ],
    );
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    let best = &scores[0];
    let second = scores.get(1).map_or(0.0, |s| s.1);
    if best.1 < 3.0 {
        let found: Vec<String> = columns.iter().filter_map(|c| c.role).map(role_id).collect();
        return (
            TableKind::Unknown,
            0.0,
            vec![if found.is_empty() {
                Why::bare("kind.no_evidence")
            } else {
                Why::new("kind.too_few", found)
            }],
        );
    }
    let conf = (best.1 / (best.1 + second)).clamp(0.5, 0.99);
    let args = [best.1.to_string(), second.to_string()]
        .into_iter()
        .chain(best.2.iter().map(|e| e.to_string()));
    (best.0, conf, vec![Why::new("kind.score", args)])
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
