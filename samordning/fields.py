"""Form fields and validators every app's forms share, so an amount or a
too-long text gets the same rule and the same Swedish message on every page.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from samordning import formatting

MAX_TEXT = 20_000  # characters per text field: about eight pages
MAX_AMOUNT = 1_000_000_000  # kr; larger is a typo

too_long = _("Texten är för lång: högst %(limit_value)s tecken (nu %(show_value)s).")


class LengthValidator(MaxLengthValidator):
    """Django's length check with `too_long` and both numbers written as
    Swedish documents write them: "högst 20 000 tecken (nu 9 999 999)"."""

    message = too_long

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit_value": formatting.belopp(self.limit_value),
                    "show_value": formatting.belopp(length),
                    "value": value,
                },
            )


def swedish_lengths(fields):
    """Every length check of a form's fields through LengthValidator."""
    for field in fields.values():
        field.validators = [
            LengthValidator(v.limit_value) if type(v) is MaxLengthValidator else v for v in field.validators
        ]


def long_text(field, rows=5):
    """A model text field's form field as a textarea with the length check.
    No maxlength in the browser: it would cut a long paste silently; the
    server's message says how much too long it is and keeps the text."""
    field.widget = forms.Textarea(attrs={"rows": rows})
    field.validators.append(LengthValidator(MAX_TEXT))
    return field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class KronorField(forms.CharField):
    """Whole kronor as people and protocols write them: "1 540 400",
    "1540400", "86 400 kr", "270 000:-" or "270000,00". Other decimals are
    refused, not dropped: a browser's number input turned "5000,50" into
    500050 without a word. static/js/kronor.js parses live sums the same way.
    Forms word the messages for their page through error_messages."""

    SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
    default_error_messages = {
        "invalid": _("Ange beloppet i hela kronor med siffror, t.ex. 86 400."),
        "decimals": _("Ange beloppet i hela kronor, utan decimaler."),
        "negative": _("Beloppet kan inte vara negativt."),
        "zero": _("Ange ett belopp större än 0 kr."),
        "too_big": _("Beloppet är orimligt stort."),
    }

    def __init__(self, *, allow_zero=True, **kwargs):
        self.allow_zero = allow_zero
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        """A saved amount as the help text suggests writing it, "900 000"
        (plain spaces: the field is for typing); typed text as typed."""
        if isinstance(value, int):
            return formatting.belopp(value).replace(formatting.NBSP, " ")
        return value

    def to_python(self, value):
        text = self.SPACES.sub("", super().to_python(value)).replace("\u2212", "-")
        text = re.sub(r"(?i)(kr|:-)$", "", text)
        text = re.sub(r"[.,]0+$", "", text)  # "270000,00" is whole kronor
        if not text:
            return None
        if re.fullmatch(r"-\d+([.,]\d*)?", text):
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if re.fullmatch(r"\d+[.,]\d*", text):
            raise forms.ValidationError(self.error_messages["decimals"], code="decimals")
        # Not a number, or thousands of digits (int() refuses those anyway).
        if not re.fullmatch(r"\d{1,40}", text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if int(text) > MAX_AMOUNT:
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        if int(text) == 0 and not self.allow_zero:
            raise forms.ValidationError(self.error_messages["zero"], code="zero")
        return int(text)
