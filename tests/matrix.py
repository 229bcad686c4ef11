"""The permission matrix: role × URL → expected status.

Every named URL in the URLconf must have a row here; test_permissions fails
for a URL without one, so a new view cannot ship without deciding who may
open it. `objects` builds what a URL's arguments point at (an application of
Älvkarleby kommun, say) so that "another organisation" is tested for real.
"""

from dataclasses import dataclass, field

ROLES = [
    "anon",
    "sokande",
    "utomstaende",
    "handlaggare",
    "forbundschef",
    "ledamot",
    "ersattare",
    "sekreterare",
    "admin",
]
LOGGED_IN = [r for r in ROLES if r != "anon"]
KANSLI = ["handlaggare", "forbundschef", "sekreterare", "admin"]


def expect(default, anon=302, **by_role):
    """Expected status per role: `default` for every logged-in role unless named."""
    result = {"anon": anon}
    for role in LOGGED_IN:
        result[role] = by_role.get(role, default)
    unknown = set(by_role) - set(LOGGED_IN)
    assert not unknown, unknown
    return result


def kansli_only(status):
    return expect(403, **dict.fromkeys(KANSLI, status))


@dataclass
class Row:
    expected: dict
    kwargs: callable = None  # (objects) -> kwargs for reverse()
    method: str = "get"
    data: dict = field(default_factory=dict)


