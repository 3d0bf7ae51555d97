"""The map's meetings as an iCalendar file (RFC 5545), written by hand.

* One ``VEVENT`` per meeting with an exact ``date``; meetings the minutes only date
  roughly (``when`` without ``date``) are left out, since iCalendar has no way to say
  "some time in spring".
* ``UID`` is ``<meeting id>@samverkanskartan``: stable across exports, so a subscribed
  calendar updates an event instead of duplicating it.
* Times are local Swedish time: ``DTSTART;TZID=Europe/Stockholm:20231107T160000`` with a
  ``VTIMEZONE`` for Europe/Stockholm (CET/CEST, EU rules).  A meeting whose ``time``
  cannot be read as a clock time ("16:00-18:00", "16–18", "kl. 18.00") is an all-day
  event (``VALUE=DATE``), and the time as written goes into the description.
  A meeting over several days (``end_date``) is an all-day event over those days.
* ``DTSTAMP`` (required) is the date of the newest source of the meeting, so the same
  data gives the same bytes (and the same ETag).
* ``SUMMARY`` is the title, ``LOCATION`` the place's name and address, ``DESCRIPTION``
  the organiser, status (planerat/genomfört), what it is about, notes and sources.
* Text is escaped (``\\ ; , newline``), control characters dropped, lines folded at 75
  octets without splitting a UTF-8 character, and every line ends in CRLF.

Examples
--------
>>> parse_time("16:00-18:00")
(datetime.time(16, 0), datetime.time(18, 0))
>>> parse_time("kl. 16–18")
(datetime.time(16, 0), datetime.time(18, 0))
>>> parse_time("18.30"), parse_time("på eftermiddagen")
((datetime.time(18, 30), None), None)
>>> fold_line("X:" + "å" * 40).count("\\r\\n ")
1
"""

from __future__ import annotations

import datetime as dt
import re

from kartan.labels import MEETING_STATUS_LABELS
from kartan.map import Map
from kartan.matters import meeting_matter_lines
from kartan.model import Meeting, Node, source_id
from kartan.sources import source_text
from kartan.texts import text

TZID = "Europe/Stockholm"
UID_DOMAIN = "samverkanskartan"
PRODID = "-//Samverkanskartan//kartan//SV"

VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?"
_RANGE = re.compile(
    rf"(?<![\d:.\-–]){_CLOCK}\s*(?:-|–|—|till|to)\s*{_CLOCK}(?![\d:.\-–])", re.IGNORECASE
)
_SINGLE = re.compile(r"(?<![\d:.])(\d{1,2})[:.](\d{2})(?![\d:.])")
_KL = re.compile(r"\bkl\.?\s*(\d{1,2})(?:[:.](\d{2}))?(?![\d:.])", re.IGNORECASE)
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")


def _clock(hour: str, minute: str | None) -> dt.time | None:
    h, mi = int(hour), int(minute or 0)
    if 0 <= h <= 23 and 0 <= mi <= 59:
        return dt.time(h, mi)
    return None


def parse_time(text: str | None) -> tuple[dt.time, dt.time | None] | None:
    """Start (and end) clock time of a free-text time such as '16–18', or None."""
    if not text:
        return None
    found = _RANGE.search(text)
    if found:
        start = _clock(found.group(1), found.group(2))
        end = _clock(found.group(3), found.group(4))
        if start is not None and end is not None:
            return start, end
    for pattern in (_SINGLE, _KL):
        found = pattern.search(text)
        if found:
            start = _clock(found.group(1), found.group(2))
            if start is not None:
                return start, None
    return None


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11) and drop control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    parts = [_CONTROL.sub("", line) for line in text.split("\n")]
    return "\\n".join(parts)


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    chunks: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            chunks.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += ch
        size += n
    chunks.append(current)
    return "\r\n ".join(chunks)


