// Planning allocates many small values; mimalloc takes about a quarter off
// plan time compared with glibc's allocator (bench/README.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(hadr::cli::run());
}
