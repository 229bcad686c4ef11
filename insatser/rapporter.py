"""Rapporter: the reports an insats owes, their due dates, filing and handling.

Selectors (for the start pages and the overdue list):
- forfallna(idag): owed and past the due date;
- att_granska(): submitted, waiting for the handläggare;
- kommande_for_sokande(user, idag): owed by the user's organisations' insatser,
  due within KOMMANDE_DAGAR or overdue.
"""

import calendar
import datetime
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ansokningar.models import Mal
from insatser import rapportnotiser as notiser
from insatser.models import Beviljande, Insats, Malrapport, Rapport, Rapportplan, beviljat
from insatser.models.rapport import DELTAGARFALT, KON
from samordning import audit
from samordning.errors import ConflictError, WorkflowError, bump_version
from samordning.models import Roll

R = Rapport.Status

# What the insatsägare still owes: never submitted, or sent back for more.
SKULDIGA = (R.EJ_INLAMNAD, R.KOMPLETTERING)

# "Due soon": the overdue list and the sökande's start page show reports due
# within this many days, so there is time to write them.
KOMMANDE_DAGAR = 14


def _idag(idag):
    return idag or timezone.localdate()


def forfallna(idag=None):
    """Reports owed and past their due date (not submitted, or komplettering
    asked for), the longest overdue first; a closed insats owes nothing. Add select_related as the page
    needs."""
    return (
        Rapport.objects.filter(status__in=SKULDIGA, forfallodatum__lt=_idag(idag))
        .exclude(insats__status=Insats.Status.AVSLUTAD)
        .order_by("forfallodatum", "id")
    )


def att_granska():
    """Reports submitted and waiting for the handläggare, oldest first."""
    return Rapport.objects.filter(status=R.INLAMNAD).order_by("inlamnad", "id")


def kommande_for_sokande(user, idag=None):
    """The reports a sökande's organisations owe: of the insatser whose
    insatsägare is one of the user's organisations, owed and due within
    KOMMANDE_DAGAR days or already overdue, earliest due first. None for
    anyone but a sökande."""
    if user.roll != Roll.SOKANDE:
        return Rapport.objects.none()
    grans = _idag(idag) + datetime.timedelta(days=KOMMANDE_DAGAR)
    return (
        Rapport.objects.filter(
            insats__insatsagare__in=user.organisationer.all(),
            status__in=SKULDIGA,
            forfallodatum__lte=grans,
        )
        .exclude(insats__status=Insats.Status.AVSLUTAD)
        .order_by("forfallodatum", "id")
    )


# ---------------------------------------------------------------- due dates
#
# The rules, each a constant so a förbund can change its own:
# - a lägesrapport covers a calendar quarter (Jan–Mar, …) or tertial
#   (Jan–Apr, May–Aug, Sep–Dec), cut to the insats's period, and is due
#   LAGESRAPPORT_FRIST_DAGAR days after the period's last day;
# - an årsrapport covers a calendar year (cut likewise) and is due on
#   ARSRAPPORT_FORFALLER of the next year, in time for the förbund's own
#   årsredovisning, which its board adopts in March;
# - the slutrapport covers the whole insats and is due
#   SLUTRAPPORT_FRIST_DAGAR days after its last day. It takes the place of
#   the lägesrapport and the årsrapport of the period the insats ends in:
#   nobody writes three reports about the same last months.
LAGESRAPPORT_FRIST_DAGAR = 30
ARSRAPPORT_FORFALLER = (2, 15)  # (month, day) of the year after
SLUTRAPPORT_FRIST_DAGAR = 60
KOMPLETTERING_DAGAR = 14  # a report sent back is due this many days later

MANADER_PER_PERIOD = {"kvartal": 3, "tertial": 4}


class Onskad(NamedTuple):
    typ: str
    fran: datetime.date
    till: datetime.date
    forfaller: datetime.date


def _sista_dagen(ar, manad):
    return datetime.date(ar, manad, calendar.monthrange(ar, manad)[1])


def kalenderperioder(start, slut, manader):
    """The calendar periods of `manader` months (3: quarters, 4: tertials,
    12: years) that overlap start–slut, each cut to it: [(från, till)]."""
    ar, manad = start.year, (start.month - 1) // manader * manader + 1
    result = []
    while datetime.date(ar, manad, 1) <= slut:
        forsta = datetime.date(ar, manad, 1)
        sista_manad = manad + manader - 1
        sista = _sista_dagen(ar, sista_manad)
        result.append((max(forsta, start), min(sista, slut)))
        manad += manader
        if manad > 12:
            ar, manad = ar + 1, manad - 12
    return result


