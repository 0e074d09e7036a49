//! The widget itself: state, rendering of each step, and the event handlers (delegated to the
//! shadow root, so a step re-render adds no listeners).

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CustomEvent, CustomEventInit, Document, Element, Event, EventTarget, HtmlElement,
    HtmlTextAreaElement, KeyboardEvent, MouseEvent, ShadowRoot, ShadowRootInit, ShadowRootMode,
};

use super::dom::{self, attrs, button, el, icon, set, text_el};
use super::{frame, store, style};
use crate::answer::{Answer, iso_utc, uuid_v4, write_csv};
use crate::config::{Config, CsatStyle, Placement, ThemeMode, Trigger};
use crate::i18n::{Lang, Messages};
use crate::scale::{Kind, Move};

pub(crate) type Shared = Rc<RefCell<Widget>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `<jornada-survey>` on the host page.
    Element,
    /// Inside `survey.html`, in an iframe.
    Frame,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Hidden,
    Question,
    FollowUp,
    Thanks,
    /// The configuration was refused: shown to the site owner, with the reason.
    Invalid(String),
}

struct Listener {
    target: EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
}

pub(crate) struct Widget {
    host: HtmlElement,
    root: ShadowRoot,
    config: Config,
    mode: Mode,
    step: Step,
    score: Option<u8>,
    comment: String,
    notice: Option<&'static str>,
    local_count: usize,
    listeners: Vec<Listener>,
    timers: Vec<i32>,
}

impl Drop for Widget {
    fn drop(&mut self) {
        for l in self.listeners.drain(..) {
            let _ = l
                .target
                .remove_event_listener_with_callback(l.kind, l.closure.as_ref().unchecked_ref());
        }
        if let Ok(window) = dom::window() {
            for t in self.timers.drain(..) {
                window.clear_timeout_with_handle(t);
            }
        }
    }
}

/// Creates a widget in `host`'s shadow root, configured by `pairs` (attributes or fragment),
/// without rendering or arming its trigger yet (see [`start`]).
pub(crate) fn mount_deferred(
    host: HtmlElement,
    pairs: Vec<(String, String)>,
    mode: Mode,
) -> Result<Shared, JsValue> {
    let doc = dom::document()?;
    let fallback = doc
        .document_element()
        .map(|e| e.get_attribute("lang").unwrap_or_default())
        .and_then(|l| Lang::parse(&l))
        .or_else(|| {
            dom::window()
                .ok()?
                .navigator()
                .language()
                .and_then(|l| Lang::parse(&l))
        })
        .unwrap_or(Lang::PtBr);
    let parsed = Config::from_pairs(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        fallback,
    );
    let (mut config, step) = match parsed {
        Ok(c) => (c, Step::Hidden),
        Err(e) => {
            dom::warn(&e.to_string());
            (
                Config::new(Kind::Nps, fallback),
                Step::Invalid(e.to_string()),
            )
        }
    };
    if mode == Mode::Frame {
        // The host page places the iframe; inside it the survey is always inline.
        config.placement = Placement::Inline;
    }
    let root = match host.shadow_root() {
        Some(root) => root,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    root.set_adopted_style_sheets(&Array::of1(&style::sheet()?.into()));
    let widget = Rc::new(RefCell::new(Widget {
        host,
        root: root.clone(),
        config,
        mode,
        step,
        score: None,
        comment: String::new(),
        notice: None,
        local_count: 0,
        listeners: Vec::new(),
        timers: Vec::new(),
    }));
    let weak = Rc::downgrade(&widget);
    for kind in ["click", "keydown", "input"] {
        listen(&widget, root.unchecked_ref(), kind, handler(&weak, kind))?;
    }
    Ok(widget)
}

/// Renders the first state: the configuration error, or nothing until the trigger fires.
pub(crate) fn start(widget: &Shared) -> Result<(), JsValue> {
    let invalid = matches!(widget.borrow().step, Step::Invalid(_));
    render(widget)?;
    if invalid {
        return Ok(());
    }
    arm_trigger(widget)?;
    let (endpoint, local, survey) = {
        let w = widget.borrow();
        (
            w.config.endpoint.is_some(),
            w.config.collect_local,
            w.config.survey_id.clone(),
        )
    };
    if endpoint {
        store::install_retry_hooks();
    }
    if local {
        let weak = Rc::downgrade(widget);
        wasm_bindgen_futures::spawn_local(async move {
            if let Ok(all) = store::local_answers(&survey).await
                && let Some(w) = weak.upgrade()
            {
                w.borrow_mut().local_count = all.length() as usize;
                let _ = update_kiosk_count(&w);
            }
        });
    }
    Ok(())
}

impl Widget {
    pub(crate) fn mode(&self) -> Mode {
        self.mode
    }

    pub(crate) fn config_parent_origin(&self) -> Option<String> {
        self.config.parent_origin.clone()
    }

    pub(crate) fn lang_tag(&self) -> &'static str {
        self.config.lang.tag()
    }
}

