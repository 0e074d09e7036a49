//! The sample generator's Web Worker (`src/bin/jornada-sample.rs`). The engine worker starts it
//! when the user asks for the sample company, waits for its `"ready"`, posts `{ rows, lang }`
//! and gets back the files as `File`s, which it reads like dropped files; then it ends this
//! worker. Kept apart so that the generator (its code, names and texts) is fetched only by
//! those who ask for it.

/// The worker's script, as Trunk emits it for `jornada-sample` (`data-loader-shim`); the
/// engine worker's script is beside it.
pub const URL: &str = "./jornada-sample_loader.js";

#[cfg(target_arch = "wasm32")]
mod web {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::JsValue;

    fn scope() -> web_sys::DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    /// Bytes of one file gathered in JS before they are folded into a `Blob`.
    const FOLD_BYTES: usize = 8 << 20;

    /// One file as it is generated: `Blob`s of [`FOLD_BYTES`] each, and the chunks since the
    /// last one.
    struct Parts {
        name: String,
        blobs: js_sys::Array,
        chunks: js_sys::Array,
        pending: usize,
    }

    impl Parts {
        fn fold(&mut self) -> Result<(), JsValue> {
            if self.chunks.length() > 0 {
                let blob = web_sys::Blob::new_with_u8_array_sequence(&self.chunks)?;
                self.blobs.push(&blob);
                self.chunks = js_sys::Array::new();
                self.pending = 0;
            }
            Ok(())
        }
    }

    /// The sample company (`orders` order rows; the other files scale with it, seed 42, as
    /// the CLI's `sample`) as `File`s. Generated as a stream whose chunks are copied out of
    /// wasm memory as they come and folded into `Blob`s: the whole sample generated in wasm
    /// memory first (476 MB of text at 1M orders, in vectors that grow by doubling) and then
    /// copied out kept the page's renderer at about 1.5 GB before the engine read a byte, and
    /// a wasm memory never shrinks while its worker lives.
    fn files(orders: u64, lang: &str) -> Result<js_sys::Array, JsValue> {
        use jornada_engine::sample::{Lang, SampleSize, file_names, generate_to};
        let lang = if lang.starts_with("en") {
            Lang::En
        } else {
            Lang::Pt
        };
        let mut files: Vec<Parts> = file_names(lang)
            .into_iter()
            .map(|name| Parts {
                name: name.to_string(),
                blobs: js_sys::Array::new(),
                chunks: js_sys::Array::new(),
                pending: 0,
            })
            .collect();
        generate_to(SampleSize::Orders(orders), lang, 42, |name, chunk| {
            let Some(file) = files.iter_mut().find(|f| f.name == name) else {
                return Err(JsValue::from_str(&format!(
                    "a chunk of unknown file {name}"
                )));
            };
            file.chunks.push(&js_sys::Uint8Array::from(chunk));
            file.pending += chunk.len();
            if file.pending >= FOLD_BYTES {
                file.fold()?;
            }
            Ok(())
        })?;
        let out = js_sys::Array::new();
        for mut f in files {
            f.fold()?;
            let file = web_sys::File::new_with_blob_sequence(&f.blobs, &f.name)?;
            out.push(&file);
        }
        Ok(out)
    }

    fn on_message(ev: &web_sys::MessageEvent) {
        let data = ev.data();
        let get = |key: &str| js_sys::Reflect::get(&data, &key.into()).unwrap_or_default();
        let rows = get("rows").as_f64().unwrap_or(0.0).max(0.0) as u64;
        let lang = get("lang").as_string().unwrap_or_default();
        // A `File` cannot fail to build from bytes; if it did, the error's text is the answer.
        let answer = files(rows, &lang).map(JsValue::from).unwrap_or_else(|e| {
            JsValue::from_str(&e.as_string().unwrap_or_else(|| "File".to_string()))
        });
        let _ = scope().post_message(&answer);
    }

    pub fn start() {
        console_error_panic_hook::set_once();
        gloo::events::EventListener::new(&scope(), "message", |ev| {
            if let Some(ev) = ev.dyn_ref::<web_sys::MessageEvent>() {
                on_message(ev);
            }
        })
        .forget();
        // Listening now: the engine worker sends its request after this.
        let _ = scope().post_message(&JsValue::from_str("ready"));
    }
}

/// Worker entry point (see `src/bin/jornada-sample.rs`).
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    web::start();
}
