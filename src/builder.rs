//! The survey widget builder: choose the kind, texts, language, theme, placement and trigger,
//! see the real widget (the `<jornada-survey>` element or the `survey.html` iframe from the
//! widget build in `widget/`) update live, and copy the snippet for either embed mode.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Everything the builder lets the site owner choose. Field values use the widget's own
/// attribute vocabulary (see crates/widget/README.md).
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetSettings {
    pub kind: String,
    pub csat_style: String,
    pub lang: String,
    pub question: String,
    pub company: String,
    /// `always`, `never` or `below`.
    pub follow_up: String,
    /// For `below`: asked when the score is below this.
    pub threshold: u32,
    pub follow_up_question: String,
    pub thanks: String,
    pub theme: String,
    /// `#rrggbb`, empty for the default.
    pub accent: String,
    pub placement: String,
    /// `immediately`, `after`, `scroll`, `exit` or `manual`.
    pub trigger: String,
    /// Seconds for `after`, percent for `scroll`.
    pub trigger_value: u32,
    pub frequency_days: u32,
    pub endpoint: String,
    pub collect_local: bool,
}

impl Default for WidgetSettings {
    fn default() -> Self {
        WidgetSettings {
            kind: "nps".into(),
            csat_style: "numbers".into(),
            lang: "pt-BR".into(),
            question: String::new(),
            company: String::new(),
            follow_up: "always".into(),
            threshold: 7,
            follow_up_question: String::new(),
            thanks: String::new(),
            theme: "auto".into(),
            accent: String::new(),
            placement: "inline".into(),
            trigger: "immediately".into(),
            trigger_value: 5,
            frequency_days: 30,
            endpoint: String::new(),
            collect_local: false,
        }
    }
}

impl WidgetSettings {
    /// The widget's configuration as (key, value) pairs, leaving out empty texts and defaults.
    pub fn attributes(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> =
            vec![("kind", self.kind.clone()), ("lang", self.lang.clone())];
        let mut text = |key: &'static str, value: &str| {
            if !value.trim().is_empty() {
                out.push((key, value.trim().to_string()));
            }
        };
        if self.kind == "csat" && self.csat_style != "numbers" {
            text("csat-style", &self.csat_style);
        }
        text("question", &self.question);
        text("company", &self.company);
        match self.follow_up.as_str() {
            "never" => text("follow-up", "never"),
            "below" => text("follow-up", &format!("below:{}", self.threshold)),
            _ => {}
        }
        text("follow-up-question", &self.follow_up_question);
        text("thanks", &self.thanks);
        if self.theme != "auto" {
            text("theme", &self.theme);
        }
        text("accent", &self.accent);
        if self.placement != "inline" {
            text("placement", &self.placement);
        }
        match self.trigger.as_str() {
            "after" => text("trigger", &format!("after:{}", self.trigger_value)),
            "scroll" => text(
                "trigger",
                &format!("scroll:{}", self.trigger_value.min(100)),
            ),
            "exit" | "manual" => text("trigger", &self.trigger.clone()),
            _ => {}
        }
        if self.frequency_days != 30 {
            text("frequency-days", &self.frequency_days.to_string());
        }
        text("endpoint", &self.endpoint);
        if self.collect_local {
            text("collect", "local");
        }
        out
    }

    /// The preview shows at once and ignores the frequency cap, whatever the trigger, and it
    /// never stores or sends an answer: no endpoint, no kiosk store, and `preview` on, which
    /// makes the widget itself refuse both (it runs on the app's origin, whose data it must not
    /// touch, and the privacy statement promises nothing leaves the browser).
    pub fn preview_attributes(&self) -> Vec<(&'static str, String)> {
        let mut attrs: Vec<_> = self
            .attributes()
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "trigger" | "frequency-days" | "endpoint" | "collect"))
            .collect();
        attrs.push(("frequency-days", "0".into()));
        attrs.push(("survey-id", "builder-preview".into()));
        attrs.push(("preview", "on".into()));
        attrs
    }

    /// Copy-ready HTML for the custom element mode; `base` is where `dist/widget/` is hosted.
    pub fn element_snippet(&self, base: &str) -> String {
        let attrs: String = self
            .attributes()
            .iter()
            .map(|(k, v)| format!(" {k}=\"{}\"", escape_attr(v)))
            .collect();
        format!(
            "<!-- CSP: script-src {origin} 'wasm-unsafe-eval' -->\n<script type=\"module\" src=\"{base}jornada-survey.js\"></script>\n<jornada-survey{attrs}></jornada-survey>",
            origin = origin_of(base),
            base = escape_attr(base),
        )
    }

    /// Copy-ready HTML for the iframe mode (configuration in the URL fragment).
    pub fn iframe_snippet(&self, base: &str) -> String {
        let fragment = fragment(
            &self
                .attributes()
                .into_iter()
                .filter(|(k, _)| *k != "placement")
                .collect::<Vec<_>>(),
        );
        format!(
            "<!-- CSP: frame-src {origin} (no 'wasm-unsafe-eval' needed) -->\n<iframe data-jornada-survey title=\"{title}\" width=\"100%\" height=\"240\"\n  src=\"{src}\"></iframe>\n<!-- optional: copy jornada-frame.js to your site for auto-resize and jornada:response events -->\n<script src=\"/js/jornada-frame.js\"></script>",
            origin = origin_of(base),
            title = if self.lang == "en" {
                "Survey"
            } else {
                "Pesquisa"
            },
            src = escape_attr(&format!("{base}survey.html#{fragment}")),
        )
    }
}