def _local(day: dt.date, clock: dt.time) -> str:
    return f"{day:%Y%m%d}T{clock:%H%M%S}"


def _stamp(m: Map, node: Node, meeting: Meeting) -> str:
    dates = [
        s.date
        for ref in meeting.sources
        if (s := m.sources.get(source_id(ref))) is not None and s.date is not None
    ]
    day = max(dates) if dates else (node.reviewed or meeting.date or dt.date(1970, 1, 1))
    return f"{day:%Y%m%d}T000000Z"


def _location(m: Map, meeting: Meeting) -> str | None:
    parts: list[str] = []
    place = m.places.get(meeting.place) if meeting.place else None
    if place is not None:
        parts.append(place.name)
        if place.address:
            parts.append(place.address)
    if meeting.place_note:
        parts.append(meeting.place_note)
    return ", ".join(parts) or None


def _description(m: Map, node: Node, meeting: Meeting, lang: str, *, time_unread: bool) -> str:
    en = lang == "en"
    status_sv, status_en = MEETING_STATUS_LABELS[meeting.status.value]
    lines = [
        f"{text('ical_organiser', lang)}: {_name(node, lang)}",
        f"{text('ical_status', lang)}: {status_en if en else status_sv}",
    ]
    if meeting.about and meeting.about in m.nodes:
        lines.append(f"{text('ical_about', lang)}: {_name(m.nodes[meeting.about], lang)}")
    if meeting.time and time_unread:
        lines.append(f"{text('ical_time', lang)}: {meeting.time}")
    description = (meeting.description_en if en else None) or meeting.description
    if description:
        lines.append(description)
    if meeting.inferred:
        lines.append(text("ical_inferred", lang))
    lines.extend(meeting_matter_lines(m, meeting.id, lang))  # matters (issue 17)
    sources = "; ".join(source_text(m, ref) for ref in meeting.sources)
    lines.append(f"{text('ical_sources', lang)}: {sources}")
    return "\n".join(lines)


def _name(node: Node, lang: str) -> str:
    return (node.name_en or node.name) if lang == "en" else node.name


def event_lines(m: Map, node: Node, meeting: Meeting, lang: str = "sv") -> list[str]:
    """The unfolded content lines of one meeting's VEVENT (empty without a date)."""
    if meeting.date is None:
        return []
    clock = parse_time(meeting.time)
    several_days = meeting.end_date is not None and meeting.end_date != meeting.date
    lines = [
        "BEGIN:VEVENT",
        f"UID:{meeting.id}@{UID_DOMAIN}",
        f"DTSTAMP:{_stamp(m, node, meeting)}",
    ]
    if clock is None or several_days:
        last = meeting.end_date or meeting.date
        lines.append(f"DTSTART;VALUE=DATE:{meeting.date:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{last + dt.timedelta(days=1):%Y%m%d}")
    else:
        start, end = clock
        lines.append(f"DTSTART;TZID={TZID}:{_local(meeting.date, start)}")
        if end is not None:
            end_day = meeting.date + dt.timedelta(days=1 if end <= start else 0)
            lines.append(f"DTEND;TZID={TZID}:{_local(end_day, end)}")
    title = (meeting.title_en if lang == "en" else None) or meeting.title
    lines.append(f"SUMMARY:{escape(title)}")
    location = _location(m, meeting)
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    description = _description(m, node, meeting, lang, time_unread=clock is None or several_days)
    lines.append(f"DESCRIPTION:{escape(description)}")
    lines.append("END:VEVENT")
    return lines


def calendar(m: Map, *, node: str | None = None, lang: str = "sv") -> bytes:
    """The calendar of every dated meeting (or one body's), as RFC 5545 bytes."""
    name = m.title if node is None else f"{m.nodes[node].name} – {m.title}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for owner, meeting in m.meetings():
        if node is not None and owner.id != node:
            continue
        lines.extend(event_lines(m, owner, meeting, lang))
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines).encode("utf-8")
