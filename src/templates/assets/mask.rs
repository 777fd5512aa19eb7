//! The modules of a QR code, made with the `qrcode` crate's encoder but placed and masked
//! here: exactly the code `qrcode::QrCode::with_error_correction_level` makes, choosing the
//! same mask by the same penalty scores, many times faster.
//!
//! Every guide, checklist and template page carries a QR code, and making it was a large
//! part of a big build: the crate draws each code on a canvas of enums, copies it for each
//! of the eight masks, masks it module by module, and scores it with a boxed closure per
//! module and position. Here a code is rows of bits, and its columns a second set of rows.
//! What depends only on the version is made once and kept for the process ([`Layout`]):
//! where each bit of the codewords goes, and each mask applied to the code with all its
//! data modules light. Masking flips the data modules only, so a code masked is that blank
//! XOR its dark data modules, row by row, and every score is shifts and popcounts. Nothing
//! is allocated per code but the crate's codewords. The tests compare the result with the
//! crate's for many addresses and every version.

use std::sync::OnceLock;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};

/// The modules of a code, dark or light.
#[expect(
    clippy::large_enum_variant,
    reason = "made once per code and read where it lies: boxing the bits would allocate per code"
)]
pub(super) enum Modules {
    /// Module `x` of row `y` at bit `x` of `rows[y]`: codes up to 128 modules wide.
    Bits { width: usize, rows: [u128; 128] },
    /// Row by row, `true` for dark: wider codes, made the crate's way.
    Colors { width: usize, dark: Vec<bool> },
}

/// What `QrCode::with_error_correction_level(data, EcLevel::M)` gives as colours.
pub(super) fn modules(data: &[u8]) -> Option<Modules> {
    let level = EcLevel::M;
    let bits = qrcode::bits::encode_auto(data, level).ok()?;
    let version = bits.version();
    let width = version.width() as usize;
    let layout = match version {
        Version::Normal(n) if width <= 128 => LAYOUTS
            .get(n as usize - 1)?
            .get_or_init(|| Layout::new(version, level)),
        // Codes wider than a row of bits here (addresses of over a thousand characters),
        // and micro codes, which `encode_auto` never makes: the crate's own way.
        _ => {
            let code = qrcode::QrCode::with_bits(bits, level).ok()?;
            let dark = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
            let width = code.width();
            return Some(Modules::Colors { width, dark });
        }
    };
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    // The dark data modules, which each mask flips where it is set. Codeword bits go most
    // significant first, data codewords then error correction, as the crate draws them.
    let mut dark_data = Grid::EMPTY;
    for (&codeword, places) in data.iter().chain(&ec).zip(layout.places.chunks_exact(8)) {
        let mut codeword = codeword;
        while codeword != 0 {
            let bit = codeword.leading_zeros() as usize;
            let (x, y) = places[bit];
            dark_data.set(usize::from(x), usize::from(y));
            codeword &= !(0x80 >> bit);
        }
    }
    let mut code = Grid::EMPTY;
    let mut best: Option<(u16, usize)> = None;
    for (mask, blank) in layout.masked.iter().enumerate() {
        blank.xor_into(&dark_data, width, &mut code);
        let score = penalty(&code.rows[..width], &code.columns[..width], width);
        // The first of equal scores wins, as with `Iterator::min_by_key`.
        if best.is_none_or(|(least, _)| score < least) {
            best = Some((score, mask));
        }
    }
    let (_, mask) = best?;
    layout.masked[mask].xor_into(&dark_data, width, &mut code);
    Some(Modules::Bits {
        width,
        rows: code.rows,
    })
}

impl Modules {
    /// The number of modules on a side.
    pub(super) fn width(&self) -> usize {
        match self {
            Modules::Bits { width, .. } | Modules::Colors { width, .. } => *width,
        }
    }

    /// Calls `run(y, start, end)` for every run of dark modules `start..end` of row `y`,
    /// row by row, left to right.
    pub(super) fn for_each_run(&self, mut run: impl FnMut(usize, usize, usize)) {
        match self {
            Modules::Bits { width, rows } => {
                for (y, &row) in rows[..*width].iter().enumerate() {
                    let mut row = row;
                    while row != 0 {
                        let start = row.trailing_zeros() as usize;
                        let end = start + (row >> start).trailing_ones() as usize;
                        run(y, start, end);
                        row &= !low(end);
                    }
                }
            }
            Modules::Colors { width, dark } => {
                for (y, row) in dark.chunks(*width).enumerate() {
                    let mut x = 0;
                    while x < row.len() {
                        if !row[x] {
                            x += 1;
                            continue;
                        }
                        let start = x;
                        while x < row.len() && row[x] {
                            x += 1;
                        }
                        run(y, start, x);
                    }
                }
            }
        }
    }
}

/// Versions 1 to 40, made when first used.
static LAYOUTS: [OnceLock<Layout>; 40] = [const { OnceLock::new() }; 40];

/// What every code of one version shares.
struct Layout {
    /// The data modules `(x, y)` in the order the crate fills them with codeword bits: the
    /// standard's zigzag up and down pairs of columns from the right, past the timing
    /// column, skipping the function patterns.
    places: Vec<(u8, u8)>,
    /// The code with every data module light, under each mask in [`PATTERNS`] order, with
    /// its format information drawn: the crate's own `apply_mask`.
    masked: Box<[Grid; 8]>,
}

