//! The modules of a QR code: the `qrcode` crate encodes the data into codewords, and the
//! rest is done here, giving exactly the code `qrcode::QrCode::with_error_correction_level`
//! makes at level M, with the same mask chosen by the same penalty scores, many times
//! faster.
//!
//! Every guide, checklist and template page carries a QR code, and making it was a large
//! part of a big build: the crate draws each code on a canvas of enums, copies it for each
//! of the eight masks, masks it module by module, and scores it with a boxed closure per
//! module and position. Here a code's rows are bits, and its columns a second set of rows,
//! packed as many whole lines to a 128-bit word as fit ([`Lines`]): a typical code of 29
//! modules is 8 words of rows and 8 of columns, and every score is shifts, masks and
//! popcounts over whole words. What depends only on the version is made once and kept for
//! the process ([`Layout`]): the blocks and the error correction table, where each bit of
//! the codewords goes, and each mask applied to the code with all its data modules light.
//! Masking flips the data modules only, so a code masked is that blank XOR its dark data
//! modules, word by word. Nothing is allocated per code but the crate's codewords. Codes
//! wider than 127 modules are left to the crate. The tests compare the codes with the
//! crate's for many addresses and every version, the placed codewords with the crate's
//! drawing, and the scores with a module-by-module copy of the crate's.

use std::sync::OnceLock;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};

/// The modules of a code, dark or light.
#[expect(
    clippy::large_enum_variant,
    reason = "made once per code and read where it lies: boxing the bits would allocate per code"
)]
pub(super) enum Modules {
    /// Module `x` of row `y` at bit `x` of `rows[y]`: codes up to 127 modules wide, which
    /// leaves every row a light bit past its end.
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
        Version::Normal(n) if width < 128 => {
            LAYOUTS.get(n as usize - 1)?.get_or_init(|| Layout::new(n))
        }
        // Codes of 128 modules or more (versions 28 to 40, for addresses of over a thousand
        // characters), and micro codes, which `encode_auto` never makes: the crate's way.
        _ => {
            let code = qrcode::QrCode::with_bits(bits, level).ok()?;
            let dark = code.to_colors().iter().map(|c| *c == Color::Dark).collect();
            let width = code.width();
            return Some(Modules::Colors { width, dark });
        }
    };
    // The data codewords, padded to the version's capacity, block after block (the length
    // is always the blocks', but is checked rather than trusted).
    let data = bits.into_bytes();
    if data.len() != layout.blocks.iter().sum::<usize>() {
        return None;
    }
    let dark_data = layout.dark_data(&data);
    let lines = &layout.lines;
    let mut code = Packed::EMPTY;
    let mut best: Option<(u16, usize)> = None;
    for (mask, blank) in layout.masked.iter().enumerate() {
        blank.xor_into(&dark_data, lines.words, &mut code);
        let score = penalty(&code, lines);
        // The first of equal scores wins, as with `Iterator::min_by_key`.
        if best.is_none_or(|(least, _)| score < least) {
            best = Some((score, mask));
        }
    }
    let (_, mask) = best?;
    layout.masked[mask].xor_into(&dark_data, lines.words, &mut code);
    let mut rows = [0; 128];
    for (y, row) in rows[..width].iter_mut().enumerate() {
        *row = lines.line(&code.rows, y);
    }
    Some(Modules::Bits { width, rows })
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
                    // Where a module differs from the one before it: a run starts at one
                    // such edge and ends at the next. Modules past the width are light.
                    let mut edges = row ^ (row << 1);
                    while edges != 0 {
                        let start = edges.trailing_zeros() as usize;
                        edges &= edges - 1;
                        let end = edges.trailing_zeros() as usize;
                        edges &= edges - 1;
                        run(y, start, end);
                    }
                }
            }
            Modules::Colors { width, dark } => {
                for (y, row) in dark.chunks(*width).enumerate() {
                    let mut x = 0;
                    while let Some(start) = row[x..].iter().position(|&d| d).map(|s| x + s) {
                        x = row[start..]
                            .iter()
                            .position(|&d| !d)
                            .map_or(row.len(), |e| start + e);
                        run(y, start, x);
                    }
                }
            }
        }
    }
}

/// Versions 1 to 27, made when first used.
static LAYOUTS: [OnceLock<Layout>; 27] = [const { OnceLock::new() }; 27];

