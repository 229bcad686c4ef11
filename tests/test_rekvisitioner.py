"""Rekvisitioner (issue 11 item 2): maxima per decision and in total, the
handläggare's attest, return and payment, versions and concurrency."""

import datetime
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.utils import timezone

from insatser import rekvisitioner as rek
from insatser.models import Beviljande, Insats, Rekvisition
from samordning.errors import ConflictError, WorkflowError
from samordning.models import AuditEntry

pytestmark = pytest.mark.django_db
D = datetime.date
S = Rekvisition.Status
Q1 = (D(2025, 1, 1), D(2025, 3, 31))


@pytest.fixture
def insats(orgs):
    return Insats.objects.create(namn="Steget vidare", insatsagare=orgs["alvkarleby"])


@pytest.fixture
def forsta(insats):
    return Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2025, 1, 1), period_fran=D(2025, 1, 1), period_till=D(2025, 12, 31), belopp=100_000
    )


@pytest.fixture
def andra(insats):
    return Beviljande.objects.create(
        insats=insats, beslutsdatum=D(2025, 12, 1), period_fran=D(2026, 1, 1), period_till=D(2026, 12, 31), belopp=50_000
    )


def _lamna(insats, bev, rader, by, period=Q1, **kw):
    return rek.lamna_in(insats=insats, beviljande=bev, period=period, rader=rader, by=by, **kw)


def test_a_claim_is_filed_with_its_rows_attachment_and_audit(insats, forsta, anna_sokande, media):
    fil = SimpleUploadedFile("kvitto.pdf", b"%PDF-1.7 kvitto", "application/pdf")
    r = _lamna(insats, forsta, {"lon": 60_000, "ovrig": 0, "lokal": 5_000}, anna_sokande, bilaga=fil)
    assert r.status == S.INLAMNAD and r.summa == 65_000
    assert sorted(r.rader.values_list("kategori", "belopp")) == [("lokal", 5_000), ("lon", 60_000)]
    assert r.filnamn == "kvitto.pdf" and r.bilaga.name.startswith("rekvisitioner/")
    assert AuditEntry.objects.filter(handling="rekvisition.lamna_in").count() == 1


def test_over_the_decision_maximum_is_refused_with_the_amount_and_nothing_saved(insats, forsta, andra, anna_sokande):
    _lamna(insats, forsta, {"lon": 87_500}, anna_sokande)
    with pytest.raises(rek.RekvisitionError) as e:
        _lamna(insats, forsta, {"lon": 20_000, "lokal": 5_000}, anna_sokande, period=(D(2025, 4, 1), D(2025, 6, 30)))
    assert e.value.errors["rader"] == "Rekvisitionen överskrider det beviljade beloppet med 12\xa0500\xa0kr."
    assert Rekvisition.objects.count() == 1
    assert AuditEntry.objects.filter(handling="rekvisition.lamna_in").count() == 1
    # Nothing of the claim is saved, but the refusal is on the insats's record.
    avvisad = AuditEntry.objects.get(handling="rekvisition.avvisad")
    assert avvisad.objekt == insats and avvisad.anvandare == anna_sokande
    assert avvisad.data["over"] == 12_500 and avvisad.data["rader"] == {"lon": 20_000, "lokal": 5_000}
    # Exactly up to the maximum is allowed.
    _lamna(insats, forsta, {"lon": 12_500}, anna_sokande)


def test_the_total_for_the_insats_is_a_maximum_too(insats, forsta, anna_sokande):
    # A decision of more than the insats's total cannot exist; but the total
    # counts the claims on every decision: 100 000 granted in all here.
    _lamna(insats, forsta, {"lon": 100_000}, anna_sokande)
    with pytest.raises(rek.RekvisitionError, match="med 1\xa0kr"):
        _lamna(insats, forsta, {"ovrig": 1}, anna_sokande)


def test_total_over_all_decisions(insats, forsta, andra, anna_sokande):
    _lamna(insats, forsta, {"lon": 100_000}, anna_sokande)
    _lamna(insats, andra, {"lon": 50_000}, anna_sokande, period=(D(2026, 1, 1), D(2026, 6, 30)))
    with pytest.raises(rek.RekvisitionError, match="med 3\xa0000\xa0kr"):
        _lamna(insats, andra, {"lon": 3_000}, anna_sokande, period=(D(2026, 7, 1), D(2026, 9, 30)))


def test_a_returned_claim_no_longer_counts(insats, forsta, anna_sokande, bertil_handlaggare):
    r = _lamna(insats, forsta, {"lon": 100_000}, anna_sokande)
    rek.returnera(rekvisition=r, by=bertil_handlaggare, version=r.version, kommentar="Kvitto saknas.")
    r2 = _lamna(insats, forsta, {"lon": 90_000}, anna_sokande)
    assert r2.summa == 90_000


