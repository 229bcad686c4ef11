"""Deliberate acts are deliberate (issue 9, item 7): every form that does
something that cannot be undone asks first, in a dialog that says what will
happen (static/js/bekrafta.js reads data-bekrafta; base.html has the dialog).

One sweep over every page of the permission matrix as every role that may
open it (tests/sweep.py): each POST form whose action is one of the acts
below, or whose submit button is (lämna in shares its form with "Spara
utkast"), must carry a non-empty data-bekrafta. A new page with such a form
that forgets it fails here. The dialog itself is tried in Chromium
(test_browser_bekrafta.py).
"""

import pytest

from tests import sweep

pytestmark = pytest.mark.django_db

# The acts whose forms post to their own URL.
IRREVERSIBLE = {"ansokningar:signera", "ansokningar:aterkalla", "beslut:faststall", "beslut:omedelbar_justering"}
# The acts that are one button of a larger form: (URL name, button name, button value).
IRREVERSIBLE_BUTTONS = {("ansokningar:redigera", "action", "lamna_in")}


@pytest.fixture
def objects(personas, settings, tmp_path):
    """The matrix's objects with a fastställd proposal changed since, so
    that its page offers the Fastställ button (for version 2)."""
    from beslut.models import Beslutsforslag
    from tests import matrix_objects

    settings.MEDIA_ROOT = tmp_path
    objs = matrix_objects.build(personas, "beslut:")
    Beslutsforslag.objects.filter(pk=objs["forslag"].pk).update(titel="Ändrat efter version 1")
    return objs


def _asks(attrs):
    return bool((attrs.get("data-bekrafta") or "").strip())


def test_every_irreversible_act_is_confirmed(client, personas, objects):
    problems, seen = [], set()
    for page in sweep.pages(client, personas, objects):
        for form in page.post_forms():
            action = sweep.view_name(form.action)
            where = f"{page.name} ({page.role}) → {action}"
            if action in IRREVERSIBLE:
                seen.add(action)
                if not (_asks(form.attrs) or (form.buttons and all(_asks(b) for b in form.buttons))):
                    problems.append(f"{where}: formuläret saknar data-bekrafta")
            for button in form.buttons:
                act = (action, button.get("name"), button.get("value"))
                if act in IRREVERSIBLE_BUTTONS:
                    seen.add(act)
                    if not (_asks(button) or _asks(form.attrs)):
                        problems.append(f"{where}: knappen {button.get('value')} saknar data-bekrafta")
    # The sweep met every act: a test that finds none proves nothing.
    assert seen == IRREVERSIBLE | IRREVERSIBLE_BUTTONS, seen
    assert not problems, "\n".join(problems)


def test_the_dialog_is_on_every_logged_in_page(client, anna_sokande):
    """The dialog bekrafta.js opens is in base.html, labelled by its heading and described by its text."""
    client.force_login(anna_sokande)
    html = client.get("/").content.decode()
    assert 'id="bekrafta" class="bekrafta-dialog" aria-labelledby="bekrafta-rubrik" aria-describedby="bekrafta-text"' in html
    assert "js/bekrafta.js" in html
