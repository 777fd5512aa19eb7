//! Rendering with Tera: the context structs a theme sees (the theme API) and the files of
//! the built site, each handed on as soon as it is rendered.
//!
//! Themes see only the structs in this file, never the site model itself, so the engine's
//! internals can change without breaking a theme. Every template is parsed once per build;
//! pages are rendered in parallel. A template error becomes a diagnostic at its line.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, ErrorKind, Tera};

use crate::diagnostics::Diagnostic;
use crate::discover::SourceFile;
use crate::frontmatter::Kind;
use crate::markdown::Heading;
use crate::output::{Claim, OutputFile, Rank};
use crate::site::{
    BOOKLET_SLUG, BodyFacts, ItemView, Page, Run, Segment, Settings, Site, StepView, Target,
    TemplateView,
};
use crate::theme::Theme;

mod assets;
mod memo;
mod offline;
use assets::{fnv, minify, qr};
pub use memo::{Done, Memo};
pub use offline::{digest, service_worker};

/// Everything a template sees about the site; the same for every page.
#[derive(Debug, Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    /// The URL of the home page (`/`, or the path of `base_url`).
    home_url: String,
    /// Top-level sections and pages, in order, for the main navigation.
    nav: Vec<LinkContext<'a>>,
    /// URLs of the theme's stylesheet and core script, with a content hash against stale
    /// caches.
    css_url: String,
    js_url: String,
    /// The URL of every static file of the theme, by name, hashed the same way: pages load
    /// the extra scripts they need with `site.assets["template.js"]`.
    assets: BTreeMap<&'a str, String>,
    /// The site's address without its scheme, for print: `example.org/`.
    short_url: String,
    /// The print-all booklet of every checklist, when the site has checklists.
    booklet_url: Option<String>,
    /// The planner's words, for forms: `site.planner.events` (each `name`, `label`, `time`,
    /// `ends`…), `site.planner.facts` (each `name`, `label`, `values`), `holidays`.
    planner: &'a crate::rules::Vocabulary,
    /// The time assumed for an event given as a date alone: `17:00`.
    assumed_time: &'static str,
}

/// A link to another page. Made once per page and build, and borrowed by every page that
/// links there.
#[derive(Debug, Clone, Copy, Serialize)]
struct LinkContext<'a> {
    title: &'a str,
    url: &'a str,
    permalink: &'a str,
    description: Option<&'a str>,
    kind: Kind,
}

/// One page, as a theme sees it.
#[derive(Debug, Serialize)]
struct PageContext<'a> {
    /// `home`, `section`, `guide`, `checklist` or `template`; `booklet` for the print-all
    /// booklet of checklists.
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    url: &'a str,
    /// The absolute URL, for canonical and Open Graph tags.
    permalink: &'a str,
    /// The permalink without its scheme, for print: `example.org/checklists/x/`.
    short_url: String,
    /// Rendered markdown body.
    content: &'a str,
    /// `content` split before its first `<h2`: the introduction a page opens with, and the
    /// rest, so a theme can put the introduction before the contents box and the steps.
    intro: &'a str,
    body: &'a str,
    toc: &'a [Heading],
    /// Steps in runs of one phase (a single group without a name when no step has one).
    steps: Vec<StepGroup<'a>>,
    items: Vec<ItemContext<'a>>,
    template: Option<&'a TemplateView>,
    /// The template's subject and body ready to print: blanks carry `[Field label]` as text.
    segments: Option<Segments>,
    /// The section this page is in, then its section, up to the home page.
    breadcrumbs: Vec<LinkContext<'a>>,
    prev: Option<LinkContext<'a>>,
    next: Option<LinkContext<'a>>,
    /// For sections and the home page: their pages and subsections.
    children: Vec<LinkContext<'a>>,
    /// An inline SVG QR code of the permalink, on checklists and templates.
    qr_svg: Option<String>,
    /// On the booklet only: every checklist of the site, in reading order.
    booklet: Vec<BookletChecklist<'a>>,
    /// On the home page, what its scripts need besides the site's words (`words.js`): every
    /// action, as JSON safe to print inside `<script type="application/json">` (no `<`, `>`
    /// or `&`). Empty on every other page, and on the home page when it shows every action
    /// as a step (its steps are then the list).
    planner_json: &'a str,
    /// Whether the page shows a date the planner computes (a timed step or item, a template
    /// field filled from the planner, or the home page), so loads the rule evaluator.
    timed: bool,
}

/// One checklist of the print-all booklet. The booklet prints its cover on page 1, its
/// contents on page 2 and each checklist on a page of its own.
#[derive(Debug, Serialize)]
struct BookletChecklist<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: &'a str,
    short_url: String,
    /// The checklist's id in the booklet (`c1`, `c2`…), the target of the contents links.
    anchor: String,
    /// The printed page it is on.
    page_number: usize,
    items: Vec<ItemContext<'a>>,
}

