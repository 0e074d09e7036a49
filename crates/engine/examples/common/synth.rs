//! A small deterministic company for the parity test and the orders bench, built directly as
//! tables (no CSV). Messy on purpose: Portuguese and English status words, empty cells, a
//! second currency, customers known only by e-mail in varying case, unknown billing
//! intervals, subscriptions that end before they start, repeated lead ids.
//!
//! Used until the sample generator (`jornada sample`) lands; then the parity test also runs
//! on the sample.

#![allow(dead_code)] // each user (bench, examples) needs a different part

use chrono::NaiveDate;
use jornada_engine::period::date_to_ts;
use jornada_engine::table::{Role, Table, TableKind, TextValues, Timestamp, Values};

/// xorshift64*: deterministic, dependency-free.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `pct` / 100.
    pub fn pct(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const DAYS: u64 = 730;

fn day0() -> Timestamp {
    date_to_ts(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default())
}

/// A timestamp in 2024-2025 with a time of day.
fn when(rng: &mut Rng) -> Timestamp {
    day0() + rng.below(DAYS) as i64 * 86_400 + rng.below(86_400) as i64
}

fn text(cells: Vec<String>) -> Values {
    let mut t = TextValues::new();
    for c in &cells {
        t.push(c);
    }
    Values::Text(t)
}

fn email(rng: &mut Rng, i: u64) -> String {
    match rng.below(3) {
        0 => format!("cliente{i}@exemplo.com.br"),
        1 => format!("Cliente{i}@Exemplo.com.br "),
        _ => format!("CLIENTE{i}@EXEMPLO.COM.BR"),
    }
}

/// Customer index, skewed so that some customers buy often.
fn customer(rng: &mut Rng, pool: u64) -> u64 {
    let a = rng.below(pool);
    let b = rng.below(pool);
    a.min(b)
}

pub fn orders(n: usize, seed: u64) -> Table {
    let mut rng = Rng::new(seed);
    let pool = (n as u64 / 3).max(5);
    let (mut dates, mut ids, mut emails, mut status, mut amounts) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut currency, mut channel, mut source, mut types) = (vec![], vec![], vec![], vec![]);
    for _ in 0..n {
        dates.push((!rng.pct(1)).then(|| when(&mut rng)));
        let c = customer(&mut rng, pool);
        let who = rng.below(100);
        ids.push(if who < 85 {
            format!("C{c}")
        } else {
            String::new()
        });
        emails.push(if (60..97).contains(&who) || who < 20 {
            email(&mut rng, c)
        } else {
            String::new()
        });
        status.push(
            match rng.below(100) {
                0..=64 => "pago",
                65..=69 => "Concluído",
                70..=74 => "paid",
                75..=82 => "carrinho abandonado",
                83..=85 => "estornado",
                86..=88 => "Cancelado",
                89..=94 => "aguardando pagamento",
                95 => "",
                96 => "enviado p/ cliente",
                _ => "completed",
            }
            .to_string(),
        );
        amounts.push((!rng.pct(1)).then(|| (rng.below(48_000) + 2_000) as f64 / 100.0));
        currency.push(if rng.pct(3) { "USD" } else { "BRL" }.to_string());
        channel.push(rng.pick(&["web", "app", "loja", "marketplace"]).to_string());
        source.push(
            rng.pick(&["google", "instagram", "email", "direct", ""])
                .to_string(),
        );
        types.push(
            match rng.below(20) {
                0 => "upsell",
                1 => "Up-sell",
                2 => "cross_sell",
                3 => "Venda cruzada",
                _ => "regular",
            }
            .to_string(),
        );
    }
    Table::new("pedidos.csv", TableKind::Orders)
        .with_column("data_pedido", Role::OrderDate, Values::Date(dates.into()))
        .with_column("cliente_id", Role::CustomerId, text(ids))
        .with_column("email", Role::Email, text(emails))
        .with_column("status", Role::Status, text(status))
        .with_column("valor_total", Role::Amount, Values::Number(amounts.into()))
        .with_column("moeda", Role::Currency, text(currency))
        .with_column("canal", Role::Channel, text(channel))
        .with_column("origem", Role::Source, text(source))
        .with_column("tipo", Role::OrderType, text(types))
}

