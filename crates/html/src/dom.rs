//! A compact document tree built from the WHATWG tokenizer's events.
//!
//! `html5gum` tokenizes to the HTML standard (character references, raw-text elements such as
//! `<script>`, comments, broken attribute syntax); this module builds a light tree from its
//! tokens with the parts of the standard's tree construction that matter for reading text:
//! void elements, implied end tags (`<p>` closed by a block, `<li>` by the next `<li>`, cells and
//! rows, headings), end tags that close the nearest open element of their name and are ignored
//! when none is open, and a depth limit. Nodes live in one arena in document order, so a node's
//! descendants follow it and `parent < child` always holds; only the attributes the extractor
//! reads are kept.

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};

/// Deepest nesting kept; deeper elements are flattened into their ancestor at this depth.
pub const MAX_DEPTH: usize = 256;

/// Sentinel for "no node".
pub const NONE: u32 = u32::MAX;

/// The element names the extractor distinguishes; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Document,
    Text,
    Html, Head, Body, Title, Meta, Link, Script, Style, Noscript, Template,
    A, P, Div, Span, Br, Hr, Img, Section, Article, Main, Header, Footer, Nav, Aside,
    H1, H2, H3, H4, H5, H6, Ul, Ol, Li, Dl, Dt, Dd, Blockquote, Pre, Code,
    Table, Caption, Thead, Tbody, Tfoot, Tr, Td, Th,
    Figure, Figcaption, Picture, Video, Audio, Source, Iframe, Object, Embed, Canvas, Svg, Math,
    Form, Fieldset, Input, Button, Select, Option, Textarea, Label,
    Time, Address, Center, Details, Summary, Dialog, Menu, Map, Area,
    B, I, Em, Strong, U, Small, Sub, Sup, Font, Cite, Q, Mark, Abbr,
    Base, Col, Wbr, Param, Track, Keygen,
    Other,
}

impl Tag {
    pub fn from_name(name: &[u8]) -> Tag {
        use Tag::*;
        match name {
            b"html" => Html, b"head" => Head, b"body" => Body, b"title" => Title, b"meta" => Meta,
            b"link" => Link, b"script" => Script, b"style" => Style, b"noscript" => Noscript,
            b"template" => Template, b"a" => A, b"p" => P, b"div" => Div, b"span" => Span,
            b"br" => Br, b"hr" => Hr, b"img" => Img, b"section" => Section, b"article" => Article,
            b"main" => Main, b"header" => Header, b"footer" => Footer, b"nav" => Nav, b"aside" => Aside,
            b"h1" => H1, b"h2" => H2, b"h3" => H3, b"h4" => H4, b"h5" => H5, b"h6" => H6,
            b"ul" => Ul, b"ol" => Ol, b"li" => Li, b"dl" => Dl, b"dt" => Dt, b"dd" => Dd,
            b"blockquote" => Blockquote, b"pre" => Pre, b"code" => Code, b"table" => Table,
            b"caption" => Caption, b"thead" => Thead, b"tbody" => Tbody, b"tfoot" => Tfoot,
            b"tr" => Tr, b"td" => Td, b"th" => Th, b"figure" => Figure, b"figcaption" => Figcaption,
            b"picture" => Picture, b"video" => Video, b"audio" => Audio, b"source" => Source,
            b"iframe" => Iframe, b"object" => Object, b"embed" => Embed, b"canvas" => Canvas,
            b"svg" => Svg, b"math" => Math, b"form" => Form, b"fieldset" => Fieldset,
            b"input" => Input, b"button" => Button, b"select" => Select, b"option" => Option,
            b"textarea" => Textarea, b"label" => Label, b"time" => Time, b"address" => Address,
            b"center" => Center, b"details" => Details, b"summary" => Summary, b"dialog" => Dialog,
            b"menu" => Menu, b"map" => Map, b"area" => Area, b"b" => B, b"i" => I, b"em" => Em,
            b"strong" => Strong, b"u" => U, b"small" => Small, b"sub" => Sub, b"sup" => Sup,
            b"font" => Font, b"cite" => Cite, b"q" => Q, b"mark" => Mark, b"abbr" => Abbr,
            b"base" => Base, b"col" => Col, b"wbr" => Wbr, b"param" => Param, b"track" => Track,
            b"keygen" => Keygen,
            _ => Other,
        }
    }