def onskade_rapporter(*, lagesrapporter, arsrapport, slutrapport, period):
    """The reports a plan asks for over `period` (first day, last day), by the
    rules above, in due-date order. A pure function: the tests pin its edge
    cases (an insats starting mid-quarter, one month long, leap years)."""
    if period is None:
        return []
    start, slut = period
    result = []
    manader = MANADER_PER_PERIOD.get(lagesrapporter)
    if manader:
        for fran, till in kalenderperioder(start, slut, manader):
            if slutrapport and till == slut:
                continue  # the slutrapport covers the last period
            result.append(
                Onskad(
                    Rapport.Typ.LAGESRAPPORT,
                    fran,
                    till,
                    till + datetime.timedelta(days=LAGESRAPPORT_FRIST_DAGAR),
                )
            )
    if arsrapport:
        manad, dag = ARSRAPPORT_FORFALLER
        for fran, till in kalenderperioder(start, slut, 12):
            if slutrapport and till == slut:
                continue
            result.append(
                Onskad(Rapport.Typ.ARSRAPPORT, fran, till, datetime.date(till.year + 1, manad, dag))
            )
    if slutrapport:
        result.append(
            Onskad(
                Rapport.Typ.SLUTRAPPORT,
                start,
                slut,
                slut + datetime.timedelta(days=SLUTRAPPORT_FRIST_DAGAR),
            )
        )
    return sorted(result, key=lambda o: (o.forfaller, o.typ, o.fran))


def _utom(fran, till, upptagna):
    """The parts of fran–till that none of the periods `upptagna` [(från,
    till)] covers: [(från, till)] in order."""
    dag = datetime.timedelta(days=1)
    delar = []
    for f, t in sorted(upptagna):
        if t < fran or f > till:
            continue
        if f > fran:
            delar.append((fran, f - dag))
        fran = max(fran, t + dag)
    if fran <= till:
        delar.append((fran, till))
    return delar


def runt_fasta(onskade, fasta):
    """The wanted reports (Onskad) fitted around the fixed ones (Rapport
    rows the plan may no longer change: _fasta, and the overdue), so that no month is
    reported twice in one kind of report: the Uppföljning Finsam export adds
    lägesrapporter together, and nobody should describe October twice.

    - A wanted lägesrapport that overlaps fixed lägesrapporter is replaced by
      the parts of its period they do not cover, each its own report, due
      LAGESRAPPORT_FRIST_DAGAR after its own last day. In the usual case
      (the plan changes after some periods are in) that means: the new
      cadence starts the day after the last fixed period, and its first
      period is kept short, ending at the next regular calendar boundary.
      Kvartal Jan–Jun submitted and the plan turned to tertial: Jul–Aug,
      then Sep–Dec. Chosen over a full-length first period (Jul–Oct,
      Nov–Feb, …), which would leave the calendar for good and make every
      later report straddle the årsrapport's and the national follow-up's
      calendar years, and over skipping to September, which would leave July
      and August unreported.
    - A wanted årsrapport that overlaps a fixed one (the insats's start
      moved, so its first day changed) is not asked for: the fixed one
      answers for that year.
    - A submitted slutrapport answers for the months it covers, for every
      kind: when a later decision extends the insats past it, the lägesrapporter
      and årsrapport it stood in for are not asked for afterwards, and a new
      slutrapport is wanted for the time after it (from its day after to the
      new end), which the extended insats owes before it can close again.
    A pure function; the result is in due-date order."""
    slut = [(f.period_fran, f.period_till) for f in fasta if f.typ == Rapport.Typ.SLUTRAPPORT]
    result = []
    for o in onskade:
        upptagna = [(f.period_fran, f.period_till) for f in fasta if f.typ == o.typ]
        egna = _utom(o.fran, o.till, upptagna)
        delar = _utom(o.fran, o.till, upptagna + slut)
        if delar == [(o.fran, o.till)]:
            result.append(o)
        elif o.typ == Rapport.Typ.LAGESRAPPORT:
            frist = datetime.timedelta(days=LAGESRAPPORT_FRIST_DAGAR)
            result.extend(Onskad(o.typ, fran, till, till + frist) for fran, till in delar)
        elif o.typ == Rapport.Typ.ARSRAPPORT and egna == [(o.fran, o.till)] and delar:
            # Only a slutrapport covers part of the year: the rest of it.
            manad, dag = ARSRAPPORT_FORFALLER
            result.extend(
                Onskad(o.typ, fran, till, datetime.date(till.year + 1, manad, dag))
                for fran, till in delar
            )
        elif o.typ == Rapport.Typ.SLUTRAPPORT and delar and delar[-1][1] == o.till:
            fran, till = delar[-1]
            result.append(
                Onskad(o.typ, fran, till, till + datetime.timedelta(days=SLUTRAPPORT_FRIST_DAGAR))
            )
    return sorted(result, key=lambda o: (o.forfaller, o.typ, o.fran))


