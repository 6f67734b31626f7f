//! Words: a text split by Unicode word rules (unicode-segmentation) and folded for matching
//! (case and diacritics, via unicode-normalization), exactly as the browser script folds a
//! query; and a word's shard.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A word folded for matching: lower case, without diacritics; the Latin letters that
/// carry no separable mark are spelled out (the browser script folds the same way).
pub fn fold(word: &str) -> String {
    let mut out = String::new();
    fold_into(word, &mut out);
    out
}

/// `fold`, written into `out` (cleared first). An ASCII word is only lower-cased.
pub(super) fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in word
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        match c {
            'ø' => out.push('o'),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
}

/// The folded words of a text, split by Unicode word rules ("800,000" stays one word).
pub fn words(text: &str) -> Vec<String> {
    text.unicode_words().map(fold).collect()
}

/// The distinct folded words of a text, in the order first met, separated by spaces: what
/// the index needs of a body, in less room than the text.
pub fn distinct_words(text: &str) -> String {
    let mut seen: rustc_hash::FxHashSet<Box<str>> = rustc_hash::FxHashSet::default();
    // A word met before as written is not folded again (folding a word outside ASCII takes
    // a decomposition and a lower-casing of each letter).
    let mut met: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    let mut folded = String::new();
    let mut out = String::new();
    for word in text.unicode_words() {
        if !met.insert(word) {
            continue;
        }
        fold_into(word, &mut folded);
        if !seen.contains(folded.as_str()) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&folded);
            seen.insert(folded.as_str().into());
        }
    }
    out.shrink_to_fit();
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_by_unicode_rules_and_fold_case_and_marks() {
        assert_eq!(
            words("Zaporizhzhia's plant: 800,000 troops, Østerby, Запоріжжя, STRAßE"),
            [
                "zaporizhzhia's",
                "plant",
                "800,000",
                "troops",
                "osterby",
                "запоріжжя",
                "strasse"
            ]
        );
        assert_eq!(fold("Élysée"), "elysee");
        assert_eq!(fold("ĐÐŁÞıæœ"), "ddlthiaeoe");
    }

    #[test]
    fn an_ascii_word_folds_as_any_other_would() {
        for w in ["Point", "ABC", "a-b", "x1"] {
            let slow: String = w
                .nfd()
                .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            assert_eq!(fold(w), slow);
        }
    }

    #[test]
    fn distinct_words_are_folded_once_each_and_split_again_alike() {
        let text = "Point 19: the plant, the PLANT and Zaporizhzhia's 800,000 — Запоріжжя, point";
        let distinct = distinct_words(text);
        assert_eq!(
            distinct,
            "point 19 the plant and zaporizhzhia's 800,000 запоріжжя"
        );
        // Split again, they are the same words: the index reads them as it reads any text.
        let mut all = words(text);
        let mut seen = std::collections::HashSet::new();
        all.retain(|w| seen.insert(w.clone()));
        assert_eq!(words(&distinct), all);
    }

    #[test]
    fn shards_are_the_first_two_characters() {
        assert_eq!(shard_key("point"), "70-6f");
        assert_eq!(shard_key("з"), "437");
    }
}
