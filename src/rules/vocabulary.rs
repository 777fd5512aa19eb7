//! The words timing rules are written in: the events a site counts from (`interview`,
//! `decision_date`), the facts its rules can test (`stage is later_round`) and the holidays
//! that business days skip.
//!
//! A site declares them under `planner:` in the front matter of `content/_index.md`; a site
//! that declares nothing gets [`Vocabulary::job_interview`], the words the bundled guide
//! uses. The rule parser, the planner form, the share page and `afterword plan` all read the
//! vocabulary from here, so adding an event is a change to content, not to the engine.
//! Pure data: reading the declaration with positions is `frontmatter.rs`.

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Serialize;

use crate::frontmatter::{Located, PlannerDecl};

/// Everything a site's rules may name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vocabulary {
    /// The events, in the order the planner form asks for them. The first is the anchor:
    /// `immediately` means the moment it ends, and no plan is made without it.
    pub events: Vec<EventDef>,
    pub facts: Vec<FactDef>,
    /// Days that are not business days, besides Saturdays and Sundays.
    pub holidays: BTreeSet<Date>,
}

/// Something that happens on a day (or at a time) and that rules count from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventDef {
    /// `decision_date`: what rules and links write.
    pub name: String,
    /// What the planner form asks: "When they said you would hear, if they did".
    pub label: String,
    /// The event in a sentence about timing: "the decision date".
    pub noun: String,
    /// "On the day" of the event, in words: "on the day the answer comes".
    pub day: String,
    /// The clause after "if" when the event is known: "you know the decision date".
    pub known: String,
    /// The clause after "if" when it is not: "you don't know the decision date".
    pub unknown: String,
    /// Known to the minute (the interview) rather than to the day.
    pub time: bool,
    /// The process is over once this happens (an answer, another offer accepted): nothing
    /// counted from another event is scheduled after it.
    pub ends: bool,
}

/// A fact about the application that rules can test, with the values it can take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactDef {
    pub name: String,
    pub label: String,
    /// The first value is the one assumed until the candidate says otherwise.
    pub values: Vec<FactValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactValue {
    pub name: String,
    /// How the planner form offers it: "A later round (or the only round)".
    pub label: String,
    /// The value in a sentence after "if": "it was a later round".
    pub clause: String,
}

impl Vocabulary {
    /// Every text a person reads (labels, nouns, clauses) passed through `f`; names stay.
    pub fn map_text(&mut self, f: impl Fn(&str) -> String) {
        for e in &mut self.events {
            for text in [
                &mut e.label,
                &mut e.noun,
                &mut e.day,
                &mut e.known,
                &mut e.unknown,
            ] {
                *text = f(text);
            }
        }
        for fact in &mut self.facts {
            fact.label = f(&fact.label);
            for v in &mut fact.values {
                v.label = f(&v.label);
                v.clause = f(&v.clause);
            }
        }
    }
}

/// The clock time assumed for an anchor event given as a date alone: the end of an
/// ordinary working day, so that nothing is due before the event can have ended.
pub const ASSUMED_TIME: &str = "17:00";

/// [`ASSUMED_TIME`] as a time of day (a test keeps the two the same).
pub const ASSUMED: jiff::civil::Time = jiff::civil::Time::constant(17, 0, 0, 0);

impl Vocabulary {
    /// The words of a job-interview guide: the vocabulary of every site that declares
    /// none, and the one the bundled guide declares.
    pub fn job_interview() -> Vocabulary {
        let event = |name: &str, label: &str, words: [&str; 4], time: bool, ends: bool| EventDef {
            name: name.into(),
            label: label.into(),
            noun: words[0].into(),
            day: words[1].into(),
            known: words[2].into(),
            unknown: words[3].into(),
            time,
            ends,
        };
        let value = |name: &str, label: &str, clause: &str| FactValue {
            name: name.into(),
            label: label.into(),
            clause: clause.into(),
        };
        Vocabulary {
            events: vec![
                event(
                    "interview",
                    "When the interview ended",
                    [
                        "the interview",
                        "on the day of the interview",
                        "the interview has happened",
                        "the interview has not happened",
                    ],
                    true,
                    false,
                ),
                event(
                    "decision_date",
                    "When they said you would hear, if they did",
                    [
                        "the decision date",
                        "on the decision date",
                        "you know the decision date",
                        "you don’t know the decision date",
                    ],
                    false,
                    false,
                ),
                event(
                    "follow_up",
                    "When you sent a follow-up, if you have",
                    [
                        "your follow-up",
                        "on the day you follow up",
                        "you have followed up",
                        "you haven’t followed up",
                    ],
                    false,
                    false,
                ),
                event(
                    "answer",
                    "When their answer came, if it has",
                    [
                        "the answer",
                        "on the day the answer comes",
                        "the answer has come",
                        "the answer hasn’t come",
                    ],
                    false,
                    true,
                ),
                event(
                    "offer_accepted",
                    "When you accepted another offer, if you have",
                    [
                        "accepting another offer",
                        "on the day you accept another offer",
                        "you have accepted another offer",
                        "you haven’t accepted another offer",
                    ],
                    false,
                    true,
                ),
            ],
            facts: vec![
                FactDef {
                    name: "stage".into(),
                    label: "Stage".into(),
                    values: vec![
                        value(
                            "later_round",
                            "A later round: any interview after the first call",
                            "it was a later round",
                        ),
                        value(
                            "phone_screen",
                            "A phone screen: the first call, often with a recruiter",
                            "it was a phone screen",
                        ),
                    ],
                },
                FactDef {
                    name: "recruiter".into(),
                    label: "A recruiter or agency".into(),
                    values: vec![
                        value(
                            "not_involved",
                            "No: I deal with the company directly",
                            "no recruiter is involved",
                        ),
                        value(
                            "involved",
                            "Yes: a recruiter or agency arranged this interview",
                            "a recruiter is involved",
                        ),
                    ],
                },
            ],
            holidays: BTreeSet::new(),
        }
    }

