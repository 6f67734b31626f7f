//! Derived views, computed once per build from the validated site: each point's status
//! (history, current, contested), the timeline, and the status counts. Pure functions: no I/O,
//! no Tera.

mod status;
mod timeline;

pub use status::{ClaimRef, Counts, PointStatus, Position, counts, point_statuses};
pub use timeline::{DayGroup, Entry, EntryKind, MonthGroup, actors, group_by_month, timeline};
