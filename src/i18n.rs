//! pt-BR and English: a small hand-written message table (no i18n crate: two languages, a few
//! hundred strings, and compile-time `match`es keep the wasm small).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Pt,
    En,
}

impl Lang {
    /// The Portuguese or the English of a text, by this language.
    pub fn pick<T>(self, pt: T, en: T) -> T {
        match self {
            Lang::Pt => pt,
            Lang::En => en,
        }
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Pt => "pt-BR",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.to_ascii_lowercase();
        if tag.starts_with("pt") {
            Some(Lang::Pt)
        } else if tag.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first of the browser's languages we speak; Portuguese if none.
    pub fn from_browser_languages<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        tags.into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or(Lang::Pt)
    }
}

/// The UI string `key` in `lang`. Unknown keys come back as themselves (and a test lists the
/// keys the views use, so none is missing).
/// The journey steps' names (`journey.step.<step>`, pt and en), kept apart from [`t`] so that
/// the engine worker's profiles CSV (`export::profiles_csv`) names them without linking every
/// text of the UI (about 60 KB of its wasm).
pub const JOURNEY_STEPS: [(&str, (&str, &str)); 4] = [
    (
        "attraction",
        ("Atração (lead ou visita)", "Attraction (lead or visit)"),
    ),
    ("sales", ("Primeira compra", "First order")),
    ("repeat", ("Recompra", "Repeat purchase")),
    (
        "loyalty",
        (
            "Fidelização (promotor ou indicação)",
            "Loyalty (promoter or referral)",
        ),
    ),
];

/// A journey step's name (`attraction`, `sales`, `repeat`, `loyalty`) in `lang`.
pub fn journey_step(lang: Lang, step: &str) -> Option<&'static str> {
    let (_, (pt, en)) = JOURNEY_STEPS.iter().find(|(s, _)| *s == step)?;
    Some(lang.pick(*pt, *en))
}

