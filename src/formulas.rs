//! The engine's formulas and row rules in the UI language. The engine writes them in English
//! (the CLI's words); the app matches the English text exactly, so a formula the engine
//! rewords falls back to its English until translated here (a test lists any that are
//! missing).

use crate::i18n::Lang;

/// A metric's formula (the engine's English `Metric::formula`) in `lang`.
pub fn formula_text(lang: Lang, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let pt = match english {
        "distinct leads (lead id, else e-mail/customer) created in the period" => {
            "leads distintos (ID do lead, senão e-mail/cliente) criados no período"
        }
        "new leads per source (channel when there is no source column)" => {
            "novos leads por origem (canal quando não há coluna de origem)"
        }
        "leads created in the period that became customers (converted flag/date, or a first completed order at or after the lead's creation) / leads created" => {
            "leads criados no período que viraram clientes (indicação/data de conversão, ou um primeiro pedido concluído na criação do lead ou depois) / leads criados"
        }
        "distinct visitors (visitor id; sessions when there is none)" => {
            "visitantes distintos (ID do visitante; sessões quando não há)"
        }
        "visitors / new leads" => "visitantes / novos leads",
        "sessions that converted to a lead / sessions, per landing page" => {
            "sessões que viraram lead / sessões, por página de entrada"
        }
        "sessions whose medium (else source/channel) is organic / all sessions" => {
            "sessões cujo meio (senão origem/canal) é orgânico / todas as sessões"
        }
        "chats converted by the bot with no transfer to a human / chats" => {
            "chats convertidos pelo robô sem transferência para um humano / chats"
        }
        "chats transferred to a human / chats" => "chats transferidos para um humano / chats",
        "reactions + comments + shares + direct messages in the period (a file with none of these counts: one interaction per row)" => {
            "reações + comentários + compartilhamentos + mensagens diretas no período (arquivo sem nenhuma dessas contagens: uma interação por linha)"
        }
        "marketing spend / new leads (per channel when spend and leads both have one)" => {
            "investimento em marketing / novos leads (por canal quando investimento e leads têm canal)"
        }
        "% promoters (9-10) - % detractors (0-6) on 0-10, from -100 to 100" => {
            "% promotores (9-10) - % detratores (0-6) na escala 0-10, de -100 a 100"
        }
        "employee NPS: % promoters (9-10) - % detractors (0-6) on 0-10" => {
            "NPS de funcionários: % promotores (9-10) - % detratores (0-6) na escala 0-10"
        }
        "satisfied answers / answers (4-5 on 1-5, 6-7 on 1-7, 9-10 on 0-10); mean score beside it" => {
            "respostas satisfeitas / respostas (4-5 em 1-5, 6-7 em 1-7, 9-10 em 0-10); nota média ao lado"
        }
        "mean agreement that the company made it easy, 1-7 (higher is easier); share answering 5-7 beside it" => {
            "concordância média de que a empresa facilitou, 1-7 (maior é mais fácil); parcela que respondeu 5-7 ao lado"
        }
        "mean review rating (1-5 stars), with the count and the distribution" => {
            "nota média das avaliações (1-5 estrelas), com a contagem e a distribuição"
        }
        "subscriptions: customers active at the start with no subscription at the end / customers active at the start; orders only: a customer is active while their last completed order is at most the inactivity window old (setting, default 90 days; details give the 90th percentile of the gaps between consecutive orders as a suggestion); churn = customers active at the start and no longer active at the end / customers active at the start. When nobody is active at the range's start and the range spans two or more periods: pooled periods, Σ churned / Σ active at each period's start over the range's periods" => {
            "assinaturas: clientes ativos no início sem assinatura no fim / clientes ativos no início; só pedidos: um cliente está ativo enquanto sua última compra concluída tem no máximo a janela de inatividade (configuração, padrão 90 dias; os detalhes dão o percentil 90 dos intervalos entre compras seguidas como sugestão); churn = clientes ativos no início e não mais ativos no fim / clientes ativos no início. Quando ninguém está ativo no início do intervalo e o intervalo cobre dois ou mais períodos: períodos somados, Σ cancelados / Σ ativos no início de cada período do intervalo"
        }
        "(churned MRR + contraction MRR) / MRR at the period's start. When the range starts with MRR 0 and spans two or more periods: pooled periods, Σ (churned + contraction MRR) / Σ MRR at each period's start over the range's periods" => {
            "(MRR cancelado + MRR de contração) / MRR no início do período. Quando o intervalo começa com MRR 0 e cobre dois ou mais períodos: períodos somados, Σ (MRR cancelado + de contração) / Σ MRR no início de cada período do intervalo"
        }
        "(MRR start + expansion + reactivation - contraction - churn) / MRR start; GRR = (MRR start - contraction - churn) / MRR start. When the range starts with MRR 0 and spans two or more periods: pooled periods, both are Σ numerator / Σ MRR at each period's start over the range's periods" => {
            "(MRR inicial + expansão + reativação - contração - cancelamento) / MRR inicial; GRR = (MRR inicial - contração - cancelamento) / MRR inicial. Quando o intervalo começa com MRR 0 e cobre dois ou mais períodos: períodos somados, ambos são Σ numerador / Σ MRR no início de cada período do intervalo"
        }
        "subscriptions: (expansion + reactivation MRR) / MRR at the start; orders only: revenue growth of returning customers who grew / their previous-period revenue. When the range starts with MRR 0 (orders only: nobody bought in the previous period) and spans two or more periods: pooled periods, Σ numerator / Σ denominator over the range's periods" => {
            "assinaturas: (MRR de expansão + reativação) / MRR no início; só pedidos: crescimento da receita dos clientes recorrentes que cresceram / a receita deles no período anterior. Quando o intervalo começa com MRR 0 (só pedidos: ninguém comprou no período anterior) e cobre dois ou mais períodos: períodos somados, Σ numerador / Σ denominador nos períodos do intervalo"
        }
        "average ticket × purchases per customer per year × relationship years. Purchases per year: the range's buyers' orders from their first order to the range's end / the sum of their tenures in years (at least 30 days each), so a short range does not inflate it. Relationship years: the setting, else 1 / the annual orders-only churn (inactivity window, over the 365 days to the range's end), at most 10" => {
            "ticket médio × compras por cliente por ano × anos de relacionamento. Compras por ano: os pedidos dos compradores do intervalo, da primeira compra ao fim do intervalo / a soma dos seus tempos de casa em anos (ao menos 30 dias cada), para que um intervalo curto não a infle. Anos de relacionamento: a configuração, senão 1 / o churn anual só de pedidos (janela de inatividade, nos 365 dias até o fim do intervalo), no máximo 10"
        }
        "ltv_simple × profit margin (from a margin or cost column, else the settings)" => {
            "LTV simples × margem de lucro (de uma coluna de margem ou custo, senão das configurações)"
        }
        "mean over customers of the predicted CLV: BG/NBD expected purchases × Gamma-Gamma expected spend per purchase over the horizon (setting, default 12 months), discounted monthly (setting, default 1%); both models fitted by maximum likelihood on the completed orders up to the range's end, purchases counted per distinct day; parameters with 95% intervals from the observed information" => {
            "média por cliente do CLV previsto: compras esperadas (BG/NBD) × gasto esperado por compra (Gamma-Gamma) no horizonte (configuração, padrão 12 meses), descontado por mês (configuração, padrão 1%); os dois modelos ajustados por máxima verossimilhança nos pedidos concluídos até o fim do intervalo, compras contadas por dia distinto; parâmetros com intervalos de 95% pela informação observada"
        }
        "per customer with an event in the period: Σ over event kinds of weight × count (weights from the settings, default 1); value: the mean score over those customers" => {
            "por cliente com evento no período: Σ por tipo de evento de peso × contagem (pesos das configurações, padrão 1); valor: a média da pontuação desses clientes"
        }
        "per customer with a row in the 365 days to the range's end, 0-100: weighted mean (settings, default 1 each) of the components with data, each 0-100: usage (percentile of events and sessions in the last 30 days), satisfaction (last NPS/CSAT/CES answer on its scale), support (100 / (1 + tickets in the last 90 days)), recency (100 × (1 - days since the last row / twice the churn window), at least 0), payment (completed / decided orders in the last 365 days); at least two components. Bands: red ≤ 50, yellow ≤ 75, green above. Backtest AUC: scores at the range's end minus the churn window against who churned by the end. Value: the mean score" => {
            "por cliente com alguma linha nos 365 dias até o fim do intervalo, de 0 a 100: média ponderada (configurações, padrão 1 cada) dos componentes com dados, cada um de 0 a 100: uso (percentil de eventos e sessões nos últimos 30 dias), satisfação (última resposta de NPS/CSAT/CES na sua escala), suporte (100 / (1 + chamados nos últimos 90 dias)), recência (100 × (1 - dias desde a última linha / o dobro da janela de churn), no mínimo 0), pagamento (pedidos concluídos / pedidos decididos nos últimos 365 dias); ao menos dois componentes. Faixas: vermelha ≤ 50, amarela ≤ 75, verde acima. AUC do backtest: pontuações no fim do intervalo menos a janela de churn contra quem cancelou até o fim. Valor: a pontuação média"
        }
        "new customers (signup event in the period; without one, first completed order or subscription start) who reach the activation event / new customers" => {
            "novos clientes (evento de cadastro no período; sem ele, primeiro pedido concluído ou início de assinatura) que chegam ao evento de ativação / novos clientes"
        }
        "cohort = month (or week, by setting) of the customer's first completed order; cell (cohort, k) = share of the cohort with a completed order k periods later, and revenue in period k / the cohort's revenue in period 0; unfinished periods flagged. Value: pooled one-period retention over finished cells, Σ active(c, 1) / Σ size(c). Without orders naming customers, from subscriptions: cohort = first subscription start, active = subscribed at the end of period k, revenue = their MRR then" => {
            "coorte = mês (ou semana, pela configuração) do primeiro pedido concluído do cliente; célula (coorte, k) = parcela da coorte com um pedido concluído k períodos depois, e receita no período k / receita da coorte no período 0; períodos não terminados marcados. Valor: retenção de um período somada nas células terminadas, Σ ativos(c, 1) / Σ tamanho(c). Sem pedidos com clientes, pelas assinaturas: coorte = início da primeira assinatura, ativos = com assinatura no fim do período k, receita = o MRR deles nesse momento"
        }
        "rows matched to a customer / rows of files naming people; each row by its customer id, else its e-mail (trimmed, lower-cased), else its visitor id seen with a customer elsewhere; conflicts: ids with several e-mails, visitors seen with several customers" => {
            "linhas ligadas a um cliente / linhas dos arquivos que nomeiam pessoas; cada linha pelo ID do cliente, senão pelo e-mail (sem espaços, em minúsculas), senão pelo ID do visitante visto com um cliente em outra linha; conflitos: IDs com vários e-mails, visitantes vistos com vários clientes"
        }
        "distinct customers across all files (matched by id, e-mail, visitor link), each with a profile: first seen, acquisition source, stage reached, lead date, first and last order, orders, revenue, tickets, median first response, last NPS/CSAT/CES, engagement, health and band, P(alive), predicted CLV" => {
            "clientes distintos em todos os arquivos (ligados por ID, e-mail, visitante), cada um com um perfil: visto pela primeira vez, origem de aquisição, etapa alcançada, data do lead, primeiro e último pedido, pedidos, receita, chamados, mediana da primeira resposta, último NPS/CSAT/CES, engajamento, saúde e faixa, P(ativo), CLV previsto"
        }
        "customers first seen in the range reaching, in order, attraction (lead, visit, chat) -> sales (first completed order) -> repeat (second completed order, or a subscription renewal: two subscription rows, or one lasting past its first billing period) -> loyalty (NPS 9-10 or referral); conversion = step / the step before, with its Wilson interval, also per acquisition source. Value: sales / attraction" => {
            "clientes vistos pela primeira vez no intervalo que chegam, em ordem, a atração (lead, visita, chat) -> vendas (primeiro pedido concluído) -> recompra (segundo pedido concluído, ou renovação de assinatura: duas linhas de assinatura, ou uma que dura além do seu primeiro período de cobrança) -> lealdade (NPS 9-10 ou indicação); conversão = etapa / etapa anterior, com seu intervalo de Wilson, também por origem de aquisição. Valor: vendas / atração"
        }
        "each customer's rows in time order, stage by file (leads, sessions, chats: attraction; orders, subscriptions: sales; tickets: service; surveys, reviews, events: loyalty), runs of one stage collapsed; each change is a move from -> to, counted in the period of the row entered, going back included. Value: moves back / moves" => {
            "as linhas de cada cliente em ordem de tempo, etapa pelo arquivo (leads, sessões, chats: atração; pedidos, assinaturas: vendas; chamados: atendimento; pesquisas, avaliações, eventos: lealdade), sequências de uma mesma etapa juntadas; cada mudança é um movimento de -> para, contado no período da linha de chegada, voltas incluídas. Valor: movimentos de volta / movimentos"
        }
        "median days (and interquartile range) from first lead or visit to first order, first to second order, first order to first ticket, first order to first survey answer, over customers whose later step lies in the range; value: lead or visit to first order" => {
            "mediana de dias (e intervalo interquartil) do primeiro lead ou visita ao primeiro pedido, do primeiro ao segundo pedido, do primeiro pedido ao primeiro chamado, do primeiro pedido à primeira resposta de pesquisa, nos clientes cuja etapa posterior cai no intervalo; valor: lead ou visita até o primeiro pedido"
        }
        "per period, customers with a completed order, event or session: new (never active before), returning (active in the previous period too), resurrecting (inactive in the previous period, active before), dormant (active in the previous period, not in this one). Value: active customers (new + returning + resurrecting)" => {
            "por período, clientes com pedido concluído, evento ou sessão: novos (nunca ativos antes), recorrentes (ativos também no período anterior), reativados (inativos no período anterior, ativos antes dele), adormecidos (ativos no período anterior, não neste). Valor: clientes ativos (novos + recorrentes + reativados)"
        }
        "per milestone of the settings (an event, a number of completed orders, an amount of revenue): share of the customers first seen in the range who reached it, and the median days from first seen to it. Value: the first milestone's share" => {
            "por marco das configurações (um evento, um número de pedidos concluídos, um valor de receita): parcela dos clientes vistos pela primeira vez no intervalo que o alcançaram, e a mediana de dias até ele. Valor: a parcela do primeiro marco"
        }
        "median days from signup (the signup event; without one, the first completed order or subscription start) to the first value event (new customers who reached it)" => {
            "mediana de dias do cadastro (o evento de cadastro; sem ele, o primeiro pedido concluído ou início de assinatura) ao primeiro evento de valor (novos clientes que chegaram a ele)"
        }
        "median days from signup (the signup event; without one, the first completed order or subscription start) to the onboarding-complete event (new customers who reached it)" => {
            "mediana de dias do cadastro (o evento de cadastro; sem ele, o primeiro pedido concluído ou início de assinatura) ao evento de onboarding concluído (novos clientes que chegaram a ele)"
        }
        "Σ min(active users, seats) / Σ seats, over accounts with seats active at the period's end; active users = distinct users (each file's user id, else e-mail, else visitor id, else the customer id) with activity in the 30 days to the period's end" => {
            "Σ mín(usuários ativos, licenças) / Σ licenças, nas contas com licenças ativas no fim do período; usuários ativos = usuários distintos (em cada arquivo, o ID do usuário, senão e-mail, senão ID do visitante, senão o ID do cliente) com atividade nos 30 dias até o fim do período"
        }
        "mean distinct active users per day" => "média de usuários ativos distintos por dia",
        "distinct active users in the 30 days ending at the period's end" => {
            "usuários ativos distintos nos 30 dias que terminam no fim do período"
        }
        "mean DAU / MAU over the 30 days ending at the period's end" => {
            "média de DAU / MAU nos 30 dias que terminam no fim do período"
        }
        "median session length, in hours (mean, and both in minutes, beside it)" => {
            "mediana da duração da sessão, em horas (média, e ambas em minutos, ao lado)"
        }
        "sessions per active user per week" => "sessões por usuário ativo por semana",
        "per core action: active users who performed it / active users; value: share who performed at least one. Core actions: the configured event names, else (default) every event name except the activation, first-value and onboarding events and the account events (sign-up: signup, cadastro, registro, register; login, logout, entrar, sair)" => {
            "por ação principal: usuários ativos que a fizeram / usuários ativos; valor: parcela que fez ao menos uma. Ações principais: os nomes de evento configurados, senão (padrão) todo nome de evento exceto os de ativação, primeiro valor e onboarding e os eventos de conta (cadastro: signup, cadastro, registro, register; login, logout, entrar, sair)"
        }
        "customers whose first completed order is in the period and who were acquired through a referral (their lead's or first order's source/channel is referral/indicação, or a referrer is named); leads who never bought are not customers; referred customers per promoter beside it" => {
            "clientes cujo primeiro pedido concluído está no período e que vieram por indicação (a origem/canal do seu lead ou do primeiro pedido é indicação/referral, ou há quem indicou); leads que nunca compraram não são clientes; clientes indicados por promotor ao lado"
        }
        "most frequent words and two-word phrases in survey comments, per promoters/passives/detractors or satisfied/unsatisfied (value: comments analysed)" => {
            "palavras e pares de palavras mais frequentes nos comentários das pesquisas, por promotores/neutros/detratores ou satisfeitos/insatisfeitos (valor: comentários analisados)"
        }
        "count of completed orders" => "contagem de pedidos concluídos",
        "sum of completed order amounts (main currency; others reported apart)" => {
            "soma dos valores dos pedidos concluídos (moeda principal; as outras à parte)"
        }
        "revenue / completed orders with an amount (main currency)" => {
            "receita / pedidos concluídos com valor (moeda principal)"
        }
        "abandoned carts / (completed + abandoned carts), by cart date" => {
            "carrinhos abandonados / (carrinhos concluídos + abandonados), pela data do carrinho"
        }
        "customers with >= 2 completed orders in the range / customers with >= 1" => {
            "clientes com >= 2 pedidos concluídos no intervalo / clientes com >= 1"
        }
        "revenue of completed orders typed upsell; without order types, expansion MRR" => {
            "receita dos pedidos concluídos do tipo upsell; sem tipos de pedido, o MRR de expansão"
        }
        "revenue of completed orders typed cross-sell" => {
            "receita dos pedidos concluídos do tipo venda cruzada (cross-sell)"
        }
        "customers whose first completed order (over all the data) falls in the period" => {
            "clientes cujo primeiro pedido concluído (em todos os dados) cai no período"
        }
        "marketing spend / new customers (per channel when spend and orders both have one)" => {
            "investimento em marketing / novos clientes (por canal quando investimento e pedidos têm canal)"
        }
        "(revenue - marketing spend) / marketing spend (per channel when both have one)" => {
            "(receita - investimento em marketing) / investimento em marketing (por canal quando ambos têm canal)"
        }
        "sum of active subscriptions' monthly amounts at the end of the range: the MRR cell, else amount (or unit price × seats) / (interval × interval count) in months (yearly / 12, weekly * 52 / 12); trialing subscriptions are not paying yet, and one with a trial end pays from it" => {
            "soma dos valores mensais das assinaturas ativas no fim do intervalo: a célula de MRR, senão valor (ou preço unitário × assentos) / (intervalo × número de intervalos) em meses (anual / 12, semanal * 52 / 12); assinaturas em teste ainda não pagam, e uma com fim de teste paga a partir dele"
        }
        "12 * MRR at the end of the range" => "12 * MRR no fim do intervalo",
        "MRR / paying customers at the end of the range (a customer's subscriptions merged)" => {
            "MRR / clientes pagantes no fim do intervalo (as assinaturas de um cliente somadas)"
        }
        "MRR at the end of a period of customers paying for the first time in it. Over a range of two or more periods: the sum of its periods' movements" => {
            "MRR no fim de um período dos clientes que pagam pela primeira vez nele. Num intervalo de dois ou mais períodos: a soma dos movimentos de seus períodos"
        }
        "sum of MRR increases of customers paying at both a period's start and end. Over a range of two or more periods: the sum of its periods' movements" => {
            "soma dos aumentos de MRR dos clientes pagantes no início e no fim de um período. Num intervalo de dois ou mais períodos: a soma dos movimentos de seus períodos"
        }
        "sum of MRR decreases of customers paying at both a period's start and end. Over a range of two or more periods: the sum of its periods' movements" => {
            "soma das reduções de MRR dos clientes pagantes no início e no fim de um período. Num intervalo de dois ou mais períodos: a soma dos movimentos de seus períodos"
        }
        "start MRR of customers paying at a period's start and not at its end. Over a range of two or more periods: the sum of its periods' movements" => {
            "MRR inicial dos clientes que pagavam no início de um período e não pagam no fim dele. Num intervalo de dois ou mais períodos: a soma dos movimentos de seus períodos"
        }
        "end MRR of customers who paid before a period, not at its start, and pay at its end. Over a range of two or more periods: the sum of its periods' movements" => {
            "MRR final dos clientes que pagaram antes de um período, não no início dele, e pagam no fim. Num intervalo de dois ou mais períodos: a soma dos movimentos de seus períodos"
        }
        "tickets created in the period (also per channel and per reason)" => {
            "chamados criados no período (também por canal e por motivo)"
        }
        "tickets with a known customer / distinct customers who opened tickets" => {
            "chamados de cliente conhecido / clientes distintos que abriram chamados"
        }
        "median of (first response - creation), in hours (business hours when a calendar is set); mean beside it" => {
            "mediana de (primeira resposta - criação), em horas (horário comercial quando há calendário); média ao lado"
        }
        "median of (resolution - creation), in hours (business hours when a calendar is set); mean beside it" => {
            "mediana de (resolução - criação), em horas (horário comercial quando há calendário); média ao lado"
        }
        "mean agent handling time per ticket, in hours; median beside it" => {
            "tempo médio de atendimento do agente por chamado, em horas; mediana ao lado"
        }
        "conversations the bot handled without a transfer to a human / conversations the bot took part in" => {
            "conversas que o robô resolveu sem transferir para um humano / conversas de que o robô participou"
        }
        "tickets whose first response (and resolution, when a target exists) met the SLA target / tickets with a target; target from the SLA-breached flag, else the due date, else the settings" => {
            "chamados cuja primeira resposta (e resolução, quando há meta) cumpriu a meta do SLA / chamados com meta; meta pela indicação de SLA violado, senão pelo prazo, senão pelas configurações"
        }
        "contact reasons ranked by ticket count (value: number of distinct reasons)" => {
            "motivos de contato ordenados por número de chamados (valor: número de motivos distintos)"
        }
        "help articles ranked by views, most viewed first (value: total views)" => {
            "artigos de ajuda ordenados por visualizações, mais vistos primeiro (valor: total de visualizações)"
        }
        "help articles ranked by views, least viewed first, including articles with no view in the period (value: total views)" => {
            "artigos de ajuda ordenados por visualizações, menos vistos primeiro, incluindo artigos sem visualização no período (valor: total de visualizações)"
        }
        "helpful votes / votes over all articles (per article in the table, with the mean rating when given)" => {
            "votos úteis / votos em todos os artigos (por artigo na tabela, com a nota média quando houver)"
        }
        "per agent: tickets, median first response (h), mean handle time (h), CSAT when surveys link to the agent or ticket (value: number of agents)" => {
            "por agente: chamados, mediana da primeira resposta (h), tempo médio de atendimento (h), CSAT quando as pesquisas apontam o agente ou o chamado (valor: número de agentes)"
        }
        "per agent from shift logs: logged hours, pause hours, contacts, contacts per logged hour, share of successful contacts (value: contacts per logged hour over all agents)" => {
            "por agente, dos registros de turno: horas logadas, horas de pausa, contatos, contatos por hora logada, parcela de contatos bem-sucedidos (valor: contatos por hora logada de todos os agentes)"
        }
        _ => english,
    };
    pt.to_string()
}

