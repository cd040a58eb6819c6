//! Binding someone without a phone (a child, an elder): the agent uploads a relationship
//! document (户口本 or 出生证明, `POST /attachments`) and asks; a clerk of the region reviews it
//! from the operator queue and approves (the binding goes live) or refuses. The member's owner
//! is then `family:<binding id>`: applications filed for them are seen by the agent through the
//! live binding.

use super::{
    applicant,
    bindings::{self, Side},
    cap_key,
    events::{self, Event, Kind},
    invitations::full,
    new_id, refused, relation, Person,
};
use crate::{accounts::Regions, applications::record::millis, caps, store::Store, AppError};
use chrono::{DateTime, Utc};
use sqlx::Row;
use tongban_rules::api::{
    self, family::relation_label, family::MAX_MEMBERS, mask, BindingRequest, Member, PendingBinding,
};

fn unknown_document() -> AppError {
    AppError::BadRequest {
        code: "unknown_attachment",
        message: "document: an attachment id of yours, not yet used".into(),
        field: Some("document"),
    }
}

/// The real-name person `agent` asks a clerk of `r.region` to bind the member of `r` on
/// document `r.document`. `member_idh` is the ID hash of `r.applicant`: the identity the clerk
/// checks against the document, recorded with the binding as the member's.
pub async fn request(
    store: &Store,
    agent: &Person<'_>,
    member_idh: &str,
    r: &BindingRequest,
    now: DateTime<Utc>,
) -> Result<Member, AppError> {
    relation(&r.relation)?;
    let name = r.agent_name.trim();
    if name.is_empty() || name.chars().count() > 30 {
        return Err(AppError::BadRequest {
            code: "agent_name_required",
            message: "agent_name: the requester's own name, 1 to 30 characters".into(),
            field: Some("agent_name"),
        });
    }
    if r.region.len() != 6 || !r.region.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::BadRequest {
            code: "unknown_region",
            message: "region: the 6-digit code of the region whose office reviews the document"
                .into(),
            field: Some("region"),
        });
    }
    let parsed = applicant::parse(&r.applicant)?;
    if member_idh == agent.idh {
        return Err(refused(
            "own_invitation",
            "a binding is for a family member, not for yourself",
        ));
    }
    let id = new_id();
    let member = format!("family:{id}");
    let sealer = store.sealer()?;
    let mut tx = store.pool().begin().await?;
    caps::lock(&mut tx, &cap_key(agent.idh), now.timestamp_millis()).await?;
    if bindings::count_of_agent(&mut *tx, agent).await? >= MAX_MEMBERS {
        tx.rollback().await?;
        return Err(full());
    }
    let claimed = sqlx::query(
        "UPDATE attachments SET binding_id = $1 WHERE id = $2 AND owner = $3 \
         AND receipt_no IS NULL AND binding_id IS NULL",
    )
    .bind(&id)
    .bind(&r.document)
    .bind(agent.owner)
    .execute(&mut *tx)
    .await?;
    if claimed.rows_affected() != 1 {
        tx.rollback().await?;
        return Err(unknown_document());
    }
    sqlx::query(
        "INSERT INTO family_bindings (id, agent, member, relation, agent_name, applicant, region, \
         document, status, created_at, agent_idh, member_idh) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11)",
    )
    .bind(&id)
    .bind(agent.owner)
    .bind(&member)
    .bind(&r.relation)
    .bind(sealer.seal_text(&id, name))
    .bind(applicant::seal(sealer, &id, &parsed))
    .bind(&r.region)
    .bind(&r.document)
    .bind(now.timestamp_millis())
    .bind(agent.idh)
    .bind(member_idh)
    .execute(&mut *tx)
    .await?;
    let event = Event {
        binding: &id,
        kind: Kind::Requested,
        actor: agent.owner,
        agent: agent.owner,
        member: &member,
        receipt_no: None,
        at: now,
    };
    events::record(&mut tx, &event).await?;
    tx.commit().await?;
    let (b, _) = bindings::of_party(store, agent.owner, &id).await?;
    Ok(b.as_seen_by(Side::Agent))
}

