//! `family_events`: every binding, consent, end, objection and 代办 submission, with who did it
//! (an owner, or `operator:<name>`), for whom (the binding's agent and member) and when. Kept as
//! long as the applications: retention never purges it.

use crate::store::Script;
use chrono::{DateTime, Utc};
use sqlx::AnyConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Invited,
    Consented,
    Requested,
    Approved,
    Refused,
    Ended,
    Submitted,
    Objected,
    /// A home visit (预约上门) asked for the member by the agent.
    HomeVisitRequested,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Invited => "invited",
            Kind::Consented => "consented",
            Kind::Requested => "requested",
            Kind::Approved => "approved",
            Kind::Refused => "refused",
            Kind::Ended => "ended",
            Kind::Submitted => "submitted",
            Kind::Objected => "objected",
            Kind::HomeVisitRequested => "home_visit_requested",
        }
    }
}

/// One event. `binding` is the invitation's id for `Invited` (no binding exists yet).
pub struct Event<'a> {
    pub binding: &'a str,
    pub kind: Kind,
    pub actor: &'a str,
    pub agent: &'a str,
    pub member: &'a str,
    pub receipt_no: Option<&'a str>,
    pub at: DateTime<Utc>,
}

const INSERT: &str =
    "INSERT INTO family_events (id, binding_id, kind, actor, agent, member, receipt_no, at) \
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

pub async fn record(db: &mut AnyConnection, e: &Event<'_>) -> Result<(), sqlx::Error> {
    let mut script = Script::new();
    add(&mut script, e);
    script.run(db).await?;
    Ok(())
}

/// [`record`]'s row added to `script` (a 代办 submission writes it with its other rows).
pub fn add(script: &mut Script, e: &Event<'_>) {
    script
        .push(INSERT)
        .bind(super::new_id())
        .bind(e.binding)
        .bind(e.kind.code())
        .bind(e.actor)
        .bind(e.agent)
        .bind(e.member)
        .bind(e.receipt_no)
        .bind(e.at.timestamp_millis());
}
