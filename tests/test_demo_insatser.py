"""The insatser demo (issue 11, item 9): a year of claims and reports on the
demo's granted insats, one overdue report, one claim refused for exceeding
the maximum (recorded on the insats by the service, and quoted by the
insatsägare), an avvikelse for the kansli, and the förbund's funds for
last year, this year and next year. Made by the demo people through the
services (audited). Loaded twice, it changes nothing; the start pages show
it. One test: loading the whole demo takes most of its time."""

import io
import time

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from insatser import demo, ekonomi, rapporter, rekvisitioner
from insatser.models import (
    Arsbudget,
    Avvikelse,
    Beviljande,
    Malrapport,
    Medlemsbidrag,
    Rapport,
    Rekvisition,
)
from samordning.models import AuditEntry, User

R, S = Rapport.Status, Rekvisition.Status


def _load():
    call_command("load_demo", stdout=io.StringIO())


def _counts():
    return tuple(
        m.objects.count()
        for m in (Rekvisition, Rapport, Malrapport, Avvikelse, Arsbudget, Medlemsbidrag, AuditEntry)
    )


def test_the_insatser_demo(db, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    _load()
    counts = _counts()
    start = time.monotonic()
    _load()
    assert _counts() == counts, "a second load changes nothing"
    assert time.monotonic() - start < 2

    idag = timezone.localdate()
    grant = Beviljande.objects.select_related("insats").get(pk=demo._beviljande().pk)
    insats = grant.insats
    kvartal = demo.kvartal(grant)

    # A year of claims: four quarters, every claim within the grant's period.
    claims = list(Rekvisition.objects.filter(insats=insats).order_by("id"))
    assert len(kvartal) == 4
    assert {(c.period_fran, c.period_till) for c in claims} >= set(kvartal)
    assert all(
        grant.period_fran <= c.period_fran <= c.period_till <= grant.period_till for c in claims
    )
    status = {c.period_fran: [] for c in claims}
    for c in claims:
        status[c.period_fran].append(c.status)
    assert status[kvartal[0][0]] == [S.BETALD]
    assert status[kvartal[1][0]] == [S.RETURNERAD, S.BETALD]  # returned, corrected, paid
    assert status[kvartal[2][0]] == [S.BETALD]
    assert status[kvartal[3][0]] == [S.INLAMNAD]  # waiting for attest
    returnerad = next(c for c in claims if c.status == S.RETURNERAD)
    assert returnerad.returkommentar and returnerad.ersatt_av.status == S.BETALD
    # The refused claim: the maximum is reached, and the last claim quotes the refusal.
    saldo = rekvisitioner.saldon(list(insats.beviljanden.all()))
    assert saldo[grant.pk].rekvirerat <= grant.belopp and saldo[None].kvar >= 0
    assert "Rekvisitionen överskrider det beviljade beloppet med" in claims[-1].kommentar
    assert AuditEntry.objects.filter(handling="rekvisition.avvisad", object_id=str(insats.pk)).count() == 1
    # The steps are the demo people's, audited.
    handlingar = set(
        AuditEntry.objects.filter(handling__startswith="rekvisition.").values_list(
            "handling", "anvandare__username"
        )
    )
    assert {
        ("rekvisition.lamna_in", "anna"),
        ("rekvisition.attestera", "bertil"),
        ("rekvisition.returnera", "bertil"),
        ("rekvisition.markera_betald", "bertil"),
    } <= handlingar

    # Reports: accepted ones with counts and goal progress, one awaiting
    # review, exactly one overdue.
    reports = list(insats.rapporter.order_by("forfallodatum", "id"))
    assert {r.typ for r in reports} == set(Rapport.Typ.values)
    forfallna = list(rapporter.forfallna(idag))
    assert [r.insats_id for r in forfallna] == [insats.pk]
    assert forfallna[0].status == R.EJ_INLAMNAD
    assert [r.status for r in rapporter.att_granska()] == [R.INLAMNAD]
    godkanda = [r for r in reports if r.status == R.GODKAND]
    assert len(godkanda) >= 3
    har_mal = bool(rapporter.mal_for(insats))  # a registered insats has no goals in the system
    assert all(
        r.nya_kvinnor + r.nya_man > 0 and (r.malrader.exclude(text="").exists() or not har_mal)
        for r in godkanda
    )

    # An avvikelse waiting for the kansli.
    assert [a.insats_id for a in Avvikelse.objects.filter(status=Avvikelse.Status.INLAMNAD)] == [
        insats.pk
    ]

    # Three years of ekonomi (and the years of the demo's grants): funds in
    # the Finsam proportions, more than what is committed.
    ar = idag.year
    assert set(range(ar - 1, ar + 2)) <= set(Arsbudget.objects.values_list("ar", flat=True))
    assert Arsbudget.objects.filter(ar=grant.period_fran.year).exists()
    for year in ekonomi.ekonomi(grant.period_fran.year, ar + 1, riktlinje=False):
        assert year.har_budget and 10_000_000 <= year.bidrag <= 14_000_000
        per_typ = year.bidrag_per_typ
        assert per_typ[ekonomi.STAT] * 2 == year.bidrag
        assert per_typ[ekonomi.REGION] * 4 == per_typ[ekonomi.KOMMUNER] * 4 == year.bidrag
        assert year.eget_kapital > 0 and 0 <= year.beslutat < year.medel and year.kvar > 0
    # Filed after its period, attested, then paid about a month after it;
    # counted in the year of its costs.
    betalda = Rekvisition.objects.filter(status=S.BETALD)
    assert all(
        c.period_till < timezone.localdate(c.inlamnad) <= timezone.localdate(c.attesterad) <= c.betald
        for c in betalda
    )
    assert ekonomi.pengar_i_korthet(ar).betalt == sum(c.summa for c in betalda if c.period_fran.year == ar)

    # The start pages show it.
    def start(username):
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse("start"))
        assert response.status_code == 200
        return response.context

    bertil = start("bertil")
    for avsnitt in ("forsenade", "att_granska", "att_attestera", "avvikelser"):
        assert bertil[avsnitt].antal >= 1, avsnitt
    assert bertil["forsenade"].rader[0].dagar_sen > 0
    cecilia = start("cecilia")
    assert cecilia["pengar"].har_budget and cecilia["forsenade"].antal >= 1
    anna = start("anna")
    assert anna["rapporter"].antal >= 1 and anna["rekvisitioner"].antal == Rekvisition.objects.filter(insats__insatsagare__namn="Älvkarleby kommun").count()
    assert start("david")["pengar"].medel > 0
