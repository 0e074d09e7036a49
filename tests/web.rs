#![cfg(target_arch = "wasm32")]
// Clippy's `allow-unwrap-in-tests` does not know `#[wasm_bindgen_test]`.
#![allow(clippy::unwrap_used)]
//! Components mount and render in a real browser (headless Chromium via wasm-bindgen-test).

use jornada_app::charts::{self, Datum, Pick};
use jornada_app::i18n::Lang;
use jornada_app::state::AppState;
use jornada_app::views::dashboard::metric_card;
use jornada_engine::Granularity;
use jornada_engine::report::{Direction, Interval, Metric, Point, Stage, Unit};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

fn revenue() -> Metric {
    Metric {
        id: "sales.revenue".into(),
        stage: Stage::Sales,
        unit: Unit::Currency,
        direction: Direction::HigherIsBetter,
        value: Some(1234.56),
        currency: Some("BRL".into()),
        n: Some(42),
        interval: None,
        small_sample: false,
        previous: Some(1122.33),
        change_pct: Some(0.1),
        change_significant: Some(true),
        series: vec![
            Point {
                period: "2025-02".into(),
                start: "2025-02-01".into(),
                value: Some(1122.33),
                n: Some(40),
                partial: false,
            },
            Point {
                period: "2025-03".into(),
                start: "2025-03-01".into(),
                value: Some(1234.56),
                n: Some(42),
                partial: false,
            },
        ],
        breakdowns: vec![],
        details: Default::default(),
        table: None,
        formula: "sum of completed order amounts".into(),
        sources: vec!["pedidos.csv".into()],
        segment: None,
    }
}

#[wasm_bindgen_test]
fn metric_card_shows_brazilian_money_change_and_why_link() {
    let el = container();
    let m = revenue();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <Router>{metric_card(&m, Granularity::Month, Lang::Pt)}</Router> }
    });
    let text = el.text_content().unwrap();
    assert!(text.contains("Receita"), "{text}");
    assert!(text.contains("R$\u{a0}1.234,56"), "{text}");
    assert!(text.contains("+10,0%"), "{text}");
    assert!(text.contains("n = 42"), "{text}");
    let why = el.query_selector(".card-why a").unwrap().unwrap();
    assert!(
        why.get_attribute("href")
            .unwrap()
            .ends_with("/why?id=sales.revenue")
    );
    assert!(el.query_selector(".sig.yes").unwrap().is_some());
    // The sparkline is decorative.
    let spark = el.query_selector("svg.sparkline").unwrap().unwrap();
    assert_eq!(spark.get_attribute("aria-hidden").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
fn metric_card_in_english_with_interval() {
    let el = container();
    let mut m = revenue();
    m.id = "loyalty.nps".into();
    m.unit = Unit::Score;
    m.value = Some(30.0);
    m.currency = None;
    m.interval = Some(Interval {
        low: 15.0,
        high: 45.0,
        method: "nps_normal".into(),
    });
    m.change_pct = Some(-0.25);
    m.change_significant = Some(false);
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <Router>{metric_card(&m, Granularity::Month, Lang::En)}</Router> }
    });
    let text = el.text_content().unwrap();
    assert!(text.contains("NPS"), "{text}");
    assert!(text.contains("30.0"), "{text}");
    assert!(text.contains("95% CI 15.0 – 45.0"), "{text}");
    assert!(text.contains("−25.0%"), "{text}");
    assert!(el.query_selector(".sig.no").unwrap().is_some());
}

#[wasm_bindgen_test]
fn a_pooled_churn_card_says_its_basis_in_words() {
    let el = container();
    let mut m = revenue();
    m.id = "loyalty.customer_churn_rate".into();
    m.stage = Stage::Loyalty;
    m.unit = Unit::Rate;
    m.value = Some(48.0 / 1909.0);
    m.details = [
        ("basis_pooled_periods", 1.0),
        ("pooled_periods", 33.0),
        ("pooled_customers_churned", 48.0),
        ("pooled_customers_start", 1909.0),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <Router>{metric_card(&m, Granularity::Week, Lang::Pt)}</Router> }
    });
    let basis = el.query_selector(".card-basis").unwrap().unwrap();
    assert_eq!(
        basis.text_content().unwrap(),
        "Agregado em 33 períodos semanais: 48 perdidos / 1.909 no início"
    );
    let text = el.text_content().unwrap();
    assert!(
        !text.contains("pooled_") && !text.contains("basis_"),
        "{text}"
    );
}

