//! Times as the store keeps them: RFC 3339 in UTC with milliseconds, so that the text
//! order is the time order and SQL can compare them as text.

use jiff::{Timestamp, civil::Date, tz::TimeZone};

/// `2026-11-23T14:42:07.123Z`.
pub fn format(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The current time, formatted.
pub fn now() -> String {
    format(Timestamp::now())
}

/// Reads an RFC 3339 timestamp (any offset, any precision) and gives it back in the
/// store's form.
pub fn normalise(text: &str) -> Result<String, String> {
    text.parse::<Timestamp>()
        .map(format)
        .map_err(|e| format!("`{text}` is not an RFC 3339 timestamp ({e})"))
}

/// A `--since` value: a date (`2026-11-01`, from midnight UTC) or an RFC 3339 timestamp.
pub fn since(text: &str) -> Result<String, String> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>() {
        let ts = date
            .to_zoned_datetime(TimeZone::UTC)
            .map_err(|e| format!("`{text}`: {e}"))?
            .timestamp();
        return Ok(format(ts));
    }
    text.parse::<Timestamp>().map(format).map_err(|_| {
        format!(
            "`{text}` is neither a date (YYYY-MM-DD, from midnight UTC) nor an RFC 3339 timestamp (2026-11-01T09:00:00Z)"
        )
    })
}

/// Milliseconds from `start` to `end`, both in the store's form; `None` when either does
/// not parse or the end comes first.
pub fn millis_between(start: &str, end: &str) -> Option<u64> {
    let start: Timestamp = start.parse().ok()?;
    let end: Timestamp = end.parse().ok()?;
    let ms = end.as_millisecond() - start.as_millisecond();
    u64::try_from(ms).ok()
}

/// An ISO 8601 duration for xAPI: `PT1H2M3.456S`, hours and minutes only when non-zero,
/// seconds always.
pub fn iso8601_duration(ms: u64) -> String {
    let hours = ms / 3_600_000;
    let minutes = ms / 60_000 % 60;
    let seconds = ms / 1000 % 60;
    let millis = ms % 1000;
    let mut out = String::from("PT");
    if hours > 0 {
        out.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}M"));
    }
    if millis > 0 {
        out.push_str(&format!("{seconds}.{millis:03}S"));
    } else {
        out.push_str(&format!("{seconds}S"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_form_sorts_as_time() {
        assert_eq!(
            normalise("2026-11-23T15:42:07+01:00").unwrap(),
            "2026-11-23T14:42:07.000Z"
        );
        assert_eq!(
            normalise("2026-11-23T14:42:07.123456Z").unwrap(),
            "2026-11-23T14:42:07.123Z"
        );
        assert!(normalise("yesterday").is_err());
        let a = normalise("2026-11-23T09:00:00Z").unwrap();
        let b = normalise("2026-11-23T10:00:00.5Z").unwrap();
        assert!(a < b);
    }

    #[test]
    fn since_takes_a_date_or_a_timestamp() {
        assert_eq!(since("2026-11-01").unwrap(), "2026-11-01T00:00:00.000Z");
        assert_eq!(
            since("2026-11-01T09:30:00Z").unwrap(),
            "2026-11-01T09:30:00.000Z"
        );
        let e = since("last week").unwrap_err();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
    }

    #[test]
    fn durations() {
        assert_eq!(iso8601_duration(0), "PT0S");
        assert_eq!(iso8601_duration(83_456), "PT1M23.456S");
        assert_eq!(iso8601_duration(3_600_000 + 5_000), "PT1H5S");
        assert_eq!(
            millis_between("2026-11-23T14:00:00.000Z", "2026-11-23T14:01:23.456Z"),
            Some(83_456)
        );
        assert_eq!(
            millis_between("2026-11-23T14:00:01.000Z", "2026-11-23T14:00:00.000Z"),
            None
        );
    }
}
