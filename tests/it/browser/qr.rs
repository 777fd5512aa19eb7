//! The recruiter page's QR encoder, `themes/default/static/qr.js`, in a real browser: its
//! matrices equal the Rust `qrcode` crate's module for module, both as written and as the
//! build minifies it, and its SVG path draws exactly their dark modules.
//!
//! The reference is the crate with byte-mode data only (`Bits::push_byte_data`) in the
//! smallest version that holds it, because that is what `qr.js` encodes. The crate's
//! `QrCode::with_error_correction_level` may mix numeric and alphanumeric segments into a
//! different (equally valid) code of the same text;
//! [`server_side_codes_are_the_same_size_for_recruiter_links`] records how the two relate.

use std::time::Instant;

use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};
use serde_json::json;

use super::harness::{Browser, Page, StaticServer, js_string};
use crate::support::{Project, repo_root};

/// The weight budget for the minified encoder.
const MAX_MINIFIED_BYTES: usize = 6 * 1024;

/// 120 bytes: a short recruiter link.
const LINK_120: &str = "https://site.example/#candidate_name=Al&company=Acme%20Ltd&role=Data%20Engineer&interview=2026-11-24T14:00&recruiter=yes";

/// The link from the recruiter page's design notes (266 bytes).
const LINK_TYPICAL: &str = "https://site.example/#candidate_name=Sam&company=Acme%20Ltd&role=Data%20Engineer&interview=2026-11-24T14:00&interviewers=Priya%20Raman%2C%20Joe%20Bloggs&decision=2026-12-04&recruiter_name=Jo%20Smith&recruiter_email=jo%40agency.example&stage=later_round&recruiter=yes";

/// 450 bytes: a long recruiter link, every field filled.
const LINK_450: &str = "https://careers.site.example/after-the-interview/#candidate_name=Alexandra%20Okonkwo&company=Northwind%20Logistics%20%26%20Freight%20Ltd&role=Senior%20Data%20Platform%20Engineer&interview=2026-11-24T14:00&interviewers=Priya%20Raman%2C%20Joe%20Bloggs%2C%20Mar%C3%ADa%20Fern%C3%A1ndez&decision=2026-12-04&recruiter_name=Jo%20Smith&recruiter_email=jo.smith%40talent-agency.example&recruiter_phone=%2B44%2020%207946%200958&stage=later_round&recruiter=yes";

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>QR encoder test page</title>
  <script src="SCRIPT"></script>
</head>
<body><p>QR encoder test page</p></body>
</html>
"#;

/// A string of exactly `len` bytes cut from recruiter links (ASCII, so any cut is valid).
fn link_bytes(len: usize) -> String {
    LINK_450.chars().cycle().take(len).collect()
}

/// `data` as byte-mode bits for version `v` at level M, if they fit.
fn byte_mode_bits(data: &[u8], v: i16) -> Option<Bits> {
    let mut bits = Bits::new(Version::Normal(v));
    bits.push_byte_data(data).ok()?;
    bits.push_terminator(EcLevel::M).ok()?;
    Some(bits)
}

/// The smallest version that holds `data` in byte mode at level M.
fn smallest_version(data: &[u8]) -> Option<i16> {
    (1..=40).find(|&v| byte_mode_bits(data, v).is_some())
}

/// The reference code: `data` in byte mode, level M, in the smallest version that fits.
fn reference(data: &[u8]) -> Option<QrCode> {
    let bits = byte_mode_bits(data, smallest_version(data)?)?;
    Some(QrCode::with_bits(bits, EcLevel::M).expect("bits that fit make a code"))
}

fn version_number(code: &QrCode) -> i16 {
    match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    }
}

/// The most bytes version `v` holds at level M in byte mode.
fn byte_capacity(v: i16) -> usize {
    let bits = Bits::new(Version::Normal(v))
        .max_len(EcLevel::M)
        .expect("level M exists for versions 1-40");
    let header = 4 + if v < 10 { 8 } else { 16 };
    (bits - header) / 8
}

/// A code's modules as rows of booleans (true = dark).
fn rows_of(code: &QrCode) -> Vec<Vec<bool>> {
    code.to_colors()
        .chunks(code.width())
        .map(|row| row.iter().map(|c| *c == Color::Dark).collect())
        .collect()
}

/// The path `qr.js` promises for these modules: each horizontal run of dark modules as a
/// filled 1-module-high rectangle, `M{x} {y}h{n}v1h-{n}z`, inside a quiet zone of 4 (the
/// format `afterword.js` draws with the default fill).
fn path_of(rows: &[Vec<bool>]) -> String {
    let mut path = String::new();
    for (y, row) in rows.iter().enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row[x] {
                let start = x;
                while x < row.len() && row[x] {
                    x += 1;
                }
                let run = x - start;
                path.push_str(&format!("M{} {}h{run}v1h-{run}z", start + 4, y + 4));
            } else {
                x += 1;
            }
        }
    }
    path
}

