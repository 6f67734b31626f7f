//! Words: a text split by Unicode word rules (unicode-segmentation, with an ASCII fast path
//! that splits the same way) and folded for matching (case and diacritics, via
//! unicode-normalization), exactly as the browser script folds a query; a word's shard; the
//! text of rendered HTML.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;
use wide::{i8x64, u8x64};

/// A word folded for matching: lower case, without diacritics; the Latin letters that
/// carry no separable mark are spelled out (the browser script folds the same way).
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .flat_map(|c| {
            let plain: &[char] = match c {
                'ø' => &['o'],
                'æ' => &['a', 'e'],
                'œ' => &['o', 'e'],
                'ß' => &['s', 's'],
                'đ' | 'ð' => &['d'],
                'ł' => &['l'],
                'þ' => &['t', 'h'],
                'ı' => &['i'],
                _ => return vec![c],
            };
            plain.to_vec()
        })
        .collect()
}

/// The folded words of a text, split by Unicode word rules ("800,000" stays one word).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| {
        let mut word = String::new();
        w.lower_into(&mut word);
        out.push(word);
    });
    out
}

/// A word as the tokeniser meets it: an ASCII word as a place in the text it was found in,
/// in its case as written (it is lower-cased as it is keyed or copied, never in the text), or
/// any other word folded.
pub(super) enum Word<'t> {
    Ascii {
        text: &'t [u8],
        at: usize,
        len: usize,
    },
    Folded(String),
}

impl Word<'_> {
    pub(super) fn len(&self) -> usize {
        match self {
            Word::Ascii { len, .. } => *len,
            Word::Folded(word) => word.len(),
        }
    }

    /// A word of up to 16 bytes as one number as it was written: its bytes, little-endian,
    /// zero-padded (a word has no zero byte); an ASCII word in its case, any other folded. An
    /// ASCII word is read as 16 bytes at once from its text, the bytes past it masked off.
    #[inline(always)]
    pub(super) fn raw_key(&self) -> u128 {
        debug_assert!(self.len() <= 16);
        match self {
            Word::Ascii { text, at, len } => {
                let sixteen = match text.get(*at..at + 16) {
                    Some(sixteen) => <[u8; 16]>::try_from(sixteen).unwrap_or_default(),
                    None => {
                        let mut key = [0u8; 16];
                        key[..*len].copy_from_slice(&text[*at..at + len]);
                        key
                    }
                };
                u128::from_le_bytes(sixteen) & KEY_MASKS[*len]
            }
            Word::Folded(word) => {
                let mut key = [0u8; 16];
                key[..word.len()].copy_from_slice(word.as_bytes());
                u128::from_le_bytes(key)
            }
        }
    }

    /// The word's key folded, given its `raw_key`: an ASCII word lower-cased 8 bytes at a
    /// time. Words with one raw key have one folded key.
    #[inline(always)]
    pub(super) fn folded_key(&self, raw: u128) -> u128 {
        match self {
            Word::Ascii { .. } => {
                let low = ascii_lowercase(raw as u64);
                let high = ascii_lowercase((raw >> 64) as u64);
                u128::from(low) | u128::from(high) << 64
            }
            Word::Folded(_) => raw,
        }
    }

    /// Puts the folded word in `out` (cleared first).
    pub(super) fn lower_into(&self, out: &mut String) {
        out.clear();
        match self {
            Word::Ascii { text, at, len } => {
                let word = &text[*at..at + len];
                out.push_str(std::str::from_utf8(word).unwrap_or_default());
                out.make_ascii_lowercase();
            }
            Word::Folded(word) => out.push_str(word),
        }
    }
}

/// The mask that keeps a word's `n` bytes of a 16-byte read, by `n` (a shift of a 128-bit
/// number by a variable amount takes several instructions and a branch; a word has a key
/// made for each time it is met).
const KEY_MASKS: [u128; 17] = {
    let mut masks = [u128::MAX; 17];
    let mut n = 0;
    while n < 16 {
        masks[n] = (1 << (8 * n)) - 1;
        n += 1;
    }
    masks
};

