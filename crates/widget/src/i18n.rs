//! The widget's message table: Brazilian Portuguese and English, hand-written and small (a
//! translation framework would cost more bytes than the whole widget). The default questions use
//! the standard wording of each survey kind.

use crate::scale::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    PtBr,
    En,
}

impl Lang {
    /// Accepts BCP 47 tags: `pt`, `pt-BR`, `pt_br`, `en`, `en-US`... Other languages give `None`.
    pub fn parse(tag: &str) -> Option<Lang> {
        let lower = tag.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        match primary {
            "pt" => Some(Lang::PtBr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The `language` value of the answer CSV and the `lang` attribute of the widget.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::PtBr => "pt-BR",
            Lang::En => "en",
        }
    }

    pub fn messages(self) -> &'static Messages {
        match self {
            Lang::PtBr => &PT_BR,
            Lang::En => &EN,
        }
    }
}

/// Every text the widget shows. `{company}`, `{n}`, `{max}` are placeholders.
#[derive(Debug)]
pub struct Messages {
    pub nps_question: &'static str,
    pub enps_question: &'static str,
    pub csat_question: &'static str,
    pub ces_question: &'static str,
    /// Used for `{company}` when the site owner names no company.
    pub default_company: &'static str,
    pub nps_low: &'static str,
    pub nps_high: &'static str,
    /// One label per CSAT point, 1 to 5.
    pub csat_points: [&'static str; 5],
    /// One label per agreement point, 1 to 7.
    pub ces_points: [&'static str; 7],
    pub follow_up: &'static str,
    pub comment_count: &'static str,
    pub submit: &'static str,
    pub skip: &'static str,
    pub close: &'static str,
    pub thanks: &'static str,
    pub choose_first: &'static str,
    pub queued: &'static str,
    pub survey: &'static str,
    pub stars: &'static str,
    pub download_csv: &'static str,
    pub stored_here: &'static str,
    pub next_person: &'static str,
    pub config_error: &'static str,
}

pub static PT_BR: Messages = Messages {
    nps_question: "Em uma escala de 0 a 10, quanto você recomendaria {company} a um amigo ou colega?",
    enps_question: "Em uma escala de 0 a 10, quanto você recomendaria {company} como um lugar para trabalhar?",
    csat_question: "Qual o seu nível de satisfação com {company}?",
    ces_question: "{company} facilitou resolver meu problema.",
    default_company: "a empresa",
    nps_low: "Nada provável",
    nps_high: "Muito provável",
    csat_points: [
        "Muito insatisfeito",
        "Insatisfeito",
        "Neutro",
        "Satisfeito",
        "Muito satisfeito",
    ],
    ces_points: [
        "Discordo totalmente",
        "Discordo",
        "Discordo em parte",
        "Nem concordo nem discordo",
        "Concordo em parte",
        "Concordo",
        "Concordo totalmente",
    ],
    follow_up: "Qual o principal motivo da sua nota?",
    comment_count: "{n} de {max} caracteres",
    submit: "Enviar",
    skip: "Pular",
    close: "Fechar",
    thanks: "Obrigado pela sua resposta!",
    choose_first: "Escolha uma nota antes de enviar.",
    queued: "Sem conexão: a resposta foi guardada e será enviada quando a conexão voltar.",
    survey: "Pesquisa",
    stars: "estrelas",
    download_csv: "Baixar respostas (CSV)",
    stored_here: "{n} respostas guardadas neste navegador",
    next_person: "Nova resposta",
    config_error: "Configuração inválida da pesquisa",
};

pub static EN: Messages = Messages {
    nps_question: "How likely are you to recommend {company} to a friend or colleague?",
    enps_question: "How likely are you to recommend {company} as a place to work?",
    csat_question: "How satisfied are you with {company}?",
    ces_question: "{company} made it easy for me to handle my issue.",
    default_company: "the company",
    nps_low: "Not at all likely",
    nps_high: "Extremely likely",
    csat_points: [
        "Very dissatisfied",
        "Dissatisfied",
        "Neutral",
        "Satisfied",
        "Very satisfied",
    ],
    ces_points: [
        "Strongly disagree",
        "Disagree",
        "Somewhat disagree",
        "Neither agree nor disagree",
        "Somewhat agree",
        "Agree",
        "Strongly agree",
    ],
    follow_up: "What is the main reason for your score?",
    comment_count: "{n} of {max} characters",
    submit: "Submit",
    skip: "Skip",
    close: "Close",
    thanks: "Thank you for your answer!",
    choose_first: "Choose a score before submitting.",
    queued: "Offline: your answer is saved and will be sent when the connection is back.",
    survey: "Survey",
    stars: "stars",
    download_csv: "Download answers (CSV)",
    stored_here: "{n} answers stored in this browser",
    next_person: "New answer",
    config_error: "Invalid survey configuration",
};

impl Messages {
    /// The standard question of a kind, naming `company` (or a neutral default).
    pub fn question(&self, kind: Kind, company: Option<&str>) -> String {
        let template = match kind {
            Kind::Nps => self.nps_question,
            Kind::Enps => self.enps_question,
            Kind::Csat => self.csat_question,
            Kind::Ces => self.ces_question,
        };
        let company = company
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or(self.default_company);
        capitalise_first(&fill(template, &[company]))
    }

    /// Labels of the two ends of a kind's scale.
    pub fn end_labels(&self, kind: Kind) -> (&'static str, &'static str) {
        match kind {
            Kind::Nps | Kind::Enps => (self.nps_low, self.nps_high),
            Kind::Csat => (self.csat_points[0], self.csat_points[4]),
            Kind::Ces => (self.ces_points[0], self.ces_points[6]),
        }
    }

    /// The meaning of one point, when the scale names each point (CSAT, CES).
    pub fn point_label(&self, kind: Kind, score: u8) -> Option<&'static str> {
        let index = usize::from(score).checked_sub(1)?;
        match kind {
            Kind::Csat => self.csat_points.get(index).copied(),
            Kind::Ces => self.ces_points.get(index).copied(),
            Kind::Nps | Kind::Enps => None,
        }
    }

    pub fn comment_count(&self, n: usize, max: usize) -> String {
        fill(self.comment_count, &[&n.to_string(), &max.to_string()])
    }

    pub fn stored_here(&self, n: usize) -> String {
        fill(self.stored_here, &[&n.to_string()])
    }
}

/// Replaces each `{placeholder}` of `template`, in order, by the next value. A plain scan: the
/// generic `str::replace` costs kilobytes of wasm.
fn fill(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut values = values.iter();
    let mut in_placeholder = false;
    for c in template.chars() {
        match (in_placeholder, c) {
            (false, '{') => {
                in_placeholder = true;
                out.push_str(values.next().copied().unwrap_or(""));
            }
            (false, c) => out.push(c),
            (true, '}') => in_placeholder = false,
            (true, _) => {}
        }
    }
    out
}

/// "a empresa facilitou..." starts a sentence when the company is the subject (CES). ASCII only:
/// full Unicode case tables would add kilobytes to the wasm for a rare case.
fn capitalise_first(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_map_to_the_two_supported_languages() {
        assert_eq!(Lang::parse("pt-BR"), Some(Lang::PtBr));
        assert_eq!(Lang::parse("pt_br"), Some(Lang::PtBr));
        assert_eq!(Lang::parse("PT"), Some(Lang::PtBr));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::PtBr.tag(), "pt-BR");
    }