    /// Elements that never have content.
    pub fn is_void(self) -> bool {
        use Tag::*;
        matches!(self, Meta | Link | Br | Hr | Img | Input | Source | Embed | Area | Base | Col | Wbr | Param | Track | Keygen)
    }

    /// Start tags that close an open `<p>` (the standard's list, abridged).
    fn closes_p(self) -> bool {
        use Tag::*;
        matches!(
            self,
            P | Div | Section | Article | Main | Header | Footer | Nav | Aside | H1 | H2 | H3 | H4 | H5 | H6 | Ul | Ol
                | Li | Dl | Dt | Dd | Blockquote | Pre | Table | Figure | Figcaption | Form | Fieldset | Address
                | Center | Details | Summary | Dialog | Menu | Hr
        )
    }

    pub fn is_heading(self) -> bool {
        matches!(self, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6)
    }

    /// Elements that start a new block of text when read.
    pub fn is_block(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Document | Html | Body | P | Div | Section | Article | Main | Header | Footer | Nav | Aside | H1 | H2 | H3 | H4
                | H5 | H6 | Ul | Ol | Li | Dl | Dt | Dd | Blockquote | Pre | Table | Caption | Thead | Tbody | Tfoot
                | Tr | Td | Th | Figure | Figcaption | Form | Fieldset | Address | Center | Details | Summary
                | Dialog | Menu | Hr | Br | Title | Option | Select | Textarea | Noscript | Template | Iframe | Video
                | Audio | Picture | Object | Canvas | Svg | Math | Map
        )
    }

    /// Boundaries an implied end tag does not cross.
    fn is_scope_boundary(self) -> bool {
        use Tag::*;
        matches!(self, Html | Body | Table | Td | Th | Caption | Template | Object | Button | Svg | Math | Document)
    }
}

/// The attributes the extractor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attr {
    Class, Id, ItemProp, ItemType, Role, Hidden, Style, AriaHidden, Property, Name, Content, Href, Rel,
    DateTime, Lang, Type, HttpEquiv, Charset, Src,
}

impl Attr {
    fn from_name(name: &[u8]) -> Option<Attr> {
        use Attr::*;
        Some(match name {
            b"class" => Class, b"id" => Id, b"itemprop" => ItemProp, b"itemtype" => ItemType, b"role" => Role,
            b"hidden" => Hidden, b"style" => Style, b"aria-hidden" => AriaHidden, b"property" => Property,
            b"name" => Name, b"content" => Content, b"href" => Href, b"rel" => Rel, b"datetime" => DateTime,
            b"lang" => Lang, b"type" => Type, b"http-equiv" => HttpEquiv, b"charset" => Charset, b"src" => Src,
            _ => return None,
        })
    }
}

/// One element or text node.
#[derive(Debug, Clone)]
pub struct Node {
    pub tag: Tag,
    pub parent: u32,
    pub first_child: u32,
    pub last_child: u32,
    pub next_sibling: u32,
    /// Attributes: `attrs[attr_start..attr_end]`.
    pub attr_start: u32,
    pub attr_end: u32,
    /// For text nodes: `text[text_start..text_end]`.
    pub text_start: u32,
    pub text_end: u32,
}

/// The parsed page.
pub struct Dom {
    pub nodes: Vec<Node>,
    pub attrs: Vec<(Attr, String)>,
    pub text: String,
}

/// An emitter that reports no parse errors, so the tokenizer skips its per-byte character
/// validation (a fifth of the parsing time); the tree builder ignores errors anyway.
struct Quiet<E>(E);