/// A template's subject and paragraphs as runs of text and labelled blanks, and for each
/// field filled from the planner, the rules of its actions (JSON, in order).
#[derive(Debug, Serialize)]
struct Segments {
    subject: Vec<RunContext>,
    body: Vec<ParagraphContext>,
    dates: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
struct ParagraphContext {
    optional: bool,
    runs: Vec<RunContext>,
}

/// Text shown always, or only when every blank in it is filled (`optional`).
#[derive(Debug, Serialize)]
struct RunContext {
    optional: bool,
    segments: Vec<SegmentContext>,
}

/// Literal text (`field` is null) or a blank whose `text` is `[Field label]`.
#[derive(Debug, Serialize)]
struct SegmentContext {
    text: String,
    field: Option<String>,
}

/// Consecutive steps of one phase, numbered on from the steps before them.
#[derive(Debug, Serialize)]
struct StepGroup<'a> {
    phase: Option<&'a str>,
    /// The phase's anchor on its page (`phase-the-first-24-hours`), for the path at a glance.
    id: Option<String>,
    /// The checklist every step of a named phase links to, shown once for the phase; those
    /// steps then leave it out.
    checklist: Option<&'a Target>,
    /// The number of the group's first step, for `<ol start>`.
    start: usize,
    steps: Vec<StepContext<'a>>,
}

#[derive(Debug, Serialize)]
struct StepContext<'a> {
    #[serde(flatten)]
    step: &'a StepView,
    /// The rule as JSON for the page script, empty when the step has none.
    rule_data: String,
}

#[derive(Debug, Serialize)]
struct ItemContext<'a> {
    #[serde(flatten)]
    item: &'a ItemView,
    rule_data: String,
}

/// How much `render` makes of what cannot fail: `check` renders every template as `build`
/// does (a template error is a problem either way) but does not draw QR codes, which no
/// input can make fail, and whose drawing would be thrown away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Build,
    Check,
}

/// What [`render`] found besides the files it handed on.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The path and claim of every file emitted, for [`crate::output::claims`].
    pub claims: Vec<(String, Claim)>,
    /// Problems of the theme: templates that failed, scripts that did not minify.
    pub problems: Vec<Diagnostic>,
    /// Page `i`'s headings and body links, for [`crate::site::check_links`].
    pub bodies: Vec<Arc<BodyFacts>>,
    /// Problems of the content found in the bodies (heading ids that clash).
    pub content: Vec<Diagnostic>,
    /// With a memo, the pages taken from it as they were, in the site's order: their files
    /// were not handed to `emit`, and their claims are not in `claims`.
    pub kept: Vec<Arc<Done>>,
}

