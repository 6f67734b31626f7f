//! The search index, built from the model: articles, points (with their wording in every
//! version), events and tags. Words are split by Unicode rules (unicode-segmentation) and
//! folded (case and diacritics, via unicode-normalization), exactly as the browser script
//! folds a query. The index is written as `<script>`-loadable files (never fetched), split
//! by the first two letters of each word, so a query loads only what it needs, from disk too.

mod docs;
mod gather;
mod words;

pub use docs::lead;
pub use words::{distinct_words, fold, shard_key, words};

use crate::links;
use crate::markdown::Bodies;
use crate::views::Views;
use docs::{Doc, article_doc, other_docs, push_event_url};
use gather::{Local, Workers};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Documents per file of documents: a result list loads only the files its hits are in.
const DOCS_PER_FILE: usize = 10;

/// The index: its documents, each document's words, the postings, and the files to write
/// (path → text). `serve` keeps it between runs, so an edit to article bodies rewrites only
/// the files those articles' words and snippets are in. Words are interned once: documents
/// and postings hold small word ids, not strings. Words are gathered in parallel, each worker
/// into a vocabulary of its own (`gather::Local`), and reach the index's once per worker.
pub struct Index {
    docs: Vec<Doc>,
    /// The article path of each document (points, events and tags have none).
    paths: Vec<Option<PathBuf>>,
    /// The vocabulary: each folded word's id, and each id's word.
    ids: FxHashMap<Box<str>, u32>,
    vocabulary: Vec<Box<str>>,
    /// Each word id's shard (an id into `shards`), worked out once when the word is first
    /// seen; each shard's key, and its words' ids (ascending), so that writing a shard reads
    /// only its own words.
    shard_of: Vec<u32>,
    shards: Vec<(Box<str>, Vec<u32>)>,
    shard_ids: FxHashMap<Box<str>, u32>,
    /// Whether `update` will read this index: only then does it keep the documents' words,
    /// and, once its files are made, the postings and the vocabulary.
    updatable: bool,
    /// Each document's distinct words (ids, ascending) with their best weight.
    words: Vec<Vec<(u32, u32)>>,
    /// By word id: (document id, weight), document ids ascending.
    postings: Vec<Vec<(u32, u32)>>,
    /// The files of the index, by path.
    pub files: BTreeMap<String, String>,
    /// The files the last `new` or `update` wrote, and those it took away.
    pub touched: BTreeSet<String>,
    pub removed: BTreeSet<String>,
}

/// Local ids (with weights) as the index's ids, by `map`; ascending when `sorted` (what
/// `update` reads), else in the order first met.
fn global(map: &[u32], mut words: Vec<(u32, u32)>, sorted: bool) -> Vec<(u32, u32)> {
    for (id, _) in &mut words {
        *id = map[*id as usize];
    }
    if sorted {
        // A document has each word once, so its ids alone order it.
        words.sort_unstable_by_key(|(id, _)| *id);
    }
    words
}

/// Documents whose words are gathered at once (in parallel) before they are interned, so
/// that only this many documents' word lists are alive together.
const BATCH: usize = 1024;

impl Index {
    /// The index of the whole site. Only an `updatable` one keeps, once its files are made,
    /// what `update` reads; a build, which has no next run, needs only the files.
    pub fn new(views: &Views<'_>, bodies: &Bodies, updatable: bool) -> Index {
        let mut index = Index {
            docs: Vec::new(),
            paths: Vec::new(),
            ids: FxHashMap::default(),
            vocabulary: Vec::new(),
            shard_of: Vec::new(),
            shards: Vec::new(),
            shard_ids: FxHashMap::default(),
            updatable,
            words: Vec::new(),
            postings: Vec::new(),
            files: BTreeMap::new(),
            touched: BTreeSet::new(),
            removed: BTreeSet::new(),
        };
        let workers = Workers::new();
        let mut maps = vec![Vec::new(); workers.len()];
        for batch in views.newest.chunks(BATCH) {
            let found = batch.par_iter().map(|a| {
                let (doc, fields) = article_doc(a, bodies);
                (doc, Some(a.path.clone()), fields)
            });
            index.add(found, &workers, &mut maps);
        }
        let others = other_docs(views, bodies).into_par_iter();
        index.add(others.map(|(d, f)| (d, None, f)), &workers, &mut maps);
        let keys: BTreeSet<u32> = (0..index.shards.len() as u32).collect();
        let chunks: BTreeSet<usize> = (0..index.docs.len()).map(|i| i / DOCS_PER_FILE).collect();
        index.write(&keys, &chunks);
        if !updatable {
            index.release();
        }
        index
    }

    /// Frees what only `update` reads (the documents, the postings, the vocabulary), keeping
    /// the files.
    fn release(&mut self) {
        self.docs = Vec::new();
        self.paths = Vec::new();
        self.words = Vec::new();
        self.postings = Vec::new();
        self.ids = FxHashMap::default();
        self.vocabulary = Vec::new();
        self.shard_of = Vec::new();
        self.shards = Vec::new();
        self.shard_ids = FxHashMap::default();
    }

