//! Text into HTML: the one escape of the pages the gateway writes itself (a guide's and the
//! home page's first markup, the window's printed receipt).

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