/// Render every page, alias, feed and static file of `site` (assembled from `sources`)
/// with `theme`, handing each file to `emit` as soon as it is made (from any thread, in no
/// particular order), so a build can write it and let it go. Each page's markdown body is
/// rendered here, just before its template, so memory holds a few pages' HTML at a time.
/// The theme's scripts are minified while the pages render.
///
/// With a `memo` of the previous build (`serve`), a page whose inputs are all as they were
/// is not rendered again: its entry in the memo (its files, their digests and the
/// fingerprint of their claims) is returned in [`Rendered::kept`] for the caller to hand
/// on, and the memo is brought up to date. With `only` as well (the caller knows that
/// nothing but those pages' bodies changed since the memo was made), every other page in
/// the memo is taken as it is, without comparing its inputs.
pub fn render(
    site: &Site,
    sources: &[SourceFile],
    theme: &Theme,
    mode: Mode,
    memo: Option<&mut Memo>,
    only: Option<&[usize]>,
    emit: &(dyn Fn(OutputFile) + Sync),
) -> Rendered {
    let mut out = Rendered::default();
    let mut memo = memo;
    // The templates parsed, or with a memo, taken as parsed the last time they were these.
    let loaded = match memo.as_deref_mut() {
        None => load(theme),
        Some(memo) => {
            let print = memo::templates(theme);
            match &memo.tera {
                Some((known, tera)) if *known == print => Ok(tera.clone()),
                _ => load(theme).inspect(|tera| memo.tera = Some((print, tera.clone()))),
            }
        }
    };
    let mut tera = match loaded {
        Ok(tera) => tera,
        Err(d) => {
            out.problems.push(d);
            return out;
        }
    };
    // Every page's permalink, or with a memo, those of the last build while they are all
    // the same (as they are unless a page moved or came or went).
    let permalinks = match memo.as_deref_mut() {
        None => Arc::new(permalinks(site)),
        Some(memo) => {
            let base = site.settings.base_url.as_str();
            let same = memo.permalinks.len() == site.pages.len()
                && (site.pages.par_iter().zip(memo.permalinks.par_iter())).all(|(page, known)| {
                    known.len() == base.len() + page.path.len()
                        && known.starts_with(base)
                        && known.ends_with(&page.path)
                });
            if !same {
                memo.permalinks = Arc::new(permalinks(site));
            }
            Arc::clone(&memo.permalinks)
        }
    };
    let links = page_links(site, &permalinks);
    // With a memo, each link's fingerprint, taken once for every page that shows it.
    let link_prints: Vec<u128> = match memo {
        Some(_) => links.par_iter().map(memo::link).collect(),
        None => Vec::new(),
    };
    let nav = site.pages[0].children.iter().map(|&c| links[c]).collect();
    let planner = PlannerData::new(site);
    let context = site_context(site, theme, nav, &planner);
    let site_print = memo
        .as_ref()
        .map(|_| memo::site(theme, &context, mode == Mode::Build));
    // Set once on the Tera instance, which passes it to every render: no page copies it.
    tera.global_context().insert("site", &context);
    drop(context);
    let shared = Shared {
        tera: &tera,
        site,
        theme,
        links: &links,
        link_prints: &link_prints,
        planner: &planner,
        mode,
        print: site_print.unwrap_or_default(),
    };
    // Each page's link as the files about the whole site see it, from the last build: a
    // link is made into a template value again only when it changed.
    let known_values = memo
        .as_deref_mut()
        .map(|m| std::mem::take(&mut m.link_values))
        .unwrap_or_default();
    // The memo's pages, when they were made with the same theme and site context.
    let known = memo
        .as_deref()
        .filter(|m| Some(m.site) == site_print)
        .map(|m| &m.pages);
    // While no page's URL changed, no body link resolves elsewhere than it did.
    let urls_print = memo.as_ref().map(|_| memo::urls(&site.urls));
    let same_urls = memo.as_deref().map(|m| m.urls) == urls_print;
    let files_print = site_print.map(|print| memo::site_files(print, &link_prints));
    let known_files = memo
        .as_deref()
        .and_then(|m| m.site_files.as_ref())
        .filter(|(print, _)| Some(*print) == files_print)
        .map(|(_, files)| Arc::clone(files));
    // The theme's static files depend on nothing else.
    let statics_print = memo.as_ref().map(|_| memo::statics(theme));
    let known_statics = memo
        .as_deref()
        .and_then(|m| m.statics.as_ref())
        .filter(|(print, _)| Some(*print) == statics_print)
        .map(|(_, files)| Arc::clone(files));

    let emitted = |file: OutputFile| {
        let claimed = (file.path.clone(), file.claim.clone());
        emit(file);
        claimed
    };
    // The files about the whole site (their context lists every page) and the theme's
    // minified files are made while the pages render, and let go before the pages' facts
    // have piled up.
    let (((site_files, values), statics), rendered) = rayon::join(
        || {
            rayon::join(
                || match known_files {
                    Some(files) => (files, None),
                    None => {
                        let values = link_values(&links, &link_prints, &known_values);
                        // Without a memo to keep them, the values go with the files' context
                        // and are not held while the pages render.
                        let (pages, kept) = match site_print {
                            Some(_) => (tera::Value::from(values.clone()), Some(values)),
                            None => (tera::Value::from(values), None),
                        };
                        (Arc::new(site_files(&shared, pages)), kept)
                    }
                },
                || known_statics.unwrap_or_else(|| Arc::new(statics(theme))),
            )
        },
        || {
            site.pages
                .par_iter()
                .enumerate()
                .map(|(index, page)| {
                    if let Some(done) = known.and_then(|pages| pages.get(&page.content_path))
                        && (only.is_some_and(|only| !only.contains(&index))
                            || (memo::page(&shared, sources, page) == done.fingerprint
                                && (same_urls
                                    || memo::links(&site.urls, &done.links) == done.links_print)))
                    {
                        let facts = Arc::clone(&done.facts);
                        let kept = Memoed::Kept(Arc::clone(done));
                        return (Ok(Vec::new()), facts, done.content.clone(), kept);
                    }
                    let body = crate::site::render_body(site, sources, page);
                    let content = crate::site::body_problems(page, sources, &body.clashes);
                    let result = render_page(&shared, index, page, &body.html, &body.headings);
                    let link_paths = site_print.map(|_| {
                        let paths: Vec<String> =
                            body.links.iter().map(|l| l.path.clone()).collect();
                        paths
                    });
                    let facts = Arc::new(BodyFacts::new(site, body.headings, body.links));
                    let files = result.map(|files| {
                        let claims: Vec<_> = files.iter().cloned().map(emitted).collect();
                        (files, claims)
                    });
                    let done = match (&files, link_paths) {
                        (Ok((files, claims)), Some(links)) => Memoed::New(Arc::new(Done {
                            fingerprint: memo::page(&shared, sources, page),
                            links_print: memo::links(&site.urls, &links),
                            links,
                            digests: files.iter().map(|f| digest(&f.bytes)).collect(),
                            claims_print: crate::output::claims_print(claims),
                            files: files.clone(),
                            facts: Arc::clone(&facts),
                            content: content.clone(),
                        })),
                        _ => Memoed::Not,
                    };
                    (files.map(|(_, claims)| claims), facts, content, done)
                })
                .collect::<Vec<_>>()
        },
    );
    let mut files: Vec<OutputFile> = Vec::new();
    let mut site_problems = Vec::new();
    for result in site_files.iter().chain(statics.iter()) {
        match result {
            Ok(file) => files.push(file.clone()),
            Err(d) => site_problems.push(d.clone()),
        }
    }
    out.bodies.reserve(rendered.len());
    let mut memo = memo.zip(site_print.zip(files_print));
    for ((result, facts, content, done), page) in rendered.into_iter().zip(&site.pages) {
        match result {
            Ok(claims) => out.claims.extend(claims),
            Err(d) => out.problems.push(d),
        }
        out.bodies.push(facts);
        out.content.extend(content);
        // The memo is brought up to date where pages were rendered.
        if let Memoed::Kept(done) = &done {
            out.kept.push(Arc::clone(done));
        }
        if let Some((memo, _)) = &mut memo {
            match done {
                Memoed::Kept(_) => {}
                Memoed::New(done) => {
                    memo.pages.insert(page.content_path.clone(), done);
                }
                Memoed::Not => {
                    memo.pages.remove(&page.content_path);
                }
            }
        }
    }
    if let Some((memo, (site_print, files_print))) = memo {
        if memo.pages.len() > site.pages.len() {
            let present: std::collections::HashSet<&str> =
                site.pages.iter().map(|p| p.content_path.as_str()).collect();
            memo.pages.retain(|path, _| present.contains(path.as_str()));
        }
        memo.site = site_print;
        memo.urls = urls_print.unwrap_or_default();
        memo.site_files = Some((files_print, site_files));
        memo.statics = statics_print.map(|print| (print, statics));
        memo.link_values = match values {
            Some(values) => link_prints.iter().copied().zip(values).collect(),
            None => known_values,
        };
    }
    if let Some(result) = render_booklet(&shared) {
        match result {
            Ok(file) => files.push(file),
            Err(d) => out.problems.push(d),
        }
    }
    // The site's words, for the scripts: made by the build, loaded like a theme script.
    files.push(OutputFile {
        path: WORDS.into(),
        bytes: planner.words_js.clone(),
        claim: Claim::new(Rank::Theme, &site.pages[0].source, None),
    });
    out.problems.extend(site_problems);
    out.claims.extend(files.into_iter().map(emitted));
    out
}

