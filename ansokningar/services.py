"""Every state change of an application, as one named function each.

Each checks the current state against ansokningar.workflow, runs in a
transaction, writes an audit entry and leaves side effects (e-mails from
ansokningar.notifications, removing a file) to on_commit.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansokningar import budget as budget_module
from ansokningar import completeness, notifications
from ansokningar.models import (
    Ansokan,
    Bilaga,
    Budgetbelopp,
    Budgetrad,
    Budgetradsar,
    Del,
    Diarieserie,
    Komplettering,
    Mal,
    Part,
    Underskrift,
)
from ansokningar.workflow import EDITABLE, SIGNABLE, TRANSITIONS
from samordning import audit
from samordning.errors import ConflictError, WorkflowError
from samordning.errors import bump_version as _bump_version
from samordning.models import Forbund, Roll, User

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


def _check_editable(ansokan):
    if ansokan.status not in EDITABLE:
        raise WorkflowError(
            _("Ansökan kan inte ändras när den har status ”%(status)s”.") % {"status": ansokan.get_status_display()}
        )


def _changed(ansokan):
    """A change outside the form (an attachment): a new version, so earlier
    signatures no longer cover it, and an edit page opened before it is
    refused rather than saved over it. `ansokan` is locked (_locked), so
    its version is the row's and the bump cannot conflict."""
    bump_version(ansokan, ansokan.version)


@transaction.atomic
def skapa_ansokan(*, by, insatsagare, namn, typ=Ansokan.Typ.NY, insats=None):
    """A new draft for `insatsagare`, with the form's fixed budget lines and
    the förbund's Överenskommelse text as it reads today. A tilläggsansökan
    takes its inriktning from the insats it extends (Ansokan.fast_kategori_id)
    and starts with the parties of the insats's latest application."""
    parter = [insatsagare.pk] + (_tidigare_parter(insats, insatsagare) if insats else [])
    ansokan = Ansokan.objects.create(
        namn=namn,
        insatsagare=insatsagare,
        typ=typ,
        insats=insats,
        kategori_id=insats.kategori_id if insats else None,
        skapad_av=by,
        lokusgrupp=getattr(insatsagare, "lokusgrupp", None),
        overenskommelse=Forbund.get().overenskommelse,
    )
    Part.objects.bulk_create([Part(ansokan=ansokan, organisation_id=o, ordning=i) for i, o in enumerate(parter)])
    rows = []
    for avsnitt, names in budget_module.STANDARDRADER.items():
        for i, name in enumerate(names):
            rows.append(Budgetrad(ansokan=ansokan, avsnitt=avsnitt, benamning=name, standard=True, ordning=i))
    Budgetrad.objects.bulk_create(rows)
    audit.record(actor=by, action="ansokan.skapad", obj=ansokan, data={"namn": namn})
    return ansokan


def _tidigare_parter(insats, insatsagare):
    """The samverkansparter of the insats's latest application: an extension
    is mostly filed by the same parties, so the form starts with them."""
    senaste = (
        Ansokan.objects.filter(insats=insats).exclude(status=Ansokan.Status.ATERKALLAD).order_by("-skapad").first()
    )
    if senaste is None:
        # Registered by the kansli, with no application here: its own parties.
        parter = insats.samverkansparter.filter(medlem=True).exclude(pk=insatsagare.pk).order_by("typ", "namn")
        return list(parter.values_list("pk", flat=True))
    parter = senaste.parter.filter(organisation__medlem=True).exclude(organisation=insatsagare).order_by("ordning")
    return list(parter.values_list("organisation_id", flat=True))


def update_totals(ansokan):
    """Recompute the stored budget totals from the rows (server is the
    source of truth, whatever the browser showed)."""
    rows = list(Budgetrad.objects.filter(ansokan=ansokan).prefetch_related("belopp", "arsbelopp"))
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
            "Ansökan har sparats någon annanstans sedan du öppnade den här sidan – av en kollega, "
            "eller av dig själv i en annan flik eller ett annat fönster. Dina ändringar är inte sparade: "
            "kopiera det du skrivit, ladda om sidan och för in dem igen."
        ),
        touch="andrad",
    )


