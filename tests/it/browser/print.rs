//! Printing the bundled guide as a person would, to PDF on A4 and US Letter: every checklist
//! on one page with its items, empty boxes to tick and a back-link; templates as clean
//! letters; the print-all booklet one checklist to a page; light paper in dark mode; and
//! "Print my progress" against "Print blank".
//!
//! PDFs and PNGs of every print are kept in the artifact folder of each test, to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use super::harness::{
    Browser, DEFAULT_WAIT, Page, Paper, StaticServer, artifact_dir, axe, format_violations,
    pdf_pages, pdf_text, pdf_to_png,
};
use crate::support::{BuiltGuide, repo_root};
use afterword::Options;
use afterword::frontmatter::Kind;

const PAPERS: [(Paper, &str); 2] = [(Paper::A4, "a4"), (Paper::Letter, "letter")];

/// Words of the screen that must never reach paper.
const CONTROLS: [&str; 5] = [
    "Clear my ticks",
    "Print",
    "Copy subject",
    "Open in my email app",
    "Skip to the content",
];

/// The bundled guide, built into a temporary folder and served, with its title, its address
/// without the scheme (`afterword.example`) and its checklists (URL and title) in the order
/// the booklet prints them.
struct Guide {
    _out: BuiltGuide,
    server: StaticServer,
    title: String,
    host: String,
    checklists: Vec<(String, String)>,
}

fn guide() -> Guide {
    let out = BuiltGuide::build();
    let options = Options {
        root: repo_root(),
        base_url: None,
        drafts: false,
    };
    let Ok(afterword::Loaded { site: model, .. }) = afterword::load(&options) else {
        panic!("the bundled guide loads")
    };
    let section = |i: usize| model.pages[i].parent.map_or(0, |p| model.pages[p].weight);
    let mut checklists: Vec<(i64, i64, String, String)> = model
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Checklist)
        .map(|(i, p)| (section(i), p.weight, p.title.clone(), p.url.clone()))
        .collect();
    checklists.sort();
    assert!(checklists.len() >= 4, "{checklists:?}");
    let base = &model.settings.base_url;
    Guide {
        server: StaticServer::serve(out.site()),
        _out: out,
        title: model.settings.title.clone(),
        host: base[base.find("://").map_or(0, |i| i + 3)..]
            .trim_end_matches('/')
            .to_owned(),
        checklists: checklists
            .into_iter()
            .map(|(_, _, title, url)| (url, title))
            .collect(),
    }
}

/// Text without any whitespace, so that line wrapping on paper does not matter.
fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}

fn strings(page: &Page<'_>, expression: &str) -> Vec<String> {
    match page.eval(expression) {
        Value::Array(values) => values
            .into_iter()
            .map(|v| v.as_str().expect("a string").to_owned())
            .collect(),
        other => panic!("{expression}: {other}"),
    }
}

/// The labels of the main navigation, which must not be printed (but for the page's own
/// title: the section page "Checklists" is in the navigation too).
fn nav_labels(page: &Page<'_>) -> Vec<String> {
    let labels = strings(
        page,
        "[...document.querySelectorAll('.site-nav a')].map(a => a.textContent.trim())",
    );
    assert!(labels.iter().any(|l| l == "The guide"), "{labels:?}");
    assert!(labels.iter().any(|l| l == "Email templates"), "{labels:?}");
    let title = page.text("h1");
    labels.into_iter().filter(|l| *l != title).collect()
}

/// Prints the page on `paper` to `dir/name.pdf`, with PNGs beside it, and returns the path.
/// The print media type is emulated while printing: once any media emulation is in force
/// (the colour scheme is one), `Page.printToPDF` follows the emulated type, not `print`.
fn print(page: &Page<'_>, paper: Paper, dir: &Path, name: &str) -> PathBuf {
    let pdf = dir.join(format!("{name}.pdf"));
    page.set_print_media(true);
    page.print_pdf(&pdf, paper);
    page.set_print_media(false);
    pdf_to_png(&pdf, &dir.join(name));
    pdf
}

