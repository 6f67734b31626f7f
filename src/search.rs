//! The search index, built from the model: articles, points (with their wording in every
//! version), events and tags. Words are split by Unicode rules (unicode-segmentation) and
//! folded (case and diacritics, via unicode-normalization), exactly as the browser script
//! folds a query. The index is written as `<script>`-loadable files (never fetched), split
//! by the first two letters of each word, so a query loads only what it needs, from disk too.

use crate::links;
use crate::markdown::Bodies;
use crate::views::Views;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// Documents per file of documents: a result list loads only the files its hits are in.
const DOCS_PER_FILE: usize = 10;
/// How much text of a document its snippet keeps.
const SNIPPET_CHARS: usize = 240;
/// Field weights: a hit in the title counts most, then the summary, then the body.
const TITLE: u32 = 3;
const SUMMARY: u32 = 2;
const BODY: u32 = 1;

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
    for_each_word(text, |w| out.push(w.to_string()));
    out
}

/// Calls `f` with each folded word of `text`. White space always separates words, so the
/// text is taken a white-space-free piece at a time: ASCII pieces by the fast path (each word
/// lower-cased on its own, the text is not copied), others by the Unicode rules.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut lower = String::new();
    let mut ascii = |piece: &str, f: &mut dyn FnMut(&str)| {
        ascii_words(piece, |w| {
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
            f(&lower);
        })
    };
    if text.is_ascii() {
        ascii(text, &mut f);
        return;
    }
    for piece in text.split_whitespace() {
        if piece.is_ascii() {
            ascii(piece, &mut f);
        } else {
            piece.unicode_words().for_each(|w| f(&fold(w)));
        }
    }
}

