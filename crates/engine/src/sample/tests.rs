//! Generator tests: determinism, sizes, valid CSV, documented headers and statuses, and the
//! company's coherence across files.

use super::*;
use std::collections::{BTreeSet, HashMap, HashSet};

/// A parsed file: header and records.
struct Parsed {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Parsed {
    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let i = self.col(name);
        self.rows.iter().map(move |r| r[i].as_str())
    }
}

fn delimiter(lang: Lang, name: &str) -> u8 {
    let tool_export = name.contains("event")
        || name.contains("survey_responses")
        || name.contains("respostas_pesquisas");
    match lang {
        Lang::Pt if !tool_export => b';',
        _ => b',',
    }
}

/// Parses strictly: every record must have the header's field count.
fn parse(lang: Lang, file: &SampleFile) -> Parsed {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(lang, &file.name))
        .flexible(false)
        .from_reader(file.csv.as_slice());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{}: {e}", file.name));
            r.iter().map(str::to_string).collect()
        })
        .collect();
    Parsed { header, rows }
}

fn sample(lang: Lang) -> HashMap<String, Parsed> {
    generate(SampleSize::Orders(3_000), lang, 7)
        .iter()
        .map(|f| (f.name.clone(), parse(lang, f)))
        .collect()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = generate(SampleSize::Orders(1_500), Lang::Pt, 11);
    let b = generate(SampleSize::Orders(1_500), Lang::Pt, 11);
    let c = generate(SampleSize::Orders(1_500), Lang::Pt, 12);
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn streaming_equals_in_memory() {
    let files = generate(SampleSize::Orders(1_500), Lang::En, 3);
    let mut streamed: HashMap<String, Vec<u8>> = HashMap::new();
    let mut chunks = 0;
    generate_to::<()>(SampleSize::Orders(1_500), Lang::En, 3, |name, chunk| {
        streamed
            .entry(name.to_string())
            .or_default()
            .extend_from_slice(chunk);
        chunks += 1;
        Ok(())
    })
    .expect("sink never fails");
    assert!(chunks >= files.len());
    for f in &files {
        assert_eq!(streamed.get(&f.name), Some(&f.csv), "{}", f.name);
    }
}

#[test]
fn a_failing_sink_stops_generation() {
    let mut calls = 0;
    let result = generate_to(SampleSize::Orders(50_000), Lang::En, 1, |_, _| {
        calls += 1;
        Err("disk full")
    });
    assert_eq!(result, Err("disk full"));
    assert_eq!(calls, 1);
}

#[test]
fn sizes_and_names() {
    assert_eq!("10k".parse(), Ok(SampleSize::K10));
    assert_eq!("1M".parse(), Ok(SampleSize::M1));
    assert_eq!("2500".parse(), Ok(SampleSize::Orders(2_500)));
    assert!("huge".parse::<SampleSize>().is_err());
    assert!("0".parse::<SampleSize>().is_err());
    assert_eq!("pt".parse(), Ok(Lang::Pt));
    assert!("fr".parse::<Lang>().is_err());
    assert_eq!(SampleSize::M10.orders(), 10_000_000);
    assert_eq!(expected_kind("pedidos.csv"), Some(TableKind::Orders));
    assert_eq!(expected_kind("tickets.csv"), Some(TableKind::Tickets));
    assert_eq!(expected_kind("x.csv"), None);
    assert_eq!(file_names(Lang::Pt).len(), 14);
}

#[test]
fn orders_rows_are_about_the_size_asked() {
    for lang in [Lang::Pt, Lang::En] {
        let files = generate(SampleSize::Orders(3_000), lang, 5);
        let orders = files
            .iter()
            .find(|f| f.name == orders_file_name(lang))
            .expect("orders file");
        let rows = parse(lang, orders).rows.len();
        // Prospects are generated until the target is reached; one customer has < 40 orders.
        assert!((3_000..3_040).contains(&rows), "{rows}");
        // Every file has rows.
        for f in &files {
            assert!(!parse(lang, f).rows.is_empty(), "{} is empty", f.name);
        }
    }
}

#[test]
fn portuguese_orders_are_a_brazilian_spreadsheet() {
    let s = sample(Lang::Pt);
    let orders = &s["pedidos.csv"];
    assert_eq!(
        orders.header,
        [
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
            "custo"
        ]
    );
    let statuses: BTreeSet<&str> = orders.values("status").collect();
    assert_eq!(
        statuses,
        BTreeSet::from([
            "cancelado",
            "carrinho abandonado",
            "pago",
            "pendente",
            "reembolsado"
        ])
    );
    let types: BTreeSet<&str> = orders.values("tipo_pedido").collect();
    assert_eq!(
        types,
        BTreeSet::from(["cross-sell", "novo", "recompra", "upsell"])
    );
    let is_br_amount = |v: &str| {
        let Some((whole, cents)) = v.split_once(',') else {
            return false;
        };
        let groups: Vec<&str> = whole.split('.').collect();
        cents.len() == 2
            && cents.bytes().all(|b| b.is_ascii_digit())
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
    };
    assert!(orders.values("valor").all(is_br_amount));
    assert!(orders.values("custo").all(is_br_amount));
    assert!(
        orders.values("valor").any(|v| v.contains('.')),
        "some amount ≥ 1.000,00"
    );
    // dd/mm/aaaa HH:MM:SS, with days above 12 (so day-first is decidable).
    let dates: Vec<&str> = orders.values("data_pedido").collect();
    for d in &dates {
        let b = d.as_bytes();
        assert!(
            b.len() == 19
                && b[2] == b'/'
                && b[5] == b'/'
                && b[10] == b' '
                && b[13] == b':'
                && b[16] == b':',
            "{d}"
        );
    }
    assert!(
        dates
            .iter()
            .any(|d| d[..2].parse::<u32>().unwrap_or(0) > 12)
    );
}

#[test]
fn english_orders_use_plain_formats() {
    let s = sample(Lang::En);
    let orders = &s["orders.csv"];
    assert_eq!(
        orders.header,
        [
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
            "cost"
        ]
    );
    let statuses: BTreeSet<&str> = orders.values("status").collect();
    assert_eq!(
        statuses,
        BTreeSet::from(["abandoned", "cancelled", "completed", "pending", "refunded"])
    );
    for a in orders.values("amount") {
        assert!(
            a.parse::<f64>().is_ok() && a.split_once('.').map(|(_, c)| c.len()) == Some(2),
            "{a}"
        );
    }
    for d in orders.values("order_date") {
        assert!(
            chrono::NaiveDateTime::parse_from_str(d, "%Y-%m-%d %H:%M:%S").is_ok(),
            "{d}"
        );
    }
}

#[test]
fn dates_span_2024_to_october_2026() {
    let s = sample(Lang::En);
    let days: BTreeSet<&str> = s["orders.csv"]
        .values("order_date")
        .map(|d| &d[..10])
        .collect();
    let first = days.iter().next().copied().unwrap_or_default();
    let last = days.iter().next_back().copied().unwrap_or_default();
    assert!(first.starts_with("2024-01"), "{first}");
    assert!(last.starts_with("2026-10"), "{last}");
    for f in ["sessions.csv", "tickets.csv", "leads.csv", "reviews.csv"] {
        let col = s[f]
            .header
            .iter()
            .position(|h| h.ends_with("_at") || h.ends_with("date"))
            .unwrap_or(0);
        for r in &s[f].rows {
            let d = &r[col];
            assert!(
                d.is_empty() || ("2024-01-01".."2026-11-01").contains(&&d[..10]),
                "{f}: {d}"
            );
        }
    }
}

#[test]
fn customers_are_the_same_people_in_every_file() {
    for lang in [Lang::Pt, Lang::En] {
        let s = sample(lang);
        let name = |en: &str, pt: &str| {
            if lang == Lang::En {
                en.to_string()
            } else {
                pt.to_string()
            }
        };
        let cid = if lang == Lang::En {
            "customer_id"
        } else {
            "cliente_id"
        };
        let orders = &s[&name("orders.csv", "pedidos.csv")];
        let mut email_of: HashMap<String, String> = HashMap::new();
        for r in &orders.rows {
            let (c, e) = (r[orders.col(cid)].clone(), r[orders.col("email")].clone());
            let prev = email_of.insert(c.clone(), e.clone());
            assert!(
                prev.is_none() || prev == Some(e),
                "customer {c} has two e-mails"
            );
        }
        // Every file with a customer id and an e-mail agrees with the orders file.
        for file in [
            name("subscriptions.csv", "assinaturas.csv"),
            name("tickets.csv", "chamados.csv"),
            name("survey_responses.csv", "respostas_pesquisas.csv"),
            name("reviews.csv", "avaliacoes.csv"),
        ] {
            let t = &s[&file];
            assert!(!t.rows.is_empty(), "{file}");
            for r in &t.rows {
                let c = &r[t.col(cid)];
                assert_eq!(email_of.get(c), Some(&r[t.col("email")]), "{file}: {c}");
            }
        }
        // Customer ids in files without e-mails are known customers.
        for (file, col) in [
            (name("product_events.csv", "eventos_produto.csv"), cid),
            (
                name("help_article_views.csv", "visualizacoes_artigos.csv"),
                cid,
            ),
            (name("sessions.csv", "sessoes.csv"), cid),
        ] {
            for c in s[&file].values(col).filter(|c| !c.is_empty()) {
                assert!(email_of.contains_key(c), "{file}: unknown customer {c}");
            }
        }
        // Converted leads are buyers, matched by normalised e-mail; others never bought.
        let buyers: HashSet<String> = {
            let status = orders.col("status");
            let paid = if lang == Lang::En {
                "completed"
            } else {
                "pago"
            };
            orders
                .rows
                .iter()
                .filter(|r| r[status] == paid)
                .map(|r| r[orders.col("email")].to_lowercase())
                .collect()
        };
        let leads = &s["leads.csv"];
        let conv = leads.col(if lang == Lang::En {
            "converted"
        } else {
            "convertido"
        });
        let yes = if lang == Lang::En { "true" } else { "sim" };
        let mut converted = 0;
        for r in &leads.rows {
            let e = r[leads.col("email")].trim().to_lowercase();
            assert_eq!(r[conv] == yes, buyers.contains(&e), "lead {e}");
            converted += usize::from(r[conv] == yes);
        }
        assert!(converted > 0 && converted < leads.rows.len());
        // Reviews name real orders of the same customer.
        let order_customer: HashMap<&str, &str> = orders
            .rows
            .iter()
            .map(|r| (r[0].as_str(), r[orders.col(cid)].as_str()))
            .collect();
        let reviews = &s[&name("reviews.csv", "avaliacoes.csv")];
        let oid = if lang == Lang::En {
            "order_id"
        } else {
            "pedido_id"
        };
        for r in &reviews.rows {
            assert_eq!(
                order_customer.get(r[reviews.col(oid)].as_str()),
                Some(&r[reviews.col(cid)].as_str())
            );
        }
    }
}

#[test]
fn subscriptions_move_in_every_direction() {
    let s = sample(Lang::En);
    let subs = &s["subscriptions.csv"];
    let (c, mrr, start, end) = (
        subs.col("customer_id"),
        subs.col("mrr"),
        subs.col("start_date"),
        subs.col("end_date"),
    );
    let mut by_customer: HashMap<&str, Vec<(&str, &str, f64)>> = HashMap::new();
    for r in &subs.rows {
        let m: f64 = r[mrr].parse().expect("mrr");
        by_customer
            .entry(&r[c])
            .or_default()
            .push((&r[start], &r[end], m));
    }
    let (mut expansion, mut contraction, mut churn, mut reactivation) = (0, 0, 0, 0);
    for rows in by_customer.values() {
        for (i, (_, e, m)) in rows.iter().enumerate() {
            match rows.get(i + 1) {
                Some((s2, _, m2)) if s2 == e && m2 > m => expansion += 1,
                Some((s2, _, m2)) if s2 == e && m2 < m => contraction += 1,
                Some((s2, _, _)) if !e.is_empty() && s2 > e => {
                    churn += 1;
                    reactivation += 1;
                }
                None if !e.is_empty() => churn += 1,
                _ => {}
            }
        }
    }
    assert!(
        expansion > 0 && contraction > 0 && churn > 0 && reactivation > 0,
        "{expansion} {contraction} {churn} {reactivation}"
    );
    let intervals: BTreeSet<&str> = subs.values("interval").collect();
    assert_eq!(intervals, BTreeSet::from(["monthly", "yearly"]));
}

#[test]
fn surveys_and_events_are_as_documented() {
    let s = sample(Lang::En);
    let surveys = &s["survey_responses.csv"];
    let mut kinds: HashMap<&str, (u64, u64)> = HashMap::new();
    for r in &surveys.rows {
        let score: u64 = r[surveys.col("score")].parse().expect("score");
        let e = kinds
            .entry(&r[surveys.col("survey")])
            .or_insert((u64::MAX, 0));
        e.0 = e.0.min(score);
        e.1 = e.1.max(score);
    }
    assert_eq!(kinds.get("NPS"), Some(&(0, 10)));
    assert_eq!(kinds.get("CSAT"), Some(&(1, 5)));
    let (ces_min, ces_max) = kinds.get("CES").copied().unwrap_or_default();
    assert!(
        ces_min >= 1 && ces_max == 7,
        "CES on 1-7: {ces_min}..{ces_max}"
    );
    let enps = &s["employee_enps.csv"];
    assert!(
        enps.values("enps")
            .all(|v| v.parse::<u64>().is_ok_and(|n| n <= 10))
    );
    let events: BTreeSet<&str> = s["product_events.csv"].values("event_name").collect();
    for e in [
        "signup",
        "activation",
        "onboarding_complete",
        "workout_completed",
    ] {
        assert!(events.contains(e), "{e}");
    }
    // Portuguese comments in the Portuguese sample.
    let pt = sample(Lang::Pt);
    assert!(
        pt["respostas_pesquisas.csv"]
            .values("comentario")
            .any(|c| c.contains("entrega"))
    );
}

#[test]
fn agent_shifts_count_the_contacts_agents_handled() {
    let s = sample(Lang::En);
    let shifts = &s["agent_shifts.csv"];
    let handled: u64 = shifts
        .values("contacts_handled")
        .map(|v| v.parse::<u64>().expect("n"))
        .sum();
    let tickets_by_agents = s["tickets.csv"]
        .values("agent")
        .filter(|a| !a.is_empty())
        .count() as u64;
    let chats_by_agents = s["chats.csv"]
        .values("agent")
        .filter(|a| !a.is_empty())
        .count() as u64;
    assert_eq!(handled, tickets_by_agents + chats_by_agents);
}

/// FNV-1a over every file's name and bytes: a fingerprint of one whole sample.
fn fingerprint(files: &[SampleFile]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for f in files {
        for b in f.name.bytes().chain(f.csv.iter().copied()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The bytes of `generate(Orders(2_000), Pt, 7)`, pinned, so a change of output is a decision
/// (update the value) and not an accident. The same value was checked in wasm (node,
/// wasm-bindgen-test-runner) when the generator last changed; the pt value changed natively
/// when the Portuguese moments gained their seconds (not re-checked in wasm: no wasm test here).
const PT_2000_SEED_7: u64 = 0x93ab_cab9_a3d7_949b;
const EN_2000_SEED_7: u64 = 9_357_314_939_548_626_348;

#[test]
fn native_fingerprint_is_pinned() {
    let files = generate(SampleSize::Orders(2_000), Lang::Pt, 7);
    assert_eq!(
        fingerprint(&files),
        PT_2000_SEED_7,
        "{:#x}",
        fingerprint(&files)
    );
    let files = generate(SampleSize::Orders(2_000), Lang::En, 7);
    assert_eq!(
        fingerprint(&files),
        EN_2000_SEED_7,
        "{}",
        fingerprint(&files)
    );
}
