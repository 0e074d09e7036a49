//! Column roles from header names, Portuguese and English. Headers are folded (accents,
//! case, punctuation, camelCase) and filler words dropped, then matched against phrases:
//! an exact phrase is sure, a phrase inside a longer header less so.

use super::values::fold;
use crate::table::Role;

/// Words that carry no meaning in a header ("data *do* pedido", "created *at*").
const FILLER: [&str; 16] = [
    "de", "do", "da", "dos", "das", "of", "the", "em", "at", "in", "on", "a", "o", "utc", "no", "n",
];

/// A header folded to its meaningful words. A trailing "at"/"em" ("created_at",
/// "criado_em") is kept as `at`: it says the column is a moment.
pub fn header_key(header: &str) -> Vec<String> {
    let folded = fold(header);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let n = words.len();
    words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            if i + 1 == n && n > 1 && (*w == "at" || *w == "em") {
                Some("at".to_string())
            } else if FILLER.contains(w) {
                None
            } else {
                Some((*w).to_string())
            }
        })
        .collect()
}

/// Phrases per role. Order matters for ties: more specific roles come first.
const PHRASES: &[(Role, &[&str])] = &[
    (
        Role::ResponseId,
        &[
            "response id",
            "resposta id",
            "id resposta",
            "respondent id",
            "submission id",
            "token",
        ],
    ),
    (
        Role::Email,
        &[
            "email",
            "e mail",
            "email address",
            "endereco email",
            "customer email",
            "requester email",
            "billing email",
        ],
    ),
    (
        Role::SubscriptionId,
        &[
            "subscription id",
            "assinatura id",
            "id assinatura",
            "subscription",
        ],
    ),
    (
        Role::TicketId,
        &[
            "ticket id",
            "id ticket",
            "ticket",
            "chamado",
            "id chamado",
            "chamado id",
            "protocolo",
            "case id",
            "conversation id",
            "conversa id",
            "numero chamado",
            "ticket number",
        ],
    ),
    (Role::LeadId, &["lead id", "id lead", "=lead"]),
    (
        Role::SessionId,
        &["session id", "sessao id", "id sessao", "session", "sessao"],
    ),
    (
        Role::VisitorId,
        &[
            "visitor id",
            "visitante id",
            "id visitante",
            "user pseudo id",
            "anonymous id",
            "visitor",
            "visitante",
            "cookie id",
        ],
    ),
    (
        Role::OrderId,
        &[
            "order id",
            "pedido id",
            "id pedido",
            "order number",
            "numero pedido",
            "pedido",
            "order",
            "nro pedido",
            "order no",
            "num pedido",
            "codigo pedido",
            "cod pedido",
            "transaction id",
            "transacao id",
            "id transacao",
            "invoice id",
            "purchase id",
            "compra id",
            "id compra",
            "venda id",
            "id venda",
        ],
    ),
    (
        Role::CustomerId,
        &[
            "customer id",
            "cliente id",
            "id cliente",
            "client id",
            "codigo cliente",
            "cod cliente",
            "customer",
            "cliente",
            "user id",
            "usuario id",
            "id usuario",
            "contact id",
            "contato id",
            "requester id",
            "account id",
            "conta id",
            "buyer id",
            "comprador id",
            "id comprador",
            "cpf",
            "cnpj",
            "cpf cnpj",
            "employee id",
            "colaborador id",
        ],
    ),
    (
        Role::Name,
        &[
            "name",
            "nome",
            "customer name",
            "nome cliente",
            "full name",
            "nome completo",
            "billing name",
            "first name",
            "primeiro nome",
        ],
    ),
    (
        Role::ConvertedAt,
        &[
            "converted at",
            "convertido",
            "data conversao",
            "conversion date",
            "convertido data",
        ],
    ),
    (
        Role::FirstResponseAt,
        &[
            "first response at",
            "primeira resposta",
            "primeira resposta data",
            "first replied",
            "first reply at",
            "initial response time",
            "first responded",
            "respondido primeira vez",
        ],
    ),
    (
        Role::ResolvedAt,
        &[
            "resolved at",
            "resolvido",
            "resolvido em",
            "fechado em",
            "encerrado em",
            "resolvido data",
            "solved at",
            "resolved time",
            "resolved",
            "solved",
            "data resolucao",
            "closed at",
            "fechado",
            "data fechamento",
            "closed time",
            "resolution date",
            "finalizado",
            "concluido data",
        ],
    ),
    (
        Role::FirstResponseHours,
        &[
            "first response hours",
            "first reply time",
            "tempo primeira resposta",
            "first response time",
            "frt",
            "primeira resposta horas",
            "primeira resposta minutos",
            "tempo resposta",
            "response time",
        ],
    ),
    (
        Role::ResolutionHours,
        &[
            "resolution time",
            "tempo resolucao",
            "full resolution time",
            "resolution hours",
            "resolucao horas",
            "resolucao minutos",
            "ttr",
            "tempo ate resolucao",
        ],
    ),
    (
        Role::HandleHours,
        &[
            "handle time",
            "tempo atendimento",
            "aht",
            "handling time",
            "talk time",
            "tempo conversa",
            "work time",
            "duracao atendimento",
            "tempo medio atendimento",
            "time tracked",
            "handle hours",
            "atendimento horas",
            "atendimento minutos",
        ],
    ),
    (
        Role::LoggedHours,
        &[
            "logged hours",
            "horas logadas",
            "tempo logado",
            "logged time",
            "online hours",
            "horas online",
            "logado horas",
            "logado minutos",
        ],
    ),
    (
        Role::PauseHours,
        &[
            "pause hours",
            "pausa",
            "tempo pausa",
            "pause time",
            "break time",
            "horas pausa",
            "pausa horas",
            "pausa minutos",
        ],
    ),
    (
        Role::ContactsHandled,
        &[
            "contacts handled",
            "contatos atendidos",
            "atendimentos",
            "calls handled",
            "chamadas atendidas",
            "contatos",
        ],
    ),
    (
        Role::SuccessfulContacts,
        &[
            "successful contacts",
            "contatos sucesso",
            "contatos efetivos",
            "contatos bem sucedidos",
            "successful",
        ],
    ),
    (
        Role::SlaDue,
        &[
            "sla due",
            "prazo sla",
            "due date",
            "due by",
            "due by time",
            "prazo",
            "vencimento sla",
            "sla due at",
            "sla prazo",
            "sla",
        ],
    ),
    (
        Role::SlaBreached,
        &[
            "sla breached",
            "sla violado",
            "sla estourado",
            "breached",
            "sla violated",
            "fora sla",
        ],
    ),
    (
        Role::BotHandled,
        &[
            "bot handled",
            "bot",
            "atendido bot",
            "resolvido bot",
            "chatbot",
            "handled by bot",
            "via bot",
            "automated",
            "bot resolveu",
        ],
    ),
    (
        Role::Transferred,
        &[
            "transferred",
            "transferido",
            "escalated",
            "escalado",
            "handoff",
            "transferido humano",
            "transbordo",
            "transferred human",
        ],
    ),
    (
        Role::Helpful,
        &[
            "helpful",
            "util",
            "foi util",
            "helpful votes",
            "votos uteis",
            "useful",
        ],
    ),
    (
        Role::Article,
        &[
            "article",
            "artigo",
            "article title",
            "titulo artigo",
            "artigo ajuda",
            "faq",
        ],
    ),
    (
        Role::Views,
        &[
            "views",
            "visualizacoes",
            "article views",
            "acessos",
            "visualizacoes artigo",
        ],
    ),
    (
        Role::Pageviews,
        &[
            "pageviews",
            "page views",
            "visualizacoes pagina",
            "paginas vistas",
            "screen page views",
            "views per session",
            "paginas",
        ],
    ),
    (
        Role::SessionDuration,
        &[
            "session duration",
            "duracao sessao",
            "average session duration",
            "time on site",
            "tempo sessao",
            "duracao",
            "duration",
            "engagement time",
            "tempo engajamento",
            "session duration seconds",
            "duracao segundos",
        ],
    ),
    (
        Role::LandingPage,
        &[
            "landing page",
            "pagina entrada",
            "pagina destino",
            "landing",
            "page path",
            "entry page",
            "pagina",
            "page",
            "url",
            "landing page query string",
        ],
    ),
    (
        Role::Referrer,
        &[
            "referrer",
            "referral",
            "indicado por",
            "referido por",
            "indicacao",
            "referred by",
            "referrer url",
            "quem indicou",
        ],
    ),
    (
        Role::Converted,
        &[
            "converted",
            "convertido flag",
            "converteu",
            "conversion",
            "conversao",
            "is customer",
            "virou cliente",
            "became customer",
            "convertido",
        ],
    ),
    (
        Role::Reactions,
        &["reactions", "reacoes", "likes", "curtidas"],
    ),
    (Role::Comments, &["comments", "comentarios"]),
    (
        Role::Shares,
        &["shares", "compartilhamentos", "retweets", "reposts"],
    ),
    (
        Role::DirectMessages,
        &[
            "direct messages",
            "mensagens diretas",
            "dms",
            "dm",
            "mensagens",
        ],
    ),
    (
        Role::Spend,
        &[
            "spend",
            "gasto",
            "investimento",
            "amount spent",
            "valor gasto",
            "ad spend",
            "valor investido",
            "gasto midia",
            "custo campanha",
            "spent",
        ],
    ),
    (
        Role::Campaign,
        &[
            "campaign",
            "campanha",
            "utm campaign",
            "campaign name",
            "nome campanha",
        ],
    ),
    (
        Role::Medium,
        &[
            "medium",
            "meio",
            "utm medium",
            "midia",
            "session medium",
            "first user medium",
        ],
    ),
    (
        Role::Source,
        &[
            "source",
            "origem",
            "utm source",
            "fonte",
            "lead source",
            "origem lead",
            "original source",
            "session source",
            "first user source",
            "session source medium",
            "source medium",
            "origem midia",
        ],
    ),
    (
        Role::Channel,
        &[
            "channel",
            "canal",
            "canal venda",
            "sales channel",
            "canal aquisicao",
            "via",
            "session default channel group",
            "default channel group",
            "channel group",
            "canal atendimento",
            "canal contato",
            "rede",
            "rede social",
            "social network",
            "network",
        ],
    ),
    (
        Role::Plan,
        &[
            "plan",
            "plano",
            "plan name",
            "nome plano",
            "tier",
            "price",
            "pricing plan",
        ],
    ),
    (
        Role::IntervalCount,
        &[
            "interval count",
            "billing interval count",
            "intervalo quantidade",
            "quantidade intervalos",
            "intervalos por ciclo",
        ],
    ),
    (
        Role::Interval,
        &[
            "interval",
            "intervalo",
            "billing interval",
            "periodicidade",
            "frequencia cobranca",
            "billing period",
            "ciclo",
            "recorrencia",
            "billing cycle",
            "ciclo cobranca",
        ],
    ),
    (
        Role::Mrr,
        &[
            "mrr",
            "monthly recurring revenue",
            "receita recorrente mensal",
            "valor mensal",
            "mensalidade",
        ],
    ),
    (
        Role::Seats,
        &[
            "seats",
            "licencas",
            "licenses",
            "assentos",
            "usuarios contratados",
        ],
    ),
    (
        Role::StartedAt,
        &[
            "started at",
            "start",
            "inicio",
            "data inicio",
            "start date",
            "assinado",
            "subscribed at",
            "activated at",
            "iniciado",
            "inicio assinatura",
        ],
    ),
    (
        Role::TrialEnd,
        &[
            "trial end",
            "trial ends at",
            "trial end date",
            "trial ends",
            "fim do teste",
            "fim teste",
            "fim do trial",
            "fim trial",
            "fim periodo teste",
            "fim do periodo de teste",
        ],
    ),
    (
        Role::EndedAt,
        &[
            "ended at",
            "ended",
            "fim",
            "data fim",
            "end date",
            "cancelado",
            "canceled at",
            "cancelled at",
            "data cancelamento",
            "cancellation date",
            "churned at",
            "encerrado",
            "canceled",
            "cancelled",
            "cancelamento",
        ],
    ),
    (
        Role::SurveyKind,
        &[
            "survey kind",
            "survey type",
            "tipo pesquisa",
            "pesquisa",
            "survey",
            "tipo questionario",
        ],
    ),
    (
        Role::Question,
        &["question", "pergunta", "question text", "questao"],
    ),
    (
        Role::Score,
        &[
            "score",
            "nota",
            "pontuacao",
            "nps",
            "nps score",
            "csat",
            "ces",
            "enps",
            "nota nps",
            "resposta nota",
        ],
    ),
    (
        Role::Rating,
        &[
            "rating",
            "avaliacao",
            "estrelas",
            "stars",
            "review rating",
            "nota avaliacao",
            "review score",
        ],
    ),
    (
        Role::Comment,
        &[
            "comment",
            "comentario",
            "feedback",
            "observacao",
            "review",
            "texto",
            "review text",
            "why",
            "por que",
            "motivo nota",
            "comentario final",
            "observacoes",
            "open ended response",
        ],
    ),
    (
        Role::RespondedAt,
        &[
            "responded at",
            "respondido",
            "submitted at",
            "enviado",
            "data resposta",
            "response date",
            "submit date",
            "carimbo data hora",
            "date submitted",
            "submitted",
            "respondido data",
            "completed at",
            "data envio",
        ],
    ),
    (
        Role::OrderDate,
        &[
            "order date",
            "data pedido",
            "data compra",
            "purchase date",
            "data venda",
            "sale date",
            "order created",
            "pedido criado",
            "ordered at",
            "comprado",
            "data transacao",
            "transaction date",
            "data faturamento",
        ],
    ),
    (
        Role::CreatedAt,
        &[
            "created at",
            "created",
            "criado",
            "data criacao",
            "data abertura",
            "aberto",
            "opened at",
            "created time",
            "creation date",
            "create date",
            "data cadastro",
            "cadastrado",
            "signup date",
            "data cadastro lead",
            "created date",
            "aberto data",
            "cadastro",
        ],
    ),
    (
        Role::EventName,
        &[
            "event",
            "evento",
            "event name",
            "nome evento",
            "action",
            "acao",
            "event type",
            "tipo evento",
        ],
    ),
    (
        Role::EventAt,
        &[
            "event at",
            "event time",
            "event timestamp",
            "data evento",
            "occurred at",
            "ocorrido",
            "hora evento",
            "timestamp",
        ],
    ),
    (
        Role::Agent,
        &[
            "agent",
            "agente",
            "atendente",
            "assignee",
            "responsavel",
            "agent name",
            "analista",
            "operador",
            "assigned to",
            "nome agente",
            "owner",
        ],
    ),
    (
        Role::Reason,
        &[
            "reason",
            "motivo",
            "motivo contato",
            "category",
            "categoria",
            "contact reason",
            "ticket type",
            "tipo chamado",
            "assunto categoria",
            "tipo contato",
            "tipo",
            "type",
        ],
    ),
    (Role::Currency, &["currency", "moeda"]),
    (
        Role::OrderType,
        &[
            "order type",
            "tipo pedido",
            "tipo venda",
            "sale type",
            "upsell",
            "cross sell",
            "tipo compra",
        ],
    ),
    (
        Role::Quantity,
        &[
            "quantity",
            "quantidade",
            "qty",
            "qtd",
            "qtde",
            "lineitem quantity",
            "itens",
        ],
    ),
    (
        Role::Discount,
        &[
            "discount",
            "desconto",
            "discount amount",
            "valor desconto",
            "cupom valor",
        ],
    ),
    (
        Role::Cost,
        &[
            "cost",
            "custo",
            "cogs",
            "custo produto",
            "unit cost",
            "custo total",
        ],
    ),
    (
        Role::Margin,
        &["margin", "margem", "margem lucro", "profit margin"],
    ),
    (
        Role::UnitPrice,
        &[
            "unit price",
            "unit amount",
            "price per unit",
            "preco unitario",
            "valor unitario",
            "preco unidade",
        ],
    ),
    (
        Role::Amount,
        &[
            "amount",
            "valor",
            "total",
            "valor total",
            "order total",
            "total pedido",
            "revenue",
            "receita",
            "faturamento",
            "valor pago",
            "amount paid",
            "total amount",
            "gross",
            "valor bruto",
            "total price",
            "preco total",
            "price",
            "preco",
            "subtotal",
            "net",
            "sales",
            "vendas",
            "valor venda",
            "valor pedido",
            "total paid",
        ],
    ),
    (
        Role::Product,
        &[
            "product",
            "produto",
            "item",
            "sku",
            "product name",
            "nome produto",
            "lineitem name",
            "item name",
        ],
    ),
    (
        Role::Status,
        &[
            "status",
            "situacao",
            "estado",
            "status pedido",
            "order status",
            "financial status",
            "status pagamento",
            "payment status",
            "situacao pedido",
        ],
    ),
    (
        Role::Segment,
        &[
            "segment",
            "segmento",
            "customer type",
            "tipo cliente",
            "cohort",
            "grupo",
            "group",
            "departamento",
            "department",
            "setor",
            "equipe",
            "team",
        ],
    ),
    (
        Role::Date,
        &[
            "date",
            "data",
            "dia",
            "day",
            "mes",
            "month",
            "periodo",
            "period",
            "semana",
            "week",
            "data hora",
            "datetime",
        ],
    ),
];