/// A shown row's rule in `lang`: from its parts where the engine gives them (the scores'
/// rules), else from the English rule ([`rule_text`]).
pub fn row_rule(lang: Lang, row: &crate::protocol::ExplainedRow) -> String {
    row.why
        .as_ref()
        .and_then(|w| parts_rule(lang, w))
        .unwrap_or_else(|| rule_text(lang, &row.rule))
}

/// A rule from its parts (`score.*` keys of `journey::scores`), `None` for a key it does not
/// know. Numbers in the parts are written with a dot; they are shown in `lang`'s way.
pub fn parts_rule(lang: Lang, w: &jornada_engine::why::Why) -> Option<String> {
    let a = |i: usize| w.args.get(i).map_or("", String::as_str);
    let num = |s: &str, digits: usize| {
        s.parse::<f64>().map_or_else(
            |_| s.to_string(),
            |x| crate::format::number(x, digits, lang),
        )
    };
    let pick = |pt: String, en: String| if lang == Lang::Pt { pt } else { en };
    Some(match w.key.as_str() {
        "score.engagement.event" => {
            let whole = a(2).parse::<f64>().is_ok_and(|x| x.fract() == 0.0);
            let weight = num(a(2), if whole { 0 } else { 2 });
            pick(
                format!("entra: {} do cliente {} (peso {weight})", a(0), a(1)),
                format!("included: {} for customer {} (weight {weight})", a(0), a(1)),
            )
        }
        "score.no_customer" => pick(
            "não entra: sem cliente".into(),
            "excluded: no customer".into(),
        ),
        "score.no_event_name" => pick(
            "não entra: sem nome de evento".into(),
            "excluded: no event name".into(),
        ),
        "score.health.customer" => {
            let band = |b: &str| match (b, lang) {
                ("red", Lang::Pt) => "vermelho".to_string(),
                ("yellow", Lang::Pt) => "amarelo".to_string(),
                ("green", Lang::Pt) => "verde".to_string(),
                (other, _) => other.to_string(),
            };
            let component = |c: &str| {
                let (name, points) = c.split_once('=').unwrap_or((c, ""));
                let name = match (name, lang) {
                    ("usage", Lang::Pt) => "uso",
                    ("satisfaction", Lang::Pt) => "satisfação",
                    ("support", Lang::Pt) => "suporte",
                    ("recency", Lang::Pt) => "recência",
                    ("payment", Lang::Pt) => "pagamento",
                    (n, _) => n,
                };
                format!("{name} {}", num(points, 1))
            };
            let parts: Vec<String> = w.args.iter().skip(3).map(|c| component(c)).collect();
            let score = num(a(1), 1);
            let points = if parts.is_empty() {
                String::new()
            } else {
                format!("; {}", parts.join(", "))
            };
            pick(
                format!(
                    "entra: cliente {} com nota {score} ({}), última linha antes do fim do intervalo{points}",
                    a(0),
                    band(a(2))
                ),
                format!(
                    "included: customer {} scores {score} ({}), last row before the range's end{points}",
                    a(0),
                    band(a(2))
                ),
            )
        }
        _ => return None,
    })
}

