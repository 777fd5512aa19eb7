//! The site owner's first hour: `afterword init` from an empty folder, `new` from any folder
//! of the site, and the site folder each command finds or refuses (exit 2, before anything
//! is read or written).

use std::path::Path;

use crate::support::{Project, repo_root, run, run_in, walkdir};

/// Every file under `dir`, as paths relative to it.
fn tree(dir: &Path) -> Vec<String> {
    walkdir(dir)
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
        .collect()
}

#[test]
fn init_starts_a_site_that_checks_and_builds_at_once() {
    let folder = Project::empty();
    let site = folder.path("my-site");
    run_in(folder.root(), &["init", "my-site"])
        .success()
        .stdout_has("created a site in my-site with a guide page, a checklist and a template: 7 files under content/\nnext:\n  cd my-site\n  afterword serve    # preview it at http://127.0.0.1:1111/\n  afterword build    # write it to public/, ready to publish\n");
    assert_eq!(
        tree(&site),
        [
            "content/_index.md",
            "content/checklists/_index.md",
            "content/checklists/first-day.md",
            "content/guide/_index.md",
            "content/guide/thank-you.md",
            "content/templates/_index.md",
            "content/templates/thank-you.md",
        ]
    );
    run_in(&site, &["check"])
        .success()
        .stdout_has("no problems in 7 pages (1 checklist, 1 template)");
    run_in(&site, &["build"])
        .success()
        .stdout_has("built 7 pages (1 checklist, 1 template) into public in ");
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("Thank each interviewer"), "{home}");
    run_in(&site, &["plan", "--interview", "2026-11-24T14:00"])
        .success()
        .stdout_has("Thank each interviewer");
}

#[test]
fn init_in_the_current_folder_needs_no_cd() {
    let folder = Project::empty();
    std::fs::create_dir(folder.path(".git")).unwrap();
    run_in(folder.root(), &["init"])
        .success()
        .stdout_has("created a site in . with a guide page, a checklist and a template: 7 files under content/\nnext:\n  afterword serve ");
    run_in(folder.root(), &["check"]).success();
}

#[test]
fn init_refuses_a_folder_with_files_and_writes_nothing() {
    let folder = Project::empty();
    folder.file("notes.txt", "mine");
    let refused = "error: `{}` is not empty: `afterword init` starts a site in a new or empty folder and never writes over files (give a new folder, such as `afterword init my-site`; to add a page to a site, use `afterword new`)\n";
    let root = folder.root().to_str().unwrap();
    run(&["init", root])
        .code(2)
        .stderr(&refused.replace("{}", root));
    assert_eq!(tree(folder.root()), ["notes.txt"]);
    // A site is a folder with files too: a second `init` changes nothing.
    let site = Project::minimal();
    let before = tree(site.root());
    let root = site.root().to_str().unwrap();
    run(&["init", "--from-guide", root])
        .code(2)
        .stderr(&refused.replace("{}", root));
    assert_eq!(tree(site.root()), before);
    run(&[
        "init",
        &site.path("content/_index.md").display().to_string(),
    ])
    .code(2)
    .stderr_has("is a file: give a folder to start the site in\n");
}

#[test]
fn init_from_guide_copies_the_bundled_guide_as_it_is() {
    let folder = Project::empty();
    let site = folder.path("careers");
    run(&["init", "--from-guide", site.to_str().unwrap()])
        .success()
        .stdout_has("with the bundled guide, to adapt: ");
    let bundled = repo_root().join("content");
    let copied = site.join("content");
    assert_eq!(tree(&copied), tree(&bundled));
    for file in tree(&bundled) {
        assert_eq!(
            std::fs::read(copied.join(&file)).unwrap(),
            std::fs::read(bundled.join(&file)).unwrap(),
            "{file}"
        );
    }
    let checked = run(&["check", "--root", repo_root().to_str().unwrap()]);
    checked.success();
    run(&["check", "--root", site.to_str().unwrap()])
        .success()
        .stdout_has(checked.stdout.trim());
}

#[test]
fn every_command_refuses_a_site_folder_that_is_not_there() {
    let folder = Project::empty();
    folder.file("file.txt", "x");
    let shown = |p: &Path| p.display().to_string();
    let (missing, file, root) = (
        shown(&folder.path("typo")),
        shown(&folder.path("file.txt")),
        shown(folder.root()),
    );
    let refusals = [
        (
            &missing,
            format!(
                "error: the site folder `{missing}` does not exist (start a site there with `afterword init {missing}`)\n"
            ),
        ),
        (
            &file,
            format!("error: the site folder `{file}` is a file, not a folder\n"),
        ),
        (
            &root,
            format!(
                "error: `{root}` is not a site folder: it has no `content` folder (start a site with `afterword init`)\n"
            ),
        ),
    ];
    let commands: [&[&str]; 5] = [
        &["build"],
        &["check"],
        &["serve", "--port", "0"],
        &["plan", "--interview", "2026-11-24T14:00"],
        &["new", "guide", "x.md"],
    ];
    for args in commands {
        for (given, expected) in &refusals {
            let mut all = args.to_vec();
            all.extend(["--root", given.as_str()]);
            run(&all).code(2).stderr(expected);
        }
    }
    assert_eq!(tree(folder.root()), ["file.txt"], "nothing was created");
}

