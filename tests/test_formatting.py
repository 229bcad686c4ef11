import datetime
from decimal import Decimal

from samordning import formatting as f
from samordning.validators import luhn_ok

NBSP = "\u00a0"


def test_amounts_use_non_breaking_thousands_and_kr():
    assert f.kr(1540400) == f"1{NBSP}540{NBSP}400{NBSP}kr"
    assert f.kr(Decimal("316000")) == f"316{NBSP}000{NBSP}kr"
    assert f.kr(0) == f"0{NBSP}kr"
    assert f.kr(None) == ""
    assert f.belopp(-86400) == f"\u221286{NBSP}400"


def test_dates_iso_in_tables_and_long_in_running_text():
    day = datetime.date(2021, 4, 1)
    assert f.datum(day) == "2021-04-01"
    assert f.datum_lang(day) == "1 april 2021"
    assert f.datum_lang(datetime.date(2023, 3, 31)) == "31 mars 2023"


def test_percent_and_paragraph_and_time():
    assert f.procent(75) == f"75{NBSP}%"
    assert f.procent(Decimal("12.5")) == f"12,5{NBSP}%"
    assert f.paragraf(84) == f"§{NBSP}84"
    assert f.klockslag(datetime.datetime(2026, 1, 1, 13, 15)) == f"kl.{NBSP}13.15"


def test_organisationsnummer_check_digit():
    assert luhn_ok("2021005521")  # Försäkringskassan
    assert not luhn_ok("2021005522")


def test_moment_in_tables():
    from django.utils import timezone

    moment = timezone.make_aware(datetime.datetime(2026, 11, 23, 13, 15))
    assert f.tidpunkt(moment) == f"2026-11-23 kl.{NBSP}13.15"