/// Escapes a value for a double-quoted HTML attribute.
pub fn escape_attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// `key=value&...` with each part percent-encoded (UTF-8; unreserved characters kept).
pub fn fragment(pairs: &[(&'static str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `https://cdn.example.com` from `https://cdn.example.com/jornada/widget/`.
fn origin_of(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => format!("{scheme}://{}", rest.split('/').next().unwrap_or("")),
        None => "'self'".to_string(),
    }
}

/// Absolute URL of the widget build (`widget/` next to the app's own files): the boot script's
/// `data-js` (Trunk.toml `pattern_script`) names the app's JS, whose folder holds `widget/`.
fn widget_base() -> String {
    let document = web_sys::window().and_then(|w| w.document());
    let app_js = document
        .as_ref()
        .and_then(|d| d.query_selector("script[data-js]").ok().flatten())
        .and_then(|script| script.get_attribute("data-js"))
        .and_then(|href| {
            web_sys::Url::new_with_base(&href, &document.as_ref()?.base_uri().ok().flatten()?).ok()
        });
    match app_js {
        Some(url) => {
            let href = url.href();
            let folder = href.rsplit_once('/').map(|(dir, _)| dir).unwrap_or(&href);
            format!("{folder}/widget/")
        }
        None => "./widget/".to_string(),
    }
}

/// Loads `jornada-survey.js` once (a script element from our own origin: allowed by the
/// app's CSP, which already has 'wasm-unsafe-eval'). `failed` is set when the script cannot
/// be fetched (offline, before the app's files were kept): the preview then stays blank.
fn load_widget_script(base: &str, failed: RwSignal<bool>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let existing = document
        .query_selector("script[data-jornada-widget]")
        .ok()
        .flatten();
    // A script that failed (offline) is tried again, the network may be back: under another
    // URL, since the browser keeps a module that failed to load as failed for its URL.
    let mut retry = None;
    let existing = existing.filter(|script| {
        let failed = script.has_attribute(WIDGET_FAILED);
        if failed {
            script.remove();
            retry = Some(js_sys::Date::now());
        }
        !failed
    });
    let script = match existing {
        Some(script) => script,
        None => {
            let (Ok(script), Some(head)) = (document.create_element("script"), document.head())
            else {
                return;
            };
            let _ = script.set_attribute("type", "module");
            let query = retry.map(|t| format!("?retry={t}")).unwrap_or_default();
            let _ = script.set_attribute("src", &format!("{base}jornada-survey.js{query}"));
            let _ = script.set_attribute("data-jornada-widget", "");
            let _ = head.append_child(&script);
            script
        }
    };
    let target = script.clone();
    gloo::events::EventListener::once(&script, "error", move |_| {
        let _ = target.set_attribute(WIDGET_FAILED, "");
        let _ = failed.try_set(true);
    })
    .forget();
}

/// Marks the widget's script element when it could not be loaded.
const WIDGET_FAILED: &str = "data-failed";

/// Replaces the preview with the real widget in the chosen mode.
fn render_preview(host: &web_sys::Element, settings: &WidgetSettings, base: &str, iframe: bool) {
    let Some(document) = host.owner_document() else {
        return;
    };
    while let Some(child) = host.first_child() {
        let _ = host.remove_child(&child);
    }
    let built = if iframe {
        document.create_element("iframe").inspect(|frame| {
            let pairs: Vec<_> = settings
                .preview_attributes()
                .into_iter()
                .filter(|(k, _)| *k != "placement")
                .collect();
            let _ = frame.set_attribute("data-jornada-survey", "");
            let _ = frame.set_attribute(
                "title",
                if settings.lang == "en" {
                    "Survey preview"
                } else {
                    "Pré-visualização da pesquisa"
                },
            );
            let _ = frame.set_attribute("width", "100%");
            let _ = frame.set_attribute("height", "260");
            let _ = frame.set_attribute("src", &format!("{base}survey.html#{}", fragment(&pairs)));
        })
    } else {
        document
            .create_element("jornada-survey")
            .inspect(|element| {
                for (key, value) in settings.preview_attributes() {
                    // setAttribute: every text stays text.
                    let _ = element.set_attribute(key, &value);
                }
            })
    };
    if let Ok(node) = built {
        let _ = host.append_child(&node);
    }
}

/// Writes `text` to the clipboard; the promise of `navigator.clipboard.writeText`, or `None`
/// where there is no clipboard (an insecure origin, an old browser).
fn copy_to_clipboard(text: String) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    // Through Reflect: the app's web-sys features do not include Navigator/Clipboard.
    let navigator = js_sys::Reflect::get(&window, &"navigator".into()).ok()?;
    let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok()?;
    let write = write.dyn_ref::<js_sys::Function>()?;
    write
        .call1(&clipboard, &text.into())
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}

/// What the copy button last did, said beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    Yes,
    Failed,
}