/// What every code of one version shares.
struct Layout {
    lines: Lines,
    /// The number of data codewords in each block, which gets error correction of its own.
    blocks: Vec<usize>,
    /// Error correction: for each leading codeword, the generator polynomial times it
    /// (without its leading term), from the crate's own Reed-Solomon; `ec` bytes long.
    generator: Box<[[u8; 32]; 256]>,
    ec: usize,
    /// The data modules of each codeword bit, most significant first, for the data
    /// codewords block after block and then each block's error correction: where the crate
    /// draws them after interleaving the blocks, along the standard's zigzag up and down
    /// pairs of columns from the right, past the timing column, skipping the function
    /// patterns.
    places: Vec<Place>,
    /// The code with every data module light, under each mask in [`PATTERNS`] order, with
    /// its format information drawn: the crate's own `apply_mask`.
    masked: Box<[Packed; 8]>,
}

/// Level M's error correction per version, from the standard's table (ISO/IEC 18004
/// table 9) as the crate has it: the error correction codewords per block, then the number
/// of blocks of `size` data codewords and the number of blocks of `size + 1`. Versions 1
/// to 27 are those narrow enough for [`Lines`].
const BLOCKS: [(usize, usize, usize, usize); 27] = [
    (10, 1, 16, 0),
    (16, 1, 28, 0),
    (26, 1, 44, 0),
    (18, 2, 32, 0),
    (24, 2, 43, 0),
    (16, 4, 27, 0),
    (18, 4, 31, 0),
    (22, 2, 38, 2),
    (22, 3, 36, 2),
    (26, 4, 43, 1),
    (30, 1, 50, 4),
    (22, 6, 36, 2),
    (22, 8, 37, 1),
    (24, 4, 40, 5),
    (24, 5, 41, 5),
    (28, 7, 45, 3),
    (28, 10, 46, 1),
    (26, 9, 43, 4),
    (26, 3, 44, 11),
    (26, 3, 41, 13),
    (26, 17, 42, 0),
    (28, 17, 46, 0),
    (28, 4, 47, 14),
    (28, 6, 45, 14),
    (28, 8, 47, 13),
    (28, 19, 46, 4),
    (28, 22, 45, 3),
];

impl Layout {
    /// Version `n`'s layout at level M, `n` from 1 to 27.
    fn new(n: i16) -> Layout {
        let version = Version::Normal(n);
        let width = version.width();
        let lines = Lines::new(width as usize);
        let place = |x: i16, y: i16| Place::of(&lines, x as usize, y as usize);
        let mut canvas = Canvas::new(version, EcLevel::M);
        canvas.draw_all_functional_patterns();

        // The data modules in the order the crate draws codeword bits on them: the
        // standard's zigzag up and down pairs of columns from the right, past the timing
        // column, skipping the function patterns.
        let mut drawn = Vec::new();
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
                        drawn.push(place(x, y));
                    }
                }
            }
            upward = !upward;
            right -= 2;
        }

        let (ec, short_blocks, short_size, long_blocks) = BLOCKS[n as usize - 1];
        let blocks: Vec<usize> = [(short_blocks, short_size), (long_blocks, short_size + 1)]
            .into_iter()
            .flat_map(|(count, size)| std::iter::repeat_n(size, count))
            .collect();
        let places = drawing_order(&blocks, ec)
            .into_iter()
            .flat_map(|codeword| &drawn[codeword * 8..codeword * 8 + 8])
            .copied()
            .collect();

        let mut generator = Box::new([[0; 32]; 256]);
        for (lead, row) in generator.iter_mut().enumerate() {
            // The remainder of a lone codeword is the generator's tail times it.
            let product = qrcode::ec::create_error_correction_code(&[lead as u8], ec);
            row[..ec].copy_from_slice(&product);
        }

        let mut masked = Box::new([Packed::EMPTY; 8]);
        for (packed, pattern) in masked.iter_mut().zip(PATTERNS) {
            let mut code = canvas.clone();
            code.apply_mask(pattern);
            for y in 0..width {
                for x in 0..width {
                    if code.get(x, y) == Module::Masked(Color::Dark) {
                        packed.set(place(x, y));
                    }
                }
            }
            packed.find_changes_down(&lines);
        }
        Layout {
            lines,
            blocks,
            generator,
            ec,
            places,
            masked,
        }
    }

    /// The dark modules of `data`'s codewords and their error correction, placed as the
    /// crate draws them, before masking: the modules each mask flips.
    fn dark_data(&self, data: &[u8]) -> Packed {
        let mut dark = Packed::EMPTY;
        self.place(&mut dark, data, 0);
        let mut first = data.len();
        let mut start = 0;
        for &size in &self.blocks {
            let ec = self.error_correction(&data[start..start + size]);
            self.place(&mut dark, &ec[..self.ec], first);
            start += size;
            first += self.ec;
        }
        dark.find_changes_down(&self.lines);
        dark
    }

    /// Sets the dark modules of `codewords`, the first of which is codeword `first` of
    /// [`Layout::places`].
    fn place(&self, dark: &mut Packed, codewords: &[u8], first: usize) {
        // Eight codewords at a time, the set bits found by counting zeros: a loop per
        // codeword mispredicted its end nearly every time.
        for (i, eight) in codewords.chunks(8).enumerate() {
            let mut bytes = [0; 8];
            bytes[..eight.len()].copy_from_slice(eight);
            let mut bits = u64::from_be_bytes(bytes);
            let places = &self.places[(first + 8 * i) * 8..];
            while bits != 0 {
                // The first codeword's most significant bit is the word's highest.
                if let Some(&place) = places.get(63 - bits.trailing_zeros() as usize) {
                    dark.set(place);
                }
                bits &= bits - 1;
            }
        }
    }

    /// The error correction codewords of a block, the first `ec` of 32: the remainder of its
    /// division by the generator polynomial, a codeword at a time, each step a shift and one
    /// row of the table.
    fn error_correction(&self, block: &[u8]) -> [u8; 32] {
        let mut remainder = [0u8; 32];
        for &codeword in block {
            let row = &self.generator[usize::from(codeword ^ remainder[0])];
            remainder =
                std::array::from_fn(|i| remainder.get(i + 1).copied().unwrap_or(0) ^ row[i]);
        }
        remainder
    }
}

