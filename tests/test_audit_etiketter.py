"""Every action a service writes to the audit log has a Swedish label in
samordning.audit.HANDLINGAR: the history lists, the insats's timeline and
the admin show the label, never a key such as "rekvisition.attestera".
The actions are found in the source (action="…" and the "app.handling"
strings passed on to a shared helper), so a new service that audits an
action without a label fails here."""

import pathlib
import re

from samordning.audit import HANDLINGAR

ROOT = pathlib.Path(__file__).resolve().parent.parent
APPS = ("samordning", "ansokningar", "beslut", "insatser")
# action="x.y", action = "x.y", or a quoted "x.y" handed on as an action
# (rapporter._hantera(..., "rapport.godkand")): an app's object, a dot, a verb.
ACTION = re.compile(r'action\s*=\s*"([a-z_]+\.[a-z_]+)"|[,(]\s*"([a-z_]+\.[a-z_]+)"\s*\)')
OBJEKT = {key.split(".")[0] for key in HANDLINGAR}


def _actions():
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for match in ACTION.finditer(path.read_text()):
                key = match.group(1) or match.group(2)
                if match.group(1) or key.split(".")[0] in OBJEKT:
                    found.add((key, f"{path.relative_to(ROOT)}"))
    return found


def test_every_audited_action_has_a_swedish_label():
    actions = _actions()
    assert len(actions) > 60  # the scan finds the services' actions
    missing = sorted(f"{key} ({where})" for key, where in actions if key not in HANDLINGAR)
    assert not missing, missing
