//! Why ingest read a column (or a file) as it did, in the user's language: the engine's
//! language-neutral [`Why`] parts rendered in pt-BR or English, roles and table kinds by their
//! names (never their ids), numbers and percents in the user's locale. A part this version
//! does not know makes the whole reason fall back to the engine's English line.

use crate::details::survey_name;
use crate::format;
use crate::i18n::{Lang, kind_name};
use crate::roles::role_label;
use jornada_engine::why::{self, Why};

/// A role's name, quoted as a name: «Data do pedido» / “Order date”.
fn role(lang: Lang, id: &str) -> String {
    let name = role_label(lang, id).unwrap_or(id);
    match lang {
        Lang::Pt => format!("«{name}»"),
        Lang::En => format!("“{name}”"),
    }
}

/// A plain-number arg in the user's locale (`1234.5` → `1.234,5`); kept as is if not a number.
fn number(lang: Lang, arg: &str, decimals: usize) -> String {
    arg.parse::<f64>()
        .map_or_else(|_| arg.to_string(), |x| format::number(x, decimals, lang))
}

/// A whole-percent arg (`97`) in the user's locale.
fn percent(lang: Lang, arg: &str) -> String {
    arg.parse::<f64>().map_or_else(
        |_| format!("{arg}%"),
        |x| format::percent(x / 100.0, 0, lang),
    )
}

/// A duration unit (`values.durations`).
fn unit(lang: Lang, id: &str) -> Option<&'static str> {
    Some(match (lang, id) {
        (Lang::Pt, "seconds") => "segundos",
        (Lang::Pt, "minutes") => "minutos",
        (Lang::Pt, "hours") => "horas",
        (Lang::Pt, "days") => "dias",
        (Lang::En, "seconds") => "seconds",
        (Lang::En, "minutes") => "minutes",
        (Lang::En, "hours") => "hours",
        (Lang::En, "days") => "days",
        _ => return None,
    })
}

/// What made a file look Brazilian or American.
fn locale_evidence(lang: Lang, id: &str) -> Option<&'static str> {
    if lang == Lang::En {
        return why::english_word(why::LOCALE_EVIDENCE, id);
    }
    Some(match id {
        "semicolon" => "delimitador `;`",
        "pt_headers" => "cabeçalhos em português",
        "comma_decimals" => "decimais com vírgula",
        "brl_amounts" => "valores em R$",
        "en_headers" => "cabeçalhos em inglês",
        "dot_decimals" => "decimais com ponto",
        _ => return None,
    })
}

/// What in the values named a column's role (`values.inferred`).
fn infer_evidence(lang: Lang, id: &str) -> Option<&'static str> {
    if lang == Lang::En {
        return why::english_word(why::INFER_EVIDENCE, id);
    }
    Some(match id {
        "yyyymmdd" => "inteiros de 8 dígitos que são todos datas",
        "only_date" => "a única coluna de datas do arquivo",
        "first_date" => "a mais antiga de duas colunas de datas",
        "later_date" => "sempre igual ou posterior à outra coluna de datas",
        "money" => "números com decimais, nenhum negativo",
        "line_total" => "igual a quantidade × preço unitário em todas as linhas",
        "unit_price" => "vezes a quantidade dá o total da linha",
        "quantity" => "inteiros pequenos que multiplicam o preço unitário",
        "small_integers" => "poucos inteiros pequenos ao lado de um valor",
        "repeating_id" => "um identificador que se repete entre linhas",
        "unique_id" => "um identificador que nunca se repete",
        "transaction_log" => {
            "uma data ao lado de um valor e de um identificador que se repete: um registro de transações"
        }
        _ => return None,
    })
}

