//! Front matter: splits the `---` fences off a content file, deserialises the YAML into the
//! typed schema of the file's kind, and maps every problem to a line and column of the
//! original `.md` file.
//!
//! This is the only module that knows YAML. Each kind has its own struct with
//! `deny_unknown_fields`, so a key that belongs to another kind is an error too. The YAML
//! parser reports locations only for its own errors, so values that later stages check
//! (rules, links, ids, placeholders) are located here with [`locate`] and carried as offsets.
//! Values that parse but cannot be used are reported here too, at the value: a title that
//! is empty or `~`, a `base_url` that is not an `http(s)://` address on one line, and a
//! `theme` that is a path rather than a folder name under `themes/`.

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, suggest};

mod mend;

/// A content file split into its front matter and markdown body, with byte offsets into
/// the original text so positions can be reported in the file the author edits.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// A value from the front matter and the byte offset of where it is written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub offset: usize,
}

/// What kind of file this is, which decides its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `content/_index.md`: the home page and the site settings.
    Home,
    /// `_index.md` in a subfolder.
    Section,
    Guide,
    Checklist,
    Template,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Guide => "guide",
            Kind::Checklist => "checklist",
            Kind::Template => "template",
        }
    }
}

/// The front matter of any file, common keys first, then what its kind adds.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub kind: Kind,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    pub slug: Option<Located<String>>,
    pub aliases: Vec<Located<String>>,
    pub draft: bool,
    pub steps: Vec<Step>,
    pub items: Vec<Item>,
    pub template: Option<TemplateSpec>,
    pub site: Option<SiteSettings>,
    /// The planner's words (events, facts, holidays), from `content/_index.md` only.
    pub planner: Option<PlannerDecl>,
    /// A theme template to render a guide page with instead of `guide.html`.
    pub layout: Option<Located<String>>,
}

/// Settings of the whole site, from the front matter of `content/_index.md`.
#[derive(Debug, Clone)]
pub struct SiteSettings {
    pub base_url: Located<String>,
    pub language: String,
    pub theme: String,
}

/// What `planner:` in `content/_index.md` declares, with the position of every name so the
/// site model can report bad or repeated ones. Turned into a
/// [`Vocabulary`](crate::rules::vocabulary::Vocabulary) by the site model.
#[derive(Debug, Clone, Default)]
pub struct PlannerDecl {
    pub events: Vec<EventDecl>,
    pub facts: Vec<FactDecl>,
    pub holidays: Vec<Located<String>>,
    /// Where `planner:` is, for problems with the declaration as a whole.
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct EventDecl {
    pub name: Located<String>,
    pub label: String,
    pub noun: Option<String>,
    pub day: Option<String>,
    pub known: Option<String>,
    pub unknown: Option<String>,
    pub time: bool,
    pub ends: bool,
}

#[derive(Debug, Clone)]
pub struct FactDecl {
    pub name: Located<String>,
    pub label: String,
    pub values: Vec<ValueDecl>,
}

#[derive(Debug, Clone)]
pub struct ValueDecl {
    pub name: Located<String>,
    pub label: String,
    pub clause: Option<String>,
}

/// A step of a guide or index: something to do, when, and where to read more.
///
/// A step with `due` defines an action; a step with `action` shows an action defined
/// elsewhere, its rule and (unless it has its own) its title.
#[derive(Debug, Clone)]
pub struct Step {
    pub id: Located<String>,
    /// Empty when the step takes its action's title.
    pub title: String,
    pub action: Option<Located<String>>,
    /// The stage of the process the step belongs to; consecutive steps of one phase are
    /// shown together under its name.
    pub phase: Option<String>,
    pub due: Option<Located<String>>,
    pub text: Option<Located<String>>,
    pub guide: Option<Located<String>>,
    pub checklist: Option<Located<String>>,
    pub template: Option<Located<String>>,
}

/// One checkbox of a checklist. Like a step, it defines an action with `due` or shows one
/// with `action`.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: Located<String>,
    /// Empty when the item takes its action's title.
    pub text: Located<String>,
    pub action: Option<Located<String>>,
    pub due: Option<Located<String>>,
    pub guide: Option<Located<String>>,
    pub template: Option<Located<String>>,
}

/// What a template file declares besides its body.
#[derive(Debug, Clone)]
pub struct TemplateSpec {
    pub subject: Located<String>,
    /// The field that holds the recipient's address, and one for a copy.
    pub to: Option<Located<String>>,
    pub cc: Option<Located<String>>,
    /// Who gets a note of their own (`interviewer`): the fields marked `per_person` are
    /// filled once per person, and each person gets a separate email.
    pub people: Option<Located<String>>,
    pub fields: Vec<Field>,
    pub max_words: Option<u32>,
    pub tips: Vec<String>,
}

/// A blank in a template that the candidate fills in.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub example: Option<String>,
    pub required: bool,
    /// What the candidate types: a line, a sentence or more, an email address.
    #[serde(rename = "type")]
    pub kind: FieldKind,
    /// Filled once per person (see [`TemplateSpec::people`]).
    pub per_person: bool,
    /// Actions whose due date fills the field while the candidate has not typed it: the
    /// first of them that is due for the shown application.
    #[serde(skip)]
    pub date_of: Vec<Located<String>>,
    #[serde(skip)]
    pub offset: usize,
}

/// What a template field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    #[default]
    Text,
    Long,
    Email,
}

/// Split the `---` fences off `text`. The error is a byte offset and a message.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let start = usize::from(text.starts_with('\u{feff}')) * 3;
    let rest = &text[start..];
    if rest.trim().is_empty() {
        return Err((
            0,
            "empty file: expected front matter starting with `---`".into(),
        ));
    }
    let Some(after_open) = rest
        .strip_prefix("---\n")
        .or_else(|| rest.strip_prefix("---\r\n"))
    else {
        return Err((
            start,
            "expected front matter: the file must start with a `---` line".into(),
        ));
    };
    let yaml_offset = text.len() - after_open.len();
    let mut line_start = yaml_offset;
    for line in after_open.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let body_offset = line_start + line.len();
            return Ok(Split {
                yaml: &text[yaml_offset..line_start],
                yaml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        line_start += line.len();
    }
    Err((
        start,
        "front matter is never closed: expected a `---` line after it".into(),
    ))
}

