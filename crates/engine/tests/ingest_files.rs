//! The Brazilian spreadsheet, hostile files, and generic pt/en headers.
#![allow(clippy::unwrap_used)]
mod common;

use common::*;
use jornada_engine::IngestError;
use jornada_engine::ingest::{IngestOptions, classify_status, read_bytes};
use jornada_engine::table::{Role, Status, TableKind, ValueType};

#[test]
fn brazilian_spreadsheet_cp1252_semicolons_reais_and_day_first() {
    let t = read("br/vendas_loja_cp1252.csv");
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Orders, "{d}");
    assert_eq!(t.currency.as_deref(), Some("BRL"));
    // 12 data lines (line 6 blank): 1006 (31/02), 1007 ("abc") and 1011 (extra field) rejected.
    assert_eq!(t.rows(), 8, "{d}");
    assert_eq!(t.lines, vec![3, 4, 5, 7, 8, 11, 12, 13]);
    let rejects: Vec<(u32, &str)> = t
        .rejects
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(
        rejects,
        vec![
            (9, "column \"data_pedido\": \"31/02/2025\" is not a date"),
            (10, "column \"valor\": \"abc\" is not a number"),
            (14, "has 8 fields, the header has 6"),
        ]
    );
    // Pago 1.234,56 + Concluído 2.000,00 + Entregue 500,00 + Faturado 1.000,00
    assert_close(completed_sum(&t), 4734.56);
    let status = t.column(Role::Status).unwrap();
    assert_eq!(status.ty, ValueType::Status);
    let st = status.values.as_text().unwrap();
    assert_eq!(st.get(2), Some("Concluído"), "cp1252 decoded");
    let classes: Vec<Status> = (0..t.rows())
        .map(|i| classify_status(st.get(i).unwrap()))
        .collect();
    assert_eq!(
        classes,
        [
            Status::Completed,
            Status::Cancelled,
            Status::Completed,
            Status::Pending,
            Status::Completed,
            Status::Refunded,
            Status::Abandoned,
            Status::Completed
        ]
    );
    assert_eq!(
        t.dates(Role::OrderDate).unwrap().get(0),
        Some(at(2025, 1, 3, 0, 0, 0)),
        "03/01 is 3 January"
    );
    assert_eq!(
        t.dates(Role::OrderDate).unwrap().get(7),
        Some(at(2025, 3, 8, 0, 0, 0))
    );
    assert_eq!(t.numbers(Role::Amount).unwrap().get(1), Some(99.9));
    assert!(
        t.warnings.iter().any(|w| w.contains("line 1 skipped")),
        "{d}"
    );
    assert!(t.warnings.iter().any(|w| w.contains("windows-1252")), "{d}");
    assert_eq!(role_of(&t, "cliente"), Some(Role::CustomerId));
    assert_eq!(role_of(&t, "canal"), Some(Role::Channel));
}

fn err(path: &str) -> IngestError {
    let bytes = fixture(path);
    let name = path.rsplit('/').next().unwrap();
    read_bytes(name, &bytes, &IngestOptions::default())
        .err()
        .unwrap_or_else(|| panic!("{path} was read"))
}

#[test]
fn unreadable_files_get_errors_naming_the_file() {
    assert_eq!(
        err("hostile/empty.csv"),
        IngestError::Empty {
            file: "empty.csv".into()
        }
    );
    assert_eq!(
        err("hostile/only_blank_lines.csv"),
        IngestError::Empty {
            file: "only_blank_lines.csv".into()
        }
    );
    for (f, why) in [
        ("hostile/image.png.csv", "PNG"),
        ("hostile/workbook.xlsx", "xlsx"),
        ("hostile/random_binary.bin", "NUL"),
        ("hostile/nul_bytes.csv", "NUL"),
    ] {
        let e = err(f);
        let msg = e.to_string();
        assert!(matches!(e, IngestError::Binary { .. }), "{f}: {msg}");
        assert!(
            msg.starts_with(f.rsplit('/').next().unwrap()) && msg.contains(why),
            "{msg}"
        );
    }
    // A first line of numbers is data: its columns get names (issue 18), nothing is dropped.
    let t = read("hostile/no_header.csv");
    assert_eq!(t.rows(), 3);
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["column 1", "column 2", "column 3"]);
    assert!(
        t.warnings
            .iter()
            .any(|l| l.starts_with("line 1 holds values")),
        "{:?}",
        t.warnings
    );
    let e = err("hostile/one_column_prose.txt");
    assert!(matches!(e, IngestError::NoHeader { .. }), "{e}");
}

