//! Markdown to HTML with pulldown-cmark, and the facts the site needs from it: headings
//! with stable, de-duplicated ids, ids that clash, and internal links
//! (`@/guide/x.md#anchor`) with their positions.
//!
//! Rendering takes a read-only map from content paths to URLs and rewrites internal links
//! through it; whether a linked page or anchor exists is checked afterwards by `site.rs`,
//! once every page's headings are known. This module knows nothing of templates or files.

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// The HTML of a markdown text and what was found in it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<InternalLink>,
    /// Headings whose id is someone else's; `site.rs` reports them.
    pub clashes: Vec<Clash>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link written with the checked syntax, `@/path.md` or `@/path.md#anchor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub path: String,
    pub anchor: Option<String>,
    /// Byte offset of the link in the original file.
    pub offset: usize,
}

/// A heading whose id is already taken on its page. The heading still gets an id of its own
/// in the HTML (`give-notice-1`), but a link written for it would land elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash {
    /// `## Later {#x}` after another heading whose id is `x`.
    Duplicate { offset: usize, id: String },
    /// A heading whose id, written or made from its text, is a step's or an item's.
    Reserved {
        offset: usize,
        id: String,
        text: String,
        explicit: bool,
    },
}

/// Content paths (`guide/thank-you.md`) to the URLs they are published at (`/guide/thank-you/`).
/// Looked up for every internal link of every page; never iterated where order shows.
pub type UrlMap = HashMap<String, String>;

/// Render a page body that starts at byte `offset` of its file. `reserved` ids (steps and
/// checklist items on the same page) are never given to headings: a heading that would
/// have one is a [`Clash`].
///
/// The events stream from the parser to the HTML writer; only a heading's own events are
/// held, until its id is known.
pub fn render(body: &str, offset: usize, urls: &UrlMap, reserved: &HashSet<String>) -> Rendered {
    let mut found = Found {
        urls,
        reserved,
        ids: Ids {
            taken: reserved.clone(),
            next: HashMap::new(),
        },
        headings: Vec::new(),
        links: Vec::new(),
        clashes: Vec::new(),
    };
    let mut parser = Parser::new_ext(body, options()).into_offset_iter();
    // A heading's events, ready to be written, once its end is reached.
    let mut held: VecDeque<Event<'_>> = VecDeque::new();
    let events = std::iter::from_fn(|| {
        if let Some(event) = held.pop_front() {
            return Some(event);
        }
        let (mut event, range) = parser.next()?;
        let at = offset + range.start;
        found.link(&mut event, at);
        let Event::Start(Tag::Heading { level, id, .. }) = &event else {
            return Some(event);
        };
        let (level, explicit) = (*level, id.as_ref().map(|i| i.to_string()));
        let mut inner = Vec::new();
        for (mut event, range) in parser.by_ref() {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                break;
            }
            found.link(&mut event, offset + range.start);
            inner.push(event);
        }
        found.heading(level, explicit, at, inner, &mut held);
        held.pop_front()
    });
    // Markdown's HTML is longer than its text, by a third on a page of prose and links.
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    html::push_html(&mut html, events);
    Rendered {
        html,
        headings: found.headings,
        links: found.links,
        clashes: found.clashes,
    }
}

/// What rendering one body finds, and what it needs to find it.
struct Found<'u> {
    urls: &'u UrlMap,
    reserved: &'u HashSet<String>,
    ids: Ids,
    headings: Vec<Heading>,
    links: Vec<InternalLink>,
    clashes: Vec<Clash>,
}

impl Found<'_> {
    /// Rewrite an internal link's destination to its URL (and record the link).
    fn link(&mut self, event: &mut Event<'_>, at: usize) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(url) = rewrite(dest_url, at, self.urls, &mut self.links)
        {
            *dest_url = url.into();
        }
    }

    /// Give a heading its id, and queue its HTML: the heading is a link to itself unless
    /// it holds a link of its own.
    fn heading<'a>(
        &mut self,
        level: HeadingLevel,
        explicit: Option<String>,
        at: usize,
        inner: Vec<Event<'a>>,
        out: &mut VecDeque<Event<'a>>,
    ) {
        let text = plain_text(&inner);
        let id = match explicit {
            Some(id) if self.reserved.contains(&id) => {
                self.clashes.push(Clash::Reserved {
                    offset: at,
                    id: id.clone(),
                    text: text.clone(),
                    explicit: true,
                });
                id
            }
            Some(id) => {
                if !self.ids.taken.insert(id.clone()) {
                    self.clashes.push(Clash::Duplicate {
                        offset: at,
                        id: id.clone(),
                    });
                }
                id
            }
            None => {
                let slug = slugify(&text);
                if self.reserved.contains(&slug) {
                    self.clashes.push(Clash::Reserved {
                        offset: at,
                        id: slug.clone(),
                        text: text.clone(),
                        explicit: false,
                    });
                }
                self.ids.unique(slug)
            }
        };
        let n = level as u8;
        let has_link = inner
            .iter()
            .any(|e| matches!(e, Event::Start(Tag::Link { .. })));
        let escaped_id = escape(&id);
        if has_link {
            out.push_back(Event::Html(format!("<h{n} id=\"{escaped_id}\">").into()));
            out.extend(inner);
        } else {
            out.push_back(Event::Html(
                format!("<h{n} id=\"{escaped_id}\"><a class=\"anchor\" href=\"#{escaped_id}\">")
                    .into(),
            ));
            out.extend(inner);
            out.push_back(Event::Html("</a>".into()));
        }
        out.push_back(Event::Html(format!("</h{n}>\n").into()));
        self.headings.push(Heading { level: n, id, text });
    }
}

