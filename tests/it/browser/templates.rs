//! The bundled guide's email templates as a candidate fills them, in a real browser: one
//! letter per interviewer, optional parts that leave nothing behind, recipients that are
//! checked before they reach the email link, values that never break the page, and a phone
//! layout that shows the letter before the form.

use serde_json::json;

use super::harness::{Browser, DEFAULT_WAIT, Page, StaticServer, artifact_dir, js_string};
use crate::support::BuiltGuide;

fn serve_guide() -> (BuiltGuide, StaticServer) {
    let guide = BuiltGuide::build();
    let server = StaticServer::serve(guide.site());
    (guide, server)
}

/// Type `text` into the field `name` of the `n`th (1-based) person, or a shared field. The
/// personal layer is started first and waited for, as a candidate's focus on the field would
/// start it, so what the page shows can be read at once.
fn fill(page: &Page<'_>, name: &str, person: Option<usize>, text: &str) {
    page.eval("afterword.start()");
    let id = match person {
        Some(1) | None => format!("#field-{name}"),
        Some(n) => format!("#field-{name}-{n}"),
    };
    page.eval(&format!(
        "(() => {{ const el = document.querySelector({}); el.value = {}; el.dispatchEvent(new Event('input', {{ bubbles: true }})); }})()",
        js_string(&id),
        js_string(text)
    ));
}

/// The `mailto:` link of each letter, decoded into (to, subject, body).
fn mails(page: &Page<'_>) -> Vec<(String, String, String)> {
    let links = page.eval(
        "[...document.querySelectorAll('[data-letter] [data-mailto]')].map(a => { const u = new URL(a.href); \
         return [decodeURIComponent(u.pathname), u.searchParams.get('subject'), u.searchParams.get('body')]; })",
    );
    serde_json::from_value(links).expect("a list of mail links")
}

#[test]
fn three_interviewers_get_three_separate_notes_and_a_warning_when_two_are_the_same() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.grant_clipboard();
    let (_guide, server) = serve_guide();
    let page = browser.new_page();
    // A recruiter's link names the panel; the shared values are typed once.
    page.goto(&server.url(
        "/templates/thank-you-interviewer/#company=Northwind&role=Data%20Engineer&interviewers=Priya%20Shah%2C%20Tom%20Lee%20and%20Ana%20Ruiz&interview=2026-11-27T14:00",
    ));
    page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
    page.wait_until(
        "document.querySelectorAll('[data-letter]').length === 3",
        DEFAULT_WAIT,
    );
    assert_eq!(
        page.eval("[...document.querySelectorAll('.letter-pick button')].map(b => b.textContent)"),
        json!(["Priya Shah", "Tom Lee", "Ana Ruiz"])
    );
    for (name, value) in [
        ("fit_example", "I rebuilt our reports as live dashboards."),
        ("company_reason", "your engineers own what they build"),
        ("candidate_contact", "07700 900123"),
        ("candidate_name", "Sam Taylor"),
    ] {
        fill(&page, name, None, value);
    }
    let people = [
        (
            "priya@northwind.example",
            "moving reports onto live data",
            "trust in the numbers matters most",
        ),
        (
            "tom@northwind.example",
            "the on-call rota",
            "the team shares the load fairly",
        ),
        (
            "ana@northwind.example",
            "the design exercise",
            "they value clear trade-offs",
        ),
    ];
    for (n, (email, point, learned)) in people.iter().enumerate() {
        fill(&page, "interviewer_email", Some(n + 1), email);
        fill(&page, "conversation_point", Some(n + 1), point);
        fill(&page, "learned", Some(n + 1), learned);
    }
    let sent = mails(&page);
    assert_eq!(sent.len(), 3);
    for ((to, subject, body), ((email, point, learned), name)) in sent
        .iter()
        .zip(people.iter().zip(["Priya Shah", "Tom Lee", "Ana Ruiz"]))
    {
        assert_eq!(to, email);
        assert_eq!(subject, "Thank you: Data Engineer interview");
        assert!(body.starts_with(&format!("Dear {name},\n\n")), "{body}");
        assert!(
            body.contains(&format!(
                "what you said about {point}. It showed me that {learned}."
            )),
            "{body}"
        );
        // The follow-up date comes from the planner: 7 days after a later round.
        assert!(
            body.contains("If I haven’t heard by Friday 4 December"),
            "{body}"
        );
        assert!(!body.contains('[') && !body.contains("____"), "{body}");
        // The optional "put it right" paragraph left no gap behind.
        assert!(!body.contains("\n\n\n"), "{body}");
    }
    assert_eq!(page.text("[data-same]"), "");
    // Each letter copies its own text.
    page.click(".letter-pick button:nth-child(2)");
    page.click("[data-letter]:not(.away) [data-copy=body]");
    page.wait_for_text(
        "[data-letter]:not(.away) [data-copy-status]",
        "Text copied.",
        DEFAULT_WAIT,
    );
    let copied = page.eval("navigator.clipboard.readText()");
    assert!(
        copied.as_str().unwrap().starts_with("Dear Tom Lee,"),
        "{copied}"
    );

    // Tom's point pasted into Ana's note: the page says the notes are the same.
    fill(&page, "conversation_point", Some(3), "the on-call rota");
    fill(&page, "learned", Some(3), "the team shares the load fairly");
    page.wait_for_text(
        "[data-same]",
        "The notes to Tom Lee and Ana Ruiz are the same apart from the name. Give each one a point only that person would recognise.",
        DEFAULT_WAIT,
    );

    // The people stay with the application after a reload, and one can be removed.
    page.reload();
    page.wait_until(
        "document.querySelectorAll('[data-letter]').length === 3",
        DEFAULT_WAIT,
    );
    assert_eq!(
        page.value("#field-conversation_point-2"),
        "the on-call rota"
    );
    page.click("[data-person]:nth-of-type(2) [data-remove-person]");
    page.wait_until(
        "document.querySelectorAll('[data-letter]').length === 2",
        DEFAULT_WAIT,
    );
    assert_eq!(
        mails(&page).iter().map(|m| m.0.clone()).collect::<Vec<_>>(),
        ["priya@northwind.example", "ana@northwind.example"]
    );
    page.assert_no_js_errors();
}

