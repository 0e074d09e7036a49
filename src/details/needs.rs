//! What an unavailable metric needs, in words: the engine's [`Need`] parts rendered in pt-BR,
//! and in English by the engine's own [`english`] (the CLI's words), except where the page
//! says a setting in words instead of by its key.

use super::{pick, role_words, survey_name};
use crate::i18n::{Lang, kind_name};
use jornada_engine::needs::english;
use jornada_engine::report::{Need, Unavailable};

/// What an unavailable metric needs, in `lang`: its parts in words when this version knows
/// their key, else the engine's English text.
pub fn needs_text(lang: Lang, u: &Unavailable) -> String {
    u.need
        .as_ref()
        .and_then(|n| need_text(lang, n))
        .unwrap_or_else(|| u.needs.clone())
}

/// The words for one [`Need`]; `None` for a key this version does not know.
pub fn need_text(lang: Lang, n: &Need) -> Option<String> {
    let arg = |i: usize| n.args.get(i).map(String::as_str).unwrap_or("");
    Some(match n.key.as_str() {
        "surveys.scores" => {
            let kind = survey_name(lang, arg(0));
            pick(
                lang,
                &format!(
                    "um arquivo de respostas de pesquisa com data e notas de {kind} (colunas de tipo de pesquisa e nota, ou uma coluna com a pergunta de {kind})"
                ),
                &format!(
                    "a survey-responses file with a date and {kind} scores (a survey-kind and score column, or a {kind} question column)"
                ),
            )
        }
        "filter.column" => {
            let role = role_words(lang, arg(0));
            let kind = kind_name(lang, arg(1)).to_lowercase();
            pick(
                lang,
                &format!("uma coluna «{role}» no arquivo de {kind}"),
                &format!("a “{role}” column in the {kind} file"),
            )
        }
        "filter.column_any" => {
            let role = role_words(lang, arg(0));
            pick(
                lang,
                &format!("uma coluna «{role}» nos arquivos que esta métrica lê"),
                &format!("a “{role}” column in the files this metric reads"),
            )
        }
        "spend.currency" => pick(
            lang,
            &format!(
                "gastos de marketing na moeda dos pedidos ({}; os gastos estão em {})",
                arg(0),
                arg(1)
            ),
            &english(n),
        ),
        "orders.clv_history" => pick(
            lang,
            &format!(
                "pedidos concluídos de ao menos {} clientes, {} deles comprando de novo em outro dia com valor, para ajustar os modelos de compra e de gasto (os dados têm {} e {})",
                arg(0),
                arg(1),
                arg(2),
                arg(3)
            ),
            &english(n),
        ),
        "orders.clv_fit" => pick(
            lang,
            &format!(
                "históricos de pedidos aos quais o modelo {} se ajuste: a busca de máxima verossimilhança não convergiu nestes",
                arg(0)
            ),
            &english(n),
        ),
        "orders.clv_spend" => pick(
            lang,
            &format!(
                "valores de recompra que deixem o gasto médio finito: o ajuste Gamma-Gamma deu q = {} (precisa de q > 1)",
                arg(0)
            ),
            &english(n),
        ),
        "settings.calendar" => pick(
            lang,
            &format!(
                "um calendário comercial válido nas configurações ({})",
                arg(0)
            ),
            &english(n),
        ),
        key => match lang {
            Lang::Pt => fixed_pt(key)?.to_string(),
            Lang::En => {
                fixed_pt(key)?;
                settings_in_words(key).map_or_else(|| english(n), str::to_string)
            }
        },
    })
}

/// The English of the needs that name a setting: the page says it in words, the CLI (the
/// engine's English) by its key.
fn settings_in_words(key: &str) -> Option<&'static str> {
    Some(match key {
        "orders.margin" => "an orders cost or margin column, or a default margin in the settings",
        "orders.relationship" => {
            "completed orders to estimate the relationship length, or that length in the settings"
        }
        "orders.relationship_year" => {
            "at least a year of order history to estimate the relationship length, or that length in the settings"
        }
        "events.core_actions" => {
            "core action event names in the settings, or events other than the activation, first-value, onboarding, sign-up and login/logout ones"
        }
        _ => return None,
    })
}