fn handler(weak: &Weak<RefCell<Widget>>, kind: &'static str) -> Closure<dyn FnMut(Event)> {
    let weak = weak.clone();
    Closure::new(move |event: Event| {
        let Some(w) = weak.upgrade() else { return };
        let result = match kind {
            "click" => on_click(&w, &event),
            "keydown" => on_key(&w, &event),
            _ => on_input(&w, &event),
        };
        if let Err(e) = result {
            dom::log_error(kind, &e);
        }
    })
}

fn listen(
    w: &Shared,
    target: &EventTarget,
    kind: &'static str,
    closure: Closure<dyn FnMut(Event)>,
) -> Result<(), JsValue> {
    target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    w.borrow_mut().listeners.push(Listener {
        target: target.clone(),
        kind,
        closure,
    });
    Ok(())
}

/// Sets up the configured trigger.
fn arm_trigger(w: &Shared) -> Result<(), JsValue> {
    let trigger = w.borrow().config.trigger;
    let window = dom::window()?;
    let weak = Rc::downgrade(w);
    match trigger {
        Trigger::Immediately => show(w, false)?,
        Trigger::Manual => {}
        Trigger::AfterSeconds(seconds) => {
            let callback = Closure::once_into_js(move || {
                if let Some(w) = weak.upgrade() {
                    let _ = show(&w, false);
                }
            });
            let millis = i32::try_from(u64::from(seconds) * 1000).unwrap_or(i32::MAX);
            let id = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                millis,
            )?;
            w.borrow_mut().timers.push(id);
        }
        Trigger::ScrollPercent(percent) => {
            if scrolled_percent() >= f64::from(percent) {
                show(w, false)?;
            } else {
                let closure = Closure::new(move |_e: Event| {
                    if let Some(w) = weak.upgrade()
                        && scrolled_percent() >= f64::from(percent)
                    {
                        let _ = show(&w, false);
                    }
                });
                listen(w, window.unchecked_ref(), "scroll", closure)?;
            }
        }
        Trigger::ExitIntent => {
            // The pointer leaving through the top edge of the viewport (towards tabs/address bar).
            let closure = Closure::new(move |e: Event| {
                let Some(mouse) = Some(e.unchecked_ref::<MouseEvent>()) else {
                    return;
                };
                if mouse.related_target().is_none()
                    && mouse.client_y() <= 0
                    && let Some(w) = weak.upgrade()
                {
                    let _ = show(&w, false);
                }
            });
            listen(w, dom::document()?.unchecked_ref(), "mouseout", closure)?;
        }
    }
    Ok(())
}

/// How far down the page the visitor has seen, 0-100 (100 when the page does not scroll).
fn scrolled_percent() -> f64 {
    let (Ok(window), Ok(doc)) = (dom::window(), dom::document()) else {
        return 0.0;
    };
    let Some(root) = doc.document_element() else {
        return 0.0;
    };
    let total = f64::from(root.scroll_height());
    let seen = window.scroll_y().unwrap_or(0.0)
        + window
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
    if total <= 0.0 {
        100.0
    } else {
        (seen / total * 100.0).min(100.0)
    }
}

fn cap_storage() -> Option<web_sys::Storage> {
    // Third-party iframes may have storage blocked: then there is no cap, never an error.
    dom::window().ok()?.local_storage().ok().flatten()
}

