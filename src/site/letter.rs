//! The text of an email template: its subject and paragraphs as runs of literal text and
//! `{field}` blanks, some runs marked optional with `[[ … ]]`. An optional run is left out,
//! with its spacing, when any field in it is empty; a paragraph that is one optional run is
//! left out whole. This module only parses and reports the markup's own problems with their
//! byte offsets; which fields may stand where is the site model's rule (`site.rs`).

use serde::Serialize;

use super::{Segment, placeholders};

/// Literal text and blanks, shown always or only when every blank in it is filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub optional: bool,
    pub segments: Vec<Segment>,
}

/// One paragraph of the body. `optional` when it is one optional run, so that leaving it
/// out also leaves out the paragraph's spacing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub optional: bool,
    pub runs: Vec<Run>,
}

/// A field used in the text: its name, its offset, and whether it stands in an optional run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub name: String,
    pub offset: usize,
    pub optional: bool,
}

/// The runs of `text` (one paragraph or the subject), which starts at byte `offset` of its
/// file, the fields it uses, and the problems of its `[[ ]]` markup as (offset, message).
pub fn runs(text: &str, offset: usize) -> (Vec<Run>, Vec<Use>, Vec<Problem>) {
    let (spans, mut problems) = spans(text, offset);
    let mut runs = Vec::new();
    let mut uses = Vec::new();
    for (start, end, optional) in spans.into_iter().filter(|(s, e, o)| s < e || *o) {
        let parts = placeholders(&text[start..end]);
        let mut fields = 0;
        for (at, segment) in &parts {
            if let Segment::Field(name) = segment {
                fields += 1;
                uses.push(Use {
                    name: name.clone(),
                    offset: offset + start + at,
                    optional,
                });
            }
        }
        if optional && fields == 0 {
            problems.push((
                offset + start - 2,
                "this optional part has no `{field}`, so nothing could ever leave it out: add the field it depends on, or remove the `[[ ]]`".to_owned(),
            ));
        }
        runs.push(Run {
            optional,
            segments: parts.into_iter().map(|(_, s)| s).collect(),
        });
    }
    problems.sort_by_key(|(at, _)| *at);
    (runs, uses, problems)
}

/// A problem of the markup: its byte offset in the file, and the message.
type Problem = (usize, String);

/// The byte ranges of `text` outside and inside `[[ ]]` (the brackets left out, `true`
/// inside), and the markup's problems.
fn spans(text: &str, offset: usize) -> (Vec<(usize, usize, bool)>, Vec<Problem>) {
    let mut spans = Vec::new();
    let mut problems = Vec::new();
    let mut start = 0;
    let mut open: Option<usize> = None;
    let mut i = 0;
    while let Some(found) = text[i..].find(['[', ']']).map(|f| f + i) {
        let pair = &text[found..text.len().min(found + 2)];
        match (pair, open) {
            ("[[", None) => {
                spans.push((start, found, false));
                open = Some(found);
                start = found + 2;
                i = found + 2;
            }
            ("[[", Some(first)) => {
                problems.push((
                    offset + found,
                    format!(
                        "`[[` inside the optional part opened at column {}: optional parts cannot be nested; close the first with `]]`",
                        column(text, first)
                    ),
                ));
                i = found + 2;
            }
            ("]]", Some(_)) => {
                spans.push((start, found, true));
                open = None;
                start = found + 2;
                i = found + 2;
            }
            ("]]", None) => {
                problems.push((
                    offset + found,
                    "`]]` closes no optional part: open it with `[[`, or remove it".to_owned(),
                ));
                i = found + 2;
            }
            _ => i = found + 1,
        }
    }
    match open {
        Some(first) => problems.push((
            offset + first,
            "this optional part is not closed: end it with `]]` in the same paragraph".to_owned(),
        )),
        None => spans.push((start, text.len(), false)),
    }
    (spans, problems)
}

/// The paragraph made of `runs`.
pub fn paragraph(runs: Vec<Run>) -> Paragraph {
    let optional = runs.len() == 1 && runs[0].optional;
    Paragraph { optional, runs }
}

/// The 1-based column of byte `at` in its line of `text`, in characters.
fn column(text: &str, at: usize) -> usize {
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    text[line_start..at].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Segment {
        Segment::Text(s.into())
    }
    fn field(s: &str) -> Segment {
        Segment::Field(s.into())
    }

    #[test]
    fn an_optional_sentence_is_its_own_run() {
        let (runs, uses, problems) = runs("Thanks. [[Also {extra}.]] Bye", 10);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            runs,
            vec![
                Run {
                    optional: false,
                    segments: vec![text("Thanks. ")]
                },
                Run {
                    optional: true,
                    segments: vec![text("Also "), field("extra"), text(".")]
                },
                Run {
                    optional: false,
                    segments: vec![text(" Bye")]
                },
            ]
        );
        assert_eq!(
            uses,
            vec![Use {
                name: "extra".into(),
                offset: 10 + 15,
                optional: true
            }]
        );
    }

    #[test]
    fn a_paragraph_that_is_one_optional_run_is_optional_whole() {
        let (r, _, _) = runs("[[P.S. {extra}]]", 0);
        assert!(paragraph(r).optional);
        let (r, _, _) = runs("Hi [[{extra}]]", 0);
        assert!(!paragraph(r).optional);
    }

    #[test]
    fn single_brackets_stay_text() {
        let (r, _, problems) = runs("a [note] b] [c", 0);
        assert!(problems.is_empty());
        assert_eq!(
            r,
            vec![Run {
                optional: false,
                segments: vec![text("a [note] b] [c")]
            }]
        );
    }

    #[test]
    fn markup_problems_are_reported_at_their_place() {
        let check = |input: &str| runs(input, 100).2;
        assert_eq!(
            check("a [[b {x}"),
            vec![(
                102,
                "this optional part is not closed: end it with `]]` in the same paragraph".into()
            )]
        );
        assert_eq!(
            check("a ]] b"),
            vec![(
                102,
                "`]]` closes no optional part: open it with `[[`, or remove it".into()
            )]
        );
        assert_eq!(
            check("[[a [[b {x}]]"),
            vec![(
                104,
                "`[[` inside the optional part opened at column 1: optional parts cannot be nested; close the first with `]]`".into()
            )]
        );
        assert_eq!(
            check("x [[no field]]"),
            vec![(
                102,
                "this optional part has no `{field}`, so nothing could ever leave it out: add the field it depends on, or remove the `[[ ]]`".into()
            )]
        );
    }
}
