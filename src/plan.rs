//! `afterword plan`: one candidate's schedule, computed from the site's timing rules, and
//! its three renderings: a list for the terminal, JSON, and an iCalendar file.
//!
//! Pure: it takes the checked [`Site`] and the candidate's [`Facts`] and returns values and
//! text. Reading the facts from the command line is `cli.rs`, reading the site is
//! [`crate::load`], printing is `main.rs`. The rules themselves are evaluated by
//! [`Rule::evaluate`]; this module only collects, orders and words the results.
//!
//! The iCalendar file is written here rather than with the `icalendar` crate, whose line
//! folding (0.17.17) emits a 76-octet line whenever exactly 75 octets are left after a
//! fold, and which would add `chrono` beside `jiff`. RFC 5545 needs little from a writer:
//! CRLF line ends, four text escapes and folding at 75 octets on character boundaries,
//! all below and all tested. No value from the site is written unescaped: text is escaped
//! and loses control characters, and a URI is percent-encoded, so that no title or URL
//! can end a line and start a property of its own. The integration tests read the output back with that crate's
//! parser, so the writer is checked by an implementation that is not its own.

use jiff::ToSpan;
use jiff::civil::{Date, DateTime};
use serde::Serialize;

use crate::rules::{Due, Facts, Rule, Stage};
use crate::site::Site;

/// One thing to do, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable and unique in the site: the page's path and the step or item id
    /// (`checklists/first-24-hours/send-thanks`; a home page step is its id alone).
    pub id: String,
    /// The step's title or the item's text, as plain text.
    pub title: String,
    pub due: Due,
    pub rule: Rule,
    /// The absolute permalink of the step or item on the page that explains it.
    pub url: String,
}

/// Every step and checklist item of `site` that is due for `facts`: its rule's conditions
/// hold and the event it counts from is known.
///
/// Sorted by the day the window opens, then by when it closes, then by when it opens, then
/// in reading order (the home page, then each section and its pages by weight), so the
/// schedule is the same on every run. Comparing days first, rather than moments, keeps a
/// week-long window that opens on the interview day (at midnight, as day windows do) from
/// coming before what is due the moment the interview ends.
pub fn schedule(site: &Site, facts: &Facts) -> Vec<Entry> {
    let mut entries = Vec::new();
    for index in reading_order(site) {
        let page = &site.pages[index];
        let steps = page.steps.iter().map(|s| (&s.id, s.title.clone(), &s.due));
        let items = page
            .items
            .iter()
            .map(|i| (&i.id, plain_text(&i.text), &i.due));
        for (id, title, due) in steps.chain(items) {
            let Some(due) = due else { continue };
            let Some(when) = due.rule.evaluate(facts) else {
                continue;
            };
            entries.push(Entry {
                id: format!("{}{id}", page.path),
                title,
                due: when,
                rule: due.rule.clone(),
                url: format!("{}{}#{id}", site.settings.base_url, page.path),
            });
        }
    }
    // A stable sort: entries with the same window keep their reading order.
    entries.sort_by_key(|e| {
        let (opens, closes) = bounds(e.due);
        (opens.date(), closes, opens)
    });
    entries
}

/// The schedule for a terminal: a line saying what was assumed, then the entries grouped
/// under the day their window opens, each with a natural "when", its title and its link.
pub fn text(entries: &[Entry], facts: &Facts) -> String {
    let mut out = format!(
        "Your plan after the interview on {} at {}\n{}\n",
        long_date(facts.interview.date()),
        clock(facts.interview),
        assumptions(facts)
    );
    if entries.is_empty() {
        out.push_str("\nNothing is due for these facts.\n");
        return out;
    }
    let whens: Vec<String> = entries.iter().map(when).collect();
    let width = whens.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    let mut day = None;
    for (entry, when) in entries.iter().zip(&whens) {
        let opens = bounds(entry.due).0.date();
        if day != Some(opens) {
            out.push_str(&format!("\n{}\n", long_date(opens)));
            day = Some(opens);
        }
        out.push_str(&format!("  {when:width$}  {}\n", printable(&entry.title)));
        out.push_str(&format!("  {:width$}  {}\n", "", printable(&entry.url)));
    }
    out
}

