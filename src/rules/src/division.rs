//! The national administrative divisions (民政部《中华人民共和国县以上行政区划代码》, GB/T 2260's
//! six-digit codes; `assets/divisions/divisions.txt` says which edition): 省 → 市 → 县/区, so a
//! form names the county an office needs (a transfer's 转出地) by its code, never by free text.
//!
//! The list is data, one `code name` line per division (about 58 KB, 3,213 lines). The gateway
//! compiles it in (native builds only) and validates every answer against it; the app never
//! carries it in its wasm: it fetches the file when a form with a region field opens
//! (`tongban_app::divisions`) and [`install`]s it, after which the same [`check`] runs in the
//! browser.
//!
//! The tree follows the codes: a division `XX0000` is a province; `XXYY00` a prefecture under
//! province `XX0000`; any other code is county-level, under prefecture `XXYY00` when the list
//! has it and otherwise directly under the province (a municipality's districts, 省直辖县级行政区
//! such as 潜江市 429005). A division is *chosen* when it has no division under it: a county, a
//! prefecture without counties (东莞市 441900) or a province without either (香港 810000).

use crate::validate::Refusal;
use crate::Error;
use std::sync::OnceLock;

/// One division: its code and its own name (湖北省, 荆门市, 东宝区).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    pub code: u32,
    pub name: Box<str>,
}

/// The whole list, by code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Divisions {
    entries: Vec<Division>,
}

impl Divisions {
    /// Reads the list: `code name` lines in ascending code order; blank lines and lines starting
    /// with `#` are skipped.
    pub fn parse(text: &str) -> Result<Divisions, Error> {
        let bad = |n: usize| Error::Parse {
            what: "the division list".into(),
            reason: format!("line {n} is not `six digits, a space, a name`"),
        };
        let mut entries = Vec::with_capacity(3300);
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (code, name) = line.split_once(' ').ok_or_else(|| bad(n + 1))?;
            let name = name.trim();
            if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) || name.is_empty() {
                return Err(bad(n + 1));
            }
            let code = code.parse().map_err(|_| bad(n + 1))?;
            // The list ascends by code (as the ministry publishes it): a lookup is a binary
            // search, with no sort shipped to the phone.
            if entries.last().is_some_and(|d: &Division| d.code >= code) {
                return Err(Error::Parse {
                    what: "the division list".into(),
                    reason: format!("line {}: codes must ascend", n + 1),
                });
            }
            entries.push(Division {
                code,
                name: name.into(),
            });
        }
        Ok(Divisions { entries })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, code: u32) -> Option<&Division> {
        self.entries
            .binary_search_by_key(&code, |d| d.code)
            .ok()
            .map(|i| &self.entries[i])
    }

    /// The division directly above `code`: none for a province.
    pub fn parent(&self, code: u32) -> Option<&Division> {
        if code.is_multiple_of(10_000) {
            return None;
        }
        let province = code / 10_000 * 10_000;
        if code.is_multiple_of(100) {
            return self.get(province);
        }
        self.get(code / 100 * 100).or_else(|| self.get(province))
    }

    /// The provinces, by code.
    pub fn provinces(&self) -> impl Iterator<Item = &Division> {
        self.entries
            .iter()
            .filter(|d| d.code.is_multiple_of(10_000))
    }

    /// The divisions directly under `code`, by code.
    pub fn children(&self, code: u32) -> impl Iterator<Item = &Division> + '_ {
        let (from, to) = if code.is_multiple_of(10_000) {
            (code, code + 10_000)
        } else if code.is_multiple_of(100) {
            (code, code + 100)
        } else {
            (code, code)
        };
        let start = self.entries.partition_point(|d| d.code <= from);
        self.entries[start..]
            .iter()
            .take_while(move |d| d.code < to)
            .filter(move |d| self.parent(d.code).is_some_and(|p| p.code == code))
    }

    /// Whether `code` is a division with nothing under it: what a form's answer names.
    pub fn is_chosen(&self, code: u32) -> bool {
        self.get(code).is_some() && self.children(code).next().is_none()
    }

    /// From the province down to `code`: [湖北省, 荆门市, 东宝区].
    pub fn path(&self, code: u32) -> Vec<&Division> {
        let mut path: Vec<&Division> = Vec::with_capacity(3);
        let mut at = self.get(code);
        while let Some(d) = at {
            path.push(d);
            at = self.parent(d.code);
        }
        path.reverse();
        path
    }

    /// The name a person reads: 湖北省荆门市东宝区, 北京市东城区, 湖北省潜江市.
    pub fn full_name(&self, code: u32) -> Option<String> {
        let path = self.path(code);
        (!path.is_empty()).then(|| path.iter().map(|d| &*d.name).collect())
    }

    /// A form's answer: six digits naming a division with nothing under it.
    pub fn check(&self, text: &str) -> Result<u32, Refusal> {
        let code = parse_code(text)?;
        if self.get(code).is_none() {
            return Err(Refusal::new(
                "division.unknown",
                "没有这个行政区划，请从列表中重新选择",
            ));
        }
        if !self.is_chosen(code) {
            return Err(Refusal::new("division.not_county", "请选到县（区）一级"));
        }
        Ok(code)
    }
}