/// Candidate roles for a header, best first, with a score in 0..=1.
pub fn header_roles(header: &str) -> Vec<(Role, f32)> {
    let key = header_key(header);
    if key.is_empty() {
        return Vec::new();
    }
    let joined = key.join(" ");
    let mut out: Vec<(Role, f32)> = Vec::new();
    for (role, phrases) in PHRASES {
        let mut best = 0f32;
        for p in *phrases {
            // A leading `=` marks a phrase that must be the whole header ("lead" alone is a
            // lead id; "Lead Scoring - Perfil" is not).
            let (exact_only, p) = match p.strip_prefix('=') {
                Some(rest) => (true, rest),
                None => (false, *p),
            };
            let pk = header_key(p);
            if pk.is_empty() {
                continue;
            }
            let s = if pk.join(" ") == joined {
                1.0
            } else if !exact_only && contains_run(&key, &pk) {
                // Part of a longer header: surer the more of it the phrase covers.
                0.55 + 0.35 * (pk.len() as f32 / key.len() as f32)
            } else {
                0.0
            };
            best = best.max(s);
        }
        // "..._at" names a moment: other roles are less likely.
        if key.last().is_some_and(|w| w == "at") && !is_date_role(*role) {
            best *= 0.6;
        }
        if best > 0.0 {
            out.push((*role, best));
        }
    }
    // Stable sort keeps the table's order on ties (specific roles first).
    crate::stats::stable_sort_by(&mut out, |a, b| b.1.total_cmp(&a.1));
    out
}

