//! `jornada`: analyze CSV exports from the command line.

fn main() {
    println!("jornada {}", env!("CARGO_PKG_VERSION"));
}