#[wasm_bindgen_test]
fn line_chart_has_a_named_focusable_mark_per_period() {
    let el = container();
    let data: Vec<Datum> = [("jan/2025", 10.0), ("fev/2025", 20.0), ("mar/2025", 15.0)]
        .into_iter()
        .map(|(l, v)| {
            charts::datum(
                l.into(),
                v,
                Unit::Count,
                None,
                Lang::Pt,
                Some(Pick {
                    id: "sales.orders".into(),
                    period: None,
                    by: None,
                }),
                charts::BLUE,
            )
        })
        .collect();
    let picked = RwSignal::new(None::<Pick>);
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        charts::line_chart(
            "chart-test".into(),
            "Pedidos".into(),
            data,
            charts::YUnit::of("sales.orders", Unit::Count, None, Lang::Pt),
            Lang::Pt,
            Callback::new(move |p| picked.set(Some(p))),
        )
    });
    let svg = el.query_selector("svg#chart-test").unwrap().unwrap();
    assert_eq!(svg.get_attribute("aria-label").as_deref(), Some("Pedidos"));
    let marks = el
        .query_selector_all("g.mark[tabindex='0'][role='button']")
        .unwrap();
    assert_eq!(marks.length(), 3);
    let first: web_sys::Element = marks.get(1).unwrap().unchecked_into();
    assert_eq!(
        first.get_attribute("aria-label").as_deref(),
        Some("fev/2025: 20")
    );
    // A click on a mark opens its drill-down.
    // SVG elements have no .click(); dispatch a bubbling click (Leptos delegates events).
    let document = web_sys::window().unwrap().document().unwrap();
    let click = document.create_event("MouseEvents").unwrap();
    click.init_event_with_bubbles("click", true);
    first.dispatch_event(&click).unwrap();
    assert_eq!(
        picked.get_untracked().map(|p| p.id),
        Some("sales.orders".to_string())
    );
}

#[wasm_bindgen_test]
fn start_page_states_the_privacy_guarantee() {
    let el = container();
    let _handle = leptos::mount::mount_to(el.clone(), move || {
        let navigate = Callback::new(|_: &'static str| ());
        provide_context(AppState::new(Lang::Pt, Default::default(), false, navigate));
        view! { <Router><jornada_app::views::start::StartPage/></Router> }
    });
    let text = el.text_content().unwrap();
    assert!(text.contains("Seus dados não saem do navegador."), "{text}");
    let input = el
        .query_selector("input#file-input[type='file']")
        .unwrap()
        .unwrap();
    assert!(input.has_attribute("multiple"));
    assert!(
        el.query_selector("label[for='file-input']")
            .unwrap()
            .is_some()
    );
}

/// Requests and ticks cross as plain JS objects (`protocol::to_js`, read by `request_from_js`
/// and `tick_from_js`): maps, options and defaults come back equal, and a hand-written object
/// (the perf bench's) reads.
#[wasm_bindgen_test]
fn worker_requests_and_ticks_round_trip_as_js_objects() {
    use jornada_app::protocol::{
        Crash, MappingOverride, RowWindow, Segment, Tick, ToWorker, reply, request,
        request_from_js, tick_from_js, to_js,
    };
    use std::collections::BTreeMap;
    let load = ToWorker::Load(request::Load {
        names: vec!["pedidos.csv".into()],
        overrides: BTreeMap::from([(
            "sig".to_string(),
            MappingOverride {
                kind: Some("orders".into()),
                roles: BTreeMap::from([("Valor".to_string(), "amount".to_string())]),
            },
        )]),
        add: true,
    });
    let explain = ToWorker::Explain(request::Explain {
        settings: Default::default(),
        query: Default::default(),
        segment: Segment::default(),
        id: "sales.revenue".into(),
        period: None,
        by: Some(("channel".into(), "Google Ads".into())),
        window: RowWindow::default(),
        customer: None,
        rule_has: Some("2025-01".into()),
    });
    for msg in [load, explain, ToWorker::Cancel] {
        assert_eq!(request_from_js(to_js(&msg).unwrap()), Ok(msg));
    }
    let ticks = [
        Tick::Ready,
        Tick::Started(reply::Started {
            files: vec![("a.csv".into(), 12.0)],
        }),
        Tick::Progress(reply::Progress {
            index: 0,
            bytes: 1e9,
            rows: 5_000_000,
            rejected: 3,
            rows_per_s: 1.5e6,
        }),
        Tick::Cancelled,
        Tick::Crashed(Crash {
            detail: "Uncaught RuntimeError: unreachable".into(),
            out_of_memory: true,
            memory: 1e8,
        }),
    ];
    for tick in ticks {
        assert_eq!(tick_from_js(to_js(&tick).unwrap()), Ok(tick));
    }
    let plain = js_sys::JSON::parse(
        r#"{"type":"analyze","settings":{},"query":{"from":null,"to":null,"granularity":"month"},"segment":{"value":null}}"#,
    )
    .unwrap();
    assert!(matches!(
        request_from_js(plain),
        Ok(ToWorker::Analyze(request::Analyze { .. }))
    ));
}
