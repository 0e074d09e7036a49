//! The pages. Each reads [`crate::state::AppState`] and talks to the worker via [`crate::bridge`].

pub mod dashboard;
pub mod journey;
pub mod mapping;
pub mod settings;
pub mod start;
pub mod why;

use crate::i18n::t;
use crate::state::use_state;
use leptos::prelude::*;

/// Errors and notices, shown on every page.
#[component]
pub fn Banners() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    view! {
        {move || state.error.get().map(|e| view! {
            <div class="banner error" role="alert">
                <strong>{t(lang.get(), "error.title")}": "</strong><bdi>{move || crate::format::bidi_safe(&e.text(lang.get()))}</bdi>
                <button type="button" class="link-button" on:click=move |_| state.error.set(None)>"×"<span class="visually-hidden">" close"</span></button>
            </div>
        })}
        {move || state.notice.get().map(|notice| view! {
            <div class="banner notice" role="status">{move || notice.text(lang.get())}</div>
        })}
    }
}

/// Shown on dashboard pages before any data is loaded.
#[component]
pub fn EmptyState() -> impl IntoView {
    let lang = use_state().lang;
    view! {
        <section class="empty">
            <h1>{move || t(lang.get(), "empty.title")}</h1>
            <p>{move || t(lang.get(), "empty.body")}</p>
            <p><a href=crate::app_href("/")>{move || t(lang.get(), "empty.go")}</a></p>
        </section>
    }
}
