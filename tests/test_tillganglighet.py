"""Accessible forms by construction (issue 8).

Every form of every page in the permission matrix (which test_permissions
keeps complete for the URLconf; tests/sweep.py reads them) is posted empty, and then with values of
the wrong kind where empty is allowed. The page that comes back must have
the error summary (templatetags/felsammanfattning.py, base.html): a
role=alert list whose links lead to fields that exist, in page order, a
title starting with "Fel: ", and every field marked invalid tied to its
message. A new form that renders a message its own way fails here.

Also here: no page shows a role a link it cannot open (a sweep over the
matrix's pages and the links on them, per role).
"""

import re

import pytest
import tinyhtml5
from django.db import transaction
from django.urls import reverse

from tests import sweep
from tests.matrix import ROLES

pytestmark = pytest.mark.django_db

# The fields one types into (tests/formparser.py's kinds): posted empty.
TYPED = {"text", "textarea", "password", "number", "date", "file"}
# A value of the wrong kind, per kind of field, for forms that may be saved empty.
WRONG = {"date": "31.02.20x", "number": "tolv", "text": "tolv", "textarea": "tolv"}


@pytest.fixture
def objects(personas, settings, tmp_path):
    from tests import matrix_objects

    settings.MEDIA_ROOT = tmp_path
    return matrix_objects.build(personas, "beslut:")  # with a fastställd proposal


def _parse(html):
    return tinyhtml5.parse(html, namespace_html_elements=False)


def _elements(root):
    """Every element in document order, outside <template> (the rows and
    delar that scripts copy are not part of the page yet)."""

    def walk(el):
        yield el
        for child in el:
            if isinstance(child.tag, str) and child.tag != "template":
                yield from walk(child)

    return list(walk(root))


def _text(el):
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def error_page_problems(html):
    """What the page after a failed save lacks; [] when it is as it should be."""
    root = _parse(html)
    elements = _elements(root)
    by_id = {el.get("id"): el for el in elements if el.get("id")}
    position = {el.get("id"): i for i, el in enumerate(elements) if el.get("id")}
    problems = []
    title = _text(root.find(".//title"))
    if not title.startswith("Fel: "):
        problems.append(f"titeln börjar inte med 'Fel: ': {title!r}")
    summary = by_id.get("felsammanfattning")
    if summary is None or summary.get("role") != "alert":
        return [*problems, "ingen felsammanfattning med role=alert"]
    links = [a.get("href", "") for a in summary.iter("a")]
    if not links:
        problems.append(f"sammanfattningen länkar inte till något fält: {_text(summary)!r}")
    # A field's link is "#id"; a conflict notice also links to the latest version.
    targets = [href[1:] for href in links if href.startswith("#")]
    for target in targets:
        if target not in by_id:
            problems.append(f"länken #{target} leder inte till något på sidan")
    order = [position[t] for t in targets if t in position]
    if order != sorted(order):
        problems.append(f"sammanfattningen följer inte sidans ordning: {targets}")
    parents = {child: parent for parent in elements for child in parent}
    described = set()
    for el in elements:
        described.update((el.get("aria-describedby") or "").split())
    for el in elements:
        classes = (el.get("class") or "").split()
        label = el.get("id") or el.get("name") or el.tag
        if "is-invalid" in classes:
            if el.get("aria-invalid") != "true":
                problems.append(f"{label}: is-invalid utan aria-invalid")
            # Its own description, or its group's (radio buttons in a fieldset).
            holder, refs = el, []
            while holder is not None and not refs:
                refs = (holder.get("aria-describedby") or "").split()
                holder = parents.get(holder) if holder.tag != "fieldset" else None
            if not any(r in by_id and _text(by_id[r]) for r in refs):
                problems.append(f"{label}: aria-describedby pekar inte på ett meddelande ({refs})")
        tied = el.get("id") and el.get("id") in described
        if "invalid-feedback" in classes and el.get("data-fel") is None and _text(el) and not tied:
            problems.append(f"meddelandet {_text(el)[:60]!r} hör inte till något fält (id + aria-describedby)")
    return problems


def _post(client, url, data):
    with transaction.atomic():  # each attempt starts from the objects as built
        response = client.post(url, data)
        transaction.set_rollback(True)
    return response


def test_every_form_shows_a_linked_error_summary(client, personas, objects):
    problems, tested = [], set()
    for page in sweep.pages(client, personas, objects):
        for form in page.post_forms():
            typed = [c for c in form.controls if c.kind in TYPED]
            if not typed:
                continue  # buttons, checkboxes and choices: a browser can only send what the page offers
            action_name = sweep.view_name(form.action)
            if action_name is None:
                problems.append(f"{page.name} ({page.role}): formuläret skickar till {form.action}, som inte finns")
                continue
            if action_name in tested:
                continue
            tested.add(action_name)
            response = _post(client, form.action, form.data({c.index: "" for c in typed}))
            if response.status_code in (301, 302):
                wrong = form.data({c.index: WRONG.get(c.kind, "") for c in typed})
                response = _post(client, form.action, wrong)
            where = f"{action_name} (från {page.name}, {page.role})"
            if response.status_code in (301, 302):
                problems.append(f"{where}: sparas både tomt och med fel sorts värden; inget fel att visa")
                continue
            problems += [f"{where}: {p}" for p in error_page_problems(response.content.decode())]
    assert tested >= {"login", "ansokningar:ny", "ansokningar:redigera", "beslut:redigera", "insatser:ny"}, tested
    assert not problems, "\n".join(problems)