def _fasta(rapporter_):
    """The reports the plan may no longer change: submitted or handled (any
    status but ej inlämnad), or started: a draft with something written in
    it (free text, a count, a goal's progress). One query, for the goals.
    Read from the reports themselves, not from the audit log, which pages
    and services only read through audit.visible_to."""
    utkast = [r for r in rapporter_ if r.status == R.EJ_INLAMNAD]
    med_mal = (
        set(
            Malrapport.objects.filter(rapport__in=utkast)
            .exclude(text="")
            .values_list("rapport_id", flat=True)
        )
        if utkast
        else set()
    )

    def paborjad(r):
        return bool(r.fritext.strip()) or any(getattr(r, f) for f in ANTAL_FALT) or r.pk in med_mal

    return [r for r in rapporter_ if r.status != R.EJ_INLAMNAD or paborjad(r)]


def _generera(insats, plan, idag):
    """Bring the insats's reports in line with its plan and granted period.

    A report the insatsägare has submitted or started (_fasta) is never
    touched, nor is an overdue lägesrapport or årsrapport (past its due
    date, still owed): the wanted reports are fitted around them
    (runt_fasta). Of the others (nothing written), one the plan still asks
    for (same type and first day) follows the new period; one it no longer
    asks for is removed if it is not yet due (an overdue slutrapport stays
    owed unless a slutrapport from another first day replaces it). Reports due before the plan
    was set are not created. A closed insats gets nothing new and nothing
    changes. Running it again changes nothing. Returns {skapade, andrade,
    borttagna}."""
    if insats.status == Insats.Status.AVSLUTAD:
        return {"skapade": [], "andrade": [], "borttagna": []}
    period = beviljat(insats.beviljanden.all()).period
    alla = list(insats.rapporter.select_for_update())
    # An overdue lägesrapport or årsrapport is fixed too: the insatsägare has
    # been reminded of its period and due date, and moving either (a due date
    # earlier, more days late) would make those reminders wrong. The new
    # cadence starts after it. Not the slutrapport: it is about the insats's
    # end, so when a grant moves the end it follows, however late it was.
    fasta = _fasta(alla)
    fasta += [
        r
        for r in alla
        if r not in fasta and r.forfallodatum < idag and r.typ != Rapport.Typ.SLUTRAPPORT
    ]
    onskade = [
        o
        for o in runt_fasta(
            onskade_rapporter(
                lagesrapporter=plan.lagesrapporter,
                arsrapport=plan.arsrapport,
                slutrapport=plan.slutrapport,
                period=period,
            ),
            fasta,
        )
        if o.forfaller >= plan.galler_fran
    ]
    kvar = {(o.typ, o.fran): o for o in onskade}
    fasta_pk = {r.pk for r in fasta}
    andrade, borttagna = [], []
    for rapport in alla:
        if rapport.pk in fasta_pk:
            continue
        onskad = kvar.pop((rapport.typ, rapport.period_fran), None)
        if onskad is None:
            # An overdue slutrapport stays owed unless another slutrapport
            # (the insats's start moved) takes its place.
            if rapport.forfallodatum >= idag or any(o.typ == rapport.typ for o in onskade):
                borttagna.append(str(rapport))
                rapport.delete()
        elif (rapport.period_till, rapport.forfallodatum) != (onskad.till, onskad.forfaller):
            rapport.period_till, rapport.forfallodatum = onskad.till, onskad.forfaller
            rapport.version += 1
            rapport.save(update_fields=["period_till", "forfallodatum", "version"])
            andrade.append(str(rapport))
    skapade = Rapport.objects.bulk_create(
        Rapport(
            insats=insats,
            typ=o.typ,
            period_fran=o.fran,
            period_till=o.till,
            forfallodatum=o.forfaller,
        )
        for o in kvar.values()
    )
    return {"skapade": [str(r) for r in skapade], "andrade": andrade, "borttagna": borttagna}


