//! The Web Worker entry point: all file reading and engine work happens here, off the UI thread.
fn main() {
    jornada_app::worker::start();
}