/// A row's rule (the engine's English `ProvenanceRow::rule`, `included: ...`/`excluded: ...`)
/// in `lang`: the verdict, then the reason; values the engine puts in a reason (a status
/// word, a currency, a channel) stay as written.
pub fn rule_text(lang: Lang, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let (verdict, reason) = match english.split_once(": ") {
        Some(("included", r)) => ("entra", r),
        Some(("excluded", r)) => ("não entra", r),
        _ => return reason_pt(english),
    };
    format!("{verdict}: {}", reason_pt(reason))
}

fn reason_pt(reason: &str) -> String {
    if let Some(pt) = fixed_reason(reason) {
        return pt.to_string();
    }
    // Reasons with a value inside: (English before, English after, pt before, pt after).
    const TEMPLATES: [(&str, &str, &str, &str); 16] = [
        (
            "currency ",
            " (reported apart, never summed)",
            "moeda ",
            " (à parte, nunca somada)",
        ),
        (
            "the customer's MRR movement is ",
            " of the range's periods",
            "o movimento de MRR do cliente é ",
            " dos períodos do intervalo",
        ),
        (
            "the customer's MRR movement is ",
            "",
            "o movimento de MRR do cliente é ",
            "",
        ),
        (
            "the customer's MRR shows no ",
            " in the range",
            "o MRR do cliente não mostra ",
            " no intervalo",
        ),
        (
            "the customer's MRR shows ",
            "",
            "o MRR do cliente mostra ",
            "",
        ),
        ("non-organic session (", ")", "sessão não orgânica (", ")"),
        ("organic session (", ")", "sessão orgânica (", ")"),
        ("new ", " in the period", "novo ", " no período"),
        (
            "same ",
            " as an earlier row",
            "mesmo ",
            " de uma linha anterior",
        ),
        ("converted lead (", ")", "lead convertido (", ")"),
        (
            "completed order (status ",
            ")",
            "pedido concluído (status ",
            ")",
        ),
        (
            "status ",
            " is neither completed nor abandoned",
            "status ",
            " não é concluído nem abandonado",
        ),
        (
            "spend in ",
            " (reported apart)",
            "investimento em ",
            " (à parte)",
        ),
        ("order type ", "", "tipo de pedido ", ""),
        (
            "completed order of a customer with ",
            ")",
            "pedido concluído de um cliente com ",
            ")",
        ),
        ("status ", ")", "status ", ")"),
    ];
    for (before, after, pt_before, pt_after) in TEMPLATES {
        if let Some(inner) = reason
            .strip_prefix(before)
            .and_then(|r| r.strip_suffix(after))
        {
            return format!("{pt_before}{}{pt_after}", inner_pt(inner));
        }
    }
    reason.to_string()
}

