//! Main-content extraction: finds the article body in a page's tree.
//!
//! 1. **Prune.** Subtrees that are never body text are skipped: scripts, styles, forms controls,
//!    media, `<nav>`, `<aside>`, `<footer>`, `<header>`, `<figure>` and captions, hidden
//!    elements, ARIA landmarks for navigation and complementary content, and elements whose
//!    class or id names boilerplate (comments, sharing, related stories, newsletters, ads,
//!    sidebars, bylines ...). A name-based prune is not applied to an element holding half the
//!    page's words or more, so a wrapper called `page-with-sidebar` cannot take the article
//!    with it.
//! 2. **Linearise.** The remaining text is cut into blocks at block-level elements and `<br>`;
//!    each block knows its words, how many of them are link text, and its element. In scripts
//!    written without spaces (Chinese, Japanese) every second character counts as a word.
//! 3. **Score.** A block is worth its words when it reads like prose (few links, long enough
//!    or ending like a sentence), and costs its words when it is a link list, a short fragment
//!    or a teaser cut off with an ellipsis. Every element sums the worth of the blocks under
//!    it (fully for its own element and its parent, by `1/d` further up); the element with the
//!    highest sum is the article's core. The container climbs from there while the parent holds
//!    nothing else of worth and its other children hold fewer words of link lists and teasers
//!    than the core is worth (a story among lists of other stories stays alone), and takes in
//!    siblings of the same tag and class (a body split around ads) or with a fifth of its worth.
//!    An element holding two or more `<article>` elements is a list of stories: never the
//!    container, nor a sibling taken in.
//! 4. **Select.** Inside the container, link lists, furniture lines ("Advertisement", "Sign up
//!    for our newsletter"), date lines (a month name or a date in digits), author contact
//!    lines, the title repeated, runs of story cards (headline link, one-sentence summary,
//!    headline link ...), and short non-sentence fragments at the start and end (bylines,
//!    tags, share bars) are dropped, with the reason recorded. A quoted post (an embedded
//!    tweet in a `<blockquote>`) keeps its attribution line, mostly links and a date.

use crate::dom::{Attr, Dom, Tag, NONE};

/// A paragraph-like run of text.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    pub words: u32,
    pub link_words: u32,
    /// Words of link text before the first word outside a link (a headline link leading a
    /// teaser).
    pub lead_link_words: u32,
    /// The block-level element that holds it.
    pub owner: u32,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Para,
    Heading,
    ListItem,
    Quote,
    Cell,
    Other,
}

/// What the extractor found: the body's paragraphs, what it removed from the container, and
/// which strategy found it.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub paragraphs: Vec<String>,
    pub removed: Vec<(String, &'static str)>,
    pub strategy: Strategy,
}

/// How the body was found. The first that finds a body of some length is taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Strategy {
    /// The container of the best-scoring prose, boilerplate pruned by tag, role and class.
    #[default]
    Container,
    /// The same scoring with only scripts, media, captions and hidden elements pruned: for a
    /// page whose article sits under names that read as boilerplate (a live blog of "posts"
    /// in "rails" and "cards").
    Unpruned,
    /// The page's JSON-LD `articleBody`, when the page shows almost no prose of its own.
    JsonLd,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Container => "container",
            Strategy::Unpruned => "container without name pruning",
            Strategy::JsonLd => "JSON-LD articleBody",
        }
    }
}

/// A body shorter than this many words is too little: the next strategy is tried, and taken
/// if it finds at least this many.
pub const MIN_BODY_WORDS: u32 = 50;

/// Boilerplate words in class and id names (matched as whole parts of a name).
const BOILERPLATE: &[&str] = &[
    "ad", "ads", "adsense", "adslot", "adunit", "advert", "advertisement", "advertising", "advertorial", "dfp",
    "banner", "bio", "breadcrumb", "breadcrumbs", "byline", "bylines", "caption", "captions", "comment",
    "comments", "commentlist", "consent", "cookie", "cookies", "copyright", "credit", "credits", "disqus",
    "dateline", "footer", "gallery", "masthead", "menu", "meta", "modal", "nav", "navbar", "navigation",
    "newsletter", "newsletters", "outbrain", "pagination", "pager", "paywall", "player", "popular", "popup",
    "promo", "promos", "promotion", "rail", "recirc", "recirculation", "recommend", "recommended",
    "recommendations", "related", "share", "sharebar", "sharing", "sharer", "sidebar", "signup", "social",
    "socials", "sponsor", "sponsored", "subscribe", "subscription", "taboola", "tags", "tagcloud", "teaser",
    "teasers", "excerpt", "more", "dek", "blurb", "standfirst", "kicker", "eyebrow", "toolbar", "trending", "timestamp", "published", "skip", "topics",
    "keywords", "login", "print", "overlay",
];

