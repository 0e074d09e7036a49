//! The widget's CSS, adopted into its shadow root as a constructable stylesheet: no `<style>`
//! element and no `style` attribute, so a host CSP of `style-src 'self'` is enough.
//!
//! `.jw { all: initial }` cuts every inherited property coming from the host page (a hostile
//! `* { color: red }` reaches the custom element itself and would otherwise inherit inwards).
//! Custom properties are not reset by `all`, so the host can theme through `--jornada-*`.

use std::cell::RefCell;

use wasm_bindgen::JsValue;
use web_sys::CssStyleSheet;

const LIGHT: &str = "--_accent:var(--jornada-accent,#1f5fbf);--_on-accent:var(--jornada-on-accent,#fff);\
--_bg:var(--jornada-bg,#fff);--_fg:var(--jornada-fg,#1c1e21);--_muted:var(--jornada-muted,#545a64);\
--_line:var(--jornada-border,#868c96);--_err:#a8231b;--_focus:var(--jornada-focus,#1f5fbf);";
const DARK: &str = "--_accent:var(--jornada-accent-dark,#8ab4f8);--_on-accent:var(--jornada-on-accent-dark,#10141a);\
--_bg:var(--jornada-bg-dark,#1f2227);--_fg:var(--jornada-fg-dark,#eceef1);--_muted:var(--jornada-muted-dark,#b7bdc6);\
--_line:var(--jornada-border-dark,#7f8690);--_err:#ffb4ab;--_focus:var(--jornada-focus-dark,#8ab4f8);";

const BODY: &str = r#"
:host{display:block}
.jw{all:initial;display:block;container-type:inline-size;font-family:var(--jornada-font,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif);font-size:16px;line-height:1.4;color:var(--_fg);text-align:left}
.jw *{box-sizing:border-box}
.panel{position:relative;background:var(--_bg);color:var(--_fg);border:1px solid var(--_line);border-radius:var(--jornada-radius,10px);padding:16px;max-width:640px}
.frame .panel{max-width:none}
.pop .backdrop{position:fixed;inset:0;background:rgba(0,0,0,.5);z-index:2147483646}
.pop .panel{position:fixed;left:50%;top:50%;transform:translate(-50%,-50%);width:min(calc(100vw - 16px),560px);max-height:calc(100vh - 16px);overflow:auto;z-index:2147483647;box-shadow:0 12px 40px rgba(0,0,0,.35);animation:jw-fade .2s ease-out}
.slide .panel{position:fixed;right:16px;bottom:16px;width:min(calc(100vw - 32px),440px);max-height:calc(100vh - 32px);overflow:auto;z-index:2147483647;box-shadow:0 8px 30px rgba(0,0,0,.3);animation:jw-slide .3s ease-out}
@keyframes jw-slide{from{transform:translateY(32px);opacity:0}}
@keyframes jw-fade{from{opacity:0}}
@media (prefers-reduced-motion:reduce){.jw *{animation:none!important;transition:none!important}}
.q{display:block;margin:0 0 12px;font-size:1.05em;font-weight:600;color:var(--_fg)}
.closable .q{margin-right:36px}
.scale{display:grid;gap:6px}
.n11{grid-template-columns:repeat(11,minmax(0,1fr))}
.n7{grid-template-columns:repeat(7,minmax(0,1fr))}
.n5{grid-template-columns:repeat(5,minmax(0,1fr))}
@container (max-width:440px){.n11{grid-template-columns:repeat(6,minmax(0,1fr))}}
@container (max-width:300px){.n7{grid-template-columns:repeat(4,minmax(0,1fr))}}
.opt{min-height:44px;min-width:0;display:flex;align-items:center;justify-content:center;border:1px solid var(--_line);border-radius:8px;background:var(--_bg);color:var(--_fg);cursor:pointer;font-weight:600;user-select:none;transition:background .15s}
.opt:hover{border-color:var(--_accent)}
.opt[aria-checked=true]{background:var(--_accent);border-color:var(--_accent);color:var(--_on-accent)}
.opt svg{width:30px;height:30px;fill:none;stroke:currentColor;stroke-width:1.6;stroke-linecap:round;stroke-linejoin:round}
.opt svg circle{fill:currentColor;stroke:none}
.stars .opt{border-color:transparent;background:transparent;color:var(--_muted)}
.stars .opt.on,.stars .opt[aria-checked=true]{background:transparent;color:var(--_accent)}
.stars .opt.on svg{fill:currentColor}
.opt:focus-visible,.btn:focus-visible,.close:focus-visible,textarea:focus-visible,.q:focus-visible{outline:3px solid var(--_focus);outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:12px;margin:6px 0 0;font-size:.85em;color:var(--_muted)}
.ends span:last-child{text-align:right}
.actions{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:8px;margin-top:14px}
.btn{font:inherit;font-weight:600;min-height:40px;padding:8px 18px;border-radius:8px;border:1px solid var(--_accent);cursor:pointer}
.primary{background:var(--_accent);color:var(--_on-accent)}
.secondary{background:transparent;color:var(--_fg);border-color:var(--_line)}
.close{position:absolute;top:8px;right:8px;width:36px;height:36px;border:none;background:transparent;color:var(--_fg);font:inherit;font-size:22px;line-height:1;cursor:pointer;border-radius:50%}
.close:hover{background:rgba(127,127,127,.18)}
textarea{display:block;width:100%;min-height:84px;resize:vertical;font:inherit;color:var(--_fg);background:var(--_bg);border:1px solid var(--_line);border-radius:8px;padding:8px}
.small{font-size:.85em;color:var(--_muted);margin:6px 0 0}
.err{color:var(--_err);font-size:.9em;margin:8px 0 0;min-height:0}
.err:empty{display:none}
.thanks{margin:4px 36px 4px 0}
.kiosk{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px;margin-top:14px;padding-top:10px;border-top:1px solid var(--_line);font-size:.85em;color:var(--_muted)}
.kiosk .btn{min-height:32px;padding:4px 12px;font-size:1em}
"#;

thread_local! {
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// The full stylesheet text: light defaults, dark under `prefers-color-scheme` unless the
/// widget is forced light, and dark when forced.
pub(crate) fn css() -> String {
    format!(
        ".jw{{{LIGHT}}}@media (prefers-color-scheme:dark){{.jw:not(.light){{{DARK}}}}}.jw.dark{{{DARK}}}{BODY}"
    )
}

/// One shared sheet per document.
pub(crate) fn sheet() -> Result<CssStyleSheet, JsValue> {
    SHEET.with(|cell| {
        if let Some(sheet) = cell.borrow().as_ref() {
            return Ok(sheet.clone());
        }
        let sheet = CssStyleSheet::new()?;
        sheet.replace_sync(&css())?;
        *cell.borrow_mut() = Some(sheet.clone());
        Ok(sheet)
    })
}

/// The iframe document itself: no margin, transparent, so only the panel shows.
pub(crate) fn frame_document_sheet() -> Result<CssStyleSheet, JsValue> {
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(
        "html,body{margin:0;padding:0;background:transparent}#jornada{padding:2px}",
    )?;
    Ok(sheet)
}
