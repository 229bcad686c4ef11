"""The application's workflow as one table: which states each action may
start from. Services check it before they change anything; the access
rules and pages use it to offer only what is possible.

    utkast ──lamna_in──▶ inlämnad ──paborja_beredning──▶ under beredning
      ▲                   │   ▲
      │     begar_komplettering  lamna_in (again, same diarienummer)
      │                   ▼   │
      └──────────── komplettering begärd
    utkast / inlämnad / komplettering / under beredning ──aterkalla──▶ återkallad
    inlämnad / komplettering / under beredning ──beslut──▶ beviljad / avslagen,
        or back under beredning at återremiss (beslut.services.verkstallighet)

The sökande may withdraw until the board has the case: also while it is
under beredning (the förbund then stops preparing it).
"""

from ansokningar.models import Ansokan

S = Ansokan.Status

TRANSITIONS = {
    "lamna_in": {S.UTKAST, S.KOMPLETTERING},
    "begar_komplettering": {S.INLAMNAD},
    "paborja_beredning": {S.INLAMNAD},
    "aterkalla": {S.UTKAST, S.INLAMNAD, S.KOMPLETTERING, S.UNDER_BEREDNING},
    # The board's (or the förbundschef's delegated) decision stands even if
    # komplettering was asked for after the papers went out.
    "besluta": {S.INLAMNAD, S.KOMPLETTERING, S.UNDER_BEREDNING},
    # Not transitions, but state rules of the same kind. "redigera" covers
    # every change of the content, attachments included.
    "redigera": {S.UTKAST, S.KOMPLETTERING},
    "signera": {S.UTKAST, S.INLAMNAD, S.KOMPLETTERING},
}

EDITABLE = TRANSITIONS["redigera"]
SIGNABLE = TRANSITIONS["signera"]
