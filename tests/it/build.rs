//! `afterword build`: the HTML each feature must produce, determinism, and the promise that
//! a failed build leaves the previous output untouched.

use crate::support::{Project, walkdir};

#[test]
fn build_writes_every_page_and_prints_a_summary() {
    let project = Project::minimal();
    let run = project.run(&["build"]);
    run.success()
        .stdout_has("built 8 pages (1 checklist, 1 template) into ");
    let mut files: Vec<String> = walkdir(&project.path("public"))
        .iter()
        .map(|p| {
            p.strip_prefix(project.path("public"))
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            ".afterword-output",
            "404.html",
            "afterword.js",
            "apple-touch-icon.png",
            "apps.js",
            "booklet/index.html",
            "calendar.js",
            "checklist.css",
            "checklist.js",
            "checklists/day-one/index.html",
            "checklists/index.html",
            "favicon.ico",
            "guide/follow-up/index.html",
            "guide/index.html",
            "guide/thanks/index.html",
            "home.css",
            "icon-512.png",
            "index.html",
            "logo.svg",
            "manifest.webmanifest",
            "now.js",
            "old/thanks/index.html",
            "planner.js",
            "qr.js",
            "robots.txt",
            "rules.js",
            "share.js",
            "sitemap.xml",
            "store.js",
            "style.css",
            "sw.js",
            "template.css",
            "template.js",
            "templates/index.html",
            "templates/thanks/index.html",
            "timing.js",
            "words.js",
        ]
    );
}

#[test]
fn headings_get_ids_and_anchor_links_and_internal_links_are_rewritten() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let html = project.read("public/guide/thanks/index.html");
    for part in [
        r##"<h2 id="why"><a class="anchor" href="#why">Why</a></h2>"##,
        r##"<h2 id="why-1"><a class="anchor" href="#why-1">Why</a></h2>"##,
        r##"<h2 id="when"><a class="anchor" href="#when">When to send</a></h2>"##,
        r##"See the <a href="/checklists/day-one/#send-notes">checklist</a>."##,
    ] {
        assert!(html.contains(part), "missing {part} in\n{html}");
    }
    let follow = project.read("public/guide/follow-up/index.html");
    assert!(follow.contains(r#"<a href="/guide/thanks/#when">the thank-you page</a>"#));
}

#[test]
fn every_page_has_canonical_and_open_graph_tags_and_a_strict_csp() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let html = project.read("public/guide/thanks/index.html");
    for part in [
        r#"<link rel="canonical" href="https://example.org/guide/thanks/">"#,
        r#"<meta property="og:title" content="Thank-you notes">"#,
        r#"<meta property="og:description" content="Who to thank and when.">"#,
        r#"<meta property="og:url" content="https://example.org/guide/thanks/">"#,
        r#"<meta name="description" content="Who to thank and when.">"#,
        "script-src 'self'",
        r#"<html lang="en">"#,
    ] {
        assert!(html.contains(part), "missing {part}");
    }
    assert!(!html.contains("<script>"), "no inline script");
    // A page without a description falls back to the site's.
    let follow = project.read("public/guide/follow-up/index.html");
    assert!(follow.contains(
        r#"<meta name="description" content="A small site that uses every kind of page.">"#
    ));
}