/// Where the crate draws each codeword, counted in the order it draws them, for the data
/// codewords of `blocks` block after block and then each block's `ec` error correction
/// codewords: it interleaves the blocks, the first codeword of each, then the second of
/// each that has one, and so on, then their error correction the same way.
fn drawing_order(blocks: &[usize], ec: usize) -> Vec<usize> {
    let data: usize = blocks.iter().sum();
    let mut order = vec![0; data + ec * blocks.len()];
    let mut drawn = 0;
    for i in 0..blocks.iter().max().copied().unwrap_or(0) {
        let mut start = 0;
        for &size in blocks {
            if i < size {
                order[start + i] = drawn;
                drawn += 1;
            }
            start += size;
        }
    }
    for block in 0..blocks.len() {
        for i in 0..ec {
            order[data + block * ec + i] = data + i * blocks.len() + block;
        }
    }
    order
}

/// How a code's lines, its rows or its columns, are packed into words: as many whole lines
/// to a 128-bit word as fit, module `x` of line `i` at bit `i % per_word * width + x` of
/// word `i / per_word`. A word's spare bits, and the spare lines of the last word, stay
/// empty; the masks here keep each line's modules apart when a word is shifted.
struct Lines {
    width: usize,
    per_word: usize,
    words: usize,
    /// Per word: the modules of the code's lines that have a neighbour to their right.
    pairs: Vec<u128>,
    /// Per word: as `pairs`, in lines that have a next line (all but the last): the first
    /// modules of the 2×2 blocks.
    blocks: Vec<u128>,
    /// The modules where seven modules of a line start: `x + 7 <= width`.
    finder_starts: u128,
    /// For `k` in 0..4, the modules whose module `k + 1` before is off the code.
    off_before: [u128; 4],
    /// For `k` in 0..4, the modules whose module `7 + k` after is off the code.
    off_after: [u128; 4],
}

