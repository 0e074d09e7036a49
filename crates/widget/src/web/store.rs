//! Where answers go after the event: an IndexedDB outbox retried until the endpoint accepts
//! each answer, and the kiosk-mode local store.
//!
//! Exactly once: every answer is written to the outbox before any attempt, keyed by its random
//! `response_id`; an answer leaves the outbox only after a 2xx. Where IndexedDB fails (an iframe
//! with third-party storage denied, a private window), the answer is kept in this page's memory
//! instead, sent at once and retried while the page lives, and the host page gets a
//! `jornada:error` event if that first attempt fails (the answer would be lost with the page).
//! A queued answer not delivered within [`EXPIRY_MS`] stops being retried: it moves to the local
//! store (kept for the CSV download) and the host page gets `jornada:error` with it as CSV. Flushes are serialised across
//! tabs with the Web Locks API (and within the page by a flag), so no answer is ever in flight
//! twice; the POST also carries `Idempotency-Key: <response_id>` so an endpoint can drop a
//! repeat after a lost response.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbObjectStoreParameters, IdbRequest, IdbTransactionMode, RequestCredentials,
    RequestInit, Response,
};

use super::dom::{self, get_string};
use crate::config::check_endpoint;

const DB_NAME: &str = "jornada-widget";
const OUTBOX: &str = "outbox";
const LOCAL: &str = "local";
const LOCK: &str = "jornada-outbox";
/// How long a queued answer is retried (30 days).
const EXPIRY_MS: f64 = 30.0 * 86_400_000.0;

/// An answer IndexedDB could not keep: it lives in this page's memory until delivered.
#[derive(Clone)]
struct InMemory {
    id: String,
    endpoint: String,
    answer: JsValue,
}

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
    static FLUSH_AGAIN: Cell<bool> = const { Cell::new(false) };
    static RETRY_DELAY_MS: Cell<i32> = const { Cell::new(0) };
    static RETRY_TIMER: Cell<Option<i32>> = const { Cell::new(None) };
    static HOOKED: Cell<bool> = const { Cell::new(false) };
    static MEMORY: RefCell<Vec<InMemory>> = const { RefCell::new(Vec::new()) };
}

