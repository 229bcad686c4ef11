"""What each role's start page shows.

One function per role returns (template, context). Later apps add their
figures here, so a role's start page stays in one readable place.
"""

from samordning.models import Roll


def _sokande(user):
    from ansokningar import access, selectors

    return "samordning/start/sokande.html", {
        "organisationer": list(user.organisationer.all()),
        "ansokningar": list(selectors.for_list(access.visible_ansokningar(user))[:10]),
        "att_skriva_under": list(selectors.awaiting_signature(user)[:20]),
        "can_create": access.can_create(user),
    }


def _kansli(user):
    from ansokningar import selectors
    from ansokningar.models import Ansokan

    S = Ansokan.Status
    att_handlagga = Ansokan.objects.filter(status__in=[S.INLAMNAD, S.KOMPLETTERING, S.UNDER_BEREDNING])
    from beslut.models import Beslutsforslag

    forslag = Beslutsforslag.objects.filter(versioner__isnull=True).order_by("-datum", "-id")
    return "samordning/start/kansli.html", {
        "ansokningar": list(selectors.for_list(att_handlagga).order_by("inlamnad")[:20]),
        "forslag": list(forslag[:10]),
    }


def _styrelse(user):
    from beslut.views.sammantrade import styrelsens_start

    return "samordning/start/styrelse.html", styrelsens_start(user)


def _sekreterare(user):
    from beslut.views.sammantrade import sekreterarens_start

    return "samordning/start/sekreterare.html", sekreterarens_start(user)


def _administrator(user):
    return "samordning/start/administrator.html", {}


_BY_ROLE = {
    Roll.SOKANDE: _sokande,
    Roll.HANDLAGGARE: _kansli,
    Roll.FORBUNDSCHEF: _kansli,
    Roll.LEDAMOT: _styrelse,
    Roll.ERSATTARE: _styrelse,
    Roll.SEKRETERARE: _sekreterare,
    Roll.ADMINISTRATOR: _administrator,
}


def for_user(user):
    template, context = _BY_ROLE[Roll(user.roll)](user)
    context["roll"] = Roll(user.roll)
    return template, context
