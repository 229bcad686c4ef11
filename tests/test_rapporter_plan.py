"""Changing the report plan after reports are in (issue 11 item 3): no month
is reported twice in one kind of report, and none goes unreported; a
closed insats gets no new reports (insatser.rapporter.runt_fasta,
_generera, satt_plan)."""

import datetime
import itertools

import pytest

from insatser import rapporter
from insatser.models import Beviljande, Insats, Rapport, Rapportplan
from samordning.errors import WorkflowError
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date
T = Rapport.Typ
S = Rapport.Status


@pytest.fixture
def insats(orgs, anna_sokande):
    return Insats.objects.create(namn="Steget vidare", insatsagare=orgs["alvkarleby"])


def grant(insats, fran, till):
    return Beviljande.objects.create(
        insats=insats, beslutsdatum=fran - datetime.timedelta(days=30), period_fran=fran, period_till=till,
        belopp=100_000,
    )  # fmt: skip


def satt(insats, by, idag, lagesrapporter, arsrapport=False, slutrapport=False):
    plan = Rapportplan.objects.filter(insats=insats).first()
    return rapporter.satt_plan(
        insats=insats, by=by, version=plan.version if plan else 0, idag=idag,
        lagesrapporter=lagesrapporter, arsrapport=arsrapport, slutrapport=slutrapport,
    )  # fmt: skip


def lages(insats):
    """The lägesrapporter as (från, till, förfaller, status), in order."""
    return list(
        insats.rapporter.filter(typ=T.LAGESRAPPORT)
        .order_by("period_fran")
        .values_list("period_fran", "period_till", "forfallodatum", "status")
    )


def perioder(insats):
    return [(fran, till) for fran, till, _forfaller, _status in lages(insats)]


def klara(insats, *fran, status=S.GODKAND):
    """Mark the lägesrapporter starting on these days as handled."""
    n = insats.rapporter.filter(typ=T.LAGESRAPPORT, period_fran__in=fran).update(status=status)
    assert n == len(fran)


def assert_inga_overlapp_och_inga_hal(insats, fran, till):
    """The lägesrapporter tile fran–till: each day in exactly one."""
    p = perioder(insats)
    assert p[0][0] == fran and p[-1][1] == till
    for (_f1, t1), (f2, _t2) in itertools.pairwise(p):
        assert f2 == t1 + datetime.timedelta(days=1), p


def test_the_testers_case_q4_accepted_then_tertial_asks_for_no_september_to_december(insats, bertil_handlaggare):
    grant(insats, D(2026, 1, 1), D(2026, 12, 31))
    satt(insats, bertil_handlaggare, D(2025, 12, 15), "kvartal")
    klara(insats, D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1))
    satt(insats, bertil_handlaggare, D(2027, 1, 10), "tertial")
    assert perioder(insats) == [
        (D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 4, 1), D(2026, 6, 30)),
        (D(2026, 7, 1), D(2026, 9, 30)), (D(2026, 10, 1), D(2026, 12, 31)),
    ]  # fmt: skip


def test_only_q4_accepted_the_overdue_quarters_before_it_stay_as_they_were(insats, bertil_handlaggare):
    grant(insats, D(2026, 1, 1), D(2026, 12, 31))
    satt(insats, bertil_handlaggare, D(2025, 12, 15), "kvartal")
    klara(insats, D(2026, 10, 1))
    fore = lages(insats)
    satt(insats, bertil_handlaggare, D(2027, 1, 10), "tertial")
    # Q1–Q3 are overdue: the insatsägare was reminded of them as they are.
    assert lages(insats) == fore
    assert_inga_overlapp_och_inga_hal(insats, D(2026, 1, 1), D(2026, 12, 31))


