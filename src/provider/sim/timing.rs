//! How long simulated operations take.

use std::time::Duration;

/// The simulator's clock: either a fixed time per operation, or Azure's real
/// durations (`schema.durations`, in seconds) sped up by a factor.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Timing {
    /// Every create, update and delete takes exactly this long (`HADR_SIM_OP_MS`).
    Fixed(Duration),
    /// Real seconds divided by this factor (`HADR_SIM_SPEED`; 1 is real time).
    Scaled(f64),
}

impl Default for Timing {
    /// 600× faster than Azure: a 600 s AKS create takes one second.
    fn default() -> Timing {
        Timing::Scaled(600.0)
    }
}

impl Timing {
    /// No waiting at all (tests).
    pub fn instant() -> Timing {
        Timing::Fixed(Duration::ZERO)
    }

    /// Reads `HADR_SIM_OP_MS` and `HADR_SIM_SPEED`; `HADR_SIM_OP_MS` wins when both are set.
    pub fn from_env() -> Result<Timing, String> {
        let var = |name: &str| match std::env::var(name) {
            Ok(s) => Ok(Some(s)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => Err(format!("{name} is not valid UTF-8")),
        };
        Timing::from_values(var("HADR_SIM_OP_MS")?.as_deref(), var("HADR_SIM_SPEED")?.as_deref())
    }

    /// Parses the two variables' values (empty counts as unset).
    pub fn from_values(op_ms: Option<&str>, speed: Option<&str>) -> Result<Timing, String> {
        let speed = match set(speed) {
            None => None,
            Some(s) => match s.parse::<f64>() {
                Ok(f) if f.is_finite() && f > 0.0 => Some(f),
                _ => {
                    return Err(format!(
                        "HADR_SIM_SPEED must be a positive number (600 makes the simulated Azure 600 times faster than the real one, 1 is real time), not \"{s}\""
                    ));
                }
            },
        };
        if let Some(s) = set(op_ms) {
            let ms = s.parse::<u64>().map_err(|_| {
                format!("HADR_SIM_OP_MS must be a whole number of milliseconds that every simulated create, update and delete takes (e.g. 0 or 50), not \"{s}\"")
            })?;
            return Ok(Timing::Fixed(Duration::from_millis(ms)));
        }
        Ok(speed.map(Timing::Scaled).unwrap_or_default())
    }

    /// How long an operation that takes `real_secs` in Azure takes here.
    pub fn op(&self, real_secs: f64) -> Duration {
        match *self {
            Timing::Fixed(d) => d,
            Timing::Scaled(speed) if real_secs > 0.0 => Duration::try_from_secs_f64(real_secs / speed).unwrap_or(Duration::MAX),
            Timing::Scaled(_) => Duration::ZERO,
        }
    }
}

/// A variable's value, unless unset or blank.
fn set(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|s| !s.is_empty())
}

/// Waits until `deadline` (taken when the operation was requested, so the
/// time spent accepting it counts towards its duration). On a paused test
/// clock (`HADR_SIM_CLOCK=virtual`) tokio's timer is the virtual clock. On the
/// real clock, tokio's timer has 1 ms ticks and wakes up to a tick late, which
/// adds up along a long dependency chain: the last 2 ms are slept precisely
/// on the blocking pool.
pub(super) async fn pause_until(deadline: tokio::time::Instant) {
    use tokio::time::Instant;
    if virtual_clock() {
        tokio::time::sleep_until(deadline).await;
        return;
    }
    if let Some(coarse) = deadline.checked_sub(Duration::from_millis(2))
        && coarse > Instant::now()
    {
        tokio::time::sleep_until(coarse).await;
    }
    let left = deadline.saturating_duration_since(Instant::now());
    if !left.is_zero() {
        let _ = tokio::task::spawn_blocking(move || std::thread::sleep(left)).await;
    }
}

/// Whether `HADR_SIM_CLOCK=virtual` asks for tokio's paused (virtual) clock.
pub fn virtual_clock() -> bool {
    static VIRTUAL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *VIRTUAL.get_or_init(|| std::env::var("HADR_SIM_CLOCK").is_ok_and(|v| v == "virtual"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_values_parse_with_clear_errors() {
        assert_eq!(Timing::from_values(None, None), Ok(Timing::Scaled(600.0)));
        assert_eq!(Timing::from_values(Some(""), Some(" ")), Ok(Timing::Scaled(600.0)));
        assert_eq!(Timing::from_values(Some("25"), Some("1")), Ok(Timing::Fixed(Duration::from_millis(25))));
        assert_eq!(Timing::from_values(None, Some("1")), Ok(Timing::Scaled(1.0)));
        let e = Timing::from_values(Some("fast"), None).unwrap_err();
        assert!(e.contains("HADR_SIM_OP_MS") && e.contains("\"fast\""), "{e}");
        assert!(Timing::from_values(Some("-1"), None).unwrap_err().contains("HADR_SIM_OP_MS"));
        for bad in ["0", "-3", "inf", "NaN", "x"] {
            let e = Timing::from_values(Some("0"), Some(bad)).unwrap_err();
            assert!(e.starts_with("HADR_SIM_SPEED"), "{bad}: {e}");
        }
    }

    #[test]
    fn durations_scale() {
        assert_eq!(Timing::default().op(600.0), Duration::from_secs(1));
        assert_eq!(Timing::Scaled(1.0).op(2.5), Duration::from_millis(2500));
        assert_eq!(Timing::Scaled(600.0).op(0.0), Duration::ZERO);
        assert_eq!(Timing::Fixed(Duration::from_millis(7)).op(0.0), Duration::from_millis(7));
        assert_eq!(Timing::instant().op(1800.0), Duration::ZERO);
    }
}
