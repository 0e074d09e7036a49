//! Words of the sample company in Portuguese and English: file names, headers, statuses,
//! channels, products, reasons and survey comments. Headers use the plain vocabulary of real
//! exports so that ingest recognises them with no mapping.

use super::Lang;
use crate::table::TableKind;

/// The files the generator writes, in the order [`super::generate`] returns them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileId {
    Leads,
    Sessions,
    Chats,
    Social,
    Spend,
    Orders,
    Subscriptions,
    Events,
    Tickets,
    AgentShifts,
    ArticleViews,
    Surveys,
    Reviews,
    EmployeeSurvey,
}

impl FileId {
    pub(crate) const ALL: [FileId; 14] = [
        FileId::Leads,
        FileId::Sessions,
        FileId::Chats,
        FileId::Social,
        FileId::Spend,
        FileId::Orders,
        FileId::Subscriptions,
        FileId::Events,
        FileId::Tickets,
        FileId::AgentShifts,
        FileId::ArticleViews,
        FileId::Surveys,
        FileId::Reviews,
        FileId::EmployeeSurvey,
    ];

    pub(crate) fn kind(self) -> TableKind {
        match self {
            FileId::Leads => TableKind::Leads,
            FileId::Sessions => TableKind::Sessions,
            FileId::Chats => TableKind::Chats,
            FileId::Social => TableKind::SocialInteractions,
            FileId::Spend => TableKind::MarketingSpend,
            FileId::Orders => TableKind::Orders,
            FileId::Subscriptions => TableKind::Subscriptions,
            FileId::Events => TableKind::Events,
            FileId::Tickets => TableKind::Tickets,
            FileId::AgentShifts => TableKind::AgentShifts,
            FileId::ArticleViews => TableKind::ArticleViews,
            FileId::Surveys => TableKind::SurveyResponses,
            FileId::Reviews => TableKind::Reviews,
            FileId::EmployeeSurvey => TableKind::EmployeeSurvey,
        }
    }

