//! The bundled guide: it builds with zero diagnostics, every page stays within the weight
//! budget, every action is defined once and listed once in a plan, nothing is planned after
//! the process has ended, the stage has one definition, the timings the prose states are
//! rules of the page that states them, and no run of eight words is copied from the source
//! articles the guide is written from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use afterword::Options;
use afterword::frontmatter::Kind;
use afterword::markdown::html_to_text;
use afterword::plan;
use afterword::rules::{DueKind, Facts, Outcome, Rule, Unit, Vocabulary, When};
use afterword::site::Site;

use crate::support::{BuiltGuide, repo_root, run, walkdir};

/// The bundled guide, loaded: the site model, and each page's body rendered on demand.
struct Guide(afterword::Loaded);

impl std::ops::Deref for Guide {
    type Target = Site;
    fn deref(&self) -> &Site {
        &self.0.site
    }
}

/// A page of the guide with its body rendered.
struct GuidePage<'a> {
    page: &'a afterword::site::Page,
    html: String,
    headings: Vec<afterword::markdown::Heading>,
}

impl std::ops::Deref for GuidePage<'_> {
    type Target = afterword::site::Page;
    fn deref(&self) -> &afterword::site::Page {
        self.page
    }
}

fn guide() -> Guide {
    let options = Options {
        root: repo_root(),
        base_url: None,
        drafts: false,
    };
    match afterword::load(&options) {
        Ok(loaded) => Guide(loaded),
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

fn page<'a>(guide: &'a Guide, content_path: &str) -> GuidePage<'a> {
    let page = guide
        .pages
        .iter()
        .find(|p| p.content_path == content_path)
        .unwrap_or_else(|| panic!("no {content_path}"));
    let body = guide.0.body(page);
    GuidePage {
        page,
        html: body.html,
        headings: body.headings,
    }
}

/// The stories a candidate tells the planner, as `afterword plan` arguments after the
/// interview: a recruiter, a date given and then passed, an offer accepted elsewhere, a
/// phone screen answered early, another employer's offer with a deadline while they wait,
/// an offer from this company.
const STORIES: [&[&str]; 8] = [
    &["--recruiter"],
    &["--decision", "2026-11-27"],
    &["--decision", "2026-11-27", "--follow-up-sent", "2026-12-01"],
    &[
        "--decision",
        "2026-11-27",
        "--follow-up-sent",
        "2026-12-01",
        "--event",
        "second_follow_up=2026-12-15",
    ],
    &["--offer-accepted", "2026-11-29"],
    &["--stage", "phone-screen", "--answer", "2026-11-27"],
    &[
        "--decision",
        "2026-12-04",
        "--event",
        "other_offer=2026-11-27",
    ],
    &["--event", "offer=2026-12-01"],
];

fn plan_output(story: &[&str], format: &str) -> String {
    let root = repo_root();
    let mut args = vec!["plan", "--interview", "2026-11-24T14:00"];
    args.extend_from_slice(story);
    args.extend(["--format", format, "--root", root.to_str().unwrap()]);
    let run = run(&args);
    run.success();
    run.stdout
}

#[test]
fn bundled_guide_checks_with_zero_diagnostics() {
    let root = repo_root();
    run(&["check", "--root", root.to_str().unwrap()])
        .success()
        .stdout_has("no problems in 27 pages (4 checklists, 9 templates)");
}

#[test]
fn every_action_is_defined_once_on_the_home_page_and_shown_elsewhere() {
    let site = guide();
    assert!(
        site.actions.len() >= 10,
        "only {} actions",
        site.actions.len()
    );
    for action in &site.actions {
        assert_eq!(
            site.pages[action.page].content_path, "_index.md",
            "`{}` is defined outside the home page, the path at a glance",
            action.id
        );
        assert!(
            action.appears.len() >= 2,
            "`{}` appears only on the home page: show it where the guide explains it",
            action.id
        );
    }
    // Every timed step and item elsewhere shows one of those actions, with its rule.
    let rules: BTreeMap<&str, &str> = site
        .actions
        .iter()
        .map(|a| (a.id.as_str(), a.due.text.as_str()))
        .collect();
    for page in &site.pages[1..] {
        let steps = page.steps.iter().map(|s| (&s.id, &s.action, &s.due));
        let items = page.items.iter().map(|i| (&i.id, &i.action, &i.due));
        for (id, action, due) in steps.chain(items) {
            let Some(due) = due else { continue };
            let action = action.as_deref().unwrap_or_default();
            assert_eq!(
                rules.get(action),
                Some(&due.text.as_str()),
                "{}#{id} is timed but shows no action of the home page",
                page.content_path
            );
        }
    }
}

