//! `serve`'s incremental rebuilds: after each real edit of a copy of the bundled guide, a
//! [`Session`] told which paths changed (as the watcher tells it) must give exactly what a
//! full render of the site gives, file for file and byte for byte, or the same problems.

use std::path::PathBuf;

use afterword::{Built, Diagnostic, Options, Session};

use crate::support::{copy_tree, repo_root};

/// A copy of the bundled guide and a session kept over its edits.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    options: Options,
    session: Session,
    last: Option<Built>,
}

impl Site {
    /// A copy of the bundled guide.
    fn new() -> Site {
        Site::with(|content| copy_tree(&repo_root().join("content"), content))
    }

    /// A site whose `content/` folder `fill` writes.
    fn with(fill: impl FnOnce(&std::path::Path)) -> Site {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let root = dir.path().join("site");
        fill(&root.join("content"));
        let options = Options {
            root: root.clone(),
            base_url: Some("http://127.0.0.1:1111/".into()),
            drafts: false,
        };
        let mut session = Session::new(options.clone());
        let first = session.rebuild(None);
        let mut site = Site {
            _dir: dir,
            root,
            options,
            session,
            last: None,
        };
        site.last = Some(
            site.same_as_full(first, "the first build")
                .expect("the guide builds"),
        );
        site
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("read a site file")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(path, text).expect("write a site file");
    }

    /// Edit `relative` by replacing `from` (which must be there) with `to`.
    fn replace(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "`{relative}` has no {from:?}");
        self.write(relative, &text.replacen(from, to, 1));
    }

    /// Rebuild after the paths `changed` (relative to the site folder) changed, compare with
    /// a full render, and return the build when it succeeded.
    fn rebuild(&mut self, changed: &[&str], what: &str) -> Option<Built> {
        let paths: Vec<PathBuf> = changed.iter().map(|p| self.path(p)).collect();
        let incremental = self.session.rebuild(Some(&paths));
        let built = self.same_as_full(incremental, what);
        if let Some(built) = &built {
            self.last = Some(built.clone());
        }
        built
    }

    /// `incremental` is what a full render of the site gives now.
    fn same_as_full(
        &self,
        incremental: Result<Built, Vec<Diagnostic>>,
        what: &str,
    ) -> Option<Built> {
        let full = afterword::render(&self.options);
        match (incremental, full) {
            (Ok(incremental), Ok(full)) => {
                let paths = |b: &Built| {
                    let files = b.all_files().into_iter();
                    files.map(|f| f.path.clone()).collect::<Vec<_>>()
                };
                assert_eq!(
                    paths(&incremental),
                    paths(&full),
                    "{what}: the files differ"
                );
                assert!(full.kept.is_empty(), "a full render makes every file");
                for (a, b) in incremental.all_files().into_iter().zip(&full.files) {
                    assert!(
                        a.bytes == b.bytes,
                        "{what}: `{}` differs from a full render",
                        a.path
                    );
                    assert_eq!(
                        a.claim, b.claim,
                        "{what}: `{}` is claimed differently",
                        a.path
                    );
                }
                assert_eq!(
                    format!("{:?}", incremental.counts),
                    format!("{:?}", full.counts),
                    "{what}"
                );
                Some(incremental)
            }
            (Err(incremental), Err(full)) => {
                let shown =
                    |p: Vec<Diagnostic>| p.iter().map(|d| d.to_string()).collect::<Vec<_>>();
                assert_eq!(
                    shown(incremental),
                    shown(full),
                    "{what}: the problems differ"
                );
                None
            }
            (Ok(_), Err(full)) => panic!("{what}: the full render failed: {full:#?}"),
            (Err(problems), Ok(_)) => {
                panic!("{what}: the incremental rebuild failed: {problems:#?}")
            }
        }
    }

    /// The bytes of output file `path` in the last good build.
    fn output(&self, path: &str) -> Vec<u8> {
        let last = self.last.as_ref().expect("a good build");
        let file = last.all_files().into_iter().find(|f| f.path == path);
        file.unwrap_or_else(|| panic!("no output `{path}`"))
            .bytes
            .to_vec()
    }
}

fn changed(before: &[u8], after: &[u8]) -> bool {
    before != after
}

