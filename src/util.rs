//! Small helpers shared by several stages.

/// Current UTC time in RFC 3339, or `SOURCE_DATE_EPOCH` when set (reproducible output).
pub fn now_rfc3339() -> String {
    let t = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or_else(time::OffsetDateTime::now_utc);
    t.replace_nanosecond(0).unwrap_or(t).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Terraform's duration style: `45s`, `1m0s`, `1h2m3s`.
pub fn format_duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match (s / 3600, (s % 3600) / 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m{s}s"),
        (h, m, s) => format!("{h}h{m}m{s}s"),
    }
}

/// String order that never calls `memcmp` on an empty string. An empty
/// `String` points at a dangling address, and glibc's AVX-512 `memcmp` loads
/// from it under a zero mask, which costs a ~100 ns microcode assist per call
/// (measured here: 117 ns against 1 ns). Root-module paths are empty in
/// nearly every address, and addresses are compared in every map and sort.
pub fn str_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_empty() || b.is_empty() { a.len().cmp(&b.len()) } else { a.cmp(b) }
}

/// String equality with the same care as [`str_cmp`].
pub fn str_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && (a.is_empty() || a == b)
}
