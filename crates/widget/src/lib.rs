//! The embeddable survey widget: NPS (0-10), CSAT (1-5), CES (1-7) and eNPS.
//!
//! The pure parts (scales, configuration, messages, answers and their CSV) build natively and
//! are tested with `cargo test -p jornada-widget`. The DOM layer (`web`) exists only on wasm32
//! and uses wasm-bindgen, web-sys and js-sys directly, with no UI framework, to stay small.

pub mod answer;
pub mod config;
pub mod i18n;
pub mod scale;

#[cfg(target_arch = "wasm32")]
mod web;

pub use answer::{Answer, CSV_HEADER, write_csv};
pub use config::Config;
pub use i18n::Lang;
pub use scale::{Kind, Scale};
