//! What a deferred page waits for: when it does not arrive.

/// A deferred part of the app did not arrive: the second module, the guide's, or the deferred
/// pages' stylesheet (offline, or the server answered an error).
#[derive(Debug)]
pub struct LoadFailed;
