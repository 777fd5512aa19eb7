//! `afterword check` on broken sites: every folder in `tests/fixtures/invalid/` holds one
//! broken thing, laid over a copy of the valid minimal site, and the exact report it must
//! produce in `expected.txt`, and `build` must fail with the same report. A new rule test
//! is a new folder.
//!
//! Set `AFTERWORD_BLESS=1` to write the `expected.txt` of a new folder; review it by hand.

use crate::support::{Project, copy_tree, fixtures, walkdir};

#[test]
fn every_invalid_fixture_reports_its_exact_diagnostic() {
    let mut failures = Vec::new();
    let mut cases = 0;
    let dirs = std::fs::read_dir(fixtures().join("invalid")).expect("fixtures/invalid exists");
    let mut dirs: Vec<_> = dirs.map(|e| e.expect("entry").path()).collect();
    dirs.sort();
    for dir in dirs {
        cases += 1;
        let name = dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let project = Project::minimal();
        copy_tree(&dir, project.root());
        for file in ["expected.txt", "remove"] {
            std::fs::remove_file(project.path(file)).ok();
        }
        if let Ok(list) = std::fs::read_to_string(dir.join("remove")) {
            for path in list.lines() {
                std::fs::remove_file(project.path(path)).expect("remove a fixture file");
            }
        }
        let run = project.run(&["check"]);
        let expected_path = dir.join("expected.txt");
        if std::env::var_os("AFTERWORD_BLESS").is_some() && !expected_path.exists() {
            std::fs::write(&expected_path, &run.stderr).expect("bless");
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if run.code != 1 || run.stderr != expected || !run.stdout.is_empty() {
            failures.push(format!(
                "--- {name}: exit {} (expected 1)\n--- expected:\n{expected}--- got:\n{}",
                run.code, run.stderr
            ));
        }
        // `check` passing means `build` succeeds, and failing means `build` fails the same way.
        let built = project.run(&["build"]);
        let expected = expected.replace("the site has problems", "nothing was written");
        if built.code != 1 || built.stderr != expected || project.path("public").exists() {
            failures.push(format!(
                "--- {name}: `build` exit {} (expected 1)\n--- expected:\n{expected}--- got:\n{}",
                built.code, built.stderr
            ));
        }
    }
    assert!(cases >= 20, "only {cases} fixtures");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn symlink_loop_is_reported_and_the_rest_still_checked() {
    let project = Project::minimal();
    std::os::unix::fs::symlink("..", project.path("content/guide/loop")).expect("make a symlink");
    project.file(
        "content/guide/follow-up.md",
        "---\ntitle: Following up\ntitel: x\n---\n",
    );
    project.run(&["check"]).code(1).stderr_has(
        "content/guide/loop: error: symlink loop: this link points to a folder that contains it",
    ).stderr_has("content/guide/follow-up.md:3:1: error: unknown key `titel` (did you mean `title`?)")
    .stderr_has("error: 2 errors; the site has problems");
}

#[test]
fn the_valid_fixture_has_no_problems() {
    let project = Project::minimal();
    project
        .run(&["check"])
        .success()
        .stdout_has("no problems in 8 pages (1 checklist, 1 template)");
    assert!(!project.path("public").exists(), "check must not write");
    assert!(
        walkdir(project.root())
            .iter()
            .all(|p| !p.to_string_lossy().contains("staging"))
    );
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_accepted() {
    let project = Project::minimal();
    let page = "\u{feff}---\r\ntitle: Following up\r\nweight: 2\r\n---\r\n\r\n## Timing\r\n\r\nWait a week, then read [the notes](@/guide/thanks.md#when).\r\n";
    project.file("content/guide/follow-up.md", page);
    project.run(&["check"]).success();
    project.run(&["build"]).success();
    let html = project.read("public/guide/follow-up/index.html");
    assert!(html.contains("<title>Following up · Minimal site</title>"));
    assert!(html.contains(r#"<a href="/guide/thanks/#when">the notes</a>"#));
    // Positions stay right on CRLF lines.
    project.file(
        "content/guide/follow-up.md",
        "---\r\ntitle: Following up\r\ntitel: x\r\n---\r\n",
    );
    project.run(&["check"]).code(1).stderr_has(
        "content/guide/follow-up.md:3:1: error: unknown key `titel` (did you mean `title`?)",
    );
}
