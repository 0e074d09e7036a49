//! The analyzer app: a Leptos client-side app over `jornada-engine`. It holds no metric logic.

use leptos::prelude::*;

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    view! {
        <main>
            <h1>"Jornada"</h1>
            <p>"Seus dados não saem do navegador."</p>
        </main>
    }
}