/// The value inside a templated reason: a known engine word in Portuguese, `3 in the range
/// (repeat buyer)` and `cancelled (Cancelado)` by parts, anything else as written.
fn inner_pt(inner: &str) -> String {
    if let Some(w) = word_pt(inner) {
        return w.to_string();
    }
    if let Some((n, kind)) = inner.split_once(" in the range (") {
        return format!("{n} no intervalo ({}", word_pt(kind).unwrap_or(kind));
    }
    // `expansion in 2` (of the range's periods).
    if let Some((w, n)) = inner.split_once(" in ")
        && n.parse::<u32>().is_ok()
    {
        return format!("{} em {n}", word_pt(w).unwrap_or(w));
    }
    if let Some((class, word)) = inner.split_once(" (") {
        return format!("{} ({word}", word_pt(class).unwrap_or(class));
    }
    inner.to_string()
}

fn word_pt(w: &str) -> Option<&'static str> {
    Some(match w {
        "new" => "novo",
        "expansion" => "expansão",
        "contraction" => "contração",
        "churn" => "cancelamento",
        "reactivation" => "reativação",
        "no change" => "sem mudança",
        "not paying at the start nor at the end" => "sem pagar no início nem no fim",
        "lead" => "lead",
        "customer" => "cliente",
        "visitor" => "visitante",
        "repeat buyer" => "cliente recorrente",
        "one-time buyer" => "comprou uma vez",
        "converted flag" => "indicação de convertido",
        "conversion date" => "data de conversão",
        "first completed order after the lead was created" => {
            "primeiro pedido concluído depois da criação do lead"
        }
        "completed" => "concluído",
        "abandoned" => "abandonado",
        "cancelled" => "cancelado",
        "refunded" => "reembolsado",
        "pending" => "pendente",
        "other" => "outro",
        _ => return None,
    })
}

