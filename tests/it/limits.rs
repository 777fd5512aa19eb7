//! Input limits: sites made of one mistake repeated 20,000 times, or nested thousands of
//! levels deep, are checked in time linear in their size and reported briefly, never with a
//! crash.
//!
//! No test measures time. Each input is large enough that a quadratic step would make its
//! test take minutes (20,000 identical headings took 82 s when ids were numbered from 1 for
//! every heading), so a regression shows as a hung test rather than a flaky timing.

use crate::support::Project;

/// A guide page with this body.
fn guide(body: &str) -> String {
    format!("---\ntitle: Big\n---\n\n{body}")
}

/// How many diagnostics in `stderr` carry `message`.
fn count(stderr: &str, message: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.contains(": error: ") && l.contains(message))
        .count()
}

#[test]
fn twenty_thousand_equal_headings_are_numbered_in_order() {
    let project = Project::minimal();
    project.file("content/guide/big.md", guide(&"# a\n".repeat(20_000)));
    project.run(&["build"]).success();
    let html = project.read("public/guide/big/index.html");
    for id in ["a", "a-1", "a-2", "a-9999", "a-19999"] {
        assert!(
            html.contains(&format!("<h1 id=\"{id}\">")),
            "no heading `{id}`"
        );
    }
    assert!(!html.contains("id=\"a-20000\""));
}

#[test]
fn twenty_thousand_broken_links_are_summed_up_in_one_line() {
    let project = Project::minimal();
    project.file(
        "content/guide/big.md",
        guide(&"[x](@/nope.md)\n\n".repeat(20_000)),
    );
    let run = project.run(&["check"]);
    run.code(1);
    assert_eq!(
        count(&run.stderr, "error: broken link: no page `content/nope.md`"),
        20
    );
    // The 21st link is the first left out, on line 5 + 2 × 20.
    run.stderr_has("content/guide/big.md:45:1: error: and 19980 more broken links in this file\n")
        .stderr_has("error: 21 errors; the site has problems");
}

#[test]
fn near_miss_anchors_get_hints_for_the_shown_ones_only() {
    let headings: String = (0..6_000).map(|i| format!("## Heading {i}\n\n")).collect();
    let links: String = (0..6_000)
        .map(|i| format!("[x](@/guide/big.md#heading-{i}x)\n\n"))
        .collect();
    let project = Project::minimal();
    project.file("content/guide/big.md", guide(&format!("{headings}{links}")));
    let run = project.run(&["check"]);
    run.code(1)
        .stderr_has("content/guide/big.md:12005:1: error: broken link: `@/guide/big.md` has no heading or item `#heading-0x` (did you mean `#heading-0`?)\n")
        .stderr_has("content/guide/big.md:12043:1: error: broken link: `@/guide/big.md` has no heading or item `#heading-19x` (did you mean `#heading-19`?)\n")
        .stderr_has("content/guide/big.md:12045:1: error: and 5980 more broken links in this file\n");
    assert_eq!(count(&run.stderr, "(did you mean"), 20);
}

#[test]
fn a_line_of_twenty_thousand_broken_links_is_shown_in_excerpts() {
    let project = Project::minimal();
    let line = "[x](@/nope.md) ".repeat(20_000);
    project.file("content/guide/big.md", guide(&line));
    let run = project.run(&["check"]);
    run.code(1)
        .stderr_has("content/guide/big.md:5:301: error: and 19980 more broken links in this file\n")
        .stderr_has("5 | …[x](@/nope.md) [x](@/nope.md) [x](@/nope.md)");
    // Each diagnostic shows 120 characters of the 300,000-character line, not all of it.
    assert!(run.stderr.len() < 10_000, "{} bytes", run.stderr.len());
}

#[test]
fn twenty_thousand_heading_ids_taken_twice_are_summed_up() {
    let project = Project::minimal();
    project.file(
        "content/guide/big.md",
        guide(&"## A {#same}\n\n".repeat(20_000)),
    );
    let run = project.run(&["check"]);
    run.code(1)
        .stderr_has("content/guide/big.md:7:1: error: duplicate heading id `same`: a heading above has it already, and links to `#same` go there\n")
        .stderr_has("content/guide/big.md:47:1: error: and 19979 more heading ids that clash in this file\n");
    assert_eq!(count(&run.stderr, "duplicate heading id"), 20);
}

#[test]
fn a_template_of_stray_braces_is_read_once() {
    let template = std::fs::read_to_string(
        crate::support::fixtures().join("valid/minimal/content/templates/thanks.md"),
    )
    .expect("the minimal template");
    let body = format!("{}{}\n", "{".repeat(100_000), "{x}".repeat(20_000));
    let project = Project::minimal();
    project.file("content/templates/thanks.md", format!("{template}\n{body}"));
    let run = project.run(&["check"]);
    run.code(1)
        .stderr_has("error: undeclared placeholder `{x}` (declare it under `fields`)\n")
        .stderr_has("error: and 19980 more undeclared placeholders in this file\n");
    assert_eq!(count(&run.stderr, "undeclared placeholder `{x}`"), 20);
}

#[test]
fn a_theme_script_nested_too_deep_is_an_error_not_a_crash() {
    let project = Project::minimal();
    // 6.5 KB, which used to abort the process with a stack overflow.
    let parens = format!("x = {}1{};\n", "(".repeat(3_200), ")".repeat(3_200));
    let conditions = format!("{}f();\n", "if (y) ".repeat(5_000));
    project
        .file("themes/default/static/parens.js", parens)
        .file("themes/default/static/conditions.js", conditions);
    project
        .run(&["check"])
        .code(1)
        .stderr_has("themes/default/static/parens.js: error: cannot minify `parens.js`: brackets nest more than 256 levels deep at line 1, column 261\n")
        .stderr_has("themes/default/static/conditions.js: error: cannot minify `conditions.js`: more than 1500 conditions (`if`, `?`) are open at line 1, column 10501: split the code into functions\n")
        .stderr_has("error: 2 errors; the site has problems");
}

#[test]
fn a_theme_script_too_large_to_minify_is_published_as_written() {
    let project = Project::minimal();
    let script = format!("x = {}1{};\n", "(".repeat(40_000), ")".repeat(40_000));
    project.file("themes/default/static/large.js", &script);
    project.run(&["build"]).success();
    assert_eq!(project.read("public/large.js"), script);
}

#[test]
fn deeply_nested_markdown_is_rendered() {
    let project = Project::minimal();
    let bodies = [
        format!("{} quoted\n", ">".repeat(100_000)),
        format!("{}item\n", "- ".repeat(100_000)),
        format!("{}x{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{}x{}\n", "*".repeat(100_000), "*".repeat(100_000)),
        format!("{}x{}\n", "![".repeat(50_000), "](y)".repeat(50_000)),
    ];
    for (i, body) in bodies.iter().enumerate() {
        project.file(&format!("content/guide/deep-{i}.md"), guide(body));
    }
    project.run(&["check"]).success();
}

#[test]
fn deeply_nested_front_matter_is_a_positioned_error() {
    let project = Project::minimal();
    let nested = format!(
        "---\ntitle: Deep\ndescription: {}{}\n---\n",
        "[".repeat(1_000),
        "]".repeat(1_000)
    );
    project.file("content/guide/deep.md", nested);
    project
        .run(&["check"])
        .code(1)
        .stderr_has("content/guide/deep.md:3:141: error: recursion limit exceeded");
}
