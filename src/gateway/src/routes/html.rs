//! What the pages the gateway writes itself share (a guide's and the home page's first markup,
//! the window's printed receipt): the one escape of text into HTML, and an item's parent and
//! badges as the app's cards and guide show them.

use std::fmt::Write;
use tongban_rules::catalogue::{badges::Badges, Item};

/// Text as HTML: `&`, `<`, `>`, `"` and `'` escaped (it goes into elements and attributes alike).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `item`'s parent (when it is not the item itself) and its badges, each in a `tag` element
/// (`span` in a card, `p` in a guide), as `components::item_card` and the guide page render them.
pub fn parent_and_badges(out: &mut String, item: &Item, tag: &str) {
    if let Some(parent) = item.parent_name.as_ref().filter(|p| **p != item.name) {
        let _ = write!(out, "<{tag} class=\"item-parent\">{}</{tag}>", esc(parent));
    }
    let _ = write!(out, "<{tag} class=\"badges\">");
    for badge in Badges::of(item).labels() {
        let _ = write!(out, "<span class=\"badge\">{}</span>", esc(badge));
    }
    let _ = write!(out, "</{tag}>");
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn every_character_that_could_open_markup_or_leave_an_attribute_is_escaped() {
        assert_eq!(
            esc(r#"<script>alert('x')</script> & "q""#),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("参保登记"), "参保登记");
    }
}
