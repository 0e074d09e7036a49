//! A file's warnings and its rejected rows' reasons in the user's language: the engine's
//! `warning.*` and `reject.*` [`Why`] parts rendered in pt-BR or English. What the user wrote
//! (columns, cells, file names, encodings, currency codes) is shown as written; counts are in
//! the user's locale; line numbers as they are. A message this version cannot render falls
//! back to the engine's English line.

use crate::format;
use crate::i18n::Lang;
use crate::reasons::order_guess;
use jornada_engine::why::{self, Why};

/// A day/month order arg (`Dmy`, `Mdy`) as the user reads it.
fn order(id: &str) -> Option<&'static str> {
    match id {
        "Dmy" => Some("dd/mm"),
        "Mdy" => Some("mm/dd"),
        _ => None,
    }
}

/// What a cell should have been (a `why::VALUE_KINDS` id), after "lido como" / "read as".
fn kind_read_as(lang: Lang, id: &str) -> Option<&'static str> {
    Some(match (lang, id) {
        (Lang::Pt, "number") => "número",
        (Lang::Pt, "duration") => "duração",
        (Lang::Pt, "date") => "data",
        (Lang::Pt, "yes_no") => "sim/não",
        (Lang::Pt, "text") => "texto",
        (Lang::En, _) => return why::english_word(why::VALUE_KINDS, id),
        _ => return None,
    })
}

/// The same, after "que não é" / "is not".
fn kind_is_not(lang: Lang, id: &str) -> Option<&'static str> {
    Some(match (lang, id) {
        (Lang::Pt, "number") => "um número",
        (Lang::Pt, "duration") => "uma duração",
        (Lang::Pt, "date") => "uma data",
        (Lang::Pt, "yes_no") => "sim nem não",
        (Lang::Pt, "text") => "texto",
        _ => return kind_read_as(lang, id),
    })
}

