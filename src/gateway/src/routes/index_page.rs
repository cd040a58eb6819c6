//! What `index.html` carries besides the bundle's skeleton, so a first visit needs no second
//! round trip for what its page shows first:
//! Both come from the list version in force when the page is served (`lists::live`).
//! - on every page, the default region's catalogue (`<script type="application/json"
//!   id="catalog">`): the `/catalog` answer with each item cut to the members a list reads
//!   (`tongban_rules::catalogue::LISTED`);
//! - on a guide's deep link (`/items/{region}/{id}`), that item as `GET /items/{id}?region=`
//!   answers it (`id="item"`), expected completion date included, its form schema left out;
//!   the guide's first sections as static markup in the skeleton (`guide_markup.rs`), in the
//!   place of the home page's intro; the guide's wasm module preloaded and the deferred pages'
//!   stylesheet linked, which that markup needs (`www/index.html` names their files in a
//!   comment, `<!--guide-preload a.wasm b.css-->`, which every other page keeps as it is);
//! - on the home page, its first screen in the place of the skeleton's title and lead
//!   (`www/index.html` marks them `<!--home-->…<!--/home-->`, and the skeleton's lines below
//!   `<!--wait-->…<!--/wait-->`): the default region's first list with links to the guides
//!   (`home_markup.rs`), made once per list version, so its first paint shows what the app
//!   then renders there.

use crate::catalogue;
use crate::lists::live::LiveLists;
use crate::lists::set::Lists;
use std::sync::{Arc, Mutex};
use tongban_rules::api::china_today;

const HOME_START: &str = "<!--home-->";
const HOME_END: &str = "<!--/home-->";
const WAIT_START: &str = "<!--wait-->";
const WAIT_END: &str = "<!--/wait-->";
const GUIDE_PRELOAD: &str = "<!--guide-preload";

/// The lists the page's data blocks come from: the version in force when it is served.
#[derive(Clone)]
pub struct PageData {
    pub lists: Arc<LiveLists>,
    /// The home page's markup and the lists it was made from (made again when they change).
    pub home: Arc<Mutex<Option<HomeMarkup>>>,
}

/// The home page's markup ([`super::home_markup`]) and the lists it was made from.
type HomeMarkup = (Arc<Lists>, Arc<str>);

impl PageData {
    /// `html` (with its base already set) as served at `path` (below the base path); `home`
    /// for `/` and `/index.html`.
    pub fn page(&self, html: &str, path: &str, home: bool) -> String {
        let lists = self.lists.current();
        let guide = (!home).then(|| guide_item(&lists, path)).flatten();
        let mut page = match &guide {
            _ if home => without(
                &with_intro(html, &self.home_markup(&lists)),
                WAIT_START,
                WAIT_END,
            ),
            Some((_, markup)) => with_intro(html, markup),
            None => with_intro(html, ""),
        };
        if let Some((item, _)) = guide {
            page = with_data(&with_guide_preload(&page), "item", &item);
        }
        match lists.catalogue.listing() {
            "" => page,
            listing => with_data(&page, "catalog", listing),
        }
    }
}

impl PageData {
    /// The home page's markup for `lists`, made once per list version.
    fn home_markup(&self, lists: &Arc<Lists>) -> Arc<str> {
        let mut cached = self.home.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some((made_from, markup)) if Arc::ptr_eq(made_from, lists) => markup.clone(),
            _ => {
                let markup: Arc<str> =
                    super::home_markup::home_page(lists.catalogue.catalogue()).into();
                *cached = Some((lists.clone(), markup.clone()));
                markup
            }
        }
    }
}

/// The item of a guide's path (`/items/{region}/{id}`) as `GET /items/{id}` answers it, but
/// for its form `schema`, which the guide does not show (在线办理 asks for it), and the guide's
/// first sections as markup; `None` for any other path, or an item the catalogue does not have
/// (the app says so).
fn guide_item(lists: &crate::lists::set::Lists, path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("/items/")?;
    let (region, id) = rest.trim_end_matches('/').split_once('/')?;
    if region.is_empty() || id.is_empty() || id.contains('/') {
        return None;
    }
    let today = china_today(chrono::Utc::now().timestamp_millis());
    let view = catalogue::item_view(
        lists.catalogue.catalogue(),
        &lists.calendar,
        lists.version.wire(),
        (region, id),
        today,
    )
    .ok()?;
    let markup = super::guide_markup::guide(view.item(), view.expected());
    let mut value = serde_json::to_value(&view).ok()?;
    value.as_object_mut()?.remove("schema");
    Some((value.to_string(), markup))
}

/// The page with `intro` in the place of the home page's title and lead in its skeleton.
fn with_intro(page: &str, intro: &str) -> String {
    replaced(page, HOME_START, HOME_END, intro)
}

/// The page without what `start` and `end` mark (the skeleton's lines, where the home page
/// shows its list).
fn without(page: &str, start: &str, end: &str) -> String {
    replaced(page, start, end, "")
}