    /// The id of a word, given one if it is new.
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(id) = self.ids.get(word) {
            return *id;
        }
        let id = u32::try_from(self.vocabulary.len()).expect("fewer than 2^32 distinct words");
        self.vocabulary.push(word.into());
        let key = shard_key(word);
        let shard = match self.shard_ids.get(key.as_str()) {
            Some(shard) => *shard,
            None => {
                let shard = u32::try_from(self.shards.len()).expect("fewer than 2^32 shards");
                self.shards.push((key.as_str().into(), Vec::new()));
                self.shard_ids.insert(key.into(), shard);
                shard
            }
        };
        self.shards[shard as usize].1.push(id);
        self.shard_of.push(shard);
        self.ids.insert(word.into(), id);
        self.postings.push(Vec::new());
        id
    }

    /// Adds documents at the end. Each worker gathers their words into its own vocabulary;
    /// then the words the workers met for the first time are interned (on this thread), and
    /// each worker's local ids are mapped to the index's by `maps`.
    fn add<'a>(
        &mut self,
        found: impl IndexedParallelIterator<Item = (Doc, Option<PathBuf>, docs::Fields<'a>)>,
        workers: &Workers,
        maps: &mut [Vec<u32>],
    ) {
        let gathered: Vec<_> = found
            .map(|(doc, path, fields)| {
                let slot = workers.slot();
                let words = workers.local(slot).gather(&fields);
                (doc, path, slot, words)
            })
            .collect();
        for (slot, map) in maps.iter_mut().enumerate() {
            self.translate(&workers.local(slot), map);
        }
        let maps = &*maps;
        let sorted = self.updatable;
        let docs: Vec<_> = gathered
            .into_par_iter()
            .map(|(doc, path, slot, words)| (doc, path, global(&maps[slot], words, sorted)))
            .collect();
        let first = u32::try_from(self.docs.len()).expect("fewer than 2^32 documents");
        self.post(first, docs.iter().map(|(_, _, words)| words.as_slice()));
        for (doc, path, words) in docs {
            self.docs.push(doc);
            self.paths.push(path);
            if self.updatable {
                self.words.push(words);
            }
        }
    }

    /// Adds documents numbered from `first` (the highest yet, so postings stay ascending) to
    /// the postings, given each one's words (the index's ids, in any order).
    fn post<'w>(&mut self, first: u32, words: impl Iterator<Item = &'w [(u32, u32)]>) {
        for (doc, words) in (first..).zip(words) {
            for (word, weight) in words {
                self.postings[*word as usize].push((doc, *weight));
            }
        }
    }

    /// Extends `map` (a worker's local ids → the index's) over the words the worker met
    /// since, interning them.
    fn translate(&mut self, local: &Local, map: &mut Vec<u32>) {
        for word in &local.words[map.len()..] {
            let id = self.intern(word);
            map.push(id);
        }
    }

    /// One document's distinct words as the index's ids with weights, ascending by id
    /// (gathered on this thread, for an edited article).
    fn words_of(&mut self, fields: &docs::Fields<'_>) -> Vec<(u32, u32)> {
        let mut local = Local::default();
        let words = local.gather(fields);
        let mut map = Vec::new();
        self.translate(&local, &mut map);
        global(&map, words, true)
    }

    /// The index after an edit to the articles at `dirty` that left every document in its
    /// place (their bodies, or their claims): those articles are indexed again and, with
    /// `events`, the events' links are made again (a claim added or moved may move an event to
    /// another page of the timeline). Falls back to a fresh index when the events are not where
    /// they were.
    pub fn update(
        mut self,
        views: &Views<'_>,
        bodies: &Bodies,
        dirty: &BTreeSet<PathBuf>,
        events: bool,
    ) -> Index {
        if !self.updatable {
            return Index::new(views, bodies, true);
        }
        let mut keys = BTreeSet::new();
        let mut chunks = BTreeSet::new();
        for (id, a) in views.newest.iter().enumerate() {
            let same_place = || self.paths.get(id).and_then(Option::as_ref) == Some(&a.path);
            if !crate::source::is_among(dirty, &a.path) || !same_place() {
                continue;
            }
            let (doc, fields) = article_doc(a, bodies);
            let words = self.words_of(&fields);
            self.replace(id, doc, words, &mut keys, &mut chunks);
        }
        if events {
            // The events follow the articles and the points, in the timeline's order.
            let first = views.newest.len() + views.site.points.len();
            let found = views
                .timeline
                .iter()
                .enumerate()
                .filter_map(|(i, e)| match e.kind {
                    crate::views::EntryKind::Event(ev) => Some((i, ev)),
                    crate::views::EntryKind::Claim(_) => None,
                });
            let mut url = String::new();
            for (id, (i, ev)) in (first..).zip(found) {
                url.clear();
                push_event_url(&mut url, i, ev);
                match self.docs.get_mut(id) {
                    Some(doc) if doc.k == "event" => {
                        if doc.u != url {
                            doc.u.clone_from(&url);
                            chunks.insert(id / DOCS_PER_FILE);
                        }
                    }
                    _ => return Index::new(views, bodies, true),
                }
            }
        }
        self.write(&keys, &chunks);
        self
    }

    /// Puts `doc` with `words` at `id`, noting the shards and the file of documents that
    /// changed.
    fn replace(
        &mut self,
        id: usize,
        doc: Doc,
        new: Vec<(u32, u32)>,
        keys: &mut BTreeSet<u32>,
        chunks: &mut BTreeSet<usize>,
    ) {
        let old = std::mem::take(&mut self.words[id]);
        let doc_id = u32::try_from(id).expect("fewer than 2^32 documents");
        let weight_in = |list: &[(u32, u32)], word: u32| {
            list.binary_search_by_key(&word, |(w, _)| *w)
                .ok()
                .map(|i| list[i].1)
        };
        for (word, weight) in &old {
            if weight_in(&new, *word) != Some(*weight) {
                self.postings[*word as usize].retain(|(d, _)| *d != doc_id);
                keys.insert(self.shard_of[*word as usize]);
            }
        }
        for (word, weight) in &new {
            if weight_in(&old, *word) != Some(*weight) {
                let list = &mut self.postings[*word as usize];
                let at = list.partition_point(|(d, _)| *d < doc_id);
                list.insert(at, (doc_id, *weight));
                keys.insert(self.shard_of[*word as usize]);
            }
        }
        self.words[id] = new;
        if self.docs[id] != doc {
            self.docs[id] = doc;
            chunks.insert(id / DOCS_PER_FILE);
        }
    }

    /// The text of a shard's file: each of its words with its hits (`None` when no word of it
    /// has any).
    fn shard_text(&self, shard: u32) -> Option<String> {
        let (key, ids) = &self.shards[shard as usize];
        let mut words: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for id in ids {
            let hits = &self.postings[*id as usize];
            if hits.is_empty() {
                continue;
            }
            // Each hit as one number: the gap from the previous hit's document × 4 + the
            // weight (ids ascend, so gaps stay short; the script adds them up).
            let mut last = 0;
            let list = hits
                .iter()
                .map(|(doc, w)| {
                    let gap = (doc - last) as usize;
                    last = *doc;
                    gap * 4 + *w as usize
                })
                .collect();
            words.insert(&self.vocabulary[*id as usize], list);
        }
        (!words.is_empty()).then(|| {
            format!(
                "window.briefingSearch&&window.briefingSearch.shard({},{});\n",
                serde_json::to_string(key).unwrap_or_default(),
                serde_json::to_string(&words).unwrap_or_else(|_| "{}".into())
            )
        })
    }

    /// Writes the manifest, the given shards and the given files of documents.
    fn write(&mut self, keys: &BTreeSet<u32>, chunks: &BTreeSet<usize>) {
        self.touched.clear();
        self.removed.clear();
        let texts: Vec<(u32, Option<String>)> = keys
            .par_iter()
            .map(|shard| (*shard, self.shard_text(*shard)))
            .collect();
        for (shard, text) in texts {
            let key = &self.shards[shard as usize].0;
            let path = links::search_shard(key);
            match text {
                Some(text) => {
                    self.touched.insert(path.clone());
                    self.files.insert(path, text);
                }
                None => {
                    self.files.remove(&path);
                    self.removed.insert(path);
                }
            }
        }
        let postings = &self.postings;
        let all_keys: BTreeSet<&str> = self
            .shards
            .iter()
            .filter(|(_, ids)| ids.iter().any(|id| !postings[*id as usize].is_empty()))
            .map(|(key, _)| &**key)
            .collect();
        let docs = &self.docs;
        let texts: Vec<(usize, String)> = chunks
            .par_iter()
            .map(|n| {
                let start = n * DOCS_PER_FILE;
                let end = (start + DOCS_PER_FILE).min(docs.len());
                let text = format!(
                    "window.briefingSearch&&window.briefingSearch.docs({n},{});\n",
                    serde_json::to_string(&docs[start..end]).unwrap_or_else(|_| "[]".into())
                );
                (*n, text)
            })
            .collect();
        for (n, text) in texts {
            self.touched.insert(links::search_docs(n));
            self.files.insert(links::search_docs(n), text);
        }
        let manifest = serde_json::json!({
            "shards": all_keys,
            "docsPerFile": DOCS_PER_FILE,
            "docs": self.docs.len(),
        });
        self.touched.insert(links::SEARCH_MANIFEST.to_string());
        self.files.insert(
            links::SEARCH_MANIFEST.to_string(),
            format!("window.briefingSearch&&window.briefingSearch.manifest({manifest});\n"),
        );
    }
}
