//! Exports: the metrics as CSV (safe to open in a spreadsheet), charts as SVG or PNG.

use crate::formulas::formula_text;
use crate::i18n::{Lang, metric_name, t};
use jornada_engine::report::Stage;
use jornada_engine::{Report, Unit, csv_cell};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The spreadsheet dialect of the user's language: Brazilian Excel reads `;` between cells,
/// decimal commas and, to know the file is UTF-8, a byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub separator: char,
    pub decimal: char,
    pub bom: bool,
}

impl Dialect {
    pub fn of(lang: Lang) -> Dialect {
        match lang {
            Lang::Pt => Dialect {
                separator: ';',
                decimal: ',',
                bom: true,
            },
            Lang::En => Dialect {
                separator: ',',
                decimal: '.',
                bom: false,
            },
        }
    }
}

/// Decimal places a value of `unit` is written with: what the dashboard shows, plus two for
/// rates (kept as fractions, 0.1234 = 12.34%), so no float noise reaches the file.
pub fn decimals(unit: Unit, v: f64) -> usize {
    match unit {
        Unit::Count | Unit::Table if v.fract() == 0.0 => 0,
        Unit::Rate => 4,
        Unit::Score => 1,
        _ => 2,
    }
}

/// `v` rounded to `decimals` places in the dialect (no thousands separator); empty when absent.
pub fn csv_number(v: Option<f64>, decimals: usize, dialect: Dialect) -> String {
    match v {
        Some(v) if v.is_finite() => {
            let mut text = format!("{v:.decimals$}");
            if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
                text.remove(0);
            }
            if dialect.decimal != '.' {
                text = text.replace('.', &dialect.decimal.to_string());
            }
            text
        }
        _ => String::new(),
    }
}

fn unit_word(lang: Lang, unit: Unit) -> &'static str {
    let (pt, en) = match unit {
        Unit::Count => ("contagem", "count"),
        Unit::Currency => ("moeda", "currency"),
        Unit::Rate => ("taxa (fração)", "rate (fraction)"),
        Unit::Score => ("pontuação", "score"),
        Unit::Mean => ("média", "mean"),
        Unit::Hours => ("horas", "hours"),
        Unit::Days => ("dias", "days"),
        Unit::Ratio => ("razão", "ratio"),
        Unit::Table => ("tabela", "table"),
    };
    if lang == Lang::Pt { pt } else { en }
}

fn stage_word(lang: Lang, stage: Stage) -> &'static str {
    t(
        lang,
        match stage {
            Stage::Journey => "nav.journey",
            Stage::Attraction => "nav.attraction",
            Stage::Sales => "nav.sales",
            Stage::Service => "nav.service",
            Stage::Loyalty => "nav.loyalty",
        },
    )
}

const HEADER_EN: [&str; 15] = [
    "metric",
    "name",
    "stage",
    "unit",
    "currency",
    "period",
    "key",
    "value",
    "previous",
    "change (fraction)",
    "interval_low",
    "interval_high",
    "n",
    "formula",
    "sources",
];
const HEADER_PT: [&str; 15] = [
    "métrica",
    "nome",
    "etapa",
    "unidade",
    "moeda",
    "período",
    "chave",
    "valor",
    "anterior",
    "variação (fração)",
    "intervalo_inferior",
    "intervalo_superior",
    "n",
    "fórmula",
    "fontes",
];

/// The profiles CSV's header, (pt, en), in `PROFILE_COLUMNS` order.
const PROFILE_HEADER: [(&str, &str); 20] = [
    ("cliente", "customer"),
    ("e-mail", "email"),
    ("visto pela primeira vez", "first seen"),
    ("origem de aquisição", "acquisition source"),
    ("etapa alcançada", "stage reached"),
    ("data do lead", "lead date"),
    ("primeiro pedido", "first order"),
    ("último pedido", "last order"),
    ("pedidos", "orders"),
    ("receita", "revenue"),
    ("tickets", "tickets"),
    (
        "mediana da primeira resposta (h)",
        "median first response (h)",
    ),
    ("último NPS", "last NPS"),
    ("último CSAT", "last CSAT"),
    ("último CES", "last CES"),
    ("engajamento", "engagement"),
    ("saúde", "health"),
    ("faixa de saúde", "health band"),
    ("P(ativo)", "P(alive)"),
    ("CLV previsto", "predicted CLV"),
];

