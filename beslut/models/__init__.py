"""The board's half of the road, by subject: the inriktning and beredning
(inriktning), the beslutsförslag and its clause library (forslag), organs,
members and meetings with their föredragningslista (sammantrade), and the
protokoll (protokoll)."""

from beslut.models.forslag import (
    Beslutsforslag,
    Beslutssats,
    FaststalldVersion,
    Klausul,
    KlausulUppsattning,
)
from beslut.models.inriktning import Beredning, Fordelning, Verksamhetsinriktning
from beslut.models.kallelse import Kallelseutskick
from beslut.models.protokoll import (
    Jav,
    Justering,
    Narvaro,
    Paragraf,
    Paragrafserie,
    Protokoll,
    Rost,
)
from beslut.models.sammantrade import Arende, Handling, Organ, Sammantrade, Uppdrag
from beslut.models.verkan import Beslutsverkan, Delegationsbeslut

__all__ = [
    "Arende",
    "Beredning",
    "Beslutsforslag",
    "Beslutssats",
    "Beslutsverkan",
    "Delegationsbeslut",
    "FaststalldVersion",
    "Fordelning",
    "Handling",
    "Jav",
    "Justering",
    "Kallelseutskick",
    "Klausul",
    "KlausulUppsattning",
    "Narvaro",
    "Organ",
    "Paragraf",
    "Paragrafserie",
    "Protokoll",
    "Rost",
    "Sammantrade",
    "Uppdrag",
    "Verksamhetsinriktning",
]