fn fixed_reason(reason: &str) -> Option<&'static str> {
    Some(match reason {
        "no customer id or e-mail" => "sem ID do cliente nem e-mail",
        "no customer, e-mail or visitor id" => "sem cliente, e-mail nem ID do visitante",
        "promoter (9-10)" => "promotor (9-10)",
        "detractor (0-6)" => "detrator (0-6)",
        "passive (7-8)" => "neutro (7-8)",
        "core action by an active user" => "ação principal de um usuário ativo",
        "activity (sign-up/login event: never a default core action)" => {
            "atividade (evento de cadastro/login: nunca é ação principal padrão)"
        }
        "activity (not a core action)" => "atividade (não é ação principal)",
        "status abandoned" => "status abandonado",
        "no first response yet" => "ainda sem primeira resposta",
        "no article named" => "nenhum artigo indicado",
        "no amount" => "sem valor",
        "NPS answers must be on a 0-10 scale" => "respostas de NPS precisam estar na escala 0-10",
        "within the SLA target" => "dentro da meta do SLA",
        "views column" => "coluna de visualizações",
        "unresolved and the SLA target has passed" => "não resolvido e a meta do SLA já passou",
        "transferred to a human" => "transferido para um humano",
        "ticket with a reason" => "chamado com motivo",
        "ticket of a known customer" => "chamado de cliente conhecido",
        "ticket created in the period" => "chamado criado no período",
        "ticket assigned to an agent" => "chamado atribuído a um agente",
        "the customer's first completed order" => "o primeiro pedido concluído do cliente",
        "subscription" => "assinatura",
        "status completed" => "status concluído",
        "session with no medium/source (not organic)" => "sessão sem meio/origem (não orgânica)",
        "session of a known user" => "sessão de usuário conhecido",
        "session not converted" => "sessão não convertida",
        "session length" => "duração da sessão",
        "session converted to a lead" => "sessão convertida em lead",
        "seats of an active subscription" => "licenças de uma assinatura ativa",
        "satisfied" => "satisfeito",
        "resolution slower than the SLA target" => "resolução mais lenta que a meta do SLA",
        "rating" => "nota",
        "rating only (no vote)" => "só nota (sem voto)",
        "one view per row" => "uma visualização por linha",
        "not-helpful vote" => "voto \"não ajudou\"",
        "not transferred" => "não transferido",
        "not satisfied" => "não satisfeito",
        "no first response and the due date has passed" => {
            "sem primeira resposta e o prazo já passou"
        }
        "no first response and the SLA target has passed" => {
            "sem primeira resposta e a meta do SLA já passou"
        }
        "new customer, not activated" => "cliente novo, não ativado",
        "new customer, activated" => "cliente novo, ativado",
        "new customer" => "cliente novo",
        "marketing spend" => "investimento em marketing",
        "lead not (yet) converted" => "lead (ainda) não convertido",
        "interactions in the period" => "interações no período",
        "hours between the two dates" => "horas entre as duas datas",
        "helpful vote" => "voto \"ajudou\"",
        "handle time given" => "tempo de atendimento informado",
        "first response slower than the SLA target" => {
            "primeira resposta mais lenta que a meta do SLA"
        }
        "first response by the due date" => "primeira resposta dentro do prazo",
        "first response after the due date" => "primeira resposta depois do prazo",
        "duration column, counted in business hours" => {
            "coluna de duração, contada em horário comercial"
        }
        "duration column" => "coluna de duração",
        "does not agree it was easy" => "não concorda que foi fácil",
        "days from signup to the event" => "dias do cadastro ao evento",
        "customer's MRR unchanged" => "MRR do cliente sem mudança",
        "customer reactivated" => "cliente reativado",
        "customer expanded" => "cliente expandiu",
        "customer contracted" => "cliente reduziu",
        "customer churned" => "cliente cancelou",
        "converted with a human (transferred or human-handled)" => {
            "convertido com um humano (transferido ou atendido por humano)"
        }
        "converted by the bot, no human" => "convertido pelo robô, sem humano",
        "contained by the bot" => "resolvido pelo robô",
        "completed order" => "pedido concluído",
        "completed order (pooled basis: each period compared with its previous one; explain a period for its churn)" => {
            "pedido concluído (base somada: cada período comparado com o anterior; abra um período para ver o churn dele)"
        }
        "completed order (no status column)" => "pedido concluído (sem coluna de status)",
        "completed cart (denominator)" => "carrinho concluído (denominador)",
        "comment of an unsatisfied respondent" => "comentário de quem está insatisfeito",
        "comment of a satisfied respondent" => "comentário de quem está satisfeito",
        "comment of a promoter" => "comentário de um promotor",
        "comment of a passive" => "comentário de um neutro",
        "comment of a detractor" => "comentário de um detrator",
        "chat not converted" => "chat não convertido",
        "business hours between the two dates" => "horas comerciais entre as duas datas",
        "bought in the previous period, not in this one (churned)" => {
            "comprou no período anterior, não neste (churn)"
        }
        "bought in the previous period and again in this one" => {
            "comprou no período anterior e de novo neste"
        }
        "bot transferred to a human" => "robô transferiu para um humano",
        "answer" => "resposta",
        "agrees it was easy" => "concorda que foi fácil",
        "agent shift" => "turno do agente",
        "activity of an account's user" => "atividade de um usuário da conta",
        "activity of a known user" => "atividade de usuário conhecido",
        "active at the end of the range" => "ativo no fim do intervalo",
        "active at a period's start or end (pooled basis: each period's movements summed; explain a period for its movement)" => {
            "ativo no início ou no fim de um período (base somada: movimentos de cada período somados; abra um período para ver o movimento dele)"
        }
        "acquired through a referral" => "adquirido por indicação",
        "abandoned cart (numerator and denominator)" => {
            "carrinho abandonado (numerador e denominador)"
        }
        "SLA missed (breached flag yes)" => "SLA descumprido (indicação de violação: sim)",
        "SLA met (breached flag no)" => "SLA cumprido (indicação de violação: não)",
        "views empty or negative" => "visualizações vazias ou negativas",
        "unknown billing interval" => "periodicidade de cobrança desconhecida",
        "transfer flag empty" => "indicação de transferência vazia",
        "the customer had bought before" => "o cliente já tinha comprado antes",
        "the bot did not take part" => "o robô não participou",
        "subscription not active at the period's end" => "assinatura não ativa no fim do período",
        "still open within the SLA target" => "ainda aberto dentro da meta do SLA",
        "status refunded" => "status reembolsado",
        "status pending" => "status pendente",
        "status pending (not paying yet)" => "status pendente (ainda não paga)",
        "status not a completed sale" => "status não é venda concluída",
        "status empty" => "status vazio",
        "status cancelled" => "status cancelado",
        "service date before creation" => "data de atendimento antes da criação",
        "score outside the question's scale" => "nota fora da escala da pergunta",
        "resolved before creation" => "resolvido antes da criação",
        "referred order not completed" => "pedido indicado não concluído",
        "rating outside 1-5" => "nota fora de 1-5",
        "not resolved yet" => "ainda não resolvido",
        "not active at the period's start or end" => "não ativo no início nem no fim do período",
        "not active at the end of the range" => "não ativo no fim do intervalo",
        "no vote and no rating" => "sem voto e sem nota",
        "no start date" => "sem data de início",
        "no spend amount" => "sem valor investido",
        "no session length" => "sem duração da sessão",
        "no seat count" => "sem número de licenças",
        "no score" => "sem nota",
        "no reason given" => "sem motivo informado",
        "no rating" => "sem nota",
        "no order type column" => "sem coluna de tipo de pedido",
        "no logged time on this shift" => "sem tempo logado neste turno",
        "no handle time" => "sem tempo de atendimento",
        "no first response yet, due date not reached" => {
            "ainda sem primeira resposta, prazo não vencido"
        }
        "no creation date to measure from" => "sem data de criação para medir",
        "no comment" => "sem comentário",
        "no agent named" => "nenhum agente indicado",
        "no agent assigned" => "nenhum agente atribuído",
        "no account or user id" => "sem ID da conta nem do usuário",
        "no account id" => "sem ID da conta",
        "no MRR or amount" => "sem MRR nem valor",
        "negative session length" => "duração de sessão negativa",
        "negative logged time" => "tempo logado negativo",
        "negative handle time" => "tempo de atendimento negativo",
        "negative duration" => "duração negativa",
        "monthly amount is not positive" => "valor mensal não é positivo",
        "has not reached the event" => "não chegou ao evento",
        "first response before creation" => "primeira resposta antes da criação",
        "ends when or before it starts" => "termina no início ou antes dele",
        "cancelled with no end date" => "cancelada sem data de fim",
        "another currency (reported apart, never summed)" => "outra moeda (à parte, nunca somada)",
        "active at no period's start or end (pooled basis)" => {
            "ativo no início ou no fim de nenhum período (base somada)"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_formula_reads_in_portuguese() {
        let missing: Vec<&str> = jornada_engine::metrics::catalogue()
            .iter()
            .map(|d| d.formula)
            .filter(|f| formula_text(Lang::Pt, f) == *f)
            .collect();
        assert!(
            missing.is_empty(),
            "formulas with no pt-BR text: {missing:#?}"
        );
        assert_eq!(
            formula_text(Lang::En, "count of completed orders"),
            "count of completed orders"
        );
    }

    #[test]
    fn score_rules_read_from_their_parts_in_both_languages() {
        use jornada_engine::why::Why;
        let health = Why::new(
            "score.health.customer",
            [
                "c2",
                "49.0",
                "red",
                "usage=0.0",
                "support=50.0",
                "recency=96.1",
            ],
        );
        assert_eq!(
            parts_rule(Lang::Pt, &health).as_deref(),
            Some(
                "entra: cliente c2 com nota 49,0 (vermelho), última linha antes do fim do intervalo; uso 0,0, suporte 50,0, recência 96,1"
            )
        );
        assert_eq!(
            parts_rule(Lang::En, &health).as_deref(),
            Some(
                "included: customer c2 scores 49.0 (red), last row before the range's end; usage 0.0, support 50.0, recency 96.1"
            )
        );
        let event = Why::new("score.engagement.event", ["buy", "c1", "1.5"]);
        assert_eq!(
            parts_rule(Lang::Pt, &event).as_deref(),
            Some("entra: buy do cliente c1 (peso 1,50)")
        );
        assert_eq!(
            parts_rule(
                Lang::En,
                &Why::new("score.no_customer", Vec::<String>::new())
            )
            .as_deref(),
            Some("excluded: no customer")
        );
        assert_eq!(parts_rule(Lang::Pt, &Why::new("other", ["x"])), None);
    }

    #[test]
    fn rules_read_in_portuguese_with_their_values_as_written() {
        let pt = |r| rule_text(Lang::Pt, r);
        assert_eq!(pt("included: status completed"), "entra: status concluído");
        assert_eq!(pt("excluded: no amount"), "não entra: sem valor");
        assert_eq!(
            pt("excluded: currency USD (reported apart, never summed)"),
            "não entra: moeda USD (à parte, nunca somada)"
        );
        assert_eq!(
            pt("included: completed order (status Pago)"),
            "entra: pedido concluído (status Pago)"
        );
        assert_eq!(
            pt("excluded: status cancelled (Cancelado)"),
            "não entra: status cancelado (Cancelado)"
        );
        assert_eq!(
            pt("included: the customer's MRR movement is expansion"),
            "entra: o movimento de MRR do cliente é expansão"
        );
        assert_eq!(
            pt("included: the customer's MRR movement is churn in 2 of the range's periods"),
            "entra: o movimento de MRR do cliente é cancelamento em 2 dos períodos do intervalo"
        );
        assert_eq!(
            pt("excluded: the customer's MRR shows no expansion in the range"),
            "não entra: o MRR do cliente não mostra expansão no intervalo"
        );
        assert_eq!(
            pt("included: same customer as an earlier row"),
            "entra: mesmo cliente de uma linha anterior"
        );
        assert_eq!(
            pt("included: completed order of a customer with 2 in the range (repeat buyer)"),
            "entra: pedido concluído de um cliente com 2 no intervalo (cliente recorrente)"
        );
        assert_eq!(
            pt("included: converted lead (converted flag)"),
            "entra: lead convertido (indicação de convertido)"
        );
        assert_eq!(
            pt("excluded: same visitor as an earlier row"),
            "não entra: mesmo visitante de uma linha anterior"
        );
        assert_eq!(
            rule_text(Lang::En, "included: status completed"),
            "included: status completed"
        );
    }
}
