//! CPU time this thread has run (Linux `schedstat`), so that figures taken on a shared,
//! loaded machine are not inflated by time spent waiting for a core. `None` off Linux.

use std::time::Duration;

pub fn cpu() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(
        s.split_whitespace().next()?.parse().ok()?,
    ))
}
