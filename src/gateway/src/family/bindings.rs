//! Bindings as either side sees them; ending one. An end is recorded (who, when) and stops new
//! applications through the binding, not the ones already made.

use super::{
    applicant,
    events::{self, Event, Kind},
    Person,
};
use crate::{applications::record::millis, sealing::Sealer, store::Store, AppError};
use chrono::{DateTime, Utc};
use sqlx::{any::AnyRow, Row};
use tongban_rules::api::{
    self,
    family::{inverse, relation_word, sex_of_id_tail},
    mask, BoundApplicant, Member, MemberApplicant,
};

/// Which side of a binding a person is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Files for the member (经办人).
    Agent,
    /// Is filed for (申请人).
    Member,
}

impl Side {
    pub fn code(self) -> &'static str {
        match self {
            Side::Agent => "agent",
            Side::Member => "member",
        }
    }
}

/// One stored binding, its sealed parts opened.
#[derive(Debug, Clone)]
pub struct Binding {
    pub id: String,
    pub agent: String,
    pub member: String,
    pub relation: String,
    pub status: String,
    pub agent_name: String,
    pub applicant: MemberApplicant,
    pub bound_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// The member's real-name ID hash, recorded from their own session when they consented
    /// (or from the document a clerk checked). `None`: a binding from before consent was
    /// verified, through which nothing more is filed.
    pub member_idh: Option<String>,
}

const COLUMNS: &str =
    "id, agent, member, relation, status, agent_name, applicant, bound_at, ended_at, member_idh";

impl Binding {
    fn from_row(row: &AnyRow, sealer: &Sealer) -> Result<Self, AppError> {
        let id: String = row.try_get("id")?;
        let optional = |c: &str, what| {
            row.try_get::<Option<i64>, _>(c)?
                .map(|ms| millis(ms, what))
                .transpose()
        };
        Ok(Self {
            agent_name: sealer.open_text(&id, &row.try_get::<String, _>("agent_name")?)?,
            applicant: applicant::open(sealer, &id, &row.try_get::<String, _>("applicant")?)?,
            agent: row.try_get("agent")?,
            member: row.try_get("member")?,
            relation: row.try_get("relation")?,
            status: row.try_get("status")?,
            bound_at: optional("bound_at", "family_bindings.bound_at")?,
            ended_at: optional("ended_at", "family_bindings.ended_at")?,
            member_idh: row.try_get("member_idh")?,
            id,
        })
    }

    pub fn is_live(&self) -> bool {
        self.status == "live"
    }

    /// The binding as `side` sees it: the other person's name, masked, and what the viewer
    /// calls them. `relation` is what the member is to the agent: the agent reads it as it is
    /// (by the member's sex, from their ID number: 母亲), the member reads its inverse (the
    /// agent's sex is not stored: 子女).
    pub fn as_seen_by(&self, side: Side) -> Member {
        let (other, relation, tail) = match side {
            Side::Agent => {
                let id: Vec<char> = self.applicant.id_number.trim().chars().collect();
                let tail = (id.len() >= 4).then(|| id[id.len() - 4..].iter().collect::<String>());
                (&self.applicant.name, self.relation.as_str(), tail)
            }
            Side::Member => (&self.agent_name, inverse(&self.relation), None),
        };
        // Only a resident ID number's 17th character tells the sex.
        let resident = side == Side::Agent && self.applicant.id_type == "resident";
        let sex = tail
            .as_deref()
            .filter(|_| resident)
            .and_then(sex_of_id_tail);
        Member {
            id: self.id.clone(),
            side: side.code().into(),
            relation: self.relation.clone(),
            relation_label: relation_word(relation, sex).into(),
            name: mask::name(other),
            id_tail: tail,
            status: self.status.clone(),
            bound_at: self.bound_at.map(api::instant),
            ended_at: self.ended_at.map(api::instant),
        }
    }
}

pub async fn load(store: &Store, id: &str) -> Result<Option<Binding>, AppError> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM family_bindings WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(store.pool())
    .await?;
    let sealer = store.sealer()?;
    row.as_ref()
        .map(|r| Binding::from_row(r, sealer))
        .transpose()
}

fn not_found() -> AppError {
    AppError::NotFound {
        code: "binding_not_found",
        message: "no binding of yours has this id".into(),
    }
}

/// The binding `id` if `owner` is on a side of it (which side), else the one 404.
pub async fn of_party(store: &Store, owner: &str, id: &str) -> Result<(Binding, Side), AppError> {
    let b = load(store, id).await?.ok_or_else(not_found)?;
    let side = if b.agent == owner {
        Side::Agent
    } else if b.member == owner {
        Side::Member
    } else {
        return Err(not_found());
    };
    Ok((b, side))
}

/// How many members the person `agent` has bound or asked a clerk to bind, in any shell.
pub async fn count_of_agent<'e, E>(db: E, agent: &Person<'_>) -> Result<usize, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM family_bindings WHERE (agent_idh = $1 OR agent = $2) \
         AND status IN ('live', 'pending')",
    )
    .bind(agent.idh)
    .bind(agent.owner)
    .fetch_one(db)
    .await?;
    Ok(usize::try_from(n).unwrap_or(usize::MAX))
}

/// Whether `agent` already has a live binding with `member`.
pub async fn live_between(store: &Store, agent: &str, member: &str) -> Result<bool, AppError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM family_bindings WHERE agent = $1 AND member = $2 AND status = 'live'",
    )
    .bind(agent)
    .bind(member)
    .fetch_one(store.pool())
    .await?;
    Ok(n > 0)
}

/// Every binding `owner` is on either side of, newest first.
pub async fn of_owner(store: &Store, owner: &str) -> Result<Vec<Member>, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM family_bindings WHERE agent = $1 OR member = $1 \
         ORDER BY created_at DESC LIMIT 50"
    ))
    .bind(owner)
    .fetch_all(store.pool())
    .await?;
    let sealer = store.sealer()?;
    rows.iter()
        .map(|r| {
            let b = Binding::from_row(r, sealer)?;
            let side = if b.agent == owner {
                Side::Agent
            } else {
                Side::Member
            };
            Ok(b.as_seen_by(side))
        })
        .collect()
}

/// The member's applicant block, to the agent of a live binding only.
pub async fn applicant_for(
    store: &Store,
    agent: &str,
    id: &str,
) -> Result<BoundApplicant, AppError> {
    let (b, side) = of_party(store, agent, id).await?;
    if side != Side::Agent || !b.is_live() {
        return Err(not_found());
    }
    Ok(BoundApplicant {
        binding: b.id,
        applicant: b.applicant,
    })
}

/// `owner` (either side) ends binding `id` at `now`; ending an ended one changes nothing.
pub async fn end(
    store: &Store,
    owner: &str,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Member, AppError> {
    let (b, side) = of_party(store, owner, id).await?;
    if matches!(b.status.as_str(), "live" | "pending") {
        let mut tx = store.pool().begin().await?;
        sqlx::query(
            "UPDATE family_bindings SET status = 'ended', ended_at = $1, ended_by = $2 \
             WHERE id = $3 AND status IN ('live', 'pending')",
        )
        .bind(now.timestamp_millis())
        .bind(owner)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let event = Event {
            binding: id,
            kind: Kind::Ended,
            actor: owner,
            agent: &b.agent,
            member: &b.member,
            receipt_no: None,
            at: now,
        };
        events::record(&mut tx, &event).await?;
        tx.commit().await?;
    }
    let (b, _) = of_party(store, owner, id).await?;
    Ok(b.as_seen_by(side))
}