#[test]
fn recipients_are_checked_and_nothing_can_be_added_to_the_email_link() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_guide, server) = serve_guide();
    let page = browser.new_page();
    // The recruiter's address comes from their link.
    page.goto(&server.url(
        "/templates/thank-you-recruiter/#company=Acme&role=Analyst&recruiter_email=jordan%40agency.example",
    ));
    page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
    page.wait_for_text(
        "[data-letter] .to [data-blank]",
        "jordan@agency.example",
        DEFAULT_WAIT,
    );
    assert_eq!(mails(&page)[0].0, "jordan@agency.example");
    for hostile in [
        "jordan@agency.example\r\nBcc: all@example.com",
        "jordan@agency.example?bcc=all@example.com",
        "jordan@agency.example&bcc=all@example.com",
        "jordan@agency.example%0ABcc:x@example.com",
        "a b@example.com",
        "jordan",
    ] {
        fill(&page, "recruiter_email", None, hostile);
        let href = page.attr("[data-mailto]", "href").unwrap();
        assert!(
            href.starts_with("mailto:?subject="),
            "{hostile:?} gave {href}"
        );
        assert!(!href.to_lowercase().contains("bcc"), "{href}");
        assert_eq!(
            page.attr("#field-recruiter_email", "aria-invalid")
                .as_deref(),
            Some("true")
        );
        assert_eq!(
            page.text("#field-recruiter_email-bad"),
            "This is not an email address, so the email link leaves it out."
        );
    }
    fill(
        &page,
        "recruiter_email",
        None,
        "jo.smith+jobs@agency.example",
    );
    assert_eq!(mails(&page)[0].0, "jo.smith+jobs@agency.example");
    assert!(!page.exists("#field-recruiter_email-bad"));
    page.assert_no_js_errors();
}

#[test]
fn empty_optional_parts_leave_the_preview_the_copy_and_the_link() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    browser.grant_clipboard();
    let (_guide, server) = serve_guide();
    let page = browser.new_page();
    page.goto(&server.url("/templates/follow-up/"));
    page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
    for (name, value) in [
        ("interviewer_name", "Priya"),
        ("role", "Analyst"),
        ("company", "Acme"),
        ("interview_date", "Tuesday 24 November"),
        ("candidate_name", "Sam"),
    ] {
        fill(&page, name, None, value);
    }
    let keen = "I enjoyed meeting you, and I’m still very keen on the role.";
    let paragraph = || {
        page.eval(&format!(
            "[...document.querySelectorAll('[data-body] p')].find(p => p.innerText.startsWith({})).innerText",
            js_string("I enjoyed")
        ))
    };
    assert_eq!(paragraph(), json!(keen));
    let body = &mails(&page)[0].2;
    assert!(
        body.contains(&format!("{keen}\n\nIs there any news")),
        "{body}"
    );
    assert!(!body.contains('[') && !body.contains("____"), "{body}");
    page.click("[data-copy=body]");
    page.wait_for_text("[data-copy-status]", "Text copied.", DEFAULT_WAIT);
    assert_eq!(
        page.eval("navigator.clipboard.readText()").as_str(),
        Some(body.as_str())
    );
    // Filled, the sentence joins its paragraph with one space.
    fill(
        &page,
        "skill_point",
        None,
        "I have since finished my certificate.",
    );
    assert_eq!(
        paragraph(),
        json!(format!("{keen} I have since finished my certificate."))
    );
    assert!(
        mails(&page)[0]
            .2
            .contains("keen on the role. I have since finished my certificate.\n\n")
    );
    // A needed field left blank is named before anything leaves the page.
    fill(&page, "role", None, "");
    page.click("[data-mailto]");
    page.wait_for_text(
        "[data-copy-status]",
        "Still blank: Role. Open it anyway Fill in Role",
        DEFAULT_WAIT,
    );
    assert!(
        page.url().starts_with("http"),
        "the email app did not open yet"
    );
    page.click("[data-copy-status] [data-fix]");
    assert_eq!(page.eval("document.activeElement.id"), json!("field-role"));
    page.assert_no_js_errors();
}