/// Decimal places of each numeric profile column (by `PROFILE_COLUMNS` index): counts whole,
/// money and hours 2, answers and health 1, P(alive) 4.
fn profile_decimals(column: usize) -> usize {
    match column {
        8 | 10 => 0,
        12..=14 | 16 => 1,
        18 => 4,
        _ => 2,
    }
}

/// Every customer's profile (the engine's `profile_rows`) in `lang`'s spreadsheet dialect
/// ([`Dialect::of`], as [`metrics_csv`]): header, stage reached and health band in the UI
/// language, numbers rounded ([`profile_decimals`]) with the dialect's decimal mark, every
/// text cell formula-safe ([`csv_cell`]).
pub fn profiles_csv(
    rows: &[Vec<jornada_engine::metrics::journey::ProfileCell>],
    lang: Lang,
) -> String {
    use jornada_engine::metrics::journey::ProfileCell;
    let dialect = Dialect::of(lang);
    let sep = dialect.separator.to_string();
    let mut out = String::new();
    if dialect.bom {
        out.push('\u{feff}');
    }
    let header: Vec<String> = PROFILE_HEADER
        .iter()
        .map(|(pt, en)| csv_cell(lang.pick(pt, en)))
        .collect();
    out.push_str(&header.join(&sep));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                ProfileCell::Text(w) if i == 4 => {
                    csv_cell(crate::i18n::journey_step(lang, w).unwrap_or(w))
                }
                ProfileCell::Text(w) if i == 17 => csv_cell(match (w.as_str(), lang) {
                    ("red", Lang::Pt) => "vermelho",
                    ("yellow", Lang::Pt) => "amarelo",
                    ("green", Lang::Pt) => "verde",
                    (w, _) => w,
                }),
                ProfileCell::Text(w) => csv_cell(w),
                ProfileCell::Number(v) => csv_number(*v, profile_decimals(i), dialect),
            })
            .collect();
        out.push_str(&cells.join(&sep));
        out.push_str("\r\n");
    }
    out
}