#[test]
fn bad_rows_are_rejected_by_line_and_good_rows_kept() {
    let t = read("hostile/ragged_rows.csv");
    assert_eq!(t.rows(), 2);
    assert_eq!(t.lines, vec![2, 5]);
    assert_eq!(t.rejects.len(), 2);
    assert_eq!(
        (t.rejects[0].line, t.rejects[0].reason.as_str()),
        (3, "has 3 fields, the header has 4")
    );
    assert_eq!(
        (t.rejects[1].line, t.rejects[1].reason.as_str()),
        (4, "has 5 fields, the header has 4")
    );
    assert_close(completed_sum(&t), 50.0);

    let t = read("hostile/unclosed_quote.csv");
    assert_eq!(t.rows(), 1);
    assert_eq!(t.rejects[0].line, 3);
}

#[test]
fn formulas_and_html_are_plain_text() {
    let t = read("hostile/formulas_and_html.csv");
    assert_eq!(t.rows(), 3, "{}", dump(&t));
    let note = t
        .columns
        .iter()
        .find(|c| c.name == "note")
        .unwrap()
        .values
        .as_text()
        .unwrap();
    assert_eq!(note.get(0), Some("=HYPERLINK(\"http://evil\",\"x\")"));
    assert_eq!(note.get(1), Some("<script>alert(1)</script>"));
    assert_eq!(note.get(2), Some("+SUM(A1:A9)"));
}

#[test]
fn odd_but_readable_files() {
    let t = read("hostile/huge_field.csv");
    assert_eq!(t.rows(), 2);
    let note = t
        .columns
        .iter()
        .find(|c| c.name == "note")
        .unwrap()
        .values
        .as_text()
        .unwrap();
    assert_eq!(note.get(0).unwrap().len(), 300_000);

    let t = read("hostile/invalid_utf8.csv");
    assert_eq!(t.rows(), 2);
    assert!(t.warnings.iter().any(|w| w.contains("windows-1252")));

    let t = read("hostile/header_only.csv");
    assert_eq!(t.rows(), 0);
    assert!(t.warnings.iter().any(|w| w.contains("no usable rows")));

    let t = read("hostile/utf16le_tabs.csv");
    assert_eq!(t.rows(), 2, "{}", dump(&t));
    assert_eq!(t.numbers(Role::Amount).unwrap(), &[Some(10.5), Some(4.5)]);
    // 01/03 vs 02/03 cannot tell; Portuguese headers and comma decimals say dd/mm, with a warning.
    assert_eq!(
        t.dates(Role::OrderDate).unwrap().get(0),
        Some(at(2025, 3, 1, 0, 0, 0))
    );
    assert!(
        t.warnings
            .iter()
            .any(|w| w.contains("could be dd/mm or mm/dd")),
        "{}",
        dump(&t)
    );
}