fn picture(rows: &[Vec<bool>]) -> String {
    rows.iter()
        .map(|row| row.iter().map(|&d| if d { '#' } else { '.' }).collect())
        .collect::<Vec<String>>()
        .join("\n")
}

/// `afterwordQr.matrix(text)` in the page, checked to be rows of booleans.
#[track_caller]
fn js_matrix(page: &Page<'_>, text: &str) -> Vec<Vec<bool>> {
    let value = page.eval(&format!("window.afterwordQr.matrix({})", js_string(text)));
    serde_json::from_value(value.clone()).unwrap_or_else(|e| {
        let shown: String = value.to_string().chars().take(200).collect();
        panic!("matrix() did not return rows of booleans ({e}): {shown}")
    })
}

/// Panics unless the JavaScript matrix equals the crate's, module for module.
#[track_caller]
fn assert_same(label: &str, js: &[Vec<bool>], code: &QrCode) {
    let expected = rows_of(code);
    let width = code.width();
    assert!(
        js.len() == width && js.iter().all(|row| row.len() == width),
        "{label}: qr.js drew {} rows of {:?} modules; the crate a version {} code, {width} square",
        js.len(),
        js.first().map(Vec::len),
        version_number(code)
    );
    let differ: Vec<(usize, usize)> = (0..width)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .filter(|&(x, y)| js[y][x] != expected[y][x])
        .collect();
    assert!(
        differ.is_empty(),
        "{label}: {} of {} modules differ (version {}), the first at (x, y) = {:?}\n\
         qr.js:\n{}\n\ncrate:\n{}",
        differ.len(),
        width * width,
        version_number(code),
        differ[0],
        picture(js),
        picture(&expected)
    );
}

/// Builds the minimal site with the real `qr.js` in its theme (so the build minifies it
/// as it does for every theme script), adds the raw file and a test page for each, and
/// returns the project (keep it alive while serving `public/`) and the minified size.
fn site() -> (Project, usize) {
    let raw = std::fs::read_to_string(repo_root().join("themes/default/static/qr.js"))
        .expect("read themes/default/static/qr.js");
    let project = Project::minimal();
    project.file("themes/default/static/qr.js", &raw);
    project.run(&["build"]).success();
    let minified = project.read("public/qr.js");
    assert!(
        minified.len() < raw.len(),
        "the build did not minify qr.js ({} bytes as written, {} published)",
        raw.len(),
        minified.len()
    );
    assert!(
        minified.len() <= MAX_MINIFIED_BYTES,
        "minified qr.js is {} bytes, over its {MAX_MINIFIED_BYTES}-byte budget",
        minified.len()
    );
    project.file("public/qr-raw.js", &raw);
    project.file("public/qr-raw.html", PAGE.replace("SCRIPT", "/qr-raw.js"));
    project.file("public/qr-min.html", PAGE.replace("SCRIPT", "/qr.js"));
    (project, minified.len())
}

/// The pages to test: the file as written, and as the build publishes it.
const PAGES: [(&str, &str); 2] = [("raw", "/qr-raw.html"), ("minified", "/qr-min.html")];

#[test]
fn qr_js_matches_the_qrcode_crate() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (project, minified_bytes) = site();
    let server = StaticServer::serve(&project.path("public"));
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("one letter", "a".into()),
        ("HELLO WORLD", "HELLO WORLD".into()),
        ("14 bytes (version 1's limit)", link_bytes(14)),
        ("15 bytes", link_bytes(15)),
        ("17 bytes", link_bytes(17)),
        ("18 bytes", link_bytes(18)),
        ("26 bytes (version 2's limit)", link_bytes(26)),
        ("27 bytes", link_bytes(27)),
        ("32 bytes", link_bytes(32)),
        ("33 bytes", link_bytes(33)),
        ("120-byte link", LINK_120.into()),
        ("266-byte link", LINK_TYPICAL.into()),
        ("450-byte link", LINK_450.into()),
        ("800 bytes", link_bytes(800)),
        ("UTF-8", "Zoë — ✓".into()),
        (
            "UTF-8 link",
            format!("{LINK_120}&candidate_name=Zoë%20—%20✓"),
        ),
    ];
    assert_eq!(LINK_120.len(), 120);
    assert_eq!(LINK_450.len(), 450);

    let page = browser.new_page();
    for (flavour, path) in PAGES {
        page.goto(&server.url(path));
        let mut versions = Vec::new();
        for (name, text) in &cases {
            let code = reference(text.as_bytes()).expect("every case fits a QR code");
            let js = js_matrix(&page, text);
            assert_same(&format!("{flavour} qr.js, {name}"), &js, &code);
            versions.push(version_number(&code));
        }
        eprintln!(
            "{flavour} qr.js matches the crate for {} inputs, versions {versions:?} \
             (minified: {minified_bytes} bytes)",
            cases.len()
        );
        assert!(versions.iter().any(|v| *v >= 10), "{versions:?}");

        // A lone surrogate (possible in JavaScript, not in Rust) is encoded as U+FFFD,
        // like every other replacement in UTF-8.
        assert_eq!(
            page.eval(
                "JSON.stringify(afterwordQr.matrix('a\\ud800b')) === \
                 JSON.stringify(afterwordQr.matrix('a\\ufffdb'))"
            ),
            json!(true),
            "{flavour}"
        );
        // Text that is not a string is refused rather than guessed at.
        assert_eq!(
            page.eval(
                "(() => { try { afterwordQr.matrix(42); return 'no error'; } \
                 catch (e) { return e instanceof Error; } })()"
            ),
            json!(true),
            "{flavour}"
        );
        page.assert_no_js_errors();
    }
}