/// Render one line of inline markdown (a checklist item, a step's text) without the
/// surrounding paragraph.
pub fn render_inline(text: &str, offset: usize, urls: &UrlMap) -> Rendered {
    let mut out = render(text, offset, urls, &HashSet::new());
    let trimmed = out.html.trim_end();
    if let Some(inner) = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        && !inner.contains("<p>")
    {
        out.html = inner.to_owned();
    }
    out
}

/// Split `@/path.md#anchor` into its parts; `None` for any other link.
pub fn parse_internal(target: &str) -> Option<(&str, Option<&str>)> {
    let rest = target.strip_prefix("@/")?;
    Some(match rest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor)),
        None => (rest, None),
    })
}

/// The id a heading with this text gets: lowercase words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') && !matches!(c, '\'' | '’') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "section".into()
    } else {
        slug.into()
    }
}

/// Plain text (a title, a label, an email's sentence) with straight quotes made typographic
/// (’ ‘ “ ”) exactly as markdown text is, by pulldown-cmark's smart punctuation, so the site
/// has one convention whatever its author typed. Nothing else changes: every other ASCII
/// punctuation mark is escaped first, so no markdown (or dash or ellipsis) is read into it.
pub fn typeset(text: &str) -> String {
    if !text.contains(['\'', '"']) {
        return text.to_owned();
    }
    let mut escaped = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        if c.is_ascii_punctuation() && c != '\'' && c != '"' {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    let mut out = String::with_capacity(text.len() + 8);
    // Markdown drops a paragraph's outer spaces; the text keeps its own.
    out.push_str(&text[..text.len() - text.trim_start().len()]);
    for event in Parser::new_ext(&escaped, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            _ => {}
        }
    }
    out.push_str(&text[text.trim_end().len()..]);
    out
}

/// Escape text for an HTML attribute or element.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The URL for an internal link, recording it for the later existence check.
fn rewrite(
    dest: &str,
    offset: usize,
    urls: &UrlMap,
    links: &mut Vec<InternalLink>,
) -> Option<String> {
    let (path, anchor) = parse_internal(dest)?;
    links.push(InternalLink {
        path: path.into(),
        anchor: anchor.map(Into::into),
        offset,
    });
    let url = urls.get(path)?;
    Some(match anchor {
        Some(a) => [url.as_str(), "#", a].concat(),
        None => url.clone(),
    })
}

/// The ids taken on one page, and for each automatic id the next number to try after it.
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// `base`, or `base-1`, `base-2`, … whichever is free first, now taken.
    ///
    /// Numbering resumes where the last heading with the same base stopped, so 20,000
    /// headings `# a` cost 20,000 tries, not 200 million. Every `base-n` is tried at most
    /// once, as a string splits into base and number only one way.
    fn unique(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let next = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{next}");
            *next += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            text.push_str(t);
        }
    }
    text
}