/// What counted towards a table kind.
fn kind_evidence(lang: Lang, id: &str) -> Option<&'static str> {
    if lang == Lang::En {
        return why::english_word(why::KIND_EVIDENCE, id);
    }
    Some(match id {
        "order_id" => "ID do pedido",
        "order_date" => "data do pedido",
        "amount" => "valor",
        "status" => "status",
        "product" => "produto",
        "file_name" => "nome do arquivo",
        "subscription_id" => "ID da assinatura",
        "plan" => "plano",
        "interval" => "intervalo",
        "mrr" => "MRR",
        "start_date" => "data de início",
        "end_date" => "data de fim",
        "ticket_id" => "ID do ticket",
        "first_response" => "primeira resposta",
        "resolution" => "resolução",
        "agent" => "agente",
        "reason" => "motivo",
        "sla" => "SLA",
        "bot_flag" => "marca de bot",
        "transfer_flag" => "marca de transferência",
        "chat_words" => "palavras de chat",
        "score" => "nota",
        "survey_questions" => "perguntas de pesquisa",
        "survey_kind" => "tipo de pesquisa",
        "question" => "pergunta",
        "comment" => "comentário",
        "answer_time" => "hora da resposta",
        "employee_words" => "palavras de pesquisa de funcionários",
        "lead_id" => "ID do lead",
        "converted" => "convertido",
        "source" => "origem",
        "email" => "e-mail",
        "created_date" => "data de criação",
        "lead_words" => "palavras de lead",
        "session_id" => "ID da sessão",
        "visitor_id" => "ID do visitante",
        "landing_page" => "página de entrada",
        "pageviews" => "páginas vistas",
        "duration" => "duração",
        "sessions" => "sessões",
        "medium" => "meio",
        "spend" => "gasto",
        "campaign" => "campanha",
        "channel" => "canal",
        "ad_metrics" => "métricas de anúncio",
        "event_name" => "nome do evento",
        "event_time" => "hora do evento",
        "who" => "quem",
        "rating" => "avaliação",
        "review_words" => "palavras de avaliação",
        "article" => "artigo",
        "views" => "visualizações",
        "helpful_votes" => "votos de utilidade",
        "reactions" => "reações",
        "comments" => "comentários",
        "shares" => "compartilhamentos",
        "direct_messages" => "mensagens diretas",
        "logged_hours" => "horas logadas",
        "pause_time" => "tempo de pausa",
        "contacts_handled" => "contatos atendidos",
        "successful_contacts" => "contatos com sucesso",
        _ => return None,
    })
}

/// For a guessed day/month order (`order.brazilian`, `order.none`...): the order read
/// (`dd/mm`, `mm/dd`) and, in `lang`, what it was read so because of; `None` for another key
/// or an evidence id this version does not know.
pub fn order_guess(lang: Lang, w: &Why) -> Option<(&'static str, String)> {
    // Only `order.brazilian` and `order.american` have evidence args.
    let evidence = || {
        w.args
            .iter()
            .map(|e| locale_evidence(lang, e))
            .collect::<Option<Vec<_>>>()
            .map(|e| e.join(", "))
    };
    Some(match w.key.as_str() {
        "order.other_day_first" => (
            "dd/mm",
            lang.pick(
                "outra coluna de data do arquivo tem o dia primeiro".into(),
                "another date column of the file is day-first".into(),
            ),
        ),
        "order.other_month_first" => (
            "mm/dd",
            lang.pick(
                "outra coluna de data do arquivo tem o mês primeiro".into(),
                "another date column of the file is month-first".into(),
            ),
        ),
        "order.brazilian" => {
            let evidence = evidence()?;
            (
                "dd/mm",
                lang.pick(
                    format!("o arquivo parece brasileiro ({evidence})"),
                    format!("the file looks Brazilian ({evidence})"),
                ),
            )
        }
        "order.american" => {
            let evidence = evidence()?;
            (
                "mm/dd",
                lang.pick(
                    format!("o arquivo parece americano ({evidence})"),
                    format!("the file looks American ({evidence})"),
                ),
            )
        }
        "order.none" => (
            "dd/mm",
            lang.pick(
                "nada indica a ordem; dd/mm presumido".into(),
                "nothing tells; dd/mm assumed".into(),
            ),
        ),
        _ => return None,
    })
}