impl Divisions {
    fn has_prefectures(&self, province: u32) -> bool {
        self.children(province).any(|d| d.code.is_multiple_of(100))
    }

    /// Whether `code` is a city-level division (地级市 or 直辖市), what a 就医地 names: a
    /// prefecture; a province with no prefecture under it (北京市, 香港); a county-level city
    /// straight under a province that has prefectures (省直辖县级行政区, 潜江市 429005).
    pub fn is_city(&self, code: u32) -> bool {
        if self.get(code).is_none() {
            return false;
        }
        if code.is_multiple_of(10_000) {
            !self.has_prefectures(code)
        } else if code.is_multiple_of(100) {
            true
        } else {
            self.parent(code)
                .is_some_and(|p| p.code.is_multiple_of(10_000) && self.has_prefectures(p.code))
        }
    }

    /// The cities to choose from under `province`; none under a province that is a city itself.
    pub fn cities(&self, province: u32) -> impl Iterator<Item = &Division> + '_ {
        let open = province.is_multiple_of(10_000) && self.has_prefectures(province);
        self.children(province).filter(move |_| open)
    }

    /// A city field's answer: six digits naming a city-level division ([`Divisions::is_city`]).
    pub fn check_city(&self, text: &str) -> Result<u32, Refusal> {
        let code = parse_code(text).map_err(|_| NOT_A_CITY_CODE)?;
        if self.get(code).is_none() {
            return Err(Refusal::new(
                "division.unknown",
                "没有这个行政区划，请从列表中重新选择",
            ));
        }
        if !self.is_city(code) {
            return Err(Refusal::new(
                "division.not_city",
                "请选到地级市（直辖市）一级",
            ));
        }
        Ok(code)
    }
}

const NOT_A_CITY_CODE: Refusal = Refusal::new(
    "division.format",
    "请从列表中依次选择省、市（直辖市选到省一级即可）",
);

const NOT_A_CODE: Refusal = Refusal::new("division.format", "请从列表中依次选择省、市、县（区）");

fn parse_code(text: &str) -> Result<u32, Refusal> {
    let text = text.trim();
    if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NOT_A_CODE);
    }
    text.parse().map_err(|_| NOT_A_CODE)
}

static INSTALLED: OnceLock<Divisions> = OnceLock::new();

/// Makes `list` the one [`table`] answers with (the app, once it has fetched the file). The first
/// list installed stays; `false` if one was there already.
pub fn install(list: Divisions) -> bool {
    INSTALLED.set(list).is_ok()
}

/// The list the rules check against: the installed one, or (native builds) the compiled-in
/// `assets/divisions/divisions.txt`. `None` in the browser until the app has installed it.
pub fn table() -> Option<&'static Divisions> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        Some(INSTALLED.get_or_init(|| {
            Divisions::parse(EMBEDDED).expect("assets/divisions/divisions.txt is a valid list")
        }))
    }
    #[cfg(target_arch = "wasm32")]
    {
        INSTALLED.get()
    }
}

/// The list as `assets/divisions` ships it (native builds only: never in the app's wasm).
#[cfg(not(target_arch = "wasm32"))]
pub const EMBEDDED: &str = include_str!("../../../assets/divisions/divisions.txt");

/// A region field's answer, checked against [`table`].
pub fn check(text: &str) -> Result<u32, Refusal> {
    match table() {
        Some(list) => list.check(text),
        None => {
            parse_code(text)?;
            Err(Refusal::new(
                "division.list_unavailable",
                "地区列表还没有加载，请稍候或刷新页面后再试",
            ))
        }
    }
}

/// A city field's answer, checked against [`table`] (the same way as [`check`]).
pub fn check_city(text: &str) -> Result<u32, Refusal> {
    match table() {
        Some(list) => list.check_city(text),
        None => check(text),
    }
}

/// The full name of a region's code (`440000` 广东省, `420800` 湖北省荆门市, `500114`
/// 重庆市黔江区), read beside the code in the clerks' answers; `None` when the list does not
/// name it (or, in the browser, before it is installed).
pub fn region_name(code: &str) -> Option<String> {
    let code: u32 = code.trim().parse().ok()?;
    table()?.full_name(code)
}

/// The full name of `code` (a form's answer) if the list is at hand, else the answer as given.
pub fn shown(text: &str) -> String {
    let name = text
        .trim()
        .parse()
        .ok()
        .and_then(|code| table().and_then(|t| t.full_name(code)));
    name.unwrap_or_else(|| text.trim().to_owned())
}
