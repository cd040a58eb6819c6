use super::*;

fn claims(exp: i64) -> Claims {
    Claims {
        sub: "o6_bmjrPTlm6".into(),
        shell: "wechat".into(),
        exp,
        jti: None,
        idh: None,
        nm: None,
        idt: None,
    }
}

#[test]
fn a_unit_subject_is_its_credit_code_normalised_and_owns_apart_from_citizens() {
    let unit = Claims {
        sub: "unit:91420800ma5d0l2h7n".into(),
        ..claims(100)
    };
    let t = sign(&keyed(b"k"), "v1", &unit);
    let got = verify(&keyed(b"k"), "v1", &t, 0).unwrap();
    assert_eq!(got.sub, "unit:91420800MA5D0L2H7N");
    assert_eq!(got.owner(), "unit:91420800MA5D0L2H7N");
    assert_eq!(got.unit().unwrap().as_str(), "91420800MA5D0L2H7N");
    // A citizen whose host id happens to read the same is another owner.
    assert_eq!(claims(100).owner(), "wechat:o6_bmjrPTlm6");
    assert_eq!(claims(100).unit(), None);
}

#[test]
fn a_unit_with_a_wrong_check_character_or_an_id_hash_is_refused() {
    let bad = Claims {
        sub: "unit:91420800MA5D0L2H7P".into(),
        ..claims(100)
    };
    let t = sign(&keyed(b"k"), "v1", &bad);
    assert_eq!(verify(&keyed(b"k"), "v1", &t, 0), Err(Refusal::Malformed));
    let with_idh = Claims {
        sub: "unit:91420800MA5D0L2H7N".into(),
        idh: Some("a".repeat(64)),
        ..claims(100)
    };
    let t = sign(&keyed(b"k"), "v1", &with_idh);
    assert_eq!(verify(&keyed(b"k"), "v1", &t, 0), Err(Refusal::Malformed));
}

#[test]
fn an_id_hash_is_64_lower_case_hex_digits() {
    for (idh, ok) in [
        ("0f".repeat(32), true),
        ("0F".repeat(32), false),
        ("0f".repeat(31), false),
        ("zz".repeat(32), false),
    ] {
        let c = Claims {
            idh: Some(idh.clone()),
            ..claims(100)
        };
        let t = sign(&keyed(b"k"), "v1", &c);
        assert_eq!(verify(&keyed(b"k"), "v1", &t, 0).is_ok(), ok, "{idh}");
    }
}

#[test]
fn a_signed_token_verifies_and_gives_back_its_claims() {
    let t = sign(&keyed(b"k"), "v1", &claims(100));
    assert_eq!(verify(&keyed(b"k"), "v1", &t, 99), Ok(claims(100)));
}

#[test]
fn a_token_signed_with_another_key_or_prefix_is_refused() {
    let t = sign(&keyed(b"k"), "v1", &claims(100));
    assert_eq!(
        verify(&keyed(b"other"), "v1", &t, 0),
        Err(Refusal::BadSignature)
    );
    assert_eq!(verify(&keyed(b"k"), "s1", &t, 0), Err(Refusal::Malformed));
}

#[test]
fn an_altered_payload_is_refused() {
    let t = sign(&keyed(b"k"), "v1", &claims(100));
    let forged = sign(&keyed(b"k"), "v1", &claims(999));
    let (head, _) = t.rsplit_once('.').unwrap();
    let (_, forged_sig) = forged.rsplit_once('.').unwrap();
    let mixed = format!("{head}.{forged_sig}");
    assert_eq!(
        verify(&keyed(b"k"), "v1", &mixed, 0),
        Err(Refusal::BadSignature)
    );
}

#[test]
fn an_expired_token_is_refused() {
    let t = sign(&keyed(b"k"), "v1", &claims(100));
    assert_eq!(verify(&keyed(b"k"), "v1", &t, 100), Err(Refusal::Expired));
}

#[test]
fn garbage_is_malformed_not_a_panic() {
    for g in ["", ".", "v1..", "v1.!!.??", "v1.e30.AAAA"] {
        assert!(verify(&keyed(b"k"), "v1", g, 0).is_err(), "{g}");
    }
}

mod v2 {
    use super::super::*;
    use crate::identity::issuers::{IssuerKey, PublicKey, SM2_DISTID};

    fn ed(seed: u8) -> ed25519_dalek::SigningKey {
        ed25519_dalek::SigningKey::from_bytes(&[seed; 32])
    }