#[test]
fn the_plan_lists_each_action_at_most_once() {
    let site = guide();
    let all: BTreeSet<&str> = site.actions.iter().map(|a| a.id.as_str()).collect();
    for story in STORIES {
        let json: serde_json::Value =
            serde_json::from_str(&plan_output(story, "json")).expect("plan prints JSON");
        let rows = json.as_array().expect("an array");
        let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        assert_eq!(
            unique.len(),
            ids.len(),
            "{story:?}: an action listed twice: {ids:?}"
        );
        assert_eq!(unique, all, "{story:?}: every action, once");
        // The calendar has one event per action that is due, each with its own UID.
        let due = rows.iter().filter(|r| r["status"] == "due").count();
        let ics = plan_output(story, "ics");
        let uids: BTreeSet<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), due, "{story:?}");
        assert_eq!(uids.len(), due, "{story:?}: UIDs repeat");
    }
}

#[test]
fn nothing_is_planned_after_the_process_has_ended() {
    let site = guide();
    let words = &site.vocabulary;
    let ending: Vec<&str> = words
        .events
        .iter()
        .filter(|e| e.ends)
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(ending, ["offer", "answer", "offer_accepted"]);
    let stories = [
        "offer_accepted=2026-11-29",
        "offer_accepted=2026-12-03 follow_up=2026-12-01",
        "answer=2026-11-27 stage=phone_screen",
        "decision_date=2026-11-27 follow_up=2026-12-01 answer=2026-12-10",
        "decision_date=2026-11-27 follow_up=2026-12-01 second_follow_up=2026-12-15 answer=2026-12-20",
        "answer=2026-12-02 offer_accepted=2026-12-09",
        "offer=2026-12-01",
        "other_offer=2026-11-27 offer=2026-12-01",
        "decision_date=2026-12-04 other_offer=2026-11-27 answer=2026-12-02",
        "other_offer=2026-11-27 offer_accepted=2026-11-30",
    ];
    for story in stories {
        let mut facts = Facts::default();
        facts
            .events
            .insert("interview".into(), When::parse("2026-11-24T14:00").unwrap());
        for word in story.split_whitespace() {
            let (name, value) = word.split_once('=').unwrap();
            match When::parse(value) {
                Some(when) => {
                    facts.events.insert(name.into(), when);
                }
                None => {
                    facts.values.insert(name.into(), value.into());
                }
            }
        }
        plan::check(&facts, words).unwrap_or_else(|e| panic!("{story}: {e}"));
        let (end_event, end) = ending
            .iter()
            .filter_map(|e| facts.events.get(*e).map(|w| (*e, day(*w))))
            .min_by_key(|(_, d)| *d)
            .expect("each story ends");
        for entry in plan::schedule(&site, &facts) {
            let Outcome::Due(due) = entry.outcome else {
                continue;
            };
            if entry.rule.event == end_event {
                continue;
            }
            assert!(
                !ending.contains(&entry.rule.event.as_str()),
                "{story}: `{}` counts from `{}`, which came after the end",
                entry.id,
                entry.rule.event
            );
            let last = due.latest.map(|l| l.date());
            assert!(
                last.is_some_and(|l| l < end),
                "{story}: `{}` is still planned (until {last:?}) after `{end_event}` on {end}",
                entry.id
            );
        }
    }
}

fn day(when: When) -> jiff::civil::Date {
    match when {
        When::Day(d) => d,
        When::Moment(m) => m.date(),
    }
}

/// A value of `stage` split into its term and its definition: "A later round: any
/// interview after the first call" → ("later round", "any interview after the first call").
fn stage_definitions(words: &Vocabulary) -> Vec<(String, String)> {
    let stage = words.fact("stage").expect("`stage` is declared");
    stage
        .values
        .iter()
        .map(|v| {
            let (term, definition) = v
                .label
                .split_once(": ")
                .unwrap_or_else(|| panic!("{:?} is not `Term: definition`", v.label));
            let term = term.to_lowercase();
            let term = term.strip_prefix("a ").unwrap_or(&term).to_owned();
            (term, definition.to_owned())
        })
        .collect()
}

/// A definition without its article: "first call, often with a recruiter".
fn bare(definition: &str) -> &str {
    ["the ", "a "]
        .iter()
        .find_map(|a| definition.strip_prefix(a))
        .unwrap_or(definition)
}

