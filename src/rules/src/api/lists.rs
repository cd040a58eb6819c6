//! The published version of the bureau's lists an answer comes from: the catalogue, forms,
//! offices and calendar years an editor published together (`tongban-gateway lists publish`).

use serde::{Deserialize, Serialize};

/// Which list version an answer (a catalogue, a guide, an application) follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListVersion {
    /// 1 for the lists a new database starts with (the build's `assets/`), then one more per
    /// publication.
    pub number: i64,
    /// From when it is served (RFC 3339, UTC): 本指南更新于.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub effective_at: String,
    /// What the publication cites: the editor's sources, the regions' and the notices'.
    #[serde(default)]
    pub sources: Vec<String>,
}
