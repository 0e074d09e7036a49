//! What the app keeps in `localStorage`: the language, the engine settings and the user's
//! mapping corrections (per header signature). Never the data itself: that only goes to
//! IndexedDB when the user opts in (see [`crate::persist`]).

use crate::protocol::MappingOverride;
use gloo::storage::{LocalStorage, Storage};
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

pub fn mappings() -> BTreeMap<String, MappingOverride> {
    get(MAPPINGS_KEY).unwrap_or_default()
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
