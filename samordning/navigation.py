"""The main menu: which sections each role sees.

A section is listed only once its URL exists, so the menu grows with the
apps instead of pointing at pages that are not built yet.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from samordning.models import KANSLI, STYRELSE, Roll

ALLA = frozenset(Roll)

SECTIONS = [
    # (label, url name, roles that see it)
    (_("Ansökningar"), "ansokningar:lista", KANSLI | {Roll.SOKANDE}),
    (_("Insatser"), "insatser:lista", KANSLI | {Roll.SOKANDE}),
    (_("Sammanträden"), "beslut:sammantraden", KANSLI | STYRELSE),
    (_("Beslut"), "beslut:lista", KANSLI),
    (_("Ekonomi"), "insatser:ekonomi", {Roll.HANDLAGGARE, Roll.FORBUNDSCHEF, Roll.ADMINISTRATOR} | STYRELSE),
    (_("Administration"), "administration", {Roll.ADMINISTRATOR, Roll.FORBUNDSCHEF}),
]


def sections_for(user, path=""):
    """The user's menu; the section whose URL starts `path` is the active one
    (an application's detail page belongs to Ansökningar)."""
    if not user.is_authenticated:
        return []
    items = []
    for label, url_name, roles in SECTIONS:
        if user.roll not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": path.startswith(url)})
    # One section is the current one: the longest URL that starts the path
    # (/insatser/ekonomi/ is Ekonomi, not Insatser too).
    active = [i for i in items if i["active"]]
    for item in active:
        item["active"] = item is max(active, key=lambda i: len(i["url"]))
    return items
