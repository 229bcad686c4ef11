"""The meeting page and the board member's start page: the query count does
not grow with the ärenden, their handlingar or the meetings."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from beslut.models import (
    Arende,
    Beslutsforslag,
    FaststalldVersion,
    Handling,
    Organ,
    Sammantrade,
    Uppdrag,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def count(client, url, django_assert_max_num_queries, limit=30):
    with django_assert_max_num_queries(limit) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def organ(david_ledamot, orgs):
    organ = Organ.objects.create(namn="Förbundsstyrelsen", typ=Organ.Typ.STYRELSE)
    Uppdrag.objects.create(
        organ=organ,
        person=david_ledamot,
        roll=Uppdrag.Roll.LEDAMOT,
        organisation=orgs["region"],
        fran=D(2020, 1, 1),
    )
    return organ


def meeting(organ, by, datum, status=Sammantrade.Status.KALLAT, arenden=1):
    """A meeting with `arenden` ärenden of every kind: beslutsärenden with a
    fastställd version each, informationsärenden with two handlingar."""
    mote = Sammantrade.objects.create(
        organ=organ,
        datum=datum,
        starttid=datetime.time(13, 15),
        status=status,
        skapad_av=by,
        sekreterare=by,
    )
    Arende.objects.create(sammantrade=mote, ordning=0, typ=Arende.Typ.OPPNANDE, rubrik="Öppnande")
    for i in range(arenden):
        if i % 3 == 0:
            forslag = Beslutsforslag.objects.create(
                datum=datum, titel=f"Förslag {i}", diarienummer=f"SFU 2026/{i}", skapad_av=by
            )
            version = FaststalldVersion.objects.create(
                forslag=forslag, nummer=1, faststalld_av=by, sha256="0" * 64, innehall={"titel": forslag.titel},
                pdf=ContentFile(b"%PDF-1.4", name="v.pdf"),
            )  # fmt: skip
            Arende.objects.create(
                sammantrade=mote,
                ordning=i + 1,
                typ=Arende.Typ.BESLUT,
                rubrik=forslag.titel,
                forslag_version=version,
            )
        elif i % 3 == 1:
            info = Arende.objects.create(
                sammantrade=mote, ordning=i + 1, typ=Arende.Typ.INFORMATION, rubrik=f"Info {i}"
            )
            for n in range(2):
                Handling.objects.create(
                    arende=info, fil=ContentFile(b"%PDF-1.4", name="h.pdf"), filnamn=f"h{n}.pdf", sha256="0" * 64,
                    storlek=8, uppladdad_av=by,
                )  # fmt: skip
        else:
            Arende.objects.create(
                sammantrade=mote, ordning=i + 1, typ=Arende.Typ.DELEGATION, rubrik="Delegation"
            )
    Arende.objects.create(
        sammantrade=mote, ordning=99, typ=Arende.Typ.AVSLUTNING, rubrik="Avslutning"
    )
    return mote


@pytest.mark.parametrize("role", ["fredrik_sekreterare", "david_ledamot"])
def test_the_meeting_page_with_1_and_20_arenden(
    client, request, organ, fredrik_sekreterare, media, django_assert_max_num_queries, role
):
    client.force_login(request.getfixturevalue(role))
    one = meeting(organ, fredrik_sekreterare, D(2026, 3, 1), arenden=1)
    twenty = meeting(organ, fredrik_sekreterare, D(2026, 4, 1), arenden=20)
    few = count(client, reverse("beslut:sammantrade", args=[one.pk]), django_assert_max_num_queries)
    many = count(
        client, reverse("beslut:sammantrade", args=[twenty.pk]), django_assert_max_num_queries
    )
    assert many == few


def test_the_start_page_with_1_and_many_meetings(
    client, organ, david_ledamot, fredrik_sekreterare, media, django_assert_max_num_queries
):
    client.force_login(david_ledamot)
    meeting(organ, fredrik_sekreterare, D(2030, 1, 10))
    meeting(organ, fredrik_sekreterare, D(2020, 1, 10), status=Sammantrade.Status.ANSLAGET)
    few = count(client, reverse("start"), django_assert_max_num_queries)
    for i in range(8):
        meeting(organ, fredrik_sekreterare, D(2030, 2, 1 + i))
        meeting(organ, fredrik_sekreterare, D(2021, 2, 1 + i), status=Sammantrade.Status.JUSTERAT)
        meeting(organ, fredrik_sekreterare, D(2030, 3, 1 + i), status=Sammantrade.Status.PLANERAT)
    many = count(client, reverse("start"), django_assert_max_num_queries)
    assert many == few
    page = client.get(reverse("start")).content.decode()
    assert page.count("Föredragningslista och ärenden") == 9  # the called ones ahead, none planned


def test_the_meetings_list_with_1_and_many(
    client, organ, fredrik_sekreterare, media, django_assert_max_num_queries
):
    client.force_login(fredrik_sekreterare)
    meeting(organ, fredrik_sekreterare, D(2026, 1, 10))
    few = count(client, reverse("beslut:sammantraden"), django_assert_max_num_queries)
    for i in range(10):
        meeting(organ, fredrik_sekreterare, D(2025, 1, 1 + i), arenden=3)
    assert count(client, reverse("beslut:sammantraden"), django_assert_max_num_queries) == few
