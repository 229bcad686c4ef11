"""Drafts stay private to their organisation (issue 8), everywhere.

A draft and an application's life before its submission carry markers
(its title, a text, an attachment's name, a budget row). The kansli roles
open every page of the permission matrix, the administration page, and
every list and change page of the Django admin (so a new admin page is
covered without being named here): no marker may appear. The owner still
sees the draft. The sökande's history of their case shows what happened to
it, not the kansli's internal work.

One rule decides which audit entries a user may read: samordning.audit.visible_to.
"""

import pathlib
import re

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ansokningar import services
from ansokningar.models import Ansokan, Bilaga, Budgetrad
from samordning import audit
from samordning.models import AuditEntry
from tests.matrix import ROWS, row_url
from tests.sweep import FILES

pytestmark = pytest.mark.django_db

UTKAST = "Hemligt-utkast-q7Zx"  # a draft's title
TEXT = "Hemlig-text-q7Zx"  # typed into the draft
BILAGA = "hemlig-bilaga-q7zx.pdf"
RAD = "Hemlig-budgetrad-q7Zx"
FORE = "Fore-inlamning-q7Zx"  # a title changed before the application was submitted
MARKERS = [UTKAST, TEXT, BILAGA.split(".")[0], RAD, FORE]
KANSLI = ["handlaggare", "forbundschef", "sekreterare", "admin"]


def _record(**kwargs):
    with transaction.atomic():
        audit.record(**kwargs)


@pytest.fixture
def cases(personas, settings, tmp_path):
    from tests import matrix_objects

    settings.MEDIA_ROOT = tmp_path
    objects = matrix_objects.build(personas, "beslut:")
    anna, bertil = personas["sokande"], personas["handlaggare"]
    org = anna.organisationer.get()
    utkast = services.skapa_ansokan(by=anna, insatsagare=org, namn=UTKAST)
    _record(actor=anna, action="ansokan.sparad", obj=utkast, data={"andrat": {"syfte": ["", TEXT]}})
    Ansokan.objects.filter(pk=utkast.pk).update(syfte=TEXT)
    services.lagg_till_bilaga(ansokan=utkast, by=anna, fil=ContentFile(b"%PDF-1.4 hemlig", name=BILAGA))
    Budgetrad.objects.create(ansokan=utkast, avsnitt=Budgetrad.Avsnitt.OVRIG, benamning=RAD)

    # Submitted, but named otherwise while it was a draft.
    inlamnad = services.skapa_ansokan(by=anna, insatsagare=org, namn=FORE)
    Ansokan.objects.filter(pk=inlamnad.pk).update(namn="Offentlig insats")
    inlamnad.refresh_from_db()
    _record(actor=anna, action="ansokan.sparad", obj=inlamnad, data={"andrat": {"namn": [FORE, inlamnad.namn]}})
    inlamnad.status, inlamnad.inlamnad, inlamnad.diarienummer = Ansokan.Status.INLAMNAD, timezone.now(), "SFU 2026/9"
    inlamnad.save()
    _record(actor=anna, action="ansokan.inlamnad", obj=inlamnad, data={"fran": "utkast"})
    # The kansli's own work on it: not the sökande's history.
    _record(actor=bertil, action="ansokan.beredning_paborjad", obj=inlamnad)
    _record(actor=bertil, action="beredning.sparad", obj=inlamnad, data={"andrat": {}})
    return {**objects, "hemligt": utkast, "offentlig": inlamnad}


def _leaks(html):
    return [m for m in MARKERS if m.lower() in html.lower()]


def _html(response):
    if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
        return ""
    return response.content.decode()


def test_no_page_shows_a_draft_to_the_kansli(cases, personas, client):
    problems = []
    for role in KANSLI:
        client.force_login(personas[role])
        for name, row in sorted(ROWS.items()):
            if row.method != "get" or row.expected[role] != 200 or name.endswith(FILES):
                continue  # a PDF or a file is not read for names here
            address = row_url(name, cases)
            for leak in _leaks(_html(client.get(address))):
                problems.append(f"{role} {address}: {leak}")
        # The draft's own pages are not theirs at all.
        for name in ("ansokningar:detalj", "ansokningar:pdf", "ansokningar:redigera"):
            assert client.get(reverse(name, args=[cases["hemligt"].pk])).status_code in (403, 404)
    assert not problems, problems