    /// The anchor event: the first declared.
    pub fn anchor(&self) -> &EventDef {
        &self.events[0]
    }

    pub fn event(&self, name: &str) -> Option<&EventDef> {
        self.events.iter().find(|e| e.name == name)
    }

    pub fn fact(&self, name: &str) -> Option<&FactDef> {
        self.facts.iter().find(|f| f.name == name)
    }
}

impl FactDef {
    pub fn value(&self, name: &str) -> Option<&FactValue> {
        self.values.iter().find(|v| v.name == name)
    }

    /// The value assumed until the candidate gives one.
    pub fn default_value(&self) -> &FactValue {
        &self.values[0]
    }
}

/// The vocabulary a site declares under `planner:`, or the job-interview one when it
/// declares none, with every problem of the declaration as `(byte offset, message)`.
pub fn declared(decl: Option<&PlannerDecl>) -> (Vocabulary, Vec<(usize, String)>) {
    let Some(decl) = decl else {
        return (Vocabulary::job_interview(), Vec::new());
    };
    let mut problems = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut name = |located: &Located<String>, problems: &mut Vec<(usize, String)>| {
        let name = located.value.as_str();
        if !is_name(name) {
            problems.push((
                located.offset,
                format!("invalid name `{name}`: use lowercase letters, digits and `_`, starting with a letter"),
            ));
        } else if seen.iter().any(|s| s == name) {
            problems.push((
                located.offset,
                format!("`{name}` is declared twice: events and facts each need their own name"),
            ));
        }
        seen.push(name.to_owned());
        name.to_owned()
    };
    let mut events = Vec::new();
    for e in &decl.events {
        let name = name(&e.name, &mut problems);
        let noun = e
            .noun
            .clone()
            .unwrap_or_else(|| format!("the {}", name.replace('_', " ")));
        events.push(EventDef {
            day: e
                .day
                .clone()
                .unwrap_or_else(|| format!("on the day of {noun}")),
            known: e
                .known
                .clone()
                .unwrap_or_else(|| format!("{noun} is known")),
            unknown: e
                .unknown
                .clone()
                .unwrap_or_else(|| format!("{noun} is not known yet")),
            noun,
            name,
            label: e.label.clone(),
            time: e.time,
            ends: e.ends,
        });
    }
    if events.is_empty() {
        problems.push((
            decl.offset,
            "`planner` declares no `events`: rules count from events, so declare at least one (the first is the one `immediately` counts from)".into(),
        ));
    }
    let mut facts = Vec::new();
    for f in &decl.facts {
        let fact = name(&f.name, &mut problems);
        if f.values.is_empty() {
            problems.push((
                f.name.offset,
                format!(
                    "fact `{fact}` has no `values`: list what it can be, the assumed one first"
                ),
            ));
        }
        let mut values = Vec::new();
        for v in &f.values {
            let value = v.name.value.clone();
            if !is_name(&value) {
                problems.push((
                    v.name.offset,
                    format!("invalid value `{value}`: use lowercase letters, digits and `_`, starting with a letter"),
                ));
            } else if values.iter().any(|x: &FactValue| x.name == value) {
                problems.push((
                    v.name.offset,
                    format!("value `{value}` of `{fact}` is listed twice"),
                ));
            }
            values.push(FactValue {
                clause: v
                    .clause
                    .clone()
                    .unwrap_or_else(|| format!("{fact} is {value}")),
                label: v.label.clone(),
                name: value,
            });
        }
        facts.push(FactDef {
            name: fact,
            label: f.label.clone(),
            values,
        });
    }
    let mut holidays = BTreeSet::new();
    for h in &decl.holidays {
        match h.value.parse::<Date>() {
            Ok(day) if h.value.len() == 10 => {
                holidays.insert(day);
            }
            _ => problems.push((
                h.offset,
                format!(
                    "invalid holiday `{}`: write a date as `YYYY-MM-DD`",
                    h.value
                ),
            )),
        }
    }
    if events.is_empty() {
        events = Vocabulary::job_interview().events;
    }
    facts.retain(|f| !f.values.is_empty());
    (
        Vocabulary {
            events,
            facts,
            holidays,
        },
        problems,
    )
}

/// `decision_date`: what rules can write as one word.
fn is_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !matches!(
            s,
            "known" | "unknown" | "is" | "not" | "and" | "or" | "when" | "until"
        )
}
