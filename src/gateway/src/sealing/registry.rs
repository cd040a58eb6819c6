//! The one list of where personal data is stored: every sealed column and file (table, column,
//! the row key, what its sealed value is bound to — the authenticated data — and how long it
//! is kept), and every hash that can be linked back to a person. Sealing takes its contexts
//! from here, `rekey` re-seals every entry, retention clears entries by their class, and
//! `rekey --check` counts what is in clear or under an old key. A column that holds personal
//! data and is not listed here is a bug: the tests seed every path and grep the database, its
//! WAL and the data folder for every seeded value.

/// Where an entry's sealed bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A TEXT column holding `tbs1:<base64>` (`Sealer::seal_text`), or NULL / '' when empty.
    Text,
    /// One file per row of `table`, named by its key, under `<data dir>/<dir>`. Moving the
    /// bytes into the database is this declaration alone becoming a column.
    File { dir: &'static str },
}

/// How long an entry is kept: each class has its own rule in `retention` and its own line in
/// docs/operations.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// An application's answers, notes, agent name and files: purged `TONGBAN_RETENTION_DAYS`
    /// after it is final, or after that long without a move.
    Application,
    /// A family binding's applicant block and agent name, with its relationship document:
    /// forgotten once the binding is refused, ended or never decided.
    Binding,
    /// A family invitation's inviter name: the row goes once the code has expired.
    Invitation,
    /// A home visit's address, phone and the clerk's notes on it: forgotten after it is
    /// finished, or left without a move, in any state.
    HomeVisit,
    /// An upload: goes with its application or binding, or alone when never attached.
    Upload,
    /// What a rule needs for a while and names a person by a hash: lookup and person locks,
    /// the person of a hall booking (`retention::traces`).
    Trace,
}

/// One sealed column or file.
#[derive(Debug, Clone, Copy)]
pub struct Sealed {
    pub table: &'static str,
    /// The column (for a file: the table's key column, which names the file).
    pub column: &'static str,
    /// The row key: a TEXT column, walked in order by `rekey`.
    pub key: &'static str,
    /// A second key part (an integer column) when `key` alone names several rows.
    pub part: Option<&'static str>,
    pub place: Place,
    /// What the value is sealed for (its authenticated data), from the row key and part.
    pub aad: fn(&str, Option<i64>) -> String,
    /// Whether the column takes NULL when cleared (else '').
    pub nullable: bool,
    pub class: Class,
}

impl Sealed {
    /// `table.column`, as `rekey` reports and records its progress.
    pub fn name(&self) -> String {
        match self.place {
            Place::Text => format!("{}.{}", self.table, self.column),
            Place::File { dir } => format!("files:{dir}"),
        }
    }

    /// What a cleared value is, in SQL.
    pub fn cleared(&self) -> &'static str {
        if self.nullable {
            "NULL"
        } else {
            "''"
        }
    }
}

/// The contexts values are sealed under. Each names its row; a value moved to another row (or,
/// where the context names the column, another column) does not open.
pub mod aad {
    /// The row key alone (the first columns sealed: forms, agent names, applicant blocks).
    pub fn key(key: &str, _: Option<i64>) -> String {
        key.to_owned()
    }
    /// A home visit's address or phone.
    pub fn home_visit(id: &str, what: &str) -> String {
        format!("home_visit:{id}:{what}")
    }
    /// The clerk's note on the application `receipt_no`'s step `seq`.
    pub fn event_note(receipt_no: &str, seq: Option<i64>) -> String {
        format!("application_event:{receipt_no}:{}", seq.unwrap_or_default())
    }
    /// The note of a 退回补正 on application `receipt_no`.
    pub fn asked_note(receipt_no: &str, _: Option<i64>) -> String {
        format!("asked_note:{receipt_no}")
    }
    /// The reason of a rating of `receipt_no`, and the office's follow-up.
    pub fn rating_reason(receipt_no: &str, _: Option<i64>) -> String {
        format!("rating_reason:{receipt_no}")
    }
    pub fn rating_follow_up(receipt_no: &str, _: Option<i64>) -> String {
        format!("rating_follow_up:{receipt_no}")
    }
    /// The clerk's note on an appointment's or home visit's step (its event id).
    pub fn appointment_note(id: &str, _: Option<i64>) -> String {
        format!("appointment_event:{id}:note")
    }
    pub(super) fn address(id: &str, _: Option<i64>) -> String {
        home_visit(id, "address")
    }
    pub(super) fn phone(id: &str, _: Option<i64>) -> String {
        home_visit(id, "phone")
    }
}

const fn text(
    table: &'static str,
    column: &'static str,
    key: &'static str,
    aad: fn(&str, Option<i64>) -> String,
    nullable: bool,
    class: Class,
) -> Sealed {
    Sealed {
        table,
        column,
        key,
        part: None,
        place: Place::Text,
        aad,
        nullable,
        class,
    }
}