/// The schedule as a JSON array of `{id, title, earliest, latest, url}`, with ISO 8601
/// times (`2026-11-25T14:00:00`) for hour rules and dates (`2026-11-26`) for day rules.
pub fn json(entries: &[Entry]) -> String {
    #[derive(Serialize)]
    struct Json<'a> {
        id: &'a str,
        title: &'a str,
        earliest: String,
        latest: String,
        url: &'a str,
    }
    let rows: Vec<Json<'_>> = entries
        .iter()
        .map(|e| {
            let (earliest, latest) = e.due.iso();
            Json {
                id: &e.id,
                title: &e.title,
                earliest,
                latest,
                url: &e.url,
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&rows).expect("plain structs serialise");
    out.push('\n');
    out
}

/// The schedule as an iCalendar file (RFC 5545) with one event and one reminder per entry.
///
/// Times are floating (the candidate's local time, as they gave it), day windows are
/// all-day events whose `DTEND` is the day after the last one, as the RFC has it, and a
/// single moment lasts 30 minutes so that calendars show it. Events are transparent: they
/// are reminders, not meetings, and must not make the candidate look busy.
///
/// The output is the same on every run. `DTSTAMP` is the interview time, written as UTC
/// because the RFC requires UTC there and the candidate's zone is not known: a clock
/// reading would make every run differ, and no plan can be made before the interview.
/// `UID` is the entry's id and the interview time: the same interview re-imported updates
/// its events in place, and plans for two interviews never overwrite each other.
pub fn ics(entries: &[Entry], facts: &Facts) -> String {
    let interview = facts.interview.strftime("%Y%m%dT%H%M").to_string();
    let mut out = Ics::default();
    out.line("BEGIN", "VCALENDAR");
    out.line("VERSION", "2.0");
    out.line("PRODID", "-//Afterword//afterword plan//EN");
    out.line("CALSCALE", "GREGORIAN");
    out.line("METHOD", "PUBLISH");
    for entry in entries {
        out.line("BEGIN", "VEVENT");
        out.text("UID", &format!("{}/{interview}@afterword", entry.id));
        out.line("DTSTAMP", &format!("{}00Z", interview));
        match entry.due {
            Due::Dates(first, last) => {
                out.line("DTSTART;VALUE=DATE", &ics_date(first));
                out.line("DTEND;VALUE=DATE", &ics_date(last.saturating_add(1.day())));
            }
            Due::Times(start, end) => {
                let end = if end == start {
                    start.saturating_add(30.minutes())
                } else {
                    end
                };
                out.line("DTSTART", &ics_datetime(start));
                out.line("DTEND", &ics_datetime(end));
            }
        }
        let url = uri(&entry.url);
        out.text("SUMMARY", &entry.title);
        out.text(
            "DESCRIPTION",
            &format!("{}.\n{url}", sentence(&entry.rule.describe())),
        );
        out.line("URL", &url);
        out.line("TRANSP", "TRANSPARENT");
        out.line("BEGIN", "VALARM");
        out.line("ACTION", "DISPLAY");
        out.text("DESCRIPTION", &entry.title);
        // When the window opens; an all-day window opens at midnight, so its reminder
        // comes at nine in the morning instead.
        let trigger = match entry.due {
            Due::Times(..) => "PT0S",
            Due::Dates(..) => "PT9H",
        };
        out.line("TRIGGER", trigger);
        out.line("END", "VALARM");
        out.line("END", "VEVENT");
    }
    out.line("END", "VCALENDAR");
    out.0
}

/// Pages in reading order: a page, then its children (already ordered by weight and
/// title), depth first from the home page. Pages a walk cannot reach come last, in the
/// site's order, so none is ever left out.
fn reading_order(site: &Site) -> Vec<usize> {
    let mut order = Vec::with_capacity(site.pages.len());
    let mut seen = vec![false; site.pages.len()];
    let mut stack: Vec<usize> = if site.pages.is_empty() {
        Vec::new()
    } else {
        vec![0]
    };
    while let Some(index) = stack.pop() {
        if std::mem::replace(&mut seen[index], true) {
            continue;
        }
        order.push(index);
        stack.extend(site.pages[index].children.iter().rev());
    }
    order.extend((0..site.pages.len()).filter(|&i| !seen[i]));
    order
}

/// The window as two moments, for sorting: a day window runs from the first day's
/// midnight to the midnight after its last day.
fn bounds(due: Due) -> (DateTime, DateTime) {
    match due {
        Due::Times(start, end) => (start, end),
        Due::Dates(first, last) => (
            first.to_datetime(jiff::civil::Time::midnight()),
            last.saturating_add(1.day())
                .to_datetime(jiff::civil::Time::midnight()),
        ),
    }
}

/// When to do it, said as a person would under the heading of the day the window opens:
/// "at 14:00", "by 15:00", "by Wed 25 Nov, 14:00", "on Tue 8 Dec", "between 3 Dec and
/// 6 Dec". A window that opens at its event (a `within` rule) is a deadline: "by".
fn when(entry: &Entry) -> String {
    let deadline = entry.rule.from == 0;
    match entry.due {
        Due::Times(start, end) if start == end => format!("at {}", clock(start)),
        Due::Times(start, end) => {
            let end = if end.date() == start.date() {
                clock(end)
            } else {
                format!("{}, {}", day_of_week(end.date(), start.date()), clock(end))
            };
            if deadline {
                format!("by {end}")
            } else {
                format!("between {} and {end}", clock(start))
            }
        }
        Due::Dates(first, last) if first == last => format!("on {}", day_of_week(first, first)),
        Due::Dates(first, last) if deadline => format!("by {}", day_of_week(last, first)),
        Due::Dates(first, last) => {
            format!("between {} and {}", day(first, first), day(last, first))
        }
    }
}

/// What the plan assumed, so a default (the stage) is never a surprise:
/// "later round, no recruiter, no decision date".
fn assumptions(facts: &Facts) -> String {
    let mut parts = vec![
        match facts.stage {
            Stage::PhoneScreen => "phone screen".to_owned(),
            Stage::LaterRound => "later round".to_owned(),
        },
        if facts.recruiter {
            "recruiter involved".to_owned()
        } else {
            "no recruiter".to_owned()
        },
        match facts.decision_date {
            Some(d) => format!("decision expected {}", long_date(d)),
            None => "no decision date".to_owned(),
        },
    ];
    if let Some(d) = facts.follow_up {
        parts.push(format!("followed up {}", long_date(d)));
    }
    if let Some(d) = facts.answer {
        parts.push(format!("answer came {}", long_date(d)));
    }
    if let Some(d) = facts.offer_accepted {
        parts.push(format!("accepted another offer {}", long_date(d)));
    }
    parts.join(", ")
}

/// `Tue 24 Nov 2026`.
fn long_date(date: Date) -> String {
    date.strftime("%a %-d %b %Y").to_string()
}

/// `Wed 25 Nov`, with the year when it differs from `heading`'s.
fn day_of_week(date: Date, heading: Date) -> String {
    format!("{} {}", date.strftime("%a"), day(date, heading))
}

/// `3 Dec`, with the year when it differs from `heading`'s.
fn day(date: Date, heading: Date) -> String {
    if date.year() == heading.year() {
        date.strftime("%-d %b").to_string()
    } else {
        date.strftime("%-d %b %Y").to_string()
    }
}

/// `14:00`.
fn clock(time: DateTime) -> String {
    time.strftime("%H:%M").to_string()
}

/// A description as a sentence: capitalised (it starts in ASCII).
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text of inline HTML (a checklist item as markdown renders it): tags dropped,
/// entities decoded, white space collapsed.
fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            if rest.starts_with("<br") {
                out.push(' ');
            }
            rest = &rest[end..];
        } else {
            let (c, len) = entity(rest).unwrap_or(('&', 1));
            out.push(c);
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The character an HTML entity at the start of `text` stands for, and its length.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.get(..12).unwrap_or(text).find(';')?;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
}

