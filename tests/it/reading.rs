//! What the site reads: nothing outside the site folder, symlinks included, in content and
//! theme alike, and a theme named by a path is never loaded.
//!
//! Symlinks cannot live in the git fixtures, so these tests make them at run time over a
//! copy of the minimal site, with the "outside" in a second temporary folder holding a
//! secret that must never reach the output.

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::support::{Project, walkdir};

const SECRET: &str = "secret-token-0123456789";

/// A folder outside the site with a secret file and a folder of secrets.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    std::fs::write(dir.path().join("secret.txt"), SECRET).expect("write the secret");
    std::fs::create_dir(dir.path().join("certs")).expect("create a folder");
    std::fs::write(dir.path().join("certs/key.pem"), SECRET).expect("write the secret");
    dir
}

fn link(target: impl AsRef<Path>, project: &Project, at: &str) {
    let path = project.path(at);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
    symlink(target, path).expect("make a symlink");
}

/// The report of `check` for these diagnostics, in order.
fn report(lines: &[String]) -> String {
    let noun = if lines.len() == 1 { "error" } else { "errors" };
    let mut out: String = lines.iter().map(|l| format!("{l}\n\n")).collect();
    out.push_str(&format!(
        "error: {} {noun}; the site has problems\n",
        lines.len()
    ));
    out
}

fn leaves(path: &str, target: &Path) -> String {
    format!(
        "{path}: error: symlink leaves the site: `{}` is outside the site folder and is not read (copy what you need into the site, or remove the link)",
        target.display()
    )
}

/// `build` fails, writes nothing, and the secret is nowhere in the site folder's output.
#[track_caller]
fn assert_build_leaks_nothing(project: &Project) {
    project.run(&["build"]).code(1);
    let public = project.path("public");
    if public.exists() {
        for file in walkdir(&public) {
            let bytes = std::fs::read(&file).expect("read an output file");
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "{} leaks the secret",
                file.display()
            );
        }
    }
    assert!(!public.exists(), "a failed build must write nothing");
}

#[test]
fn symlink_out_of_the_site_is_reported_not_read() {
    let outside = outside();
    let project = Project::minimal();
    let secret = outside.path().join("secret.txt");
    let certs = outside.path().join("certs");
    link(&secret, &project, "content/env.txt");
    link(&certs, &project, "content/ssl");
    project.run(&["check"]).code(1).stderr(&report(&[
        leaves("content/env.txt", &secret),
        leaves("content/ssl", &certs),
    ]));
    assert!(!project.run(&["check"]).stderr.contains(SECRET));
    assert_build_leaks_nothing(&project);
}

#[cfg(target_os = "linux")]
#[test]
fn symlink_to_the_process_environment_is_reported_not_read() {
    let project = Project::minimal();
    link("/proc/self/environ", &project, "content/env.txt");
    project.run(&["check"]).code(1).stderr(&report(&[leaves(
        "content/env.txt",
        Path::new("/proc/self/environ"),
    )]));
    project.run(&["build"]).code(1);
    assert!(!project.path("public/env.txt").exists());
}

#[test]
fn folder_link_inside_the_site_cannot_lead_out_again() {
    let outside = outside();
    let project = Project::minimal();
    project.file("shared/logo.svg", "<svg/>");
    let secret = outside.path().join("secret.txt");
    link(&secret, &project, "shared/leak.txt");
    link("../shared", &project, "content/shared");
    project
        .run(&["check"])
        .code(1)
        .stderr(&report(&[leaves("content/shared/leak.txt", &secret)]));
    assert_build_leaks_nothing(&project);
}

#[test]
fn symlinks_that_stay_inside_the_site_still_work() {
    let project = Project::minimal();
    project.file("shared/logo.svg", "<svg/>");
    link("../../shared/logo.svg", &project, "content/guide/logo.svg");
    link("../shared", &project, "content/shared");
    project.run(&["build"]).success();
    assert_eq!(project.read("public/guide/logo.svg"), "<svg/>");
    assert_eq!(project.read("public/shared/logo.svg"), "<svg/>");
}