    pub(crate) fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (FileId::Leads, Lang::En) => "leads.csv",
            (FileId::Leads, Lang::Pt) => "leads.csv",
            (FileId::Sessions, Lang::En) => "sessions.csv",
            (FileId::Sessions, Lang::Pt) => "sessoes.csv",
            (FileId::Chats, Lang::En) => "chats.csv",
            (FileId::Chats, Lang::Pt) => "conversas_chat.csv",
            (FileId::Social, Lang::En) => "social_media.csv",
            (FileId::Social, Lang::Pt) => "redes_sociais.csv",
            (FileId::Spend, Lang::En) => "marketing_spend.csv",
            (FileId::Spend, Lang::Pt) => "investimento_marketing.csv",
            (FileId::Orders, Lang::En) => "orders.csv",
            (FileId::Orders, Lang::Pt) => "pedidos.csv",
            (FileId::Subscriptions, Lang::En) => "subscriptions.csv",
            (FileId::Subscriptions, Lang::Pt) => "assinaturas.csv",
            (FileId::Events, Lang::En) => "product_events.csv",
            (FileId::Events, Lang::Pt) => "eventos_produto.csv",
            (FileId::Tickets, Lang::En) => "tickets.csv",
            (FileId::Tickets, Lang::Pt) => "chamados.csv",
            (FileId::AgentShifts, Lang::En) => "agent_shifts.csv",
            (FileId::AgentShifts, Lang::Pt) => "turnos_agentes.csv",
            (FileId::ArticleViews, Lang::En) => "help_article_views.csv",
            (FileId::ArticleViews, Lang::Pt) => "visualizacoes_artigos.csv",
            (FileId::Surveys, Lang::En) => "survey_responses.csv",
            (FileId::Surveys, Lang::Pt) => "respostas_pesquisas.csv",
            (FileId::Reviews, Lang::En) => "reviews.csv",
            (FileId::Reviews, Lang::Pt) => "avaliacoes.csv",
            (FileId::EmployeeSurvey, Lang::En) => "employee_enps.csv",
            (FileId::EmployeeSurvey, Lang::Pt) => "enps_colaboradores.csv",
        }
    }

    pub(crate) fn headers(self, lang: Lang) -> &'static [&'static str] {
        match (self, lang) {
            (FileId::Leads, Lang::En) => &[
                "lead_id",
                "email",
                "name",
                "created_at",
                "source",
                "converted",
            ],
            (FileId::Leads, Lang::Pt) => &[
                "lead_id",
                "email",
                "nome",
                "data_criacao",
                "origem",
                "convertido",
            ],
            (FileId::Sessions, Lang::En) => &[
                "session_id",
                "visitor_id",
                "customer_id",
                "started_at",
                "landing_page",
                "source",
                "medium",
                "duration_seconds",
                "pageviews",
                "converted",
            ],
            (FileId::Sessions, Lang::Pt) => &[
                "sessao_id",
                "visitante_id",
                "cliente_id",
                "data_inicio",
                "pagina_entrada",
                "origem",
                "midia",
                "duracao_segundos",
                "visualizacoes_pagina",
                "convertido",
            ],
            (FileId::Chats, Lang::En) => &[
                "chat_id",
                "email",
                "started_at",
                "channel",
                "bot_handled",
                "transferred",
                "agent",
                "converted",
            ],
            (FileId::Chats, Lang::Pt) => &[
                "chat_id",
                "email",
                "data_inicio",
                "canal",
                "atendido_por_bot",
                "transferido",
                "agente",
                "convertido",
            ],
            (FileId::Social, Lang::En) => &[
                "date",
                "network",
                "reactions",
                "comments",
                "shares",
                "direct_messages",
            ],
            (FileId::Social, Lang::Pt) => &[
                "data",
                "rede",
                "reacoes",
                "comentarios",
                "compartilhamentos",
                "mensagens_diretas",
            ],
            (FileId::Spend, Lang::En) => &[
                "date",
                "channel",
                "campaign",
                "spend",
                "impressions",
                "clicks",
            ],
            (FileId::Spend, Lang::Pt) => &[
                "data",
                "canal",
                "campanha",
                "investimento",
                "impressoes",
                "cliques",
            ],
            (FileId::Orders, Lang::En) => &[
                "order_id",
                "customer_id",
                "email",
                "order_date",
                "status",
                "order_type",
                "channel",
                "product",
                "quantity",
                "amount",
                "cost",
            ],
            (FileId::Orders, Lang::Pt) => &[
                "pedido_id",
                "cliente_id",
                "email",
                "data_pedido",
                "status",
                "tipo_pedido",
                "canal",
                "produto",
                "quantidade",
                "valor",
                "custo",
            ],
            (FileId::Subscriptions, Lang::En) => &[
                "subscription_id",
                "customer_id",
                "email",
                "plan",
                "interval",
                "seats",
                "mrr",
                "status",
                "start_date",
                "end_date",
            ],
            (FileId::Subscriptions, Lang::Pt) => &[
                "assinatura_id",
                "cliente_id",
                "email",
                "plano",
                "periodicidade",
                "licencas",
                "mrr",
                "status",
                "data_inicio",
                "data_fim",
            ],
            (FileId::Events, Lang::En) => &["customer_id", "user_id", "event_name", "timestamp"],
            (FileId::Events, Lang::Pt) => &["cliente_id", "usuario_id", "evento", "data_evento"],
            (FileId::Tickets, Lang::En) => &[
                "ticket_id",
                "customer_id",
                "email",
                "created_at",
                "first_response_at",
                "resolved_at",
                "sla_due_at",
                "channel",
                "reason",
                "agent",
                "bot_handled",
                "transferred",
                "handle_time_minutes",
            ],
            (FileId::Tickets, Lang::Pt) => &[
                "ticket_id",
                "cliente_id",
                "email",
                "data_abertura",
                "primeira_resposta",
                "data_resolucao",
                "prazo_sla",
                "canal",
                "motivo",
                "agente",
                "atendido_por_bot",
                "transferido",
                "tempo_atendimento_minutos",
            ],
            (FileId::AgentShifts, Lang::En) => &[
                "agent",
                "date",
                "logged_hours",
                "pause_hours",
                "contacts_handled",
                "successful_contacts",
            ],
            (FileId::AgentShifts, Lang::Pt) => &[
                "agente",
                "data",
                "horas_logadas",
                "horas_pausa",
                "contatos_atendidos",
                "contatos_efetivos",
            ],
            (FileId::ArticleViews, Lang::En) => {
                &["article", "date", "customer_id", "helpful", "rating"]
            }
            (FileId::ArticleViews, Lang::Pt) => &[
                "artigo",
                "data_visualizacao",
                "cliente_id",
                "util",
                "avaliacao",
            ],
            (FileId::Surveys, Lang::En) => &[
                "response_id",
                "customer_id",
                "email",
                "submitted_at",
                "survey",
                "question",
                "score",
                "comment",
                "ticket_id",
            ],
            (FileId::Surveys, Lang::Pt) => &[
                "resposta_id",
                "cliente_id",
                "email",
                "data_resposta",
                "pesquisa",
                "pergunta",
                "nota",
                "comentario",
                "ticket_id",
            ],
            (FileId::Reviews, Lang::En) => &[
                "review_id",
                "customer_id",
                "email",
                "order_id",
                "product",
                "date",
                "rating",
                "comment",
            ],
            (FileId::Reviews, Lang::Pt) => &[
                "avaliacao_id",
                "cliente_id",
                "email",
                "pedido_id",
                "produto",
                "data_avaliacao",
                "nota_avaliacao",
                "comentario",
            ],
            (FileId::EmployeeSurvey, Lang::En) => &[
                "response_id",
                "employee_id",
                "department",
                "submitted_at",
                "enps",
                "comment",
            ],
            (FileId::EmployeeSurvey, Lang::Pt) => &[
                "resposta_id",
                "colaborador_id",
                "departamento",
                "data_resposta",
                "enps",
                "comentario",
            ],
        }
    }
}