/// What became of a page's entry in the memo.
enum Memoed {
    /// The page was not rendered: its entry stands.
    Kept(Arc<Done>),
    /// The page was rendered, and this is its entry now.
    New(Arc<Done>),
    /// No entry: there is no memo, or the page could not be rendered.
    Not,
}

/// Every page's link as a template value (what `pages` holds in the files about the whole
/// site): taken from `known` (the values of the last build, with the fingerprints of the
/// links they were made of) where the link's fingerprint in `prints` is the same.
fn link_values(
    links: &[LinkContext<'_>],
    prints: &[u128],
    known: &[(u128, tera::Value)],
) -> Vec<tera::Value> {
    links
        .par_iter()
        .enumerate()
        .map(|(i, link)| match (known.get(i), prints.get(i)) {
            (Some((known, value)), Some(print)) if known == print => value.clone(),
            _ => tera::Value::from_serializable(link),
        })
        .collect()
}

/// The files about the whole site (their context lists every page, `pages`, each page's
/// link as a value): 404, sitemap, robots and the manifest.
fn site_files(shared: &Shared<'_>, pages: tera::Value) -> Vec<Result<OutputFile, Diagnostic>> {
    let Shared { tera, theme, .. } = shared;
    let mut files = Vec::new();
    let mut ctx = Context::new();
    ctx.insert_value("pages", pages);
    for (template, path) in [
        ("404.html", "404.html"),
        ("sitemap.xml", "sitemap.xml"),
        ("robots.txt", "robots.txt"),
        ("manifest.webmanifest", "manifest.webmanifest"),
    ] {
        files.push(
            tera.render(template, &ctx)
                .map(|text| OutputFile {
                    path: path.into(),
                    bytes: text.into_bytes().into(),
                    claim: theme_claim(theme, template),
                })
                .map_err(|e| template_error(theme, template, &e)),
        );
    }
    files
}

/// The theme's static files, minified.
fn statics(theme: &Theme) -> Vec<Result<OutputFile, Diagnostic>> {
    let statics = theme.statics.par_iter().map(|(name, file)| {
        minify(name, &file.contents)
            .map(|bytes| OutputFile {
                path: name.clone(),
                bytes: bytes.into(),
                claim: Claim::new(Rank::Theme, &file.source, None),
            })
            .map_err(|message| Diagnostic::file(&file.source, message))
    });
    statics.collect()
}

/// What every page's render reads: made once per build.
struct Shared<'a> {
    tera: &'a Tera,
    site: &'a Site,
    theme: &'a Theme,
    /// Page `i`'s link, as other pages show it.
    links: &'a [LinkContext<'a>],
    /// With a memo, the fingerprint of page `i`'s link; empty without one.
    link_prints: &'a [u128],
    planner: &'a PlannerData,
    mode: Mode,
    /// The fingerprint of what every page shares, when a memo is kept.
    print: u128,
}