@transaction.atomic
def satt_plan(*, insats, by, version, lagesrapporter, arsrapport, slutrapport, idag=None):
    """The handläggare sets which reports `insats` owes, and its reports are
    regenerated (_generera). `version` is the plan's as the page showed it
    (0: there was none). Refused for a closed insats. Returns the plan."""
    idag = _idag(idag)
    insats = Insats.objects.select_for_update().get(pk=insats.pk)
    if insats.status == Insats.Status.AVSLUTAD:
        # Its slutrapport is accepted and its money settled: nothing is owed any more.
        raise WorkflowError(_("Insatsen är avslutad och lämnar inga fler rapporter."))
    plan = Rapportplan.objects.filter(insats=insats).first()
    if plan is None:
        if version != 0:
            raise ConflictError(
                _(
                    "Rapportplanen har sparats av någon annan sedan du öppnade sidan. Ladda om sidan och försök igen."
                )
            )
        plan = Rapportplan(insats=insats, galler_fran=idag)
        fore = {}
    else:
        fore = audit.snapshot(plan, PLAN_FALT)
        bump_version(
            plan,
            version,
            _(
                "Rapportplanen har ändrats av någon annan sedan du öppnade sidan. Ladda om sidan och försök igen."
            ),
        )
    plan.lagesrapporter, plan.arsrapport, plan.slutrapport = lagesrapporter, arsrapport, slutrapport
    plan.save()
    andringar = _generera(insats, plan, idag)
    audit.record(
        actor=by,
        action="rapportplan.satt",
        obj=insats,
        data={
            "andrat": audit.changes(fore, audit.snapshot(plan, PLAN_FALT)) if fore else {},
            **andringar,
        },
    )
    return plan


PLAN_FALT = ("lagesrapporter", "arsrapport", "slutrapport")


def folj_beviljanden(*, insats, by, idag=None):
    """A grant was added to or changed on `insats` (a tilläggsansökan, or the
    register): its reports follow the new period. Call inside the
    transaction that changed the grants; nothing happens without a plan."""
    plan = Rapportplan.objects.filter(insats=insats).first()
    if plan is None:
        return
    andringar = _generera(insats, plan, _idag(idag))
    if any(andringar.values()):
        audit.record(actor=by, action="rapportplan.foljer_beviljanden", obj=insats, data=andringar)


def vid_avslut(*, insats, by):
    """`insats` is being closed (insatser.services.avsluta_insats, inside its
    transaction): the reports still owed that nobody has started (ej
    inlämnad, nothing written: _fasta) are no longer owed and are removed,
    so the insats page does not list them as missing. Started drafts stay,
    to read; _las refuses to save or submit them. One audit entry on the
    insats names what was removed. Returns the removed reports' names."""
    alla = list(insats.rapporter.select_for_update())
    fasta = {r.pk for r in _fasta(alla)}
    borttagna = [r for r in alla if r.pk not in fasta]
    if not borttagna:
        return []
    namn = [str(r) for r in borttagna]
    Rapport.objects.filter(pk__in=[r.pk for r in borttagna]).delete()
    audit.record(
        actor=by, action="rapporter.borttagna_vid_avslut", obj=insats, data={"borttagna": namn}
    )
    return namn


# ------------------------------------------------------------- the report

KON_NAMN = {
    "kvinnor": _lazy("kvinnor"),
    "man": _lazy("män"),
    "annan": _lazy("annan eller ej angivet"),
}
ANTAL_FALT = tuple(f"{falt}_{kon}" for falt in DELTAGARFALT for kon in KON)


class RapportError(Exception):
    """The report cannot be saved or submitted; `errors` maps a field name
    (None: the whole form) to its Swedish message."""

    def __init__(self, errors):
        super().__init__("; ".join(str(e) for e in errors.values()))
        self.errors = errors


