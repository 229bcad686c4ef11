"""Rapporter (issue 11 items 3 and 4): due dates from the plan and the
granted period, regeneration, filing and handling, the overdue selectors
and the daily reminder command."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ansokningar import services as ansokan_services
from ansokningar.models import Mal
from insatser import rapporter
from insatser import services as insats_services
from insatser.models import Beviljande, Insats, Paminnelse, Rapport, Rapportplan
from insatser.rapporter import onskade_rapporter
from samordning.errors import ConflictError, WorkflowError
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date
T = Rapport.Typ
S = Rapport.Status


def plan(lagesrapporter="kvartal", arsrapport=True, slutrapport=True, period=None):
    return [
        (o.typ, o.fran, o.till, o.forfaller)
        for o in onskade_rapporter(
            lagesrapporter=lagesrapporter, arsrapport=arsrapport, slutrapport=slutrapport, period=period
        )
    ]


# ------------------------------------------------------------ due dates


def test_an_insats_starting_mid_quarter_gets_cut_quarters_and_the_slutrapport_covers_the_last():
    assert plan(period=(D(2025, 2, 15), D(2025, 12, 31))) == [
        (T.LAGESRAPPORT, D(2025, 2, 15), D(2025, 3, 31), D(2025, 4, 30)),
        (T.LAGESRAPPORT, D(2025, 4, 1), D(2025, 6, 30), D(2025, 7, 30)),
        (T.LAGESRAPPORT, D(2025, 7, 1), D(2025, 9, 30), D(2025, 10, 30)),
        # Q4 and the årsrapport 2025 end with the insats: the slutrapport takes their place.
        (T.SLUTRAPPORT, D(2025, 2, 15), D(2025, 12, 31), D(2026, 3, 1)),
    ]


def test_two_years_quarterly_with_arsrapport():
    rows = plan(period=(D(2025, 1, 1), D(2026, 12, 31)))
    assert [r[0] for r in rows].count(T.LAGESRAPPORT) == 7
    assert (T.ARSRAPPORT, D(2025, 1, 1), D(2025, 12, 31), D(2026, 2, 15)) in rows
    assert rows[-1] == (T.SLUTRAPPORT, D(2025, 1, 1), D(2026, 12, 31), D(2027, 3, 1))
    assert [r[3] for r in rows] == sorted(r[3] for r in rows)


def test_a_one_month_insats():
    assert plan(period=(D(2025, 5, 1), D(2025, 5, 31))) == [
        (T.SLUTRAPPORT, D(2025, 5, 1), D(2025, 5, 31), D(2025, 7, 30))
    ]
    assert plan(slutrapport=False, period=(D(2025, 5, 1), D(2025, 5, 31))) == [
        (T.LAGESRAPPORT, D(2025, 5, 1), D(2025, 5, 31), D(2025, 6, 30)),
        (T.ARSRAPPORT, D(2025, 5, 1), D(2025, 5, 31), D(2026, 2, 15)),
    ]


def test_leap_year_tertials_and_an_end_on_29_february():
    assert plan("tertial", False, False, (D(2024, 1, 1), D(2024, 12, 31))) == [
        (T.LAGESRAPPORT, D(2024, 1, 1), D(2024, 4, 30), D(2024, 5, 30)),
        (T.LAGESRAPPORT, D(2024, 5, 1), D(2024, 8, 31), D(2024, 9, 30)),
        (T.LAGESRAPPORT, D(2024, 9, 1), D(2024, 12, 31), D(2025, 1, 30)),
    ]
    assert plan("kvartal", False, True, (D(2023, 11, 1), D(2024, 2, 29))) == [
        (T.LAGESRAPPORT, D(2023, 11, 1), D(2023, 12, 31), D(2024, 1, 30)),
        (T.SLUTRAPPORT, D(2023, 11, 1), D(2024, 2, 29), D(2024, 4, 29)),
    ]


def test_no_period_no_reports_and_no_lagesrapporter():
    assert plan(period=None) == []
    assert plan("inga", False, True, (D(2025, 1, 1), D(2025, 6, 30))) == [
        (T.SLUTRAPPORT, D(2025, 1, 1), D(2025, 6, 30), D(2025, 8, 29))
    ]


# ------------------------------------------------------ plan and regeneration


@pytest.fixture
def insats(orgs, anna_sokande):
    return Insats.objects.create(namn="Steget vidare", insatsagare=orgs["alvkarleby"])


@pytest.fixture
def grant(insats):
    return Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2024, 12, 1), period_fran=D(2025, 1, 1), period_till=D(2025, 12, 31),
        belopp=100_000,
    )  # fmt: skip


PLAN_SATT = D(2024, 12, 15)


def satt(insats, by, version=0, idag=PLAN_SATT, **kw):
    kw = {"lagesrapporter": "kvartal", "arsrapport": True, "slutrapport": True, **kw}
    return rapporter.satt_plan(insats=insats, by=by, version=version, idag=idag, **kw)


def rows(insats):
    return list(insats.rapporter.order_by("forfallodatum", "typ").values_list("typ", "period_fran", "period_till"))


def test_setting_the_plan_creates_the_reports_idempotently_and_audited(insats, grant, bertil_handlaggare):
    p = satt(insats, bertil_handlaggare)
    assert rows(insats) == [
        (T.LAGESRAPPORT, D(2025, 1, 1), D(2025, 3, 31)),
        (T.LAGESRAPPORT, D(2025, 4, 1), D(2025, 6, 30)),
        (T.LAGESRAPPORT, D(2025, 7, 1), D(2025, 9, 30)),
        (T.SLUTRAPPORT, D(2025, 1, 1), D(2025, 12, 31)),
    ]
    ids = set(insats.rapporter.values_list("pk", flat=True))
    satt(insats, bertil_handlaggare, version=p.version)
    assert set(insats.rapporter.values_list("pk", flat=True)) == ids
    entries = AuditEntry.objects.filter(handling="rapportplan.satt").order_by("pk")
    assert len(entries[0].data["skapade"]) == 4 and entries[1].data["skapade"] == []
    with pytest.raises(ConflictError):
        satt(insats, bertil_handlaggare, version=p.version)  # stale: the page before the second save


def test_reports_due_before_the_plan_was_set_are_not_asked_for(insats, grant, bertil_handlaggare):
    satt(insats, bertil_handlaggare, idag=D(2025, 6, 1))
    assert Rapportplan.objects.get().galler_fran == D(2025, 6, 1)
    assert rows(insats)[0] == (T.LAGESRAPPORT, D(2025, 4, 1), D(2025, 6, 30))


def test_a_new_plan_never_touches_a_submitted_report_and_unsubmitted_future_ones_follow(
    insats, grant, bertil_handlaggare, anna_sokande
):
    p = satt(insats, bertil_handlaggare)
    q1 = insats.rapporter.get(period_fran=D(2025, 1, 1), typ=T.LAGESRAPPORT)
    rapporter.lamna_in(rapport=q1, by=anna_sokande, version=q1.version, antal=ANTAL, fritext="", maltexter={})
    satt(insats, bertil_handlaggare, version=p.version, idag=D(2025, 5, 1), lagesrapporter="tertial")
    assert rows(insats) == [
        (T.LAGESRAPPORT, D(2025, 1, 1), D(2025, 3, 31)),  # submitted: kept as it was
        # The tertial Jan–Apr overlaps the submitted Q1: only April is asked for (tests/test_rapporter_plan.py).
        (T.LAGESRAPPORT, D(2025, 4, 1), D(2025, 4, 30)),
        (T.LAGESRAPPORT, D(2025, 5, 1), D(2025, 8, 31)),
        (T.SLUTRAPPORT, D(2025, 1, 1), D(2025, 12, 31)),
    ]


def test_an_added_grant_extends_the_reports_and_an_overdue_one_stays_owed(insats, grant, bertil_handlaggare):
    satt(insats, bertil_handlaggare)
    insats_services.andra_insats(
        insats=insats, by=bertil_handlaggare, version=insats.version, namn=insats.namn,
        insatsagare=insats.insatsagare, kategori=None, startdatum=None, status=Insats.Status.PAGAR,
        beviljanden=[
            {"id": grant.pk, "beslutsdatum": grant.beslutsdatum, "period_fran": grant.period_fran,
             "period_till": grant.period_till, "belopp": grant.belopp},
            {"beslutsdatum": D(2025, 10, 1), "period_fran": D(2026, 1, 1), "period_till": D(2026, 6, 30),
             "belopp": 50_000},
        ],
    )  # fmt: skip
    typer = rows(insats)
    assert (T.LAGESRAPPORT, D(2025, 10, 1), D(2025, 12, 31)) in typer
    assert (T.ARSRAPPORT, D(2025, 1, 1), D(2025, 12, 31)) in typer
    assert (T.LAGESRAPPORT, D(2026, 1, 1), D(2026, 3, 31)) in typer
    assert typer[-1] == (T.SLUTRAPPORT, D(2025, 1, 1), D(2026, 6, 30))
    assert AuditEntry.objects.filter(handling="rapportplan.foljer_beviljanden").count() == 1


# ------------------------------------------------------------ filing

ANTAL = dict.fromkeys(rapporter.ANTAL_FALT, 0) | {"nya_kvinnor": 4, "nya_man": 3, "avslutade_kvinnor": 2,
                                                   "arbete_kvinnor": 1, "studier_kvinnor": 1}  # fmt: skip


@pytest.fixture
def mal(insats, grant, anna_sokande):
    ansokan = ansokan_services.skapa_ansokan(by=anna_sokande, insatsagare=insats.insatsagare, namn=insats.namn)
    grant.ansokan = ansokan
    grant.save()
    return [
        Mal.objects.create(ansokan=ansokan, typ=Mal.Typ.EFFEKT, text="Fler i arbete", ordning=1),
        Mal.objects.create(ansokan=ansokan, typ=Mal.Typ.INSATS, text="Handlingsplan inom fyra veckor", ordning=1),
        Mal.objects.create(ansokan=ansokan, typ=Mal.Typ.OVERGRIPANDE, text="Övergripande", ordning=1),
    ]


@pytest.fixture
def rapport(insats, grant, bertil_handlaggare):
    satt(insats, bertil_handlaggare)
    return insats.rapporter.get(typ=T.LAGESRAPPORT, period_fran=D(2025, 1, 1))


def test_the_goals_are_the_effekt_and_insatsmal_of_the_granted_applications(insats, mal):
    assert rapporter.mal_for(insats) == mal[:2]


def test_a_draft_keeps_counts_and_goals_and_submission_needs_every_goal(rapport, mal, anna_sokande):
    r = rapporter.spara(
        rapport=rapport, by=anna_sokande, version=rapport.version, antal=ANTAL, fritext="Bra kvartal",
        maltexter={mal[0].pk: "Två fick jobb"},
    )  # fmt: skip
    assert r.status == S.EJ_INLAMNAD and r.nya_kvinnor == 4 and r.malrader.get().text == "Två fick jobb"
    with pytest.raises(rapporter.RapportError) as e:
        rapporter.lamna_in(rapport=r, by=anna_sokande, version=r.version, antal=ANTAL, fritext="",
                           maltexter={mal[0].pk: "Två fick jobb"})  # fmt: skip
    assert set(e.value.errors) == {f"mal_{mal[1].pk}"}
    r = rapporter.lamna_in(rapport=r, by=anna_sokande, version=r.version, antal=ANTAL, fritext="",
                           maltexter={mal[0].pk: "Två fick jobb", mal[1].pk: "Klart"})  # fmt: skip
    assert r.status == S.INLAMNAD and r.inlamnad_av == anna_sokande and r.malrader.count() == 2
    assert list(rapporter.att_granska()) == [r]
    with pytest.raises(WorkflowError):
        rapporter.spara(rapport=r, by=anna_sokande, version=r.version, antal=ANTAL, fritext="", maltexter={})


def test_counts_must_add_up_per_kon(rapport, anna_sokande):
    fel = ANTAL | {"avslutade_man": 5, "arbete_kvinnor": 2, "studier_kvinnor": 1}
    with pytest.raises(rapporter.RapportError) as e:
        rapporter.spara(rapport=rapport, by=anna_sokande, version=rapport.version, antal=fel, fritext="", maltexter={})
    assert e.value.errors == {
        "avslutade_man": "Avslutade (män) kan inte vara fler än nya och pågående tillsammans (3).",
        "arbete_kvinnor": "Till arbete och till studier (kvinnor) kan tillsammans inte vara fler än de avslutade (2).",
    }


def test_only_the_insatsagare_files_and_a_stale_version_is_refused(rapport, erik_utomstaende, bertil_handlaggare,
                                                                    anna_sokande):  # fmt: skip
    for user in (erik_utomstaende, bertil_handlaggare):
        with pytest.raises(WorkflowError):
            rapporter.spara(rapport=rapport, by=user, version=rapport.version, antal=ANTAL, fritext="", maltexter={})
    with pytest.raises(ConflictError):
        rapporter.spara(rapport=rapport, by=anna_sokande, version=rapport.version + 1, antal=ANTAL, fritext="",
                        maltexter={})  # fmt: skip


def test_komplettering_needs_a_comment_mails_the_insatsagare_and_the_report_is_filed_again(
    rapport, anna_sokande, bertil_handlaggare, django_capture_on_commit_callbacks
):
    r = rapporter.lamna_in(rapport=rapport, by=anna_sokande, version=rapport.version, antal=ANTAL, fritext="",
                           maltexter={})  # fmt: skip
    with pytest.raises(rapporter.RapportError):
        rapporter.begar_komplettering(rapport=r, by=bertil_handlaggare, version=r.version, kommentar="  ")
    with django_capture_on_commit_callbacks(execute=True):
        r = rapporter.begar_komplettering(
            rapport=r, by=bertil_handlaggare, version=r.version, kommentar="Beskriv samverkan med AF."
        )
    assert r.status == S.KOMPLETTERING and r.hanterad_av == bertil_handlaggare
    # Due two weeks from now (its own day had passed): not weeks late at once.
    assert r.forfallodatum == timezone.localdate() + datetime.timedelta(days=rapporter.KOMPLETTERING_DAGAR)
    assert [m.to for m in mail.outbox] == [[anna_sokande.email]]
    assert "Beskriv samverkan med AF." in mail.outbox[0].body
    assert "lägesrapporten" in mail.outbox[0].body
    with pytest.raises(WorkflowError):
        rapporter.godkann(rapport=r, by=bertil_handlaggare, version=r.version)
    r = rapporter.lamna_in(rapport=r, by=anna_sokande, version=r.version, antal=ANTAL, fritext="Samverkan: ...",
                           maltexter={})  # fmt: skip
    r = rapporter.godkann(rapport=r, by=bertil_handlaggare, version=r.version)
    assert r.status == S.GODKAND
    handlingar = list(AuditEntry.objects.filter(object_id=str(r.pk)).values_list("handling", flat=True))
    assert handlingar.count("rapport.inlamnad") == 2 and "rapport.godkand" in handlingar
    with pytest.raises(WorkflowError):
        rapporter.godkann(rapport=r, by=anna_sokande, version=r.version)


# ---------------------------------------------------- selectors and reminders


def test_overdue_and_coming_reports(rapport, insats, anna_sokande, erik_utomstaende):
    # Q1 due 2025-04-30, Q2 2025-07-30.
    assert list(rapporter.forfallna(D(2025, 4, 30))) == []
    assert list(rapporter.forfallna(D(2025, 5, 1))) == [rapport]
    assert list(rapporter.kommande_for_sokande(anna_sokande, D(2025, 4, 20))) == [rapport]
    assert list(rapporter.kommande_for_sokande(anna_sokande, D(2025, 7, 20)))[1].period_fran == D(2025, 4, 1)
    assert list(rapporter.kommande_for_sokande(erik_utomstaende, D(2025, 7, 20))) == []
    Insats.objects.filter(pk=insats.pk).update(status=Insats.Status.AVSLUTAD)
    assert list(rapporter.forfallna(D(2025, 5, 1))) == []


def paminn(idag):
    out = StringIO()
    call_command("paminn_rapporter", idag=idag, stdout=out)
    return out.getvalue()


def test_the_reminder_command_sends_once_per_report_and_step(rapport, anna_sokande, bertil_handlaggare):
    # Q1 is due 2025-04-30. A week before: the insatsägare only.
    assert "0 påminnelser" in paminn("2025-04-22")
    out = paminn("2025-04-23")
    assert "7 dagar före förfallodagen till 1 mottagare" in out and out.endswith("\n1 påminnelse skickad.\n")
    assert [m.to for m in mail.outbox] == [[anna_sokande.email]]
    assert "senast 2025-04-30" in mail.outbox[0].subject
    assert "0 påminnelser" in paminn("2025-04-23")  # the same day again: nothing new
    assert "0 påminnelser" in paminn("2025-04-29")
    # Overdue: the handläggare too, once.
    assert "Förfallen till 2 mottagare" in paminn("2025-05-01")
    assert sorted(m.to[0] for m in mail.outbox[1:]) == sorted([anna_sokande.email, bertil_handlaggare.email])
    brev = {m.to[0]: m.body for m in mail.outbox[1:]}
    # The insatsägare is asked to write it; the handläggare's copy says what it is for the kansli.
    assert "Den är 1 dag försenad." in brev[anna_sokande.email]
    assert "Fyll i och lämna in rapporten här:" in brev[anna_sokande.email]
    kansli = brev[bertil_handlaggare.email]
    assert "Rapporten från Älvkarleby kommun är försenad 1 dag." in kansli
    assert "Se rapporten här:" in kansli and "Fyll i" not in kansli and "personuppgifter" not in kansli
    assert "0 påminnelser skickade." in paminn("2025-05-10")
    out = paminn("2025-05-14")
    assert "14 dagar försenad till 2" in out and "1 påminnelse skickad." in out
    assert "är försenad 14 dagar." in mail.outbox[-1].body + mail.outbox[-2].body
    assert "0 påminnelser" in paminn("2025-05-20")
    assert len(mail.outbox) == 5
    assert sorted(Paminnelse.objects.values_list("steg", flat=True)) == ["fore_7", "forfallen", "forsenad_14"]


def test_after_a_pause_only_the_latest_step_is_sent_and_a_submitted_report_is_not_reminded(
    rapport, anna_sokande
):
    paminn("2025-06-01")  # Q1 32 days late, Q2 not yet within a week
    assert list(Paminnelse.objects.values_list("rapport_id", "steg")) == [(rapport.pk, "forsenad_14")]
    rapporter.lamna_in(rapport=rapport, by=anna_sokande, version=rapport.version, antal=ANTAL, fritext="",
                       maltexter={})  # fmt: skip
    assert "0 påminnelser" in paminn("2025-06-02")


def test_a_bad_date_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("paminn_rapporter", idag="i morgon")
