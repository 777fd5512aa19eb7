//! The properties the fuzz targets check, one entry point per target. `tests/it/fuzz.rs`
//! includes this file by path, so a fuzzer's finding and its replay in the normal test suite
//! check exactly the same thing.
//!
//! Each entry point takes arbitrary bytes and panics when a property fails: a panic inside
//! afterword is a finding, and so is a failed `assert!` here, whose message names the
//! property. The properties are the library's promises (invariant 2 of `src/lib.rs`):
//! content problems are diagnostics, never panics; every diagnostic points inside the file
//! it names; a rejected file always gets one; and whatever the build accepts, the planner
//! can describe and evaluate. This file only calls the library; it never reads files.

use std::collections::HashSet;
use std::path::Path;

use afterword::Diagnostic;
use afterword::discover::SourceFile;
use afterword::frontmatter;
use afterword::markdown::{self, UrlMap};
use afterword::rules::{Facts, Outcome, Rule, Vocabulary, When};
use afterword::site;
use jiff::civil::{Date, DateTime, date};

/// Put `data` as a content file into a small valid site, in each of [`PLACES`], and check
/// `frontmatter::split`, `frontmatter::parse` and `site::assemble` on it, including that
/// every page's headings, steps and items have distinct ids or a diagnostic names the page.
pub fn content_file(data: &[u8]) {
    // Discovery turns non-UTF-8 files into a diagnostic before this stage sees them.
    let text = String::from_utf8_lossy(data);
    for place in PLACES {
        check_content_file(place, &text);
    }
}

/// The id property of [`content_file`], under the name its regression test replays.
pub fn page_ids(data: &[u8]) {
    content_file(data);
}

/// Parse `data` as a timing rule; check the error of a rejected rule, and describe and
/// evaluate an accepted one.
pub fn rule(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let words = Vocabulary::job_interview();
    match Rule::parse(&text, &words) {
        Err(e) => {
            assert!(
                e.offset <= text.len() && text.is_char_boundary(e.offset),
                "rule error offset {} is not a position in {text:?}",
                e.offset
            );
            assert!(!e.message.is_empty(), "rule error without a message");
        }
        Ok(parsed) => {
            check_accepted_rule(&parsed);
            // The grammar is words separated by whitespace, so its amount must not matter.
            let normal = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(
                Rule::parse(&normal, &words).as_ref(),
                Ok(&parsed),
                "{text:?} and {normal:?} parse differently"
            );
        }
    }
}

/// Render `data` as a page body and as inline text, and check what comes back.
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let urls = urls();
    let reserved = reserved();
    let offset = 100;
    let rendered = markdown::render(&text, offset, &urls, &reserved);
    check_links(&rendered.links, offset, &text);
    for heading in &rendered.headings {
        assert!(!heading.id.is_empty(), "a heading has an empty id");
        assert!(
            (1..=6).contains(&heading.level),
            "heading level {}",
            heading.level
        );
        let attribute = format!("id=\"{}\"", markdown::escape(&heading.id));
        assert!(
            rendered.html.contains(&attribute),
            "the HTML lacks {attribute}"
        );
    }
    check_heading_ids(&rendered, &reserved);
    let inline = markdown::render_inline(&text, 0, &urls);
    check_links(&inline.links, 0, &text);
    let slug = markdown::slugify(&text);
    assert!(
        !slug.is_empty()
            && !slug.starts_with('-')
            && !slug.ends_with('-')
            && !slug.contains("--")
            && slug.chars().all(|c| c.is_alphanumeric() || c == '-'),
        "slugify gave {slug:?}"
    );
}

/// Render `data` as a page body and check that its heading ids are unique and leave the
/// reserved ids of steps and items alone, explicit ids included. Not yet part of
/// [`markdown`]: see there.
pub fn heading_ids(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let reserved = reserved();
    check_heading_ids(&markdown::render(&text, 0, &urls(), &reserved), &reserved);
}

/// Every heading id is its own, or the clash is reported for `site.rs` to turn into a
/// diagnostic: a heading whose id is reserved for a step or item, or repeats another's.
fn check_heading_ids(rendered: &markdown::Rendered, reserved: &HashSet<String>) {
    let reported = |id: &str| {
        rendered.clashes.iter().any(|c| match c {
            markdown::Clash::Duplicate { id: clash, .. } => clash == id,
            markdown::Clash::Reserved { id: clash, .. } => clash == id,
        })
    };
    let mut ids = HashSet::new();
    for heading in &rendered.headings {
        let id = heading.id.as_str();
        assert!(
            !reserved.contains(id) || reported(id),
            "heading id `{id}` is reserved for a step or item and no clash says so"
        );
        assert!(
            ids.insert(id) || reported(id),
            "two headings have the id `{id}` and no clash says so"
        );
    }
}

