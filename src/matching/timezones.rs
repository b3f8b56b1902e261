//! Time-zone distances from a built-in table of standard UTC offsets (see
//! the module documentation of `matching` for why not a tz database).

/// Standard (winter) UTC offsets in minutes of common IANA zones and a few
/// old aliases. Daylight saving time is ignored on purpose; see the module
/// documentation.
pub(super) const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("Etc/UTC", 0),
    ("GMT", 0),
    ("Etc/GMT", 0),
    // Europe
    ("Europe/London", 0),
    ("Europe/Dublin", 0),
    ("Europe/Lisbon", 0),
    ("Atlantic/Reykjavik", 0),
    ("Atlantic/Canary", 0),
    ("Europe/Paris", 60),
    ("Europe/Berlin", 60),
    ("Europe/Madrid", 60),
    ("Europe/Rome", 60),
    ("Europe/Amsterdam", 60),
    ("Europe/Brussels", 60),
    ("Europe/Luxembourg", 60),
    ("Europe/Vienna", 60),
    ("Europe/Zurich", 60),
    ("Europe/Stockholm", 60),
    ("Europe/Oslo", 60),
    ("Europe/Copenhagen", 60),
    ("Europe/Warsaw", 60),
    ("Europe/Prague", 60),
    ("Europe/Budapest", 60),
    ("Europe/Belgrade", 60),
    ("Europe/Zagreb", 60),
    ("Europe/Athens", 120),
    ("Europe/Helsinki", 120),
    ("Europe/Kyiv", 120),
    ("Europe/Kiev", 120),
    ("Europe/Bucharest", 120),
    ("Europe/Sofia", 120),
    ("Europe/Riga", 120),
    ("Europe/Vilnius", 120),
    ("Europe/Tallinn", 120),
    ("Europe/Istanbul", 180),
    ("Europe/Moscow", 180),
    ("Europe/Minsk", 180),
    // Americas
    ("America/St_Johns", -210),
    ("America/Halifax", -240),
    ("America/Puerto_Rico", -240),
    ("America/Caracas", -240),
    ("America/La_Paz", -240),
    ("America/Santiago", -240),
    ("America/Sao_Paulo", -180),
    ("America/Argentina/Buenos_Aires", -180),
    ("America/Buenos_Aires", -180),
    ("America/Montevideo", -180),
    ("America/New_York", -300),
    ("America/Toronto", -300),
    ("America/Detroit", -300),
    ("America/Bogota", -300),
    ("America/Lima", -300),
    ("America/Panama", -300),
    ("America/Havana", -300),
    ("America/Chicago", -360),
    ("America/Winnipeg", -360),
    ("America/Mexico_City", -360),
    ("America/Guatemala", -360),
    ("America/Costa_Rica", -360),
    ("America/Denver", -420),
    ("America/Edmonton", -420),
    ("America/Phoenix", -420),
    ("America/Los_Angeles", -480),
    ("America/Vancouver", -480),
    ("America/Tijuana", -480),
    ("America/Anchorage", -540),
    ("Pacific/Honolulu", -600),
    ("Pacific/Pago_Pago", -660),
    // Africa
    ("Africa/Abidjan", 0),
    ("Africa/Accra", 0),
    ("Africa/Dakar", 0),
    ("Africa/Casablanca", 60),
    ("Africa/Lagos", 60),
    ("Africa/Algiers", 60),
    ("Africa/Tunis", 60),
    ("Africa/Kinshasa", 60),
    ("Africa/Cairo", 120),
    ("Africa/Johannesburg", 120),
    ("Africa/Kigali", 120),
    ("Africa/Harare", 120),
    ("Africa/Lusaka", 120),
    ("Africa/Khartoum", 120),
    ("Africa/Nairobi", 180),
    ("Africa/Addis_Ababa", 180),
    ("Africa/Kampala", 180),
    ("Africa/Dar_es_Salaam", 180),
    // Asia
    ("Asia/Jerusalem", 120),
    ("Asia/Beirut", 120),
    ("Asia/Amman", 180),
    ("Asia/Baghdad", 180),
    ("Asia/Riyadh", 180),
    ("Asia/Qatar", 180),
    ("Asia/Tehran", 210),
    ("Asia/Dubai", 240),
    ("Asia/Baku", 240),
    ("Asia/Kabul", 270),
    ("Asia/Karachi", 300),
    ("Asia/Tashkent", 300),
    ("Asia/Almaty", 300),
    ("Asia/Kolkata", 330),
    ("Asia/Calcutta", 330),
    ("Asia/Colombo", 330),
    ("Asia/Kathmandu", 345),
    ("Asia/Dhaka", 360),
    ("Asia/Yangon", 390),
    ("Asia/Bangkok", 420),
    ("Asia/Jakarta", 420),
    ("Asia/Ho_Chi_Minh", 420),
    ("Asia/Saigon", 420),
    ("Asia/Singapore", 480),
    ("Asia/Kuala_Lumpur", 480),
    ("Asia/Shanghai", 480),
    ("Asia/Hong_Kong", 480),
    ("Asia/Taipei", 480),
    ("Asia/Manila", 480),
    ("Australia/Perth", 480),
    ("Asia/Seoul", 540),
    ("Asia/Tokyo", 540),
    // Oceania
    ("Australia/Darwin", 570),
    ("Australia/Adelaide", 570),
    ("Australia/Brisbane", 600),
    ("Australia/Sydney", 600),
    ("Australia/Melbourne", 600),
    ("Australia/Hobart", 600),
    ("Pacific/Guam", 600),
    ("Pacific/Noumea", 660),
    ("Pacific/Auckland", 720),
    ("Pacific/Fiji", 720),
];

