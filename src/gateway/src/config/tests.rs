//! What the environment may and may not say.

use super::*;

#[test]
fn production_mode_refuses_to_start_without_secrets_and_names_each_missing_one() {
    let err = Config::from_lookup(false, |_| None)
        .unwrap_err()
        .to_string();
    for name in [
        "TONGBAN_TICKET_SECRET",
        "TONGBAN_SESSION_KEY",
        "TONGBAN_WEBHOOK_SECRET",
        "TONGBAN_ID_HASH_KEY",
        "TONGBAN_DATA_KEY",
    ] {
        assert!(err.contains(name), "{err}");
    }
    let err = Config::from_lookup(false, |k| {
        matches!(k, "TONGBAN_TICKET_SECRET" | "TONGBAN_SESSION_KEY")
            .then(|| format!("{k}-0123456789abcdef0123456789"))
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("TONGBAN_WEBHOOK_SECRET"), "{err}");
    assert!(!err.contains("TONGBAN_SESSION_KEY"), "{err}");
}

#[test]
fn one_value_for_two_secrets_is_refused() {
    let err = Config::from_lookup(true, |k| {
        k.ends_with("_SECRET")
            .then(|| "the-same-value-0123456789abcdef01234".to_owned())
    })
    .unwrap_err();
    assert!(err.to_string().contains("must differ"), "{err}");
}

#[test]
fn trusted_proxies_are_address_blocks_and_anything_else_is_refused() {
    let with = |v: &'static str| {
        Config::from_lookup(true, move |k| {
            (k == "TONGBAN_TRUSTED_PROXIES").then(|| v.into())
        })
    };
    assert_eq!(
        with("127.0.0.1/32, 10.0.0.0/8,::1")
            .unwrap()
            .trusted_proxies
            .len(),
        3
    );
    assert!(with("my-proxy").is_err());
    assert!(with("10.0.0.0/40").is_err());
    assert!(Config::from_lookup(true, |_| None)
        .unwrap()
        .trusted_proxies
        .is_empty());
}

#[test]
fn dev_mode_generates_missing_secrets_and_says_which() {
    let c = Config::from_lookup(true, |_| None).unwrap();
    assert_eq!(
        c.generated,
        [
            "TONGBAN_TICKET_SECRET",
            "TONGBAN_SESSION_KEY",
            "TONGBAN_WEBHOOK_SECRET",
            "TONGBAN_ID_HASH_KEY"
        ]
    );
    assert_ne!(c.session_key, c.ticket_secret);
    assert!(!format!("{c:?}").contains(c.session_key.expose()));
}

#[test]
fn script_origins_must_be_https_and_cannot_smuggle_directives() {
    for bad in ["http://x.example", "https://x.example; script-src *"] {
        let err = Config::from_lookup(true, |k| {
            (k == "TONGBAN_SCRIPT_ORIGINS").then(|| bad.to_owned())
        })
        .unwrap_err();
        assert!(err.to_string().contains("https:// origin"), "{err}");
    }
}

#[test]
fn connect_origins_are_https_or_wss_and_cannot_smuggle_directives() {
    for bad in ["http://x.example", "https://x.example; connect-src *", "*"] {
        let err = Config::from_lookup(true, |k| {
            (k == "TONGBAN_CONNECT_ORIGINS").then(|| bad.to_owned())
        })
        .unwrap_err();
        assert!(err.to_string().contains("TONGBAN_CONNECT_ORIGINS"), "{err}");
    }
    let c = Config::from_lookup(true, |k| {
        (k == "TONGBAN_CONNECT_ORIGINS")
            .then(|| "https://zwlog.example.gov.cn, wss://push.example.gov.cn".to_owned())
    })
    .unwrap();
    assert_eq!(
        c.connect_origins,
        ["https://zwlog.example.gov.cn", "wss://push.example.gov.cn"]
    );
}

#[test]
fn a_base_path_is_a_plain_absolute_path_without_its_trailing_slash() {
    let base = |v: &str| {
        Config::from_lookup(true, |k| (k == "TONGBAN_BASE_PATH").then(|| v.to_owned()))
            .map(|c| c.base_path)
    };
    assert_eq!(base("/h5/").unwrap(), "/h5");
    assert_eq!(base("/gov/yibao").unwrap(), "/gov/yibao");
    assert_eq!(base("").unwrap(), "");
    assert_eq!(base("/").unwrap(), "");
    for bad in ["h5", "/h5/../x", "/h5//x", "/h 5", "/h5\"><script>"] {
        assert!(base(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_short_secret_is_refused_even_in_dev_mode() {
    let err = Config::from_lookup(true, |k| {
        (k == "TONGBAN_TICKET_SECRET").then(|| "short".to_owned())
    })
    .unwrap_err();
    assert!(err.to_string().contains("at least 32"), "{err}");
}
