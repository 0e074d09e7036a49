//! Small DOM helpers. Every text goes through `textContent` or an attribute: nothing configured
//! is ever parsed as HTML.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Window};

pub(crate) fn window() -> Result<Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no window"))
}

pub(crate) fn document() -> Result<Document, JsValue> {
    window()?
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// `<tag class="...">`.
pub(crate) fn el(doc: &Document, tag: &str, class: &str) -> Result<Element, JsValue> {
    let e = doc.create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    Ok(e)
}

/// `<tag class="...">text</tag>`, the text set as text.
pub(crate) fn text_el(
    doc: &Document,
    tag: &str,
    class: &str,
    text: &str,
) -> Result<Element, JsValue> {
    let e = el(doc, tag, class)?;
    e.set_text_content(Some(text));
    Ok(e)
}

pub(crate) fn attrs(e: &Element, pairs: &[(&str, &str)]) -> Result<(), JsValue> {
    for (k, v) in pairs {
        e.set_attribute(k, v)?;
    }
    Ok(())
}

pub(crate) fn button(
    doc: &Document,
    class: &str,
    act: &str,
    label: &str,
) -> Result<Element, JsValue> {
    let b = text_el(doc, "button", class, label)?;
    attrs(&b, &[("type", "button"), ("data-act", act)])?;
    Ok(b)
}

const SVG: &str = "http://www.w3.org/2000/svg";

/// A 24×24 inline SVG icon made of paths (stars and faces), hidden from assistive technology.
pub(crate) fn icon(
    doc: &Document,
    paths: &[&str],
    circles: &[(&str, &str, &str)],
) -> Result<Element, JsValue> {
    let svg = doc.create_element_ns(Some(SVG), "svg")?;
    attrs(
        &svg,
        &[
            ("viewBox", "0 0 24 24"),
            ("aria-hidden", "true"),
            ("focusable", "false"),
        ],
    )?;
    for d in paths {
        let p = doc.create_element_ns(Some(SVG), "path")?;
        p.set_attribute("d", d)?;
        svg.append_child(&p)?;
    }
    for (cx, cy, r) in circles {
        let c = doc.create_element_ns(Some(SVG), "circle")?;
        attrs(&c, &[("cx", cx), ("cy", cy), ("r", r)])?;
        svg.append_child(&c)?;
    }
    Ok(svg)
}

pub(crate) fn set(obj: &Object, key: &str, value: &JsValue) {
    // Reflect::set on a plain object cannot fail.
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

pub(crate) fn get_string(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key)).ok()?.as_string()
}

pub(crate) fn get_f64(obj: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(obj, &JsValue::from_str(key)).ok()?.as_f64()
}

/// Unix milliseconds as an integer (no float formatting or parsing in the bundle).
pub(crate) fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub(crate) fn log_error(context: &str, err: &JsValue) {
    let detail = err
        .as_string()
        .or_else(|| get_string(err, "message"))
        .unwrap_or_else(|| String::from("unknown error"));
    web_sys::console::error_1(&JsValue::from_str(&format!(
        "jornada-survey: {context}: {detail}"
    )));
}

pub(crate) fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("jornada-survey: {message}")));
}
