//! Afterword turns `content/` (markdown with typed YAML front matter) and a theme into a
//! static site of guide pages, interactive printable checklists and fill-in email templates.
//!
//! # Architecture
//!
//! One pipeline, in the order the data flows, one module per stage:
//!
//! | stage | module | owns |
//! |---|---|---|
//! | read | [`discover`], [`theme`] | walking `content/` and the theme with `walkdir`, sorted; reading text; non-UTF-8, symlink loops, and symlinks judged before anything behind them is read: nothing outside the site folder is read |
//! | parse | [`frontmatter`] | `---` fences, the typed schema of each kind (the only YAML user), value positions; reading on past each schema error, so a file reports them all |
//! | rules | [`rules`] | the timing-rule language in the site's words (`rules::vocabulary`: its events, facts and holidays): grammar, positioned errors, kinds, the lifecycle (`until`, events that end the process), evaluation to dates |
//! | markdown | [`markdown`] | pulldown-cmark → HTML; heading ids; internal links with offsets; `markdown::typeset`, the curly quotes of every plain text the site shows |
//! | model | [`site`] | URLs, sections, ordering, navigation, link/anchor checks, checklists, templates (`site::letter`: an email's text, blanks and `[[ optional ]]` parts; recipients, people, planner dates); the actions, each defined once and shown anywhere |
//! | render | [`templates`] | the context structs themes see (the theme API) and Tera rendering, each file handed on as it is made; `templates::assets` minifies scripts and styles and draws QR codes; [`templates::service_worker`] is made last, named after a hash of every other output file |
//! | write | [`output`] | which folder `--out` may replace (only one it wrote, marked `.afterword-output`), one claim per output path, the staging folder written as pages are rendered, and the atomic swap |
//! | report | [`diagnostics`] | `path:line:col: error: message` with the source line and a caret; a line index per file; reports capped per kind and file |
//! | serve | [`serve`] | `serve/watch` (notify on `content/` and `themes/`), `serve/served` (each rebuild's files, shared, and what changed), `serve/http` (hyper on tokio: limits, paths, types, the reload script and event stream) |
//! | start | [`scaffold`] | `afterword init` (the skeleton in `src/scaffold/skeleton/`, or the bundled guide listed by `build.rs`) and `afterword new`; finding the site folder is [`discover::find_site`] |
//! | plan | [`plan`] | `afterword plan`: one application's schedule, each action once, as text, JSON or iCalendar |
//!
//! One pipeline, read → model → render, is shared by [`build`], [`check`] and [`render`]:
//! `build` writes each file to the staging folder as it is rendered, `check` is `build`
//! without the write, and [`render`] keeps the files in memory, so `serve` serves exactly
//! the files `build` writes.
//! `serve` adds only its reload script tag to HTML as it sends it (never to `build` output).
//!
//! The default theme (`themes/default`, compiled in by [`theme`]) is plain HTML that works
//! without JavaScript, one stylesheet with a print section, and small classic scripts, one
//! concern each, sharing `window.afterword`: `afterword.js` (helpers, heading links, print)
//! on every page; `store.js` (the applications in `localStorage`, recruiter links) and
//! `apps.js` (the application bar) on personalised pages; `rules.js` (the evaluator, the
//! mirror of `rules.rs`) and `timing.js` (each step's date and state) where something is
//! timed, reading the planner data the page carries as JSON; `planner.js` and `now.js` on
//! the home page, which loads `calendar.js` only when the candidate asks for the file;
//! `checklist.js`, `template.js`, `share.js` and `qr.js` where they are used. The build minifies them (oxc for scripts, `minifier` for CSS).
//! `afterword.js` also registers the service worker (`sw.js`, a theme template) over http(s).
//!
//! # Invariants
//!
//! 1. Only `discover` and `theme` read files, only `output` and `scaffold` write, only
//!    `serve` opens sockets. Every other stage is a pure function, tested without files.
//! 2. Content problems are [`Diagnostic`]s, never panics or early returns: a run reports
//!    them all, sorted by file and line. Environment failures (an unwritable folder, a port
//!    in use) are `anyhow` errors with context.
//! 3. Output is deterministic: sorted walks, ordered maps, no timestamps. Two builds of the
//!    same input are byte-identical.
//! 4. Themes see only the context structs in `templates`; renaming internals never
//!    breaks a theme.
//! 5. A failed build never touches the previous output.
//! 6. Deliberately absent: a config file (site settings are the front matter of
//!    `content/_index.md`), shortcodes, and any request to another host from the pages.

