//! The modules of a QR code, made with the `qrcode` crate's encoder but choosing the mask
//! here: exactly the choice `qrcode::QrCode::with_error_correction_level` makes, by the same
//! penalty scores, computed many times faster.
//!
//! Every guide, checklist and template page carries a QR code, and choosing its mask was
//! most of the time of a large build: the crate copies the code for each of the eight
//! masks, masks it module by module, and scores it with a boxed closure per module and
//! position. Here a code is rows of bits, and its columns a second set of rows. Masking
//! flips the data modules only, so each mask of a version is made once, on a code whose
//! data modules are all light ([`Blank`], kept for the process); a code masked is then that
//! blank XOR its dark data modules, row by row, and every score is shifts and popcounts.
//! The tests compare the result with the crate's for many addresses.

use std::sync::OnceLock;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};

/// The width of the code and its modules, row by row, `true` for dark: what
/// `QrCode::with_error_correction_level(data, EcLevel::M)` gives as colours.
pub(super) fn modules(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    let level = EcLevel::M;
    let bits = qrcode::bits::encode_auto(data, level).ok()?;
    let version = bits.version();
    let width = version.width() as usize;
    let blank = match version {
        Version::Normal(n) if width <= 128 => BLANKS
            .get(n as usize - 1)?
            .get_or_init(|| Blank::new(version, level)),
        // Codes wider than a row of bits here (addresses of over a thousand characters),
        // and micro codes, which `encode_auto` never makes: the crate's own way.
        _ => {
            let code = qrcode::QrCode::with_bits(bits, level).ok()?;
            let dark = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
            return Some((code.width(), dark));
        }
    };
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    // The dark data modules, which each mask flips where it is set.
    let dark_data = Grid::of(width, |x, y| {
        canvas.get(x as i16, y as i16) == Module::Unmasked(Color::Dark)
    });
    let mut best: Option<(u16, Grid)> = None;
    for masked in &blank.masked {
        let code = masked.xor(&dark_data);
        let score = penalty(&code.rows, &code.columns, width);
        // The first of equal scores wins, as with `Iterator::min_by_key`.
        if best.as_ref().is_none_or(|(least, _)| score < *least) {
            best = Some((score, code));
        }
    }
    let (_, code) = best?;
    let dark = (0..width * width)
        .map(|i| code.rows[i / width] >> (i % width) & 1 == 1)
        .collect();
    Some((width, dark))
}

/// Versions 1 to 40, made when first used.
static BLANKS: [OnceLock<Blank>; 40] = [const { OnceLock::new() }; 40];

/// A version's code with every data module light, under each mask in [`PATTERNS`] order,
/// with its format information drawn: the crate's own `apply_mask`.
struct Blank {
    masked: Vec<Grid>,
}

impl Blank {
    fn new(version: Version, level: EcLevel) -> Blank {
        let width = version.width() as usize;
        let mut canvas = Canvas::new(version, level);
        canvas.draw_all_functional_patterns();
        let masked = PATTERNS
            .iter()
            .map(|&pattern| {
                let mut masked = canvas.clone();
                masked.apply_mask(pattern);
                Grid::of(width, |x, y| {
                    masked.get(x as i16, y as i16) == Module::Masked(Color::Dark)
                })
            })
            .collect();
        Blank { masked }
    }
}

/// A code as bits, module `x` of row `y` at bit `x` of `rows[y]` and bit `y` of
/// `columns[x]`.
struct Grid {
    rows: Vec<u128>,
    columns: Vec<u128>,
}

impl Grid {
    fn of(width: usize, dark: impl Fn(usize, usize) -> bool) -> Grid {
        let mut grid = Grid {
            rows: vec![0; width],
            columns: vec![0; width],
        };
        for y in 0..width {
            for x in 0..width {
                if dark(x, y) {
                    grid.rows[y] |= 1 << x;
                    grid.columns[x] |= 1 << y;
                }
            }
        }
        grid
    }