fn plain(html: &str) -> String {
    html_to_text(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace('\u{2019}', "'")
}

#[test]
fn the_stage_has_one_definition() {
    let site = guide();
    let declared = site
        .vocabulary
        .fact("stage")
        .expect("the guide declares `stage`");
    // Sites without `planner:`, and so `afterword plan`'s own defaults, use the same words.
    assert_eq!(
        Some(declared),
        Vocabulary::job_interview().fact("stage"),
        "the guide's `stage` differs from the built-in one"
    );
    let definitions = stage_definitions(&site.vocabulary);
    let terms: Vec<&str> = definitions.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(terms, ["later round", "phone screen"]);

    // The guide's prose says it in the declaration's words.
    let rule = plain(&page(&site, "guide/following-up.md").html);
    for (term, definition) in &definitions {
        let sentence = format!("a {term} is {definition}");
        assert!(
            rule.contains(&sentence),
            "the follow-up rule lacks {sentence:?}"
        );
    }

    // `afterword plan --stage` describes its values the same way.
    let help = run(&["plan", "--help"]);
    help.success();
    let help = help.stdout.to_lowercase();
    for (term, definition) in &definitions {
        assert!(
            help.contains(bare(definition)),
            "`plan --help` does not define {term} as {definition:?}:\n{help}"
        );
    }

    // The home page's planner form (made by `planner.js` from `words.js`) offers the
    // declared values, and no page of the built guide defines a stage any other way.
    let built = BuiltGuide::build();
    let words = std::fs::read_to_string(built.site().join("words.js")).unwrap();
    for value in &declared.values {
        let option = format!(
            "{{\"name\":\"{}\",\"label\":\"{}\"",
            value.name, value.label
        );
        assert!(words.contains(&option), "the planner's words lack {option}");
    }
    let mut contradictions = Vec::new();
    let mut defined_on = Vec::new();
    for file in walkdir(built.site()) {
        let name = file
            .strip_prefix(built.site())
            .unwrap()
            .display()
            .to_string();
        if !name.ends_with(".html") {
            continue;
        }
        let text = plain(&std::fs::read_to_string(&file).unwrap());
        if definitions
            .iter()
            .any(|(term, definition)| text.contains(&format!("a {term} is {definition}")))
        {
            defined_on.push(name.clone());
        }
        for (term, definition) in &definitions {
            for joint in [" is ", ": ", " ("] {
                let said = format!("{term}{joint}");
                for (at, _) in text.match_indices(&said) {
                    let rest = &text[at + said.len()..];
                    if looks_like_a_definition(rest)
                        && !rest.starts_with(definition.as_str())
                        && !rest.starts_with(bare(definition))
                    {
                        let end = rest.char_indices().nth(50).map_or(rest.len(), |(i, _)| i);
                        contradictions.push(format!("{name}: {said}{}", &rest[..end]));
                    }
                }
            }
        }
        for phrase in [
            "only round",
            "second interview or beyond",
            "second round or beyond",
        ] {
            if text.contains(phrase) {
                contradictions.push(format!("{name}: {phrase:?}"));
            }
        }
    }
    assert!(
        contradictions.is_empty(),
        "a stage defined otherwise than in `planner:`:\n{}",
        contradictions.join("\n")
    );
    // The prose says it once, where the follow-up rule needs it; other pages link there.
    assert_eq!(
        defined_on,
        ["guide/following-up/index.html"],
        "pages that spell out what a stage is"
    );
}

/// Whether the words after "later round is" say what one is ("any interview", "the first
/// call", "a second interview") rather than something about it ("is assumed", "is over").
fn looks_like_a_definition(rest: &str) -> bool {
    [
        "any ",
        "the ",
        "a ",
        "an ",
        "interview",
        "call",
        "first",
        "second",
        "meeting",
        "or ",
    ]
    .iter()
    .any(|w| rest.starts_with(w))
}

/// The recruiters' link builder offers the stage in the declared words, as the home page's
/// planner does.
#[test]
fn the_share_page_offers_the_stage_in_the_declared_words() {
    let site = guide();
    let declared = site.vocabulary.fact("stage").unwrap();
    let built = BuiltGuide::build();
    let share = std::fs::read_to_string(built.site().join("recruiters/index.html")).unwrap();
    for value in &declared.values {
        let option = format!("<option value=\"{}\">{}</option>", value.name, value.label);
        assert!(share.contains(&option), "the share page lacks {option}");
    }
}

/// A timing the prose states in bold: "**within 24 hours**", "**7–10 days**",
/// "**2 business days after**".
#[derive(Debug, PartialEq)]
struct Stated {
    within: bool,
    from: i64,
    to: i64,
    unit: Unit,
}

impl Stated {
    fn parse(bold: &str) -> Option<Stated> {
        let text = bold
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let (within, rest) = match text.strip_prefix("within ") {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        let (amount, unit) = rest.split_once(' ')?;
        let (from, to) = match amount.split_once(['–', '-']) {
            Some((a, b)) => (a.parse().ok()?, b.parse().ok()?),
            None => {
                let n: i64 = amount.parse().ok()?;
                (n, n)
            }
        };
        let (unit, scale) = match unit.split(' ').next()? {
            "hour" | "hours" => (Unit::Hours, 1),
            "day" | "days" => (Unit::Days, 1),
            "week" | "weeks" => (Unit::Days, 7),
            "business" => (Unit::BusinessDays, 1),
            _ => return None,
        };
        Some(Stated {
            within,
            from: from * scale,
            to: to * scale,
            unit,
        })
    }

    /// The rule this timing states: a deadline for "within", a window for a range, a day
    /// no earlier than for a single amount.
    fn is(&self, rule: &Rule) -> bool {
        let kind = match (self.within, self.from == self.to) {
            (true, _) => rule.kind == DueKind::Deadline,
            (false, false) => rule.kind == DueKind::Window,
            (false, true) => matches!(rule.kind, DueKind::NotBefore | DueKind::On),
        };
        let from = if self.within { 0 } else { self.from };
        kind && rule.unit == self.unit && rule.from == from && rule.to == self.to
    }
}

#[test]
fn stated_timings_are_front_matter_rules() {
    let site = guide();
    let mut stated = 0;
    let mut missing = Vec::new();
    for page in site
        .pages
        .iter()
        .filter(|p| p.content_path.starts_with("guide/"))
    {
        let rules: Vec<&Rule> = page
            .steps
            .iter()
            .filter_map(|s| s.due.as_ref())
            .chain(page.items.iter().filter_map(|i| i.due.as_ref()))
            .map(|d| &d.rule)
            .collect();
        let html = site.0.body(page).html;
        for bold in html.split("<strong>").skip(1) {
            let bold = bold.split("</strong>").next().unwrap();
            let Some(timing) = Stated::parse(bold) else {
                continue;
            };
            stated += 1;
            if !rules.iter().any(|r| timing.is(r)) {
                missing.push(format!("{}: {bold:?}", page.content_path));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "timings the prose states with no matching rule on the page's steps:\n{}",
        missing.join("\n")
    );
    // The scan found what the guide states: 6 on the follow-up page, 2 on the recruiter
    // page, 2 on the offers page, 1 each on the thank-you, LinkedIn and feedback pages.
    assert_eq!(stated, 13, "bold timings found in the guide");

    // The checklists carry the same actions as the guide sections they link to.
    let shows = [
        (
            "checklists/before-you-leave.md",
            "ask-next-steps",
            "ask-next-steps",
        ),
        (
            "checklists/before-you-leave.md",
            "names-from-invite",
            "get-contact-details",
        ),
        (
            "checklists/first-24-hours.md",
            "put-it-right",
            "thank-each-interviewer",
        ),
        (
            "checklists/when-the-answer-comes.md",
            "another-offer",
            "ask-to-decide-sooner",
        ),
        (
            "checklists/when-the-answer-comes.md",
            "reply-to-offer",
            "reply-to-offer",
        ),
        (
            "guide/offers.md",
            "ask-to-decide-sooner",
            "ask-to-decide-sooner",
        ),
        ("guide/offers.md", "reply-to-offer", "reply-to-offer"),
        (
            "guide/recruiter.md",
            "tell-recruiter-about-another-offer",
            "ask-to-decide-sooner",
        ),
        ("checklists/before-you-leave.md", "note-names", "take-notes"),
        (
            "checklists/first-24-hours.md",
            "debrief-recruiter",
            "debrief-recruiter",
        ),
        (
            "checklists/first-24-hours.md",
            "reread-and-send",
            "thank-each-interviewer",
        ),
        (
            "checklists/waiting-period.md",
            "connect-linkedin",
            "connect-on-linkedin",
        ),
        (
            "checklists/waiting-period.md",
            "follow-up-phone-screen",
            "follow-up-phone-screen",
        ),
        (
            "checklists/waiting-period.md",
            "follow-up-later-round",
            "follow-up-later-round",
        ),
        (
            "checklists/waiting-period.md",
            "follow-up-after-date",
            "follow-up-after-date",
        ),
        (
            "checklists/waiting-period.md",
            "second-follow-up",
            "second-follow-up",
        ),
        ("checklists/waiting-period.md", "move-on", "move-on"),
        (
            "checklists/when-the-answer-comes.md",
            "withdraw-elsewhere",
            "withdraw-if-you-accept-elsewhere",
        ),
        (
            "checklists/when-the-answer-comes.md",
            "ask-feedback",
            "ask-for-feedback",
        ),
        (
            "guide/recruiter.md",
            "check-in-with-recruiter",
            "follow-up-after-date",
        ),
        (
            "guide/thank-you.md",
            "send-within-24-hours",
            "thank-each-interviewer",
        ),
    ];
    for (path, id, action) in shows {
        let page = page(&site, path);
        let shown = page
            .items
            .iter()
            .find(|i| i.id == id)
            .map(|i| (&i.action, i.due.is_some()))
            .or_else(|| {
                page.steps
                    .iter()
                    .find(|s| s.id == id)
                    .map(|s| (&s.action, s.due.is_some()))
            })
            .unwrap_or_else(|| panic!("no {path}#{id}"));
        assert_eq!(shown, (&Some(action.to_owned()), true), "{path}#{id}");
    }

    // The rules say what the guide decided: each follow-up stops once sent, the outer limit
    // is a deadline, and moving on has its own day.
    let rule = |id: &str| {
        site.actions
            .iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("no action `{id}`"))
            .due
            .text
            .clone()
    };
    let expected = [
        ("thank-each-interviewer", "within 24h of interview"),
        (
            "debrief-recruiter",
            "within 24h of interview when recruiter is involved",
        ),
        ("connect-on-linkedin", "within 7 days of interview"),
        (
            "follow-up-phone-screen",
            "5-7 days after interview when decision_date is unknown and stage is phone_screen until follow_up",
        ),
        (
            "follow-up-later-round",
            "7-10 days after interview when decision_date is unknown and stage is later_round until follow_up",
        ),
        (
            "follow-up-after-date",
            "2 business days after decision_date when decision_date is known until follow_up",
        ),
        (
            "follow-up-at-the-latest",
            "within 14 days of interview when decision_date is unknown until follow_up",
        ),
        (
            "second-follow-up",
            "14 days after follow_up until second_follow_up",
        ),
        ("move-on", "14 days after second_follow_up"),
        ("withdraw-if-you-accept-elsewhere", "on offer_accepted"),
        (
            "ask-to-decide-sooner",
            "within 1 business day of other_offer",
        ),
        ("reply-to-offer", "within 1 business day of offer"),
        ("ask-for-feedback", "within 2 days of answer"),
    ];
    for (id, text) in expected {
        assert_eq!(rule(id), text, "`{id}`");
    }
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

/// The situations the guide answers after an interview, each under a heading of its own:
/// (page, anchor).
const SITUATIONS: [(&str, &str); 12] = [
    ("guide/offers.md", "their-offer"),
    ("guide/offers.md", "in-writing"),
    ("guide/offers.md", "how-long"),
    ("guide/offers.md", "not-on-the-spot"),
    ("guide/offers.md", "what-to-check"),
    ("guide/offers.md", "where-this-guide-stops"),
    ("guide/offers.md", "another-offer"),
    ("guide/offers.md", "another-offer-dont"),
    ("guide/thank-you.md", "panel-or-video"),
    ("guide/thank-you.md", "weekends-and-time-zones"),
    ("guide/thank-you.md", "put-it-right"),
    ("guide/recruiter.md", "reaches-the-employer"),
];

#[test]
fn each_situation_has_its_section_and_a_way_in_from_the_path() {
    let site = guide();
    for (path, anchor) in SITUATIONS {
        assert!(
            page(&site, path).headings.iter().any(|h| h.id == anchor),
            "{path} has no heading #{anchor}"
        );
    }
    // The path at a glance leads to each of them from the step it belongs to.
    let home = page(&site, "_index.md");
    let leads: Vec<String> = home
        .steps
        .iter()
        .flat_map(|s| [s.text.clone(), s.guide.as_ref().map(|g| g.url.clone())])
        .flatten()
        .collect();
    for target in [
        "/guide/thank-you/#panel-or-video",
        "/guide/thank-you/#weekends-and-time-zones",
        "/guide/thank-you/#put-it-right",
        "/guide/recruiter/#reaches-the-employer",
        "/guide/offers/#another-offer",
        "/guide/offers/#in-writing",
    ] {
        assert!(
            leads.iter().any(|l| l.contains(target)),
            "no step of the home page leads to {target}"
        );
    }
}

/// The timings the offers added: each is the rule of an action, counted from an event the
/// planner asks for, and the pages that state it in words show that action.
#[test]
fn the_offer_timings_are_rules_the_prose_states() {
    let site = guide();
    let cases = [
        (
            "reply-to-offer",
            "offer",
            "guide/offers.md",
            "within 1 business day, reply to thank them",
        ),
        (
            "ask-to-decide-sooner",
            "other_offer",
            "guide/offers.md",
            "within 1 business day of the other offer, tell the company you prefer",
        ),
        (
            "ask-to-decide-sooner",
            "other_offer",
            "guide/recruiter.md",
            "tell your recruiter within one business day",
        ),
    ];
    for (id, event, path, words) in cases {
        let action = site
            .actions
            .iter()
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("no action `{id}`"));
        let rule = &action.due.rule;
        assert_eq!(
            (
                rule.kind,
                rule.unit,
                rule.from,
                rule.to,
                rule.event.as_str()
            ),
            (DueKind::Deadline, Unit::BusinessDays, 0, 1, event),
            "`{id}`"
        );
        let page = page(&site, path);
        assert!(
            page.steps.iter().any(|s| s.action.as_deref() == Some(id)),
            "{path} states the timing of `{id}` but shows no step of it"
        );
        let text = plain(&page.html);
        assert!(text.contains(words), "{path} lacks {words:?}");
    }
    // Another employer's offer keeps this process going; an offer from this company ends it.
    let words = &site.vocabulary;
    assert!(!words.event("other_offer").expect("`other_offer`").ends);
    assert!(words.event("offer").expect("`offer`").ends);
}

/// The thank-you names the day the follow-up rule gives, in the rule's own numbers, and
/// something learned is a part of every note.
#[test]
fn the_thank_you_names_the_day_the_follow_up_rule_gives() {
    let site = guide();
    let rule = |id: &str| {
        site.actions
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.due.rule.clone())
            .unwrap_or_else(|| panic!("no action `{id}`"))
    };
    let (after_date, later, screen) = (
        rule("follow-up-after-date"),
        rule("follow-up-later-round"),
        rule("follow-up-phone-screen"),
    );
    assert_eq!(after_date.unit, Unit::BusinessDays);
    let number = ["no", "one", "two", "three", "four", "five"];
    let page = page(&site, "guide/thank-you.md");
    let text = plain(&page.html);
    for said in [
        format!(
            "{} business days after the date they gave you",
            number[after_date.from as usize]
        ),
        format!("{} days after a later round", later.from),
        format!("{} days after a phone screen", screen.from),
    ] {
        assert!(text.contains(&said), "the thank-you page lacks {said:?}");
    }
    assert!(
        page.html
            .contains("<li><strong>Something you learned.</strong>"),
        "something you learned is not a part of the note"
    );
    assert!(!text.contains("or something you learned"));
}

/// The content a candidate reads, front matter and email templates included: each paragraph, list item or front-matter entry on
/// one line, lowercase, with straight apostrophes, and the file it is in.
fn passages() -> Vec<(String, String)> {
    let root = repo_root();
    let mut out = Vec::new();
    for file in walkdir(&root.join("content")) {
        let name = file.strip_prefix(&root).unwrap().display().to_string();
        let mut current = String::new();
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            let line = line.trim();
            let numbered = line
                .split_once(". ")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok());
            let starts = line.is_empty()
                || line == "---"
                || line.starts_with("- ")
                || line.starts_with('#')
                || line.starts_with('*')
                || numbered;
            if starts && !current.is_empty() {
                out.push((name.clone(), std::mem::take(&mut current)));
            }
            if !line.is_empty() && line != "---" {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(&line.to_lowercase().replace('\u{2019}', "'"));
            }
        }
        if !current.is_empty() {
            out.push((name, current));
        }
    }
    assert!(out.len() > 100, "only {} passages", out.len());
    out
}

