//! The sample generator's Web Worker, started by the engine worker only when the user asks for
//! the sample company, so the generator's code and texts stay out of the engine worker's wasm.
fn main() {
    jornada_app::sample_worker::start();
}
