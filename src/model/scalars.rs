//! Scalars with rules: calendar `Date` (day or month precision), `PointRefs` (one number or a
//! list), `BlockId` (integer or short string) and slugs. Each deserialises through its own
//! visitor so that YAML errors keep their line, column and field path.

use serde::de::{self, Deserializer, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// Month names for diagnostics (editors' messages stay English; readers' dates come from
/// the strings table).
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date: a day (`YYYY-MM-DD`) or a whole month (`YYYY-MM`). A month sorts before
/// the days of that month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: Option<u8>,
}

impl Date {
    /// A full date, if it exists in the calendar.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        chrono::NaiveDate::from_ymd_opt(year, month.into(), day.into())?;
        Some(Date {
            year,
            month,
            day: Some(day),
        })
    }

    /// A whole month.
    pub fn ym(year: i32, month: u8) -> Option<Date> {
        (1..=12).contains(&month).then_some(Date {
            year,
            month,
            day: None,
        })
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM`, with an error message that says which rule failed.
    pub fn parse(text: &str) -> Result<Date, String> {
        let parts: Vec<&str> = text.trim().split('-').collect();
        let well_formed = matches!(parts.len(), 2 | 3)
            && parts[0].len() == 4
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(format!(
                "\"{text}\" is not a date; expected YYYY-MM-DD (or YYYY-MM for a whole month)"
            ));
        }
        let year: i32 = parts[0]
            .parse()
            .map_err(|_| format!("bad year in \"{text}\""))?;
        let month: u8 = parts[1]
            .parse()
            .map_err(|_| format!("bad month in \"{text}\""))?;
        if !(1..=12).contains(&month) {
            return Err(format!("\"{text}\" has month {month}; expected 01 to 12"));
        }
        match parts.get(2) {
            None => Ok(Date {
                year,
                month,
                day: None,
            }),
            Some(day) => {
                let day: u8 = day.parse().map_err(|_| format!("bad day in \"{text}\""))?;
                Date::ymd(year, month, day).ok_or_else(|| {
                    format!(
                        "\"{text}\" is not a day of the calendar ({} has no day {day})",
                        {
                            let m = MONTHS[usize::from(month - 1)];
                            format!("{m} {year}")
                        }
                    )
                })
            }
        }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> u8 {
        self.month
    }

    pub fn day(&self) -> Option<u8> {
        self.day
    }

    pub fn is_full(&self) -> bool {
        self.day.is_some()
    }

    /// `2025-12-07` or `2025-12`.
    pub fn iso(&self) -> String {
        self.to_string()
    }

    /// The same month, as a month-precision date (used to group a timeline).
    pub fn month_only(&self) -> Date {
        Date { day: None, ..*self }
    }

    pub fn to_naive(self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month.into(), self.day.unwrap_or(1).into())
            .expect("a Date is only built from a valid calendar day or month")
    }
}

impl fmt::Display for Date {
    /// The ISO form (`iso`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl Visitor<'_> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as YYYY-MM-DD (or YYYY-MM for a whole month)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateVisitor)
    }
}

/// One point number or a list of them (`point: 19` or `point: [19, 21]`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PointRefs(pub Vec<u32>);

impl<'de> Deserialize<'de> for PointRefs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RefsVisitor;
        impl<'de> Visitor<'de> for RefsVisitor {
            type Value = PointRefs;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a point number or a list of point numbers")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<PointRefs, E> {
                point_number(v).map(|n| PointRefs(vec![n]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<PointRefs, E> {
                Err(E::invalid_value(Unexpected::Signed(v), &self))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PointRefs, A::Error> {
                let mut out = Vec::new();
                while let Some(n) = seq.next_element::<u64>()? {
                    out.push(point_number(n)?);
                }
                if out.is_empty() {
                    return Err(de::Error::invalid_length(0, &self));
                }
                Ok(PointRefs(out))
            }
        }
        deserializer.deserialize_any(RefsVisitor)
    }
}

fn point_number<E: de::Error>(v: u64) -> Result<u32, E> {
    u32::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &"a point number"))
}

/// A block id as written: an integer or a short string, compared by its text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct BlockId(pub String);

impl<'de> Deserialize<'de> for BlockId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = BlockId;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a block id (an integer or a short string)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<BlockId, E> {
                Ok(BlockId(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<BlockId, E> {
                Ok(BlockId(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<BlockId, E> {
                let v = v.trim();
                if v.is_empty() || v.chars().count() > 40 {
                    return Err(E::invalid_value(Unexpected::Str(v), &self));
                }
                Ok(BlockId(v.to_string()))
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

impl fmt::Display for BlockId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// True when `s` is a slug: lower-case ASCII letters, digits and single hyphens inside.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// Slugifies free text (a tag): transliterates non-ASCII, lower-cases, joins words by hyphens.
pub fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// A date that exists in the calendar, as a regular expression (JSON Schemas cannot call a
/// parser): a month; a day of a month that has it; or 29 February of a leap year.
const DATE_PATTERN: &str = concat!(
    "^(?:[0-9]{4}-(?:0[1-9]|1[0-2])",
    "|[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))",
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$"
);

// JSON Schemas for the scalars, as `briefing schema` describes them to editors. A point number
// is its own definition so that a site's schema can list the points it has.
impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A date as YYYY-MM-DD, or YYYY-MM for a whole month; the day must exist.",
            "type": "string",
            "pattern": DATE_PATTERN
        })
    }
}

/// A plan point's number, as claims and events name it.
pub(crate) struct PointNumber;

impl schemars::JsonSchema for PointNumber {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PointNumber".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A plan point's number.",
            "type": "integer",
            "minimum": 0
        })
    }
}

impl schemars::JsonSchema for PointRefs {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PointRefs".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = generator.subschema_for::<PointNumber>();
        schemars::json_schema!({
            "description": "A point number or a list of point numbers.",
            "anyOf": [one, {"type": "array", "items": one, "minItems": 1}]
        })
    }
}

impl schemars::JsonSchema for BlockId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BlockId".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A block id: an integer or a short string.",
            "type": ["integer", "string"]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_days_and_months() {
        assert_eq!(Date::parse("2025-12-07").unwrap().iso(), "2025-12-07");
        assert_eq!(Date::parse("2025-12").unwrap().iso(), "2025-12");
        assert_eq!(Date::parse("0987-01-07").unwrap().iso(), "0987-01-07");
        assert_eq!(Date::parse("2025-02").unwrap().to_string(), "2025-02");
        // Years beyond four digits take the general path.
        assert_eq!(Date::ymd(12025, 3, 4).unwrap().iso(), "12025-03-04");
        assert_eq!(Date::ymd(-44, 3, 15).unwrap().to_string(), "-044-03-15");
        assert!(!Date::parse("2025-12").unwrap().is_full());
    }

    #[test]
    fn impossible_dates_are_refused_with_a_reason() {
        let e = Date::parse("2025-02-30").unwrap_err();
        assert!(e.contains("February 2025 has no day 30"), "{e}");
        assert!(Date::parse("2025-13-01").unwrap_err().contains("month 13"));
        assert!(
            Date::parse("7 Dec 2025")
                .unwrap_err()
                .contains("not a date")
        );
        assert!(Date::parse("2025-1-07").is_err());
    }

    #[test]
    fn a_month_sorts_before_its_days() {
        let month = Date::parse("2025-12").unwrap();
        let first = Date::parse("2025-12-01").unwrap();
        let november = Date::parse("2025-11-30").unwrap();
        assert!(november < month && month < first);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("2025-12-07-two-points"));
        assert!(!is_slug("Two"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("../x"));
        assert_eq!(slugify("Zaporizhzhia NPP"), "zaporizhzhia-npp");
        assert_eq!(slugify("Übergang"), "ubergang");
    }
}
