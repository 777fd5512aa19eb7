//! Afterword turns `content/` (markdown with typed YAML front matter) and a theme into a
//! static site of guide pages, interactive printable checklists and fill-in email templates.
//!
//! # Architecture
//!
//! One pipeline, in the order the data flows, one module per stage:
//!
//! | stage | module | owns |
//! |---|---|---|
//! | read | [`discover`], [`theme`] | walking `content/` and the theme with `walkdir`, sorted, then reading the files in parallel; non-UTF-8, symlink loops, and symlinks judged before anything behind them is read: nothing outside the site folder is read; [`discover::update`] re-reads only the files a watcher named |
//! | parse | [`frontmatter`] | `---` fences, the typed schema of each kind (the only YAML user), value positions; reading on past each schema error, so a file reports them all |
//! | rules | [`rules`] | the timing-rule language in the site's words (`rules::vocabulary`: its events, facts and holidays): grammar, positioned errors, kinds, the lifecycle (`until`, events that end the process), evaluation to dates |
//! | markdown | [`markdown`] | pulldown-cmark → HTML; heading ids; internal links with offsets; `markdown::typeset`, the curly quotes of every plain text the site shows |
//! | model | [`site`] | URLs, sections, ordering, navigation, checklists, templates (`site::letter`: an email's text, blanks and `[[ optional ]]` parts; recipients, people, planner dates); the actions, each defined once and shown anywhere; from the front matter alone (each page keeps where its body starts); [`site::Parses`] keeps parses by text for `serve`, and the pages of the model a rebuild replaces, to move those that cannot have changed into the next; [`site::check_links`] checks links and anchors once the bodies are rendered |
//! | render | [`templates`] | the context structs themes see (the theme API) and Tera rendering: each page's markdown body, then its template, each file handed on as it is made; `templates::assets` minifies scripts and styles (while the pages render) and draws QR codes (not in `check`); `templates::memo` keeps each page's files with a fingerprint of its inputs for `serve`; [`templates::service_worker`] is made last, named after a hash of every other output file |
//! | write | [`output`] | which folder `--out` may replace (only one it wrote, marked `.afterword-output`), one claim per output path, the staging folder written as pages are rendered, and the atomic swap |
//! | report | [`diagnostics`] | `path:line:col: error: message` with the source line and a caret; a line index per file; reports capped per kind and file |
//! | serve | [`serve`] | `serve/watch` (notify on `content/` and `themes/`, passing on the paths that changed), a [`Session`] kept between rebuilds, `serve/served` (each rebuild's files, shared, and what changed), `serve/http` (hyper on tokio: limits, paths, types, the reload script and event stream) |
//! | start | [`scaffold`] | `afterword init` (the skeleton in `src/scaffold/skeleton/`, or the bundled guide listed by `build.rs`) and `afterword new`; finding the site folder is [`discover::find_site`] |
//! | plan | [`plan`] | `afterword plan`: one application's schedule, each action once, as text, JSON or iCalendar |
//!
//! One pipeline, read → model → render → check links, is shared by [`build`], [`check`],
//! [`render`] and [`Session::rebuild`]: `build` writes each file to the staging folder as
//! it is rendered, `check` is `build` without the write (and without drawing QR codes,
//! which cannot fail), and [`render`] keeps the files in memory, so `serve` serves exactly
//! the files `build` writes. A [`Session`] (`serve`) keeps what it read, parsed and
//! rendered, and after an edit reads, parses and renders again only what the edit can
//! change; what it returns is what [`render`] returns for the same files (a test compares
//! them edit by edit). Memory holds the source texts and the site model, and a few pages'
//! HTML at a time, never every page's.
//! `serve` adds only its reload script tag to HTML as it sends it (never to `build` output).
//!
//! The default theme (`themes/default`, compiled in by [`theme`]) is plain HTML that works
//! without JavaScript, a stylesheet with a print section (plus `home.css`, `checklist.css`
//! and `template.css` where they are used), and small classic scripts, one concern each,
//! sharing `window.afterword`. `afterword.js` (helpers, heading links, print, the service
//! worker) is the only script a page loads at first. The personal layer, listed in the
//! body's `data-scripts`, comes when there is something personal to show (applications in
//! `localStorage`, a recruiter's link) or when the candidate starts on a `[data-personal]`
//! part (a tick, a field, the planner), and what they did meanwhile is replayed: `words.js`
//! (the site's words, made by the build), `store.js` (the applications, recruiter links),
//! `apps.js` (the application bar), `rules.js` (the evaluator, the mirror of `rules.rs`) and
//! `timing.js` (each step's date and state) where something is timed, then the page's own:
//! `planner.js` and `now.js` on the home page (which loads `calendar.js` only when the
//! candidate asks for the file), `checklist.js`, `template.js`. The recruiters' page loads
//! `share.js` and `qr.js` at once. So a first visit stays within the 30 KB budget. The build
//! minifies them (oxc for scripts, `minifier` for CSS).
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
use std::sync::Arc;

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

