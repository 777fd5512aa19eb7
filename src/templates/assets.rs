//! The files every page depends on besides its HTML: QR codes drawn as SVG at build time,
//! minified theme scripts and stylesheets, and the content hashes that keep browsers from
//! using stale copies. Pure functions over bytes and strings (a script is minified on a
//! thread of its own, for the stack); rendering lives in the parent module.

mod mask;

use crate::diagnostics::line_col;
use crate::markdown::escape;

/// An SVG QR code for `url`, sized by CSS, with an accessible name. Dark modules are drawn
/// as one stroked path of horizontal runs, one unit thick, each run a relative move and a
/// line (`m2 0h3`): about half the bytes of one filled rectangle per run, which matters
/// because every checklist and template page carries one within the page-weight budget.
pub(super) fn qr(url: &str) -> String {
    let Some(modules) = mask::modules(url.as_bytes()) else {
        return String::new();
    };
    let quiet = 4;
    let width = modules.width();
    let size = width + 2 * quiet;
    // Room for the wrapper, an address with a few escapes, and a path of up to two bytes
    // per module (a typical code's is about 1.7): one allocation per code.
    let mut svg = Vec::with_capacity(400 + 2 * url.len() + 2 * width * width);
    svg.extend_from_slice(b"<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    push_number(&mut svg, size);
    svg.push(b' ');
    push_number(&mut svg, size);
    svg.extend_from_slice(b"\" role=\"img\" aria-label=\"QR code for ");
    svg.extend_from_slice(escape(url).as_bytes());
    svg.extend_from_slice(b"\"><path fill=\"#fff\" d=\"M0 0h");
    push_number(&mut svg, size);
    svg.push(b'v');
    push_number(&mut svg, size);
    svg.extend_from_slice(b"H0z\"/><path stroke=\"#000\" d=\"");
    // The row of the last run, and the pen's x after it.
    let mut pen: Option<(usize, usize)> = None;
    // Inlined into the walk over the rows' bits (a call per run was measurably slower),
    // and written as bytes: `write!` was a third of a code's time.
    modules.for_each_run(
        #[inline(always)]
        |y, start, end| {
            let length = end - start;
            match pen {
                // Most runs: a move and a line of one digit each, six bytes at once.
                Some((row, x)) if row == y && start - x < 10 && length < 10 => {
                    let (gap, length) = (digit(start - x), digit(length));
                    svg.extend_from_slice(&[b'm', gap, b' ', b'0', b'h', length]);
                }
                Some((row, x)) if row == y => {
                    svg.push(b'm');
                    push_number(&mut svg, start - x);
                    svg.extend_from_slice(b" 0h");
                    push_number(&mut svg, length);
                }
                _ => {
                    svg.push(b'M');
                    push_number(&mut svg, start + quiet);
                    svg.push(b' ');
                    push_number(&mut svg, y + quiet);
                    svg.extend_from_slice(b".5h");
                    push_number(&mut svg, length);
                }
            }
            pen = Some((y, end));
        },
    );
    svg.extend_from_slice(b"\"/></svg>");
    // ASCII around the escaped address: never an error.
    String::from_utf8(svg).unwrap_or_default()
}

/// The digit `n`, below ten.
fn digit(n: usize) -> u8 {
    b'0' + n as u8
}

/// Append `n` in decimal.
fn push_number(out: &mut Vec<u8>, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The theme's script and stylesheet, minified: every page carries them, and the weight
/// budget counts them. Other files, and scripts too large to minify safely
/// ([`MAX_MINIFIED_SCRIPT`]), are published as they are.
pub(super) fn minify(name: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let kind = name.rsplit('.').next().unwrap_or_default();
    if !matches!(kind, "js" | "css") || (kind == "js" && bytes.len() > MAX_MINIFIED_SCRIPT) {
        return Ok(bytes.to_vec());
    }
    let text = std::str::from_utf8(bytes).map_err(|_| format!("`{name}` is not valid UTF-8"))?;
    let minified = if kind == "js" {
        minify_js(text)
    } else {
        minifier::css::minify(text)
            .map(|m| m.to_string())
            .map_err(str::to_owned)
    };
    minified
        .map(String::into_bytes)
        .map_err(|e| format!("cannot minify `{name}`: {e}"))
}

/// The largest script that is minified; a larger one is published as written. The default
/// theme's largest is 13 KB, and a page's whole weight budget is 30 KB. The bound also
/// bounds time: oxc's minifier is quadratic in the length of an operator chain
/// (`a+b+c+…` or `a&&b||c…`), 10 s for 30,000 terms.
const MAX_MINIFIED_SCRIPT: usize = 64 * 1024;

/// How deeply a script may nest brackets (`(`, `[`, `{` and `${`) to be minified. Written
/// scripts stay far below it; oxc recurses for each level, with frames of up to 4 KB.
const MAX_NESTING: usize = 256;

/// How many conditions (`if` and `?`) may be open at one point of a script, counting every
/// one met so far in each enclosing bracket. oxc's minifier takes memory quadratic in how
/// deeply conditions nest (`if(a)if(b)…`, `else if` chains, `a?b:c?d:…`): 640 MB at 4,000
/// levels, 10 GB at 16,000 (an 80 KB script). 1,500 costs at most 90 MB.
const MAX_CONDITIONS: usize = 1_500;

/// The stack of the thread that minifies one script: a base, and a share for each byte,
/// since nesting without brackets (`!!!x`, `if(a)if(b)…`, `a=b=c…`) can reach one level
/// per byte, which costs oxc up to 1.2 KB of stack in a debug build, less than a quarter of
/// that in a release one. At most 144 MB, and only what is used is ever touched.
fn minifier_stack(script: &str) -> usize {
    (16 << 20) + script.len() * 2048
}

/// Minify a script with oxc: names are shortened and code compressed, which is worth a
/// quarter of the script's weight on every page.
///
/// oxc's parser and minifier recurse over the syntax tree, and the main thread's stack
/// overflows, aborting the process, at about 3,000 nested parentheses; deeply nested
/// conditions cost it memory quadratic in their depth. So the script is measured first
/// and refused beyond [`MAX_NESTING`] or [`MAX_CONDITIONS`], and the rest is minified on
/// a thread whose stack fits the deepest a script of its size can go.
fn minify_js(text: &str) -> Result<String, String> {
    match nesting(text) {
        Some(Nesting::Brackets(line, col)) => {
            return Err(format!(
                "brackets nest more than {MAX_NESTING} levels deep at line {line}, column {col}"
            ));
        }
        Some(Nesting::Conditions(line, col)) => {
            return Err(format!(
                "more than {MAX_CONDITIONS} conditions (`if`, `?`) are open at line {line}, column {col}: split the code into functions"
            ));
        }
        None => {}
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("minify".into())
            .stack_size(minifier_stack(text))
            .spawn_scoped(scope, || minify_js_here(text))
            .map_err(|e| format!("no thread to minify it on: {e}"))?
            .join()
            .map_err(|_| "the minifier failed".to_owned())?
    })
}

/// [`minify_js`] on the current thread, whose stack must be large enough.
fn minify_js_here(text: &str) -> Result<String, String> {
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, text, oxc_span::SourceType::cjs()).parse();
    if let Some(error) = parsed.diagnostics.first() {
        return Err(error.to_string());
    }
    let mut program = parsed.program;
    let minified = oxc_minifier::Minifier::new(oxc_minifier::MinifierOptions::default())
        .minify(&allocator, &mut program);
    Ok(oxc_codegen::Codegen::new()
        .with_options(oxc_codegen::CodegenOptions::minify())
        .with_scoping(minified.scoping)
        .build(&program)
        .code)
}