/// The URL map bodies are rendered with: two pages of the base site.
fn urls() -> UrlMap {
    [
        ("guide/thanks.md", "/guide/thanks/"),
        ("checklists/day-one.md", "/checklists/day-one/"),
    ]
    .into_iter()
    .map(|(path, url)| (path.to_owned(), url.to_owned()))
    .collect()
}

/// Ids of steps or items on the same page, which no heading may take.
fn reserved() -> HashSet<String> {
    ["send-notes", "why"].map(str::to_owned).into()
}

/// The site a fuzzed file is tried in: `tests/fixtures/valid/minimal`, which uses every kind
/// of page and links between them.
const BASE: [(&str, &str); 8] = [
    (
        "_index.md",
        include_str!("../../tests/fixtures/valid/minimal/content/_index.md"),
    ),
    (
        "checklists/_index.md",
        include_str!("../../tests/fixtures/valid/minimal/content/checklists/_index.md"),
    ),
    (
        "checklists/day-one.md",
        include_str!("../../tests/fixtures/valid/minimal/content/checklists/day-one.md"),
    ),
    (
        "guide/_index.md",
        include_str!("../../tests/fixtures/valid/minimal/content/guide/_index.md"),
    ),
    (
        "guide/follow-up.md",
        include_str!("../../tests/fixtures/valid/minimal/content/guide/follow-up.md"),
    ),
    (
        "guide/thanks.md",
        include_str!("../../tests/fixtures/valid/minimal/content/guide/thanks.md"),
    ),
    (
        "templates/_index.md",
        include_str!("../../tests/fixtures/valid/minimal/content/templates/_index.md"),
    ),
    (
        "templates/thanks.md",
        include_str!("../../tests/fixtures/valid/minimal/content/templates/thanks.md"),
    ),
];

/// Where a fuzzed file replaces a file of the base site: the home page, a section index and
/// the guide page the others link to, which between them reach every kind of front matter.
const PLACES: [&str; 3] = ["_index.md", "guide/_index.md", "guide/thanks.md"];

fn check_content_file(place: &str, text: &str) {
    let sources: Vec<SourceFile> = BASE
        .iter()
        .filter(|(path, _)| *path != place)
        .chain([&(place, text)])
        .map(|&(content_path, text)| {
            SourceFile::new(
                Path::new("content").join(content_path),
                content_path.to_owned(),
                text.to_owned(),
            )
        })
        .collect();
    let path = Path::new("content").join(place);
    let rejected = match frontmatter::split(text) {
        Err((offset, message)) => {
            assert!(
                offset <= text.len(),
                "split error offset {offset} past the end"
            );
            assert!(!message.is_empty(), "split error without a message");
            true
        }
        Ok(split) => {
            assert_eq!(
                text.get(split.yaml_offset..split.yaml_offset + split.yaml.len()),
                Some(split.yaml),
                "`yaml_offset` does not point at the front matter"
            );
            assert_eq!(
                text.get(split.body_offset..),
                Some(split.body),
                "`body_offset` does not point at the body"
            );
            let is_root = place == "_index.md";
            let is_index = place.rsplit('/').next() == Some("_index.md");
            let (front, problems) = frontmatter::parse(&path, text, &split, is_index, is_root);
            for problem in &problems {
                check_diagnostic(problem, &sources);
            }
            // What could be read is located in the file even when the file has problems.
            if let Some(front) = &front {
                check_offsets(front, text);
            }
            !problems.is_empty()
        }
    };
    let (site, problems) = site::assemble(&sources, None, false);
    for problem in &problems {
        check_diagnostic(problem, &sources);
    }
    assert!(
        !rejected || problems.iter().any(|p| p.path == path),
        "`{place}` was rejected but no diagnostic names it: {problems:#?}"
    );
    let Some(site) = site else {
        assert!(!problems.is_empty(), "no site and no diagnostic");
        return;
    };
    for page in &site.pages {
        let body = site::render_body(&site, &sources, page);
        let body_problems = site::body_problems(page, &sources, &body.clashes);
        for problem in &body_problems {
            check_diagnostic(problem, &sources);
        }
        let named = problems.iter().any(|p| p.path == page.source) || !body_problems.is_empty();
        if !named {
            let mut seen = HashSet::new();
            let headings = body.headings.iter().map(|h| &h.id);
            let steps = page.steps.iter().map(|s| &s.id);
            for id in headings
                .chain(steps)
                .chain(page.items.iter().map(|i| &i.id))
            {
                assert!(
                    seen.insert(id),
                    "two elements of `{}` have the id `{id}` and no diagnostic says so",
                    page.content_path
                );
            }
        }
        let steps = page.steps.iter().filter_map(|s| s.due.as_ref());
        let items = page.items.iter().filter_map(|i| i.due.as_ref());
        for due in steps.chain(items) {
            assert_eq!(due.label, due.rule.describe(&site.vocabulary));
            check_accepted_rule(&due.rule);
        }
    }
}