fn csv(name: &str, text: &str) -> jornada_engine::Table {
    read_bytes(name, text.as_bytes(), &IngestOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn generic_headers_in_both_languages_give_kinds_and_roles() {
    for (file, text, kind, roles) in generic_header_cases() {
        let t = csv(file, text);
        let d = dump(&t);
        assert_eq!(t.kind, kind, "{d}");
        for (h, r) in roles {
            assert_eq!(role_of(&t, h), Some(r), "{file}: {h}\n{d}");
        }
    }
}

#[test]
fn generic_pause_minutes_become_hours_and_an_enps_question_is_known() {
    let t = csv(
        "turnos_agentes.csv",
        "agente,data,horas_logadas,pausa_minutos,contatos_atendidos,contatos_sucesso\nRita,2025-03-01,8,45,40,32\n",
    );
    assert_eq!(
        t.numbers(Role::PauseHours).unwrap(),
        &[Some(0.75)],
        "minutes → hours"
    );
    let t = csv(
        "enps_colaboradores.csv",
        "colaborador_id,respondido_em,Você recomendaria a empresa como lugar para trabalhar?\nE1,2025-03-01,9\nE2,2025-03-01,4\n",
    );
    assert_eq!(
        t.question_columns().next().unwrap().question.unwrap().kind,
        jornada_engine::SurveyKind::Enps
    );
}

/// A file name, its text, the kind it must get and some of the roles its headers must get.
type GenericCase = (
    &'static str,
    &'static str,
    TableKind,
    Vec<(&'static str, Role)>,
);

/// Generic (non-vendor) headers, in Portuguese and English, one file per kind.
fn generic_header_cases() -> Vec<GenericCase> {
    vec![
        (
            "pedidos.csv",
            "pedido_id,cliente_id,data_pedido,valor,status,canal\nP1,C1,2025-03-01,10.5,pago,site\n",
            TableKind::Orders,
            vec![
                ("pedido_id", Role::OrderId),
                ("cliente_id", Role::CustomerId),
                ("data_pedido", Role::OrderDate),
                ("valor", Role::Amount),
                ("status", Role::Status),
                ("canal", Role::Channel),
            ],
        ),
        (
            "orders.csv",
            "order_id,customer_id,order_date,amount,status,source\nO1,C1,2025-03-01,10.5,paid,google\n",
            TableKind::Orders,
            vec![
                ("order_id", Role::OrderId),
                ("customer_id", Role::CustomerId),
                ("order_date", Role::OrderDate),
                ("amount", Role::Amount),
            ],
        ),
        (
            "chamados.csv",
            "ticket_id,cliente_id,criado_em,primeira_resposta_em,resolvido_em,agente,motivo,canal\nT1,C1,2025-03-01 10:00,2025-03-01 11:00,2025-03-02 10:00,Rita,entrega,email\n",
            TableKind::Tickets,
            vec![
                ("criado_em", Role::CreatedAt),
                ("primeira_resposta_em", Role::FirstResponseAt),
                ("resolvido_em", Role::ResolvedAt),
                ("agente", Role::Agent),
                ("motivo", Role::Reason),
            ],
        ),
        (
            "tickets.csv",
            "ticket_id,customer_id,created_at,first_response_at,resolved_at,agent,reason\nT1,C1,2025-03-01 10:00,2025-03-01 11:00,2025-03-02 10:00,Rita,delivery\n",
            TableKind::Tickets,
            vec![
                ("created_at", Role::CreatedAt),
                ("first_response_at", Role::FirstResponseAt),
                ("resolved_at", Role::ResolvedAt),
            ],
        ),
        (
            "nps.csv",
            "cliente_id,respondido_em,nota,comentario\nC1,2025-03-01,9,ótimo\nC2,2025-03-02,3,ruim\n",
            TableKind::SurveyResponses,
            vec![
                ("respondido_em", Role::RespondedAt),
                ("nota", Role::Score),
                ("comentario", Role::Comment),
            ],
        ),
        (
            "assinaturas.csv",
            "assinatura_id,cliente_id,plano,mrr,inicio,fim\nS1,C1,pro,99,2025-01-01,\n",
            TableKind::Subscriptions,
            vec![
                ("plano", Role::Plan),
                ("mrr", Role::Mrr),
                ("inicio", Role::StartedAt),
                ("fim", Role::EndedAt),
            ],
        ),
        (
            "gastos_midia.csv",
            "data,canal,campanha,custo\n2025-03-01,google,verao,150.00\n",
            TableKind::MarketingSpend,
            vec![
                ("custo", Role::Spend),
                ("canal", Role::Channel),
                ("campanha", Role::Campaign),
            ],
        ),
        (
            "leads.csv",
            "lead_id,email,origem,criado_em,convertido\nL1,a@b.com,google,2025-03-01,sim\n",
            TableKind::Leads,
            vec![
                ("lead_id", Role::LeadId),
                ("origem", Role::Source),
                ("criado_em", Role::CreatedAt),
                ("convertido", Role::Converted),
            ],
        ),
        (
            "sessoes.csv",
            "session_id,visitor_id,data,landing_page,origem,meio,pageviews,duracao_segundos\nS1,V1,2025-03-01,/home,google,organic,3,120\n",
            TableKind::Sessions,
            vec![
                ("session_id", Role::SessionId),
                ("visitor_id", Role::VisitorId),
                ("landing_page", Role::LandingPage),
                ("meio", Role::Medium),
                ("pageviews", Role::Pageviews),
                ("duracao_segundos", Role::SessionDuration),
            ],
        ),
        (
            "eventos.csv",
            "cliente_id,evento,data_evento\nC1,login,2025-03-01 10:00\n",
            TableKind::Events,
            vec![("evento", Role::EventName), ("data_evento", Role::EventAt)],
        ),
        (
            "avaliacoes.csv",
            "produto,avaliacao,comentario,data\nCaneca,5,linda,2025-03-01\n",
            TableKind::Reviews,
            vec![("avaliacao", Role::Rating), ("produto", Role::Product)],
        ),
        (
            "artigos.csv",
            "artigo,visualizacoes,util\nComo trocar,120,sim\n",
            TableKind::ArticleViews,
            vec![
                ("artigo", Role::Article),
                ("visualizacoes", Role::Views),
                ("util", Role::Helpful),
            ],
        ),
        (
            "chats.csv",
            "chat_id,cliente_id,iniciado_em,bot_resolveu,transferido,convertido\nH1,C1,2025-03-01 10:00,sim,nao,nao\n",
            TableKind::Chats,
            vec![
                ("bot_resolveu", Role::BotHandled),
                ("transferido", Role::Transferred),
            ],
        ),
        (
            "social.csv",
            "data,rede,reacoes,comentarios,compartilhamentos,mensagens_diretas\n2025-03-01,instagram,120,14,9,3\n",
            TableKind::SocialInteractions,
            vec![
                ("reacoes", Role::Reactions),
                ("comentarios", Role::Comments),
                ("compartilhamentos", Role::Shares),
                ("mensagens_diretas", Role::DirectMessages),
            ],
        ),
        (
            "turnos_agentes.csv",
            "agente,data,horas_logadas,pausa_minutos,contatos_atendidos,contatos_sucesso\nRita,2025-03-01,8,45,40,32\n",
            TableKind::AgentShifts,
            vec![
                ("horas_logadas", Role::LoggedHours),
                ("pausa_minutos", Role::PauseHours),
                ("contatos_atendidos", Role::ContactsHandled),
                ("contatos_sucesso", Role::SuccessfulContacts),
            ],
        ),
        (
            "enps_colaboradores.csv",
            "colaborador_id,respondido_em,Você recomendaria a empresa como lugar para trabalhar?\nE1,2025-03-01,9\nE2,2025-03-01,4\n",
            TableKind::EmployeeSurvey,
            vec![("respondido_em", Role::RespondedAt)],
        ),
    ]
}

#[test]
fn unknown_files_say_why() {
    let t = csv("coisas.csv", "cor,tamanho\nazul,G\nverde,M\n");
    assert_eq!(t.kind, TableKind::Unknown);
    assert!(!t.kind_reason.is_empty());
}

#[test]
fn ambiguous_dates_are_settled_by_later_rows() {
    // The first 1000+ rows are all ambiguous; a later row has 25 in first place.
    let mut text = String::from("order_id,order_date,amount\n");
    for i in 0..1100 {
        text.push_str(&format!("O{i},03/04/2025,1.00\n"));
    }
    text.push_str("O9999,25/04/2025,1.00\n");
    let t = csv("orders.csv", &text);
    let dates = t.dates(Role::OrderDate).unwrap();
    assert_eq!(
        dates.get(0),
        Some(at(2025, 4, 3, 0, 0, 0)),
        "{:?}",
        t.warnings
    );
    assert_eq!(dates.get(1100), Some(at(2025, 4, 25, 0, 0, 0)));

    let mut text = String::from("order_id,order_date,amount\n");
    for i in 0..1100 {
        text.push_str(&format!("O{i},03/04/2025,1.00\n"));
    }
    text.push_str("O9999,04/25/2025,1.00\n");
    let t = csv("orders.csv", &text);
    let dates = t.dates(Role::OrderDate).unwrap();
    // Comma delimiter, dot decimals, English headers: read mm/dd at first, kept.
    assert_eq!(
        dates.get(0),
        Some(at(2025, 3, 4, 0, 0, 0)),
        "{:?}",
        t.warnings
    );
    assert_eq!(dates.get(1100), Some(at(2025, 4, 25, 0, 0, 0)));
}

#[test]
fn mapping_overrides_kind_roles_questions_and_date_order() {
    use jornada_engine::ingest::mapping::Mapping;
    let m = Mapping::from_json(
        r#"{"files":[{"file":"x.csv","kind":"survey_responses",
        "columns":{"col_a":"customer_id","col_b":"responded_at","obs":null},
        "questions":{"q1":{"kind":"csat","min":1,"max":5}},"date_order":"mdy"}]}"#,
    )
    .unwrap();
    let opts = IngestOptions {
        mapping: m.for_file("x.csv", None).cloned(),
        ..IngestOptions::default()
    };
    let t = read_bytes(
        "x.csv",
        b"col_a,col_b,q1,obs\nA,03/04/2025,4,hi\nB,03/05/2025,5,\n",
        &opts,
    )
    .unwrap();
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::SurveyResponses, "{d}");
    assert_eq!(role_of(&t, "col_a"), Some(Role::CustomerId));
    assert_eq!(role_of(&t, "obs"), None);
    assert_eq!(
        t.dates(Role::RespondedAt).unwrap().get(0),
        Some(at(2025, 3, 4, 0, 0, 0)),
        "{d}"
    );
    let q = t.question_columns().next().unwrap();
    assert_eq!(q.question.unwrap().kind, jornada_engine::SurveyKind::Csat);
    assert_eq!(q.confidence, 1.0);
}

