"""Sending a meeting's kallelse, and a revised one when its papers changed
(issue 10, item 4). Each is one transaction with an audit entry; the
kallelse PDF as sent is kept (Kallelseutskick, with its SHA-256) and never
changes; the members and ersättare get an e-mail with a link to the meeting
(no documents attached) once the change is committed."""

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beslut import kallelse_pdf
from beslut.models import Arende, Kallelseutskick, Sammantrade, Uppdrag
from samordning import audit, formatting
from samordning.errors import WorkflowError
from samordning.models import Forbund

logger = logging.getLogger(__name__)

INLEDANDE = (Arende.Typ.OPPNANDE, Arende.Typ.DAGORDNING, Arende.Typ.JUSTERARE)


# --- what was sent -----------------------------------------------------------


def innehall(lista, delegation=()):
    """The föredragningslista as a Kallelseutskick keeps it: per ärende what
    a member would notice changing (its place, kind, title, the fastställd
    version, the application's version, the uploaded handlingar and, for the
    anmälan, the delegationsbeslut it reports: `delegation`)."""
    rows = []
    for nummer, arende in enumerate(lista, start=1):
        version = arende.forslag_version
        ansokan = version.forslag.ansokan if version is not None else None
        rows.append(
            {
                "id": arende.pk,
                "nummer": nummer,
                "typ": arende.typ,
                "rubrik": arende.rubrik,
                "forslag": {"id": version.pk, "nummer": version.nummer, "sha256": version.sha256}
                if version
                else None,
                "ansokan": {"id": ansokan.pk, "version": ansokan.version} if ansokan else None,
                "handlingar": [
                    {"id": h.pk, "filnamn": h.filnamn, "sha256": h.sha256}
                    for h in arende.handlingar.all()
                ],
                "delegationsbeslut": [
                    {"id": v.pk, "titel": v.innehall.get("titel", ""), "sha256": v.sha256}
                    for v in delegation
                ]
                if arende.typ == Arende.Typ.DELEGATION
                else [],
            }
        )
    return rows


def andringar(fore, efter):
    """What changed between two innehall lists, as Swedish lines: ärenden
    added, removed and changed (empty when nothing did)."""
    fore_by_id = {row["id"]: row for row in fore}
    efter_ids = {row["id"] for row in efter}
    # Moved means out of order with the others kept: an item pushed down by
    # one added before it (the closing item, say) has not moved.
    kvar_fore = [row["id"] for row in fore if row["id"] in efter_ids]
    kvar_efter = [row["id"] for row in efter if row["id"] in fore_by_id]
    plats_fore = {pk: i for i, pk in enumerate(kvar_fore)}
    plats_efter = {pk: i for i, pk in enumerate(kvar_efter)}
    lines = []
    for row in efter:
        old = fore_by_id.get(row["id"])
        if old is None:
            lines.append(
                _("Ärende %(nr)d %(rubrik)s har lagts till.")
                % {"nr": row["nummer"], "rubrik": row["rubrik"]}
            )
            continue
        vad = []
        if old["rubrik"] != row["rubrik"] or old["typ"] != row["typ"]:
            vad.append(_("rubriken"))
        if (old["forslag"] or {}).get("sha256") != (row["forslag"] or {}).get("sha256"):
            vad.append(_("beslutsförslaget"))
        if old["ansokan"] != row["ansokan"]:
            vad.append(_("ansökan"))
        if old["handlingar"] != row["handlingar"]:
            vad.append(_("handlingarna"))
        if old.get("delegationsbeslut", []) != row.get("delegationsbeslut", []):
            vad.append(_("delegationsbesluten"))
        if vad:
            lines.append(
                _("Ärende %(nr)d %(rubrik)s: %(vad)s ändrade.")
                % {"nr": row["nummer"], "rubrik": row["rubrik"], "vad": ", ".join(vad)}
            )
        elif plats_fore[row["id"]] != plats_efter[row["id"]]:
            lines.append(
                _("Ärende %(nr)d %(rubrik)s har flyttats (var ärende %(fore)d).")
                % {"nr": row["nummer"], "rubrik": row["rubrik"], "fore": old["nummer"]}
            )
    for row in fore:
        if row["id"] not in efter_ids:
            lines.append(
                _("Ärende %(nr)d %(rubrik)s har strukits.")
                % {"nr": row["nummer"], "rubrik": row["rubrik"]}
            )
    return lines


# --- checks ------------------------------------------------------------------


