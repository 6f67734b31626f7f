//! Every source the briefing cites, once, grouped by outlet (the host of its address), with
//! its date, kind, archived copy and the articles that cite it. Contexts only.

use super::context::SourceView;
use super::{Input, Urls};
use crate::links;
use serde::Serialize;

#[derive(Serialize)]
pub struct Citing<'a> {
    pub title: &'a str,
    pub url: String,
}

#[derive(Serialize)]
pub struct CitedSource<'a> {
    pub source: SourceView<'a>,
    /// The articles that cite it, newest first.
    pub articles: Vec<Citing<'a>>,
}

#[derive(Serialize)]
pub struct OutletGroup<'a> {
    /// The host of the sources' addresses, without `www.` (`None`: sources without one).
    pub outlet: Option<String>,
    pub anchor: String,
    pub sources: Vec<CitedSource<'a>>,
}

#[derive(Serialize)]
pub struct SourcesPage<'a> {
    pub chrome: super::Chrome<'a>,
    pub groups: Vec<OutletGroup<'a>>,
    pub count: usize,
}

/// The outlet of an address: its host, lower-cased, without a leading `www.`.
fn outlet(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

pub(super) fn sources_page<'a>(cx: &Input<'a>, u: &Urls<'_>) -> SourcesPage<'a> {
    // Each source once (by address, or by name without one), with every article citing it.
    let mut cited: Vec<CitedSource<'a>> = Vec::new();
    let mut index: std::collections::HashMap<(Option<&str>, &str), usize> = Default::default();
    for a in &cx.newest {
        for s in &a.sources {
            let key = match s.url.as_deref() {
                Some(url) => (Some(url), ""),
                None => (None, s.name.as_str()),
            };
            let citing = Citing {
                title: &a.title,
                url: u.to(&links::article(&a.slug)),
            };
            match index.get(&key) {
                Some(&i) => cited[i].articles.push(citing),
                None => {
                    index.insert(key, cited.len());
                    cited.push(CitedSource {
                        source: super::pages::source_view(u, s),
                        articles: vec![citing],
                    });
                }
            }
        }
    }
    let mut by_outlet: std::collections::BTreeMap<Option<String>, Vec<CitedSource<'a>>> =
        std::collections::BTreeMap::new();
    for c in cited {
        let outlet = c.source.url.and_then(outlet);
        by_outlet.entry(outlet).or_default().push(c);
    }
    let mut count = 0;
    let groups = by_outlet
        .into_iter()
        .map(|(name, mut list)| {
            list.sort_by(|a, b| {
                (a.source.date.as_deref(), a.source.name)
                    .cmp(&(b.source.date.as_deref(), b.source.name))
            });
            count += list.len();
            let anchor = format!(
                "outlet-{}",
                crate::model::slugify(name.as_deref().unwrap_or("none"))
            );
            OutletGroup {
                outlet: name,
                anchor,
                sources: list,
            }
        })
        .collect();
    SourcesPage {
        chrome: super::pages::chrome(cx, u, u.strings.get("sources_title"), "sources"),
        groups,
        count,
    }
}

#[cfg(test)]
mod tests {
    use super::outlet;

    #[test]
    fn the_outlet_is_the_host_without_www() {
        assert_eq!(
            outlet("https://www.Reuters.com/world/x?y=1").as_deref(),
            Some("reuters.com")
        );
        assert_eq!(
            outlet("http://user@kremlin.ru:8080/events").as_deref(),
            Some("kremlin.ru")
        );
        assert_eq!(outlet("not a url"), None);
    }
}
