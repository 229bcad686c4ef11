"""What each role's start page shows.

One function per role returns (template, context). Later apps add their
figures here, so a role's start page stays in one readable place.
"""

from samordning.models import Roll


def _sokande(user):
    return "samordning/start/sokande.html", {
        "organisationer": list(user.organisationer.all()),
    }


def _kansli(user):
    return "samordning/start/kansli.html", {}


def _styrelse(user):
    return "samordning/start/styrelse.html", {}


def _sekreterare(user):
    return "samordning/start/sekreterare.html", {}


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