impl<E: Emitter> ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    #[inline]
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

impl Dom {
    /// Parses a page. Never fails: broken markup yields the tree a lenient browser would
    /// roughly build.
    pub fn parse(html: &str) -> Dom {
        let mut b = Builder::new(html.len());
        let mut pending: Option<PendingTag> = None;
        let mut attr_name: Option<Attr> = None;
        let mut text_buf: Vec<u8> = Vec::new();
        {
            let emitter = CallbackEmitter::new(|event: CallbackEvent<'_>, _span: Span<()>| -> Option<()> {
                match event {
                    CallbackEvent::OpenStartTag { name } => {
                        if !text_buf.is_empty() {
                            b.text(&text_buf);
                            text_buf.clear();
                        }
                        let tag = Tag::from_name(name);
                        let other = if tag == Tag::Other { name.to_vec() } else { Vec::new() };
                        pending = Some(PendingTag { tag, attrs: Vec::new(), name: other });
                        attr_name = None;
                    }
                    CallbackEvent::AttributeName { name } => {
                        attr_name = Attr::from_name(name);
                        if let (Some(a), Some(p)) = (attr_name, pending.as_mut()) {
                            if !p.attrs.iter().any(|(x, _)| *x == a) {
                                p.attrs.push((a, String::new()));
                            } else {
                                attr_name = None;
                            }
                        }
                    }
                    CallbackEvent::AttributeValue { value } => {
                        if let (Some(a), Some(p)) = (attr_name, pending.as_mut()) {
                            if let Some(slot) = p.attrs.iter_mut().find(|(x, _)| *x == a) {
                                slot.1 = String::from_utf8_lossy(value).into_owned();
                            }
                        }
                    }
                    CallbackEvent::CloseStartTag { self_closing } => {
                        if let Some(p) = pending.take() {
                            b.start(p, self_closing);
                        }
                    }
                    CallbackEvent::EndTag { name } => {
                        if !text_buf.is_empty() {
                            b.text(&text_buf);
                            text_buf.clear();
                        }
                        pending = None;
                        b.end(Tag::from_name(name), name);
                    }
                    CallbackEvent::String { value } => text_buf.extend_from_slice(value),
                    CallbackEvent::Comment { .. } | CallbackEvent::Doctype { .. } | CallbackEvent::Error(_) => {}
                }
                None
            });
            let mut emitter = emitter;
            emitter.naively_switch_states(true);
            for _ in Tokenizer::new_with_emitter(html, Quiet(emitter)) {}
        }
        if !text_buf.is_empty() {
            b.text(&text_buf);
        }
        Dom { nodes: b.nodes, attrs: b.attrs, text: b.text }
    }

    pub fn attr(&self, node: u32, attr: Attr) -> Option<&str> {
        let n = &self.nodes[node as usize];
        self.attrs[n.attr_start as usize..n.attr_end as usize].iter().find(|(a, _)| *a == attr).map(|(_, v)| v.as_str())
    }

    /// A text node's text ("" for elements).
    pub fn node_text(&self, node: u32) -> &str {
        let n = &self.nodes[node as usize];
        &self.text[n.text_start as usize..n.text_end as usize]
    }

    /// Children of a node, in order.
    pub fn children(&self, node: u32) -> Children<'_> {
        Children { dom: self, next: self.nodes[node as usize].first_child }
    }

    /// All text under a node, concatenated.
    pub fn text_of(&self, node: u32) -> String {
        let mut out = String::new();
        let end = self.subtree_end(node);
        for i in node..end {
            if self.nodes[i as usize].tag == Tag::Text {
                out.push_str(self.node_text(i));
            }
        }
        out
    }

    /// One past the last descendant of `node` (descendants are contiguous in document order).
    pub fn subtree_end(&self, node: u32) -> u32 {
        let mut n = node;
        loop {
            let next = self.nodes[n as usize].next_sibling;
            if next != NONE {
                return next;
            }
            let parent = self.nodes[n as usize].parent;
            if parent == NONE {
                return self.nodes.len() as u32;
            }
            n = parent;
        }
    }
}