/// The same split as Unicode's word rules give for ASCII text, without their tables: runs of
/// letters, digits, `_` and inner apostrophes, with `,` `.` between digits kept in numbers.
fn ascii_words<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < n {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() || b == b'_' {
                i += 1;
                continue;
            }
            // Punctuation stays inside a word only between two digits (`800,000`, `19.5`) or
            // two letters (`Kyiv's`, `U.S`).
            let joins = i + 1 < n
                && match b {
                    b',' => bytes[i - 1].is_ascii_digit() && bytes[i + 1].is_ascii_digit(),
                    b'.' => {
                        (bytes[i - 1].is_ascii_digit() && bytes[i + 1].is_ascii_digit())
                            || (bytes[i - 1].is_ascii_alphabetic()
                                && bytes[i + 1].is_ascii_alphabetic())
                    }
                    b'\'' => {
                        bytes[i - 1].is_ascii_alphabetic() && bytes[i + 1].is_ascii_alphabetic()
                    }
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

/// One thing a search can find.
#[derive(Debug, PartialEq, Serialize)]
struct Doc {
    /// `article`, `point`, `event` or `tag`.
    k: &'static str,
    /// Title, site-root-relative URL (with an anchor for events), ISO date or "".
    t: String,
    u: String,
    d: String,
    /// The start of its text, for the snippet.
    s: String,
}

/// The index: its documents, each document's words, the postings, and the files to write
/// (path → text). `serve` keeps it between runs, so an edit to article bodies rewrites only
/// the files those articles' words and snippets are in. Words are interned once: documents
/// and postings hold small word ids, not strings.
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

/// Documents whose words are gathered at once (in parallel) before they are interned, so
/// that only this many documents' word strings are alive together.
const BATCH: usize = 1024;

impl Index {
    pub fn new(views: &Views<'_>, bodies: &Bodies) -> Index {
        use rayon::prelude::*;
        let mut index = Index {
            docs: Vec::new(),
            paths: Vec::new(),
            ids: FxHashMap::default(),
            vocabulary: Vec::new(),
            shard_of: Vec::new(),
            shards: Vec::new(),
            shard_ids: FxHashMap::default(),
            words: Vec::new(),
            postings: Vec::new(),
            files: BTreeMap::new(),
            touched: BTreeSet::new(),
            removed: BTreeSet::new(),
        };
        for batch in views.newest.chunks(BATCH) {
            let found: Vec<(Doc, Vec<(String, u32)>)> = batch
                .par_iter()
                .map(|a| {
                    let (doc, fields) = article_doc(a, bodies);
                    (doc, words_of(&fields))
                })
                .collect();
            for ((doc, words), a) in found.into_iter().zip(batch) {
                index.push(doc, Some(a.path.clone()), words);
            }
        }
        for (doc, fields) in other_docs(views, bodies) {
            let words = words_of(&fields);
            index.push(doc, None, words);
        }
        let keys: BTreeSet<u32> = (0..index.shards.len() as u32).collect();
        let chunks: BTreeSet<usize> = (0..index.docs.len()).map(|i| i / DOCS_PER_FILE).collect();
        index.write(&keys, &chunks);
        index
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

    /// A document's words as ids with weights, ascending by id.
    fn interned(&mut self, words: Vec<(String, u32)>) -> Vec<(u32, u32)> {
        let mut ids: Vec<(u32, u32)> = words
            .iter()
            .map(|(w, weight)| (self.intern(w), *weight))
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Adds a document at the end (its id is the highest, so postings stay ascending).
    fn push(&mut self, doc: Doc, path: Option<PathBuf>, words: Vec<(String, u32)>) {
        let id = u32::try_from(self.docs.len()).expect("fewer than 2^32 documents");
        let words = self.interned(words);
        for (word, weight) in &words {
            self.postings[*word as usize].push((id, *weight));
        }
        self.docs.push(doc);
        self.paths.push(path);
        self.words.push(words);
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
        let mut keys = BTreeSet::new();
        let mut chunks = BTreeSet::new();
        for (id, a) in views.newest.iter().enumerate() {
            let same_place = || self.paths.get(id).and_then(Option::as_ref) == Some(&a.path);
            if !crate::source::is_among(dirty, &a.path) || !same_place() {
                continue;
            }
            let (doc, fields) = article_doc(a, bodies);
            self.replace(id, doc, words_of(&fields), &mut keys, &mut chunks);
        }
        if events {
            // The events follow the articles and the points, in the timeline's order.
            let first = views.newest.len() + views.site.points.len();
            let found = views
                .timeline
                .iter()
                .enumerate()
                .filter_map(|(i, e)| match e.kind {
                    crate::views::EntryKind::Event(ev) => Some(event_url(i, ev)),
                    crate::views::EntryKind::Claim(_) => None,
                });
            for (id, url) in (first..).zip(found) {
                match self.docs.get_mut(id) {
                    Some(doc) if doc.k == "event" => {
                        if doc.u != url {
                            doc.u = url;
                            chunks.insert(id / DOCS_PER_FILE);
                        }
                    }
                    _ => return Index::new(views, bodies),
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
        words: Vec<(String, u32)>,
        keys: &mut BTreeSet<u32>,
        chunks: &mut BTreeSet<usize>,
    ) {
        let new = self.interned(words);
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

    /// Writes the manifest, the given shards and the given files of documents.
    fn write(&mut self, keys: &BTreeSet<u32>, chunks: &BTreeSet<usize>) {
        self.touched.clear();
        self.removed.clear();
        for shard in keys {
            let (key, ids) = &self.shards[*shard as usize];
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
            let path = links::search_shard(key);
            if words.is_empty() {
                self.files.remove(&path);
                self.removed.insert(path);
            } else {
                let text = format!(
                    "window.briefingSearch&&window.briefingSearch.shard({},{});\n",
                    serde_json::to_string(key).unwrap_or_default(),
                    serde_json::to_string(&words).unwrap_or_else(|_| "{}".into())
                );
                self.touched.insert(path.clone());
                self.files.insert(path, text);
            }
        }
        let postings = &self.postings;
        let all_keys: BTreeSet<&str> = self
            .shards
            .iter()
            .filter(|(_, ids)| ids.iter().any(|id| !postings[*id as usize].is_empty()))
            .map(|(key, _)| &**key)
            .collect();
        for n in chunks {
            let start = n * DOCS_PER_FILE;
            let end = (start + DOCS_PER_FILE).min(self.docs.len());
            let text = format!(
                "window.briefingSearch&&window.briefingSearch.docs({n},{});\n",
                serde_json::to_string(&self.docs[start..end]).unwrap_or_else(|_| "[]".into())
            );
            self.touched.insert(links::search_docs(*n));
            self.files.insert(links::search_docs(*n), text);
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

/// A document's texts with their weights.
type Fields = Vec<(String, u32)>;

fn article_doc(a: &crate::model::Article, bodies: &Bodies) -> (Doc, Fields) {
    let body = html_text(bodies.html(&a.path));
    let mut fields = vec![(a.title.clone(), TITLE), (a.summary.clone(), SUMMARY)];
    fields.extend(a.tags.iter().map(|t| (t.name.clone(), SUMMARY)));
    let snippet = if a.summary.is_empty() {
        body.clone()
    } else {
        a.summary.clone()
    };
    fields.push((body, BODY));
    let found = doc(
        "article",
        &a.title,
        links::article(&a.slug),
        a.date.iso(),
        &snippet,
    );
    (found, fields)
}

/// Points, events and tags.
/// Where the event that is entry `i` of the timeline is: its page and its day's anchor.
fn event_url(i: usize, ev: &crate::model::Event) -> String {
    let page = links::page_of(links::TIMELINE, i / crate::render::TIMELINE_PER_PAGE + 1);
    let anchor = if ev.date.is_full() { "d" } else { "m" };
    format!("{page}#{anchor}-{}", ev.date.iso())
}

fn other_docs(views: &Views<'_>, bodies: &Bodies) -> Vec<(Doc, Fields)> {
    let mut docs = Vec::new();
    for p in &views.site.points {
        let title = views.config.strings.format(
            "point_title",
            &[("n", &p.number.to_string()), ("title", &p.title)],
        );
        let body = html_text(bodies.html(&p.path));
        let mut fields = vec![
            (title.clone(), TITLE),
            (p.summary.clone(), SUMMARY),
            (body, BODY),
        ];
        fields.extend(
            p.versions
                .values()
                .filter_map(|v| v.text.clone())
                .map(|t| (t, BODY)),
        );
        docs.push((
            doc(
                "point",
                &title,
                links::point(p.number),
                String::new(),
                &p.summary,
            ),
            fields,
        ));
    }
    for (i, e) in views.timeline.iter().enumerate() {
        let crate::views::EntryKind::Event(ev) = e.kind else {
            continue;
        };
        let mut fields = vec![(ev.title.clone(), TITLE)];
        fields.extend(ev.place.iter().map(|p| (p.clone(), SUMMARY)));
        fields.extend(ev.actors.iter().map(|a| (a.clone(), SUMMARY)));
        let url = event_url(i, ev);
        let snippet = format!(
            "{} {}",
            ev.place.as_deref().unwrap_or(""),
            ev.actors.join(", ")
        );
        docs.push((
            doc("event", &ev.title, url, ev.date.iso(), &snippet),
            fields,
        ));
    }
    for (slug, (name, list)) in &views.tags {
        let snippet = views
            .config
            .strings
            .plural("tag_articles", list.len() as u64, &[]);
        docs.push((
            doc("tag", name, links::tag(slug), String::new(), &snippet),
            vec![(name.to_string(), TITLE)],
        ));
    }
    docs
}

/// A document's distinct words with their best weight; words are allocated once per
/// document, not once per occurrence.
fn words_of(fields: &Fields) -> Vec<(String, u32)> {
    let mut best: FxHashMap<String, u32> = FxHashMap::default();
    for (text, weight) in fields {
        for_each_word(text, |w| match best.get_mut(w) {
            Some(b) => *b = (*b).max(*weight),
            None => {
                best.insert(w.to_string(), *weight);
            }
        });
    }
    best.into_iter().collect()
}

fn doc(kind: &'static str, title: &str, url: String, date: String, text: &str) -> Doc {
    // The start of the text with its white space folded.
    let mut s = String::with_capacity(SNIPPET_CHARS + 8);
    let mut chars = 0;
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        if chars + word.chars().count() > SNIPPET_CHARS {
            let room = SNIPPET_CHARS.saturating_sub(chars);
            s.extend(word.chars().take(room));
            s.push('…');
            break;
        }
        s.push_str(word);
        chars += word.chars().count();
        if words.peek().is_some() {
            s.push(' ');
            chars += 1;
        }
    }
    Doc {
        k: kind,
        t: title.to_string(),
        u: url,
        d: date,
        s,
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
fn html_text(html: &str) -> String {
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