/// The standard UTC offset in minutes of `zone`: an IANA name from the
/// built-in table (case-insensitive), or a fixed offset written `UTC+2`,
/// `UTC-05:30`, `GMT+1` or `Etc/GMT-3` (whose sign, by POSIX convention, is
/// reversed: `Etc/GMT-3` is UTC+3). `None` for anything else.
pub fn utc_offset_minutes(zone: &str) -> Option<i32> {
    let zone = zone.trim();
    if let Some((_, offset)) = ZONES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(zone))
    {
        return Some(*offset);
    }
    let upper = zone.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("ETC/GMT") {
        return fixed_offset(rest).map(|m| -m);
    }
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))?;
    fixed_offset(rest)
}

/// `+5`, `-05:30`, `+0530` → minutes east of UTC.
fn fixed_offset(text: &str) -> Option<i32> {
    let (sign, digits) = match text.chars().next()? {
        '+' => (1, &text[1..]),
        '-' | '\u{2212}' => (-1, &text[text.chars().next()?.len_utf8()..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let hours: i32 = hours.parse().ok()?;
    let minutes: i32 = minutes.parse().ok()?;
    if !(0..=14).contains(&hours) || !(0..60).contains(&minutes) {
        return None;
    }
    Some(sign * (hours * 60 + minutes))
}

/// Minutes between two UTC offsets, the short way round the clock: at most
/// 12 hours, so UTC+12 and UTC−11 are 60 minutes apart.
pub fn offset_gap_minutes(a: i32, b: i32) -> u32 {
    let diff = (a - b).rem_euclid(24 * 60) as u32;
    diff.min(24 * 60 - diff)
}

/// Minutes between two zones, or `None` when either is not known.
#[cfg(test)]
pub fn timezone_gap_minutes(a: &str, b: &str) -> Option<u32> {
    Some(offset_gap_minutes(
        utc_offset_minutes(a)?,
        utc_offset_minutes(b)?,
    ))
}

/// `60` → "1 h", `330` → "5 h 30 min".
pub(super) fn hours_text(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h} h"),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m} min"),
    }
}
