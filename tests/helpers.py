"""Helpers tests share: a PDF's text, the proposal edit page's form, and
the settings as production starts them."""

import io
import subprocess
import sys

from pypdf import PdfReader

NBSP = "\u00a0"


def settings_in_a_new_process(env, expression="settings.DEBUG"):
    """samordning.settings imported in a fresh Python with only `env` set,
    as a server starts: the finished process, `expression` printed on
    stdout (or the refusal on stderr)."""
    from django.conf import settings

    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"DJANGO_SETTINGS_MODULE": "samordning.settings", "PATH": "/usr/bin", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def pdf_text(data):
    """The text of every page of a PDF, its no-break spaces plain spaces."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace(NBSP, " ")


def edit_post(forslag, **changes):
    """The edit page's form as the browser posts it, with the saved values."""
    data = {
        "version": forslag.version, "titel": forslag.titel, "undertitel": forslag.undertitel,
        "diarienummer": forslag.diarienummer, "datum": forslag.datum.isoformat(),
        "handlaggare": forslag.handlaggare_id or "", "instans": forslag.instans, "utfall": forslag.utfall,
        "belopp": forslag.belopp if forslag.belopp is not None else "",
        "period_fran": forslag.period_fran.isoformat() if forslag.period_fran else "",
        "period_till": forslag.period_till.isoformat() if forslag.period_till else "",
        "arendet": forslag.arendet, "bedomning": forslag.bedomning, "undertecknare": forslag.undertecknare,
        "undertecknare_titel": forslag.undertecknare_titel,
        "sats": [s.text for s in forslag.satser.all()],
        "sats_klausul": [s.klausul_id or "" for s in forslag.satser.all()],
    }  # fmt: skip
    data.update(changes)
    return data
