//! The DOM layer (wasm32 only): the `<jornada-survey>` element's Rust side and the iframe page.

mod dom;
mod frame;
mod store;
mod style;
mod view;

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

/// Runs when the wasm module is instantiated: on `survey.html` (body marked
/// `data-jornada-frame`) it boots the iframe mode; on a host page it does nothing until an
/// element mounts.
#[wasm_bindgen(start)]
pub fn start() {
    let is_frame = dom::document()
        .ok()
        .and_then(|d| d.body())
        .is_some_and(|b| b.has_attribute("data-jornada-frame"));
    if is_frame && let Err(e) = frame::boot() {
        dom::log_error("starting the survey page", &e);
    }
}

/// A mounted widget, held by the custom element (see `js/jornada-survey.js`).
#[wasm_bindgen]
pub struct WidgetHandle {
    widget: Option<view::Shared>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Shows the survey now (the `manual` trigger), unless the frequency cap hides it.
    pub fn show(&self) {
        if let Some(w) = &self.widget
            && let Err(e) = view::show(w, true)
        {
            dom::log_error("show()", &e);
        }
    }

    /// Hides the survey; counts as a dismissal for the frequency cap.
    pub fn hide(&self) {
        if let Some(w) = &self.widget
            && let Err(e) = view::dismiss(w)
        {
            dom::log_error("hide()", &e);
        }
    }

    /// Removes listeners and timers; the element calls this when it leaves the page or is
    /// reconfigured.
    pub fn destroy(&mut self) {
        self.widget = None;
    }
}

/// Mounts a widget in `host`'s shadow root, configured by its attributes.
#[wasm_bindgen]
pub fn mount(host: HtmlElement) -> WidgetHandle {
    let names = host.get_attribute_names();
    let pairs = names
        .iter()
        .filter_map(|n| n.as_string())
        .map(|name| {
            let value = host.get_attribute(&name).unwrap_or_default();
            (name, value)
        })
        .collect();
    let widget = view::mount_deferred(host, pairs, view::Mode::Element).and_then(|w| {
        view::start(&w)?;
        Ok(w)
    });
    match widget {
        Ok(w) => WidgetHandle { widget: Some(w) },
        Err(e) => {
            dom::log_error("mounting", &e);
            WidgetHandle { widget: None }
        }
    }
}