/// The text of inline HTML (a checklist item as markdown renders it): tags dropped,
/// entities decoded, white space collapsed.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            if rest.starts_with("<br") {
                out.push(' ');
            }
            rest = &rest[end..];
        } else {
            let (c, len) = entity(rest).unwrap_or(('&', 1));
            out.push(c);
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The character an HTML entity at the start of `text` stands for, and its length.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.get(..12).unwrap_or(text).find(';')?;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {

    #[test]
    fn typeset_makes_quotes_curly_and_leaves_everything_else() {
        for (plain, typeset) in [
            (
                "Ask how they'd like you to keep in touch",
                "Ask how they’d like you to keep in touch",
            ),
            (r#"Say "thank you" first"#, "Say “thank you” first"),
            (
                "Follow-up: *not* a [link](x) -- or #1...",
                "Follow-up: *not* a [link](x) -- or #1...",
            ),
            (" Bye, {name}'s friend\nSam ", " Bye, {name}’s friend\nSam "),
            ("It's <b>&amp;</b>", "It’s <b>&amp;</b>"),
            ("no quotes at all", "no quotes at all"),
        ] {
            assert_eq!(super::typeset(plain), typeset, "{plain}");
        }
    }
    use super::*;

    fn urls() -> UrlMap {
        UrlMap::from([(
            "guide/thank-you.md".to_owned(),
            "/guide/thank-you/".to_owned(),
        )])
    }

    #[test]
    fn headings_get_unique_ids_and_anchor_links() {
        let r = render(
            "# Hello, world!\n\n## Hello world\n\n## Why? {#why}\n",
            0,
            &urls(),
            &HashSet::new(),
        );
        assert_eq!(
            r.html,
            "<h1 id=\"hello-world\"><a class=\"anchor\" href=\"#hello-world\">Hello, world!</a></h1>\n\
             <h2 id=\"hello-world-1\"><a class=\"anchor\" href=\"#hello-world-1\">Hello world</a></h2>\n\
             <h2 id=\"why\"><a class=\"anchor\" href=\"#why\">Why?</a></h2>\n"
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["hello-world", "hello-world-1", "why"]);
    }

    /// The ids `body`'s headings get, then each clash, when `reserved` ids are taken.
    fn ids(body: &str, reserved: &[&str]) -> String {
        let reserved = reserved.iter().map(|r| r.to_string()).collect();
        let r = render(body, 100, &urls(), &reserved);
        let mut out: Vec<String> = r.headings.into_iter().map(|h| h.id).collect();
        for clash in r.clashes {
            out.push(match clash {
                Clash::Duplicate { offset, id } => format!("| duplicate `{id}` at {offset}"),
                Clash::Reserved {
                    offset,
                    id,
                    text,
                    explicit,
                } => format!("| `{text}` takes `{id}` at {offset}, explicit: {explicit}"),
            });
        }
        out.join(" ")
    }

    #[test]
    fn heading_ids_are_unique_and_clashes_are_reported() {
        let cases = [
            ("# a\n# a\n# a\n", &[][..], "a a-1 a-2"),
            ("# a-1\n# a\n# a\n", &[], "a-1 a a-2"),
            ("# a\n# b {#a-1}\n# a\n", &[], "a a-1 a-2"),
            ("# x {#a}\n# a\n", &[], "a a-1"),
            ("# a-1\n# a\n# a-1\n", &[], "a-1 a a-1-1"),
            ("# a {#x}\n# b {#x}\n", &[], "x x | duplicate `x` at 109"),
            ("# a\n# b {#a}\n", &[], "a a | duplicate `a` at 104"),
            (
                "# Send thanks\n",
                &["send-thanks"],
                "send-thanks-1 | `Send thanks` takes `send-thanks` at 100, explicit: false",
            ),
            (
                "intro\n\n## Other {#send-thanks}\n",
                &["send-thanks"],
                "send-thanks | `Other` takes `send-thanks` at 107, explicit: true",
            ),
            ("# Send thanks {#thanks}\n", &["send-thanks"], "thanks"),
        ];
        for (body, reserved, expected) in cases {
            assert_eq!(ids(body, reserved), expected, "{body:?}");
        }
    }

    #[test]
    fn many_equal_headings_are_numbered_in_one_pass() {
        let r = render(&"# a\n".repeat(20_000), 0, &urls(), &HashSet::new());
        assert_eq!(r.headings[1].id, "a-1");
        assert_eq!(r.headings[19_999].id, "a-19999");
    }

    #[test]
    fn internal_links_are_rewritten_and_recorded() {
        let r = render(
            "Intro.\n\nSee [notes](@/guide/thank-you.md#when) and [gone](@/nope.md).\n",
            100,
            &urls(),
            &HashSet::new(),
        );
        assert_eq!(
            r.html,
            "<p>Intro.</p>\n<p>See <a href=\"/guide/thank-you/#when\">notes</a> and <a href=\"@/nope.md\">gone</a>.</p>\n"
        );
        assert_eq!(
            r.links[0],
            InternalLink {
                path: "guide/thank-you.md".into(),
                anchor: Some("when".into()),
                offset: 112
            }
        );
        assert_eq!(r.links[1].offset, 151);
    }

    #[test]
    fn inline_rendering_drops_the_paragraph() {
        assert_eq!(
            render_inline("Say *thanks*", 0, &urls(),).html,
            "Say <em>thanks</em>"
        );
    }

    #[test]
    fn smart_punctuation_tables_and_footnotes_are_on() {
        let r = render(
            "\"Hi\" -- it's\n\n|a|\n|-|\n|b|\n\nNote[^1]\n\n[^1]: Foot.\n",
            0,
            &urls(),
            &HashSet::new(),
        );
        assert!(r.html.contains("“Hi” – it’s"), "{}", r.html);
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slugify("Don't send it twice!"), "dont-send-it-twice");
        assert_eq!(slugify("Café & co"), "café-co");
        assert_eq!(slugify("???"), "section");
    }

    #[test]
    fn html_to_text_drops_tags_and_decodes_entities() {
        let cases = [
            (
                "Send a <strong>thank-you</strong> note",
                "Send a thank-you note",
            ),
            (
                "Read <a href=\"/guide/#why\">why</a> &amp; &lt;then&gt; act",
                "Read why & <then> act",
            ),
            ("Say &quot;hi&quot; &#39;now&#x27;", "Say \"hi\" 'now'"),
            ("one<br />two", "one two"),
            ("  spaced\n out  ", "spaced out"),
            ("a & b; &unknown; &#xZZ;", "a & b; &unknown; &#xZZ;"),
            ("It’s <code>x &lt; y</code>", "It’s x < y"),
        ];
        for (html, expected) in cases {
            assert_eq!(html_to_text(html), expected, "{html}");
        }
    }
}