impl Shared<'_> {
    /// The QR code of `url`, or in `check` a stand-in (drawing one cannot fail).
    fn qr(&self, url: &str) -> String {
        match self.mode {
            Mode::Build => qr(url),
            Mode::Check => "<svg></svg>".to_owned(),
        }
    }
}

/// The claim of a file the theme makes from template `name`.
fn theme_claim(theme: &Theme, name: &str) -> Claim {
    let source = theme.templates.get(name).map_or_else(
        || format!("themes/default/templates/{name}").into(),
        |t| t.source.clone(),
    );
    Claim::new(Rank::Theme, source, None)
}

/// A Tera engine as every theme template sees it: HTML and XML escaped, and a
/// `json_encode` filter for the files that are JSON or script (the manifest, the worker).
fn engine() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter(
        "json_encode",
        |value: tera::Value, _: tera::Kwargs, _: &tera::State| {
            let json = serde_json::to_string(&value).expect("template values serialise");
            tera::Value::safe_string(&json)
        },
    );
    tera
}

/// Parse every template of the theme once.
fn load(theme: &Theme) -> Result<Tera, Diagnostic> {
    let mut tera = engine();
    let sources: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|(n, f)| (n.as_str(), f.contents.as_str()))
        .collect();
    tera.add_raw_templates(sources).map_err(|e| {
        let name = match e.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => r.filename().to_owned(),
            _ => String::new(),
        };
        template_error(theme, &name, &e)
    })?;
    Ok(tera)
}

/// A Tera error as a diagnostic on the theme file, with the line it points at.
fn template_error(theme: &Theme, name: &str, error: &tera::Error) -> Diagnostic {
    let (name, message, span) = match error.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            if r.filename().is_empty() {
                name
            } else {
                r.filename()
            },
            r.message().to_owned(),
            Some(r.span().clone()),
        ),
        other => (name, other.to_string(), None),
    };
    let Some(file) = theme.templates.get(name) else {
        return Diagnostic::file(
            format!("themes/{name}"),
            format!("template error: {message}"),
        );
    };
    let message = format!("template error: {}", message.trim_end_matches('.'));
    match span {
        Some(span) => Diagnostic::at(&file.source, &file.contents, span.range.start, message),
        None => Diagnostic::file(&file.source, message),
    }
}

/// What every template sees of the site, with `nav`, the links of the home page's children.
fn site_context<'a>(
    site: &'a Site,
    theme: &'a Theme,
    nav: Vec<LinkContext<'a>>,
    planner: &PlannerData,
) -> SiteContext<'a> {
    let Settings {
        title,
        description,
        base_url,
        language,
        ..
    } = &site.settings;
    let home = &site.pages[0];
    let asset = |name: &str| {
        let hash = theme.statics.get(name).map_or(0, |f| fnv(&f.contents));
        format!("{}{name}?v={hash:08x}", home.url)
    };
    SiteContext {
        title,
        description,
        base_url,
        language,
        home_url: home.url.clone(),
        nav,
        css_url: asset("style.css"),
        js_url: asset("afterword.js"),
        assets: theme
            .statics
            .keys()
            .map(|name| (name.as_str(), asset(name)))
            .chain([(
                WORDS,
                format!("{}{WORDS}?v={:08x}", home.url, fnv(&planner.words_js)),
            )])
            .collect(),
        short_url: short_url(base_url),
        booklet_url: (!booklet_checklists(site).is_empty())
            .then(|| format!("{}{BOOKLET_SLUG}/", home.url)),
        planner: &site.vocabulary,
        assumed_time: crate::rules::vocabulary::ASSUMED_TIME,
    }
}

