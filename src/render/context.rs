//! Typed template contexts, one struct per page kind, borrowing from the model and views. These
//! structs are the template contract (the README lists their fields). URLs in them are relative
//! to the page they are rendered on.

use crate::config::Status;
use serde::Serialize;

/// What every page carries: site settings, navigation and asset URLs.
#[derive(Serialize)]
pub struct Chrome<'a> {
    pub site_title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// The `<title>` of the page.
    pub page_title: String,
    /// Which navigation entry is the current page (`home`, `points`, `timeline`, `articles`).
    pub section: &'static str,
    pub home_url: String,
    pub points_url: String,
    pub timeline_url: String,
    pub articles_url: String,
    pub tags_url: String,
    /// The versions page, when the plan declares versions.
    pub versions_url: Option<String>,
    /// Who's who, when the briefing has people.
    pub people_url: Option<String>,
    pub glossary_url: Option<String>,
    pub print_url: String,
    pub sources_url: String,
    pub stylesheet_url: String,
    pub script_url: String,
    pub strings_script_url: String,
    /// The search page, the folder of the search index (relative, never with index.html),
    /// and the search script.
    pub search_url: String,
    pub search_root: String,
    pub search_script_url: String,
    /// Whether links name index.html (the search script builds result links the same way).
    pub portable: bool,
    pub icon_url: String,
    pub feed_url: String,
    /// The feed of every change of position.
    pub changes_feed_url: String,
    pub points_json_url: String,
    pub points_csv_url: String,
    pub timeline_json_url: String,
    pub timeline_ics_url: String,
    /// Absolute URL of this page, when `base_url` is set.
    pub canonical_url: Option<String>,
    /// `<base href>` (only the 404 page, only with `base_url`).
    pub base_href: Option<String>,
    /// URL of the live-reload script (only under `serve`).
    pub live_reload_url: Option<String>,
    /// This page in every edition, the default first (empty with one language).
    pub editions: Vec<EditionLink>,
    /// The language of the page's own text when it is not the edition's (an untranslated
    /// page, shown in the original under a notice).
    pub fallback_lang: Option<&'a str>,
    /// The same, for the page's body (a translation may give its title and not its body).
    pub body_lang: Option<&'a str>,
    /// In an edition other than the default, the default's language: quotes are in it.
    pub source_lang: Option<&'a str>,
}

/// This page in one language edition.
#[derive(Serialize)]
pub struct EditionLink {
    pub code: String,
    /// The language's name in that language.
    pub name: String,
    /// Relative URL of the page in that edition.
    pub url: String,
    /// URL for `<link rel="alternate" hreflang>` (absolute when `base_url` is known).
    pub href: String,
    pub current: bool,
}

#[derive(Serialize, Clone, Copy)]
pub struct StatusView<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub meaning: &'a str,
}

impl<'a> StatusView<'a> {
    pub fn of(s: &'a Status) -> Self {
        StatusView {
            key: s.key.as_str(),
            label: &s.label,
            meaning: &s.meaning,
        }
    }
}

#[derive(Serialize)]
pub struct PointLink<'a> {
    pub number: u32,
    pub title: &'a str,
    pub url: String,
}

/// One status claim as shown in a history, a table cell or the home page.
#[derive(Serialize)]
pub struct ClaimView<'a> {
    pub status: StatusView<'a>,
    pub claimed_by: &'a str,
    /// Whose position it states; `None` for an observer's claim.
    pub party: Option<&'a str>,
    pub date: String,
    pub date_label: String,
    pub note: Option<&'a str>,
    /// The note's language when it is not the page's (an untranslated note).
    pub note_lang: Option<&'a str>,
    /// The part of the point the claim covers (`None`: the whole point).
    pub part: Option<&'a str>,
    pub points: Vec<PointLink<'a>>,
    /// "Points 1–18, 20, 22–28" when the claim covers more than a few points.
    pub points_range: Option<String>,
    pub article_title: &'a str,
    /// The article title's language when it is not the page's.
    pub article_lang: Option<&'a str>,
    pub article_url: String,
}

#[derive(Serialize)]
pub struct ArticleCard<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: String,
    pub date_label: String,
    pub summary: &'a str,
    pub draft: bool,
    /// The title's and summary's language when it is not the page's (an untranslated article).
    pub lang: Option<String>,
}

