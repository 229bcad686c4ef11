"""The start pages with rows in every section (issue 11 item 7) pass axe-core
without serious or critical problems, in real Chromium: tables, counts,
markers and the money card as each role sees them."""

import pytest
from django.utils import timezone

from beslut.models import Sammantrade, Uppdrag
from tests.factories import PASSWORD
from tests.test_start_inkorg import D, bygg, folk, mote  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_role_s_start_page_with_data_is_accessible(page, folk, mote, david_ledamot):  # noqa: F811
    bygg(6, **folk)
    Uppdrag.objects.create(organ=mote.organ, person=david_ledamot, roll="ledamot",
                           organisation=folk["orgs"]["region"], fran=D(2020, 1, 1))  # fmt: skip
    Sammantrade.objects.filter(pk=mote.pk).update(status=Sammantrade.Status.KALLAT, kallelse_skickad=timezone.now())
    for user, rubrik in [
        (folk["bertil"], "Rekvisitioner att attestera"),
        (folk["cecilia"], "Beredda ansökningar utan beslutsförslag"),
        (folk["anna"], "Rapporter att lämna"),
        (david_ledamot, "Kommande sammanträden"),
    ]:
        page.login(user.username, PASSWORD)
        assert page.pw.get_by_role("heading", name=rubrik).first.is_visible(), user.username
        violations = page.axe_violations()
        assert not violations, (user.username, violations)
        page.screenshot(f"start-inkorg-{user.username}")
        page.logout()