/// Text for a terminal: a control character from the site (an escape sequence, a line
/// break in a title) is shown as `�` instead of acting on the terminal or the layout.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// A URL as an iCalendar URI value: every byte that a URI cannot hold as it is (controls,
/// space, `"<>\^`{|}` and everything beyond ASCII) percent-encoded (RFC 3986). A URI
/// value has no escapes of its own, so this is what keeps a line break in a URL from
/// ending the line.
fn uri(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte <= b' ' || byte >= 0x7f || b"\"<>\\^`{|}".contains(&byte) {
            out.push_str(&format!("%{byte:02X}"));
        } else {
            out.push(char::from(byte));
        }
    }
    out
}

/// `20261126`.
fn ics_date(date: Date) -> String {
    date.strftime("%Y%m%d").to_string()
}

/// `20261124T140000`, a floating local time.
fn ics_datetime(time: DateTime) -> String {
    time.strftime("%Y%m%dT%H%M%S").to_string()
}

/// iCalendar content lines, each ended with CRLF and folded at 75 octets.
#[derive(Default)]
struct Ics(String);

impl Ics {
    /// A property whose value is written as it is: dates, keywords, and URIs made safe by
    /// [`uri`]. The value must hold no control character.
    fn line(&mut self, name: &str, value: &str) {
        debug_assert!(!value.chars().any(char::is_control), "{name}: {value:?}");
        fold(&format!("{name}:{value}"), &mut self.0);
    }

