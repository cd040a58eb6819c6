//! What the badges say of an item: the rules crate's, which the gateway's static guide reads too.

pub use tongban_rules::catalogue::badges::Badges;
