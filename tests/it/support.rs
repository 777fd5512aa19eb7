//! Test support: a site folder in a temporary directory and a runner for the real
//! `afterword` binary, with fluent assertions on its exit code and output.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// The repository root, where the bundled guide lives.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo_root().join("tests/fixtures")
}

/// A site in a temporary folder.
pub struct Project {
    dir: TempDir,
}

impl Project {
    /// An empty folder.
    pub fn empty() -> Project {
        Project {
            dir: tempfile::tempdir().expect("create a temporary folder"),
        }
    }

    /// A copy of `tests/fixtures/valid/minimal`, which uses every kind of page.
    pub fn minimal() -> Project {
        let project = Project::empty();
        copy_tree(&fixtures().join("valid/minimal"), project.root());
        project
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// Write `contents` to `relative`, creating folders.
    pub fn file(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Project {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))
            .expect("create folders");
        std::fs::write(&path, contents).expect("write a fixture file");
        self
    }

    /// Names in the site folder that start with `.public`: the staging and old folders a
    /// build must never leave behind.
    pub fn leftovers(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root())
            .expect("read the site folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.starts_with(".public"))
            .collect();
        names.sort();
        names
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative))
            .unwrap_or_else(|e| panic!("read {relative}: {e}"))
    }

    /// Run `afterword ARGS --root <this folder>` (the root goes last, for commands that take it).
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.root().to_str().expect("temporary paths are UTF-8");
        all.extend(["--root", root]);
        run(&all)
    }
}

/// Run the binary with exactly these arguments.
pub fn run(args: &[&str]) -> Run {
    finish(Command::new(env!("CARGO_BIN_EXE_afterword")).args(args))
}

/// Run the binary in `dir` with exactly these arguments, as a user typing in that folder
/// would: relative paths such as `--out .` are taken from there.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    finish(
        Command::new(env!("CARGO_BIN_EXE_afterword"))
            .args(args)
            .current_dir(dir),
    )
}

fn finish(command: &mut Command) -> Run {
    let output = command.output().expect("run afterword");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code, expected,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn success(&self) -> &Run {
        self.code(0)
    }

    #[track_caller]
    pub fn stderr(&self, expected: &str) -> &Run {
        assert_eq!(self.stderr, expected);
        self
    }

    #[track_caller]
    pub fn stdout(&self, expected: &str) -> &Run {
        assert_eq!(self.stdout, expected, "stderr:\n{}", self.stderr);
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, part: &str) -> &Run {
        assert!(
            self.stdout.contains(part),
            "stdout lacks {part:?}:\n{}",
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, part: &str) -> &Run {
        assert!(
            self.stderr.contains(part),
            "stderr lacks {part:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Copy a folder tree, files only.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let relative = entry.strip_prefix(from).expect("inside");
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("create folders");
        std::fs::copy(&entry, &target).expect("copy a fixture file");
    }
}

/// Every file under `dir`, sorted.
pub fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("read {}: {e}", d.display())) {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path)
            } else {
                files.push(path)
            }
        }
    }
    files.sort();
    files
}

/// The bundled guide, built by the real binary into a temporary folder that lives as long
/// as this value.
pub struct BuiltGuide {
    _dir: TempDir,
    site: PathBuf,
}

impl BuiltGuide {
    pub fn build() -> BuiltGuide {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let site = dir.path().join("site");
        let root = repo_root();
        let args = [
            "build",
            "--root",
            root.to_str().unwrap(),
            "--out",
            site.to_str().unwrap(),
        ];
        run(&args).success();
        BuiltGuide { _dir: dir, site }
    }

    /// The output folder.
    pub fn site(&self) -> &Path {
        &self.site
    }
}

/// The service worker's cache version in a built site's `sw.js`: its one run of 16 hex
/// digits.
pub fn sw_version(site: &Path) -> String {
    let script = std::fs::read_to_string(site.join("sw.js")).expect("the build writes sw.js");
    let found: Vec<&str> = script
        .split(|c: char| !c.is_ascii_hexdigit())
        .filter(|w| w.len() == 16)
        .collect();
    assert_eq!(found.len(), 1, "one version in sw.js: {found:?}");
    found[0].to_owned()
}
