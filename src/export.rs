//! Exports: the metrics as CSV (safe to open in a spreadsheet), charts as SVG or PNG.

use jornada_engine::Report;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a
/// leading `'`, so it shows as text; then it is quoted if it needs to be.
pub fn csv_text(cell: &str) -> String {
    let neutral = match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    };
    if neutral.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

fn csv_number(v: Option<f64>) -> String {
    match v {
        Some(v) if v.is_finite() => format!("{v}"),
        _ => String::new(),
    }
}

/// One row per metric, then one per series point and per breakdown row, with plain numbers
/// (dot decimals, as `jornada analyze --json` has them) so the file round-trips.
pub fn metrics_csv(report: &Report) -> String {
    let mut out = String::from(
        "metric,stage,unit,currency,period,key,value,previous,change_pct,interval_low,interval_high,n,formula,sources\n",
    );
    let unit = |u: jornada_engine::Unit| {
        serde_json::to_value(u)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let stage = |s: jornada_engine::Stage| {
        serde_json::to_value(s)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    for m in &report.metrics {
        let row = [
            csv_text(&m.id),
            csv_text(&stage(m.stage)),
            csv_text(&unit(m.unit)),
            csv_text(m.currency.as_deref().unwrap_or("")),
            String::new(),
            String::new(),
            csv_number(m.value),
            csv_number(m.previous),
            csv_number(m.change_pct),
            csv_number(m.interval.as_ref().map(|i| i.low)),
            csv_number(m.interval.as_ref().map(|i| i.high)),
            m.n.map(|n| n.to_string()).unwrap_or_default(),
            csv_text(&m.formula),
            csv_text(&m.sources.join(" | ")),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
        for p in &m.series {
            let row = [
                csv_text(&m.id),
                csv_text(&stage(m.stage)),
                csv_text(&unit(m.unit)),
                csv_text(m.currency.as_deref().unwrap_or("")),
                csv_text(&p.period),
                String::new(),
                csv_number(p.value),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                p.n.map(|n| n.to_string()).unwrap_or_default(),
                String::new(),
                String::new(),
            ];
            out.push_str(&row.join(","));
            out.push('\n');
        }
        for b in &m.breakdowns {
            for r in &b.rows {
                let row = [
                    csv_text(&m.id),
                    csv_text(&stage(m.stage)),
                    csv_text(&unit(m.unit)),
                    csv_text(m.currency.as_deref().unwrap_or("")),
                    String::new(),
                    csv_text(&format!("{}={}", b.by, r.key)),
                    csv_number(r.value),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    r.n.map(|n| n.to_string()).unwrap_or_default(),
                    String::new(),
                    String::new(),
                ];
                out.push_str(&row.join(","));
                out.push('\n');
            }
        }
    }
    out
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

/// The standalone SVG text of the chart with element id `id`.
pub fn svg_text(id: &str) -> Option<String> {
    let document = web_sys::window()?.document()?;
    let el = document.get_element_by_id(id)?;
    let xml = web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&el)
        .ok()?;
    Some(xml)
}

pub fn export_svg(id: &str, file_name: &str) -> Result<(), JsValue> {
    let svg = svg_text(id).ok_or("chart not found")?;
    download(&svg, "image/svg+xml", file_name)
}

/// Renders the chart's SVG onto a canvas at 2x and downloads it as PNG.
pub fn export_png(id: &str, file_name: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let el = document.get_element_by_id(id).ok_or("chart not found")?;
    let rect = el.get_bounding_client_rect();
    let (w, h) = (rect.width().max(1.0), rect.height().max(1.0));
    let svg = svg_text(id).ok_or("chart not found")?;
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

    #[test]
    fn formula_injection_is_neutralised() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_text("+55 11 9999"), "'+55 11 9999");
        assert_eq!(csv_text("-1+1"), "'-1+1");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("plain"), "plain");
        assert_eq!(csv_text("a,b"), "\"a,b\"");
    }

    #[test]
    fn metrics_csv_has_value_series_and_neutral_text() {
        let report = Report {
            metrics: vec![Metric {
                id: "sales.revenue".into(),
                stage: Stage::Sales,
                unit: Unit::Currency,
                value: Some(1234.5),
                currency: Some("BRL".into()),
                n: Some(3),
                interval: None,
                small_sample: true,
                previous: None,
                change_pct: None,
                change_significant: None,
                series: vec![Point {
                    period: "2025-03".into(),
                    start: "2025-03-01".into(),
                    value: Some(1234.5),
                    n: Some(3),
                    partial: false,
                }],
                breakdowns: vec![],
                details: Default::default(),
                table: None,
                formula: "=sum of completed amounts".into(),
                sources: vec!["pedidos.csv".into()],
            }],
            unavailable: vec![],
        };
        let csv = metrics_csv(&report);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1],
            "sales.revenue,sales,currency,BRL,,,1234.5,,,,,3,'=sum of completed amounts,pedidos.csv"
        );
        assert_eq!(
            lines[2],
            "sales.revenue,sales,currency,BRL,2025-03,,1234.5,,,,,3,,"
        );
    }
}