#[test]
fn incremental_rebuilds_equal_full_renders_through_a_series_of_edits() {
    let mut site = Site::new();
    let linkedin = "content/guide/linkedin.md";
    let page = "guide/linkedin/index.html";

    // A body edit.
    let before = site.output(page);
    let text = site.read(linkedin);
    site.write(
        linkedin,
        &format!("{text}\nOne more sentence, added in an edit.\n"),
    );
    site.rebuild(&[linkedin], "a body edit").expect("builds");
    assert!(changed(&before, &site.output(page)), "the edit shows");

    // A title edit: the page's neighbours, its section and the steps that link to it show
    // the title.
    let section = site.output("guide/index.html");
    site.replace(
        linkedin,
        "title: Connecting on LinkedIn",
        "title: Connecting with interviewers on LinkedIn",
    );
    // Named twice, as watchers do.
    site.rebuild(&[linkedin, linkedin], "a title edit")
        .expect("builds");
    assert!(changed(&section, &site.output("guide/index.html")));

    // A description edit: the section lists it.
    site.replace(
        linkedin,
        "description: Why it is worth connecting",
        "description: Why it pays to connect",
    );
    site.rebuild(&[linkedin], "a description edit")
        .expect("builds");

    // A weight edit that moves the page past its next one: previous and next change.
    let following = site.output("guide/following-up/index.html");
    site.replace(linkedin, "weight: 40", "weight: 55");
    site.rebuild(&[linkedin], "a weight edit").expect("builds");
    assert!(changed(
        &following,
        &site.output("guide/following-up/index.html")
    ));
    site.replace(linkedin, "weight: 55", "weight: 40");
    site.rebuild(&[linkedin], "the weight back")
        .expect("builds");

    // An alias onto a file of the theme: the output paths clash, until it goes again.
    site.replace(
        linkedin,
        "weight: 40",
        "weight: 40\naliases: [\"/404.html\"]",
    );
    assert!(site.rebuild(&[linkedin], "an alias that clashes").is_none());
    site.replace(
        linkedin,
        "weight: 40\naliases: [\"/404.html\"]",
        "weight: 40",
    );
    site.rebuild(&[linkedin], "the alias gone").expect("builds");

    // A new page linking to an anchor of another.
    let new = "content/guide/new-page.md";
    site.write(
        new,
        "---\ntitle: A new page\nweight: 45\n---\n\nSee [why to connect](@/guide/linkedin.md#why).\n\n## A heading\n\nText.\n",
    );
    site.rebuild(&[new], "a new page").expect("builds");
    site.output("guide/new-page/index.html");

    // The anchor it links to renamed: a broken link; then renamed back.
    site.replace(
        linkedin,
        "## Why connect {#why}",
        "## Why connect {#why-connect}",
    );
    assert!(site.rebuild(&[linkedin], "an anchor removed").is_none());
    site.replace(
        linkedin,
        "## Why connect {#why-connect}",
        "## Why connect {#why}",
    );
    site.rebuild(&[linkedin], "the anchor back")
        .expect("builds");

    // The new page deleted.
    std::fs::remove_file(site.path(new)).expect("remove a page");
    site.rebuild(&[new], "a deleted page").expect("builds");

    // Broken front matter, then fixed.
    let good = site.read(linkedin);
    site.replace(linkedin, "weight: 40", "wieght: 40");
    assert!(site.rebuild(&[linkedin], "broken front matter").is_none());
    site.write(linkedin, &good);
    site.rebuild(&[linkedin], "front matter fixed")
        .expect("builds");

    // A timing rule of an action, defined on the home page and shown by checklists.
    site.replace(
        "content/_index.md",
        "due: within 24h of interview when recruiter is involved",
        "due: within 36h of interview when recruiter is involved",
    );
    site.rebuild(&["content/_index.md"], "a timing rule")
        .expect("builds");

    // The rule of an action a template's field is dated by: the template shows it.
    let template = site.output("templates/thank-you-interviewer/index.html");
    site.replace(
        "content/_index.md",
        "due: 2 business days after decision_date",
        "due: 3 business days after decision_date",
    );
    site.rebuild(&["content/_index.md"], "a rule a template dates a field by")
        .expect("builds");
    assert!(changed(
        &template,
        &site.output("templates/thank-you-interviewer/index.html")
    ));

    // The site's title: on every page.
    site.replace(
        "content/_index.md",
        "title: After the interview",
        "title: After the job interview",
    );
    site.rebuild(&["content/_index.md"], "the site title")
        .expect("builds");

    // Two pages edited in one burst.
    site.replace(linkedin, "A LinkedIn connection", "A LinkedIn contact");
    site.replace(
        "content/checklists/first-24-hours.md",
        "title: The first 24 hours",
        "title: The first day",
    );
    site.rebuild(
        &[linkedin, "content/checklists/first-24-hours.md"],
        "two pages at once",
    )
    .expect("builds");

    // A theme file: a stylesheet of the site's own, then edited.
    let style = "themes/default/static/style.css";
    let home = site.output("index.html");
    site.write(style, "body { color: black; }\n");
    site.rebuild(&[style], "a theme stylesheet")
        .expect("builds");
    assert!(
        changed(&home, &site.output("index.html")),
        "pages name the new stylesheet"
    );
    site.write(style, "body { color: navy; }\n");
    site.rebuild(&[style], "the stylesheet edited")
        .expect("builds");

    // A theme template.
    let alias = "themes/default/templates/alias.html";
    site.write(
        alias,
        "<!doctype html><html lang=\"en\"><title>{{ title }}</title><meta http-equiv=\"refresh\" content=\"0; url={{ target }}\"><a href=\"{{ target }}\">{{ title }}</a></html>\n",
    );
    site.rebuild(&[alias], "a theme template").expect("builds");

    // A new folder with a section and a page, reported as the folder.
    site.write(
        "content/extra/_index.md",
        "---\ntitle: Extra\nweight: 90\n---\n\nMore.\n",
    );
    site.write(
        "content/extra/page.md",
        "---\ntitle: An extra page\n---\n\nBack to [the guide](@/guide/_index.md).\n",
    );
    site.rebuild(&["content/extra"], "a new folder")
        .expect("builds");

    // A file that is not markdown.
    site.write("content/extra/note.txt", "a note\n");
    site.rebuild(&["content/extra/note.txt"], "an asset")
        .expect("builds");

    // An editor's save: a temporary file written and renamed over the page, and a probe
    // file that came and went, all in one burst.
    let page_md = "content/extra/page.md";
    site.write("content/extra/4913", "probe");
    std::fs::remove_file(site.path("content/extra/4913")).unwrap();
    site.write(
        "content/extra/page.md.tmp",
        &site.read(page_md).replace("Back to", "Return to"),
    );
    std::fs::rename(site.path("content/extra/page.md.tmp"), site.path(page_md)).unwrap();
    site.rebuild(
        &["content/extra/4913", "content/extra/page.md.tmp", page_md],
        "an editor's atomic save",
    )
    .expect("builds");

    // A page that is not valid UTF-8, then fixed.
    std::fs::write(
        site.path("content/extra/page.md"),
        b"---\ntitle: \xff\n---\n",
    )
    .unwrap();
    assert!(
        site.rebuild(&["content/extra/page.md"], "not UTF-8")
            .is_none()
    );
    site.write(
        "content/extra/page.md",
        "---\ntitle: An extra page again\n---\n\nText.\n",
    );
    site.rebuild(&["content/extra/page.md"], "UTF-8 again")
        .expect("builds");

    // A folder moved out of the site, reported as the folder alone.
    std::fs::rename(site.path("content/extra"), site.root.join("extra-moved")).unwrap();
    site.rebuild(&["content/extra"], "a folder moved away")
        .expect("builds");
}