def test_period_amounts_and_state_are_checked(insats, forsta, anna_sokande):
    with pytest.raises(rek.RekvisitionError) as e:
        _lamna(insats, forsta, {"lon": 0}, anna_sokande, period=(D(2024, 11, 1), D(2024, 12, 31)))
    assert set(e.value.errors) == {"period", "rader"}
    assert "inom beslutets period 2025-01-01–2025-12-31" in e.value.errors["period"]
    # Within one calendar year: the year of its costs is the year it counts in.
    with pytest.raises(rek.RekvisitionError, match="inom ett kalenderår"):
        _lamna(insats, forsta, {"lon": 5}, anna_sokande, period=(D(2025, 12, 1), D(2026, 1, 31)))
    # Costs that have arisen: the period has ended (today may be its last day).
    idag = timezone.localdate()
    Beviljande.objects.filter(pk=forsta.pk).update(period_till=idag + datetime.timedelta(days=400))
    forsta.refresh_from_db()
    if idag.month < 12:  # a period of this year ending tomorrow
        with pytest.raises(rek.RekvisitionError, match="redan har uppstått"):
            _lamna(insats, forsta, {"lon": 5}, anna_sokande, period=(idag.replace(day=1), idag + datetime.timedelta(days=1)))
    with pytest.raises(rek.RekvisitionError, match="0 eller mer"):
        _lamna(insats, forsta, {"lon": -5}, anna_sokande)
    Insats.objects.filter(pk=insats.pk).update(status=Insats.Status.AVSLUTAD)
    with pytest.raises(WorkflowError):
        _lamna(insats, forsta, {"lon": 5}, anna_sokande)
    assert not Rekvisition.objects.exists()


def test_attest_return_and_pay(insats, forsta, anna_sokande, bertil_handlaggare):
    r = _lamna(insats, forsta, {"lon": 10_000}, anna_sokande)
    with pytest.raises(WorkflowError):
        rek.markera_betald(rekvisition=r, by=bertil_handlaggare, version=r.version, datum=D(2025, 4, 20))
    r = rek.attestera(rekvisition=r, by=bertil_handlaggare, version=r.version)
    r.refresh_from_db()
    assert r.status == S.ATTESTERAD and r.attesterad_av == bertil_handlaggare and r.attesterad
    with pytest.raises(WorkflowError):
        rek.returnera(rekvisition=r, by=bertil_handlaggare, version=r.version, kommentar="Nej")
    # Not before the attest: the payment would be booked where the claim did not exist.
    with pytest.raises(rek.RekvisitionError, match="före attesten"):
        rek.markera_betald(rekvisition=r, by=bertil_handlaggare, version=r.version, datum=D(2025, 4, 20))
    idag = timezone.localdate()
    rek.markera_betald(rekvisition=r, by=bertil_handlaggare, version=r.version, datum=idag)
    r.refresh_from_db()
    assert r.status == S.BETALD and r.betald == idag
    actions = list(AuditEntry.objects.order_by("id").values_list("handling", flat=True))
    assert actions == ["rekvisition.lamna_in", "rekvisition.attestera", "rekvisition.markera_betald"]

    r2 = _lamna(insats, forsta, {"lokal": 1_000}, anna_sokande)
    with pytest.raises(rek.RekvisitionError):
        rek.returnera(rekvisition=r2, by=bertil_handlaggare, version=r2.version, kommentar="  ")
    rek.returnera(rekvisition=r2, by=bertil_handlaggare, version=r2.version, kommentar="Fel period.")
    r2.refresh_from_db()
    assert r2.status == S.RETURNERAD and r2.returkommentar == "Fel period." and r2.returnerad_av == bertil_handlaggare


def test_a_stale_version_is_refused(insats, forsta, anna_sokande, bertil_handlaggare):
    r = _lamna(insats, forsta, {"lon": 10_000}, anna_sokande)
    gammal = r.version
    rek.attestera(rekvisition=r, by=bertil_handlaggare, version=gammal)
    Rekvisition.objects.filter(pk=r.pk).update(status=S.INLAMNAD)
    with pytest.raises(ConflictError):
        rek.attestera(rekvisition=r, by=bertil_handlaggare, version=gammal)
    assert AuditEntry.objects.filter(handling="rekvisition.attestera").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_attesters_at_once_cannot_both_pay(insats, forsta, anna_sokande, bertil_handlaggare, cecilia_forbundschef):
    r = _lamna(insats, forsta, {"lon": 10_000}, anna_sokande)
    r = rek.attestera(rekvisition=r, by=bertil_handlaggare, version=r.version)
    version = r.version
    barrier = threading.Barrier(2)
    results, errors = [], []

    def pay(user):
        try:
            barrier.wait(timeout=10)
            rek.markera_betald(rekvisition=r, by=user, version=version, datum=timezone.localdate())
            results.append("ok")
        except (ConflictError, WorkflowError) as exc:
            results.append(type(exc).__name__)
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(u,)) for u in (bertil_handlaggare, cecilia_forbundschef)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert sorted(results) in (["WorkflowError", "ok"], ["ConflictError", "ok"]), results
    assert AuditEntry.objects.filter(handling="rekvisition.markera_betald").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_claims_at_once_cannot_both_pass_the_maximum(insats, forsta, anna_sokande):
    barrier = threading.Barrier(2)
    results, errors = [], []

    def claim():
        try:
            barrier.wait(timeout=10)
            _lamna(insats, forsta, {"lon": 60_000}, anna_sokande)
            results.append("ok")
        except rek.RekvisitionError:
            results.append("refused")
        except Exception as exc:  # reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert sorted(results) == ["ok", "refused"]