/// Whole class names that hide their content from sighted readers.
const HIDDEN_CLASSES: &[&str] =
    &["hidden", "hide", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screenreader", "offscreen", "d-none"];

/// Lines that are site furniture when they make up a whole block.
const FURNITURE: &[&str] = &[
    "advertisement", "advertising", "ad", "sponsored", "sponsored content", "continue reading", "read more",
    "story continues below", "story continues below advertisement", "article continues below",
    "skip advertisement", "share", "share this", "share this article", "share this story", "tweet", "email",
    "print", "comments", "related", "related articles", "related stories", "recommended", "more from",
    "sign up", "subscribe", "log in", "close", "menu", "loading", "click to expand", "you may also like",
    "read next", "most popular", "most read", "trending", "newsletter", "listen", "listen to this article",
    "advert", "related news", "trending stories", "top stories", "latest news", "more stories", "breaking news",
    "editor's picks", "sponsored resources", "video", "videos", "photos", "categories", "rss feed", "blogroll",
];

/// Phrases that mark a short block as site furniture wherever it stands.
const FURNITURE_PHRASES: &[&str] = &[
    "click here", "sign up for", "sign up to", "subscribe to", "subscribe for", "our newsletter",
    "newsletter delivered", "follow us on", "follow him on", "follow her on", "follow them on", "like us on facebook",
    "requires javascript", "enable javascript", "all rights reserved", "share this story", "share it with",
    "share this article", "share on facebook", "share on twitter", "this slideshow", "this video", "watch the video",
    "listen to this", "related:", "read more:", "read also:", "see also:", "more:", "recommended:",
    "download the app", "sponsored content", "advertisement", "using cookies", "use cookies", "cookie policy",
    "editing by", "back to top", "you are here", "you are at:",
];

/// Why a short block is furniture: a phrase from [`FURNITURE_PHRASES`], or a contact line
/// with an e-mail address.
fn debris_line(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if FURNITURE_PHRASES.iter().any(|p| lower.contains(p)) {
        return Some("site furniture");
    }
    let has_email = lower.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.split_once('@').is_some_and(|(u, h)| !u.is_empty() && h.contains('.'))
    });
    if has_email {
        return Some("author contact line");
    }
    if count_words(text) < 20 && !ends_like_sentence(text) && (crate::meta::parse_loose_date(text).is_some() || has_numeric_date(text)) {
        return Some("date line");
    }
    None
}

/// A date written in digits (`11/19/19`, `05.10.2018`, `2018-10-05`).
fn has_numeric_date(text: &str) -> bool {
    let b = text.as_bytes();
    let digits_at = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = 0;
    while i < b.len() {
        let n = digits_at(i);
        if n == 0 {
            i += 1;
            continue;
        }
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            i += n;
            continue;
        }
        let j = i + n;
        if (1..=4).contains(&n) && j + 1 < b.len() && matches!(b[j], b'/' | b'.' | b'-') {
            let m = digits_at(j + 1);
            let k = j + 1 + m;
            if (1..=2).contains(&m) && k + 1 < b.len() && b[k] == b[j] {
                let y = digits_at(k + 1);
                if n <= 2 && (y == 2 || y == 4) || n == 4 && (1..=2).contains(&y) {
                    return true;
                }
            }
        }
        i = j;
    }
    false
}

/// Why an element is pruned, or `None`. With `by_name` false only what is never text
/// (scripts, media, captions, hidden elements) is pruned, not landmarks and class names.
fn prune_reason(dom: &Dom, node: u32, words: &[u32], page_words: u32, by_name: bool) -> Option<&'static str> {
    use Tag::*;
    let tag = dom.nodes[node as usize].tag;
    match tag {
        Head | Script | Style | Noscript | Template | Svg | Math | Iframe | Object | Embed | Canvas | Video | Audio
        | Picture | Button | Select | Input | Textarea | Option | Dialog | Map | Title | Meta | Link => {
            return Some("not text")
        }
        Figure | Figcaption => return Some("caption"),
        _ => {}
    }
    if dom.attr(node, Attr::Hidden).is_some() || dom.attr(node, Attr::AriaHidden).is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return Some("hidden");
    }
    if let Some(style) = dom.attr(node, Attr::Style) {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return Some("hidden");
        }
    }
    // Name-based rules: never for the element holding half the page or more.
    let big = words[node as usize] * 2 >= page_words.max(1);
    if big || !by_name {
        return None;
    }
    match tag {
        Nav | Menu => return Some("navigation"),
        Aside => return Some("aside"),
        Footer => return Some("footer"),
        Header => return Some("header"),
        Form => return Some("form"),
        _ => {}
    }
    if let Some(role) = dom.attr(node, Attr::Role) {
        let role = role.trim().to_ascii_lowercase();
        if matches!(role.as_str(), "navigation" | "complementary" | "banner" | "contentinfo" | "menu" | "menubar" | "search" | "dialog" | "alert" | "toolbar") {
            return Some("navigation");
        }
    }
    for attr in [Attr::Class, Attr::Id] {
        if let Some(value) = dom.attr(node, attr) {
            if let Some(reason) = name_reason(value) {
                return Some(reason);
            }
        }
    }
    None
}