/// Page `index` of the site, `page`, with its body's `html` and `headings`, through its
/// kind's template: its file and its aliases' files.
fn render_page(
    shared: &Shared<'_>,
    index: usize,
    page: &Page,
    html: &str,
    headings: &[Heading],
) -> Result<Vec<OutputFile>, Diagnostic> {
    let Shared {
        tera,
        site,
        theme,
        links,
        planner,
        ..
    } = shared;
    let permalink = links[index].permalink;
    let short_url = short_url(permalink);
    let qr_svg = matches!(page.kind, Kind::Guide | Kind::Checklist | Kind::Template)
        .then(|| shared.qr(permalink));
    let mut breadcrumbs = Vec::new();
    let mut parent = page.parent;
    while let Some(p) = parent {
        breadcrumbs.push(links[p]);
        parent = site.pages[p].parent;
    }
    breadcrumbs.reverse();
    let first_h2 = html.find("<h2").unwrap_or(html.len());
    let ctx_page = PageContext {
        kind: page.kind.name(),
        title: &page.title,
        description: page
            .description
            .as_deref()
            .unwrap_or(&site.settings.description),
        url: &page.url,
        permalink,
        short_url,
        content: html,
        intro: &html[..first_h2],
        body: &html[first_h2..],
        toc: headings,
        steps: step_groups(&page.steps),
        items: items(page),
        template: page.template.as_ref(),
        segments: page.template.as_ref().map(|t| segments(site, t)),
        breadcrumbs,
        prev: page.prev.map(|i| links[i]),
        next: page.next.map(|i| links[i]),
        children: page.children.iter().map(|&c| links[c]).collect(),
        qr_svg,
        booklet: Vec::new(),
        planner_json: planner.of(page),
        timed: PlannerData::timed(page),
    };
    let mut ctx = Context::new();
    ctx.insert("page", &ctx_page);
    let name = match page.kind {
        Kind::Home => "home.html",
        Kind::Section => "section.html",
        Kind::Guide => page
            .layout
            .as_ref()
            .map_or("guide.html", |l| l.value.as_str()),
        Kind::Checklist => "checklist.html",
        Kind::Template => "template.html",
    };
    // Sized for the body and the theme's markup around it, so the page is written once
    // without growing; a template's output is always UTF-8 (its text and values are).
    let mut out = Vec::with_capacity(html.len() + html.len() / 8 + 8192);
    tera.render_to(name, &ctx, &mut out)
        .map_err(|e| template_error(theme, name, &e))?;
    let mut files = vec![OutputFile {
        path: format!("{}index.html", page.path),
        bytes: out.into(),
        claim: Claim::new(Rank::Page, &page.source, None),
    }];
    for alias in &page.aliases {
        let mut ctx = Context::new();
        ctx.insert("target", &page.url);
        ctx.insert("title", &page.title);
        let html = tera
            .render("alias.html", &ctx)
            .map_err(|e| template_error(theme, "alias.html", &e))?;
        files.push(OutputFile {
            path: alias.value.clone(),
            bytes: html.into_bytes().into(),
            claim: Claim::new(Rank::Alias, &page.source, Some(alias.offset)),
        });
    }
    Ok(files)
}

/// The print-all booklet: a cover, a contents page, then every checklist on a page of its
/// own. `None` when the site has no checklist.
fn render_booklet(shared: &Shared<'_>) -> Option<Result<OutputFile, Diagnostic>> {
    let Shared {
        tera,
        site,
        theme,
        links,
        ..
    } = shared;
    let checklists = booklet_checklists(site);
    if checklists.is_empty() {
        return None;
    }
    let home = &site.pages[0];
    let title = "Checklist booklet";
    let description = format!(
        "Every checklist of {}, one per page, in the order you will need them: print them all at once and tick them by hand.",
        site.settings.title
    );
    let url = format!("{}{BOOKLET_SLUG}/", home.url);
    let path = format!("{}{BOOKLET_SLUG}/", home.path);
    let permalink = format!("{}{path}", site.settings.base_url);
    let ctx_page = PageContext {
        kind: "booklet",
        title,
        description: &description,
        url: &url,
        short_url: short_url(&permalink),
        permalink: &permalink,
        content: "",
        intro: "",
        body: "",
        toc: &[],
        steps: Vec::new(),
        items: Vec::new(),
        template: None,
        segments: None,
        breadcrumbs: vec![links[0]],
        prev: None,
        next: None,
        children: checklists.iter().map(|&(i, _)| links[i]).collect(),
        qr_svg: Some(shared.qr(links[0].permalink)),
        planner_json: "",
        timed: false,
        booklet: checklists
            .iter()
            .enumerate()
            .map(|(n, &(_, page))| BookletChecklist {
                title: &page.title,
                description: page.description.as_deref(),
                url: &page.url,
                short_url: short_url(&format!("{}{}", site.settings.base_url, page.path)),
                anchor: format!("c{}", n + 1),
                page_number: n + 3,
                items: items(page),
            })
            .collect(),
    };
    let mut ctx = Context::new();
    ctx.insert("page", &ctx_page);
    Some(
        tera.render("booklet.html", &ctx)
            .map(|html| OutputFile {
                path: format!("{path}index.html"),
                bytes: html.into_bytes().into(),
                claim: theme_claim(theme, "booklet.html"),
            })
            .map_err(|e| template_error(theme, "booklet.html", &e)),
    )
}

/// Every checklist of the site in reading order, with its index: the pages of each section
/// by weight, sections in the order of their parent's pages, depth first.
fn booklet_checklists(site: &Site) -> Vec<(usize, &Page)> {
    let mut found = Vec::new();
    let mut stack = vec![0];
    while let Some(i) = stack.pop() {
        let page = &site.pages[i];
        if page.kind == Kind::Checklist {
            found.push((i, page));
        }
        stack.extend(page.children.iter().rev());
    }
    found
}