/// Parse the front matter of the file at `path` (relative to the site root) whose full
/// text is `text`. `is_index` is true for `_index.md`, `is_root` for `content/_index.md`.
///
/// Every problem of the file is reported, not the first: after an unknown key, a wrong
/// type or a missing key the reading goes on ([`mend`]), and the front matter comes back
/// with what could be read, so that the rest of the file is checked too. It is `None` only
/// when nothing can be read: YAML that does not parse, or is not a mapping.
pub fn parse(
    path: &Path,
    text: &str,
    split: &Split<'_>,
    is_index: bool,
    is_root: bool,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    match parse_sound(split.yaml, split.yaml_offset, is_index, is_root) {
        Some(front) => (Some(front), Vec::new()),
        None => parse_careful(path, text, split, is_index, is_root),
    }
}

/// [`parse`] for a file that may have problems: every one is found.
fn parse_careful(
    path: &Path,
    text: &str,
    split: &Split<'_>,
    is_index: bool,
    is_root: bool,
) -> (Option<FrontMatter>, Vec<Diagnostic>) {
    let at = |offset: usize, message: String| Diagnostic::at(path, text, offset, message);
    let yaml = split.yaml;
    let base = split.yaml_offset;
    // Parsed twice on purpose: once loosely to learn the kind, then into that kind's struct
    // from the text again, because only parsing from text gives schema errors a position
    // (`from_value` has none). Front matter is a few hundred bytes, so the cost is small.
    let probe: serde_yaml::Value = match serde_yaml::from_str(yaml) {
        Ok(probe) => probe,
        Err(e) => return (None, vec![yaml_error(path, text, base, &e, None)]),
    };
    if !probe.is_mapping() {
        let message = "front matter must be a mapping of `key: value` lines";
        return (None, vec![at(base, message.into())]);
    }
    let mut problems = Vec::new();
    let mut mend = mend::Mend::new(yaml);
    let declared_kind = probe
        .get("kind")
        .map(|k| k.as_str().unwrap_or_default().to_owned());
    let kind_at = locate(yaml, "kind", None, 0).unwrap_or(0);
    let kind = match (is_root, is_index, declared_kind.as_deref()) {
        (true, _, None) => Kind::Home,
        (false, true, None) => Kind::Section,
        (_, true, Some(_)) => {
            let message = "key `kind` is not allowed in an `_index.md` (it is always a section)";
            problems.push(at(base + kind_at, message.into()));
            if let Some(key) = mend.entry_of("kind", kind_at) {
                mend.comment_entry(key);
            }
            if is_root { Kind::Home } else { Kind::Section }
        }
        (_, false, None | Some("guide")) => Kind::Guide,
        (_, false, Some("checklist")) => Kind::Checklist,
        (_, false, Some("template")) => Kind::Template,
        (_, false, Some(other)) => {
            let suggested = suggest(other, ["guide", "checklist", "template"]);
            let hint = match suggested {
                Some(s) => format!("did you mean `{s}`?"),
                None => "expected `guide`, `checklist` or `template`".into(),
            };
            problems.push(at(
                base + kind_at,
                format!("unknown kind `{other}` ({hint})"),
            ));
            // Read on as the kind its keys belong to, so the file's other problems show now
            // rather than after this fix, and none is made up by the guess.
            if probe.get("items").is_some() {
                Kind::Checklist
            } else if probe.get("subject").is_some() || probe.get("fields").is_some() {
                Kind::Template
            } else {
                Kind::Guide
            }
        }
    };
    let (front, read) = read_as(kind, &mut mend, base);
    problems.extend(read.problems.iter().map(|p| {
        at(
            base + p.at,
            humanize(&p.message, p.path.as_deref(), Some(kind)),
        )
    }));
    if read.stopped {
        let message = format!(
            "more problems in this front matter are not shown after the first {}: fix these and check again",
            mend::LIMIT
        );
        problems.push(at(base, message));
    }
    let Some(front) = front else {
        return (None, problems);
    };
    let loc = Locator {
        yaml: mend.text(),
        base,
    };
    for (offset, message) in check_values(&front, &probe, &loc, &mend) {
        problems.push(at(offset, message));
    }
    (Some(front), problems)
}

/// The front matter of a file that has no problem, read with one parse instead of
/// [`parse`]'s two; `None` when it may have one, and [`parse`] then reads it the careful
/// way. Most files of a site are sound, so this is how most are read. It answers only when
/// the careful way would answer the same, with no problems: the kind is the one the file's
/// place gives (no key `kind` is written: the text never says `kind`, nor escapes one), the
/// kind's schema reads without a mend, and the title is text.
fn parse_sound(yaml: &str, base: usize, is_index: bool, is_root: bool) -> Option<FrontMatter> {
    if yaml.contains("kind") || yaml.contains('\\') {
        return None;
    }
    let kind = match (is_root, is_index) {
        (true, _) => Kind::Home,
        (false, true) => Kind::Section,
        (false, false) => Kind::Guide,
    };
    let mut mend = mend::Mend::new(yaml);
    let (front, read) = read_as(kind, &mut mend, base);
    let front = front.filter(|_| read.problems.is_empty() && !read.stopped)?;
    // A title written as no value reads as text here; the careful way names it.
    if matches!(front.title.trim(), "" | "~" | "null" | "Null" | "NULL") {
        return None;
    }
    let loc = Locator {
        yaml: mend.text(),
        base,
    };
    check_values(&front, &serde_yaml::Value::Null, &loc, &mend)
        .is_empty()
        .then_some(front)
}