/// The builder's own layout rules, adopted by the document as a constructable stylesheet (no
/// `<style>` element: the app's CSP has no 'unsafe-inline'). Reached through Reflect because
/// the app's web-sys features do not include CSSStyleSheet.
const BUILDER_CSS: &str = ".builder-grid{display:grid;grid-template-columns:minmax(260px,1fr) minmax(300px,1.3fr);gap:24px;align-items:start}\
@media (max-width:760px){.builder-grid{grid-template-columns:1fr}}\
.builder-form{display:grid;gap:10px}.builder-form label{display:grid;gap:4px}\
.builder-form label.check{display:flex;align-items:center;gap:8px}\
.builder-form input[type=text],.builder-form input[type=url],.builder-form input[type=number],.builder-form select{font:inherit;padding:6px 8px}\
.builder-preview pre{white-space:pre-wrap;word-break:break-all;padding:12px;border:1px solid #8a9099;border-radius:8px}\
.builder-preview .preview{min-height:120px;margin:8px 0 16px}\
.builder-modes{display:flex;gap:8px}.builder-modes button[aria-pressed=true]{font-weight:700;border-color:var(--accent);box-shadow:inset 0 -3px 0 var(--accent)}\
.copy-row{align-items:center}.copy-status{margin:0;color:var(--muted)}.copy-status.error{color:var(--danger)}\
.preview-offline{border-left:4px solid var(--focus);padding:4px 8px;margin:8px 0}";

