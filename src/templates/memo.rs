//! What `serve` keeps of one build for the next: each page's files with a fingerprint of
//! everything its render read, so a rebuild renders again only the pages whose inputs
//! changed, and hands on the very same bytes for the others.
//!
//! A page's fingerprint covers its own source text (front matter and body), its URL and
//! place, the links it shows to other pages (parents, previous and next, children: their
//! titles, URLs and descriptions), its steps and items as resolved against the rest of the
//! site (link targets' titles, actions' rules), what its template reads of the rest of the
//! site (its tips' links, its fields' planner rules; the rest of it is its own text), the
//! planner data it carries, and the URL each internal link of its body resolves to (kept
//! apart: while no page's URL changed, no link resolves elsewhere, and the links are not
//! looked up again). Everything the pages share (the theme's files, the site context with
//! its navigation, the base URL) goes into one site fingerprint: when it changes, every
//! page is rendered again. The fingerprints decide nothing about correctness that the
//! rendering itself does not: a page whose inputs are all equal renders to equal bytes,
//! because rendering is a pure function of them.
//!
//! No rendering here (that is the parent module's), and nothing kept but by `serve`.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::{LinkContext, Shared, dates};
use crate::diagnostics::Diagnostic;
use crate::discover::SourceFile;
use crate::markdown::UrlMap;
use crate::output::OutputFile;
use crate::site::{BodyFacts, Page};
use crate::theme::Theme;

/// The pages of the last build and what they were made from.
#[derive(Debug, Default)]
pub struct Memo {
    /// The fingerprint of everything every page shares, when the pages were made.
    pub(super) site: u128,
    /// The fingerprint of every page's URL ([`urls`]) at the last build: what each page's
    /// `links_print` was last found true against.
    pub(super) urls: u128,
    /// By content path.
    pub(super) pages: HashMap<String, Arc<Done>>,
    /// The files about the whole site (404, sitemap, robots, the manifest), and the
    /// fingerprint of what they were made from.
    pub(super) site_files: Option<(u128, Arc<SiteFiles>)>,
    /// The theme's static files as minified, and the fingerprint of their sources.
    pub(super) statics: Option<(u128, Arc<SiteFiles>)>,
    /// Page `i`'s link as a template value, made for the link with this fingerprint.
    pub(super) link_values: Vec<(u128, tera::Value)>,
    /// The theme's templates as parsed, and the fingerprint of their sources.
    pub(super) tera: Option<(u128, tera::Tera)>,
    /// Page `i`'s permalink at the last build.
    pub(super) permalinks: Arc<Vec<String>>,
}

/// The files about the whole site, or the theme's static files, or why one could not be
/// made.
pub(super) type SiteFiles = Vec<Result<OutputFile, Diagnostic>>;

/// One page as rendered.
#[derive(Debug)]
pub struct Done {
    pub(super) fingerprint: u128,
    /// The content paths its body links to, and the fingerprint of the URLs they resolve
    /// to ([`links`]).
    pub(super) links: Vec<String>,
    pub(super) links_print: u128,
    /// Its files, and the digest of each one's bytes ([`super::digest`]).
    pub files: Vec<OutputFile>,
    pub digests: Vec<u64>,
    /// The fingerprint of the files' paths and claims ([`crate::output::claims_print`]).
    pub claims_print: u128,
    pub(super) facts: Arc<BodyFacts>,
    /// The problems of its body.
    pub(super) content: Vec<Diagnostic>,
}

/// A fingerprint being taken: every value is written with its length, so that no two
/// sequences of values give the same bytes. The bytes are gathered and hashed at once,
/// which for many short values is much faster than hashing each as it comes.
struct Print(Vec<u8>);