impl Layout {
    fn new(version: Version, level: EcLevel) -> Layout {
        let width = version.width();
        let mut canvas = Canvas::new(version, level);
        canvas.draw_all_functional_patterns();
        let mut places = Vec::new();
        let mut upward = true;
        let mut right = width - 1;
        while right > 0 {
            if right == 6 {
                right = 5;
            }
            for i in 0..width {
                let y = if upward { width - 1 - i } else { i };
                for x in [right, right - 1] {
                    if canvas.get(x, y) == Module::Empty {
                        // Both below 128: only codes that narrow have a layout.
                        places.push((x as u8, y as u8));
                    }
                }
            }
            upward = !upward;
            right -= 2;
        }
        let mut masked = Box::new([Grid::EMPTY; 8]);
        for (grid, pattern) in masked.iter_mut().zip(PATTERNS) {
            let mut code = canvas.clone();
            code.apply_mask(pattern);
            for y in 0..width {
                for x in 0..width {
                    if code.get(x, y) == Module::Masked(Color::Dark) {
                        grid.set(x as usize, y as usize);
                    }
                }
            }
        }
        Layout { places, masked }
    }
}

/// A code as bits, module `x` of row `y` at bit `x` of `rows[y]` and bit `y` of
/// `columns[x]`; rows and columns past the code's width stay empty.
#[derive(Clone)]
struct Grid {
    rows: [u128; 128],
    columns: [u128; 128],
}

impl Grid {
    const EMPTY: Grid = Grid {
        rows: [0; 128],
        columns: [0; 128],
    };

    fn set(&mut self, x: usize, y: usize) {
        self.rows[y] |= 1 << x;
        self.columns[x] |= 1 << y;
    }

    /// Writes the first `width` rows and columns of `self` XOR `other` into `out`.
    fn xor_into(&self, other: &Grid, width: usize, out: &mut Grid) {
        let xor = |a: &[u128], b: &[u128], out: &mut [u128]| {
            for ((out, a), b) in out.iter_mut().zip(a).zip(b) {
                *out = a ^ b;
            }
        };
        xor(&self.rows[..width], &other.rows[..width], &mut out.rows);
        xor(
            &self.columns[..width],
            &other.columns[..width],
            &mut out.columns,
        );
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

    fn crate_modules(data: &[u8]) -> (usize, Vec<bool>) {
        let code = qrcode::QrCode::with_error_correction_level(data, EcLevel::M).unwrap();
        let colors = code.to_colors();
        (
            code.width(),
            colors.iter().map(|c| *c == Color::Dark).collect(),
        )
    }

    /// Our modules as the crate gives them: width and colours row by row.
    fn our_modules(data: &[u8]) -> (usize, Vec<bool>) {
        let modules = modules(data).unwrap();
        let width = modules.width();
        let mut dark = vec![false; width * width];
        modules.for_each_run(|y, start, end| dark[y * width + start..y * width + end].fill(true));
        (width, dark)
    }

    #[test]
    fn the_mask_is_the_one_the_crate_chooses() {
        let mut addresses: Vec<String> = vec![
            "https://afterword.example/".into(),
            "https://afterword.example/checklists/first-24-hours/".into(),
            "https://bench.example/s9/p05009/".into(),
            "HTTPS://EXAMPLE.ORG/A1".into(),
            "1234567890".into(),
            String::new(),
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
        // Every version up to the widest code of bits here (127 modules), and past it.
        for length in (0..1100).step_by(7) {
            addresses.push(format!("https://a.example/{}", "k".repeat(length)));
        }
        for address in &addresses {
            let (width, dark) = our_modules(address.as_bytes());
            assert!(
                (width, dark) == crate_modules(address.as_bytes()),
                "{address}"
            );
        }
    }

    #[test]
    fn data_modules_are_placed_where_the_crate_draws_them() {
        for n in 1..=27 {
            let version = Version::Normal(n);
            let width = version.width();
            let layout = Layout::new(version, EcLevel::M);
            let codewords = layout.places.len() / 8;
            // Varied bytes (a linear congruential sequence): a bit out of place shows as
            // a module of the wrong colour.
            for seed in [1u32, 2, 3] {
                let mut state = seed;
                let bytes: Vec<u8> = (0..codewords)
                    .map(|_| {
                        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        (state >> 16) as u8
                    })
                    .collect();
                let (data, ec) = bytes.split_at(codewords / 2);
                let mut canvas = Canvas::new(version, EcLevel::M);
                canvas.draw_all_functional_patterns();
                canvas.draw_data(data, ec);
                let mut ours = vec![false; (width * width) as usize];
                for (&byte, places) in bytes.iter().zip(layout.places.chunks_exact(8)) {
                    for (bit, &(x, y)) in places.iter().enumerate() {
                        ours[y as usize * width as usize + x as usize] = byte << bit & 0x80 != 0;
                    }
                }
                for y in 0..width {
                    for x in 0..width {
                        let theirs = canvas.get(x, y) == Module::Unmasked(Color::Dark);
                        let at = (y * width + x) as usize;
                        assert_eq!(ours[at], theirs, "version {n} at ({x}, {y})");
                    }
                }
            }
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
