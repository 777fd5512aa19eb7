//! `build --out`: Afterword replaces only folders it wrote itself. The site folder, its
//! sources, a file, a symbolic link and a folder of the user's are refused with exit 2 and
//! left exactly as they were; a reader of the output always sees a whole site.

use std::path::Path;

use crate::support::{Project, run_in, walkdir};

/// Every file under `dir` with its bytes, to compare before and after.
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    walkdir(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read");
            (p, bytes)
        })
        .collect()
}

fn real(project: &Project, relative: &str) -> String {
    project
        .path(relative)
        .canonicalize()
        .expect("canonical path")
        .display()
        .to_string()
}

#[test]
fn out_at_a_folder_of_the_user_is_refused_and_left_as_it_was() {
    let project = Project::minimal();
    project
        .file("my-project/README.md", "# Mine\n")
        .file("my-project/src/main.rs", "fn main() {}\n");
    let before = snapshot(project.root());
    let out = project.path("my-project");
    project
        .run(&["build", "--out", out.to_str().unwrap()])
        .code(2)
        .stderr(&format!(
            "error: refusing to replace `{}`: it holds files that Afterword did not write (no `.afterword-output` file); choose a new or empty folder, or move those files away yourself\n",
            out.display()
        ));
    assert_eq!(snapshot(project.root()), before);
}

#[test]
fn out_at_the_site_or_its_sources_is_refused() {
    let project = Project::minimal();
    project.file("themes/mine/static/x.css", "a{}\n");
    let before = snapshot(project.root());
    let site = "it is the site folder or holds it, and the build would replace it; choose a folder of its own such as `public`";
    let cases = [
        (".", site.to_owned()),
        ("..", site.to_owned()),
        (
            "content",
            "it is inside the site's `content` folder; choose a folder of its own such as `public`"
                .to_owned(),
        ),
        (
            "content/guide",
            "it is inside the site's `content` folder; choose a folder of its own such as `public`"
                .to_owned(),
        ),
        (
            "content/new-folder",
            "it is inside the site's `content` folder; choose a folder of its own such as `public`"
                .to_owned(),
        ),
        (
            "themes",
            "it is inside the site's `themes` folder; choose a folder of its own such as `public`"
                .to_owned(),
        ),
    ];
    for (out, why) in cases {
        run_in(project.root(), &["build", "--out", out])
            .code(2)
            .stderr(&format!(
                "error: refusing to write the site into `{out}`: {why}\n"
            ));
    }
    assert_eq!(snapshot(project.root()), before);
    assert!(!project.path("content/new-folder").exists());
}

#[test]
fn out_at_a_file_is_refused_and_leaves_nothing_behind() {
    let project = Project::minimal();
    project.file("site.txt", "notes\n");
    run_in(project.root(), &["build", "--out", "site.txt"])
        .code(2)
        .stderr("error: refusing to replace `site.txt`: it is a file, not a folder; choose another `--out`\n");
    assert_eq!(project.read("site.txt"), "notes\n");
    let mut names: Vec<String> = std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["content", "site.txt"]);
    run_in(project.root(), &["build"]).success();
}

#[test]
fn out_through_a_symbolic_link_is_refused() {
    let project = Project::minimal();
    std::fs::create_dir(project.path("elsewhere")).unwrap();
    std::os::unix::fs::symlink(project.path("elsewhere"), project.path("public")).unwrap();
    run_in(project.root(), &["build"])
        .code(2)
        .stderr("error: refusing to replace `public`: it is a symbolic link; give `--out` the real folder\n");
    assert!(project.path("public").is_symlink());
}

#[test]
fn leftover_folders_are_removed_only_when_afterword_wrote_them() {
    let project = Project::minimal();
    project.file(".public.old/keep.txt", "mine\n");
    let old = project.path(".public.old");
    run_in(project.root(), &["build"]).code(2).stderr(&format!(
        "error: refusing to replace `{}`: it holds files that Afterword did not write (no `.afterword-output` file); choose a new or empty folder, or move those files away yourself\n",
        Path::new(&real(&project, ".")).join(".public.old").display()
    ));
    assert_eq!(project.read(".public.old/keep.txt"), "mine\n");
    assert!(!project.path("public").exists());

    std::fs::remove_dir_all(&old).unwrap();
    project
        .file(".public.staging/.afterword-output", "")
        .file(".public.staging/half.html", "");
    run_in(project.root(), &["build"]).success();
    assert!(!project.path(".public.staging").exists());
    assert!(project.path("public/index.html").is_file());
}

#[test]
fn afterword_replaces_its_own_output_and_an_empty_folder() {
    let project = Project::minimal();
    std::fs::create_dir(project.path("public")).unwrap();
    run_in(project.root(), &["build"]).success();
    assert!(project.path("public/.afterword-output").is_file());
    project.file("public/stale.html", "old");
    run_in(project.root(), &["build"]).success();
    assert!(!project.path("public/stale.html").exists());
    assert!(project.path("public/index.html").is_file());
    assert_eq!(project.leftovers(), Vec::<String>::new());
}

#[test]
fn a_reader_always_sees_a_whole_site() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    let project = Project::minimal();
    run_in(project.root(), &["build"]).success();
    let done = Arc::new(AtomicBool::new(false));
    let missing = Arc::new(AtomicUsize::new(0));
    let looks = Arc::new(AtomicUsize::new(0));
    let watcher = {
        let (done, missing, looks) = (done.clone(), missing.clone(), looks.clone());
        let index = project.path("public/index.html");
        let style = project.path("public/style.css");
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                looks.fetch_add(1, Ordering::Relaxed);
                if !index.is_file() || !style.is_file() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    };
    for _ in 0..40 {
        run_in(project.root(), &["build"]).success();
    }
    done.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    assert!(
        looks.load(Ordering::Relaxed) > 40,
        "the watcher looked too rarely"
    );
    assert_eq!(
        missing.load(Ordering::Relaxed),
        0,
        "a reader saw a half-replaced site"
    );
}
