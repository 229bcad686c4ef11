"""What an application must contain before it can be submitted.

Returns (field, message) pairs so the form can show each message next to
its field; a draft may lack any of these.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansokningar.models import Mal

TEXT_FIELDS = [
    ("namn", gettext_lazy("Ange insatsens namn.")),
    ("syfte", gettext_lazy("Beskriv syftet med insatsen.")),
    ("bakgrund", gettext_lazy("Beskriv bakgrunden till eller behovet av insatsen.")),
    ("malgrupp", gettext_lazy("Beskriv målgruppen för insatsen.")),
    ("metod", gettext_lazy("Beskriv vilka metoder ni kommer att använda.")),
    ("uppfoljning", gettext_lazy("Beskriv hur målen ska följas upp och utvärderas.")),
    ("tillvaratas", gettext_lazy("Beskriv hur ni tänker ta tillvara resultaten.")),
]


def missing(ansokan):
    errors = []
    for field, message in TEXT_FIELDS:
        if not (getattr(ansokan, field) or "").strip():
            errors.append((field, message))
    if not ansokan.startdatum:
        errors.append(("startdatum", _("Ange planerat startdatum.")))
    if not ansokan.slutdatum:
        errors.append(("slutdatum", _("Ange planerat slutdatum.")))
    if not ansokan.antal_deltagare and ansokan.kategori and ansokan.kategori.inriktning == "individ":
        errors.append(("antal_deltagare", _("Ange förväntat antal deltagare per år.")))
    if ansokan.diskuterad is None:
        errors.append(("diskuterad", _("Svara på om ansökan har diskuterats i lokusgrupp eller beredningsgrupp.")))
    elif ansokan.diskuterad and not ansokan.diskuterad_hur.strip():
        errors.append(("diskuterad_hur", _("Beskriv hur och när ansökan har diskuterats.")))
    if ansokan.parter.count() < 2:
        errors.append(
            ("samverkansparter", _("Välj minst en samverkanspart: en insats behöver minst två parter."))
        )

    delar = list(ansokan.delar.all())
    goals = list(ansokan.mal.all())
    if not any(m.typ == Mal.Typ.OVERGRIPANDE and m.del_av_id is None for m in goals):
        errors.append(("mal_overgripande", _("Ange minst ett övergripande mål.")))
    if delar:
        for del_ in delar:
            if not del_.kategori_id:
                errors.append(("delar", _("Välj inriktning för delen ”%(del)s”.") % {"del": del_.namn}))
            if not del_.startdatum or not del_.slutdatum:
                errors.append(("delar", _("Ange period för delen ”%(del)s”.") % {"del": del_.namn}))
            for typ, label in [(Mal.Typ.EFFEKT, _("effektmål")), (Mal.Typ.INSATS, _("insatsmål"))]:
                if not any(m.typ == typ and m.del_av_id == del_.pk for m in goals):
                    errors.append(
                        ("delar", _("Ange minst ett %(typ)s för delen ”%(del)s”.") % {"typ": label, "del": del_.namn})
                    )
    else:
        if not ansokan.kategori_id:
            errors.append(("kategori", _("Välj insatsens inriktning.")))
        if not any(m.typ == Mal.Typ.EFFEKT for m in goals):
            errors.append(("mal_effekt", _("Ange minst ett effektmål.")))
        if not any(m.typ == Mal.Typ.INSATS for m in goals):
            errors.append(("mal_insats", _("Ange minst ett insatsmål.")))
    if not ansokan.summa_forbund:
        errors.append(("budget", _("Fyll i budgeten: vad söks från Samordningsförbundet?")))
    return errors