impl Lines {
    fn new(width: usize) -> Lines {
        let per_word = 128 / width;
        let words = width.div_ceil(per_word);
        // The modules `x` of every line of a word where `at(x)` holds.
        let each = |at: &dyn Fn(usize) -> bool| {
            let line = (0..width)
                .filter(|&x| at(x))
                .fold(0u128, |line, x| line | 1 << x);
            (0..per_word).fold(0u128, |word, i| word | line << (i * width))
        };
        // The modules of word `word`'s lines numbered below `count`.
        let below = |word: usize, count: usize| {
            low(count.saturating_sub(word * per_word).min(per_word) * width)
        };
        let pair = each(&|x| x + 1 < width);
        Lines {
            width,
            per_word,
            words,
            pairs: (0..words).map(|word| pair & below(word, width)).collect(),
            blocks: (0..words)
                .map(|word| pair & below(word, width - 1))
                .collect(),
            finder_starts: each(&|x| x + 7 <= width),
            off_before: [0, 1, 2, 3].map(|k| each(&|x| x < k + 1)),
            off_after: [0, 1, 2, 3].map(|k| each(&|x| x + 7 + k >= width)),
        }
    }

    /// Line `i` of packed `words`, module `x` at bit `x`.
    fn line(&self, words: &[u128; 128], i: usize) -> u128 {
        words[i / self.per_word] >> (i % self.per_word * self.width) & low(self.width)
    }
}

/// A module's bit among packed rows and among packed columns, each `word * 128 + bit`.
#[derive(Clone, Copy)]
struct Place {
    in_rows: u16,
    in_columns: u16,
}

impl Place {
    fn of(lines: &Lines, x: usize, y: usize) -> Place {
        let bit = |line: usize, module: usize| {
            (line / lines.per_word * 128 + line % lines.per_word * lines.width + module) as u16
        };
        Place {
            in_rows: bit(y, x),
            in_columns: bit(x, y),
        }
    }
}

/// A code's rows and columns, packed as [`Lines`] says, and where each row differs from
/// the next: masking XORs that too, so it is found once per code rather than per mask.
#[derive(Clone)]
struct Packed {
    rows: [u128; 128],
    columns: [u128; 128],
    changes_down: [u128; 128],
}

impl Packed {
    const EMPTY: Packed = Packed {
        rows: [0; 128],
        columns: [0; 128],
        changes_down: [0; 128],
    };

    fn set(&mut self, place: Place) {
        let set = |words: &mut [u128; 128], bit: u16| {
            words[usize::from(bit / 128)] |= 1 << (bit % 128);
        };
        set(&mut self.rows, place.in_rows);
        set(&mut self.columns, place.in_columns);
    }

    /// Finds `changes_down` from the rows.
    fn find_changes_down(&mut self, lines: &Lines) {
        // Where the first row of the next word goes to sit below the last row of this one.
        let next = (lines.per_word - 1) * lines.width;
        for i in 0..lines.words {
            let row = self.rows[i];
            // Each row's next row: this word's moved up a line, then the next word's first.
            let below = (row >> lines.width) | (self.rows[i + 1] << next);
            self.changes_down[i] = row ^ below;
        }
    }

