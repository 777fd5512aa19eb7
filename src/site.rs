//! The site model: turns parsed content files into pages with URLs, sections, ordering,
//! navigation, resolved links and validated checklists, steps and templates.
//!
//! Pure: it takes file texts and returns a [`Site`] plus diagnostics. Every check that needs
//! more than one file happens here: duplicate URLs, links to missing pages or anchors, a
//! `checklist:` key that points at a guide. Each problem is reported and the work goes on,
//! so one run shows them all; the site is usable only when no diagnostic was produced.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Hints, Report};
use crate::discover::SourceFile;
use crate::frontmatter::{self, Field, FrontMatter, Kind, Located};
use crate::markdown::{self, Clash, InternalLink, UrlMap};
use crate::rules::{self, Rule, Vocabulary};

pub mod letter;
pub use letter::{Paragraph, Run};

/// The last URL segment of the print-all booklet of checklists (`/booklet/`), which the
/// renderer adds to every site that has a checklist. No page or alias may take its URL.
pub const BOOKLET_SLUG: &str = "booklet";

/// The whole site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub settings: Settings,
    /// Pages sorted by URL; index 0 is the home page.
    pub pages: Vec<Page>,
    /// The words the site's timing rules use.
    pub vocabulary: Vocabulary,
    /// Every timed action, once, in reading order of where it is defined.
    pub actions: Vec<Action>,
    /// Every published content path and its URL: what internal links resolve against.
    pub urls: UrlMap,
    /// Content files that exist but are not published, and why a link to one is broken
    /// (empty when the file has a problem of its own, which is reported instead).
    pub unpublished: HashMap<String, &'static str>,
}

/// Something the candidate does at a time a rule gives: defined once, by the step or
/// checklist item that carries its `due` rule, and shown by every step and item that
/// names it with `action`.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// Unique in the site: the id of the step or item that defines it.
    pub id: String,
    /// Plain text.
    pub title: String,
    pub due: DueView,
    /// The phase of the step that defines it, if it has one.
    pub phase: Option<String>,
    /// The page that defines it, and the id it has there.
    #[serde(skip)]
    pub page: usize,
    /// Every place it appears, the definition first: page index and element id.
    #[serde(skip)]
    pub appears: Vec<(usize, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// `content/guide/thank-you.md`
    pub source: std::path::PathBuf,
    /// `guide/thank-you.md`
    pub content_path: String,
    pub kind: Kind,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    /// `/guide/thank-you/`, under the path of `base_url` when it has one.
    pub url: String,
    /// The folder in the output that holds `index.html`: `guide/thank-you/`, or empty.
    pub path: String,
    /// Old URLs that redirect here, as output paths (`old/index.html`), with the offset of
    /// each alias in the source.
    pub aliases: Vec<Located<String>>,
    /// Which of the loaded source files this page is (an index into the sources `assemble`
    /// was given).
    pub source_index: usize,
    /// Where the markdown body starts in the source, for pages that have one (not
    /// templates, whose body is the email). The body is rendered when the page is, by
    /// [`render_body`], so the site never holds every page's HTML at once.
    pub body: Option<usize>,
    /// The internal links of the front matter (steps, items), checked with the body's by
    /// [`check_links`].
    pub links: Vec<InternalLink>,
    pub steps: Vec<StepView>,
    pub items: Vec<ItemView>,
    pub template: Option<TemplateView>,
    /// The theme template chosen with `layout:`, checked against the theme by `load`.
    pub layout: Option<Located<String>>,
    /// The section this page belongs to (its folder's `_index.md`, or the home page).
    pub parent: Option<usize>,
    /// For home and sections: their pages and subsections, ordered by weight then title.
    pub children: Vec<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

/// A link from front matter, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub url: String,
    pub title: String,
}

/// When something is due: the rule as written, and as data for the planner.
#[derive(Debug, Clone, Serialize)]
pub struct DueView {
    /// The rule as written in the content.
    pub text: String,
    /// The rule in plain English for candidates.
    pub label: String,
    pub rule: Rule,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub id: String,
    pub title: String,
    /// The action this step defines (its own id) or shows.
    pub action: Option<String>,
    pub phase: Option<String>,
    pub due: Option<DueView>,
    pub text: Option<String>,
    pub guide: Option<Target>,
    pub checklist: Option<Target>,
    pub template: Option<Target>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    pub id: String,
    /// Inline HTML.
    pub text: String,
    /// The action this item defines (its own id) or shows.
    pub action: Option<String>,
    pub due: Option<DueView>,
    pub guide: Option<Target>,
    pub template: Option<Target>,
}

