//! The benchmark corpus: a deterministic synthetic site of N pages, written twice with the
//! same bodies, once in Afterword's front-matter schema and once in Hugo's, so every tool
//! in `benches/compare.sh` renders the same markdown.
//!
//! Usage: `corpus <pages> <dir>` writes `<dir>/afterword/content/…` and `<dir>/hugo/…`
//! (`hugo.toml`, `content/`, and a minimal `layouts/` so Hugo renders real pages). Pages
//! are spread over ten sections; each body has 600–1,200 words in headings, paragraphs
//! with emphasis, code and links (internal ones to other pages and their anchors, external
//! ones), a table, a task list and a quote. The same `<pages>` always gives the same bytes:
//! the words come from a fixed generator seeded by the page number.
//!
//! A bench target with `harness = false`, so it compiles only for `cargo bench`, never in
//! `cargo test`; it writes only under `<dir>`, which it refuses if it exists.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const SECTIONS: usize = 10;

/// Headings every page has, so a link to `#details` on any page is a real anchor.
const HEADINGS: [&str; 4] = ["Overview", "Details", "Checklist", "Notes"];

const WORDS: &[&str] = &[
    "interview",
    "candidate",
    "recruiter",
    "follow",
    "note",
    "thank",
    "team",
    "role",
    "company",
    "answer",
    "question",
    "offer",
    "decision",
    "week",
    "day",
    "email",
    "call",
    "panel",
    "manager",
    "feedback",
    "salary",
    "start",
    "date",
    "reference",
    "letter",
    "practice",
    "story",
    "example",
    "project",
    "skill",
    "result",
    "plan",
    "time",
    "hour",
    "message",
    "reply",
    "phone",
    "video",
    "office",
    "remote",
    "benefit",
    "contract",
    "notice",
    "schedule",
    "meeting",
    "agenda",
    "summary",
    "point",
    "detail",
    "name",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "for",
    "with",
    "on",
    "after",
    "before",
    "when",
    "while",
    "your",
    "their",
    "every",
    "each",
    "one",
    "two",
    "three",
    "short",
    "clear",
    "polite",
    "warm",
    "brief",
    "careful",
    "honest",
    "quick",
    "later",
    "soon",
    "again",
    "still",
    "always",
    "never",
    "often",
    "usually",
    "write",
    "send",
    "read",
    "ask",
    "tell",
    "keep",
    "wait",
    "check",
    "thank",
    "mention",
    "remember",
    "prepare",
    "review",
    "choose",
    "decide",
    "share",
    "list",
    "print",
    "tick",
    "open",
    "close",
    "about",
    "from",
    "into",
    "over",
    "under",
    "between",
    "without",
    "during",
    "until",
    "because",
    "so",
    "but",
    "or",
    "if",
    "then",
    "that",
    "this",
    "these",
    "those",
    "what",
    "which",
    "who",
    "how",
    "why",
    "where",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "do",
    "does",
    "did",
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(pages), Some(dir)) = (
        args.first().and_then(|n| n.parse::<usize>().ok()),
        args.get(1),
    ) else {
        eprintln!("usage: corpus <pages> <dir>");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    if dir.exists() {
        eprintln!("`{}` exists; give a new folder", dir.display());
        std::process::exit(2);
    }
    if let Err(e) = write(pages, &dir) {
        eprintln!("cannot write the corpus: {e}");
        std::process::exit(2);
    }
}

/// Where page `n` lives: its section and its file stem.
fn place(n: usize) -> (usize, String) {
    (n % SECTIONS, format!("p{n:05}"))
}

