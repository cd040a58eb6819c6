//! What several of the rules' test binaries share.

use std::sync::Once;
use tongban_rules::division::{self, Divisions};

/// The national division list, as `assets/divisions` ships it.
pub const DIVISIONS: &str = include_str!("../../../../assets/divisions/divisions.txt");

/// Installs the division list the region and city fields are checked against, as the app does
/// once it has fetched the file: in the browser the rules have none until then (natively the
/// same list is compiled in, and installing it changes nothing).
pub fn divisions_installed() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        division::install(Divisions::parse(DIVISIONS).expect("the division list parses"));
    });
}
