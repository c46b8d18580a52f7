fn main() {
    std::process::exit(hadr::cli::run());
}
