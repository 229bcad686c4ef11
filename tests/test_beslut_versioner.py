"""Fastställda versions as the förbundschef reads them: an unchanged draft is
the fastställd version (its stored PDF, no second "Fastställ"), a changed one
says so, and "Jämför versioner" opens on what differs."""

import pytest
from django.urls import reverse

from beslut import klausuler, services
from beslut.models import Beslutsforslag
from tests.test_query_counts_more import queries

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media):
    """Fastställda versions store their PDF."""


def andra(forslag, by, **falt):
    """Save the proposal with new field values, its clauses as they are."""
    forslag = Beslutsforslag.objects.get(pk=forslag.pk)
    satser = [klausuler.Sats(s.text, s.klausul_id) for s in forslag.satser.all()]
    return services.spara_forslag(forslag=forslag, by=by, version=forslag.version, falt=falt, satser=satser)


def test_detail_page_and_pdf_follow_the_latest_version(forslag, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    detalj = reverse("beslut:detalj", args=[forslag.pk])
    pdf = reverse("beslut:pdf", args=[forslag.pk])
    faststall = reverse("beslut:faststall", args=[forslag.pk])

    page = client.get(detalj).content.decode()
    assert "PDF (utkast)" in page and f'action="{faststall}"' in page
    assert "Inte fastställt ännu." in page

    v1 = services.faststall(forslag=forslag, by=cecilia_forbundschef)
    stored = v1.pdf.read()
    page = client.get(detalj).content.decode()
    assert "PDF (fastställd version 1)" in page and reverse("beslut:version_pdf", args=[forslag.pk, 1]) in page
    assert "PDF (utkast)" not in page and f'action="{faststall}"' not in page  # nothing new to fastställa
    assert "Utkastet är oförändrat sedan version 1." in page
    assert "Jämför versioner" not in page  # one version, the draft the same
    response = client.get(pdf)  # the stored file, not a new rendering
    assert response.getvalue() == stored and response["X-Content-SHA256"] == v1.sha256

    andra(forslag, cecilia_forbundschef, bedomning="Insatsen ligger väl i linje med inriktningen.")
    page = client.get(detalj).content.decode()
    assert "Ändrat sedan version 1" in page and "Förslaget har ändrats sedan version 1 fastställdes." in page
    assert "PDF (utkast)" in page and "Fastställ version 2" in page and "Jämför versioner" in page
    response = client.get(pdf)
    assert response.getvalue() != stored and "utkast" in response["Content-Disposition"]


def test_compare_opens_on_what_differs(forslag, cecilia_forbundschef, client):
    client.force_login(cecilia_forbundschef)
    url = reverse("beslut:jamfor", args=[forslag.pk])
    assert client.get(url).status_code == 404  # nothing fastställt yet

    services.faststall(forslag=forslag, by=cecilia_forbundschef)
    page = client.get(url).content.decode()
    assert "Utkastet är oförändrat sedan version 1, den senast fastställda." in page
    assert "De två är likadana" in page
    assert '<option value="utkast" selected>Nuvarande utkast (som version 1)</option>' in page

    andra(forslag, cecilia_forbundschef, bedomning="Ny bedömning.")
    page = client.get(url).content.decode()
    assert "Utkastet är ändrat sedan version 1" in page and "<ins>Ny bedömning.</ins>" in page
    assert '<option value="utkast" selected>Nuvarande utkast</option>' in page

    services.faststall(forslag=forslag, by=cecilia_forbundschef)
    page = client.get(url).content.decode()  # the two latest fastställda, not version 2 against itself
    assert '<option value="1" selected>Version 1</option>' in page and '<option value="2" selected>Version 2</option>' in page
    assert "<ins>Ny bedömning.</ins>" in page and "De två är likadana" not in page
    assert "Utkastet är oförändrat sedan version 2" in page
    # A chosen pair still works, and the draft can be chosen.
    page = client.get(url, {"a": 2, "b": "utkast"}).content.decode()
    assert "De två är likadana" in page


def test_version_pages_keep_their_query_count(forslag, cecilia_forbundschef, client, django_assert_max_num_queries):
    client.force_login(cecilia_forbundschef)
    services.faststall(forslag=forslag, by=cecilia_forbundschef)
    urls = [
        reverse("beslut:detalj", args=[forslag.pk]),
        reverse("beslut:jamfor", args=[forslag.pk]),
        reverse("beslut:pdf", args=[forslag.pk]),
    ]
    one = [queries(client, url, django_assert_max_num_queries) for url in urls]
    for i in range(4):
        andra(forslag, cecilia_forbundschef, bedomning=f"Bedömning {i}.")
        services.faststall(forslag=forslag, by=cecilia_forbundschef)
    assert [queries(client, url, django_assert_max_num_queries) for url in urls] == one


def test_forbund_is_read_once_per_faststall_and_changed_draft_pdf(forslag, cecilia_forbundschef, client, django_assert_max_num_queries):
    """Fastställ and the changed draft's PDF need the förbund's style and
    delegation limit in several places: one instance serves them all."""

    def forbund_reads(ctx):
        return sum('FROM "samordning_forbund"' in q["sql"] for q in ctx.captured_queries)

    with django_assert_max_num_queries(40) as ctx:
        services.faststall(forslag=forslag, by=cecilia_forbundschef)
    assert forbund_reads(ctx) == 1
    andra(forslag, cecilia_forbundschef, bedomning="Ändrad.")
    client.force_login(cecilia_forbundschef)
    with django_assert_max_num_queries(40) as ctx:
        assert client.get(reverse("beslut:pdf", args=[forslag.pk])).status_code == 200
    assert forbund_reads(ctx) == 1