pub struct Children<'a> {
    dom: &'a Dom,
    next: u32,
}

impl Iterator for Children<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.next == NONE {
            return None;
        }
        let n = self.next;
        self.next = self.dom.nodes[n as usize].next_sibling;
        Some(n)
    }
}

struct PendingTag {
    tag: Tag,
    attrs: Vec<(Attr, String)>,
    /// The name, kept for unknown elements only.
    name: Vec<u8>,
}

struct Builder {
    nodes: Vec<Node>,
    attrs: Vec<(Attr, String)>,
    text: String,
    /// Open elements; `stack[0]` is the document.
    stack: Vec<u32>,
    /// The tag name of each open `Other` element, for matching its end tag.
    other_names: Vec<(u32, Vec<u8>)>,
    /// Inside `<svg>`/`<math>`: self-closing syntax is honoured.
    foreign: usize,
}

impl Builder {
    fn new(len: usize) -> Builder {
        let mut b = Builder {
            nodes: Vec::with_capacity(len / 40 + 16),
            attrs: Vec::new(),
            text: String::with_capacity(len / 3),
            stack: Vec::with_capacity(64),
            other_names: Vec::new(),
            foreign: 0,
        };
        b.push_node(Tag::Document, NONE);
        b.stack.push(0);
        b
    }

    fn push_node(&mut self, tag: Tag, parent: u32) -> u32 {
        let id = self.nodes.len() as u32;
        let a = self.attrs.len() as u32;
        self.nodes.push(Node {
            tag,
            parent,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            attr_start: a,
            attr_end: a,
            text_start: 0,
            text_end: 0,
        });
        if parent != NONE {
            let p = &mut self.nodes[parent as usize];
            let last = p.last_child;
            p.last_child = id;
            if last == NONE {
                p.first_child = id;
            } else {
                self.nodes[last as usize].next_sibling = id;
            }
        }
        id
    }