pub fn subscriptions(n: usize, customers: u64, seed: u64) -> Table {
    let mut rng = Rng::new(seed ^ 0x5u64);
    let (mut ids, mut amounts, mut mrr, mut intervals) = (vec![], vec![], vec![], vec![]);
    let (mut starts, mut ends, mut plans, mut currency) = (vec![], vec![], vec![], vec![]);
    let mut status = vec![];
    for _ in 0..n {
        ids.push(format!("C{}", customer(&mut rng, customers.max(5))));
        let (plan, price): (&str, f64) = match rng.below(3) {
            0 => ("basic", 29.9),
            1 => ("pro", 99.0),
            _ => ("enterprise", 249.5),
        };
        plans.push(plan.to_string());
        let interval = match rng.below(100) {
            0..=59 => "mensal",
            60..=74 => "Anual",
            75..=84 => "weekly",
            85..=89 => "trimestral",
            90..=92 => "a cada 2 anos",
            93..=95 => "",
            _ => "monthly",
        };
        intervals.push(interval.to_string());
        let amount = match interval {
            "Anual" => price * 10.0,
            "weekly" => (price / 4.0 * 100.0).round() / 100.0,
            "trimestral" => price * 3.0,
            _ => price,
        };
        amounts.push((!rng.pct(1)).then_some(amount));
        mrr.push(rng.pct(10).then_some(price));
        let start = when(&mut rng);
        starts.push((!rng.pct(1)).then_some(start));
        ends.push(match rng.below(100) {
            0..=39 => Some(start + (10 + rng.below(400)) as i64 * 86_400),
            40 => Some(start - 86_400),
            _ => None,
        });
        currency.push(if rng.pct(2) { "usd" } else { "BRL" }.to_string());
        status.push(
            match rng.below(100) {
                0..=79 => "ativo",
                80..=89 => "cancelado",
                90..=93 => "pendente",
                94..=96 => "",
                _ => "active",
            }
            .to_string(),
        );
    }
    Table::new("assinaturas.csv", TableKind::Subscriptions)
        .with_column("cliente_id", Role::CustomerId, text(ids))
        .with_column("valor", Role::Amount, Values::Number(amounts.into()))
        .with_column("mrr", Role::Mrr, Values::Number(mrr.into()))
        .with_column("periodicidade", Role::Interval, text(intervals))
        .with_column("inicio", Role::StartedAt, Values::Date(starts.into()))
        .with_column("fim", Role::EndedAt, Values::Date(ends.into()))
        .with_column("plano", Role::Plan, text(plans))
        .with_column("moeda", Role::Currency, text(currency))
        .with_column("situacao", Role::Status, text(status))
}

pub fn leads(n: usize, customers: u64, seed: u64) -> Table {
    let mut rng = Rng::new(seed ^ 0x1EAD);
    let (mut ids, mut emails, mut dates, mut sources) = (vec![], vec![], vec![], vec![]);
    let (mut channels, mut converted, mut converted_at) = (vec![], vec![], vec![]);
    for i in 0..n as u64 {
        ids.push(match rng.below(100) {
            0..=84 => format!("L{i}"),
            85..=89 => format!("L{}", rng.below(i + 1)),
            _ => String::new(),
        });
        emails.push(match rng.below(10) {
            0..=4 => {
                let c = rng.below(customers.max(5));
                email(&mut rng, c)
            }
            5..=8 => format!("lead{}@prospect.com", rng.below(n as u64)),
            _ => String::new(),
        });
        let d = when(&mut rng);
        dates.push((!rng.pct(1)).then_some(d));
        sources.push(
            rng.pick(&["google", "instagram", "facebook", "indicação", ""])
                .to_string(),
        );
        channels.push(rng.pick(&["web", "app", "loja"]).to_string());
        converted.push(rng.pct(50).then(|| rng.pct(20)));
        converted_at.push(rng.pct(5).then(|| d + 86_400 * rng.below(30) as i64));
    }
    Table::new("leads.csv", TableKind::Leads)
        .with_column("lead_id", Role::LeadId, text(ids))
        .with_column("email", Role::Email, text(emails))
        .with_column("criado_em", Role::CreatedAt, Values::Date(dates.into()))
        .with_column("origem", Role::Source, text(sources))
        .with_column("canal", Role::Channel, text(channels))
        .with_column("convertido", Role::Converted, Values::Bool(converted))
        .with_column(
            "convertido_em",
            Role::ConvertedAt,
            Values::Date(converted_at.into()),
        )
}

