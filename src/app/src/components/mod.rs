//! Components shared by several pages.

pub mod header;
pub mod item_card;
pub mod region_picker;