/// Every sealed column and file.
pub const SEALED: &[Sealed] = &[
    text(
        "applications",
        "form_json",
        "receipt_no",
        aad::key,
        false,
        Class::Application,
    ),
    text(
        "applications",
        "agent_name",
        "receipt_no",
        aad::key,
        true,
        Class::Application,
    ),
    text(
        "applications",
        "asked_note",
        "receipt_no",
        aad::asked_note,
        true,
        Class::Application,
    ),
    Sealed {
        part: Some("seq"),
        ..text(
            "application_events",
            "note",
            "receipt_no",
            aad::event_note,
            true,
            Class::Application,
        )
    },
    text(
        "ratings",
        "reason",
        "receipt_no",
        aad::rating_reason,
        true,
        Class::Application,
    ),
    text(
        "ratings",
        "follow_up",
        "receipt_no",
        aad::rating_follow_up,
        true,
        Class::Application,
    ),
    text(
        "family_bindings",
        "applicant",
        "id",
        aad::key,
        false,
        Class::Binding,
    ),
    text(
        "family_bindings",
        "agent_name",
        "id",
        aad::key,
        false,
        Class::Binding,
    ),
    text(
        "family_invitations",
        "agent_name",
        "id",
        aad::key,
        false,
        Class::Invitation,
    ),
    text(
        "home_visits",
        "address",
        "id",
        aad::address,
        true,
        Class::HomeVisit,
    ),
    text(
        "home_visits",
        "phone",
        "id",
        aad::phone,
        true,
        Class::HomeVisit,
    ),
    text(
        "appointment_events",
        "note",
        "id",
        aad::appointment_note,
        true,
        Class::HomeVisit,
    ),
    // Files uploaded before the attachments moved into the database, until `files migrate`;
    // the chunks themselves (`attachment_chunks.sealed`) are re-sealed by `rekey` through
    // `applications::files` and cascade with their attachment's row.
    Sealed {
        place: Place::File { dir: "attachments" },
        ..text("attachments", "id", "id", aad::key, false, Class::Upload)
    },
];

/// A hash that names a person to whoever holds its key or can try every input: kept no longer
/// than the data it stands for (`retention` clears it with its class).
#[derive(Debug, Clone, Copy)]
pub struct Linkable {
    pub table: &'static str,
    pub column: &'static str,
    pub class: Class,
}

/// Every linkable hash. `applications.verifier_hash` is keyed (`sealing::verifier`) and
/// re-derived by `rekey`; the real-name hashes (`*_idh`, `person`) are the integrators' HMAC.
pub const LINKABLE: &[Linkable] = &[
    Linkable {
        table: "applications",
        column: "verifier_hash",
        class: Class::Application,
    },
    Linkable {
        table: "applications",
        column: "applicant_idh",
        class: Class::Application,
    },
    Linkable {
        table: "family_bindings",
        column: "agent_idh",
        class: Class::Binding,
    },
    Linkable {
        table: "family_bindings",
        column: "member_idh",
        class: Class::Binding,
    },
    Linkable {
        table: "family_invitations",
        column: "agent_idh",
        class: Class::Invitation,
    },
    Linkable {
        table: "appointments",
        column: "person",
        class: Class::Trace,
    },
    Linkable {
        table: "person_locks",
        column: "key",
        class: Class::Trace,
    },
    Linkable {
        table: "lookup_locks",
        column: "bucket",
        class: Class::Trace,
    },
];

/// The text columns of `class` in `table`, for a retention statement that clears them.
pub fn clear_sql(table: &str, class: Class) -> String {
    let sealed = SEALED
        .iter()
        .filter(|s| s.table == table && s.class == class && s.place == Place::Text)
        .map(|s| format!("{} = {}", s.column, s.cleared()));
    let hashes = LINKABLE
        .iter()
        .filter(|l| l.table == table && l.class == class)
        .map(|l| {
            let cleared = if l.column == "verifier_hash" {
                "''"
            } else {
                "NULL"
            };
            format!("{} = {cleared}", l.column)
        });
    sealed.chain(hashes).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_named_once_and_binds_its_row() {
        let mut names: Vec<String> = SEALED.iter().map(Sealed::name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), SEALED.len());
        for s in SEALED {
            assert_ne!((s.aad)("a", Some(1)), (s.aad)("b", Some(1)), "{}", s.name());
        }
        assert_ne!(aad::event_note("a", Some(1)), aad::event_note("a", Some(2)));
    }

    #[test]
    fn a_class_clears_its_columns_and_hashes() {
        assert_eq!(
            clear_sql("home_visits", Class::HomeVisit),
            "address = NULL, phone = NULL"
        );
        let apps = clear_sql("applications", Class::Application);
        for c in [
            "form_json = ''",
            "asked_note = NULL",
            "verifier_hash = ''",
            "applicant_idh = NULL",
        ] {
            assert!(apps.contains(c), "{apps}");
        }
    }
}