/// Where a script first nests deeper than the minifier is allowed to see, as a 1-based
/// line and character column.
#[derive(Debug, PartialEq, Eq)]
enum Nesting {
    /// Past [`MAX_NESTING`] brackets.
    Brackets(usize, usize),
    /// Past [`MAX_CONDITIONS`] open conditions.
    Conditions(usize, usize),
}

/// Where `script` first goes past [`MAX_NESTING`] brackets or [`MAX_CONDITIONS`]
/// conditions, or `None`.
fn nesting(script: &str) -> Option<Nesting> {
    measure(script, MAX_NESTING, MAX_CONDITIONS)
}

/// [`nesting`] with the limits as arguments, for the tests.
///
/// A scan, not a parse: strings, comments, template text and regular expressions are
/// skipped so that their brackets do not count, and a `${` inside a template counts as a
/// level, which its `}` closes. Whether a `/` starts a regular expression is guessed from
/// what precedes it, as tokenizers without a parser do; a wrong guess shifts the count by
/// a level or two, far from the limit.
///
/// Conditions are over-counted on purpose: every `if` and `?` met inside a bracket stays
/// counted until that bracket closes, whether or not the next one nests in it, since
/// telling the two apart takes a parser. A block would need 1,500 `if` statements of its
/// own to be refused.
fn measure(script: &str, max_brackets: usize, max_conditions: usize) -> Option<Nesting> {
    #[derive(PartialEq)]
    enum Open {
        Bracket,
        Template,
    }
    let bytes = script.as_bytes();
    // Each open bracket, and how many conditions were met inside it; the first entry is
    // the script outside any bracket.
    let mut stack: Vec<(Open, usize)> = vec![(Open::Bracket, 0)];
    let mut conditions = 0;
    // The last byte of code that was not white space or a comment, and the word it ended.
    let mut previous = b';';
    let mut previous_word = "";
    let mut i = 0;
    // Inside template text, after a backtick or a `}` that closed a `${`.
    let mut in_template = false;
    while i < bytes.len() {
        if in_template {
            match bytes[i] {
                b'\\' => i += 2,
                b'`' => {
                    in_template = false;
                    previous = b'`';
                    i += 1;
                }
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    in_template = false;
                    stack.push((Open::Template, 0));
                    if stack.len() - 1 > max_brackets {
                        let (line, col) = line_col(script, i);
                        return Some(Nesting::Brackets(line, col));
                    }
                    previous = b'{';
                    i += 2;
                }
                _ => i += 1,
            }
            continue;
        }
        let b = bytes[i];
        let mut condition = false;
        match b {
            b'(' | b'[' | b'{' => {
                stack.push((Open::Bracket, 0));
                if stack.len() - 1 > max_brackets {
                    let (line, col) = line_col(script, i);
                    return Some(Nesting::Brackets(line, col));
                }
            }
            b')' | b']' | b'}' if stack.len() > 1 => {
                let (open, counted) = stack.pop().unwrap_or((Open::Bracket, 0));
                conditions -= counted;
                if b == b'}' && open == Open::Template {
                    in_template = true;
                    i += 1;
                    continue;
                }
            }
            b'`' => {
                in_template = true;
                i += 1;
                continue;
            }
            b'"' | b'\'' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = script[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |end| i + 2 + end + 2);
                continue;
            }
            b'/' if starts_expression(previous, previous_word) => {
                let mut class = false;
                i += 1;
                while i < bytes.len() && bytes[i] != b'\n' && (class || bytes[i] != b'/') {
                    match bytes[i] {
                        b'\\' => i += 1,
                        b'[' => class = true,
                        b']' => class = false,
                        _ => {}
                    }
                    i += 1;
                }
                // A regular expression is a value: a `/` after it divides.
                previous = b')';
                previous_word = "";
                i += 1;
                continue;
            }
            // `??` and `?.` (but not `?.5`, a condition whose value is a number).
            b'?' if bytes.get(i + 1) == Some(&b'?') => {
                previous = b'?';
                previous_word = "";
                i += 2;
                continue;
            }
            b'?' => {
                condition = bytes.get(i + 1) != Some(&b'.')
                    || bytes.get(i + 2).is_some_and(u8::is_ascii_digit);
            }
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'$' {
            let end = script[i..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                .map_or(script.len(), |e| i + e);
            previous_word = &script[i..end];
            condition = previous_word == "if" && previous != b'.';
            previous = bytes[end - 1];
        } else {
            previous_word = "";
            previous = b;
        }
        if condition {
            conditions += 1;
            if let Some((_, counted)) = stack.last_mut() {
                *counted += 1;
            }
            if conditions > max_conditions {
                let (line, col) = line_col(script, i);
                return Some(Nesting::Conditions(line, col));
            }
        }
        i = if previous_word.is_empty() {
            i + 1
        } else {
            i + previous_word.len()
        };
    }
    None
}