/// The requests awaiting a clerk of `served`, oldest first (names and numbers masked).
pub async fn pending(store: &Store, served: &Regions) -> Result<Vec<PendingBinding>, AppError> {
    let (only, regions) = served.sql_filter(1);
    let sql = format!(
        "SELECT id, region, relation, agent_name, applicant, document, created_at \
         FROM family_bindings WHERE status = 'pending' {only} ORDER BY created_at LIMIT 200"
    );
    let mut query = sqlx::query(&sql);
    for r in regions {
        query = query.bind(r);
    }
    let rows = query.fetch_all(store.pool()).await?;
    let sealer = store.sealer()?;
    rows.iter()
        .map(|row| {
            let id: String = row.try_get("id")?;
            let a = applicant::open(sealer, &id, &row.try_get::<String, _>("applicant")?)?;
            let agent_name = sealer.open_text(&id, &row.try_get::<String, _>("agent_name")?)?;
            let relation: String = row.try_get("relation")?;
            let region = row
                .try_get::<Option<String>, _>("region")?
                .unwrap_or_default();
            Ok(PendingBinding {
                region_name: tongban_rules::division::region_name(&region),
                region,
                relation_label: relation_label(&relation).unwrap_or("").into(),
                agent_name: mask::name(&agent_name),
                member_name: mask::name(&a.name),
                member_id_number: mask::id_number(&a.id_number),
                document: row
                    .try_get::<Option<String>, _>("document")?
                    .unwrap_or_default(),
                requested_at: api::instant(millis(
                    row.try_get("created_at")?,
                    "family_bindings.created_at",
                )?),
                id,
            })
        })
        .collect()
}

/// A clerk of `served` (named `operator`) approves or refuses request `id`; their `audit` row,
/// completed with the request's region, commits with the decision or neither does.
pub async fn decide(
    store: &Store,
    served: &Regions,
    operator: &str,
    id: &str,
    approve: bool,
    audit: &crate::audit::Entry<'_>,
    now: DateTime<Utc>,
) -> Result<Member, AppError> {
    let not_found = || AppError::NotFound {
        code: "binding_not_found",
        message: "no binding request awaiting your regions has this id".into(),
    };
    let row = sqlx::query(
        "SELECT agent, member, region FROM family_bindings WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .fetch_optional(store.pool())
    .await?
    .ok_or_else(not_found)?;
    let region: String = row
        .try_get::<Option<String>, _>("region")?
        .unwrap_or_default();
    if !served.covers(&region) {
        return Err(not_found());
    }
    let (agent, member): (String, String) = (row.try_get("agent")?, row.try_get("member")?);
    let (status, kind) = if approve {
        ("live", Kind::Approved)
    } else {
        ("refused", Kind::Refused)
    };
    let mut tx = store.pool().begin().await?;
    let changed = sqlx::query(
        "UPDATE family_bindings SET status = $1, bound_at = $2, ended_at = $3 \
         WHERE id = $4 AND status = 'pending'",
    )
    .bind(status)
    .bind(approve.then_some(now.timestamp_millis()))
    // A refusal ends the request: retention counts its period from here.
    .bind((!approve).then_some(now.timestamp_millis()))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() != 1 {
        tx.rollback().await?;
        return Err(not_found());
    }
    let actor = format!("operator:{operator}");
    let event = Event {
        binding: id,
        kind,
        actor: &actor,
        agent: &agent,
        member: &member,
        receipt_no: None,
        at: now,
    };
    events::record(&mut tx, &event).await?;
    let entry = audit.clone().region(Some(&region));
    crate::audit::record_in(&mut tx, &entry, now).await?;
    tx.commit().await?;
    let (b, _) = bindings::of_party(store, &agent, id).await?;
    Ok(b.as_seen_by(Side::Agent))
}