#[test]
fn reader_reports_progress_and_names_the_file_only() {
    let mut r = jornada_engine::ingest::Reader::new(
        "/home/u/Downloads/vendas.csv",
        IngestOptions::default(),
    );
    let mut text = String::from("order_id,order_date,amount\n");
    for i in 0..2000 {
        text.push_str(&format!("O{i},2025-03-01,{i}.50\n"));
    }
    text.push_str("bad,row\n");
    let p = r.push(text.as_bytes()).unwrap();
    assert_eq!(p.bytes, text.len() as u64);
    let t = r.finish().unwrap();
    assert_eq!(t.file, "vendas.csv");
    assert_eq!(t.rows(), 2000);
    assert_eq!(t.rejects.len(), 1);
    assert_eq!(t.rejects[0].line, 2002);
}

#[test]
fn date_shapes_by_column() {
    let t = csv(
        "eventos.csv",
        "cliente_id,evento,event_at,data,criado_em,visto_em\n\
         C1,login,1741083751,20250304,4 de março de 2025,1741083751000\n\
         C2,compra,1741170151,20250305,Mar 5 2025,1741170151000\n",
    );
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Events, "{d}");
    let col = |name: &str| {
        t.columns
            .iter()
            .find(|c| c.name == name)
            .unwrap()
            .values
            .as_dates()
            .unwrap_or_else(|| panic!("{name}: {d}"))
            .to_vec()
    };
    // Unix seconds and milliseconds keep their (UTC) wall clock.
    assert_eq!(col("event_at")[0], Some(1_741_083_751));
    assert_eq!(col("visto_em")[1], Some(1_741_170_151));
    // yyyymmdd integers in a date-named column.
    assert_eq!(
        col("data"),
        vec![Some(at(2025, 3, 4, 0, 0, 0)), Some(at(2025, 3, 5, 0, 0, 0))]
    );
    // Month names in Portuguese and English.
    assert_eq!(
        col("criado_em"),
        vec![Some(at(2025, 3, 4, 0, 0, 0)), Some(at(2025, 3, 5, 0, 0, 0))]
    );
}