fn write(pages: usize, dir: &Path) -> std::io::Result<()> {
    let ours = dir.join("afterword/content");
    let hugo = dir.join("hugo");
    let theirs = hugo.join("content");
    for s in 0..SECTIONS {
        std::fs::create_dir_all(ours.join(format!("s{s}")))?;
        std::fs::create_dir_all(theirs.join(format!("s{s}")))?;
    }
    std::fs::write(
        ours.join("_index.md"),
        "---\ntitle: Benchmark site\ndescription: A synthetic site for timing builds.\nbase_url: \"https://bench.example/\"\n---\n\nThe home page of the benchmark corpus.\n",
    )?;
    std::fs::write(
        theirs.join("_index.md"),
        "---\ntitle: Benchmark site\ndescription: A synthetic site for timing builds.\n---\n\nThe home page of the benchmark corpus.\n",
    )?;
    for s in 0..SECTIONS {
        let front = format!(
            "---\ntitle: Section {s}\ndescription: Pages of section {s}.\nweight: {s}\n---\n\nSection {s} of the benchmark corpus.\n"
        );
        std::fs::write(ours.join(format!("s{s}/_index.md")), &front)?;
        std::fs::write(theirs.join(format!("s{s}/_index.md")), &front)?;
    }
    for n in 0..pages {
        let mut words = Words::new(n as u64, pages);
        let title = words.title();
        let description = words.sentence(8, 14);
        let (section, stem) = place(n);
        let ours_body = body(&mut words.clone(), Style::Afterword);
        let theirs_body = body(&mut words, Style::Hugo);
        let front =
            format!("---\ntitle: {title}\ndescription: {description}\nweight: {n}\n---\n\n");
        std::fs::write(
            ours.join(format!("s{section}/{stem}.md")),
            format!("{front}{ours_body}"),
        )?;
        std::fs::write(
            theirs.join(format!("s{section}/{stem}.md")),
            format!("{front}{theirs_body}"),
        )?;
    }
    std::fs::write(
        hugo.join("hugo.toml"),
        "baseURL = \"https://bench.example/\"\ntitle = \"Benchmark site\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n",
    )?;
    let layouts = hugo.join("layouts/_default");
    std::fs::create_dir_all(&layouts)?;
    std::fs::write(
        layouts.join("baseof.html"),
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title><meta name=\"description\" content=\"{{ .Description }}\"></head>\n<body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    )?;
    std::fs::write(
        layouts.join("single.html"),
        "{{ define \"main\" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n",
    )?;
    std::fs::write(
        layouts.join("list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )?;
    Ok(())
}

/// How internal links are written: Afterword's checked `@/s1/p00001.md#details`, or the
/// published URL Hugo takes as it is.
#[derive(Clone, Copy)]
enum Style {
    Afterword,
    Hugo,
}

/// A page body of 600–1,200 words.
fn body(words: &mut Words, style: Style) -> String {
    let target = 600 + words.below(601);
    let mut out = String::new();
    let mut count = 0;
    let paragraph = |words: &mut Words, out: &mut String, count: &mut usize| {
        let sentences = 3 + words.below(4);
        for i in 0..sentences {
            if i > 0 {
                out.push(' ');
            }
            let sentence = match words.below(6) {
                0 => {
                    let (text, n) = link(words, style);
                    *count += n;
                    text
                }
                1 => format!("**{}** {}", words.word(), words.sentence(6, 12)),
                2 => format!(
                    "{} `{}` {}",
                    words.sentence(3, 6),
                    words.word(),
                    words.sentence(3, 8)
                ),
                _ => words.sentence(8, 18),
            };
            *count += sentence.split_whitespace().count();
            out.push_str(&sentence);
        }
        out.push_str("\n\n");
    };
    paragraph(words, &mut out, &mut count);
    for (h, heading) in HEADINGS.iter().enumerate() {
        let _ = writeln!(out, "## {heading}\n");
        count += 1;
        match h {
            0 => {
                out.push_str("| step | when | who | note |\n|---|---|---|---|\n");
                for _ in 0..5 {
                    let row = format!(
                        "| {} | {} | {} | {} |\n",
                        words.word(),
                        words.sentence(2, 4),
                        words.word(),
                        words.sentence(3, 6)
                    );
                    count += row.split_whitespace().filter(|w| *w != "|").count();
                    out.push_str(&row);
                }
                out.push('\n');
            }
            2 => {
                for _ in 0..6 {
                    let item = format!("- [ ] {}\n", words.sentence(4, 9));
                    count += item.split_whitespace().count() - 3;
                    out.push_str(&item);
                }
                out.push('\n');
            }
            3 => {
                let quote = words.sentence(15, 30);
                count += quote.split_whitespace().count();
                let _ = writeln!(out, "> {quote}\n");
            }
            _ => {}
        }
        // Share the rest of the words among the four parts.
        let share = target.saturating_sub(count) / (HEADINGS.len() - h);
        let until = count + share;
        while count < until {
            paragraph(words, &mut out, &mut count);
        }
    }
    out
}

/// A sentence holding a link to another page (one with an anchor in three) or to another
/// host, and the number of words of its text.
fn link(words: &mut Words, style: Style) -> (String, usize) {
    let before = words.sentence(3, 7);
    let text = words.sentence(2, 4);
    let after = words.sentence(2, 6);
    let target = if words.below(4) == 0 {
        format!("https://example.org/{}/{}", words.word(), words.word())
    } else {
        let (section, stem) = place(words.below(words.pages as usize));
        let anchor = match words.below(3) {
            0 => format!("#{}", HEADINGS[words.below(HEADINGS.len())].to_lowercase()),
            _ => String::new(),
        };
        match style {
            Style::Afterword => format!("@/s{section}/{stem}.md{anchor}"),
            Style::Hugo => format!("/s{section}/{stem}/{anchor}"),
        }
    };
    let n = [&before, &text, &after]
        .iter()
        .map(|s| s.split_whitespace().count())
        .sum();
    (format!("{before} [{text}]({target}) {after}"), n)
}

/// A deterministic stream of words (splitmix64), one per page.
#[derive(Clone)]
struct Words {
    state: u64,
    pages: u64,
}

impl Words {
    fn new(page: u64, pages: usize) -> Words {
        Words {
            state: page.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED,
            pages: pages.max(1) as u64,
        }
    }

    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn word(&mut self) -> &'static str {
        WORDS[self.below(WORDS.len())]
    }

    /// `min..=max` words, the first capitalised, ending with a full stop.
    fn sentence(&mut self, min: usize, max: usize) -> String {
        let n = min + self.below(max - min + 1);
        let mut s = String::new();
        for i in 0..n {
            let word = self.word();
            if i == 0 {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    s.extend(first.to_uppercase());
                    s.push_str(chars.as_str());
                }
            } else {
                s.push(' ');
                s.push_str(word);
            }
        }
        s.push('.');
        s
    }

    fn title(&mut self) -> String {
        let s = self.sentence(3, 6);
        s.trim_end_matches('.').to_owned()
    }
}