def test_the_testers_case_an_overdue_quarter_keeps_its_period_and_due_date(insats, bertil_handlaggare):
    """Kvartal → tertial on 2026-12-05 with Q3 2026 (due 2026-10-30) not
    submitted: it stays 2026-07-01–2026-09-30 due 2026-10-30 (it became
    Jul–Aug due 2026-09-30, 30 days more late); Q4, not yet due, follows the
    new plan, which starts after Q3."""
    grant(insats, D(2026, 1, 1), D(2027, 12, 31))
    satt(insats, bertil_handlaggare, D(2025, 12, 15), "kvartal")
    klara(insats, D(2026, 1, 1), D(2026, 4, 1))
    q3 = insats.rapporter.get(typ=T.LAGESRAPPORT, period_fran=D(2026, 7, 1))
    satt(insats, bertil_handlaggare, D(2026, 12, 5), "tertial")
    assert lages(insats) == [
        (D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 30), S.GODKAND),
        (D(2026, 4, 1), D(2026, 6, 30), D(2026, 7, 30), S.GODKAND),
        (D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 30), S.EJ_INLAMNAD),  # overdue: untouched
        # The tertial Sep–Dec less September, which Q3 reports.
        (D(2026, 10, 1), D(2026, 12, 31), D(2027, 1, 30), S.EJ_INLAMNAD),
        (D(2027, 1, 1), D(2027, 4, 30), D(2027, 5, 30), S.EJ_INLAMNAD),
        (D(2027, 5, 1), D(2027, 8, 31), D(2027, 9, 30), S.EJ_INLAMNAD),
        (D(2027, 9, 1), D(2027, 12, 31), D(2028, 1, 30), S.EJ_INLAMNAD),
    ]
    assert insats.rapporter.get(pk=q3.pk).version == q3.version  # the same row, not re-created
    assert_inga_overlapp_och_inga_hal(insats, D(2026, 1, 1), D(2027, 12, 31))
    satt(insats, bertil_handlaggare, D(2026, 12, 5), "kvartal")  # and back: Q3 still as it was
    assert lages(insats)[2] == (D(2026, 7, 1), D(2026, 9, 30), D(2026, 10, 30), S.EJ_INLAMNAD)
    assert_inga_overlapp_och_inga_hal(insats, D(2026, 1, 1), D(2027, 12, 31))


def test_kvartal_to_tertial_mid_year_starts_after_the_last_submitted_quarter(insats, bertil_handlaggare):
    grant(insats, D(2025, 1, 1), D(2026, 12, 31))
    satt(insats, bertil_handlaggare, D(2024, 12, 15), "kvartal", slutrapport=True)
    klara(insats, D(2025, 1, 1))
    klara(insats, D(2025, 4, 1), status=S.INLAMNAD)
    satt(insats, bertil_handlaggare, D(2025, 7, 15), "tertial", slutrapport=True)
    rows = lages(insats)
    assert rows[:4] == [
        (D(2025, 1, 1), D(2025, 3, 31), D(2025, 4, 30), S.GODKAND),
        (D(2025, 4, 1), D(2025, 6, 30), D(2025, 7, 30), S.INLAMNAD),
        # The new cadence: a short first period to the next tertial boundary, then whole tertials.
        (D(2025, 7, 1), D(2025, 8, 31), D(2025, 9, 30), S.EJ_INLAMNAD),
        (D(2025, 9, 1), D(2025, 12, 31), D(2026, 1, 30), S.EJ_INLAMNAD),
    ]
    assert rows[-1][:2] == (D(2026, 5, 1), D(2026, 8, 31))  # the last tertial: the slutrapport's
    assert_inga_overlapp_och_inga_hal(insats, D(2025, 1, 1), D(2026, 8, 31))
    assert insats.rapporter.filter(typ=T.SLUTRAPPORT).count() == 1


