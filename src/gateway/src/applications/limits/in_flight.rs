//! Lookups in flight, per copy of the gateway and per bucket key (a target, a caller): at most
//! [`IN_FLIGHT`] hold a seat at once, from before the read-only check of the limits until the
//! failure, if any, is counted. Seats are numbered as they are taken, and a seat knows how many
//! taken before it are still held ([`Seat::ahead`]): `super` lets a lookup compare only when
//! every one of those could still fail within the limit, which keeps one copy's count exact now
//! that a failure is counted only after the compare.
//!
//! A lookup that finds every seat taken waits for one (up to [`WAIT`], with at most [`WAITING`]
//! waiting per key) rather than being refused at once: a seat is taken before the verifier is
//! compared, so a refusal says nothing about the guess, and a burst of correct lookups of one
//! receipt is served, a few at a time, instead of being refused. Refusing only wrong guesses at
//! once would tell a guesser "wrong" without counting it.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::time::{sleep, Duration, Instant};

/// Lookups per key that may be between their check and their count, in one copy.
pub const IN_FLIGHT: usize = 4;
/// Lookups per key that may wait for a seat, in one copy; past it a lookup is refused at once.
pub const WAITING: usize = 128;
/// How long a lookup waits for a seat before it is refused.
pub const WAIT: Duration = Duration::from_secs(5);
const POLL: Duration = Duration::from_millis(2);

#[derive(Debug, Default)]
struct Count {
    /// The numbers of the seats held, in the order they were taken.
    seated: BTreeSet<u64>,
    waiting: usize,
    next: u64,
}

impl Count {
    fn take(&mut self) -> u64 {
        let n = self.next;
        self.next += 1;
        self.seated.insert(n);
        n
    }
}

type Keys = Arc<Mutex<HashMap<String, Count>>>;

/// The seats of one copy of the gateway; cheap to clone (shared). A key with nobody seated or
/// waiting takes no memory.
#[derive(Debug, Default, Clone)]
pub struct InFlight {
    keys: Keys,
}

fn lock(keys: &Keys) -> MutexGuard<'_, HashMap<String, Count>> {
    // The map holds plain counts: one a panic left half-updated is still a map of counts.
    keys.lock().unwrap_or_else(|e| e.into_inner())
}

/// A seat (or a place in the wait for one) on one key, given back when dropped — also when the
/// request is dropped while it waits.
#[derive(Debug)]
pub struct Seat {
    keys: Keys,
    key: String,
    /// The seat's number once seated; `None` while it waits for one.
    number: Option<u64>,
}

impl Seat {
    /// How many seats on this key taken before this one are still held.
    pub fn ahead(&self) -> usize {
        let keys = lock(&self.keys);
        match (keys.get(&self.key), self.number) {
            (Some(c), Some(n)) => c.seated.range(..n).count(),
            _ => 0,
        }
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        let mut keys = lock(&self.keys);
        if let Some(c) = keys.get_mut(&self.key) {
            match self.number {
                Some(n) => {
                    c.seated.remove(&n);
                }
                None => c.waiting -= 1,
            }
            if c.seated.is_empty() && c.waiting == 0 {
                keys.remove(&self.key);
            }
        }
    }
}

impl InFlight {
    /// A seat on `key`, waiting for one when all are taken; `None` when too many wait already
    /// or none came free within [`WAIT`].
    pub async fn seat(&self, key: &str) -> Option<Seat> {
        let mut seat = {
            let mut keys = lock(&self.keys);
            let c = keys.entry(key.to_owned()).or_default();
            let number = if c.seated.len() < IN_FLIGHT && c.waiting == 0 {
                Some(c.take())
            } else if c.waiting < WAITING {
                c.waiting += 1;
                None
            } else {
                return None;
            };
            Seat {
                keys: self.keys.clone(),
                key: key.to_owned(),
                number,
            }
        };
        let deadline = Instant::now() + WAIT;
        while seat.number.is_none() {
            if Instant::now() >= deadline {
                return None;
            }
            sleep(POLL).await;
            let mut keys = lock(&self.keys);
            if let Some(c) = keys.get_mut(key).filter(|c| c.seated.len() < IN_FLIGHT) {
                c.waiting -= 1;
                seat.number = Some(c.take());
            }
        }
        Some(seat)
    }

    /// How many keys have someone seated or waiting.
    pub fn keys(&self) -> usize {
        lock(&self.keys).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn seats(f: &InFlight, n: usize) -> Vec<Seat> {
        let mut v = Vec::new();
        for _ in 0..n {
            v.push(f.seat("k").await.unwrap());
        }
        v
    }

    #[tokio::test]
    async fn seats_are_bounded_and_given_back() {
        let f = InFlight::default();
        let mut held = seats(&f, IN_FLIGHT).await;
        let other = f.seat("other").await.unwrap();
        let f2 = f.clone();
        let waiter = tokio::spawn(async move { f2.seat("k").await.map(|s| s.number.is_some()) });
        sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished(), "all seats taken: it waits");
        held.pop();
        assert_eq!(waiter.await.unwrap(), Some(true), "a seat came free");
        drop(held);
        drop(other);
        assert_eq!(f.keys(), 0, "nobody seated or waiting: nothing kept");
    }

    #[tokio::test]
    async fn a_seat_counts_the_seats_taken_before_it_that_are_still_held() {
        let f = InFlight::default();
        let mut held = seats(&f, 3).await;
        assert_eq!(held.iter().map(Seat::ahead).collect::<Vec<_>>(), [0, 1, 2]);
        held.remove(1);
        assert_eq!(held.iter().map(Seat::ahead).collect::<Vec<_>>(), [0, 1]);
        held.push(f.seat("k").await.unwrap());
        assert_eq!(held[2].ahead(), 2, "a new seat comes after every held one");
        held.remove(0);
        assert_eq!(held.iter().map(Seat::ahead).collect::<Vec<_>>(), [0, 1]);
    }

    #[tokio::test]
    async fn too_many_waiting_are_refused_at_once_and_a_dropped_wait_is_given_back() {
        let f = InFlight::default();
        let held = seats(&f, IN_FLIGHT).await;
        let waiters: Vec<_> = (0..WAITING)
            .map(|_| {
                let f = f.clone();
                tokio::spawn(async move { f.seat("k").await.is_some() })
            })
            .collect();
        while lock(&f.keys)["k"].waiting < WAITING {
            sleep(Duration::from_millis(1)).await;
        }
        let started = Instant::now();
        assert!(f.seat("k").await.is_none(), "the wait is full");
        assert!(started.elapsed() < WAIT / 5, "refused at once");
        waiters[0].abort();
        while lock(&f.keys)["k"].waiting == WAITING {
            sleep(Duration::from_millis(1)).await;
        }
        drop(held);
        for w in waiters.into_iter().skip(1) {
            assert!(w.await.unwrap(), "seated once seats came free");
        }
        assert_eq!(f.keys(), 0);
    }
}