/// Resolves with the request's result.
async fn request(req: &IdbRequest) -> Result<JsValue, JsValue> {
    let req = req.clone();
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let ok_req = req.clone();
        let on_ok = Closure::once_into_js(move || {
            let _ = resolve.call1(
                &JsValue::NULL,
                &ok_req.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let err_req = req.clone();
        let on_err = Closure::once_into_js(move || {
            let err = err_req
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::from_str("IndexedDB error"));
            let _ = reject.call1(&JsValue::NULL, &err);
        });
        req.set_onsuccess(Some(on_ok.unchecked_ref()));
        req.set_onerror(Some(on_err.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn db() -> Result<IdbDatabase, JsValue> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let factory = dom::window()?
        .indexed_db()?
        .ok_or_else(|| JsValue::from_str("IndexedDB is not available"))?;
    let open = factory.open_with_u32(DB_NAME, 1)?;
    let upgrading = open.clone();
    let on_upgrade = Closure::once_into_js(move || {
        if let Ok(db) = upgrading
            .result()
            .map(|r| r.unchecked_into::<IdbDatabase>())
        {
            let params = IdbObjectStoreParameters::new();
            params.set_key_path(&JsValue::from_str("response_id"));
            for store in [OUTBOX, LOCAL] {
                if let Err(e) = db.create_object_store_with_optional_parameters(store, &params) {
                    dom::log_error("creating the answer store", &e);
                }
            }
        }
    });
    open.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db: IdbDatabase = request(&open).await?.unchecked_into();
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

async fn put(store: &str, value: &JsValue) -> Result<(), JsValue> {
    let tx = db()
        .await?
        .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
    request(&tx.object_store(store)?.put(value)?).await?;
    Ok(())
}

async fn get_all(store: &str) -> Result<Array, JsValue> {
    let tx = db().await?.transaction_with_str(store)?;
    Ok(request(&tx.object_store(store)?.get_all()?)
        .await?
        .unchecked_into())
}

async fn delete(store: &str, key: &str) -> Result<(), JsValue> {
    let tx = db()
        .await?
        .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)?;
    request(&tx.object_store(store)?.delete(&JsValue::from_str(key))?).await?;
    Ok(())
}

/// Kiosk mode: keeps the answer in this browser, marked with its survey; returns how many
/// answers this survey has here.
pub(crate) async fn save_local(answer: &Object, survey_id: &str) -> Result<usize, JsValue> {
    let record = Object::assign(&Object::new(), answer);
    dom::set(&record, "survey_id", &JsValue::from_str(survey_id));
    put(LOCAL, &record).await?;
    Ok(local_answers(survey_id).await?.length() as usize)
}

/// The kiosk answers of one survey (and any kept before answers were marked with theirs).
pub(crate) async fn local_answers(survey_id: &str) -> Result<Array, JsValue> {
    let all = get_all(LOCAL).await?;
    Ok(all
        .iter()
        .filter(|r| get_string(r, "survey_id").is_none_or(|s| s == survey_id))
        .collect())
}

/// Puts the answer in the outbox for `endpoint`. Delivery happens in [`flush`]. An error
/// means it is not kept: then [`keep_in_memory`].
pub(crate) async fn enqueue(
    answer: &Object,
    endpoint: &str,
    survey_id: &str,
) -> Result<(), JsValue> {
    let record = Object::new();
    let id = get_string(answer, "response_id").unwrap_or_default();
    dom::set(&record, "response_id", &JsValue::from_str(&id));
    dom::set(&record, "endpoint", &JsValue::from_str(endpoint));
    dom::set(
        &record,
        "queued_at",
        &JsValue::from_f64(dom::now_ms() as f64),
    );
    dom::set(&record, "survey_id", &JsValue::from_str(survey_id));
    dom::set(&record, "answer", answer);
    put(OUTBOX, &record).await
}

/// Keeps an answer IndexedDB could not take in this page's memory; [`flush`] sends it.
pub(crate) fn keep_in_memory(answer: &Object, endpoint: &str) {
    let id = get_string(answer, "response_id").unwrap_or_default();
    MEMORY.with(|m| {
        m.borrow_mut().push(InMemory {
            id,
            endpoint: endpoint.to_string(),
            answer: answer.into(),
        })
    });
}

/// Whether `response_id` is still waiting, in the outbox or in memory.
pub(crate) async fn pending(response_id: &str) -> bool {
    if MEMORY.with(|m| m.borrow().iter().any(|p| p.id == response_id)) {
        return true;
    }
    match get_all(OUTBOX).await {
        Ok(all) => all
            .iter()
            .any(|r| get_string(&r, "response_id").as_deref() == Some(response_id)),
        Err(_) => false,
    }
}

/// Sends everything in the outbox, one flush at a time (per page by a flag, across tabs by a
/// Web Lock). Failures schedule a retry with backoff (2 s doubling to 5 min); coming back
/// online retries at once.
pub(crate) async fn flush() {
    if FLUSHING.with(|f| f.replace(true)) {
        // A flush is running: make it go round once more when done.
        FLUSH_AGAIN.with(|a| a.set(true));
        return;
    }
    loop {
        FLUSH_AGAIN.with(|a| a.set(false));
        let failed = match with_lock().await {
            Ok(failed) => failed,
            Err(e) => {
                dom::log_error("sending queued answers", &e);
                true
            }
        };
        if failed {
            schedule_retry();
        } else {
            RETRY_DELAY_MS.with(|d| d.set(0));
        }
        if !FLUSH_AGAIN.with(|a| a.get()) {
            break;
        }
    }
    FLUSHING.with(|f| f.set(false));
}

/// Runs `send_all` inside `navigator.locks.request(...)` when the browser has Web Locks.
async fn with_lock() -> Result<bool, JsValue> {
    let navigator = dom::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).unwrap_or(JsValue::UNDEFINED);
    let request_fn = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()
        .filter(JsValue::is_function)
        .map(JsCast::unchecked_into::<Function>);
    let Some(request_fn) = request_fn.filter(|_| !locks.is_undefined()) else {
        return send_all().await;
    };
    // None until the lock is granted; then whether an answer is still undelivered.
    let result = Rc::new(Cell::new(None));
    let out = result.clone();
    let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
        out.set(Some(true));
        wasm_bindgen_futures::future_to_promise(async move {
            let failed = send_all().await?;
            out.set(Some(failed));
            Ok(JsValue::UNDEFINED)
        })
    });
    let granted = request_fn
        .call2(&locks, &JsValue::from_str(LOCK), &callback)
        .map(|p| JsFuture::from(p.unchecked_into::<Promise>()));
    match granted {
        Ok(lock) => match (lock.await, result.get()) {
            (Ok(_), failed) => Ok(failed.unwrap_or(true)),
            // Refused before it ran: a frame denied storage is denied Web Locks too, and has
            // no outbox to share with other tabs, so it sends from memory without the lock.
            (Err(_), None) => send_all().await,
            (Err(e), Some(_)) => Err(e),
        },
        Err(_) => send_all().await,
    }
}

/// POSTs each queued answer, in the outbox and in memory; returns whether any is still
/// undelivered.
async fn send_all() -> Result<bool, JsValue> {
    let mut failed = false;
    // Cloned out: no borrow is held across an await.
    let in_memory: Vec<InMemory> = MEMORY.with(|m| m.borrow().clone());
    for p in in_memory {
        match post(&p.endpoint, &p.id, &p.answer).await {
            Ok(true) => MEMORY.with(|m| m.borrow_mut().retain(|x| x.id != p.id)),
            Ok(false) | Err(_) => failed = true,
        }
    }
    let records = match get_all(OUTBOX).await {
        Ok(records) => records,
        // No IndexedDB here: nothing can be queued in it; memory is all there is.
        Err(_) => return Ok(failed),
    };
    for record in records.iter() {
        let (Some(id), Some(endpoint)) = (
            get_string(&record, "response_id"),
            get_string(&record, "endpoint"),
        ) else {
            continue;
        };
        // The endpoint was checked when configured; check again, the store is not trusted.
        if check_endpoint(&endpoint).is_err() {
            dom::warn(&format!(
                "dropping queued answer {id}: endpoint {endpoint} is not allowed"
            ));
            delete(OUTBOX, &id).await?;
            continue;
        }
        let answer = Reflect::get(&record, &JsValue::from_str("answer"))?;
        let queued_at = dom::get_f64(&record, "queued_at").unwrap_or(f64::MAX);
        if dom::now_ms() as f64 - queued_at > EXPIRY_MS {
            // Not retried forever: kept for the CSV download, and the host page is told.
            let survey = get_string(&record, "survey_id").unwrap_or_default();
            let kept = Object::assign(&Object::new(), &answer.clone().unchecked_into());
            dom::set(&kept, "survey_id", &JsValue::from_str(&survey));
            put(LOCAL, &kept).await?;
            delete(OUTBOX, &id).await?;
            if let Ok(doc) = dom::document() {
                super::view::report_error(doc.unchecked_ref(), "expired", &answer);
            }
            continue;
        }
        match post(&endpoint, &id, &answer).await {
            Ok(true) => delete(OUTBOX, &id).await?,
            Ok(false) | Err(_) => failed = true,
        }
    }
    Ok(failed)
}

/// One POST; `Ok(true)` on a 2xx.
async fn post(endpoint: &str, id: &str, answer: &JsValue) -> Result<bool, JsValue> {
    let body = js_sys::JSON::stringify(answer)?;
    let headers = web_sys::Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    headers.set("Idempotency-Key", id)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&body);
    init.set_headers(&headers);
    // No cookies, ever.
    init.set_credentials(RequestCredentials::Omit);
    let response: Response =
        JsFuture::from(dom::window()?.fetch_with_str_and_init(endpoint, &init))
            .await?
            .unchecked_into();
    Ok(response.ok())
}

