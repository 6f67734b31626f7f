//! Gathering documents' distinct words. Each worker thread keeps a vocabulary of its own
//! (local ids) that soon stops growing, so a word is looked up once per occurrence in a
//! table that is already warm, a document's words are told apart by stamping each local id
//! with the document, and a word reaches the index's vocabulary once per worker, not once per
//! document.

use super::docs::Fields;
use super::words::for_each_word;
use rustc_hash::FxHashMap;
use std::sync::{Mutex, MutexGuard};

/// One worker's vocabulary.
#[derive(Default)]
pub(super) struct Local {
    /// Words of up to 8 bytes by their bytes as one number (zero-padded: a word has no zero
    /// byte), which is hashed and compared in one step; longer words by their text.
    short: FxHashMap<u64, u32>,
    ids: FxHashMap<Box<str>, u32>,
    /// Each local id's word, in the order they were met.
    pub(super) words: Vec<Box<str>>,
    /// By local id: the last document (its stamp) the word was met in, and its best weight
    /// in that document.
    seen: Vec<(u32, u32)>,
    /// The stamp of the document being gathered (0 is never a document's).
    stamp: u32,
}

impl Local {
    /// The distinct words of a document's fields (lower-cased in place first, so that their
    /// ASCII words are looked up as slices of them) as local ids, each with its best weight,
    /// in the order first met.
    pub(super) fn gather(&mut self, fields: &mut Fields) -> Vec<(u32, u32)> {
        for (text, _) in fields.iter_mut() {
            text.make_ascii_lowercase();
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.iter_mut().for_each(|s| s.0 = 0);
            self.stamp = 1;
        }
        let stamp = self.stamp;
        let Local {
            short,
            ids,
            words,
            seen,
            ..
        } = self;
        // About one distinct word per 16 bytes of text.
        let size = fields.iter().map(|(text, _)| text.len()).sum::<usize>() / 16;
        let mut found: Vec<u32> = Vec::with_capacity(size);
        for (text, weight) in fields.iter() {
            let weight = *weight;
            let bytes = text.as_bytes();
            for_each_word(text, |w| {
                let mut new = || {
                    let id = u32::try_from(words.len()).expect("fewer than 2^32 words");
                    words.push((*w).into());
                    seen.push((0, 0));
                    id
                };
                let id = if w.len() <= 8 {
                    *short.entry(short_key(bytes, &w)).or_insert_with(new)
                } else {
                    match ids.get(&*w) {
                        Some(id) => *id,
                        None => {
                            let id = new();
                            ids.insert((*w).into(), id);
                            id
                        }
                    }
                };
                let s = &mut seen[id as usize];
                if s.0 != stamp {
                    *s = (stamp, weight);
                    found.push(id);
                } else if s.1 < weight {
                    s.1 = weight;
                }
            });
        }
        found
            .into_iter()
            .map(|id| (id, self.seen[id as usize].1))
            .collect()
    }
}

/// A word of up to 8 bytes as one number: its bytes, little-endian, zero-padded. A word that
/// is a slice of `text` is read with one load when 8 bytes of `text` follow its start.
fn short_key(text: &[u8], word: &str) -> u64 {
    let w = word.as_bytes();
    let at = (w.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let mask = match w.len() {
        8 => u64::MAX,
        n => (1u64 << (8 * n)) - 1,
    };
    if let Some(load) = text.get(at..at.wrapping_add(8))
        && load.as_ptr() == w.as_ptr()
    {
        return u64::from_le_bytes(load.try_into().unwrap_or_default()) & mask;
    }
    let mut key = [0u8; 8];
    key[..w.len()].copy_from_slice(w);
    u64::from_le_bytes(key)
}

/// A vocabulary for each worker of the thread pool (and one for work done outside it). A
/// worker locks only its own, so the locks are never contended.
pub(super) struct Workers(Vec<Mutex<Local>>);

impl Workers {
    pub(super) fn new() -> Workers {
        Workers(
            (0..=rayon::current_num_threads())
                .map(|_| Mutex::default())
                .collect(),
        )
    }

    /// The calling thread's slot.
    pub(super) fn slot(&self) -> usize {
        rayon::current_thread_index().map_or(0, |i| (i + 1) % self.0.len())
    }

    pub(super) fn local(&self, slot: usize) -> MutexGuard<'_, Local> {
        self.0[slot]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_gets_each_word_once_with_its_best_weight() {
        let mut local = Local::default();
        let mut fields = vec![
            ("Amnesty for all".to_string(), 3),
            ("amnesty, amnesty and ALL".to_string(), 1),
        ];
        let found = local.gather(&mut fields);
        let named: Vec<(&str, u32)> = found
            .iter()
            .map(|(id, w)| (&*local.words[*id as usize], *w))
            .collect();
        assert_eq!(named, [("amnesty", 3), ("for", 3), ("all", 3), ("and", 1)]);
        // The next document starts afresh, with the words already met keeping their ids.
        let mut next = vec![("and amnesty".to_string(), 2)];
        let found = local.gather(&mut next);
        assert_eq!(found, [(3, 2), (0, 2)]);
        assert_eq!(local.words.len(), 4);
    }

    #[test]
    fn short_words_are_keyed_by_their_bytes_wherever_they_sit() {
        let text = "point 19 capped at 800,000 zaporizh";
        let key = |w: &str| {
            let at = text.find(w).expect("in the text");
            short_key(text.as_bytes(), &text[at..at + w.len()])
        };
        // A slice read with one load, one at the end of the text, and a copy: the same keys.
        assert_eq!(key("point"), short_key(b"", "point"));
        assert_eq!(key("zaporizh"), short_key(b"", "zaporizh"));
        assert_eq!(key("800,000"), u64::from_le_bytes(*b"800,000\0"));
        assert_ne!(key("19"), key("capped"));
        let cyrillic = [0xd0, 0xb7, 0xd0, 0xb0, 0, 0, 0, 0];
        assert_eq!(
            short_key(b"", "\u{437}\u{430}"),
            u64::from_le_bytes(cyrillic)
        );
    }
}