/// Literal text, or the name of a field to fill in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Segment {
    Text(String),
    Field(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct TemplateView {
    pub subject: Vec<Run>,
    /// Paragraphs of the email body.
    pub body: Vec<Paragraph>,
    /// The fields holding the recipient's address and a copy's.
    pub to: Option<String>,
    pub cc: Option<String>,
    /// Who gets a note each (`interviewer`), when fields are filled per person.
    pub people: Option<String>,
    pub fields: Vec<Field>,
    pub max_words: Option<u32>,
    /// Inline HTML.
    pub tips: Vec<String>,
}

/// Build the site model from the content files. `None` when the home page is missing or
/// unusable; otherwise the site, which is complete only if no diagnostic came back.
pub fn assemble(
    sources: &[SourceFile],
    base_url: Option<&str>,
    drafts: bool,
) -> (Option<Site>, Vec<Diagnostic>) {
    assemble_with(sources, base_url, drafts, None)
}

/// [`assemble`], parsing only the files whose text `cache` has not seen.
pub fn assemble_with(
    sources: &[SourceFile],
    base_url: Option<&str>,
    drafts: bool,
    mut cache: Option<&mut Parses>,
) -> (Option<Site>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut previous = cache.as_deref_mut().and_then(|cache| cache.previous.take());
    let parses = parse_all(sources, cache);
    let mut files = Vec::new();
    // Files that exist but are not published: links to them are reported differently.
    let mut unpublished: HashMap<String, &'static str> = HashMap::new();
    for (index, ((new, parse), source)) in parses.iter().zip(sources).enumerate() {
        problems.extend(parse.problems.iter().cloned());
        let parsed = parse.front.as_ref().map(|(front, body_offset)| Parsed {
            index,
            new: *new,
            source,
            front,
            title: &parse.title,
            description: parse.description.as_deref(),
            body: &source.text[*body_offset..],
            body_offset: *body_offset,
        });
        match parsed {
            Some(p) if p.front.draft && !drafts => {
                unpublished.insert(
                    source.content_path.clone(),
                    "is a draft (build with `--drafts`, or remove the link)",
                );
            }
            Some(p) => files.push(p),
            None => {
                unpublished.insert(source.content_path.clone(), "");
            }
        }
    }
    let Some(home) = files
        .iter()
        .position(|f| f.source.content_path == "_index.md")
    else {
        if !sources.iter().any(|s| s.content_path == "_index.md") {
            problems.push(Diagnostic::file(
                "content/_index.md",
                "missing home page: `content/_index.md` holds the site settings (title, description, base_url)",
            ));
        }
        return (None, problems);
    };
    files.swap(0, home);
    let settings = settings(files[0].front, base_url);
    let (mut vocabulary, declared) = rules::vocabulary::declared(files[0].front.planner.as_ref());
    vocabulary.map_text(markdown::typeset);
    let home_source = files[0].source;
    problems.extend(declared.into_iter().map(|(offset, message)| {
        Diagnostic::at(&home_source.path, &home_source.text, offset, message)
    }));

    let prefix = url_prefix(&settings.base_url);
    let same_prefix = previous.as_ref().filter(|p| p.prefix == prefix);
    let previous_pages = same_prefix.map_or(&[][..], |p| &p.pages);
    // `None`: the URLs of the page at the same place in the replaced model.
    let urls = assign_urls(&files, &prefix, previous_pages, &mut problems);
    // The URLs of the replaced model, when they are all as they were.
    let same_urls = previous.as_mut().and_then(|previous| {
        let same = previous.urls.len() == files.len()
            && files.iter().zip(&urls).all(|(f, u)| {
                u.as_ref()
                    .is_none_or(|u| previous.urls.get(&f.source.content_path) == Some(&u.url))
            });
        same.then(|| std::mem::take(&mut previous.urls))
    });
    let same_urls_kept = same_urls.is_some();
    let url_map: UrlMap = same_urls.unwrap_or_else(|| {
        let old = previous.as_ref().map_or(&[][..], |p| &p.pages);
        (files.iter().zip(&urls).enumerate())
            .filter_map(|(i, (f, u))| {
                let url = u.as_ref().map(|u| &u.url).or(old.get(i).map(|p| &p.url))?;
                Some((f.source.content_path.clone(), url.clone()))
            })
            .collect()
    });
    let kinds: HashMap<&str, (Kind, &str)> = files
        .iter()
        .map(|f| {
            (
                f.source.content_path.as_str(),
                (f.front.kind, f.front.title.as_str()),
            )
        })
        .collect();
    let ctx = Resolve {
        urls: &url_map,
        kinds: &kinds,
        words: &vocabulary,
    };
    let previous = previous.map(|p| p.pages).unwrap_or_default();
    let in_place = previous.len() == files.len()
        && (previous.iter().zip(&files)).all(|(p, f)| p.content_path == f.source.content_path);
    let (mut pages, page_problems) = if in_place {
        keep_in_place(previous, &files, urls, same_urls_kept, &ctx)
    } else {
        let urls: Vec<Urls> = (urls.into_iter().zip(&files).enumerate())
            .map(|(i, (u, f))| {
                u.or_else(|| previous.get(i).map(Urls::of))
                    .unwrap_or_else(|| made(f, &prefix).into())
            })
            .collect();
        let kept = keep(previous, &files, &urls, same_urls_kept);
        // Unzipped as they are made: a page is large, and 10,000 of them are not moved twice.
        files
            .par_iter()
            .zip(urls)
            .zip(kept)
            .map(|((f, u), kept)| match kept {
                Some(page) => (page, Vec::new()),
                None => build_page(f, u, &ctx),
            })
            .unzip()
    };
    problems.extend(page_problems.into_iter().flatten());
    link_sections(&mut pages);
    let actions = link_actions(&mut pages, &files, &mut problems);
    check_dates_of(&files, &actions, &mut problems);
    let site = Site {
        settings,
        pages,
        vocabulary,
        actions,
        urls: url_map,
        unpublished,
    };
    (Some(site), problems)
}

/// Render the markdown body of `page` (read from `sources`, the files the site was
/// assembled from): its HTML, headings, internal links and heading ids that clash. Empty
/// for a page without a markdown body (a template).
pub fn render_body(site: &Site, sources: &[SourceFile], page: &Page) -> markdown::Rendered {
    let Some(offset) = page.body else {
        return markdown::Rendered::default();
    };
    let text = &sources[page.source_index].text;
    let reserved: HashSet<String> = page
        .steps
        .iter()
        .map(|s| s.id.clone())
        .chain(page.items.iter().map(|i| i.id.clone()))
        .collect();
    markdown::render(&text[offset..], offset, &site.urls, &reserved)
}

/// The problems a rendered body has on its own: heading ids that clash. Links to a
/// heading are written with the id its text gives, so a heading that silently became
/// `give-notice-1` because a step is `give-notice` would leave such links passing the check
/// and landing on the step: an automatic id that clashes is an error too, whose fix is an
/// explicit id.
pub fn body_problems(page: &Page, sources: &[SourceFile], clashes: &[Clash]) -> Vec<Diagnostic> {
    if clashes.is_empty() {
        return Vec::new();
    }
    let mut report = Report::new(&page.source, &sources[page.source_index].text);
    for clash in clashes {
        let kind = "heading ids that clash";
        match clash {
            Clash::Duplicate { offset, id } => report.push(kind, *offset, || {
                format!("duplicate heading id `{id}`: a heading above has it already, and links to `#{id}` go there")
            }),
            Clash::Reserved {
                offset,
                id,
                explicit: true,
                ..
            } => report.push(kind, *offset, || {
                format!("heading id `{id}` is the id of a step or item on this page: choose another id")
            }),
            Clash::Reserved { offset, id, text, .. } => report.push(kind, *offset, || {
                format!("heading `{text}` would have the id `{id}` of a step or item on this page: give the heading its own id by ending its line with `{{#another-id}}`")
            }),
        }
    }
    report.finish()
}

/// What the link check needs of one rendered page: the ids of its headings and the
/// internal links of its body that are not known to be good yet.
#[derive(Debug, Clone, Default)]
pub struct BodyFacts {
    pub headings: Vec<String>,
    pub links: Vec<InternalLink>,
}

impl BodyFacts {
    /// The facts of a body with these headings and links. A link to a page of the site
    /// without an anchor is good already and is not kept: at 10,000 pages the links kept
    /// for the check would otherwise outweigh the site model.
    pub fn new(
        site: &Site,
        headings: Vec<markdown::Heading>,
        links: Vec<InternalLink>,
    ) -> BodyFacts {
        let mut links = links;
        links.retain(|l| l.anchor.is_some() || !site.urls.contains_key(&l.path));
        links.shrink_to_fit();
        BodyFacts {
            headings: headings.into_iter().map(|h| h.id).collect(),
            links,
        }
    }
}

/// Check every internal link of the site (front matter's and bodies', `bodies[i]` being
/// page `i`'s) against the pages and their anchors: headings, steps and items.
pub fn check_links(
    site: &Site,
    sources: &[SourceFile],
    bodies: &[Arc<BodyFacts>],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    // Each target's anchors are looked up in its own short lists, not gathered into a set
    // per page: 10,000 sets would cost more memory than the whole site model.
    let index: HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| (page.content_path.as_str(), i))
        .collect();
    let anchors = |target: usize| {
        let page = &site.pages[target];
        bodies[target]
            .headings
            .iter()
            .map(String::as_str)
            .chain(page.steps.iter().map(|s| s.id.as_str()))
            .chain(page.items.iter().map(|i| i.id.as_str()))
    };
    // The pages with a broken link are found in parallel; only those are then reported, one
    // after the other, so the hints (which share one budget) are the same in every run.
    let broken = |link: &InternalLink| match index.get(link.path.as_str()) {
        None => site.unpublished.get(link.path.as_str()) != Some(&""),
        Some(&target) => link
            .anchor
            .as_deref()
            .is_some_and(|a| !anchors(target).any(|id| id == a)),
    };
    let broken: Vec<bool> = site
        .pages
        .par_iter()
        .zip(bodies)
        .map(|(page, body)| page.links.iter().chain(&body.links).any(broken))
        .collect();
    let mut hints = Hints::default();
    for ((page, body), _) in site
        .pages
        .iter()
        .zip(bodies)
        .zip(broken)
        .filter(|(_, broken)| *broken)
    {
        let mut report = Lazy::new(&page.source, &sources[page.source_index].text);
        for link in page.links.iter().chain(&body.links) {
            let Some(&target) = index.get(link.path.as_str()) else {
                let why = match site.unpublished.get(link.path.as_str()) {
                    // The target has its own error already; one report is enough.
                    Some(&"") => continue,
                    why => why.copied(),
                };
                report.push("broken links", link.offset, || match why {
                    Some(why) => format!("broken link: `content/{}` {why}", link.path),
                    None => missing_page(&link.path, &site.urls, &mut hints),
                });
                continue;
            };
            if let Some(anchor) = link
                .anchor
                .as_deref()
                .filter(|a| !anchors(target).any(|id| id == *a))
            {
                report.push("broken links", link.offset, || {
                    let ids: Vec<&str> = anchors(target).collect();
                    let hint = hints
                        .suggest(anchor, ids)
                        .map(|s| format!(" (did you mean `#{s}`?)"))
                        .unwrap_or_default();
                    format!(
                        "broken link: `@/{}` has no heading or item `#{anchor}`{hint}",
                        link.path
                    )
                });
            }
        }
        problems.extend(report.finish());
    }
    problems
}

