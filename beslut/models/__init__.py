"""The board's half of the road, by subject: the inriktning and beredning
(inriktning), the beslutsförslag and its clause library (forslag)."""

from beslut.models.forslag import (
    Beslutsforslag,
    Beslutssats,
    FaststalldVersion,
    Klausul,
    KlausulUppsattning,
)
from beslut.models.inriktning import Beredning, Fordelning, Verksamhetsinriktning

__all__ = [
    "Beredning",
    "Beslutsforslag",
    "Beslutssats",
    "FaststalldVersion",
    "Fordelning",
    "Klausul",
    "KlausulUppsattning",
    "Verksamhetsinriktning",
]