fn adopt_builder_css() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let adopted = js_sys::Reflect::get(&document, &"adoptedStyleSheets".into())
        .unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
    let Ok(sheets) = adopted.dyn_into::<js_sys::Array>() else {
        return;
    };
    let marker = wasm_bindgen::JsValue::from_str("jornadaBuilder");
    if sheets
        .iter()
        .any(|s| js_sys::Reflect::has(&s, &marker).unwrap_or(false))
    {
        return;
    }
    let Ok(constructor) = js_sys::Reflect::get(&window, &"CSSStyleSheet".into()) else {
        return;
    };
    let Some(constructor) = constructor.dyn_ref::<js_sys::Function>() else {
        return;
    };
    let Ok(sheet) = js_sys::Reflect::construct(constructor, &js_sys::Array::new()) else {
        return;
    };
    let Ok(replace) = js_sys::Reflect::get(&sheet, &"replaceSync".into()) else {
        return;
    };
    let Some(replace) = replace.dyn_ref::<js_sys::Function>() else {
        return;
    };
    if replace.call1(&sheet, &BUILDER_CSS.into()).is_err() {
        return;
    }
    let _ = js_sys::Reflect::set(&sheet, &marker, &wasm_bindgen::JsValue::TRUE);
    let next = sheets.slice(0, sheets.length());
    next.push(&sheet);
    let _ = js_sys::Reflect::set(&document, &"adoptedStyleSheets".into(), &next);
}

/// `pt` or `en`, whichever the app speaks now.
fn in_ui_language(
    lang: RwSignal<crate::i18n::Lang>,
    pt: &'static str,
    en: &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || {
        if lang.get() == crate::i18n::Lang::En {
            en
        } else {
            pt
        }
    }
}

/// The builder page.
#[component]
pub fn Builder() -> impl IntoView {
    adopt_builder_css();
    let lang = crate::state::use_state().lang;
    // The page speaks the app's language; the widget's own language is a separate choice.
    let tr = move |pt: &'static str, en: &'static str| in_ui_language(lang, pt, en);
    let settings = RwSignal::new(WidgetSettings {
        lang: lang.get_untracked().tag().to_string(),
        ..WidgetSettings::default()
    });
    let iframe_mode = RwSignal::new(false);
    let base = widget_base();
    let widget_failed = RwSignal::new(false);
    load_widget_script(&base, widget_failed);
    let preview = NodeRef::<leptos::html::Div>::new();
    let preview_base = base.clone();
    Effect::new(move |_| {
        let current = settings.get();
        let iframe = iframe_mode.get();
        if let Some(host) = preview.get() {
            render_preview(&host, &current, &preview_base, iframe);
        }
    });
    let element_base = base.clone();
    let element_snippet = Memo::new(move |_| settings.get().element_snippet(&element_base));
    let iframe_base = base.clone();
    let iframe_snippet = Memo::new(move |_| settings.get().iframe_snippet(&iframe_base));

    view! {
        <section class="builder">
            <h1>{tr("Widget de pesquisa", "Survey widget")}</h1>
            <p>{tr("Escolha a pesquisa, veja o widget real ao lado e copie o código para o seu site.", "Choose the survey, see the real widget beside it and copy the code for your site.")}</p>
            <div class="builder-grid">
                <BuilderForm settings/>
                <div class="builder-preview">
                    <div class="builder-modes" role="group" aria-label=tr("Modo de incorporação", "Embed mode")>
                        <button type="button" class="button" aria-pressed=move || (!iframe_mode.get()).to_string() on:click=move |_| iframe_mode.set(false)>{tr("Elemento", "Element")}</button>
                        <button type="button" class="button" aria-pressed=move || iframe_mode.get().to_string() on:click=move |_| iframe_mode.set(true)>"iframe"</button>
                    </div>
                    <p class="hint">{tr("Pré-visualização real: aparece já e sem limite de frequência.", "Real preview: shown at once, without the frequency cap.")}</p>
                    <Show when=move || widget_failed.get()>
                        <p class="preview-offline" role="status">{tr(
                            "A pré-visualização está em branco porque os arquivos do widget não puderam ser carregados: sem conexão, e eles ainda não foram guardados para uso off-line (são guardados quando o app abre com conexão). O código abaixo continua valendo.",
                            "The preview is blank because the widget's files could not be loaded: the page is offline and they have not been saved for offline use yet (they are once the app opens online). The code below still works.",
                        )}</p>
                    </Show>
                    <div class="preview" node_ref=preview></div>
                    <h2>{tr("Código para o seu site", "Code for your site")}</h2>
                    <pre><code>{move || if iframe_mode.get() { iframe_snippet.get() } else { element_snippet.get() }}</code></pre>
                    <CopyCode text=Signal::derive(move || if iframe_mode.get() { iframe_snippet.get() } else { element_snippet.get() })/>
                </div>
            </div>
        </section>
    }
}

