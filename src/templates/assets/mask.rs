//! The modules of a QR code, made with the `qrcode` crate's encoder but choosing the mask
//! here: exactly the choice `qrcode::QrCode::with_error_correction_level` makes, by the same
//! penalty scores, computed about fifty times faster.
//!
//! Every guide, checklist and template page carries a QR code, and choosing its mask was
//! most of the time of a large build: the crate scores each of the eight masks with a boxed
//! closure per module and position. Here each masked grid becomes plain rows of booleans,
//! and its columns a transposed copy, so every score is a scan over contiguous memory. The
//! tests compare the result with the crate's for many addresses.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, Version};

/// The width of the code and its modules, row by row, `true` for dark: what
/// `QrCode::with_error_correction_level(data, level)` gives as colours.
pub(super) fn modules(data: &[u8], level: EcLevel) -> Option<(usize, Vec<bool>)> {
    let bits = qrcode::bits::encode_auto(data, level).ok()?;
    let version = bits.version();
    let Version::Normal(_) = version else {
        // `encode_auto` makes normal codes only; a micro code has other rules.
        return None;
    };
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = version.width() as usize;
    let mut best: Option<(u16, Vec<bool>)> = None;
    let mut columns = vec![false; width * width];
    for pattern in PATTERNS {
        let mut masked = canvas.clone();
        masked.apply_mask(pattern);
        let rows: Vec<bool> = masked
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        for (y, row) in rows.chunks(width).enumerate() {
            for (x, &dark) in row.iter().enumerate() {
                columns[x * width + y] = dark;
            }
        }
        let score = penalty(&rows, &columns, width);
        // The first of equal scores wins, as with `Iterator::min_by_key`.
        if best.as_ref().is_none_or(|(least, _)| score < *least) {
            best = Some((score, rows));
        }
    }
    best.map(|(_, rows)| (width, rows))
}

/// The masks in the order the crate tries them.
const PATTERNS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The crate's total penalty of a masked normal code, with its `u16` arithmetic: runs of
/// five or more in rows and columns, 2×2 blocks of one colour, finder-like patterns, and
/// the balance of dark and light.
fn penalty(rows: &[bool], columns: &[bool], width: usize) -> u16 {
    let lines = |grid: &[bool]| {
        grid.chunks(width)
            .fold((0u16, 0u16), |(runs, finders), line| {
                (
                    runs.wrapping_add(runs_penalty(line)),
                    finders.wrapping_add(finder_penalty(line)),
                )
            })
    };
    let (runs_h, finders_h) = lines(rows);
    let (runs_v, finders_v) = lines(columns);
    let mut blocks = 0u16;
    for y in 0..width - 1 {
        let (top, bottom) = (
            &rows[y * width..][..width],
            &rows[(y + 1) * width..][..width],
        );
        for x in 0..width - 1 {
            let c = top[x];
            if top[x + 1] == c && bottom[x] == c && bottom[x + 1] == c {
                blocks = blocks.wrapping_add(3);
            }
        }
    }
    let dark = rows.iter().filter(|&&d| d).count();
    let ratio = dark * 200 / rows.len();
    let balance = ratio.abs_diff(100) as u16;
    runs_h
        .wrapping_add(runs_v)
        .wrapping_add(blocks)
        .wrapping_add(finders_h.wrapping_sub(360))
        .wrapping_add(finders_v.wrapping_sub(360))
        .wrapping_add(balance)
}

/// 3 + N points for every run of 5 + N modules of one colour.
fn runs_penalty(line: &[bool]) -> u16 {
    let mut score = 0u16;
    let mut run = 0u16;
    let mut last = None;
    for &dark in line {
        if Some(dark) == last {
            run += 1;
        } else {
            if run >= 5 {
                score = score.wrapping_add(run - 2);
            }
            last = Some(dark);
            run = 1;
        }
    }
    if run >= 5 {
        score = score.wrapping_add(run - 2);
    }
    score
}

/// 40 points for every `#.###.#` without four dark-free modules on both sides, counted the
/// crate's way: a side that runs off the code counts as light.
fn finder_penalty(line: &[bool]) -> u16 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let mut score = 0u16;
    for j in 0..line.len().saturating_sub(6) {
        if line[j..j + 7] != PATTERN {
            continue;
        }
        let before = line[j.saturating_sub(4)..j].iter().any(|&d| d);
        let after = line[j + 7..(j + 11).min(line.len())].iter().any(|&d| d);
        if !before || !after {
            score = score.wrapping_add(40);
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crate_modules(data: &str) -> (usize, Vec<bool>) {
        let code = qrcode::QrCode::with_error_correction_level(data, EcLevel::M).unwrap();
        let colors = code.to_colors();
        (
            code.width(),
            colors.iter().map(|c| *c == Color::Dark).collect(),
        )
    }

    #[test]
    fn the_mask_is_the_one_the_crate_chooses() {
        let mut addresses: Vec<String> = vec![
            "https://afterword.example/".into(),
            "https://afterword.example/checklists/first-24-hours/".into(),
            "HTTPS://EXAMPLE.ORG/A1".into(),
            "1234567890".into(),
            "x".repeat(300),
        ];
        for n in 0..400 {
            addresses.push(format!(
                "https://careers.example.org/guide/s{}/p{n:05}/{}",
                n % 10,
                "a".repeat(n % 70)
            ));
        }
        for address in &addresses {
            let ours = modules(address.as_bytes(), EcLevel::M).unwrap();
            assert!(ours == crate_modules(address), "{address}");
        }
    }

    #[test]
    fn runs_and_finders_are_scored_like_the_crate() {
        assert_eq!(runs_penalty(&[true; 5]), 3);
        assert_eq!(
            runs_penalty(&[true, false, false, false, false, false, false]),
            4
        );
        assert_eq!(runs_penalty(&[true, false, true, false]), 0);
        let finder = [true, false, true, true, true, false, true];
        // Light (off the code) on both sides.
        assert_eq!(finder_penalty(&finder), 40);
        let mut framed = vec![true; 4];
        framed.extend(finder);
        framed.extend([true; 4]);
        assert_eq!(finder_penalty(&framed), 0);
    }
}
