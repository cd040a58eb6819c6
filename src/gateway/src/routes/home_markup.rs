//! The home page's first screen as static markup: what the app's home page (`src/app/src/pages/home.rs`)
//! renders once its list is there — the title and lead, the shortcuts, the region picker and the
//! search (both disabled: they need the app), and the default region's first list (高频事项, then
//! each category, [`home::PAGE`] cards) with real links to the guides — written into the served
//! `index.html`, so a phone on a slow network shows the list at the first paint and a card can be
//! followed before the app has started (its guide's page carries its own static markup). The app
//! renders the same elements in the same place. The words come from the rules crate
//! (`tongban_rules::catalogue::home`, the badges), the items from the list version being served;
//! every text is escaped: the items' titles come from the bureau's published lists.

use super::html::{esc, parent_and_badges};
use std::fmt::Write;
use tongban_rules::catalogue::{home, Catalogue, Item};

/// The home page's section for the first region of `catalogue` (the region `/catalog` answers
/// without one); the title and lead alone when it has no region or no items.
pub fn home_page(catalogue: &Catalogue) -> String {
    let items = catalogue
        .regions()
        .first()
        .and_then(|r| catalogue.items(&r.code).ok())
        .unwrap_or_default();
    let mut out = String::from("<section class=\"home\" aria-labelledby=\"home-title\">");
    let _ = write!(
        out,
        "<h2 id=\"home-title\">{}</h2><p class=\"lead\">{}</p>",
        esc(home::TITLE),
        esc(home::LEAD)
    );
    let _ = write!(
        out,
        "<nav class=\"shortcuts\" aria-label=\"{}\"><a class=\"shortcut\" href=\"me\">{}</a>\
         <a class=\"shortcut\" href=\"offices\">{}</a></nav>",
        esc(home::SHORTCUTS),
        esc(home::MINE),
        esc(home::OFFICES)
    );
    let _ = write!(
        out,
        "<div class=\"field region-picker\"><label for=\"region\">{}</label>\
         <select id=\"region\" disabled></select></div>\
         <button type=\"button\" class=\"secondary locate-region\" disabled>{}</button>\
         <div class=\"field search\"><label for=\"search\">{}</label>\
         <input id=\"search\" type=\"search\" enterkeyhint=\"search\" placeholder=\"{}\" disabled></div>",
        esc(home::REGION),
        esc(home::LOCATE),
        esc(home::SEARCH),
        esc(home::SEARCH_HINT)
    );
    let found = home::sections(&items, home::frequent, |i: &Item| i.category.as_str());
    let (shown, _) = home::first_items(found, home::PAGE);
    for (title, items) in shown {
        let _ = write!(
            out,
            "<section class=\"group\"><h3>{}</h3><ul class=\"items\">",
            esc(title)
        );
        for item in items {
            card(&mut out, item);
        }
        out.push_str("</ul></section>");
    }
    out.push_str("</section>");
    out
}

/// One card, as `components::item_card` renders it: a link to the guide, relative to the page's
/// `<base href>` (the gateway's base path).
fn card(out: &mut String, item: &Item) {
    let _ = write!(
        out,
        "<li class=\"item-card\" data-item=\"{id}\"><a class=\"item-link\" href=\"items/{region}/{id}\">\
         <span class=\"item-name\">{}</span>",
        esc(&item.name),
        id = esc(&item.id),
        region = esc(&item.region),
    );
    parent_and_badges(out, item, "span");
    out.push_str("</a></li>");
}

#[cfg(test)]
mod tests {
    use super::home_page;
    use tongban_rules::catalogue::{home, Catalogue};

    #[test]
    fn the_home_page_lists_the_first_region_s_first_items_with_links_to_their_guides() {
        let catalogue = Catalogue::embedded().expect("the embedded catalogue");
        let region = &catalogue.regions()[0].code;
        let items = catalogue.items(region).expect("its items");
        let markup = home_page(&catalogue);
        assert!(markup.contains(&format!("<h3>{}</h3>", home::FREQUENT)));
        assert_eq!(
            markup.matches("<li class=\"item-card\"").count(),
            items.len().min(home::PAGE)
        );
        let first = items
            .iter()
            .find(|i| home::frequent(i))
            .expect("a frequent item");
        assert!(markup.contains(&format!("href=\"items/{region}/{}\"", first.id)));
        assert!(markup.contains(home::LEAD));
    }
}