def kontrollera(mote, lista):
    """WorkflowError unless the list can go out: the opening items are
    there, and every beslutsärende carries the latest fastställd version of
    its proposal (a member reads nothing in draft)."""
    typer = {a.typ for a in lista}
    saknas = [Arende.Typ(t).label for t in INLEDANDE if t not in typer]
    if saknas:
        raise WorkflowError(
            _(
                "Föredragningslistan saknar %(punkter)s. Lägg till de inledande punkterna innan kallelsen skickas."
            )
            % {"punkter": ", ".join(str(s).lower() for s in saknas)}
        )
    for nummer, arende in enumerate(lista, start=1):
        if arende.typ != Arende.Typ.BESLUT:
            continue
        if arende.forslag_version is None:
            raise WorkflowError(
                _("Ärende %(nr)d %(rubrik)s har inget fastställt beslutsförslag.")
                % {"nr": nummer, "rubrik": arende.rubrik}
            )
        senaste = (
            arende.forslag_version.forslag.versioner.order_by("-nummer")
            .values_list("nummer", flat=True)
            .first()
        )
        if senaste != arende.forslag_version.nummer:
            raise WorkflowError(
                _(
                    "Ärende %(nr)d %(rubrik)s har version %(har)d av beslutsförslaget, men version %(ny)d är "
                    "fastställd. Byt till den senaste versionen innan kallelsen skickas."
                )
                % {
                    "nr": nummer,
                    "rubrik": arende.rubrik,
                    "har": arende.forslag_version.nummer,
                    "ny": senaste,
                }
            )


# --- who is told ---------------------------------------------------------------


def mottagare(mote):
    """Every ledamot and ersättare of the organ on the meeting's date who can
    get e-mail, once each, in the organ's order."""
    uppdrag = (
        Uppdrag.objects.filter(organ_id=mote.organ_id, fran__lte=mote.datum, person__is_active=True)
        .exclude(person__email="")
        .select_related("person")
        .order_by("roll", "ordning", "id")
    )
    seen, people = set(), []
    for u in uppdrag:
        if u.galler(mote.datum) and u.person_id not in seen:
            seen.add(u.person_id)
            people.append(u.person)
    return people


def mote_lank(mote):
    """The meeting's page for members (the meetings module's), else its kallelse."""
    try:
        path = reverse("beslut:sammantrade", args=[mote.pk])
    except NoReverseMatch:
        path = reverse("beslut:kallelse_pdf", args=[mote.pk])
    return settings.SITE_URL + path


def _skicka_brev(mote_pk, person_pks, revision, andringstext):
    """After commit: one e-mail per person, each on its own (one bad address
    does not stop the others). Only the link: no documents attached."""
    mote = Sammantrade.objects.select_related("organ").get(pk=mote_pk)
    forbund = Forbund.get()
    from samordning.models import User

    varden = {
        "organ": mote.organ.namn,
        "datum": formatting.datum(mote.datum),
        "datum_lang": formatting.datum_lang(mote.datum),
        "tid": formatting.klockslag(mote.starttid),
        "plats": mote.plats or mote.lank or _("meddelas senare"),
        "lank": mote_lank(mote),
        "forbund": forbund.namn,
        "andringar": andringstext,
        "organs": formatting.genitiv(mote.organ.namn),
    }
    if revision:
        subject = _("Reviderad kallelse: %(organ)s %(datum)s") % varden
        text = _(
            "Hej %(namn)s!\n\nHandlingarna till %(organs)s sammanträde den %(datum_lang)s %(tid)s har ändrats "
            "sedan kallelsen skickades:\n\n%(andringar)s\n\nLäs kallelsen och handlingarna här:\n%(lank)s\n\n%(forbund)s"
        )
    else:
        subject = _("Kallelse: %(organ)s %(datum)s") % varden
        text = _(
            "Hej %(namn)s!\n\nDu kallas till %(organs)s sammanträde den %(datum_lang)s %(tid)s.\n"
            "Plats: %(plats)s\n\nKallelsen, föredragningslistan och handlingarna finns här:\n%(lank)s\n\n%(forbund)s"
        )
    failed = 0
    for person in User.objects.filter(pk__in=person_pks).order_by("last_name", "first_name", "pk"):
        try:
            send_mail(
                subject,
                text % {**varden, "namn": person.get_full_name() or person.username},
                settings.DEFAULT_FROM_EMAIL,
                [person.email],
            )
        except Exception:  # the kallelse is sent; a failing mail server must not undo it
            failed += 1
    if failed:
        logger.warning(
            "Kallelse till sammanträde %s: %d av %d brev gick inte iväg.",
            mote_pk,
            failed,
            len(person_pks),
        )


def nuvarande(mote, lista=None):
    """The innehall the föredragningslista has now."""
    lista = lista if lista is not None else kallelse_pdf.arenden(mote)
    delegation = (
        kallelse_pdf.delegationsbeslut_for(mote)
        if any(a.typ == Arende.Typ.DELEGATION for a in lista)
        else []
    )
    return innehall(lista, delegation)