/// Why `value` cannot be the `base_url` of a site, if it cannot: it must be an absolute
/// `http://` or `https://` URL with a host, because every permalink, the sitemap and the
/// calendar files are made from it, and a line break in it would add lines to them.
pub fn check_base_url(value: &str) -> Result<(), String> {
    let example = "such as `https://example.org/`";
    if let Some(c) = value.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let found = match c {
            '\n' | '\r' => "a line break".to_owned(),
            ' ' => "a space".to_owned(),
            '\t' => "a tab".to_owned(),
            c => format!("the character U+{:04X}", u32::from(c)),
        };
        return Err(format!(
            "`base_url` must not contain {found}: write one URL, {example}"
        ));
    }
    let rest = ["https://", "http://"].iter().find_map(|scheme| {
        let head = value.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme)
            .then(|| &value[scheme.len()..])
    });
    let Some(rest) = rest else {
        return Err(format!(
            "`base_url` must be an absolute URL starting with `https://` or `http://`, {example}"
        ));
    };
    if let Some(c) = value.chars().find(|c| {
        matches!(
            c,
            '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '?' | '#'
        )
    }) {
        return Err(format!(
            "`base_url` must not contain `{c}`: write the address of the site's home page, {example}"
        ));
    }
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(format!(
            "`base_url` has no host: write the address the site is published at, {example}"
        ));
    }
    if !is_host(host) {
        return Err(format!(
            "`base_url` has an invalid host `{host}`: use a domain name and optionally a port, {example}"
        ));
    }
    Ok(())
}

/// The front matter that `afterword new` writes for each kind: valid, with every key a
/// site owner is likely to want, and a body that says what to write. `id` names the
/// checklist's first item, which defines an action and so must be unique in the site.
pub fn stub(kind: Kind, title: &str, id: &str) -> String {
    let title = serde_yaml::to_string(title).unwrap_or_else(|_| format!("{title:?}\n"));
    let title = title.trim_end();
    match kind {
        Kind::Checklist => format!(
            "---\nkind: checklist\ntitle: {title}\ndescription: One sentence on when to use this checklist.\nweight: 0\nitems:\n  - id: {id}\n    text: The first thing to do\n    due: within 24h of interview\n---\n\nA short introduction to this checklist.\n"
        ),
        Kind::Template => format!(
            "---\nkind: template\ntitle: {title}\ndescription: One sentence on when to send this email.\nweight: 0\nsubject: \"Thank you, {{interviewer_name}}\"\nmax_words: 150\nfields:\n  - name: interviewer_name\n    label: Interviewer name\n    example: Priya\n    required: true\ntips:\n  - Say what to personalise.\n---\n\nDear {{interviewer_name}},\n\nThe body of the email.\n"
        ),
        _ => format!(
            "---\ntitle: {title}\ndescription: One sentence that says what this page is for.\nweight: 0\n---\n\nWrite the guide here.\n"
        ),
    }
}

/// The front matter read as `kind` ([`typed`] with that kind's schema).
fn read_as(
    kind: Kind,
    mend: &mut mend::Mend,
    base: usize,
) -> (Option<FrontMatter>, mend::Read<()>) {
    match kind {
        Kind::Home => typed(mend, base, raw::Home::into_front),
        Kind::Section => typed(mend, base, raw::Section::into_front),
        Kind::Guide => typed(mend, base, raw::Guide::into_front),
        Kind::Checklist => typed(mend, base, raw::Checklist::into_front),
        Kind::Template => typed(mend, base, raw::Template::into_front),
    }
}

