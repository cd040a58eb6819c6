//! Integration tests: a real gateway on a free port over a fresh SQLite file.

mod applications;
mod catalogue;
mod health;
mod helpers;
mod validate;
