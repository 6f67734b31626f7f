//! Words: a text split by Unicode word rules (unicode-segmentation, with an ASCII fast path
//! that splits the same way) and folded for matching (case and diacritics, via
//! unicode-normalization), exactly as the browser script folds a query; a word's shard; the
//! text of rendered HTML.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

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
    for_each_word(&text.to_ascii_lowercase(), |w| out.push(w.into_owned()));
    out
}

/// Calls `f` with each folded word of `text`, which must already be ASCII lower case (its
/// ASCII words are then passed as slices of it, not copied). White space always separates
/// words, so the text is taken a white-space-free piece at a time: ASCII pieces by the fast
/// path, others by the Unicode rules.
pub(super) fn for_each_word<'t>(text: &'t str, mut f: impl FnMut(Cow<'t, str>)) {
    debug_assert!(!text.bytes().any(|b| b.is_ascii_uppercase()));
    if text.is_ascii() {
        ascii_words(text, |w| f(Cow::Borrowed(w)));
        return;
    }
    for piece in text.split_whitespace() {
        if piece.is_ascii() {
            ascii_words(piece, |w| f(Cow::Borrowed(w)));
        } else {
            piece.unicode_words().for_each(|w| f(Cow::Owned(fold(w))));
        }
    }
}

/// What an ASCII byte is to the tokeniser: a letter, a digit, `_` (inside words only), or
/// nothing (0).
const ALPHA: u8 = 1;
const DIGIT: u8 = 2;
const UNDERSCORE: u8 = 4;
const CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        table[i] = if b.is_ascii_alphabetic() {
            ALPHA
        } else if b.is_ascii_digit() {
            DIGIT
        } else if b == b'_' {
            UNDERSCORE
        } else {
            0
        };
        i += 1;
    }
    table
};

/// The same split as Unicode's word rules give for ASCII text, without their tables: runs of
/// letters, digits, `_` and inner apostrophes, with `,` `.` between digits kept in numbers.
/// Each byte is classed by one table lookup.
fn ascii_words<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let class = |i: usize| CLASS[bytes[i] as usize];
    let n = bytes.len();
    let mut i = 0;
    loop {
        while i < n && class(i) & (ALPHA | DIGIT) == 0 {
            i += 1;
        }
        if i == n {
            return;
        }
        let start = i;
        i += 1;
        loop {
            while i < n && class(i) != 0 {
                i += 1;
            }
            if i + 1 >= n {
                break;
            }
            // Punctuation stays inside a word only between two digits (`800,000`, `19.5`) or
            // two letters (`Kyiv's`, `U.S`).
            let (before, after) = (class(i - 1), class(i + 1));
            let joins = match bytes[i] {
                b',' => before == DIGIT && after == DIGIT,
                b'.' => before == after && (before == DIGIT || before == ALPHA),
                b'\'' => before == ALPHA && after == ALPHA,
                _ => false,
            };
            if !joins {
                break;
            }
            i += 1;
        }
        f(&text[start..i]);
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
    const ENTITIES: [(&[u8], u8); 5] = [
        (b"&amp;", b'&'),
        (b"&lt;", b'<'),
        (b"&gt;", b'>'),
        (b"&quot;", b'"'),
        (b"&#39;", b'\''),
    ];
    let bytes = html.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(at) = memchr::memchr2(b'<', b'&', &bytes[i..]) {
        out.extend_from_slice(&bytes[i..i + at]);
        i += at;
        if bytes[i] == b'<' {
            i = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |end| i + end + 1);
            out.push(b' ');
        } else {
            let rest = &bytes[i..];
            match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
                Some((e, c)) => {
                    out.push(*c);
                    i += e.len();
                }
                None => {
                    out.push(b'&');
                    i += 1;
                }
            }
        }
    }
    out.extend_from_slice(&bytes[i..]);
    // Only whole ASCII bytes were dropped or replaced, so the rest is still UTF-8.
    String::from_utf8(out).unwrap_or_default()
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
        ] {
            let unicode: Vec<String> = text.unicode_words().map(fold).collect();
            let mut ascii = Vec::new();
            ascii_words(&text.to_ascii_lowercase(), |w| ascii.push(w.to_string()));
            assert_eq!(ascii, unicode, "{text}");
        }
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
    }
}