/// The builder's form: every choice of the widget, written through to `settings`.
#[component]
fn BuilderForm(settings: RwSignal<WidgetSettings>) -> impl IntoView {
    let lang = crate::state::use_state().lang;
    let tr = move |pt: &'static str, en: &'static str| in_ui_language(lang, pt, en);
    // `field(f)` makes an input handler that writes the input's value through `f`.
    let field = move |apply: fn(&mut WidgetSettings, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            settings.update(|s| apply(s, value));
        }
    };
    let number = |text: String| text.trim().parse::<u32>().unwrap_or(0);

    view! {
        <form class="builder-form" on:submit=|ev| ev.prevent_default()>
            <label>{tr("Tipo", "Kind")}
                <select prop:value=move || settings.get().kind on:change=field(|s, v| s.kind = v)>
                    <option value="nps">"NPS (0-10)"</option>
                    <option value="csat">"CSAT (1-5)"</option>
                    <option value="ces">"CES (1-7)"</option>
                    <option value="enps">"eNPS (0-10)"</option>
                </select>
            </label>
            <Show when=move || settings.get().kind == "csat">
                <label>{tr("Estilo da CSAT", "CSAT style")}
                    <select prop:value=move || settings.get().csat_style on:change=field(|s, v| s.csat_style = v)>
                        <option value="numbers">{tr("Números", "Numbers")}</option>
                        <option value="stars">{tr("Estrelas", "Stars")}</option>
                        <option value="faces">{tr("Rostos", "Faces")}</option>
                    </select>
                </label>
            </Show>
            <label>{tr("Idioma", "Language")}
                <select prop:value=move || settings.get().lang on:change=field(|s, v| s.lang = v)>
                    <option value="pt-BR">"Português (Brasil)"</option>
                    <option value="en">"English"</option>
                </select>
            </label>
            <label>{tr("Empresa (usada na pergunta padrão)", "Company (used in the default question)")}
                <input type="text" prop:value=move || settings.get().company on:input=field(|s, v| s.company = v)/>
            </label>
            <label>{tr("Pergunta (vazio = texto padrão)", "Question (empty = standard wording)")}
                <input type="text" prop:value=move || settings.get().question on:input=field(|s, v| s.question = v)/>
            </label>
            <label>{tr("Pergunta aberta", "Open question")}
                <select prop:value=move || settings.get().follow_up on:change=field(|s, v| s.follow_up = v)>
                    <option value="always">{tr("Sempre", "Always")}</option>
                    <option value="below">{tr("Só abaixo de uma nota", "Only below a score")}</option>
                    <option value="never">{tr("Nunca", "Never")}</option>
                </select>
            </label>
            <Show when=move || settings.get().follow_up == "below">
                <label>{tr("Perguntar quando a nota for menor que", "Ask when the score is below")}
                    <input type="number" min="0" max="11" prop:value=move || settings.get().threshold.to_string()
                        on:input=move |ev| settings.update(|s| s.threshold = number(event_target_value(&ev)))/>
                </label>
            </Show>
            <label>{tr("Texto da pergunta aberta", "Open question text")}
                <input type="text" prop:value=move || settings.get().follow_up_question on:input=field(|s, v| s.follow_up_question = v)/>
            </label>
            <label>{tr("Agradecimento", "Thank-you text")}
                <input type="text" prop:value=move || settings.get().thanks on:input=field(|s, v| s.thanks = v)/>
            </label>
            <label>{tr("Tema", "Theme")}
                <select prop:value=move || settings.get().theme on:change=field(|s, v| s.theme = v)>
                    <option value="auto">{tr("Automático (segue o sistema)", "Automatic (follows the system)")}</option>
                    <option value="light">{tr("Claro", "Light")}</option>
                    <option value="dark">{tr("Escuro", "Dark")}</option>
                </select>
            </label>
            <label>{tr("Cor de destaque", "Accent colour")}
                <input type="color" prop:value=move || { let a = settings.get().accent; if a.is_empty() { "#1f5fbf".to_string() } else { a } }
                    on:input=field(|s, v| s.accent = v)/>
            </label>
            <label>{tr("Posição", "Placement")}
                <select prop:value=move || settings.get().placement on:change=field(|s, v| s.placement = v)>
                    <option value="inline">{tr("No conteúdo", "Inline")}</option>
                    <option value="popover">{tr("Janela sobre a página", "Popover")}</option>
                    <option value="slide-in">{tr("Deslizando no canto", "Slide-in")}</option>
                </select>
            </label>
            <label>{tr("Quando mostrar", "When to show")}
                <select prop:value=move || settings.get().trigger on:change=field(|s, v| s.trigger = v)>
                    <option value="immediately">{tr("Imediatamente", "Immediately")}</option>
                    <option value="after">{tr("Após N segundos", "After N seconds")}</option>
                    <option value="scroll">{tr("Ao rolar N% da página", "At N% scroll")}</option>
                    <option value="exit">{tr("Ao sair da página", "On exit intent")}</option>
                    <option value="manual">{tr("Quando a página chamar show()", "When the page calls show()")}</option>
                </select>
            </label>
            <Show when=move || matches!(settings.get().trigger.as_str(), "after" | "scroll")>
                <label>"N"
                    <input type="number" min="0" prop:value=move || settings.get().trigger_value.to_string()
                        on:input=move |ev| settings.update(|s| s.trigger_value = number(event_target_value(&ev)))/>
                </label>
            </Show>
            <label>{tr("Mostrar no máximo uma vez a cada N dias (0 = sem limite)", "Show at most once every N days (0 = no limit)")}
                <input type="number" min="0" prop:value=move || settings.get().frequency_days.to_string()
                    on:input=move |ev| settings.update(|s| s.frequency_days = number(event_target_value(&ev)))/>
            </label>
            <label>{tr("Enviar respostas para (https://…, opcional)", "Send answers to (https://…, optional)")}
                <input type="url" prop:value=move || settings.get().endpoint on:input=field(|s, v| s.endpoint = v)/>
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || settings.get().collect_local
                    on:change=move |ev| settings.update(|s| s.collect_local = event_target_checked(&ev))/>
                {tr("Coletar neste aparelho (modo quiosque, baixar CSV)", "Collect on this device (kiosk mode, CSV download)")}
            </label>
        </form>
    }
}