/// True when `needle` appears in `hay` as consecutive words.
fn contains_run(hay: &[String], needle: &[String]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The unit of a duration header, as hours per unit: minutes → 1/60.
pub fn duration_unit_hours(header: &str) -> Option<(f64, &'static str)> {
    let f = fold(header);
    let words: Vec<&str> = f.split(' ').collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&["minutes", "minutos", "min", "mins", "minuto"]) {
        Some((1.0 / 60.0, "minutes"))
    } else if has(&["seconds", "segundos", "sec", "secs", "seg", "s"]) {
        Some((1.0 / 3600.0, "seconds"))
    } else if has(&["days", "dias", "dia"]) {
        Some((24.0, "days"))
    } else if has(&["hours", "horas", "hrs", "hr", "h", "hora"]) {
        Some((1.0, "hours"))
    } else {
        None
    }
}

/// Roles that hold durations in hours.
pub fn is_hours_role(r: Role) -> bool {
    matches!(
        r,
        Role::FirstResponseHours
            | Role::ResolutionHours
            | Role::HandleHours
            | Role::LoggedHours
            | Role::PauseHours
    )
}

/// Roles whose cells are dates.
pub fn is_date_role(r: Role) -> bool {
    matches!(
        r,
        Role::OrderDate
            | Role::ConvertedAt
            | Role::StartedAt
            | Role::EndedAt
            | Role::TrialEnd
            | Role::CreatedAt
            | Role::FirstResponseAt
            | Role::ResolvedAt
            | Role::SlaDue
            | Role::RespondedAt
            | Role::EventAt
            | Role::Date
    )
}

