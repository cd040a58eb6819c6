//! Citations as citizens read them. The data and the code cite a document by a short key and a
//! locator — `"JM 13"` (measure 13 of Jingmen's notice), `"GD 附件 序号4"` — or a national document
//! by its number (`"医保发〔2022〕22号"`). [`DOCUMENTS`] is the one table that maps those keys to the
//! documents in full: issuer, title, number, and the article where the source gives one
//! (荆门市医疗保障局《…》（荆医保发〔2023〕18号）第十三项). The short keys GD, YZ, JM, QJ stay in data
//! keys and code comments; whatever a citizen reads goes through [`cite`].

mod pages;

pub use pages::{site_of, Site, SITES};

/// How a document's locators read in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Articles {
    /// Numbered measures: `13` → 第十三项, `1–4、27` → 第一至四、二十七项.
    Measures,
    /// Parts, attachments and rows as the document writes them (`附件 序号4`, `二(二)`).
    AsWritten,
}

/// A policy document the catalogue cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    /// How data and code name it: a local notice's short key, or a national document's number.
    pub key: &'static str,
    /// The region (`regions.json` code) whose own document this is; `None` for national ones.
    pub region: Option<&'static str>,
    pub issuer: &'static str,
    pub title: &'static str,
    /// 文号, or the date of issue where the document has none.
    pub number: &'static str,
    /// Texts that, after the key, name the whole document rather than an article of it.
    pub whole: &'static [&'static str],
    pub articles: Articles,
}

/// The keys of the four local notices (`shared/seeds/README.md`), in its order.
pub const LOCAL_KEYS: [&str; 4] = ["GD", "YZ", "JM", "QJ"];

/// Every document the catalogue cites. Local notices: the seed files' headers; national ones:
/// by number as the data cites them.
pub const DOCUMENTS: [Document; 6] = [
    Document {
        key: "GD",
        region: Some("440000"),
        issuer: "广东省医疗保障局",
        title: "关于印发进一步深化医疗保障经办政务服务事项“跨省通办、省内通办”工作方案的通知",
        number: "粤医保发〔2021〕29号",
        whole: &["粤医保发〔2021〕29号"],
        articles: Articles::AsWritten,
    },
    Document {
        key: "YZ",
        region: Some("431100"),
        issuer: "永州市医疗保障局 永州市行政审批服务局 永州市卫生健康委员会",
        title: "关于深化全市医保“放管服”改革 持续优化便民服务的通知",
        number: "永医保发〔2022〕15号",
        whole: &["永医保发〔2022〕15号"],
        articles: Articles::AsWritten,
    },
    Document {
        key: "JM",
        region: Some("420800"),
        issuer: "荆门市医疗保障局",
        title: "市医疗保障局关于落实医保服务二十七项便民措施的通知",
        number: "荆医保发〔2023〕18号",
        whole: &["荆医保发〔2023〕18号"],
        articles: Articles::Measures,
    },
    Document {
        key: "QJ",
        region: Some("500114"),
        issuer: "重庆市黔江区医疗保障局",
        title: "关于印发2021年医疗保障政务服务工作方案的通知",
        number: "2021年4月27日印发",
        whole: &["2021年医疗保障政务服务工作方案"],
        articles: Articles::AsWritten,
    },
    Document {
        key: "医保发〔2022〕22号",
        region: None,
        issuer: "国家医疗保障局 财政部",
        title: "关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知",
        number: "医保发〔2022〕22号",
        whole: &[],
        articles: Articles::AsWritten,
    },
    Document {
        key: "医保办发〔2021〕43号",
        region: None,
        issuer: "国家医疗保障局办公室 财政部办公厅",
        title: "关于印发〈基本医疗保险关系转移接续暂行办法〉的通知",
        number: "医保办发〔2021〕43号",
        whole: &[],
        articles: Articles::AsWritten,
    },
];

impl Document {
    /// Issuer, title and number: 荆门市医疗保障局《…》（荆医保发〔2023〕18号）.
    pub fn full(&self) -> String {
        format!("{}《{}》（{}）", self.issuer, self.title, self.number)
    }

    pub fn is_local(&self) -> bool {
        self.region.is_some()
    }
}

/// Characters that end a locator: full-width punctuation (locators use ASCII brackets).
const LOCATOR_END: [char; 6] = ['；', '（', '）', '，', '。', '：'];

/// One piece of a source string: a document with its locator, or text kept as written.
enum Piece<'a> {
    Cited(&'static Document, Option<&'a str>),
    Text(&'a str),
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// The document cited at the start of `rest`, with the byte length of key and locator.
fn cited_at<'a>(rest: &'a str, before: Option<char>) -> Option<(Piece<'a>, usize)> {
    for doc in &DOCUMENTS {
        if doc.is_local() {
            if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let Some(after) = rest.strip_prefix(doc.key).and_then(|r| r.strip_prefix(' ')) else {
                continue;
            };
            let end = after.find(LOCATOR_END).unwrap_or(after.len());
            let locator = after[..end].trim();
            let whole = locator.is_empty() || doc.whole.contains(&locator);
            let piece = Piece::Cited(doc, (!whole).then_some(locator));
            return Some((piece, doc.key.len() + 1 + end));
        }
        if rest.starts_with(doc.key) && !before.is_some_and(is_ideograph) {
            return Some((Piece::Cited(doc, None), doc.key.len()));
        }
    }
    None
}

