"""The beslutsmeddelande (issue 10, item 9): once a decision about an
application is carried out, the sökande's organisation gets an e-mail
with the decision and its document attached: the protokollsutdrag of the
§ (beslut.protokoll_pdf.render_utdrag_pdf), or the delegationsbeslut's
fastställd PDF.

Sent from transaction.on_commit(..., robust=True) by the service that
carried the decision out (beslut.services.verkstallighet): only for a
decision that was saved, and a failing mail server never undoes one. Each
verkan is told once (meddelande_skickat).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansokningar.notifications import ansokan_lank, kontaktperson, namn
from beslut.models import Beslutsverkan
from samordning import audit
from samordning.models import Forbund, Roll, User

logger = logging.getLogger(__name__)


def mottagare(ansokan):
    """Who hears of the decision: the application's kontaktperson, and the
    insatsägare's other active sökande with an e-mail address."""
    users = []
    kontakt = kontaktperson(ansokan)
    if kontakt is not None:
        users.append(kontakt)
    ovriga = (
        User.objects.filter(
            roll=Roll.SOKANDE, is_active=True, organisationer=ansokan.insatsagare_id
        )
        .exclude(email="")
        .order_by("last_name", "first_name", "id")
    )
    users += [u for u in ovriga if u not in users]
    return users


def bilaga(verkan):
    """(filename, PDF bytes) of the decision's document, or None when there
    is none to attach (the protokollsutdrag renderer not installed)."""
    if verkan.delegationsbeslut_id:
        version = verkan.delegationsbeslut.dokument
        with version.pdf.open("rb") as handle:
            return f"delegationsbeslut-{verkan.ansokan.diarienummer or version.forslag_id}.pdf", handle.read()
    try:
        from beslut.protokoll_pdf import render_utdrag_pdf
    except ImportError:
        return None
    p = verkan.paragraf
    data = render_utdrag_pdf([p])
    if hasattr(data, "read"):
        data = data.read()
    return f"protokollsutdrag-{p.organ_id}-{p.ar}-{p.nummer}.pdf", data


def skicka(verkan_id):
    from beslut.services.verkstallighet import beslutstext

    verkan = (
        Beslutsverkan.objects.select_related(
            "ansokan__insatsagare", "ansokan__inlamnad_av", "ansokan__skapad_av", "beviljande",
            "paragraf__organ", "paragraf__arende__sammantrade", "delegationsbeslut__dokument",
            "nytt_arende__sammantrade",
        )
        .filter(pk=verkan_id, meddelande_skickat__isnull=True)
        .first()
    )
    if verkan is None or verkan.ansokan is None or verkan.utfall == Beslutsverkan.Utfall.INGEN:
        return
    ansokan = verkan.ansokan
    users = mottagare(ansokan)
    if not users:
        logger.warning("Beslutsmeddelande för %s: ingen mottagare med e-postadress", ansokan.diarienummer)
        return
    forbund = Forbund.get()
    fil = bilaga(verkan)
    subject = _("Beslut om ansökan %(dnr)s, %(insats)s") % {"dnr": ansokan.diarienummer, "insats": ansokan.namn}
    for user in users:
        body = _(
            "Hej %(namn)s!\n\n%(forbund)s har fattat beslut om ansökan ”%(insats)s” (%(dnr)s) från %(org)s.\n\n"
            "%(beslut)s\n\n%(bilaga)sAnsökan:\n%(lank)s\n\n"
            "Har du frågor? Ange diarienumret %(dnr)s när du kontaktar förbundet."
        ) % {
            "namn": namn(user),
            "forbund": forbund.namn,
            "insats": ansokan.namn,
            "dnr": ansokan.diarienummer,
            "org": ansokan.insatsagare.namn,
            "beslut": beslutstext(verkan),
            "bilaga": _("Beslutet finns som bifogad PDF.\n\n") if fil else "",
            "lank": ansokan_lank(ansokan),
        }
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        if fil:
            message.attach(fil[0], fil[1], "application/pdf")
        message.send()
    with transaction.atomic():
        Beslutsverkan.objects.filter(pk=verkan.pk).update(meddelande_skickat=timezone.now())
        audit.record(
            actor=None, action="ansokan.beslutsmeddelande", obj=ansokan,
            data={"till": [u.pk for u in users], "bilaga": fil[0] if fil else None},
        )
