//! `data/timeline.ics` (icalendar): one event per event of the timeline, lasting its day (or
//! its month, for an event dated to the month only). UIDs are `ids::Ids`'; an event's `URL`
//! is absolute (RFC 5545), so it is there only with `base_url`.

use super::ids::Ids;
use super::{midnight, url_of};
use crate::links;
use crate::model::Event;
use crate::views::{Entry, EntryKind, Views};

pub(super) fn timeline_ics(cx: &Views<'_>) -> String {
    use icalendar::Calendar;
    use rayon::prelude::*;
    let ids = Ids::new(cx);
    // Each event is made and written on its own (in parallel, in order) and dropped at once,
    // so the calendar never holds every event's properties together; the calendar's own
    // lines go around them, as `Calendar` writes them.
    let events: Vec<String> = cx
        .timeline
        .par_iter()
        .filter_map(|e| match e.kind {
            EntryKind::Event(ev) => Some(event_text(cx, e, ev, &ids)),
            _ => None,
        })
        .collect();
    let empty = Calendar::new().name(&cx.config.title).done().to_string();
    let end = empty.rfind("END:VCALENDAR").unwrap_or(empty.len());
    let mut out =
        String::with_capacity(empty.len() + events.iter().map(String::len).sum::<usize>());
    out.push_str(&empty[..end]);
    events.iter().for_each(|text| out.push_str(text));
    out.push_str(&empty[end..]);
    out
}

/// One event of the timeline as the lines of a VEVENT.
fn event_text(cx: &Views<'_>, e: &Entry<'_>, ev: &Event, ids: &Ids) -> String {
    use icalendar::{Component, EventLike};
    let mut event = icalendar::Event::new();
    event
        .uid(&ids.event(e.article, ev))
        .timestamp(midnight(e.article.date).to_utc());
    if cx.base_url.is_some() {
        event.url(&url_of(cx, &links::article(&e.article.slug)));
    }
    // DTEND is exclusive (RFC 5545): a day ends on the next day, a month on the first
    // day of the next month.
    let start = ev.date.to_naive();
    let end = if ev.date.is_full() {
        start.succ_opt()
    } else {
        start.checked_add_months(chrono::Months::new(1))
    };
    event.starts(start).ends(end.unwrap_or(start));
    let words = &cx.config.strings;
    let mut description = words.format("ics_reported_in", &[("title", &e.article.title)]);
    if !ev.actors.is_empty() {
        let actors = words.format("actors", &[("actors", &ev.actors.join(", "))]);
        description = format!("{actors} {description}");
    }
    // Text properties carry the briefing's language (RFC 5545, LANGUAGE).
    let texts = [
        ("SUMMARY", Some(ev.title.as_str())),
        ("LOCATION", ev.place.as_deref()),
        ("DESCRIPTION", Some(description.as_str())),
    ];
    for (key, value) in texts {
        if let Some(value) = value {
            let mut property = icalendar::Property::new(key, value);
            property.add_parameter("LANGUAGE", &cx.config.language);
            event.append_property(property);
        }
    }
    event.done().to_string()
}
