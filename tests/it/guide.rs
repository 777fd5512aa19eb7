//! The bundled guide: it builds with zero diagnostics, every page stays within the weight
//! budget, and the timings the prose states exist as front-matter rules on the steps and
//! items they belong to, so the planner computes what the page says.

use afterword::Options;
use afterword::frontmatter::Kind;
use afterword::site::Site;

use crate::support::{BuiltGuide, repo_root, run};

fn guide() -> Site {
    let options = Options {
        root: repo_root(),
        base_url: None,
        drafts: false,
    };
    match afterword::load(&options) {
        Ok(loaded) => loaded.site,
        Err(problems) => panic!(
            "{}",
            problems
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

/// The rules on a page's steps and items, with the text of the step or item.
fn rules(site: &Site, content_path: &str) -> Vec<(String, String)> {
    let page = site
        .pages
        .iter()
        .find(|p| p.content_path == content_path)
        .unwrap_or_else(|| panic!("no {content_path}"));
    let steps = page
        .steps
        .iter()
        .filter_map(|s| s.due.as_ref().map(|d| (s.title.clone(), d.text.clone())));
    let items = page
        .items
        .iter()
        .filter_map(|i| i.due.as_ref().map(|d| (i.text.clone(), d.text.clone())));
    steps.chain(items).collect()
}

fn has_rule(site: &Site, content_path: &str, words: &str, rule: &str) -> bool {
    rules(site, content_path)
        .iter()
        .any(|(text, r)| r == rule && text.to_lowercase().contains(words))
}

#[test]
fn bundled_guide_checks_with_zero_diagnostics() {
    let root = repo_root();
    run(&["check", "--root", root.to_str().unwrap()])
        .success()
        .stdout_has("no problems in 24 pages (4 checklists, 7 templates)");
}

#[test]
fn stated_timings_are_front_matter_rules() {
    let site = guide();
    assert!(has_rule(
        &site,
        "guide/thank-you.md",
        "send",
        "within 24h of interview"
    ));
    assert!(has_rule(
        &site,
        "checklists/first-24-hours.md",
        "send",
        "within 24h of interview"
    ));
    assert!(has_rule(
        &site,
        "guide/following-up.md",
        "",
        "2 business days after decision_date when decision_date is known"
    ));
    assert!(has_rule(
        &site,
        "checklists/waiting-period.md",
        "",
        "2 business days after decision_date when decision_date is known"
    ));
    assert!(has_rule(
        &site,
        "guide/following-up.md",
        "",
        "7-10 days after interview when decision_date is unknown and stage is later_round"
    ));
    assert!(has_rule(
        &site,
        "guide/following-up.md",
        "",
        "5-7 days after interview when decision_date is unknown and stage is phone_screen"
    ));
    assert!(has_rule(
        &site,
        "guide/following-up.md",
        "",
        "14 days after follow_up when answer is unknown"
    ));
    assert!(has_rule(
        &site,
        "guide/recruiter.md",
        "",
        "within 24h of interview when recruiter is involved"
    ));
    // The prose says the same as the rules.
    let following = site
        .pages
        .iter()
        .find(|p| p.content_path == "guide/following-up.md")
        .unwrap();
    for phrase in [
        "<strong>2 business days after</strong>",
        "<strong>7–10 days</strong> after the interview",
        "<strong>14 days</strong>",
    ] {
        assert!(
            following.html.contains(phrase),
            "following-up prose lacks {phrase:?}"
        );
    }
    let thanks = site
        .pages
        .iter()
        .find(|p| p.content_path == "guide/thank-you.md")
        .unwrap();
    assert!(thanks.html.contains("24 hours"));
}

#[test]
fn every_checklist_item_links_to_the_guide_section_that_explains_it() {
    let site = guide();
    for page in site.pages.iter().filter(|p| p.kind == Kind::Checklist) {
        assert!(
            page.items.len() <= 10,
            "{} has {} items: too many for one printed page",
            page.content_path,
            page.items.len()
        );
        for item in &page.items {
            let guide = item
                .guide
                .as_ref()
                .unwrap_or_else(|| panic!("{}#{} has no guide link", page.content_path, item.id));
            assert!(
                guide.url.contains("/guide/") && guide.url.contains('#'),
                "{}",
                guide.url
            );
        }
    }
}

#[test]
fn every_page_with_its_css_and_js_is_under_30_kilobytes() {
    let guide = BuiltGuide::build();
    let site = guide.site();
    let mut heaviest = (0, String::new());
    for file in crate::support::walkdir(site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(&file).unwrap();
        // The page itself, plus every stylesheet and script it loads.
        let mut total = html.len() as u64;
        let mut loaded = Vec::new();
        for marker in ["<link rel=\"stylesheet\" href=\"", "<script src=\""] {
            for rest in html.split(marker).skip(1) {
                let url = rest.split(['"', '?']).next().unwrap();
                loaded.push(url.to_owned());
                total += std::fs::metadata(site.join(url.trim_start_matches('/')))
                    .unwrap()
                    .len();
            }
        }
        let name = file.strip_prefix(site).unwrap().display().to_string();
        assert!(
            loaded.iter().any(|u| u.ends_with(".css")) || name.contains("old"),
            "{name} loads no stylesheet"
        );
        assert!(
            total <= 30 * 1024,
            "{name}: {total} bytes with {loaded:?}, over the 30 KB budget"
        );
        heaviest = heaviest.max((total, name));
    }
    eprintln!(
        "heaviest page with its CSS and JS: {} ({} bytes)",
        heaviest.1, heaviest.0
    );
}

#[test]
fn no_page_requests_another_host() {
    let guide = BuiltGuide::build();
    for file in crate::support::walkdir(guide.site()) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for attr in ["src=\"http", "href=\"http", "url(http", "@import"] {
            let allowed = |line: &str| {
                line.contains("rel=\"canonical\"")
                    || line.contains("og:url")
                    || line.contains("<loc>")
                    || line.starts_with("Sitemap:")
            };
            for line in text.lines().filter(|l| l.contains(attr)) {
                let external_link = line.contains("<a ") && attr == "href=\"http";
                assert!(allowed(line) || external_link, "{}: {line}", file.display());
            }
        }
    }
}