def nytt_diarienummer(year=None):
    """The next diarienummer of `year` (this year by default) in the series
    applications and matters without one share: (year, number, "SFU 2026/14").
    Taken under a row lock: unique and without gaps, since a rolled-back
    transaction releases its number. Call inside the transaction that
    stores it."""
    year = year or timezone.localdate().year
    try:
        with transaction.atomic():
            Diarieserie.objects.get_or_create(ar=year)
    except IntegrityError:
        pass  # another transaction created the year's row first
    serie = Diarieserie.objects.select_for_update().get(ar=year)
    serie.senaste += 1
    serie.save(update_fields=["senaste"])
    return year, serie.senaste, f"{Forbund.get().diarieprefix} {year}/{serie.senaste}"


@transaction.atomic
def lamna_in(*, ansokan, by, lank=""):
    """Submit (or resubmit after komplettering). The first submission gets the
    year's next diarienummer and a receipt e-mail goes to the submitter.
    Those whose signature no longer covers the application (it changed
    since they signed) are asked by e-mail to sign again; the other users
    of each samverkanspart that has not signed this version are asked to
    sign; whoever asked for a komplettering hears that it has come in.
    `lank`: the application's absolute address for the e-mails."""
    ansokan = _locked(ansokan)
    _check(ansokan, "lamna_in")
    errors = completeness.missing(ansokan)
    if errors:
        raise IncompleteError(errors)
    forsta = not ansokan.diarienummer
    if forsta:
        ansokan.diarie_ar, ansokan.diarie_lopnummer, ansokan.diarienummer = nytt_diarienummer()
    previous = ansokan.status
    ansokan.status = S.INLAMNAD
    ansokan.inlamnad = timezone.now()
    ansokan.inlamnad_av = by
    ansokan.save(
        update_fields=["status", "inlamnad", "inlamnad_av", "diarie_ar", "diarie_lopnummer", "diarienummer"]
    )
    besvarade = Komplettering.objects.filter(ansokan=ansokan, besvarad__isnull=True)
    # Whoever asked for the komplettering is told it has come in.
    begarare = {k.begard_av for k in besvarade.select_related("begard_av") if k.begard_av.is_active and k.begard_av.email}
    besvarade.update(besvarad=ansokan.inlamnad)
    inaktuella = _inaktuella_underskrifter(ansokan, by)
    ombedda = _ombedda_skriva_under(ansokan, by, skip={u.anvandare_id for u in inaktuella})
    audit.record(
        actor=by,
        action="ansokan.inlamnad",
        obj=ansokan,
        data={
            "fran": previous,
            "diarienummer": ansokan.diarienummer,
            "ombedda_skriva_under_igen": [u.anvandare_id for u in inaktuella],
            "ombedda_skriva_under": [user.pk for user, _org in ombedda],
        },
    )
    if by.email:
        # robust: a mail server that fails must not turn a saved submission into a 500.
        transaction.on_commit(lambda: notifications.kvitto(ansokan, by, forsta), robust=True)
    for underskrift in inaktuella:
        transaction.on_commit(
            lambda u=underskrift: notifications.underskrift_inaktuell(ansokan, u, lank), robust=True
        )
    for user, org in ombedda:
        transaction.on_commit(
            lambda u=user, o=org: notifications.underskrift_begard(ansokan, u, o, lank), robust=True
        )
    for user in begarare:
        transaction.on_commit(lambda u=user: notifications.komplettering_inkommen(ansokan, u, lank), robust=True)
    return ansokan


def _inaktuella_underskrifter(ansokan, by):
    """Signatures of an earlier version, by someone other than `by`, who
    can be reached by e-mail."""
    return [
        u
        for u in Underskrift.objects.filter(ansokan=ansokan, version__lt=ansokan.version)
        .exclude(anvandare=by)
        .select_related("anvandare")
        if u.anvandare.email and u.anvandare.is_active
    ]