/// Boilerplate named by a class or id attribute value.
fn name_reason(value: &str) -> Option<&'static str> {
    let lower = value.to_ascii_lowercase();
    // Embedded posts (tweets and the like) quoted by the article are part of it.
    if lower.contains("embed") || lower.contains("tweet") {
        return None;
    }
    for class in value.split_ascii_whitespace() {
        let lower = class.to_ascii_lowercase();
        if HIDDEN_CLASSES.contains(&lower.as_str()) {
            return Some("hidden");
        }
        for part in name_parts(class) {
            if BOILERPLATE.contains(&part.as_str()) {
                return Some("boilerplate");
            }
        }
    }
    None
}

/// Splits a class or id into lower-case parts at `-`, `_`, digits and camelCase humps.
fn name_parts(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphabetic() {
            if !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            parts.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

/// Counts words: runs of alphanumeric characters; in scripts written without spaces
/// (Chinese, Japanese), every second character of a run, about a word's worth.
pub fn count_words(s: &str) -> u32 {
    let mut n = 0;
    let mut in_word = false;
    let mut cjk_run = 0u32;
    for c in s.chars() {
        if is_cjk(c) {
            if cjk_run % 2 == 0 {
                n += 1;
            }
            cjk_run += 1;
            in_word = false;
            continue;
        }
        cjk_run = 0;
        let w = c.is_alphanumeric() || c == '_';
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// Han ideographs, kana and their punctuation-free extensions: scripts written without spaces
/// between words.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff66}'..='\u{ff9d}' | '\u{20000}'..='\u{2fa1f}')
}

/// Words of paragraph text (inside a `<p>`) under each node, or of all text when the page has
/// (almost) no paragraphs. Unreadable subtrees count nothing.
fn subtree_words(dom: &Dom) -> Vec<u32> {
    let len = dom.nodes.len();
    let mut in_p = vec![false; len];
    for i in 1..len {
        let n = &dom.nodes[i];
        in_p[i] = n.tag == Tag::P || (n.parent != NONE && in_p[n.parent as usize]);
    }
    let count = |only_p: bool| {
        let mut words = vec![0u32; len];
        for i in (0..len).rev() {
            let n = &dom.nodes[i];
            match n.tag {
                Tag::Text if !only_p || in_p[i] => words[i] = count_words(dom.node_text(i as u32)),
                Tag::Script | Tag::Style | Tag::Head | Tag::Noscript | Tag::Template | Tag::Title | Tag::Svg => words[i] = 0,
                _ => {}
            }
            if n.parent != NONE {
                words[n.parent as usize] += words[i];
            }
        }
        words
    };
    let p_words = count(true);
    if p_words[0] >= 100 {
        p_words
    } else {
        count(false)
    }
}

/// The page cut into blocks, skipping pruned subtrees (see [`prune_reason`] for `by_name`).
fn linearise(dom: &Dom, by_name: bool) -> (Vec<Block>, Vec<Option<&'static str>>) {
    let words = subtree_words(dom);
    let page_words = words[0];
    let mut pruned: Vec<Option<&'static str>> = vec![None; dom.nodes.len()];
    let mut blocks = Vec::new();
    let mut cur = BlockBuf::default();
    // Iterative walk: (node, entering).
    let mut stack: Vec<(u32, bool)> = vec![(0, true)];
    let mut owners: Vec<u32> = vec![0];
    let mut link_depth = 0u32;
    while let Some((node, entering)) = stack.pop() {
        let n = &dom.nodes[node as usize];
        if n.tag == Tag::Text {
            cur.push(dom.node_text(node), link_depth > 0);
            continue;
        }
        if !entering {
            if n.tag.is_block() {
                cur.flush(&mut blocks, *owners.last().unwrap_or(&0), dom);
                owners.pop();
            } else if n.tag == Tag::A {
                link_depth = link_depth.saturating_sub(1);
            }
            continue;
        }
        if node != 0 {
            if let Some(reason) = prune_reason(dom, node, &words, page_words, by_name) {
                pruned[node as usize] = Some(reason);
                if n.tag.is_block() {
                    cur.flush(&mut blocks, *owners.last().unwrap_or(&0), dom);
                }
                continue;
            }
        }
        if n.tag == Tag::Br || n.tag == Tag::Hr {
            cur.flush(&mut blocks, *owners.last().unwrap_or(&0), dom);
            continue;
        }
        if n.tag == Tag::Img {
            continue;
        }
        if n.tag.is_block() {
            cur.flush(&mut blocks, *owners.last().unwrap_or(&0), dom);
            owners.push(node);
        } else if n.tag == Tag::A {
            link_depth += 1;
        }
        stack.push((node, false));
        // Children in reverse so the first is visited first.
        let mut kids: Vec<u32> = dom.children(node).collect();
        kids.reverse();
        stack.extend(kids.into_iter().map(|k| (k, true)));
    }
    cur.flush(&mut blocks, 0, dom);
    (blocks, pruned)
}

#[derive(Default)]
struct BlockBuf {
    text: String,
    words: u32,
    link_words: u32,
    lead_link_words: u32,
    /// A word outside a link has been seen.
    plain_seen: bool,
    space: bool,
    /// Characters in the current run of CJK characters.
    cjk_run: u32,
}

impl BlockBuf {
    fn push(&mut self, s: &str, in_link: bool) {
        let mut in_word = false;
        for c in s.chars() {
            if c.is_whitespace() {
                self.space = true;
                in_word = false;
                self.cjk_run = 0;
                continue;
            }
            if self.space && !self.text.is_empty() {
                self.text.push(' ');
            }
            self.space = false;
            if is_cjk(c) {
                // Scripts without spaces: a word every second character (see `count_words`).
                if self.cjk_run % 2 == 0 {
                    self.count_word(in_link);
                }
                self.cjk_run += 1;
                in_word = false;
                self.text.push(c);
                continue;
            }
            self.cjk_run = 0;
            let w = c.is_alphanumeric() || c == '_';
            if w && !in_word {
                // A word continuing from the previous text node is not counted twice.
                let continues = self.text.chars().next_back().is_some_and(|p| (p.is_alphanumeric() || p == '_') && !is_cjk(p));
                if !continues {
                    self.count_word(in_link);
                }
            }
            in_word = w;
            self.text.push(c);
        }
    }

    fn count_word(&mut self, in_link: bool) {
        self.words += 1;
        if in_link {
            self.link_words += 1;
            if !self.plain_seen {
                self.lead_link_words += 1;
            }
        } else {
            self.plain_seen = true;
        }
    }

    fn flush(&mut self, blocks: &mut Vec<Block>, owner: u32, dom: &Dom) {
        if self.words > 0 {
            let kind = kind_of(dom, owner);
            blocks.push(Block {
                text: std::mem::take(&mut self.text),
                words: self.words,
                link_words: self.link_words,
                lead_link_words: self.lead_link_words,
                owner,
                kind,
            });
        } else {
            self.text.clear();
        }
        self.words = 0;
        self.link_words = 0;
        self.lead_link_words = 0;
        self.plain_seen = false;
        self.space = false;
        self.cjk_run = 0;
    }
}

fn kind_of(dom: &Dom, owner: u32) -> Kind {
    match dom.nodes[owner as usize].tag {
        Tag::P => Kind::Para,
        t if t.is_heading() => Kind::Heading,
        Tag::Li | Tag::Dd | Tag::Dt => Kind::ListItem,
        Tag::Blockquote | Tag::Pre => Kind::Quote,
        Tag::Td | Tag::Th => Kind::Cell,
        _ => Kind::Other,
    }
}

fn ends_like_sentence(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']' | '*' | '\u{300d}' | '\u{300f}' | '\u{ff09}'));
    t.ends_with(['.', '!', '?', ':', ';', '\u{2026}', '\u{3002}', '\u{ff01}', '\u{ff1f}', '\u{ff1a}'])
}

/// A story teaser: a headline link followed by its summary, or a summary cut off with an
/// ellipsis.
fn is_teaser(b: &Block) -> bool {
    let t = b.text.trim_end();
    let cut = t.ends_with("...") || t.ends_with('\u{2026}') || t.ends_with("[\u{2026}]") || t.ends_with("[...]");
    cut && b.words < 80
}

fn link_density(b: &Block) -> f32 {
    b.link_words as f32 / b.words.max(1) as f32
}

/// The worth of a block as article text (positive) or boilerplate (negative).
fn worth(b: &Block) -> f32 {
    let ld = link_density(b);
    let words = b.words as f32;
    if ld > 0.5 {
        return -words;
    }
    if b.kind == Kind::Heading {
        return 0.0;
    }
    if is_teaser(b) {
        return -0.5 * words;
    }
    if b.words < 10 && !ends_like_sentence(&b.text) {
        return -0.25 * words;
    }
    words * (1.0 - ld)
}

/// The element holding the article: the one with the highest sum of block worth, where a
/// block counts fully for its own element and its parent and less for each level above
/// (`1/d` at distance `d`), so that a tight container of paragraphs beats a page-wide wrapper
/// that also collects teaser summaries from many small items.
fn choose_container(dom: &Dom, blocks: &[Block]) -> Vec<u32> {
    let len = dom.nodes.len();
    let mut score = vec![0f32; len];
    // Undecayed sum of worth under each element.
    let mut total = vec![0f32; len];
    // Words of link lists and teasers under each element.
    let mut junk = vec![0f32; len];
    let decay = decay();
    for b in blocks {
        let w = worth(b);
        let j = if link_density(b) > 0.5 || is_teaser(b) { b.words as f32 } else { 0.0 };
        let mut n = b.owner;
        let mut d = 0usize;
        while n != NONE {
            let f = if w < 0.0 { 1.0 } else { decay[d.min(decay.len() - 1)] };
            score[n as usize] += w * f;
            total[n as usize] += w;
            junk[n as usize] += j;
            n = dom.nodes[n as usize].parent;
            d += 1;
        }
    }
    let lists = article_lists(dom);
    let mut best = 0u32;
    for (i, s) in score.iter().enumerate() {
        // `>=` prefers the deeper of two elements with the same score. An element holding
        // articles of its own is a list of stories, not the article.
        if *s >= score[best as usize] && dom.nodes[i].tag != Tag::Text && !lists[i] {
            best = i as u32;
        }
    }
    // Climb while the parent holds nothing else of worth: the container is the outermost
    // element around the same text. The climb also stops below a parent whose other children
    // hold more words of link lists and teasers than the article is worth (a story among
    // lists of other stories).
    let core = total[best as usize];
    loop {
        let parent = dom.nodes[best as usize].parent;
        if parent == NONE || parent == 0 {
            break;
        }
        let (mut others, mut other_junk) = (0f32, 0f32);
        for c in dom.children(parent).filter(|&c| c != best) {
            others += total[c as usize].max(0.0);
            other_junk += junk[c as usize];
        }
        if others > 0.05 * core.max(1.0) || other_junk > core.max(1.0) {
            break;
        }
        best = parent;
    }
    // Siblings that continue the article: the same element and class (a body split around
    // ads and embeds), or a fifth of the container's worth.
    let parent = dom.nodes[best as usize].parent;
    if parent == NONE {
        return vec![best];
    }
    let tag = dom.nodes[best as usize].tag;
    let class = dom.attr(best, Attr::Class).unwrap_or("");
    let mut out = Vec::new();
    for c in dom.children(parent) {
        if c == best {
            out.push(c);
            continue;
        }
        if lists[c as usize] {
            continue;
        }
        let t = total[c as usize];
        let same = dom.nodes[c as usize].tag == tag && dom.attr(c, Attr::Class).unwrap_or("") == class && !class.is_empty();
        if (same && t > 0.0) || t >= 0.2 * core.max(1.0) {
            out.push(c);
        }
    }
    out
}

/// For each element, whether it holds two or more `<article>` elements: a list of stories.
fn article_lists(dom: &Dom) -> Vec<bool> {
    let mut count = vec![0u32; dom.nodes.len()];
    for i in (1..dom.nodes.len()).rev() {
        let n = &dom.nodes[i];
        if n.parent != NONE {
            count[n.parent as usize] += count[i] + u32::from(n.tag == Tag::Article);
        }
    }
    count.into_iter().map(|c| c >= 2).collect()
}

/// Whether the element is a quotation or inside one (an embedded post, whose attribution
/// line is mostly links).
fn in_quote(dom: &Dom, mut n: u32) -> bool {
    for _ in 0..8 {
        if n == NONE {
            return false;
        }
        if dom.nodes[n as usize].tag == Tag::Blockquote {
            return true;
        }
        n = dom.nodes[n as usize].parent;
    }
    false
}

/// A list of story cards: short summaries each between two headline links ("Headline" link,
/// summary, "Headline" link, summary ...), each a sentence of at most 30 words. Runs of three
/// or more are dropped as teasers; one or two may be the article's own "Read more" lines.
fn mark_teaser_cards(inside: &[&Block], keep: &mut [Option<&'static str>]) {
    const MAX_WORDS: u32 = 30;
    const MIN_RUN: usize = 3;
    let is_link = |i: usize| link_density(inside[i]) > 0.5;
    let card = |i: usize| {
        !is_link(i) && inside[i].words <= MAX_WORDS && ends_like_sentence(&inside[i].text) && i > 0 && is_link(i - 1) && (i + 1 == inside.len() || is_link(i + 1))
    };
    let mut i = 0;
    while i < inside.len() {
        if !card(i) {
            i += 1;
            continue;
        }
        // A run: cards separated only by link blocks.
        let mut members = vec![i];
        let mut j = i + 1;
        while j < inside.len() {
            if is_link(j) {
                j += 1;
            } else if card(j) {
                members.push(j);
                j += 1;
            } else {
                break;
            }
        }
        if members.len() >= MIN_RUN {
            for m in members {
                if keep[m].is_none() {
                    keep[m] = Some("teaser");
                }
            }
        }
        i = j;
    }
}

/// Weight of a block's worth at distance `d` above its element: 1 for the element and its
/// parent, then `1/d`.
fn decay() -> [f32; 64] {
    let mut w = [1.0f32; 64];
    for (d, x) in w.iter_mut().enumerate().skip(2) {
        *x = 1.0 / d as f32;
    }
    w
}

/// [`FURNITURE`] as [`normalise_key`] gives it, computed once.
fn furniture_keys() -> &'static [String] {
    static KEYS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| FURNITURE.iter().map(|f| normalise_key(f)).collect())
}