    /// A property of type TEXT: backslash, semicolon, comma and newline escaped, a tab
    /// written as a space, and any other control character dropped, as TEXT cannot hold
    /// them (RFC 5545, section 3.3.11).
    fn text(&mut self, name: &str, value: &str) {
        let mut escaped = String::with_capacity(value.len());
        for c in value.chars() {
            match c {
                '\\' => escaped.push_str("\\\\"),
                ';' => escaped.push_str("\\;"),
                ',' => escaped.push_str("\\,"),
                '\n' => escaped.push_str("\\n"),
                '\t' => escaped.push(' '),
                c if c.is_control() => {}
                c => escaped.push(c),
            }
        }
        self.line(name, &escaped);
    }
}

/// Append `line` with CRLF, folded so that no physical line is longer than 75 octets: the
/// first holds up to 75, each continuation a space and up to 74, and a fold never splits a
/// UTF-8 character (RFC 5545, section 3.1).
fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = 75;
    while rest.len() > limit {
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = 74;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn facts() -> Facts {
        Facts {
            // A Tuesday afternoon.
            interview: date(2026, 11, 24).at(14, 0, 0, 0),
            decision_date: None,
            follow_up: None,
            answer: None,
            offer_accepted: None,
            stage: Stage::LaterRound,
            recruiter: false,
        }
    }

    fn entry(rule: &str, facts: &Facts) -> Entry {
        let rule = Rule::parse(rule).unwrap();
        Entry {
            id: "guide/x/step".into(),
            title: "Step".into(),
            due: rule.evaluate(facts).expect("the rule applies"),
            rule,
            url: "https://example.org/guide/x/#step".into(),
        }
    }

    #[test]
    fn says_when_as_a_person_would() {
        let f = Facts {
            decision_date: Some(date(2026, 12, 4)),
            answer: Some(date(2026, 12, 30)),
            offer_accepted: None,
            ..facts()
        };
        let cases = [
            ("immediately", "at 14:00"),
            ("within 1h of interview", "by 15:00"),
            ("within 24h of interview", "by Wed 25 Nov, 14:00"),
            (
                "24-48 hours after interview",
                "between 14:00 and Thu 26 Nov, 14:00",
            ),
            ("1-2 hours after interview", "between 15:00 and 16:00"),
            ("2 business days after decision_date", "on Tue 8 Dec"),
            ("within 7 days of interview", "by Tue 1 Dec"),
            ("7-10 days after interview", "between 1 Dec and 4 Dec"),
            ("within 3 days of answer", "by Sat 2 Jan 2027"),
            ("1-3 days after answer", "between 31 Dec and 2 Jan 2027"),
        ];
        for (rule, expected) in cases {
            assert_eq!(when(&entry(rule, &f)), expected, "{rule}");
        }
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        let cases = [
            (
                "Send a <strong>thank-you</strong> note",
                "Send a thank-you note",
            ),
            (
                "Read <a href=\"/guide/#why\">why</a> &amp; &lt;then&gt; act",
                "Read why & <then> act",
            ),
            ("Say &quot;hi&quot; &#39;now&#x27;", "Say \"hi\" 'now'"),
            ("one<br />two", "one two"),
            ("  spaced\n out  ", "spaced out"),
            ("a & b; &unknown; &#xZZ;", "a & b; &unknown; &#xZZ;"),
            ("It’s <code>x &lt; y</code>", "It’s x < y"),
        ];
        for (html, expected) in cases {
            assert_eq!(plain_text(html), expected, "{html}");
        }
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        for n in [1, 74, 75, 76, 149, 150, 151, 224, 225, 300] {
            let line = "x".repeat(n);
            let mut out = String::new();
            fold(&line, &mut out);
            assert!(out.ends_with("\r\n"), "{n}");
            let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
            assert!(physical.iter().all(|l| l.len() <= 75), "{n}: {physical:?}");
            assert!(physical[1..].iter().all(|l| l.starts_with(' ')), "{n}");
            assert_eq!(out.replace("\r\n ", "").trim_end(), line, "{n}");
        }
        // 73 ASCII octets, then three-octet characters: the 74th to 76th octets are one
        // character, so the first line stops at 73, and a continuation holds 24 of them.
        let line = format!("{}{}", "x".repeat(73), "€".repeat(30));
        let mut out = String::new();
        fold(&line, &mut out);
        let physical: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(physical[0], "x".repeat(73));
        assert_eq!(physical[1], format!(" {}", "€".repeat(24)));
        assert_eq!(physical[2], format!(" {}", "€".repeat(6)));
        assert_eq!(out.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn text_values_are_escaped() {
        let cases = [
            ("a, b; c\\d\nnext", "SUMMARY:a\\, b\\; c\\\\d\\nnext\r\n"),
            ("line\r\nBEGIN:VEVENT", "SUMMARY:line\\nBEGIN:VEVENT\r\n"),
            ("cr\rURL:x", "SUMMARY:crURL:x\r\n"),
            ("a\u{1b}[2Jb\tc\u{7f}\u{85}\u{0}d", "SUMMARY:a[2Jb cd\r\n"),
        ];
        for (value, expected) in cases {
            let mut out = Ics::default();
            out.text("SUMMARY", value);
            assert_eq!(out.0, expected, "{value:?}");
        }
    }

    #[test]
    fn uri_values_are_percent_encoded() {
        let cases = [
            (
                "https://example.org/guide/x/#step",
                "https://example.org/guide/x/#step",
            ),
            (
                "https://example.org/\r\nATTACH:https://evil.example/",
                "https://example.org/%0D%0AATTACH:https://evil.example/",
            ),
            (
                "https://example.org/über uns/\"<x>\"/{a|b}\\^`",
                "https://example.org/%C3%BCber%20uns/%22%3Cx%3E%22/%7Ba%7Cb%7D%5C%5E%60",
            ),
            (
                "https://example.org/%20/?a=1&b=2",
                "https://example.org/%20/?a=1&b=2",
            ),
        ];
        for (url, expected) in cases {
            assert_eq!(uri(url), expected, "{url:?}");
            let mut out = Ics::default();
            out.line("URL", &uri(url));
            assert_eq!(out.0.matches("\r\n").count(), 1, "{url:?}");
        }
    }

    #[test]
    fn terminal_text_shows_control_characters() {
        assert_eq!(
            printable("Say\u{1b}[31m hi\nthere"),
            "Say\u{fffd}[31m hi\u{fffd}there"
        );
    }

    #[test]
    fn day_windows_close_at_the_midnight_after_their_last_day() {
        let f = Facts {
            decision_date: Some(date(2026, 11, 24)),
            ..facts()
        };
        assert_eq!(
            bounds(entry("on decision_date", &f).due),
            (
                date(2026, 11, 24).at(0, 0, 0, 0),
                date(2026, 11, 25).at(0, 0, 0, 0)
            )
        );
        assert_eq!(
            bounds(entry("immediately", &f).due),
            (
                date(2026, 11, 24).at(14, 0, 0, 0),
                date(2026, 11, 24).at(14, 0, 0, 0)
            )
        );
    }
}
