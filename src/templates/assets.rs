//! The files every page depends on besides its HTML: QR codes drawn as SVG at build time,
//! minified theme scripts and stylesheets, and the content hashes that keep browsers from
//! using stale copies. Pure functions over bytes and strings; rendering lives in the parent
//! module.

use crate::markdown::escape;

/// An SVG QR code for `url`, sized by CSS, with an accessible name. Dark modules are drawn
/// as one stroked path of horizontal runs, one unit thick, each run a relative move and a
/// line (`m2 0h3`): about half the bytes of one filled rectangle per run, which matters
/// because every checklist and template page carries one within the page-weight budget.
pub(super) fn qr(url: &str) -> String {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let colors = code.to_colors();
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        // The pen's x after the last run of this row, `None` before the first.
        let mut pen: Option<usize> = None;
        let mut x = 0;
        while x < width {
            if row[x] != qrcode::Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == qrcode::Color::Dark {
                x += 1;
            }
            match pen {
                None => path.push_str(&format!("M{} {}.5", start + quiet, y + quiet)),
                Some(end) => path.push_str(&format!("m{} 0", start - end)),
            }
            path.push_str(&format!("h{}", x - start));
            pen = Some(x);
        }
    }
    format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"QR code for {label}\"><path fill=\"#fff\" d=\"M0 0h{size}v{size}H0z\"/><path stroke=\"#000\" d=\"{path}\"/></svg>",
        label = escape(url)
    )
}

/// The theme's script and stylesheet, minified: every page carries them, and the weight
/// budget counts them. Other files are published as they are.
pub(super) fn minify(name: &str, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let kind = name.rsplit('.').next().unwrap_or_default();
    if !matches!(kind, "js" | "css") {
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

/// Minify a script with oxc: names are shortened and code compressed, which is worth a
/// quarter of the script's weight on every page.
fn minify_js(text: &str) -> Result<String, String> {
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

/// A small, stable content hash (FNV-1a) for cache-busting asset URLs.
pub(super) fn fnv(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
