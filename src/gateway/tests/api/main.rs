//! Integration tests: a real gateway on a free port over a fresh SQLite file (or PostgreSQL
//! database when `TONGBAN_TEST_POSTGRES_URL` is set).

mod applications;
mod appointments;
mod audit;
mod calendar;
mod catalogue;
mod corrupt;
mod dev_mode;
mod family;
mod headers;
mod health;
mod helpers;
mod home_visits;
mod identifiers;
mod lifecycle;
mod logs;
mod lookups;
mod openapi;
mod operator;
mod operators;
mod properties;
mod proxy;
mod public_url;
mod real_name;
mod retention;
mod safety;
mod sealing;
mod serving;
mod session;
mod stats;
mod tickets;
mod token_lifetime;
mod units;
mod upload_quota;
mod validate;
mod window;