#[test]
fn locale_numbers_booleans_and_percentages_by_column() {
    let t = csv(
        "leads.csv",
        "lead_id;email;criado_em;convertido;desconto;custo;receita\n\
         L1;a@b.com;01/03/2025;x;12,5%;(12,00);1 234,50\n\
         L2;c@d.com;13/03/2025;;5%;3,00;99,90\n",
    );
    let d = dump(&t);
    assert_eq!(t.kind, TableKind::Leads, "{d}");
    assert_eq!(
        t.bools(Role::Converted).unwrap(),
        &[Some(true), Some(false)],
        "checkbox column: empty is no"
    );
    assert_eq!(
        t.numbers(Role::Discount).unwrap(),
        &[Some(0.125), Some(0.05)]
    );
    assert_eq!(t.numbers(Role::Cost).unwrap(), &[Some(-12.0), Some(3.0)]);
    assert_eq!(
        t.numbers(Role::Amount).unwrap(),
        &[Some(1234.5), Some(99.9)]
    );
    assert_eq!(
        t.dates(Role::CreatedAt).unwrap().get(1),
        Some(at(2025, 3, 13, 0, 0, 0))
    );
}

#[test]
fn a_user_id_beside_the_customer_id_is_the_accounts_user() {
    // The sample's product events: the account (cliente_id) and its user (usuario_id). Both
    // headers name a customer; the second is the account's user, said so in its reason.
    let t = csv(
        "eventos.csv",
        "cliente_id,usuario_id,evento,data_evento\nC1,U1-1,login,2025-07-16\nC1,U1-2,login,2025-07-17\n",
    );
    assert_eq!(t.kind, TableKind::Events);
    let user = t.columns.iter().find(|c| c.name == "usuario_id").unwrap();
    assert_eq!(user.role, Some(Role::UserId));
    assert!(user.reason.contains("taken as user_id"), "{}", user.reason);
    assert_eq!(t.text(Role::CustomerId).unwrap().get(0), Some("C1"));
    // Alone, a user id is the customer (B2C exports name their customers users).
    let t = csv("e.csv", "user_id,event,timestamp\nU1,login,2025-07-16\n");
    assert_eq!(
        t.column(Role::CustomerId).map(|c| c.name.as_str()),
        Some("user_id")
    );
}

