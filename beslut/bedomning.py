"""Drafting the Bedömning of a beslutsförslag from the beredning: how the
case fits the inriktning it is assessed against, in the förbund's words.
Plain text in the same conventions as beslut.drafting."""

from beslut.drafting import delar_mening, slag
from samordning.formatting import datum_lang

REKOMMENDATION = {"bifall": "bifall till", "avslag": "avslag på", "komplettering": "komplettering av"}


def bedomning(ansokan, beredning=None):
    a = ansokan
    stycken = []
    delar = list(a.delar.all())
    if len(delar) > 1:
        stycken.append(delar_mening(delar))
    elif a.kategori:
        stycken.append(f"Denna insats är en {slag(a.kategori)} insats.")
    if beredning is None:
        return "\n\n".join(stycken)
    b = beredning
    satser = []
    if b.malgrupp_arbetsfor and b.malgrupp_prioriterad:
        satser.append("Målgruppen är i arbetsför ålder och hör till förbundets prioriterade målgrupper.")
    elif b.malgrupp_arbetsfor:
        satser.append("Målgruppen är i arbetsför ålder.")
    if b.matbara_mal:
        satser.append("I ansökan anges resultat och mätbara mål som ligger i linje med förbundets inriktning.")
    if b.budget_rimlig:
        satser.append("Budgeten bedöms som rimlig.")
    if b.diskuterad_lokus and b.alla_signerat:
        satser.append("Ansökan har diskuterats av parterna och alla parter i lokusgruppen har ställt sig bakom ansökan.")
    elif b.alla_signerat:
        satser.append("Alla parter har ställt sig bakom ansökan.")
    if satser:
        stycken.append(" ".join(satser))
    if b.anteckningar.strip():
        stycken.append(b.anteckningar.strip())
    if b.rekommendation:
        vad = REKOMMENDATION[b.rekommendation]
        if b.rekommendation_datum:
            stycken.append(f"Beredningsgruppen rekommenderade den {datum_lang(b.rekommendation_datum)} {vad} ansökan.")
        else:
            stycken.append(f"Beredningsgruppen rekommenderar {vad} ansökan.")
    return "\n\n".join(stycken)