/// Picks the word for the language.
pub(crate) fn w(lang: Lang, pair: (&'static str, &'static str)) -> &'static str {
    match lang {
        Lang::Pt => pair.0,
        Lang::En => pair.1,
    }
}

pub(crate) const YES_NO_PT: (&str, &str) = ("sim", "não");
pub(crate) const YES_NO_EN: (&str, &str) = ("true", "false");

/// Order statuses, (pt, en), in the order of [`OrderStatus`](super::company::OrderStatus).
pub(crate) const ORDER_STATUS: [(&str, &str); 5] = [
    ("pago", "completed"),
    ("carrinho abandonado", "abandoned"),
    ("cancelado", "cancelled"),
    ("reembolsado", "refunded"),
    ("pendente", "pending"),
];

pub(crate) const ORDER_TYPE: [(&str, &str); 4] = [
    ("novo", "new"),
    ("recompra", "repeat"),
    ("upsell", "upsell"),
    ("cross-sell", "cross-sell"),
];

/// Marketing channels shared by leads, orders and spend (so CPL, CAC and ROI line up).
pub(crate) const CHANNELS: [(&str, &str); 7] = [
    ("Google Ads", "Google Ads"),
    ("Meta Ads", "Meta Ads"),
    ("TikTok Ads", "TikTok Ads"),
    ("E-mail", "Email"),
    ("Orgânico", "Organic"),
    ("Indicação", "Referral"),
    ("Direto", "Direct"),
];
pub(crate) const CH_GOOGLE: usize = 0;
pub(crate) const CH_META: usize = 1;
pub(crate) const CH_TIKTOK: usize = 2;
pub(crate) const CH_EMAIL: usize = 3;
pub(crate) const CH_ORGANIC: usize = 4;
pub(crate) const CH_REFERRAL: usize = 5;
pub(crate) const CH_DIRECT: usize = 6;
/// Acquisition mix of new prospects, by channel index.
pub(crate) const CHANNEL_WEIGHTS: [f64; 7] = [0.24, 0.2, 0.06, 0.08, 0.25, 0.07, 0.1];
/// Cost per lead by channel (BRL cents) for the paid ones.
pub(crate) const PAID_CPL_CENTS: [(usize, i64); 4] = [
    (CH_GOOGLE, 4500),
    (CH_META, 3500),
    (CH_TIKTOK, 2500),
    (CH_EMAIL, 400),
];

/// Web analytics source and medium of a session coming from a channel.
pub(crate) fn source_medium(channel: usize, variant: u32) -> (&'static str, &'static str) {
    match channel {
        CH_GOOGLE => ("google", "cpc"),
        CH_META if variant.is_multiple_of(2) => ("instagram", "paid_social"),
        CH_META => ("facebook", "paid_social"),
        CH_TIKTOK => ("tiktok", "paid_social"),
        CH_EMAIL => ("newsletter", "email"),
        CH_ORGANIC if variant.is_multiple_of(3) => ("bing", "organic"),
        CH_ORGANIC => ("google", "organic"),
        CH_REFERRAL => ("blogfitness.com.br", "referral"),
        _ => ("(direct)", "(none)"),
    }
}