/// A built site, in memory: what `serve` serves. Its files are `files` and the files of
/// the pages in `kept` ([`Built::all_files`]).
#[derive(Debug, Clone)]
pub struct Built {
    /// The files made by this build, sorted by path: every file, after a full render.
    pub files: Vec<OutputFile>,
    /// After an incremental rebuild ([`Session::rebuild`]), the pages taken as the last
    /// build made them, with their files, in the site's order: shared with the session,
    /// never copied.
    pub kept: Vec<Arc<templates::Done>>,
    pub counts: Counts,
}

impl Built {
    /// Every output file, sorted by path.
    pub fn all_files(&self) -> Vec<&OutputFile> {
        let kept = self.kept.iter().flat_map(|done| &done.files);
        let mut all: Vec<&OutputFile> = self.files.iter().chain(kept).collect();
        // Two runs, each mostly in order: sorted with few comparisons.
        all.sort_by(|a, b| a.path.cmp(&b.path));
        all
    }
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

/// Read the site and check everything but the page bodies, which [`render_site`] renders
/// and checks page by page. When something is wrong, the bodies are checked too, so one
/// run reports every problem.
fn read(options: &Options) -> Result<Loaded, Vec<Diagnostic>> {
    let root = discover::SiteRoot::new(&options.root).map_err(|problem| vec![problem])?;
    let (content, problems) = discover::content(&root);
    let (site, theme) = model(options, &root, &content, problems, None)?;
    Ok(Loaded {
        site,
        theme,
        sources: content.sources,
        assets: content.assets,
    })
}

/// The site model and the theme of `content` (read from `root`, with the `problems` of
/// reading it), parsing only what `parses` has not seen; or every problem, sorted.
fn model(
    options: &Options,
    root: &discover::SiteRoot,
    content: &discover::Content,
    mut problems: Vec<Diagnostic>,
    parses: Option<&mut site::Parses>,
) -> Result<(site::Site, theme::Theme), Vec<Diagnostic>> {
    let (site, site_problems) = site::assemble_with(
        &content.sources,
        options.base_url.as_deref(),
        options.drafts,
        parses,
    );
    problems.extend(site_problems);
    let Some(site) = site else {
        diagnostics::sort(&mut problems);
        return Err(problems);
    };
    let (theme, theme_problems) = theme::load(root, &site.settings.theme);
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
    Ok((site, theme))
}

/// Render every page's body to check its headings and links, keeping nothing of the HTML.
fn check_bodies(site: &site::Site, sources: &[discover::SourceFile]) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let (bodies, problems): (Vec<Arc<site::BodyFacts>>, Vec<Vec<Diagnostic>>) = site
        .pages
        .par_iter()
        .map(|page| {
            let body = site::render_body(site, sources, page);
            let problems = site::body_problems(page, sources, &body.clashes);
            let facts = Arc::new(site::BodyFacts::new(site, body.headings, body.links));
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
    Session::new(options.clone()).rebuild(None)
}

/// A site kept in memory from one build to the next, for `serve`: the content files, their
/// parses and the rendered pages, so that a rebuild after an edit reads only the files that
/// changed, parses only those, and renders only the pages whose inputs changed (the edited
/// page and the pages that show something of it), through the same pipeline as
/// [`build`]. What it returns is what [`render`] would.
#[derive(Debug)]
pub struct Session {
    options: Options,
    /// The last walk of `content/`, brought up to date edit by edit, and the problems the
    /// walk found (when there were any, the next rebuild walks again).
    content: Option<(discover::Content, Vec<Diagnostic>)>,
    parses: site::Parses,
    memo: templates::Memo,
    /// The fingerprint of the last output paths and their claims found without a clash.
    claims: Option<u128>,
    /// The site model of the last build that got as far as rendering.
    last: Option<Last>,
    /// The model a rebuild replaced, kept until [`Session::tidy`]: freeing every page of a
    /// large site takes milliseconds that the rebuild need not wait for.
    retired: Option<Last>,
}

impl Session {
    /// What this session builds.
    pub fn options(&self) -> &Options {
        &self.options
    }

    pub fn new(options: Options) -> Session {
        Session {
            options,
            content: None,
            parses: site::Parses::default(),
            memo: templates::Memo::default(),
            claims: None,
            last: None,
            retired: None,
        }
    }

    /// Let go of what the last rebuild replaced. `serve` calls it once the rebuilt site is
    /// published; otherwise the next rebuild does.
    pub fn tidy(&mut self) {
        self.retired = None;
    }

    /// Build again after the files at `changed` were made, edited or removed (the paths a
    /// watcher reported, under the site folder as given), or after anything changed
    /// (`None`): every file of the site, or every problem found, sorted.
    ///
    /// When the last build succeeded and only the bodies of pages changed (their front
    /// matter is byte for byte as it was, and none is a template, whose body is its email),
    /// the site model cannot have changed: it is kept, and only those pages are rendered
    /// again; the links of every page are checked again all the same. Otherwise the model
    /// is made again, moving into it the pages of the last one that cannot have changed
    /// ([`site::Parses::replacing`]). The output paths are
    /// checked for clashes again only when their claims differ from those of the last build
    /// that had none (a fingerprint of the set of claims tells). The model a rebuild
    /// replaces is freed by [`Session::tidy`] or the next rebuild, not while the site waits.
    pub fn rebuild(&mut self, changed: Option<&[PathBuf]>) -> Result<Built, Vec<Diagnostic>> {
        let root = discover::SiteRoot::new(&self.options.root).map_err(|problem| vec![problem])?;
        let update = match (&mut self.content, changed) {
            (Some((content, problems)), Some(changed)) if problems.is_empty() => {
                discover::update(&root, content, changed)
            }
            _ => None,
        };
        if update.is_none() {
            self.content = Some(discover::content(&root));
        }
        let Some((content, walk_problems)) = &self.content else {
            unreachable!("the content was read just above");
        };
        let bodies = match (&update, &self.last) {
            (Some(update), Some(last)) if last.ok && !update.moved && !update.theme => {
                bodies_only(&last.site, &content.sources, &update.replaced)
            }
            _ => None,
        };
        let (site, theme) = match (bodies.is_some(), self.last.take()) {
            (true, Some(last)) => (last.site, last.theme),
            (_, mut last) => {
                // The pages that can be moved into the next model are, and the rest of the
                // replaced one is freed later.
                if let Some(last) = &mut last {
                    self.parses.replacing(&mut last.site);
                }
                self.retired = last;
                model(
                    &self.options,
                    &root,
                    content,
                    walk_problems.clone(),
                    Some(&mut self.parses),
                )?
            }
        };
        let rendered = std::sync::Mutex::new(Vec::new());
        let mut kept = Vec::new();
        let built = render_site(
            Input {
                site: &site,
                theme: &theme,
                sources: &content.sources,
                assets: &content.assets,
            },
            Mode::Build,
            Some(Kept {
                memo: &mut self.memo,
                claims: &mut self.claims,
                only: bodies.as_deref(),
                kept: &mut kept,
            }),
            &|file| {
                rendered
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(file);
            },
        );
        self.last = Some(Last {
            site,
            theme,
            ok: built.is_ok(),
        });
        let counts = built?;
        let mut files = rendered.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Built {
            files,
            kept,
            counts,
        })
    }
}

/// The site model a [`Session`] last rendered, and whether that build succeeded.
#[derive(Debug)]
struct Last {
    site: site::Site,
    theme: theme::Theme,
    ok: bool,
}

/// The pages whose files were `replaced` (index among `sources`, and the file as it was),
/// when only their bodies changed: each is a page of `site` with a markdown body, and its
/// front matter is byte for byte as it was. `None` when anything else may have changed.
fn bodies_only(
    site: &site::Site,
    sources: &[discover::SourceFile],
    replaced: &[(usize, discover::SourceFile)],
) -> Option<Vec<usize>> {
    let mut pages = Vec::with_capacity(replaced.len());
    for (index, old) in replaced {
        let page = site.pages.iter().position(|p| p.source_index == *index)?;
        let offset = site.pages[page].body?;
        let new = &sources[*index].text;
        if old.text.get(..offset) != new.get(..offset)
            || frontmatter::split(new).ok()?.body_offset != offset
        {
            return None;
        }
        pages.push(page);
    }
    Some(pages)
}

/// `build` without the write: every file is rendered and let go.
pub fn check(options: &Options) -> Result<Counts, Vec<Diagnostic>> {
    let loaded = read(options)?;
    let checked = render_site(Input::of(&loaded), Mode::Check, None, &|_| {});
    let_go(loaded);
    checked
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
    let built = match render_site(Input::of(&loaded), Mode::Build, None, &|file| {
        staging.write(&file.path, &file.bytes)
    }) {
        Ok(counts) => staging.finish().map(|()| Ok(counts)),
        Err(problems) => Ok(Err(problems)),
    };
    let_go(loaded);
    built
}

/// Free `loaded` on a thread of its own: freeing every page and source of a large site
/// takes 10–20 ms at 10,000 pages, which a command about to report and exit need not wait
/// for. Where no thread can be started, the closure is dropped at once, freeing it here.
fn let_go(loaded: Loaded) {
    std::thread::Builder::new()
        .name("let go".into())
        .spawn(move || drop(loaded))
        .ok();
}

/// What [`render_site`] renders.
#[derive(Clone, Copy)]
struct Input<'a> {
    site: &'a site::Site,
    theme: &'a theme::Theme,
    sources: &'a [discover::SourceFile],
    assets: &'a [discover::Asset],
}