fn schedule_retry() {
    if RETRY_TIMER.with(|t| t.get()).is_some() {
        return;
    }
    let delay = RETRY_DELAY_MS.with(|d| {
        let next = if d.get() == 0 {
            2_000
        } else {
            (d.get() * 2).min(300_000)
        };
        d.set(next);
        next
    });
    let callback = Closure::once_into_js(|| {
        RETRY_TIMER.with(|t| t.set(None));
        wasm_bindgen_futures::spawn_local(flush());
    });
    if let Ok(window) = dom::window()
        && let Ok(id) = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), delay)
    {
        RETRY_TIMER.with(|t| t.set(Some(id)));
    }
}

/// Retries on `online` and sends what earlier visits left in the outbox.
pub(crate) fn install_retry_hooks() {
    if HOOKED.with(|h| h.replace(true)) {
        return;
    }
    let Ok(window) = dom::window() else { return };
    let on_online = Closure::<dyn FnMut()>::new(|| {
        if let (Some(id), Ok(window)) = (RETRY_TIMER.with(|t| t.take()), dom::window()) {
            window.clear_timeout_with_handle(id);
        }
        RETRY_DELAY_MS.with(|d| d.set(0));
        wasm_bindgen_futures::spawn_local(flush());
    });
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    // Lives as long as the page.
    on_online.forget();
    wasm_bindgen_futures::spawn_local(async {
        // Only open the database if an earlier visit might have left something: cheap check.
        if let Ok(all) = get_all(OUTBOX).await
            && all.length() > 0
        {
            flush().await;
        }
    });
}
