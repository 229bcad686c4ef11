import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_ORGNR = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def validate_organisationsnummer(value):
    """Swedish organisationsnummer: NNNNNN-NNNN with a valid check digit."""
    match = _ORGNR.match(value or "")
    if not match or not luhn_ok("".join(match.groups())):
        raise ValidationError(
            _("Ange ett giltigt organisationsnummer, t.ex. 202100-5521."),
            code="invalid",
        )


_PREFIX = re.compile(r"^[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9-]*$")


def validate_diarieprefix(value):
    """Capital letters, digits and hyphens, as in "SFU 2026/14": a space or a
    slash would make the number ambiguous to read and to search for."""
    if not _PREFIX.match(value or ""):
        raise ValidationError(
            _("Ange prefixet med versaler, siffror och bindestreck, utan mellanslag, t.ex. SFU."),
            code="invalid",
        )
