"""Every state change of an application, as one named function each.

Each checks the current state against ansokningar.workflow, runs in a
transaction, writes an audit entry and leaves side effects (the receipt
e-mail) to on_commit.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansokningar import budget as budget_module
from ansokningar import completeness
from ansokningar.models import (
    Ansokan,
    Budgetrad,
    Diarieserie,
    Komplettering,
    Part,
    Underskrift,
)
from ansokningar.workflow import EDITABLE, SIGNABLE, TRANSITIONS
from samordning import audit
from samordning.errors import ConflictError, WorkflowError
from samordning.errors import bump_version as _bump_version
from samordning.models import Forbund

__all__ = ["ConflictError", "IncompleteError", "WorkflowError"]

S = Ansokan.Status


class IncompleteError(Exception):
    """The application cannot be submitted; `errors` says what is missing."""

    def __init__(self, errors):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def _check(ansokan, action):
    if ansokan.status not in TRANSITIONS[action]:
        raise WorkflowError(
            _("Det går inte när ansökan har status ”%(status)s”.")
            % {"status": ansokan.get_status_display()}
        )


def _locked(ansokan):
    return Ansokan.objects.select_for_update().get(pk=ansokan.pk)


@transaction.atomic
def skapa_ansokan(*, by, insatsagare, namn, typ=Ansokan.Typ.NY, insats=None):
    """A new draft for `insatsagare`, with the form's fixed budget lines and
    the förbund's Överenskommelse text as it reads today."""
    ansokan = Ansokan.objects.create(
        namn=namn,
        insatsagare=insatsagare,
        typ=typ,
        insats=insats,
        skapad_av=by,
        lokusgrupp=getattr(insatsagare, "lokusgrupp", None),
        overenskommelse=Forbund.get().overenskommelse,
    )
    Part.objects.create(ansokan=ansokan, organisation=insatsagare, ordning=0)
    rows = []
    for avsnitt, names in budget_module.STANDARDRADER.items():
        for i, name in enumerate(names):
            rows.append(Budgetrad(ansokan=ansokan, avsnitt=avsnitt, benamning=name, standard=True, ordning=i))
    Budgetrad.objects.bulk_create(rows)
    audit.record(actor=by, action="ansokan.skapad", obj=ansokan, data={"namn": namn})
    return ansokan


def update_totals(ansokan):
    """Recompute the stored budget totals from the rows (server is the
    source of truth, whatever the browser showed)."""
    rows = list(Budgetrad.objects.filter(ansokan=ansokan).prefetch_related("belopp"))
    parts = list(ansokan.parter.all())
    budget = budget_module.compute(ansokan, parts, rows)
    Ansokan.objects.filter(pk=ansokan.pk).update(
        summa_forbund=budget.summa_forbund,
        summa_egen=budget.summa_egen,
        summa_ovrig=budget.summa_ovrig,
        summa_total=budget.summa_total,
    )
    ansokan.summa_forbund = budget.summa_forbund
    ansokan.summa_egen = budget.summa_egen
    ansokan.summa_ovrig = budget.summa_ovrig
    ansokan.summa_total = budget.summa_total
    return budget


def bump_version(ansokan, expected_version):
    _bump_version(
        ansokan,
        expected_version,
        _(
            "Ansökan har sparats av någon annan sedan du öppnade den. "
            "Dina ändringar är inte sparade: kopiera det du skrivit, ladda om sidan och för in dem igen."
        ),
        touch="andrad",
    )


def next_diarienummer(year):
    """Take the next number of `year` under a row lock: unique and without
    gaps, since a rolled-back submission releases its number."""
    try:
        with transaction.atomic():
            Diarieserie.objects.get_or_create(ar=year)
    except IntegrityError:
        pass  # another submission created the year's row first
    serie = Diarieserie.objects.select_for_update().get(ar=year)
    serie.senaste += 1
    serie.save(update_fields=["senaste"])
    return serie.senaste


@transaction.atomic
def lamna_in(*, ansokan, by):
    """Submit (or resubmit after komplettering). The first submission gets the
    year's next diarienummer and a receipt e-mail goes to the submitter."""
    ansokan = _locked(ansokan)
    _check(ansokan, "lamna_in")
    errors = completeness.missing(ansokan)
    if errors:
        raise IncompleteError(errors)
    forsta = not ansokan.diarienummer
    if forsta:
        year = timezone.localdate().year
        nummer = next_diarienummer(year)
        ansokan.diarie_ar, ansokan.diarie_lopnummer = year, nummer
        ansokan.diarienummer = f"{Forbund.get().diarieprefix} {year}/{nummer}"
    previous = ansokan.status
    ansokan.status = S.INLAMNAD
    ansokan.inlamnad = timezone.now()
    ansokan.save(update_fields=["status", "inlamnad", "diarie_ar", "diarie_lopnummer", "diarienummer"])
    Komplettering.objects.filter(ansokan=ansokan, besvarad__isnull=True).update(besvarad=ansokan.inlamnad)
    audit.record(
        actor=by,
        action="ansokan.inlamnad",
        obj=ansokan,
        data={"fran": previous, "diarienummer": ansokan.diarienummer},
    )
    if by.email:
        # robust: a mail server that fails must not turn a saved submission into a 500.
        transaction.on_commit(lambda: _kvitto(ansokan, by, forsta), robust=True)
    return ansokan


