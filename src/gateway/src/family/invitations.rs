//! The one-time invitation: the agent asks for a code (9 digits, valid 15 minutes, only its
//! hash stored); the member sees who is asking (`preview`: the inviter's real name from their
//! session, not what they typed), then accepts it in their own session, names the relation and
//! consents. That consent, with its time, makes the binding. A code used twice or too late is
//! refused.

use super::{
    applicant,
    bindings::{self, Side},
    cap_key,
    events::{self, Event, Kind},
    new_id, refused, relation, Person,
};
use crate::{applications::receipt::sha256_hex, caps, store::Store, AppError};
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sqlx::Row;
use tongban_rules::api::{
    self,
    family::{grouped, MAX_MEMBERS},
    mask, Acceptance, Invitation, InvitationPreview, Member, RealName,
};

/// How long a code is good for.
pub const VALID_FOR: Duration = Duration::minutes(15);
const DIGITS: usize = 9;

fn code_hash(code: &str) -> String {
    sha256_hex(&[b"family-invitation", code.as_bytes()])
}

fn new_code() -> String {
    let mut rng = rand::rngs::OsRng;
    (0..DIGITS)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

/// Who invited, as the member is shown it: the masked name of the inviter's real-name check
/// (or, for a session without one, the name they typed, masked) and their ID tail. Sealed in
/// `family_invitations.agent_name` as JSON; a row from before holds the typed name alone.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Inviter {
    name: String,
    #[serde(default)]
    tail: Option<String>,
}

impl Inviter {
    fn of(shown: &RealName, typed: &str) -> Result<Self, AppError> {
        let typed = typed.trim();
        let name = match &shown.name {
            Some(n) if !n.trim().is_empty() => n.trim().to_owned(),
            _ if typed.is_empty() || typed.chars().count() > 30 => {
                return Err(AppError::BadRequest {
                    code: "agent_name_required",
                    message: "agent_name: the inviter's own name, 1 to 30 characters (the \
                              session carries no real-name name)"
                        .into(),
                    field: Some("agent_name"),
                })
            }
            _ => mask::name(typed),
        };
        Ok(Self {
            name,
            tail: shown.id_tail.clone(),
        })
    }

    fn open(stored: &str) -> Self {
        serde_json::from_str(stored).unwrap_or_else(|_| Self {
            name: mask::name(stored),
            tail: None,
        })
    }
}