def _admin_urls():
    """Every list page of the admin, and the change page of every object of
    its models: a new admin page is covered without being named here."""
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        yield reverse("admin:{}_{}_changelist".format(*info))
        for pk in model.objects.values_list("pk", flat=True):
            try:
                yield reverse("admin:{}_{}_change".format(*info), args=[pk])
            except NoReverseMatch:
                continue


def test_the_admin_shows_no_draft(cases, personas, client):
    client.force_login(personas["admin"])
    problems = []
    for url in _admin_urls():
        for leak in _leaks(_html(client.get(url))):
            problems.append(f"{url}: {leak}")
    for search in ("Hemlig", "q7Zx"):  # the lists' search boxes find nothing either
        for model in (Ansokan, Bilaga, AuditEntry):
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            problems += [f"{url}?q={search}: {leak}" for leak in _leaks(_html(client.get(url, {"q": search})))]
    assert not problems, problems
    # The sweep saw the submitted application and its history (an empty admin would pass).
    page = _html(client.get(reverse("admin:samordning_auditentry_changelist")))
    assert "Offentlig insats" in page and "Inlämnad" in page


def test_the_administration_page_and_the_log_follow_one_rule(cases, personas, client):
    for role in ("admin", "forbundschef"):
        client.force_login(personas[role])
        page = _html(client.get(reverse("administration")))
        assert "Offentlig insats" in page and not _leaks(page), role
    # The rule itself: the kansli sees an application's entries from its submission on.
    visible = audit.visible_to(personas["forbundschef"], audit.entries_for(cases["offentlig"]))
    assert [e.handling for e in visible.order_by("id")] == [
        "ansokan.inlamnad", "ansokan.beredning_paborjad", "beredning.sparad",
    ]  # fmt: skip
    assert not audit.visible_to(personas["forbundschef"], audit.entries_for(cases["hemligt"])).exists()
    assert not audit.visible_to(personas["ledamot"]).exists()


def test_the_owner_sees_the_draft_and_the_history_of_the_case(cases, personas, client):
    client.force_login(personas["sokande"])
    page = _html(client.get(reverse("ansokningar:detalj", args=[cases["hemligt"].pk])))
    assert UTKAST in page and "Utkast skapat" in page and "Bilaga uppladdad" in page
    page = _html(client.get(reverse("ansokningar:detalj", args=[cases["offentlig"].pk])))
    historik = page[page.index('id="d-hist"') :]
    assert "Inlämnad" in historik and "Utkast skapat" in historik
    assert "Beredning påbörjad" not in historik and "Beredning sparad" not in historik
    # The kansli's view of the same history starts at the submission.
    client.force_login(personas["handlaggare"])
    page = _html(client.get(reverse("ansokningar:detalj", args=[cases["offentlig"].pk])))
    historik = page[page.index('id="d-hist"') :]
    assert "Inlämnad" in historik and "Beredning påbörjad" in historik and "Utkast skapat" not in historik
    # Another organisation's sökande sees nothing of it.
    assert not audit.visible_to(personas["utomstaende"], audit.entries_for(cases["hemligt"])).exists()


def test_every_page_reads_the_log_through_the_one_rule():
    """A view, admin or start page that reads audit entries does it through
    audit.visible_to (the demo and the services only write or re-date them)."""
    root = pathlib.Path(__file__).resolve().parent.parent
    readers = re.compile(r"entries_for\(|AuditEntry\.objects")
    problems = []
    for app in ("samordning", "ansokningar", "beslut", "insatser"):
        for path in (root / app).glob("*.py"):
            if path.name in ("audit.py", "demo.py", "services.py", "models.py") or path.parent.name == "migrations":
                continue
            for nr, line in enumerate(path.read_text().splitlines(), start=1):
                if readers.search(line) and "visible_to(" not in line:
                    problems.append(f"{app}/{path.name}:{nr}: {line.strip()}")
    assert not problems, problems
