// qr.js: Afterword's own QR code encoder, for the page where a recruiter builds a
// candidate's personalised link. It owns turning text into a QR code and nothing else:
// it loads nothing, reads nothing and touches no DOM (the caller draws the <svg> with DOM
// calls). The API is `window.afterwordQr`:
//   matrix(text) -> rows of booleans (true = dark), without the quiet zone;
//   path(text)   -> { size, d }: an SVG path of the dark modules inside a 4-module quiet
//                   zone, `size` modules square, runs written as M{x} {y}h{n}v1h-{n}z.
// The code is the UTF-8 bytes of `text` in byte mode, error correction level M, in the
// smallest version (1-40) that holds them, with format and version information; longer
// text throws an Error. The mask is the one with the lowest penalty score (ISO/IEC 18004
// rules N1-N4, scored exactly as the Rust `qrcode` crate 0.14 scores them, so that the
// matrix equals the crate's for the same byte-mode data; tests/it/browser/qr.rs checks it
// for every version). The crate itself may mix in numeric or alphanumeric segments, so the
// server's code of the same text can look different while holding the same text.
//
// Licence: our own code, written for Afterword from the QR code specification and under
// the project's licence (MIT OR Apache-2.0); no third-party code is copied in. It mirrors
// the behaviour of the `qrcode` crate (MIT OR Apache-2.0) and uses the widely published
// closed forms for capacity and alignment positions (as in Project Nayuki's MIT-licensed
// QR Code generator).
// QR Code is a registered trademark of DENSO WAVE INCORPORATED.
(function () {
  "use strict";

  // Error-correction codewords per block, and number of blocks, at level M, versions 1-40.
  var ECC = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26,
    26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
  var BLOCKS = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17,
    18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];

  // Arithmetic in GF(256) modulo x^8 + x^4 + x^3 + x^2 + 1.
  var EXP = [];
  var LOG = [];
  var x = 1;
  for (var i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x > 255) {
      x ^= 0x11d;
    }
  }

  function mul(a, b) {
    return a && b ? EXP[(LOG[a] + LOG[b]) % 255] : 0;
  }

  // Codewords (data and error correction) in version v: its data modules, over 8.
  function codewords(v) {
    var modules = (16 * v + 128) * v + 64;
    if (v > 1) {
      var n = Math.floor(v / 7) + 2;
      modules -= (25 * n - 10) * n - 55;
      if (v > 6) {
        modules -= 36;
      }
    }
    return modules >> 3;
  }

  // The Reed-Solomon error-correction codewords of `data` (`degree` of them).
  function reedSolomon(data, degree) {
    var divisor = [];
    var root = 1;
    var i;
    var j;
    for (i = 0; i < degree; i++) {
      divisor.push(0);
    }
    divisor[degree - 1] = 1;
    for (i = 0; i < degree; i++) {
      for (j = 0; j < degree; j++) {
        divisor[j] = mul(divisor[j], root) ^ (j + 1 < degree ? divisor[j + 1] : 0);
      }
      root = mul(root, 2);
    }
    var rest = divisor.map(function () { return 0; });
    for (i = 0; i < data.length; i++) {
      var factor = data[i] ^ rest.shift();
      rest.push(0);
      for (j = 0; j < degree; j++) {
        rest[j] ^= mul(divisor[j], factor);
      }
    }
    return rest;
  }

  // The bit `i` of `value` as a boolean.
  function bit(value, i) {
    return ((value >>> i) & 1) === 1;
  }

  // Whether the mask `k` inverts the module in column x, row y.
  function masked(k, x, y) {
    switch (k) {
      case 0: return (x + y) % 2 === 0;
      case 1: return y % 2 === 0;
      case 2: return x % 3 === 0;
      case 3: return (x + y) % 3 === 0;
      case 4: return (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0;
      case 5: return (x * y) % 2 + (x * y) % 3 === 0;
      case 6: return ((x * y) % 2 + (x * y) % 3) % 2 === 0;
      default: return ((x + y) % 2 + (x * y) % 3) % 2 === 0;
    }
  }

  // Whether no module of `line` in [from, to) is dark (outside the symbol counts as light).
  function light(line, from, to) {
    for (var k = Math.max(from, 0); k < to && k < line.length; k++) {
      if (line[k]) {
        return false;
      }
    }
    return true;
  }

  // The penalty score of a masked symbol `m` (size × size, 1 = dark).
  function penalty(m, size) {
    var score = 0;
    var dark = 0;
    var i;
    var j;
    for (var across = 0; across < 2; across++) {
      for (i = 0; i < size; i++) {
        var line = [];
        for (j = 0; j < size; j++) {
          line.push(across ? m[i * size + j] : m[j * size + i]);
        }
        // N1: runs of five or more modules of one colour.
        var run = 1;
        for (j = 1; j <= size; j++) {
          if (j < size && line[j] === line[j - 1]) {
            run++;
          } else {
            if (run >= 5) {
              score += run - 2;
            }
            run = 1;
          }
        }
        // N3: 1:1:3:1:1 finder-like patterns with four light modules on one side.
        for (j = 0; j + 7 <= size; j++) {
          if (line[j] && !line[j + 1] && line[j + 2] && line[j + 3] && line[j + 4] &&
              !line[j + 5] && line[j + 6] && (light(line, j - 4, j) || light(line, j + 7, j + 11))) {
            score += 40;
          }
        }
      }
    }
    // N2: 2 × 2 blocks of one colour.
    for (i = 0; i + 1 < size; i++) {
      for (j = 0; j + 1 < size; j++) {
        var at = i * size + j;
        if (m[at] === m[at + 1] && m[at] === m[at + size] && m[at] === m[at + size + 1]) {
          score += 3;
        }
      }
    }
    // N4: the proportion of dark modules away from half, scored as the qrcode crate does
    // (one point per half percent) rather than ISO's ten points per five percent.
    for (i = 0; i < m.length; i++) {
      dark += m[i];
    }
    return score + Math.abs(Math.floor(dark * 200 / m.length) - 100);
  }

  function matrix(text) {
    if (typeof text !== "string") {
      throw new Error("afterwordQr: the text must be a string");
    }
    var bytes = new TextEncoder().encode(text);
    var v;
    var i;
    var j;
    var capacity;
    var countBits;
    for (v = 1; v <= 40; v++) {
      capacity = (codewords(v) - ECC[v - 1] * BLOCKS[v - 1]) * 8;
      countBits = v < 10 ? 8 : 16;
      if (4 + countBits + bytes.length * 8 <= capacity) {
        break;
      }
    }
    if (v > 40) {
      throw new Error("afterwordQr: " + bytes.length + " bytes are too many for a QR code");
    }

    // The data bits: mode, count, bytes, terminator, padding to a byte, pad codewords.
    var bits = [];
    var push = function (value, length) {
      for (var k = length - 1; k >= 0; k--) {
        bits.push((value >>> k) & 1);
      }
    };
    push(4, 4);
    push(bytes.length, countBits);
    for (i = 0; i < bytes.length; i++) {
      push(bytes[i], 8);
    }
    push(0, Math.min(4, capacity - bits.length));
    push(0, (8 - bits.length % 8) % 8);
    for (var pad = 0xec; bits.length < capacity; pad ^= 0xec ^ 0x11) {
      push(pad, 8);
    }

    // Blocks (the short ones first) with their error correction, interleaved.
    var total = codewords(v);
    var count = BLOCKS[v - 1];
    var degree = ECC[v - 1];
    var shortLength = Math.floor(total / count) - degree;
    var blocks = [];
    var checks = [];
    var next = 0;
    for (i = 0; i < count; i++) {
      var length = shortLength + (i < count - total % count ? 0 : 1);
      var block = [];
      for (j = 0; j < length; j++, next++) {
        var byte = 0;
        for (var b = 0; b < 8; b++) {
          byte = (byte << 1) | bits[next * 8 + b];
        }
        block.push(byte);
      }
      blocks.push(block);
      checks.push(reedSolomon(block, degree));
    }
    var stream = [];
    for (j = 0; j <= shortLength; j++) {
      for (i = 0; i < count; i++) {
        if (j < blocks[i].length) {
          stream.push(blocks[i][j]);
        }
      }
    }
    for (j = 0; j < degree; j++) {
      for (i = 0; i < count; i++) {
        stream.push(checks[i][j]);
      }
    }

    // The function patterns. `fixed` marks them; data goes everywhere else.
    var size = 4 * v + 17;
    var modules = new Uint8Array(size * size);
    var fixed = new Uint8Array(size * size);
    var set = function (x, y, dark) {
      modules[y * size + x] = dark ? 1 : 0;
      fixed[y * size + x] = 1;
    };
    var dx;
    var dy;
    // Finder patterns with their light separators, in three corners.
    var corners = [3, 3, size - 4, 3, 3, size - 4];
    for (i = 0; i < 6; i += 2) {
      for (dy = -4; dy <= 4; dy++) {
        for (dx = -4; dx <= 4; dx++) {
          var cx = corners[i] + dx;
          var cy = corners[i + 1] + dy;
          var ring = Math.max(Math.abs(dx), Math.abs(dy));
          if (cx >= 0 && cx < size && cy >= 0 && cy < size) {
            set(cx, cy, ring !== 2 && ring !== 4);
          }
        }
      }
    }
    // Alignment patterns, wherever they do not overlap a finder pattern.
    var centres = [];
    if (v > 1) {
      var n = Math.floor(v / 7) + 2;
      var step = v === 32 ? 26 : Math.ceil((size - 13) / (n - 1) / 2) * 2;
      for (i = n - 1; i > 0; i--) {
        centres.push(size - 7 - (n - 1 - i) * step);
      }
      centres.push(6);
    }
    for (i = 0; i < centres.length; i++) {
      for (j = 0; j < centres.length; j++) {
        if (!fixed[centres[j] * size + centres[i]]) {
          for (dy = -2; dy <= 2; dy++) {
            for (dx = -2; dx <= 2; dx++) {
              set(centres[i] + dx, centres[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
            }
          }
        }
      }
    }
    var format = function (m, mask) {
      var rest = mask;
      for (var k = 0; k < 10; k++) {
        rest = (rest << 1) ^ ((rest >>> 9) * 0x537);
      }
      var word = ((mask << 10) | rest) ^ 0x5412;
      for (k = 0; k < 15; k++) {
        var on = bit(word, k);
        // Beside the top-left finder, skipping the timing patterns...
        var x1 = k < 8 ? 8 : k < 9 ? 7 : 14 - k;
        var y1 = k < 6 ? k : k < 8 ? k + 1 : 8;
        // ...and split between the other two.
        var x2 = k < 8 ? size - 1 - k : 8;
        var y2 = k < 8 ? 8 : size - 15 + k;
        m(x1, y1, on);
        m(x2, y2, on);
      }
    };
    // Format information (reserved until a mask is chosen), the dark module, the timing
    // patterns and, from version 7, version information.
    format(set, 0);
    set(8, size - 8, true);
    for (i = 8; i < size - 8; i++) {
      set(i, 6, i % 2 === 0);
      set(6, i, i % 2 === 0);
    }
    if (v > 6) {
      var rest = v;
      for (i = 0; i < 12; i++) {
        rest = (rest << 1) ^ ((rest >>> 11) * 0x1f25);
      }
      var word = (v << 12) | rest;
      for (i = 0; i < 18; i++) {
        set(size - 11 + i % 3, Math.floor(i / 3), bit(word, i));
        set(Math.floor(i / 3), size - 11 + i % 3, bit(word, i));
      }
    }

    // The codewords, two columns at a time from the right, up then down, skipping
    // column 6 (the vertical timing pattern). Remainder modules stay light.
    next = 0;
    for (var right = size - 1; right > 0; right -= 2) {
      if (right === 6) {
        right = 5;
      }
      var upward = ((right + 1) & 2) === 0;
      for (var row = 0; row < size; row++) {
        for (dx = 0; dx < 2; dx++) {
          var at = (upward ? size - 1 - row : row) * size + right - dx;
          if (!fixed[at] && next < stream.length * 8) {
            modules[at] = (stream[next >> 3] >>> (7 - (next & 7))) & 1;
            next++;
          }
        }
      }
    }

    // Every mask in turn, keeping the first with the lowest penalty.
    var best = null;
    var bestScore = Infinity;
    for (var mask = 0; mask < 8; mask++) {
      var candidate = modules.slice();
      for (i = 0; i < size * size; i++) {
        if (!fixed[i] && masked(mask, i % size, Math.floor(i / size))) {
          candidate[i] ^= 1;
        }
      }
      format(function (x, y, on) {
        candidate[y * size + x] = on ? 1 : 0;
      }, mask);
      var score = penalty(candidate, size);
      if (score < bestScore) {
        best = candidate;
        bestScore = score;
      }
    }

    var rows = [];
    for (i = 0; i < size; i++) {
      rows.push(Array.from(best.subarray(i * size, (i + 1) * size), Boolean));
    }
    return rows;
  }

  function path(text) {
    var rows = matrix(text);
    var width = rows.length;
    var d = "";
    for (var y = 0; y < width; y++) {
      for (var x = 0; x < width; x++) {
        if (rows[y][x]) {
          var start = x;
          while (x < width && rows[y][x]) {
            x++;
          }
          d += "M" + (start + 4) + " " + (y + 4) + "h" + (x - start) + "v1h-" + (x - start) + "z";
        }
      }
    }
    return { size: width + 8, d: d };
  }

  window.afterwordQr = { matrix: matrix, path: path };
})();