/// A rebuild told of nothing in particular reads the whole site again.
#[test]
fn a_rebuild_without_paths_reads_everything() {
    let mut site = Site::new();
    let before = site.output("guide/linkedin/index.html");
    site.replace(
        "content/guide/linkedin.md",
        "title: Connecting on LinkedIn",
        "title: Connecting",
    );
    let rebuilt = site.session.rebuild(None);
    let built = site
        .same_as_full(rebuilt, "a rebuild of everything")
        .expect("builds");
    let page = built
        .all_files()
        .into_iter()
        .find(|f| f.path == "guide/linkedin/index.html")
        .expect("the page");
    assert!(changed(&before, &page.bytes));
}

/// A generated site of plain pages (no steps, items or template) in three sections, with
/// body links between them, and a checklist, a guide with a step and a template that link to some of them.
fn plain_pages(content: &std::path::Path) {
    let write = |path: &str, text: &str| {
        let path = content.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "_index.md",
        "---\ntitle: Plain\ndescription: A site of plain pages.\nbase_url: https://example.org/\n---\n\nHome.\n",
    );
    for s in 0..3 {
        write(
            &format!("s{s}/_index.md"),
            &format!("---\ntitle: Section {s}\nweight: {s}\n---\n\nSection {s}.\n"),
        );
        for p in 0..6 {
            let next = (p + 1) % 6;
            write(
                &format!("s{s}/p{p}.md"),
                &format!(
                    "---\ntitle: Page {s} {p}\ndescription: About page {p}.\nweight: {p}\n---\n\n## Part {p}\n\nOn to [the next](@/s{s}/p{next}.md) and [section 2](@/s2/_index.md).\n"
                ),
            );
        }
    }
    write(
        "s0/list.md",
        "---\nkind: checklist\ntitle: A list\nweight: 10\nitems:\n  - id: read\n    text: Read [page 1](@/s1/p1.md)\n    guide: \"@/s1/p2.md\"\n    due: within 24h of interview\n---\n\nTicks.\n",
    );
    write(
        "s0/steps.md",
        "---\ntitle: The steps\nweight: 12\nsteps:\n  - id: first\n    title: Read on\n    guide: \"@/s1/p2.md\"\n---\n\nSteps.\n",
    );
    write(
        "s0/note.md",
        "---\nkind: template\ntitle: A note\nweight: 11\nsubject: \"Hello {name}\"\nfields:\n  - name: name\n    label: Name\n    example: Priya\n    required: true\ntips:\n  - See [page 3](@/s1/p3.md).\n---\n\nDear {name},\n\nThanks.\n",
    );
}