pub(crate) const LANDING_PAGES: [&str; 8] = [
    "/",
    "/produtos/esteiras",
    "/produtos/acessorios",
    "/app-movimento",
    "/blog/treino-em-casa",
    "/blog/como-escolher-tenis",
    "/promo/ofertas",
    "/planos",
];
/// Probability a first visit on each landing page becomes a lead.
pub(crate) const LANDING_LEAD_RATE: [f64; 8] = [0.45, 0.5, 0.45, 0.6, 0.3, 0.35, 0.7, 0.65];

/// The catalogue: (pt name, en name, price in cents, cost share in %).
pub(crate) const PRODUCTS: [(&str, &str, i64, i64); 12] = [
    ("Tapete de yoga", "Yoga mat", 12_990, 45),
    ("Par de halteres 2 kg", "Dumbbell pair 2 kg", 8_990, 50),
    ("Kit elásticos", "Resistance band kit", 5_990, 40),
    ("Esteira elétrica", "Treadmill", 349_900, 62),
    ("Bicicleta ergométrica", "Exercise bike", 189_900, 60),
    ("Tênis de corrida", "Running shoes", 39_990, 55),
    ("Camiseta dry-fit", "Dry-fit T-shirt", 7_990, 35),
    ("Garrafa térmica", "Insulated bottle", 6_990, 40),
    ("Whey protein 900 g", "Whey protein 900 g", 14_990, 58),
    ("Relógio esportivo", "Sports watch", 89_900, 60),
    ("Legging esportiva", "Sports leggings", 11_990, 38),
    ("Garantia estendida", "Extended warranty", 19_990, 20),
];
pub(crate) const PRODUCT_WEIGHTS: [f64; 12] = [
    0.14, 0.12, 0.12, 0.03, 0.04, 0.12, 0.14, 0.1, 0.1, 0.04, 0.05, 0.0,
];
/// Products offered as an upsell at checkout, and as a cross-sell after a purchase.
pub(crate) const UPSELL_PRODUCTS: [usize; 3] = [11, 11, 9];
pub(crate) const CROSS_SELL_PRODUCTS: [usize; 4] = [7, 8, 2, 6];

/// The app subscription: (pt plan, en plan, monthly price per seat in cents, min seats, max seats).
pub(crate) const PLANS: [(&str, &str, i64, u32, u32); 3] = [
    ("Individual", "Individual", 3_990, 1, 1),
    ("Família", "Family", 2_990, 2, 4),
    ("Empresas", "Business", 2_490, 5, 30),
];
pub(crate) const INTERVALS: [(&str, &str); 2] = [("mensal", "monthly"), ("anual", "yearly")];
pub(crate) const SUB_STATUS: [(&str, &str); 2] = [("ativa", "active"), ("cancelada", "canceled")];

/// Product events (names as the app's analytics sends them, the same in both languages).
pub(crate) const EV_SIGNUP: &str = "signup";
pub(crate) const EV_ACTIVATION: &str = "activation";
pub(crate) const EV_ONBOARDING: &str = "onboarding_complete";
/// A member's first completed workout: the "first value" milestone.
pub(crate) const EV_FIRST_VALUE: &str = "first_value";
pub(crate) const CORE_ACTIONS: [&str; 3] = ["workout_completed", "video_watched", "plan_created"];

pub(crate) const TICKET_CHANNELS: [(&str, &str); 4] = [
    ("e-mail", "email"),
    ("chat", "chat"),
    ("WhatsApp", "WhatsApp"),
    ("telefone", "phone"),
];
pub(crate) const TICKET_CHANNEL_WEIGHTS: [f64; 4] = [0.35, 0.3, 0.25, 0.1];
/// Hours to the first-response SLA by ticket channel.
pub(crate) const TICKET_SLA_HOURS: [u32; 4] = [8, 1, 1, 1];

pub(crate) const REASONS: [(&str, &str); 8] = [
    ("Atraso na entrega", "Late delivery"),
    ("Troca ou devolução", "Exchange or return"),
    ("Problema no pagamento", "Payment issue"),
    ("Dúvida sobre produto", "Product question"),
    ("Produto com defeito", "Defective product"),
    ("Acesso ao app", "App access"),
    ("Cancelamento de assinatura", "Subscription cancellation"),
    ("Reembolso", "Refund"),
];
pub(crate) const REASON_ORDER_WEIGHTS: [f64; 8] = [0.3, 0.18, 0.12, 0.2, 0.15, 0.05, 0.0, 0.0];
pub(crate) const R_APP_ACCESS: usize = 5;
pub(crate) const R_CANCELLATION: usize = 6;
pub(crate) const R_REFUND: usize = 7;

