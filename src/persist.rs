//! Opt-in persistence of the loaded files in IndexedDB, and the "forget" that deletes them.
//! Nothing is stored unless the user ticked the box; `forget` deletes the whole database.

use crate::state::{AppError, AppState, Notice};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const DB: &str = "jornada";
const STORE: &str = "files";

/// Resolves when `req` succeeds (with its result) or fails.
async fn request(req: &web_sys::IdbRequest) -> Result<JsValue, JsValue> {
    let req2 = req.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let r = req2.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &"IndexedDB request failed".into());
        });
        req2.set_onsuccess(Some(ok.unchecked_ref()));
        req2.set_onerror(Some(fail.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn open() -> Result<web_sys::IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("IndexedDB is not available")?;
    let req = factory.open_with_u32(DB, 1)?;
    let upgrade = Closure::once_into_js(move |ev: web_sys::Event| {
        let db = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<web_sys::IdbDatabase>().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = request(&req).await?;
    db.dyn_into::<web_sys::IdbDatabase>()
}

async fn put_all(files: Vec<web_sys::File>) -> Result<(), JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, web_sys::IdbTransactionMode::Readwrite)?;
    let store = tx.object_store(STORE)?;
    request(&store.clear()?).await?;
    for (i, f) in files.iter().enumerate() {
        request(&store.put_with_key(f, &JsValue::from(i as u32))?).await?;
    }
    db.close();
    Ok(())
}

async fn get_all() -> Result<Vec<web_sys::File>, JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE)?;
    let store = tx.object_store(STORE)?;
    let all = request(&store.get_all()?).await?;
    db.close();
    let files = js_sys::Array::from(&all)
        .iter()
        .filter_map(|v| v.dyn_into::<web_sys::File>().ok())
        .collect();
    Ok(files)
}

/// Keeps `files` on this device (replacing what was stored).
pub fn store(state: AppState, files: Vec<web_sys::File>) {
    wasm_bindgen_futures::spawn_local(async move {
        match put_all(files).await {
            Ok(()) => state.has_stored.set(true),
            Err(e) => state.error.set(Some(AppError::Store(format!("{e:?}")))),
        }
    });
}

/// Checks whether files are stored, to offer reopening them.
pub fn check(state: AppState) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(files) = get_all().await {
            state.has_stored.set(!files.is_empty());
        }
    });
}

/// Reopens the stored files.
pub fn restore(state: AppState) {
    wasm_bindgen_futures::spawn_local(async move {
        match get_all().await {
            Ok(files) if !files.is_empty() => crate::bridge::load_files(state, files),
            Ok(_) => state.has_stored.set(false),
            Err(e) => state.error.set(Some(AppError::Restore(format!("{e:?}")))),
        }
    });
}

/// Deletes every stored file (the whole database).
pub fn forget(state: AppState) {
    let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) else {
        return;
    };
    if let Ok(req) = factory.delete_database(DB) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = request(&req).await;
            state.has_stored.set(false);
            state.notice.set(Some(Notice::Forgotten));
        });
    }
}