/// The pt-BR of the needs without blanks.
fn fixed_pt(key: &str) -> Option<&'static str> {
    Some(match key {
        "orders.date" => "um arquivo de pedidos com uma coluna de data do pedido",
        "orders.amount" => "um arquivo de pedidos com uma coluna de valor (total do pedido)",
        "orders.customer" => "um arquivo de pedidos com uma coluna de ID ou e-mail do cliente",
        "orders.date_customer" => "um arquivo de pedidos com data e ID ou e-mail do cliente",
        "orders.abandoned" => {
            "pedidos com uma coluna de status que marque carrinhos abandonados (ex.: \"carrinho abandonado\"), ou uma exportação de checkouts abandonados"
        }
        "orders.order_type" => "pedidos com uma coluna de tipo de pedido (upsell / venda cruzada)",
        "orders.order_type_or_subscriptions" => {
            "pedidos com uma coluna de tipo de pedido (upsell / venda cruzada), ou assinaturas"
        }
        "orders.margin" => {
            "uma coluna de custo ou margem nos pedidos, ou a margem padrão nas configurações"
        }
        "orders.relationship" => {
            "pedidos concluídos para estimar a duração do relacionamento, ou essa duração nas configurações"
        }
        "orders.relationship_year" => {
            "ao menos um ano de histórico de pedidos para estimar a duração do relacionamento, ou essa duração nas configurações"
        }
        "spend.date_amount" => {
            "um arquivo de gastos de marketing com data e coluna de investimento (custo)"
        }
        "subscriptions.mrr" => {
            "um arquivo de assinaturas com data de início e coluna de MRR ou valor"
        }
        "subscriptions.seats" => {
            "um arquivo de assinaturas com ID do cliente e coluna de licenças (ou quantidade)"
        }
        "leads.created" => "um arquivo de leads com data de criação",
        "leads.source" => "um arquivo de leads com coluna de origem ou canal",
        "leads.converted" => {
            "uma coluna de conversão no arquivo de leads, ou leads com e-mail/ID do cliente e um arquivo de pedidos com clientes"
        }
        "sessions.date" => "um arquivo de sessões/tráfego com data",
        "journey.health_inputs" => {
            "dois entre: um arquivo de eventos ou sessões, respostas de pesquisa, chamados, pedidos, assinaturas, com clientes"
        }
        "journey.people" => {
            "um arquivo com coluna de id de cliente ou e-mail (um id de visitante liga sessões e eventos a eles)"
        }
        "sessions.landing" => {
            "um arquivo de sessões com colunas de página de entrada e conversão (em lead)"
        }
        "sessions.medium" => "um arquivo de sessões com coluna de meio, origem ou canal",
        "sessions.duration" => {
            "um arquivo de sessões com coluna de duração da sessão (segundos) ou horários de início e fim"
        }
        "sessions.person" => {
            "um arquivo de sessões com data e ID do cliente, e-mail ou ID de visitante"
        }
        "chats.bot" => {
            "um arquivo de chats com data, coluna de conversão e coluna de transferência ou de bot"
        }
        "chats.transferred" => "um arquivo de chats com data e coluna de transferência",
        "social.date" => "um arquivo de interações sociais com data",
        "tickets.created" => "um arquivo de tickets com data de criação",
        "tickets.customer" => "um arquivo de tickets com coluna de ID ou e-mail do cliente",
        "tickets.first_response" => {
            "um arquivo de tickets com datas de criação e de primeira resposta, ou uma coluna de tempo de primeira resposta"
        }
        "tickets.resolution" => {
            "um arquivo de tickets com datas de criação e de resolução, ou uma coluna de tempo de resolução"
        }
        "tickets.handle_time" => "um arquivo de tickets com coluna de tempo de atendimento",
        "tickets.bot" => {
            "um arquivo de tickets ou chats com indicação de bot e de transferência para humano"
        }
        "tickets.sla" => {
            "um arquivo de tickets com indicação de SLA violado, prazo de SLA, ou datas de criação e primeira resposta"
        }
        "tickets.reason" => "um arquivo de tickets com coluna de motivo/tipo/categoria",
        "tickets.agent" => "um arquivo de tickets com coluna de agente",
        "articles.views" => "um arquivo de visualizações de artigos com coluna de artigo e data",
        "articles.votes" => {
            "um arquivo de visualizações de artigos com coluna de artigo e voto de utilidade ou nota"
        }
        "shifts.hours" => {
            "um arquivo de turnos de agentes com coluna de agente e horas logadas (ou início e fim do turno)"
        }
        "reviews.rating" => "um arquivo de avaliações com data e nota de 1 a 5",
        "surveys.comment" => "respostas de pesquisa com coluna de comentário",
        "events.name" => "um arquivo de eventos com nome do evento, data e ID ou e-mail do cliente",
        "activity.person" => {
            "um arquivo de eventos ou sessões com data e ID do cliente, e-mail ou ID de visitante"
        }
        "usage.account_user" => {
            "um arquivo de eventos ou sessões com conta (ID do cliente) e e-mail do usuário ou ID de visitante"
        }
        "events.core_actions" => {
            "os eventos das ações principais nas configurações, ou eventos além dos de ativação, primeiro valor, onboarding, cadastro e login/logout"
        }
        "referrals.source" => {
            "leads ou pedidos com coluna de origem/canal (indicação, referral) ou uma coluna de quem indicou"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unavailable(id: &str, key: &str, args: &[&str]) -> Unavailable {
        Unavailable::new(id, Need::new(key, args.iter().copied()))
    }

    #[test]
    fn needs_are_translated_with_their_blanks_filled() {
        let u = unavailable("sales.mrr", "subscriptions.mrr", &[]);
        assert_eq!(
            needs_text(Lang::Pt, &u),
            "um arquivo de assinaturas com data de início e coluna de MRR ou valor"
        );
        assert_eq!(needs_text(Lang::En, &u), u.needs);
        let u = unavailable("loyalty.nps", "surveys.scores", &["nps"]);
        assert!(
            needs_text(Lang::Pt, &u)
                .starts_with("um arquivo de respostas de pesquisa com data e notas de NPS")
        );
        let u = unavailable("sales.orders", "filter.column", &["channel", "orders"]);
        assert_eq!(
            needs_text(Lang::Pt, &u),
            "uma coluna «canal» no arquivo de pedidos"
        );
        assert_eq!(
            needs_text(Lang::En, &u),
            "a “channel” column in the orders file"
        );
        // A key this version does not know reads as the engine's English.
        let mut u = unavailable("x.y", "x.new", &[]);
        u.needs = "something new".into();
        assert_eq!(needs_text(Lang::Pt, &u), "something new");
        // The settings are said in words on the page, by key in the CLI.
        let u = unavailable("loyalty.ltv_margin", "orders.margin", &[]);
        assert!(u.needs.contains("settings.default_margin"));
        assert_eq!(
            needs_text(Lang::En, &u),
            "an orders cost or margin column, or a default margin in the settings"
        );
    }

    #[test]
    fn every_need_key_of_the_engine_has_both_languages() {
        for key in jornada_engine::needs::keys() {
            let n = Need {
                key: key.to_string(),
                args: vec!["nps".into(), "orders".into()],
            };
            let pt = need_text(Lang::Pt, &n).unwrap_or_else(|| panic!("no pt for {key}"));
            let en = need_text(Lang::En, &n).unwrap_or_else(|| panic!("no en for {key}"));
            assert_ne!(pt, en, "{key}");
            assert!(
                !pt.contains("file") && !pt.contains(" with "),
                "{key}: {pt}"
            );
        }
    }
}