/// A new invitation from the real-name person `agent`: the member will see them as their
/// session's real-name check names them (`shown`); `typed` only when that has no name.
pub async fn invite(
    store: &Store,
    agent: &Person<'_>,
    shown: &RealName,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<Invitation, AppError> {
    let inviter = Inviter::of(shown, typed)?;
    let name = serde_json::to_string(&inviter).expect("an inviter serialises");
    if bindings::count_of_agent(store.pool(), agent).await? >= MAX_MEMBERS {
        return Err(full());
    }
    let id = new_id();
    let code = new_code();
    let expires = now + VALID_FOR;
    let sealed = store.sealer()?.seal_text(&id, &name);
    let mut tx = store.pool().begin().await?;
    sqlx::query(
        "INSERT INTO family_invitations (id, agent, agent_name, code_hash, created_at, expires_at, \
         agent_idh) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(agent.owner)
    .bind(&sealed)
    .bind(code_hash(&code))
    .bind(now.timestamp_millis())
    .bind(expires.timestamp_millis())
    .bind(agent.idh)
    .execute(&mut *tx)
    .await?;
    let event = Event {
        binding: &id,
        kind: Kind::Invited,
        actor: agent.owner,
        agent: agent.owner,
        member: "",
        receipt_no: None,
        at: now,
    };
    events::record(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Invitation {
        grouped: grouped(&code),
        qr_svg: crate::qr::svg(&code).unwrap_or_default(),
        code,
        expires_at: api::instant(expires),
    })
}

pub fn full() -> AppError {
    refused(
        "family_full",
        "at most 5 family members can be bound; end a binding first",
    )
}

/// The member (`member`, the real-name person of the accepting session) accepts `a`: the
/// binding, made live by the consent at `now`. `applicant_idh` is the ID hash of `a.applicant`:
/// it must be the member's own (403 `applicant_not_self`), so the identity a binding records is
/// always one its owner consented with in their own session; an inviter cannot accept their
/// own code from another shell (409 `own_invitation`). The five-member cap is counted under the
/// agent's lock (`caps`), so racing acceptances bind at most five.
pub async fn accept(
    store: &Store,
    member: &Person<'_>,
    applicant_idh: &str,
    a: &Acceptance,
    now: DateTime<Utc>,
) -> Result<Member, AppError> {
    relation(&a.relation)?;
    if !a.consent {
        return Err(AppError::BadRequest {
            code: "consent_required",
            message: "the member must consent (consent: true) to be bound".into(),
            field: Some("consent"),
        });
    }
    let parsed = applicant::parse(&a.applicant)?;
    if applicant_idh != member.idh {
        return Err(crate::identity::real_name::not_self());
    }
    let found = find(store, member, &a.code, now).await?;
    let (id, agent, agent_idh) = (found.id, found.agent, found.agent_idh);
    if bindings::live_between(store, &agent, member.owner).await? {
        return Err(refused("already_bound", "these two are already bound"));
    }
    let inviter = Person {
        owner: &agent,
        idh: agent_idh.as_deref().unwrap_or(""),
    };
    let sealer = store.sealer()?;
    let agent_name = found.inviter.name;
    let binding = new_id();
    let mut tx = store.pool().begin().await?;
    caps::lock(&mut tx, &cap_key(inviter.idh), now.timestamp_millis()).await?;
    if bindings::count_of_agent(&mut *tx, &inviter).await? >= MAX_MEMBERS {
        tx.rollback().await?;
        return Err(full());
    }
    // Used once: a second acceptance racing this one finds `used_at` set and changes nothing.
    let used =
        sqlx::query("UPDATE family_invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(now.timestamp_millis())
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    if used.rows_affected() != 1 {
        tx.rollback().await?;
        return Err(refused(
            "invitation_used",
            "this invitation code was already used",
        ));
    }
    sqlx::query(
        "INSERT INTO family_bindings (id, agent, member, relation, agent_name, applicant, status, \
         created_at, bound_at, agent_idh, member_idh) \
         VALUES ($1, $2, $3, $4, $5, $6, 'live', $7, $7, $8, $9)",
    )
    .bind(&binding)
    .bind(&agent)
    .bind(member.owner)
    .bind(&a.relation)
    .bind(sealer.seal_text(&binding, &agent_name))
    .bind(applicant::seal(sealer, &binding, &parsed))
    .bind(now.timestamp_millis())
    .bind(agent_idh.as_deref())
    .bind(member.idh)
    .execute(&mut *tx)
    .await?;
    let event = Event {
        binding: &binding,
        kind: Kind::Consented,
        actor: member.owner,
        agent: &agent,
        member: member.owner,
        receipt_no: None,
        at: now,
    };
    events::record(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(Member {
        id: binding,
        side: Side::Member.code().into(),
        relation: a.relation.clone(),
        relation_label: api::family::relation_word(
            api::family::inverse(&a.relation),
            found
                .inviter
                .tail
                .as_deref()
                .and_then(api::family::sex_of_id_tail),
        )
        .into(),
        name: agent_name,
        id_tail: found.inviter.tail,
        status: "live".into(),
        bound_at: Some(api::instant(now)),
        ended_at: None,
    })
}

/// An open invitation found by its code.
struct Found {
    id: String,
    agent: String,
    agent_idh: Option<String>,
    inviter: Inviter,
    expires_at: i64,
}

/// The open invitation with `code` (its digits; spaces and dashes are ignored), for the member
/// `member`: 404 `invitation_unknown`, 409 `invitation_used`, `invitation_expired`,
/// `own_invitation`.
async fn find(
    store: &Store,
    member: &Person<'_>,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Found, AppError> {
    let code: String = code.chars().filter(char::is_ascii_digit).collect();
    let row = sqlx::query(
        "SELECT id, agent, agent_idh, agent_name, expires_at, used_at FROM family_invitations \
         WHERE code_hash = $1 ORDER BY created_at DESC LIMIT 1",
    )
    .bind(code_hash(&code))
    .fetch_optional(store.pool())
    .await?
    .ok_or_else(|| AppError::NotFound {
        code: "invitation_unknown",
        message: "no invitation has this code".into(),
    })?;
    let id: String = row.try_get("id")?;
    let agent: String = row.try_get("agent")?;
    let agent_idh: Option<String> = row.try_get("agent_idh")?;
    if row.try_get::<Option<i64>, _>("used_at")?.is_some() {
        return Err(refused(
            "invitation_used",
            "this invitation code was already used",
        ));
    }
    let expires_at = row.try_get::<i64, _>("expires_at")?;
    if expires_at <= now.timestamp_millis() {
        return Err(refused(
            "invitation_expired",
            "this invitation code is older than 15 minutes; ask for a new one",
        ));
    }
    if agent == member.owner || agent_idh.as_deref() == Some(member.idh) {
        return Err(refused(
            "own_invitation",
            "the invitation must be accepted by the family member, in their own session",
        ));
    }
    let stored = store
        .sealer()?
        .open_text(&id, &row.try_get::<String, _>("agent_name")?)?;
    Ok(Found {
        inviter: Inviter::open(&stored),
        id,
        agent,
        agent_idh,
        expires_at,
    })
}

/// Who is asking, for the member to read before consenting: the inviter's real-name label and
/// the code's expiry. Refuses as `accept` would, so a code that cannot be accepted shows no one.
pub async fn preview(
    store: &Store,
    member: &Person<'_>,
    code: &str,
    now: DateTime<Utc>,
) -> Result<InvitationPreview, AppError> {
    let found = find(store, member, code, now).await?;
    let expires = DateTime::<Utc>::from_timestamp_millis(found.expires_at).unwrap_or(now);
    Ok(InvitationPreview {
        inviter: found.inviter.name,
        inviter_id_tail: found.inviter.tail,
        expires_at: api::instant(expires),
    })
}
