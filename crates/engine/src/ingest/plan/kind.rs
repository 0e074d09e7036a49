//! The table kind from its columns' roles and its words, and what the kind changes: generic
//! roles take their kind-specific meaning, and one column keeps each role.

use super::{ColumnPlan, Parser};
use crate::ingest::roles::role_id;
use crate::ingest::values::fold;
use crate::table::{Role, TableKind};
use crate::why::Why;

/// One piece of evidence for a kind.
enum Evidence {
    /// A column has one of these roles.
    Has(&'static [Role]),
    /// A header or the file name holds one of these (folded) words.
    Words(&'static [&'static str]),
    /// The file name holds one of these words.
    FileWords(&'static [&'static str]),
    /// Some column is a survey question.
    Questions,
    /// Employee words and a score or question column.
    EmployeeScores,
}

use Evidence::{EmployeeScores, FileWords, Has, Questions, Words};

/// Per kind: each piece of evidence, its points and its id in the reason.
type KindRule = (TableKind, &'static [(Evidence, f32, &'static str)]);

/// The evidence table. The highest score wins; ties go to the earlier kind.
const KIND_RULES: &[KindRule] = &[
    (
        TableKind::Orders,
        &[
            (Has(&[Role::OrderId]), 3.0, "order_id"),
            (Has(&[Role::OrderDate]), 3.0, "order_date"),
            (Has(&[Role::Amount]), 2.0, "amount"),
            (Has(&[Role::Status]), 1.0, "status"),
            (Has(&[Role::Product, Role::Quantity]), 1.0, "product"),
            (
                FileWords(&["pedido", "order", "venda", "sales", "compra"]),
                2.0,
                "file_name",
            ),
        ],
    ),
    (
        TableKind::Subscriptions,
        &[
            (Has(&[Role::SubscriptionId]), 3.0, "subscription_id"),
            (Has(&[Role::Plan]), 2.0, "plan"),
            (Has(&[Role::Interval]), 2.0, "interval"),
            (Has(&[Role::Mrr]), 3.0, "mrr"),
            (Has(&[Role::StartedAt]), 1.0, "start_date"),
            (Has(&[Role::EndedAt]), 1.0, "end_date"),
            (
                FileWords(&["assinatura", "subscription", "recorrencia"]),
                2.0,
                "file_name",
            ),
        ],
    ),
    (
        TableKind::Tickets,
        &[
            (Has(&[Role::TicketId]), 3.0, "ticket_id"),
            (
                Has(&[Role::FirstResponseAt, Role::FirstResponseHours]),
                3.0,
                "first_response",
            ),
            (
                Has(&[Role::ResolvedAt, Role::ResolutionHours]),
                2.0,
                "resolution",
            ),
            (Has(&[Role::Agent]), 1.0, "agent"),
            (Has(&[Role::Reason]), 1.0, "reason"),
            (Has(&[Role::SlaDue]), 1.0, "sla"),
            (
                FileWords(&["ticket", "chamado", "atendimento", "suporte", "support"]),
                2.0,
                "file_name",
            ),
        ],
    ),
    (
        TableKind::Chats,
        &[
            (Has(&[Role::BotHandled]), 2.5, "bot_flag"),
            (Has(&[Role::Transferred]), 2.5, "transfer_flag"),
            (Words(&["chat", "conversa", "bot"]), 2.0, "chat_words"),
        ],
    ),
    (
        TableKind::SurveyResponses,
        &[
            (Has(&[Role::Score]), 3.0, "score"),
            (Questions, 3.0, "survey_questions"),
            (Has(&[Role::SurveyKind]), 3.0, "survey_kind"),
            (Has(&[Role::Question]), 2.0, "question"),
            (Has(&[Role::Comment]), 1.0, "comment"),
            (Has(&[Role::RespondedAt]), 1.0, "answer_time"),
            (
                FileWords(&[
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
    ),
    (
        TableKind::EmployeeSurvey,
        &[(EmployeeScores, 12.0, "employee_words")],
    ),
    (
        TableKind::Leads,
        &[
            (Has(&[Role::LeadId]), 3.0, "lead_id"),
            (Has(&[Role::Converted, Role::ConvertedAt]), 1.5, "converted"),
            (
                Has(&[Role::Source, Role::Channel, Role::Campaign]),
                1.0,
                "source",
            ),
            (Has(&[Role::Email]), 1.0, "email"),
            (Has(&[Role::CreatedAt]), 1.0, "created_date"),
            (Words(&["lead"]), 2.0, "lead_words"),
        ],
    ),
    (
        TableKind::Sessions,
        &[
            (Has(&[Role::SessionId]), 3.0, "session_id"),
            (Has(&[Role::VisitorId]), 2.0, "visitor_id"),
            (Has(&[Role::LandingPage]), 2.0, "landing_page"),
            (Has(&[Role::Pageviews]), 2.0, "pageviews"),
            (Has(&[Role::SessionDuration]), 2.0, "duration"),
            (Has(&[Role::Sessions]), 3.0, "sessions"),
            (Has(&[Role::Medium]), 1.0, "medium"),
            (
                FileWords(&["sess", "trafego", "traffic", "visitas", "ga4", "analytics"]),
                2.0,
                "file_name",
            ),
        ],
    ),
    (
        TableKind::MarketingSpend,
        &[
            (Has(&[Role::Spend]), 4.0, "spend"),
            (Has(&[Role::Campaign]), 1.0, "campaign"),
            (Has(&[Role::Channel, Role::Source]), 1.0, "channel"),
            (
                Words(&["impress", "clique", "click", "cpc", "cpm"]),
                1.0,
                "ad_metrics",
            ),
            (
                FileWords(&[
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
    ),
    (
        TableKind::Events,
        &[
            (Has(&[Role::EventName]), 4.0, "event_name"),
            (Has(&[Role::EventAt]), 1.0, "event_time"),
            (Has(&[Role::CustomerId, Role::VisitorId]), 1.0, "who"),
            (FileWords(&["evento", "event"]), 2.0, "file_name"),
        ],
    ),
    (
        TableKind::Reviews,
        &[
            (Has(&[Role::Rating]), 3.0, "rating"),
            (Has(&[Role::Comment]), 1.0, "comment"),
            (Has(&[Role::Product]), 1.0, "product"),
            (Words(&["review", "avaliac"]), 2.0, "review_words"),
        ],
    ),
    (
        TableKind::ArticleViews,
        &[
            (Has(&[Role::Article]), 4.0, "article"),
            (Has(&[Role::Views]), 2.0, "views"),
            (Has(&[Role::Helpful]), 2.0, "helpful_votes"),
        ],
    ),
    (
        TableKind::SocialInteractions,
        &[
            (Has(&[Role::Reactions]), 2.0, "reactions"),
            (Has(&[Role::Comments]), 2.0, "comments"),
            (Has(&[Role::Shares]), 2.0, "shares"),
            (Has(&[Role::DirectMessages]), 2.0, "direct_messages"),
            (
                FileWords(&["social", "redes", "instagram", "facebook", "linkedin"]),
                2.0,
                "file_name",
            ),
        ],
    ),
    (
        TableKind::AgentShifts,
        &[
            (Has(&[Role::LoggedHours]), 3.0, "logged_hours"),
            (Has(&[Role::PauseHours]), 3.0, "pause_time"),
            (Has(&[Role::ContactsHandled]), 2.0, "contacts_handled"),
            (Has(&[Role::SuccessfulContacts]), 2.0, "successful_contacts"),
            (Has(&[Role::Agent]), 1.0, "agent"),
        ],
    ),
];

/// The kind whose evidence scores highest, how sure (its share of the best two scores) and
/// why; `Unknown` under 3 points.
pub(super) fn score_kind(
    columns: &[ColumnPlan],
    file_words: &str,
    headers: &[String],
) -> (TableKind, f32, Vec<Why>) {
    let has = |roles: &[Role]| {
        columns
            .iter()
            .any(|c| c.role.is_some_and(|r| roles.contains(&r)))
    };
    let questions = columns.iter().any(|c| c.question.is_some());
    let words: String = headers
        .iter()
        .map(|h| fold(h))
        .collect::<Vec<_>>()
        .join(" ")
        + " "
        + file_words;
    let any_word = |ws: &[&str]| ws.iter().any(|x| words.contains(x));
    let any_file_word = |ws: &[&str]| ws.iter().any(|x| file_words.contains(x));
    let holds = |evidence: &Evidence| match evidence {
        Has(roles) => has(roles),
        Words(ws) => any_word(ws),
        FileWords(ws) => any_file_word(ws),
        Questions => questions,
        EmployeeScores => {
            any_word(&["colaborador", "funcionario", "employee", "enps", "clima"])
                && (has(&[Role::Score]) || questions)
        }
    };
    let mut scores: Vec<(TableKind, f32, Vec<&str>)> = KIND_RULES
        .iter()
        .map(|(kind, rule)| {
            let mut score = 0.0;
            let mut why = Vec::new();
            for (evidence, points, id) in rule.iter() {
                if holds(evidence) {
                    score += points;
                    why.push(*id);
                }
            }
            (*kind, score, why)
        })
        .collect();
    crate::stats::stable_sort_by(&mut scores, |a, b| b.1.total_cmp(&a.1));
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

/// One column per role: the surest keeps it. (Survey question columns may share `Score`.)
pub(super) fn resolve_conflicts(columns: &mut [ColumnPlan]) {
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
pub(super) fn remap_for_kind(kind: TableKind, columns: &mut [ColumnPlan]) {
    let has = |cols: &[ColumnPlan], r: Role| cols.iter().any(|c| c.role == Some(r));
    // A second people id beside the customer id whose header names a user (`cliente_id,
    // usuario_id`): the account's user, not a customer (B2B products, licence utilisation).
    if has(columns, Role::CustomerId) && !has(columns, Role::UserId) {
        let lost_to_customer = |c: &ColumnPlan| {
            c.role.is_none()
                && c.why.iter().any(|w| {
                    w.key == "conflict.surer"
                        && w.args.get(1).map(String::as_str) == Some("customer_id")
                })
        };
        if let Some(c) = columns.iter_mut().find(|c| {
            lost_to_customer(c)
                && crate::ingest::values::fold(&c.name)
                    .split(' ')
                    .any(|w| matches!(w, "user" | "usuario" | "member" | "membro"))
        }) {
            c.role = Some(Role::UserId);
            c.why.push(Why::new(
                "kind.taken_as",
                [role_id(Role::UserId), kind.id().to_string()],
            ));
        }
    }
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