#[test]
fn bad_values_never_break_a_template() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_guide, server) = serve_guide();
    let page = browser.new_page();
    let url = server.url("/templates/thank-you-interviewer/");
    page.goto(&url);
    page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
    // Stored by an older page or another tool: wrong types, a lone surrogate, a huge list.
    page.eval(
        "localStorage.setItem('afterword/v2/applications', JSON.stringify({ current: 'a', apps: [{ id: 'a', \
         fields: { company: { evil: 1 }, role: 'x\\ud800y', candidate_name: 42 }, \
         people: { interviewer: [null, 'Priya', { interviewer_name: 'Priya', conversation_point: ['x'] }].concat(Array(50).fill({ interviewer_name: 'Z' })), \
                   'bad noun!': [{ x: 'y' }] } }] }))",
    );
    page.reload();
    page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
    assert_eq!(page.value("#field-company"), "");
    assert_eq!(
        page.eval("document.querySelectorAll('[data-letter]').length"),
        json!(20)
    );
    assert_eq!(page.value("#field-interviewer_name"), "Priya");
    assert_eq!(page.value("#field-conversation_point"), "");
    let href = page.attr("[data-letter] [data-mailto]", "href").unwrap();
    assert!(
        href.contains("x%EF%BF%BDy"),
        "the lone surrogate is replaced, not thrown on: {href}"
    );
    assert!(!page.text("[data-wordcount]").is_empty());

    // 199 letters and an emoji from a recruiter's link: cut between characters, and the
    // email link and word count still work on every template.
    let long = format!("{}%F0%9F%98%80{}", "x".repeat(199), "y".repeat(20));
    for path in ["/templates/thank-you-interviewer/", "/templates/follow-up/"] {
        page.goto(&format!("{}#company=Emoji&role={long}", server.url(path)));
        page.wait_for_text("[data-blank=company]", "Emoji", DEFAULT_WAIT);
        assert_eq!(page.value("#field-role"), format!("{}😀", "x".repeat(199)));
        let href = page.attr("[data-mailto]", "href").unwrap();
        assert!(href.contains("%F0%9F%98%80"), "{href}");
        assert!(page.text("[data-wordcount]").ends_with(')'), "{path}");
    }
    page.assert_no_js_errors();
}

#[test]
fn on_a_phone_the_letter_comes_first_and_follows_the_field_being_typed() {
    let Some(browser) = Browser::launch() else {
        return;
    };
    let (_guide, server) = serve_guide();
    let out = artifact_dir("templates_on_a_phone");
    let page = browser.new_page();
    page.set_viewport(390, 844);
    for path in [
        "/templates/thank-you-interviewer/",
        "/templates/thank-you-recruiter/",
        "/templates/follow-up/",
    ] {
        page.goto(&server.url(path));
        page.wait_for("form.fields:not([hidden])", DEFAULT_WAIT);
        let top = |selector: &str| {
            page.eval(&format!(
                "document.querySelector({}).getBoundingClientRect().top + scrollY",
                js_string(selector)
            ))
            .as_f64()
            .unwrap()
        };
        assert!(
            top("[data-letter]") < 844.0,
            "{path}: the letter starts at {}",
            top("[data-letter]")
        );
        assert!(top("[data-letter]") < top("form.fields"), "{path}");
        page.screenshot(
            &out.join(format!("{}.png", path.trim_matches('/').replace('/', "-"))),
            390,
            844,
            false,
        );
    }
    // Typing in a field far below the letter shows its paragraph, as it now reads, under it.
    page.eval("document.getElementById('field-skill_point').focus()");
    // The focus starts the personal layer; the field is focused again once it has run.
    page.eval("afterword.start()");
    fill(&page, "skill_point", None, "I finished the certificate.");
    assert_eq!(
        page.text(".echo"),
        "I enjoyed meeting you, and I’m still very keen on the role. I finished the certificate."
    );
    fill(&page, "skill_point", None, "");
    assert!(
        page.text(".echo").starts_with("Left out while empty: "),
        "{}",
        page.text(".echo")
    );
    page.assert_no_js_errors();
}