/// One part in `lang`, or `None` for a key (or an evidence id) this version does not know.
pub fn part_text(lang: Lang, w: &Why) -> Option<String> {
    let a = |i: usize| w.args.get(i).map_or("", String::as_str);
    let rest = |from: usize| w.args.get(from..).unwrap_or_default();
    let pt = lang == Lang::Pt;
    // "80% de 5 valores" / "80% of 5 values".
    let of = || {
        let (p, n) = (percent(lang, a(0)), number(lang, a(1), 0));
        if pt {
            format!("{p} de {n} valores")
        } else {
            format!("{p} of {n} values")
        }
    };
    let kind_lower = |id: &str| kind_name(lang, id).to_lowercase();
    let roles = |from: usize, sep: &str| {
        rest(from)
            .iter()
            .map(|r| role(lang, r))
            .collect::<Vec<_>>()
            .join(sep)
    };
    let text = match w.key.as_str() {
        "mapping.set" => lang.pick(
            "definido no mapeamento".into(),
            "set in the mapping".into(),
        ),
        "vendor.column" => lang.pick(
            format!("coluna da exportação {}", a(0)),
            format!("{} export column", a(0)),
        ),
        "header.names" => lang.pick(
            format!("o cabeçalho \"{}\" indica {}", a(0), role(lang, a(1))),
            format!("header \"{}\" names {}", a(0), role(lang, a(1))),
        ),
        "header.mentions" => lang.pick(
            format!("o cabeçalho \"{}\" menciona {}", a(0), role(lang, a(1))),
            format!("header \"{}\" mentions {}", a(0), role(lang, a(1))),
        ),
        "header.date_like" => lang.pick(
            format!("o cabeçalho \"{}\" parece uma data", a(0)),
            format!("header \"{}\" reads like a date", a(0)),
        ),
        "values.dates" => lang.pick(
            format!("{} são datas", of()),
            format!("{} read as dates", of()),
        ),
        "values.yyyymmdd" => lang.pick(
            format!("{} são datas aaaammdd", of()),
            format!("{} are yyyymmdd dates", of()),
        ),
        "values.unix_seconds" => lang.pick(
            format!("{} são segundos Unix", of()),
            format!("{} are Unix seconds", of()),
        ),
        "values.unix_millis" => lang.pick(
            format!("{} são milissegundos Unix", of()),
            format!("{} are Unix milliseconds", of()),
        ),
        "values.durations" | "values.durations_assumed" => {
            let (u, stored) = (unit(lang, a(2))?, unit(lang, a(3))?);
            let assumed = w.key == "values.durations_assumed";
            lang.pick(
                format!(
                    "{} são durações em {u}{}, guardadas em {stored}",
                    of(),
                    if assumed { " (presumido)" } else { "" }
                ),
                format!(
                    "{} are durations in {u}{}, stored in {stored}",
                    of(),
                    if assumed { " (assumed)" } else { "" }
                ),
            )
        }
        "values.numbers" | "values.read_numbers" => lang.pick(
            format!("{} são números", of()),
            format!(
                "{} {} numbers",
                of(),
                if w.key == "values.numbers" {
                    "are"
                } else {
                    "read as"
                }
            ),
        ),
        "values.decimals" => {
            let (dec_pt, dec_en) = match a(2) {
                "comma" => ("vírgula", "comma"),
                "dot" => ("ponto", "dot"),
                _ => return None,
            };
            lang.pick(
                format!("{} são números (decimais com {dec_pt})", of()),
                format!("{} read as numbers ({dec_en} decimals)", of()),
            )
        }
        "values.currency" => lang.pick(format!(", em {}", a(0)), format!(", in {}", a(0))),
        "values.yes_no" => lang.pick(
            format!("{} são sim/não", of()),
            format!("{} are yes/no", of()),
        ),
        "values.emails" => lang.pick(
            format!("{} são endereços de e-mail", of()),
            format!("{} are e-mail addresses", of()),
        ),
        "values.status_known" => lang.pick(
            format!("{} são palavras de status conhecidas", of()),
            format!("{} are known status words", of()),
        ),
        "values.order_status" => lang.pick(
            format!("{} são status de pedido", of()),
            format!("{} are order status words", of()),
        ),
        "values.distinct" => lang.pick(
            format!("{} valores distintos na amostra", number(lang, a(0), 0)),
            format!("{} distinct values in the sample", number(lang, a(0), 0)),
        ),
        "values.text" => lang.pick(
            format!("texto, {} valores distintos na amostra", number(lang, a(0), 0)),
            format!("text, {} distinct values in the sample", number(lang, a(0), 0)),
        ),
        "values.empty" => lang.pick("vazia na amostra".into(), "empty in the sample".into()),
        "values.inferred" => {
            let ev = infer_evidence(lang, a(1))?;
            lang.pick(
                format!("deduzido dos valores: {} ({ev})", role(lang, a(0))),
                format!("inferred from the values: {} ({ev})", role(lang, a(0))),
            )
        }
        "role.none" => lang.pick("sem papel".into(), "no role".into()),
        "role.unfit" => lang.pick(
            format!(
                " (o cabeçalho sugeria {}, mas os valores não combinam)",
                roles(0, " ou ")
            ),
            format!(
                " (header suggested {}, but the values do not fit)",
                roles(0, " or ")
            ),
        ),
        "known.no_role" => lang.pick(
            "coluna conhecida sem papel na jornada".into(),
            "known column with no journey role".into(),
        ),
        "survey.mapped" => lang.pick(
            "tipo de pergunta e escala definidos no mapeamento".into(),
            "question kind and scale set in the mapping".into(),
        ),
        "survey.named" => {
            let (k, lo, hi) = (
                survey_name(lang, a(0)),
                number(lang, a(1), 0),
                number(lang, a(2), 0),
            );
            lang.pick(
                format!("pergunta de pesquisa: o texto cita {k} e as respostas vão de {lo} a {hi}"),
                format!("survey question: the text names {k} and answers span {lo} to {hi}"),
            )
        }
        "survey.scale" => {
            let (k, lo, hi) = (
                survey_name(lang, a(0)),
                number(lang, a(1), 0),
                number(lang, a(2), 0),
            );
            lang.pick(
                format!(
                    "pergunta de pesquisa: nenhuma palavra de pesquisa no texto; respostas de {lo} a {hi}, a escala usual de {k}"
                ),
                format!(
                    "survey question: no survey word in the text; answers span {lo} to {hi}, the usual {k} scale"
                ),
            )
        }
        "survey.open_question" => lang.pick(
            "pergunta aberta de uma pesquisa: as respostas são comentários".into(),
            "an open question of a survey: its answers are comments".into(),
        ),
        "conflict.surer" => lang.pick(
            format!("\"{}\" era mais provável como {}", a(0), role(lang, a(1))),
            format!("\"{}\" was surer for {}", a(0), role(lang, a(1))),
        ),
        "derived.line_total" => lang.pick(
            format!(
                "o arquivo não tem total da linha: o valor é \"{}\" × \"{}\" (preço unitário × quantidade)",
                a(0),
                a(1)
            ),
            format!(
                "no line total in the file: the amount is \"{}\" × \"{}\" (unit price × quantity)",
                a(0),
                a(1)
            ),
        ),
        "kind.taken_as" => lang.pick(
            format!(
                "lida como {} numa tabela de {}",
                role(lang, a(0)),
                kind_lower(a(1))
            ),
            format!(
                "taken as {} in a table of {}",
                role(lang, a(0)),
                kind_lower(a(1))
            ),
        ),
        "order.mapped" => lang.pick(
            "ordem dia/mês definida no mapeamento".into(),
            "day/month order set in the mapping".into(),
        ),
        "order.day_first" => lang.pick(
            "datas com o dia primeiro (há dia acima de 12)".into(),
            "day-first dates (a day above 12 was seen)".into(),
        ),
        "order.month_first" => lang.pick(
            "datas com o mês primeiro (há dia acima de 12 na segunda posição)".into(),
            "month-first dates (a day above 12 in second place)".into(),
        ),
        "order.mixed" => lang.pick(
            "ordem dia/mês misturada; mantida a da maioria".into(),
            "mixed day/month order; majority kept".into(),
        ),
        "order.other_day_first"
        | "order.other_month_first"
        | "order.brazilian"
        | "order.american"
        | "order.none" => {
            let (order, because) = order_guess(lang, w)?;
            lang.pick(
                format!("ordem dia/mês ambígua, lida como {order}: {because}"),
                format!("ambiguous day/month order, read as {order}: {because}"),
            )
        }
        "order.later_dmy" => lang.pick(
            "confirmada como dd/mm pelas linhas seguintes".into(),
            "settled as dd/mm by later rows".into(),
        ),
        "order.later_mdy" => lang.pick(
            "confirmada como mm/dd pelas linhas seguintes".into(),
            "settled as mm/dd by later rows".into(),
        ),
        "kind.vendor" => lang.pick(
            format!("reconhecido pelos cabeçalhos como exportação {}", a(0)),
            format!("recognised as a {} export by its headers", a(0)),
        ),
        "kind.no_evidence" => lang.pick(
            "nenhuma coluna indica pedido, assinatura, ticket, resposta de pesquisa, lead, sessão, gasto ou evento".into(),
            "no column names an order, subscription, ticket, survey answer, lead, session, spend or event".into(),
        ),
        "kind.inferred" => lang.pick(
            "deduzido dos valores, não dos cabeçalhos".into(),
            "inferred from the values, not the headers".into(),
        ),
        "kind.too_few" => lang.pick(
            format!(
                "as colunas encontradas ({}) não bastam para dizer do que trata o arquivo",
                roles(0, ", ")
            ),
            format!(
                "the columns found ({}) are not enough to tell what the file is about",
                roles(0, ", ")
            ),
        ),
        "kind.score" => {
            let evidence = rest(2)
                .iter()
                .map(|e| kind_evidence(lang, e))
                .collect::<Option<Vec<_>>>()?
                .join(" + ");
            let (score, next) = (number(lang, a(0), 1), number(lang, a(1), 1));
            lang.pick(
                format!("{evidence} (pontuação {score}; a seguinte, {next})"),
                format!("{evidence} (score {score}, next best {next})"),
            )
        }
        // Per-file warnings and row rejects: [`crate::messages`].
        _ => return crate::messages::message_part(lang, w),
    };
    Some(text)
}