#[test]
fn broken_symlink_is_reported_as_unreadable() {
    let project = Project::minimal();
    link("missing.txt", &project, "content/gone.txt");
    project.run(&["check"]).code(1).stderr(&report(&[
        "content/gone.txt: error: cannot read: the symlink points to `missing.txt`, which does not exist (remove the link or restore its target)".into(),
    ]));
}

#[test]
fn hidden_broken_symlink_is_skipped_like_any_hidden_name() {
    // Emacs marks a file being edited with a link like this one, pointing nowhere.
    let project = Project::minimal();
    link(
        "user@host.1234:1700000000",
        &project,
        "content/guide/.#thanks.md",
    );
    project.run(&["check"]).success();
}

#[test]
fn symlink_into_a_hidden_folder_is_reported_not_read() {
    let project = Project::minimal();
    project.file(".git/config", SECRET);
    link("../.git/config", &project, "content/config.txt");
    project.run(&["check"]).code(1).stderr(&report(&[
        "content/config.txt: error: symlink points into `.git`, a hidden path that is never published: it is not read (copy what you need into the site, or remove the link)".into(),
    ]));
    assert_build_leaks_nothing(&project);
}

#[test]
fn content_folder_linked_out_of_the_site_is_reported_not_read() {
    let outside = outside();
    let project = Project::minimal();
    let content = outside.path().join("content");
    std::fs::rename(project.path("content"), &content).expect("move content out");
    std::fs::write(content.join("secret.txt"), SECRET).expect("write the secret");
    link(&content, &project, "content");
    project
        .run(&["check"])
        .code(1)
        .stderr(&report(&[
            leaves("content", &content),
            // Reported by the site model, which finds no files at all.
            "content/_index.md: error: missing home page: `content/_index.md` holds the site settings (title, description, base_url)".into(),
        ]));
    assert_build_leaks_nothing(&project);
}

#[test]
fn theme_links_out_of_the_site_are_reported_not_read() {
    let outside = outside();
    let theme = outside.path().join("theme");
    std::fs::create_dir_all(theme.join("default/static")).expect("create folders");
    std::fs::create_dir_all(theme.join("default/templates")).expect("create folders");
    std::fs::write(theme.join("default/static/leak.txt"), SECRET).expect("write the secret");
    let secret = outside.path().join("secret.txt");
    let cases = [
        ("themes", theme.clone()),
        ("themes/default", theme.join("default")),
        ("themes/default/static", theme.join("default/static")),
        ("themes/default/templates", theme.join("default/templates")),
        ("themes/default/static/leak.txt", secret.clone()),
        ("themes/default/templates/robots.txt", secret.clone()),
    ];
    for (at, target) in cases {
        let project = Project::minimal();
        link(&target, &project, at);
        project
            .run(&["check"])
            .code(1)
            .stderr(&report(&[leaves(at, &target)]));
        assert_build_leaks_nothing(&project);
    }
}

#[test]
fn theme_that_is_a_path_is_reported_at_its_value_and_not_loaded() {
    let outside = outside();
    let theme = outside.path().join("evil");
    std::fs::create_dir_all(theme.join("static")).expect("create folders");
    std::fs::write(theme.join("static/leak.txt"), SECRET).expect("write the secret");
    let project = Project::minimal();
    let home = project.read("content/_index.md");
    let absolute = theme.display().to_string();
    let relative = "../../../../../../../../..".to_owned() + &absolute;
    for value in [absolute, relative] {
        let settings = format!("base_url: https://example.org/\ntheme: \"{value}\"");
        project.file(
            "content/_index.md",
            home.replace("base_url: https://example.org/", &settings),
        );
        project.run(&["check"]).code(1).stderr(&report(&[format!(
            "content/_index.md:5:9: error: theme `{value}` is not a folder name: put the theme in `themes/<name>/` and write `theme: <name>`, with letters, digits, `-` and `_` only\n  |\n5 | theme: \"{value}\"\n  |         ^"
        )]));
        assert_build_leaks_nothing(&project);
    }
}