pub(crate) const CHAT_CHANNELS: [(&str, &str); 3] = [
    ("site", "website"),
    ("WhatsApp", "WhatsApp"),
    ("Instagram", "Instagram"),
];

pub(crate) const SOCIAL_NETWORKS: [(&str, f64); 4] = [
    ("Instagram", 1.0),
    ("Facebook", 0.35),
    ("TikTok", 0.8),
    ("LinkedIn", 0.12),
];

/// Help articles (pt, en) and how often each is read (Zipf-like).
pub(crate) const ARTICLES: [(&str, &str); 10] = [
    ("Como rastrear meu pedido", "How to track my order"),
    (
        "Política de trocas e devoluções",
        "Exchange and return policy",
    ),
    (
        "Formas de pagamento e parcelamento",
        "Payment methods and instalments",
    ),
    ("Como montar a esteira", "How to assemble the treadmill"),
    (
        "Como cancelar a assinatura do app",
        "How to cancel the app subscription",
    ),
    ("Recuperar senha do app", "Reset the app password"),
    ("Prazo de entrega por região", "Delivery times by region"),
    ("Garantia dos produtos", "Product warranty"),
    ("Como usar o plano Família", "Using the Family plan"),
    ("Nota fiscal e segunda via", "Invoices and copies"),
];
/// How helpful each article is (probability of a "yes" vote).
pub(crate) const ARTICLE_HELPFUL: [f64; 10] =
    [0.85, 0.7, 0.8, 0.55, 0.6, 0.75, 0.65, 0.8, 0.5, 0.9];

pub(crate) const DEPARTMENTS: [(&str, &str); 6] = [
    ("Atendimento", "Customer service"),
    ("Logística", "Logistics"),
    ("Marketing", "Marketing"),
    ("Tecnologia", "Technology"),
    ("Vendas", "Sales"),
    ("Financeiro", "Finance"),
];

pub(crate) const CAMPAIGNS: [(&str, &str); 5] = [
    ("Sempre ativo", "Always on"),
    ("Black Friday", "Black Friday"),
    ("Natal", "Christmas"),
    ("Dia das Mães", "Mother's Day"),
    ("Volta às aulas", "Back to school"),
];

pub(crate) const SURVEY_NAMES: [(&str, &str); 3] =
    [("NPS", "NPS"), ("CSAT", "CSAT"), ("CES", "CES")];

pub(crate) const Q_NPS: (&str, &str) = (
    "Em uma escala de 0 a 10, qual a probabilidade de você recomendar a Movimento a um amigo ou colega?",
    "On a scale from 0 to 10, how likely are you to recommend Movimento to a friend or colleague?",
);
pub(crate) const Q_CSAT: (&str, &str) = (
    "Qual o seu nível de satisfação com o atendimento? (1 a 5)",
    "How satisfied were you with the support you received? (1 to 5)",
);
pub(crate) const Q_CES: (&str, &str) = (
    "Foi fácil resolver o meu problema com a Movimento (1 = discordo totalmente, 7 = concordo totalmente)",
    "Movimento made it easy for me to handle my issue (1 = strongly disagree, 7 = strongly agree)",
);

/// Customer comments by sentiment: [promoter/satisfied, passive/neutral, detractor/unsatisfied].
pub(crate) const CUSTOMER_COMMENTS: [&[(&str, &str)]; 3] = [
    &[
        (
            "Entrega rápida e produto de ótima qualidade.",
            "Fast delivery and great product quality.",
        ),
        (
            "Atendimento excelente, resolveram tudo rápido.",
            "Excellent support, everything solved quickly.",
        ),
        (
            "O app de treinos é muito bom, uso todo dia.",
            "The workout app is really good, I use it every day.",
        ),
        (
            "Preço justo e entrega antes do prazo.",
            "Fair price and delivery ahead of time.",
        ),
        (
            "Produto de qualidade, recomendo!",
            "Quality product, I recommend it!",
        ),
        (
            "Gostei muito do plano Família; todos em casa treinam.",
            "Love the Family plan; everyone at home works out.",
        ),
    ],
    &[
        (
            "Bom produto, mas a entrega demorou um pouco.",
            "Good product, but delivery took a while.",
        ),
        (
            "Preço um pouco alto, mas a qualidade compensa.",
            "A bit pricey, but the quality is worth it.",
        ),
        (
            "O app é bom, poderia ter mais aulas.",
            "The app is fine, it could have more classes.",
        ),
        (
            "Atendimento ok, nada de especial.",
            "Support was ok, nothing special.",
        ),
    ],
    &[
        (
            "A entrega atrasou muito e ninguém avisou.",
            "The delivery was very late and nobody told me.",
        ),
        (
            "Produto chegou com defeito e a troca foi demorada.",
            "The product arrived defective and the exchange was slow.",
        ),
        (
            "Atendimento demorado, precisei ligar várias vezes.",
            "Slow support, I had to call several times.",
        ),
        (
            "Preço alto para a qualidade.",
            "High price for the quality.",
        ),
        (
            "Cobrança indevida na assinatura.",
            "Wrong charge on the subscription.",
        ),
        (
            "O app trava e perde meus treinos.",
            "The app crashes and loses my workouts.",
        ),
    ],
];

