//! The static start page of index.html (`#boot-shell`, painted before the wasm arrives) must say
//! what the app says once mounted: its pt-BR texts (index.html) and English texts (the `EN`
//! table of public/shell.js) are checked against `i18n::t`.

use crate::format;
use crate::i18n::{Lang, t};
use std::collections::BTreeMap;

const INDEX: &str = include_str!("../index.html");
const SHELL_JS: &str = include_str!("../public/shell.js");

/// `(key, text)` of every `data-i18n="key">text<` element of the shell.
fn shell_texts() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in INDEX.split("data-i18n=\"").skip(1) {
        let Some((key, rest)) = chunk.split_once('"') else {
            continue;
        };
        let text = rest
            .split_once('>')
            .and_then(|(_, after)| after.split_once('<'))
            .map(|(text, _)| text)
            .unwrap_or_default();
        out.push((key.to_string(), text.to_string()));
    }
    out
}

/// The `"key": "text",` lines of shell.js's `EN` table.
fn boot_english() -> BTreeMap<String, String> {
    let table = SHELL_JS
        .split_once("const EN = {")
        .and_then(|(_, rest)| rest.split_once("};"))
        .map(|(table, _)| table)
        .unwrap_or_default();
    table
        .lines()
        .filter_map(|line| {
            let line = line.trim().strip_prefix('"')?.strip_suffix("\",")?;
            let (key, text) = line.split_once("\": \"")?;
            Some((key.to_string(), text.to_string()))
        })
        .collect()
}

/// What the app shows for a shell key: an i18n key, or `sample.N` for a sample-size option.
fn expected(key: &str, lang: Lang) -> String {
    if let Some(rows) = key.strip_prefix("sample.") {
        let rows: f64 = rows.parse().unwrap_or(f64::NAN);
        return format!(
            "{} {}",
            format::number(rows, 0, lang),
            t(lang, "start.sample.orders")
        );
    }
    let key: &'static str = Box::leak(key.to_string().into_boxed_str());
    let text = t(lang, key);
    assert_ne!(text, key, "{key} is not an i18n key");
    text.to_string()
}

#[test]
fn the_shell_says_in_portuguese_what_the_app_says() {
    let texts = shell_texts();
    assert!(texts.len() >= 30, "found {} shell texts", texts.len());
    for (key, text) in &texts {
        assert_eq!(
            text,
            &expected(key, Lang::Pt),
            "index.html data-i18n=\"{key}\""
        );
    }
    assert!(INDEX.contains(&format!(
        "aria-label=\"{}\" data-i18n-label=\"nav.label\"",
        t(Lang::Pt, "nav.label")
    )));
    assert!(
        INDEX.contains("10.000 pedidos"),
        "a worked example of the option text"
    );
}

#[test]
fn the_shell_says_in_english_what_the_app_says() {
    let english = boot_english();
    assert_eq!(
        english.get("start.pick").map(String::as_str),
        Some("Choose files")
    );
    assert_eq!(
        english.get("sample.10000").map(String::as_str),
        Some("10,000 orders")
    );
    let mut keys: Vec<String> = shell_texts().into_iter().map(|(k, _)| k).collect();
    keys.push("nav.label".to_string());
    keys.sort();
    keys.dedup();
    let listed: Vec<String> = english.keys().cloned().collect();
    assert_eq!(listed, keys, "shell.js EN lists exactly the shell's keys");
    for (key, text) in &english {
        assert_eq!(text, &expected(key, Lang::En), "shell.js EN[{key}]");
    }
}