pub fn t(lang: Lang, key: &'static str) -> &'static str {
    let (pt, en) = match key {
        "app.tagline" => (
            "Análise da jornada do cliente que não sai do seu navegador",
            "Customer-journey analytics that never leaves your browser",
        ),
        "nav.label" => ("Navegação principal", "Main navigation"),
        "nav.home" => ("Início", "Home"),
        "nav.mapping" => ("Mapeamento", "Mapping"),
        "nav.journey" => ("Jornada", "Journey"),
        "nav.attraction" => ("Atração", "Attraction"),
        "nav.sales" => ("Vendas", "Sales"),
        "nav.service" => ("Atendimento", "Service"),
        "nav.loyalty" => ("Lealdade", "Loyalty"),
        "nav.settings" => ("Configurações", "Settings"),
        "nav.survey" => ("Pesquisas", "Surveys"),
        "lang.label" => ("Idioma", "Language"),
        "skip" => ("Pular para o conteúdo", "Skip to content"),
        "start.title" => (
            "Analise seus dados de clientes",
            "Analyse your customer data",
        ),
        "start.lead" => (
            "Solte aqui exportações CSV de pedidos, assinaturas, tickets, pesquisas, leads, sessões ou gastos de marketing. Jornada reconhece cada arquivo e calcula as métricas de cada etapa da jornada.",
            "Drop CSV exports of orders, subscriptions, tickets, surveys, leads, sessions or marketing spend here. Jornada recognises each file and computes the metrics of every journey stage.",
        ),
        "start.drop" => (
            "Arraste e solte um ou mais arquivos aqui",
            "Drag and drop one or more files here",
        ),
        "start.pick" => ("Escolher arquivos", "Choose files"),
        "start.or" => ("ou", "or"),
        "start.paste.label" => (
            "Colar dados CSV (com a linha de cabeçalho)",
            "Paste CSV data (with its header line)",
        ),
        "start.paste.button" => ("Analisar texto colado", "Analyse pasted text"),
        "start.paste.empty" => (
            "Cole algum texto CSV antes de analisar.",
            "Paste some CSV text before analysing.",
        ),
        "start.sample" => ("Experimentar com dados de exemplo", "Try sample data"),
        "start.sample.orders" => ("pedidos", "orders"),
        "start.sample.size" => ("Tamanho do exemplo", "Sample size"),
        "start.sample.note" => (
            "Uma empresa fictícia é gerada aqui mesmo no navegador, sem download.",
            "A fictional company is generated right here in the browser, with no download.",
        ),
        "privacy.title" => ("Privacidade", "Privacy"),
        "privacy.statement" => (
            "Seus dados não saem do navegador.",
            "Your data never leaves your browser.",
        ),
        "privacy.how" => (
            "Os arquivos são lidos e analisados neste dispositivo, por código WebAssembly. A página não envia nada: a política de segurança (CSP) só permite conexões com este mesmo site, que só serve os arquivos do aplicativo. Para verificar, abra as ferramentas do desenvolvedor (F12), aba Rede, e analise um arquivo: nenhuma requisição aparece. Você também pode desligar a internet depois de abrir a página; tudo continua funcionando.",
            "Files are read and analysed on this device by WebAssembly code. The page sends nothing: its security policy (CSP) only allows connections to this same site, which only serves the app's files. To check, open the developer tools (F12), Network tab, and analyse a file: no request appears. You can also switch off the internet after opening the page; everything keeps working.",
        ),
        "privacy.remember" => (
            "Guardar os dados carregados neste dispositivo (IndexedDB) para a próxima visita",
            "Keep the loaded data on this device (IndexedDB) for the next visit",
        ),
        "privacy.forget" => ("Esquecer dados guardados", "Forget stored data"),
        "privacy.forgotten" => (
            "Os dados guardados foram apagados deste dispositivo.",
            "The stored data was deleted from this device.",
        ),
        "privacy.restore" => ("Abrir os dados guardados", "Open the stored data"),
        "progress.title" => ("Processando", "Processing"),
        "progress.finished" => ("Concluído", "Done"),
        "progress.none_read" => ("Nenhum arquivo lido", "No file read"),
        "progress.unchanged" => (
            "Nada foi alterado: os dados carregados continuam como estavam.",
            "Nothing was changed: the loaded data are as they were.",
        ),
        "load.mode" => (
            "Com dados já carregados, os novos arquivos:",
            "With data already loaded, new files:",
        ),
        "load.add" => (
            "somam-se aos dados carregados",
            "are added to the loaded data",
        ),
        "load.replace" => (
            "substituem os dados carregados (pergunta antes)",
            "replace the loaded data (asks first)",
        ),
        "load.confirm.title" => (
            "Substituir os dados carregados?",
            "Replace the loaded data?",
        ),
        "load.confirm.yes" => ("Substituir", "Replace"),
        "load.confirm.no" => ("Manter os dados carregados", "Keep the loaded data"),
        "load.stored" => (
            "Há dados de uma visita anterior guardados neste dispositivo.",
            "Data from an earlier visit is stored on this device.",
        ),
        "progress.rows" => ("linhas", "rows"),
        "progress.rows_per_s" => ("linhas/s", "rows/s"),
        "progress.rejected" => ("rejeitadas", "rejected"),
        "progress.cancel" => ("Cancelar", "Cancel"),
        "progress.cancelled" => ("Leitura cancelada.", "Reading cancelled."),
        "progress.done" => ("concluído", "done"),
        "progress.of" => ("de", "of"),
        "progress.file" => ("Progresso de", "Progress of"),
        "progress.analysing" => ("Calculando as métricas…", "Computing the metrics…"),
        "mapping.title" => ("Revisão do mapeamento", "Mapping review"),
        "mapping.lead" => (
            "Como cada arquivo foi entendido. Corrija o tipo do arquivo ou o papel de uma coluna; as métricas são recalculadas e sua escolha fica guardada para arquivos com o mesmo cabeçalho.",
            "How each file was understood. Correct a file's kind or a column's role; the metrics are recomputed and your choice is remembered for files with the same header.",
        ),
        "mapping.rules" => (
            "Regras aplicadas a todos os arquivos",
            "Rules applied to every file",
        ),
        "mapping.rule_duplicates" => (
            "IDs que deveriam ser únicos (pedido, chamado, assinatura) repetidos em várias linhas viram um só, nunca contados duas vezes; os avisos de cada arquivo dizem quantas linhas repetiram um ID e como foram unidas.",
            "Ids that should be unique (order, ticket, subscription) repeated on several rows are one, never counted twice; each file's warnings say how many rows repeated an id and how they were merged.",
        ),
        "mapping.rule_range" => (
            "O intervalo padrão cobre só as datas dos arquivos que as métricas leem: um arquivo de tipo desconhecido, ou que nenhuma métrica lê, nunca o amplia.",
            "The default range covers only the dates of the files metrics read: a file of unknown kind, or one no metric reads, never widens it.",
        ),
        "mapping.rule_partial" => (
            "O último período é parcial: os dados terminam antes dele. Seus valores cobrem só parte do período; os gráficos desenham o ponto vazado, marcado “parcial”:",
            "The last period is partial: the data ends before it does. Its values cover only part of the period; charts draw its point hollow, marked “partial”:",
        ),
        "mapping.kind" => ("Tipo do arquivo", "File kind"),
        "mapping.column" => ("Coluna", "Column"),
        "mapping.role" => ("Papel", "Role"),
        "mapping.type" => ("Tipo de valor", "Value type"),
        "mapping.confidence" => ("Confiança", "Confidence"),
        "mapping.reason" => ("Motivo", "Reason"),
        "mapping.none" => ("(nenhum)", "(none)"),
        "mapping.rows" => ("linhas lidas", "rows read"),
        "mapping.rejects" => ("Linhas rejeitadas", "Rejected rows"),
        "mapping.no_rejects" => ("Nenhuma linha rejeitada.", "No row rejected."),
        "mapping.line" => ("Linha", "Line"),
        "mapping.warnings" => ("Avisos", "Warnings"),
        "mapping.vendor" => ("Formato reconhecido", "Recognised format"),
        "mapping.currency" => ("Moeda", "Currency"),
        "mapping.saved" => (
            "Mapeamento guardado para este cabeçalho.",
            "Mapping saved for this header.",
        ),
        "mapping.reset" => ("Voltar ao automático", "Back to automatic"),
        "mapping.more_rejects" => ("mais linhas rejeitadas", "more rejected rows"),
        "mapping.columns" => ("Colunas", "Columns"),
        "mapping.more_columns" => ("Mostrar mais colunas", "Show more columns"),
        "mapping.columns_left" => ("restantes", "left"),
        "empty.title" => ("Nenhum dado carregado", "No data loaded"),
        "empty.body" => (
            "Carregue arquivos ou experimente os dados de exemplo na página inicial.",
            "Load files or try the sample data on the start page.",
        ),
        "empty.go" => ("Ir para o início", "Go to start"),
        "filters.title" => ("Filtros", "Filters"),
        "filters.from" => ("De", "From"),
        "filters.to" => ("Até", "To"),
        "filters.granularity" => ("Granularidade", "Granularity"),
        "filters.segment" => ("Segmento", "Segment"),
        "segment.acquisition" => ("Canal de aquisição", "Acquisition channel"),
        "segment.ticket_channel" => ("Canal de atendimento", "Ticket channel"),
        "segment.reads" => ("lê", "reads"),
        "segment.none" => (
            "Nenhum arquivo carregado tem canal de aquisição nem canal de atendimento.",
            "No loaded file has an acquisition channel or a ticket channel.",
        ),
        "segment.applied" => ("Segmento aplicado", "Segment applied"),
        "segment.not_applicable" => (
            "O segmento não se aplica a esta métrica: valor de todos os dados",
            "Segment does not apply to this metric: value of all the data",
        ),
        "segment.partly" => (
            "Segmento aplicado só em parte; lidos inteiros:",
            "Segment applied in part only; read whole:",
        ),
        "why.segment" => ("Segmento", "Segment"),
        "filters.all" => ("Todos", "All"),
        "filters.apply" => ("Aplicar", "Apply"),
        "gran.day" => ("Dia", "Day"),
        "gran.week" => ("Semana", "Week"),
        "gran.month" => ("Mês", "Month"),
        "gran.quarter" => ("Trimestre", "Quarter"),
        "gran.year" => ("Ano", "Year"),
        "card.previous" => ("vs. período anterior", "vs. previous period"),
        "card.significant" => ("mudança significativa (95%)", "significant change (95%)"),
        "card.not_significant" => ("mudança não significativa", "change not significant"),
        "card.interval" => ("IC 95%", "95% CI"),
        "card.why" => ("por quê?", "why?"),
        "card.small" => ("amostra pequena (n < 30)", "small sample (n < 30)"),
        "card.n" => ("n", "n"),
        "card.no_change" => ("sem período anterior", "no previous period"),
        "card.better" => ("melhora", "better"),
        "card.worse" => ("piora", "worse"),
        "unavailable.title" => ("Métricas indisponíveis", "Unavailable metrics"),
        "unavailable.needs" => ("precisa de", "needs"),
        "dashboard.charts" => ("Gráficos", "Charts"),
        "dashboard.metrics" => ("Métricas", "Metrics"),
        "dashboard.tables" => ("Tabelas", "Tables"),
        "dashboard.computing" => (
            "Calculando as demais métricas…",
            "Computing the other metrics…",
        ),
        "dashboard.nothing" => (
            "Nenhuma métrica desta etapa pôde ser calculada com os arquivos carregados.",
            "No metric of this stage could be computed from the loaded files.",
        ),
        "chart.series" => ("Evolução de", "Trend of"),
        // The last period of a series that the range cuts short (METRICS.md "Range").
        "chart.partial" => ("parcial", "partial"),
        "chart.partial_legend" => (
            "último período parcial (ainda em curso ou cortado pelo intervalo)",
            "last period partial (not over yet, or cut by the range)",
        ),
        "chart.no_data" => ("sem dados", "no data"),
        "chart.by" => ("por", "by"),
        "chart.funnel" => ("Funil lead → cliente", "Lead → customer funnel"),
        "chart.nps" => ("Distribuição do NPS", "NPS distribution"),
        "chart.waterfall" => ("Cascata do MRR", "MRR waterfall"),
        "chart.export_svg" => ("Baixar SVG", "Download SVG"),
        "chart.export_png" => ("Baixar PNG", "Download PNG"),
        "chart.selected" => ("Ponto selecionado", "Selected point"),
        "chart.hint" => (
            "Use Tab para percorrer os pontos; Enter abre as linhas por trás do valor.",
            "Use Tab to move through the points; Enter opens the rows behind the value.",
        ),
        "journey.all_sources" => ("Todas as origens", "All sources"),
        "journey.back_suffix" => (" (volta)", " (going back)"),
        "journey.band.green" => ("Verde", "Green"),
        "journey.band.red" => ("Vermelho", "Red"),
        "journey.band.yellow" => ("Amarelo", "Yellow"),
        "journey.clv" => ("CLV previsto", "Predicted CLV"),
        "journey.cohort" => ("Coorte", "Cohort"),
        "journey.cohort_customers" => ("Clientes da coorte", "Customers of cohort"),
        "journey.cohorts" => ("Coortes de retenção", "Retention cohorts"),
        "journey.cohorts_customers" => ("Clientes", "Customers"),
        "journey.cohorts_measure" => ("Retenção medida em", "Retention measured in"),
        "journey.cohorts_note" => (
            "Cada linha é a coorte do mês (ou semana) da primeira compra; +k, k períodos depois. * período parcial (ainda em curso ou cortado pelo intervalo). Clique ou tecle Enter numa célula para ver os clientes.",
            "Each row is the cohort of the month (or week) of the first order; +k, k periods later. * partial period (not over yet, or cut by the range). Click or press Enter on a cell to see its customers.",
        ),
        "journey.cohorts_revenue" => ("Receita", "Revenue"),
        "journey.customer" => ("Cliente", "Customer"),
        "journey.customers" => ("Clientes", "Customers"),
        "journey.days" => ("dias", "days"),
        "journey.events" => ("eventos", "events"),
        "journey.expected_purchases" => ("Compras esperadas", "Expected purchases"),
        "journey.export_profiles" => ("Baixar perfis (CSV)", "Download profiles (CSV)"),
        "journey.flow" => ("Fluxo entre etapas", "Flow between stages"),
        "journey.flow_caption" => (
            "Cada seta é uma passagem de uma etapa a outra na ordem do tempo; a espessura é o número de passagens. Acima, para a frente; abaixo (em vermelho), voltas.",
            "Each arrow is a move from one stage to another in time order; its thickness is the number of moves. Above, forward; below (in red), going back.",
        ),
        "journey.funnel" => ("Funil da jornada por origem", "Journey funnel by source"),
        "journey.gap" => ("Intervalo", "Gap"),
        "journey.gap.first_answer" => (
            "Primeira compra → primeira resposta de pesquisa",
            "First order → first survey answer",
        ),
        "journey.gap.first_ticket" => (
            "Primeira compra → primeiro chamado",
            "First order → first ticket",
        ),
        "journey.gap.lead_order" => (
            "Lead ou visita → primeira compra",
            "Lead or visit → first order",
        ),
        "journey.gap.second_order" => ("Primeira → segunda compra", "First → second order"),
        "journey.health" => ("Faixas de saúde", "Health bands"),
        "journey.interval" => ("IC 95%", "95% CI"),
        "journey.iqr" => ("Intervalo interquartil", "Interquartile range"),
        "journey.life.dormant" => ("Adormecidos", "Dormant"),
        "journey.life.new" => ("Novos", "New"),
        "journey.life.resurrecting" => ("Reativados", "Resurrecting"),
        "journey.life.returning" => ("Recorrentes", "Returning"),
        "journey.lifecycle" => ("Ciclo de vida", "Lifecycle"),
        "journey.lifecycle_caption" => (
            "Clientes por período: novos, recorrentes, reativados e adormecidos (barras claras: período parcial).",
            "Customers per period: new, returning, resurrecting and dormant (light bars: partial period).",
        ),
        "journey.loading" => ("Carregando…", "Loading…"),
        "journey.median" => ("Mediana", "Median"),
        "journey.moves" => ("passagens", "moves"),
        "journey.no_date" => ("sem data", "no date"),
        "journey.not_available" => (
            "Não disponível com os arquivos carregados.",
            "Not available with the files loaded.",
        ),
        "journey.of_previous" => ("da etapa anterior", "of the previous step"),
        "journey.p_alive" => ("P(ativo)", "P(alive)"),
        "journey.partial_suffix" => (" (período parcial)", " (partial period)"),
        "journey.search" => ("Cliente (id ou e-mail)", "Customer (id or e-mail)"),
        "journey.search_go" => ("Ver linha do tempo", "Show timeline"),
        "journey.search_hint" => (
            "ex.: C-0001 ou ana@exemplo.com",
            "e.g. C-0001 or ana@example.com",
        ),
        "journey.source" => ("Origem", "Source"),
        "journey.stage_other" => ("Outro", "Other"),
        "journey.step.attraction" => JOURNEY_STEPS[0].1,
        "journey.step.sales" => JOURNEY_STEPS[1].1,
        "journey.step.repeat" => JOURNEY_STEPS[2].1,
        "journey.step.loyalty" => JOURNEY_STEPS[3].1,
        "journey.time" => (
            "Tempo entre etapas: mediana e intervalo interquartil",
            "Time between stages: median and interquartile range",
        ),
        "journey.table" => ("tabela", "table"),
        "journey.timeline" => ("Linha do tempo do cliente", "Customer timeline"),
        "journey.top_clv" => ("Maiores CLV previstos", "Top customers by predicted CLV"),
        "nps.detractors" => ("Detratores (0–6)", "Detractors (0–6)"),
        "nps.passives" => ("Neutros (7–8)", "Passives (7–8)"),
        "nps.promoters" => ("Promotores (9–10)", "Promoters (9–10)"),
        "mrr.start" => ("Início", "Start"),
        "mrr.new" => ("Novo", "New"),
        "mrr.expansion" => ("Expansão", "Expansion"),
        "mrr.reactivation" => ("Reativação", "Reactivation"),
        "mrr.contraction" => ("Contração", "Contraction"),
        "mrr.churn" => ("Cancelamento", "Churn"),
        "mrr.end" => ("Fim", "End"),
        "funnel.leads" => ("Leads", "Leads"),
        "why.by" => ("Recorte", "Breakdown"),
        // Leads of the range that became customers (not every new customer: the
        // "New customers" card also counts buyers who were never a lead).
        "funnel.customers" => ("Leads que viraram clientes", "Leads that became customers"),
        "export.title" => ("Exportar", "Export"),
        "export.csv" => (
            "Baixar todas as métricas (CSV)",
            "Download all metrics (CSV)",
        ),
        "export.print" => ("Imprimir / PDF", "Print / PDF"),
        "why.title" => ("Por trás do número", "Behind the number"),
        "why.unknown" => (
            "Este endereço não aponta para um número do relatório.",
            "This address does not point to a number of the report.",
        ),
        "why.formula" => ("Fórmula", "Formula"),
        "why.rows" => ("Linhas que contribuíram", "Contributing rows"),
        "why.file" => ("Arquivo", "File"),
        "why.line" => ("Linha", "Line"),
        "why.included" => ("Entra?", "Counted?"),
        "why.rule" => ("Regra aplicada", "Rule applied"),
        "why.value" => ("Valor", "Value"),
        "why.cells" => ("Conteúdo da linha", "Row content"),
        "why.yes" => ("sim", "yes"),
        "why.no" => ("não", "no"),
        "why.period" => ("Período", "Period"),
        "why.whole" => ("todo o intervalo", "whole range"),
        "why.showing" => ("mostrando", "showing"),
        "why.of" => ("de", "of"),
        "why.counted" => ("contadas", "counted"),
        "why.back" => ("Voltar", "Back"),
        "why.rows_range" => ("Linhas", "Rows"),
        "why.no_rows" => (
            "Nenhuma linha por trás deste número.",
            "No row stands behind this number.",
        ),
        "why.prev" => ("← Anteriores", "← Previous"),
        "why.next" => ("Próximas →", "Next →"),
        "why.export" => ("Exportar todas as linhas (CSV)", "Export all rows (CSV)"),
        "why.kind" => ("Tipo de arquivo", "File kind"),
        "why.loading" => ("Buscando as linhas…", "Fetching the rows…"),
        "details.title" => ("Detalhes do cálculo", "Calculation details"),
        "details.action_shares" => (
            "Usuários ativos por ação principal",
            "Active users by core action",
        ),
        "why.none" => (
            "Escolha um número no painel para ver as linhas por trás dele.",
            "Pick a number on the dashboard to see the rows behind it.",
        ),
        "settings.title" => ("Configurações da análise", "Analysis settings"),
        "settings.lead" => (
            "Metas de SLA, horário comercial, escalas, pesos e margem. Guardadas só neste navegador.",
            "SLA targets, business hours, scales, weights and margin. Saved in this browser only.",
        ),
        "settings.save" => ("Salvar e recalcular", "Save and recompute"),
        "settings.reset" => ("Restaurar padrões", "Restore defaults"),
        "settings.saved" => ("Configurações salvas.", "Settings saved."),
        "settings.none" => (
            "Esta versão do motor não tem configurações ajustáveis.",
            "This engine version has no adjustable settings.",
        ),
        "settings.invalid" => ("Valor inválido em", "Invalid value in"),
        "settings.saved_recomputing" => (
            "Configurações salvas. Recalculando as métricas…",
            "Settings saved. Recomputing the metrics…",
        ),
        "settings.restored" => (
            "Padrões restaurados e salvos.",
            "Defaults restored and saved.",
        ),
        "settings.restored_recomputing" => (
            "Padrões restaurados e salvos. Recalculando as métricas…",
            "Defaults restored and saved. Recomputing the metrics…",
        ),
        "settings.fix" => (
            "Nada foi salvo: corrija os campos marcados.",
            "Nothing was saved: fix the marked fields.",
        ),
        "settings.error.unreadable" => (
            "Não é um valor válido aqui (use um número como 24 ou 1,5).",
            "Not a valid value here (use a number such as 24 or 1.5).",
        ),
        "settings.sla.overridden" => (
            "Seus dados trazem o próprio prazo ou indicação de SLA, que vale no lugar desta meta:",
            "Your data carry their own SLA due dates or breach flags, which are used instead of this target:",
        ),
        "settings.currency.none" => ("nenhuma (só o número)", "none (number only)"),
        "settings.day.1" => ("seg", "Mon"),
        "settings.day.2" => ("ter", "Tue"),
        "settings.day.3" => ("qua", "Wed"),
        "settings.day.4" => ("qui", "Thu"),
        "settings.day.5" => ("sex", "Fri"),
        "settings.day.6" => ("sáb", "Sat"),
        "settings.day.7" => ("dom", "Sun"),
        "settings.row.word" => ("Palavra de status", "Status word"),
        "settings.row.class" => ("Conta como", "Counts as"),
        "settings.row.event" => ("Nome do evento", "Event name"),
        "settings.row.weight" => ("Peso", "Weight"),
        "settings.row.remove" => ("Remover", "Remove"),
        "settings.row.add_word" => ("Adicionar palavra", "Add a word"),
        "settings.row.add_event" => ("Adicionar evento", "Add an event"),
        "error.title" => ("Erro", "Error"),
        "offline.ready" => ("Pronto para uso offline.", "Ready for offline use."),
        _ => return key,
    };
    match lang {
        Lang::Pt => pt,
        Lang::En => en,
    }
}

/// A metric's display name. Ids not listed read as their id (so a new engine metric still shows).
pub fn metric_name(lang: Lang, id: &str) -> String {
    let names: Option<(&str, &str)> = match id {
        "attraction.leads_new" => Some(("Novos leads", "New leads")),
        "attraction.leads_by_source" => Some(("Leads por origem", "Leads by source")),
        "attraction.lead_conversion_rate" => Some(("Conversão de leads", "Lead conversion rate")),
        "attraction.visitors" => Some(("Visitantes", "Visitors")),
        "attraction.traffic_to_lead_ratio" => Some(("Visitantes por lead", "Visitors per lead")),
        "attraction.landing_page_conversion_rate" => Some((
            "Conversão das páginas de entrada",
            "Landing page conversion",
        )),
        "attraction.organic_share" => Some(("Participação orgânica", "Organic share")),
        "attraction.chat_bot_conversion_rate" => {
            Some(("Conversão pelo chatbot", "Chatbot conversion"))
        }
        "attraction.chat_escalation_rate" => {
            Some(("Chats transferidos a humanos", "Chat escalation rate"))
        }
        "attraction.social_engagement" => Some(("Engajamento social", "Social engagement")),
        "attraction.cpl" => Some(("Custo por lead (CPL)", "Cost per lead (CPL)")),
        "sales.orders" => Some(("Pedidos", "Orders")),
        "sales.revenue" => Some(("Receita", "Revenue")),
        "sales.average_ticket" => Some(("Ticket médio", "Average order value")),
        "sales.cart_abandonment_rate" => Some(("Abandono de carrinho", "Cart abandonment rate")),
        "sales.repurchase_rate" => Some(("Taxa de recompra", "Repurchase rate")),
        "sales.upsell_revenue" => Some(("Receita de upsell", "Upsell revenue")),
        "sales.cross_sell_revenue" => Some(("Receita de venda cruzada", "Cross-sell revenue")),
        "sales.new_customers" => Some(("Novos clientes", "New customers")),
        "sales.cac" => Some((
            "Custo de aquisição (CAC)",
            "Customer acquisition cost (CAC)",
        )),
        "sales.roi" => Some(("ROI de marketing", "Marketing ROI")),
        "sales.mrr" => Some((
            "Receita recorrente mensal (MRR)",
            "Monthly recurring revenue (MRR)",
        )),
        "sales.arr" => Some((
            "Receita recorrente anual (ARR)",
            "Annual recurring revenue (ARR)",
        )),
        "sales.arpa" => Some((
            "Receita média por conta (ARPA)",
            "Average revenue per account (ARPA)",
        )),
        "sales.mrr_new" => Some(("MRR novo", "New MRR")),
        "sales.mrr_expansion" => Some(("MRR de expansão", "Expansion MRR")),
        "sales.mrr_contraction" => Some(("MRR de contração", "Contraction MRR")),
        "sales.mrr_churn" => Some(("MRR cancelado", "Churned MRR")),
        "sales.mrr_reactivation" => Some(("MRR reativado", "Reactivation MRR")),
        "service.tickets" => Some(("Tickets", "Tickets")),
        "service.tickets_per_customer" => Some(("Tickets por cliente", "Tickets per customer")),
        "service.first_response_time" => {
            Some(("Tempo de primeira resposta", "First response time"))
        }
        "service.resolution_time" => Some(("Tempo de resolução", "Resolution time")),
        "service.average_handle_time" => {
            Some(("Tempo médio de atendimento", "Average handle time"))
        }
        "service.bot_containment_rate" => Some(("Retenção pelo bot", "Bot containment rate")),
        "service.sla_compliance_rate" => Some(("Cumprimento do SLA", "SLA compliance")),
        "service.top_reasons" => Some(("Principais motivos de contato", "Top contact reasons")),
        "service.articles_most_viewed" => Some(("Artigos mais vistos", "Most viewed articles")),
        "service.articles_least_viewed" => Some(("Artigos menos vistos", "Least viewed articles")),
        "service.article_ratings" => Some(("Avaliação dos artigos", "Article ratings")),
        "service.agent_table" => Some(("Desempenho por agente", "Agent performance")),
        "service.agent_activity" => Some(("Atividade dos agentes", "Agent activity")),
        "loyalty.nps" => Some(("NPS", "NPS")),
        "loyalty.enps" => Some(("eNPS", "eNPS")),
        "loyalty.csat" => Some(("CSAT", "CSAT")),
        "loyalty.ces" => Some(("CES (esforço do cliente)", "CES (customer effort)")),
        "loyalty.review_rating" => Some(("Nota das avaliações", "Review rating")),
        "loyalty.customer_churn_rate" => Some(("Churn de clientes", "Customer churn rate")),
        "loyalty.revenue_churn_rate" => Some(("Churn de receita", "Revenue churn rate")),
        "loyalty.nrr" => Some((
            "Retenção líquida de receita (NRR)",
            "Net revenue retention (NRR)",
        )),
        "loyalty.grr" => Some((
            "Retenção bruta de receita (GRR)",
            "Gross revenue retention (GRR)",
        )),
        "loyalty.expansion_rate" => Some(("Taxa de expansão", "Expansion rate")),
        "loyalty.retention_cohorts" => Some(("Coortes de retenção", "Retention cohorts")),
        "loyalty.ltv_simple" => Some(("LTV (simples)", "LTV (simple)")),
        "loyalty.ltv_margin" => Some(("LTV com margem", "LTV with margin")),
        "loyalty.clv_predicted" => Some(("CLV previsto", "Predicted CLV")),
        "loyalty.activation_rate" => Some(("Taxa de ativação", "Activation rate")),
        "loyalty.time_to_value" => Some(("Tempo até o valor", "Time to value")),
        "loyalty.time_to_onboard" => Some(("Tempo de onboarding", "Time to onboard")),
        "loyalty.license_utilization" => Some(("Uso das licenças", "License utilisation")),
        "loyalty.dau" => Some(("Usuários ativos por dia (DAU)", "Daily active users (DAU)")),
        "loyalty.mau" => Some((
            "Usuários ativos por mês (MAU)",
            "Monthly active users (MAU)",
        )),
        "loyalty.stickiness" => Some(("Aderência (DAU/MAU)", "Stickiness (DAU/MAU)")),
        "loyalty.session_duration" => Some(("Duração da sessão", "Session duration")),
        "loyalty.visit_frequency" => Some(("Frequência de visitas", "Visit frequency")),
        "loyalty.engagement_score" => Some(("Pontuação de engajamento", "Engagement score")),
        "loyalty.core_actions" => Some(("Ações principais", "Core actions")),
        "loyalty.referrals" => Some(("Indicações", "Referrals")),
        "loyalty.feedback_themes" => Some(("Temas dos comentários", "Feedback themes")),
        "loyalty.health_score" => Some(("Saúde do cliente", "Customer health score")),
        "journey.customers" => Some(("Clientes unificados", "Unified customers")),
        "journey.stage_funnel" => Some(("Funil da jornada", "Journey funnel")),
        "journey.time_between_stages" => Some(("Tempo entre etapas", "Time between stages")),
        _ => None,
    };
    match names {
        Some((pt, en)) => match lang {
            Lang::Pt => pt.to_string(),
            Lang::En => en.to_string(),
        },
        None => id.to_string(),
    }
}

/// A table kind's display name.
pub fn kind_name(lang: Lang, kind_id: &str) -> String {
    let (pt, en) = match kind_id {
        "orders" => ("Pedidos", "Orders"),
        "subscriptions" => ("Assinaturas", "Subscriptions"),
        "tickets" => ("Tickets de atendimento", "Support tickets"),
        "survey_responses" => ("Respostas de pesquisa", "Survey responses"),
        "leads" => ("Leads", "Leads"),
        "sessions" => ("Sessões / tráfego", "Sessions / traffic"),
        "marketing_spend" => ("Gastos de marketing", "Marketing spend"),
        "events" => ("Eventos de uso", "Usage events"),
        "reviews" => ("Avaliações", "Reviews"),
        "article_views" => ("Visualizações de artigos", "Article views"),
        "chats" => ("Chats", "Chats"),
        "social_interactions" => ("Interações sociais", "Social interactions"),
        "employee_survey" => ("Pesquisa de funcionários", "Employee survey"),
        "agent_shifts" => ("Turnos de agentes", "Agent shifts"),
        "unknown" => ("Desconhecido", "Unknown"),
        other => (other, other),
    };
    match lang {
        Lang::Pt => pt.to_string(),
        Lang::En => en.to_string(),
    }
}

/// A column's value type (`ValueType` id: text, number, date, bool, status) by name.
pub fn value_type_name(lang: Lang, type_id: &str) -> String {
    let (pt, en) = match type_id {
        "text" => ("texto", "text"),
        "number" => ("número", "number"),
        "date" => ("data", "date"),
        "bool" => ("sim/não", "yes/no"),
        "status" => ("status", "status"),
        other => (other, other),
    };
    match lang {
        Lang::Pt => pt.to_string(),
        Lang::En => en.to_string(),
    }
}

/// A vendor export (`vendors::Vendor` id, e.g. `typeform_responses`) by name.
pub fn vendor_name(lang: Lang, id: &str) -> String {
    let (pt, en) = match id {
        "jornada_widget" => ("respostas do widget Jornada", "Jornada widget answers"),
        "shopify_orders" => ("pedidos da Shopify", "Shopify orders"),
        "stripe_payments" => ("pagamentos da Stripe", "Stripe payments"),
        "stripe_subscriptions" => ("assinaturas da Stripe", "Stripe subscriptions"),
        "woocommerce_orders" => ("pedidos do WooCommerce", "WooCommerce orders"),
        "zendesk_tickets" => ("tickets do Zendesk", "Zendesk tickets"),
        "freshdesk_tickets" => ("tickets do Freshdesk", "Freshdesk tickets"),
        "intercom_conversations" => ("conversas do Intercom", "Intercom conversations"),
        "hubspot_deals" => ("negócios do HubSpot", "HubSpot deals"),
        "hubspot_contacts" => ("contatos do HubSpot", "HubSpot contacts"),
        "rdstation_leads" => ("leads do RD Station", "RD Station leads"),
        "nuvemshop_orders" => ("pedidos da Nuvemshop", "Nuvemshop orders"),
        "typeform_responses" => ("respostas do Typeform", "Typeform responses"),
        "google_forms_responses" => ("respostas do Google Forms", "Google Forms responses"),
        "surveymonkey_responses" => ("respostas do SurveyMonkey", "SurveyMonkey responses"),
        "formbricks_responses" => ("respostas do Formbricks", "Formbricks responses"),
        "delighted_responses" => ("respostas do Delighted", "Delighted responses"),
        "ga4_traffic_acquisition" => ("aquisição de tráfego do GA4", "GA4 traffic acquisition"),
        other => return other.replace('_', " "),
    };
    match lang {
        Lang::Pt => pt.to_string(),
        Lang::En => en.to_string(),
    }
}

/// A setting's label and help line, by its path in `Settings` (`sla.first_response_hours`) or a
/// group key (`settings.group.service`). Unknown paths read as themselves.
pub fn setting_text(lang: Lang, path: &str) -> (&'static str, &'static str) {
    let ((pt, pt_help), (en, en_help)) = match path {
        "settings.group.service" => (
            (
                "Atendimento: metas de SLA",
                "Prazos que um ticket deve cumprir.",
            ),
            (
                "Service: SLA targets",
                "The times a ticket must be handled within.",
            ),
        ),
        "sla.first_response_hours" => (
            (
                "Primeira resposta em até (horas)",
                "Meta do SLA de primeira resposta, em horas.",
            ),
            (
                "First response within (hours)",
                "The first-response SLA target, in hours.",
            ),
        ),
        "sla.resolution_hours" => (
            (
                "Resolução em até (horas)",
                "Deixe vazio para não incluir a resolução no SLA.",
            ),
            (
                "Resolution within (hours)",
                "Leave empty to keep resolution out of the SLA.",
            ),
        ),
        "business_calendar" => (
            (
                "Contar só o horário comercial",
                "Tempos de atendimento contam apenas dias e horas de trabalho.",
            ),
            (
                "Count business hours only",
                "Service times count only working days and hours.",
            ),
        ),
        "business_calendar.weekdays" => (
            ("Dias de trabalho", "Dias em que a equipe atende."),
            ("Working days", "The days the team works."),
        ),
        "business_calendar.open_hour" => (
            ("Abre às (hora, 0–24)", "Hora de início do expediente."),
            ("Opens at (hour, 0–24)", "The hour the working day starts."),
        ),
        "business_calendar.close_hour" => (
            (
                "Fecha às (hora, 0–24)",
                "Hora de fim do expediente; depois da abertura.",
            ),
            (
                "Closes at (hour, 0–24)",
                "The hour the working day ends; after the opening hour.",
            ),
        ),
        "business_calendar.holidays" => (
            ("Feriados", "Uma data por linha: DD/MM/AAAA ou AAAA-MM-DD."),
            ("Holidays", "One date a line: DD/MM/YYYY or YYYY-MM-DD."),
        ),
        "settings.group.csat" => (
            (
                "Escala do CSAT (satisfação)",
                "A escala das respostas de satisfação e onde começa \"satisfeito\".",
            ),
            (
                "CSAT scale (satisfaction)",
                "The scale of satisfaction answers and where \"satisfied\" starts.",
            ),
        ),
        "settings.group.ces" => (
            (
                "Escala do CES (esforço do cliente)",
                "A escala das respostas de esforço e onde começa \"foi fácil\".",
            ),
            (
                "CES scale (customer effort)",
                "The scale of effort answers and where \"it was easy\" starts.",
            ),
        ),
        "csat.min" | "ces.min" => (
            ("Mínimo da escala", "A menor nota possível."),
            ("Scale minimum", "The lowest possible score."),
        ),
        "csat.max" | "ces.max" => (
            ("Máximo da escala", "A maior nota possível."),
            ("Scale maximum", "The highest possible score."),
        ),
        "csat.satisfied_from" => (
            (
                "Satisfeito a partir de",
                "Notas iguais ou acima contam como satisfeito.",
            ),
            (
                "Satisfied from",
                "Scores at or above this count as satisfied.",
            ),
        ),
        "ces.satisfied_from" => (
            (
                "\"Foi fácil\" a partir de",
                "Notas iguais ou acima contam como baixo esforço.",
            ),
            (
                "\"It was easy\" from",
                "Scores at or above this count as low effort.",
            ),
        ),
        "settings.group.status" => (
            (
                "Palavras de status",
                "Status dos seus arquivos que o app não reconhece sozinho, e como contam. Valem sobre o vocabulário embutido.",
            ),
            (
                "Status words",
                "Statuses in your files the app does not know, and how they count. They win over the built-in words.",
            ),
        ),
        "status_words" => (
            (
                "Suas palavras",
                "Ex.: \"enviado p/ cliente\" conta como pendente. Maiúsculas e acentos não importam.",
            ),
            (
                "Your words",
                "E.g. \"sent to customer\" counts as pending. Case and accents do not matter.",
            ),
        ),
        "settings.group.money" => (
            (
                "Receita e valor do cliente",
                "Moeda, margem e horizontes do LTV e do CLV.",
            ),
            (
                "Revenue and customer value",
                "Currency, margin and the LTV and CLV horizons.",
            ),
        ),
        "currency" => (
            (
                "Moeda quando o arquivo não diz",
                "Usada quando os arquivos não trazem moeda (nem símbolo nem coluna de moeda). A moeda de um arquivo sempre vale.",
            ),
            (
                "Currency when the file does not say",
                "Used when the files carry no currency (no symbol, no currency column). A file's own currency always wins.",
            ),
        ),
        "default_margin" => (
            (
                "Margem de lucro (%)",
                "Usada no LTV com margem quando os dados não têm custo nem margem. Vazio: não calcula.",
            ),
            (
                "Profit margin (%)",
                "Used by margin LTV when the data have no cost or margin. Empty: not computed.",
            ),
        ),
        "ltv_relationship_years" => (
            (
                "Duração do relacionamento (anos)",
                "Para o LTV simples. Vazio: estimada pelos dados.",
            ),
            (
                "Relationship length (years)",
                "For simple LTV. Empty: estimated from the data.",
            ),
        ),
        "churn_inactivity_days" => (
            (
                "Janela de inatividade do churn (dias)",
                "Só com pedidos: um cliente sem compra concluída nesses dias deixa de estar ativo.",
            ),
            (
                "Churn inactivity window (days)",
                "Orders only: a customer with no completed order in these days is no longer active.",
            ),
        ),
        "clv_horizon_months" => (
            (
                "Horizonte do CLV (meses)",
                "Quantos meses à frente o CLV previsto projeta.",
            ),
            (
                "CLV horizon (months)",
                "How many months ahead predicted CLV looks.",
            ),
        ),
        "cohort_period" => (
            (
                "Período das coortes",
                "Mês ou semana (ISO) da primeira compra que forma cada coorte de retenção.",
            ),
            (
                "Cohort period",
                "Month or (ISO) week of the first purchase that forms each retention cohort.",
            ),
        ),
        "milestones" => (
            (
                "Marcos da jornada",
                "Cada marco é um evento, um número de pedidos concluídos ou um valor de receita; a jornada mostra quantos clientes chegam a ele e em quantos dias.",
            ),
            (
                "Journey milestones",
                "Each milestone is an event, a number of completed orders or an amount of revenue; the journey shows how many customers reach it and in how many days.",
            ),
        ),
        "clv_discount_rate_monthly" => (
            (
                "Taxa de desconto do CLV (% ao mês)",
                "Quanto vale menos, a cada mês, a receita futura no CLV previsto.",
            ),
            (
                "CLV discount rate (% a month)",
                "How much less future revenue is worth, each month, in predicted CLV.",
            ),
        ),
        "settings.group.events" => (
            (
                "Eventos de uso e engajamento",
                "Nomes dos eventos do seu produto e os pesos das pontuações.",
            ),
            (
                "Usage events and engagement",
                "Your product's event names and the scores' weights.",
            ),
        ),
        "signup_event" => (
            (
                "Evento de cadastro",
                "Nome do evento que marca o cadastro do cliente: início do tempo até valor, do onboarding e da ativação (sem ele, o primeiro pedido concluído ou início de assinatura).",
            ),
            (
                "Signup event",
                "The event name that marks a customer's signup: where time to value, onboarding and activation start (without it, their first completed order or subscription start).",
            ),
        ),
        "activation_event" => (
            (
                "Evento de ativação",
                "Nome do evento que marca um cliente ativado.",
            ),
            (
                "Activation event",
                "The event name that marks an activated customer.",
            ),
        ),
        "value_event" => (
            (
                "Evento de primeiro valor",
                "Nome do evento que marca o primeiro valor percebido (time to value).",
            ),
            (
                "First-value event",
                "The event name that marks first value (time to value).",
            ),
        ),
        "onboarding_event" => (
            (
                "Evento de onboarding concluído",
                "Nome do evento que marca o onboarding completo.",
            ),
            (
                "Onboarding-complete event",
                "The event name that marks onboarding complete.",
            ),
        ),
        "core_actions" => (
            (
                "Ações principais",
                "Eventos que contam como uso principal, separados por vírgula. Vazio: todos exceto cadastro e login.",
            ),
            (
                "Core actions",
                "Events that count as core use, separated by commas. Empty: all but sign-up and login.",
            ),
        ),
        "engagement_weights" => (
            (
                "Pesos do engajamento",
                "Peso de cada evento na pontuação de engajamento; eventos fora da lista pesam 1.",
            ),
            (
                "Engagement weights",
                "Each event's weight in the engagement score; events not listed weigh 1.",
            ),
        ),
        "health_weights.usage" => (
            (
                "Peso do uso (saúde do cliente)",
                "Peso do uso na pontuação de saúde.",
            ),
            (
                "Usage weight (customer health)",
                "The weight of usage in the health score.",
            ),
        ),
        "health_weights.satisfaction" => (
            (
                "Peso da satisfação",
                "Peso da satisfação na pontuação de saúde.",
            ),
            (
                "Satisfaction weight",
                "The weight of satisfaction in the health score.",
            ),
        ),
        "health_weights.support" => (
            (
                "Peso do suporte",
                "Peso dos tickets de suporte na pontuação de saúde.",
            ),
            (
                "Support weight",
                "The weight of support tickets in the health score.",
            ),
        ),
        "health_weights.recency" => (
            (
                "Peso da recência",
                "Peso da atividade recente na pontuação de saúde.",
            ),
            (
                "Recency weight",
                "The weight of recent activity in the health score.",
            ),
        ),
        "health_weights.payment" => (
            (
                "Peso do pagamento",
                "Peso dos pedidos pagos (contra cancelados, estornados ou abandonados) na pontuação de saúde.",
            ),
            (
                "Payment weight",
                "The weight of paid orders (against cancelled, refunded or abandoned ones) in the health score.",
            ),
        ),
        _ => return ("", ""),
    };
    match lang {
        Lang::Pt => (pt, pt_help),
        Lang::En => (en, en_help),
    }
}

/// What is wrong with a setting, in words.
pub fn setting_problem(lang: Lang, p: jornada_engine::settings::Problem) -> &'static str {
    use jornada_engine::settings::Problem;
    let (pt, en) = match p {
        Problem::NotPositive => ("Precisa ser maior que zero.", "Must be more than zero."),
        Problem::Negative => (
            "Precisa ser zero ou mais (e cada evento com nome).",
            "Must be zero or more (and every event named).",
        ),
        Problem::OutOfRange => ("Fora do intervalo permitido.", "Outside the allowed range."),
        Problem::NoWorkingDay => ("Marque ao menos um dia.", "Tick at least one day."),
        Problem::CloseNotAfterOpen => (
            "O fechamento precisa ser depois da abertura.",
            "Closing must be after opening.",
        ),
        Problem::NotADate => (
            "Uma das datas não é válida.",
            "One of the dates is not valid.",
        ),
        Problem::MaxNotAboveMin => (
            "O máximo precisa ser maior que o mínimo.",
            "The maximum must be above the minimum.",
        ),
        Problem::OutsideScale => (
            "Precisa estar entre o mínimo e o máximo.",
            "Must be between the minimum and the maximum.",
        ),
        Problem::NotAFraction => (
            "Precisa estar entre 0 e 100%.",
            "Must be between 0 and 100%.",
        ),
        Problem::Empty => ("Não pode ficar vazio.", "Cannot be empty."),
        Problem::NotACurrencyCode => (
            "Use um código de moeda de 3 letras (BRL).",
            "Use a 3-letter currency code (BRL).",
        ),
    };
    match lang {
        Lang::Pt => pt,
        Lang::En => en,
    }
}