#[derive(Serialize)]
pub struct EventView<'a> {
    pub date: String,
    pub date_label: String,
    pub title: &'a str,
    /// The title's language when it is not the page's.
    pub title_lang: Option<&'a str>,
    pub place: Option<&'a str>,
    pub actors: Vec<&'a str>,
    pub points: Vec<PointLink<'a>>,
    pub article_title: &'a str,
    pub article_lang: Option<&'a str>,
    pub article_url: String,
}

/// One party's latest word on a point (`claim` is `None`: no public position).
#[derive(Serialize)]
pub struct PositionView<'a> {
    pub party: &'a str,
    pub short: &'a str,
    pub claim: Option<ClaimView<'a>>,
}

/// A declared party, for table headers.
#[derive(Serialize)]
pub struct PartyView<'a> {
    pub name: &'a str,
    pub short: &'a str,
}

#[derive(Serialize)]
pub struct PointRow<'a> {
    pub number: u32,
    pub title: &'a str,
    pub summary: &'a str,
    pub url: String,
    pub status: StatusView<'a>,
    pub contested: bool,
    /// Some declared parties are silent and those on record hold one status.
    pub partial: bool,
    /// The status follows from a position on part of the point.
    pub in_part: bool,
    /// How many declared parties are on record, and how many there are (0: none declared).
    pub on_record: usize,
    pub parties: usize,
    pub latest: Option<ClaimView<'a>>,
    /// With declared parties, one per party in their order; else each party that spoke.
    pub positions: Vec<PositionView<'a>>,
}

#[derive(Serialize)]
pub struct BlockView<'a> {
    pub id: &'a str,
    /// A safe HTML id for the block (`block-<slug of id>`).
    pub anchor: String,
    pub title: &'a str,
    pub summary: Option<&'a str>,
    pub points: Vec<PointRow<'a>>,
}

/// A count of points: in one status, or in one of the classes of `views::Class`.
#[derive(Serialize)]
pub struct CountView<'a> {
    /// The status the count is of (`None` for contested, only some on record and the like).
    pub status: Option<StatusView<'a>>,
    /// The key its line and label are drawn in: a status key, `contested` or `partial`.
    pub key: &'a str,
    /// The CSS classes of its label.
    pub class: String,
    /// What the count is of, in words.
    pub label: String,
    /// Its column in `data/status-history.csv` (classes) or its status key.
    pub column: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
}

#[derive(Serialize)]
pub struct IndexPage<'a> {
    pub chrome: Chrome<'a>,
    pub title: &'a str,
    pub summary: &'a str,
    pub lead_html: &'a str,
    pub plan_title: &'a str,
    /// The classes of points that are not empty (`views::Class`).
    pub standing: Vec<CountView<'a>>,
    /// Without declared parties: the points by their latest claim's status, those not zero.
    pub latest: Vec<CountView<'a>>,
    /// With declared parties: points every party holds the same status on, by status (every
    /// status but `unknown`, zeros too).
    pub shared: Vec<CountView<'a>>,
    pub contested: usize,
    pub partial: usize,
    /// Points no party is on record on.
    pub silent: usize,
    pub total_points: usize,
    /// Of them, the points a later version added (`since:`), and the others.
    pub added_later: usize,
    pub first_points: usize,
    pub parties: Vec<PartyView<'a>>,
    /// Every party, in words: "both parties (United States, Ukraine)".
    pub all_parties: String,
    pub latest_changes: Vec<ClaimView<'a>>,
    /// The positions given on the latest snapshot date, and that date.
    pub changes: Vec<super::ChangeView<'a>>,
    pub changes_date_label: Option<String>,
    /// The snapshot date before it, and its page.
    pub since_label: Option<String>,
    pub since_url: Option<String>,
    /// How the counts moved (with two snapshot dates or more).
    pub chart: Option<super::ChartView<'a>>,
    pub latest_articles: Vec<ArticleCard<'a>>,
    pub contested_points: Vec<PointRow<'a>>,
}