/// A diagnostic names one of the files and points inside it, and it prints.
fn check_diagnostic(diagnostic: &Diagnostic, sources: &[SourceFile]) {
    let shown = diagnostic.to_string();
    let Some(source) = sources.iter().find(|s| s.path == diagnostic.path) else {
        panic!("diagnostic for a file that is not in the site: {shown}");
    };
    let lines: Vec<&str> = source.text.split('\n').collect();
    let (line, col) = (diagnostic.line, diagnostic.col);
    // A problem with the whole file has no position, and no source line to show.
    if line == 0 {
        assert!(
            col == 0 && diagnostic.source_line.is_none(),
            "a whole-file diagnostic with a column or a line: {shown}"
        );
        return;
    }
    assert!(
        (1..=lines.len()).contains(&line),
        "line {line} of a {}-line file: {shown}",
        lines.len()
    );
    let width = lines[line - 1].chars().count();
    assert!(
        (1..=width + 1).contains(&col),
        "column {col} of a {width}-character line: {shown}"
    );
}

/// Every located front-matter value points into the file.
fn check_offsets(front: &frontmatter::FrontMatter, text: &str) {
    let mut located: Vec<&frontmatter::Located<String>> = Vec::new();
    located.extend(&front.slug);
    located.extend(&front.layout);
    located.extend(&front.aliases);
    located.extend(front.site.as_ref().map(|s| &s.base_url));
    for step in &front.steps {
        located.push(&step.id);
        located.extend(
            [
                &step.due,
                &step.action,
                &step.text,
                &step.guide,
                &step.checklist,
                &step.template,
            ]
            .into_iter()
            .flatten(),
        );
    }
    for item in &front.items {
        located.extend([&item.id, &item.text]);
        located.extend(
            [&item.due, &item.action, &item.guide, &item.template]
                .into_iter()
                .flatten(),
        );
    }
    let mut offsets: Vec<usize> = located.iter().map(|l| l.offset).collect();
    if let Some(spec) = &front.template {
        offsets.push(spec.subject.offset);
        offsets.extend(spec.fields.iter().map(|f| f.offset));
    }
    for offset in offsets {
        assert!(offset <= text.len(), "located offset {offset} past the end");
    }
}

fn check_links(links: &[markdown::InternalLink], offset: usize, text: &str) {
    for link in links {
        assert!(
            (offset..=offset + text.len()).contains(&link.offset),
            "link offset {} outside the body at {offset}..{}",
            link.offset,
            offset + text.len()
        );
    }
}

/// An accepted rule describes itself, serialises for the page script, and evaluates for
/// ordinary and extreme facts to a window that does not end before it starts.
fn check_accepted_rule(rule: &Rule) {
    let words = Vocabulary::job_interview();
    assert!(
        !rule.describe(&words).is_empty(),
        "{rule:?} describes as nothing"
    );
    assert!(!rule.compact().is_empty(), "{rule:?} compacts to nothing");
    serde_json::to_string(rule).expect("a rule serialises");
    for facts in facts() {
        let Outcome::Due(due) = rule.evaluate(&facts, &words) else {
            continue;
        };
        if let Some(latest) = due.latest {
            assert!(
                due.earliest <= latest,
                "{rule:?} gives {due:?} for {facts:?}"
            );
            latest.iso();
        }
        due.earliest.iso();
    }
}

/// Facts to evaluate with: an ordinary week, nothing known, and every date at the ends of
/// the calendar, where date arithmetic saturates.
fn facts() -> [Facts; 4] {
    let with = |interview: When, day: Option<Date>, stage: &str, recruiter: &str| {
        let mut facts = Facts::default();
        facts.events.insert("interview".into(), interview);
        for event in ["decision_date", "follow_up", "answer", "offer_accepted"] {
            if let Some(day) = day {
                facts.events.insert(event.into(), When::Day(day));
            }
        }
        facts.values.insert("stage".into(), stage.into());
        facts.values.insert("recruiter".into(), recruiter.into());
        facts
    };
    let ordinary = When::Moment(date(2026, 11, 26).at(14, 0, 0, 0));
    [
        with(ordinary, Some(date(2026, 12, 4)), "later_round", "involved"),
        with(ordinary, None, "later_round", "involved"),
        with(
            When::Moment(DateTime::MIN),
            Some(Date::MIN),
            "phone_screen",
            "not_involved",
        ),
        with(
            When::Moment(DateTime::MAX),
            Some(Date::MAX),
            "phone_screen",
            "not_involved",
        ),
    ]
}
