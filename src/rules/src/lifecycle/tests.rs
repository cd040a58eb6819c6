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
