//! The role and kind ids offered in the mapping review's dropdowns (the engine's `Role` and
//! `TableKind` serialised as snake_case; a test checks every id still parses), with their names.

use crate::i18n::Lang;

pub const ROLE_IDS: &[&str] = &[
    "customer_id",
    "email",
    "name",
    "order_id",
    "order_date",
    "amount",
    "currency",
    "status",
    "order_type",
    "quantity",
    "unit_price",
    "product",
    "cost",
    "margin",
    "discount",
    "lead_id",
    "channel",
    "source",
    "medium",
    "campaign",
    "landing_page",
    "referrer",
    "converted",
    "converted_at",
    "visitor_id",
    "user_id",
    "session_id",
    "session_duration",
    "pageviews",
    "reactions",
    "comments",
    "shares",
    "direct_messages",
    "spend",
    "subscription_id",
    "plan",
    "interval",
    "mrr",
    "started_at",
    "ended_at",
    "trial_end",
    "seats",
    "interval_count",
    "ticket_id",
    "created_at",
    "first_response_at",
    "resolved_at",
    "first_response_hours",
    "resolution_hours",
    "handle_hours",
    "agent",
    "reason",
    "sla_due",
    "sla_breached",
    "bot_handled",
    "transferred",
    "helpful",
    "article",
    "views",
    "logged_hours",
    "pause_hours",
    "contacts_handled",
    "successful_contacts",
    "survey_kind",
    "question",
    "score",
    "rating",
    "comment",
    "responded_at",
    "event_name",
    "event_at",
    "segment",
    "date",
];

