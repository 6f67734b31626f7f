//! Gathering documents' distinct words. Each worker thread keeps a vocabulary of its own
//! (local ids), so a document's words are told apart by stamping each local id with the
//! document, and a word reaches the index's vocabulary once per worker, not once per
//! document.

use super::docs::Fields;
use super::words::fold_into;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use unicode_segmentation::UnicodeSegmentation;

/// One worker's vocabulary.
#[derive(Default)]
pub(super) struct Local {
    ids: HashMap<Box<str>, u32>,
    /// Each local id's word, in the order they were met.
    pub(super) words: Vec<Box<str>>,
    /// By local id: the last document (its stamp) the word was met in, and its best weight
    /// in that document.
    seen: Vec<(u32, u32)>,
    /// The stamp of the document being gathered (0 is never a document's).
    stamp: u32,
    /// A word, folded, while it is looked up.
    folded: String,
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
        let mut found: Vec<u32> = Vec::new();
        for (text, weight) in fields {
            for word in text.unicode_words() {
                self.meet(word, *weight, &mut found);
            }
        }
        found
            .into_iter()
            .map(|id| (id, self.seen[id as usize].1))
            .collect()
    }

    /// Notes a word met in the current document with `weight`, adding its id to `found` the
    /// first time the document has it.
    fn meet(&mut self, word: &str, weight: u32, found: &mut Vec<u32>) {
        fold_into(word, &mut self.folded);
        let id = match self.ids.get(self.folded.as_str()) {
            Some(id) => *id,
            None => {
                let id = u32::try_from(self.words.len()).expect("fewer than 2^32 words");
                self.words.push(self.folded.as_str().into());
                self.ids.insert(self.folded.as_str().into(), id);
                self.seen.push((0, 0));
                id
            }
        };
        let s = &mut self.seen[id as usize];
        if s.0 != self.stamp {
            *s = (self.stamp, weight);
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

    fn plain(text: &str, weight: u32) -> (Cow<'_, str>, u32) {
        (Cow::Borrowed(text), weight)
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
        // Words met again in another case, and new ones in Cyrillic.
        let found = local.gather(&vec![plain(
            "ZAPORIZH Point 800,000 Zaporizhzhia's Запор",
            1,
        )]);
        assert_eq!(
            names(&local, &found),
            ["zaporizh", "point", "800,000", "zaporizhzhia's", "запор"]
        );
        assert_eq!(local.words.len(), 9);
    }
}