/// Shows the survey if it is hidden and the frequency cap allows. `focus` moves focus into it
/// (popovers always take focus, being dialogs).
pub(crate) fn show(w: &Shared, focus: bool) -> Result<(), JsValue> {
    {
        let mut widget = w.try_borrow_mut().map_err(|_| JsValue::from_str("busy"))?;
        if widget.step != Step::Hidden {
            return Ok(());
        }
        let last = cap_storage()
            .and_then(|s| s.get_item(&widget.config.cap_key()).ok().flatten())
            .and_then(|v| v.parse().ok());
        if widget.config.capped(last, dom::now_ms()) {
            return Ok(());
        }
        widget.step = Step::Question;
        widget.score = None;
        widget.comment.clear();
    }
    render(w)?;
    let popover = w.borrow().config.placement == Placement::Popover;
    if focus || popover {
        focus_first(w)?;
    }
    Ok(())
}

/// Hides the survey without answering; the cap counts the dismissal.
pub(crate) fn dismiss(w: &Shared) -> Result<(), JsValue> {
    {
        let mut widget = w.borrow_mut();
        if widget.step == Step::Hidden {
            return Ok(());
        }
        if widget.step != Step::Thanks {
            record_cap(&widget.config);
        }
        widget.step = Step::Hidden;
    }
    render(w)?;
    let mode = w.borrow().mode;
    if mode == Mode::Frame {
        frame::post(w, "jornada:close", &JsValue::UNDEFINED);
    }
    Ok(())
}

fn record_cap(config: &Config) {
    if config.preview {
        return;
    }
    if let Some(storage) = cap_storage() {
        let _ = storage.set_item(&config.cap_key(), &dom::now_ms().to_string());
    }
}

fn on_click(w: &Shared, event: &Event) -> Result<(), JsValue> {
    let Some(target) = event.target().map(JsCast::unchecked_into::<Element>) else {
        return Ok(());
    };
    let Some(actor) = target.closest("[data-act],[data-score]")? else {
        return Ok(());
    };
    if let Some(score) = actor
        .get_attribute("data-score")
        .and_then(|s| s.parse::<u8>().ok())
    {
        return select(w, score, true);
    }
    match actor.get_attribute("data-act").as_deref() {
        Some("submit") => submit_score(w),
        Some("send") => finish(w, true),
        Some("skip") => finish(w, false),
        Some("close") => dismiss(w),
        Some("download") => {
            let survey = w.borrow().config.survey_id.clone();
            wasm_bindgen_futures::spawn_local(download_csv(survey));
            Ok(())
        }
        Some("again") => restart(w),
        _ => Ok(()),
    }
}

fn on_key(w: &Shared, event: &Event) -> Result<(), JsValue> {
    let Some(key_event) = Some(event.unchecked_ref::<KeyboardEvent>()) else {
        return Ok(());
    };
    let key = key_event.key();
    if key == "Escape" && w.borrow().config.placement != Placement::Inline {
        event.prevent_default();
        return dismiss(w);
    }
    let Some(target) = event.target().map(JsCast::unchecked_into::<Element>) else {
        return Ok(());
    };
    if target.get_attribute("role").as_deref() != Some("radio") {
        return Ok(());
    }
    if let Some(movement) = Move::from_key(&key) {
        event.prevent_default();
        let (scale, current) = {
            let widget = w.borrow();
            (widget.config.kind.scale(), widget.score)
        };
        let focused = target
            .get_attribute("data-score")
            .and_then(|s| s.parse().ok())
            .or(current);
        return select(w, scale.step(focused, movement), true);
    }
    match key.as_str() {
        " " | "Spacebar" => {
            event.prevent_default();
            match target
                .get_attribute("data-score")
                .and_then(|s| s.parse().ok())
            {
                Some(score) => select(w, score, true),
                None => Ok(()),
            }
        }
        "Enter" => {
            event.prevent_default();
            submit_score(w)
        }
        _ => Ok(()),
    }
}

