//! 代办 through a binding: who may file for whom, what the application records of it, and who
//! may see and revoke it afterwards. The application belongs to the member (their 我的办件,
//! their notifications); the agent sees it too while the binding is live, and may revoke it
//! until the member objects (不同意此代办).

use super::{
    applicant,
    bindings::{self, Side},
    events::{self, Event, Kind},
};
use crate::{
    applications::record::Record,
    sealing::Sealer,
    store::{Script, Store},
    AppError,
};
use chrono::{DateTime, Utc};
use tongban_rules::{api::Actions, form::Parsed};

/// The agent filing through a live binding, for the member.
#[derive(Debug, Clone)]
pub struct Agent {
    pub owner: String,
    pub name: String,
    pub binding: String,
    /// The member's owner: the application's.
    pub member: String,
}

/// The binding `binding` if `agent` is its agent and it is live: what an agent acts through
/// (an application, a home visit). Refused otherwise: 404 `binding_not_found`, 403
/// `not_the_agent`, 409 `binding_ended`.
pub async fn live_binding(
    store: &Store,
    agent: &str,
    binding: &str,
) -> Result<bindings::Binding, AppError> {
    let (b, side) = bindings::of_party(store, agent, binding).await?;
    if side != Side::Agent {
        return Err(AppError::Forbidden {
            code: "not_the_agent",
            message: "only the agent of a binding acts through it".into(),
        });
    }
    if !b.is_live() || b.member_idh.is_none() {
        // A binding whose consent was not given by a real-name person in their own session
        // (made before that was checked) carries nothing more: the member binds again.
        return Err(super::refused(
            "binding_ended",
            "this binding has ended (or is not yet approved, or was made before consent was checked against real-name identities): no new applications through it",
        ));
    }
    Ok(b)
}

/// The agent `agent` may file `form` through binding `binding`: it is theirs, live, and the
/// form's applicant is the bound member, whose identity (`applicant_idh`, the ID hash of the
/// form's applicant) is the one recorded from the member's own consent. Refused otherwise: 404
/// `binding_not_found`, 409 `binding_ended`, 403 `applicant_not_member`.
pub async fn for_submission(
    store: &Store,
    agent: &str,
    binding: &str,
    form: &Parsed,
    applicant_idh: Option<&str>,
) -> Result<Agent, AppError> {
    let b = live_binding(store, agent, binding).await?;
    let consented = b.member_idh.is_some() && b.member_idh.as_deref() == applicant_idh;
    if !consented || !applicant::names(form, &b.applicant) {
        return Err(AppError::Forbidden {
            code: "applicant_not_member",
            message: "the applicant block must be the bound member's (name, document type, number)"
                .into(),
        });
    }
    Ok(Agent {
        owner: b.agent,
        name: b.agent_name,
        binding: b.id,
        member: b.member,
    })
}

/// Inside the submission's transaction: the application records its agent and binding, and the
/// 代办 submission is an event.
pub fn record(
    script: &mut Script,
    sealer: &Sealer,
    receipt_no: &str,
    agent: &Agent,
    now: DateTime<Utc>,
) {
    script
        .push("UPDATE applications SET binding_id = $1, agent = $2, agent_name = $3 WHERE receipt_no = $4")
        .bind(&agent.binding)
        .bind(&agent.owner)
        .bind(sealer.seal_text(receipt_no, &agent.name))
        .bind(receipt_no);
    let event = Event {
        binding: &agent.binding,
        kind: Kind::Submitted,
        actor: &agent.owner,
        agent: &agent.owner,
        member: &agent.member,
        receipt_no: Some(receipt_no),
        at: now,
    };
    events::add(script, &event);
}

/// Whether `owner` is the agent of `record` through a binding that is still live.
pub async fn is_live_agent(store: &Store, owner: &str, record: &Record) -> Result<bool, AppError> {
    let (Some(agent), Some(binding)) = (&record.agent, &record.binding_id) else {
        return Ok(false);
    };
    if agent != owner {
        return Ok(false);
    }
    Ok(bindings::load(store, binding)
        .await?
        .is_some_and(|b| b.is_live()))
}

/// Whether the member objected (不同意此代办) to `receipt_no`.
pub async fn objected(store: &Store, receipt_no: &str) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM family_events WHERE receipt_no = $1 AND kind = 'objected'",
    )
    .bind(receipt_no)
    .fetch_one(store.pool())
    .await?;
    Ok(n > 0)
}

/// Whether `owner` may revoke `record`: its applicant, or its live agent while the member has
/// not objected.
pub async fn may_revoke(store: &Store, owner: &str, record: &Record) -> Result<bool, AppError> {
    if record.owner == owner {
        return Ok(true);
    }
    Ok(is_live_agent(store, owner, record).await? && !objected(store, &record.receipt_no).await?)
}

/// The member (`member`, the applicant) marks 不同意此代办 on `record`, filed for them by an
/// agent; recorded once.
pub async fn object(
    store: &Store,
    member: &str,
    record: &Record,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (Some(agent), Some(binding)) = (&record.agent, &record.binding_id) else {
        return Err(AppError::Conflict {
            code: "not_filed_by_agent",
            message: "this application was not filed for you by a family member".into(),
        });
    };
    if record.owner != member {
        return Err(crate::applications::timeline::not_found());
    }
    if objected(store, &record.receipt_no).await? {
        return Ok(());
    }
    let event = Event {
        binding,
        kind: Kind::Objected,
        actor: member,
        agent,
        member,
        receipt_no: Some(&record.receipt_no),
        at: now,
    };
    events::record(&mut *store.pool().acquire().await?, &event).await?;
    Ok(())
}

/// Whether the applicant may still object (不同意此代办) to `record`: an agent filed it and no
/// objection is recorded yet.
pub async fn may_object(store: &Store, record: &Record) -> Result<bool, AppError> {
    Ok(record.agent.is_some() && !objected(store, &record.receipt_no).await?)
}

/// What the live agent of `record` may do on it: revoke, until the member objects; correcting
/// and rating are the member's own.
pub async fn agent_actions(
    store: &Store,
    record: &Record,
    mut actions: Actions,
) -> Result<Actions, AppError> {
    actions.revoke = actions.revoke && !objected(store, &record.receipt_no).await?;
    actions.resubmit = false;
    actions.rate = false;
    actions.object = false;
    Ok(actions)
}