/// A byte's lowest and top bits, in each byte of a number: a key is lower-cased 8 bytes at a
/// time with them (the tokeniser classes its blocks with `range`, as vectors).
const ONES: u64 = u64::MAX / 255;
const TOP: u64 = ONES * 0x80;

/// The top bit of each byte of `x` (every byte ASCII) that lies in `lo..=hi`: adding a
/// constant to a byte carries no further than its top bit, which then says whether the byte
/// is at least `lo`, or past `hi`.
const fn between(x: u64, lo: u8, hi: u8) -> u64 {
    let at_least = x + ONES * (0x80 - lo as u64);
    let past = x + ONES * (0x7f - hi as u64);
    at_least & !past & TOP
}

/// ASCII upper-case letters lower-cased in 8 bytes (every byte ASCII) at once.
fn ascii_lowercase(x: u64) -> u64 {
    x | (between(x, b'A', b'Z') >> 2)
}

/// Calls `f` with each word of `text`. White space always separates words, so a text is
/// split by the Unicode rules only a white-space-free piece at a time, and only where a piece
/// holds a non-ASCII character: the ASCII pieces between are read together, by the fast path.
pub(super) fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(Word<'t>)) {
    let bytes = text.as_bytes();
    if text.is_ascii() {
        ascii_words(bytes, 0..text.len(), &mut f);
        return;
    }
    let mut at = 0;
    while let Some(odd) = bytes[at..].iter().position(|b| !b.is_ascii()) {
        // The piece the non-ASCII byte is in, between ASCII white space (a non-ASCII white
        // space splits it further, below).
        let odd = at + odd;
        let start = bytes[at..odd]
            .iter()
            .rposition(|b| is_white(*b))
            .map_or(at, |w| at + w + 1);
        let end = bytes[odd..]
            .iter()
            .position(|b| is_white(*b))
            .map_or(text.len(), |w| odd + w);
        ascii_words(bytes, at..start, &mut f);
        for piece in text[start..end].split_whitespace() {
            if piece.is_ascii() {
                let from = piece.as_ptr() as usize - bytes.as_ptr() as usize;
                ascii_words(bytes, from..from + piece.len(), &mut f);
            } else {
                piece.unicode_words().for_each(|w| f(Word::Folded(fold(w))));
            }
        }
        at = end;
    }
    ascii_words(bytes, at..text.len(), &mut f);
}