def _ombedda_skriva_under(ansokan, by, skip=()):
    """[(user, organisation)]: the active sökande with an e-mail address of
    each samverkanspart that has not signed this version, one entry per
    user, leaving out `by` and the users in `skip` (asked to sign again).
    Only the party's behöriga företrädare are asked, since only they can
    sign; a party without one asks all its sökande, so it learns that
    someone must be registered."""
    # Through the related manager each part knows `ansokan` without a query.
    parter = ansokan.parter.filter(ordning__gt=0).select_related("underskrift")
    waiting = [p.organisation_id for p in parter if not p.signerad_aktuell]
    if not waiting:
        return []
    members = (
        User.organisationer.through.objects.filter(
            organisation_id__in=waiting, user__roll=Roll.SOKANDE, user__is_active=True
        )
        .exclude(user__email="")
        .exclude(user_id__in={by.pk, *skip})
        .select_related("user", "organisation")
        .order_by("organisation__namn", "user_id")
    )
    behoriga = set(
        User.behorig_for.through.objects.filter(organisation_id__in=waiting).values_list("user_id", "organisation_id")
    )
    members = list(members)
    har_behorig = {org for user, org in behoriga if any(m.user_id == user and m.organisation_id == org for m in members)}
    result, seen = [], set()
    for m in members:
        if m.organisation_id in har_behorig and (m.user_id, m.organisation_id) not in behoriga:
            continue
        if m.user_id not in seen:
            seen.add(m.user_id)
            result.append((m.user, m.organisation))
    return result


@transaction.atomic
def begar_komplettering(*, ansokan, by, begaran, lank=""):
    """The kansli asks for more; the sökande who submitted (else the one who
    created the application) gets the request by e-mail with a link."""
    ansokan = _locked(ansokan)
    _check(ansokan, "begar_komplettering")
    if not begaran.strip():
        raise WorkflowError(_("Skriv vad som behöver kompletteras."))
    komplettering = Komplettering.objects.create(ansokan=ansokan, begaran=begaran.strip(), begard_av=by)
    ansokan.status = S.KOMPLETTERING
    ansokan.save(update_fields=["status"])
    mottagare = notifications.kontaktperson(ansokan)
    audit.record(
        actor=by,
        action="ansokan.komplettering_begard",
        obj=ansokan,
        data={"begaran": begaran, "mottagare": mottagare.pk if mottagare else None},
    )
    if mottagare is not None:
        transaction.on_commit(
            lambda: notifications.komplettering_begard(ansokan, komplettering, mottagare, lank), robust=True
        )
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
    if not by.behorig_for.filter(pk=part.organisation_id).exists():
        raise WorkflowError(
            _("Du är inte registrerad som behörig företrädare för %(org)s och kan därför inte skriva under för den.")
            % {"org": part.organisation.namn}
        )
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
        behorig=True,
    )
    audit.record(
        actor=by,
        action="ansokan.signerad",
        obj=ansokan,
        data={
            "organisation": part.organisation.namn,
            "version": ansokan.version,
            "ersatter_version": earlier.version if earlier else None,
            "behorig_foretradare": True,
        },
    )
    return underskrift


EDIT_FIELDS = [
    "namn", "syfte", "bakgrund", "startdatum", "slutdatum", "intag_slutdatum", "malgrupp",
    "antal_deltagare", "kategori_id", "lokusgrupp_id", "metod", "uppfoljning", "tillvaratas", "diskuterad",
    "diskuterad_hur",
]  # fmt: skip


@transaction.atomic
def spara_ansokan(*, ansokan, by, version, falt, samverkansparter, prioriterade, mal, delar, rader):
    """Save the whole form of an application being drafted or completed.

    `falt` holds the main fields, `mal` {Mal.Typ: [text, ...]} in order,
    `delar` [{namn, startdatum, slutdatum, kategori, malgrupp, effekt, insats}],
    `rader` [{avsnitt, benamning, standard, tjanst_procent, fran, till,
    del: index in `delar` or None, belopp: {organisation_id: kr}}] in page
    order. Refused with ConflictError if someone saved since `version` was
    read, with WorkflowError if a tilläggsansökan leaves its insats's
    inriktning.
    """
    ansokan = _locked(ansokan)
    _check_editable(ansokan)
    fast = ansokan.fast_kategori_id
    if fast and falt.get("kategori_id", fast) != fast:
        raise WorkflowError(_("En tilläggsansökan har samma inriktning som insatsen den förlänger."))
    bump_version(ansokan, version)
    before = audit.snapshot(ansokan, EDIT_FIELDS)
    for name, value in falt.items():
        setattr(ansokan, name, value)
    ansokan.save()
    ansokan.prioriterade_malgrupper.set(prioriterade)
    parts = _save_parts(ansokan, samverkansparter)
    created = _save_goals_and_delar(ansokan, mal, delar)
    _save_budget(ansokan, rader, parts, created)
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