/// One `warning.*` or `reject.*` part in `lang`, or `None` for a key (or an id among its
/// args) this version does not know. Any part, of whatever key: [`crate::reasons::part_text`].
pub fn message_part(lang: Lang, w: &Why) -> Option<String> {
    let a = |i: usize| w.args.get(i).map_or("", String::as_str);
    let rest = |from: usize| w.args.get(from..).unwrap_or_default();
    let pt = lang == Lang::Pt;
    // A count in the user's locale, and whether it is one.
    let count = |i: usize| {
        let n = a(i);
        let text = n
            .parse::<f64>()
            .map_or_else(|_| n.to_string(), |x| format::number(x, 0, lang));
        (text, n == "1")
    };
    let text = match w.key.as_str() {
        "warning.unknown_kind" => lang.pick(
            format!(
                "{}: o mapeamento indica um tipo desconhecido, \"{}\"; foi ignorado",
                a(0),
                a(1)
            ),
            format!(
                "{}: the mapping names an unknown kind, \"{}\"; it was ignored",
                a(0),
                a(1)
            ),
        ),
        "warning.mixed_order" => {
            let (o, (day, _), (month, _)) = (order(a(3))?, count(1), count(2));
            lang.pick(
                format!(
                    "coluna \"{}\": há datas com o dia primeiro ({day}) e com o mês primeiro ({month}); lidas como {o}, como a maioria",
                    a(0)
                ),
                format!(
                    "column \"{}\": dates are written both day-first ({day}) and month-first ({month}); read as {o}, like most",
                    a(0)
                ),
            )
        }
        "warning.ambiguous_order" => {
            let guess = Why::new(a(1), rest(2).iter().cloned());
            let (o, because) = order_guess(lang, &guess)?;
            lang.pick(
                format!(
                    "coluna \"{}\": todas as datas até aqui podem ser dd/mm ou mm/dd; lidas como {o} porque {because}",
                    a(0)
                ),
                format!(
                    "column \"{}\": every date so far could be dd/mm or mm/dd; read as {o} because {because}",
                    a(0)
                ),
            )
        }
        "warning.currencies" => {
            let codes = rest(1).join(", ");
            lang.pick(
                format!(
                    "{}: várias moedas ({codes}); os valores não são somados entre elas",
                    a(0)
                ),
                format!(
                    "{}: several currencies ({codes}); amounts are not summed across them",
                    a(0)
                ),
            )
        }
        "warning.order_reread" => {
            let (o, (n, one)) = (order(a(1))?, count(2));
            match (pt, one) {
                (true, true) => format!(
                    "coluna \"{}\": as linhas seguintes mostram datas {o}; a única data ambígua foi relida assim",
                    a(0)
                ),
                (true, false) => format!(
                    "coluna \"{}\": as linhas seguintes mostram datas {o}; as {n} datas ambíguas foram relidas assim",
                    a(0)
                ),
                (false, true) => format!(
                    "column \"{}\": later rows show {o} dates; the one ambiguous date was re-read that way",
                    a(0)
                ),
                (false, false) => format!(
                    "column \"{}\": later rows show {o} dates; the {n} ambiguous dates were re-read that way",
                    a(0)
                ),
            }
        }
        "warning.unreadable" => {
            let ((n, one), what) = (count(1), kind_read_as(lang, a(2))?);
            let (column, cell, line) = (a(0), a(3), a(4));
            match (pt, one) {
                (true, true) => format!(
                    "coluna \"{column}\": 1 valor não pôde ser lido como {what} e ficou vazio (\"{cell}\", na linha {line})"
                ),
                (true, false) => format!(
                    "coluna \"{column}\": {n} valores não puderam ser lidos como {what} e ficaram vazios (o primeiro: \"{cell}\", na linha {line})"
                ),
                (false, true) => format!(
                    "column \"{column}\": 1 value could not be read as {what} and was left empty (\"{cell}\" on line {line})"
                ),
                (false, false) => format!(
                    "column \"{column}\": {n} values could not be read as {what} and were left empty (first: \"{cell}\" on line {line})"
                ),
            }
        }
        "warning.folded" => {
            let (n, one) = count(0);
            match (pt, one) {
                (true, true) => {
                    "1 linha de item foi juntada ao seu pedido (uma linha por pedido)".into()
                }
                (true, false) => format!(
                    "{n} linhas de itens foram juntadas aos seus pedidos (uma linha por pedido)"
                ),
                (false, true) => {
                    "1 line-item row was folded into its order (one row per order)".into()
                }
                (false, false) => {
                    format!("{n} line-item rows were folded into their orders (one row per order)")
                }
            }
        }
        "warning.duplicates" => {
            let (column, (n, one)) = (a(0), count(1));
            let tickets = a(2) == "ticket_dates";
            let how = match (pt, tickets) {
                (true, true) => "criação mais antiga, primeira resposta, última resolução",
                (true, false) => "valem os valores da primeira linha",
                (false, true) => "earliest creation, first response, last resolution",
                (false, false) => "the first row's values kept",
            };
            match (pt, one) {
                (true, true) => format!(
                    "coluna \"{column}\": 1 linha repetia um id e foi juntada à primeira linha desse id ({how})"
                ),
                (true, false) => format!(
                    "coluna \"{column}\": {n} linhas repetiam um id e foram juntadas à primeira linha de cada id ({how})"
                ),
                (false, true) => format!(
                    "column \"{column}\": 1 row repeated an id and was merged into that id's first row ({how})"
                ),
                (false, false) => format!(
                    "column \"{column}\": {n} rows repeated an id and were merged into each id's first row ({how})"
                ),
            }
        }
        "warning.grand_total" => {
            let (n, one) = count(0);
            match (pt, one) {
                (true, true) => "1 linha de total geral ignorada (não é um dado)".into(),
                (true, false) => format!("{n} linhas de total geral ignoradas (não são dados)"),
                (false, true) => "1 \"Grand total\" row skipped (not data)".into(),
                (false, false) => format!("{n} \"Grand total\" rows skipped (not data)"),
            }
        }
        "warning.blank_rows" => {
            let (n, one) = count(0);
            match (pt, one) {
                (true, true) => "1 linha em branco ignorada".into(),
                (true, false) => format!("{n} linhas em branco ignoradas"),
                (false, true) => "1 blank row skipped".into(),
                (false, false) => format!("{n} blank rows skipped"),
            }
        }
        "warning.no_rows" => lang.pick(
            "o arquivo tem cabeçalho, mas nenhuma linha utilizável".into(),
            "the file has a header but no usable rows".into(),
        ),
        "warning.encoding" => lang.pick(
            format!("codificação do texto: {} (não é UTF-8)", a(0)),
            format!("text encoding: {} (not UTF-8)", a(0)),
        ),
        "warning.replaced" => lang.pick(
            format!(
                "alguns bytes não eram {} válido e foram trocados por \u{fffd}",
                a(0)
            ),
            format!(
                "some bytes were not valid {} and were replaced by \u{fffd}",
                a(0)
            ),
        ),
        "warning.title_line" => lang.pick(
            format!(
                "linha {} ignorada: fica acima do cabeçalho (um título ou nota)",
                a(0)
            ),
            format!(
                "line {} skipped: it is above the header (a title or note)",
                a(0)
            ),
        ),
        "warning.no_header" => lang.pick(
            format!(
                "a linha {} tem valores (e-mails, números, datas ou documentos), não nomes de colunas: ela é lida como dados e as colunas se chamam \"column 1\", \"column 2\"...",
                a(0)
            ),
            format!(
                "line {} holds values (e-mails, numbers, dates or document numbers), not column names: it is read as data and the columns are named \"column 1\", \"column 2\"...",
                a(0)
            ),
        ),
        "warning.long_quote" => {
            let (breaks, _) = count(1);
            let (rows, _) = count(2);
            lang.pick(
                format!(
                    "linha {}: um campo entre aspas aberto aqui passa por {breaks} quebras de linha ({rows} dessas linhas parecem registros), lido como uma só célula; falta fechar as aspas?",
                    a(0)
                ),
                format!(
                    "line {}: a quoted field opened here runs over {breaks} line breaks ({rows} of those lines look like rows), read as one cell; is a closing quote missing?",
                    a(0)
                ),
            )
        }
        "reject.field_count" => {
            let ((n, one), (header, _)) = (count(0), count(1));
            match (pt, one) {
                (true, true) => format!("tem 1 campo, mas o cabeçalho tem {header}"),
                (true, false) => format!("tem {n} campos, mas o cabeçalho tem {header}"),
                (false, true) => format!("has 1 field, but the header has {header}"),
                (false, false) => format!("has {n} fields, but the header has {header}"),
            }
        }
        "reject.date_empty" => lang.pick(
            format!("a coluna \"{}\" está vazia, e a data é obrigatória", a(0)),
            format!("column \"{}\" is empty, and a date is required", a(0)),
        ),
        "reject.unreadable" => {
            let what = kind_is_not(lang, a(2))?;
            lang.pick(
                format!("a coluna \"{}\" tem \"{}\", que não é {what}", a(0), a(1)),
                format!("column \"{}\" has \"{}\", which is not {what}", a(0), a(1)),
            )
        }
        _ => return None,
    };
    Some(text)
}