    #[test]
    fn default_questions_use_the_standard_wording() {
        let pt = Lang::PtBr.messages();
        assert_eq!(
            pt.question(Kind::Nps, Some("a Loja Azul")),
            "Em uma escala de 0 a 10, quanto você recomendaria a Loja Azul a um amigo ou colega?"
        );
        assert_eq!(
            pt.question(Kind::Ces, None),
            "A empresa facilitou resolver meu problema."
        );
        assert_eq!(
            pt.question(Kind::Ces, Some("  ")),
            "A empresa facilitou resolver meu problema."
        );
        let en = Lang::En.messages();
        assert_eq!(
            en.question(Kind::Enps, Some("Acme")),
            "How likely are you to recommend Acme as a place to work?"
        );
        assert_eq!(
            en.question(Kind::Ces, None),
            "The company made it easy for me to handle my issue."
        );
    }

    #[test]
    fn labels_of_points_and_ends() {
        let pt = Lang::PtBr.messages();
        assert_eq!(
            pt.end_labels(Kind::Nps),
            ("Nada provável", "Muito provável")
        );
        assert_eq!(
            pt.end_labels(Kind::Ces),
            ("Discordo totalmente", "Concordo totalmente")
        );
        assert_eq!(pt.point_label(Kind::Csat, 4), Some("Satisfeito"));
        assert_eq!(
            pt.point_label(Kind::Ces, 4),
            Some("Nem concordo nem discordo")
        );
        assert_eq!(pt.point_label(Kind::Csat, 0), None);
        assert_eq!(pt.point_label(Kind::Csat, 6), None);
        assert_eq!(pt.point_label(Kind::Nps, 5), None);
        assert_eq!(
            Lang::En.messages().comment_count(12, 500),
            "12 of 500 characters"
        );
    }
}