#[test]
fn sections_order_pages_and_link_previous_next_and_breadcrumbs() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let thanks = project.read("public/guide/thanks/index.html");
    assert!(thanks.contains(
        r#"<a class="next" rel="next" href="/guide/follow-up/"><span>Next</span> Following up</a>"#
    ));
    assert!(!thanks.contains(r#"rel="prev""#));
    assert!(thanks.contains("<li><a href=\"/\">Minimal site</a></li>\n<li><a href=\"/guide/\">The guide</a></li>\n<li><span aria-current=\"page\">Thank-you notes</span></li>"));
    let section = project.read("public/guide/index.html");
    let first = section
        .find(r#"<a href="/guide/thanks/">"#)
        .expect("thanks listed");
    let second = section
        .find(r#"<a href="/guide/follow-up/">"#)
        .expect("follow-up listed");
    assert!(first < second, "ordered by weight");
    let home = project.read("public/index.html");
    let nav: Vec<&str> = home
        .lines()
        .filter(|l| l.starts_with("<li><a href=") && l.contains("</a></li>"))
        .take(3)
        .collect();
    assert_eq!(
        nav,
        [
            r#"<li><a href="/guide/">The guide</a></li>"#,
            r#"<li><a href="/checklists/">Checklists</a></li>"#,
            r#"<li><a href="/templates/">Templates</a></li>"#,
        ]
    );
}

#[test]
fn aliases_redirect_and_keep_the_fragment() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let alias = project.read("public/old/thanks/index.html");
    assert!(
        alias.contains(r#"data-redirect="/guide/thanks/""#),
        "{alias}"
    );
    assert!(alias.contains(r#"<meta http-equiv="refresh" content="1; url=/guide/thanks/">"#));
}

#[test]
fn sitemap_robots_and_404_are_written() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let sitemap = project.read("public/sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://example.org/</loc></url>"));
    assert!(sitemap.contains("<url><loc>https://example.org/checklists/day-one/</loc></url>"));
    assert_eq!(sitemap.matches("<url>").count(), 8);
    assert_eq!(
        project.read("public/robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
    assert!(
        project
            .read("public/404.html")
            .contains("<h1>Page not found</h1>")
    );
}

#[test]
fn checklists_render_labelled_checkboxes_with_due_rules_and_links() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let html = project.read("public/checklists/day-one/index.html");
    for part in [
        r#"<li class="item" id="send-notes" data-rule="interview hours 0 24 deadline">"#,
        r#"<input type="checkbox" id="check-send-notes" data-item="send-notes">"#,
        r#"<label for="check-send-notes">Send a <strong>thank-you</strong> note to each interviewer</label>"#,
        r#"<span class="due-rule">within 24 hours of the interview</span>"#,
        r#"<a href="/guide/thanks/#when">Why and how</a> · <a href="/templates/thanks/">Email template</a>"#,
        r#"<svg class="qr" xmlns="http://www.w3.org/2000/svg""#,
        r#"<span class="short-url">example.org/checklists/day-one/</span>"#,
    ] {
        assert!(html.contains(part), "missing {part}");
    }
}

#[test]
fn templates_render_fields_and_blanks_with_their_labels() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let html = project.read("public/templates/thanks/index.html");
    for part in [
        // Needed fields are the rule; the few optional ones say so.
        r#"<label for="field-interviewer_name">Interviewer name</label>"#,
        r#"<input type="text" id="field-company" name="company" data-field="company" data-label="Company" data-required maxlength="200" autocomplete="off" placeholder="e.g. Acme">"#,
        r#"<label for="field-extra">Anything to add <span class="optional-mark">(optional)</span></label>"#,
        r#"<textarea id="field-extra" name="extra" data-field="extra" data-label="Anything to add" rows="2" maxlength="500" autocomplete="off"></textarea>"#,
        r#"<input type="email" id="field-email" name="email" data-field="email" data-label="Their email" maxlength="200" autocomplete="off" spellcheck="false">"#,
        r#"<p class="to"><span class="letter-label">To:</span> <span class="blank" data-blank="email">[Their email]</span></p>"#,
        r#"<span data-subject>Thank you, <span class="blank" data-blank="interviewer_name">[Interviewer name]</span></span>"#,
        "<p>Thank you for meeting me at <span class=\"blank\" data-blank=\"company\">[Company]</span> today.\nBest wishes</p>",
        // An optional paragraph: left out whole, with its spacing, while its field is empty.
        r#"<p data-optional hidden>P.S. <span class="blank" data-blank="extra">[Anything to add]</span></p>"#,
        "<li>Mention one thing from the conversation.</li>",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let project = Project::minimal();
    project
        .run(&["build", "--out", project.path("a").to_str().unwrap()])
        .success();
    project
        .run(&["build", "--out", project.path("b").to_str().unwrap()])
        .success();
    let a = walkdir(&project.path("a"));
    let b = walkdir(&project.path("b"));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(
            std::fs::read(x).unwrap(),
            std::fs::read(y).unwrap(),
            "{} differs",
            x.display()
        );
    }
}

#[test]
fn failed_build_keeps_previous_output() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = walkdir(&project.path("public"))
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    project.file(
        "content/guide/follow-up.md",
        "---\ntitle: Following up\nweight: [\n---\n",
    );
    project.file("content/guide/new-page.md", "---\ntitle: New\n---\n");
    project
        .run(&["build"])
        .code(1)
        .stderr_has("error: 1 error; nothing was written");
    let after: Vec<(std::path::PathBuf, Vec<u8>)> = walkdir(&project.path("public"))
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    assert_eq!(before, after, "the previous site must be untouched");
    assert_eq!(project.leftovers(), Vec::<String>::new());
}

#[test]
fn drafts_are_built_only_when_asked() {
    let project = Project::minimal();
    project.file(
        "content/guide/draft.md",
        "---\ntitle: Work in progress\ndraft: true\n---\n",
    );
    project
        .run(&["build"])
        .success()
        .stdout_has("built 8 pages");
    assert!(!project.path("public/guide/draft/index.html").exists());
    project
        .run(&["build", "--drafts"])
        .success()
        .stdout_has("built 9 pages");
    assert!(project.path("public/guide/draft/index.html").exists());
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let project = Project::minimal();
    project
        .run(&["build", "--base-url", "https://example.org/careers/"])
        .success();
    let html = project.read("public/guide/thanks/index.html");
    assert!(
        html.contains(r#"<link rel="canonical" href="https://example.org/careers/guide/thanks/">"#)
    );
    assert!(
        html.contains(
            r#"See the <a href="/careers/checklists/day-one/#send-notes">checklist</a>."#
        )
    );
    assert!(html.contains(r#"href="/careers/style.css?v="#));
}

#[test]
fn a_theme_file_overrides_only_itself() {
    let project = Project::minimal();
    project.file(
        "themes/default/templates/guide.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ page.title }}</h1>{% endblock main %}",
    );
    project.file("themes/default/static/extra.txt", "hello");
    project.run(&["build"]).success();
    assert!(
        project
            .read("public/guide/thanks/index.html")
            .contains(r#"<h1 class="custom">Thank-you notes</h1>"#)
    );
    assert!(
        project
            .read("public/checklists/day-one/index.html")
            .contains(r#"class="checklist""#)
    );
    assert_eq!(project.read("public/extra.txt"), "hello");
}

/// A theme that loops over a map (`site.assets`, name → URL) writes its entries in the
/// order of their names, the same in every build: a map iterated in hash order would give
/// each build another page, and `serve` another cache name.
#[test]
fn a_theme_looping_over_a_map_writes_it_in_order_every_build() {
    let project = Project::minimal();
    project.file(
        "themes/default/templates/guide.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"assets\">{% for name, url in site.assets %}{{ name }} {% endfor %}</p>{% endblock main %}",
    );
    let assets = |out: &str| {
        project
            .run(&["build", "--out", project.path(out).to_str().unwrap()])
            .success();
        let html = project.read(&format!("{out}/guide/thanks/index.html"));
        let start = html
            .find(r#"<p class="assets">"#)
            .expect("the loop's paragraph")
            + 18;
        let end = start + html[start..].find("</p>").unwrap();
        html[start..end]
            .split_whitespace()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let first = assets("a");
    assert!(first.len() > 10, "{first:?}");
    assert!(first.contains(&"style.css".to_string()), "{first:?}");
    let mut sorted = first.clone();
    sorted.sort();
    assert_eq!(first, sorted);
    assert_eq!(assets("b"), first);
}

#[test]
fn files_beside_content_are_published_as_they_are() {
    let project = Project::minimal();
    project.file("content/guide/diagram.svg", "<svg/>");
    project.run(&["build"]).success();
    assert_eq!(project.read("public/guide/diagram.svg"), "<svg/>");
}