def test_the_check_finds_what_is_missing():
    """error_page_problems itself: a page that marks a field its own way fails."""
    page = (
        '<html><head><title>Fel: Sida</title></head><body><div id="felsammanfattning" role="alert">'
        '<ul><li><a href="#id_b">B</a></li><li><a href="#id_a">A</a></li><li><a href="#saknas">C</a></li></ul></div>'
        '<input id="id_a" class="is-invalid"><input id="id_b" class="is-invalid" aria-invalid="true" '
        'aria-describedby="id_b_error"><div id="id_b_error" class="invalid-feedback">Fel i B</div>'
        '<div class="invalid-feedback">Löst meddelande</div></body></html>'
    )
    problems = error_page_problems(page)
    assert any("#saknas" in p for p in problems)
    assert any("ordning" in p for p in problems)
    assert any(p.startswith("id_a: is-invalid utan aria-invalid") for p in problems)
    assert any(p.startswith("id_a: aria-describedby") for p in problems)
    assert any("Löst meddelande" in p for p in problems)
    assert len(problems) == 5, problems


# --- the parts of the application form written by hand -------------------------------------


def _summary(html):
    """[(href, text)] of the error summary."""
    box = html.split('id="felsammanfattning"')[1].split("</div>")[0]
    return [(href, re.sub(r"<[^>]+>", "", text)) for href, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', box)]


def test_budget_cells_and_goal_lists_are_tied_to_their_messages(anna, ansokan, orgs, kategori):
    from tests.test_ansokan_input import edit_url, form_data

    af = orgs["af"].pk
    data = form_data(
        ansokan, orgs, kategori, **{"rad-0-tjanst_procent": "120", f"rad-1-org{af}": "tusen", "mal_effekt": ["x" * 2001]}
    )
    html = anna.post(edit_url(ansokan), data).content.decode()
    assert not error_page_problems(html), error_page_problems(html)
    links = dict(_summary(html))
    assert links["id_rad-0-tjanst_procent"] == "Tjänstgöringsgraden kan vara högst 100 procent."
    assert f"id_rad-1-org{af}" in links
    assert links["lista-mal_effekt"].startswith("Ett effektmål är för långt")
    assert 'id="lista-mal_effekt" aria-describedby="mal_effekt-fel"' in html


def test_a_failed_submission_lists_what_is_missing_first(anna, ansokan, orgs, kategori):
    from tests.test_ansokan_input import edit_url, form_data

    data = form_data(ansokan, orgs, kategori, action="lamna_in", metod="", mal_insats=[], diskuterad="")
    html = anna.post(edit_url(ansokan), data).content.decode()
    assert "<title>Fel: " in html
    assert "Det här saknas innan ansökan kan lämnas in" in html.split('id="felsammanfattning"')[1].split("</ul>")[0]
    assert [href for href, _text in _summary(html)] == ["lista-mal_insats", "id_metod", "id_diskuterad_0"]
    assert not error_page_problems(html), error_page_problems(html)


def test_wrong_password_is_in_the_summary_linked_to_the_first_field(client, anna_sokande):
    html = client.post(reverse("login"), {"username": "anna", "password": "fel"}).content.decode()
    assert not error_page_problems(html), error_page_problems(html)
    assert _summary(html)[0][0] == "id_username"


# --- links ---------------------------------------------------------------------------------


def test_no_role_is_shown_a_link_it_cannot_open(client, personas, objects):
    """Every page of the matrix a role may open, and every link on it,
    followed as that role: a link that answers 403 or 404 should not have
    been shown (the beredning link for the sekreterare was one)."""
    dead = []
    for role in ROLES:
        seen = {url for _name, url, roles in sweep.matrix_pages(objects) if role in roles}
        for page in sweep.pages(client, personas, objects, roles=[role]):
            for link in page.app_links():
                if link in seen:
                    continue
                seen.add(link)
                status = client.get(link).status_code
                if status in (403, 404):
                    dead.append(f"{role}: {page.name} länkar till {link} ({status})")
    assert not dead, "\n".join(dead)


def test_shares_that_do_not_add_up_are_tied_to_their_group(client, cecilia_forbundschef):
    from ansokningar.models import Insatskategori

    client.force_login(cecilia_forbundschef)
    kategorier = list(Insatskategori.objects.all()) or [Insatskategori.objects.create(namn="Individinriktad")]
    data = {"ar": 2027, "mal": "", "ram": 1000, f"andel_{kategorier[0].pk}": "60"}
    html = client.post(reverse("beslut:inriktning_ny"), data).content.decode()
    assert not error_page_problems(html), error_page_problems(html)
    assert _summary(html) == [("andelar", "Andelarna i riktlinjen ska tillsammans bli 100 % (nu 60 %).")]


def test_a_filter_that_cannot_be_used_is_explained_at_its_field(client, bertil_handlaggare):
    client.force_login(bertil_handlaggare)
    html = client.get(reverse("ansokningar:lista"), {"ar": "tjugo"}).content.decode()
    assert not error_page_problems(html), error_page_problems(html)
    assert [href for href, _text in _summary(html)] == ["id_ar"]
