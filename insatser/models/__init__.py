"""The insatser app's models, one module per subject: the insats and its
grants, the förbund's yearly funds, rekvisitioner, rapporter."""

from insatser.models.avvikelse import Avvikelse
from insatser.models.ekonomi import Arsbudget, Medlemsbidrag
from insatser.models.insats import Beviljande, Beviljat, Insats, beviljat
from insatser.models.rapport import Malrapport, Paminnelse, Rapport, Rapportplan
from insatser.models.rekvisition import Rekvisition, Rekvisitionsrad

__all__ = [
    "Arsbudget",
    "Avvikelse",
    "Beviljande",
    "Beviljat",
    "Insats",
    "Malrapport",
    "Medlemsbidrag",
    "Paminnelse",
    "Rapport",
    "Rapportplan",
    "Rekvisition",
    "Rekvisitionsrad",
    "beviljat",
]