/// Deserialise the mended front matter into the kind's schema ([`mend::read`]) and turn
/// it into [`FrontMatter`], its values located in the file: the front matter, if it could
/// be read, and what the reading found.
fn typed<T: DeserializeOwned>(
    mend: &mut mend::Mend,
    base: usize,
    into_front: fn(T, &Locator<'_>) -> FrontMatter,
) -> (Option<FrontMatter>, mend::Read<()>) {
    let read = mend::read::<T>(mend);
    let loc = Locator {
        yaml: mend.text(),
        base,
    };
    let front = read.value.map(|value| into_front(value, &loc));
    let rest = mend::Read {
        value: None,
        problems: read.problems,
        stopped: read.stopped,
    };
    (front, rest)
}

/// A YAML or schema error as a diagnostic at its place in the original file.
fn yaml_error(
    path: &Path,
    text: &str,
    base: usize,
    error: &serde_yaml::Error,
    kind: Option<Kind>,
) -> Diagnostic {
    let full = error.to_string();
    let (message, context) = match full.split_once(", while parsing ") {
        Some((message, context)) => (message, Some(context)),
        None => (full.as_str(), None),
    };
    let message = message.split(" at line ").next().unwrap_or(message);
    let (key_path, message) = match message.split_once(": ") {
        Some((ctx, msg)) if !ctx.contains(' ') => (Some(ctx), msg),
        _ => (None, message),
    };
    let mut message = humanize(message, key_path, kind);
    // libyaml says where the unfinished construct began, in front-matter lines.
    if let Some((what, line)) = context.and_then(|c| c.split_once(" at line ")) {
        let line: usize = line
            .split(' ')
            .next()
            .and_then(|l| l.parse().ok())
            .unwrap_or(1);
        let first_line = text[..base].matches('\n').count();
        message.push_str(&format!(
            " (while parsing {what} that starts on line {})",
            line + first_line
        ));
    }
    let offset = error.location().map_or(0, |l| l.index());
    if message.starts_with("mapping values are not allowed") {
        message = colon_in_value(text, base + offset);
    }
    Diagnostic::at(path, text, base + offset, message)
}

/// What to do about `title: Career Centre: after the interview`, whose second `: ` YAML
/// takes for the start of another key: quote the value, shown on the line itself.
fn colon_in_value(text: &str, offset: usize) -> String {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    let generic = "`: ` inside a value starts another key: put the value in quotes";
    let Some((key, value)) = line.split_once(": ") else {
        return generic.into();
    };
    let value = value.trim().replace('\\', "\\\\").replace('"', "\\\"");
    format!("{generic}, such as `{}: \"{value}\"`", key.trim_start())
}

/// Rephrase serde's messages in the words of this project: keys, not fields.
fn humanize(message: &str, key_path: Option<&str>, kind: Option<Kind>) -> String {
    let within = key_path.map(|p| format!(" in `{p}`")).unwrap_or_default();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        if let Some(s) = suggest(key, candidates.iter().copied()) {
            return format!("unknown key `{key}`{within} (did you mean `{s}`?)");
        }
        if let (Some(owner), Some(kind)) = (owner_of(key), kind) {
            return format!(
                "unknown key `{key}` for a {} (`{key}` belongs to {owner})",
                kind.name()
            );
        }
        let list: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
        return format!(
            "unknown key `{key}`{within} (expected one of {})",
            list.join(", ")
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.trim_end_matches('`');
        return format!("missing required key `{key}`{within}");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let expected = match expected {
            "i64" | "u32" | "u64" | "i32" => "a whole number",
            "a boolean" => "`true` or `false`",
            "a sequence" => "a list",
            e if e.starts_with("struct ") => "a mapping of `key: value` lines",
            e => e,
        };
        let key = key_path.map(|p| format!(" for `{p}`")).unwrap_or_default();
        return format!("wrong type{key}: expected {expected}, found {found}");
    }
    format!("{message}{within}")
}

/// Values that deserialise into their type but cannot be used: a title with no text, and
/// site settings that would load a theme from anywhere or break every URL of the site.
/// The error is a byte offset in the file and a message.
fn check_values(
    front: &FrontMatter,
    probe: &serde_yaml::Value,
    loc: &Locator<'_>,
    mend: &mend::Mend,
) -> Vec<(usize, String)> {
    let mut problems = Vec::new();
    let title_at = loc.base + locate_top(loc.yaml, "title").unwrap_or(0);
    // A title that was missing or of the wrong type is reported already.
    if mend.appended("title") {
    } else if probe.get("title").is_some_and(serde_yaml::Value::is_null) {
        let message = "`title` must be text, found no value: write the page's title after `title:`";
        problems.push((title_at, message.into()));
    } else if front.title.trim().is_empty() {
        let message = "`title` must not be empty: write the page's title after `title:`";
        problems.push((title_at, message.into()));
    }
    let Some(site) = &front.site else {
        return problems;
    };
    if !mend.appended("base_url")
        && let Err(message) = check_base_url(&site.base_url.value)
    {
        problems.push((site.base_url.offset, message));
    }
    if !crate::theme::is_name(&site.theme) {
        let shown = Some(site.theme.as_str()).filter(|t| !t.is_empty());
        let offset = loc.at("theme", shown, 0);
        let message = format!(
            "theme `{}` is not a folder name: put the theme in `themes/<name>/` and write `theme: <name>`, with letters, digits, `-` and `_` only",
            site.theme.escape_debug()
        );
        problems.push((offset, message));
    }
    problems
}

/// A host with an optional port: `example.org`, `localhost:8080`, `[::1]:8080`.
fn is_host(host: &str) -> bool {
    let (name_ok, port) = match host.strip_prefix('[').and_then(|h| h.split_once(']')) {
        Some((address, port)) => (
            !address.is_empty() && address.chars().all(|c| c.is_ascii_hexdigit() || c == ':'),
            port,
        ),
        None => {
            let (name, port) = host.find(':').map_or((host, ""), |i| host.split_at(i));
            let name_ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'));
            (name_ok, port)
        }
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    name_ok && port_ok
}

/// Which kind of file a key belongs to, for keys written in a file of another kind.
fn owner_of(key: &str) -> Option<&'static str> {
    match key {
        "items" => Some("checklists: add `kind: checklist`"),
        "subject" | "fields" | "max_words" | "tips" | "to" | "cc" | "people" => {
            Some("templates: add `kind: template`")
        }
        "base_url" | "language" | "theme" | "planner" => {
            Some("the site settings in `content/_index.md`")
        }
        "slug" => Some("pages, not section indexes"),
        _ => None,
    }
}

/// Finds where values are written in the front matter.
struct Locator<'a> {
    yaml: &'a str,
    base: usize,
}

impl Locator<'_> {
    /// The absolute offset of `key: value` at or after relative offset `from`.
    fn at(&self, key: &str, value: Option<&str>, from: usize) -> usize {
        self.base + locate(self.yaml, key, value, from).unwrap_or(from)
    }

    fn located(&self, key: &str, value: String, from: usize) -> Located<String> {
        let offset = self.at(key, Some(&value), from);
        Located { value, offset }
    }

    fn optional(&self, key: &str, value: Option<String>, from: usize) -> Option<Located<String>> {
        value.map(|v| self.located(key, v, from))
    }
}

/// The relative offset in `yaml` of the value of the first `key:` line at or after `from`
/// (as a map key, or the first key of a list item), pointing at `value` when the line
/// contains it and at the start of the value otherwise.
pub fn locate(yaml: &str, key: &str, value: Option<&str>, from: usize) -> Option<usize> {
    // Start at the first line that begins at or after `from`, not at the top: a list of
    // many items is located one item after another, and rescanning would be quadratic.
    let mut line_start = match from {
        0 => 0,
        _ if from > yaml.len() => return None,
        _ if yaml.as_bytes()[from - 1] == b'\n' => from,
        _ => yaml.as_bytes()[from..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(yaml.len(), |i| from + i + 1),
    };
    for line in yaml[line_start..].split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let trimmed = line.trim_start_matches([' ', '-']);
        let Some(after) = trimmed.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
            continue;
        };
        let key_at = start + (line.len() - trimmed.len());
        let value_at = key_at + key.len() + 1 + (after.len() - after.trim_start().len());
        if let Some(found) = value.and_then(|v| line.find(v)) {
            return Some(start + found);
        }
        return Some(value_at.min(start + line.trim_end().len()).max(key_at));
    }
    None
}

/// The relative offset of the value of the top-level (unindented) `key:` line, so that a
/// step's `title` is not taken for the page's.
fn locate_top(yaml: &str, key: &str) -> Option<usize> {
    let mut start = 0;
    for line in yaml.split_inclusive('\n') {
        if line
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            return locate(yaml, key, None, start);
        }
        start += line.len();
    }
    None
}

