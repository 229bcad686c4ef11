"""How Swedish public documents write amounts, dates and percentages.

One place for it, used by templates (samordning.templatetags.format), PDFs
and drafted texts alike.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
MINUS = "\u2212"

MANADER = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip


def _decimal(value):
    # Through str: Decimal(0.1) would carry the float's binary noise.
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _grupperat(heltal):
    text = f"{abs(heltal):,}".replace(",", NBSP)
    return (MINUS + text) if heltal < 0 else text


def belopp(value):
    """1540400 -> '1 540 400' (non-breaking spaces); None -> ''."""
    if value is None or value == "":
        return ""
    value = _decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return _grupperat(int(value))


def kr(value):
    """1540400 -> '1 540 400 kr'."""
    text = belopp(value)
    return f"{text}{NBSP}kr" if text else ""


def procent(value):
    """75 -> '75 %'; Decimal('12.5') -> '12,5 %'."""
    if value is None or value == "":
        return ""
    value = _decimal(value)
    if value == value.to_integral():
        text = _grupperat(int(value))
    else:
        text = f"{value.normalize():f}".replace(".", ",")
    return f"{text}{NBSP}%"


def _as_date(value):
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def datum(value):
    """ISO date, as in headers and tables: 2023-01-01."""
    value = _as_date(value)
    return value.isoformat() if value else ""


def datum_lang(value):
    """Date in running text: 1 april 2021."""
    value = _as_date(value)
    if not value:
        return ""
    return f"{value.day} {MANADER[value.month - 1]} {value.year}"


def klockslag(value):
    """kl. 13.15"""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"kl.{NBSP}{value:%H.%M}"


def paragraf(nummer):
    return f"§{NBSP}{nummer}"


def tidpunkt(value):
    """A moment in a table or list: 2026-11-23 kl. 13.15."""
    if not value:
        return ""
    return f"{datum(value)} {klockslag(value)}"


def genitiv(namn):
    """A name in the genitive: "Förbundsstyrelsen" -> "Förbundsstyrelsens",
    "Region Uppsala" -> "Region Uppsalas"; a name ending in s, x or z takes
    no extra s ("Försäkringskassans" but "Hälsans hus")."""
    return namn if namn[-1:].lower() in "sxz" else f"{namn}s"