/// Whether a `/` after `previous` (the last byte of code) or the word `word` starts a
/// regular expression rather than dividing.
fn starts_expression(previous: u8, word: &str) -> bool {
    if previous.is_ascii_alphanumeric() || previous == b'_' || previous == b'$' {
        return matches!(
            word,
            "return"
                | "typeof"
                | "instanceof"
                | "in"
                | "of"
                | "new"
                | "delete"
                | "void"
                | "throw"
                | "case"
                | "do"
                | "else"
                | "yield"
                | "await"
        );
    }
    !matches!(previous, b')' | b']' | b'}' | b'"' | b'\'' | b'`')
}

/// A small, stable content hash (FNV-1a) for cache-busting asset URLs.
pub(super) fn fnv(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 4096, usize::MAX] {
            let mut out = b"h".to_vec();
            push_number(&mut out, n);
            assert_eq!(out, format!("h{n}").into_bytes());
        }
    }

    /// The dark modules a QR path draws, read back by following its pen.
    fn modules(svg: &str) -> Vec<(usize, usize)> {
        let d = svg
            .rsplit("d=\"")
            .next()
            .and_then(|rest| rest.split('"').next())
            .expect("a path");
        let mut dark = Vec::new();
        let (mut x, mut y) = (0.0_f64, 0.0_f64);
        let mut rest = d;
        while let Some(command) = rest.chars().next() {
            let end = rest[1..]
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or(rest.len(), |i| i + 1);
            let numbers: Vec<f64> = rest[1..end]
                .split(' ')
                .map(|n| n.parse().expect("a number"))
                .collect();
            match (command, numbers.as_slice()) {
                ('M', [nx, ny]) => (x, y) = (*nx, *ny),
                ('m', [dx, dy]) => (x, y) = (x + dx, y + dy),
                ('h', [run]) => {
                    for i in 0..*run as usize {
                        dark.push((x as usize + i, y as usize));
                    }
                    x += run;
                }
                other => panic!("unexpected path command {other:?}"),
            }
            rest = &rest[end..];
        }
        dark
    }

    #[test]
    fn nesting_counts_brackets_of_code_only() {
        let cases = [
            ("((()))", 2, Some((1, 3))),
            ("((()))", 3, None),
            ("x\n  [{(", 2, Some((2, 5))),
            ("'(((' + \"(((\" + `(((` + '\\'(('", 0, None),
            ("// (((\n/* ((( */ x", 0, None),
            ("x = /[/(]((\\//g", 0, None),
            ("return /((/", 0, None),
            ("a = b / (c)", 0, Some((1, 9))),
            ("f(`a${b}c`)", 2, None),
            ("`${`${(1)}`}`", 2, Some((1, 7))),
            ("`${ {a: 1} }` + `${ `)` }`", 2, None),
            ("x = {}\n}}}) ((", 1, Some((2, 7))),
        ];
        for (script, limit, expected) in cases {
            let found = measure(script, limit, usize::MAX);
            let expected = expected.map(|(line, col)| Nesting::Brackets(line, col));
            assert_eq!(found, expected, "{script}");
        }
    }

    #[test]
    fn open_conditions_are_counted_until_their_bracket_closes() {
        let cases = [
            ("if(a)if(b)if(c)f()", Some((1, 11))),
            ("if(a){}else if(b){}else if(c){}", Some((1, 25))),
            ("x=a?1:b?2:c?3:4", Some((1, 12))),
            ("x=a?.5:b?.5:c?.5:4", Some((1, 14))),
            ("x=a?.b??c?.d??=e", None),
            (
                "function f(){if(a)g()}\nfunction h(){if(a)g()}\nif(x)if(y)if(z)f()",
                Some((3, 11)),
            ),
            ("f(a?1:2, b?1:2, c?1:2)", Some((1, 18))),
            ("f((a?1:2), (b?1:2), (c?1:2), (d?1:2))", None),
            ("'if if ?' + x.if + `?` + /?/ + diff", None),
        ];
        for (script, expected) in cases {
            let found = measure(script, usize::MAX, 2);
            let expected = expected.map(|(line, col)| Nesting::Conditions(line, col));
            assert_eq!(found, expected, "{script}");
        }
    }

    #[test]
    fn the_default_scripts_are_far_from_the_limits() {
        let scripts = [
            include_str!("../../themes/default/static/afterword.js"),
            include_str!("../../themes/default/static/checklist.js"),
            include_str!("../../themes/default/static/planner.js"),
            include_str!("../../themes/default/static/qr.js"),
            include_str!("../../themes/default/static/share.js"),
            include_str!("../../themes/default/static/template.js"),
        ];
        for script in scripts {
            assert!(script.len() < MAX_MINIFIED_SCRIPT / 4);
            assert_eq!(
                measure(script, MAX_NESTING / 16, MAX_CONDITIONS / 16),
                None,
                "{}",
                &script[..80]
            );
        }
    }

    #[test]
    fn deep_scripts_are_refused_or_minified_never_a_crash() {
        let parens = format!("{}1{};", "(".repeat(3_200), ")".repeat(3_200));
        assert_eq!(
            minify("x.js", parens.as_bytes()),
            Err("cannot minify `x.js`: brackets nest more than 256 levels deep at line 1, column 257".into())
        );
        let conditions = format!("{}f();", "if(y)".repeat(4_000));
        assert_eq!(
            minify("x.js", conditions.as_bytes()),
            Err("cannot minify `x.js`: more than 1500 conditions (`if`, `?`) are open at line 1, column 7501: split the code into functions".into())
        );
        let shallow = format!("x={}1{};", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert_eq!(minify("x.js", shallow.as_bytes()), Ok(b"x=1;".to_vec()));
        // Nesting without brackets is bounded by the size, and the stack grows with it.
        let negations = format!("x={}y;", "!".repeat(10_000));
        assert!(minify("x.js", negations.as_bytes()).is_ok());
        let conditions = format!("{}f();", "if(y)".repeat(MAX_CONDITIONS));
        assert!(minify("x.js", conditions.as_bytes()).is_ok());
        // Too large to minify safely: published as written.
        let large = format!("x={}y;", "!".repeat(MAX_MINIFIED_SCRIPT));
        assert_eq!(minify("x.js", large.as_bytes()), Ok(large.into_bytes()));
    }

    #[test]
    fn qr_path_draws_exactly_the_dark_modules() {
        let url = "https://afterword.example/checklists/first-24-hours/";
        let svg = qr(url);
        let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).unwrap();
        let width = code.width();
        let expected: Vec<(usize, usize)> = code
            .to_colors()
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == qrcode::Color::Dark)
            .map(|(i, _)| (i % width + 4, i / width + 4))
            .collect();
        assert_eq!(modules(&svg), expected);
        assert!(svg.starts_with("<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains(
            "aria-label=\"QR code for https://afterword.example/checklists/first-24-hours/\""
        ));
        assert!(svg.len() < 2600, "{} bytes", svg.len());
    }

    /// The SVG `qr` wrote before its modules were placed by table and its path written from
    /// bits: pinned so that a faster way keeps every byte.
    #[test]
    fn qr_svg_is_byte_for_byte_the_pinned_one() {
        let svg = qr("https://bench.example/s9/p05009/");
        assert_eq!(svg, PINNED_SVG);
    }

    const PINNED_SVG: &str = "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 37 37\" role=\"img\" aria-label=\"QR code for https://bench.example/s9/p05009/\"><path fill=\"#fff\" d=\"M0 0h37v37H0z\"/><path stroke=\"#000\" d=\"M4 4.5h7m3 0h2m1 0h1m2 0h1m2 0h1m2 0h7\
         M4 5.5h1m5 0h1m1 0h2m1 0h1m2 0h3m2 0h2m1 0h1m5 0h1\
         M4 6.5h1m1 0h3m1 0h1m2 0h6m1 0h1m2 0h1m2 0h1m1 0h3m1 0h1\
         M4 7.5h1m1 0h3m1 0h1m5 0h4m6 0h1m1 0h3m1 0h1\
         M4 8.5h1m1 0h3m1 0h1m1 0h2m4 0h1m2 0h1m1 0h2m1 0h1m1 0h3m1 0h1\
         M4 9.5h1m5 0h1m6 0h1m3 0h1m1 0h2m1 0h1m5 0h1\
         M4 10.5h7m1 0h1m1 0h1m1 0h1m1 0h1m1 0h1m1 0h1m1 0h1m1 0h7\
         M14 11.5h1m2 0h2m1 0h5\
         M4 12.5h1m1 0h1m1 0h1m1 0h1m4 0h2m1 0h2m1 0h2m1 0h1m3 0h1m2 0h1\
         M5 13.5h2m4 0h1m1 0h2m1 0h1m1 0h2m4 0h3m2 0h1m2 0h1\
         M6 14.5h2m1 0h2m2 0h3m1 0h1m3 0h1m2 0h1m2 0h1m2 0h3\
         M4 15.5h1m1 0h1m1 0h1m2 0h1m2 0h1m4 0h1m1 0h5m1 0h1m3 0h1\
         M5 16.5h3m1 0h2m1 0h3m5 0h2m1 0h2m1 0h1m2 0h1m1 0h2\
         M5 17.5h2m1 0h2m7 0h1m1 0h4m1 0h3m2 0h1m2 0h1\
         M4 18.5h2m2 0h4m1 0h3m2 0h3m1 0h1m1 0h2m3 0h1m1 0h2\
         M6 19.5h4m3 0h1m2 0h3m1 0h2m1 0h1m1 0h2m1 0h2m1 0h1\
         M4 20.5h4m2 0h4m1 0h1m2 0h5m2 0h2m2 0h1m1 0h2\
         M5 21.5h1m1 0h3m1 0h2m2 0h2m1 0h2m1 0h1m2 0h3m2 0h2m1 0h1\
         M4 22.5h1m5 0h1m3 0h1m1 0h2m2 0h1m1 0h1m2 0h4m2 0h2\
         M5 23.5h3m1 0h1m1 0h3m1 0h1m3 0h1m1 0h1m1 0h2m4 0h1m1 0h1\
         M4 24.5h1m2 0h1m1 0h3m1 0h4m3 0h9\
         M12 25.5h1m1 0h1m1 0h2m1 0h1m1 0h4m3 0h1m1 0h3\
         M4 26.5h7m2 0h2m1 0h1m1 0h1m3 0h3m1 0h1m1 0h2m1 0h2\
         M4 27.5h1m5 0h1m4 0h4m1 0h2m2 0h1m3 0h2m1 0h2\
         M4 28.5h1m1 0h3m1 0h1m1 0h2m4 0h1m1 0h1m1 0h1m1 0h5\
         M4 29.5h1m1 0h3m1 0h1m2 0h1m2 0h4m1 0h1m5 0h2m1 0h1\
         M4 30.5h1m1 0h3m1 0h1m1 0h1m2 0h2m3 0h1m3 0h2m1 0h3m2 0h1\
         M4 31.5h1m5 0h1m3 0h1m2 0h1m1 0h1m1 0h8m2 0h1\
         M4 32.5h7m1 0h1m1 0h1m2 0h2m1 0h1m1 0h3m1 0h1m1 0h1m2 0h2\"/></svg>";

    /// Length and FNV-1a hash of `qr`'s SVG, pinned from the same code as [`PINNED_SVG`]:
    /// byte, alphanumeric and numeric data, markup in the label, no data, and codes wider
    /// than 128 modules (the crate's way).
    #[test]
    fn qr_svgs_keep_their_pinned_length_and_hash() {
        let long_z = "z".repeat(1500);
        let long_accented = "https://afterword.example/é/".repeat(12);
        let cases = [
            ("https://bench.example/s9/p05009/", 1648, 0x3c95_4085),
            (
                "https://afterword.example/checklists/first-24-hours/",
                2070,
                0x4ad2_d907,
            ),
            (
                "https://afterword.example/guides/a?b=1&c=\"<d>\"",
                2042,
                0x70d5_abd3,
            ),
            ("0123456789", 948, 0x65e3_7538),
            ("HTTPS://AFTERWORD.EXAMPLE/A1", 1254, 0x7194_b074),
            ("", 897, 0x8a27_ef21),
            (&long_z, 35009, 0x2cfc_94cb),
            (&long_accented, 8885, 0x8514_54b4),
        ];
        for (url, len, hash) in cases {
            let svg = qr(url);
            assert_eq!((svg.len(), fnv(svg.as_bytes())), (len, hash), "{url}");
        }
        let mut all = String::new();
        for n in 0..1000 {
            let url = format!(
                "https://bench.example/s{}/p{n:05}/{}",
                n % 10,
                "b".repeat(n % 90)
            );
            all.push_str(&qr(&url));
        }
        assert_eq!((all.len(), fnv(all.as_bytes())), (2_600_840, 0x4958_132c));
    }
}