/// A role's name in `lang` for the mapping's dropdown; `None` for an id this version does not
/// know (a test checks every offered id has one).
pub fn role_label(lang: Lang, id: &str) -> Option<&'static str> {
    let (pt, en) = match id {
        "customer_id" => ("ID do cliente", "Customer id"),
        "email" => ("E-mail", "E-mail"),
        "name" => ("Nome", "Name"),
        "order_id" => ("ID do pedido", "Order id"),
        "order_date" => ("Data do pedido", "Order date"),
        "amount" => ("Valor", "Amount"),
        "currency" => ("Moeda", "Currency"),
        "status" => ("Status", "Status"),
        "order_type" => (
            "Tipo de pedido (upsell / cross-sell)",
            "Order type (upsell / cross-sell)",
        ),
        "quantity" => ("Quantidade", "Quantity"),
        "product" => ("Produto", "Product"),
        "cost" => ("Custo", "Cost"),
        "margin" => ("Margem", "Margin"),
        "discount" => ("Desconto", "Discount"),
        "lead_id" => ("ID do lead", "Lead id"),
        "channel" => ("Canal", "Channel"),
        "source" => ("Origem", "Source"),
        "medium" => ("Meio", "Medium"),
        "campaign" => ("Campanha", "Campaign"),
        "landing_page" => ("Página de entrada", "Landing page"),
        "referrer" => ("Indicado por", "Referrer"),
        "converted" => ("Convertido (sim/não)", "Converted (yes/no)"),
        "converted_at" => ("Data de conversão", "Converted at"),
        "visitor_id" => ("ID do visitante", "Visitor id"),
        "trial_end" => ("Fim do período de teste", "Trial end"),
        "user_id" => ("ID do usuário", "User id"),
        "session_id" => ("ID da sessão", "Session id"),
        "session_duration" => ("Duração da sessão", "Session duration"),
        "pageviews" => ("Páginas vistas", "Page views"),
        "reactions" => ("Reações", "Reactions"),
        "comments" => ("Comentários", "Comments"),
        "shares" => ("Compartilhamentos", "Shares"),
        "direct_messages" => ("Mensagens diretas", "Direct messages"),
        "spend" => ("Investimento", "Spend"),
        "subscription_id" => ("ID da assinatura", "Subscription id"),
        "plan" => ("Plano", "Plan"),
        "interval" => ("Periodicidade da cobrança", "Billing interval"),
        "mrr" => (
            "MRR (receita recorrente mensal)",
            "MRR (monthly recurring revenue)",
        ),
        "started_at" => ("Início", "Started at"),
        "ended_at" => ("Fim", "Ended at"),
        "seats" => ("Licenças", "Seats"),
        "interval_count" => ("Intervalos por cobrança", "Intervals per billing"),
        "unit_price" => ("Preço unitário", "Unit price"),
        "ticket_id" => ("ID do chamado", "Ticket id"),
        "created_at" => ("Criado em", "Created at"),
        "first_response_at" => ("Primeira resposta em", "First response at"),
        "resolved_at" => ("Resolvido em", "Resolved at"),
        "first_response_hours" => ("Horas até a primeira resposta", "First response hours"),
        "resolution_hours" => ("Horas até a resolução", "Resolution hours"),
        "handle_hours" => ("Horas de atendimento", "Handle hours"),
        "agent" => ("Agente", "Agent"),
        "reason" => ("Motivo", "Reason"),
        "sla_due" => ("Prazo do SLA", "SLA due"),
        "sla_breached" => ("SLA estourado (sim/não)", "SLA breached (yes/no)"),
        "bot_handled" => ("Atendido pelo bot (sim/não)", "Bot handled (yes/no)"),
        "transferred" => ("Transferido (sim/não)", "Transferred (yes/no)"),
        "helpful" => ("Útil (sim/não)", "Helpful (yes/no)"),
        "article" => ("Artigo", "Article"),
        "views" => ("Visualizações", "Views"),
        "logged_hours" => ("Horas logadas", "Logged hours"),
        "pause_hours" => ("Horas em pausa", "Pause hours"),
        "contacts_handled" => ("Contatos atendidos", "Contacts handled"),
        "successful_contacts" => ("Contatos bem-sucedidos", "Successful contacts"),
        "survey_kind" => (
            "Tipo de pesquisa (NPS, CSAT, CES...)",
            "Survey kind (NPS, CSAT, CES...)",
        ),
        "question" => ("Pergunta", "Question"),
        "score" => ("Nota", "Score"),
        "rating" => ("Avaliação (estrelas)", "Rating (stars)"),
        "comment" => ("Comentário", "Comment"),
        "responded_at" => ("Respondido em", "Responded at"),
        "event_name" => ("Nome do evento", "Event name"),
        "event_at" => ("Data do evento", "Event at"),
        "segment" => ("Segmento", "Segment"),
        "date" => ("Data", "Date"),
        _ => return None,
    };
    Some(match lang {
        Lang::Pt => pt,
        Lang::En => en,
    })
}

pub fn kind_ids() -> Vec<&'static str> {
    jornada_engine::TableKind::ALL
        .iter()
        .map(|k| k.id())
        .collect()
}

/// The role's id as JSON has it (`Role::OrderDate` → `order_date`): the engine's.
pub use jornada_engine::ingest::roles::role_id;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_role_is_an_engine_role() {
        for id in ROLE_IDS {
            let role = jornada_engine::ingest::roles::role_from_id(id)
                .unwrap_or_else(|| panic!("{id} is not a Role"));
            assert_eq!(role_id(role), *id);
        }
        assert_eq!(kind_ids()[0], "orders");
    }

    #[test]
    fn every_offered_role_has_a_distinct_name_in_both_languages() {
        for lang in [Lang::Pt, Lang::En] {
            let mut names: Vec<&str> = ROLE_IDS
                .iter()
                .map(|id| role_label(lang, id).unwrap_or_else(|| panic!("{id}: no name")))
                .collect();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(names.len(), before, "two roles share a name in {lang:?}");
        }
        assert_eq!(role_label(Lang::Pt, "customer_id"), Some("ID do cliente"));
        assert_eq!(role_label(Lang::En, "landing_page"), Some("Landing page"));
        assert_eq!(role_label(Lang::En, "no_such_role"), None);
    }
}