/// A file whose front matter parsed.
struct Parsed<'a> {
    /// The index of `source` among the files `assemble` was given.
    index: usize,
    /// Whether the file was parsed now, not taken as parsed for the model it replaces.
    new: bool,
    source: &'a SourceFile,
    front: &'a FrontMatter,
    /// The title and description, typeset.
    title: &'a str,
    description: Option<&'a str>,
    body: &'a str,
    body_offset: usize,
}

struct Urls {
    url: String,
    path: String,
    aliases: Vec<Located<String>>,
}

impl Urls {
    /// The URLs `page` was made with.
    fn of(page: &Page) -> Urls {
        Urls {
            url: page.url.clone(),
            path: page.path.clone(),
            aliases: page.aliases.clone(),
        }
    }
}

impl From<Made> for Urls {
    /// The URLs made for a file, without the aliases that are not allowed.
    fn from(made: Made) -> Urls {
        Urls {
            url: made.url,
            path: made.path,
            aliases: made
                .aliases
                .into_iter()
                .filter_map(Result::ok)
                .map(|(_, a)| a)
                .collect(),
        }
    }
}

/// What front-matter links resolve against.
struct Resolve<'a> {
    urls: &'a UrlMap,
    kinds: &'a HashMap<&'a str, (Kind, &'a str)>,
    words: &'a Vocabulary,
}

/// The parses of content files, kept by `serve` from one rebuild to the next: a file whose
/// text is unchanged is not parsed again.
#[derive(Debug, Default)]
pub struct Parses {
    /// By content path: the hash of the text parsed, and what came of it.
    by_path: HashMap<String, (u128, Arc<Parse>)>,
    /// What the next model may take of the one it replaces ([`Parses::replacing`]).
    previous: Option<Previous>,
}

/// The pages of the model the next one replaces, in its order, its URLs, and the path of
/// its base URL they start with.
#[derive(Debug)]
struct Previous {
    pages: Vec<Page>,
    urls: UrlMap,
    prefix: String,
}

impl Parses {
    /// Hand over the pages and URLs of `site`, the model that the next [`assemble_with`]
    /// replaces: one made, without problems, by the last [`assemble_with`] with these
    /// parses. A page whose file parsed as before, at the same place and URLs, and which
    /// reads nothing of other pages (no steps or items; a template reads only the URLs,
    /// when they are all as they were) is moved into the next model instead of being made
    /// again. `site` is left without pages and URLs.
    pub fn replacing(&mut self, site: &mut Site) {
        self.previous = Some(Previous {
            pages: std::mem::take(&mut site.pages),
            urls: std::mem::take(&mut site.urls),
            prefix: url_prefix(&site.settings.base_url),
        });
    }
}

/// What parsing one file gave: its front matter and where its body starts, when the front
/// matter could be read, and its problems.
#[derive(Debug)]
struct Parse {
    front: Option<(FrontMatter, usize)>,
    problems: Vec<Diagnostic>,
    /// The front matter's title and description typeset, as pages show them: kept with the
    /// parse, so a rebuild typesets only the files that changed.
    title: String,
    description: Option<String>,
}

/// A file's front matter and body, as much as could be read, and the problems of its front
/// matter. A file with problems still takes part in the site when its front matter could be
/// read, so that its body and its links are checked in the same run.
fn parse(source: &SourceFile) -> Parse {
    let text = &source.text;
    let split = match frontmatter::split(text) {
        Ok(split) => split,
        // An empty file has no line to point at.
        Err((_, msg)) if text.trim().is_empty() => {
            return Parse {
                front: None,
                problems: vec![Diagnostic::file(&source.path, msg)],
                title: String::new(),
                description: None,
            };
        }
        Err((offset, msg)) => {
            return Parse {
                front: None,
                problems: vec![Diagnostic::at(&source.path, text, offset, msg)],
                title: String::new(),
                description: None,
            };
        }
    };
    let is_index = source.content_path.rsplit('/').next() == Some("_index.md");
    let is_root = source.content_path == "_index.md";
    let (front, problems) = frontmatter::parse(&source.path, text, &split, is_index, is_root);
    let title = front.as_ref().map(|f| markdown::typeset(&f.title));
    let description = front
        .as_ref()
        .and_then(|f| f.description.as_deref())
        .map(markdown::typeset);
    Parse {
        front: front.map(|front| (front, split.body_offset)),
        problems,
        title: title.unwrap_or_default(),
        description,
    }
}

/// Every file's parse, from `cache` when its text is the one parsed before, which is then
/// brought up to date (and forgets files that are gone).
fn parse_all(sources: &[SourceFile], cache: Option<&mut Parses>) -> Vec<(bool, Arc<Parse>)> {
    let Some(cache) = cache else {
        return sources
            .par_iter()
            .map(|s| (true, Arc::new(parse(s))))
            .collect();
    };
    // Each file's parse, and its digest when it was parsed now.
    let parses: Vec<(Option<u128>, Arc<Parse>)> = sources
        .par_iter()
        .map(|source| {
            let digest = source.digest();
            match cache.by_path.get(&source.content_path) {
                Some((known, parse)) if *known == digest => (None, Arc::clone(parse)),
                _ => (Some(digest), Arc::new(parse(source))),
            }
        })
        .collect();
    // Only what was parsed now is written back; files that are gone are forgotten.
    for (source, (digest, parse)) in sources.iter().zip(&parses) {
        if let Some(digest) = digest {
            let entry = (*digest, Arc::clone(parse));
            cache.by_path.insert(source.content_path.clone(), entry);
        }
    }
    if cache.by_path.len() > sources.len() {
        let present: HashSet<&str> = sources.iter().map(|s| s.content_path.as_str()).collect();
        cache
            .by_path
            .retain(|path, _| present.contains(path.as_str()));
    }
    parses
        .into_iter()
        .map(|(digest, parse)| (digest.is_some(), parse))
        .collect()
}

