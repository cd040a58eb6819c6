//! Forms: the schema, the standard blocks, and validation.

mod blocks;
mod normalise;
mod parsed;
mod schema;
mod validate;

pub use blocks::id_types;
pub use normalise::normalise;
pub use parsed::{Parsed, APPLICANT_ID};
pub use schema::{Block, Check, Choice, Condition, Field, FieldKind, Form, Step};
pub use validate::{is_visible, parse_date, validate_field, validate_form, Values};

use crate::Error;

/// Parses a form file and places its standard blocks as the first steps.
pub fn parse_form(what: &str, text: &str) -> Result<Form, Error> {
    let form: Form = serde_json::from_str(text).map_err(|e| Error::Parse {
        what: what.into(),
        reason: e.to_string(),
    })?;
    form.complete(what)
}

impl Form {
    /// A form as its file spells it, made whole: its standard blocks placed as the first steps,
    /// then checked (each field path once; options on choices, and only there). [`parse_form`]
    /// is serde_json + this; the app decodes the same files with the browser's `JSON.parse`
    /// and calls this, so the two sides still get the same form. Call it once per decoded form.
    pub fn complete(mut self, what: &str) -> Result<Form, Error> {
        let block_steps: Vec<Step> = self.blocks.iter().map(|&b| blocks::step(b)).collect();
        self.steps.splice(0..0, block_steps);
        let mut seen = std::collections::BTreeSet::new();
        for f in self.fields() {
            if !seen.insert(f.path.as_str()) {
                return Err(Error::Inconsistent {
                    what: what.into(),
                    reason: format!("field {} twice", f.path),
                });
            }
            let choice = matches!(f.kind, FieldKind::Choice | FieldKind::IdType);
            if choice == f.options.is_empty() {
                return Err(Error::Inconsistent {
                    what: what.into(),
                    reason: format!("{}: options only and always on choices", f.path),
                });
            }
        }
        Ok(self)
    }
}
