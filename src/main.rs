// Planning allocates many small values; mimalloc cuts the time spent in the
// allocator by about a third compared with glibc's (bench/README.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(hadr::cli::run());
}
