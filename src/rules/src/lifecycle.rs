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
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn status_codes_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn a_filing_waits_for_the_office_where_no_source_of_its_region_promises_automatic_approval() {
        let cat = crate::catalogue::Catalogue::embedded().unwrap();
        for (region, id) in [
            ("440000", "gd-13"),
            ("431100", "yz-10"),
            ("500114", "qj-15"),
        ] {
            let filing = cat.item(region, id).unwrap();
            assert!(is_filing(&filing));
            assert!(!filing.auto_approval.is_true(), "{id}");
            assert_eq!(initial_status(&filing), Status::Submitted, "{id}");
        }
    }

    #[test]
    fn a_status_travels_as_its_code() {
        for s in Status::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.code()));
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), s);
        }
    }

    #[test]
    fn only_completed_rejected_and_revoked_are_final() {
        let finals: Vec<_> = Status::ALL.into_iter().filter(|s| s.is_final()).collect();
        assert_eq!(
            finals,
            [Status::Rejected, Status::Completed, Status::Revoked]
        );
    }

    #[test]
    fn a_jingmen_commitment_filing_is_approved_at_once_only_at_the_terminal_and_a_transfer_waits() {
        let cat = crate::catalogue::Catalogue::embedded().unwrap();
        let items = cat.items("420800").unwrap();
        let filing = items
            .iter()
            .find(|i| i.template.starts_with("filing-"))
            .unwrap();
        // JM 13: the system approves a 承诺制 filing made at a self-service terminal …
        assert_eq!(
            initial_status_via(filing, Channel::Kiosk),
            Status::Completed
        );
        // … not one made from a phone, nor at the window: those wait for the office.
        assert_eq!(initial_status(filing), Status::Submitted);
        assert_eq!(
            initial_status_via(filing, Channel::Window),
            Status::Submitted
        );
        assert_eq!(
            initial_status(&cat.item("420800", "jm-transfer").unwrap()),
            Status::Submitted
        );
    }

    fn items() -> (Item, Item) {
        let cat = crate::catalogue::Catalogue::embedded().unwrap();
        let filing = cat
            .items("420800")
            .unwrap()
            .into_iter()
            .find(is_filing)
            .unwrap();
        (filing, cat.item("420800", "jm-transfer").unwrap())
    }

    #[test]
    fn an_operator_walks_an_application_to_completion() {
        let (_, transfer) = items();
        let mut s = Status::Submitted;
        for mv in [Move::Accept, Move::Start, Move::Complete] {
            s = next(&transfer, s, mv, Actor::Operator).unwrap();
        }
        assert_eq!(s, Status::Completed);
    }

    #[test]
    fn an_applicant_cannot_make_operator_moves_nor_the_reverse() {
        let (_, transfer) = items();
        assert_eq!(
            next(&transfer, Status::Submitted, Move::Accept, Actor::Applicant),
            Err(Refused::NotYours)
        );
        assert_eq!(
            next(&transfer, Status::Returned, Move::Resubmit, Actor::Operator),
            Err(Refused::NotYours)
        );
    }

    #[test]
    fn a_returned_application_goes_back_to_submitted_when_resubmitted() {
        let (_, transfer) = items();
        let s = next(&transfer, Status::Accepted, Move::Return, Actor::Operator).unwrap();
        assert_eq!(s, Status::Returned);
        assert_eq!(
            next(&transfer, s, Move::Resubmit, Actor::Applicant),
            Ok(Status::Submitted)
        );
    }

    #[test]
    fn a_completed_jingmen_filing_may_be_revoked_at_the_terminal_only_and_a_transfer_never() {
        let (filing, transfer) = items();
        let revoke = |channel| {
            next_via(
                &filing,
                Status::Completed,
                Move::Revoke,
                Actor::Applicant,
                channel,
            )
        };
        assert_eq!(revoke(Channel::Kiosk), Ok(Status::Revoked));
        assert_eq!(revoke(Channel::Online), Err(Refused::NotNow));
        assert_eq!(
            next(&filing, Status::Completed, Move::Revoke, Actor::Applicant),
            Err(Refused::NotNow),
            "JM 13's revocation is the terminal's"
        );
        assert_eq!(
            next(&transfer, Status::Completed, Move::Revoke, Actor::Applicant),
            Err(Refused::NotNow)
        );
    }

    #[test]
    fn refused_and_revoked_are_final() {
        let (filing, _) = items();
        for from in [Status::Rejected, Status::Revoked] {
            for mv in Move::ALL {
                assert_eq!(
                    next(&filing, from, mv, mv.actor()),
                    Err(Refused::NotNow),
                    "{mv:?} from {from:?}"
                );
            }
        }
    }

    #[test]
    fn move_codes_round_trip_and_only_refusals_and_returns_need_a_note() {
        for m in Move::ALL {
            assert_eq!(Move::from_code(m.code()), Some(m));
        }
        let noted: Vec<_> = Move::ALL.into_iter().filter(|m| m.needs_note()).collect();
        assert_eq!(noted, [Move::Reject, Move::Return]);
    }
}