/// Every metric of the report (all stages, whichever page the user is on: the button says
/// so): one row per metric, then one per series point and per breakdown row. Numbers are
/// rounded to the metric's precision in the language's dialect ([`Dialect::of`]); headers,
/// names, stages, units and formulas are in the UI language; money metrics carry their
/// currency (the report's main one for pooled money figures); "previous" is empty where the
/// engine has none.
pub fn metrics_csv(report: &Report, lang: Lang) -> String {
    let dialect = Dialect::of(lang);
    let sep = dialect.separator.to_string();
    let mut out = String::new();
    if dialect.bom {
        out.push('\u{feff}');
    }
    let header = if lang == Lang::Pt {
        HEADER_PT
    } else {
        HEADER_EN
    };
    out.push_str(&header.map(csv_cell).join(&sep));
    out.push_str("\r\n");
    let mut line = |cells: [String; 15]| {
        out.push_str(&cells.join(&sep));
        out.push_str("\r\n");
    };
    for m in &report.metrics {
        let currency = crate::details::with_money_currency(m, report)
            .currency
            .clone()
            .unwrap_or_default();
        let money = m.unit == Unit::Currency || !currency.is_empty();
        let currency = if money { currency } else { String::new() };
        let num = |v: Option<f64>| csv_number(v, decimals(m.unit, v.unwrap_or(0.0)), dialect);
        let ident = || {
            [
                csv_cell(&m.id),
                csv_cell(&metric_name(lang, &m.id)),
                csv_cell(stage_word(lang, m.stage)),
                csv_cell(unit_word(lang, m.unit)),
                csv_cell(&currency),
            ]
        };
        let [id, name, stage, unit, cur] = ident();
        line([
            id,
            name,
            stage,
            unit,
            cur,
            String::new(),
            String::new(),
            num(m.value),
            num(m.previous),
            csv_number(m.change_pct, 4, dialect),
            num(m.interval.as_ref().map(|i| i.low)),
            num(m.interval.as_ref().map(|i| i.high)),
            m.n.map(|n| n.to_string()).unwrap_or_default(),
            csv_cell(&formula_text(lang, &m.formula)),
            csv_cell(&m.sources.join(" | ")),
        ]);
        for p in &m.series {
            let [id, name, stage, unit, cur] = ident();
            line([
                id,
                name,
                stage,
                unit,
                cur,
                csv_cell(&p.period),
                String::new(),
                num(p.value),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                p.n.map(|n| n.to_string()).unwrap_or_default(),
                String::new(),
                String::new(),
            ]);
        }
        for b in &m.breakdowns {
            let by = crate::roles::role_label(lang, &b.by).unwrap_or(&b.by);
            for r in &b.rows {
                let [id, name, stage, unit, cur] = ident();
                line([
                    id,
                    name,
                    stage,
                    unit,
                    cur,
                    String::new(),
                    csv_cell(&format!("{by}={}", r.key)),
                    num(r.value),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    r.n.map(|n| n.to_string()).unwrap_or_default(),
                    String::new(),
                    String::new(),
                ]);
            }
        }
    }
    out
}

/// The rows behind a value (an explanation, all of its rows) as CSV in the UI language and
/// its dialect: file, the file's kind by name, line, counted or not, the rule, the value as it
/// entered the formula (money with its currency in a column of its own) and the row's cells.
pub fn rows_csv(
    e: &crate::protocol::ExplanationView,
    lang: Lang,
    unit: Unit,
    currency: Option<&str>,
    kinds: &[(String, String)],
) -> String {
    let dialect = Dialect::of(lang);
    let sep = dialect.separator.to_string();
    let mut out = String::new();
    if dialect.bom {
        out.push('\u{feff}');
    }
    let header = match lang {
        Lang::Pt => [
            "arquivo",
            "tipo de arquivo",
            "linha",
            "entra",
            "regra",
            "valor",
            "moeda",
            "conteúdo da linha",
        ],
        Lang::En => [
            "file",
            "file kind",
            "line",
            "counted",
            "rule",
            "value",
            "currency",
            "row content",
        ],
    };
    out.push_str(&header.map(csv_cell).join(&sep));
    out.push_str("\r\n");
    let money = unit == Unit::Currency;
    for r in &e.rows {
        let kind = kinds
            .iter()
            .find(|(f, _)| *f == r.file)
            .map(|(_, k)| k.as_str())
            .unwrap_or("");
        let value = csv_number(
            r.value,
            if money {
                2
            } else {
                decimals(Unit::Count, r.value.unwrap_or(0.0))
            },
            dialect,
        );
        let cells = r
            .cells
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(" · ");
        let row = [
            csv_cell(&r.file),
            csv_cell(kind),
            r.line.to_string(),
            csv_cell(t(lang, if r.included { "why.yes" } else { "why.no" })),
            csv_cell(&crate::formulas::row_rule(lang, r)),
            value,
            csv_cell(if money && r.value.is_some() {
                currency.unwrap_or("")
            } else {
                ""
            }),
            csv_cell(&cells),
        ];
        out.push_str(&row.join(&sep));
        out.push_str("\r\n");
    }
    out
}

/// The file name of the metrics export in `lang`.
pub fn metrics_file_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Pt => "jornada-metricas.csv",
        Lang::En => "jornada-metrics.csv",
    }
}