/// An order/subscription status class (`Status` id) by name.
pub fn status_class_name(lang: Lang, id: &str) -> &'static str {
    let (pt, en) = match id {
        "completed" => ("concluído (venda)", "completed (a sale)"),
        "pending" => ("pendente", "pending"),
        "abandoned" => ("abandonado", "abandoned"),
        "cancelled" => ("cancelado", "cancelled"),
        "refunded" => ("reembolsado", "refunded"),
        _ => ("outro", "other"),
    };
    match lang {
        Lang::Pt => pt,
        Lang::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_type_has_a_name_in_both_languages() {
        use jornada_engine::ValueType;
        let all = [
            ValueType::Text,
            ValueType::Number,
            ValueType::Date,
            ValueType::Bool,
            ValueType::Status,
        ];
        let names = |lang| -> Vec<String> {
            all.iter()
                .map(|ty| {
                    let id = serde_json::to_value(ty).unwrap();
                    let id = id.as_str().unwrap();
                    value_type_name(lang, id)
                })
                .collect()
        };
        assert_eq!(
            names(Lang::Pt),
            ["texto", "número", "data", "sim/não", "status"]
        );
        assert_eq!(
            names(Lang::En),
            ["text", "number", "date", "yes/no", "status"]
        );
    }

    #[test]
    fn browser_language_picks_first_known() {
        assert_eq!(
            Lang::from_browser_languages(["fr-FR", "en-US", "pt-BR"]),
            Lang::En
        );
        assert_eq!(Lang::from_browser_languages(["pt-PT"]), Lang::Pt);
        assert_eq!(Lang::from_browser_languages(["de"]), Lang::Pt);
    }

    #[test]
    fn messages_in_both_languages() {
        assert_eq!(
            t(Lang::Pt, "privacy.statement"),
            "Seus dados não saem do navegador."
        );
        assert_eq!(t(Lang::En, "nav.sales"), "Sales");
        assert_eq!(metric_name(Lang::Pt, "sales.revenue"), "Receita");
        assert_eq!(metric_name(Lang::En, "x.unknown"), "x.unknown");
    }
}
