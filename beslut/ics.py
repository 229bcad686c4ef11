"""A meeting as an iCalendar file (RFC 5545), for the members' calendars.

Times are written in UTC (the "Z" form), which every calendar reads without
a VTIMEZONE block; the calendar shows them in the reader's own zone. The UID
is the meeting's own and never changes, and SEQUENCE follows the meeting's
version, so a calendar that imported the file once updates the same event
when a changed file is opened again.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

STOCKHOLM = ZoneInfo("Europe/Stockholm")
STANDARDLANGD = datetime.timedelta(hours=2)  # when no end time is given


def escape(text):
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line):
    """Lines longer than 75 octets continue on the next line after CRLF and a
    space (RFC 5545 3.1), never splitting a UTF-8 character."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74  # a continuation line starts with the space
        if len(current) + len(encoded) > limit:
            out.append(current)
            current = b""
        current += encoded
    out.append(current)
    return b"\r\n ".join(out).decode()


def _utc(datum, tid):
    local = datetime.datetime.combine(datum, tid, tzinfo=STOCKHOLM)
    return local.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _host():
    return urlsplit(getattr(settings, "SITE_URL", "") or "").hostname or "samordning.invalid"


def uid(mote):
    return f"sammantrade-{mote.pk}@{_host()}"


def kalenderfil(mote, *, url="", forbund_namn=""):
    """The VCALENDAR text of one meeting; `url` the meeting's page."""
    start = datetime.datetime.combine(mote.datum, mote.starttid)
    if mote.sluttid:
        slut_datum, slut_tid = mote.datum, mote.sluttid
    else:
        slut = start + STANDARDLANGD
        slut_datum, slut_tid = slut.date(), slut.time()
    summary = f"{mote.organ.namn}: sammanträde"
    beskrivning = [f"Sammanträde med {mote.organ.namn}."]
    if mote.lank:
        beskrivning.append(f"Digitalt: {mote.lank}")
    if url:
        beskrivning.append(f"Föredragningslista och handlingar: {url}")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{escape(forbund_namn or 'Samordning')}//Samordning//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid(mote)}",
        f"DTSTAMP:{timezone.now().astimezone(datetime.UTC).strftime('%Y%m%dT%H%M%SZ')}",
        f"SEQUENCE:{mote.version}",
        f"DTSTART:{_utc(mote.datum, mote.starttid)}",
        f"DTEND:{_utc(slut_datum, slut_tid)}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(chr(10).join(beskrivning))}",
    ]
    plats = mote.plats or mote.lank
    if plats:
        lines.append(f"LOCATION:{escape(plats)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