    fn xor(&self, other: &Grid) -> Grid {
        let xor = |a: &[u128], b: &[u128]| a.iter().zip(b).map(|(a, b)| a ^ b).collect();
        Grid {
            rows: xor(&self.rows, &other.rows),
            columns: xor(&self.columns, &other.columns),
        }
    }
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

/// The low `n` bits.
fn low(n: usize) -> u128 {
    if n >= 128 { u128::MAX } else { (1 << n) - 1 }
}

/// The crate's total penalty of a masked normal code, with its `u16` arithmetic: runs of
/// five or more in rows and columns, 2×2 blocks of one colour, finder-like patterns, and
/// the balance of dark and light. Rows and columns are bits, module `x` at bit `x`.
fn penalty(rows: &[u128], columns: &[u128], width: usize) -> u16 {
    let lines = |lines: &[u128]| {
        lines.iter().fold((0u16, 0u16), |(runs, finders), &line| {
            (
                runs.wrapping_add(runs_penalty(line, width)),
                finders.wrapping_add(finder_penalty(line, width)),
            )
        })
    };
    let (runs_h, finders_h) = lines(rows);
    let (runs_v, finders_v) = lines(columns);
    let mut blocks = 0u16;
    for pair in rows.windows(2) {
        // Where a module equals the one below it, then the one to its right as well.
        let same_below = !(pair[0] ^ pair[1]);
        let same_right = !(pair[0] ^ (pair[0] >> 1));
        let block = same_below & (same_below >> 1) & same_right & low(width - 1);
        blocks = blocks.wrapping_add(3 * block.count_ones() as u16);
    }
    let dark: usize = rows.iter().map(|r| r.count_ones() as usize).sum();
    let ratio = dark * 200 / (width * width);
    let balance = ratio.abs_diff(100) as u16;
    runs_h
        .wrapping_add(runs_v)
        .wrapping_add(blocks)
        .wrapping_add(finders_h.wrapping_sub(360))
        .wrapping_add(finders_v.wrapping_sub(360))
        .wrapping_add(balance)
}

/// 3 + N points for every run of 5 + N modules of one colour in the first `width` bits.
fn runs_penalty(line: u128, width: usize) -> u16 {
    // Bit x is set where module x is the colour of module x + 1; a run of L modules is
    // L - 1 such bits in a row, and has L - 4 windows of four of them.
    let same = !(line ^ (line >> 1)) & low(width - 1);
    let fours = same & (same >> 1) & (same >> 2) & (same >> 3);
    // Each run of five or more starts one run of `fours`: L - 4 + 2 = L - 2 points.
    let runs = fours & !(fours << 1);
    (fours.count_ones() + 2 * runs.count_ones()) as u16
}

/// 40 points for every `#.###.#` without four dark-free modules on both sides, counted the
/// crate's way: a side that runs off the code counts as light.
fn finder_penalty(line: u128, width: usize) -> u16 {
    if width < 7 {
        return 0;
    }
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let mut found = low(width - 6);
    for (k, dark) in PATTERN.into_iter().enumerate() {
        found &= if dark { line >> k } else { !line >> k };
    }
    let mut score = 0u16;
    while found != 0 {
        let j = found.trailing_zeros() as usize;
        let before = line & low(j) & !low(j.saturating_sub(4)) != 0;
        let after = (line >> (j + 7)) & low(4.min(width - j - 7)) != 0;
        if !before || !after {
            score = score.wrapping_add(40);
        }
        found &= found - 1;
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
            "y".repeat(1500),
        ];
        for n in 0..400 {
            addresses.push(format!(
                "https://careers.example.org/guide/s{}/p{n:05}/{}",
                n % 10,
                "a".repeat(n % 70)
            ));
        }
        for address in &addresses {
            let ours = modules(address.as_bytes()).unwrap();
            assert!(ours == crate_modules(address), "{address}");
        }
    }

    #[test]
    fn runs_and_finders_are_scored_like_the_crate() {
        assert_eq!(runs_penalty(0b11111, 5), 3);
        assert_eq!(runs_penalty(0b0000001, 7), 4);
        assert_eq!(runs_penalty(0b1111100000, 10), 6);
        assert_eq!(runs_penalty(0b0101, 4), 0);
        // `#.###.#`, module 0 first: light (off the code) on both sides.
        let finder = 0b1011101;
        assert_eq!(finder_penalty(finder, 7), 40);
        assert_eq!(finder_penalty(finder << 4, 11), 40);
        let framed = 0b1111 | finder << 4 | 0b1111 << 11;
        assert_eq!(finder_penalty(framed, 15), 0);
    }
}
