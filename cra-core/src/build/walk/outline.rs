//! A coarse reader of Rust source: it splits a file (or an inline module's body) into items and
//! finds module declarations, without building a syntax tree.
//!
//! Build scripts run unoptimized, where a full parse with syn runs at about 3 MB/s. This reader
//! only skips comments, literals and balanced brackets, so the generator can hand syn just the
//! few items that carry `CraComponent` (and the attributes of module declarations).

use std::ops::Range;

/// What kind of item a range holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// `mod name;` or `mod name { ... }`.
    Module,
    /// `fn`: may hold items in its body.
    Function,
    /// `struct`, `enum` or `union`.
    Type,
    /// `impl`, `trait`, `const` or `static`: may hold items in function bodies or blocks.
    Body,
    /// An inner attribute (`#![...]`) of the file or module body: its `cfg` applies to the
    /// whole module.
    InnerAttribute,
    /// Anything else.
    Other,
}

/// One item of a file or module body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The kind.
    pub kind: ItemKind,
    /// From the first outer attribute to the end of the item.
    pub range: Range<usize>,
    /// The outer attributes (`#[...]` ...), possibly empty.
    pub attrs: Range<usize>,
    /// For a module: its name.
    pub name: Option<String>,
    /// For an inline module: the inside of its braces.
    pub body: Option<Range<usize>>,
}

/// The items of a file or module body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    /// The items, in order.
    pub items: Vec<Item>,
    /// Where the brackets stop balancing (an unclosed opener, or a stray closer), if they do:
    /// the text does not parse and the items after that point are not found.
    pub imbalance: Option<usize>,
}

fn is_line_doc(rest: &[u8]) -> bool {
    rest.starts_with(b"///") && !rest.starts_with(b"////")
}

