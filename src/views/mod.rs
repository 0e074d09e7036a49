//! The pages. Each reads [`crate::state::AppState`] and talks to the worker via [`crate::bridge`].

pub mod dashboard;
pub mod filters;
pub mod journey;
pub mod mapping;
pub mod settings;
pub mod start;
pub mod why;

use crate::i18n::t;
use crate::state::use_state;
use leptos::prelude::*;

/// Errors and notices, shown on every page; and, on every page but Home (whose privacy
/// panel offers it), the offer to open the data kept on this device while none is loaded.
#[component]
pub fn Banners() -> impl IntoView {
    let state = use_state();
    let lang = state.lang;
    let location = leptos_router::hooks::use_location();
    let offer_stored = move || {
        location.pathname.track();
        state.has_stored.get()
            && state.tables.with(Vec::is_empty)
            && state.phase.get() == crate::state::Phase::Idle
            && !crate::bridge::on_start_page()
    };
    view! {
        <Show when=offer_stored>
            <div class="banner notice stored-data" role="region" aria-label=move || t(lang.get(), "privacy.restore")>
                <span>{move || t(lang.get(), "load.stored")}</span>
                <button type="button" id="open-stored" class="button" on:click=move |_| crate::persist::restore(state)>
                    {move || t(lang.get(), "privacy.restore")}
                </button>
            </div>
        </Show>
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