/// Whether an ASCII byte is white space to `str::split_whitespace`.
fn is_white(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Calls `f` with each word of the text of rendered HTML: the words of `html_text(html)`,
/// most of them read where they lie. The HTML is read 64 bytes at a time, as `ascii_words`
/// reads a text, with the bytes of each tag (from `<` to the next `>`) counted as no word's,
/// so that a run of text between tags (most hold a few words) costs no more than its words.
/// Where an entity or a non-ASCII byte is among a block's text, or is the byte past it (which
/// decides whether a mark at the block's end joins two words), the text from the last tag
/// before the block up to the next tag is decoded into `buffer` and read as `for_each_word`
/// reads it. A word of that text met in an earlier block is then met twice; the index keeps
/// each document's words once.
pub(super) fn for_each_html_word(html: &str, buffer: &mut String, mut f: impl FnMut(Word<'_>)) {
    let bytes = html.as_bytes();
    let n = bytes.len();
    // Whether a word is open, and where it started; whether the block starts inside a tag;
    // where the text after the last tag read starts.
    let (mut open, mut start, mut in_tag, mut text_from) = (0, 0, false, 0);
    let mut at = 0;
    while at < n {
        let v = load(bytes, at);
        // The block's bytes that are the HTML's (the last block may end before 64).
        let own = within(at, n);
        let (mut word, marks) = classes(v);
        let is = |b: u8| v.simd_eq(i8x64::splat(b as i8)).to_bitmask() & own;
        let (tags, inside, last_end) = tag_bytes(is(b'<'), is(b'>'), in_tag);
        let odd = (v.to_bitmask() | is(b'&')) & !tags & own;
        let past = bytes.get(at + 64).copied().unwrap_or(b' ');
        if odd != 0 || past == b'&' || !past.is_ascii() {
            let from = (at + 65).min(n);
            let to = memchr::memchr(b'<', &bytes[from..]).map_or(n, |k| from + k);
            html_text_into(&html[text_from..to], buffer);
            for_each_word(buffer, &mut f);
            (open, in_tag, text_from, at) = (0, false, to, to);
            continue;
        }
        word &= !tags & own;
        let marks = marks & !tags & own;
        if marks != 0 {
            word |= joining(bytes, &(0..n), at, marks);
        }
        edges(bytes, at, word, (&mut open, &mut start), &mut f);
        in_tag = inside;
        if let Some(k) = last_end {
            text_from = at + k as usize + 1;
        }
        at += 64;
    }
    if open == 1 {
        emit(bytes, start, n, &mut f);
    }
}

/// The bytes of a block that belong to tags, given where its `<` and `>` are and whether it
/// starts inside a tag: a tag runs from a `<` to the next `>`, as `html_text` reads it.
/// Returns them with whether the block ends inside a tag and where its last tag ended.
fn tag_bytes(lt: u64, gt: u64, mut inside: bool) -> (u64, bool, Option<u32>) {
    let (mut tags, mut last_end) = (0u64, None);
    let mut k = 0u32;
    while k < 64 {
        let ahead = u64::MAX << k;
        if inside {
            let Some(end) = lowest_bit(gt & ahead) else {
                tags |= ahead;
                break;
            };
            // Bits k..=end.
            tags |= ahead & (u64::MAX >> (63 - end));
            last_end = Some(end);
            inside = false;
            k = end + 1;
        } else {
            let Some(open) = lowest_bit(lt & ahead) else {
                break;
            };
            inside = true;
            k = open;
        }
    }
    (tags, inside, last_end)
}

/// The place of the lowest set bit of `bits`, if any.
fn lowest_bit(bits: u64) -> Option<u32> {
    (bits != 0).then(|| bits.trailing_zeros())
}

/// What a byte beside a mark is to the rules that join words across it: a letter, a digit,
/// or neither (0).
const ALPHA: u8 = 1;
const DIGIT: u8 = 2;
fn class(b: u8) -> u8 {
    if b.is_ascii_alphabetic() {
        ALPHA
    } else if b.is_ascii_digit() {
        DIGIT
    } else {
        0
    }
}

/// The bytes of `v` in `lo..=hi`, as all-ones lanes. Moved down so that `lo` lands on the
/// lowest signed byte, the bytes in the range are those below where `hi + 1` lands: one
/// addition and one signed comparison, which is the comparison SSE2 has.
fn range(v: i8x64, lo: u8, hi: u8) -> i8x64 {
    let down = i8x64::splat((lo as i8).wrapping_neg().wrapping_add(i8::MIN));
    let limit = i8x64::splat(i8::MIN.wrapping_add((hi - lo) as i8).wrapping_add(1));
    (v + down).simd_lt(limit)
}

/// The bytes of `bytes[at..at + 64]` (those from `end` on count as none), one bit each (byte
/// k in bit k): the word bytes (letters, digits, `_`), and the marks that may join two words
/// (`'` to `;`, digits aside; which of them do is worked out byte by byte, as few are). The
/// 64 bytes are classed together, as vectors (wide, which uses SSE2 or the platform's own).
fn block(bytes: &[u8], at: usize, end: usize) -> (u64, u64) {
    let v = load(bytes, at);
    let (word, marks) = classes(v);
    let within = within(at, end);
    (word & within, marks & within)
}

/// The 64 bytes of `bytes` from `at`, as a vector (zeros past its end).
fn load(bytes: &[u8], at: usize) -> i8x64 {
    let mut chunk = [0u8; 64];
    match bytes.get(at..at + 64) {
        Some(full) => chunk.copy_from_slice(full),
        None => {
            let rest = &bytes[at..];
            chunk[..rest.len()].copy_from_slice(rest);
        }
    }
    u8x64::new(chunk).cast_signed()
}

/// The word bytes and the marks of a block (see `block`), as bits.
fn classes(v: i8x64) -> (u64, u64) {
    let digits = range(v, b'0', b'9');
    let letters = range(v | i8x64::splat(0x20), b'a', b'z');
    let word = letters | digits | v.simd_eq(i8x64::splat(b'_' as i8));
    let marks = range(v, b'\'', b';') & !digits;
    (word.to_bitmask(), marks.to_bitmask())
}

/// The bits of a block at `at` that lie before `end`: a run of text is read where it lies,
/// so the bytes past its end are cut off.
fn within(at: usize, end: usize) -> u64 {
    match end - at {
        64.. => u64::MAX,
        n => (1 << n) - 1,
    }
}

/// Of the marks at `marks` (bits of the block at `at`, within `run`), those that join two
/// words: `.` and `'` between two letters or two digits (`Kyiv's`, `U.S`, `19.5`), `:`
/// between letters, `,` and `;` between digits (`800,000`), as the rules' classes of each
/// mark say.
fn joining(bytes: &[u8], run: &Range<usize>, at: usize, mut marks: u64) -> u64 {
    let mut joins = 0;
    while marks != 0 {
        let k = marks.trailing_zeros();
        marks &= marks - 1;
        let i = at + k as usize;
        if i == run.start || i + 1 >= run.end {
            continue;
        }
        let beside = (class(bytes[i - 1]), class(bytes[i + 1]));
        let joins_here = match bytes[i] {
            b'.' | b'\'' => beside.0 == beside.1 && beside.0 != 0,
            b',' | b';' => beside == (DIGIT, DIGIT),
            b':' => beside == (ALPHA, ALPHA),
            _ => false,
        };
        joins |= u64::from(joins_here) << k;
    }
    joins
}

/// The same split as Unicode's word rules give for ASCII text, without their tables: runs of
/// letters, digits and `_` with a letter or digit in them, joined across `'` `.` `:` between
/// letters and `'` `.` `,` `;` between digits.
/// The text is read 64 bytes at a time, each byte classed as one bit without a branch; a
/// word starts or ends where the bits change, so each word costs a step or two, and a branch
/// is taken only on the few marks that might join two words. `run` is the part of `bytes` to
/// read.
fn ascii_words<'t>(bytes: &'t [u8], run: Range<usize>, f: &mut impl FnMut(Word<'t>)) {
    // Whether a word is open (the last byte read was a word's), and where it started.
    let (mut open, mut start) = (0, 0);
    let mut at = run.start;
    while at < run.end {
        let (mut word, marks) = block(bytes, at, run.end);
        if marks != 0 {
            word |= joining(bytes, &run, at, marks);
        }
        edges(bytes, at, word, (&mut open, &mut start), f);
        at += 64;
    }
    if open == 1 {
        emit(bytes, start, run.end, f);
    }
}

/// Calls `f` with each word that ends in the block at `at`, given its word bytes (`word`),
/// whether a word is open from the block before, and where it started (both carried on).
/// Where a byte's bit differs from the one before it, a word starts or ends.
#[inline(always)]
fn edges<'t>(
    bytes: &'t [u8],
    at: usize,
    word: u64,
    (open, start): (&mut u64, &mut usize),
    f: &mut impl FnMut(Word<'t>),
) {
    let mut edges = word ^ ((word << 1) | *open);
    *open = word >> 63;
    while edges != 0 {
        let k = edges.trailing_zeros() as usize;
        edges &= edges - 1;
        if word >> k & 1 == 1 {
            *start = at + k;
        } else {
            emit(bytes, *start, at + k, f);
        }
    }
}

/// Calls `f` with the word at `bytes[start..end]`, unless it is a run of `_` alone (no word).
#[inline(always)]
fn emit<'t>(bytes: &'t [u8], start: usize, end: usize, f: &mut impl FnMut(Word<'t>)) {
    if bytes[start] != b'_' || bytes[start..end].iter().any(|b| *b != b'_') {
        f(Word::Ascii {
            text: bytes,
            at: start,
            len: end - start,
        });
    }
}

/// The shard of a folded word: its first two characters, as a file-name-safe string (the
/// characters' code points in hex).
pub fn shard_key(word: &str) -> String {
    word.chars()
        .take(2)
        .map(|c| format!("{:x}", c as u32))
        .collect::<Vec<_>>()
        .join("-")
}

/// The text of rendered HTML in one pass over its bytes (tags and entities are ASCII, so
/// the text between them is copied as it is, a run at a time): tags dropped (each as a
/// space), the few entities the renderer writes decoded. White space is left as it is: the
/// tokeniser splits on it, and snippets fold it.
pub(super) fn html_text(html: &str) -> String {
    let mut out = String::new();
    html_text_into(html, &mut out);
    out
}

/// `html_text`, into `out` (cleared first), so that a caller reading many bodies reuses one
/// buffer.
pub(super) fn html_text_into(html: &str, out: &mut String) {
    let bytes = html.as_bytes();
    let mut text = std::mem::take(out).into_bytes();
    text.clear();
    text.reserve(bytes.len());
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let stop = memchr::memchr2(b'<', b'&', &bytes[i..]).map_or(n, |at| i + at);
        text.extend_from_slice(&bytes[i..stop]);
        if stop == n {
            break;
        }
        i = if bytes[stop] == b'&' {
            stop + decode_entity(&bytes[stop..], &mut text)
        } else {
            text.push(b' ');
            tag_end(bytes, stop)
        };
    }
    // Only whole ASCII bytes were dropped or replaced, so the rest is still UTF-8.
    *out = String::from_utf8(text).unwrap_or_default();
}

/// Where the tag at `at` (if any) ends: past its `>`, or at the end of `html`.
fn tag_end(html: &[u8], at: usize) -> usize {
    memchr::memchr(b'>', &html[at..]).map_or(html.len(), |end| at + end + 1)
}

/// Appends the character the entity at the start of `text` (which starts with `&`) stands
/// for, if it is one the renderer writes, or else the `&`; returns the bytes it took.
fn decode_entity(text: &[u8], out: &mut Vec<u8>) -> usize {
    const ENTITIES: [(&[u8], u8); 5] = [
        (b"&amp;", b'&'),
        (b"&lt;", b'<'),
        (b"&gt;", b'>'),
        (b"&quot;", b'"'),
        (b"&#39;", b'\''),
    ];
    match ENTITIES.iter().find(|(e, _)| text.starts_with(e)) {
        Some((e, c)) => {
            out.push(*c);
            e.len()
        }
        None => {
            out.push(b'&');
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Vec<String> {
        words(text)
    }

    #[test]
    fn the_ascii_path_splits_as_the_unicode_rules_do() {
        for text in [
            "Kyiv's 800,000 troops; point 19.5 and U.S. talks - Zaporizhzhia_plant, 1.2.3 a.b",
            "e-mail: it's 'quoted' 12,34,56 x.y.z 3.14. end...",
            "Reconstruction_fund NEGOTIATIONS,withdrawal.Sovereignty 1234567890123456789 a",
            "   __under_ _x 9_ '' ,, .. x' 'y 7, ,7 longwordlongwordlongword,1 @[`{ Z",
        ] {
            let unicode: Vec<String> = text.unicode_words().map(fold).collect();
            let lower = text.to_ascii_lowercase();
            let mut ascii = Vec::new();
            ascii_words(lower.as_bytes(), 0..lower.len(), &mut |w: Word<'_>| {
                let mut word = String::new();
                w.lower_into(&mut word);
                ascii.push(word);
            });
            assert_eq!(ascii, unicode, "{text}");
        }
    }

    /// Texts made of the bytes the tokeniser treats apart, from a fixed seed.
    fn tricky_texts() -> Vec<String> {
        const PIECES: [&str; 20] = [
            "a", "Z", "7", "0", "_", ",", ".", "'", " ", "\n", "-", "x", "Q", "9", "@", "`", ":",
            ";", "[", "{",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        (0..2000)
            .map(|n| {
                // Some texts are long enough to span blocks of 64 bytes, with words across
                // their bounds.
                let len = (seed % if n % 8 == 0 { 200 } else { 40 }) as usize;
                (0..len)
                    .map(|_| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        PIECES[(seed % 20) as usize]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_ascii_path_agrees_with_the_unicode_rules_on_generated_text() {
        for text in tricky_texts() {
            let unicode: Vec<String> = text.unicode_words().map(fold).collect();
            assert_eq!(words(&text), unicode, "{text:?}");
        }
    }

    #[test]
    fn ascii_pieces_beside_others_split_as_each_piece_would() {
        // Non-ASCII pieces (letters, a non-breaking space, a combining mark, a curly quote)
        // among ASCII text: each piece between white space is split by the Unicode rules.
        const OTHERS: [&str; 6] = [
            "\u{e9}", "\u{a0}", "\u{301}", "\u{2019}", "\u{44f}", "\u{2014}",
        ];
        for (n, text) in tricky_texts().into_iter().enumerate() {
            let at = text.len() * (n % 5) / 4;
            let at = (0..=at)
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(0);
            let mut mixed = text.clone();
            mixed.insert_str(at, OTHERS[n % OTHERS.len()]);
            if n % 3 == 0 {
                mixed.push_str(OTHERS[(n + 1) % OTHERS.len()]);
            }
            let pieces: Vec<String> = mixed
                .split_whitespace()
                .flat_map(|piece| piece.unicode_words().map(fold).collect::<Vec<_>>())
                .collect();
            assert_eq!(words(&mixed), pieces, "{mixed:?}");
        }
    }

    /// The words of rendered HTML as `for_each_html_word` meets them, and as the text of the
    /// HTML gives them.
    fn html_and_text_words(html: &str) -> (Vec<String>, Vec<String>) {
        let mut read = Vec::new();
        for_each_html_word(html, &mut String::new(), |w| {
            let mut word = String::new();
            w.lower_into(&mut word);
            read.push(word);
        });
        (read, words(&html_text(html)))
    }

    /// Each word once, where it was first met.
    fn first_met(words: Vec<String>) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        words
            .into_iter()
            .filter(|w| seen.insert(w.clone()))
            .collect()
    }

    /// Rendered HTML made of the generated texts two at a time, by `make` (given the pair's
    /// number and its two texts).
    fn html_of_pairs(make: impl Fn(usize, &str, &str) -> String) -> Vec<String> {
        let texts = tricky_texts();
        let pairs = texts.chunks(2).enumerate();
        pairs
            .map(|(i, pair)| make(i, &pair[0], pair.get(1).map_or("", String::as_str)))
            .collect()
    }

    #[test]
    fn html_is_read_in_place_as_its_text_would_be() {
        const TAGS: [&str; 5] = ["<p>", "</em>", "<a href=\"x.y/z_1\">", "<br>", "\n<li>"];
        let htmls = html_of_pairs(|i, a, b| {
            let tag = TAGS[i % TAGS.len()];
            match i % 4 {
                0 => format!("<p>{a}<em>{b}</em>{tag}{a}{b}</p>"),
                1 => format!("{a}{tag}{b}{a}{tag}{b}<br>"),
                2 => format!("<a href=\"{a}\">{a}</a>{b}{tag}{a}"),
                _ => format!("{a}{tag}{b}<unclosed {a}"),
            }
        });
        for html in htmls {
            // Without entities or other characters, each word is met once, in order.
            let (read, text) = html_and_text_words(&html);
            assert_eq!(read, text, "{html:?}");
        }
    }

    #[test]
    fn html_with_entities_and_other_characters_gives_the_words_of_its_text() {
        const ODD: [&str; 8] = [
            "&amp;",
            "&#39;",
            "&quot;",
            "&copy;",
            "&",
            "\u{e9}",
            "\u{a0}",
            "\u{2019}s",
        ];
        let htmls = html_of_pairs(|i, a, b| {
            let odd = ODD[i % ODD.len()];
            match i % 3 {
                0 => format!("<p>{a}{odd}{b}</p><p>{b}{a}</p>"),
                1 => format!("{a}<em>{b}</em>{a}{odd}\u{301}{b}<br>{a}"),
                _ => format!("<a title=\"{odd}\">{a}{b}{a}</a>{b}{odd}"),
            }
        });
        for html in htmls {
            let (read, text) = html_and_text_words(&html);
            assert_eq!(first_met(read), first_met(text), "{html:?}");
        }
    }

    #[test]
    fn a_mark_at_a_blocks_end_is_read_with_the_character_past_it() {
        // `.` is the last byte of the first block of 64, and joins `a` to the letter after it.
        let html = format!("{}a.\u{e9}b <p>c", " ".repeat(62));
        let (read, text) = html_and_text_words(&html);
        assert_eq!(text, ["a.eb", "c"]);
        assert_eq!(first_met(read), text);
    }

    #[test]
    fn keys_fold_case_and_read_past_no_word() {
        let word = |text: &'static str, at: usize, len: usize| Word::Ascii {
            text: text.as_bytes(),
            at,
            len,
        };
        let key = |text, at, len| {
            let w = word(text, at, len);
            w.folded_key(w.raw_key())
        };
        let folded = |word: &str| {
            let w = Word::Folded(word.to_string());
            w.folded_key(w.raw_key())
        };
        // As written, words in two cases have two keys, one word in one case one.
        assert_ne!(
            word("Amnesty", 0, 7).raw_key(),
            word("amnesty", 0, 7).raw_key()
        );
        assert_eq!(
            word("x amnesty", 2, 7).raw_key(),
            word("amnesty!", 0, 7).raw_key()
        );
        assert_eq!(key("the ZAPORIZHZHIA plant", 4, 12), folded("zaporizhzhia"));
        assert_eq!(key("x Amnesty", 2, 7), folded("amnesty"));
        assert_eq!(key("Amnesty, then", 0, 7), folded("amnesty"));
        assert_eq!(key("Reconstruction", 0, 14), folded("reconstruction"));
        assert_ne!(key("Reconstruction", 0, 13), folded("reconstruction"));
        assert_eq!(
            folded("\u{437}\u{430}"),
            u128::from_le_bytes({
                let mut k = [0u8; 16];
                k[..4].copy_from_slice(&[0xd0, 0xb7, 0xd0, 0xb0]);
                k
            })
        );
    }

    #[test]
    fn folding_drops_case_and_diacritics() {
        assert_eq!(
            all("Østerby Zelenskiy ZAPORIZHZHIA café"),
            ["osterby", "zelenskiy", "zaporizhzhia", "cafe"]
        );
        assert_eq!(fold("Ö"), "o");
    }

    #[test]
    fn cyrillic_is_split_and_folded() {
        assert_eq!(all("Запоріжжя, АЕС."), ["запоріжжя", "аес"]);
        assert!(all("Запорізька область")[0].starts_with("запор"));
    }

    #[test]
    fn numbers_and_point_numbers_stay_whole() {
        assert_eq!(
            all("capped at 800,000 in Point 19."),
            ["capped", "at", "800,000", "in", "point", "19"]
        );
    }

    #[test]
    fn shard_keys_are_the_first_two_letters() {
        assert_eq!(shard_key("zaporizhzhia"), "7a-61");
        assert_eq!(shard_key("z"), "7a");
        assert_eq!(shard_key(&fold("Запор")), "437-430");
    }

    #[test]
    fn html_becomes_text() {
        let text = html_text("<p>A &amp; <em>B</em></p>\n<p>C &copy;</p>");
        assert_eq!(
            text.split_whitespace().collect::<Vec<_>>(),
            ["A", "&", "B", "C", "&copy;"]
        );
        // A buffer used again holds only the last HTML's text.
        let mut buffer = text;
        html_text_into("<em>D</em>&lt;", &mut buffer);
        assert_eq!(buffer, " D <");
    }
}
