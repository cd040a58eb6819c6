//! Official pages as sources: the address of a published 办事指南 or an office's page on a
//! government site. A page is citable when its host is one of [`SITES`] (a `gov.cn` site of a
//! region the catalogue serves, or of the national bureau); a third-party page never is.

/// A government site whose pages the data may cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Site {
    /// The host, or the domain its hosts end with (`gdzwfw.gov.cn` covers `www.gdzwfw.gov.cn`).
    pub domain: &'static str,
    /// The region (`regions.json` code) whose site it is; `None` for national ones.
    pub region: Option<&'static str>,
    /// How a citizen reads the site's name.
    pub name: &'static str,
}

/// The sites whose pages are sources: each province's 政务服务网 and government domain, the
/// cities' and district's own, and the national bureau.
pub const SITES: [Site; 9] = [
    Site {
        domain: "gdzwfw.gov.cn",
        region: Some("440000"),
        name: "广东政务服务网",
    },
    Site {
        domain: "gd.gov.cn",
        region: Some("440000"),
        name: "广东省人民政府网站",
    },
    Site {
        domain: "hunan.gov.cn",
        region: Some("431100"),
        name: "湖南省政府网站（含湖南政务服务网）",
    },
    Site {
        domain: "yzcity.gov.cn",
        region: Some("431100"),
        name: "永州市人民政府网站",
    },
    Site {
        domain: "hubei.gov.cn",
        region: Some("420800"),
        name: "湖北省政府网站（含湖北政务服务网）",
    },
    Site {
        domain: "jingmen.gov.cn",
        region: Some("420800"),
        name: "荆门市人民政府网站",
    },
    Site {
        domain: "cq.gov.cn",
        region: Some("500114"),
        name: "重庆市政府网站（含渝快办）",
    },
    Site {
        domain: "cqqj.gov.cn",
        region: Some("500114"),
        name: "黔江区人民政府网站",
    },
    Site {
        domain: "nhsa.gov.cn",
        region: None,
        name: "国家医疗保障局网站",
    },
];

/// The site of `source` when it is the `https://` address of a page on one of [`SITES`].
pub fn site_of(source: &str) -> Option<&'static Site> {
    let rest = source.trim().strip_prefix("https://")?;
    let host = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if host.is_empty() || rest.contains(char::is_whitespace) {
        return None;
    }
    SITES.iter().find(|s| {
        host == s.domain
            || host
                .strip_suffix(s.domain)
                .is_some_and(|sub| sub.ends_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_page_of_a_government_site_is_citable_and_a_third_party_page_is_not() {
        let gd = site_of("https://www.gdzwfw.gov.cn/portal/guide/11440000MB2C92065G").unwrap();
        assert_eq!(gd.region, Some("440000"));
        assert_eq!(site_of("https://nhsa.gov.cn/").unwrap().region, None);
        for refused in [
            "https://bkwk.cn/article/gz.html",
            "http://www.gdzwfw.gov.cn/",
            "https://www.gdzwfw.gov.cn.example.com/",
            "https://evilgdzwfw.gov.cn/",
            "https://www.gdzwfw.gov.cn/a b",
            "JM 13",
        ] {
            assert_eq!(site_of(refused), None, "{refused}");
        }
    }
}
