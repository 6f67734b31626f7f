//! Micro-benchmarks, run with `cargo bench`: the search tokeniser on a body of text, and one
//! small briefing (the trade fixture) checked from its files to every rendered page.
//! Whole-build figures against Hugo come from `bench/compare.sh`, not from here.

use std::path::PathBuf;

fn main() {
    divan::main();
}

/// A body of about 6,000 words in English and Ukrainian, with numbers and punctuation.
fn text() -> String {
    let sentence = "On 6 December the US envoy said 800,000 troops and the Zaporizhzhia plant \
                    were among the last issues; Київ відхилив територіальні поступки. ";
    sentence.repeat(300)
}

#[divan::bench]
fn tokenise_and_fold(bencher: divan::Bencher<'_, '_>) {
    let text = text();
    bencher.bench(|| briefing::search::words(divan::black_box(&text)));
}

#[divan::bench(sample_count = 20)]
fn check_a_small_briefing(bencher: divan::Bencher<'_, '_>) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trade");
    let options = briefing::Options::new(&root);
    bencher.bench(|| briefing::check(divan::black_box(&options)).map(|o| o.files));
}