def test_tertial_to_kvartal_and_back(insats, bertil_handlaggare):
    grant(insats, D(2025, 1, 1), D(2025, 12, 31))
    satt(insats, bertil_handlaggare, D(2024, 12, 15), "tertial")
    klara(insats, D(2025, 1, 1))  # Jan–Apr
    satt(insats, bertil_handlaggare, D(2025, 6, 1), "kvartal")
    assert lages(insats) == [
        (D(2025, 1, 1), D(2025, 4, 30), D(2025, 5, 30), S.GODKAND),
        # The tertial May–Aug (not started) becomes the short first quarter May–Jun.
        (D(2025, 5, 1), D(2025, 6, 30), D(2025, 7, 30), S.EJ_INLAMNAD),
        (D(2025, 7, 1), D(2025, 9, 30), D(2025, 10, 30), S.EJ_INLAMNAD),
        (D(2025, 10, 1), D(2025, 12, 31), D(2026, 1, 30), S.EJ_INLAMNAD),
    ]
    klara(insats, D(2025, 5, 1), status=S.INLAMNAD)
    satt(insats, bertil_handlaggare, D(2025, 8, 15), "tertial")
    assert perioder(insats) == [
        (D(2025, 1, 1), D(2025, 4, 30)), (D(2025, 5, 1), D(2025, 6, 30)),
        (D(2025, 7, 1), D(2025, 8, 31)), (D(2025, 9, 1), D(2025, 12, 31)),
    ]  # fmt: skip
    ids = set(insats.rapporter.values_list("pk", flat=True))
    satt(insats, bertil_handlaggare, D(2025, 8, 16), "tertial")  # again: nothing changes
    assert set(insats.rapporter.values_list("pk", flat=True)) == ids
    assert AuditEntry.objects.filter(handling="rapportplan.satt").order_by("pk").last().data["skapade"] == []


def test_a_started_draft_is_kept_as_it_is_and_the_plan_works_around_it(insats, bertil_handlaggare, anna_sokande):
    grant(insats, D(2025, 1, 1), D(2025, 12, 31))
    satt(insats, bertil_handlaggare, D(2024, 12, 15), "kvartal")
    q1 = insats.rapporter.get(typ=T.LAGESRAPPORT, period_fran=D(2025, 1, 1))
    antal = dict.fromkeys(rapporter.ANTAL_FALT, 0) | {"nya_kvinnor": 2}
    rapporter.spara(rapport=q1, by=anna_sokande, version=q1.version, antal=antal, fritext="", maltexter={})
    satt(insats, bertil_handlaggare, D(2025, 3, 20), "tertial")
    q1.refresh_from_db()
    assert (q1.period_till, q1.nya_kvinnor) == (D(2025, 3, 31), 2)  # not stretched to April
    assert perioder(insats) == [
        (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 4, 30)),
        (D(2025, 5, 1), D(2025, 8, 31)), (D(2025, 9, 1), D(2025, 12, 31)),
    ]  # fmt: skip
    satt(insats, bertil_handlaggare, D(2025, 3, 21), "inga")
    assert perioder(insats) == [(D(2025, 1, 1), D(2025, 3, 31))]  # the draft stays, the rest go


def test_an_overdue_unstarted_report_stays_owed_when_nothing_new_asks_for_its_months(insats, bertil_handlaggare):
    grant(insats, D(2025, 1, 1), D(2025, 12, 31))
    satt(insats, bertil_handlaggare, D(2024, 12, 15), "kvartal")
    satt(insats, bertil_handlaggare, D(2025, 5, 10), "inga")
    assert perioder(insats) == [(D(2025, 1, 1), D(2025, 3, 31))]  # Q1 was due 2025-04-30