fn items(page: &Page) -> Vec<ItemContext<'_>> {
    page.items
        .iter()
        .map(|item| ItemContext {
            rule_data: rule_data(item.due.as_ref()),
            item,
        })
        .collect()
}

/// An absolute URL without its scheme: `example.org/checklists/x/`.
fn short_url(url: &str) -> String {
    url.split_once("://")
        .map_or(url, |(_, rest)| rest)
        .to_owned()
}

/// Every page's absolute URL, in the site's order.
fn permalinks(site: &Site) -> Vec<String> {
    let base = site.settings.base_url.as_str();
    site.pages
        .par_iter()
        .map(|p| [base, p.path.as_str()].concat())
        .collect()
}

/// The permalinks of the home page's children, for the navigation, with their indexes.
fn nav_permalinks(site: &Site) -> Vec<(usize, String)> {
    site.pages[0]
        .children
        .iter()
        .map(|&c| {
            (
                c,
                format!("{}{}", site.settings.base_url, site.pages[c].path),
            )
        })
        .collect()
}

/// Every page's link, in the site's order, given its [`permalinks`].
fn page_links<'a>(site: &'a Site, permalinks: &'a [String]) -> Vec<LinkContext<'a>> {
    site.pages
        .iter()
        .zip(permalinks)
        .map(|(p, permalink)| link(p, permalink))
        .collect()
}

fn link<'a>(page: &'a Page, permalink: &'a str) -> LinkContext<'a> {
    LinkContext {
        title: &page.title,
        url: &page.url,
        permalink,
        description: page.description.as_deref(),
        kind: page.kind,
    }
}

fn segments(site: &Site, template: &TemplateView) -> Segments {
    let label = |name: &str| {
        template
            .fields
            .iter()
            .find(|f| f.name == name)
            .map_or(name, |f| f.label.as_str())
            .to_owned()
    };
    let convert = |runs: &[Run]| {
        runs.iter()
            .map(|run| RunContext {
                optional: run.optional,
                segments: run
                    .segments
                    .iter()
                    .map(|s| match s {
                        Segment::Text(text) => SegmentContext {
                            text: text.clone(),
                            field: None,
                        },
                        Segment::Field(name) => SegmentContext {
                            text: format!("[{}]", label(name)),
                            field: Some(name.clone()),
                        },
                    })
                    .collect(),
            })
            .collect()
    };
    Segments {
        subject: convert(&template.subject),
        body: template
            .body
            .iter()
            .map(|p| ParagraphContext {
                optional: p.optional,
                runs: convert(&p.runs),
            })
            .collect(),
        dates: dates(site, template),
    }
}

/// For each field of `template` filled from the planner, the rules of its actions as JSON:
/// all that a template's page shows of the rest of the site besides its tips' links.
fn dates(site: &Site, template: &TemplateView) -> BTreeMap<String, String> {
    template
        .fields
        .iter()
        .filter(|f| !f.date_of.is_empty())
        .map(|f| {
            let rules: Vec<String> = f
                .date_of
                .iter()
                .filter_map(|id| site.actions.iter().find(|a| a.id == id.value))
                .map(|a| a.due.rule.compact())
                .collect();
            let json = serde_json::to_string(&rules).expect("strings serialise");
            (f.name.clone(), json)
        })
        .collect()
}

fn step_groups(steps: &[StepView]) -> Vec<StepGroup<'_>> {
    let mut groups: Vec<StepGroup<'_>> = Vec::new();
    for (n, step) in steps.iter().enumerate() {
        let phase = step.phase.as_deref();
        if groups.last().is_none_or(|g| g.phase != phase) {
            groups.push(StepGroup {
                phase,
                id: phase.map(|p| format!("phase-{}", crate::markdown::slugify(p))),
                checklist: None,
                start: n + 1,
                steps: Vec::new(),
            });
        }
        if let Some(group) = groups.last_mut() {
            group.steps.push(StepContext {
                rule_data: rule_data(step.due.as_ref()),
                step,
            });
        }
    }
    for group in groups.iter_mut().filter(|g| g.phase.is_some()) {
        let first = group.steps[0].step.checklist.as_ref();
        if first.is_some()
            && group
                .steps
                .iter()
                .all(|s| s.step.checklist.as_ref().map(|t| &t.url) == first.map(|t| &t.url))
        {
            group.checklist = first;
        }
    }
    groups
}

/// The output path of the site's words for the scripts: `afterword.words`, the vocabulary
/// the rules are written in (its events, facts and holidays).
const WORDS: &str = "words.js";

/// What the page scripts need to evaluate the rules, made once per build: the site's words
/// (one file every personal page loads) and the home page's actions.
struct PlannerData {
    home: String,
    /// `words.js`: the site's words as a classic script (a page opened from a file cannot
    /// fetch JSON), read by `store.js`.
    words_js: bytes::Bytes,
}

