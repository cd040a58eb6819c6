//! The catalogue files of `assets/catalogue`, compiled in. What a build never reads is dropped
//! by the linker, so the wasm app pays only for what it uses.

pub const REGIONS: &str = include_str!("../../../../assets/catalogue/regions.json");
pub const NATIONAL: &str = include_str!("../../../../assets/catalogue/national.json");
pub const REGION_FILES: [(&str, &str); 4] = [
    (
        "440000",
        include_str!("../../../../assets/catalogue/regions/440000.json"),
    ),
    (
        "431100",
        include_str!("../../../../assets/catalogue/regions/431100.json"),
    ),
    (
        "420800",
        include_str!("../../../../assets/catalogue/regions/420800.json"),
    ),
    (
        "500114",
        include_str!("../../../../assets/catalogue/regions/500114.json"),
    ),
];

/// One file per id of [`super::FORM_IDS`], in the same order.
pub const FORM_FILES: [(&str, &str); 16] = [
    (
        "institution-change",
        include_str!("../../../../assets/catalogue/forms/institution-change.json"),
    ),
    (
        "unit-enrolment",
        include_str!("../../../../assets/catalogue/forms/unit-enrolment.json"),
    ),
    (
        "unit-change",
        include_str!("../../../../assets/catalogue/forms/unit-change.json"),
    ),
    (
        "person-enrolment",
        include_str!("../../../../assets/catalogue/forms/person-enrolment.json"),
    ),
    (
        "person-change",
        include_str!("../../../../assets/catalogue/forms/person-change.json"),
    ),
    (
        "transfer",
        include_str!("../../../../assets/catalogue/forms/transfer.json"),
    ),
    (
        "filing",
        include_str!("../../../../assets/catalogue/forms/filing.json"),
    ),
    (
        "reimbursement",
        include_str!("../../../../assets/catalogue/forms/reimbursement.json"),
    ),
    (
        "maternity-payment",
        include_str!("../../../../assets/catalogue/forms/maternity-payment.json"),
    ),
    (
        "maternity-allowance",
        include_str!("../../../../assets/catalogue/forms/maternity-allowance.json"),
    ),
    (
        "prenatal-confirmation",
        include_str!("../../../../assets/catalogue/forms/prenatal-confirmation.json"),
    ),
    (
        "chronic-disease",
        include_str!("../../../../assets/catalogue/forms/chronic-disease.json"),
    ),
    (
        "certificate",
        include_str!("../../../../assets/catalogue/forms/certificate.json"),
    ),
    (
        "ehealth-card",
        include_str!("../../../../assets/catalogue/forms/ehealth-card.json"),
    ),
    (
        "account-withdrawal",
        include_str!("../../../../assets/catalogue/forms/account-withdrawal.json"),
    ),
    (
        "general",
        include_str!("../../../../assets/catalogue/forms/general.json"),
    ),
];