fn settings(front: &FrontMatter, base_url: Option<&str>) -> Settings {
    let site = front.site.as_ref();
    let base = base_url
        .map(str::to_owned)
        .or_else(|| site.map(|s| s.base_url.value.clone()))
        .unwrap_or_default();
    Settings {
        title: markdown::typeset(&front.title),
        description: markdown::typeset(front.description.as_deref().unwrap_or_default()),
        base_url: format!("{}/", base.trim_end_matches('/')),
        language: site.map_or_else(|| "en".into(), |s| s.language.clone()),
        theme: site.map_or_else(|| "default".into(), |s| s.theme.clone()),
    }
}

/// Give every file its URL and alias paths; report unsafe slugs and aliases and URLs that
/// two files would share. Each file's URLs are its own, and are made in parallel; which
/// file takes a URL first is then decided in the files' order, with the problems in the
/// order of one pass over the files.
fn assign_urls(
    files: &[Parsed<'_>],
    prefix: &str,
    previous: &[Page],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Option<Urls>> {
    let booklet = files
        .iter()
        .any(|f| f.front.kind == Kind::Checklist)
        .then(|| url_of(&[BOOKLET_SLUG]));
    let reserved = "is reserved for the booklet of every checklist";
    // A file parsed as before, at the same place in the files as a page of the replaced
    // model (made with the same prefix, and without problems), has that page's URLs: `None`.
    let made: Vec<Option<Made>> = (files.par_iter().enumerate())
        .map(|(i, file)| match previous.get(i) {
            Some(page)
                if !file.new
                    && page.aliases.is_empty()
                    && page.content_path == file.source.content_path =>
            {
                None
            }
            _ => Some(made(file, prefix)),
        })
        .collect();
    // Each URL (without the prefix) and the file that took it last.
    let mut taken: HashMap<&str, &Path> = HashMap::with_capacity(files.len());
    // The problems of each file's URL and of each of its aliases that has a URL, in order.
    let mut clashes: Vec<Option<Diagnostic>> = Vec::with_capacity(files.len());
    for (i, (file, made)) in files.iter().zip(&made).enumerate() {
        let source = file.source;
        let at = |offset, msg: String| Diagnostic::at(&source.path, &source.text, offset, msg);
        let (url, aliases) = match made {
            Some(made) => (made.url.as_str(), made.aliases.as_slice()),
            None => (previous.get(i).map_or("", |p| p.url.as_str()), &[][..]),
        };
        let url = url.strip_prefix(prefix).unwrap_or(url);
        clashes.push(if booklet.as_deref() == Some(url) {
            let message = format!("URL `{url}` {reserved}: rename the file or give it a `slug`");
            Some(Diagnostic::file(&source.path, message))
        } else {
            taken.insert(url, &source.path).map(|other| {
                let message = format!("URL `{url}` is already used by `{}`", other.display());
                Diagnostic::file(&source.path, message)
            })
        });
        for (alias, made) in file.front.aliases.iter().zip(aliases) {
            let Ok((alias_url, _)) = made else {
                continue;
            };
            clashes.push(if booklet.as_ref() == Some(alias_url) {
                let message = format!("alias `{alias_url}` {reserved}: choose another path");
                Some(at(alias.offset, message))
            } else {
                taken.insert(alias_url, &source.path).map(|other| {
                    let message = format!(
                        "alias `{}` is already used by `{}`",
                        alias.value,
                        other.display()
                    );
                    at(alias.offset, message)
                })
            });
        }
    }
    drop(taken);
    let mut all = Vec::with_capacity(files.len());
    // One entry for each file's URL, then one for each of its aliases that has a URL.
    let mut found = clashes.into_iter();
    for made in made {
        let Some(made) = made else {
            problems.extend(found.next().flatten());
            all.push(None);
            continue;
        };
        problems.extend(made.problems);
        problems.extend(found.next().flatten());
        let mut aliases = Vec::with_capacity(made.aliases.len());
        for alias in made.aliases {
            match alias {
                Err(problem) => problems.push(problem),
                Ok((_, output)) => {
                    problems.extend(found.next().flatten());
                    aliases.push(output);
                }
            }
        }
        all.push(Some(Urls {
            url: made.url,
            path: made.path,
            aliases,
        }));
    }
    all
}

/// One file's URLs, as [`assign_urls`] makes them before it looks for clashes.
struct Made {
    /// With the prefix of the base URL.
    url: String,
    path: String,
    /// The problems of its name and slug.
    problems: Vec<Diagnostic>,
    /// Each alias's URL and output path, or why it is not allowed.
    aliases: Vec<Result<(String, Located<String>), Diagnostic>>,
}

/// The URLs of `file` under `prefix`, and the problems of its name and slug and aliases.
fn made(file: &Parsed<'_>, prefix: &str) -> Made {
    let source = file.source;
    let at = |offset, msg: String| Diagnostic::at(&source.path, &source.text, offset, msg);
    let mut problems = Vec::new();
    let path = source.content_path.as_str();
    let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
    let stem = name.trim_end_matches(".md");
    let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    if let Some(bad) = segments
        .iter()
        .chain(std::iter::once(&stem))
        .find(|s| **s != "_index" && !is_url_segment(s))
    {
        problems.push(Diagnostic::file(
            &source.path,
            format!("`{bad}` cannot be part of a URL: name files and folders with letters, digits, `-`, `_` and `.`"),
        ));
    }
    if stem != "_index" {
        match &file.front.slug {
            Some(slug) if !is_slug(&slug.value) => {
                let message = format!(
                    "invalid slug `{}`: use lowercase letters, digits and `-` only",
                    slug.value
                );
                problems.push(at(slug.offset, message));
                segments.push(stem);
            }
            Some(slug) => segments.push(&slug.value),
            None => segments.push(stem),
        }
    }
    let url = url_of(&segments);
    let aliases = file
        .front
        .aliases
        .iter()
        .map(|alias| match alias_path(&alias.value) {
            Err(msg) => Err(at(alias.offset, msg)),
            Ok((alias_url, output)) => Ok((
                alias_url,
                Located {
                    value: output,
                    offset: alias.offset,
                },
            )),
        })
        .collect();
    Made {
        path: url.trim_start_matches('/').to_owned(),
        url: format!("{prefix}{url}"),
        problems,
        aliases,
    }
}

/// The path part of the base URL without its last `/`: `` or `/careers`.
fn url_prefix(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.trim_end_matches('/').to_owned()
}

/// The URL for path segments: `/` or `/a/b/`.
fn url_of(segments: &[&str]) -> String {
    if segments.is_empty() {
        "/".into()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

/// An alias's URL and the file that holds its redirect, or why it is not allowed.
fn alias_path(alias: &str) -> Result<(String, String), String> {
    let segments: Vec<&str> = alias.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == ".") || alias.contains('\\') {
        return Err(format!(
            "alias `{alias}` escapes the output folder: use a path such as `/old/page/`"
        ));
    }
    if segments.is_empty() || !segments.iter().all(|s| is_url_segment(s)) {
        return Err(format!(
            "invalid alias `{alias}`: use a path such as `/old/page/` with letters, digits, `-`, `_` and `.`"
        ));
    }
    let last = segments[segments.len() - 1];
    if last.ends_with(".html") {
        return Ok((format!("/{}", segments.join("/")), segments.join("/")));
    }
    Ok((
        url_of(&segments),
        format!("{}/index.html", segments.join("/")),
    ))
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `s` can be one segment of a URL made from a content path: what `check` accepts in
/// the name of a folder or file under `content/`.
pub fn is_url_segment(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn missing_page(path: &str, urls: &UrlMap, hints: &mut Hints) -> String {
    let hint = hints
        .suggest(path, urls.keys().map(String::as_str))
        .map(|s| format!(" (did you mean `@/{s}`?)"))
        .unwrap_or_default();
    format!("broken link: no page `content/{path}`{hint}")
}

/// Render a page and check everything that concerns it alone.
fn build_page(file: &Parsed<'_>, urls: Urls, ctx: &Resolve<'_>) -> (Page, Vec<Diagnostic>) {
    let source = file.source;
    let front = &file.front;
    let mut check = Checker {
        report: Lazy::new(&source.path, &source.text),
        source,
        links: Vec::new(),
        ctx,
    };
    let steps: Vec<StepView> = front
        .steps
        .iter()
        .map(|s| StepView {
            id: s.id.value.clone(),
            title: markdown::typeset(&s.title),
            action: s.action.as_ref().map(|a| a.value.clone()),
            phase: s.phase.as_deref().map(markdown::typeset),
            due: check.due(s.due.as_ref()),
            text: s.text.as_ref().map(|t| check.inline(t)),
            guide: check.target(s.guide.as_ref(), "guide", None),
            checklist: check.target(s.checklist.as_ref(), "checklist", Some(Kind::Checklist)),
            template: check.target(s.template.as_ref(), "template", Some(Kind::Template)),
        })
        .collect();
    let items: Vec<ItemView> = front
        .items
        .iter()
        .map(|i| ItemView {
            id: i.id.value.clone(),
            text: check.inline(&i.text),
            action: i.action.as_ref().map(|a| a.value.clone()),
            due: check.due(i.due.as_ref()),
            guide: check.target(i.guide.as_ref(), "guide", None),
            template: check.target(i.template.as_ref(), "template", Some(Kind::Template)),
        })
        .collect();
    let ids: Vec<&Located<String>> = front
        .steps
        .iter()
        .map(|s| &s.id)
        .chain(front.items.iter().map(|i| &i.id))
        .collect();
    check.ids(&ids);
    // Pointed at `items:`; without one, the front matter has reported the key missing.
    let items_at = || {
        let front_matter = &file.source.text[..file.body_offset];
        frontmatter::locate(front_matter, "items", None, 0)
    };
    if front.kind == Kind::Checklist
        && items.is_empty()
        && let Some(offset) = items_at()
    {
        check.error(
            "empty checklists",
            offset,
            "a checklist needs at least one item in `items`",
        );
    }
    let template = front
        .template
        .as_ref()
        .map(|spec| check.template(spec, file.body, file.body_offset));
    let body = template.is_none().then_some(file.body_offset);
    let page = Page {
        source: source.path.clone(),
        content_path: source.content_path.clone(),
        kind: front.kind,
        title: file.title.to_owned(),
        description: file.description.map(str::to_owned),
        weight: front.weight,
        url: urls.url,
        path: urls.path,
        aliases: urls.aliases,
        source_index: file.index,
        body,
        links: std::mem::take(&mut check.links),
        steps,
        items,
        template,
        layout: front.layout.clone(),
        parent: None,
        children: Vec::new(),
        prev: None,
        next: None,
    };
    (page, check.report.finish())
}

/// For each of `files` (with its `urls`), its page in the `previous` model when that page
/// is what [`build_page`] would make of it now, ready to be linked into the new model. That
/// model had no problems (it was made), so neither has the page. A page is made of its
/// file's parse, its place among the files and its URLs; a template's also of the other
/// pages' URLs (its tips' links), and steps' and items' of the other pages' URLs, kinds and
/// titles and the site's words, and `link_actions` changes them. So a page without steps or
/// items (a template, only while every page's URL is as it was: `same_urls`), whose file
/// was not parsed again, at the same place and URLs, is the same page.
fn keep(
    previous: Vec<Page>,
    files: &[Parsed<'_>],
    urls: &[Urls],
    same_urls: bool,
) -> Vec<Option<Page>> {
    let mut kept: Vec<Option<Page>> = Vec::with_capacity(files.len());
    kept.resize_with(files.len(), || None);
    if previous.is_empty() {
        return kept;
    }
    // Files are usually where they were; the others are found by content path.
    let at: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .filter(|(i, f)| {
            previous
                .get(*i)
                .is_none_or(|p| p.content_path != f.source.content_path)
        })
        .map(|(i, f)| (f.source.content_path.as_str(), i))
        .collect();
    for (i, mut page) in previous.into_iter().enumerate() {
        let slot = match files.get(i) {
            Some(f) if f.source.content_path == page.content_path => Some(i),
            _ => at.get(page.content_path.as_str()).copied(),
        };
        let Some(slot) = slot else { continue };
        if same_page(&page, &files[slot], Some(&urls[slot]), same_urls) {
            unlink(&mut page);
            kept[slot] = Some(page);
        }
    }
    kept
}

/// [`keep`] when every file is where it was in the `previous` model, which then becomes
/// the new one: a page that is the same stays where it is, and only the others are made
/// again (in parallel) and put in their places; with each page's problems, in order.
fn keep_in_place(
    mut pages: Vec<Page>,
    files: &[Parsed<'_>],
    urls: Vec<Option<Urls>>,
    same_urls: bool,
    ctx: &Resolve<'_>,
) -> (Vec<Page>, Vec<Vec<Diagnostic>>) {
    let again: Vec<(usize, Urls)> = (urls.into_iter().enumerate())
        .filter(|(i, urls)| !same_page(&pages[*i], &files[*i], urls.as_ref(), same_urls))
        .map(|(i, urls)| (i, urls.unwrap_or_else(|| Urls::of(&pages[i]))))
        .collect();
    let made: Vec<(usize, (Page, Vec<Diagnostic>))> = again
        .into_par_iter()
        .map(|(i, urls)| (i, build_page(&files[i], urls, ctx)))
        .collect();
    pages.iter_mut().for_each(unlink);
    let mut problems = Vec::with_capacity(made.len());
    for (i, (page, found)) in made {
        pages[i] = page;
        problems.push(found);
    }
    (pages, problems)
}

/// Whether `page`, of the model being replaced, is what [`build_page`] would make of `file`
/// with `urls` now (see [`keep`]); `None` when the URLs are known to be the page's.
fn same_page(page: &Page, file: &Parsed<'_>, urls: Option<&Urls>, same_urls: bool) -> bool {
    !file.new
        && page.steps.is_empty()
        && page.items.is_empty()
        && (page.template.is_none() || same_urls)
        && page.source_index == file.index
        && page.source == file.source.path
        && urls
            .is_none_or(|u| page.url == u.url && page.path == u.path && page.aliases == u.aliases)
}

/// Clear what `link_sections` sets, for it to set again.
fn unlink(page: &mut Page) {
    page.parent = None;
    page.children.clear();
    page.prev = None;
    page.next = None;
}

/// A [`Report`] made when the first problem is pushed: making one indexes the lines of
/// its file, which a file without problems never needs.
struct Lazy<'a> {
    path: &'a Path,
    text: &'a str,
    report: Option<Report<'a>>,
}

impl<'a> Lazy<'a> {
    fn new(path: &'a Path, text: &'a str) -> Lazy<'a> {
        Lazy {
            path,
            text,
            report: None,
        }
    }

    fn push(&mut self, kind: &'static str, offset: usize, message: impl FnOnce() -> String) {
        let (path, text) = (self.path, self.text);
        self.report
            .get_or_insert_with(|| Report::new(path, text))
            .push(kind, offset, message);
    }

    fn finish(self) -> Vec<Diagnostic> {
        self.report.map(Report::finish).unwrap_or_default()
    }
}

/// Collects one page's problems and internal links while its parts are validated.
struct Checker<'a> {
    source: &'a SourceFile,
    report: Lazy<'a>,
    links: Vec<InternalLink>,
    ctx: &'a Resolve<'a>,
}

impl Checker<'_> {
    /// Report a problem of `kind` (a plural noun phrase) at byte `offset` of the page.
    fn error(&mut self, kind: &'static str, offset: usize, message: impl Into<String>) {
        self.report.push(kind, offset, || message.into());
    }

    fn due(&mut self, due: Option<&Located<String>>) -> Option<DueView> {
        let due = due?;
        match Rule::parse(&due.value, self.ctx.words) {
            Ok(rule) => Some(DueView {
                text: due.value.clone(),
                label: rule.describe(self.ctx.words),
                rule,
            }),
            Err(e) => {
                self.error(
                    "invalid timing rules",
                    due.offset + e.offset,
                    format!("invalid timing rule: {}", e.message),
                );
                None
            }
        }
    }

    fn inline(&mut self, text: &Located<String>) -> String {
        let rendered = markdown::render_inline(&text.value, text.offset, self.ctx.urls);
        self.links.extend(rendered.links);
        rendered.html
    }

    /// Resolve a front-matter link such as `guide: "@/guide/x.md#anchor"`.
    fn target(
        &mut self,
        link: Option<&Located<String>>,
        key: &str,
        kind: Option<Kind>,
    ) -> Option<Target> {
        let link = link?;
        let Some((path, anchor)) = markdown::parse_internal(&link.value) else {
            self.error("invalid link keys", link.offset, format!("`{key}` must be an internal link such as `@/guide/thank-you.md#anchor`, found `{}`", link.value));
            return None;
        };
        self.links.push(InternalLink {
            path: path.into(),
            anchor: anchor.map(Into::into),
            offset: link.offset,
        });
        let url = self.ctx.urls.get(path)?;
        let &(found, title) = self.ctx.kinds.get(path)?;
        if let Some(expected) = kind.filter(|k| *k != found) {
            self.error(
                "invalid link keys",
                link.offset,
                format!(
                    "`{key}` must link to a {}, but `@/{path}` is a {}",
                    expected.name(),
                    found.name()
                ),
            );
            return None;
        }
        Some(Target {
            url: anchor.map_or_else(|| url.clone(), |a| format!("{url}#{a}")),
            title: title.to_owned(),
        })
    }

    fn ids(&mut self, ids: &[&Located<String>]) {
        let mut seen = HashSet::new();
        for id in ids {
            if !is_slug(&id.value) {
                self.error(
                    "invalid ids",
                    id.offset,
                    format!(
                        "invalid id `{}`: use lowercase letters, digits and `-` only",
                        id.value
                    ),
                );
            } else if !seen.insert(id.value.as_str()) {
                self.error(
                    "duplicate ids",
                    id.offset,
                    format!(
                        "duplicate id `{}`: each step and item needs its own id",
                        id.value
                    ),
                );
            }
        }
    }

    fn template(
        &mut self,
        spec: &frontmatter::TemplateSpec,
        body: &str,
        body_offset: usize,
    ) -> TemplateView {
        let declared: HashMap<&str, &Field> =
            spec.fields.iter().map(|f| (f.name.as_str(), f)).collect();
        let mut used = HashSet::new();
        let mut seen = HashSet::new();
        for field in &spec.fields {
            if !is_field_name(&field.name) {
                self.error("invalid field names", field.offset, format!("invalid field name `{}`: use lowercase letters, digits and `_`, starting with a letter", field.name));
            } else if !seen.insert(field.name.as_str()) {
                self.error(
                    "duplicate fields",
                    field.offset,
                    format!("duplicate field `{}`", field.name),
                );
            }
        }
        let mut runs = |text: &str, offset: usize, this: &mut Self| {
            let (runs, uses, problems) = letter::runs(text, offset);
            for (at, message) in problems {
                this.error("optional parts", at, message);
            }
            for found in uses {
                let name = &found.name;
                used.insert(name.clone());
                let Some(field) = declared.get(name.as_str()) else {
                    this.report
                        .push("undeclared placeholders", found.offset, || {
                            let hint = crate::diagnostics::suggest(name, declared.keys().copied())
                                .map(|s| format!(" (did you mean `{{{s}}}`?)"))
                                .unwrap_or_else(|| " (declare it under `fields`)".into());
                            format!("undeclared placeholder `{{{name}}}`{hint}")
                        });
                    continue;
                };
                if field.required && found.optional {
                    this.error("optional parts", found.offset, format!("`{{{name}}}` is a needed field inside an optional part, which is left out when it is empty: make the field `required: false`, or move it out of the `[[ ]]`"));
                } else if !field.required && !found.optional {
                    this.error("optional parts", found.offset, format!("`{{{name}}}` is optional but stands outside an optional part, so an empty value would leave a gap: put the sentence that uses it in `[[ ]]`, or make the field `required: true`"));
                }
            }
            runs
        };
        // Checked as written; shown typeset (one quote convention), which moves no brace.
        runs(&spec.subject.value, spec.subject.offset, self);
        let subject = letter::runs(&markdown::typeset(&spec.subject.value), 0).0;
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for block in body.split("\n\n") {
            let trimmed = block.trim_matches(['\n', '\r']);
            let lead = block.len() - block.trim_start_matches(['\n', '\r']).len();
            if !trimmed.trim().is_empty() {
                runs(trimmed, body_offset + start + lead, self);
                let shown = letter::runs(&markdown::typeset(trimmed), 0).0;
                paragraphs.push(letter::paragraph(shown));
            }
            start += block.len() + 2;
        }
        self.recipients(spec, &declared);
        used.extend(spec.to.iter().chain(&spec.cc).map(|f| f.value.clone()));
        if paragraphs.is_empty() {
            self.error(
                "empty templates",
                body_offset.min(self.source.text.len()),
                "a template needs an email body after the front matter",
            );
        }
        for field in &spec.fields {
            if !used.contains(&field.name) {
                self.error(
                    "unused fields",
                    field.offset,
                    format!(
                        "field `{}` is declared but never used in `subject` or the body",
                        field.name
                    ),
                );
            }
        }
        if let Some(max) = spec.max_words {
            let words: usize = paragraphs
                .iter()
                .flat_map(|p| &p.runs)
                .flat_map(|r| &r.segments)
                .map(|s| match s {
                    Segment::Text(t) => t.split_whitespace().count(),
                    Segment::Field(n) => declared
                        .get(n.as_str())
                        .and_then(|f| f.example.as_deref())
                        .map_or(1, |e| e.split_whitespace().count()),
                })
                .sum();
            if words > max as usize {
                let offset =
                    frontmatter::locate(&self.source.text, "max_words", None, 0).unwrap_or(0);
                self.error("long templates", offset, format!("the body has {words} words with the examples filled in, more than `max_words: {max}`"));
            }
        }
        let tips = spec
            .tips
            .iter()
            .map(|t| markdown::render_inline(t, 0, self.ctx.urls).html)
            .collect();
        TemplateView {
            subject,
            body: paragraphs,
            to: spec.to.as_ref().map(|t| t.value.clone()),
            cc: spec.cc.as_ref().map(|t| t.value.clone()),
            people: spec.people.as_ref().map(|t| t.value.clone()),
            fields: spec
                .fields
                .iter()
                .map(|f| Field {
                    label: markdown::typeset(&f.label),
                    example: f.example.as_deref().map(markdown::typeset),
                    ..f.clone()
                })
                .collect(),
            max_words: spec.max_words,
            tips,
        }
    }

    /// `to` and `cc` name declared email fields; `people` is a plain noun with fields of its
    /// own, the first of them needed (it names the person); `per_person` needs `people`.
    fn recipients(&mut self, spec: &frontmatter::TemplateSpec, declared: &HashMap<&str, &Field>) {
        for (key, named) in [("to", &spec.to), ("cc", &spec.cc)] {
            let Some(named) = named else { continue };
            match declared.get(named.value.as_str()) {
                None => self.error(
                    "recipients",
                    named.offset,
                    format!(
                        "`{key}: {}` names no field of this template: declare it under `fields` with `type: email`",
                        named.value
                    ),
                ),
                Some(field) if field.kind != frontmatter::FieldKind::Email => self.error(
                    "recipients",
                    named.offset,
                    format!(
                        "`{key}: {}` names a field that is not an address: give it `type: email`",
                        named.value
                    ),
                ),
                Some(_) => {}
            }
        }
        let personal: Vec<&Field> = spec.fields.iter().filter(|f| f.per_person).collect();
        match (&spec.people, personal.first()) {
            (Some(people), None) => self.error(
                "people",
                people.offset,
                format!(
                    "`people: {}` needs fields with `per_person: true`: the ones that differ from one {} to the next",
                    people.value, people.value
                ),
            ),
            (Some(people), Some(first)) => {
                let word = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase());
                if people.value.len() > 40 || !people.value.split(' ').all(word) {
                    self.error(
                        "people",
                        people.offset,
                        format!("`people: {}` should be a plain noun in lowercase letters, such as `interviewer`", people.value),
                    );
                }
                if !first.required {
                    self.error(
                        "people",
                        first.offset,
                        format!("`{}` is the first field with `per_person: true`, so it names each {}: make it `required: true`", first.name, people.value),
                    );
                }
            }
            (None, Some(first)) => self.error(
                "people",
                first.offset,
                format!("`{}` has `per_person: true`, but the template has no `people`: add `people: interviewer` (or whoever gets a note each)", first.name),
            ),
            (None, None) => {}
        }
    }
}

fn is_field_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Split text at `{field}` placeholders, with the byte offset of each part. Braces around
/// anything that is not a field name stay as text.
///
/// One pass: the `}` found for one `{` is kept for the next `{` before it, so a body of
/// 100,000 `{` and one `}` is not scanned 100,000 times.
pub fn placeholders(text: &str) -> Vec<(usize, Segment)> {
    let mut parts = Vec::new();
    let mut literal_start = 0;
    let mut i = 0;
    let mut close: Option<usize> = None;
    while let Some(open) = text[i..].find('{').map(|o| o + i) {
        if close.is_none_or(|c| c < open) {
            close = text[open..].find('}').map(|c| c + open);
        }
        let Some(close) = close else {
            break;
        };
        if is_field_name(&text[open + 1..close]) {
            if open > literal_start {
                parts.push((
                    literal_start,
                    Segment::Text(text[literal_start..open].into()),
                ));
            }
            parts.push((open, Segment::Field(text[open + 1..close].into())));
            literal_start = close + 1;
            i = close + 1;
        } else {
            i = open + 1;
        }
    }
    if literal_start < text.len() {
        parts.push((literal_start, Segment::Text(text[literal_start..].into())));
    }
    parts
}

/// Pages in reading order: a page, then its children (already ordered by weight and
/// title), depth first from the home page. Pages a walk cannot reach come last, in the
/// site's order, so none is ever left out.
pub fn reading_order(pages: &[Page]) -> Vec<usize> {
    let mut order = Vec::with_capacity(pages.len());
    let mut seen = vec![false; pages.len()];
    let mut stack: Vec<usize> = if pages.is_empty() {
        Vec::new()
    } else {
        vec![0]
    };
    while let Some(index) = stack.pop() {
        if std::mem::replace(&mut seen[index], true) {
            continue;
        }
        order.push(index);
        stack.extend(pages[index].children.iter().rev());
    }
    order.extend((0..pages.len()).filter(|&i| !seen[i]));
    order
}

/// A template field's `date_of` names actions, so that the planner can fill it.
fn check_dates_of(files: &[Parsed<'_>], actions: &[Action], problems: &mut Vec<Diagnostic>) {
    for file in files {
        let Some(spec) = &file.front.template else {
            continue;
        };
        for id in spec.fields.iter().flat_map(|f| &f.date_of) {
            if !actions.iter().any(|a| a.id == id.value) {
                let hint =
                    crate::diagnostics::suggest(&id.value, actions.iter().map(|a| a.id.as_str()))
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| "an action is a step or item with a `due` rule".into());
                problems.push(Diagnostic::at(
                    &file.source.path,
                    &file.source.text,
                    id.offset,
                    format!("`date_of` names no action `{}` ({hint})", id.value),
                ));
            }
        }
    }
}

/// Collect the actions (steps and items with a `due` rule), once each, and give every step
/// and item that names one with `action` its rule and, when it has none, its title.
/// Reports an action defined twice, a name that is no action, a `due` beside an `action`,
/// and a step or item with neither a title nor an action to take one from.
fn link_actions(
    pages: &mut [Page],
    files: &[Parsed<'_>],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Action> {
    let order = reading_order(pages);
    let at = |page: usize, offset: usize, message: String| {
        let source = files[page].source;
        Diagnostic::at(&source.path, &source.text, offset, message)
    };
    let place = |page: usize, offset: usize| {
        let source = files[page].source;
        let (line, _) = crate::diagnostics::line_col(&source.text, offset);
        format!("{}:{line}", source.path.display())
    };
    // Every element of a page that can define or show an action: (id, due, action, title).
    struct Slot<'a> {
        id: &'a Located<String>,
        due: Option<&'a Located<String>>,
        action: Option<&'a Located<String>>,
        untitled: bool,
    }
    let slots = |page: usize| -> Vec<Slot<'_>> {
        let front = &files[page].front;
        let steps = front.steps.iter().map(|s| Slot {
            id: &s.id,
            due: s.due.as_ref(),
            action: s.action.as_ref(),
            untitled: s.title.trim().is_empty(),
        });
        let items = front.items.iter().map(|i| Slot {
            id: &i.id,
            due: i.due.as_ref(),
            action: i.action.as_ref(),
            untitled: i.text.value.trim().is_empty(),
        });
        steps.chain(items).collect()
    };
    let mut actions: Vec<Action> = Vec::new();
    let mut defined: HashMap<&str, (usize, usize)> = HashMap::new();
    for &p in &order {
        let steps = pages[p].steps.len();
        for (n, slot) in slots(p).into_iter().enumerate() {
            let Some(rule) = slot.due else { continue };
            if let Some(&(first, offset)) = defined.get(slot.id.value.as_str()) {
                let message = format!(
                    "action `{}` is defined twice: it is already defined at {}; define it once and show it elsewhere with `action: {}`",
                    slot.id.value,
                    place(first, offset),
                    slot.id.value
                );
                problems.push(at(p, slot.id.offset, message));
                continue;
            }
            defined.insert(&slot.id.value, (p, rule.offset));
            let page = &pages[p];
            let (title, due, phase) = if n < steps {
                let step = &page.steps[n];
                (step.title.clone(), step.due.clone(), step.phase.clone())
            } else {
                let item = &page.items[n - steps];
                (markdown::html_to_text(&item.text), item.due.clone(), None)
            };
            // A rule that did not parse has its own diagnostic already.
            let Some(due) = due else { continue };
            if n < steps {
                pages[p].steps[n].action = Some(slot.id.value.clone());
            } else {
                pages[p].items[n - steps].action = Some(slot.id.value.clone());
            }
            actions.push(Action {
                id: slot.id.value.clone(),
                title,
                due,
                phase,
                page: p,
                appears: vec![(p, slot.id.value.clone())],
            });
        }
    }
    let index: HashMap<String, usize> = actions
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i))
        .collect();
    for &p in &order {
        let steps = pages[p].steps.len();
        for (n, slot) in slots(p).into_iter().enumerate() {
            let Some(name) = slot.action else {
                if slot.untitled {
                    let what = if n < steps {
                        "a step needs a `title`"
                    } else {
                        "an item needs a `text`"
                    };
                    problems.push(at(
                        p,
                        slot.id.offset,
                        format!("{what}, or an `action` to take it from"),
                    ));
                }
                continue;
            };
            let Some(&a) = index.get(&name.value) else {
                if !defined.contains_key(name.value.as_str()) {
                    let hint =
                        crate::diagnostics::suggest(&name.value, index.keys().map(String::as_str))
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                "an action is a step or item with a `due` rule".into()
                            });
                    problems.push(at(
                        p,
                        name.offset,
                        format!("unknown action `{}` ({hint})", name.value),
                    ));
                }
                continue;
            };
            if let Some(due) = slot.due {
                let (first, offset) = defined[name.value.as_str()];
                let message = if (first, offset) == (p, due.offset) {
                    format!(
                        "`action: {}` names this step's own rule: remove `action`",
                        name.value
                    )
                } else {
                    format!(
                        "`due` restates the rule of action `{}`, defined at {}: remove this `due`",
                        name.value,
                        place(first, offset)
                    )
                };
                problems.push(at(p, due.offset, message));
                continue;
            }
            let action = &mut actions[a];
            action.appears.push((p, slot.id.value.clone()));
            if n < steps {
                let step = &mut pages[p].steps[n];
                step.due = Some(action.due.clone());
                if step.title.trim().is_empty() {
                    step.title = action.title.clone();
                }
            } else {
                let item = &mut pages[p].items[n - steps];
                item.due = Some(action.due.clone());
                if item.text.trim().is_empty() {
                    item.text = markdown::escape(&action.title);
                }
            }
        }
    }
    actions
}