    fn current(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn tag_of(&self, id: u32) -> Tag {
        self.nodes[id as usize].tag
    }

    /// Pops open elements down to and including position `pos` of the stack.
    fn pop_to(&mut self, pos: usize) {
        while self.stack.len() > pos.max(1) {
            let id = self.stack.pop().unwrap_or(0);
            match self.tag_of(id) {
                Tag::Svg | Tag::Math => self.foreign = self.foreign.saturating_sub(1),
                Tag::Other => {
                    if self.other_names.last().map(|(n, _)| *n) == Some(id) {
                        self.other_names.pop();
                    }
                }
                _ => {}
            }
        }
    }

    /// Position in the stack of the nearest open element accepted by `is`, searching down
    /// from the top and stopping at a scope boundary (or at `stop`).
    fn find_in_scope(&self, is: impl Fn(Tag) -> bool, stop: impl Fn(Tag) -> bool) -> Option<usize> {
        for pos in (1..self.stack.len()).rev() {
            let t = self.tag_of(self.stack[pos]);
            if is(t) {
                return Some(pos);
            }
            if t.is_scope_boundary() || stop(t) {
                return None;
            }
        }
        None
    }

    fn start(&mut self, p: PendingTag, self_closing: bool) {
        use Tag::*;
        let tag = p.tag;
        let p_name = p.name;
        match tag {
            Html | Body | Head => {
                // A repeated <html>/<body> adds nothing; a <body> closes an open <head>.
                if tag == Body {
                    if let Some(pos) = self.stack.iter().position(|&n| self.tag_of(n) == Head) {
                        self.pop_to(pos);
                    }
                }
                if self.stack.iter().any(|&n| self.tag_of(n) == tag) {
                    return;
                }
            }
            _ => {}
        }
        if self.foreign == 0 {
            if tag.closes_p() {
                if let Some(pos) = self.find_in_scope(|t| t == P, |_| false) {
                    self.pop_to(pos);
                }
            }
            match tag {
                H1 | H2 | H3 | H4 | H5 | H6 => {
                    if self.tag_of(self.current()).is_heading() {
                        let n = self.stack.len() - 1;
                        self.pop_to(n);
                    }
                }
                Li => {
                    if let Some(pos) = self.find_in_scope(|t| t == Li, |t| matches!(t, Ul | Ol | Menu)) {
                        self.pop_to(pos);
                    }
                }
                Dt | Dd => {
                    if let Some(pos) = self.find_in_scope(|t| matches!(t, Dt | Dd), |t| t == Dl) {
                        self.pop_to(pos);
                    }
                }
                Td | Th => {
                    if let Some(pos) = self.find_cell() {
                        self.pop_to(pos);
                    }
                }
                Tr => {
                    if let Some(pos) = self.find_in_table(|t| matches!(t, Tr | Td | Th)) {
                        self.pop_to(pos);
                    }
                }
                Thead | Tbody | Tfoot => {
                    if let Some(pos) = self.find_in_table(|t| matches!(t, Thead | Tbody | Tfoot | Tr | Td | Th)) {
                        self.pop_to(pos);
                    }
                }
                Option => {
                    if self.tag_of(self.current()) == Option {
                        let n = self.stack.len() - 1;
                        self.pop_to(n);
                    }
                }
                A => {
                    if let Some(pos) = self.find_in_scope(|t| t == A, |_| false) {
                        self.pop_to(pos);
                    }
                }
                _ => {}
            }
        }
        let parent = self.current();
        let id = self.push_node(tag, parent);
        let start = self.attrs.len() as u32;
        self.attrs.extend(p.attrs);
        let node = &mut self.nodes[id as usize];
        node.attr_start = start;
        node.attr_end = self.attrs.len() as u32;
        let closed = tag.is_void() || (self_closing && (self.foreign > 0 || matches!(tag, Svg | Math)));
        if closed || self.stack.len() >= MAX_DEPTH {
            return;
        }
        self.stack.push(id);
        match tag {
            Svg | Math => self.foreign += 1,
            Other => self.other_names.push((id, p_name)),
            _ => {}
        }
    }

    /// The open cell of the current table, if any (not crossing into an enclosing table).
    fn find_cell(&self) -> Option<usize> {
        self.find_in_table(|t| matches!(t, Tag::Td | Tag::Th))
    }

    fn find_in_table(&self, is: impl Fn(Tag) -> bool) -> Option<usize> {
        let mut found = None;
        for pos in (1..self.stack.len()).rev() {
            let t = self.tag_of(self.stack[pos]);
            if t == Tag::Table {
                return found;
            }
            if is(t) {
                found = Some(pos);
            }
            if matches!(t, Tag::Html | Tag::Body | Tag::Template) {
                return None;
            }
        }
        None
    }

    fn end(&mut self, tag: Tag, name: &[u8]) {
        use Tag::*;
        match tag {
            Html | Body => return,
            Br => {
                let parent = self.current();
                self.push_node(Br, parent);
                return;
            }
            t if t.is_void() => return,
            _ => {}
        }
        if tag.is_heading() {
            if let Some(pos) = self.find_in_scope(Tag::is_heading, |_| false) {
                self.pop_to(pos);
            }
            return;
        }
        if tag == Other {
            // Unknown elements are matched by name; record names lazily.
            for pos in (1..self.stack.len()).rev() {
                let id = self.stack[pos];
                if self.tag_of(id) == Other {
                    if let Some((_, n)) = self.other_names.iter().find(|(n, _)| *n == id) {
                        if n == name {
                            self.pop_to(pos);
                            return;
                        }
                    }
                }
                if self.tag_of(id).is_scope_boundary() {
                    return;
                }
            }
            return;
        }
        let boundary = |t: Tag| match tag {
            // A cell or row end tag does not leave its table.
            Td | Th | Tr | Tbody | Thead | Tfoot | Caption => t == Table,
            // Inline end tags stop at block boundaries that would contain them.
            A | Span | B | I | Em | Strong | U | Small | Font | Sub | Sup | Cite | Q | Mark | Abbr | Code | Label | Time => {
                matches!(t, Td | Th | Table | Template | Button | Object | Caption)
            }
            _ => matches!(t, Template | Object),
        };
        for pos in (1..self.stack.len()).rev() {
            let t = self.tag_of(self.stack[pos]);
            if t == tag {
                self.pop_to(pos);
                return;
            }
            if boundary(t) {
                return;
            }
        }
    }

    fn text(&mut self, bytes: &[u8]) {
        let s = String::from_utf8_lossy(bytes);
        let parent = self.current();
        let last = self.nodes[parent as usize].last_child;
        if last != NONE && self.nodes[last as usize].tag == Tag::Text && self.nodes[last as usize].text_end as usize == self.text.len() {
            self.text.push_str(&s);
            self.nodes[last as usize].text_end = self.text.len() as u32;
            return;
        }
        let start = self.text.len() as u32;
        self.text.push_str(&s);
        let id = self.push_node(Tag::Text, parent);
        let n = &mut self.nodes[id as usize];
        n.text_start = start;
        n.text_end = self.text.len() as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(dom: &Dom, node: u32) -> String {
        let n = &dom.nodes[node as usize];
        if n.tag == Tag::Text {
            return dom.node_text(node).to_string();
        }
        let inner: Vec<String> = dom.children(node).map(|c| shape(dom, c)).collect();
        format!("{:?}({})", n.tag, inner.join(","))
    }

    #[test]
    fn implied_end_tags() {
        let dom = Dom::parse("<body><p>one<p>two<div>three</div><ul><li>a<li>b</ul>");
        assert_eq!(shape(&dom, 0), "Document(Body(P(one),P(two),Div(three),Ul(Li(a),Li(b))))");
    }

    #[test]
    fn stray_end_tags_are_ignored() {
        let dom = Dom::parse("<div><p>x</span></p></p></div></div><p>y");
        assert_eq!(shape(&dom, 0), "Document(Div(P(x)),P(y))");
    }

    #[test]
    fn raw_text_and_entities() {
        let dom = Dom::parse("<script>if (a<b) { x = '</div>' }</script><p>Tom &amp; Jerry&nbsp;&#8212;</p>");
        let p = dom.nodes.iter().position(|n| n.tag == Tag::P).unwrap() as u32;
        assert_eq!(dom.text_of(p), "Tom & Jerry\u{a0}\u{2014}");
        assert_eq!(dom.nodes.iter().filter(|n| n.tag == Tag::Div).count(), 0);
    }

    #[test]
    fn attributes_kept() {
        let dom = Dom::parse(r#"<div class="a b" data-x=1 id=main>t</div>"#);
        assert_eq!(dom.attr(1, Attr::Class), Some("a b"));
        assert_eq!(dom.attr(1, Attr::Id), Some("main"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let html = "<div>".repeat(10_000) + "deep" + &"</div>".repeat(10_000);
        let dom = Dom::parse(&html);
        assert!(dom.text_of(0).contains("deep"));
        let mut depth = 0;
        let mut n = dom.nodes.len() as u32 - 1;
        while n != NONE {
            depth += 1;
            n = dom.nodes[n as usize].parent;
        }
        assert!(depth <= MAX_DEPTH + 2, "depth {depth}");
    }

    #[test]
    fn unknown_elements_close_by_name() {
        let dom = Dom::parse("<x-a><x-b>in</x-b>after</x-a>");
        assert_eq!(shape(&dom, 0), "Document(Other(Other(in),after))");
    }
}