/// "Copy code" for the snippet on screen, with a confirmation that goes away (a failure stays
/// until the next try).
#[component]
fn CopyCode(text: Signal<String>) -> impl IntoView {
    let lang = crate::state::use_state().lang;
    let tr = move |pt: &'static str, en: &'static str| in_ui_language(lang, pt, en);
    let copied = RwSignal::new(None::<Copied>);
    let copy_shown = StoredValue::new(0u32);
    view! {
    <div class="button-row copy-row">
        <button type="button" class="button primary" id="copy-code" on:click=move |_| {
            let text = text.get_untracked();
            let shown = copy_shown.get_value().wrapping_add(1);
            copy_shown.set_value(shown);
            let say = move |result: Copied| {
                copied.set(Some(result));
                // The confirmation goes away; a failure stays until the next try.
                if result == Copied::Yes {
                    set_timeout(move || if copy_shown.get_value() == shown { copied.set(None) }, std::time::Duration::from_secs(4));
                }
            };
            match copy_to_clipboard(text) {
                Some(promise) => wasm_bindgen_futures::spawn_local(async move {
                    let done = wasm_bindgen_futures::JsFuture::from(promise).await;
                    say(if done.is_ok() { Copied::Yes } else { Copied::Failed });
                }),
                None => say(Copied::Failed),
            }
        }>
            {tr("Copiar código", "Copy code")}
        </button>
        <p class="copy-status" role="status" class:error=move || copied.get() == Some(Copied::Failed)>
            {move || match copied.get() {
                Some(Copied::Yes) => tr("Código copiado.", "Code copied.")(),
                Some(Copied::Failed) => tr("Não foi possível copiar: selecione o código acima e copie (Ctrl+C).", "Could not copy: select the code above and copy it (Ctrl+C).")(),
                None => "",
            }}
        </p>
    </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_give_a_minimal_element_snippet() {
        let s = WidgetSettings::default();
        assert_eq!(
            s.element_snippet("https://cdn.example.com/jornada/widget/"),
            "<!-- CSP: script-src https://cdn.example.com 'wasm-unsafe-eval' -->\n\
             <script type=\"module\" src=\"https://cdn.example.com/jornada/widget/jornada-survey.js\"></script>\n\
             <jornada-survey kind=\"nps\" lang=\"pt-BR\"></jornada-survey>"
        );
    }

    #[test]
    fn choices_become_attributes_and_texts_are_escaped() {
        let s = WidgetSettings {
            kind: "csat".into(),
            csat_style: "faces".into(),
            lang: "en".into(),
            question: "<img src=x onerror=\"alert(1)\"> & co".into(),
            follow_up: "below".into(),
            threshold: 4,
            theme: "dark".into(),
            accent: "#0b6e4f".into(),
            placement: "slide-in".into(),
            trigger: "scroll".into(),
            trigger_value: 60,
            frequency_days: 7,
            endpoint: "https://api.example.com/nps".into(),
            ..WidgetSettings::default()
        };
        let snippet = s.element_snippet("./widget/");
        assert!(snippet.ends_with(
            "<jornada-survey kind=\"csat\" lang=\"en\" csat-style=\"faces\" question=\"&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; co\" follow-up=\"below:4\" theme=\"dark\" accent=\"#0b6e4f\" placement=\"slide-in\" trigger=\"scroll:60\" frequency-days=\"7\" endpoint=\"https://api.example.com/nps\"></jornada-survey>"
        ), "{snippet}");
        assert!(snippet.starts_with("<!-- CSP: script-src 'self' 'wasm-unsafe-eval' -->"));
    }

    #[test]
    fn iframe_snippet_encodes_the_fragment_and_drops_placement() {
        let s = WidgetSettings {
            kind: "ces".into(),
            company: "Loja Ação & Cia".into(),
            placement: "popover".into(),
            collect_local: true,
            ..WidgetSettings::default()
        };
        let snippet = s.iframe_snippet("https://cdn.example.com/w/");
        assert!(snippet.contains(
            "src=\"https://cdn.example.com/w/survey.html#kind=ces&amp;lang=pt-BR&amp;company=Loja%20A%C3%A7%C3%A3o%20%26%20Cia&amp;collect=local\""
        ), "{snippet}");
        assert!(snippet.starts_with(
            "<!-- CSP: frame-src https://cdn.example.com (no 'wasm-unsafe-eval' needed) -->"
        ));
        assert!(snippet.contains("title=\"Pesquisa\""));
    }

    #[test]
    fn preview_ignores_trigger_and_cap() {
        let s = WidgetSettings {
            trigger: "exit".into(),
            frequency_days: 90,
            ..WidgetSettings::default()
        };
        let attrs = s.preview_attributes();
        assert!(!attrs.iter().any(|(k, _)| *k == "trigger"));
        assert!(attrs.contains(&("frequency-days", "0".to_string())));
    }

    #[test]
    fn preview_never_stores_or_sends() {
        let s = WidgetSettings {
            endpoint: "https://api.example.com/nps".into(),
            collect_local: true,
            ..WidgetSettings::default()
        };
        let attrs = s.preview_attributes();
        assert!(
            !attrs
                .iter()
                .any(|(k, _)| *k == "endpoint" || *k == "collect"),
            "{attrs:?}"
        );
        assert!(attrs.contains(&("preview", "on".to_string())));
        // (The widget's `preview_never_sends_stores_or_caps` holds what `preview` does.)
        // The snippets keep the endpoint: only the preview drops it.
        assert!(s.attributes().iter().any(|(k, _)| *k == "endpoint"));
    }
}
