//! What the environment may and may not say.

use super::*;

#[test]
fn production_mode_refuses_to_start_without_secrets_and_names_each_missing_one() {
    let err = Config::from_lookup(false, |_| None)
        .unwrap_err()
        .to_string();
    for name in [
        "TONGBAN_TICKET_ISSUERS",
        "TONGBAN_SESSION_KEY",
        "TONGBAN_WEBHOOK_SECRET",
        "TONGBAN_ID_HASH_KEY",
        "TONGBAN_DATA_KEY",
        "TONGBAN_VERIFIER_KEY",
    ] {
        assert!(err.contains(name), "{err}");
    }
    let err = Config::from_lookup(false, |k| {
        matches!(k, "TONGBAN_WEBHOOK_SECRET" | "TONGBAN_SESSION_KEY")
            .then(|| format!("{k}-0123456789abcdef0123456789"))
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("TONGBAN_ID_HASH_KEY"), "{err}");
    assert!(!err.contains("TONGBAN_SESSION_KEY"), "{err}");
    assert!(
        !err.contains("TONGBAN_TICKET_SECRET"),
        "the old ticket secret is optional: {err}"
    );
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
            "TONGBAN_SESSION_KEY",
            "TONGBAN_WEBHOOK_SECRET",
            "TONGBAN_ID_HASH_KEY"
        ]
    );
    assert_ne!(c.session_key, c.webhook_secret);
    assert_eq!(
        c.ticket_secret, None,
        "the old ticket secret is never generated"
    );
    assert_eq!(c.ticket_audience, "tongban");
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
    for bad in ["ftp://x.example", "https://x.example; connect-src *", "*"] {
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

/// An Ed25519 public key (of the seed [1; 32]) in base64, as an integrator registers it.
fn ed25519_public() -> String {
    use base64::Engine;
    let key = ed25519_dalek::SigningKey::from_bytes(&[1; 32]).verifying_key();
    base64::engine::general_purpose::STANDARD.encode(key.as_bytes())
}

#[test]
fn ticket_issuers_are_read_inline_or_from_a_file_and_dev_is_reserved() {
    let inline = format!("iss=wx kid=wx-1 shells=wechat key={}", ed25519_public());
    let with = |v: String| {
        Config::from_lookup(true, move |k| {
            (k == "TONGBAN_TICKET_ISSUERS").then(|| v.clone())
        })
    };
    let c = with(inline.clone()).unwrap();
    assert_eq!(c.ticket_issuers.len(), 1);
    assert_eq!(c.ticket_issuers[0].iss, "wx");
    let file = std::env::temp_dir().join(format!("tongban-issuers-{}", std::process::id()));
    std::fs::write(&file, format!("# the bureau's list\n{inline}\n")).unwrap();
    let c = with(file.display().to_string()).unwrap();
    assert_eq!(c.ticket_issuers[0].kid, "wx-1");
    let _ = std::fs::remove_file(&file);
    let err = with("/nowhere/issuers".into()).unwrap_err().to_string();
    assert!(err.contains("cannot read"), "{err}");
    let err = with(inline.replace("iss=wx", "iss=dev"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("reserved for --dev"), "{err}");
}

#[test]
fn production_starts_with_issuers_and_no_old_ticket_secret() {
    let issuers = format!("iss=wx kid=wx-1 shells=wechat key={}", ed25519_public());
    let c = Config::from_lookup(false, |k| match k {
        "TONGBAN_TICKET_ISSUERS" => Some(issuers.clone()),
        "TONGBAN_TICKET_AUDIENCE" => Some("tongban-yz".into()),
        "TONGBAN_PUBLIC_URL" => Some("https://h5.example.gov.cn/".into()),
        "TONGBAN_DATA_KEY" => Some("dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=".into()),
        k if k.ends_with("_KEY") || k.ends_with("_SECRET") && k != "TONGBAN_TICKET_SECRET" => {
            Some(format!("{k}-0123456789abcdef0123456789"))
        }
        _ => None,
    })
    .unwrap();
    assert_eq!(c.ticket_audience, "tongban-yz");
    assert_eq!(c.public_url.as_deref(), Some("https://h5.example.gov.cn"));
    assert!(c.ticket_secret.is_none() && c.ticket_hmac_until.is_none());
}

#[test]
fn the_old_ticket_secret_is_read_only_until_a_declared_date() {
    let with = |secret: Option<&'static str>, until: &'static str| {
        Config::from_lookup(true, move |k| match k {
            "TONGBAN_TICKET_SECRET" => secret.map(str::to_owned),
            "TONGBAN_TICKET_HMAC_UNTIL" => Some(until.to_owned()),
            _ => None,
        })
    };
    let secret = Some("old-ticket-secret-0123456789abcdef");
    let c = with(secret, "2027-03-31").unwrap();
    assert_eq!(
        c.ticket_hmac_until,
        chrono::NaiveDate::from_ymd_opt(2027, 3, 31)
    );
    // The end of 31 March 2027 in China: 1 April 00:00 UTC+8 = 31 March 16:00 UTC.
    assert_eq!(
        hmac_refused_from(c.ticket_hmac_until.unwrap()),
        chrono::DateTime::parse_from_rfc3339("2027-03-31T16:00:00Z")
            .unwrap()
            .timestamp()
    );
    let err = with(secret, "soon").unwrap_err().to_string();
    assert!(err.contains("a date like"), "{err}");
    let err = with(None, "2027-03-31").unwrap_err().to_string();
    assert!(err.contains("needs TONGBAN_TICKET_SECRET"), "{err}");
}

#[test]
fn dev_mode_serves_only_on_loopback_and_without_production_secrets() {
    let none = |_: &str| None;
    for ok in ["127.0.0.1:8080", "127.0.0.1:0", "[::1]:8080"] {
        assert_eq!(dev_refusal(ok.parse().unwrap(), none), None, "{ok}");
    }
    for bad in ["0.0.0.0:8080", "10.1.2.3:80", "[::]:8080"] {
        let why = dev_refusal(bad.parse().unwrap(), none).unwrap();
        assert!(why.contains("loopback"), "{bad}: {why}");
    }
    let why = dev_refusal("127.0.0.1:8080".parse().unwrap(), |k| {
        matches!(k, "TONGBAN_DATA_KEY" | "TONGBAN_SESSION_KEY").then(|| "x".to_owned())
    })
    .unwrap();
    assert!(
        why.contains("TONGBAN_SESSION_KEY, TONGBAN_DATA_KEY"),
        "{why}"
    );
    let issuers_only = dev_refusal("127.0.0.1:8080".parse().unwrap(), |k| {
        (k == "TONGBAN_TICKET_ISSUERS").then(|| "iss=…".to_owned())
    });
    assert_eq!(issuers_only, None, "public keys are no secret");
}

#[test]
fn dev_mode_keeps_the_session_key_it_made_across_restarts() {
    let data = std::env::temp_dir().join(format!("tongban-dev-key-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let start = || {
        let dir = data.display().to_string();
        let mut c =
            Config::from_lookup(true, |k| (k == "TONGBAN_DATA_DIR").then(|| dir.clone())).unwrap();
        keep_dev_session_key(&mut c).unwrap();
        c
    };
    let (first, second) = (start(), start());
    assert_eq!(first.session_key, second.session_key);
    assert!(!first.generated.contains(&"TONGBAN_SESSION_KEY"));
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn links_come_from_a_configured_public_url_required_outside_dev() {
    let prod = |url: Option<&'static str>| {
        let issuers = format!("iss=wx kid=wx-1 shells=wechat key={}", ed25519_public());
        Config::from_lookup(false, move |k| match k {
            "TONGBAN_TICKET_ISSUERS" => Some(issuers.clone()),
            "TONGBAN_PUBLIC_URL" => url.map(str::to_owned),
            "TONGBAN_DATA_KEY" => Some("dGVzdC1kYXRhLWtleS0wMTIzNDU2Nzg5YWJjZGVmMDE=".into()),
            k if k.ends_with("_KEY") || k.ends_with("_SECRET") && k != "TONGBAN_TICKET_SECRET" => {
                Some(format!("{k}-0123456789abcdef0123456789"))
            }
            _ => None,
        })
    };
    let err = prod(None).unwrap_err().to_string();
    assert!(err.contains("TONGBAN_PUBLIC_URL is required"), "{err}");
    for bad in [
        "http://h5.example.gov.cn",
        "https://h5.example.gov.cn/h5",
        "https://user@h5.example.gov.cn",
        "https://h5.example.gov.cn?x=1",
        "h5.example.gov.cn",
    ] {
        let err = prod(Some(bad)).unwrap_err().to_string();
        assert!(err.contains("must be an origin"), "{bad}: {err}");
    }
    let c = prod(Some("https://h5.example.gov.cn:8443")).unwrap();
    assert_eq!(
        c.public_url.as_deref(),
        Some("https://h5.example.gov.cn:8443")
    );
    let dev = |url: Option<&'static str>| {
        Config::from_lookup(true, move |k| {
            (k == "TONGBAN_PUBLIC_URL")
                .then(|| url.map(str::to_owned))
                .flatten()
        })
    };
    assert_eq!(
        dev(None).unwrap().public_url,
        None,
        "--dev: its listen address"
    );
    assert_eq!(
        dev(Some("http://192.168.1.5:8080"))
            .unwrap()
            .public_url
            .as_deref(),
        Some("http://192.168.1.5:8080")
    );
}

#[test]
fn plain_http_connect_origins_are_for_dev_only() {
    let get = |k: &str| match k {
        "TONGBAN_PUBLIC_URL" => Some("https://h5.example.gov.cn".to_owned()),
        "TONGBAN_CONNECT_ORIGINS" => Some("http://127.0.0.1:9000".to_owned()),
        _ => None,
    };
    let Err(err) = super::web::read(false, &get) else {
        panic!("an http:// origin outside --dev must be refused");
    };
    assert!(err.to_string().contains("TONGBAN_CONNECT_ORIGINS"), "{err}");
    let Ok(dev) = super::web::read(true, &get) else {
        panic!("an http:// origin under --dev must be taken");
    };
    assert_eq!(dev.connect_origins, ["http://127.0.0.1:9000"]);
}

#[test]
fn the_old_cors_list_is_refused_with_the_name_of_the_one_that_replaced_it() {
    let err = Config::from_lookup(true, |k| {
        (k == "TONGBAN_CORS_ORIGINS").then(|| "https://h5.example.gov.cn".to_owned())
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains("TONGBAN_CONNECT_ORIGINS"), "{err}");
}