fn on_input(w: &Shared, event: &Event) -> Result<(), JsValue> {
    // The textarea is the only element of the widget that fires `input`.
    let Some(area) = event
        .target()
        .map(JsCast::unchecked_into::<HtmlTextAreaElement>)
    else {
        return Ok(());
    };
    let (count, max, lang) = {
        let mut widget = w.borrow_mut();
        let max = widget.config.comment_max;
        let value = area.value();
        widget.comment = value.chars().take(max).collect();
        (widget.comment.chars().count(), max, widget.config.lang)
    };
    if let Some(counter) = w.borrow().root.get_element_by_id("jw-count") {
        counter.set_text_content(Some(&lang.messages().comment_count(count, max)));
    }
    Ok(())
}

/// Checks `score` in the radio group, updating the DOM in place (no re-render, so focus stays).
fn select(w: &Shared, score: u8, focus: bool) -> Result<(), JsValue> {
    let root = {
        let mut widget = w.borrow_mut();
        if widget.step != Step::Question || !widget.config.kind.scale().contains(i64::from(score)) {
            return Ok(());
        }
        widget.score = Some(score);
        widget.root.clone()
    };
    let radios = root.query_selector_all("[role=radio]")?;
    for i in 0..radios.length() {
        let Some(radio) = radios.item(i).map(JsCast::unchecked_into::<HtmlElement>) else {
            continue;
        };
        let value: Option<u8> = radio
            .get_attribute("data-score")
            .and_then(|s| s.parse().ok());
        let checked = value == Some(score);
        radio.set_attribute("aria-checked", if checked { "true" } else { "false" })?;
        radio.set_attribute("tabindex", if checked { "0" } else { "-1" })?;
        radio
            .class_list()
            .toggle_with_force("on", value.is_some_and(|v| v <= score))?;
        if checked && focus {
            radio.focus()?;
        }
    }
    if let Some(err) = root.get_element_by_id("jw-err") {
        err.set_text_content(None);
    }
    Ok(())
}

fn submit_score(w: &Shared) -> Result<(), JsValue> {
    let next = {
        let widget = w.borrow();
        if widget.step != Step::Question {
            return Ok(());
        }
        match widget.score {
            None => None,
            Some(score) => Some(widget.config.asks_follow_up(score)),
        }
    };
    match next {
        None => {
            let (root, lang) = {
                let widget = w.borrow();
                (widget.root.clone(), widget.config.lang)
            };
            if let Some(err) = root.get_element_by_id("jw-err") {
                err.set_text_content(Some(lang.messages().choose_first));
            }
            Ok(())
        }
        Some(true) => {
            w.borrow_mut().step = Step::FollowUp;
            render(w)?;
            let area = w.borrow().root.get_element_by_id("jw-comment");
            if let Some(area) = area.map(JsCast::unchecked_into::<HtmlElement>) {
                area.focus()?;
            }
            Ok(())
        }
        Some(false) => finish(w, false),
    }
}

fn random_id() -> Result<String, JsValue> {
    let mut bytes = [0u8; 16];
    dom::window()?
        .crypto()?
        .get_random_values_with_u8_array(&mut bytes)?;
    Ok(uuid_v4(bytes))
}

fn page_of(widget: &Widget) -> String {
    if let Some(page) = &widget.config.page {
        return page.clone();
    }
    let Ok(window) = dom::window() else {
        return String::new();
    };
    if widget.mode == Mode::Frame {
        // The parent's URL is not visible from the iframe; the referrer holds at least its origin.
        return window.document().map(|d| d.referrer()).unwrap_or_default();
    }
    let location = window.location();
    format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    )
}

/// The answer as a plain object: the event detail, the POST body and the stored record.
pub(crate) fn answer_object(a: &Answer) -> Object {
    let o = Object::new();
    let scale = a.kind.scale();
    set(&o, "response_id", &JsValue::from_str(&a.response_id));
    set(&o, "submitted_at", &JsValue::from_str(&a.submitted_at));
    set(&o, "survey_kind", &JsValue::from_str(a.kind.id()));
    set(&o, "question", &JsValue::from_str(&a.question));
    set(&o, "score", &JsValue::from_f64(f64::from(a.score)));
    set(&o, "scale_min", &JsValue::from_f64(f64::from(scale.min)));
    set(&o, "scale_max", &JsValue::from_f64(f64::from(scale.max)));
    set(&o, "comment", &JsValue::from_str(&a.comment));
    set(&o, "language", &JsValue::from_str(a.language.tag()));
    set(&o, "page", &JsValue::from_str(&a.page));
    o
}

