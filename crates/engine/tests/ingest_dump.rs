#![allow(clippy::unwrap_used)]
mod common;
#[test]
fn dump_all() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    for sub in ["vendors", "br", "hostile"] {
        let mut names: Vec<_> = std::fs::read_dir(format!("{dir}/{sub}")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        for n in names {
            let bytes = common::fixture(&format!("{sub}/{n}"));
            match jornada_engine::ingest::read_bytes(&n, &bytes, &Default::default()) {
                Ok(t) => println!("{}", common::dump(&t)),
                Err(e) => println!("ERROR {e}\n"),
            }
        }
    }
}