#[derive(Serialize)]
pub struct PointsPage<'a> {
    pub chrome: Chrome<'a>,
    pub plan_title: &'a str,
    pub statuses: Vec<StatusView<'a>>,
    /// The counts that are not zero, by headline status.
    pub standing: Vec<CountView<'a>>,
    pub contested: usize,
    pub partial: usize,
    pub parties: Vec<PartyView<'a>>,
    pub blocks: Vec<BlockView<'a>>,
    /// The table as of each date with a claim, newest first.
    pub dates: Vec<super::DateLink>,
}

#[derive(Serialize)]
pub struct PointPage<'a> {
    pub chrome: Chrome<'a>,
    pub point: PointRow<'a>,
    pub block_title: &'a str,
    pub history: Vec<ClaimView<'a>>,
    pub articles: Vec<ArticleCard<'a>>,
    pub events: Vec<EventView<'a>>,
    pub previous: Option<PointLink<'a>>,
    pub next: Option<PointLink<'a>>,
    /// The point in each version of the plan (empty without versions).
    pub across: Vec<super::AcrossRow<'a>>,
    /// The Atom feed of this point's claims.
    pub feed_url: String,
    /// The day the point first appeared, in words (`None`: in the base version).
    pub since_label: Option<String>,
    pub since_date: Option<String>,
    /// The version it first appeared in, when `since` names one.
    pub since_version: Option<super::versions::VersionLink<'a>>,
}

#[derive(Serialize)]
pub struct EntryView<'a> {
    /// `event` or `claim`.
    pub kind: &'static str,
    pub date_label: String,
    pub title: String,
    /// The title's language when it is not the page's (an untranslated event).
    pub title_lang: Option<&'a str>,
    pub place: Option<&'a str>,
    pub actors: Vec<&'a str>,
    /// Actors joined by `|`, for the filter script.
    pub actors_attr: String,
    pub status: Option<StatusView<'a>>,
    pub claimed_by: Option<&'a str>,
    pub note: Option<&'a str>,
    pub note_lang: Option<&'a str>,
    /// The part of the point the claim covers (`None`: the whole point).
    pub part: Option<&'a str>,
    pub points: Vec<PointLink<'a>>,
    pub article_title: &'a str,
    pub article_lang: Option<&'a str>,
    pub article_url: String,
}

#[derive(Serialize)]
pub struct DayView<'a> {
    pub date: String,
    pub label: String,
    pub entries: Vec<EntryView<'a>>,
}

#[derive(Serialize)]
pub struct MonthView<'a> {
    pub id: String,
    pub label: String,
    pub in_month: Vec<EntryView<'a>>,
    pub days: Vec<DayView<'a>>,
}

#[derive(Serialize)]
pub struct TimelinePage<'a> {
    pub chrome: Chrome<'a>,
    pub months: Vec<MonthView<'a>>,
    /// Everyone named as an actor on this page, for the filter.
    pub actors: Vec<ActorView<'a>>,
    pub pagination: Pagination,
}

/// An actor of the timeline: the key entries' `data-actors` hold, and the name shown.
#[derive(Serialize)]
pub struct ActorView<'a> {
    pub key: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub url: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct SourceView<'a> {
    pub name: &'a str,
    pub url: Option<&'a str>,
    pub date: Option<String>,
    pub date_label: Option<String>,
    /// `primary`, `report` or `analysis`.
    pub kind: Option<&'a str>,
    pub archive: Option<&'a str>,
    pub accessed: Option<String>,
    pub accessed_label: Option<String>,
}

#[derive(Serialize)]
pub struct ArticlePage<'a> {
    pub chrome: Chrome<'a>,
    pub article: ArticleCard<'a>,
    pub tags: Vec<TagLink<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub events: Vec<EventView<'a>>,
    pub claims: Vec<ClaimView<'a>>,
}

#[derive(Serialize)]
pub struct ArticlesPage<'a> {
    pub chrome: Chrome<'a>,
    pub heading: String,
    pub articles: Vec<ArticleCard<'a>>,
    pub pagination: Pagination,
}

#[derive(Serialize)]
pub struct TagsPage<'a> {
    pub chrome: Chrome<'a>,
    pub tags: Vec<TagLink<'a>>,
}

#[derive(Serialize)]
pub struct NotFoundPage<'a> {
    pub chrome: Chrome<'a>,
}

#[derive(Serialize)]
pub struct SearchPage<'a> {
    pub chrome: Chrome<'a>,
}
