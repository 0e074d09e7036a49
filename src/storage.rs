//! What the app keeps in `localStorage`: the language, the engine settings and the user's
//! mapping corrections (per header signature, columns by a hash of their header, so no cell
//! of a file mistaken for a header is ever kept). Never the data itself: that only goes to
//! IndexedDB when the user opts in (see [`crate::persist`]).

use crate::protocol::MappingOverride;
use gloo::storage::{LocalStorage, Storage};
use jornada_engine::ingest::mapping::{column_key, is_column_key};
use serde::{Serialize, de::DeserializeOwned};
use std::collections::BTreeMap;

pub const LANG_KEY: &str = "jornada.lang";
pub const SETTINGS_KEY: &str = "jornada.settings";
pub const MAPPINGS_KEY: &str = "jornada.mappings";
pub const REMEMBER_KEY: &str = "jornada.remember";

/// Whether the page may use localStorage: a browser blocking site data throws on access,
/// and gloo-storage throws then too, so it is only called when this holds.
fn available() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .is_some()
}

pub fn remove(key: &str) {
    if available() {
        LocalStorage::delete(key);
    }
}

/// `None` when absent, unreadable or in an older shape: the default then applies.
pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    available().then(|| LocalStorage::get(key).ok()).flatten()
}

pub fn set<T: Serialize>(key: &str, value: &T) {
    // A full or disabled storage only loses the preference, never the session.
    if available() {
        let _ = LocalStorage::set(key, value);
    }
}

/// The remembered mappings. Columns are keyed by a hash of their header
/// ([`column_key`]), never by the header's text; ones an older version kept by header are
/// rewritten so on first read.
pub fn mappings() -> BTreeMap<String, MappingOverride> {
    let mut all: BTreeMap<String, MappingOverride> = get(MAPPINGS_KEY).unwrap_or_default();
    if hash_column_names(&mut all) {
        set(MAPPINGS_KEY, &all);
    }
    all
}

/// Replaces every column name in `all` by its [`column_key`]; whether any was a name.
pub fn hash_column_names(all: &mut BTreeMap<String, MappingOverride>) -> bool {
    let mut changed = false;
    for m in all.values_mut() {
        if m.roles.keys().any(|k| !is_column_key(k)) {
            changed = true;
            m.roles = std::mem::take(&mut m.roles)
                .into_iter()
                .map(|(k, v)| {
                    if is_column_key(&k) {
                        (k, v)
                    } else {
                        (column_key(&k), v)
                    }
                })
                .collect();
        }
    }
    changed
}

/// Local and session storage, where available.
pub fn both() -> Vec<web_sys::Storage> {
    let Some(w) = web_sys::window() else {
        return Vec::new();
    };
    [w.local_storage(), w.session_storage()]
        .into_iter()
        .filter_map(|s| s.ok().flatten())
        .collect()
}

/// Removes every key of the app (`jornada.*`) and of the survey widget (`jornada:*`) from
/// `storage` but the language choice.
pub fn forget_all_but_language(storage: &web_sys::Storage) {
    let n = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect();
    for key in keys {
        if key.starts_with("jornada") && key != LANG_KEY {
            let _ = storage.remove_item(&key);
        }
    }
}

/// Remembers (or, when empty, forgets) the mapping for one header signature.
pub fn save_mapping(signature: &str, mapping: &MappingOverride) {
    let mut all = mappings();
    if mapping.is_empty() {
        all.remove(signature);
    } else {
        all.insert(signature.to_string(), mapping.clone());
    }
    set(MAPPINGS_KEY, &all);
}