fn normalise_key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Extracts the article body. `titles` are known titles of the page (dropped when repeated in
/// the body); `ld_body` is the page's JSON-LD `articleBody`, if any. The container strategy
/// comes first; when it finds fewer than [`MIN_BODY_WORDS`] words, the unpruned container and
/// then the JSON-LD body are tried, and the first with at least that many words is the body
/// (else the container's, however short).
pub fn extract_body(dom: &Dom, titles: &[String], ld_body: Option<&str>) -> Body {
    let main = body_by(dom, titles, true);
    let words = |b: &Body| b.paragraphs.iter().map(|p| count_words(p)).sum::<u32>();
    if words(&main) >= MIN_BODY_WORDS {
        return main;
    }
    let unpruned = Body { strategy: Strategy::Unpruned, ..body_by(dom, titles, false) };
    if words(&unpruned) >= MIN_BODY_WORDS {
        return unpruned;
    }
    if let Some(text) = ld_body {
        let paragraphs: Vec<String> =
            text.split('\n').map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect();
        let ld = Body { paragraphs, removed: Vec::new(), strategy: Strategy::JsonLd };
        if words(&ld) >= MIN_BODY_WORDS {
            return ld;
        }
    }
    main
}

/// The container strategy, pruning by name or not.
fn body_by(dom: &Dom, titles: &[String], by_name: bool) -> Body {
    let (blocks, _pruned) = linearise(dom, by_name);
    let mut body = Body::default();
    if blocks.is_empty() {
        return body;
    }
    let containers = choose_container(dom, &blocks);
    let ranges: Vec<(u32, u32)> = containers.iter().map(|&c| (c, dom.subtree_end(c))).collect();
    let inside: Vec<&Block> = blocks.iter().filter(|b| ranges.iter().any(|&(s, e)| b.owner >= s && b.owner < e)).collect();
    let title_keys: Vec<String> = titles.iter().map(|t| normalise_key(t)).filter(|k| !k.is_empty()).collect();
    let mut keep: Vec<Option<&'static str>> = inside
        .iter()
        .map(|b| {
            let ld = link_density(b);
            // A quoted post (an embedded tweet) keeps its attribution line ("— Name (@name)
            // November 18, 2019"), mostly links and a date.
            let quoted = b.words < 30 && in_quote(dom, b.owner);
            if ld > 0.5 || (b.words < 10 && ld > 0.3 && !quoted) {
                return Some("link list");
            }
            if b.words < 30 && !quoted {
                if let Some(reason) = debris_line(&b.text) {
                    return Some(reason);
                }
            }
            let key = normalise_key(&b.text);
            if b.words <= 6 && furniture_keys().contains(&key) {
                return Some("site furniture");
            }
            if title_keys.contains(&key) {
                return Some("title");
            }
            None
        })
        .collect();
    mark_teaser_cards(&inside, &mut keep);
    // Short fragments that are not sentences, at the start and the end of the container.
    // A quoted post's attribution line is not one.
    let fragment = |b: &Block| {
        (b.words < 8 && !ends_like_sentence(&b.text) && b.kind != Kind::Heading || b.kind == Kind::Heading && b.words < 3)
            && !in_quote(dom, b.owner)
    };
    for i in 0..inside.len() {
        if keep[i].is_some() {
            continue;
        }
        if fragment(inside[i]) {
            keep[i] = Some("byline or fragment");
        } else {
            break;
        }
    }
    for i in (0..inside.len()).rev() {
        if keep[i].is_some() {
            continue;
        }
        if fragment(inside[i]) || inside[i].kind == Kind::Heading {
            keep[i] = Some("fragment after the body");
        } else {
            break;
        }
    }
    for (b, k) in inside.iter().zip(keep) {
        match k {
            None => body.paragraphs.push(b.text.clone()),
            Some(reason) => body.removed.push((b.text.clone(), reason)),
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_split() {
        assert_eq!(name_parts("relatedArticles__list-2"), vec!["related", "articles", "list"]);
        assert!(name_reason("post-share-bar").is_some());
        assert!(name_reason("shadow headline").is_none());
        assert!(name_reason("col-md-8 sr-only").is_some());
    }

    #[test]
    fn picks_article_over_boilerplate() {
        let html = r#"<html><body>
            <div class="menu"><a href="/">Home</a> <a href="/w">World</a></div>
            <div id="content"><h1>Envoys meet in Geneva</h1><p>By Jane Doe</p>
              <p>The envoys met in Geneva on Monday to discuss a ceasefire, officials said.</p>
              <p>They agreed to meet again next week, according to a statement from both sides.</p>
              <p><a href="/x">Read more about the talks and the war in our special coverage here</a></p>
            </div>
            <ul><li><a href="/1">Another story with a long headline about something else</a></li>
                <li><a href="/2">Yet another story with a long headline about other things</a></li></ul>
            <div class="comments"><p>I think this is a great article and I agree with it fully, really.</p></div>
            </body></html>"#;
        let dom = Dom::parse(html);
        let body = extract_body(&dom, &["Envoys meet in Geneva".to_string()], None);
        assert_eq!(
            body.paragraphs,
            vec![
                "The envoys met in Geneva on Monday to discuss a ceasefire, officials said.",
                "They agreed to meet again next week, according to a statement from both sides."
            ]
        );
        let html = r#"<article><h1>Envoys meet in Geneva</h1><p>By Jane Doe</p>
            <p>The envoys met in Geneva on Monday to discuss a ceasefire, officials said.</p>
            <p>They agreed to meet again next week, according to a statement from both sides.</p>
            <p>Share this article</p></article>"#;
        let body = extract_body(&Dom::parse(html), &["Envoys meet in Geneva".to_string()], None);
        assert_eq!(body.paragraphs.len(), 2, "{:?}", body.paragraphs);
        let reasons: Vec<_> = body.removed.iter().map(|(_, r)| *r).collect();
        assert_eq!(reasons, vec!["title", "byline or fragment", "site furniture"]);
    }

    #[test]
    fn words_of_scripts_without_spaces() {
        assert_eq!(count_words("Talks resume in Geneva."), 4);
        // Every second character of a run of kana or ideographs, about a word's worth.
        assert_eq!(count_words("これが非常に困ったもの。"), 6);
        assert_eq!(count_words("Kindle for PCの起動"), 5);
        assert!(ends_like_sentence("これが非常に困ったもの。"));
        assert!(has_numeric_date("By Tess Bonn - 11/19/19 06:56 AM EST"));
        assert!(has_numeric_date("05.10.2018 - Publicado por: Clarissa"));
        assert!(has_numeric_date("2018-10-05"));
        assert!(!has_numeric_date("Version 1.2 at 3:45, 12.5 percent, 1/24 scale, 2019"));
    }

    #[test]
    fn story_among_lists_of_stories() {
        // The article sits in a page whose other parts are teasers and headline lists, which
        // together outweigh it: the container stays at the article, whatever the page wraps
        // around it, and a run of story cards inside it goes too.
        let teaser = |i: usize| format!("<div class=\"card\"><p>Another story number {i} about something else that happened somewhere far away, and more about it...</p></div>");
        let cards: String = (0..12).map(teaser).collect();
        let html = format!(
            r#"<html><body><div id="page"><div class="story">
            <p>The envoys met in Geneva on Monday to discuss a ceasefire, officials said on Tuesday evening.</p>
            <p>They agreed to meet again next week, according to a joint statement released by both delegations.</p>
            <blockquote class="twitter-tweet"><p>Talks went well today, more next week.</p>— Jane Doe (@jdoe) <a href="/s">November 18, 2019</a></blockquote>
            <h3><a href="/a">First headline of another story</a></h3><p>A short summary of it.</p>
            <h3><a href="/b">Second headline of another story</a></h3><p>A short summary of that.</p>
            <h3><a href="/c">Third headline of another story</a></h3><p>Yet another summary here.</p>
            <h3><a href="/d">Fourth headline of another story</a></h3>
            </div><div class="more">{cards}</div></div></body></html>"#
        );
        let body = extract_body(&Dom::parse(&html), &[], None);
        assert_eq!(
            body.paragraphs,
            vec![
                "The envoys met in Geneva on Monday to discuss a ceasefire, officials said on Tuesday evening.",
                "They agreed to meet again next week, according to a joint statement released by both delegations.",
                "Talks went well today, more next week.",
                "— Jane Doe (@jdoe) November 18, 2019",
            ]
        );
        let teasers = body.removed.iter().filter(|(_, r)| *r == "teaser").count();
        assert_eq!(teasers, 3, "{:?}", body.removed);
    }

    fn sentence(i: usize) -> String {
        format!("Update {i}: the envoys met again in Geneva on Monday to discuss the ceasefire and the exchange of prisoners, officials said.")
    }

    #[test]
    fn a_page_of_posts_under_boilerplate_names_falls_back_to_the_unpruned_container() {
        // A live blog whose posts are each small and named like teasers: pruned by name, they
        // leave the main strategy next to nothing.
        let posts: String = (0..8).map(|i| format!("<div class=\"post-teaser\"><p>{}</p></div>", sentence(i))).collect();
        let html = format!("<html><body><nav><a href=\"/\">Home</a> <a href=\"/w\">World</a></nav><div id=\"live\">{posts}</div></body></html>");
        let body = extract_body(&Dom::parse(&html), &[], None);
        assert_eq!(body.strategy, Strategy::Unpruned);
        assert_eq!(body.paragraphs, (0..8).map(sentence).collect::<Vec<_>>());
    }

    #[test]
    fn a_page_without_prose_of_its_own_falls_back_to_json_ld() {
        let html = "<html><body><div id=\"app\">Loading</div></body></html>";
        let ld = format!("{}\n\n{}", sentence(1), sentence(2).repeat(3));
        let body = extract_body(&Dom::parse(html), &[], Some(&ld));
        assert_eq!(body.strategy, Strategy::JsonLd);
        assert_eq!(body.paragraphs, vec![sentence(1), sentence(2).repeat(3)]);
        // An article of its own is kept, whatever the JSON-LD says.
        let html = format!("<html><body><article><p>{}</p><p>{}</p><p>{}</p></article></body></html>", sentence(1), sentence(2), sentence(3));
        let body = extract_body(&Dom::parse(&html), &[], Some("Something else entirely."));
        assert_eq!((body.strategy, body.paragraphs.len()), (Strategy::Container, 3));
    }

    #[test]
    fn a_list_of_articles_is_neither_the_container_nor_taken_in() {
        // The article, then a longer list of other stories, each an <article> with a summary.
        let others: String = (0..6).map(|i| format!("<article><h3>Other story {i}</h3><p>{} {}</p></article>", sentence(i), sentence(i + 10))).collect();
        let own: String = (1..5).map(|i| format!("<p>{}</p>", sentence(i))).collect();
        let html = format!("<html><body><main><article>{own}</article><section><h3>You may also like</h3>{others}</section></main></body></html>");
        let body = extract_body(&Dom::parse(&html), &[], None);
        assert_eq!(body.paragraphs, (1..5).map(sentence).collect::<Vec<_>>());
    }

    #[test]
    fn empty_and_garbage_pages() {
        assert!(extract_body(&Dom::parse(""), &[], None).paragraphs.is_empty());
        let junk = "<div><p>unclosed <b><i>x</div></p></table>".repeat(100);
        let _ = extract_body(&Dom::parse(&junk), &[], None);
    }
}
