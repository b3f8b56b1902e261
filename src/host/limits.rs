//! What keeps one client from taking the server: a token bucket of
//! submissions per client address, and a count of open connections.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Submissions per client: a burst of `per_minute`, refilled at
/// `per_minute` a minute.
pub struct RateLimit {
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Buckets kept before full ones are forgotten.
const MAX_CLIENTS: usize = 10_000;

impl RateLimit {
    pub fn new(per_minute: u32) -> RateLimit {
        RateLimit {
            per_minute: per_minute.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one submission from `client`'s allowance; `Err` with how long
    /// to wait when there is none left.
    pub fn take(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if buckets.len() >= MAX_CLIENTS {
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * per_second < capacity
            });
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: capacity,
            updated: now,
        });
        let refill = now.duration_since(bucket.updated).as_secs_f64() * per_second;
        bucket.tokens = (bucket.tokens + refill).min(capacity);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / per_second))
        }
    }
}

/// Open connections, bounded.
#[derive(Clone)]
pub struct Connections {
    open: Arc<AtomicUsize>,
    max: usize,
}

/// One open connection; closing it is dropping it.
pub struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Connections {
    pub fn new(max: usize) -> Connections {
        Connections {
            open: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    /// A slot for a new connection, or `None` when `max` are open.
    pub fn open(&self) -> Option<Slot> {
        let previous = self.open.fetch_add(1, Ordering::SeqCst);
        if previous >= self.max {
            self.open.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(Arc::clone(&self.open)))
    }

    pub fn count(&self) -> usize {
        self.open.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_limited_per_client_and_refills() {
        let limit = RateLimit::new(3);
        let now = Instant::now();
        let a: IpAddr = "192.0.2.1".parse().expect("ip");
        let b: IpAddr = "192.0.2.2".parse().expect("ip");
        for _ in 0..3 {
            assert!(limit.take(a, now).is_ok());
        }
        let wait = limit.take(a, now).expect_err("a fourth at once is refused");
        assert!(wait > Duration::from_secs(15) && wait <= Duration::from_secs(20));
        assert!(
            limit.take(b, now).is_ok(),
            "another client still gets through"
        );
        assert!(limit.take(a, now + Duration::from_secs(20)).is_ok());
    }

    #[test]
    fn connections_are_bounded_and_released() {
        let connections = Connections::new(2);
        let one = connections.open().expect("one");
        let _two = connections.open().expect("two");
        assert!(connections.open().is_none());
        drop(one);
        assert!(connections.open().is_some());
    }
}