def kontrollera_antal(antal):
    """The participant counts' own rules, per kön: those who finished cannot
    outnumber those who took part (new plus ongoing), and those who went to
    work or studies cannot outnumber those who finished. {field: message};
    a kön with a count missing is left out."""
    errors = {}
    for kon in KON:
        if any(f"{falt}_{kon}" not in antal for falt in DELTAGARFALT):
            continue  # a form with a count refused on its own: the rest still checked
        deltog = antal[f"nya_{kon}"] + antal[f"pagaende_{kon}"]
        if antal[f"avslutade_{kon}"] > deltog:
            errors[f"avslutade_{kon}"] = _(
                "Avslutade (%(kon)s) kan inte vara fler än nya och pågående tillsammans (%(antal)s)."
            ) % {"kon": KON_NAMN[kon], "antal": deltog}
        vidare = antal[f"arbete_{kon}"] + antal[f"studier_{kon}"]
        if vidare > antal[f"avslutade_{kon}"]:
            errors[f"arbete_{kon}"] = _(
                "Till arbete och till studier (%(kon)s) kan tillsammans inte vara fler än de avslutade (%(antal)s)."
            ) % {"kon": KON_NAMN[kon], "antal": antal[f"avslutade_{kon}"]}
    return errors


def mal_for(insats):
    """The effektmål and insatsmål the insats's reports follow up: those of
    the applications its grants came from, per application and del, in the
    form's order. One query."""
    ansokningar = Beviljande.objects.filter(insats=insats, ansokan__isnull=False).values("ansokan")
    return list(
        Mal.objects.filter(ansokan__in=ansokningar, typ__in=(Mal.Typ.EFFEKT, Mal.Typ.INSATS))
        .select_related("ansokan", "del_av")
        .order_by(
            "ansokan__inlamnad",
            "ansokan_id",
            "del_av__ordning",
            "del_av_id",
            "typ",
            "ordning",
            "id",
        )
    )


STANGD = _lazy("Insatsen är avslutad. Rapporten kan inte längre sparas eller lämnas in.")


def stangd(rapport):
    """The report belongs to a closed insats: nothing more is owed, a draft
    started before the closing is kept to read but no longer filed."""
    return rapport.insats.status == Insats.Status.AVSLUTAD


def kan_lamnas_in_fran(rapport):
    """The first day the report may be submitted: the day after its period
    ends. A report on months not yet over would describe what has not
    happened; a draft can be saved any time."""
    return rapport.period_till + datetime.timedelta(days=1)


def for_tidigt(rapport, idag=None):
    """Why the report cannot be submitted yet (its period has not ended,
    Stockholm date), or None."""
    fran = kan_lamnas_in_fran(rapport)
    if _idag(idag) >= fran:
        return None
    return _("Rapporten kan lämnas in från och med %(datum)s, när perioden är slut.") % {
        "datum": fran.isoformat()
    }


def _oppen(rapport):
    # Before the form's own checks: a closed insats's report is refused
    # whatever was typed (and again under the lock in _las).
    if stangd(rapport):
        raise WorkflowError(str(STANGD))


def _las(rapport, by, version):
    rapport = Rapport.objects.select_for_update().select_related("insats").get(pk=rapport.pk)
    if (
        by.roll != Roll.SOKANDE
        or not by.organisationer.filter(pk=rapport.insats.insatsagare_id).exists()
    ):
        raise WorkflowError(_("Bara insatsägaren lämnar rapporter."))
    if stangd(rapport):
        raise WorkflowError(str(STANGD))
    if not rapport.kan_andras_av_insatsagaren:
        raise WorkflowError(_("Rapporten är redan inlämnad och kan inte ändras."))
    bump_version(
        rapport,
        version,
        _(
            "Rapporten har sparats av någon annan sedan du öppnade den. Det du skrev står kvar nedan men är inte sparat."
        ),
    )
    return rapport


def _skriv(rapport, antal, fritext, maltexter):
    for name in ANTAL_FALT:
        setattr(rapport, name, antal[name])
    rapport.fritext = fritext
    rapport.save()
    mal = {m.pk: m for m in mal_for(rapport.insats)}
    befintliga = {r.mal_id: r for r in rapport.malrader.all()}
    for mal_id, text in maltexter.items():
        if mal_id not in mal:
            continue
        rad = befintliga.get(mal_id) or Malrapport(rapport=rapport, mal=mal[mal_id])
        rad.maltext, rad.text = mal[mal_id].text, text
        rad.save()