impl Input<'_> {
    fn of(loaded: &Loaded) -> Input<'_> {
        Input {
            site: &loaded.site,
            theme: &loaded.theme,
            sources: &loaded.sources,
            assets: &loaded.assets,
        }
    }
}

/// What a [`Session`] keeps from one build for the next.
struct Kept<'a> {
    memo: &'a mut templates::Memo,
    /// The fingerprint of the claims of the last build whose claims had no clash
    /// ([`output::claims_print`]).
    claims: &'a mut Option<u128>,
    /// When only these pages' bodies changed: the pages to render again. Every other page
    /// is as the memo has it, and the output paths and their claims are as they were.
    only: Option<&'a [usize]>,
    /// Where the pages the memo kept go, with their files, when the build succeeds: their
    /// files are not handed to `emit`.
    kept: &'a mut Vec<Arc<templates::Done>>,
}

/// Render a site, handing every file to `emit` as it is made: the one pipeline of
/// [`render`], [`check`], [`build`] and [`Session::rebuild`]. With a memo (`serve`),
/// unchanged pages are not handed to `emit` but put in [`Kept::kept`] as the memo has them,
/// shared: their digests and the fingerprint of their claims come with them, so nothing
/// is looked up or copied per file.
fn render_site(
    input: Input<'_>,
    mode: Mode,
    kept: Option<Kept<'_>>,
    emit: &(dyn Fn(OutputFile) + Sync),
) -> Result<Counts, Vec<Diagnostic>> {
    let Input {
        site,
        theme,
        sources,
        assets,
    } = input;
    let (memo, known_claims, only, kept_out) = match kept {
        Some(Kept {
            memo,
            claims,
            only,
            kept,
        }) => (Some(memo), Some(claims), only, Some(kept)),
        None => (None, None, None, None),
    };
    // Every file's path and a hash of its bytes, for the service worker's cache name, as
    // each file is handed on; the pages the memo keeps bring theirs.
    let digests: std::sync::Mutex<Vec<(String, u64)>> = Default::default();
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
        kept,
    } = templates::render(site, sources, theme, mode, memo, only, emit);
    // Problems of the bodies are the content's: as when the rest of the content has
    // problems, they are reported alone, and nothing is written.
    content_problems.extend(site::check_links(site, sources, &bodies));
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
            path: a.content_path.clone(),
            bytes: a.bytes.clone(),
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
        let worker = {
            let digests = digests.lock().unwrap_or_else(|e| e.into_inner());
            let kept_files = kept.iter().flat_map(|done| {
                let paths = done.files.iter().map(|f| f.path.as_str());
                paths.zip(done.digests.iter().copied())
            });
            let digests: Vec<(&str, u64)> = digests
                .iter()
                .map(|(p, d)| (p.as_str(), *d))
                .chain(kept_files)
                .collect();
            templates::service_worker(site, theme, &digests)
        };
        match worker {
            Ok(worker) => {
                claims.push((worker.path.clone(), worker.claim.clone()));
                emit(worker);
            }
            Err(problem) => problems.push(problem),
        }
    }
    // Pages whose bodies alone changed make the files they made before, claimed as before;
    // and the same claims as those of a build without a clash have none either. The claims
    // of the pages the memo kept are fingerprinted with them, and looked at again only when
    // the fingerprint of them all changed.
    if only.is_none() {
        match known_claims {
            None => problems.extend(output::claims(&claims, &text)),
            Some(known) => {
                let print = kept
                    .iter()
                    .fold(output::claims_print(&claims), |sum, done| {
                        sum.wrapping_add(done.claims_print)
                    });
                if *known != Some(print) {
                    claims.extend(kept.iter().flat_map(|done| {
                        done.files.iter().map(|f| (f.path.clone(), f.claim.clone()))
                    }));
                    let clashes = output::claims(&claims, &text);
                    *known = clashes.is_empty().then_some(print);
                    problems.extend(clashes);
                }
            }
        }
    }
    if !problems.is_empty() {
        diagnostics::sort(&mut problems);
        return Err(problems);
    }
    // The pages the memo kept, with their files as they were made, shared.
    if let Some(out) = kept_out {
        *out = kept;
    }
    let count = |kind| site.pages.iter().filter(|p| p.kind == kind).count();
    Ok(Counts {
        pages: site.pages.len(),
        checklists: count(Kind::Checklist),
        templates: count(Kind::Template),
    })
}