fn pieces(source: &str) -> Vec<Piece<'_>> {
    let mut out = vec![];
    let (mut i, mut text_from) = (0, 0);
    while i < source.len() {
        let before = source[..i].chars().next_back();
        if let Some((piece, len)) = cited_at(&source[i..], before) {
            if text_from < i {
                out.push(Piece::Text(&source[text_from..i]));
            }
            out.push(piece);
            i += len;
            text_from = i;
        } else {
            i += source[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if text_from < source.len() {
        out.push(Piece::Text(&source[text_from..]));
    }
    out
}

/// The documents a source string cites, in order (a document once).
pub fn documents(source: &str) -> Vec<&'static Document> {
    let mut out: Vec<&'static Document> = vec![];
    for piece in pieces(source) {
        if let Piece::Cited(doc, _) = piece {
            if !out.contains(&doc) {
                out.push(doc);
            }
        }
    }
    out
}

/// Whether a source names what it rests on: a document of [`DOCUMENTS`], or the address of a
/// page on a government site of [`SITES`] (a published 办事指南). The catalogue check refuses
/// any other.
pub fn is_citable(source: &str) -> bool {
    site_of(source).is_some() || !documents(source).is_empty()
}

/// The region whose own source this is (its local notice or its government site), or `None`
/// for a national one: an item may cite only its own region's.
pub fn regions_of(source: &str) -> Vec<Option<&'static str>> {
    match site_of(source) {
        Some(site) => vec![site.region],
        None => documents(source).iter().map(|d| d.region).collect(),
    }
}

/// A source string as a citizen reads it: every document in full, with its article; a page
/// as its site's name and its address.
pub fn cite(source: &str) -> String {
    if let Some(site) = site_of(source) {
        return format!("{}：{}", site.name, source.trim());
    }
    pieces(source)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.to_owned(),
            Piece::Cited(doc, None) => doc.full(),
            Piece::Cited(doc, Some(locator)) => format!("{}{}", doc.full(), article(doc, locator)),
        })
        .collect()
}

fn article(doc: &Document, locator: &str) -> String {
    match doc.articles {
        Articles::Measures => measures(locator).unwrap_or_else(|| locator.to_owned()),
        Articles::AsWritten => locator.to_owned(),
    }
}

/// `5、13、14` → 第五、十三、十四项; `1–4` → 第一至四项; `None` if not a list of numbers.
fn measures(locator: &str) -> Option<String> {
    let mut parts = vec![];
    for part in locator.split('、') {
        let part = match part.split_once(['–', '-']) {
            Some((from, to)) => format!("{}至{}", numeral(from)?, numeral(to)?),
            None => numeral(part)?,
        };
        parts.push(part);
    }
    Some(format!("第{}项", parts.join("、")))
}

/// 1–99 in Chinese numerals, as measures are counted (十三, 二十七).
fn numeral(n: &str) -> Option<String> {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let n: usize = n.trim().parse().ok().filter(|n| (1..100).contains(n))?;
    let (tens, ones) = (n / 10, n % 10);
    let tens = match tens {
        0 => String::new(),
        1 => "十".to_owned(),
        t => format!("{}十", DIGITS[t]),
    };
    Some(format!("{tens}{}", DIGITS[ones]))
}

/// The first short key of a local notice written into `text` (`"JM 13"`, `"GD 附件"`): citizens
/// must never read one.
pub fn short_key_in(text: &str) -> Option<&'static str> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if !prev.is_some_and(|p| p.is_ascii_alphanumeric()) {
            for key in LOCAL_KEYS {
                let next = text[i..].strip_prefix(key).and_then(|r| r.chars().next());
                if next.is_some_and(|n| n == ' ' || n.is_ascii_digit() || !n.is_ascii()) {
                    return Some(key);
                }
            }
        }
        prev = Some(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_jingmen_measure_reads_in_full_with_its_number() {
        assert_eq!(
            cite("JM 13"),
            "荆门市医疗保障局《市医疗保障局关于落实医保服务二十七项便民措施的通知》（荆医保发〔2023〕18号）第十三项"
        );
        assert!(cite("JM 1–4、27").ends_with("第一至四、二十七项"));
        assert!(cite("JM 5、13、14").ends_with("第五、十三、十四项"));
    }

    #[test]
    fn national_numbers_and_local_rows_read_in_full_and_the_rest_is_kept() {
        let text = cite("医保发〔2022〕22号；JM 19");
        assert!(text.starts_with("国家医疗保障局 财政部《关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）；荆门市医疗保障局"));
        assert!(text.ends_with("第十九项"));
        assert_eq!(
            cite("GD 附件 序号4"),
            "广东省医疗保障局《关于印发进一步深化医疗保障经办政务服务事项“跨省通办、省内通办”工作方案的通知》（粤医保发〔2021〕29号）附件 序号4"
        );
        assert!(cite("医保办发〔2021〕43号（转出地受理后10个工作日内转出）")
            .ends_with("（医保办发〔2021〕43号）（转出地受理后10个工作日内转出）"));
        assert_eq!(
            cite("YZ 永医保发〔2022〕15号"),
            DOCUMENTS[1].full(),
            "a document named by its number has no article"
        );
    }

    #[test]
    fn the_documents_of_a_source_are_found_once_each() {
        let keys: Vec<_> = documents("医保发〔2022〕22号；JM 5、13、14；JM 19")
            .iter()
            .map(|d| d.key)
            .collect();
        assert_eq!(keys, ["医保发〔2022〕22号", "JM"]);
        assert!(documents("备案长期有效").is_empty());
    }

    #[test]
    fn a_short_key_is_found_in_text_but_not_inside_a_word() {
        assert_eq!(short_key_in("依据：JM 10、JM 13"), Some("JM"));
        assert_eq!(short_key_in("QJ附件3"), Some("QJ"));
        assert_eq!(short_key_in("JSON 与 HTML"), None);
        assert_eq!(
            short_key_in(&cite("JM 13；GD 附件 序号4；QJ 附件3 序号1")),
            None
        );
    }
}
