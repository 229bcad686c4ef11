"""No lost updates (issue 8): every object that can be edited in a page
carries the optimistic version check.

Two sweeps find the pages by themselves, so a new edit page is covered
without anyone remembering it:

- every page of the permission matrix (which test_permissions keeps complete
  for the URLconf), as every role that may open it (tests/sweep.py): each POST form found
  either posts a `version`, or its target is listed in NOT_EDITS with why it
  edits nothing that a second save could overwrite (it creates, or it is a
  state change that its service checks);
- every change page of the Django admin: the model must have a `version`
  field (samordning.admin.AuditedMixin then checks it).

For each versioned form, two concurrent saves are made as two tabs would:
open the page twice, save the first with one change, then the second with
another. The second must be refused with the Swedish conflict message, show
what was typed in it, and leave the first save in place.
"""

import re

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from samordning.admin import versioned
from tests import sweep

pytestmark = pytest.mark.django_db

# POST targets that edit nothing a stale page could overwrite, and why.
NOT_EDITS = {
    "login": "loggar in",
    "logout": "loggar ut",
    "password_change": "byter det egna lösenordet (det gamla krävs)",
    "password_reset": "skickar en återställningslänk",
    "ansokningar:ny": "skapar ett nytt utkast",
    "ansokningar:signera": "tillståndsändring; tjänsten kontrollerar versionen som skrivs under",
    "ansokningar:aterkalla": "tillståndsändring som tjänsten kontrollerar",
    "ansokningar:komplettering": "skapar en begäran; tillståndet kontrolleras av tjänsten",
    "ansokningar:beredning": "tillståndsändring som tjänsten kontrollerar",
    "ansokningar:bilaga_ny": "lägger till en bilaga",
    "ansokningar:bilaga_ta_bort": "tar bort en bilaga; en andra borttagning finner den inte",
    "beslut:ny": "skapar ett nytt ärende",
    "beslut:fran_ansokan": "skapar ett nytt beslutsförslag",
    "beslut:faststall": "fryser en version; låst, och samma innehåll fastställs inte två gånger",
    "beslut:omedelbar_justering": "skapar justeringsrader för en paragraf; en andra begäran får ett besked",
    "beslut:justering": "den egna invändningen och justeringen; justeringen bär innehållsnyckeln som lästes och vägras om protokollet ändrats",
    "beslut:inriktning_ny": "skapar en ny inriktning; samma år två gånger ger ett besked (test nedan)",
    "beslut:klausul_ny": "lägger till en sats",
    "beslut:klausul_uppsattning_ny": "lägger till en uppsättning; samma namn två gånger ger ett besked",
    "insatser:ny": "registrerar en ny insats",
    "insatser:avvikelse_ny": "lämnar in en ny avvikelserapport",
    "insatser:rekvisition_ny": "lämnar in en ny rekvisition; tjänsten låser insatsen och prövar maxbeloppen",
    "beslut:sammantrade_ny": "planerar ett nytt sammanträde",
    "beslut:arende_ny": "lägger till ett ärende; flyttningar och borttagningar kontrollerar versionen",
    "beslut:handling_ny": "lägger till en handling",
    "beslut:sammantrade_stall_in": "tar bort ett planerat sammanträde; en andra gång finner den det inte",
    "beslut:revidera_kallelse": "skickar kallelsen igen; tjänsten kontrollerar tillståndet (kallelsens egen vy)",
    "beslut:skicka_kallelse": "tillståndsändring som tjänsten kontrollerar (kallelsens egen vy)",
}

CONFLICT = re.compile(r"har (sparats|ändrats) [^.]*sedan du öppnade")


def _typed_into(form):
    """The field the two tabs type into: the first textarea one can type in,
    else the first single-line text field outside a formset row; or None."""
    open_ = [c for c in form.controls if not c.readonly]
    areas = [c.name for c in open_ if c.kind == "textarea"]
    lines = [c.name for c in open_ if c.kind == "text" and "-" not in c.name]
    return (areas or lines or [None])[0]


@pytest.fixture
def objects(personas, settings, tmp_path):
    from ansokningar import seed
    from samordning.models import Lokusgrupp, Organisation
    from tests import matrix_objects

    settings.MEDIA_ROOT = tmp_path
    kategorier = seed.ensure_categories()[0]  # categories and target groups, edited in the admin
    built = matrix_objects.build(personas, "beslut:")  # with a proposal
    # As a registered insats is: its category is required on its edit page.
    built["insats"].kategori = next(iter(kategorier.values()))
    built["insats"].save(update_fields=["kategori"])
    kommun = Organisation.objects.get(namn="Älvkarleby kommun")
    Lokusgrupp.objects.create(namn="Lokus Älvkarleby", kommun=kommun).organisationer.set([kommun])
    from insatser.models import Arsbudget

    Arsbudget.objects.create(ar=2031, eget_kapital=100_000).bidrag.create(organisation=kommun, belopp=50_000)
    return built