#[test]
fn unit_price_and_quantity_without_a_line_total_give_the_amount() {
    // 2 × 19.90 = 39.80; 1 × 100 = 100; a row with no quantity has no amount (not 0, not
    // the unit price).
    let t = csv(
        "itens.csv",
        "pedido_id,data_pedido,cliente_id,preco_unitario,quantidade\n\
         P1,2025-03-01,C1,\"19,90\",2\nP2,2025-03-02,C2,100,1\nP3,2025-03-03,C3,50,\n",
    );
    assert_eq!(t.kind, TableKind::Orders);
    let amounts = t.numbers(Role::Amount).expect("an amount column");
    assert!((amounts.get(0).unwrap() - 39.8).abs() < 1e-9);
    assert_eq!(amounts.get(1), Some(100.0));
    assert_eq!(amounts.get(2), None);
    let c = t.column(Role::Amount).unwrap();
    assert!(c.reason.contains("unit price × quantity"), "{}", c.reason);
    // With a line total in the file, it is the amount and nothing is added.
    let t = csv(
        "itens.csv",
        "pedido_id,data_pedido,preco_unitario,quantidade,total\nP1,2025-03-01,10,2,20\n",
    );
    assert_eq!(t.column(Role::Amount).unwrap().name, "total");
    assert_eq!(t.columns.len(), 5);
}