    fn sm2_key() -> sm2::dsa::SigningKey {
        sm2::dsa::SigningKey::from_slice(SM2_DISTID, &[5; 32]).unwrap()
    }

    fn registered(iss: &str, kid: &str, key: PublicKey, shells: &[&str]) -> IssuerKey {
        IssuerKey {
            iss: iss.into(),
            kid: kid.into(),
            key,
            shells: shells.iter().map(|s| (*s).to_owned()).collect(),
            units: false,
            retired: false,
        }
    }

    /// wx (Ed25519, WeChat only; its old key retired), zlb (SM2, provincial, units).
    fn keys() -> Vec<IssuerKey> {
        let mut old = registered(
            "wx",
            "wx-0",
            PublicKey::Ed25519(ed(2).verifying_key()),
            &["wechat"],
        );
        old.retired = true;
        let mut zlb = registered(
            "zlb",
            "zlb-1",
            PublicKey::Sm2(Box::new(sm2_key().verifying_key().clone())),
            &["provincial"],
        );
        zlb.units = true;
        vec![
            registered(
                "wx",
                "wx-1",
                PublicKey::Ed25519(ed(1).verifying_key()),
                &["wechat"],
            ),
            old,
            zlb,
        ]
    }

    fn claims(iss: &str, shell: &str) -> TicketClaims {
        TicketClaims {
            iss: iss.into(),
            aud: "tongban".into(),
            claims: Claims {
                sub: "o6_bmjrPTlm6".into(),
                shell: shell.into(),
                exp: 100,
                jti: Some("j1".into()),
                idh: None,
                nm: Some("王*明".into()),
                idt: Some("002X".into()),
            },
        }
    }