@transaction.atomic
def spara(*, rapport, by, version, antal, fritext, maltexter):
    """Save the insatsägare's draft: counts {field: int}, free text, and
    progress {Mal pk: text}. Checks the counts as a submission does; a goal
    may still be unanswered."""
    _oppen(rapport)
    errors = kontrollera_antal(antal)
    if errors:
        raise RapportError(errors)
    rapport = _las(rapport, by, version)
    _skriv(rapport, antal, fritext, maltexter)
    audit.record(actor=by, action="rapport.sparad", obj=rapport)
    return rapport


@transaction.atomic
def lamna_in(*, rapport, by, version, antal, fritext, maltexter, idag=None):
    """Submit the report (first time or after komplettering): its period
    over (for_tidigt), every goal answered, the counts consistent. The
    handläggare gets it to review."""
    _oppen(rapport)
    errors = {}
    if fel := for_tidigt(rapport, idag):
        errors[None] = fel
    errors |= kontrollera_antal(antal)
    for mal in mal_for(rapport.insats):
        if not maltexter.get(mal.pk, "").strip():
            errors[f"mal_{mal.pk}"] = _("Skriv hur arbetet mot målet har gått under perioden.")
    if errors:
        raise RapportError(errors)
    rapport = _las(rapport, by, version)
    _skriv(rapport, antal, fritext, maltexter)
    forra = rapport.status
    rapport.status, rapport.inlamnad_av, rapport.inlamnad = R.INLAMNAD, by, timezone.now()
    rapport.save(update_fields=["status", "inlamnad_av", "inlamnad"])
    audit.record(
        actor=by,
        action="rapport.inlamnad",
        obj=rapport,
        data={"andrat": {"status": [forra, R.INLAMNAD]}},
    )
    return rapport


def _hantera(rapport, by, version, status, kommentar, action):
    if by.roll not in (Roll.HANDLAGGARE, Roll.FORBUNDSCHEF):
        raise WorkflowError(_("Bara handläggaren eller förbundschefen granskar rapporter."))
    rapport = Rapport.objects.select_for_update().select_related("insats").get(pk=rapport.pk)
    if rapport.status != R.INLAMNAD:
        raise WorkflowError(_("Rapporten är inte inlämnad för granskning."))
    bump_version(
        rapport,
        version,
        _(
            "Rapporten har ändrats av någon annan sedan du öppnade den. Ladda om sidan och se hur den ser ut nu."
        ),
    )
    rapport.status, rapport.hanterad_av, rapport.hanterad = status, by, timezone.now()
    rapport.kommentar = kommentar
    rapport.save(update_fields=["status", "hanterad_av", "hanterad", "kommentar"])
    audit.record(
        actor=by,
        action=action,
        obj=rapport,
        data={"andrat": {"status": [R.INLAMNAD, status]}, "kommentar": kommentar},
    )
    return rapport


@transaction.atomic
def godkann(*, rapport, by, version, kommentar=""):
    """The handläggare accepts a submitted report."""
    return _hantera(rapport, by, version, R.GODKAND, kommentar.strip(), "rapport.godkand")


@transaction.atomic
def begar_komplettering(*, rapport, by, version, kommentar):
    """The handläggare sends a submitted report back: `kommentar` (required)
    says what is missing; the insatsägare edits it and submits it again."""
    kommentar = kommentar.strip()
    if not kommentar:
        raise RapportError({"kommentar": _("Skriv vad som behöver kompletteras.")})
    rapport = _hantera(
        rapport, by, version, R.KOMPLETTERING, kommentar, "rapport.komplettering_begard"
    )
    # The insatsägare gets time to complete it: due KOMPLETTERING_DAGAR from
    # now if the old day has passed or is nearer, so the inbox and the daily
    # reminders do not call it weeks late the moment it is sent back.
    ny = timezone.localdate() + datetime.timedelta(days=KOMPLETTERING_DAGAR)
    if rapport.forfallodatum < ny:
        rapport.forfallodatum = ny
        rapport.save(update_fields=["forfallodatum"])
    transaction.on_commit(lambda: notiser.komplettering(rapport.pk), robust=True)
    return rapport
