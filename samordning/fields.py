"""Form fields and validators every app's forms share, so an amount, a date
or a too-long text gets the same rule and the same Swedish message on every
page. Every project form inherits `Regler`, which puts the shared text and
date rules on each of its fields (tests/test_fuzz_formular.py feeds every
form hostile values and fails for one that lets them through to a 500).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
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
        if not isinstance(value, str):
            return  # a CharField that cleans to a number (KronorField)
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


# C0 control characters but tab, line feed and carriage return. PostgreSQL
# refuses NUL in text (a 500), and the others cannot be printed in a PDF or
# seen on a page: they only ever arrive by pasting or on purpose.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Direction overrides and zero-width characters: invisible, they make
# "SFU 2026/14" look like another diarienummer or hide a difference between
# two names. Refused in single-line fields (names, titles, numbers), which
# identify things; prose may need them (a quoted Arabic name, say).
INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")


def validate_no_control(value):
    match = CONTROL.search(value) if isinstance(value, str) else None  # KronorField cleans to int
    if match:
        raise ValidationError(
            _(
                "Texten innehåller ett otillåtet styrtecken (tecken nummer %(plats)s), oftast från en inklistrad "
                "text. Ta bort det och spara igen."
            ),
            code="control",
            params={"plats": formatting.belopp(match.start() + 1)},
        )


def validate_visible(value):
    match = INVISIBLE.search(value) if isinstance(value, str) else None
    if match:
        raise ValidationError(
            _(
                "Fältet innehåller ett osynligt tecken (U+%(kod)s, tecken nummer %(plats)s) som kan dölja vad som "
                "egentligen står. Skriv in texten igen i stället för att klistra in den."
            ),
            code="invisible",
            params={"kod": f"{ord(match.group()):04X}", "plats": formatting.belopp(match.start() + 1)},
        )


FORSTA_AR, SISTA_AR = 2000, 2100  # Finsam began in 2004; outside this a date is a typo
DATUM_FEL = _("Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-01-01.")


def rimligt_ar(value):
    """A date within FORSTA_AR–SISTA_AR: year 9999 would overflow the budget's
    per-year split, year 1 is a typo."""
    if value and not FORSTA_AR <= value.year <= SISTA_AR:
        raise ValidationError(
            _("Datumet verkar inte stämma: ange ett år mellan %(forsta)d och %(sista)d."),
            code="year",
            params={"forsta": FORSTA_AR, "sista": SISTA_AR},
        )


def limit_length(field, limit):
    """Give a field made before (apply_rules gave it MAX_TEXT) a limit of its
    own, in place of the one it has: two would both say "för lång"."""
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(LengthValidator(limit))


def _add_once(field, validator):
    if validator not in field.validators:
        field.validators.append(validator)


def apply_rules(fields):
    """The shared rules on every field of a form, whoever declared it (a
    ModelForm's generated fields, fields added in __init__): text without
    control characters, single-line text without invisible characters, a
    length limit (MAX_TEXT unless the field has its own) said in Swedish
    and without a silent cut in the browser, dates (and dates with a
    time) in the sensible window. Idempotent, so it can run again before cleaning."""
    swedish_lengths(fields)
    for field in fields.values():
        if isinstance(field, forms.CharField):
            # validate_no_control covers Django's NUL check, with a message that says where.
            field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
            _add_once(field, validate_no_control)
            if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
                field.validators.append(LengthValidator(MAX_TEXT))  # every text has a limit
            if isinstance(field.widget, forms.TextInput):
                _add_once(field, validate_visible)
            # maxlength would cut a long paste silently; the server says
            # how much too long it is and keeps the text.
            field.widget.attrs.pop("maxlength", None)
        elif isinstance(field, (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)):
            # A time too: year 1 just after midnight in Stockholm is year 0 in
            # UTC, which PostgreSQL stores and Python cannot read back (the
            # admin's user page has two, and the user could no longer log in).
            _add_once(field, rimligt_ar)


class Regler:
    """Mixin for every project form (before forms.Form or forms.ModelForm):
    apply_rules at construction, so the page renders without maxlength, and
    again before cleaning, for fields a subclass added after."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_rules(self.fields)

    def full_clean(self):
        apply_rules(self.fields)
        super().full_clean()
        self._forget_unknown_choices()

    def _forget_unknown_choices(self):
        """A posted choice that names no row (garbled, or deleted since) is
        not shown again: it could not be selected anyway, and the admin's
        autocomplete widget looks it up by id and fails (a 500 in Django
        5.2 for "\x00")."""
        codes = {"invalid_choice", "invalid_pk_value", "invalid_list", "null_characters_not_allowed"}
        names = [
            name
            for name, field in self.fields.items()
            if isinstance(field, forms.ModelChoiceField)
            and any(e.code in codes for e in self.errors.as_data().get(name, []))
        ]
        if names and self.data is not None:
            data = self.data.copy()
            for name in names:
                data.pop(self.add_prefix(name), None)
            self.data = data


class Form(Regler, forms.Form):
    pass


class ModelForm(Regler, forms.ModelForm):
    pass


def clean_list(field, values):
    """Repeated inputs of one name (a goal list, the clauses) through `field`,
    as a form would clean one input: (values as typed, stripped and empty
    ones dropped, messages). The values are kept even when refused, so the
    page shows them again with the messages."""
    apply_rules({"item": field})
    kept, errors = [], []
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            field.clean(value)
        except ValidationError as exc:
            errors.extend(m for m in exc.messages if m not in errors)
        kept.append(value)
    return kept, errors


def long_text(field, rows=5):
    """A model text field's form field as a textarea. Its length limit
    (MAX_TEXT) comes with the shared rules (apply_rules), as every text's:
    added here too, a form that calls this after its __init__ said "för
    lång" twice."""
    field.widget = forms.Textarea(attrs={"rows": rows})
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
