//! Staying inside ARM's limits without failing the apply.
//!
//! Three mechanisms, shared by every request of one provider:
//! * a 429's `Retry-After` pauses *all* requests until it has passed (the
//!   limit is per principal, so the other requests would be refused too);
//! * the `x-ms-ratelimit-remaining-*` headers feed a budget: below `LOW`
//!   requests left, each request waits a little, longer as it nears zero,
//!   which spreads the rest of the apply over the refill instead of hitting 429;
//! * 5xx and transient 409s back off exponentially with jitter.

use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Below this many requests left in a bucket, requests are spaced out.
pub const LOW: i64 = 100;
/// The spacing at zero requests left.
const MAX_BUDGET_DELAY: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct Throttle {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    not_before: Option<Instant>,
    reads_left: Option<i64>,
    writes_left: Option<i64>,
}

impl Throttle {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until a request of this kind may go.
    pub async fn before(&self, write: bool) {
        let (until, left) = {
            let s = self.state();
            (s.not_before, if write { s.writes_left } else { s.reads_left })
        };
        if let Some(t) = until
            && t > Instant::now()
        {
            tokio::time::sleep_until(t).await;
        }
        let d = budget_delay(left);
        if !d.is_zero() {
            tokio::time::sleep(jitter(d)).await;
        }
    }

    /// Reads the remaining-requests headers of a response (the smallest wins).
    pub fn observe<'a>(&self, headers: impl Iterator<Item = (&'a str, &'a str)>) {
        let mut s = self.state();
        let (mut reads, mut writes) = (None::<i64>, None::<i64>);
        for (k, v) in headers {
            let Some(kind) = k.to_ascii_lowercase().strip_prefix("x-ms-ratelimit-remaining-").map(str::to_string) else { continue };
            let Ok(n) = v.trim().parse::<i64>() else { continue };
            let slot = if kind.contains("write") || kind.contains("delete") { &mut writes } else { &mut reads };
            *slot = Some(slot.map_or(n, |m| m.min(n)));
        }
        if reads.is_some() {
            s.reads_left = reads;
        }
        if writes.is_some() {
            s.writes_left = writes;
        }
    }

    /// After a 429: nobody sends before `d` has passed.
    pub fn pause_all(&self, d: Duration) {
        let t = Instant::now() + d;
        let mut s = self.state();
        if s.not_before.is_none_or(|x| x < t) {
            s.not_before = Some(t);
        }
    }
}

/// How long a request waits with `left` requests left in its bucket.
pub fn budget_delay(left: Option<i64>) -> Duration {
    match left {
        Some(n) if n < LOW => MAX_BUDGET_DELAY.mul_f64((LOW - n.max(0)) as f64 / LOW as f64),
        _ => Duration::ZERO,
    }
}

/// Exponential backoff for the `attempt`-th retry (0-based): 0.5 s, 1 s, 2 s… capped at 30 s, with jitter.
pub fn backoff(attempt: u32) -> Duration {
    jitter(Duration::from_millis(500).saturating_mul(1 << attempt.min(6)).min(Duration::from_secs(30)))
}

/// `d` scaled by a random factor in [0.5, 1.5), so retries of parallel requests spread out.
pub fn jitter(d: Duration) -> Duration {
    let r = (uuid::Uuid::new_v4().as_u128() % 1000) as f64 / 1000.0;
    d.mul_f64(0.5 + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_slows_down_near_the_limit() {
        assert_eq!(budget_delay(None), Duration::ZERO);
        assert_eq!(budget_delay(Some(1000)), Duration::ZERO);
        assert!(budget_delay(Some(50)) > Duration::ZERO);
        assert!(budget_delay(Some(0)) > budget_delay(Some(50)));
        assert_eq!(budget_delay(Some(-5)), MAX_BUDGET_DELAY);
        let t = Throttle::default();
        t.observe(
            [("x-ms-ratelimit-remaining-subscription-writes", "10"), ("X-Ms-Ratelimit-Remaining-Tenant-Writes", "3"), ("x-other", "1")]
                .into_iter(),
        );
        assert_eq!(t.state().writes_left, Some(3));
        assert_eq!(t.state().reads_left, None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(backoff(0) < Duration::from_millis(750));
        assert!(backoff(3) >= Duration::from_secs(2));
        assert!(backoff(20) < Duration::from_secs(45));
    }

    #[tokio::test(start_paused = true)]
    async fn a_429_pauses_everyone() {
        let t = Throttle::default();
        t.pause_all(Duration::from_secs(3));
        let start = Instant::now();
        t.before(false).await;
        assert!(start.elapsed() >= Duration::from_secs(3));
    }
}
