fn main() {
    jornada_app::start();
}
