//! Components shared by several pages.

pub mod actions;
pub mod answers;
pub mod commitment;
pub mod division_picker;
pub mod elder_home;
pub mod elder_tiles;
pub mod field;
pub mod form_steps;
pub mod form_view;
pub mod header;
pub mod item_card;
pub mod list_wait;
pub mod materials;
pub mod notice;
pub mod offline;
pub mod plain_field;
pub mod questions;
pub mod receipt_no;
pub mod region_picker;
pub mod restored;
pub mod review;
pub mod steps;
pub mod timeline;