    /// Writes the first `words` words of `self` XOR `other` to `out`.
    fn xor_into(&self, other: &Packed, words: usize, out: &mut Packed) {
        let xor = |a: &[u128], b: &[u128], out: &mut [u128]| {
            for ((out, a), b) in out.iter_mut().zip(a).zip(b) {
                *out = a ^ b;
            }
        };
        xor(&self.rows[..words], &other.rows[..words], &mut out.rows);
        let columns = &other.columns[..words];
        xor(&self.columns[..words], columns, &mut out.columns);
        let changes = &other.changes_down[..words];
        xor(&self.changes_down[..words], changes, &mut out.changes_down);
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

/// The crate's total penalty of a masked normal code: runs of five or more in rows and
/// columns, 2×2 blocks of one colour, finder-like patterns, and the balance of dark and
/// light. The crate adds in `u16` and its sums wrap, so they are taken here word by word in
/// any order and still agree.
fn penalty(code: &Packed, lines: &Lines) -> u16 {
    let words = lines.words;
    let mut score = 0u16;
    // Points for runs and blocks in four lanes of 16 bits: at most 288 a lane for a word,
    // so 127 words fit.
    let mut points = 0u64;
    for (i, ((&row, &column), &changes_down)) in code.rows[..words]
        .iter()
        .zip(&code.columns[..words])
        .zip(&code.changes_down[..words])
        .enumerate()
    {
        let pairs = lines.pairs[i];
        let same_right = !(row ^ (row >> 1)) & pairs;
        let (fours_r, runs_r) = runs(same_right);
        let (fours_c, runs_c) = runs(!(column ^ (column >> 1)) & pairs);
        let same_down = !changes_down;
        let blocks = same_down & (same_down >> 1) & same_right & lines.blocks[i];
        // Four pairs of one colour score a point, the start of a run two more, a block three.
        points += points_of([
            (fours_r, 1),
            (fours_c, 1),
            (runs_r, 2),
            (runs_c, 2),
            (blocks, 3),
        ]);
        score = score
            .wrapping_add(finder_penalty(row, lines))
            .wrapping_add(finder_penalty(column, lines));
    }
    let points = (0..4)
        .map(|lane| points >> (16 * lane) & 0xffff)
        .sum::<u64>();
    score = score.wrapping_add(points as u16);
    let dark: usize = code.rows[..words]
        .iter()
        .map(|w| w.count_ones() as usize)
        .sum();
    let ratio = dark * 200 / (lines.width * lines.width);
    let balance = ratio.abs_diff(100) as u16;
    // The crate takes 360 points off each direction's finder-like patterns: the ones the
    // three finder patterns always make.
    score.wrapping_sub(720).wrapping_add(balance)
}

/// The set bits of `words` times their weights (at most 9 in all), in four lanes of 16
/// bits. The bits are counted by halves, a byte at a time, and summed before they leave
/// the byte: the target has no popcount instruction, and counting each word on its own
/// was most of the scoring.
fn points_of<const N: usize>(words: [(u128, u64); N]) -> u64 {
    // At most 2 × 8 × 9 = 144 in each byte.
    let mut bytes = 0u64;
    for (word, weight) in words {
        for mut half in [word as u64, (word >> 64) as u64] {
            half -= (half >> 1) & 0x5555_5555_5555_5555;
            half = (half & 0x3333_3333_3333_3333) + ((half >> 2) & 0x3333_3333_3333_3333);
            half = (half + (half >> 4)) & 0x0f0f_0f0f_0f0f_0f0f;
            bytes += half * weight;
        }
    }
    (bytes & 0x00ff_00ff_00ff_00ff) + ((bytes >> 8) & 0x00ff_00ff_00ff_00ff)
}

/// The modules that start four pairs of one colour (five modules), and those that start a
/// run of them, in the lines of a word, given where a module is the colour of the next.
fn runs(same: u128) -> (u128, u128) {
    let twos = same & (same >> 1);
    let fours = twos & (twos >> 2);
    (fours, fours & !(fours << 1))
}

/// 40 points for every `#.###.#` in the lines of a word without four dark-free modules on
/// both sides, counted the crate's way: modules off the code count as light.
fn finder_penalty(word: u128, lines: &Lines) -> u16 {
    let light = !word;
    let found = word
        & (light >> 1)
        & (word >> 2)
        & (word >> 3)
        & (word >> 4)
        & (light >> 5)
        & (word >> 6)
        & lines.finder_starts;
    // Only the finder patterns' own lines, mostly.
    if found == 0 {
        return 0;
    }
    let mut light_before = u128::MAX;
    let mut light_after = u128::MAX;
    for k in 0..4 {
        light_before &= (light << (k + 1)) | lines.off_before[k];
        light_after &= (light >> (7 + k)) | lines.off_after[k];
    }
    40 * (found & (light_before | light_after)).count_ones() as u16
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

    /// Varied bytes (a linear congruential sequence), different for each seed.
    fn bytes(seed: u32, count: usize) -> Vec<u8> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            })
            .collect()
    }

    /// Packed rows of `width` bits, unpacked: `dark[y][x]`.
    fn unpack(packed: &Packed, lines: &Lines) -> Vec<Vec<bool>> {
        (0..lines.width)
            .map(|y| {
                let row = lines.line(&packed.rows, y);
                (0..lines.width).map(|x| row >> x & 1 == 1).collect()
            })
            .collect()
    }

    /// The crate's penalty, transcribed module by module onto `dark[y][x]`.
    fn crate_penalty(dark: &[Vec<bool>]) -> u16 {
        let width = dark.len() as isize;
        let mut score = 0u16;
        for horizontal in [true, false] {
            let at = |i: isize, j: isize| {
                let (x, y) = if horizontal { (j, i) } else { (i, j) };
                dark[y as usize][x as usize]
            };
            for i in 0..width {
                let mut run = 1;
                for j in 1..=width {
                    if j < width && at(i, j) == at(i, j - 1) {
                        run += 1;
                    } else {
                        if run >= 5 {
                            score = score.wrapping_add(run - 2);
                        }
                        run = 1;
                    }
                }
                for j in 0..width - 6 {
                    let finder = [true, false, true, true, true, false, true];
                    if (0..7).any(|k| at(i, j + k) != finder[k as usize]) {
                        continue;
                    }
                    let dark_at = |k: isize| 0 <= k && k < width && at(i, k);
                    if !(j - 4..j).any(dark_at) || !(j + 7..j + 11).any(dark_at) {
                        score = score.wrapping_add(40);
                    }
                }
            }
            score = score.wrapping_sub(360);
        }
        for y in 0..dark.len() - 1 {
            for x in 0..dark.len() - 1 {
                let this = dark[y][x];
                if [dark[y][x + 1], dark[y + 1][x], dark[y + 1][x + 1]] == [this; 3] {
                    score = score.wrapping_add(3);
                }
            }
        }
        let count = dark.iter().flatten().filter(|&&d| d).count();
        let ratio = count * 200 / (dark.len() * dark.len());
        score.wrapping_add(ratio.abs_diff(100) as u16)
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
        // Every version up to the widest code of bits here (27, 125 modules), and the next.
        for length in (0..1200).step_by(7) {
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
    fn codewords_are_made_and_placed_as_the_crate_draws_them() {
        for n in 1..=27 {
            let version = Version::Normal(n);
            let layout = Layout::new(n);
            // Any data: a codeword or a bit out of place shows as a module of the wrong
            // colour.
            for seed in [1, 2, 3] {
                let data = bytes(seed, layout.blocks.iter().sum());
                let (interleaved, ec) =
                    qrcode::ec::construct_codewords(&data, version, EcLevel::M).unwrap();
                let mut canvas = Canvas::new(version, EcLevel::M);
                canvas.draw_all_functional_patterns();
                canvas.draw_data(&interleaved, &ec);
                let ours = unpack(&layout.dark_data(&data), &layout.lines);
                for (y, row) in ours.iter().enumerate() {
                    for (x, &dark) in row.iter().enumerate() {
                        let theirs =
                            canvas.get(x as i16, y as i16) == Module::Unmasked(Color::Dark);
                        assert_eq!(dark, theirs, "version {n} at ({x}, {y})");
                    }
                }
            }
        }
    }

    #[test]
    fn codes_are_scored_like_the_crate() {
        for n in 1..=27 {
            let layout = Layout::new(n);
            for seed in [1, 2] {
                let dark_data = layout.dark_data(&bytes(seed, layout.blocks.iter().sum()));
                for blank in layout.masked.iter() {
                    let mut code = Packed::EMPTY;
                    blank.xor_into(&dark_data, layout.lines.words, &mut code);
                    let expected = crate_penalty(&unpack(&code, &layout.lines));
                    assert_eq!(penalty(&code, &layout.lines), expected, "version {n}");
                }
            }
        }
    }

    #[test]
    fn any_lines_are_scored_like_the_crate() {
        // Every width a word can hold, one line to a word or many: a code's three finder
        // patterns in the corners, and finder-like patterns and long runs planted among
        // varied modules.
        for width in 15..128 {
            let lines = Lines::new(width);
            let finder = |x: usize, y: usize| {
                [(0, 0), (width - 7, 0), (0, width - 7)]
                    .into_iter()
                    .find(|&(left, top)| {
                        (left..left + 7).contains(&x) && (top..top + 7).contains(&y)
                    })
                    .map(|(left, top)| u8::from(x.abs_diff(left + 3).max(y.abs_diff(top + 3)) != 2))
            };
            for seed in [1, 2, 3] {
                let noise = bytes(seed, width * width);
                let mut code = Packed::EMPTY;
                for y in 0..width {
                    for x in 0..width {
                        let planted = match (y + seed as usize) % 5 {
                            0 => [1, 0, 1, 1, 1, 0, 1].get(x % 13).copied(),
                            1 => Some(u8::from(x % 11 < 6)),
                            _ => None,
                        };
                        let planted = finder(x, y).or(planted);
                        if planted.unwrap_or(noise[y * width + x] & 1) == 1 {
                            code.set(Place::of(&lines, x, y));
                        }
                    }
                }
                code.find_changes_down(&lines);
                let expected = crate_penalty(&unpack(&code, &lines));
                assert_eq!(penalty(&code, &lines), expected, "width {width}");
            }
        }
    }
}
