//! What the app keeps in `localStorage`: the language, the engine settings and the user's
//! mapping corrections (per header signature). Never the data itself: that only goes to
//! IndexedDB when the user opts in (see [`crate::persist`]).

use crate::protocol::MappingOverride;
use serde::{Serialize, de::DeserializeOwned};
use std::collections::BTreeMap;

pub const LANG_KEY: &str = "jornada.lang";
pub const SETTINGS_KEY: &str = "jornada.settings";
pub const MAPPINGS_KEY: &str = "jornada.mappings";
pub const REMEMBER_KEY: &str = "jornada.remember";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get_raw(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub fn set_raw(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        // A full or disabled storage only loses the preference, never the session.
        let _ = s.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}

pub fn get<T: DeserializeOwned>(key: &str) -> Option<T> {
    serde_json::from_str(&get_raw(key)?).ok()
}

pub fn set<T: Serialize>(key: &str, value: &T) {
    if let Ok(json) = serde_json::to_string(value) {
        set_raw(key, &json);
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