pub mod cli;
pub mod diagnostics;
pub mod discover;
pub mod frontmatter;
pub mod markdown;
pub mod output;
pub mod plan;
pub mod rules;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod templates;
pub mod theme;

use std::path::{Path, PathBuf};

pub use diagnostics::Diagnostic;
use frontmatter::Kind;
pub use output::OutputFile;
use templates::Mode;

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder, holding `content/` and optionally `themes/`.
    pub root: PathBuf,
    /// Replaces `base_url` from `content/_index.md`.
    pub base_url: Option<String>,
    /// Build pages marked `draft: true`.
    pub drafts: bool,
}

/// A built site, in memory: what `serve` serves.
#[derive(Debug, Clone)]
pub struct Built {
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    pub counts: Counts,
}

/// How many pages a build made, for its report.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    pub pages: usize,
    pub checklists: usize,
    pub templates: usize,
}

/// A site read and checked, ready to render or plan.
#[derive(Debug)]
pub struct Loaded {
    pub site: site::Site,
    pub theme: theme::Theme,
    /// The markdown files, for diagnostics that point into them after loading.
    pub sources: Vec<discover::SourceFile>,
    pub assets: Vec<discover::Asset>,
}

/// Read and check the whole site: the site model and its theme, or every problem found,
/// sorted. `plan` starts here; every page's body is rendered once to check its links and
/// headings, and let go. The site folder is canonicalised once, and content and theme are
/// read through that one [`discover::SiteRoot`].
pub fn load(options: &Options) -> Result<Loaded, Vec<Diagnostic>> {
    let loaded = read(options)?;
    let mut problems = check_bodies(&loaded.site, &loaded.sources);
    if !problems.is_empty() {
        diagnostics::sort(&mut problems);
        return Err(problems);
    }
    Ok(loaded)
}

/// Read the site and check everything but the page bodies, which [`render_loaded`] renders
/// and checks page by page. When something is wrong, the bodies are checked too, so one
/// run reports every problem.
fn read(options: &Options) -> Result<Loaded, Vec<Diagnostic>> {
    let root = discover::SiteRoot::new(&options.root).map_err(|problem| vec![problem])?;
    let (content, mut problems) = discover::content(&root);
    let (site, site_problems) = site::assemble(
        &content.sources,
        options.base_url.as_deref(),
        options.drafts,
    );
    problems.extend(site_problems);
    let Some(site) = site else {
        diagnostics::sort(&mut problems);
        return Err(problems);
    };
    let (theme, theme_problems) = theme::load(&root, &site.settings.theme);
    problems.extend(theme_problems);
    for page in &site.pages {
        let Some(layout) = page
            .layout
            .as_ref()
            .filter(|l| !theme.templates.contains_key(&l.value))
        else {
            continue;
        };
        let text = &content.sources[page.source_index].text;
        let known: Vec<&str> = theme.templates.keys().map(String::as_str).collect();
        let hint = diagnostics::suggest(&layout.value, known)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        let message = format!(
            "layout `{}` is not a template of theme `{}`{hint}",
            layout.value, site.settings.theme
        );
        problems.push(Diagnostic::at(&page.source, text, layout.offset, message));
    }
    if !problems.is_empty() {
        problems.extend(check_bodies(&site, &content.sources));
        diagnostics::sort(&mut problems);
        return Err(problems);
    }
    Ok(Loaded {
        site,
        theme,
        sources: content.sources,
        assets: content.assets,
    })
}

/// Render every page's body to check its headings and links, keeping nothing of the HTML.
fn check_bodies(site: &site::Site, sources: &[discover::SourceFile]) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let (bodies, problems): (Vec<site::BodyFacts>, Vec<Vec<Diagnostic>>) = site
        .pages
        .par_iter()
        .map(|page| {
            let body = site::render_body(site, sources, page);
            let problems = site::body_problems(page, sources, &body.clashes);
            let facts = site::BodyFacts::new(site, body.headings, body.links);
            (facts, problems)
        })
        .unzip();
    let mut problems: Vec<Diagnostic> = problems.into_iter().flatten().collect();
    problems.extend(site::check_links(site, sources, &bodies));
    problems
}