fn is_block_doc(rest: &[u8]) -> bool {
    rest.starts_with(b"/**") && !rest.starts_with(b"/***") && !rest.starts_with(b"/**/")
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    end: usize,
    /// Where a bracket was left open at the end, or closed without being opened.
    unbalanced: Option<usize>,
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

impl Reader<'_> {
    fn peek(&self, ahead: usize) -> Option<u8> {
        let at = self.pos + ahead;
        (at < self.end).then(|| self.bytes[at])
    }

    /// Skips whitespace and comments.
    fn trivia(&mut self) {
        self.skip_trivia(false);
    }

    /// Skips trivia before an item and returns where its first outer doc comment (`///` or
    /// `/** */`) starts: doc comments are attributes, part of the item.
    fn leading_docs(&mut self) -> Option<usize> {
        let mut first = None;
        loop {
            self.trivia_until_doc();
            let rest = &self.bytes[self.pos..self.end];
            if is_line_doc(rest) {
                first.get_or_insert(self.pos);
                self.pos += rest.iter().position(|b| *b == b'\n').unwrap_or(rest.len());
            } else if is_block_doc(rest) {
                first.get_or_insert(self.pos);
                self.skip_block_comment();
            } else {
                return first;
            }
        }
    }

    /// Skips whitespace and comments, stopping at an outer doc comment.
    fn trivia_until_doc(&mut self) {
        self.skip_trivia(true);
    }

    /// Skips whitespace and comments; with `stop_at_docs`, stops at an outer doc comment.
    fn skip_trivia(&mut self, stop_at_docs: bool) {
        while self.pos < self.end {
            match (self.bytes[self.pos], self.peek(1)) {
                (b' ' | b'\t' | b'\n' | b'\r', _) => self.pos += 1,
                (b'/', Some(b'/')) => {
                    if stop_at_docs && is_line_doc(&self.bytes[self.pos..self.end]) {
                        return;
                    }
                    while self.pos < self.end && self.bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                }
                (b'/', Some(b'*')) => {
                    if stop_at_docs && is_block_doc(&self.bytes[self.pos..self.end]) {
                        return;
                    }
                    self.skip_block_comment();
                }
                _ => return,
            }
        }
    }

    /// Skips a (possibly nested) block comment starting at `/*`.
    fn skip_block_comment(&mut self) {
        self.pos += 2;
        let mut depth = 1;
        while self.pos < self.end && depth > 0 {
            match (self.bytes[self.pos], self.peek(1)) {
                (b'/', Some(b'*')) => {
                    depth += 1;
                    self.pos += 2;
                }
                (b'*', Some(b'/')) => {
                    depth -= 1;
                    self.pos += 2;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips a quoted literal starting at `self.pos` (on the opening quote).
    fn quoted(&mut self) {
        self.pos += 1;
        while self.pos < self.end {
            match self.bytes[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Skips a raw string starting at `self.pos` (on the `r`), if there is one.
    fn raw_string(&mut self) -> bool {
        let mut at = self.pos + 1;
        let mut hashes = 0;
        while at < self.end && self.bytes[at] == b'#' {
            hashes += 1;
            at += 1;
        }
        if at >= self.end || self.bytes[at] != b'"' {
            return false;
        }
        at += 1;
        while at < self.end {
            if self.bytes[at] == b'"' {
                let close = &self.bytes[at + 1..self.end.min(at + 1 + hashes)];
                if close.len() == hashes && close.iter().all(|b| *b == b'#') {
                    self.pos = at + 1 + hashes;
                    return true;
                }
            }
            at += 1;
        }
        self.pos = self.end;
        true
    }

    /// Skips a character literal or a lifetime starting at `'`.
    fn quote_or_lifetime(&mut self) {
        match (self.peek(1), self.peek(2)) {
            (Some(b'\\'), _) => {
                self.pos += 2;
                while self.pos < self.end && self.bytes[self.pos] != b'\'' {
                    self.pos += 1;
                }
                self.pos += 1;
            }
            (Some(_), Some(b'\'')) => self.pos += 3,
            (Some(c), _) if c >= 0x80 => {
                // A multi-byte character literal, or a lifetime with a non-ASCII name.
                let mut at = self.pos + 1;
                while at < self.end && self.bytes[at] >= 0x80 {
                    at += 1;
                }
                self.pos = if at < self.end && self.bytes[at] == b'\'' { at + 1 } else { at };
            }
            _ => {
                self.pos += 1;
                while self.pos < self.end && is_ident_continue(self.bytes[self.pos]) {
                    self.pos += 1;
                }
            }
        }
    }

    /// Reads one token and returns it as a byte range; literals and comments are skipped whole.
    fn token(&mut self) -> Option<Range<usize>> {
        self.trivia();
        if self.pos >= self.end {
            return None;
        }
        let start = self.pos;
        let b = self.bytes[self.pos];
        match b {
            b'"' => self.quoted(),
            b'\'' => self.quote_or_lifetime(),
            b'r' if matches!(self.peek(1), Some(b'"' | b'#')) && self.raw_string() => {}
            b'b' | b'c' if self.peek(1) == Some(b'"') => {
                self.pos += 1;
                self.quoted();
            }
            b'b' if self.peek(1) == Some(b'\'') => {
                self.pos += 1;
                self.quote_or_lifetime();
            }
            b'b' | b'c' if self.peek(1) == Some(b'r') && matches!(self.peek(2), Some(b'"' | b'#')) => {
                self.pos += 1;
                if !self.raw_string() {
                    self.pos += 1;
                }
            }
            _ if is_ident_start(b) => {
                while self.pos < self.end && is_ident_continue(self.bytes[self.pos]) {
                    self.pos += 1;
                }
                if self.pos < self.end && self.bytes[self.pos] == b'#' && &self.bytes[start..self.pos] == b"r" {
                    self.pos += 1;
                    while self.pos < self.end && is_ident_continue(self.bytes[self.pos]) {
                        self.pos += 1;
                    }
                }
            }
            _ if b.is_ascii_digit() => {
                while self.pos < self.end && (is_ident_continue(self.bytes[self.pos])) {
                    self.pos += 1;
                }
            }
            _ => self.pos += 1,
        }
        // An escape or a quote at the very end (`"\`, `'\`) steps past it: a token never
        // reaches beyond the text.
        self.pos = self.pos.min(self.end);
        Some(start..self.pos)
    }

    /// Skips outer attributes (`#[...]`), or one inner attribute (`#![...]`), which is an item
    /// of its own: returns whether it was inner.
    fn attributes(&mut self) -> bool {
        while self.peek(0) == Some(b'#') {
            let save = self.pos;
            self.pos += 1;
            self.trivia();
            let inner = self.peek(0) == Some(b'!');
            if inner {
                self.pos += 1;
                self.trivia();
            }
            if self.peek(0) != Some(b'[') {
                self.pos = save + 1;
                return false;
            }
            self.pos += 1;
            self.close();
            if inner {
                return true;
            }
            self.trivia();
        }
        false
    }

    /// Skips to just after the bracket that closes the one just consumed.
    fn close(&mut self) {
        let open = self.pos.saturating_sub(1);
        let mut depth = 1usize;
        while let Some(token) = self.token() {
            match self.bytes[token.start] {
                b'(' | b'[' | b'{' if token.len() == 1 => depth += 1,
                b')' | b']' | b'}' if token.len() == 1 => {
                    depth -= 1;
                    if depth == 0 {
                        return;
                    }
                }
                _ => {}
            }
        }
        self.unbalanced.get_or_insert(open);
    }
}

/// The items of `text[range]`, in order, and where its brackets stop balancing.
pub fn items(text: &str, range: Range<usize>) -> Outline {
    let bytes = text.as_bytes();
    let mut reader = Reader { bytes, pos: range.start, end: range.end.min(bytes.len()), unbalanced: None };
    let mut found = Vec::new();
    loop {
        let doc_start = reader.leading_docs();
        if reader.pos >= reader.end {
            break;
        }
        let start = doc_start.unwrap_or(reader.pos);
        let inner = reader.attributes();
        if inner {
            let range = start..reader.pos;
            found.push(Item { kind: ItemKind::InnerAttribute, attrs: range.clone(), range, name: None, body: None });
            if reader.unbalanced.is_some() {
                break;
            }
            continue;
        }
        let attrs = start..reader.pos;
        let mut words: Vec<&[u8]> = Vec::new();
        let mut kind = ItemKind::Other;
        let mut name = None;
        let mut body = None;
        let mut ends_at_semicolon_only = false;
        while let Some(token) = reader.token() {
            let first = bytes[token.start];
            if token.len() == 1 && first == b';' {
                break;
            }
            if token.len() == 1 && matches!(first, b'(' | b'[') {
                reader.close();
                continue;
            }
            if token.len() == 1 && first == b'{' {
                let inside = reader.pos;
                reader.close();
                if kind == ItemKind::Module && body.is_none() {
                    // Up to the closing brace; an unclosed body (the reader stops at the first
                    // imbalance, so none was seen before) runs to the end of the range read,
                    // where the `}` would be, never to a range that ends before it starts.
                    let closed = reader.unbalanced.is_none();
                    let end = if closed { reader.pos - 1 } else { reader.pos };
                    body = Some(inside..end.max(inside));
                }
                if ends_at_semicolon_only {
                    continue;
                }
                break;
            }
            if token.len() == 1 && matches!(first, b')' | b']' | b'}') {
                // Unbalanced: the file does not parse; stop here.
                reader.unbalanced.get_or_insert(token.start);
                reader.pos = reader.end;
                break;
            }
            if is_ident_start(first) && words.len() < 8 {
                let word = &bytes[token.clone()];
                if kind == ItemKind::Module && name.is_none() {
                    name = Some(String::from_utf8_lossy(word).trim_start_matches("r#").to_owned());
                }
                if !words.iter().any(|w| matches!(*w, b"fn" | b"impl" | b"trait")) {
                    match (kind, word) {
                        (ItemKind::Other, b"mod") => kind = ItemKind::Module,
                        // `const fn`, `static F: fn()`: a function after all.
                        (ItemKind::Other | ItemKind::Body, b"fn") => kind = ItemKind::Function,
                        (ItemKind::Other, b"struct" | b"enum" | b"union") => kind = ItemKind::Type,
                        (ItemKind::Other, b"impl" | b"trait") => kind = ItemKind::Body,
                        (ItemKind::Other, b"static" | b"const") => {
                            kind = ItemKind::Body;
                            ends_at_semicolon_only = true;
                        }
                        (ItemKind::Other, b"use" | b"type") => ends_at_semicolon_only = true,
                        _ => {}
                    }
                }
                if kind == ItemKind::Function {
                    ends_at_semicolon_only = false;
                }
                words.push(word);
            }
        }
        found.push(Item { kind, range: start..reader.pos, attrs, name, body });
        if reader.unbalanced.is_some() {
            break;
        }
    }
    Outline { items: found, imbalance: reader.unbalanced }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(ItemKind, Option<String>, String)> {
        items(text, 0..text.len())
            .items
            .into_iter()
            .map(|i| (i.kind, i.name, text[i.range].trim().to_owned()))
            .collect()
    }

    #[test]
    fn splits_items_past_comments_literals_and_brackets() {
        let text = r##"#![allow(dead_code)]
// mod fake; in a comment
/* block /* nested */ mod fake2; */
#[cfg(feature = "x")]
#[path = "p.rs"]
pub(crate) mod a;
mod b { struct Inner; }
const S: &str = "} mod c; {";
static R: &str = r#"a "} quote"#;
fn f<'a>(x: &'a str) -> char { let c = '}'; let d = '\''; c }
/// The lock, with a `}` in its doc.
#[derive(CraComponent)]
#[cra(addresses(integrity, evidence(test = "}")))]
pub struct Lock { field: [u8; 4] }
struct Tuple(u8);
const BLOCK: u8 = { 1 };
impl Lock { fn g(&self) {} }
"##;
        let found = kinds(text);
        let summary: Vec<(ItemKind, Option<String>)> = found.iter().map(|(k, n, _)| (*k, n.clone())).collect();
        assert_eq!(
            summary,
            [
                (ItemKind::InnerAttribute, None),
                (ItemKind::Module, Some("a".into())),
                (ItemKind::Module, Some("b".into())),
                (ItemKind::Body, None),
                (ItemKind::Body, None),
                (ItemKind::Function, None),
                (ItemKind::Type, None),
                (ItemKind::Type, None),
                (ItemKind::Body, None),
                (ItemKind::Body, None),
            ]
        );
        assert_eq!(found[0].2, "#![allow(dead_code)]");
        assert!(found[1].2.starts_with("#[cfg(feature = \"x\")]") && found[1].2.ends_with("mod a;"));
        assert!(found[6].2.starts_with("/// The lock") && found[6].2.ends_with("field: [u8; 4] }"));
        let inline = &items(text, 0..text.len()).items[2];
        assert_eq!(&text[inline.body.clone().unwrap()], " struct Inner; ");
        assert_eq!(items(text, 0..text.len()).imbalance, None);
        assert_eq!(items("fn f( {", 0..7).imbalance, Some(4));
        assert_eq!(items("fn f() {} }", 0..11).imbalance, Some(10));
        // Found by the walker fuzz target: an unclosed module body at the very end.
        for text in [
            "mod m {",
            "mod m { struct A; ",
            "mod inn #0{re[path = \"b.rs\"] mod b; mod d||[||||||||||||||||| c; let} e.e{ ",
            // Found in review: an escape as the last byte stepped past the end of the text.
            "mod a;\n\"\\",
            "mod m { \"\\",
            "mod m { '\\",
            "x '\\",
            "b\"\\",
        ] {
            let mut ranges: Vec<Range<usize>> = Vec::new();
            ranges.push(0..text.len());
            while let Some(range) = ranges.pop() {
                for item in items(text, range).items {
                    assert!(item.range.end <= text.len() && item.attrs.end <= text.len(), "{text:?}: {item:?}");
                    let Some(body) = item.body else { continue };
                    assert!(body.start <= body.end && body.end <= text.len(), "{text:?}: {body:?}");
                    ranges.push(body);
                }
            }
        }
        let more = "pub const fn f() {} use a::b; unsafe impl<T> X for Y<T> { fn g() {} } trait T { fn h() {} }";
        let found: Vec<ItemKind> = items(more, 0..more.len()).items.iter().map(|i| i.kind).collect();
        assert_eq!(found, [ItemKind::Function, ItemKind::Other, ItemKind::Body, ItemKind::Body]);
    }
}