impl Print {
    fn new() -> Print {
        Print(Vec::with_capacity(1024))
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.0
            .extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn number(&mut self, n: u128) {
        self.0.extend_from_slice(&n.to_le_bytes());
    }

    fn option(&mut self, s: Option<&str>) {
        match s {
            None => self.number(0),
            Some(s) => {
                self.number(1);
                self.str(s);
            }
        }
    }

    fn link(&mut self, link: &LinkContext<'_>) {
        self.str(link.title);
        self.str(link.url);
        self.str(link.permalink);
        self.option(link.description);
        self.str(link.kind.name());
    }

    /// A value as its JSON, which is what a theme sees of it.
    fn json(&mut self, value: &impl Serialize) {
        // Written in place, then preceded by its length.
        let start = self.0.len();
        self.0.extend_from_slice(&[0; 8]);
        serde_json::to_writer(&mut self.0, value).expect("context values serialise");
        let len = (self.0.len() - start - 8) as u64;
        self.0[start..start + 8].copy_from_slice(&len.to_le_bytes());
    }

    fn finish(&self) -> u128 {
        xxhash_rust::xxh3::xxh3_128(&self.0)
    }
}

/// The fingerprint of what every page shares.
pub(super) fn site(theme: &Theme, site_context: &impl Serialize, build: bool) -> u128 {
    let mut print = Print::new();
    print.number(u128::from(build));
    print.json(site_context);
    print.number(templates(theme));
    print.number(statics(theme));
    print.finish()
}

/// The fingerprint of the theme's templates.
pub(super) fn templates(theme: &Theme) -> u128 {
    let mut print = Print::new();
    for (name, file) in &theme.templates {
        print.str(name);
        print.bytes(file.source.as_os_str().as_encoded_bytes());
        print.str(&file.contents);
    }
    print.finish()
}

/// The fingerprint of the theme's static files.
pub(super) fn statics(theme: &Theme) -> u128 {
    let mut print = Print::new();
    for (name, file) in &theme.statics {
        print.str(name);
        print.bytes(file.source.as_os_str().as_encoded_bytes());
        print.bytes(&file.contents);
    }
    print.finish()
}

/// The fingerprint of a link to a page, as [`page`] takes it for every page that shows it.
pub(super) fn link(link: &LinkContext<'_>) -> u128 {
    let mut print = Print::new();
    print.link(link);
    print.finish()
}

/// The fingerprint of the files about the whole site: every page's link (`links`, each
/// page's [`link`] fingerprint).
pub(super) fn site_files(site: u128, links: &[u128]) -> u128 {
    let mut print = Print::new();
    print.number(site);
    for &link in links {
        print.number(link);
    }
    print.finish()
}

/// The fingerprint of every published page's content path and URL. A sum of each pair's
/// fingerprint, so the order in which the map is walked does not count: two maps with the
/// same pairs, made by two rebuilds, give the same fingerprint.
pub(super) fn urls(urls: &UrlMap) -> u128 {
    let mut print = Print::new();
    urls.iter().fold(0, |sum: u128, (path, url)| {
        print.0.clear();
        print.str(path);
        print.str(url);
        sum.wrapping_add(print.finish())
    })
}

/// The fingerprint of the URLs that the content paths `links` (a page's body links)
/// resolve to.
pub(super) fn links(urls: &UrlMap, links: &[String]) -> u128 {
    let mut print = Print::new();
    for path in links {
        print.str(path);
        print.option(urls.get(path).map(String::as_str));
    }
    print.finish()
}

/// The fingerprint of everything `page`'s render reads besides what every page shares and
/// the URLs of its body's links ([`links`]).
pub(super) fn page(shared: &Shared<'_>, sources: &[SourceFile], page: &Page) -> u128 {
    let mut print = Print::new();
    // An entry kept from a build with another theme is never taken for this one's.
    print.number(shared.print);
    print.str(&page.content_path);
    print.bytes(page.source.as_os_str().as_encoded_bytes());
    print.number(sources[page.source_index].digest());
    print.str(page.kind.name());
    print.str(&page.title);
    print.option(page.description.as_deref());
    print.str(&page.url);
    print.str(&page.path);
    print.option(page.layout.as_ref().map(|l| l.value.as_str()));
    for alias in &page.aliases {
        print.str(&alias.value);
        print.number(alias.offset as u128);
    }
    // The pages it links to, each by the fingerprint of its link.
    let link = |i: usize| shared.link_prints[i];
    let mut parent = page.parent;
    while let Some(p) = parent {
        print.number(link(p));
        parent = shared.site.pages[p].parent;
    }
    for neighbour in [page.prev, page.next] {
        print.number(neighbour.map_or(0, link));
    }
    print.number(page.children.len() as u128);
    for &child in &page.children {
        print.number(link(child));
    }
    if !page.steps.is_empty() || !page.items.is_empty() {
        print.json(&(&page.steps, &page.items));
    }
    // A template's view is made of its own text (in the digest above), but for the links of
    // its tips, which resolve against the other pages' URLs, and its fields' planner dates,
    // which are the rules of actions defined elsewhere.
    if let Some(template) = &page.template {
        print.number(template.tips.len() as u128);
        for tip in &template.tips {
            print.str(tip);
        }
        for (field, rules) in dates(shared.site, template) {
            print.str(&field);
            print.str(&rules);
        }
    }
    print.str(shared.planner.of(page));
    print.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: impl Iterator<Item = (String, String)>) -> UrlMap {
        pairs.collect()
    }

    #[test]
    fn the_urls_fingerprint_is_that_of_the_pairs_not_of_the_walk() {
        let pairs = || (0..200).map(|i| (format!("s/p{i}.md"), format!("/s/p{i}/")));
        // Each map has its own hasher, so two maps walk the same pairs in other orders.
        let one = map(pairs());
        let two = map(pairs().rev());
        assert!(
            one.keys().ne(two.keys()),
            "the two maps walk their pairs in other orders"
        );
        assert_eq!(urls(&one), urls(&two));
        let mut moved = map(pairs());
        moved.insert("s/p7.md".into(), "/s/q7/".into());
        assert_ne!(urls(&one), urls(&moved));
        // A URL moved from one page to another is a change too.
        let mut swapped = map(pairs());
        swapped.insert("s/p1.md".into(), "/s/p2/".into());
        swapped.insert("s/p2.md".into(), "/s/p1/".into());
        assert_ne!(urls(&one), urls(&swapped));
    }
}
