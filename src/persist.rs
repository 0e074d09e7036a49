//! Opt-in persistence of the loaded files in IndexedDB, and the "forget" that deletes them.
//! Nothing is stored unless the user ticked the box (a visit never creates the database);
//! `forget` deletes every trace of the app on the origin but the language choice and the
//! service worker's cache of the app's own code.

use crate::state::{AppError, AppState, Notice};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

const DB: &str = "jornada";
const STORE: &str = "files";
/// The survey widget's answer store (the builder's preview on this origin used to fill it).
const WIDGET_DB: &str = "jornada-widget";
/// The service worker's caches (`public/sw.js`): the app's own build files, no data.
const CODE_CACHE_PREFIX: &str = "jornada-app-";

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

/// Whether the files database exists, without creating it (opening a missing database
/// creates it). `None` when the browser cannot list its databases.
async fn db_exists() -> Option<bool> {
    let factory = web_sys::window()?.indexed_db().ok().flatten()?;
    let list = js_sys::Reflect::get(&factory, &"databases".into()).ok()?;
    let list = list.dyn_into::<js_sys::Function>().ok()?;
    let promise = list
        .call0(&factory)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let all = JsFuture::from(promise).await.ok()?;
    Some(js_sys::Array::from(&all).iter().any(|d| {
        js_sys::Reflect::get(&d, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .is_some_and(|n| n == DB)
    }))
}

/// Checks whether files are stored, to offer reopening them. Opens the database only if it
/// exists (or, where databases cannot be listed, if the user opted in).
pub fn check(state: AppState) {
    wasm_bindgen_futures::spawn_local(async move {
        let exists = match db_exists().await {
            Some(exists) => exists,
            None => state.remember.get_untracked(),
        };
        if !exists {
            return;
        }
        if let Ok(files) = get_all().await {
            state.has_stored.set(!files.is_empty());
        }
    });
}

/// Reopens the stored files.
pub fn restore(state: AppState) {
    wasm_bindgen_futures::spawn_local(async move {
        match get_all().await {
            Ok(files) if !files.is_empty() => crate::bridge::load_files(state, files, false),
            Ok(_) => state.has_stored.set(false),
            Err(e) => state.error.set(Some(AppError::Restore(format!("{e:?}")))),
        }
    });
}

/// Deletes every trace of the app on this origin: the stored files and the widget's answer
/// store (IndexedDB), every `jornada` key in local and session storage but the language
/// choice, and any cache that is not the service worker's cache of the app's code. Another
/// app's keys, databases and caches on the same origin are left alone.
pub fn forget(state: AppState) {
    for storage in crate::storage::both() {
        crate::storage::forget_all_but_language(&storage);
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) {
            for name in [DB, WIDGET_DB] {
                if let Ok(req) = factory.delete_database(name) {
                    let _ = request(&req).await;
                }
            }
        }
        let _ = delete_data_caches().await;
        state.has_stored.set(false);
        state.notice.set(Some(Notice::Forgotten));
    });
}

/// Deletes this app's caches that are not its code cache (none are made today; an older
/// version or a future one must not leave data behind).
async fn delete_data_caches() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let caches = js_sys::Reflect::get(&window, &"caches".into())?;
    if caches.is_undefined() {
        return Ok(());
    }
    let call = |name: &str, args: &[JsValue]| -> Result<js_sys::Promise, JsValue> {
        let f: js_sys::Function = js_sys::Reflect::get(&caches, &name.into())?.dyn_into()?;
        let out = match args {
            [] => f.call0(&caches)?,
            [a, ..] => f.call1(&caches, a)?,
        };
        out.dyn_into()
    };
    let keys = JsFuture::from(call("keys", &[])?).await?;
    for key in js_sys::Array::from(&keys).iter() {
        let name = key.as_string().unwrap_or_default();
        if name.starts_with("jornada") && !name.starts_with(CODE_CACHE_PREFIX) {
            JsFuture::from(call("delete", &[key])?).await?;
        }
    }
    Ok(())
}