#[test]
fn outside_any_site_the_command_says_how_to_start_one() {
    let folder = Project::empty();
    let here = folder.root().canonicalize().unwrap();
    run_in(&here, &["check"]).code(2).stderr(&format!(
        "error: no site here: neither `{}` nor a folder above it holds `content/_index.md` (start a site with `afterword init`, or give its folder with `--root`)\n",
        here.display()
    ));
}

#[test]
fn commands_find_the_site_from_a_folder_inside_it() {
    let project = Project::minimal();
    let guide = project.path("content/guide");
    run_in(&guide, &["check"])
        .success()
        .stdout_has("no problems in 8 pages");
    run_in(&guide, &["build"])
        .success()
        .stdout_has("into ../../public in ");
    assert!(project.path("public/index.html").is_file());
    // Inside `content/`, `new` takes the path from the current folder.
    run_in(&guide, &["new", "guide", "salary"])
        .success()
        .stdout("created ../../content/guide/salary.md\n");
    run_in(&guide, &["new", "checklist", "../checklists/offer.md"])
        .success()
        .stdout("created ../../content/checklists/offer.md\n");
    run_in(
        &project.path("content"),
        &["new", "template", "templates/accept"],
    )
    .success()
    .stdout("created ../content/templates/accept.md\n");
    assert!(project.path("content/guide/salary.md").is_file());
    assert!(project.path("content/checklists/offer.md").is_file());
    assert!(project.path("content/templates/accept.md").is_file());
    // At the site folder, the path is inside content/, with or without `content/`.
    run_in(project.root(), &["new", "guide", "content/guide/raise.md"])
        .success()
        .stdout("created content/guide/raise.md\n");
    run_in(project.root(), &["check"])
        .success()
        .stdout_has("no problems in 12 pages (2 checklists, 2 templates)");
}

#[test]
fn new_inside_content_never_writes_a_second_content_folder() {
    let project = Project::minimal();
    run_in(&project.path("content"), &["new", "guide", "content/guide/x.md"])
        .code(2)
        .stderr("error: `content/guide/x.md` would be written to `content/content/guide/x.md`: inside `content/`, give the path from the current folder, such as `guide/x.md`\n");
    run_in(&project.path("content/guide"), &["new", "guide", "content/x.md"])
        .code(2)
        .stderr("error: `content/x.md` would be written to `content/guide/content/x.md`: inside `content/`, give the path from the current folder, such as `../x.md`\n");
    assert!(!project.path("content/content").exists());
    assert!(!project.path("content/guide/content").exists());
}

#[test]
fn new_refuses_paths_that_check_would_reject() {
    let project = Project::minimal();
    let before = tree(project.root());
    let cases = [
        (
            "guide/",
            "error: `guide/` is a folder: give the page a file name, such as `guide/my-page.md`\n",
        ),
        (
            "guide",
            "error: `guide.md` would take the URL of the section `content/guide/_index.md`: put the page inside the section, such as `guide/my-page.md`\n",
        ),
        (
            "checklists.md",
            "error: `checklists.md` would take the URL of the section `content/checklists/_index.md`: put the page inside the section, such as `checklists/my-page.md`\n",
        ),
        (
            "Guide/My Page.md",
            "error: `My Page` cannot be part of a URL: name files and folders with letters, digits, `-`, `_` and `.`, such as `guide/my-page.md`\n",
        ),
        (
            "guide/../../x.md",
            "error: `guide/../../x.md` must be a path inside content/, such as `checklists/offer.md`\n",
        ),
        (
            "guide/_index.md",
            "error: `afterword new` writes pages; write a section's `_index.md` by hand\n",
        ),
    ];
    for (path, expected) in cases {
        project
            .run(&["new", "guide", path])
            .code(2)
            .stderr(expected);
    }
    assert_eq!(tree(project.root()), before, "nothing was written");
    // A dot in a name stays; a misspelt markdown extension becomes `.md`.
    project
        .run(&["new", "guide", "guide/notes.v2"])
        .success()
        .stdout_has("content/guide/notes.v2.md\n");
    project
        .run(&["new", "guide", "guide/offer.MD"])
        .success()
        .stdout_has("content/guide/offer.md\n");
    project.run(&["check"]).success();
}

#[test]
fn build_port_points_to_serve() {
    let project = Project::minimal();
    project.run(&["build", "--port", "8080"]).code(2).stderr(
        "error: `build` has no `--port`: it writes the site to a folder; to serve the site, run `afterword serve --port 8080`\n",
    );
    assert!(!project.path("public").exists());
}

#[test]
fn a_page_without_a_description_does_not_show_the_sites() {
    let project = Project::minimal();
    let template = project
        .read("content/templates/thanks.md")
        .replace("description: A short note for each interviewer.\n", "");
    project.file("content/templates/thanks.md", template);
    project.run(&["build"]).success();
    let html = project.read("public/templates/thanks/index.html");
    assert!(
        !html.contains(r#"<p class="lead">A small site that uses every kind of page.</p>"#),
        "{html}"
    );
    // A description of its own is shown.
    let described = Project::minimal();
    described.run(&["build"]).success();
    let html = described.read("public/templates/thanks/index.html");
    assert!(html.contains(r#"<p class="lead">A short note for each interviewer.</p>"#));
}