/// Front-matter edits of pages that read nothing of other pages, whose neighbours' pages
/// may be moved from one model to the next: every edit changes what other pages show
/// (navigation, breadcrumbs, previous and next, the section's list, a checklist's link),
/// and each rebuild must equal a full render.
#[test]
fn front_matter_edits_of_plain_pages_equal_full_renders() {
    let mut site = Site::with(plain_pages);
    let edit = |site: &mut Site, path: &str, from: &str, to: &str, what: &str| {
        site.replace(path, from, to);
        site.rebuild(&[path], what)
    };
    let section = "s1/index.html";
    let before = site.output(section);
    let next_of_p1 = site.output("s1/p2/index.html");
    edit(
        &mut site,
        "content/s1/p1.md",
        "title: Page 1 1",
        "title: Page one",
        "a title edit",
    )
    .expect("builds");
    assert!(
        changed(&before, &site.output(section)),
        "the section lists the title"
    );
    assert!(
        changed(&next_of_p1, &site.output("s1/p2/index.html")),
        "the next page links back with the title"
    );

    let steps = site.output("s0/steps/index.html");
    edit(
        &mut site,
        "content/s1/p2.md",
        "title: Page 1 2",
        "title: Page two",
        "a linked title",
    )
    .expect("builds");
    assert!(
        changed(&steps, &site.output("s0/steps/index.html")),
        "a step names it"
    );

    edit(
        &mut site,
        "content/s1/p1.md",
        "description: About page 1.",
        "description: All about page one.",
        "a description edit",
    )
    .expect("builds");

    // A section's title: the navigation of every page, and breadcrumbs below it.
    let far = site.output("s0/p3/index.html");
    let below = site.output("s2/p4/index.html");
    edit(
        &mut site,
        "content/s2/_index.md",
        "title: Section 2",
        "title: Last section",
        "a section title",
    )
    .expect("builds");
    assert!(
        changed(&far, &site.output("s0/p3/index.html")),
        "the navigation shows it"
    );
    assert!(
        changed(&below, &site.output("s2/p4/index.html")),
        "breadcrumbs show it"
    );

    // A weight that moves a page to the end of its section: previous and next change.
    let first = site.output("s1/p0/index.html");
    edit(
        &mut site,
        "content/s1/p1.md",
        "weight: 1",
        "weight: 9",
        "a weight edit",
    )
    .expect("builds");
    assert!(changed(&first, &site.output("s1/p0/index.html")));

    // A slug: the page's URL, and the body links to it, change.
    let linking = site.output("s1/p0/index.html");
    edit(
        &mut site,
        "content/s1/p1.md",
        "weight: 9",
        "weight: 9\nslug: renamed",
        "a slug",
    )
    .expect("builds");
    site.output("s1/renamed/index.html");
    assert!(
        changed(&linking, &site.output("s1/p0/index.html")),
        "links follow the URL"
    );

    // An alias onto the file of a page that was not rendered again: the claims clash,
    // until the alias goes.
    let clash = edit(
        &mut site,
        "content/s1/p0.md",
        "weight: 0",
        "weight: 0\naliases: [\"/s1/p2/index.html\"]",
        "an alias onto a kept page's file",
    );
    assert!(clash.is_none(), "two sources claim `s1/p2/index.html`");
    edit(
        &mut site,
        "content/s1/p0.md",
        "weight: 0\naliases: [\"/s1/p2/index.html\"]",
        "weight: 0",
        "the alias gone",
    )
    .expect("builds");

    // A slug of a page that a template's tip links to: the tip follows.
    let note = site.output("s0/note/index.html");
    edit(
        &mut site,
        "content/s1/p3.md",
        "weight: 3",
        "weight: 3\nslug: third",
        "a slug a tip links to",
    )
    .expect("builds");
    assert!(
        changed(&note, &site.output("s0/note/index.html")),
        "the tip links to the new URL"
    );

    // A page added before the others in its folder (the files after it move along) and
    // after them in its section (the page that was last is not any more).
    site.write(
        "content/s1/a-new.md",
        "---\ntitle: A new page\nweight: 20\n---\n\nLast in its section.\n",
    );
    site.rebuild(&["content/s1/a-new.md"], "a page added")
        .expect("builds");

    // A front-matter error, then fixed: every page comes back.
    let broken = edit(
        &mut site,
        "content/s1/p3.md",
        "weight: 3\nslug",
        "wieght: 3\nslug",
        "broken front matter",
    );
    assert!(broken.is_none(), "the unknown key is an error");
    edit(
        &mut site,
        "content/s1/p3.md",
        "wieght: 3\nslug",
        "weight: 3\nslug",
        "front matter fixed",
    )
    .expect("builds");

    // A draft: the page goes, the files after it move up, and the page before it is last
    // again; then it comes back.
    edit(
        &mut site,
        "content/s1/a-new.md",
        "weight: 20",
        "weight: 20\ndraft: true",
        "a draft",
    )
    .expect("builds");
    let files = site.last.as_ref().unwrap().all_files();
    assert!(!files.iter().any(|f| f.path == "s1/a-new/index.html"));
    edit(
        &mut site,
        "content/s1/a-new.md",
        "weight: 20\ndraft: true",
        "weight: 20",
        "published again",
    )
    .expect("builds");

    // The page deleted.
    std::fs::remove_file(site.path("content/s1/a-new.md")).unwrap();
    site.rebuild(&["content/s1/a-new.md"], "a page deleted")
        .expect("builds");

    // The home page's front matter: the site's title, on every page.
    edit(
        &mut site,
        "content/_index.md",
        "title: Plain",
        "title: Plainer",
        "the site title",
    )
    .expect("builds");
}

