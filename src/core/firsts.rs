//! A small set kept inline: at most `N` values, each once, in the order first added. A trace
//! line's rules and raised events (each value once, so "every value there is" bounds them) and
//! the configuration's MCUs use it, so a fresh world allocates nothing for them.

use serde::{Serialize, Serializer};

#[derive(Clone, Copy, Debug)]
pub struct Firsts<T: Copy, const N: usize> {
    len: usize,
    items: [T; N],
}

impl<T: Copy + PartialEq, const N: usize> Firsts<T, N> {
    /// An empty set (`fill` only fills the unused room).
    pub fn new(fill: T) -> Self {
        Firsts { len: 0, items: [fill; N] }
    }

    /// Adds `x` unless it is there. Panics past `N` values: `N` must bound the distinct values.
    pub fn insert(&mut self, x: T) {
        if !self.contains(&x) {
            self.items[self.len] = x;
            self.len += 1;
        }
    }

    pub fn clear(&mut self) {
        self.len = 0;
    }
}

/// Equal when they hold the same values in the same order (what lies past `len` is stale).
impl<T: Copy + PartialEq, const N: usize> PartialEq for Firsts<T, N> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Copy, const N: usize> std::ops::Deref for Firsts<T, N> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.items[..self.len]
    }
}

/// Written as the list it holds.
impl<T: Copy + Serialize, const N: usize> Serialize for Firsts<T, N> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}