/// Roles whose cells are numbers.
pub fn is_number_role(r: Role) -> bool {
    matches!(
        r,
        Role::Amount
            | Role::Quantity
            | Role::Cost
            | Role::Margin
            | Role::Discount
            | Role::SessionDuration
            | Role::Pageviews
            | Role::Reactions
            | Role::Comments
            | Role::Shares
            | Role::DirectMessages
            | Role::Spend
            | Role::Mrr
            | Role::Seats
            | Role::UnitPrice
            | Role::IntervalCount
            | Role::Views
            | Role::ContactsHandled
            | Role::SuccessfulContacts
            | Role::Score
            | Role::Rating
            | Role::ScaleMin
            | Role::ScaleMax
            | Role::Sessions
            | Role::Visitors
            | Role::Conversions
    ) || is_hours_role(r)
}

/// Roles whose cells are yes/no.
pub fn is_bool_role(r: Role) -> bool {
    matches!(
        r,
        Role::Converted | Role::SlaBreached | Role::BotHandled | Role::Transferred | Role::Helpful
    )
}

/// The id used for a role in JSON and mapping files (`"customer_id"`).
pub fn role_id(r: Role) -> String {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The role named by a mapping file id.
pub fn role_from_id(id: &str) -> Option<Role> {
    serde_json::from_value(serde_json::Value::String(id.trim().to_string())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(h: &str) -> Option<Role> {
        header_roles(h).first().map(|x| x.0)
    }

    #[test]
    fn common_headers_in_both_languages() {
        let cases = [
            ("cliente_id", Role::CustomerId),
            ("customer_id", Role::CustomerId),
            ("data_pedido", Role::OrderDate),
            ("Order Date", Role::OrderDate),
            ("valor", Role::Amount),
            ("Valor Total (R$)", Role::Amount),
            ("amount", Role::Amount),
            ("status", Role::Status),
            ("canal", Role::Channel),
            ("channel", Role::Channel),
            ("rede", Role::Channel),
            ("social network", Role::Channel),
            ("departamento", Role::Segment),
            ("department", Role::Segment),
            ("origem", Role::Source),
            ("source", Role::Source),
            ("criado_em", Role::CreatedAt),
            ("created_at", Role::CreatedAt),
            ("primeira_resposta_em", Role::FirstResponseAt),
            ("first_response_at", Role::FirstResponseAt),
            ("resolvido_em", Role::ResolvedAt),
            ("resolved_at", Role::ResolvedAt),
            ("agente", Role::Agent),
            ("agent", Role::Agent),
            ("motivo", Role::Reason),
            ("reason", Role::Reason),
            ("nota", Role::Score),
            ("score", Role::Score),
            ("comentario", Role::Comment),
            ("Comentário", Role::Comment),
            ("comment", Role::Comment),
            ("plano", Role::Plan),
            ("plan", Role::Plan),
            ("mrr", Role::Mrr),
            ("custo", Role::Cost),
            ("spend", Role::Spend),
            ("E-mail", Role::Email),
            ("Customer Email", Role::Email),
            ("pedido_id", Role::OrderId),
            ("order_id", Role::OrderId),
            ("First reply time in minutes", Role::FirstResponseHours),
            ("Full resolution time in minutes", Role::ResolutionHours),
            ("Created date (UTC)", Role::CreatedAt),
            ("submitted_at", Role::RespondedAt),
            ("survey_kind", Role::SurveyKind),
            ("question", Role::Question),
            ("response_id", Role::ResponseId),
        ];
        for (h, r) in cases {
            assert_eq!(best(h), Some(r), "{h}: {:?}", header_roles(h));
        }
        assert_eq!(
            duration_unit_hours("First reply time in minutes").map(|u| u.1),
            Some("minutes")
        );
        assert_eq!(
            duration_unit_hours("Resolution time (in hrs)").map(|u| u.1),
            Some("hours")
        );
        assert_eq!(role_id(Role::CustomerId), "customer_id");
        assert_eq!(
            role_from_id("first_response_hours"),
            Some(Role::FirstResponseHours)
        );
    }
}