pub fn sessions(n: usize, seed: u64) -> Table {
    let mut rng = Rng::new(seed ^ 0x5E55);
    let visitors_pool = (n as u64 / 3).max(3);
    let (mut visitors, mut sessions, mut dates, mut pages) = (vec![], vec![], vec![], vec![]);
    let (mut mediums, mut sources, mut converted, mut channels) = (vec![], vec![], vec![], vec![]);
    for i in 0..n {
        visitors.push(if rng.pct(85) {
            format!("V{}", rng.below(visitors_pool))
        } else {
            String::new()
        });
        sessions.push(if rng.pct(90) {
            format!("S{i}")
        } else {
            String::new()
        });
        dates.push((!rng.pct(1)).then(|| when(&mut rng)));
        pages.push(
            rng.pick(&["/", "/promo", "/blog/como-escolher", "/produto/42", ""])
                .to_string(),
        );
        mediums.push(
            rng.pick(&[
                "organic",
                "cpc",
                "email",
                "(none)",
                "Orgânico",
                "Busca orgânica",
                "",
            ])
            .to_string(),
        );
        sources.push(
            rng.pick(&["google", "facebook", "newsletter", "google / organic", ""])
                .to_string(),
        );
        converted.push((!rng.pct(10)).then(|| rng.pct(8)));
        channels.push(rng.pick(&["web", "app", "loja"]).to_string());
    }
    Table::new("sessoes.csv", TableKind::Sessions)
        .with_column("visitante", Role::VisitorId, text(visitors))
        .with_column("sessao", Role::SessionId, text(sessions))
        .with_column("data", Role::Date, Values::Date(dates.into()))
        .with_column("pagina_entrada", Role::LandingPage, text(pages))
        .with_column("meio", Role::Medium, text(mediums))
        .with_column("origem", Role::Source, text(sources))
        .with_column("virou_lead", Role::Converted, Values::Bool(converted))
        .with_column("canal", Role::Channel, text(channels))
}

pub fn spend(seed: u64) -> Table {
    let mut rng = Rng::new(seed ^ 0x5BE7D);
    let (mut dates, mut channels, mut amounts, mut currency) = (vec![], vec![], vec![], vec![]);
    for day in 0..DAYS {
        for ch in ["web", "app", "loja"] {
            dates.push(Some(day0() + day as i64 * 86_400));
            channels.push(ch.to_string());
            amounts.push((!rng.pct(1)).then(|| (rng.below(45_000) + 5_000) as f64 / 100.0));
            currency.push(if rng.pct(5) { "USD" } else { "BRL" }.to_string());
        }
    }
    Table::new("investimento.csv", TableKind::MarketingSpend)
        .with_column("dia", Role::Date, Values::Date(dates.into()))
        .with_column("canal", Role::Channel, text(channels))
        .with_column("investimento", Role::Spend, Values::Number(amounts.into()))
        .with_column("moeda", Role::Currency, text(currency))
}