/// The reason in `lang`: the parts as clauses joined by `; `, or the engine's `english` line
/// when there are no parts or one of them is not known to this version.
pub fn reason_text(lang: Lang, parts: &[Why], english: &str) -> String {
    let mut s = String::new();
    for (i, w) in parts.iter().enumerate() {
        let Some(text) = part_text(lang, w) else {
            return english.to_string();
        };
        if i > 0 && !why::continues(&w.key) {
            s.push_str("; ");
        }
        s.push_str(&text);
    }
    if s.is_empty() {
        return english.to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jornada_engine::ingest::mapping::FileMapping;
    use jornada_engine::ingest::{IngestOptions, read_bytes};
    use jornada_engine::table::Table;

    /// Args that fit every key's blanks well enough to render it.
    fn args_for(key: &str) -> Vec<String> {
        let v: &[&str] = match key {
            "values.durations" | "values.durations_assumed" => &["97", "120", "minutes", "hours"],
            "values.decimals" => &["97", "120", "comma"],
            "order.brazilian" => &["semicolon", "pt_headers"],
            "order.american" => &["en_headers", "dot_decimals"],
            "kind.score" => &["9", "2", "order_id", "amount"],
            "kind.too_few" => &["amount", "email"],
            "values.inferred" => &["amount", "money"],
            "survey.named" | "survey.scale" => &["nps", "0", "10"],
            "header.names" | "header.mentions" | "conflict.surer" => &["Valor", "amount"],
            "kind.taken_as" => &["order_date", "orders"],
            "derived.line_total" => &["Preço", "Qtd"],
            "role.unfit" => &["amount"],
            "warning.mixed_order" => &["data", "2", "1", "Dmy"],
            "warning.ambiguous_order" => &["data", "order.none"],
            "warning.order_reread" => &["data", "Mdy", "38"],
            "warning.unreadable" => &["desconto", "3", "number", "zz", "15"],
            "reject.unreadable" => &["valor", "abc", "number"],
            _ => &["97", "120"],
        };
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_key_the_engine_can_emit_has_words_in_both_languages() {
        for key in why::KEYS {
            let w = Why::new(key, args_for(key));
            let pt = part_text(Lang::Pt, &w).unwrap_or_else(|| panic!("no pt for {key}"));
            let en = part_text(Lang::En, &w).unwrap_or_else(|| panic!("no en for {key}"));
            assert!(!pt.is_empty() && !en.is_empty(), "{key}");
            assert_ne!(pt, en, "{key}");
            // No role or kind id reaches the page.
            for text in [&pt, &en] {
                assert!(
                    !text.contains("order_date") && !text.contains("_id"),
                    "{text}"
                );
            }
        }
        for (id, _) in why::KIND_EVIDENCE {
            for lang in [Lang::Pt, Lang::En] {
                assert!(kind_evidence(lang, id).is_some(), "{id}");
            }
        }
        for (id, _) in why::LOCALE_EVIDENCE {
            for lang in [Lang::Pt, Lang::En] {
                assert!(locale_evidence(lang, id).is_some(), "{id}");
            }
        }
        for (id, _) in why::INFER_EVIDENCE {
            for lang in [Lang::Pt, Lang::En] {
                assert!(infer_evidence(lang, id).is_some(), "{id}");
            }
        }
        for u in why::DURATION_UNITS {
            for lang in [Lang::Pt, Lang::En] {
                assert!(unit(lang, u).is_some(), "{u}");
            }
        }
    }

    #[test]
    fn an_unknown_key_falls_back_to_the_english_line() {
        let parts = [
            Why::new("header.names", ["x", "amount"]),
            Why::bare("new.key"),
        ];
        assert_eq!(
            reason_text(Lang::Pt, &parts, "the engine's"),
            "the engine's"
        );
        assert_eq!(reason_text(Lang::Pt, &[], "the engine's"), "the engine's");
    }

    const PEDIDOS: &str = "Pedido;Data;Cliente;E-mail;Valor total;Status;Canal\n\
1001;04/03/2025;C1;ana@exemplo.com.br;1.234,56;Concluído;Loja\n\
1002;05/03/2025;C2;bruno@exemplo.com.br;100,00;Cancelado;Site\n\
1003;10/03/2025;C1;ana@exemplo.com.br;200,44;Pago;Site\n\
1004;02/04/2025;C3;caio@exemplo.com.br;50,00;Concluído;Loja\n\
1005;15/04/2025;C2;bruno@exemplo.com.br;abc;Concluído;Site\n";

    fn read(name: &str, csv: &str, options: &IngestOptions) -> Table {
        read_bytes(name, csv.as_bytes(), options).unwrap()
    }

    fn column(t: &Table, name: &str, lang: Lang) -> String {
        let c = t.columns.iter().find(|c| c.name == name).unwrap();
        reason_text(lang, &c.why, &c.reason)
    }

    #[test]
    fn a_portuguese_orders_file_explained_in_both_languages() {
        let t = read("pedidos-planilha.csv", PEDIDOS, &IngestOptions::default());
        assert_eq!(
            column(&t, "Valor total", Lang::Pt),
            "o cabeçalho \"Valor total\" indica «Valor»; 80% de 5 valores são números (decimais com vírgula)"
        );
        assert_eq!(
            column(&t, "Valor total", Lang::En),
            "header \"Valor total\" names “Amount”; 80% of 5 values read as numbers (comma decimals)"
        );
        assert_eq!(
            column(&t, "Data", Lang::Pt),
            "o cabeçalho \"Data\" indica «Data»; 100% de 5 valores são datas; lida como «Data do pedido» numa tabela de pedidos; datas com o dia primeiro (há dia acima de 12)"
        );
        assert_eq!(
            column(&t, "Data", Lang::En),
            "header \"Data\" names “Date”; 100% of 5 values read as dates; taken as “Order date” in a table of orders; day-first dates (a day above 12 was seen)"
        );
        assert_eq!(
            reason_text(Lang::Pt, &t.kind_why, &t.kind_reason),
            "ID do pedido + valor + status + nome do arquivo (pontuação 8,0; a seguinte, 2,0)"
        );
        assert_eq!(
            reason_text(Lang::En, &t.kind_why, &t.kind_reason),
            "order id + amount + status + file name (score 8.0, next best 2.0)"
        );
    }

    #[test]
    fn values_that_do_not_fit_the_header_and_a_lost_conflict() {
        let csv = "pedido;valor;valor total;preço\n1;grátis;12,00;x\n2;a combinar;22,00;y\n3;grátis;1.022,00;z\n";
        let t = read("pedidos.csv", csv, &IngestOptions::default());
        assert_eq!(
            column(&t, "valor", Lang::Pt),
            "texto, 2 valores distintos na amostra; sem papel (o cabeçalho sugeria «Valor», mas os valores não combinam)"
        );
        assert_eq!(
            column(&t, "valor", Lang::En),
            "text, 2 distinct values in the sample; no role (header suggested “Amount”, but the values do not fit)"
        );
        let csv = "pedido;valor;valor total\n1;10,00;12,00\n2;20,00;22,00\n";
        let t = read("vendas.csv", csv, &IngestOptions::default());
        assert_eq!(
            column(&t, "valor total", Lang::Pt),
            "o cabeçalho \"valor total\" indica «Valor»; 100% de 2 valores são números (decimais com vírgula); \"valor\" era mais provável como «Valor»"
        );
        assert_eq!(
            column(&t, "valor total", Lang::En),
            "header \"valor total\" names “Amount”; 100% of 2 values read as numbers (comma decimals); \"valor\" was surer for “Amount”"
        );
    }

    #[test]
    fn a_mapping_override_and_a_column_with_no_role() {
        let mut mapping = FileMapping {
            kind: Some("orders".to_string()),
            ..FileMapping::default()
        };
        mapping
            .columns
            .insert("Valor total".to_string(), Some("cost".to_string()));
        mapping.columns.insert("Canal".to_string(), None);
        let options = IngestOptions {
            mapping: Some(mapping),
            ..IngestOptions::default()
        };
        let t = read("pedidos-planilha.csv", PEDIDOS, &options);
        assert_eq!(
            column(&t, "Valor total", Lang::Pt),
            "definido no mapeamento; 80% de 5 valores são números (decimais com vírgula)"
        );
        assert_eq!(
            column(&t, "Canal", Lang::Pt),
            "coluna conhecida sem papel na jornada; texto, 2 valores distintos na amostra; sem papel"
        );
        assert_eq!(
            column(&t, "Canal", Lang::En),
            "known column with no journey role; text, 2 distinct values in the sample; no role"
        );
        assert_eq!(
            reason_text(Lang::Pt, &t.kind_why, &t.kind_reason),
            "definido no mapeamento"
        );
    }

    #[test]
    fn a_guessed_day_month_order_and_its_correction() {
        let mut csv = String::from("pedido;data;valor\n");
        for i in 0..42 {
            csv += &format!("{i};{:02}/{:02}/2025;10\n", i % 12 + 1, i / 12 + 1);
        }
        csv += "42;03/15/2025;30\n";
        let options = IngestOptions {
            sample_rows: Some(2),
            ..IngestOptions::default()
        };
        let t = read("pedidos.csv", &csv, &options);
        assert_eq!(
            column(&t, "data", Lang::Pt),
            "o cabeçalho \"data\" indica «Data»; 100% de 41 valores são datas; lida como «Data do pedido» numa tabela de pedidos; ordem dia/mês ambígua, lida como dd/mm: o arquivo parece brasileiro (delimitador `;`, cabeçalhos em português); confirmada como mm/dd pelas linhas seguintes"
        );
        assert_eq!(
            column(&t, "data", Lang::En),
            "header \"data\" names “Date”; 100% of 41 values read as dates; taken as “Order date” in a table of orders; ambiguous day/month order, read as dd/mm: the file looks Brazilian (`;` delimiter, Portuguese headers); settled as mm/dd by later rows"
        );
    }

    #[test]
    fn counts_and_shares_read_in_the_users_locale() {
        let parts = [
            Why::new("vendor.column", ["shopify_orders"]),
            Why::new("values.decimals", ["97", "1200", "dot"]),
            Why::new("values.currency", ["USD"]),
        ];
        assert_eq!(
            reason_text(Lang::Pt, &parts, ""),
            "coluna da exportação shopify_orders; 97% de 1.200 valores são números (decimais com ponto), em USD"
        );
        assert_eq!(
            reason_text(Lang::En, &parts, ""),
            "shopify_orders export column; 97% of 1,200 values read as numbers (dot decimals), in USD"
        );
    }
}