impl Loaded {
    /// The markdown body of `page` rendered: its HTML, headings and links.
    pub fn body(&self, page: &site::Page) -> markdown::Rendered {
        site::render_body(&self.site, &self.sources, page)
    }
}

/// Read, check and render the whole site into memory: every file of the site, or every
/// problem found, sorted. What `serve` serves.
pub fn render(options: &Options) -> Result<Built, Vec<Diagnostic>> {
    let files = std::sync::Mutex::new(Vec::new());
    let counts = render_loaded(read(options)?, Mode::Build, &|file| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
    })?;
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Built { files, counts })
}

/// `build` without the write: every file is rendered and let go.
pub fn check(options: &Options) -> Result<Counts, Vec<Diagnostic>> {
    render_loaded(read(options)?, Mode::Check, &|_| {})
}

/// Read, check and render the whole site into `out`: each file is written to the staging
/// folder as soon as it is rendered, so memory holds one page at a time, not the site, and
/// the staging folder takes the place of `out` only when the whole build succeeded. The
/// outer error is the environment's (an unwritable folder); the inner one the content's,
/// after which the staging folder is removed and `out` is as it was.
pub fn build(
    options: &Options,
    out: &output::OutputDir,
) -> anyhow::Result<Result<Counts, Vec<Diagnostic>>> {
    let loaded = match read(options) {
        Ok(loaded) => loaded,
        Err(problems) => return Ok(Err(problems)),
    };
    let staging = out.stage()?;
    match render_loaded(loaded, Mode::Build, &|file| {
        staging.write(&file.path, &file.bytes)
    }) {
        Ok(counts) => staging.finish().map(|()| Ok(counts)),
        Err(problems) => Ok(Err(problems)),
    }
}

/// Render a loaded site, handing every file to `emit` as it is made: the one pipeline of
/// [`render`], [`check`] and [`build`].
fn render_loaded(
    loaded: Loaded,
    mode: Mode,
    emit: &(dyn Fn(OutputFile) + Sync),
) -> Result<Counts, Vec<Diagnostic>> {
    let Loaded {
        site,
        theme,
        sources,
        assets,
    } = loaded;
    // Every file's path and a hash of its bytes, for the service worker's cache name.
    let digests = std::sync::Mutex::new(Vec::new());
    let emit = &|file: OutputFile| {
        let digest = templates::digest(&file.bytes);
        digests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((file.path.clone(), digest));
        emit(file);
    };
    let templates::Rendered {
        mut claims,
        mut problems,
        bodies,
        content: mut content_problems,
    } = templates::render(&site, &sources, &theme, mode, emit);
    // Problems of the bodies are the content's: as when the rest of the content has
    // problems, they are reported alone, and nothing is written.
    content_problems.extend(site::check_links(&site, &sources, &bodies));
    drop(bodies);
    if !content_problems.is_empty() {
        diagnostics::sort(&mut content_problems);
        return Err(content_problems);
    }
    for a in assets {
        let claim = output::Claim::new(
            output::Rank::Asset,
            Path::new("content").join(&a.content_path),
            None,
        );
        claims.push((a.content_path.clone(), claim.clone()));
        emit(OutputFile {
            claim,
            path: a.content_path,
            bytes: a.bytes,
        });
    }
    let text = |path: &Path| {
        sources
            .iter()
            .find(|s| s.path == path)
            .map(|s| s.text.clone())
    };
    // The service worker comes last: its cache is named after every other file.
    if problems.is_empty() {
        let digests = std::mem::take(&mut *digests.lock().unwrap_or_else(|e| e.into_inner()));
        match templates::service_worker(&site, &theme, &digests) {
            Ok(worker) => {
                claims.push((worker.path.clone(), worker.claim.clone()));
                emit(worker);
            }
            Err(problem) => problems.push(problem),
        }
    }
    problems.extend(output::claims(&claims, &text));
    if !problems.is_empty() {
        diagnostics::sort(&mut problems);
        return Err(problems);
    }
    let count = |kind| site.pages.iter().filter(|p| p.kind == kind).count();
    Ok(Counts {
        pages: site.pages.len(),
        checklists: count(Kind::Checklist),
        templates: count(Kind::Template),
    })
}
