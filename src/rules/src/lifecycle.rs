//! 办理进度: the statuses of an application and how it starts.
//! 已提交 → 已受理 / 不予受理 → 办理中 → 办结; 退回补正; 已撤销 (DESIGN.md domain table).

use crate::catalogue::{Channel, Item, Kind};
use serde::{Deserialize, Serialize};

/// On the wire a status is its code (`Status::code`): `"in_progress"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Submitted,
    Accepted,
    Rejected,
    InProgress,
    Completed,
    Returned,
    Revoked,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Submitted,
        Status::Accepted,
        Status::Rejected,
        Status::InProgress,
        Status::Completed,
        Status::Returned,
        Status::Revoked,
    ];

    /// The stable code stored and sent over the API.
    pub fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Returned => "returned",
            Status::Revoked => "revoked",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// 办结, 不予受理 and 已撤销 end an application: nothing moves it after them.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Completed | Status::Rejected | Status::Revoked)
    }

    /// What the citizen reads.
    pub fn label(self) -> &'static str {
        match self {
            Status::Submitted => "已提交",
            Status::Accepted => "已受理",
            Status::Rejected => "不予受理",
            Status::InProgress => "办理中",
            Status::Completed => "办结",
            Status::Returned => "退回补正",
            Status::Revoked => "已撤销",
        }
    }
}

/// The channel through which a sourced `auto_approval` or `self_revocation` acts. The only
/// source stating either, JM 13 (承诺撤销自助办), names the self-service terminal (自助服务终端):
/// "对自助服务终端的异地就医承诺制备案……参保人确认提交后系统自动审核办结。参保人可通过自助
/// 服务终端撤销异地就医备案". A filing made through Tongban (a phone) is not made there.
pub const SELF_SERVICE: Channel = Channel::Kiosk;

/// Where a new application made through Tongban (the phone: 全程网办) starts; a clerk's window
/// filing starts the same way. See [`initial_status_via`].
pub fn initial_status(item: &Item) -> Status {
    initial_status_via(item, Channel::Online)
}

/// Where a new application made through `channel` starts: a 即办件 is decided at once; an item
/// whose sourced facts say the system approves it (`auto_approval`: Jingmen's 承诺制 filings,
/// JM 13) is decided at once only at the self-service terminal ([`SELF_SERVICE`]); everything
/// else, an `unknown` included, waits for the office (已提交).
pub fn initial_status_via(item: &Item, channel: Channel) -> Status {
    let immediate = item.kind.known() == Some(&Kind::Immediate);
    if immediate || (channel == SELF_SERVICE && item.auto_approval.is_true()) {
        Status::Completed
    } else {
        Status::Submitted
    }
}

/// Who moves an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Applicant,
    Operator,
    /// Automatic decisions: 即办件 and items with a sourced `auto_approval`.
    System,
}

impl Actor {
    pub fn code(self) -> &'static str {
        match self {
            Actor::Applicant => "applicant",
            Actor::Operator => "operator",
            Actor::System => "system",
        }
    }
}

/// A move in the life cycle. Operators accept (受理), refuse (不予受理), start work (办理中),
/// return for correction (退回补正, naming the materials) and complete (办结); applicants
/// resubmit after a return and revoke (撤销).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Move {
    Accept,
    Reject,
    Start,
    Return,
    Complete,
    Resubmit,
    Revoke,
}

impl Move {
    pub const ALL: [Move; 7] = [
        Move::Accept,
        Move::Reject,
        Move::Start,
        Move::Return,
        Move::Complete,
        Move::Resubmit,
        Move::Revoke,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Move::Accept => "accept",
            Move::Reject => "reject",
            Move::Start => "start",
            Move::Return => "return",
            Move::Complete => "complete",
            Move::Resubmit => "resubmit",
            Move::Revoke => "revoke",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The only actor who may make this move.
    pub fn actor(self) -> Actor {
        match self {
            Move::Resubmit | Move::Revoke => Actor::Applicant,
            _ => Actor::Operator,
        }
    }

    /// Where the move leads.
    pub fn target(self) -> Status {
        match self {
            Move::Accept => Status::Accepted,
            Move::Reject => Status::Rejected,
            Move::Start => Status::InProgress,
            Move::Return => Status::Returned,
            Move::Complete => Status::Completed,
            Move::Resubmit => Status::Submitted,
            Move::Revoke => Status::Revoked,
        }
    }

    /// A refusal or a return must tell the applicant why (the operator's note).
    pub fn needs_note(self) -> bool {
        matches!(self, Move::Reject | Move::Return)
    }
}

/// Why a move is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// This actor may never make this move.
    NotYours,
    /// The move does not apply to an application in this status.
    NotNow,
}

/// Whether `mv` by `actor` is allowed on an application of `item` now in `from`, and where it
/// leads. The table:
/// - 已提交 → 已受理 / 不予受理 / 退回补正 (operator); → 已撤销 (applicant, before acceptance);
/// - 已受理 → 办理中 / 办结 / 退回补正 (operator);
/// - 办理中 → 办结 / 退回补正 (operator);
/// - 退回补正 → 已提交 (applicant resubmits) / 已撤销 (applicant gives up);
/// - 办结 of a 异地就医备案 → 已撤销 (applicant), only at the self-service terminal and where
///   the item's `self_revocation` is a sourced fact (JM 13: 参保人可通过自助服务终端撤销异地就医
///   备案); through Tongban, and elsewhere, cancelling a filing in force is asked of the office;
/// - 不予受理 and 已撤销 are final.
///
/// These are the moves made through Tongban (the phone, the operators' desk); see [`next_via`].
pub fn next(item: &Item, from: Status, mv: Move, actor: Actor) -> Result<Status, Refused> {
    next_via(item, from, mv, actor, Channel::Online)
}

/// [`next`], the applicant's moves made through `channel`.
pub fn next_via(
    item: &Item,
    from: Status,
    mv: Move,
    actor: Actor,
    channel: Channel,
) -> Result<Status, Refused> {
    if mv.actor() != actor {
        return Err(Refused::NotYours);
    }
    let allowed = match mv {
        Move::Accept | Move::Reject => from == Status::Submitted,
        Move::Start => from == Status::Accepted,
        Move::Return => matches!(
            from,
            Status::Submitted | Status::Accepted | Status::InProgress
        ),
        Move::Complete => matches!(from, Status::Accepted | Status::InProgress),
        Move::Resubmit => from == Status::Returned,
        Move::Revoke => match from {
            Status::Submitted | Status::Returned => true,
            Status::Completed => {
                channel == SELF_SERVICE && is_filing(item) && item.self_revocation.is_true()
            }
            _ => false,
        },
    };
    if allowed {
        Ok(mv.target())
    } else {
        Err(Refused::NotNow)
    }
}

/// 异地就医备案 items (their templates are the `filing-*` family of `national.json`).
pub fn is_filing(item: &Item) -> bool {
    item.template.starts_with("filing-")
}

/// 好差评 is given once an application is finished (办结).
pub fn may_rate(status: Status) -> bool {
    status == Status::Completed
}

#[cfg(test)]
mod tests;