def test_an_arsrapport_accepted_is_not_asked_for_again_when_the_start_moves_earlier(insats, bertil_handlaggare):
    grant(insats, D(2025, 3, 1), D(2026, 12, 31))
    satt(insats, bertil_handlaggare, D(2025, 2, 15), "inga", arsrapport=True, slutrapport=True)
    insats.rapporter.filter(typ=T.ARSRAPPORT, period_fran=D(2025, 3, 1)).update(status=S.GODKAND)
    grant(insats, D(2025, 1, 1), D(2025, 2, 28))  # a tilläggsbeslut for January and February
    rapporter.folj_beviljanden(insats=insats, by=bertil_handlaggare, idag=D(2026, 3, 1))
    assert list(insats.rapporter.order_by("period_fran", "typ").values_list("typ", "period_fran", "period_till")) == [
        (T.SLUTRAPPORT, D(2025, 1, 1), D(2026, 12, 31)),  # follows the new start
        (T.ARSRAPPORT, D(2025, 3, 1), D(2025, 12, 31)),  # accepted: stands for 2025
    ]


def test_runt_fasta_leaves_the_wanted_reports_alone_without_fixed_ones():
    onskade = rapporter.onskade_rapporter(
        lagesrapporter="tertial", arsrapport=True, slutrapport=True, period=(D(2025, 1, 1), D(2025, 12, 31))
    )
    assert rapporter.runt_fasta(onskade, []) == onskade


# ------------------------------------------------------------ a closed insats


def test_a_closed_insats_gets_no_plan_and_no_new_reports(insats, bertil_handlaggare):
    g = grant(insats, D(2025, 1, 1), D(2025, 12, 31))
    satt(insats, bertil_handlaggare, D(2024, 12, 15), "kvartal")
    fore = perioder(insats)
    Insats.objects.filter(pk=insats.pk).update(status=Insats.Status.AVSLUTAD)
    insats.refresh_from_db()
    with pytest.raises(WorkflowError, match="avslutad"):
        satt(insats, bertil_handlaggare, D(2025, 6, 1), "tertial")
    assert Rapportplan.objects.get().lagesrapporter == "kvartal"
    Beviljande.objects.filter(pk=g.pk).update(period_till=D(2026, 12, 31))
    rapporter.folj_beviljanden(insats=insats, by=bertil_handlaggare, idag=D(2025, 6, 1))
    assert perioder(insats) == fore
    assert not AuditEntry.objects.filter(handling="rapportplan.foljer_beviljanden").exists()


def test_a_closed_insats_plan_page_refuses_and_says_why(client, insats, bertil_handlaggare):
    grant(insats, D(2025, 1, 1), D(2025, 12, 31))
    satt(insats, bertil_handlaggare, D(2024, 12, 15), "kvartal")
    Insats.objects.filter(pk=insats.pk).update(status=Insats.Status.AVSLUTAD)
    client.force_login(bertil_handlaggare)
    html = client.get(f"/insatser/{insats.pk}/rapportplan/").content.decode()
    assert "Insatsen är avslutad" in html and "Spara rapportplanen" not in html
    assert "Ändra rapportplan" not in client.get(f"/insatser/{insats.pk}/").content.decode()
    r = client.post(f"/insatser/{insats.pk}/rapportplan/", {"version": 1, "lagesrapporter": "tertial"})
    assert r.status_code == 400 and "lämnar inga fler rapporter" in r.content.decode()
    assert Rapportplan.objects.get().lagesrapporter == "kvartal"


def test_a_closed_insats_owes_nothing_in_the_lists_and_gets_no_reminders(insats, bertil_handlaggare, anna_sokande):
    from django.core import mail

    grant(insats, D(2025, 1, 1), D(2025, 12, 31))
    satt(insats, bertil_handlaggare, D(2024, 12, 15), "kvartal")
    idag = D(2025, 7, 25)  # Q1 overdue, Q2 due within the week
    assert rapporter.forfallna(idag).exists() and rapporter.kommande_for_sokande(anna_sokande, idag).exists()
    Insats.objects.filter(pk=insats.pk).update(status=Insats.Status.AVSLUTAD)
    assert not rapporter.forfallna(idag).exists()
    assert not rapporter.kommande_for_sokande(anna_sokande, idag).exists()
    assert rapporter.notiser.paminn(idag) == [] and mail.outbox == []