def _utskick(mote, lista, by, nummer, andringstext=""):
    revision = (nummer, andringstext.splitlines()) if nummer > 1 else None
    pdf = kallelse_pdf.stored_kallelse_pdf(mote, lista, revision)
    digest = hashlib.sha256(pdf.data).hexdigest()
    utskick = Kallelseutskick(
        sammantrade=mote,
        nummer=nummer,
        sha256=digest,
        skickad_av=by,
        innehall=nuvarande(mote, lista),
        andringar=andringstext,
    )
    utskick.pdf.save(f"kallelse-{mote.pk}-{nummer}.pdf", ContentFile(pdf.data), save=False)
    utskick.save()
    return utskick


# --- the services ------------------------------------------------------------------


@transaction.atomic
def skicka_kallelse(*, mote, by):
    """planerat → kallat: the kallelse is frozen as sent (Kallelseutskick 1)
    and every ledamot and ersättare is told by e-mail after commit."""
    mote = (
        Sammantrade.objects.select_for_update(of=("self",))
        .select_related("organ", "sekreterare")
        .get(pk=mote.pk)
    )
    if mote.status != Sammantrade.Status.PLANERAT:
        raise WorkflowError(_("Kallelsen är redan skickad."))
    lista = kallelse_pdf.arenden(mote)
    kontrollera(mote, lista)
    utskick = _utskick(mote, lista, by, 1)
    mote.status = Sammantrade.Status.KALLAT
    mote.kallelse_skickad = timezone.now()
    mote.version += 1
    mote.save(update_fields=["status", "kallelse_skickad", "version"])
    people = mottagare(mote)
    audit.record(
        actor=by,
        action="sammantrade.kallelse_skickad",
        obj=mote,
        data={"utskick": utskick.nummer, "sha256": utskick.sha256, "mottagare": len(people)},
    )
    pks = [p.pk for p in people]
    transaction.on_commit(lambda: _skicka_brev(mote.pk, pks, False, ""), robust=True)
    return utskick


def senaste_utskick(mote):
    return mote.utskick.order_by("-nummer").first()


def forsta_utskick(mote):
    return mote.utskick.order_by("nummer").first()


def aktuella_andringar(mote, lista=None):
    """What changed since the latest kallelse went out (lines; [] for nothing
    or no kallelse yet)."""
    senaste = senaste_utskick(mote)
    if senaste is None:
        return []
    return andringar(senaste.innehall, nuvarande(mote, lista))


@transaction.atomic
def revidera_kallelse(*, mote, by):
    """The papers changed after the kallelse went out: a new utskick
    (nummer + 1) with what changed since the last, audited, and the members
    and ersättare told by e-mail. Refused when nothing changed."""
    mote = (
        Sammantrade.objects.select_for_update(of=("self",))
        .select_related("organ", "sekreterare")
        .get(pk=mote.pk)
    )
    if mote.status != Sammantrade.Status.KALLAT:
        raise WorkflowError(
            _(
                "En reviderad kallelse kan bara skickas när kallelsen är skickad och mötet inte hållits."
            )
        )
    senaste = senaste_utskick(mote)
    lista = kallelse_pdf.arenden(mote)
    kontrollera(mote, lista)
    if senaste is None:  # called outside the app (imported data): this is its first utskick
        utskick = _utskick(mote, lista, by, 1)
        audit.record(
            actor=by,
            action="sammantrade.kallelse_skickad",
            obj=mote,
            data={"utskick": 1, "sha256": utskick.sha256},
        )
        pks = [p.pk for p in mottagare(mote)]
        transaction.on_commit(lambda: _skicka_brev(mote.pk, pks, False, ""), robust=True)
        return utskick
    lines = andringar(senaste.innehall, nuvarande(mote, lista))
    if not lines:
        raise WorkflowError(_("Inget har ändrats sedan kallelsen skickades."))
    text = "\n".join(lines)
    utskick = _utskick(mote, lista, by, senaste.nummer + 1, text)
    mote.version += 1
    mote.save(update_fields=["version"])
    people = mottagare(mote)
    audit.record(
        actor=by,
        action="sammantrade.kallelse_reviderad",
        obj=mote,
        data={
            "utskick": utskick.nummer,
            "sha256": utskick.sha256,
            "andringar": lines,
            "mottagare": len(people),
        },
    )
    pks = [p.pk for p in people]
    transaction.on_commit(lambda: _skicka_brev(mote.pk, pks, True, text), robust=True)
    return utskick