ROWS = {
    "start": Row(expect(200)),
    "halsa": Row(expect(200, anon=200)),
    "logotyp": Row(expect(404, anon=404)),  # public; the test förbund has no logo (test_start_pages has one)
    "administration": Row(expect(403, admin=200, forbundschef=200)),
    "login": Row(expect(302, anon=200)),  # logged in: straight to the start page
    "logout": Row(expect(302), method="post"),
    "aktiv": Row(expect(204), method="post"),  # the keep-alive while typing (static/js/aktiv.js)
    "password_change": Row(expect(200)),
    "password_change_done": Row(expect(200)),
    "password_reset": Row(expect(200, anon=200)),
    "password_reset_done": Row(expect(200, anon=200)),
    "password_reset_confirm": Row(
        expect(200, anon=200), kwargs=lambda objs: {"uidb64": "MQ", "token": "fel-token"}
    ),
    "password_reset_complete": Row(expect(200, anon=200)),
    # Applications: sökande of a party and the kansli; the board has no business here.
    "ansokningar:lista": Row(expect(200, ledamot=403, ersattare=403)),
    "ansokningar:ny": Row(expect(403, sokande=200, utomstaende=200)),
    "ansokningar:detalj": Row(
        expect(200, utomstaende=404, ledamot=403, ersattare=403), kwargs=lambda o: {"pk": o["inlamnad"].pk}
    ),
    "ansokningar:pdf": Row(
        expect(200, utomstaende=404, ledamot=403, ersattare=403), kwargs=lambda o: {"pk": o["inlamnad"].pk}
    ),
    # A draft is the applicant's own: the kansli does not see it yet.
    "ansokningar:redigera": Row(
        expect(404, sokande=200, ledamot=403, ersattare=403), kwargs=lambda o: {"pk": o["utkast"].pk}
    ),
    # Posted without a file: the sökande gets the page back with the message next to the field (400).
    "ansokningar:bilaga_ny": Row(
        expect(404, sokande=400, ledamot=403, ersattare=403),
        kwargs=lambda o: {"pk": o["utkast"].pk},
        method="post",
    ),
    "ansokningar:bilaga": Row(
        expect(200, utomstaende=404, ledamot=403, ersattare=403),
        kwargs=lambda o: {"pk": o["inlamnad"].pk, "bilaga_id": o["bilaga"].pk},
    ),
    # Removing an attachment is a change of the draft: only its sökande.
    "ansokningar:bilaga_ta_bort": Row(
        expect(404, sokande=302, ledamot=403, ersattare=403),
        kwargs=lambda o: {"pk": o["utkast"].pk, "bilaga_id": o["bilaga_utkast"].pk},
        method="post",
    ),
    "ansokningar:signera": Row(
        expect(403, sokande=302, utomstaende=404),
        kwargs=lambda o: {"pk": o["inlamnad"].pk},
        method="post",
    ),
    "ansokningar:aterkalla": Row(
        expect(404, sokande=302, ledamot=403, ersattare=403),
        kwargs=lambda o: {"pk": o["utkast"].pk},
        method="post",
    ),
    # Posted empty, so the kansli gets the form back with its message (400).
    "ansokningar:komplettering": Row(
        expect(403, utomstaende=404, handlaggare=400, forbundschef=400, sekreterare=400, admin=400),
        kwargs=lambda o: {"pk": o["inlamnad"].pk},
        method="post",
    ),
    "ansokningar:beredning": Row(
        expect(302, sokande=403, utomstaende=404, ledamot=403, ersattare=403),
        kwargs=lambda o: {"pk": o["inlamnad"].pk},
        method="post",
    ),
    # Beredning and beslutsförslag are the kansli's: the handläggare bereder,
    # the förbundschef drafts. The board reads proposals through meetings.
    "beslut:lista": Row(kansli_only(200)),
    "beslut:ny": Row(expect(403, forbundschef=200)),
    "beslut:beredning": Row(
        expect(403, handlaggare=200, forbundschef=200), kwargs=lambda o: {"pk": o["inlamnad"].pk}
    ),
    "beslut:fran_ansokan": Row(
        expect(403, forbundschef=302), kwargs=lambda o: {"pk": o["inlamnad"].pk}, method="post"
    ),
    "beslut:detalj": Row(kansli_only(200), kwargs=lambda o: {"pk": o["forslag"].pk}),
    "beslut:redigera": Row(expect(403, forbundschef=200), kwargs=lambda o: {"pk": o["forslag"].pk}),
    "beslut:standardsatser": Row(
        expect(403, forbundschef=302), kwargs=lambda o: {"pk": o["forslag"].pk}, method="post"
    ),
    "beslut:pdf": Row(kansli_only(200), kwargs=lambda o: {"pk": o["forslag"].pk}),
    "beslut:faststall": Row(
        expect(403, forbundschef=302), kwargs=lambda o: {"pk": o["forslag"].pk}, method="post"
    ),
    "beslut:version_pdf": Row(kansli_only(200), kwargs=lambda o: {"pk": o["forslag"].pk, "nummer": 1}),
    "beslut:jamfor": Row(kansli_only(200), kwargs=lambda o: {"pk": o["forslag"].pk}),
    "beslut:inriktningar": Row(kansli_only(200)),
    "beslut:inriktning_ny": Row(expect(403, forbundschef=200)),
    "beslut:inriktning": Row(expect(403, forbundschef=200), kwargs=lambda o: {"ar": o["inriktning"].ar}),
    "beslut:klausuler": Row(kansli_only(200)),
    "beslut:klausul_ny": Row(expect(403, forbundschef=200)),
    "beslut:klausul": Row(expect(403, forbundschef=200), kwargs=lambda o: {"pk": o["klausul"].pk}),
    # Choosing and writing clause sets: who writes proposals (access.SKRIBENT).
    "beslut:klausul_uppsattningar": Row(expect(403, forbundschef=200)),
    "beslut:klausul_uppsattning_ny": Row(expect(403, forbundschef=200)),
    "beslut:klausul_uppsattning": Row(expect(403, forbundschef=200), kwargs=lambda o: {"pk": o["uppsattning"].pk}),
    # The meeting's papers (beslut.views.handlingar): the kansli, and the
    # organ's members once the kallelse is out (elsa sits in no organ here).
    "beslut:kallelse_pdf": Row(
        expect(403, ersattare=404, **dict.fromkeys([*KANSLI, "ledamot"], 200)),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk},
    ),
    "beslut:motespaket_pdf": Row(
        expect(403, ersattare=404, **dict.fromkeys([*KANSLI, "ledamot"], 200)),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk},
    ),
    # Sending the kallelse: who plans meetings; both answer with the meeting page.
    "beslut:skicka_kallelse": Row(
        expect(403, sekreterare=302, forbundschef=302), kwargs=lambda o: {"pk": o["mote_planerat"].pk}, method="post"
    ),
    "beslut:revidera_kallelse": Row(
        expect(403, sekreterare=302, forbundschef=302), kwargs=lambda o: {"pk": o["mote_kallat"].pk}, method="post"
    ),
    # Meetings (beslut.views.sammantrade): the kansli and the board read them,
    # a member only the called meetings of an organ they sit in (elsa sits in
    # none: 404); the sekreterare and the förbundschef plan them and keep the
    # föredragningslista. Posts without a version are refused as stale (302).
    "beslut:sammantraden": Row(expect(403, **dict.fromkeys([*KANSLI, "ledamot", "ersattare"], 200))),
    "beslut:organ": Row(
        expect(403, **dict.fromkeys([*KANSLI, "ledamot", "ersattare"], 200)), kwargs=lambda o: {"pk": o["organ"].pk}
    ),
    "beslut:sammantrade_ny": Row(expect(403, sekreterare=200, forbundschef=200)),
    "beslut:sammantrade": Row(
        expect(403, ersattare=404, **dict.fromkeys([*KANSLI, "ledamot"], 200)),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk},
    ),
    "beslut:sammantrade_ics": Row(
        expect(403, ersattare=404, **dict.fromkeys([*KANSLI, "ledamot"], 200)),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk},
    ),
    "beslut:sammantrade_redigera": Row(
        expect(403, sekreterare=200, forbundschef=200), kwargs=lambda o: {"pk": o["mote_planerat"].pk}
    ),
    "beslut:sammantrade_genomfor": Row(
        expect(403, sekreterare=302, forbundschef=302), kwargs=lambda o: {"pk": o["mote_kallat"].pk}, method="post"
    ),
    "beslut:sammantrade_stall_in": Row(
        expect(403, sekreterare=302, forbundschef=302), kwargs=lambda o: {"pk": o["mote_planerat"].pk}, method="post"
    ),
    # Posted empty: the heading is missing, said at its field (400).
    "beslut:arende_ny": Row(
        expect(403, sekreterare=400, forbundschef=400),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk, "typ": "meddelanden"},
        method="post",
    ),
    "beslut:arende_flytta": Row(
        expect(403, sekreterare=302, forbundschef=302),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk, "arende_id": o["arende"].pk},
        method="post",
        data={"riktning": "upp"},
    ),
    "beslut:arende_ta_bort": Row(
        expect(403, sekreterare=302, forbundschef=302),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk, "arende_id": o["arende"].pk},
        method="post",
    ),
    "beslut:arende_pdf": Row(
        expect(403, ersattare=404, **dict.fromkeys([*KANSLI, "ledamot"], 200)),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk, "arende_id": o["arende_beslut"].pk},
    ),
    # Posted without a file: the message at the field (400).
    "beslut:handling_ny": Row(
        expect(403, sekreterare=400, forbundschef=400),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk, "arende_id": o["arende"].pk},
        method="post",
    ),
    "beslut:handling_pdf": Row(
        expect(403, ersattare=404, **dict.fromkeys([*KANSLI, "ledamot"], 200)),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk, "handling_id": o["handling"].pk},
    ),
    "beslut:handling_ta_bort": Row(
        expect(403, sekreterare=302, forbundschef=302),
        kwargs=lambda o: {"pk": o["mote_kallat"].pk, "handling_id": o["handling"].pk},
        method="post",
    ),
    # Insatser: the kansli sees all, a sökande its organisation's; the
    # handläggare and the förbundschef register and correct them.
    "insatser:lista": Row(expect(200, ledamot=403, ersattare=403)),
    "insatser:detalj": Row(
        expect(200, utomstaende=404, ledamot=403, ersattare=403), kwargs=lambda o: {"pk": o["insats"].pk}
    ),
    "insatser:ny": Row(expect(403, handlaggare=200, forbundschef=200)),
    "insatser:redigera": Row(
        expect(403, handlaggare=200, forbundschef=200), kwargs=lambda o: {"pk": o["insats"].pk}
    ),
    # The export for Uppföljning Finsam: the kansli who report to it (not the
    # sekreterare, not the board, not a sökande).
    "insatser:export": Row(expect(403, handlaggare=200, forbundschef=200, admin=200)),
    # Rekvisitioner (insatser.access_rekvisition): the kansli and the
    # insatsägare's users see a claim (another organisation 404, the board
    # 403); only the insatsägare files; the handläggare and the förbundschef
    # attest (posted without a version: stale, 409), return and pay (posted
    # empty: the message at the field, 400). The list: the kansli's of all, a
    # sökande's of their organisations' claims (another organisation's: empty).
    "insatser:rekvisitioner": Row(expect(200, ledamot=403, ersattare=403)),
    "insatser:rekvisition_ny": Row(expect(403, sokande=200, utomstaende=404), kwargs=lambda o: {"pk": o["insats"].pk}),
    "insatser:rekvisition": Row(
        expect(200, utomstaende=404, ledamot=403, ersattare=403), kwargs=lambda o: {"pk": o["rekvisition"].pk}
    ),
    "insatser:rekvisition_pdf": Row(
        expect(200, utomstaende=404, ledamot=403, ersattare=403), kwargs=lambda o: {"pk": o["rekvisition"].pk}
    ),
    "insatser:rekvisition_bilaga": Row(
        expect(200, utomstaende=404, ledamot=403, ersattare=403), kwargs=lambda o: {"pk": o["rekvisition"].pk}
    ),
    "insatser:rekvisition_attestera": Row(
        expect(403, handlaggare=409, forbundschef=409), kwargs=lambda o: {"pk": o["rekvisition"].pk}, method="post"
    ),
    "insatser:rekvisition_returnera": Row(
        expect(403, handlaggare=400, forbundschef=400), kwargs=lambda o: {"pk": o["rekvisition"].pk}, method="post"
    ),
    "insatser:rekvisition_betald": Row(
        expect(403, handlaggare=400, forbundschef=400), kwargs=lambda o: {"pk": o["rekvisition"].pk}, method="post"
    ),
    # Rapporter (insatser.views.rapporter): whoever sees the insats reads its
    # reports (another organisation 404, the board 403); the handläggare and
    # the förbundschef set the plan and handle a report (the matrix's report
    # is not submitted: Godkänn is refused with a message, 302; komplettering
    # posted empty, the message at the field, 400); the kansli lists the overdue.
    "insatser:rapportplan": Row(
        expect(403, handlaggare=200, forbundschef=200), kwargs=lambda o: {"pk": o["insats"].pk}
    ),
    "insatser:rapporter_forfallna": Row(kansli_only(200)),
    "insatser:rapport": Row(
        expect(200, utomstaende=404, ledamot=403, ersattare=403), kwargs=lambda o: {"pk": o["rapport"].pk}
    ),
    "insatser:rapport_godkann": Row(
        expect(403, handlaggare=302, forbundschef=302), kwargs=lambda o: {"pk": o["rapport"].pk}, method="post"
    ),
    "insatser:rapport_komplettering": Row(
        expect(403, handlaggare=400, forbundschef=400), kwargs=lambda o: {"pk": o["rapport"].pk}, method="post"
    ),
    # The insats page's own acts (insatser.views.insats, .avvikelser): closing is
    # the handläggare's and the förbundschef's; a decision's document is for
    # whoever sees the insats (the matrix's grants are registered by hand: 404).
    # Avvikelser: the insatsägare's users file and read them, a samverkanspart
    # or another organisation gets 404; the kansli reads them, the handläggare
    # and the förbundschef handle them (the matrix's is new, so drafting a
    # proposal from it is refused with a message: 302).
    "insatser:avsluta": Row(expect(403, handlaggare=200, forbundschef=200), kwargs=lambda o: {"pk": o["insats"].pk}),
    "insatser:beslutsdokument": Row(
        expect(404, ledamot=403, ersattare=403),
        kwargs=lambda o: {"pk": o["insats"].pk, "beviljande_id": o["insats"].beviljanden.first().pk},
    ),
    "insatser:avvikelse_ny": Row(expect(403, sokande=200, utomstaende=404), kwargs=lambda o: {"pk": o["insats"].pk}),
    "insatser:avvikelse": Row(
        expect(200, utomstaende=404, ledamot=403, ersattare=403),
        kwargs=lambda o: {"pk": o["insats"].pk, "avvikelse_id": o["avvikelse"].pk},
    ),
    "insatser:avvikelse_forslag": Row(
        expect(403, utomstaende=404, handlaggare=302, forbundschef=302),
        kwargs=lambda o: {"pk": o["insats"].pk, "avvikelse_id": o["avvikelse"].pk},
        method="post",
    ),
    # Keeping the protokoll (beslut.views.protokoll): the sekreterare and the
    # förbundschef. Posted empty, without a version: refused as stale (400),
    # or, starting an already started protokoll, told so (302).
    "beslut:protokoll_foring": Row(
        expect(403, sekreterare=200, forbundschef=200), kwargs=lambda o: {"pk": o["mote_genomfort"].pk}
    ),
    "beslut:protokoll_paborja": Row(
        expect(403, sekreterare=302, forbundschef=302), kwargs=lambda o: {"pk": o["mote_genomfort"].pk}, method="post"
    ),
    "beslut:protokoll_narvaro": Row(
        expect(403, sekreterare=400, forbundschef=400), kwargs=lambda o: {"pk": o["mote_genomfort"].pk}, method="post"
    ),
    "beslut:protokoll_justerare": Row(
        expect(403, sekreterare=400, forbundschef=400), kwargs=lambda o: {"pk": o["mote_genomfort"].pk}, method="post"
    ),
    "beslut:protokoll_beslut": Row(
        expect(403, sekreterare=400, forbundschef=400), kwargs=lambda o: {"pk": o["paragraf"].pk}, method="post"
    ),
    "beslut:protokoll_jav": Row(
        expect(403, sekreterare=400, forbundschef=400), kwargs=lambda o: {"pk": o["paragraf"].pk}, method="post"
    ),
    "beslut:protokoll_omrostning": Row(
        expect(403, sekreterare=400, forbundschef=400), kwargs=lambda o: {"pk": o["paragraf"].pk}, method="post"
    ),
    # The protokoll as PDF and its extracts: whoever may read the held meeting
    # (the kansli, the organ's members). Justering: the people who attest
    # (david_ledamot chairs), followed by the kansli; a member who does not
    # attest gets 404. Omedelbar justering and anslag: who keeps the protokoll.
    "beslut:protokoll_pdf": Row(
        expect(403, **dict.fromkeys(KANSLI, 200), ledamot=200, ersattare=200),
        kwargs=lambda o: {"pk": o["mote_justering"].pk},
    ),
    "beslut:protokollsutdrag_pdf": Row(
        expect(403, **dict.fromkeys(KANSLI, 200), ledamot=200, ersattare=200),
        kwargs=lambda o: {"pk": o["mote_justering"].pk},
        data={"p": "1"},
    ),
    "beslut:justering": Row(
        expect(403, **dict.fromkeys(KANSLI, 200), ledamot=200, ersattare=404),
        kwargs=lambda o: {"pk": o["mote_justering"].pk},
    ),
    "beslut:omedelbar_justering": Row(
        expect(403, sekreterare=302, forbundschef=302),
        kwargs=lambda o: {"pk": o["mote_justering"].pk, "nummer": 1},
        method="post",
    ),
    "beslut:anslag": Row(
        expect(403, sekreterare=200, forbundschef=200), kwargs=lambda o: {"pk": o["mote_justering"].pk}
    ),
    # The anslagstavla is public: the anslagna protokoll and their PDFs, nothing else.
    "anslagstavla": Row(expect(200, anon=200)),
    "anslagstavla_pdf": Row(expect(200, anon=200), kwargs=lambda o: {"pk": o["mote_anslaget"].pk}),
    # Ekonomi per år: the kansli who handle the money (not the sekreterare)
    # and the board read it; only the förbundschef and the administratör
    # enter a year's funds.
    "insatser:ekonomi": Row(
        expect(403, handlaggare=200, forbundschef=200, admin=200, ledamot=200, ersattare=200)
    ),
    "insatser:arsbudget": Row(expect(403, forbundschef=200, admin=200), kwargs=lambda o: {"ar": 2031}),
    # Django's admin: only the administratör is staff; others go to its login.
    "admin:index": Row(expect(302, admin=200)),
}


def login(client, personas, role):
    """The test client as `role` ("anon": logged out); `personas` from conftest."""
    client.logout()
    if role != "anon":
        client.force_login(personas[role])


def row_url(name, objects):
    """The row's URL, its arguments taken from `objects` (tests/matrix_objects.py)."""
    from django.urls import reverse

    row = ROWS[name]
    return reverse(name, kwargs=row.kwargs(objects) if row.kwargs else None)