/// Asserts that none of the screen-only words are on paper: no control's label, and no line
/// made of navigation labels alone (the guide's prose may say "the guide").
#[track_caller]
fn assert_no_screen_text(text: &str, nav: &[String], what: &str) {
    for word in CONTROLS
        .iter()
        .chain(&["Personalised for", "What to do now"])
    {
        assert!(
            !text.contains(word),
            "{what} prints the screen-only text {word:?}:\n{text}"
        );
    }
    for line in text.lines() {
        let rest = nav.iter().fold(line.to_owned(), |rest, label| {
            rest.replace(label.as_str(), "")
        });
        assert!(
            rest.trim().len() == line.trim().len() || !rest.trim().is_empty(),
            "{what} prints the navigation {line:?}:\n{text}"
        );
    }
}

/// The text of one page of a PDF (`pdftotext -f N -l N`).
fn pdf_page_text(pdf: &Path, number: usize) -> String {
    let number = number.to_string();
    let output = Command::new("pdftotext")
        .args(["-layout", "-f", &number, "-l", &number])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        output.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The share of near-white pixels on the first page of a PDF, rendered in grey at 20 dpi:
/// about 0.8 for a page of text on white paper, near 0 for one on a dark background.
fn white_share(pdf: &Path) -> f64 {
    let prefix = pdf.with_extension("grey");
    let status = Command::new("pdftoppm")
        .args(["-gray", "-r", "20", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("run pdftoppm");
    assert!(status.success(), "pdftoppm failed on {}", pdf.display());
    let pgm = std::fs::read(prefix.with_extension("grey.pgm")).expect("the PGM file");
    // "P5 <width> <height> 255", each followed by one whitespace byte, then one byte a pixel.
    let mut start = 0;
    for _ in 0..4 {
        start += pgm[start..]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .expect("a PGM header");
        start += pgm[start..]
            .iter()
            .position(u8::is_ascii_whitespace)
            .expect("a PGM header")
            + 1;
    }
    let pixels = &pgm[start..];
    assert!(!pixels.is_empty(), "an empty PGM from {}", pdf.display());
    pixels.iter().filter(|&&p| p >= 235).count() as f64 / pixels.len() as f64
}

#[test]
fn every_checklist_prints_on_one_page_with_its_items_and_back_link() {
    let Some(browser) = Browser::launch_for_print() else {
        return;
    };
    let guide = guide();
    let out = artifact_dir("every_checklist_prints_on_one_page");
    let page = browser.new_page();
    // The longest version of each page: personal dates next to every timed item.
    page.goto(&guide.server.url("/"));
    page.eval("afterword.start()");
    for (field, value) in [
        ("interview", "2026-11-24"),
        ("interview-time", "14:00"),
        ("decision_date", "2026-12-04"),
        ("answer", "2026-12-10"),
        ("recruiter", "involved"),
    ] {
        page.eval(&format!(
            "(() => {{ const e = document.getElementById('plan-{field}'); e.value = '{value}'; \
             e.dispatchEvent(new Event('input', {{ bubbles: true }})); }})()"
        ));
    }
    let mut dated = 0;
    for (url, title) in &guide.checklists {
        page.goto(&guide.server.url(url));
        page.wait_for("[data-progress]:not(:empty)", DEFAULT_WAIT);
        let nav = nav_labels(&page);
        let items = strings(
            &page,
            "[...document.querySelectorAll('.item label')].map(l => l.textContent)",
        );
        assert!(items.len() >= 5, "{url}: {items:?}");
        let dates = strings(
            &page,
            "[...document.querySelectorAll('.item [data-due]')].map(d => d.textContent)\
             .filter(Boolean)",
        );
        dated += dates.len();
        let timed = page.eval("document.querySelectorAll('.item .due').length");
        let short_url = page.text(".backlink .short-url");
        assert!(short_url.ends_with(url.as_str()), "{short_url}");
        let slug = url.trim_matches('/').replace('/', "-");
        for (paper, paper_name) in PAPERS {
            let pdf = print(&page, paper, &out, &format!("{slug}-{paper_name}"));
            assert_eq!(pdf_pages(&pdf), 1, "{url} on {paper_name}");
            let text = pdf_text(&pdf);
            let flat = squash(&text);
            assert!(flat.contains(&squash(title)), "{url}: no title in\n{text}");
            for item in &items {
                assert!(
                    flat.contains(&squash(item)),
                    "{url} on {paper_name} lacks the item {item:?}:\n{text}"
                );
            }
            assert!(flat.contains(&short_url), "{url}: no short URL in\n{text}");
            for date in &dates {
                assert!(
                    flat.contains(&squash(date)),
                    "{url}: no date {date:?} in\n{text}"
                );
            }
            assert_eq!(
                json!(text.matches("Done on").count()),
                timed,
                "{url}: a date line for each timed item"
            );
            assert_no_screen_text(&text, &nav, url);
        }
    }
    assert!(dated >= 8, "only {dated} items show a personal date");
    // Boxes print as empty squares: no native control, a visible border.
    page.set_print_media(true);
    assert_eq!(
        page.eval(
            "(() => { const s = getComputedStyle(document.querySelector('.item input')); \
             return [s.appearance, s.borderTopStyle, s.width === s.height]; })()"
        ),
        json!(["none", "solid", true])
    );
    // The QR code is about 22 mm square (96 CSS px to the inch).
    let qr_mm = page
        .eval("document.querySelector('.backlink .qr').getBoundingClientRect().width * 25.4 / 96");
    let qr_mm = qr_mm.as_f64().expect("a width");
    assert!(
        (20.0..=24.0).contains(&qr_mm),
        "the QR code prints {qr_mm:.1} mm wide"
    );
    page.assert_no_js_errors();
}

#[test]
fn every_page_type_prints_light_in_dark_mode_without_navigation() {
    let Some(browser) = Browser::launch_for_print() else {
        return;
    };
    let guide = guide();
    let out = artifact_dir("every_page_type_prints_light_in_dark_mode");
    let page = browser.new_page();
    page.set_dark_mode(true);
    let (checklist, _) = &guide.checklists[0];
    for (path, name) in [
        ("/", "home"),
        ("/checklists/", "section"),
        ("/guide/following-up/", "guide"),
        (checklist.as_str(), "checklist"),
        ("/templates/thank-you-interviewer/", "template"),
        ("/booklet/", "booklet"),
    ] {
        page.set_print_media(false);
        page.goto(&guide.server.url(path));
        let nav = nav_labels(&page);
        assert_eq!(
            page.eval("getComputedStyle(document.body).backgroundColor"),
            json!("rgb(21, 23, 27)"),
            "{path} is dark on screen"
        );
        let pdf = print(&page, Paper::A4, &out, name);
        let white = white_share(&pdf);
        assert!(
            white > 0.6,
            "{path} prints only {white:.2} white in dark mode"
        );
        let text = pdf_text(&pdf);
        assert_no_screen_text(&text, &nav, path);
        page.set_print_media(true);
        assert_eq!(
            page.eval(
                "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
            ),
            json!(["rgb(255, 255, 255)", "rgb(0, 0, 0)"]),
            "{path} in print"
        );
        if name == "guide" {
            // On paper a guide page ends with its own short address and QR code; links to
            // other pages print as their words, without raw paths.
            assert!(
                squash(&text).contains(&squash("Read it online: afterword.example/guide/")),
                "{text}"
            );
            assert!(!text.contains("(/"), "{text}");
        }
    }
    page.assert_no_js_errors();
}

#[test]
fn print_my_progress_keeps_ticks_and_print_blank_empties_the_boxes() {
    let Some(browser) = Browser::launch_for_print() else {
        return;
    };
    let guide = guide();
    let out = artifact_dir("print_my_progress_and_print_blank");
    let (url, _) = &guide.checklists[1];
    let page = browser.new_page();
    page.goto(&guide.server.url(url));
    page.wait_for("[data-progress]:not(:empty)", DEFAULT_WAIT);
    let untouched = print(&page, Paper::A4, &out, "untouched");

    // The print dialog is replaced by a probe that records what would be printed.
    let stub = "window.printed = []; window.print = () => window.printed.push(\
                document.documentElement.classList.contains('print-blank'));";
    page.eval(stub);
    page.click(".item input");
    page.wait_until(
        "document.querySelector('.item input').checked",
        DEFAULT_WAIT,
    );
    let after = "getComputedStyle(document.querySelector('.item input'), '::after').content";

    page.click("[data-print]");
    assert_eq!(page.eval("window.printed"), json!([false]));
    page.set_print_media(true);
    assert_eq!(page.eval(after), json!("\"\""), "the tick is drawn");
    page.set_print_media(false);
    let progress = print(&page, Paper::A4, &out, "progress");

    page.click("[data-print-blank]");
    assert_eq!(page.eval("window.printed"), json!([false, true]));
    page.set_print_media(true);
    assert_eq!(page.eval(after), json!("none"), "no tick on a blank print");
    page.set_print_media(false);
    let blank = print(&page, Paper::A4, &out, "blank");
    assert!(
        page.eval("document.querySelector('.item input').checked") == json!(true),
        "printing blank never unticks the box itself"
    );
    page.eval("window.dispatchEvent(new Event('afterprint'))");
    assert_eq!(
        page.eval("document.documentElement.classList.contains('print-blank')"),
        json!(false),
        "after printing, the next print shows progress again"
    );
    page.reload();
    page.wait_until(
        "document.querySelector('.item input').checked",
        DEFAULT_WAIT,
    );

    // On paper: blank looks exactly like a list never ticked; progress does not.
    let pixels = |pdf: &Path, name: &str| {
        let pngs = pdf_to_png(pdf, &out.join(format!("{name}-compare")));
        std::fs::read(&pngs[0]).expect("a PNG")
    };
    let untouched = pixels(&untouched, "untouched");
    assert_eq!(
        pixels(&blank, "blank"),
        untouched,
        "blank prints empty boxes"
    );
    assert_ne!(
        pixels(&progress, "progress"),
        untouched,
        "progress prints the tick"
    );
    page.assert_no_js_errors();
}

#[test]
fn the_booklet_prints_a_cover_contents_and_one_page_per_checklist() {
    let Some(browser) = Browser::launch_for_print() else {
        return;
    };
    let guide = guide();
    let out = artifact_dir("the_booklet_prints");
    let page = browser.new_page();
    page.goto(&guide.server.url("/checklists/"));
    assert_eq!(
        page.attr(".booklet-link a", "href").as_deref(),
        Some("/booklet/")
    );
    page.goto(&guide.server.url("/booklet/"));
    let violations = axe(&page);
    assert!(violations.is_empty(), "{}", format_violations(&violations));
    let nav = nav_labels(&page);
    let count = guide.checklists.len();
    // Every item has a square to tick by hand, on screen and on paper.
    page.set_print_media(true);
    assert_eq!(
        page.eval(
            "[...document.querySelectorAll('.sheet li')].every(li => \
             getComputedStyle(li, '::before').borderTopStyle === 'solid')"
        ),
        json!(true)
    );
    page.set_print_media(false);
    for (paper, paper_name) in PAPERS {
        let pdf = print(&page, paper, &out, &format!("booklet-{paper_name}"));
        assert_eq!(pdf_pages(&pdf), count + 2, "on {paper_name}");
        let cover = pdf_page_text(&pdf, 1);
        for part in [
            &guide.title,
            "Checklist booklet",
            &format!("{}/", guide.host),
        ] {
            assert!(cover.contains(part), "the cover lacks {part:?}:\n{cover}");
        }
        let contents = squash(&pdf_page_text(&pdf, 2));
        assert!(contents.starts_with("Contents"), "{contents}");
        for (n, (url, title)) in guide.checklists.iter().enumerate() {
            assert!(contents.contains(&squash(title)), "contents lack {title}");
            assert!(
                contents.contains(&format!("page{}", n + 3)),
                "contents lack the page of {title}"
            );
            let sheet = pdf_page_text(&pdf, n + 3);
            let items = strings(
                &page,
                &format!(
                    "[...document.querySelectorAll('#c{} .items > li')].map(li => [...li.childNodes]\
                     .filter(n => !n.matches || !n.matches('.due')).map(n => n.textContent).join(''))",
                    n + 1
                ),
            );
            assert!(items.len() >= 5, "{title}: {items:?}");
            for item in &items {
                assert!(
                    squash(&sheet).contains(&squash(item)),
                    "{title} lacks {item:?} on {paper_name}:\n{sheet}"
                );
            }
            assert!(
                squash(&sheet).starts_with(&squash(title)),
                "{title} does not start page {} on {paper_name}:\n{sheet}",
                n + 3
            );
            assert!(
                squash(&sheet).contains(&format!("{}{url}", guide.host)),
                "{sheet}"
            );
            assert_no_screen_text(&sheet, &nav, title);
        }
    }
    page.assert_no_js_errors();
}

#[test]
fn a_template_prints_as_a_clean_letter_on_one_page() {
    let Some(browser) = Browser::launch_for_print() else {
        return;
    };
    let guide = guide();
    let out = artifact_dir("a_template_prints_as_a_clean_letter");
    let page = browser.new_page();
    page.goto(&guide.server.url("/templates/thank-you-interviewer/"));
    page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
    let nav = nav_labels(&page);
    // The blanks of the letter as it would be sent: an optional part left empty is not in it.
    let blanks = strings(
        &page,
        "[...new Set([...document.querySelectorAll('[data-blank]')].filter(b => !b.closest('[hidden]')).map(b => b.textContent))]",
    );
    assert!(blanks.len() >= 4, "{blanks:?}");
    let left_out = page.text("[data-optional] [data-blank], [data-optional][data-blank]");
    assert!(!blanks.contains(&left_out), "{left_out} is left out");
    let short_url = page.text(".backlink .short-url");
    for (paper, paper_name) in PAPERS {
        let pdf = print(&page, paper, &out, &format!("blank-{paper_name}"));
        assert_eq!(pdf_pages(&pdf), 1, "on {paper_name}");
        let text = pdf_text(&pdf);
        let flat = squash(&text);
        assert!(flat.contains("Subject:"), "{text}");
        for blank in &blanks {
            assert!(
                flat.contains(&squash(blank)),
                "no blank {blank:?} in\n{text}"
            );
        }
        assert!(flat.contains(&short_url), "{text}");
        assert!(
            !flat.contains(&squash(&left_out)),
            "{left_out} prints:\n{text}"
        );
        for word in ["(optional)", "e.g.", "Make it yours", "words"] {
            assert!(
                !text.contains(word),
                "the form or tips print: {word:?}\n{text}"
            );
        }
        assert_no_screen_text(&text, &nav, "the template");
    }
    // The candidate's own values print in place of the blanks.
    page.type_into("#field-company", "Northwind");
    page.wait_for_text("[data-blank=company]", "Northwind", DEFAULT_WAIT);
    let pdf = print(&page, Paper::A4, &out, "filled-a4");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Northwind") && !text.contains("[Company]"),
        "{text}"
    );
    page.set_print_media(true);
    assert_eq!(
        page.eval(
            "[getComputedStyle(document.querySelector('.blank:not(.filled)')).borderBottomStyle, \
              getComputedStyle(document.querySelector('.blank.filled')).borderBottomStyle]"
        ),
        json!(["solid", "none"]),
        "blanks are underlined, the candidate's values are not"
    );
    page.assert_no_js_errors();
}
