//! Who's who: the people the briefing attributes claims to, grouped by party, each with the
//! roles they held and every statement they made on the plan. Contexts only; templates format.

use super::context::{ClaimView, EventView};
use super::pages::chrome;
use super::parts::{claim_view, event_view};
use super::{Input, Urls};
use crate::links;
use crate::model::{Date, Person};
use serde::Serialize;

#[derive(Serialize)]
pub struct RoleView {
    pub title: String,
    pub from: Option<String>,
    pub from_label: Option<String>,
    pub to: Option<String>,
    pub to_label: Option<String>,
}

#[derive(Serialize)]
pub struct PersonLink<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub roles: Vec<RoleView>,
}

/// The people of one party (`party` is `None` for observers), in the briefing's order.
#[derive(Serialize)]
pub struct PartyGroup<'a> {
    pub party: Option<&'a str>,
    pub people: Vec<PersonLink<'a>>,
}

#[derive(Serialize)]
pub struct PeoplePage<'a> {
    pub chrome: super::Chrome<'a>,
    pub groups: Vec<PartyGroup<'a>>,
}

#[derive(Serialize)]
pub struct PersonPage<'a> {
    pub chrome: super::Chrome<'a>,
    pub person: PersonLink<'a>,
    pub party: Option<&'a str>,
    /// Every claim the person made, newest first.
    pub statements: Vec<ClaimView<'a>>,
    /// Events that name the person among their actors (by id or name), oldest first.
    pub events: Vec<EventView<'a>>,
}

fn roles(u: &Urls<'_>, p: &Person) -> Vec<RoleView> {
    let label = |d: Option<Date>| d.map(|d| u.date(d));
    p.roles
        .iter()
        .map(|r| RoleView {
            title: r.title.clone(),
            from: r.from.map(|d| d.iso()),
            from_label: label(r.from),
            to: r.to.map(|d| d.iso()),
            to_label: label(r.to),
        })
        .collect()
}

fn person_link<'a>(u: &Urls<'_>, p: &'a Person) -> PersonLink<'a> {
    PersonLink {
        id: &p.id,
        name: &p.name,
        url: u.to(&links::person(&p.id)),
        roles: roles(u, p),
    }
}

pub(super) fn people_page<'a>(cx: &Input<'a>, u: &Urls<'_>) -> PeoplePage<'a> {
    // The declared parties in their order, then any other party named, then observers.
    let mut order: Vec<Option<&'a str>> = cx
        .config
        .parties
        .iter()
        .map(|p| Some(p.name.as_str()))
        .collect();
    for p in &cx.site.people {
        let party = p.party.as_deref();
        if !order.contains(&party) && party.is_some() {
            order.push(party);
        }
    }
    order.push(None);
    let groups = order
        .into_iter()
        .map(|party| PartyGroup {
            party: party.map(|p| cx.config.shown(p)),
            people: (cx.site.people.iter())
                .filter(|p| p.party.as_deref() == party)
                .map(|p| person_link(u, p))
                .collect(),
        })
        .filter(|g| !g.people.is_empty())
        .collect();
    PeoplePage {
        chrome: chrome(cx, u, u.strings.get("people_title"), "people"),
        groups,
    }
}

pub(super) fn person_page<'a>(cx: &Input<'a>, u: &Urls<'_>, i: usize) -> PersonPage<'a> {
    let p = &cx.site.people[i];
    let mut statements: Vec<ClaimView<'a>> = Vec::new();
    let mut dated = Vec::new();
    for a in &cx.site.articles {
        for c in a.claims.iter().filter(|c| c.by.as_deref() == Some(&p.id)) {
            dated.push((c.date, a, c));
        }
    }
    dated.sort_by_key(|(d, _, _)| std::cmp::Reverse(*d));
    statements.extend(dated.into_iter().map(|(_, a, c)| claim_view(u, c, a, cx)));
    let mut events = Vec::new();
    for a in &cx.site.articles {
        for e in a
            .events
            .iter()
            .filter(|e| e.actors.iter().any(|x| *x == p.id || *x == p.name))
        {
            events.push((e.date, event_view(u, e, a, cx)));
        }
    }
    events.sort_by_key(|(d, _)| *d);
    PersonPage {
        chrome: chrome(cx, u, &p.name, "people"),
        person: person_link(u, p),
        party: p.party.as_deref().map(|p| cx.config.shown(p)),
        statements,
        events: events.into_iter().map(|(_, e)| e).collect(),
    }
}