/// The serde shapes of each kind. Common keys are repeated in every struct because
/// `deny_unknown_fields` does not work through `#[serde(flatten)]`.
mod raw {
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Home {
        title: String,
        description: String,
        base_url: String,
        #[serde(default = "default_language")]
        language: String,
        #[serde(default = "default_theme")]
        theme: String,
        #[serde(default)]
        steps: Vec<Step>,
        planner: Option<Planner>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Planner {
        #[serde(default)]
        events: Vec<Event>,
        #[serde(default)]
        facts: Vec<Fact>,
        #[serde(default)]
        holidays: Vec<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Event {
        name: String,
        label: String,
        noun: Option<String>,
        day: Option<String>,
        known: Option<String>,
        unknown: Option<String>,
        #[serde(default)]
        time: bool,
        #[serde(default)]
        ends: bool,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Fact {
        name: String,
        label: String,
        values: Vec<Value>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Value {
        name: String,
        label: String,
        clause: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Section {
        title: String,
        description: Option<String>,
        #[serde(default)]
        weight: i64,
        #[serde(default)]
        aliases: Vec<String>,
        #[serde(default)]
        draft: bool,
        #[serde(default)]
        steps: Vec<Step>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Guide {
        #[serde(rename = "kind")]
        _kind: Option<String>,
        title: String,
        description: Option<String>,
        #[serde(default)]
        weight: i64,
        slug: Option<String>,
        #[serde(default)]
        aliases: Vec<String>,
        #[serde(default)]
        draft: bool,
        #[serde(default)]
        steps: Vec<Step>,
        layout: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Checklist {
        #[serde(rename = "kind")]
        _kind: String,
        title: String,
        description: Option<String>,
        #[serde(default)]
        weight: i64,
        slug: Option<String>,
        #[serde(default)]
        aliases: Vec<String>,
        #[serde(default)]
        draft: bool,
        items: Vec<Item>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Template {
        #[serde(rename = "kind")]
        _kind: String,
        title: String,
        description: Option<String>,
        #[serde(default)]
        weight: i64,
        slug: Option<String>,
        #[serde(default)]
        aliases: Vec<String>,
        #[serde(default)]
        draft: bool,
        subject: String,
        to: Option<String>,
        cc: Option<String>,
        people: Option<String>,
        fields: Vec<Field>,
        max_words: Option<u32>,
        #[serde(default)]
        tips: Vec<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Step {
        id: String,
        #[serde(default)]
        title: String,
        action: Option<String>,
        phase: Option<String>,
        due: Option<String>,
        text: Option<String>,
        guide: Option<String>,
        checklist: Option<String>,
        template: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        id: String,
        #[serde(default)]
        text: String,
        action: Option<String>,
        due: Option<String>,
        guide: Option<String>,
        template: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Field {
        name: String,
        label: String,
        example: Option<String>,
        #[serde(default)]
        required: bool,
        #[serde(default, rename = "type")]
        kind: super::FieldKind,
        #[serde(default)]
        per_person: bool,
        #[serde(default)]
        date_of: Vec<String>,
    }

    fn default_language() -> String {
        "en".into()
    }

    fn default_theme() -> String {
        "default".into()
    }

    fn empty(kind: Kind, title: String) -> FrontMatter {
        FrontMatter {
            kind,
            title,
            description: None,
            weight: 0,
            slug: None,
            aliases: Vec::new(),
            draft: false,
            steps: Vec::new(),
            items: Vec::new(),
            template: None,
            site: None,
            planner: None,
            layout: None,
        }
    }

    fn aliases(loc: &Locator<'_>, aliases: Vec<String>) -> Vec<Located<String>> {
        let from = locate(loc.yaml, "aliases", None, 0).unwrap_or(0);
        let mut cursor = from;
        aliases
            .into_iter()
            .map(|value| {
                let offset = loc.yaml[cursor..]
                    .find(value.as_str())
                    .map_or(loc.base + from, |i| loc.base + cursor + i);
                cursor = (offset - loc.base).max(cursor);
                Located { value, offset }
            })
            .collect()
    }

    fn steps(loc: &Locator<'_>, steps: Vec<Step>) -> Vec<super::Step> {
        let mut from = locate(loc.yaml, "steps", None, 0).unwrap_or(0);
        steps
            .into_iter()
            .map(|s| {
                let id = loc.located("id", s.id, from);
                from = id.offset - loc.base + 1;
                super::Step {
                    title: s.title,
                    action: loc.optional("action", s.action, from),
                    phase: s.phase,
                    due: loc.optional("due", s.due, from),
                    text: loc.optional("text", s.text, from),
                    guide: loc.optional("guide", s.guide, from),
                    checklist: loc.optional("checklist", s.checklist, from),
                    template: loc.optional("template", s.template, from),
                    id,
                }
            })
            .collect()
    }

    impl Home {
        pub fn into_front(self, loc: &Locator<'_>) -> FrontMatter {
            FrontMatter {
                description: Some(self.description),
                steps: steps(loc, self.steps),
                site: Some(SiteSettings {
                    base_url: loc.located("base_url", self.base_url, 0),
                    language: self.language,
                    theme: self.theme,
                }),
                planner: self.planner.map(|p| p.into_decl(loc)),
                ..empty(Kind::Home, self.title)
            }
        }
    }

    impl Planner {
        fn into_decl(self, loc: &Locator<'_>) -> PlannerDecl {
            let offset = locate(loc.yaml, "planner", None, 0).unwrap_or(0);
            let mut from = locate(loc.yaml, "events", None, offset).unwrap_or(offset);
            let next = |value: String, from: &mut usize| {
                let name = loc.located("name", value, *from);
                *from = name.offset - loc.base + 1;
                name
            };
            let events = self
                .events
                .into_iter()
                .map(|e| EventDecl {
                    name: next(e.name, &mut from),
                    label: e.label,
                    noun: e.noun,
                    day: e.day,
                    known: e.known,
                    unknown: e.unknown,
                    time: e.time,
                    ends: e.ends,
                })
                .collect();
            let mut from = locate(loc.yaml, "facts", None, offset).unwrap_or(offset);
            let facts = self
                .facts
                .into_iter()
                .map(|f| FactDecl {
                    name: next(f.name, &mut from),
                    label: f.label,
                    values: f
                        .values
                        .into_iter()
                        .map(|v| ValueDecl {
                            name: next(v.name, &mut from),
                            label: v.label,
                            clause: v.clause,
                        })
                        .collect(),
                })
                .collect();
            let from = locate(loc.yaml, "holidays", None, offset).unwrap_or(offset);
            let mut cursor = from;
            let holidays = self
                .holidays
                .into_iter()
                .map(|value| {
                    let at = loc.yaml[cursor..]
                        .find(value.as_str())
                        .map_or(from, |i| cursor + i);
                    cursor = at.max(cursor);
                    Located {
                        value,
                        offset: loc.base + at,
                    }
                })
                .collect();
            PlannerDecl {
                events,
                facts,
                holidays,
                offset: loc.base + offset,
            }
        }
    }

    impl Section {
        pub fn into_front(self, loc: &Locator<'_>) -> FrontMatter {
            FrontMatter {
                description: self.description,
                weight: self.weight,
                aliases: aliases(loc, self.aliases),
                draft: self.draft,
                steps: steps(loc, self.steps),
                ..empty(Kind::Section, self.title)
            }
        }
    }

    impl Guide {
        pub fn into_front(self, loc: &Locator<'_>) -> FrontMatter {
            FrontMatter {
                description: self.description,
                weight: self.weight,
                slug: loc.optional("slug", self.slug, 0),
                aliases: aliases(loc, self.aliases),
                draft: self.draft,
                steps: steps(loc, self.steps),
                layout: loc.optional("layout", self.layout, 0),
                ..empty(Kind::Guide, self.title)
            }
        }
    }

    impl Checklist {
        pub fn into_front(self, loc: &Locator<'_>) -> FrontMatter {
            let mut from = locate(loc.yaml, "items", None, 0).unwrap_or(0);
            let items = self
                .items
                .into_iter()
                .map(|i| {
                    let id = loc.located("id", i.id, from);
                    from = id.offset - loc.base + 1;
                    super::Item {
                        text: loc.located("text", i.text, from),
                        action: loc.optional("action", i.action, from),
                        due: loc.optional("due", i.due, from),
                        guide: loc.optional("guide", i.guide, from),
                        template: loc.optional("template", i.template, from),
                        id,
                    }
                })
                .collect();
            FrontMatter {
                description: self.description,
                weight: self.weight,
                slug: loc.optional("slug", self.slug, 0),
                aliases: aliases(loc, self.aliases),
                draft: self.draft,
                items,
                ..empty(Kind::Checklist, self.title)
            }
        }
    }

    impl Template {
        pub fn into_front(self, loc: &Locator<'_>) -> FrontMatter {
            let mut from = locate(loc.yaml, "fields", None, 0).unwrap_or(0);
            let fields = self
                .fields
                .into_iter()
                .map(|f| {
                    let offset = loc.at("name", Some(&f.name), from);
                    from = offset - loc.base + 1;
                    let date_of = f
                        .date_of
                        .into_iter()
                        .map(|id| loc.located("date_of", id, from))
                        .collect();
                    super::Field {
                        name: f.name,
                        label: f.label,
                        example: f.example,
                        required: f.required,
                        kind: f.kind,
                        per_person: f.per_person,
                        date_of,
                        offset,
                    }
                })
                .collect();
            FrontMatter {
                description: self.description,
                weight: self.weight,
                slug: loc.optional("slug", self.slug, 0),
                aliases: aliases(loc, self.aliases),
                draft: self.draft,
                template: Some(TemplateSpec {
                    subject: loc.located("subject", self.subject, 0),
                    to: loc.optional("to", self.to, 0),
                    cc: loc.optional("cc", self.cc, 0),
                    people: loc.optional("people", self.people, 0),
                    fields,
                    max_words: self.max_words,
                    tips: self.tips,
                }),
                ..empty(Kind::Template, self.title)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first line of every diagnostic for `content/a.md` with this text.
    fn errors(text: &str) -> Vec<String> {
        let path = Path::new("content/a.md");
        let split = split(text).expect("fences");
        parse(path, text, &split, false, false)
            .1
            .iter()
            .map(|d| d.to_string().lines().next().unwrap_or_default().to_owned())
            .collect()
    }

    fn error(text: &str) -> String {
        errors(text).into_iter().next().unwrap_or_default()
    }

    /// The one-parse reading answers only where the careful one finds no problem, and then
    /// with the same front matter: checked on every markdown file of the repository (the
    /// bundled guide and the valid and invalid test sites) and on titles of no value.
    #[test]
    fn the_sound_reading_agrees_with_the_careful_one() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut answered = 0;
        let mut files: Vec<(String, String)> = ["content", "tests/fixtures"]
            .iter()
            .flat_map(|dir| walkdir::WalkDir::new(root.join(dir)))
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .filter_map(|e| {
                let text = std::fs::read_to_string(e.path()).ok()?;
                Some((e.path().display().to_string(), text))
            })
            .collect();
        assert!(files.len() > 50, "{} markdown files", files.len());
        for title in ["", "~", "null", "NULL", "\"\"", "'  '"] {
            files.push((
                format!("title {title}"),
                format!("---\ntitle: {title}\n---\n"),
            ));
        }
        for (path, text) in &files {
            let Ok(split) = split(text) else { continue };
            let is_index = path.ends_with("_index.md");
            let is_root = path.ends_with("/content/_index.md");
            let Some(sound) = parse_sound(split.yaml, split.yaml_offset, is_index, is_root) else {
                // The guide's own pages of the kind their place gives are all read the fast way.
                let bundled = path.starts_with(&root.join("content").display().to_string());
                assert!(!bundled || split.yaml.contains("kind"), "{path}");
                continue;
            };
            answered += 1;
            let (careful, problems) =
                parse_careful(Path::new(path), text, &split, is_index, is_root);
            assert!(problems.is_empty(), "{path}: {problems:?}");
            assert_eq!(
                format!("{careful:?}"),
                format!("{:?}", Some(sound)),
                "{path}"
            );
        }
        assert!(answered > 30, "{answered} of {}", files.len());
    }

    #[test]
    fn split_reports_unclosed_and_missing_fences() {
        assert_eq!(
            split("").unwrap_err().1,
            "empty file: expected front matter starting with `---`"
        );
        assert_eq!(
            split("title: x\n").unwrap_err().1,
            "expected front matter: the file must start with a `---` line"
        );
        assert_eq!(
            split("---\ntitle: x\n").unwrap_err().1,
            "front matter is never closed: expected a `---` line after it"
        );
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(
            (s.yaml, s.yaml_offset, s.body, s.body_offset),
            ("title: x\n", 4, "body\n", 17)
        );
    }

    #[test]
    fn schema_errors_name_the_key_and_position() {
        assert_eq!(
            error("---\ntitle: x\ntitel: y\n---\n"),
            "content/a.md:3:1: error: unknown key `titel` (did you mean `title`?)"
        );
        assert_eq!(
            error("---\ndescription: x\n---\n"),
            "content/a.md:2:1: error: missing required key `title`"
        );
        assert_eq!(
            error("---\ntitle: x\nweight: heavy\n---\n"),
            "content/a.md:3:9: error: wrong type for `weight`: expected a whole number, found string \"heavy\""
        );
        assert_eq!(
            error("---\nkind: checklst\ntitle: x\n---\n"),
            "content/a.md:2:7: error: unknown kind `checklst` (did you mean `checklist`?)"
        );
        assert_eq!(
            error("---\ntitle: x\nitems: []\n---\n"),
            "content/a.md:3:1: error: unknown key `items` for a guide (`items` belongs to checklists: add `kind: checklist`)"
        );
        assert_eq!(
            error("---\nkind: checklist\ntitle: x\nitems:\n  - id: a\n    txt: y\n---\n"),
            "content/a.md:6:5: error: unknown key `txt` in `items[0]` (did you mean `text`?)"
        );
        assert_eq!(
            error("---\ntitle: [x\n---\n"),
            "content/a.md:3:1: error: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 2)"
        );
    }

    #[test]
    fn every_schema_error_of_a_file_is_reported() {
        let text = "---\nkind: checklist\ntitel: x\nweight: heavy\nitems:\n  - id: a\n    txt: y\n  - text: no id\n    due: soon\n  - id: [c]\n    text: z\n  - id: d\n    text: [w]\ncolour: blue\n---\n";
        assert_eq!(
            errors(text),
            [
                "content/a.md:3:1: error: unknown key `titel` (did you mean `title`?)",
                "content/a.md:4:9: error: wrong type for `weight`: expected a whole number, found string \"heavy\"",
                "content/a.md:7:5: error: unknown key `txt` in `items[0]` (did you mean `text`?)",
                "content/a.md:8:5: error: missing required key `id` in `items[1]`",
                "content/a.md:10:9: error: wrong type for `items[2].id`: expected a string, found sequence",
                "content/a.md:13:11: error: wrong type for `items[3].text`: expected a string, found sequence",
                "content/a.md:14:1: error: unknown key `colour` (expected one of `kind`, `title`, `description`, `weight`, `slug`, `aliases`, `draft`, `items`)",
                "content/a.md:2:1: error: missing required key `title`",
            ]
        );
        // What could be read is kept: the item without errors, at its place.
        let split = split(text).unwrap();
        let (front, _) = parse(Path::new("a.md"), text, &split, false, false);
        let front = front.expect("read past the errors");
        let ids: Vec<&str> = front.items.iter().map(|i| i.id.value.as_str()).collect();
        assert_eq!(ids, ["a", "d"]);
        let d = &front.items[1].id;
        assert_eq!(&text[d.offset..d.offset + 1], "d");
    }

    #[test]
    fn an_unknown_kind_is_read_as_the_kind_meant() {
        assert_eq!(
            errors("---\nkind: checklst\ntitle: x\nitems:\n  - id: a\n    txet: b\n---\n"),
            [
                "content/a.md:2:7: error: unknown kind `checklst` (did you mean `checklist`?)",
                "content/a.md:6:5: error: unknown key `txet` in `items[0]` (did you mean `text`?)",
            ]
        );
        assert_eq!(
            errors("---\nkind: list\ntitle: x\nitems: []\nweight: x\n---\n"),
            [
                "content/a.md:2:7: error: unknown kind `list` (expected `guide`, `checklist` or `template`)",
                "content/a.md:5:9: error: wrong type for `weight`: expected a whole number, found string \"x\"",
            ]
        );
    }

    #[test]
    fn a_mend_causes_no_problem_of_its_own() {
        // A required key of the wrong type is not also missing, nor its title empty.
        assert_eq!(
            errors("---\ntitle: [a]\n---\n"),
            ["content/a.md:2:8: error: wrong type for `title`: expected a string, found sequence"]
        );
        // A list left empty by its one bad element is not also of the wrong type.
        assert_eq!(
            errors("---\nkind: checklist\ntitle: x\nitems:\n  - text: a\n---\n"),
            ["content/a.md:5:5: error: missing required key `id` in `items[0]`"]
        );
        // A key inside `{ }` cannot be commented out: the reading stops there.
        assert_eq!(
            errors("---\ntitle: x\nsteps: [{id: a, titel: b}]\nweight: y\n---\n"),
            ["content/a.md:3:17: error: unknown key `titel` in `steps[0]` (did you mean `title`?)"]
        );
    }

    #[test]
    fn a_colon_in_a_value_says_to_quote_it() {
        assert_eq!(
            error("---\ntitle: Career Centre: after the interview\n---\n"),
            "content/a.md:2:21: error: `: ` inside a value starts another key: put the value in quotes, such as `title: \"Career Centre: after the interview\"`"
        );
        assert_eq!(
            error("---\nsteps:\n  - id: a\n    title: Ask: \"when\"\n---\n"),
            "content/a.md:4:15: error: `: ` inside a value starts another key: put the value in quotes, such as `title: \"Ask: \\\"when\\\"\"`"
        );
    }

    /// The first line of the diagnostic for `content/_index.md` with these front-matter lines.
    fn home_error(yaml: &str) -> String {
        let text = format!("---\n{yaml}---\n");
        let path = Path::new("content/_index.md");
        let split = split(&text).expect("fences");
        parse(path, &text, &split, true, true)
            .1
            .first()
            .map(|d| d.to_string().lines().next().unwrap_or_default().to_owned())
            .unwrap_or_default()
    }

    const HOME: &str = "description: d\nbase_url: https://example.org/\n";

    #[test]
    fn a_title_must_be_text() {
        let no_value =
            "`title` must be text, found no value: write the page's title after `title:`";
        let empty = "`title` must not be empty: write the page's title after `title:`";
        let cases = [
            ("title: ~\n", format!("2:8: error: {no_value}")),
            ("title:\n", format!("2:7: error: {no_value}")),
            ("title: null\n", format!("2:8: error: {no_value}")),
            ("title: \"\"\n", format!("2:8: error: {empty}")),
            ("title: \"  \"\n", format!("2:8: error: {empty}")),
        ];
        for (line, expected) in cases {
            assert_eq!(
                error(&format!("---\n{line}---\n")),
                format!("content/a.md:{expected}")
            );
        }
        // The page's own title is found, not a step's title written before it.
        assert_eq!(
            home_error(&format!(
                "steps:\n  - id: a\n    title: A step\ntitle: ~\n{HOME}"
            )),
            format!("content/_index.md:5:8: error: {no_value}")
        );
        assert_eq!(error("---\ntitle: \"~\"\n---\n"), "");
    }

    #[test]
    fn base_url_must_be_an_absolute_web_address() {
        let check = |value: &str| check_base_url(value).err().unwrap_or_default();
        for good in [
            "https://example.org/",
            "https://example.org",
            "http://localhost:1111/",
            "https://example.org/careers/",
            "HTTPS://Example.org/",
            "http://[::1]:8080/",
            "https://café.example/",
        ] {
            assert_eq!(check(good), "", "{good}");
        }
        let absolute = "`base_url` must be an absolute URL starting with `https://` or `http://`, such as `https://example.org/`";
        let cases = [
            ("", absolute.to_owned()),
            ("/", absolute.to_owned()),
            ("example.org", absolute.to_owned()),
            ("ftp://example.org/", absolute.to_owned()),
            ("javascript:alert(1)", absolute.to_owned()),
            (
                "https:///path",
                "`base_url` has no host: write the address the site is published at, such as `https://example.org/`".to_owned(),
            ),
            (
                "https://example.org/\nX-INJECTED:1",
                "`base_url` must not contain a line break: write one URL, such as `https://example.org/`".to_owned(),
            ),
            (
                "https://exa mple.org/",
                "`base_url` must not contain a space: write one URL, such as `https://example.org/`".to_owned(),
            ),
            (
                "https://example.org/\u{7}",
                "`base_url` must not contain the character U+0007: write one URL, such as `https://example.org/`".to_owned(),
            ),
            (
                "https://example.org/?a=b",
                "`base_url` must not contain `?`: write the address of the site's home page, such as `https://example.org/`".to_owned(),
            ),
            (
                "https://example.org/\"><script>",
                "`base_url` must not contain `\"`: write the address of the site's home page, such as `https://example.org/`".to_owned(),
            ),
            (
                "https://user@example.org/",
                "`base_url` has an invalid host `user@example.org`: use a domain name and optionally a port, such as `https://example.org/`".to_owned(),
            ),
            (
                "https://example.org:port/",
                "`base_url` has an invalid host `example.org:port`: use a domain name and optionally a port, such as `https://example.org/`".to_owned(),
            ),
        ];
        for (value, expected) in cases {
            assert_eq!(check(value), expected, "{value:?}");
        }
    }

    #[test]
    fn site_settings_are_checked_at_their_value() {
        assert_eq!(
            home_error("title: t\ndescription: d\nbase_url: \"https://example.org/\\nX: 1\"\n"),
            "content/_index.md:4:11: error: `base_url` must not contain a line break: write one URL, such as `https://example.org/`"
        );
        assert_eq!(
            home_error("title: t\ndescription: d\nbase_url: ~\n"),
            "content/_index.md:4:11: error: `base_url` must be an absolute URL starting with `https://` or `http://`, such as `https://example.org/`"
        );
        let theme = |name: &str| {
            format!(
                "theme `{name}` is not a folder name: put the theme in `themes/<name>/` and write `theme: <name>`, with letters, digits, `-` and `_` only"
            )
        };
        assert_eq!(
            home_error(&format!("title: t\n{HOME}theme: \"/abs/dir\"\n")),
            format!("content/_index.md:5:9: error: {}", theme("/abs/dir"))
        );
        assert_eq!(
            home_error(&format!("title: t\n{HOME}theme: ../../x\n")),
            format!("content/_index.md:5:8: error: {}", theme("../../x"))
        );
        assert_eq!(
            home_error(&format!("title: t\n{HOME}theme: \"\"\n")),
            format!("content/_index.md:5:8: error: {}", theme(""))
        );
        assert_eq!(
            home_error(&format!("title: t\n{HOME}theme: my-theme_2\n")),
            ""
        );
    }

    #[test]
    fn values_are_located_in_the_original_file() {
        let text = "---\nkind: checklist\ntitle: x\nitems:\n  - id: a\n    text: one\n    due: soon\n  - id: b\n    text: two\n    due: later\n---\n";
        let s = split(text).unwrap();
        let fm = parse(Path::new("a.md"), text, &s, false, false).0.unwrap();
        let due = fm.items[1].due.as_ref().unwrap();
        assert_eq!(&text[due.offset..due.offset + 5], "later");
        assert_eq!(&text[fm.items[1].id.offset..fm.items[1].id.offset + 1], "b");
    }
}
