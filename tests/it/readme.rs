//! The README states only what is true: its `console` blocks are run in order, in one
//! temporary folder, and must print what they show; its YAML examples are pasted into a
//! site and must pass `check` (or, where they quote the bundled guide, be in it); its
//! `afterword` commands run on the bundled guide; every `@/` link it shows exists; and the
//! error reports it shows come from the fixture corpus.

use std::path::{Path, PathBuf};

use crate::support::{Project, fixtures, repo_root, run, run_in};

/// The README's fenced blocks of `language`, in order, without their fences.
fn blocks(language: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match &mut current {
            None if line == format!("```{language}") => current = Some(String::new()),
            Some(block) if line == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Whether `actual` matches `expected`, line by line, where `[..]` in an expected line
/// stands for any text (a time in milliseconds).
fn matches(expected: &str, actual: &str) -> bool {
    let expected: Vec<&str> = expected.lines().collect();
    let actual: Vec<&str> = actual.lines().collect();
    expected.len() == actual.len()
        && expected.iter().zip(&actual).all(|(e, a)| {
            let mut rest = *a;
            let parts: Vec<&str> = e.split("[..]").collect();
            for (i, part) in parts.iter().enumerate() {
                let found = match i {
                    0 => rest.strip_prefix(part).map(|r| (0, r)),
                    _ if i == parts.len() - 1 => rest.ends_with(part).then_some((0, "")),
                    _ => rest.find(part).map(|at| (at, &rest[at + part.len()..])),
                };
                match found {
                    Some((_, r)) => rest = r,
                    None => return false,
                }
            }
            parts.len() > 1 || rest.is_empty()
        })
}

#[test]
fn console_blocks_print_what_they_show() {
    let folder = Project::empty();
    let mut here: PathBuf = folder.root().to_path_buf();
    let mut commands = 0;
    for block in blocks("console") {
        let mut steps: Vec<(String, String)> = Vec::new();
        for line in block.lines() {
            match line.strip_prefix("$ ") {
                Some(command) => steps.push((command.to_owned(), String::new())),
                None => {
                    let (_, output) = steps.last_mut().expect("a block starts with `$ `");
                    output.push_str(line);
                    output.push('\n');
                }
            }
        }
        for (command, expected) in steps {
            commands += 1;
            let words: Vec<&str> = command.split_whitespace().collect();
            match words[..] {
                ["cd", dir] => here = here.join(dir),
                ["afterword", ref args @ ..] => {
                    let ran = run_in(&here, args);
                    let actual = format!("{}{}", ran.stdout, ran.stderr);
                    assert!(
                        ran.code == 0 && matches(&expected, &actual),
                        "`{command}` exited {} and printed\n{actual}\nbut the README shows\n{expected}",
                        ran.code
                    );
                }
                _ => panic!("the README shows a command the test cannot run: `{command}`"),
            }
        }
    }
    assert!(commands >= 7, "only {commands} commands");
}

/// The text of a YAML example without trailing `# …` comments, for finding it in a file.
fn without_comments(line: &str) -> &str {
    match line.find(" #") {
        Some(at) if !line.trim_start().starts_with('#') => line[..at].trim_end(),
        _ => line.trim_end(),
    }
}

#[test]
fn yaml_examples_pass_check_or_quote_the_bundled_guide() {
    let examples = blocks("yaml");
    assert!(examples.len() >= 5, "only {} YAML examples", examples.len());
    for example in examples {
        // `# content/x.md: …` opens a quote of that file of the bundled guide.
        if example.starts_with("# content/") {
            let mut file = String::new();
            for line in example.lines() {
                if let Some(path) = line.strip_prefix("# ") {
                    let path = path.split(':').next().unwrap_or_default();
                    file = std::fs::read_to_string(repo_root().join(path))
                        .unwrap_or_else(|e| panic!("the README quotes {path}: {e}"));
                    continue;
                }
                let line = without_comments(line);
                assert!(
                    line.is_empty() || file.lines().any(|l| without_comments(l) == line),
                    "the README quotes a line that is not in the bundled guide: {line:?}"
                );
            }
            continue;
        }
        let project = Project::empty();
        let site = project.path("site");
        let value: serde_yaml::Value = serde_yaml::from_str(&example).expect("the example is YAML");
        if value.get("planner").is_some() {
            // The site's words: into the home page of a new site, whose rules use them.
            run(&["init", site.to_str().unwrap()]).success();
            let home = site.join("content/_index.md");
            let text = std::fs::read_to_string(&home).unwrap();
            let text = text.replacen("\nsteps:", &format!("\n{example}steps:"), 1);
            std::fs::write(&home, text).unwrap();
        } else {
            // A page: into a copy of the bundled guide, whose pages its links name.
            run(&["init", "--from-guide", site.to_str().unwrap()]).success();
            let mut front = example.clone();
            if value.get("title").is_none() {
                front = format!("title: An example from the README\n{front}");
            }
            let fields: Vec<String> = value
                .get("fields")
                .and_then(|f| f.as_sequence())
                .map(|fields| {
                    fields
                        .iter()
                        .filter_map(|f| {
                            let name = f.get("name")?.as_str()?;
                            // An optional field may only stand in an optional part.
                            let needed = f.get("required").and_then(|r| r.as_bool()) == Some(true);
                            Some(if needed {
                                format!("{{{name}}}")
                            } else {
                                format!("[[{{{name}}}]]")
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let body = format!("Dear {},\n", fields.join(" "));
            std::fs::write(
                site.join("content/readme-example.md"),
                format!("---\n{front}---\n\n{body}"),
            )
            .unwrap();
        }
        let checked = run(&["check", "--root", site.to_str().unwrap()]);
        assert_eq!(
            checked.code, 0,
            "the README example\n{example}\ndoes not pass `check`:\n{}",
            checked.stderr
        );
    }
}

#[test]
fn commands_shown_run_on_the_bundled_guide() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let commands: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("    afterword "))
        .collect();
    assert!(commands.len() >= 2, "{commands:?}");
    let plans = blocks("text");
    for command in commands {
        let args: Vec<&str> = command
            .split(" > ")
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        let ran = run_in(&repo_root(), &args);
        assert_eq!(ran.code, 0, "afterword {command}:\n{}", ran.stderr);
        assert!(
            !ran.stdout.is_empty(),
            "afterword {command} printed nothing"
        );
        // A plan the README shows (abridged) has each of its lines in the real one.
        for plan in plans.iter().filter(|p| p.starts_with("Your plan")) {
            if args.contains(&"ics") {
                continue;
            }
            for line in plan.lines() {
                assert!(
                    ran.stdout.lines().any(|l| l == line),
                    "the README's plan has a line `afterword {command}` does not print: {line:?}\n{}",
                    ran.stdout
                );
            }
        }
    }
}

#[test]
fn links_shown_exist_in_the_bundled_guide() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).expect("README.md");
    let options = afterword::Options {
        root: repo_root(),
        base_url: None,
        drafts: false,
    };
    let Ok(loaded) = afterword::load(&options) else {
        panic!("the bundled guide loads")
    };
    let mut checked = 0;
    for (at, _) in readme.match_indices("@/") {
        let link: String = readme[at + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '#'))
            .collect();
        let (path, anchor) = link.split_once('#').unwrap_or((&link, ""));
        let Some(page) = loaded.site.pages.iter().find(|p| p.content_path == path) else {
            panic!("the README links `@/{link}`, but the bundled guide has no `content/{path}`");
        };
        let headings = loaded.body(page).headings;
        let ids = headings
            .iter()
            .map(|h| h.id.as_str())
            .chain(page.steps.iter().map(|s| s.id.as_str()))
            .chain(page.items.iter().map(|i| i.id.as_str()));
        assert!(
            anchor.is_empty() || ids.clone().any(|id| id == anchor),
            "the README links `@/{link}`, but `content/{path}` has no `#{anchor}`"
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} links");
}

#[test]
fn error_reports_shown_come_from_the_fixtures() {
    let expected: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
        .expect("fixtures")
        .map(|e| e.expect("an entry").path().join("expected.txt"))
        .filter_map(|p: PathBuf| std::fs::read_to_string(Path::new(&p)).ok())
        .collect();
    let reports: Vec<String> = blocks("text")
        .into_iter()
        .filter(|b| b.starts_with("content/"))
        .collect();
    assert!(!reports.is_empty());
    for report in reports {
        assert!(
            expected.iter().any(|e| e.contains(&report)),
            "the README shows a report no fixture produces:\n{report}"
        );
    }
}
