//! What the build writes for the site's identity and for offline reading, read as files:
//! the web app manifest (valid JSON, named after the site), the service worker (at the root
//! of the site's path, its cache named after the output), and the icons (the sizes they
//! claim); a site replaces any of them file by file.

use serde_json::Value;

use crate::support::Project;

fn manifest(project: &Project) -> Value {
    let text = project.read("public/manifest.webmanifest");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn the_manifest_is_json_named_after_the_site() {
    let project = Project::minimal();
    // A title that would break JSON written by hand.
    let index = project
        .read("content/_index.md")
        .replace("title: Minimal site", r#"title: 'The "After" guide \ 2'"#);
    project.file("content/_index.md", index);
    project.run(&["build"]).success();
    let manifest = manifest(&project);
    // Typeset like every title the site shows, and escaped for JSON.
    assert_eq!(manifest["name"], "The “After” guide \\ 2");
    assert_eq!(manifest["short_name"], manifest["name"]);
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["display"], "standalone");
    let icons = manifest["icons"].as_array().expect("icons");
    assert_eq!(icons.len(), 3);
    for icon in icons {
        let src = icon["src"].as_str().expect("a src");
        let file = src.trim_start_matches('/').split('?').next().unwrap();
        assert!(project.path("public").join(file).is_file(), "{src}");
    }
    // Every page links it, and the mark and colours with it.
    let page = project.read("public/checklists/day-one/index.html");
    for part in [
        r#"<link rel="manifest" href="/manifest.webmanifest">"#,
        r#"<link rel="icon" href="/logo.svg?v="#,
        r##"<meta name="theme-color" content="#15171b" media="(prefers-color-scheme:dark)">"##,
        r#"<a class="brand" href="/"><img src="/logo.svg?v="#,
    ] {
        assert!(page.contains(part), "no {part}");
    }
}

#[test]
fn under_a_path_the_manifest_and_the_worker_stay_inside_it() {
    let project = Project::minimal();
    project
        .run(&["build", "--base-url", "https://example.org/careers/"])
        .success();
    let manifest = manifest(&project);
    assert_eq!(manifest["start_url"], "/careers/");
    assert_eq!(manifest["scope"], "/careers/");
    assert_eq!(
        manifest["icons"][0]["src"].as_str().map(|s| &s[..18]),
        Some("/careers/logo.svg?")
    );
    let script = project.read("public/sw.js");
    for url in [
        "/careers/checklists/day-one/",
        "/careers/templates/thanks/",
        "/careers/manifest.webmanifest",
        "/careers/style.css?v=",
    ] {
        assert!(script.contains(url), "sw.js does not precache {url}");
    }
    assert!(
        project
            .read("public/index.html")
            .contains(r#"data-home="/careers/""#),
        "afterword.js registers `data-home` + sw.js"
    );
}

#[test]
fn the_cache_is_renamed_when_the_output_changes_and_only_then() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let first = crate::support::sw_version(&project.path("public"));
    let worker = project.read("public/sw.js");
    project.run(&["build"]).success();
    assert_eq!(
        project.read("public/sw.js"),
        worker,
        "a build run twice is the same"
    );

    // A sentence in a page, and then a change to the theme's stylesheet alone.
    let page = project
        .read("content/guide/thanks.md")
        .replace("---\n\n", "---\n\nOne more sentence.\n\n");
    project.file("content/guide/thanks.md", page);
    project.run(&["build"]).success();
    let second = crate::support::sw_version(&project.path("public"));
    assert_ne!(first, second);
    project.file(
        "themes/default/static/style.css",
        "/* A site's own stylesheet. */ body { color: navy }",
    );
    project.run(&["build"]).success();
    assert_ne!(crate::support::sw_version(&project.path("public")), second);
    // The worker saves the stylesheet under the URL the pages now load it by.
    let page = project.read("public/index.html");
    let css = page
        .split("href=\"")
        .map(|rest| rest.split('"').next().unwrap())
        .find(|url| url.starts_with("/style.css?v="))
        .expect("the page loads the stylesheet");
    assert!(project.read("public/sw.js").contains(css), "{css}");
}

#[test]
fn the_icons_are_the_sizes_they_claim() {
    let project = Project::minimal();
    project.run(&["build"]).success();
    let png_size = |name: &str| {
        let bytes = std::fs::read(project.path("public").join(name)).unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{name} is a PNG");
        let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
        (be(16), be(20))
    };
    assert_eq!(png_size("apple-touch-icon.png"), (180, 180));
    assert_eq!(png_size("icon-512.png"), (512, 512));
    // favicon.ico: an icon directory of a 16 and a 32 pixel image, each a PNG inside.
    let ico = std::fs::read(project.path("public/favicon.ico")).unwrap();
    assert_eq!(&ico[..6], &[0, 0, 1, 0, 2, 0]);
    for (entry, size) in [(6, 16), (22, 32)] {
        assert_eq!((ico[entry], ico[entry + 1]), (size, size));
        let at = u32::from_le_bytes(ico[entry + 12..entry + 16].try_into().unwrap()) as usize;
        assert!(ico[at..].starts_with(b"\x89PNG"), "the {size}px image");
    }
    let logo = project.read("public/logo.svg");
    assert!(logo.starts_with("<svg") && logo.contains("viewBox=\"0 0 32 32\""));
}

#[test]
fn a_site_replaces_its_logo_and_manifest_file_by_file() {
    let project = Project::minimal();
    let logo = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>"#;
    project.file("themes/default/static/logo.svg", logo);
    project.file(
        "themes/default/templates/manifest.webmanifest",
        r#"{ "name": {{ site.title | json_encode }}, "short_name": "Minimal" }"#,
    );
    project.run(&["build"]).success();
    assert_eq!(project.read("public/logo.svg"), logo);
    assert_eq!(manifest(&project)["short_name"], "Minimal");
    assert!(
        project.path("public/favicon.ico").is_file(),
        "the rest stays"
    );
}
