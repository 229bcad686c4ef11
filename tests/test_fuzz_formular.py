"""Every form the app serves, fed hostile values: never a 500, a refused
value has its message at its field, and what was typed comes back.

Forms are found, not listed: every URL of the permission matrix
(tests/matrix.py) is opened as each role that may open it, with the app's
pages those link to and the admin's page of every model; each <form> on a
page is read from the HTML as a browser would (tests/formparser.py), and
posted with its own values where, kind of field by kind of field, hostile
ones are put in (NUL, 10**30, year 9999, negative amounts, <script>,
right-to-left override, 1 MB of text). A new page or form is covered the
moment the matrix has its row.

What each hostile value must do follows the shared rules
(samordning.fields.Regler): a value no field can hold (NUL anywhere, a
number or date that is none, out of range or negative, an invisible
character in a single-line field, more text than any field takes) is
refused with a message at that field; what a field may hold (<script> in a
text) is kept and shown escaped. Hidden inputs, which nobody types, are
garbled in posts of their own: never a 500, nothing unescaped.
"""

from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tests import sweep
from tests.formparser import SCRIPT, parse_forms

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
LONG = 25_000  # over every field's limit (the longest, MAX_TEXT, is 20 000)

# Per round: the value for each kind of field, and the kinds that must refuse it.
ROUNDS = {
    "nul": (
        {"text": "före\x00efter", "textarea": "före\x00efter", "number": "12\x00", "date": "2026-01-01\x00",
         "choice": "\x00"},
        {"text", "textarea", "number", "date"},
    ),
    "stort": (
        {"text": "1" + "0" * 30, "textarea": "1" + "0" * 30, "number": "1" + "0" * 30, "date": "9999-12-31",
         "choice": "1" + "0" * 30},
        {"number", "date"},
    ),
    "negativt": (
        {"text": "-5000", "textarea": "-5000", "number": "-5000", "date": "1999-12-31"},
        {"number", "date"},
    ),
    "script": (
        {"text": SCRIPT, "textarea": SCRIPT, "number": SCRIPT, "date": SCRIPT, "choice": SCRIPT},
        {"number", "date"},
    ),
    "rtl": (
        {"text": "SFU 2026/\u202e41", "textarea": "Text med \u202eomvänd\u202c riktning och\u200bnollbredd",
         "number": "1\u202e00", "date": "2026-\u202e01-01"},
        {"text", "number", "date"},
    ),
    "lang": (
        # The first text and textarea of a form get 1 MB, the others just
        # over every limit: the post stays below DATA_UPLOAD_MAX_MEMORY_SIZE.
        {"text": "x" * LONG, "textarea": "x" * LONG, "number": "9" * LONG, "date": "2026-01-01" * 100},
        {"text", "textarea", "number", "date"},
    ),
}  # fmt: skip
MEGA = "Mycket lång text " + "å" * (MB // 2)  # 1 MB as UTF-8
# Django's own account forms check a password or look up an address and
# store nothing typed: an invisible character or 1 MB there is a login that
# fails, said above the form. A NUL byte they refuse at the field.
ACCOUNT_PAGES = {"login", "password_change", "password_reset"}
HIDDEN_VALUES = ["\x00", "1" + "0" * 30, SCRIPT]
# Uploaded under hostile names: Django's upload parser drops NUL and
# direction overrides from a file name, so these must only never fail.
FILE_NAMES = {"nul": "bi\x00laga.pdf", "script": f"{SCRIPT}.pdf", "rtl": "fdp.\u202eexe.pdf"}


@pytest.fixture
def objects(personas, orgs, settings, tmp_path):
    """The matrix's objects, with the draft a whole application (parties,
    goals, a del, budget rows with amounts) so its form has every kind of input."""
    import datetime

    from django.core.files.base import ContentFile

    from ansokningar import seed
    from ansokningar.models import Bilaga, Del, Insatskategori, Mal
    from tests import matrix_objects

    settings.MEDIA_ROOT = tmp_path
    objs = matrix_objects.build(personas, "beslut:")  # with a fastställd proposal
    utkast = seed.build_seed_application(by=personas["sokande"], orgs={o.namn: o for o in orgs.values()})
    del_ = Del.objects.create(
        ansokan=utkast, ordning=0, namn="Förberedelse", startdatum=datetime.date(2023, 1, 1),
        slutdatum=datetime.date(2023, 6, 30), kategori=Insatskategori.objects.first(), malgrupp="Unga vuxna",
    )  # fmt: skip
    for typ in (Mal.Typ.EFFEKT, Mal.Typ.INSATS):
        Mal.objects.create(ansokan=utkast, del_av=del_, typ=typ, text=f"Delens {typ.label.lower()}")
    objs["utkast"] = utkast
    objs["bilaga_utkast"] = Bilaga.objects.create(
        ansokan=utkast, fil=ContentFile(b"%PDF-1.4 x", name="x.pdf"), filnamn="x.pdf", typ="pdf", storlek=10,
        uppladdad_av=personas["sokande"],
    )  # fmt: skip
    return objs


def _forms_on_every_page(client, personas, objects):
    """{(method, action, field names): (role, page url, url name, Form)}: each
    distinct form once, as the first role that may open its page sees it.
    The matrix's pages (tests/sweep.py), the admin's, and the app's pages the
    matrix's link to (a draft's own page has the attachment forms the
    matrix's submitted application has not), each read once, as the first
    role linking to it."""
    found = {}

    def add(page):
        for form in page.forms:
            if form.submittable:  # shown read-only (no button): nothing to post
                # The same form of another object (each clause's) is the same code: once.
                key = (form.method, sweep.view_name(form.action), tuple(sorted({c.name for c in form.controls})))
                found.setdefault(key, (page.role, page.url, page.name, form))

    seen = {url for _name, url, _roles in sweep.matrix_pages(objects)}
    linked = []
    for page in sweep.pages(client, personas, objects):
        add(page)
        for link in page.links:
            parts = urlsplit(link)
            if parts.netloc or parts.query or parts.path in seen or not sweep.is_page(sweep.view_name(parts.path)):
                continue
            seen.add(parts.path)
            linked.append((parts.path, page.role))
    for url, role in _admin_pages() + linked:
        if not sweep.logged_in_as(client, personas, role):
            sweep.login(client, personas, role)
        page = sweep.read(client, url, role)
        if page is not None:
            add(page)
    return found


def _admin_pages():
    """The admin's form of every model, as the administratör: the change
    page of one object (the add page has the same fields), else the add page
    (a read-only model's pages are a 403: skipped)."""
    from django.contrib import admin

    pages = []
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append((reverse("admin:{}_{}_change".format(*info), args=[obj.pk]), "admin"))
        else:
            pages.append((reverse("admin:{}_{}_add".format(*info)), "admin"))
    return pages


def _hostile_post(form, round_name, url_name=""):
    """(data, {name: must be refused}) for one round over the visible fields."""
    values, must_refuse = ROUNDS[round_name]
    if url_name in ACCOUNT_PAGES and round_name != "nul":
        must_refuse = must_refuse - {"text"}
    changed, refuse = {}, set()
    first_long = set()
    for control in form.controls:
        value = values.get(control.kind)
        if value is None:  # hidden inputs have posts of their own; passwords are not shown again
            continue
        if round_name == "lang" and control.kind in ("text", "textarea") and control.kind not in first_long:
            first_long.add(control.kind)
            value = MEGA
        changed[control.index] = value
        if control.kind in must_refuse:
            refuse.add(control.name)
    return form.data(changed), refuse


def _files(form, round_name):
    name = FILE_NAMES.get(round_name)
    if name is None:
        return {}
    return {c.name: SimpleUploadedFile(name, b"%PDF-1.4 fuzz") for c in form.controls if c.kind == "file"}


def _post(client, personas, role, form, data):
    """The post in a transaction rolled back after, so every post meets the
    objects as they were built; the response and the redirect's page."""
    sweep.login(client, personas, role)
    with transaction.atomic():
        response = client.post(form.action, data)
        followed = None
        if response.status_code == 302:
            target = response["Location"]
            followed = client.get(target) if not urlsplit(target).netloc else None
        transaction.set_rollback(True)
    return response, followed


def _check_refused_and_kept(form, data, refuse, response, page_url, what):
    assert response.status_code in (200, 400), f"{what}: status {response.status_code}"
    html = response.content.decode()
    again = [f for f in parse_forms(html, page_url) if f.action == form.action and f.method == form.method]
    assert again, f"{what}: the form is not shown again, so what was typed is lost"
    shown = again[0]
    for name in sorted(refuse):
        assert shown.marked(name), f"{what}: {name!r} was refused but has no message at the field"
    for control in form.controls:
        if control.kind not in ("text", "textarea", "number", "date"):
            continue
        typed = [v.strip() for v in data.get(control.name, []) if v.strip()]
        back = [v.strip() for v in shown.values(control.name) if v.strip()]
        for value in typed:
            assert value in back, f"{what}: {control.name!r} lost what was typed ({value[:40]!r}…)"


def _check_escaped(response, what):
    if response is not None:
        assert response.status_code < 500, what
        assert SCRIPT.encode() not in response.content, f"{what}: <script> rendered unescaped"


def test_every_form_takes_hostile_input(client, personas, objects):
    forms = _forms_on_every_page(client, personas, objects)
    assert len(forms) >= 15, sorted(forms)  # the pages were read: a broken parser must not pass quietly
    cut = sorted(
        f"{url_name} {c.name}"
        for role, page_url, url_name, form in forms.values()
        for c in form.controls
        if c.maxlength and url_name not in ACCOUNT_PAGES
    )
    assert not cut, f"maxlength cuts a long paste silently; the server's message says how long: {cut}"
    for (method, _view, _names), (role, page_url, url_name, form) in sorted(forms.items()):
        action = form.action
        if method == "get":
            for round_name in ROUNDS:
                data, _refuse = _hostile_post(form, round_name)
                sweep.login(client, personas, role)
                _check_escaped(client.get(action, data), f"GET {action} {round_name}")
            continue
        for round_name in ROUNDS:
            data, refuse = _hostile_post(form, round_name, url_name)
            what = f"{role} POST {action} ({round_name})"
            response, followed = _post(client, personas, role, form, {**data, **_files(form, round_name)})
            _check_escaped(response, what)
            _check_escaped(followed, what + " → " + response.get("Location", ""))
            if response.status_code == 302:
                assert not refuse, f"{what}: accepted values it must refuse in {sorted(refuse)}"
            else:
                _check_refused_and_kept(form, data, refuse, response, page_url, what)
        hidden = [c for c in form.controls if c.kind == "hidden" and c.name != "csrfmiddlewaretoken"]
        for value in HIDDEN_VALUES if hidden else []:
            data = form.data({c.index: value for c in hidden})
            what = f"{role} POST {action} (dolda fält = {value[:12]!r})"
            response, followed = _post(client, personas, role, form, data)
            _check_escaped(response, what)
            _check_escaped(followed, what)


def _project_forms():
    """Every form class of the apps, also one no page of the matrix shows yet."""
    from django.forms import BaseForm
    from django.urls import get_resolver

    project = ("samordning", "ansokningar", "insatser", "beslut")
    get_resolver().url_patterns  # noqa: B018 - imports every view, and so every form the views use

    def all_subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from all_subclasses(sub)

    ours = {cls for cls in all_subclasses(BaseForm) if cls.__module__.split(".")[0] in project}
    assert len(ours) >= 10, ours  # the forms were found
    return ours


def test_every_project_form_has_the_shared_rules():
    """Each form class of the apps inherits samordning.fields.Regler (through
    its Form or ModelForm)."""
    from samordning.fields import Regler

    ours = _project_forms()
    missing = sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in ours if not issubclass(cls, Regler))
    assert not missing, f"Formulär utan de gemensamma reglerna (samordning.fields.Form/ModelForm): {missing}"