def _kvitto(ansokan, user, forsta):
    forbund = Forbund.get()
    subject = (
        _("Ansökan %(dnr)s har kommit in") if forsta else _("Kompletterad ansökan %(dnr)s har kommit in")
    ) % {"dnr": ansokan.diarienummer}
    body = _(
        "Hej %(namn)s!\n\n%(forbund)s har tagit emot ansökan ”%(insats)s” från %(org)s.\n"
        "Diarienummer: %(dnr)s\nInkommen: %(tid)s\n\nSpara diarienumret; ange det när du kontaktar förbundet om ansökan."
    ) % {
        "namn": user.get_full_name() or user.username,
        "forbund": forbund.namn,
        "insats": ansokan.namn,
        "org": ansokan.insatsagare.namn,
        "dnr": ansokan.diarienummer,
        "tid": timezone.localtime(ansokan.inlamnad).strftime("%Y-%m-%d kl. %H.%M"),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def begar_komplettering(*, ansokan, by, begaran):
    ansokan = _locked(ansokan)
    _check(ansokan, "begar_komplettering")
    if not begaran.strip():
        raise WorkflowError(_("Skriv vad som behöver kompletteras."))
    Komplettering.objects.create(ansokan=ansokan, begaran=begaran.strip(), begard_av=by)
    ansokan.status = S.KOMPLETTERING
    ansokan.save(update_fields=["status"])
    audit.record(actor=by, action="ansokan.komplettering_begard", obj=ansokan, data={"begaran": begaran})
    return ansokan


@transaction.atomic
def paborja_beredning(*, ansokan, by):
    ansokan = _locked(ansokan)
    _check(ansokan, "paborja_beredning")
    unsigned = [
        p.organisation.namn
        for p in ansokan.parter.select_related("organisation", "underskrift")
        if not p.signerad_aktuell
    ]
    if unsigned:
        raise WorkflowError(
            _("Alla parter har inte ställt sig bakom ansökan: %(parter)s.") % {"parter": ", ".join(unsigned)}
        )
    ansokan.status = S.UNDER_BEREDNING
    ansokan.save(update_fields=["status"])
    audit.record(actor=by, action="ansokan.beredning_paborjad", obj=ansokan)
    return ansokan


@transaction.atomic
def aterkalla(*, ansokan, by):
    ansokan = _locked(ansokan)
    _check(ansokan, "aterkalla")
    previous = ansokan.status
    ansokan.status = S.ATERKALLAD
    ansokan.save(update_fields=["status"])
    audit.record(actor=by, action="ansokan.aterkallad", obj=ansokan, data={"fran": previous})
    return ansokan


@transaction.atomic
def signera(*, ansokan, part, by):
    """`by` stands behind the application for their organisation's part."""
    ansokan = _locked(ansokan)
    if ansokan.status not in SIGNABLE:
        raise WorkflowError(
            _("Det går inte att skriva under när ansökan har status ”%(status)s”.")
            % {"status": ansokan.get_status_display()}
        )
    if part.ansokan_id != ansokan.pk or not by.organisationer.filter(pk=part.organisation_id).exists():
        raise WorkflowError(_("Du kan bara skriva under för din egen organisation."))
    earlier = Underskrift.objects.filter(part=part).first()
    if earlier and earlier.version >= ansokan.version:
        raise WorkflowError(_("%(org)s har redan skrivit under.") % {"org": part.organisation.namn})
    if earlier:  # the application changed since: the new signature replaces the old
        earlier.delete()
    underskrift = Underskrift.objects.create(
        ansokan=ansokan,
        part=part,
        anvandare=by,
        namn=by.get_full_name() or by.username,
        titel=by.titel,
        organisation=part.organisation.namn,
        version=ansokan.version,
    )
    audit.record(
        actor=by,
        action="ansokan.signerad",
        obj=ansokan,
        data={
            "organisation": part.organisation.namn,
            "version": ansokan.version,
            "ersatter_version": earlier.version if earlier else None,
        },
    )
    return underskrift


EDIT_FIELDS = [
    "namn", "syfte", "bakgrund", "startdatum", "slutdatum", "intag_slutdatum", "malgrupp",
    "antal_deltagare", "kategori_id", "metod", "uppfoljning", "tillvaratas", "diskuterad", "diskuterad_hur",
]  # fmt: skip


@transaction.atomic
def spara_ansokan(*, ansokan, by, version, falt, samverkansparter, prioriterade, mal, delar, rader):
    """Save the whole form of an application being drafted or completed.

    `falt` holds the main fields, `mal` {Mal.Typ: [text, ...]} in order,
    `delar` [{namn, startdatum, slutdatum, kategori, malgrupp, effekt, insats}],
    `rader` [{avsnitt, benamning, standard, tjanst_procent, fran, till,
    belopp: {organisation_id: kr}}] in page order. Refused with
    ConflictError if someone saved since `version` was read.
    """
    from ansokningar.models import Budgetbelopp, Del, Mal

    ansokan = _locked(ansokan)
    if ansokan.status not in EDITABLE:
        raise WorkflowError(
            _("Ansökan kan inte ändras när den har status ”%(status)s”.") % {"status": ansokan.get_status_display()}
        )
    bump_version(ansokan, version)
    before = audit.snapshot(ansokan, EDIT_FIELDS)
    for name, value in falt.items():
        setattr(ansokan, name, value)
    ansokan.save()
    ansokan.prioriterade_malgrupper.set(prioriterade)

    # Parties: keep the ones still chosen (and their signatures), in the new order.
    wanted = [ansokan.insatsagare_id] + [o.pk for o in samverkansparter if o.pk != ansokan.insatsagare_id]
    existing = {p.organisation_id: p for p in Part.objects.filter(ansokan=ansokan)}
    Part.objects.filter(ansokan=ansokan).exclude(organisation_id__in=wanted).delete()
    parts = {}
    for ordning, org_id in enumerate(wanted):
        part = existing.get(org_id) or Part(ansokan=ansokan, organisation_id=org_id)
        part.ordning = ordning
        part.save()
        parts[org_id] = part

    Mal.objects.filter(ansokan=ansokan).delete()
    Del.objects.filter(ansokan=ansokan).delete()
    goals = [
        Mal(ansokan=ansokan, typ=typ, text=text, ordning=i) for typ, texts in mal.items() for i, text in enumerate(texts)
    ]
    for i, d in enumerate(delar):
        del_ = Del.objects.create(
            ansokan=ansokan,
            ordning=i,
            namn=d["namn"],
            startdatum=d.get("startdatum"),
            slutdatum=d.get("slutdatum"),
            kategori=d.get("kategori"),
            malgrupp=d.get("malgrupp", ""),
        )
        for typ in (Mal.Typ.EFFEKT, Mal.Typ.INSATS):
            goals += [Mal(ansokan=ansokan, del_av=del_, typ=typ, text=t, ordning=j) for j, t in enumerate(d[typ])]
    Mal.objects.bulk_create(goals)

    Budgetrad.objects.filter(ansokan=ansokan).delete()
    amounts = []
    for i, r in enumerate(rader):
        rad = Budgetrad.objects.create(
            ansokan=ansokan,
            avsnitt=r["avsnitt"],
            benamning=r["benamning"],
            standard=r.get("standard", False),
            tjanst_procent=r.get("tjanst_procent"),
            fran=r.get("fran"),
            till=r.get("till"),
            ordning=i,
        )
        amounts += [
            Budgetbelopp(rad=rad, part=parts[org_id], belopp=kr)
            for org_id, kr in r["belopp"].items()
            if org_id in parts and kr
        ]
    Budgetbelopp.objects.bulk_create(amounts)
    update_totals(ansokan)

    audit.record(
        actor=by,
        action="ansokan.sparad",
        obj=ansokan,
        data={
            "version": ansokan.version,
            "andrat": audit.changes(before, audit.snapshot(ansokan, EDIT_FIELDS)),
            "summa_forbund": ansokan.summa_forbund,
        },
    )
    return ansokan


@transaction.atomic
def lagg_till_bilaga(*, ansokan, by, fil):
    from ansokningar.models import Bilaga

    bilaga = Bilaga.objects.create(
        ansokan=ansokan,
        fil=fil,
        filnamn=fil.name[:200],
        typ=fil.name.rsplit(".", 1)[-1].lower(),
        storlek=fil.size,
        uppladdad_av=by,
    )
    audit.record(actor=by, action="ansokan.bilaga", obj=ansokan, data={"filnamn": bilaga.filnamn})
    return bilaga