/// Attach every page to its section, order sections' children, and link previous/next
/// pages within a section.
fn link_sections(pages: &mut [Page]) {
    // Each section by its folder (`` for the home page): a page's parent is the section of
    // the nearest folder above it that has one.
    let sections: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let path = p.content_path.as_str();
            match path.strip_suffix("_index.md")? {
                "" => Some(("", i)),
                folder => Some((folder.strip_suffix('/')?, i)),
            }
        })
        .collect();
    let mut parents = vec![0; pages.len()];
    for (i, parent_of) in parents.iter_mut().enumerate().skip(1) {
        let path = pages[i].content_path.as_str();
        let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
        let mut dir = if path.ends_with("_index.md") {
            folder.rsplit_once('/').map_or("", |(d, _)| d)
        } else {
            folder
        };
        let parent = loop {
            if let Some(&p) = sections.get(dir) {
                break p;
            }
            if dir.is_empty() {
                // Page 0 is the home page, `_index.md`.
                break 0;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        };
        *parent_of = parent;
    }
    drop(sections);
    for (i, &parent) in parents.iter().enumerate().skip(1) {
        pages[i].parent = Some(parent);
        pages[parent].children.push(i);
    }
    for i in 0..pages.len() {
        let mut children = std::mem::take(&mut pages[i].children);
        children.sort_by(|&a, &b| {
            (pages[a].weight, &pages[a].title, &pages[a].url).cmp(&(
                pages[b].weight,
                &pages[b].title,
                &pages[b].url,
            ))
        });
        let leaves: Vec<usize> = children
            .iter()
            .copied()
            .filter(|&c| !matches!(pages[c].kind, Kind::Section))
            .collect();
        for pair in leaves.windows(2) {
            pages[pair[0]].next = Some(pair[1]);
            pages[pair[1]].prev = Some(pair[0]);
        }
        pages[i].children = children;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_split_text_and_fields() {
        assert_eq!(
            placeholders("Hi {name}, {not a field} {x}"),
            vec![
                (0, Segment::Text("Hi ".into())),
                (3, Segment::Field("name".into())),
                (9, Segment::Text(", {not a field} ".into())),
                (25, Segment::Field("x".into())),
            ]
        );
    }

    #[test]
    fn placeholders_keep_stray_braces_as_text() {
        let cases = [
            ("{a}{b}", "F0:a F3:b"),
            ("{{a}}", "T0:{ F1:a T4:}"),
            ("{ a} {a", "T0:{ a} {a"),
            ("{a {b}", "T0:{a  F3:b"),
            ("}{a}{", "T0:} F1:a T4:{"),
            ("{A}{1a}{a-b}{}", "T0:{A}{1a}{a-b}{}"),
        ];
        for (text, expected) in cases {
            let parts: Vec<String> = placeholders(text)
                .into_iter()
                .map(|(at, s)| match s {
                    Segment::Text(t) => format!("T{at}:{t}"),
                    Segment::Field(f) => format!("F{at}:{f}"),
                })
                .collect();
            assert_eq!(parts.join(" "), expected, "{text}");
        }
        let braces = "{".repeat(200_000);
        assert_eq!(placeholders(&format!("{braces}}}")).len(), 1);
        assert_eq!(placeholders(&braces).len(), 1);
    }

    #[test]
    fn base_url_path_prefixes_urls() {
        assert_eq!(url_prefix("https://example.org/"), "");
        assert_eq!(
            url_prefix("https://example.org/careers/after/"),
            "/careers/after"
        );
        assert_eq!(url_prefix("http://127.0.0.1:1111"), "");
    }

    #[test]
    fn aliases_stay_inside_the_output() {
        assert_eq!(
            alias_path("/old/page/"),
            Ok(("/old/page/".into(), "old/page/index.html".into()))
        );
        assert_eq!(
            alias_path("old.html"),
            Ok(("/old.html".into(), "old.html".into()))
        );
        assert!(
            alias_path("/../../etc/passwd")
                .unwrap_err()
                .contains("escapes the output folder")
        );
        assert!(alias_path("/").unwrap_err().starts_with("invalid alias"));
    }
}