/// Reads a stored answer back, checking it as if it were new.
fn answer_from_object(v: &JsValue) -> Option<Answer> {
    let text = |k| dom::get_string(v, k).unwrap_or_default();
    let kind = Kind::parse(&text("survey_kind"))?;
    let score = dom::get_f64(v, "score")?;
    if score.fract() != 0.0 {
        return None;
    }
    let language = Lang::parse(&text("language")).unwrap_or(Lang::PtBr);
    Answer::new(
        text("response_id"),
        text("submitted_at"),
        kind,
        text("question"),
        score as i64,
        &text("comment"),
        crate::config::COMMENT_MAX_LIMIT,
        language,
        text("page"),
    )
    .ok()
}

/// Completes the answer: thank-you step, event, then delivery.
fn finish(w: &Shared, with_comment: bool) -> Result<(), JsValue> {
    let (answer, host, mode, endpoint, local, survey) = {
        let mut widget = w.borrow_mut();
        let Some(score) = widget.score else {
            return Ok(());
        };
        if !matches!(widget.step, Step::Question | Step::FollowUp) {
            return Ok(());
        }
        let comment = if with_comment {
            widget.comment.clone()
        } else {
            String::new()
        };
        let answer = Answer::new(
            random_id()?,
            iso_utc(dom::now_ms()),
            widget.config.kind,
            widget.config.question_text(),
            i64::from(score),
            &comment,
            widget.config.comment_max,
            widget.config.lang,
            page_of(&widget),
        )
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
        record_cap(&widget.config);
        widget.step = Step::Thanks;
        widget.notice = None;
        (
            answer,
            widget.host.clone(),
            widget.mode,
            widget.config.endpoint.clone(),
            widget.config.collect_local,
            widget.config.survey_id.clone(),
        )
    };
    render(w)?;
    if let Some(thanks) = w
        .borrow()
        .root
        .get_element_by_id("jw-thanks")
        .map(JsCast::unchecked_into::<HtmlElement>)
    {
        thanks.focus()?;
    }
    let detail = answer_object(&answer);
    // Dispatched with no borrow held: listeners may call back into the widget.
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    let event = CustomEvent::new_with_event_init_dict("jornada:response", &init)?;
    host.dispatch_event(&event)?;
    if mode == Mode::Frame {
        frame::post(w, "jornada:response", &detail);
    }
    let weak = Rc::downgrade(w);
    wasm_bindgen_futures::spawn_local(async move {
        if local {
            match store::save_local(&detail, &survey).await {
                Ok(count) => {
                    if let Some(w) = weak.upgrade() {
                        w.borrow_mut().local_count = count;
                        let _ = update_kiosk_count(&w);
                    }
                }
                Err(e) => {
                    dom::log_error("keeping the answer in this browser", &e);
                    report_error(host.unchecked_ref(), "not-kept", &detail);
                }
            }
        }
        if let Some(endpoint) = endpoint {
            let stored = store::enqueue(&detail, &endpoint, &survey).await.is_ok();
            if !stored {
                // Storage denied (a third-party iframe) or failing: send from memory.
                store::keep_in_memory(&detail, &endpoint);
            }
            store::flush().await;
            if !stored && store::pending(&answer.response_id).await {
                // Neither delivered nor kept beyond this page: the host page must know.
                report_error(host.unchecked_ref(), "not-kept", &detail);
            }
            if store::pending(&answer.response_id).await
                && let Some(w) = weak.upgrade()
            {
                let lang = w.borrow().config.lang;
                w.borrow_mut().notice = Some(lang.messages().queued);
                let note = w.borrow().root.get_element_by_id("jw-note");
                if let Some(note) = note {
                    note.set_text_content(Some(lang.messages().queued));
                }
            }
        }
    });
    Ok(())
}

fn restart(w: &Shared) -> Result<(), JsValue> {
    {
        let mut widget = w.borrow_mut();
        widget.step = Step::Question;
        widget.score = None;
        widget.comment.clear();
        widget.notice = None;
    }
    render(w)?;
    focus_first(w)
}