/// Starts a download of `data` as `file_name`.
pub fn download(data: &str, mime: &str, file_name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(data));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    download_blob(&blob, file_name)
}

pub fn download_blob(blob: &web_sys::Blob, file_name: &str) -> Result<(), JsValue> {
    // Revoked when dropped.
    let url = gloo::file::ObjectUrl::from(gloo::file::Blob::from(blob.clone()));
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(file_name);
    a.set_class_name("visually-hidden");
    document.body().ok_or("no body")?.append_child(&a)?;
    a.click();
    a.remove();
    // Revoke later: the download has started from the URL by then.
    gloo::timers::callback::Timeout::new(10_000, move || drop(url)).forget();
    Ok(())
}

/// Height of the title line an exported chart carries above the chart.
const TITLE_BAND: f64 = 28.0;

/// `s` safe inside XML text or a double-quoted attribute.
fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The heading an exported chart carries: its title, and the unit of its values when the
/// chart names one (`data-unit`: `R$`, `min`, `h`...).
pub fn export_heading(title: &str, unit: Option<&str>) -> String {
    match unit.filter(|u| !u.is_empty()) {
        Some(u) => format!("{title} ({u})"),
        None => title.to_string(),
    }
}

/// The standalone SVG file of the chart with element id `id`: the chart's title (with its
/// unit) on a line above the chart, a white background, and the app's font on the whole
/// image (`charts::FONT`), so the file reads alone. Returns the text and its size in SVG units.
pub fn svg_file(id: &str) -> Option<(String, f64, f64)> {
    let document = web_sys::window()?.document()?;
    let el = document.get_element_by_id(id)?;
    let view_box = el.get_attribute("viewBox")?;
    let dims: Vec<f64> = view_box
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let [_, _, w, h] = dims.as_slice() else {
        return None;
    };
    let (w, h) = (*w, *h);
    let heading = export_heading(
        &el.get_attribute("aria-label").unwrap_or_default(),
        el.get_attribute("data-unit").as_deref(),
    );
    let chart: web_sys::Element = el.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    for (k, v) in [
        ("x", "0".to_string()),
        ("y", TITLE_BAND.to_string()),
        ("width", w.to_string()),
        ("height", h.to_string()),
    ] {
        chart.set_attribute(k, &v).ok()?;
    }
    let inner = web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&chart)
        .ok()?;
    let total = h + TITLE_BAND;
    let font = xml_escape(crate::charts::FONT);
    let xml = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {total}\" width=\"{w}\" height=\"{total}\" font-family=\"{font}\">\
         <rect width=\"{w}\" height=\"{total}\" fill=\"#ffffff\"/>\
         <text x=\"8\" y=\"19\" font-size=\"14\" font-weight=\"600\" fill=\"#111827\" class=\"export-title\">{}</text>\
         {inner}</svg>",
        xml_escape(&heading)
    );
    Some((xml, w, total))
}

pub fn export_svg(id: &str, file_name: &str) -> Result<(), JsValue> {
    let (svg, _, _) = svg_file(id).ok_or("chart not found")?;
    download(&svg, "image/svg+xml", file_name)
}

