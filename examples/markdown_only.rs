//! Baseline for the benchmark: pulldown-cmark alone, on one thread, rendering the bodies of
//! every Markdown file under a folder with the options `briefing` uses. Prints files and bytes.
//!
//! Usage: cargo run --release --example markdown_only -- DIR

mod common;

fn main() {
    let mut files = 0usize;
    let mut bytes = 0usize;
    common::each_markdown(&common::folder(), |text| {
        let body = match briefing::front_matter::split(text) {
            Ok(split) => split.body,
            Err(_) => text,
        };
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(body, briefing::markdown::options()),
        );
        files += 1;
        bytes += html.len();
    });
    println!("rendered {files} bodies into {bytes} bytes of HTML");
}
