//! Gathering documents' distinct words. Each worker thread keeps a vocabulary of its own
//! (local ids) that soon stops growing, so a word is looked up once per occurrence in a
//! table that is already warm, a document's words are told apart by stamping each local id
//! with the document, and a word reaches the index's vocabulary once per worker, not once per
//! document.

use super::docs::{Fields, Text};
use super::words::{Word, for_each_html_word, for_each_word};
use rustc_hash::FxHashMap;
use std::sync::{Mutex, MutexGuard};

/// One worker's vocabulary.
pub(super) struct Local {
    /// Words of up to 16 bytes by their bytes as one number (`Word::folded_key`), which is
    /// hashed and compared in a step or two; longer words by their text.
    short: FxHashMap<u128, u32>,
    ids: FxHashMap<Box<str>, u32>,
    /// Each local id's word, in the order they were met.
    pub(super) words: Vec<Box<str>>,
    /// By local id: the last document (its stamp) the word was met in, and its best weight
    /// in that document.
    seen: Vec<(u32, u32)>,
    /// The stamp of the document being gathered (0 is never a document's).
    stamp: u32,
    /// A longer word, folded, while it is looked up.
    long: String,
    /// A run of rendered HTML's text, decoded while it is read.
    text: String,
    /// The words met last, by a hash of their raw key (`Word::raw_key`; a slot holds one, and
    /// key 0 is no word's): the few words that make up most of a text are found here, in one
    /// step.
    recent: Vec<(u128, u32)>,
}

/// Slots of `Local::recent`, as a power of two.
const RECENT_BITS: u32 = 12;

impl Default for Local {
    fn default() -> Local {
        Local {
            short: FxHashMap::default(),
            ids: FxHashMap::default(),
            words: Vec::new(),
            seen: Vec::new(),
            stamp: 0,
            long: String::new(),
            text: String::new(),
            recent: vec![(0, 0); 1 << RECENT_BITS],
        }
    }
}

impl Local {
    /// The distinct words of a document's fields as local ids, each with its best weight, in
    /// the order first met.
    pub(super) fn gather(&mut self, fields: &Fields<'_>) -> Vec<(u32, u32)> {
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.seen.iter_mut().for_each(|s| s.0 = 0);
            self.stamp = 1;
        }
        // About one distinct word per 16 bytes of text.
        let size = fields
            .iter()
            .map(|(text, _)| match text {
                Text::Plain(text) => text.len(),
                Text::Html(html) => html.len() / 2,
            })
            .sum::<usize>()
            / 16;
        let mut found: Vec<u32> = Vec::with_capacity(size);
        for (text, weight) in fields {
            match text {
                Text::Plain(text) => {
                    for_each_word(text, |w| self.meet(&w, *weight, &mut found));
                }
                Text::Html(html) => {
                    let mut buffer = std::mem::take(&mut self.text);
                    for_each_html_word(
                        html,
                        &mut buffer,
                        #[inline(always)]
                        |w| self.meet(&w, *weight, &mut found),
                    );
                    self.text = buffer;
                }
            }
        }
        found
            .into_iter()
            .map(|id| (id, self.seen[id as usize].1))
            .collect()
    }

    /// Notes a word met in the current document with `weight`, adding its id to `found` the
    /// first time the document has it.
    #[inline(always)]
    fn meet(&mut self, w: &Word<'_>, weight: u32, found: &mut Vec<u32>) {
        let Local {
            short,
            ids,
            words,
            seen,
            long,
            stamp,
            recent,
            ..
        } = self;
        let mut new = |word: &str| {
            let id = u32::try_from(words.len()).expect("fewer than 2^32 words");
            words.push(word.into());
            seen.push((0, 0));
            id
        };
        let id = if w.len() <= 16 {
            // The recent words are keyed as written, so that a word met again in the same
            // case is found before it is folded.
            let raw = w.raw_key();
            let hash = (raw as u64 ^ (raw >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            let slot = &mut recent[(hash >> (64 - RECENT_BITS)) as usize];
            if slot.0 == raw {
                slot.1
            } else {
                let id = *short.entry(w.folded_key(raw)).or_insert_with(|| {
                    w.lower_into(long);
                    new(long)
                });
                *slot = (raw, id);
                id
            }
        } else {
            w.lower_into(long);
            match ids.get(long.as_str()) {
                Some(id) => *id,
                None => {
                    let id = new(long);
                    ids.insert(long.as_str().into(), id);
                    id
                }
            }
        };
        let s = &mut seen[id as usize];
        if s.0 != *stamp {
            *s = (*stamp, weight);
            found.push(id);
        } else if s.1 < weight {
            s.1 = weight;
        }
    }
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
    use std::borrow::Cow;

    fn plain(text: &str, weight: u32) -> (Text<'_>, u32) {
        (Text::Plain(Cow::Borrowed(text)), weight)
    }

    /// The words of gathered ids.
    fn names<'l>(local: &'l Local, found: &[(u32, u32)]) -> Vec<&'l str> {
        found
            .iter()
            .map(|(id, _)| &*local.words[*id as usize])
            .collect()
    }

    #[test]
    fn a_document_gets_each_word_once_with_its_best_weight() {
        let mut local = Local::default();
        let fields = vec![
            plain("Amnesty for all", 3),
            plain("amnesty, amnesty and ALL", 1),
        ];
        let found = local.gather(&fields);
        let named: Vec<(&str, u32)> = found
            .iter()
            .map(|(id, w)| (&*local.words[*id as usize], *w))
            .collect();
        assert_eq!(named, [("amnesty", 3), ("for", 3), ("all", 3), ("and", 1)]);
        // The next document starts afresh, with the words already met keeping their ids.
        let found = local.gather(&vec![plain("and Amnesty", 2)]);
        assert_eq!(found, [(3, 2), (0, 2)]);
        assert_eq!(local.words.len(), 4);
    }

    #[test]
    fn words_that_share_a_recent_slot_keep_their_own_ids() {
        // More words than `recent` has slots, so that many share one.
        let text: String = (0..10_000).map(|i| format!("w{i} ")).collect();
        let mut local = Local::default();
        let first = local.gather(&vec![plain(&text, 1)]);
        assert_eq!(first.len(), 10_000);
        let backwards: String = (0..10_000).rev().map(|i| format!("W{i} ")).collect();
        let again = local.gather(&vec![plain(&backwards, 2)]);
        assert_eq!(local.words.len(), 10_000);
        for (n, (id, weight)) in again.iter().enumerate() {
            assert_eq!(&*local.words[*id as usize], format!("w{}", 9_999 - n));
            assert_eq!(*weight, 2);
        }
    }

    #[test]
    fn words_are_keyed_alike_in_any_case_wherever_they_sit() {
        let mut local = Local::default();
        let text = "Point 19 capped at 800,000 ZAPORIZH zaporizhzhia Zaporizhzhia point";
        let found = local.gather(&vec![plain(text, 1)]);
        assert_eq!(
            names(&local, &found),
            [
                "point",
                "19",
                "capped",
                "at",
                "800,000",
                "zaporizh",
                "zaporizhzhia"
            ]
        );
        // The same words in rendered HTML, split by tags and entities, and in Cyrillic.
        let html = "<p>ZAPORIZH<em>Point</em> 800,000 &amp; Zaporizhzhia&#39;s Запор</p>";
        let found = local.gather(&vec![(Text::Html(html), 1)]);
        assert_eq!(
            names(&local, &found),
            ["zaporizh", "point", "800,000", "zaporizhzhia's", "запор"]
        );
        assert_eq!(local.words.len(), 9);
    }
}