pub fn chats(n: usize, seed: u64) -> Table {
    let mut rng = Rng::new(seed ^ 0xC4A7);
    let (mut dates, mut conv, mut transf, mut bot, mut channels) =
        (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..n {
        dates.push((!rng.pct(1)).then(|| when(&mut rng)));
        conv.push((!rng.pct(10)).then(|| rng.pct(25)));
        transf.push((!rng.pct(10)).then(|| rng.pct(30)));
        bot.push((!rng.pct(20)).then(|| rng.pct(80)));
        channels.push(rng.pick(&["whatsapp", "site", "instagram"]).to_string());
    }
    Table::new("chats.csv", TableKind::Chats)
        .with_column("inicio", Role::CreatedAt, Values::Date(dates.into()))
        .with_column("converteu", Role::Converted, Values::Bool(conv))
        .with_column("transferido", Role::Transferred, Values::Bool(transf))
        .with_column("bot", Role::BotHandled, Values::Bool(bot))
        .with_column("canal", Role::Channel, text(channels))
}

pub fn social(n: usize, seed: u64) -> Table {
    let mut rng = Rng::new(seed ^ 0x50C1A1);
    let mut dates = vec![];
    let mut counts: [Vec<Option<f64>>; 4] = Default::default();
    let mut channels = vec![];
    for _ in 0..n {
        dates.push(Some(when(&mut rng)));
        for (k, c) in counts.iter_mut().enumerate() {
            c.push((!rng.pct(5)).then(|| rng.below([500, 60, 40, 20][k]) as f64));
        }
        channels.push(rng.pick(&["instagram", "facebook", "linkedin"]).to_string());
    }
    let [reactions, comments, shares, dms] = counts;
    Table::new("social.csv", TableKind::SocialInteractions)
        .with_column("data", Role::Date, Values::Date(dates.into()))
        .with_column("reacoes", Role::Reactions, Values::Number(reactions.into()))
        .with_column(
            "comentarios",
            Role::Comments,
            Values::Number(comments.into()),
        )
        .with_column(
            "compartilhamentos",
            Role::Shares,
            Values::Number(shares.into()),
        )
        .with_column(
            "mensagens",
            Role::DirectMessages,
            Values::Number(dms.into()),
        )
        .with_column("rede", Role::Channel, text(channels))
}

/// The whole company, sized by its number of orders.
pub fn company(orders_n: usize, seed: u64) -> Vec<Table> {
    let customers = (orders_n as u64 / 3).max(5);
    vec![
        orders(orders_n, seed),
        subscriptions(orders_n / 10 + 5, customers, seed),
        leads(orders_n / 2 + 5, customers, seed),
        sessions(orders_n * 2 + 5, seed),
        spend(seed),
        chats(orders_n / 5 + 5, seed),
        social(orders_n / 20 + 5, seed),
    ]
}

/// The edge cases of the corrected rules, as files beside a small company (the parity test's
/// `edges` case): a social file with no count columns (one interaction per row) beside one
/// with counts; an accounts' seats file (subscriptions with seats, no amount) with an events
/// file that names users (user id) and a sessions file that names only the account (the
/// licence users fall back to the customer id in that file alone); leads and orders without a
/// channel beside spend with one (no per-channel CPL or ROI).
pub fn edges(n: usize, seed: u64) -> Vec<Table> {
    let mut rng = Rng::new(seed ^ 0xED6E);
    let accounts = (n as u64 / 50).max(3);
    let account = |rng: &mut Rng| format!("acct-{}", rng.below(accounts));
    let mut plain_dates = vec![];
    let mut plain_channels = vec![];
    for _ in 0..n / 10 + 3 {
        plain_dates.push((!rng.pct(2)).then(|| when(&mut rng)));
        plain_channels.push(rng.pick(&["instagram", "facebook"]).to_string());
    }
    let plain = Table::new("comentarios.csv", TableKind::SocialInteractions)
        .with_column("data", Role::Date, Values::Date(plain_dates.into()))
        .with_column("rede", Role::Channel, text(plain_channels));
    let (mut sub_accounts, mut starts, mut ends, mut seats) = (vec![], vec![], vec![], vec![]);
    for a in 0..accounts {
        sub_accounts.push(format!("acct-{a}"));
        let start = when(&mut rng);
        starts.push(Some(start));
        ends.push(
            rng.pct(20)
                .then(|| start + 86_400 * (30 + rng.below(400)) as i64),
        );
        seats.push((!rng.pct(5)).then(|| (1 + rng.below(8)) as f64));
    }
    let subs = Table::new("contas.csv", TableKind::Subscriptions)
        .with_column("conta", Role::CustomerId, text(sub_accounts))
        .with_column("inicio", Role::StartedAt, Values::Date(starts.into()))
        .with_column("fim", Role::EndedAt, Values::Date(ends.into()))
        .with_column("licencas", Role::Seats, Values::Number(seats.into()));
    let (mut ev_accounts, mut ev_users, mut ev_dates) = (vec![], vec![], vec![]);
    for _ in 0..n {
        ev_accounts.push(account(&mut rng));
        ev_users.push(if rng.pct(95) {
            format!("U{}", rng.below(accounts * 4))
        } else {
            String::new()
        });
        ev_dates.push(Some(when(&mut rng)));
    }
    let events = Table::new("uso.csv", TableKind::Events)
        .with_column("conta", Role::CustomerId, text(ev_accounts))
        .with_column("usuario", Role::UserId, text(ev_users))
        .with_column("quando", Role::EventAt, Values::Date(ev_dates.into()));
    let (mut se_accounts, mut se_dates) = (vec![], vec![]);
    for _ in 0..n / 2 {
        se_accounts.push(account(&mut rng));
        se_dates.push(Some(when(&mut rng)));
    }
    let sessions = Table::new("acessos.csv", TableKind::Sessions)
        .with_column("conta", Role::CustomerId, text(se_accounts))
        .with_column("data", Role::Date, Values::Date(se_dates.into()));
    let mut leads = leads(n / 2 + 5, accounts, seed);
    leads.columns.retain(|c| c.role != Some(Role::Channel));
    let mut orders = orders(n, seed);
    orders.columns.retain(|c| c.role != Some(Role::Channel));
    vec![
        orders,
        leads,
        spend(seed),
        social(n / 20 + 5, seed),
        plain,
        subs,
        events,
        sessions,
    ]
}