#[test]
fn qr_js_matches_at_every_version_limit() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (project, _) = site();
    let server = StaticServer::serve(&project.path("public"));

    // Each version's limit: the most bytes it holds (compared module for module), and
    // one byte more, which needs the next version (compared by size: drawing the crate's
    // code for it too would double the test's time in a debug build).
    let started = Instant::now();
    let mut limits = Vec::new();
    for v in 1..=40 {
        let most = byte_capacity(v);
        let text = link_bytes(most);
        let code = reference(text.as_bytes()).expect("a version's limit fits");
        assert_eq!(version_number(&code), v, "{most} bytes");
        let over = link_bytes(most + 1);
        let next = smallest_version(over.as_bytes());
        assert_eq!(next, (v < 40).then_some(v + 1), "{} bytes", most + 1);
        limits.push((text, code, over, next));
    }
    eprintln!(
        "the crate drew {} reference codes in {:.1?}",
        limits.len(),
        started.elapsed()
    );

    let page = browser.new_page();
    for (flavour, path) in PAGES {
        page.goto(&server.url(path));
        let started = Instant::now();
        for (text, code, over, next) in &limits {
            let js = js_matrix(&page, text);
            assert_same(&format!("{flavour} qr.js, {} bytes", text.len()), &js, code);
            if let Some(next) = next {
                let width = page.eval(&format!("afterwordQr.matrix({}).length", js_string(over)));
                assert_eq!(
                    width,
                    json!(4 * next + 17),
                    "{flavour} qr.js, {} bytes need version {next}",
                    over.len()
                );
            }
        }
        eprintln!(
            "{flavour} qr.js matches the crate at all {} version limits ({:.1?})",
            limits.len(),
            started.elapsed()
        );
        // Beyond version 40 both refuse: the crate with an error, qr.js with an Error.
        let thrown = page.eval(&format!(
            "(() => {{ try {{ afterwordQr.matrix({}); return 'no error'; }} \
             catch (e) {{ return e instanceof Error && e.message; }} }})()",
            js_string(&link_bytes(2332))
        ));
        assert_eq!(
            thrown,
            json!("afterwordQr: 2332 bytes are too many for a QR code"),
            "{flavour}"
        );
        page.assert_no_js_errors();
    }
}

#[test]
fn qr_js_path_draws_exactly_the_dark_modules() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (project, _) = site();
    let server = StaticServer::serve(&project.path("public"));
    let page = browser.new_page();
    for (flavour, path) in PAGES {
        page.goto(&server.url(path));
        for text in ["", "a", "Zoë — ✓", LINK_120, LINK_TYPICAL, LINK_450] {
            let code = reference(text.as_bytes()).expect("fits");
            let result = page.eval(&format!("afterwordQr.path({})", js_string(text)));
            let size = result["size"].as_u64().expect("a numeric size");
            let d = result["d"].as_str().expect("a string d");
            assert_eq!(size, code.width() as u64 + 8, "{flavour}, {text:?}");
            assert!(
                d.chars()
                    .all(|c| matches!(c, 'M' | 'h' | 'v' | 'z' | ' ' | '-' | '0'..='9')),
                "{flavour}, {text:?}: {d}"
            );
            assert_eq!(d, path_of(&rows_of(&code)), "{flavour}, {text:?}");
        }
        page.assert_no_js_errors();
    }
}

/// The server draws QR codes with `QrCode::with_error_correction_level`, which mixes
/// segment modes: in a recruiter link it codes the date `2026-11-24T14:00` as alphanumeric,
/// so its picture differs from the browser's (both hold the same link). The two are the
/// same size, though, so a page looks the same whichever drew its code.
#[test]
fn server_side_codes_are_the_same_size_for_recruiter_links() {
    for text in [LINK_120, LINK_TYPICAL, LINK_450] {
        let server = QrCode::with_error_correction_level(text, EcLevel::M).expect("fits");
        let ours = reference(text.as_bytes()).expect("fits");
        assert_eq!(server.version(), ours.version(), "{text}");
    }
}