/// A warning or a reject reason in `lang`: its part rendered, or the engine's `english` line
/// when there is no part (an older engine) or this version cannot render it.
pub fn message_text(lang: Lang, why: Option<&Why>, english: &str) -> String {
    why.and_then(|w| message_part(lang, w))
        .unwrap_or_else(|| english.to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use jornada_engine::ingest::{IngestOptions, read_bytes};
    use jornada_engine::why::{self, VALUE_KINDS};

    /// Args that fit each message key's blanks.
    fn args_for(key: &str) -> &'static [&'static str] {
        match key {
            "warning.mixed_order" => &["data", "2", "1", "Dmy"],
            "warning.ambiguous_order" => &["data", "order.brazilian", "semicolon"],
            "warning.order_reread" => &["data", "Mdy", "38"],
            "warning.unreadable" => &["desconto", "3", "number", "zz", "15"],
            "warning.currencies" => &["pedidos.csv", "BRL", "USD"],
            "reject.unreadable" => &["valor", "abc", "number"],
            _ => &["pedidos.csv", "2"],
        }
    }

    #[test]
    fn every_message_key_has_words_in_both_languages() {
        let keys: Vec<&str> = why::KEYS
            .iter()
            .copied()
            .filter(|k| k.starts_with("warning.") || k.starts_with("reject."))
            .collect();
        assert_eq!(keys.len(), 19);
        for key in keys {
            let w = Why::new(key, args_for(key).iter().copied());
            let pt = message_part(Lang::Pt, &w).unwrap_or_else(|| panic!("no pt for {key}"));
            let en = message_part(Lang::En, &w).unwrap_or_else(|| panic!("no en for {key}"));
            assert!(!pt.is_empty() && !en.is_empty(), "{key}");
            assert_ne!(pt, en, "{key}");
            // No id reaches the page.
            for text in [&pt, &en] {
                assert!(
                    !text.contains("Dmy") && !text.contains("order.") && !text.contains("yes_no"),
                    "{text}"
                );
            }
        }
        for (id, _) in VALUE_KINDS {
            for lang in [Lang::Pt, Lang::En] {
                assert!(kind_read_as(lang, id).is_some(), "{id}");
                assert!(kind_is_not(lang, id).is_some(), "{id}");
            }
        }
    }

    #[test]
    fn reject_reasons_in_both_languages() {
        let w = Why::new("reject.unreadable", ["valor", "abc", "number"]);
        assert_eq!(
            message_part(Lang::Pt, &w).unwrap(),
            "a coluna \"valor\" tem \"abc\", que não é um número"
        );
        assert_eq!(
            message_part(Lang::En, &w).unwrap(),
            "column \"valor\" has \"abc\", which is not a number"
        );
        let w = Why::new("reject.unreadable", ["ativo", "talvez", "yes_no"]);
        assert_eq!(
            message_part(Lang::Pt, &w).unwrap(),
            "a coluna \"ativo\" tem \"talvez\", que não é sim nem não"
        );
        let w = Why::new("reject.date_empty", ["data"]);
        assert_eq!(
            message_part(Lang::Pt, &w).unwrap(),
            "a coluna \"data\" está vazia, e a data é obrigatória"
        );
        let w = Why::new("reject.field_count", ["1", "4"]);
        assert_eq!(
            message_part(Lang::Pt, &w).unwrap(),
            "tem 1 campo, mas o cabeçalho tem 4"
        );
        assert_eq!(
            message_part(Lang::En, &w).unwrap(),
            "has 1 field, but the header has 4"
        );
    }

    #[test]
    fn warnings_with_counts_in_the_locale_and_singulars() {
        let w = Why::new(
            "warning.unreadable",
            ["desconto", "1234", "number", "zz", "1500"],
        );
        assert_eq!(
            message_part(Lang::Pt, &w).unwrap(),
            "coluna \"desconto\": 1.234 valores não puderam ser lidos como número e ficaram vazios (o primeiro: \"zz\", na linha 1500)"
        );
        assert_eq!(
            message_part(Lang::En, &w).unwrap(),
            "column \"desconto\": 1,234 values could not be read as a number and were left empty (first: \"zz\" on line 1500)"
        );
        let w = Why::new("warning.blank_rows", ["1"]);
        assert_eq!(
            message_part(Lang::Pt, &w).unwrap(),
            "1 linha em branco ignorada"
        );
        assert_eq!(message_part(Lang::En, &w).unwrap(), "1 blank row skipped");
        let w = Why::new("warning.order_reread", ["data", "Mdy", "38"]);
        assert_eq!(
            message_part(Lang::Pt, &w).unwrap(),
            "coluna \"data\": as linhas seguintes mostram datas mm/dd; as 38 datas ambíguas foram relidas assim"
        );
    }

    #[test]
    fn an_ambiguous_order_says_its_guess_in_the_users_language() {
        let csv = "pedido;data;valor\n1;04/03/2025;10,00\n2;05/03/2025;20,00\n3;06/03/2025;30,00\n";
        let t = read_bytes("pedidos.csv", csv.as_bytes(), &IngestOptions::default()).unwrap();
        let w = t.warnings_why.first();
        assert_eq!(
            message_text(Lang::Pt, w, &t.warnings[0]),
            "coluna \"data\": todas as datas até aqui podem ser dd/mm ou mm/dd; lidas como dd/mm porque o arquivo parece brasileiro (delimitador `;`, cabeçalhos em português, decimais com vírgula)"
        );
        assert_eq!(
            message_text(Lang::En, w, &t.warnings[0]),
            "column \"data\": every date so far could be dd/mm or mm/dd; read as dd/mm because the file looks Brazilian (`;` delimiter, Portuguese headers, comma decimals)"
        );
    }

    #[test]
    fn an_unknown_key_or_no_part_falls_back_to_the_english_line() {
        let english = "the engine's line";
        assert_eq!(
            message_text(Lang::Pt, Some(&Why::bare("warning.new_thing")), english),
            english
        );
        assert_eq!(message_text(Lang::Pt, None, english), english);
        // A reject from an engine without parts has the default, empty, key.
        assert_eq!(
            message_text(Lang::Pt, Some(&Why::default()), english),
            english
        );
        // An order id this version does not know.
        let w = Why::new("warning.order_reread", ["data", "Ymd", "3"]);
        assert_eq!(message_text(Lang::En, Some(&w), english), english);
    }
}