    /// Signs as an SM2 integrator does: SM3 with the default distinguishing id, `r‖s`.
    fn sign_sm2(kid: &str, c: &TicketClaims) -> String {
        use sm2::dsa::signature::Signer;
        let header = B64.encode(format!(r#"{{"alg":"SM2","kid":"{kid}"}}"#));
        let signed = format!("v2.{header}.{}", B64.encode(serde_json::to_vec(c).unwrap()));
        let sig: sm2::dsa::Signature = sm2_key().sign(signed.as_bytes());
        format!("{signed}.{}", B64.encode(sig.to_bytes()))
    }

    fn check(t: &str) -> Result<TicketClaims, TicketRefusal> {
        verify_v2(&keys(), "tongban", t, 0)
    }

    #[test]
    fn an_ed25519_ticket_of_a_registered_key_verifies_with_its_issuer_and_claims() {
        let c = claims("wx", "wechat");
        let t = sign_v2_ed25519(&ed(1), "wx-1", &c);
        assert!(
            t.starts_with("v2.eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoid3gtMSJ9."),
            "{t}"
        );
        assert_eq!(check(&t), Ok(c));
    }

    #[test]
    fn an_sm2_ticket_of_a_registered_key_verifies() {
        let c = claims("zlb", "provincial");
        assert_eq!(check(&sign_sm2("zlb-1", &c)), Ok(c));
    }

    #[test]
    fn a_ticket_of_an_unknown_issuer_or_another_issuers_key_is_refused() {
        let t = sign_v2_ed25519(&ed(1), "wx-1", &claims("alipay-backend", "wechat"));
        assert_eq!(check(&t), Err(TicketRefusal::UnknownIssuer));
        let t = sign_v2_ed25519(&ed(1), "wx-1", &claims("zlb", "wechat"));
        assert_eq!(check(&t), Err(TicketRefusal::KeyOfAnotherIssuer));
    }

    #[test]
    fn a_ticket_for_another_audience_is_refused() {
        let c = TicketClaims {
            aud: "other-gateway".into(),
            ..claims("wx", "wechat")
        };
        let t = sign_v2_ed25519(&ed(1), "wx-1", &c);
        assert_eq!(check(&t), Err(TicketRefusal::OtherAudience));
    }

    #[test]
    fn a_ticket_of_an_unknown_or_retired_kid_is_refused() {
        let c = claims("wx", "wechat");
        let t = sign_v2_ed25519(&ed(1), "wx-9", &c);
        assert_eq!(check(&t), Err(TicketRefusal::UnknownKey));
        let t = sign_v2_ed25519(&ed(2), "wx-0", &c);
        assert_eq!(check(&t), Err(TicketRefusal::RetiredKey));
    }

    #[test]
    fn a_ticket_signed_by_another_key_or_altered_is_refused() {
        let c = claims("wx", "wechat");
        let t = sign_v2_ed25519(&ed(3), "wx-1", &c);
        assert_eq!(check(&t), Err(TicketRefusal::BadSignature));
        let good = sign_v2_ed25519(&ed(1), "wx-1", &c);
        let other = sign_v2_ed25519(
            &ed(1),
            "wx-1",
            &TicketClaims {
                claims: Claims {
                    sub: "someone-else".into(),
                    ..c.claims.clone()
                },
                ..c.clone()
            },
        );
        let parts: Vec<&str> = good.split('.').collect();
        let forged: Vec<&str> = other.split('.').collect();
        let mixed = format!("v2.{}.{}.{}", parts[1], forged[2], parts[3]);
        assert_eq!(check(&mixed), Err(TicketRefusal::BadSignature));
        // An SM2 header on an Ed25519 key's kid is not that key's signature.
        let sm2_on_ed = sign_sm2("wx-1", &c);
        assert_eq!(check(&sm2_on_ed), Err(TicketRefusal::BadSignature));
    }

    #[test]
    fn a_shell_or_a_unit_the_issuer_may_not_speak_for_is_refused() {
        let t = sign_v2_ed25519(&ed(1), "wx-1", &claims("wx", "alipay"));
        assert_eq!(check(&t), Err(TicketRefusal::ShellNotAllowed));
        let unit = |iss: &str, shell: &str| TicketClaims {
            claims: Claims {
                sub: "unit:91431100MA4L12346R".into(),
                nm: None,
                idt: None,
                ..claims(iss, shell).claims
            },
            ..claims(iss, shell)
        };
        let t = sign_v2_ed25519(&ed(1), "wx-1", &unit("wx", "wechat"));
        assert_eq!(check(&t), Err(TicketRefusal::UnitNotAllowed));
        let t = sign_sm2("zlb-1", &unit("zlb", "provincial"));
        assert!(check(&t).is_ok());
    }

    /// docs/integrators.md's worked example: the ticket its Node, Java and Python programs
    /// print with RFC 8032's first test key.
    #[test]
    fn the_worked_example_of_the_integrators_guide_verifies() {
        let key = crate::identity::issuers::public_key(
            crate::identity::issuers::Alg::Ed25519,
            "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
        )
        .unwrap();
        let keys = [registered("wx-backend", "wx-2026-01", key, &["wechat"])];
        let ticket = "v2.eyJhbGciOiJFZDI1NTE5Iiwia2lkIjoid3gtMjAyNi0wMSJ9\
            .eyJpc3MiOiJ3eC1iYWNrZW5kIiwiYXVkIjoidG9uZ2JhbiIsInN1YiI6Im82X2JtanJQVGxtNiIsInNo\
            ZWxsIjoid2VjaGF0IiwiZXhwIjoxODkzNDU2MDAwLCJqdGkiOiI3ZDFiNGMyZTlhOGY0ZTBiIiwibm0i\
            OiLnjosq5piOIiwiaWR0IjoiMDAyWCJ9\
            .PFi4X6Y9beIdHWtUVOQTIvw2BzdfEN6TIoTjw52uf_eGypC8jahip1s4xLKxkGNVLhMz_iFhGTLk8lQ2_6ddDA";
        let got = verify_v2(&keys, "tongban", ticket, 0).unwrap();
        assert_eq!(
            (got.iss.as_str(), got.claims.exp),
            ("wx-backend", 1_893_456_000)
        );
        assert_eq!(got.claims.nm.as_deref(), Some("王*明"));
        assert_eq!(got.claims.idt.as_deref(), Some("002X"));
    }

    #[test]
    fn an_expired_v2_ticket_is_expired_and_garbage_is_malformed() {
        let t = sign_v2_ed25519(&ed(1), "wx-1", &claims("wx", "wechat"));
        assert_eq!(
            verify_v2(&keys(), "tongban", &t, 100),
            Err(TicketRefusal::Expired)
        );
        for g in [
            "",
            "v2",
            "v2...",
            "v2.e30.e30.AAAA",
            "v2.!!.??.##",
            &format!("{t}.x"),
        ] {
            assert!(check(g).is_err(), "{g}");
        }
    }
}