def test_a_text_field_has_one_length_limit():
    """A field with two length checks says "för lång" twice (the notes of a
    beredning did). Every form that can be made without arguments, cleaned once."""
    from django.core.validators import MaxLengthValidator

    doubled, made = [], set()
    for cls in _project_forms():
        try:
            form = cls(data={})
            form.is_valid()
        except Exception:  # needs its objects or a request: its page is in the sweep above
            continue
        made.add(cls.__name__)
        for name, field in form.fields.items():
            if sum(isinstance(v, MaxLengthValidator) for v in field.validators) > 1:
                doubled.append(f"{cls.__name__}.{name}")
    assert {"BeredningForm", "NyForslagForm"} <= made, made
    assert not doubled, doubled


@pytest.mark.parametrize("debug", [False, True])
def test_too_many_inputs_get_a_page_that_says_so(client, anna_sokande, ansokan, settings, debug):
    """Beyond DATA_UPLOAD_MAX_NUMBER_FIELDS Django refuses the post before
    any view reads it: the 400 page says why and what to do, in Swedish,
    also under DEBUG (`make run`), where Django showed its technical page."""
    settings.DEBUG = debug
    client.force_login(anna_sokande)
    data = {f"rad-{i}-benamning": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("ansokningar:redigera", args=[ansokan.pk]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Formuläret hade fler rader och fält än systemet tar emot" in page
    assert "bakåtknapp" in page
    assert "TooManyFieldsSent" not in page


def test_the_field_limit_holds_500_budget_rows():
    """The limit's sum (samordning/settings.py): 500 rows of 7 inputs and an
    amount per party for 13 parties, and room for the rest of the form."""
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= 500 * (7 + 13) + 1_000


# --- the cases the probe found, by name -------------------------------------


def _page(response):
    import html

    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_nul_in_a_goal_is_a_message_not_a_500(anna, ansokan, orgs, kategori):
    from tests.test_ansokan_input import edit_url, form_data

    data = form_data(ansokan, orgs, kategori, mal_effekt=["Fler\x00i arbete"])
    page = _page(anna.post(edit_url(ansokan), data))
    assert "Texten innehåller ett otillåtet styrtecken (tecken nummer 5)" in page
    assert "Fler\x00i arbete" in page  # shown again as typed
    ansokan.refresh_from_db()
    assert ansokan.syfte == ""


def test_year_9999_in_a_budget_line_is_refused_at_the_field(anna, ansokan, orgs, kategori):
    from tests.test_ansokan_input import edit_url, form_data, row_html

    data = form_data(ansokan, orgs, kategori, **{"rad-0-till": "9999-12-31", "slutdatum": "9999-12-31"})
    page = _page(anna.post(edit_url(ansokan), data))
    assert "Datumet verkar inte stämma: ange ett år mellan 2000 och 2100." in row_html(page, "rad-0")
    assert 'value="9999-12-31"' in page


def test_a_long_title_gets_a_message_not_a_cut(client, cecilia_forbundschef):
    from beslut.models import Beslutsforslag

    client.force_login(cecilia_forbundschef)
    page = _page(client.post(reverse("beslut:ny"), {"titel": "Inriktning " + "x" * 250}))
    assert "Texten är för lång: högst 250 tecken (nu 261)." in page
    assert "Inriktning " + "x" * 250 in page
    assert not Beslutsforslag.objects.exists()


def test_an_invisible_character_cannot_disguise_a_diarienummer(client, cecilia_forbundschef, forslag):
    from tests.helpers import edit_post

    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:redigera", args=[forslag.pk])
    page = _page(client.post(url, edit_post(forslag, diarienummer="SFU 2026/\u202e41", sats=["bevilja\x00stöd"])))
    assert "Fältet innehåller ett osynligt tecken (U+202E, tecken nummer 10)" in page
    assert "Texten innehåller ett otillåtet styrtecken (tecken nummer 8)" in page  # the clause
    forslag.refresh_from_db()
    assert forslag.diarienummer != "SFU 2026/\u202e41"