fn focus_first(w: &Shared) -> Result<(), JsValue> {
    let root = w.borrow().root.clone();
    if let Some(first) = root
        .query_selector("[role=radio][tabindex='0']")?
        .map(JsCast::unchecked_into::<HtmlElement>)
    {
        first.focus()?;
    }
    Ok(())
}

/// Tells the host page an answer was not delivered and cannot be kept (`not-kept`: storage
/// denied and the endpoint unreachable, so it lives only while the page does) or stopped
/// being retried (`expired`): a `jornada:error` event on `target` (bubbling out of the
/// shadow root) with `{reason, answer, csv}`, and in iframe mode the same message to the
/// parent page. `csv` is the answer in the answer CSV, to keep.
pub(crate) fn report_error(target: &EventTarget, reason: &str, answer: &JsValue) {
    let detail = Object::new();
    set(&detail, "reason", &JsValue::from_str(reason));
    set(&detail, "answer", answer);
    if let Some(a) = answer_from_object(answer) {
        set(&detail, "csv", &JsValue::from_str(&write_csv(&[a])));
    }
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("jornada:error", &init) {
        let _ = target.dispatch_event(&event);
    }
    frame::post_error(&detail);
}

async fn download_csv(survey: String) {
    let result: Result<(), JsValue> = async {
        let stored = store::local_answers(&survey).await?;
        let mut answers: Vec<Answer> = stored
            .iter()
            .filter_map(|v| answer_from_object(&v))
            .collect();
        // Insertion sort by time: a few lines instead of the std sort's kilobytes of wasm.
        for i in 1..answers.len() {
            let mut j = i;
            while j > 0 && answers[j - 1].submitted_at > answers[j].submitted_at {
                answers.swap(j - 1, j);
                j -= 1;
            }
        }
        // The BOM makes spreadsheet programs read the file as UTF-8.
        let csv = format!("\u{feff}{}", write_csv(&answers));
        let parts = Array::of1(&JsValue::from_str(&csv));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/csv;charset=utf-8");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)?;
        let doc = dom::document()?;
        let link: web_sys::HtmlAnchorElement = doc.create_element("a")?.unchecked_into();
        link.set_href(&url);
        let day = iso_utc(dom::now_ms());
        link.set_download(&format!(
            "jornada-respostas-{}.csv",
            day.get(..10).unwrap_or(&day)
        ));
        link.click();
        let revoke = Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        dom::window()?.set_timeout_with_callback_and_timeout_and_arguments_0(
            revoke.unchecked_ref(),
            10_000,
        )?;
        Ok(())
    }
    .await;
    if let Err(e) = result {
        dom::log_error("downloading the answers", &e);
    }
}

fn update_kiosk_count(w: &Shared) -> Result<(), JsValue> {
    let widget = w.borrow();
    if let Some(count) = widget.root.get_element_by_id("jw-stored") {
        count.set_text_content(Some(
            &widget
                .config
                .lang
                .messages()
                .stored_here(widget.local_count),
        ));
    }
    Ok(())
}