fn replaced(page: &str, start: &str, end: &str, with: &str) -> String {
    match (page.find(start), page.find(end)) {
        (Some(a), Some(b)) if a < b => format!("{}{with}{}", &page[..a], &page[b + end.len()..]),
        _ => page.to_owned(),
    }
}

/// The page with the guide's module preloaded: `www/index.html` names the files in a comment
/// (`<!--guide-preload a.wasm b.css-->`), so that only a guide's page fetches them at once; here
/// each becomes its link: a preload for a module, a stylesheet for the deferred pages' CSS (the
/// guide's static markup is styled by it from the first paint). A name that is not a plain file
/// name of the bundle's is left out.
fn with_guide_preload(page: &str) -> String {
    let Some(a) = page.find(GUIDE_PRELOAD) else {
        return page.to_owned();
    };
    let inner = a + GUIDE_PRELOAD.len();
    let Some(len) = page[inner..].find("-->") else {
        return page.to_owned();
    };
    let links: String = page[inner..inner + len]
        .split_whitespace()
        .filter_map(preload_link)
        .collect();
    format!("{}{links}{}", &page[..a], &page[inner + len + 3..])
}

/// The link of one of the bundle's files (`name-hash.wasm` or `.css`).
fn preload_link(file: &str) -> Option<String> {
    let plain = file
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !plain || file.starts_with('.') {
        return None;
    }
    if file.ends_with(".wasm") {
        Some(format!(
            "<link rel=\"preload\" href=\"{file}\" as=\"fetch\" type=\"application/wasm\" crossorigin>"
        ))
    } else if file.ends_with(".css") {
        Some(format!("<link rel=\"stylesheet\" href=\"{file}\">"))
    } else {
        None
    }
}

/// The page with `json` in a data block `id` before `</body>`. `<` only occurs inside JSON
/// strings, where `\u003c` means the same, so nothing in the data can close the element.
fn with_data(page: &str, id: &str, json: &str) -> String {
    let block = format!(
        "<script type=\"application/json\" id=\"{id}\">{}</script>\n",
        json.replace('<', "\\u003c")
    );
    match page.rfind("</body>") {
        Some(at) => format!("{}{block}{}", &page[..at], &page[at..]),
        None => page.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{with_data, with_guide_preload, with_intro, without};

    #[test]
    fn a_guide_s_page_preloads_the_files_its_comment_names() {
        let page = "<head><!--guide-preload split_guide-1a.wasm pages-2b.css--></head>";
        assert_eq!(
            with_guide_preload(page),
            "<head><link rel=\"preload\" href=\"split_guide-1a.wasm\" as=\"fetch\" \
             type=\"application/wasm\" crossorigin><link rel=\"stylesheet\" \
             href=\"pages-2b.css\"></head>"
        );
        assert_eq!(
            with_guide_preload("<head><!--guide-preload a\"b.wasm x.js ../y.css--></head>"),
            "<head></head>",
            "only the bundle's plain .wasm and .css names become links"
        );
        assert_eq!(with_guide_preload("<head></head>"), "<head></head>");
        assert_eq!(
            with_guide_preload("<head><!--guide-preload"),
            "<head><!--guide-preload"
        );
    }

    #[test]
    fn a_deep_link_s_skeleton_has_its_own_intro_in_place_of_the_home_page_s() {
        let page =
            "<main><!--home--><h2>首页</h2><!--/home--><p class=\"skeleton-line\"></p></main>";
        assert_eq!(
            with_intro(page, ""),
            "<main><p class=\"skeleton-line\"></p></main>"
        );
        assert_eq!(
            with_intro(page, "<h2>指南</h2>"),
            "<main><h2>指南</h2><p class=\"skeleton-line\"></p></main>"
        );
        assert_eq!(
            with_intro("<main></main>", "<h2>指南</h2>"),
            "<main></main>"
        );
    }

    #[test]
    fn the_home_page_drops_the_skeleton_s_lines_its_list_takes_the_place_of() {
        let page =
            "<main><h2>首页</h2><!--wait--><p class=\"skeleton-line\"></p><!--/wait--></main>";
        assert_eq!(
            without(page, "<!--wait-->", "<!--/wait-->"),
            "<main><h2>首页</h2></main>"
        );
        assert_eq!(
            without("<main></main>", "<!--wait-->", "<!--/wait-->"),
            "<main></main>"
        );
    }

    #[test]
    fn the_data_goes_before_the_body_end_and_cannot_close_its_element() {
        let page = with_data(
            "<body><p>x</p></body>",
            "catalog",
            r#"{"name":"</script><b>"}"#,
        );
        assert_eq!(
            page,
            "<body><p>x</p><script type=\"application/json\" id=\"catalog\">\
             {\"name\":\"\\u003c/script>\\u003cb>\"}</script>\n</body>"
        );
    }
}