/// The sentences of a passage.
fn sentences(passage: &str) -> impl Iterator<Item = &str> {
    passage.split_inclusive(['.', '?', '!'])
}

/// Questions the first edition answered two ways now have one answer on every page: the
/// date they gave you holds but for another offer's deadline, the recruiter is thanked in
/// the debrief, the channel they asked for is the one you use even if it is the phone, and
/// what you tell a recruiter can reach the employer.
#[test]
fn each_question_has_one_answer_everywhere() {
    let passages = passages();
    let mut wrong = Vec::new();
    for (file, passage) in &passages {
        // Waiting for the date has one exception, and says so where it says wait.
        let waits = [
            "don't write before",
            "write before it",
            "never write before",
        ];
        if waits.iter().any(|w| passage.contains(w))
            && !passage.contains("@/guide/offers.md#another-offer")
        {
            wrong.push(format!("{file}: waits with no exception: {passage}"));
        }
        for sentence in sentences(passage) {
            // The recruiter's thanks go in the debrief, never in a message of their own.
            let apart = sentence.contains("separate message") || sentence.contains("of its own");
            if apart && sentence.contains("thank") && !sentence.contains("debrief") {
                wrong.push(format!("{file}: thanks apart from the debrief: {sentence}"));
            }
            // The phone is ruled out only where it is not the channel they asked for.
            let no_phone = [
                "don't phone",
                "not the phone",
                "never phone",
                "don't call",
                "no calls",
            ];
            if no_phone.iter().any(|p| sentence.contains(p))
                && !["unless", "as well"].iter().any(|b| sentence.contains(b))
            {
                wrong.push(format!("{file}: the phone ruled out: {sentence}"));
            }
            if sentence.contains("on your side of the table") {
                wrong.push(format!(
                    "{file}: the recruiter as your side only: {sentence}"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));

    let said =
        |file: &str, words: &str| passages.iter().any(|(f, p)| f == file && p.contains(words));
    for (file, words) in [
        (
            "content/guide/thank-you.md",
            "thank them in your debrief email",
        ),
        (
            "content/guide/recruiter.md",
            "put it in your debrief email rather than a separate message",
        ),
        (
            "content/checklists/first-24-hours.md",
            "in the same email, thank your recruiter",
        ),
        (
            "content/guide/closing-the-interview.md",
            "if they would rather you called, call",
        ),
        (
            "content/guide/recruiter.md",
            "whatever you tell a recruiter can reach the employer",
        ),
        (
            "content/guide/recruiter.md",
            "write your debrief as if the hiring manager will read it",
        ),
        (
            "content/guide/following-up.md",
            "the one exception is another employer's offer",
        ),
    ] {
        assert!(said(file, words), "{file} lacks {words:?}");
    }
}

/// The guide gives rules, not an account of how the advice behind them was reconciled, and
/// at most one short note per page on why its numbers are what they are.
#[test]
fn the_guide_gives_rules_not_memos() {
    let memo = [
        "reconcil",
        "one source",
        "another source",
        "a third suggests",
        "a fourth says",
        "the advice this guide draws on",
        "disagrees in the details",
        "we go with",
        "honours all three",
    ];
    let mut found = Vec::new();
    let mut why_notes: BTreeMap<String, usize> = BTreeMap::new();
    for (file, passage) in passages() {
        if let Some(m) = memo.iter().find(|m| passage.contains(*m)) {
            found.push(format!("{file}: {m:?} in {passage}"));
        }
        if passage.starts_with("### why") || passage.starts_with("*why") {
            *why_notes.entry(file).or_default() += 1;
        }
    }
    assert!(found.is_empty(), "memos:\n{}", found.join("\n"));
    for (file, n) in why_notes {
        assert!(n <= 1, "{file} has {n} notes on why");
    }
}

/// No claim that goes stale: a site's character limits, or how long a note takes to write.
#[test]
fn the_guide_makes_no_perishable_claims() {
    let mut stale = Vec::new();
    for (file, passage) in passages() {
        let words: Vec<&str> = passage.split_whitespace().collect();
        for pair in words.windows(2) {
            let counted = pair[0].chars().all(|c| c.is_ascii_digit() || c == ',');
            if counted && pair[1].starts_with("character") {
                stale.push(format!("{file}: {} {}", pair[0], pair[1]));
            }
        }
        for claim in ["ten minutes", "takes 10 minutes", "five minutes"] {
            if passage.contains(claim) {
                stale.push(format!("{file}: {claim:?}"));
            }
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}

/// Where the source articles are: `AFTERWORD_SOURCES`, or `../shared/sources` beside the
/// repository, or `None` after a loud message.
fn sources() -> Option<PathBuf> {
    let dir = std::env::var_os("AFTERWORD_SOURCES")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/sources"));
    if dir.is_dir() {
        return Some(dir);
    }
    // Straight to the process's stderr: `eprintln!` would be captured by the test runner
    // and shown only for failing tests, and a skip must not go unnoticed.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "\n{stars}\nSKIPPED: the overlap check with the source articles: {} is not a \
             folder; set AFTERWORD_SOURCES to the folder of source texts\n{stars}\n",
            dir.display(),
            stars = "*".repeat(78)
        )
        .as_bytes(),
    );
    None
}

/// Words for comparing texts: lowercase letters and digits, apostrophes dropped so that
/// "don't" and "don’t" are one word.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\u{2019}', '\''], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The guide uses the sources' facts in its own words: no run of eight words of any content
/// file, front matter included, appears in a source article.
#[test]
fn no_run_of_eight_words_matches_the_sources() {
    const RUN: usize = 8;
    let Some(dir) = sources() else { return };
    let mut runs = BTreeSet::new();
    for file in walkdir(&dir) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for run in words(&text).windows(RUN) {
            runs.insert(run.join(" "));
        }
    }
    assert!(!runs.is_empty(), "no source text in {}", dir.display());
    let root = repo_root();
    let mut copied = Vec::new();
    for file in walkdir(&root.join("content")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for run in words(&text).windows(RUN) {
            let run = run.join(" ");
            if runs.contains(&run) {
                let name = file.strip_prefix(&root).unwrap().display();
                copied.push(format!("{name}: {run:?}"));
            }
        }
    }
    assert!(
        copied.is_empty(),
        "runs of {RUN} words copied from the sources:\n{}",
        copied.join("\n")
    );
}

/// The product's budget for a page with its CSS and JS.
const BUDGET: u64 = 30 * 1024;

/// A page loads its stylesheets and `afterword.js`; the personal layer (the candidate's
/// applications, the site's words, the rule evaluator and the page's own script: the
/// body's `data-scripts`) comes only when there is something personal to show or the
/// candidate starts to make the page theirs (`afterword.js`). Every page must be within
/// `BUDGET` without the layer. With it, the two richest pages (the home page's schedule
/// and planner, the interviewer thank-you's letters per person) may reach
/// `RICHEST_CEILING`, and every other page `PERSONAL_CEILING`: these only stop the layer
/// growing. Its scripts are the same files on every page, fetched once and kept by the
/// browser and the service worker.
const PERSONAL_CEILING: u64 = 47 * 1024;
const RICHEST_CEILING: u64 = 52 * 1024;
const RICHEST: [&str; 2] = ["index.html", "templates/thank-you-interviewer/index.html"];

#[test]
fn every_page_with_its_css_and_js_is_under_30_kilobytes() {
    let guide = BuiltGuide::build();
    let site = guide.site();
    let size = |url: &str| {
        let path = url.split('?').next().unwrap().trim_start_matches('/');
        std::fs::metadata(site.join(path)).unwrap().len()
    };
    let mut heaviest = (0, String::new());
    let mut personal_heaviest = (0, String::new());
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
                let url = rest.split('"').next().unwrap();
                loaded.push(url.to_owned());
                total += size(url);
            }
        }
        let name = file.strip_prefix(site).unwrap().display().to_string();
        assert!(
            loaded.iter().any(|u| u.contains(".css")) || name.contains("old"),
            "{name} loads no stylesheet"
        );
        assert!(
            total <= BUDGET,
            "{name}: {total} bytes with {loaded:?}, over the {BUDGET}-byte budget"
        );
        let layer: Vec<&str> = html
            .split(" data-scripts=\"")
            .nth(1)
            .map_or("", |rest| rest.split('"').next().unwrap())
            .split_whitespace()
            .collect();
        let personal = total + layer.iter().map(|url| size(url)).sum::<u64>();
        let limit = if RICHEST.contains(&name.as_str()) {
            RICHEST_CEILING
        } else {
            PERSONAL_CEILING
        };
        assert!(
            personal <= limit,
            "{name}: {personal} bytes with its personal layer {layer:?}, over its {limit}-byte limit"
        );
        heaviest = heaviest.max((total, name.clone()));
        personal_heaviest = personal_heaviest.max((personal, name));
    }
    eprintln!(
        "heaviest page with its CSS and JS: {} ({} bytes); with the personal layer: {} ({} bytes)",
        heaviest.1, heaviest.0, personal_heaviest.1, personal_heaviest.0
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

/// The Nu HTML checker finds no error in any page of the built guide. `.ci/run` fetches
/// vnu.jar into `target/vnu/` and sets `AFTERWORD_VNU_JAR`; without it the test is skipped
/// loudly, unless `AFTERWORD_REQUIRE_BROWSER=1` makes that a failure.
#[test]
fn every_page_of_the_built_guide_is_valid_html() {
    let Some(jar) = vnu_jar() else { return };
    let guide = BuiltGuide::build();
    // One run over the whole folder: each start of the JVM costs seconds.
    let output = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(guide.site())
        .output()
        .unwrap_or_else(|e| panic!("cannot run `java -jar {}`: {e}", jar.display()));
    assert!(
        output.status.success(),
        "the Nu HTML checker found errors in the built guide:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The checker's jar from `AFTERWORD_VNU_JAR`, or `None` after a loud message when it is
/// missing and not required.
fn vnu_jar() -> Option<std::path::PathBuf> {
    let jar = std::env::var_os("AFTERWORD_VNU_JAR")
        .filter(|path| !path.is_empty())
        .map(std::path::PathBuf::from);
    if let Some(jar) = jar.as_ref().filter(|jar| jar.is_file()) {
        return Some(jar.clone());
    }
    let problem = match jar {
        Some(jar) => format!("AFTERWORD_VNU_JAR={} is not a file", jar.display()),
        None => "AFTERWORD_VNU_JAR is not set".to_owned(),
    };
    let fetch = "`.ci/run` fetches vnu.jar into target/vnu/<version>/ and sets it";
    if std::env::var("AFTERWORD_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("{problem} and AFTERWORD_REQUIRE_BROWSER=1: {fetch}");
    }
    // Straight to the process's stderr: `eprintln!` would be captured by the test runner
    // and shown only for failing tests, and a skip must not go unnoticed.
    let _ = std::io::Write::write_all(
        &mut std::io::stderr(),
        format!(
            "\n{stars}\nSKIPPED: HTML validation of the guide: {problem}; {fetch}, or set \
             AFTERWORD_REQUIRE_BROWSER=1 to make this a failure\n{stars}\n",
            stars = "*".repeat(78)
        )
        .as_bytes(),
    );
    None
}