/// Rebuilds the shadow content for the current step.
pub(crate) fn render(w: &Shared) -> Result<(), JsValue> {
    let widget = w.borrow();
    let doc = dom::document()?;
    let root = &widget.root;
    while let Some(child) = root.first_child() {
        root.remove_child(&child)?;
    }
    if widget.step == Step::Hidden {
        drop(widget);
        frame::after_render(w);
        return Ok(());
    }
    let config = &widget.config;
    let m = config.lang.messages();
    let mut classes = String::from("jw");
    classes.push_str(match config.placement {
        Placement::Inline => "",
        Placement::Popover => " pop",
        Placement::SlideIn => " slide",
    });
    classes.push_str(match config.theme {
        ThemeMode::Auto => "",
        ThemeMode::Light => " light",
        ThemeMode::Dark => " dark",
    });
    if widget.mode == Mode::Frame {
        classes.push_str(" frame");
    }
    let wrapper = el(&doc, "div", &classes)?;
    wrapper.set_attribute("lang", config.lang.tag())?;
    let wrapper_style = wrapper.unchecked_ref::<HtmlElement>().style();
    for value in &config.theme_values {
        // CSSOM, not a style attribute: allowed under a strict style-src.
        wrapper_style.set_property(value.property, &value.value)?;
    }
    if config.placement == Placement::Popover {
        let backdrop = el(&doc, "div", "backdrop")?;
        attrs(&backdrop, &[("data-act", "close"), ("aria-hidden", "true")])?;
        wrapper.append_child(&backdrop)?;
    }
    let closable = config.placement != Placement::Inline || widget.mode == Mode::Frame;
    let panel = el(
        &doc,
        "div",
        if closable { "panel closable" } else { "panel" },
    )?;
    match config.placement {
        Placement::Popover => attrs(
            &panel,
            &[
                ("role", "dialog"),
                ("aria-modal", "false"),
                ("aria-labelledby", "jw-q"),
            ],
        )?,
        _ => attrs(&panel, &[("role", "region"), ("aria-labelledby", "jw-q")])?,
    }
    if closable {
        let close = button(&doc, "close", "close", "×")?;
        close.set_attribute("aria-label", m.close)?;
        panel.append_child(&close)?;
    }
    match &widget.step {
        Step::Hidden => {}
        Step::Invalid(reason) => {
            panel.set_attribute("aria-label", m.config_error)?;
            panel.remove_attribute("aria-labelledby")?;
            panel.append_child(&text_el(&doc, "p", "q", m.config_error)?.into())?;
            panel.append_child(&text_el(&doc, "p", "err", reason)?.into())?;
        }
        Step::Question => question_step(&doc, &panel, &widget, m)?,
        Step::FollowUp => follow_up_step(&doc, &panel, &widget, m)?,
        Step::Thanks => {
            let thanks = text_el(&doc, "p", "q thanks", &config.thanks_text())?;
            attrs(
                &thanks,
                &[("id", "jw-thanks"), ("role", "status"), ("tabindex", "-1")],
            )?;
            panel.set_attribute("aria-labelledby", "jw-thanks")?;
            panel.append_child(&thanks)?;
            let note = text_el(&doc, "p", "small", widget.notice.unwrap_or(""))?;
            note.set_id("jw-note");
            note.set_attribute("role", "status")?;
            panel.append_child(&note)?;
            if config.collect_local {
                let actions = el(&doc, "div", "actions")?;
                actions
                    .append_child(&button(&doc, "btn primary", "again", m.next_person)?.into())?;
                panel.append_child(&actions)?;
            }
        }
    }
    if config.collect_local && !matches!(widget.step, Step::Invalid(_)) {
        let kiosk = el(&doc, "div", "kiosk")?;
        let stored = text_el(&doc, "span", "", &m.stored_here(widget.local_count))?;
        stored.set_id("jw-stored");
        kiosk.append_child(&stored)?;
        kiosk.append_child(&button(&doc, "btn secondary", "download", m.download_csv)?.into())?;
        panel.append_child(&kiosk)?;
    }
    wrapper.append_child(&panel)?;
    root.append_child(&wrapper)?;
    drop(widget);
    frame::after_render(w);
    Ok(())
}