def test_budget_mot_utfall_without_an_application(insats, forsta, anna_sokande, bertil_handlaggare):
    r = _lamna(insats, forsta, {"lon": 10_000, "ovrig": 500}, anna_sokande)
    r = rek.attestera(rekvisition=r, by=bertil_handlaggare, version=r.version)
    rek.markera_betald(rekvisition=r, by=bertil_handlaggare, version=r.version, datum=timezone.localdate())
    _lamna(insats, forsta, {"lon": 2_000}, anna_sokande, period=(D(2025, 4, 1), D(2025, 6, 30)))
    tillbaka = _lamna(insats, forsta, {"lokal": 7_000}, anna_sokande)
    rek.returnera(rekvisition=tillbaka, by=bertil_handlaggare, version=tillbaka.version, kommentar="Fel")
    assert rek.budget_mot_utfall(insats) == [
        rek.Utfall("lon", 2025, 0, 12_000, 10_000),
        rek.Utfall("ovrig", 2025, 0, 500, 500),
    ]


def test_budget_mot_utfall_with_the_granted_application(komplett, anna_sokande, orgs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ansokningar import budget as budget_module
    from ansokningar import seed
    from ansokningar.models import Budgetrad

    insats = Insats.objects.create(namn="Från ansökan", insatsagare=komplett.insatsagare)
    rows = list(Budgetrad.objects.filter(ansokan=komplett).prefetch_related("belopp", "arsbelopp"))
    budget = budget_module.compute(komplett, list(komplett.parter.all()), rows)
    start, end = min(y for y, _ in budget.per_ar), max(y for y, _ in budget.per_ar)
    bev = Beviljande.objects.create(
        insats=insats, ansokan=komplett, beslutsdatum=D(start, 1, 1), period_fran=D(start, 1, 1),
        period_till=D(end, 12, 31), belopp=budget.summa_forbund,
    )
    _lamna(insats, bev, {"lon": 1_000}, anna_sokande, period=(D(start, 1, 1), D(start, 3, 31)))
    rader = rek.budget_mot_utfall(insats)
    # The budget per year adds up to the application's per year, to the krona.
    per_ar = {}
    for u in rader:
        per_ar[u.ar] = per_ar.get(u.ar, 0) + u.budget
    assert per_ar == {y: kr for y, kr in budget.per_ar if kr}
    assert sum(u.rekvirerat for u in rader) == 1_000 and not any(u.betalt for u in rader)

    # The query count does not grow with the granted applications.
    with CaptureQueriesContext(connection) as one:
        rek.budget_mot_utfall(insats)
    Beviljande.objects.create(
        insats=insats, ansokan=seed.build_seed_application(by=anna_sokande, orgs={o.namn: o for o in orgs.values()}),
        beslutsdatum=D(start, 1, 1), period_fran=D(start, 1, 1), period_till=D(end, 12, 31),
        belopp=budget.summa_forbund,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as two:
        twice = rek.budget_mot_utfall(insats)
    assert len(two) == len(one) == 7
    assert sum(u.budget for u in twice) == 2 * sum(u.budget for u in rader)


def test_att_attestera_and_for_sokande(insats, forsta, anna_sokande, erik_utomstaende, bertil_handlaggare):
    a = _lamna(insats, forsta, {"lon": 1_000}, anna_sokande)
    b = _lamna(insats, forsta, {"lon": 2_000}, anna_sokande)
    c = _lamna(insats, forsta, {"lon": 3_000}, anna_sokande)
    rek.returnera(rekvisition=c, by=bertil_handlaggare, version=c.version, kommentar="Fel period")
    assert list(rek.att_attestera()) == [a, b]
    assert list(rek.for_sokande(anna_sokande)) == [c, b, a]
    assert not rek.for_sokande(erik_utomstaende).exists()
    assert not rek.for_sokande(bertil_handlaggare).exists()
