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