fn question_step(
    doc: &Document,
    panel: &Element,
    widget: &Widget,
    m: &Messages,
) -> Result<(), JsValue> {
    let config = &widget.config;
    let kind = config.kind;
    let scale = kind.scale();
    let q = text_el(doc, "p", "q", &config.question_text())?;
    q.set_id("jw-q");
    panel.append_child(&q)?;
    let style = if kind == Kind::Csat {
        config.csat_style
    } else {
        CsatStyle::Numbers
    };
    let group_class = format!(
        "scale n{}{}",
        scale.len(),
        match style {
            CsatStyle::Numbers => "",
            CsatStyle::Stars => " stars",
            CsatStyle::Faces => " faces",
        }
    );
    let group = el(doc, "div", &group_class)?;
    attrs(
        &group,
        &[("role", "radiogroup"), ("aria-labelledby", "jw-q")],
    )?;
    let (low, high) = config.end_labels();
    let tab_stop = widget.score.unwrap_or(scale.min);
    for point in scale.points() {
        let radio = el(doc, "div", "opt")?;
        let checked = widget.score == Some(point);
        let number = point.to_string();
        attrs(
            &radio,
            &[
                ("role", "radio"),
                ("data-score", &number),
                ("aria-checked", if checked { "true" } else { "false" }),
                ("tabindex", if point == tab_stop { "0" } else { "-1" }),
            ],
        )?;
        if widget.score.is_some_and(|s| point <= s) {
            radio.class_list().add_1("on")?;
        }
        // Accessible name: the number plus what it means (end labels, or each agreement point).
        let meaning = m.point_label(kind, point).map(str::to_string).or_else(|| {
            if point == scale.min {
                Some(low.clone())
            } else if point == scale.max {
                Some(high.clone())
            } else {
                None
            }
        });
        let name = match (style, &meaning) {
            (CsatStyle::Stars, Some(meaning)) => format!("{point} {} – {meaning}", m.stars),
            (CsatStyle::Stars, None) => format!("{point} {}", m.stars),
            (_, Some(meaning)) => format!("{point} – {meaning}"),
            (_, None) => number.clone(),
        };
        radio.set_attribute("aria-label", &name)?;
        match style {
            CsatStyle::Numbers => radio.set_text_content(Some(&number)),
            CsatStyle::Stars => {
                radio.append_child(&icon(doc, &[STAR], &[])?.into())?;
            }
            CsatStyle::Faces => {
                radio.set_attribute("title", meaning.as_deref().unwrap_or(&number))?;
                radio.append_child(&face(doc, point)?.into())?;
            }
        }
        group.append_child(&radio)?;
    }
    panel.append_child(&group)?;
    let ends = el(doc, "p", "ends")?;
    ends.set_attribute("aria-hidden", "true")?;
    ends.append_child(&text_el(doc, "span", "", &low)?.into())?;
    ends.append_child(&text_el(doc, "span", "", &high)?.into())?;
    panel.append_child(&ends)?;
    let err = el(doc, "p", "err")?;
    attrs(&err, &[("id", "jw-err"), ("role", "alert")])?;
    panel.append_child(&err)?;
    let actions = el(doc, "div", "actions")?;
    actions.append_child(&button(doc, "btn primary", "submit", m.submit)?.into())?;
    panel.append_child(&actions)?;
    Ok(())
}

fn follow_up_step(
    doc: &Document,
    panel: &Element,
    widget: &Widget,
    m: &Messages,
) -> Result<(), JsValue> {
    let config = &widget.config;
    let label = text_el(doc, "label", "q", &config.follow_up_text())?;
    attrs(&label, &[("id", "jw-q"), ("for", "jw-comment")])?;
    panel.append_child(&label)?;
    let area: HtmlTextAreaElement = el(doc, "textarea", "")?.unchecked_into();
    area.set_id("jw-comment");
    area.set_max_length(i32::try_from(config.comment_max).unwrap_or(i32::MAX));
    area.set_rows(3);
    area.set_value(&widget.comment);
    area.set_attribute("aria-describedby", "jw-count")?;
    panel.append_child(&area)?;
    let count = text_el(
        doc,
        "p",
        "small",
        &m.comment_count(widget.comment.chars().count(), config.comment_max),
    )?;
    count.set_id("jw-count");
    panel.append_child(&count)?;
    let actions = el(doc, "div", "actions")?;
    actions.append_child(&button(doc, "btn secondary", "skip", m.skip)?.into())?;
    actions.append_child(&button(doc, "btn primary", "send", m.submit)?.into())?;
    panel.append_child(&actions)?;
    Ok(())
}

const STAR: &str = "M12 2.8l2.8 5.9 6.4.8-4.7 4.4 1.2 6.4L12 17.2l-5.7 3.1 1.2-6.4-4.7-4.4 6.4-.8z";

/// Faces from very unhappy (1) to very happy (5): the mouth curve changes.
fn face(doc: &Document, point: u8) -> Result<Element, JsValue> {
    let mouth = match point {
        1 => "M8 17q4-4 8 0",
        2 => "M8 16.5q4-2 8 0",
        3 => "M8 16h8",
        4 => "M8 15.5q4 2 8 0",
        _ => "M7.5 14h9q-4.5 6.5-9 0z",
    };
    icon(
        doc,
        &["M12 2.5a9.5 9.5 0 1 0 0 19a9.5 9.5 0 1 0 0-19z", mouth],
        &[("9", "10", "1.1"), ("15", "10", "1.1")],
    )
}
