//! The paths a Rust file names, read from its text: enough of a lexer to skip comments, strings
//! and character literals, and the `crate::`/`super::` paths of `use` trees and of code, each made
//! absolute from the module it is written in. `circles` builds its graph from them.

/// One `crate::`/`super::` path found in a file, resolved to absolute segments.
pub(super) struct Mention {
    pub(super) line: usize,
    pub(super) segments: Vec<String>,
}

#[derive(Debug, PartialEq)]
struct Token {
    text: String,
    line: usize,
}

/// Rust's tokens as far as paths need them: identifiers, `::` and single punctuation; comments,
/// strings and character literals are dropped (lifetimes leave their name).
fn tokens(source: &str) -> Vec<Token> {
    let s: Vec<char> = source.chars().collect();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    let at = |i: usize, p: &str| p.chars().enumerate().all(|(k, c)| s.get(i + k) == Some(&c));
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    while i < s.len() {
        let c = s[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if at(i, "//") {
            while i < s.len() && s[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            let mut depth = 0;
            loop {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else if i >= s.len() {
                    break;
                } else {
                    line += usize::from(s[i] == '\n');
                    i += 1;
                }
            }
        } else if (c == 'r' || at(i, "br"))
            && (i == 0 || !ident(s[i - 1]))
            && matches!(s.get(i + 1 + usize::from(c == 'b')), Some('"' | '#'))
        {
            // a raw string: r"…", r#"…"#, br"…"
            let mut j = i + 1 + usize::from(c == 'b');
            let mut hashes = 0;
            while s.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if s.get(j) != Some(&'"') {
                // `r#ident`
                out.push(Token {
                    text: "r".into(),
                    line,
                });
                i += 1;
                continue;
            }
            j += 1;
            let end: String = std::iter::once('"')
                .chain((0..hashes).map(|_| '#'))
                .collect();
            while j < s.len() && !at(j, &end) {
                line += usize::from(s[j] == '\n');
                j += 1;
            }
            i = j + end.len();
        } else if c == '"' {
            i += 1;
            while i < s.len() && s[i] != '"' {
                line += usize::from(s[i] == '\n');
                i += if s[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == '\'' {
            if s.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < s.len() && s[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if s.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1; // a lifetime
            }
        } else if ident(c) {
            let start = i;
            while i < s.len() && ident(s[i]) {
                i += 1;
            }
            out.push(Token {
                text: s[start..i].iter().collect(),
                line,
            });
        } else if at(i, "::") {
            out.push(Token {
                text: "::".into(),
                line,
            });
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(Token {
                    text: c.to_string(),
                    line,
                });
            }
            i += 1;
        }
    }
    out
}

/// Every `crate::`/`super::` path a file names (in `use` trees and in code), made absolute from
/// the module it appears in (a file's inline `mod x { … }` counts for `super::`).
pub(super) fn mentions(file_module: &[String], source: &str) -> Vec<Mention> {
    let t = tokens(source);
    let text = |i: usize| t.get(i).map_or("", |k| k.text.as_str());
    let mut inline: Vec<(String, usize)> = Vec::new(); // (name, depth of its brace)
    let (mut depth, mut i, mut out) = (0, 0, Vec::new());
    while i < t.len() {
        let here: Vec<String> = file_module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(n, _)| n.clone()))
            .collect();
        match text(i) {
            "mod" if text(i + 2) == "{" => {
                depth += 1;
                inline.push((text(i + 1).to_string(), depth));
                i += 3;
            }
            "{" => {
                depth += 1;
                i += 1;
            }
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth -= 1;
                i += 1;
            }
            "use" if matches!(text(i + 1), "crate" | "super") => {
                let line = t[i].line;
                let mut paths = Vec::new();
                i = use_tree(&t, i + 1, Vec::new(), &mut paths);
                for path in paths {
                    if let Some(segments) = absolute(&here, &path) {
                        out.push(Mention { line, segments });
                    }
                }
            }
            "crate" | "super"
                if text(i + 1) == "::" && !matches!(text(i.wrapping_sub(1)), "$" | "::") =>
            {
                let line = t[i].line;
                let mut path = vec![t[i].text.clone()];
                let mut j = i + 1;
                while text(j) == "::"
                    && text(j + 1).starts_with(|c: char| c.is_alphabetic() || c == '_')
                {
                    path.push(t[j + 1].text.clone());
                    j += 2;
                }
                if let Some(segments) = absolute(&here, &path) {
                    out.push(Mention { line, segments });
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// Reads a `use` tree from `t[i]` (after `use`), pushing every path it names; returns the index
/// after it (its `,`, `}` or `;` left for the caller).
fn use_tree(
    t: &[Token],
    mut i: usize,
    mut prefix: Vec<String>,
    out: &mut Vec<Vec<String>>,
) -> usize {
    while let Some(token) = t.get(i) {
        match token.text.as_str() {
            "::" => i += 1,
            "{" => {
                i += 1;
                while t.get(i).is_some_and(|k| k.text != "}") {
                    i = use_tree(t, i, prefix.clone(), out);
                    if t.get(i).is_some_and(|k| k.text == ",") {
                        i += 1;
                    }
                }
                return i + 1;
            }
            "self" | "*" => i += 1,
            "as" => i += 2,
            "," | "}" | ";" => break,
            name => {
                prefix.push(name.to_string());
                i += 1;
            }
        }
    }
    out.push(prefix);
    i
}

/// `crate::a::b` or `super::a` from module `here` → absolute segments; anything else → None.
fn absolute(here: &[String], path: &[String]) -> Option<Vec<String>> {
    match path.first().map(String::as_str) {
        Some("crate") => Some(path[1..].to_vec()),
        Some("super") => {
            let ups = path.iter().take_while(|s| *s == "super").count();
            let base = here.get(..here.len().checked_sub(ups)?)?;
            Some(base.iter().chain(&path[ups..]).cloned().collect())
        }
        _ => None,
    }
}

#[test]
fn paths_resolve_from_the_module_they_are_written_in() {
    let here = ["applications".to_string(), "record".to_string()];
    let source = r#"
        use super::{timeline, window::Acting as A};
        use crate::{store::Store, AppError};
        // crate::routes is a comment
        const S: &str = "crate::state";
        fn f() { crate::qr::svg(); $crate::nothing(); }
        mod tests { use super::*; use super::super::moves; }
    "#;
    let named: Vec<(usize, String)> = mentions(&here, source)
        .into_iter()
        .map(|m| (m.line, m.segments.join("::")))
        .collect();
    assert_eq!(
        named,
        [
            (2, "applications::timeline".to_string()),
            (2, "applications::window::Acting".to_string()),
            (3, "store::Store".to_string()),
            (3, "AppError".to_string()),
            (6, "qr::svg".to_string()),
            (7, "applications::record".to_string()),
            (7, "applications::moves".to_string()),
        ]
    );
}