/// Product review comments by sentiment: [4-5 stars, 3 stars, 1-2 stars].
pub(crate) const REVIEW_COMMENTS: [&[(&str, &str)]; 3] = [
    &[
        (
            "Produto de ótima qualidade, chegou antes do prazo.",
            "Great quality, arrived early.",
        ),
        (
            "Exatamente como na descrição, recomendo!",
            "Exactly as described, I recommend it!",
        ),
        ("Ótimo custo-benefício.", "Great value for money."),
        (
            "Muito confortável e resistente.",
            "Very comfortable and sturdy.",
        ),
    ],
    &[
        (
            "Bom, mas esperava um acabamento melhor.",
            "Good, but I expected a better finish.",
        ),
        (
            "Cumpre o que promete; a entrega demorou.",
            "Does the job; delivery was slow.",
        ),
    ],
    &[
        ("Chegou com defeito.", "Arrived defective."),
        (
            "Qualidade ruim para o preço.",
            "Poor quality for the price.",
        ),
        (
            "Tamanho diferente do anunciado.",
            "Size differs from the listing.",
        ),
    ],
];

pub(crate) const EMPLOYEE_COMMENTS: [&[(&str, &str)]; 3] = [
    &[
        (
            "Equipe unida e liderança próxima.",
            "Close-knit team and approachable leaders.",
        ),
        (
            "Tenho flexibilidade de horário e bons benefícios.",
            "Flexible hours and good benefits.",
        ),
        (
            "Aprendo muito e vejo oportunidades de crescimento.",
            "I learn a lot and see room to grow.",
        ),
    ],
    &[
        (
            "Bom ambiente, mas o salário poderia ser melhor.",
            "Good environment, but pay could be better.",
        ),
        (
            "Processos internos ainda são confusos.",
            "Internal processes are still confusing.",
        ),
    ],
    &[
        (
            "Sobrecarga de trabalho na Black Friday.",
            "Work overload around Black Friday.",
        ),
        (
            "Pouco reconhecimento e salário abaixo do mercado.",
            "Little recognition and below-market pay.",
        ),
        (
            "Metas de atendimento irreais.",
            "Unrealistic support targets.",
        ),
    ],
];

pub(crate) const FIRST_NAMES: [&str; 40] = [
    "Ana",
    "Bruno",
    "Carla",
    "Diego",
    "Eduarda",
    "Felipe",
    "Gabriela",
    "Henrique",
    "Isabela",
    "João",
    "Juliana",
    "Lucas",
    "Mariana",
    "Mateus",
    "Natália",
    "Otávio",
    "Patrícia",
    "Rafael",
    "Sabrina",
    "Thiago",
    "Vanessa",
    "Vinícius",
    "Larissa",
    "Gustavo",
    "Camila",
    "Rodrigo",
    "Fernanda",
    "André",
    "Beatriz",
    "Caio",
    "Letícia",
    "Marcelo",
    "Priscila",
    "Renato",
    "Tatiana",
    "Leonardo",
    "Aline",
    "Daniel",
    "Júlia",
    "Pedro",
];
pub(crate) const LAST_NAMES: [&str; 30] = [
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Soares",
    "Fernandes",
    "Vieira",
    "Barbosa",
    "Rocha",
    "Dias",
    "Nascimento",
    "Andrade",
    "Moreira",
    "Nunes",
    "Marques",
    "Machado",
    "Mendes",
    "Freitas",
];
pub(crate) const EMAIL_DOMAINS: [&str; 4] = [
    "example.com",
    "example.com.br",
    "example.net",
    "example.org",
];
