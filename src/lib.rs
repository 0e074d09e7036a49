//! The analyzer app: a Leptos client-side app over `jornada-engine`. It holds no metric logic:
//! files are read and metrics computed by the engine in a Web Worker ([`worker`]); the UI
//! ([`views`]) shows the worker's reports.

pub mod bridge;
pub mod builder;
pub mod charts;
pub mod details;
pub mod export;
pub mod format;
pub mod formulas;
pub mod i18n;
pub mod messages;
pub mod persist;
pub mod protocol;
pub mod reasons;
pub mod roles;
pub mod sample_worker;
pub mod state;
pub mod storage;
pub mod views;
pub mod worker;

#[cfg(test)]
mod shell_tests;

use i18n::{Lang, t};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::path;
use state::AppState;

/// Mounts the app on `<body>` in place of the static start page of index.html (`#boot-shell`).
/// The app renders the same markup, and the shell is removed in the same task as the mount, so
/// no frame shows both and nothing shifts. (public/boot.js registers the service worker.)
pub fn start() {
    console_error_panic_hook::set_once();
    // The first render runs in its own task, after the one that instantiated the wasm, so that
    // neither holds the main thread as long as both would.
    set_timeout(
        || {
            leptos::mount::mount_to_body(App);
            remove_shell();
        },
        std::time::Duration::ZERO,
    );
}

/// The id of the static start page in index.html.
pub const SHELL_ID: &str = "boot-shell";

fn remove_shell() {
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(SHELL_ID))
    {
        shell.remove();
    }
}

/// Files the user chose or dropped on the static shell before the app mounted (public/boot.js
/// keeps them in `globalThis.jornadaPendingFiles`); taken once.
fn take_pending_files() -> Vec<web_sys::File> {
    let global = js_sys::global();
    let key = wasm_bindgen::JsValue::from_str("jornadaPendingFiles");
    let Ok(list) = js_sys::Reflect::get(&global, &key) else {
        return Vec::new();
    };
    let _ = js_sys::Reflect::delete_property(&global, &key);
    if !js_sys::Array::is_array(&list) {
        return Vec::new();
    }
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|v| wasm_bindgen::JsCast::dyn_into::<web_sys::File>(v).ok())
        .collect()
}

/// The router base: the directory the app is served from (`/app` for `/app/sales`), so the
/// same `dist/` works from any sub-path. Routes are one segment deep, so the base is the
/// current path up to its last `/`.
pub fn base_path() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    base_of(&path)
}

/// An in-app link: the route under the runtime base (plain `<a>`s are routed client-side).
pub fn app_href(route: &str) -> String {
    format!("{}{route}", base_path())
}

pub fn base_of(path: &str) -> String {
    let dir = match path.rfind('/') {
        Some(i) => &path[..i],
        None => "",
    };
    dir.to_string()
}

fn initial_lang() -> Lang {
    if let Some(lang) = storage::get::<Lang>(storage::LANG_KEY) {
        return lang;
    }
    let langs: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    Lang::from_browser_languages(langs.iter().map(String::as_str))
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router base=base_path()>
            <Shell/>
        </Router>
    }
}

/// The app's state, made inside the router so that it can navigate (a finished load moves
/// to the dashboard).
fn provide_state() -> AppState {
    let settings =
        storage::get(storage::SETTINGS_KEY).unwrap_or_else(views::settings::app_defaults);
    let remember = storage::get::<bool>(storage::REMEMBER_KEY).unwrap_or(false);
    let navigate = use_navigate();
    let go = Callback::new(move |route: &'static str| navigate(route, Default::default()));
    let state = AppState::new(initial_lang(), settings, remember, go);
    provide_context(state);
    // The engine worker (and its wasm) starts in idle time after this first render, off the
    // first paint, so a drop does not wait for it; a load before that starts it at once.
    bridge::start_when_idle(state);
    persist::check(state);
    let pending = take_pending_files();
    if !pending.is_empty() {
        set_timeout(
            move || bridge::load_files(state, pending, false),
            std::time::Duration::ZERO,
        );
    }
    Effect::new(move |_| {
        let lang = state.lang.get();
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", lang.tag());
        }
    });
    state
}

#[component]
fn Shell() -> impl IntoView {
    let state = provide_state();
    let lang = state.lang;
    // Plain links (the router intercepts same-origin clicks) so `aria-current` follows the
    // path under the runtime base.
    let base = base_path();
    let location = use_location();
    let nav_link = |route: &'static str, key: &'static str| {
        let href = format!("{base}{route}");
        let target = href.clone();
        let base = base.clone();
        let current = move || {
            let path = location.pathname.get();
            (path == target || (route == "/" && path == base)).then_some("page")
        };
        view! { <li><a href=href aria-current=current>{move || t(lang.get(), key)}</a></li> }
    };
    view! {
        <a class="skip-link" href="#main">{move || t(lang.get(), "skip")}</a>
        <header class="app-header no-print">
            <div class="brand">
                <span class="brand-name">"Jornada"</span>
                <span class="brand-tagline">{move || t(lang.get(), "app.tagline")}</span>
            </div>
            <label class="lang-switch">
                <span class="visually-hidden">{move || t(lang.get(), "lang.label")}</span>
                <select
                    id="lang-select"
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let l = if v == "en" { Lang::En } else { Lang::Pt };
                        storage::set(storage::LANG_KEY, &l);
                        lang.set(l);
                    }
                    prop:value=move || if lang.get() == Lang::En { "en" } else { "pt-BR" }
                >
                    <option value="pt-BR">"Português (Brasil)"</option>
                    <option value="en">"English"</option>
                </select>
            </label>
            <nav aria-label=move || t(lang.get(), "nav.label")>
                <ul>
                    {nav_link("/", "nav.home")}
                    {nav_link("/mapping", "nav.mapping")}
                    {nav_link("/journey", "nav.journey")}
                    {nav_link("/attraction", "nav.attraction")}
                    {nav_link("/sales", "nav.sales")}
                    {nav_link("/service", "nav.service")}
                    {nav_link("/loyalty", "nav.loyalty")}
                    {nav_link("/survey", "nav.survey")}
                    {nav_link("/settings", "nav.settings")}
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            <views::Banners/>
            <Routes fallback=|| view! { <views::start::StartPage/> }>
                <Route path=path!("/") view=views::start::StartPage/>
                <Route path=path!("/mapping") view=views::mapping::MappingPage/>
                <Route path=path!("/journey") view=views::journey::JourneyPage/>
                <Route path=path!("/attraction") view=|| view! { <views::dashboard::StagePage stage=jornada_engine::Stage::Attraction/> }/>
                <Route path=path!("/sales") view=|| view! { <views::dashboard::StagePage stage=jornada_engine::Stage::Sales/> }/>
                <Route path=path!("/service") view=|| view! { <views::dashboard::StagePage stage=jornada_engine::Stage::Service/> }/>
                <Route path=path!("/loyalty") view=|| view! { <views::dashboard::StagePage stage=jornada_engine::Stage::Loyalty/> }/>
                <Route path=path!("/why") view=views::why::WhyPage/>
                <Route path=path!("/settings") view=views::settings::SettingsPage/>
                <Route path=path!("/survey") view=builder::Builder/>
            </Routes>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_is_the_serving_directory() {
        assert_eq!(base_of("/app/"), "/app");
        assert_eq!(base_of("/app/sales"), "/app");
        assert_eq!(base_of("/app/index.html"), "/app");
        assert_eq!(base_of("/"), "");
        assert_eq!(base_of("/sales"), "");
        assert_eq!(base_of("/a/b/c/journey"), "/a/b/c");
    }
}