/// The path of the base URL, read from the home page when no `--base-url` is given, starts
/// every page's URL: pages kept from one model to the next take the new one.
#[test]
fn a_base_url_path_edited_moves_every_url() {
    let mut site = Site::with(plain_pages);
    site.options.base_url = None;
    site.session = Session::new(site.options.clone());
    let first = site.session.rebuild(None);
    site.last = site.same_as_full(first, "a build with the home page's base URL");
    let page = site.output("s1/p1/index.html");
    site.replace(
        "content/_index.md",
        "base_url: https://example.org/",
        "base_url: https://example.org/docs/",
    );
    site.rebuild(&["content/_index.md"], "a base URL with a path")
        .expect("builds");
    let moved = site.output("s1/p1/index.html");
    assert!(changed(&page, &moved));
    assert!(String::from_utf8_lossy(&moved).contains("href=\"/docs/s1/p2/\""));
    // Another host of the same length: every permalink changes, none in length.
    site.replace(
        "content/_index.md",
        "base_url: https://example.org/docs/",
        "base_url: https://example.net/docs/",
    );
    site.rebuild(&["content/_index.md"], "another host")
        .expect("builds");
    let page = String::from_utf8_lossy(&site.output("s1/p1/index.html")).into_owned();
    assert!(page.contains("https://example.net/docs/s1/p1/"));
    assert!(!page.contains("https://example.org/"));
    // A slug of the same length: one permalink changes, not in length.
    site.replace("content/s1/p1.md", "weight: 1", "weight: 1\nslug: q1");
    site.rebuild(&["content/s1/p1.md"], "a slug as long")
        .expect("builds");
    let page = String::from_utf8_lossy(&site.output("s1/q1/index.html")).into_owned();
    assert!(page.contains("https://example.net/docs/s1/q1/"));
}
