//! Words for what the engine reports beside a metric's value: its `details` (side figures,
//! the pooled basis of churn/NRR/expansion, the core actions and their shares), the columns
//! and cells of its tables, and what an unavailable metric needs. Pure functions of the
//! report, tested natively; the views only place the strings they return.

use crate::format;
use crate::i18n::Lang;
use jornada_engine::report::Metric;
use jornada_engine::{Granularity, Unit};

mod needs;

pub use needs::needs_text;

fn pick(lang: Lang, pt: &str, en: &str) -> String {
    match lang {
        Lang::Pt => pt.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The `details` key of the basis flag: 1 = pooled per period, 0 = the range itself.
pub const BASIS_POOLED: &str = "basis_pooled_periods";
/// The `details` key prefix of a core action's share of active users.
pub const ACTION_PREFIX: &str = "action:";

/// How a detail's number reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Count,
    Decimal,
    Percent,
    Money,
    /// In the metric's own unit (its mean, median, peak...).
    MetricUnit,
    Years,
    /// A 0/1 flag or a small code, read by [`flag_text`].
    Flag,
}

/// A detail's label in `lang`, or `None` for a key this version does not know.
/// The words of `loyalty.clv_predicted`'s details: its model parameters (with `_low` and
/// `_high` for their 95% interval) and fit figures.
/// Words for the journey layer's details: identity's match rules, the funnel's steps,
/// lifecycle's states and each gap of time between stages (`gap.figure`).
fn journey_detail_label(lang: Lang, key: &str) -> Option<String> {
    if let Some((gap, figure)) = key.split_once('.') {
        let (gap_pt, gap_en) = match gap {
            "lead_or_visit_to_first_order" => {
                ("lead ou visita → 1º pedido", "lead or visit → first order")
            }
            "first_to_second_order" => ("1º → 2º pedido", "first → second order"),
            "first_order_to_first_ticket" => {
                ("1º pedido → 1º chamado", "first order → first ticket")
            }
            "first_order_to_first_answer" => (
                "1º pedido → 1ª resposta de pesquisa",
                "first order → first survey answer",
            ),
            _ => return None,
        };
        let (fig_pt, fig_en) = match figure {
            "median_days" => ("mediana de dias", "median days"),
            "customers" => ("clientes", "customers"),
            "before" => (
                "clientes com a etapa posterior antes",
                "customers with the later step first",
            ),
            _ => return None,
        };
        return Some(lang.pick(format!("{gap_pt}: {fig_pt}"), format!("{gap_en}: {fig_en}")));
    }
    let (pt, en) = match key {
        "by_id" => (
            "Linhas ligadas pelo ID do cliente",
            "Rows matched by customer id",
        ),
        "by_email" => ("Linhas ligadas pelo e-mail", "Rows matched by e-mail"),
        "by_visitor" => (
            "Linhas ligadas pelo ID do visitante",
            "Rows matched by visitor link",
        ),
        "unmatched" => ("Linhas sem cliente", "Rows with no customer"),
        "conflicts_id_emails" => ("IDs com vários e-mails", "Ids with several e-mails"),
        "conflicts_visitor_customers" => (
            "Visitantes vistos com vários clientes",
            "Visitors seen with several customers",
        ),
        "cohorts" => ("Coortes", "Cohorts"),
        "auc" => (
            "AUC do backtest (saúde contra churn)",
            "Backtest AUC (health against churn)",
        ),
        "backtest_customers" => ("Clientes no backtest", "Backtest customers"),
        "backtest_churned" => ("Cancelaram no backtest", "Churned in the backtest"),
        "attraction" => (
            "Etapa atração (lead, visita, chat)",
            "Attraction step (lead, visit, chat)",
        ),
        "sales" => (
            "Etapa vendas (1º pedido concluído)",
            "Sales step (first completed order)",
        ),
        "repeat" => (
            "Etapa recompra (2º pedido concluído ou renovação)",
            "Repeat step (second completed order or renewal)",
        ),
        "loyalty" => (
            "Etapa lealdade (promotor ou indicação)",
            "Loyalty step (promoter or referral)",
        ),
        "new" => ("Novos", "New"),
        "returning" => ("Recorrentes", "Returning"),
        "resurrecting" => ("Reativados", "Resurrecting"),
        "dormant" => ("Adormecidos", "Dormant"),
        _ => return None,
    };
    Some(lang.pick(pt, en).to_string())
}

fn clv_detail_label(lang: Lang, key: &str) -> Option<String> {
    let (name, bound) = match key.rsplit_once('_') {
        Some((n, "low")) => (n, Some(("limite inferior (95%)", "lower bound (95%)"))),
        Some((n, "high")) => (n, Some(("limite superior (95%)", "upper bound (95%)"))),
        _ => (key, None),
    };
    let (pt, en) = match name {
        "r" => (
            "BG/NBD r (forma da taxa de compra)",
            "BG/NBD r (purchase rate shape)",
        ),
        "alpha" => (
            "BG/NBD α (escala da taxa, semanas)",
            "BG/NBD α (rate scale, weeks)",
        ),
        "a" => ("BG/NBD a (abandono)", "BG/NBD a (dropout)"),
        "b" => ("BG/NBD b (abandono)", "BG/NBD b (dropout)"),
        "p" => ("Gamma-Gamma p", "Gamma-Gamma p"),
        "q" => ("Gamma-Gamma q", "Gamma-Gamma q"),
        "gamma" => ("Gamma-Gamma γ", "Gamma-Gamma γ"),
        "scale" => ("Escala do gasto (p·γ, limite)", "Spend scale (p·γ, limit)"),
        _ if bound.is_some() => return None,
        "bgnbd_log_likelihood" => ("Log-verossimilhança BG/NBD", "BG/NBD log-likelihood"),
        "spend_log_likelihood" => ("Log-verossimilhança do gasto", "Spend log-likelihood"),
        "clv_total" => ("CLV previsto total", "Total predicted CLV"),
        "discount_rate_monthly" => ("Taxa de desconto mensal", "Monthly discount rate"),
        "expected_purchases_mean" => (
            "Compras esperadas por cliente no horizonte",
            "Expected purchases per customer over the horizon",
        ),
        "expected_spend_mean" => (
            "Gasto esperado por compra (média)",
            "Expected spend per purchase (mean)",
        ),
        "horizon_months" => ("Horizonte (meses)", "Horizon (months)"),
        "p_alive_mean" => ("P(ativo) média", "Mean P(alive)"),
        "spend_customers" => (
            "Clientes no modelo de gasto",
            "Customers in the spend model",
        ),
        _ => return None,
    };
    Some(match (lang, bound) {
        (Lang::Pt, None) => pt.to_string(),
        (Lang::En, None) => en.to_string(),
        (Lang::Pt, Some((b, _))) => format!("{pt}: {b}"),
        (Lang::En, Some((_, b))) => format!("{en}: {b}"),
    })
}

pub fn detail_label(lang: Lang, key: &str) -> Option<String> {
    if let Some(action) = key.strip_prefix(ACTION_PREFIX) {
        return Some(match lang {
            Lang::Pt => format!("Usuários ativos com «{action}»"),
            Lang::En => format!("Active users with “{action}”"),
        });
    }
    if let Some(words) = clv_detail_label(lang, key) {
        return Some(words);
    }
    if let Some(words) = journey_detail_label(lang, key) {
        return Some(words);
    }
    if let Some(stars) = key.strip_prefix("stars_") {
        return Some(match (lang, stars) {
            (Lang::Pt, "1") => "Avaliações de 1 estrela".to_string(),
            (Lang::Pt, s) => format!("Avaliações de {s} estrelas"),
            (Lang::En, "1") => "1-star reviews".to_string(),
            (Lang::En, s) => format!("{s}-star reviews"),
        });
    }
    let (pt, en) = match key {
        "abandoned" => ("Carrinhos abandonados", "Abandoned carts"),
        "active_users" => ("Usuários ativos", "Active users"),
        "agree" => ("Respostas de concordância", "Agreeing answers"),
        "annual_churn" => ("Churn anual estimado", "Estimated annual churn"),
        "answers" => ("Respostas", "Answers"),
        "average_ticket" => ("Ticket médio", "Average order value"),
        BASIS_POOLED => ("Base do valor", "Basis of the value"),
        "carts" => ("Carrinhos", "Carts"),
        "ces_agree_rate" => ("Concordância (CES)", "Agree rate (CES)"),
        "comments" => ("Comentários", "Comments"),
        "contacts" => ("Contatos", "Contacts"),
        "converted" => ("Convertidos", "Converted"),
        "core_actions" => ("Ações principais", "Core actions"),
        "core_actions_default" => ("Ações principais usadas", "Core actions used"),
        "count" => ("Quantidade", "Count"),
        "counted_sessions_not_visitors" => ("Contagem por", "Counted by"),
        "customers" => ("Clientes", "Customers"),
        "customers_churned" => ("Clientes perdidos", "Customers churned"),
        "customers_end" => ("Clientes no fim", "Customers at the end"),
        "customers_previous" => (
            "Clientes com compra no período anterior",
            "Customers who bought in the previous period",
        ),
        "customers_start" => ("Clientes no início", "Customers at the start"),
        "days" => ("Dias", "Days"),
        "detractors" => ("Detratores", "Detractors"),
        "direct_messages" => ("Mensagens diretas", "Direct messages"),
        "grr" => (
            "Retenção bruta de receita (GRR)",
            "Gross revenue retention (GRR)",
        ),
        "growth" => ("Crescimento de receita", "Revenue growth"),
        "leads" => ("Leads", "Leads"),
        "logged_hours" => ("Horas logadas", "Logged hours"),
        "ltv_simple" => ("LTV (simples)", "LTV (simple)"),
        "margin" => ("Margem", "Margin"),
        "margin_source" => ("Origem da margem", "Margin from"),
        "mau" => ("Usuários ativos no mês", "Monthly active users"),
        "mean" => ("Média", "Mean"),
        "mean_dau" => (
            "Média de usuários ativos por dia",
            "Mean daily active users",
        ),
        "mean_minutes" => ("Média (minutos)", "Mean (minutes)"),
        "mean_rating" => ("Nota média", "Mean rating"),
        "median" => ("Mediana", "Median"),
        "median_minutes" => ("Mediana (minutos)", "Median (minutes)"),
        "mrr_churn" => ("MRR cancelado", "Churned MRR"),
        "mrr_contraction" => ("MRR de contração", "Contraction MRR"),
        "mrr_end" => ("MRR no fim", "MRR at the end"),
        "mrr_expansion" => ("MRR de expansão", "Expansion MRR"),
        "mrr_new" => ("MRR novo", "New MRR"),
        "mrr_reactivation" => ("MRR reativado", "Reactivation MRR"),
        "mrr_start" => ("MRR no início", "MRR at the start"),
        "new_customers" => ("Novos clientes", "New customers"),
        "orders" => ("Pedidos", "Orders"),
        "passives" => ("Neutros", "Passives"),
        "peak" => ("Pico", "Peak"),
        "per_promoter" => ("Indicações por promotor", "Referrals per promoter"),
        "pooled_customers_churned" => (
            "Clientes perdidos (soma dos períodos)",
            "Customers churned (sum over periods)",
        ),
        "pooled_customers_previous" => (
            "Clientes com compra no período anterior (soma dos períodos)",
            "Customers who bought in the previous period (sum over periods)",
        ),
        "pooled_customers_start" => (
            "Clientes no início (soma dos períodos)",
            "Customers at the start (sum over periods)",
        ),
        "pooled_growth" => (
            "Crescimento de receita (soma dos períodos)",
            "Revenue growth (sum over periods)",
        ),
        "pooled_mrr_expansion" => (
            "MRR de expansão e reativação (soma dos períodos)",
            "Expansion and reactivation MRR (sum over periods)",
        ),
        "pooled_mrr_lost" => (
            "MRR perdido (soma dos períodos)",
            "MRR lost (sum over periods)",
        ),
        "pooled_mrr_retained" => (
            "MRR retido, líquido (soma dos períodos)",
            "Net MRR retained (sum over periods)",
        ),
        "pooled_mrr_retained_gross" => (
            "MRR retido, bruto (soma dos períodos)",
            "Gross MRR retained (sum over periods)",
        ),
        "pooled_mrr_start" => (
            "MRR no início (soma dos períodos)",
            "MRR at the start (sum over periods)",
        ),
        "pooled_periods" => ("Períodos agregados", "Periods pooled"),
        "pooled_previous_revenue_of_returning" => (
            "Receita anterior dos clientes que voltaram (soma dos períodos)",
            "Previous revenue of returning customers (sum over periods)",
        ),
        "previous_revenue_of_returning" => (
            "Receita anterior dos clientes que voltaram",
            "Previous revenue of returning customers",
        ),
        "promoters" => ("Promotores", "Promoters"),
        "purchases_per_customer_per_year" => (
            "Compras por cliente por ano",
            "Purchases per customer per year",
        ),
        "ratings" => ("Avaliações", "Ratings"),
        "reactions" => ("Reações", "Reactions"),
        "relationship_years" => ("Duração do relacionamento", "Relationship length"),
        "relationship_years_estimated" => ("Duração do relacionamento", "Relationship length from"),
        "repeat_customers" => ("Clientes que voltaram", "Returning customers"),
        "revenue" => ("Receita", "Revenue"),
        "satisfied" => ("Satisfeitos", "Satisfied"),
        "sd" => ("Desvio padrão", "Standard deviation"),
        "seats" => ("Licenças", "Seats"),
        "sessions" => ("Sessões", "Sessions"),
        "shares" => ("Compartilhamentos", "Shares"),
        "source_expansion_mrr" => ("Origem", "Source"),
        "spend" => ("Investimento", "Spend"),
        "tickets" => ("Tickets", "Tickets"),
        "users" => ("Usuários", "Users"),
        "visitors" => ("Visitantes", "Visitors"),
        "votes" => ("Votos", "Votes"),
        "weeks" => ("Semanas", "Weeks"),
        _ => return None,
    };
    Some(pick(lang, pt, en))
}

fn shown(key: &str) -> Shown {
    if key.starts_with(ACTION_PREFIX) {
        return Shown::Percent;
    }
    match key {
        BASIS_POOLED
        | "core_actions_default"
        | "counted_sessions_not_visitors"
        | "margin_source"
        | "relationship_years_estimated"
        | "source_expansion_mrr" => Shown::Flag,
        "grr" | "margin" | "annual_churn" | "ces_agree_rate" => Shown::Percent,
        "average_ticket"
        | "growth"
        | "ltv_simple"
        | "previous_revenue_of_returning"
        | "revenue"
        | "spend"
        | "pooled_growth"
        | "pooled_previous_revenue_of_returning" => Shown::Money,
        k if k.starts_with("mrr_") || k.starts_with("pooled_mrr_") => Shown::Money,
        "mean" | "median" | "sd" | "peak" => Shown::MetricUnit,
        "relationship_years" => Shown::Years,
        "mean_dau"
        | "mean_minutes"
        | "median_minutes"
        | "mean_rating"
        | "per_promoter"
        | "purchases_per_customer_per_year"
        | "logged_hours"
        | "weeks"
        | "days" => Shown::Decimal,
        _ => Shown::Count,
    }
}

/// The words for a flag or code detail's value.
fn flag_text(lang: Lang, key: &str, v: f64) -> String {
    let on = v >= 0.5;
    let (pt, en) = match (key, on) {
        (BASIS_POOLED, true) => (
            "soma dos períodos do intervalo (a base no início do intervalo era vazia)",
            "sum over the range's periods (the base at the range's start was empty)",
        ),
        (BASIS_POOLED, false) => ("início e fim do intervalo", "the range's start and end"),
        ("core_actions_default", true) => (
            "padrão: todos os eventos exceto os de ativação, primeiro valor e onboarding",
            "default: every event except the activation, first-value and onboarding ones",
        ),
        ("core_actions_default", false) => {
            ("as definidas nas configurações", "as set in the settings")
        }
        ("counted_sessions_not_visitors", true) => (
            "sessões (o arquivo não tem ID de visitante)",
            "sessions (the file has no visitor id)",
        ),
        ("counted_sessions_not_visitors", false) => ("ID de visitante", "visitor id"),
        ("relationship_years_estimated", true) => (
            "estimada pelo histórico de pedidos",
            "estimated from the order history",
        ),
        ("relationship_years_estimated", false) => ("configurações", "the settings"),
        ("source_expansion_mrr", true) => (
            "MRR de expansão das assinaturas",
            "expansion MRR of the subscriptions",
        ),
        ("source_expansion_mrr", false) => ("tipo de pedido", "order type"),
        ("margin_source", _) => match v.round() as i64 {
            1 => ("coluna de margem dos pedidos", "the orders' margin column"),
            2 => ("coluna de custo dos pedidos", "the orders' cost column"),
            _ => (
                "margem padrão das configurações",
                "the settings' default margin",
            ),
        },
        (_, true) => ("sim", "yes"),
        (_, false) => ("não", "no"),
    };
    pick(lang, pt, en)
}

/// A detail's value as shown, in the metric's currency and unit where it has one.
pub fn detail_value(lang: Lang, key: &str, v: f64, m: &Metric) -> String {
    match shown(key) {
        Shown::Count => format::number(v, if v.fract() == 0.0 { 0 } else { 2 }, lang),
        Shown::Decimal => format::number(v, 2, lang),
        Shown::Percent => format::percent(v, 1, lang),
        Shown::Money => format::currency(v, m.currency.as_deref(), lang),
        Shown::MetricUnit => {
            let unit = match m.unit {
                Unit::Table => Unit::Count,
                u => u,
            };
            format::metric_value(&m.id, Some(v), unit, m.currency.as_deref(), lang)
        }
        Shown::Years => match lang {
            Lang::Pt => format!("{}\u{a0}anos", format::number(v, 1, lang)),
            Lang::En => format!("{}\u{a0}years", format::number(v, 1, lang)),
        },
        Shown::Flag => flag_text(lang, key, v),
    }
}

/// A key nobody labelled, made readable: `mean_handle_hours` → `Mean handle hours`.
pub fn humanize(key: &str) -> String {
    let words = key.replace(['_', ':'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether the headline is the pooled per-period figure.
pub fn is_pooled(m: &Metric) -> bool {
    m.details.get(BASIS_POOLED).is_some_and(|v| *v >= 0.5)
}

fn periods_phrase(lang: Lang, n: u64, gran: Granularity) -> String {
    let one = n == 1;
    let (pt, en) = match (gran, one) {
        (Granularity::Day, true) => ("período diário", "daily period"),
        (Granularity::Day, false) => ("períodos diários", "daily periods"),
        (Granularity::Week, true) => ("período semanal", "weekly period"),
        (Granularity::Week, false) => ("períodos semanais", "weekly periods"),
        (Granularity::Month, true) => ("período mensal", "monthly period"),
        (Granularity::Month, false) => ("períodos mensais", "monthly periods"),
        (Granularity::Quarter, true) => ("período trimestral", "quarterly period"),
        (Granularity::Quarter, false) => ("períodos trimestrais", "quarterly periods"),
        (Granularity::Year, true) => ("período anual", "yearly period"),
        (Granularity::Year, false) => ("períodos anuais", "yearly periods"),
    };
    format!(
        "{} {}",
        format::number(n as f64, 0, lang),
        pick(lang, pt, en)
    )
}

/// The pooled basis in one sentence, e.g. "Pooled over 33 monthly periods: 48 churned /
/// 1,909 at start"; `None` when the headline is read over the range itself.
pub fn pooled_summary(m: &Metric, gran: Granularity, lang: Lang) -> Option<String> {
    if !is_pooled(m) {
        return None;
    }
    let d = |k: &str| m.details.get(k).copied();
    let periods = d("pooled_periods")?.max(0.0).round() as u64;
    let count = |v: f64| format::number(v, 0, lang);
    let money = |v: f64| format::currency(v, m.currency.as_deref(), lang);
    let ratio: Option<(String, String)> =
        if let (Some(c), Some(s)) = (d("pooled_customers_churned"), d("pooled_customers_start")) {
            Some((
                format!("{} {}", count(c), pick(lang, "perdidos", "churned")),
                format!("{} {}", count(s), pick(lang, "no início", "at start")),
            ))
        } else if let (Some(c), Some(s)) = (
            d("pooled_customers_churned"),
            d("pooled_customers_previous"),
        ) {
            Some((
                format!("{} {}", count(c), pick(lang, "perdidos", "churned")),
                format!(
                    "{} {}",
                    count(s),
                    pick(
                        lang,
                        "com compra no período anterior",
                        "who bought in the previous period"
                    )
                ),
            ))
        } else if let Some(start) = d("pooled_mrr_start") {
            let den = format!(
                "{} {}",
                money(start),
                pick(lang, "de MRR no início", "MRR at start")
            );
            let num = if let Some(v) = d("pooled_mrr_lost") {
                format!("{} {}", money(v), pick(lang, "perdidos", "lost"))
            } else if let Some(v) = d("pooled_mrr_retained") {
                let gross = d("pooled_mrr_retained_gross")
                    .map(|g| format!(" ({} {})", pick(lang, "bruto:", "gross:"), money(g)))
                    .unwrap_or_default();
                format!("{} {}{gross}", money(v), pick(lang, "retidos", "retained"))
            } else if let Some(v) = d("pooled_mrr_expansion") {
                format!(
                    "{} {}",
                    money(v),
                    pick(
                        lang,
                        "de expansão e reativação",
                        "expansion and reactivation"
                    )
                )
            } else {
                return None;
            };
            Some((num, den))
        } else if let (Some(g), Some(b)) = (
            d("pooled_growth"),
            d("pooled_previous_revenue_of_returning"),
        ) {
            Some((
                format!("{} {}", money(g), pick(lang, "de crescimento", "growth")),
                format!(
                    "{} {}",
                    money(b),
                    pick(
                        lang,
                        "de receita anterior dos clientes que voltaram",
                        "previous revenue of returning customers"
                    )
                ),
            ))
        } else {
            None
        };
    let head = match lang {
        Lang::Pt => format!("Agregado em {}", periods_phrase(lang, periods, gran)),
        Lang::En => format!("Pooled over {}", periods_phrase(lang, periods, gran)),
    };
    Some(match ratio {
        Some((num, den)) => format!("{head}: {num} / {den}"),
        None => head,
    })
}

/// `m` with a currency for its money details: a ratio (churn, NRR, expansion) has none of its
/// own, but its pooled MRR or revenue sums are amounts in the report's currency (that of MRR,
/// else of revenue). Borrowed unchanged when nothing is missing.
pub fn with_money_currency<'a>(
    m: &'a Metric,
    report: &jornada_engine::Report,
) -> std::borrow::Cow<'a, Metric> {
    if m.currency.is_some() || !is_pooled(m) {
        return std::borrow::Cow::Borrowed(m);
    }
    let currency = ["sales.mrr", "sales.revenue"]
        .iter()
        .find_map(|id| report.metric(id).and_then(|x| x.currency.clone()));
    match currency {
        None => std::borrow::Cow::Borrowed(m),
        Some(c) => {
            let mut owned = m.clone();
            owned.currency = Some(c);
            std::borrow::Cow::Owned(owned)
        }
    }
}

/// Which core actions were counted, when the metric says.
pub fn core_actions_note(m: &Metric, lang: Lang) -> Option<String> {
    let v = *m.details.get("core_actions_default")?;
    Some(format!(
        "{}: {}",
        pick(lang, "Ações principais", "Core actions"),
        flag_text(lang, "core_actions_default", v)
    ))
}

/// Each core action's share of active users, largest first (then by name).
pub fn action_shares(m: &Metric) -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = m
        .details
        .iter()
        .filter_map(|(k, s)| k.strip_prefix(ACTION_PREFIX).map(|a| (a.to_string(), *s)))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// The details as (label, value) lines, in the engine's key order, without the per-action
/// shares (see [`action_shares`]).
pub fn detail_lines(m: &Metric, lang: Lang) -> Vec<(String, String)> {
    m.details
        .iter()
        .filter(|(k, _)| !k.starts_with(ACTION_PREFIX))
        .map(|(k, v)| {
            (
                detail_label(lang, k).unwrap_or_else(|| humanize(k)),
                detail_value(lang, k, *v, m),
            )
        })
        .collect()
}

/// How a table column's cells read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cell {
    Text,
    Count,
    Decimal,
    Percent,
    Hours,
    /// A survey kind id (`nps`).
    Survey,
    /// A respondent group id (`promoters`).
    Group,
}

/// A table column's header in `lang`, or `None` for a column this version does not know.
pub fn column_label(lang: Lang, key: &str) -> Option<String> {
    let (pt, en) = match key {
        "account" => ("Conta", "Account"),
        "action" => ("Ação", "Action"),
        "active_users" => ("Usuários ativos", "Active users"),
        "agent" => ("Agente", "Agent"),
        "article" => ("Artigo", "Article"),
        "comments" => ("Comentários", "Comments"),
        "contacts" => ("Contatos", "Contacts"),
        "contacts_per_logged_hour" => ("Contatos por hora logada", "Contacts per logged hour"),
        "csat" => ("CSAT", "CSAT"),
        "csat_answers" => ("Respostas de CSAT", "CSAT answers"),
        "examples" => ("Exemplos", "Examples"),
        "group" => ("Grupo", "Group"),
        "helpful_share" => ("Úteis", "Helpful"),
        "leads" => ("Leads", "Leads"),
        "logged_hours" => ("Horas logadas", "Logged hours"),
        "mean_handle_hours" => ("Tempo médio de atendimento", "Mean handle time"),
        "mean_rating" => ("Nota média", "Mean rating"),
        "median_first_response_hours" => ("Mediana da primeira resposta", "Median first response"),
        "pause_hours" => ("Horas em pausa", "Pause hours"),
        "phrases" => ("Expressões frequentes", "Frequent phrases"),
        "ratings" => ("Avaliações", "Ratings"),
        "reason" => ("Motivo", "Reason"),
        "referred" => ("Indicados", "Referred"),
        "referrer" => ("Quem indicou", "Referrer"),
        "seats" => ("Licenças", "Seats"),
        "share" => ("Participação", "Share"),
        "source" => ("Origem", "Source"),
        "successful_share" => ("Contatos bem-sucedidos", "Successful contacts"),
        "survey" => ("Pesquisa", "Survey"),
        "tickets" => ("Tickets", "Tickets"),
        "users" => ("Usuários", "Users"),
        "utilization" => ("Uso", "Utilisation"),
        "views" => ("Visualizações", "Views"),
        "votes" => ("Votos", "Votes"),
        "words" => ("Palavras frequentes", "Frequent words"),
        "acquisition_source" => ("Origem de aquisição", "Acquisition source"),
        "band" => ("Faixa", "Band"),
        "clv_predicted" => ("CLV previsto", "Predicted CLV"),
        "components" => ("Pontos por componente", "Points per component"),
        "engagement" => ("Engajamento", "Engagement"),
        "health" => ("Saúde", "Health"),
        "health_band" => ("Faixa de saúde", "Health band"),
        "p_alive" => ("P(ativo)", "P(alive)"),
        "score" => ("Pontuação", "Score"),
        "active" => ("Ativos", "Active"),
        "back" => ("Volta", "Going back"),
        "by_email" => ("Pelo e-mail", "By e-mail"),
        "by_id" => ("Pelo ID", "By id"),
        "by_visitor" => ("Pelo visitante", "By visitor link"),
        "cohort" => ("Coorte", "Cohort"),
        "conversion" => ("Conversão", "Conversion"),
        "customer" => ("Cliente", "Customer"),
        "customers" => ("Clientes", "Customers"),
        "dormant" => ("Adormecidos", "Dormant"),
        "email" => ("E-mail", "E-mail"),
        "file" => ("Arquivo", "File"),
        "first_order" => ("Primeiro pedido", "First order"),
        "first_seen" => ("Visto pela primeira vez", "First seen"),
        "from" => ("De", "From"),
        "gap" => ("Intervalo", "Gap"),
        "high" => ("Limite superior (95%)", "Upper bound (95%)"),
        "k" => ("Períodos depois", "Periods later"),
        "kind" => ("Tipo de arquivo", "File kind"),
        "last_ces" => ("Último CES", "Last CES"),
        "last_csat" => ("Último CSAT", "Last CSAT"),
        "last_nps" => ("Último NPS", "Last NPS"),
        "last_order" => ("Último pedido", "Last order"),
        "later_step_came_first" => ("Etapa posterior antes", "Later step first"),
        "lead_date" => ("Data do lead", "Lead date"),
        "low" => ("Limite inferior (95%)", "Lower bound (95%)"),
        "median_days" => ("Mediana de dias", "Median days"),
        "milestone" => ("Marco", "Milestone"),
        "moves" => ("Movimentos", "Moves"),
        "new" => ("Novos", "New"),
        "orders" => ("Pedidos", "Orders"),
        "partial" => ("Parcial", "Partial"),
        "period" => ("Período", "Period"),
        "q1_days" => ("1º quartil (dias)", "First quartile (days)"),
        "q3_days" => ("3º quartil (dias)", "Third quartile (days)"),
        "reached" => ("Alcançaram", "Reached"),
        "resurrecting" => ("Reativados", "Resurrecting"),
        "returning" => ("Recorrentes", "Returning"),
        "revenue" => ("Receita", "Revenue"),
        "revenue_share" => ("Receita retida", "Revenue retained"),
        "rows" => ("Linhas", "Rows"),
        "size" => ("Tamanho", "Size"),
        "stage_reached" => ("Etapa alcançada", "Stage reached"),
        "step" => ("Etapa", "Step"),
        "to" => ("Para", "To"),
        "unmatched" => ("Sem cliente", "Unmatched"),
        _ => return None,
    };
    Some(pick(lang, pt, en))
}

/// A column's header: its label, else the key made readable.
pub fn column_header(lang: Lang, key: &str) -> String {
    column_label(lang, key).unwrap_or_else(|| humanize(key))
}

/// The columns of a table in reading order: what a row is about first (survey and group,
/// source, agent, article...), then its figures, then lists and examples; columns this
/// version does not know keep the engine's order after the known ones.
pub fn column_order(keys: impl IntoIterator<Item = String>) -> Vec<String> {
    const ORDER: &[&str] = &[
        "survey",
        "group",
        "source",
        "reason",
        "article",
        "agent",
        "account",
        "action",
        "referrer",
        "comments",
        "leads",
        "tickets",
        "views",
        "users",
        "referred",
        "seats",
        "active_users",
        "utilization",
        "share",
        "votes",
        "helpful_share",
        "ratings",
        "mean_rating",
        "median_first_response_hours",
        "mean_handle_hours",
        "csat",
        "csat_answers",
        "contacts",
        "logged_hours",
        "pause_hours",
        "contacts_per_logged_hour",
        "successful_share",
        "words",
        "phrases",
        "examples",
    ];
    let mut keys: Vec<String> = keys.into_iter().collect();
    keys.sort_by_key(|k| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    keys
}

fn cell_kind(key: &str) -> Cell {
    match key {
        "share" | "helpful_share" | "successful_share" | "utilization" | "csat" => Cell::Percent,
        "mean_handle_hours" | "median_first_response_hours" | "logged_hours" | "pause_hours" => {
            Cell::Hours
        }
        "mean_rating" | "contacts_per_logged_hour" => Cell::Decimal,
        "survey" => Cell::Survey,
        "group" => Cell::Group,
        "leads" | "tickets" | "views" | "votes" | "ratings" | "csat_answers" | "contacts"
        | "seats" | "active_users" | "users" | "referred" | "comments" => Cell::Count,
        _ => Cell::Text,
    }
}

fn group_name(lang: Lang, id: &str) -> String {
    let (pt, en) = match id {
        "promoters" => ("Promotores", "Promoters"),
        "passives" => ("Neutros", "Passives"),
        "detractors" => ("Detratores", "Detractors"),
        "satisfied" => ("Satisfeitos", "Satisfied"),
        "unsatisfied" => ("Insatisfeitos", "Unsatisfied"),
        other => return other.to_string(),
    };
    pick(lang, pt, en)
}

/// A survey kind's name (`nps` → NPS).
pub fn survey_name(lang: Lang, id: &str) -> String {
    match id {
        "nps" => "NPS".into(),
        "enps" => "eNPS".into(),
        "csat" => "CSAT".into(),
        "ces" => "CES".into(),
        "rating" => pick(lang, "Nota", "Rating"),
        other => other.to_string(),
    }
}

fn number_text(f: f64, lang: Lang) -> String {
    format::number(f, if f.fract() == 0.0 { 0 } else { 2 }, lang)
}

/// A list cell read as words: terms with their counts (`cobrança indevida (24)`),
/// comma-separated; plain strings (sentences, which hold commas of their own) separated by
/// ` · `; objects of other shapes as `key: value` pairs.
fn list_text(items: &[serde_json::Value], lang: Lang) -> String {
    let separator = if items.iter().all(|i| i.is_string()) {
        " · "
    } else {
        ", "
    };
    items
        .iter()
        .map(|item| match item {
            serde_json::Value::Object(o) => {
                let term = o.get("term").and_then(|t| t.as_str());
                let count = o.get("count").and_then(|c| c.as_f64());
                match (term, count) {
                    (Some(t), Some(c)) => format!("{t} ({})", number_text(c, lang)),
                    (Some(t), None) => t.to_string(),
                    _ => o
                        .iter()
                        .map(|(k, v)| format!("{}: {}", column_header(lang, k), scalar(v, lang)))
                        .collect::<Vec<_>>()
                        .join(", "),
                }
            }
            other => scalar(other, lang),
        })
        .collect::<Vec<_>>()
        .join(separator)
}

fn scalar(v: &serde_json::Value, lang: Lang) -> String {
    match v {
        serde_json::Value::Number(n) => {
            n.as_f64().map(|f| number_text(f, lang)).unwrap_or_default()
        }
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        serde_json::Value::Bool(b) => pick(
            lang,
            if *b { "sim" } else { "não" },
            if *b { "yes" } else { "no" },
        ),
        serde_json::Value::Array(a) => list_text(a, lang),
        serde_json::Value::Object(_) => list_text(std::slice::from_ref(v), lang),
    }
}

/// A table cell of column `key` as shown: shares as percentages, hours with their unit,
/// survey kinds and respondent groups in words, lists as comma-separated words.
pub fn cell_text(key: &str, v: &serde_json::Value, lang: Lang) -> String {
    let number = v.as_f64();
    match (cell_kind(key), number, v) {
        (_, _, serde_json::Value::Null) => "—".into(),
        (Cell::Percent, Some(f), _) => format::percent(f, 1, lang),
        (Cell::Hours, Some(f), _) => format::value(Some(f), Unit::Hours, None, lang),
        (Cell::Decimal, Some(f), _) => format::number(f, 2, lang),
        (Cell::Count, Some(f), _) => number_text(f, lang),
        (Cell::Survey, _, serde_json::Value::String(s)) => survey_name(lang, s),
        (Cell::Group, _, serde_json::Value::String(s)) => group_name(lang, s),
        _ => scalar(v, lang),
    }
}

/// A breakdown or filter dimension (a role id) in words, lower case: `landing_page` →
/// `página de entrada` / `landing page`.
pub fn role_words(lang: Lang, role: &str) -> String {
    let (pt, en) = match role {
        "channel" => ("canal", "channel"),
        "source" => ("origem", "source"),
        "agent" => ("agente", "agent"),
        "reason" => ("motivo", "reason"),
        "segment" => ("segmento", "segment"),
        "campaign" => ("campanha", "campaign"),
        "landing_page" => ("página de entrada", "landing page"),
        "product" => ("produto", "product"),
        "plan" => ("plano", "plan"),
        "medium" => ("meio", "medium"),
        "network" => ("rede", "network"),
        "survey_kind" => ("tipo de pesquisa", "survey kind"),
        other => return other.replace('_', " "),
    };
    pick(lang, pt, en)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jornada_engine::ingest::{IngestOptions, read_bytes};
    use jornada_engine::sample::{self, SampleSize, generate};
    use jornada_engine::{Query, Report, Settings, Stage, Table};
    use std::collections::{BTreeMap, BTreeSet};

    fn metric(details: &[(&str, f64)]) -> Metric {
        Metric {
            id: "loyalty.customer_churn_rate".into(),
            stage: Stage::Loyalty,
            unit: Unit::Rate,
            direction: jornada_engine::Direction::Neutral,
            value: Some(0.025),
            currency: Some("BRL".into()),
            n: None,
            interval: None,
            small_sample: false,
            previous: None,
            change_pct: None,
            change_significant: None,
            series: Vec::new(),
            breakdowns: Vec::new(),
            details: details
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<BTreeMap<_, _>>(),
            table: None,
            formula: String::new(),
            sources: Vec::new(),
            segment: None,
        }
    }

    #[test]
    fn pooled_churn_reads_as_a_sentence_in_both_languages() {
        let m = metric(&[
            (BASIS_POOLED, 1.0),
            ("pooled_periods", 33.0),
            ("pooled_customers_churned", 48.0),
            ("pooled_customers_start", 1909.0),
        ]);
        assert_eq!(
            pooled_summary(&m, Granularity::Month, Lang::En).as_deref(),
            Some("Pooled over 33 monthly periods: 48 churned / 1,909 at start")
        );
        assert_eq!(
            pooled_summary(&m, Granularity::Month, Lang::Pt).as_deref(),
            Some("Agregado em 33 períodos mensais: 48 perdidos / 1.909 no início")
        );
        // On the range basis there is no sentence.
        let range = metric(&[(BASIS_POOLED, 0.0), ("customers_start", 10.0)]);
        assert_eq!(pooled_summary(&range, Granularity::Month, Lang::En), None);
    }

    #[test]
    fn pooled_mrr_ratios_show_money_in_the_metric_currency() {
        let m = metric(&[
            (BASIS_POOLED, 1.0),
            ("pooled_periods", 1.0),
            ("pooled_mrr_lost", 95.0),
            ("pooled_mrr_start", 480.0),
        ]);
        assert_eq!(
            pooled_summary(&m, Granularity::Quarter, Lang::Pt).as_deref(),
            Some(
                "Agregado em 1 período trimestral: R$\u{a0}95,00 perdidos / R$\u{a0}480,00 de MRR no início"
            )
        );
        let nrr = metric(&[
            (BASIS_POOLED, 1.0),
            ("pooled_periods", 3.0),
            ("pooled_mrr_retained", 465.0),
            ("pooled_mrr_retained_gross", 385.0),
            ("pooled_mrr_start", 480.0),
        ]);
        assert_eq!(
            pooled_summary(&nrr, Granularity::Month, Lang::En).as_deref(),
            Some(
                "Pooled over 3 monthly periods: R$465.00 retained (gross: R$385.00) / R$480.00 MRR at start"
            )
        );
    }

    #[test]
    fn a_pooled_ratio_borrows_the_reports_money_currency() {
        let mut nrr = metric(&[
            (BASIS_POOLED, 1.0),
            ("pooled_periods", 2.0),
            ("pooled_mrr_retained", 90.0),
            ("pooled_mrr_start", 100.0),
        ]);
        nrr.currency = None;
        let mut mrr = metric(&[]);
        mrr.id = "sales.mrr".into();
        mrr.currency = Some("USD".into());
        let report = jornada_engine::Report {
            metrics: vec![mrr, nrr.clone()],
            unavailable: Vec::new(),
        };
        let shown = with_money_currency(&nrr, &report);
        assert_eq!(
            pooled_summary(&shown, Granularity::Month, Lang::En).as_deref(),
            Some("Pooled over 2 monthly periods: $90.00 retained / $100.00 MRR at start")
        );
        // On the range basis nothing is copied.
        let range = metric(&[(BASIS_POOLED, 0.0)]);
        assert!(matches!(
            with_money_currency(&range, &report),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn core_actions_and_their_shares_in_the_users_locale() {
        let m = metric(&[
            ("core_actions_default", 1.0),
            ("core_actions", 3.0),
            ("action:invite", 0.2),
            ("action:export_report", 0.4),
            ("action:login", 0.2),
        ]);
        assert_eq!(
            action_shares(&m),
            vec![
                ("export_report".to_string(), 0.4),
                ("invite".to_string(), 0.2),
                ("login".to_string(), 0.2)
            ]
        );
        assert_eq!(detail_value(Lang::Pt, "action:invite", 0.2, &m), "20,0%");
        assert_eq!(
            core_actions_note(&m, Lang::En).as_deref(),
            Some(
                "Core actions: default: every event except the activation, first-value and onboarding ones"
            )
        );
        let set = metric(&[("core_actions_default", 0.0)]);
        assert_eq!(
            core_actions_note(&set, Lang::Pt).as_deref(),
            Some("Ações principais: as definidas nas configurações")
        );
        // The per-action shares are a list of their own, not detail lines.
        let lines = detail_lines(&m, Lang::En);
        assert_eq!(
            lines,
            vec![
                ("Core actions".to_string(), "3".to_string()),
                (
                    "Core actions used".to_string(),
                    "default: every event except the activation, first-value and onboarding ones"
                        .to_string()
                )
            ]
        );
    }

    #[test]
    fn feedback_theme_cells_are_words_not_json() {
        let words = serde_json::json!([{"term": "cobrança", "count": 24}, {"term": "app trava", "count": 1234}]);
        assert_eq!(
            cell_text("words", &words, Lang::Pt),
            "cobrança (24), app trava (1.234)"
        );
        let examples = serde_json::json!(["Chegou rápido.", "Ótimo"]);
        assert_eq!(
            cell_text("examples", &examples, Lang::En),
            "Chegou rápido. · Ótimo"
        );
        assert_eq!(
            column_order(
                [
                    "comments", "examples", "group", "phrases", "survey", "words", "new_one"
                ]
                .map(String::from)
            ),
            [
                "survey", "group", "comments", "words", "phrases", "examples", "new_one"
            ]
            .map(String::from)
        );
        assert_eq!(
            cell_text("group", &serde_json::json!("detractors"), Lang::Pt),
            "Detratores"
        );
        assert_eq!(
            cell_text("survey", &serde_json::json!("enps"), Lang::En),
            "eNPS"
        );
        assert_eq!(
            cell_text("share", &serde_json::json!(0.268), Lang::Pt),
            "26,8%"
        );
        assert_eq!(
            cell_text("mean_handle_hours", &serde_json::json!(0.26), Lang::En),
            "0.3\u{a0}h"
        );
        assert_eq!(cell_text("csat", &serde_json::Value::Null, Lang::En), "—");
        assert_eq!(humanize("mean_handle_hours"), "Mean handle hours");
    }

    fn sample_report(lang: sample::Lang) -> Report {
        let tables: Vec<Table> = generate(SampleSize::Orders(2_000), lang, 42)
            .iter()
            .map(|f| read_bytes(&f.name, &f.csv, &IngestOptions::default()).unwrap())
            .collect();
        jornada_engine::metrics::analyze(&tables, &Settings::default(), &Query::default())
    }

    /// The sample company's report in both languages: every detail key and table column has a
    /// label of its own in pt-BR and English (none falls back to the raw key), and no table
    /// cell reads as JSON.
    #[test]
    fn every_detail_and_column_of_the_sample_report_has_words_in_both_languages() {
        let mut details = BTreeSet::new();
        let mut columns = BTreeSet::new();
        for lang in [sample::Lang::Pt, sample::Lang::En] {
            let r = sample_report(lang);
            for m in &r.metrics {
                details.extend(m.details.keys().cloned());
                let Some(serde_json::Value::Array(rows)) = &m.table else {
                    continue;
                };
                for row in rows.iter().filter_map(|r| r.as_object()) {
                    for (k, v) in row {
                        columns.insert(k.clone());
                        for l in [Lang::Pt, Lang::En] {
                            let text = cell_text(k, v, l);
                            assert!(
                                !text.starts_with('[') && !text.starts_with('{'),
                                "{} {k}: {text}",
                                m.id
                            );
                        }
                    }
                }
            }
        }
        for key in [
            BASIS_POOLED,
            "pooled_periods",
            "core_actions_default",
            "action:workout_completed",
        ] {
            assert!(
                details.contains(key),
                "the sample has no {key}: {details:?}"
            );
        }
        let unlabelled: Vec<&String> = details
            .iter()
            .filter(|k| detail_label(Lang::Pt, k).is_none() || detail_label(Lang::En, k).is_none())
            .collect();
        assert!(
            unlabelled.is_empty(),
            "details with no label: {unlabelled:?}"
        );
        let unheaded: Vec<&String> = columns
            .iter()
            .filter(|k| column_label(Lang::Pt, k).is_none() || column_label(Lang::En, k).is_none())
            .collect();
        assert!(unheaded.is_empty(), "columns with no header: {unheaded:?}");
        for k in &details {
            for l in [Lang::Pt, Lang::En] {
                let label = detail_label(l, k).unwrap_or_else(|| panic!("no label for detail {k}"));
                // An action's label carries its event name (data, which may hold `_`).
                let words = k
                    .strip_prefix(ACTION_PREFIX)
                    .map_or(label.clone(), |a| label.replace(a, ""));
                assert!(
                    !words.contains('_') && !words.contains(ACTION_PREFIX),
                    "{k}: {label}"
                );
            }
        }
        for k in &columns {
            assert!(
                column_label(Lang::Pt, k).is_some(),
                "no pt header for column {k}"
            );
            assert!(
                column_label(Lang::En, k).is_some(),
                "no en header for column {k}"
            );
        }
        for k in ["phrases", "words", "comments", "examples", "group"] {
            assert!(columns.contains(k), "{k} not in {columns:?}");
        }
    }
}
