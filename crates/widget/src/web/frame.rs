//! iframe mode (`survey.html#kind=nps&...`): configuration from the URL fragment, answers and
//! size sent to the parent page with `postMessage` to one origin only, and `show`/`hide`
//! accepted only from that origin and from the parent window.

use std::cell::RefCell;

use js_sys::Object;
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlElement, MessageEvent};

use super::dom::{self, set};
use super::style;
use super::view::{self, Mode, Shared};

thread_local! {
    /// The widget of this iframe document (there is exactly one).
    static FRAME: RefCell<Option<Shared>> = const { RefCell::new(None) };
}

/// The origin messages go to: the configured `origin`, else the referrer's origin (the page
/// that loaded the iframe). Without either, nothing is posted.
fn parent_origin() -> Option<String> {
    let configured = FRAME.with(|f| {
        f.borrow()
            .as_ref()
            .and_then(|w| w.try_borrow().ok()?.config_parent_origin())
    });
    if configured.is_some() {
        return configured;
    }
    let referrer = dom::document().ok()?.referrer();
    let url = web_sys::Url::new(&referrer).ok()?;
    let origin = url.origin();
    (origin != "null" && !origin.is_empty()).then_some(origin)
}

/// Posts `{type, ...}` to the parent, if this is an iframe with a known parent origin.
pub(crate) fn post(w: &Shared, kind: &str, detail: &JsValue) {
    if !w
        .try_borrow()
        .map(|w| w.mode() == Mode::Frame)
        .unwrap_or(false)
    {
        return;
    }
    let Ok(window) = dom::window() else { return };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    let Some(origin) = parent_origin() else {
        dom::warn("no `origin` in the fragment and no referrer: not posting to the parent page");
        return;
    };
    let message = Object::new();
    set(&message, "type", &JsValue::from_str(kind));
    if !detail.is_undefined() {
        set(&message, "answer", detail);
    }
    if let Err(e) = parent.post_message(&message, &origin) {
        dom::log_error("posting to the parent page", &e);
    }
}

fn post_height(w: &Shared) {
    let height = dom::document()
        .ok()
        .and_then(|d| d.get_element_by_id("jornada"))
        .map(|e| f64::from(e.unchecked_into::<HtmlElement>().offset_height()))
        .unwrap_or(0.0);
    let message = Object::new();
    set(&message, "height", &JsValue::from_f64(height));
    post_raw(w, "jornada:resize", &message);
}

fn post_raw(w: &Shared, kind: &str, message: &Object) {
    if !w
        .try_borrow()
        .map(|w| w.mode() == Mode::Frame)
        .unwrap_or(false)
    {
        return;
    }
    let (Ok(window), Some(origin)) = (dom::window(), parent_origin()) else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    set(message, "type", &JsValue::from_str(kind));
    let _ = parent.post_message(message, &origin);
}

/// In iframe mode, tells the parent page about an answer in trouble (see
/// [`view::report_error`]): `{type: "jornada:error", reason, answer, csv}`.
pub(crate) fn post_error(detail: &Object) {
    let widget = FRAME.with(|f| f.borrow().clone());
    if let Some(w) = widget {
        post_raw(&w, "jornada:error", detail);
    }
}

/// After each render the parent learns the new height (the ResizeObserver also catches
/// reflows such as wrapping at a narrower width).
pub(crate) fn after_render(w: &Shared) {
    post_height(w);
}

/// Boots `survey.html`: reads the fragment, mounts on `#jornada`, wires messages and resizing.
pub(crate) fn boot() -> Result<(), JsValue> {
    let window = dom::window()?;
    let doc = dom::document()?;
    doc.set_adopted_style_sheets(&js_sys::Array::of1(&style::frame_document_sheet()?.into()));
    let fragment = window.location().hash()?;
    let mut pairs = Vec::new();
    for pair in fragment
        .trim_start_matches('#')
        .split('&')
        .filter(|p| !p.is_empty())
    {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        pairs.push((form_decode(key)?, form_decode(value)?));
    }
    let host: HtmlElement = doc
        .get_element_by_id("jornada")
        .ok_or_else(|| JsValue::from_str("survey.html has no #jornada element"))?
        .unchecked_into();
    // Stored before mounting so the first render's resize message knows the parent origin.
    let widget = view::mount_deferred(host.clone(), pairs, Mode::Frame)?;
    FRAME.with(|f| *f.borrow_mut() = Some(widget.clone()));
    if let Some(lang) = widget.try_borrow().ok().map(|w| w.lang_tag())
        && let Some(root) = doc.document_element()
    {
        root.set_attribute("lang", lang)?;
    }
    view::start(&widget)?;

    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(widget) = FRAME.with(|f| f.borrow().clone()) else {
            return;
        };
        let Some(origin) = parent_origin() else {
            return;
        };
        if event.origin() != origin {
            return;
        }
        let from_parent = match (
            event.source(),
            dom::window().ok().and_then(|w| w.parent().ok().flatten()),
        ) {
            (Some(source), Some(parent)) => Object::is(&source, &parent),
            _ => false,
        };
        if !from_parent {
            return;
        }
        let result = match dom::get_string(&event.data(), "type").as_deref() {
            Some("jornada:show") => view::show(&widget, true),
            Some("jornada:hide") => view::dismiss(&widget),
            _ => Ok(()),
        };
        if let Err(e) = result {
            dom::log_error("message from the parent page", &e);
        }
    });
    window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref())?;
    on_message.forget();

    let resize = Closure::<dyn FnMut()>::new(move || {
        if let Some(widget) = FRAME.with(|f| f.borrow().clone()) {
            post_height(&widget);
        }
    });
    let observer = web_sys::ResizeObserver::new(resize.as_ref().unchecked_ref())?;
    observer.observe(&host);
    resize.forget();
    // The observer lives as long as the document.
    std::mem::forget(observer);
    Ok(())
}

/// Decodes one `application/x-www-form-urlencoded` component (`+` is a space), as
/// `URLSearchParams` would; a malformed `%` escape is an error naming the text.
fn form_decode(text: &str) -> Result<String, JsValue> {
    let spaced: String = text
        .chars()
        .map(|c| if c == '+' { ' ' } else { c })
        .collect();
    js_sys::decode_uri_component(&spaced)
        .map(String::from)
        .map_err(|_| {
            JsValue::from_str(&format!(
                "the URL fragment has a malformed escape in \"{text}\""
            ))
        })
}