/// Renders the chart's SVG onto a canvas at 2x and downloads it as PNG.
pub fn export_png(id: &str, file_name: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let el = document.get_element_by_id(id).ok_or("chart not found")?;
    let rect = el.get_bounding_client_rect();
    let (svg, vb_w, vb_h) = svg_file(id).ok_or("chart not found")?;
    // At least the chart's own size, and as wide as on screen when that is wider.
    let w = rect.width().max(vb_w).max(1.0);
    let h = (w * vb_h / vb_w.max(1.0)).max(1.0);
    let parts = js_sys::Array::of1(&JsValue::from_str(&svg));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let src = url.clone();
    let img = web_sys::HtmlImageElement::new()?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas")?.dyn_into()?;
    let scale = 2.0;
    canvas.set_width((w * scale) as u32);
    canvas.set_height((h * scale) as u32);
    let name = file_name.to_string();
    let img2 = img.clone();
    let onload = Closure::once_into_js(move || {
        let Ok(Some(ctx)) = canvas.get_context("2d") else {
            return;
        };
        let Ok(ctx) = ctx.dyn_into::<web_sys::CanvasRenderingContext2d>() else {
            return;
        };
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, w * scale, h * scale);
        let _ = ctx.draw_image_with_html_image_element_and_dw_and_dh(
            &img2,
            0.0,
            0.0,
            w * scale,
            h * scale,
        );
        let _ = web_sys::Url::revoke_object_url(&url);
        let done = Closure::once_into_js(move |blob: JsValue| {
            if let Ok(blob) = blob.dyn_into::<web_sys::Blob>() {
                let _ = download_blob(&blob, &name);
            }
        });
        let _ = canvas.to_blob(done.unchecked_ref());
    });
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_src(&src);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jornada_engine::report::{Metric, Point, Stage, Unit};

    fn revenue(value: f64, previous: Option<f64>) -> Report {
        Report {
            metrics: vec![Metric {
                id: "sales.revenue".into(),
                stage: Stage::Sales,
                unit: Unit::Currency,
                direction: jornada_engine::Direction::Neutral,
                value: Some(value),
                currency: Some("BRL".into()),
                n: Some(3),
                interval: None,
                small_sample: true,
                previous,
                change_pct: None,
                change_significant: None,
                series: vec![Point {
                    period: "2025-03".into(),
                    start: "2025-03-01".into(),
                    value: Some(value),
                    n: Some(3),
                    partial: false,
                }],
                breakdowns: vec![],
                details: Default::default(),
                table: None,
                formula: "=sum of completed amounts".into(),
                sources: vec!["pedidos.csv".into()],
                segment: None,
            }],
            unavailable: vec![],
        }
    }

    #[test]
    fn english_csv_has_value_series_and_neutral_text() {
        let csv = metrics_csv(&revenue(2011201.4499998707, None), Lang::En);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[0],
            "metric,name,stage,unit,currency,period,key,value,previous,change (fraction),interval_low,interval_high,n,formula,sources"
        );
        // Rounded to cents; no previous: empty, not 0; the formula neutralised.
        assert_eq!(
            lines[1],
            "sales.revenue,Revenue,Sales,currency,BRL,,,2011201.45,,,,,3,'=sum of completed amounts,pedidos.csv"
        );
        assert_eq!(
            lines[2],
            "sales.revenue,Revenue,Sales,currency,BRL,2025-03,,2011201.45,,,,,3,,"
        );
    }

    #[test]
    fn brazilian_csv_uses_semicolons_decimal_commas_and_a_bom() {
        let csv = metrics_csv(&revenue(1234.5, Some(0.0)), Lang::Pt);
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert!(
            lines[0].starts_with("métrica;nome;etapa;unidade;moeda;período;chave;valor;anterior;")
        );
        assert_eq!(
            lines[1],
            "sales.revenue;Receita;Vendas;moeda;BRL;;;1234,50;0,00;;;;3;'=sum of completed amounts;pedidos.csv"
        );
    }

    #[test]
    fn numbers_round_to_the_unit() {
        let en = Dialect::of(Lang::En);
        let pt = Dialect::of(Lang::Pt);
        assert_eq!(
            csv_number(Some(0.123456), decimals(Unit::Rate, 0.1), en),
            "0.1235"
        );
        assert_eq!(
            csv_number(Some(0.123456), decimals(Unit::Rate, 0.1), pt),
            "0,1235"
        );
        assert_eq!(
            csv_number(Some(42.0), decimals(Unit::Count, 42.0), pt),
            "42"
        );
        assert_eq!(
            csv_number(Some(2.5), decimals(Unit::Count, 2.5), en),
            "2.50"
        );
        assert_eq!(csv_number(Some(-0.0001), 2, en), "0.00");
        assert_eq!(csv_number(Some(-1234.5678), 2, en), "-1234.57");
        assert_eq!(csv_number(Some(f64::NAN), 2, en), "");
        assert_eq!(csv_number(None, 2, en), "");
    }

    #[test]
    fn profiles_csv_in_each_language() {
        use jornada_engine::metrics::journey::ProfileCell::{Number, Text};
        let text = |s: &str| Text(s.to_string());
        let row = vec![
            text("=1+1"),
            text("a@x.com"),
            text("2025-01-05"),
            text("ads;tv"),
            text("repeat"),
            text(""),
            text("2025-01-05"),
            text("2025-02-01"),
            Number(Some(2.0)),
            Number(Some(-1234.5)),
            Number(Some(0.0)),
            Number(None),
            Number(Some(9.0)),
            Number(None),
            Number(None),
            Number(Some(3.0)),
            Number(Some(49.03)),
            text("red"),
            Number(Some(0.87654)),
            Number(Some(120.456)),
        ];
        let pt = profiles_csv(std::slice::from_ref(&row), Lang::Pt);
        assert!(pt.starts_with("\u{feff}cliente;e-mail;"));
        let line = pt.lines().nth(1).unwrap_or_default();
        assert_eq!(
            line,
            "'=1+1;a@x.com;2025-01-05;\"ads;tv\";Recompra;;2025-01-05;2025-02-01;2;-1234,50;0;;9,0;;;3,00;49,0;vermelho;0,8765;120,46"
        );
        let en = profiles_csv(&[row], Lang::En);
        assert!(en.starts_with("customer,email,"));
        let line = en.lines().nth(1).unwrap_or_default();
        assert_eq!(
            line,
            "'=1+1,a@x.com,2025-01-05,\"ads;tv\",Repeat purchase,,2025-01-05,2025-02-01,2,-1234.50,0,,9.0,,,3.00,49.0,red,0.8765,120.46"
        );
    }

    #[test]
    fn rows_csv_in_portuguese() {
        use crate::protocol::{ExplainedRow, ExplanationView};
        let e = ExplanationView {
            id: "sales.revenue".into(),
            period: None,
            first_day: String::new(),
            last_day: String::new(),
            formula: String::new(),
            value: Some(1234.5),
            by: None,
            segment: None,
            segment_use: None,
            rows: vec![
                ExplainedRow {
                    file: "pedidos.csv".into(),
                    line: 2,
                    included: true,
                    rule: "included: completed order (status Pago)".into(),
                    value: Some(1234.499999),
                    cells: vec![
                        ("valor".into(), "1.234,50".into()),
                        ("obs".into(), "=1+1".into()),
                    ],
                    step: None,
                    why: None,
                },
                ExplainedRow {
                    file: "pedidos.csv".into(),
                    line: 3,
                    included: false,
                    rule: "excluded: no amount".into(),
                    value: None,
                    cells: vec![],
                    step: None,
                    why: None,
                },
            ],
            total_rows: 2,
            included_rows: 1,
            offset: 0,
            export: true,
        };
        let kinds = [("pedidos.csv".to_string(), "Pedidos".to_string())];
        let csv = rows_csv(&e, Lang::Pt, Unit::Currency, Some("BRL"), &kinds);
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(
            lines[0],
            "arquivo;tipo de arquivo;linha;entra;regra;valor;moeda;conteúdo da linha"
        );
        assert_eq!(
            lines[1],
            "pedidos.csv;Pedidos;2;sim;entra: pedido concluído (status Pago);1234,50;BRL;\"valor: 1.234,50 · obs: =1+1\""
        );
        assert_eq!(
            lines[2],
            "pedidos.csv;Pedidos;3;não;não entra: sem valor;;;"
        );
    }
}