impl PlannerData {
    fn new(site: &Site) -> PlannerData {
        // When the home page shows every action as a step, in the site's order, its steps
        // are the list, and the page needs no data of its own.
        let all_home = site
            .actions
            .iter()
            .all(|a| site.pages[a.page].kind == Kind::Home);
        PlannerData {
            home: if all_home {
                String::new()
            } else {
                planner_json(site, true)
            },
            words_js: format!(
                "\"use strict\";window.afterword&&(afterword.words={});",
                planner_json(site, false)
            )
            .into_bytes()
            .into(),
        }
    }

    /// The home page's own data; nothing for any other page.
    fn of(&self, page: &Page) -> &str {
        if page.kind == Kind::Home {
            &self.home
        } else {
            ""
        }
    }

    /// Whether `page` shows a day the planner computes: a timed step or item, a template
    /// field filled from the planner, or the home page's schedule.
    fn timed(page: &Page) -> bool {
        page.kind == Kind::Home
            || page.steps.iter().any(|s| s.due.is_some())
            || page.items.iter().any(|i| i.due.is_some())
            || page
                .template
                .as_ref()
                .is_some_and(|t| t.fields.iter().any(|f| !f.date_of.is_empty()))
    }
}

/// The site's words as JSON (its events, facts, holidays and assumed time, and `items`:
/// every checklist item that shows an action, as the key of its tick, `<checklist url>#<item
/// id>`, and the action, so a step showing the action is done once they are all ticked),
/// or for the home page every action, once, in the site's order. An action the home page shows as a step is only named (`"ask-next-steps"`):
/// the scripts read its title, rule and wording from that step, so the page does not carry
/// them twice. Any other action comes whole.
fn planner_json(site: &Site, home: bool) -> String {
    #[derive(Serialize)]
    struct Planner<'a> {
        #[serde(skip_serializing_if = "Vec::is_empty")]
        events: Vec<Event<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        facts: Vec<Fact<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        holidays: Option<&'a std::collections::BTreeSet<jiff::civil::Date>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        assumed_time: Option<&'static str>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        actions: Vec<ActionJson<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        items: Vec<(String, &'a str)>,
    }
    /// What the scripts read of an event (the label is the planner form's); `time` and `ends`
    /// only when true.
    #[derive(Serialize)]
    struct Event<'a> {
        name: &'a str,
        label: &'a str,
        noun: &'a str,
        known: &'a str,
        unknown: &'a str,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        time: bool,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        ends: bool,
    }
    #[derive(Serialize)]
    struct Fact<'a> {
        name: &'a str,
        label: &'a str,
        values: Vec<Value<'a>>,
    }
    #[derive(Serialize)]
    struct Value<'a> {
        name: &'a str,
        label: &'a str,
        clause: &'a str,
    }
    #[derive(Serialize)]
    #[serde(untagged)]
    enum ActionJson<'a> {
        OnHome(&'a str),
        Whole {
            id: &'a str,
            title: &'a str,
            rule: String,
            label: &'a str,
            /// Where it is defined, as a URL with its fragment.
            url: String,
        },
    }
    let at = |p: usize, id: &str| format!("{}#{id}", site.pages[p].url);
    let actions = site.actions.iter().filter(|_| home);
    let shown = site.actions.iter().filter(|_| !home);
    let words = &site.vocabulary;
    let planner = Planner {
        events: words
            .events
            .iter()
            .filter(|_| !home)
            .map(|e| Event {
                name: &e.name,
                label: &e.label,
                noun: &e.noun,
                known: &e.known,
                unknown: &e.unknown,
                time: e.time,
                ends: e.ends,
            })
            .collect(),
        facts: words
            .facts
            .iter()
            .filter(|_| !home)
            .map(|f| Fact {
                name: &f.name,
                label: &f.label,
                values: f
                    .values
                    .iter()
                    .map(|v| Value {
                        name: &v.name,
                        label: &v.label,
                        clause: &v.clause,
                    })
                    .collect(),
            })
            .collect(),
        holidays: (!home).then_some(&words.holidays),
        assumed_time: (!home).then_some(crate::rules::vocabulary::ASSUMED_TIME),
        actions: actions
            .clone()
            .map(|a| match site.pages[a.page].kind {
                Kind::Home => ActionJson::OnHome(&a.id),
                _ => ActionJson::Whole {
                    id: &a.id,
                    title: &a.title,
                    rule: a.due.rule.compact(),
                    label: &a.due.label,
                    url: at(a.page, &a.id),
                },
            })
            .collect(),
        items: shown
            .flat_map(|a| a.appears.iter().map(move |(p, id)| (a, *p, id)))
            .filter(|(_, p, _)| site.pages[*p].kind == Kind::Checklist)
            .map(|(a, p, id)| (at(p, id), a.id.as_str()))
            .collect(),
    };
    serde_json::to_string(&planner)
        .expect("plain structs serialise")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn rule_data(due: Option<&crate::site::DueView>) -> String {
    due.map(|d| d.rule.compact()).unwrap_or_default()
}