def _save_parts(ansokan, samverkansparter):
    """Keep the parties still chosen (and their signatures), in the new order."""
    wanted = [ansokan.insatsagare_id] + [o.pk for o in samverkansparter if o.pk != ansokan.insatsagare_id]
    existing = {p.organisation_id: p for p in Part.objects.filter(ansokan=ansokan)}
    Part.objects.filter(ansokan=ansokan).exclude(organisation_id__in=wanted).delete()
    parts = {}
    for ordning, org_id in enumerate(wanted):
        part = existing.get(org_id) or Part(ansokan=ansokan, organisation_id=org_id)
        part.ordning = ordning
        part.save()
        parts[org_id] = part
    return parts


def _save_goals_and_delar(ansokan, mal, delar):
    """Replace goals and delar; returns the new Del rows in page order."""
    Mal.objects.filter(ansokan=ansokan).delete()
    Del.objects.filter(ansokan=ansokan).delete()
    goals = [
        Mal(ansokan=ansokan, typ=typ, text=text, ordning=i) for typ, texts in mal.items() for i, text in enumerate(texts)
    ]
    created = []
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
        created.append(del_)
        for typ in (Mal.Typ.EFFEKT, Mal.Typ.INSATS):
            goals += [Mal(ansokan=ansokan, del_av=del_, typ=typ, text=t, ordning=j) for j, t in enumerate(d[typ])]
    Mal.objects.bulk_create(goals)
    return created


def _save_budget(ansokan, rader, parts, delar):
    Budgetrad.objects.filter(ansokan=ansokan).delete()
    rows = Budgetrad.objects.bulk_create(
        Budgetrad(
            ansokan=ansokan,
            avsnitt=r["avsnitt"],
            benamning=r["benamning"],
            standard=r.get("standard", False),
            tjanst_procent=r.get("tjanst_procent"),
            fran=r.get("fran"),
            till=r.get("till"),
            del_av=delar[r["del"]] if r.get("del") is not None else None,
            ordning=i,
        )
        for i, r in enumerate(rader)
    )
    Budgetbelopp.objects.bulk_create(
        Budgetbelopp(rad=rad, part=parts[org_id], belopp=kr)
        for rad, r in zip(rows, rader, strict=True)
        for org_id, kr in r["belopp"].items()
        if org_id in parts and kr
    )
    # The sökande's own split of a line over its years (issue 9); a line
    # without one is split by whole months (budget.fordelning_per_ar).
    Budgetradsar.objects.bulk_create(
        Budgetradsar(rad=rad, ar=ar, belopp=kr)
        for rad, r in zip(rows, rader, strict=True)
        for ar, kr in (r.get("per_ar") or {}).items()
    )


@transaction.atomic
def lagg_till_bilaga(*, ansokan, by, fil):
    """Attach a (checked) file while the application may be changed. It
    counts as a change: earlier signatures no longer cover the application."""
    ansokan = _locked(ansokan)
    _check_editable(ansokan)
    bilaga = Bilaga.objects.create(
        ansokan=ansokan,
        fil=fil,
        filnamn=fil.name[:200],
        typ=fil.name.rsplit(".", 1)[-1].lower(),
        storlek=fil.size,
        uppladdad_av=by,
    )
    _changed(ansokan)
    audit.record(
        actor=by, action="ansokan.bilaga", obj=ansokan, data={"filnamn": bilaga.filnamn, "version": ansokan.version}
    )
    return bilaga


@transaction.atomic
def ta_bort_bilaga(*, ansokan, bilaga, by):
    """Remove a wrongly uploaded attachment while the application may be
    changed; the file goes once the removal is committed."""
    ansokan = _locked(ansokan)
    _check_editable(ansokan)
    if bilaga.ansokan_id != ansokan.pk:
        raise WorkflowError(_("Bilagan hör inte till ansökan."))
    fil, filnamn = bilaga.fil, bilaga.filnamn
    bilaga.delete()
    _changed(ansokan)
    audit.record(
        actor=by, action="ansokan.bilaga_borttagen", obj=ansokan, data={"filnamn": filnamn, "version": ansokan.version}
    )
    transaction.on_commit(lambda: fil.storage.delete(fil.name), robust=True)