def _with(data, field, marker):
    changed = {k: list(v) for k, v in data.items()}
    if field is not None:
        changed[field][0] = changed[field][0] + marker
    return changed


def _form(client, page_url, action):
    """The form of the page at `page_url` that posts to `action`, freshly opened:
    (what it posts untouched, the field to type into)."""
    form = next(f for f in sweep.read(client, page_url).post_forms() if f.action == action)
    return form.data(), _typed_into(form)


def _two_saves(client, page_url, action, field, label):
    """Open the page twice, save the first tab, then the second: return
    what went wrong ([] when the second save is refused and the first kept)."""
    first, second = _form(client, page_url, action), _form(client, page_url, action)
    problems = []
    saved = client.post(action, _with(first[0], field, "-versionA"))
    if saved.status_code != 302:
        fel = re.findall(r'class="[^"]*(?:invalid-feedback|alert-danger|errorlist)[^"]*"[^>]*>(.*?)</', saved.content.decode(), re.S)
        return [f"{label}: första sparningen gick inte igenom ({saved.status_code}): {fel}"]
    refused = client.post(action, _with(second[0], field, "-versionB"), follow=True)
    page = refused.content.decode()
    if not CONFLICT.search(page):
        problems.append(f"{label}: den andra sparningen vägrades inte med ett besked")
    if field is not None:
        if "-versionB" not in page:
            problems.append(f"{label}: det som skrevs i den andra fliken kom inte tillbaka")
        now = client.get(page_url).content.decode()
        if "-versionA" not in now or "-versionB" in now:
            problems.append(f"{label}: den första sparningen finns inte kvar")
    return problems


def test_every_form_in_the_pages_has_the_version_check(objects, personas, client):
    targets = {}  # action path -> (page, role, text field) of a versioned form, or None
    names = {}
    for page in sweep.pages(client, personas, objects):
        for form in page.post_forms():
            if not form.submittable:
                continue  # nothing to press: the page offers this role no save
            names[form.action] = sweep.view_name(form.action)
            if form.values("version"):
                targets.setdefault(form.action, (page.url, page.role, _typed_into(form)))
            else:
                targets.setdefault(form.action, None)
    missing = sorted(names[a] for a, found in targets.items() if found is None and names[a] not in NOT_EDITS)
    assert not missing, f"Formulär som ändrar något utan versionskontroll: {missing}"

    problems = []
    edits = {a: found for a, found in targets.items() if found is not None}
    for action, (url, role, field) in sorted(edits.items()):
        sweep.login(client, personas, role)
        with transaction.atomic():  # each edit meets the objects as they were built
            problems += _two_saves(client, url, action, field, names[action])
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)
    # The sweep reached the edit pages it must (a broken sweep would pass empty).
    assert {"ansokningar:redigera", "beslut:redigera", "beslut:klausul", "beslut:inriktning"} <= {
        names[a] for a in edits
    }


# The project's own apps; a third-party app's admin (axes' lockout records)
# edits that app's bookkeeping, not the förbund's objects.
APPS = {"samordning", "ansokningar", "insatser", "beslut"}


def _changeable(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in APPS and model_admin.has_change_permission(request):
            yield model, model_admin, model_admin.get_queryset(request).order_by("pk").first()


def test_every_admin_change_page_has_the_version_check(objects, personas, client):
    gunilla = personas["admin"]
    client.force_login(gunilla)
    problems = []
    for model, _model_admin, obj in _changeable(gunilla):
        label = f"admin {model._meta.label}"
        if not versioned(model):
            problems.append(f"{label}: modellen saknar fältet version")
            continue
        if obj is None:
            problems.append(f"{label}: inget objekt att prova med; lägg till ett i fixturen")
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        with transaction.atomic():
            problems += _two_saves(client, url, url, _form(client, url, url)[1], label)
            transaction.set_rollback(True)
    assert not problems, "\n".join(problems)


def test_the_same_new_inriktning_twice_is_a_message(objects, personas, client):
    """Creating the year's inriktning in two tabs: the second is told, not a 500."""
    from beslut.models import Verksamhetsinriktning

    client.force_login(personas["forbundschef"])
    url = reverse("beslut:inriktning_ny")
    first = _form(client, url, url)[0]
    first.update(ar=["2031"], ram=["1000"], mal=["Första fliken"])
    second = {**first, "mal": ["Andra fliken"]}
    assert client.post(url, first).status_code == 302
    # The second tab passed its form's check before the first was saved.
    from beslut import services

    instance = Verksamhetsinriktning(ar=2031)
    with pytest.raises(services.ConflictError, match="Någon annan har just skapat inriktningen för 2031"):
        services.spara_inriktning(
            inriktning=instance, by=personas["forbundschef"], data={"ar": 2031, "mal": "Andra", "ram": 1},
            prioriterade=[], fordelning={},
        )  # fmt: skip
    assert "Det finns redan en inriktning för 2031" in client.post(url, second).content.decode()
    assert Verksamhetsinriktning.objects.get(ar=2031).mal == "Första fliken"
