import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import ROLES, ROWS, login, row_url

# Marked so that the test database exists even when this file runs alone (its
# fixtures would otherwise reach the developer's database).
pytestmark = pytest.mark.django_db

# Django's admin has its own permission system; the matrix pins its entry.
SKIP_NAMESPACES = {"admin"}


def _named_urls(patterns, namespace=None):
    """Every URL's name; an unnamed pattern yields its route, so it shows up
    as missing (it could not have a row, and nothing would test it)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            full = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from _named_urls(entry.url_patterns, full)
        elif isinstance(entry, URLPattern):
            if not entry.name:
                yield f"(namnlös) {entry.pattern}"
            else:
                yield f"{namespace}:{entry.name}" if namespace else entry.name


def test_every_url_has_a_row_in_the_matrix():
    missing = sorted(set(_named_urls(get_resolver().url_patterns)) - set(ROWS))
    assert not missing, f"URLs utan rad i behörighetsmatrisen (tests/matrix.py): {missing}"


@pytest.fixture
def objects(request, personas, settings, tmp_path):
    """What the matrix rows' URL arguments point at, built once per test."""
    from tests import matrix_objects

    settings.MEDIA_ROOT = tmp_path

    return matrix_objects.build(personas, request.node.callspec.params.get("url_name", ""))


@pytest.mark.parametrize("url_name", sorted(ROWS))
def test_permission_matrix(url_name, personas, objects, client):
    row = ROWS[url_name]
    address = row_url(url_name, objects)
    got = {}
    for role in ROLES:
        login(client, personas, role)
        # Each role meets the objects as they were built: what an earlier
        # role's POST changed (a state, a signature) is rolled back.
        with transaction.atomic():
            response = getattr(client, row.method)(address, row.data)
            transaction.set_rollback(True)
        got[role] = response.status_code
    assert got == row.expected, address


def test_media_folder_is_not_served(client, personas, settings, tmp_path):
    """Attachments live in MEDIA_ROOT; only the views that check access may
    hand them out, in development too."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "bilagor").mkdir()
    (tmp_path / "bilagor" / "hemlig.pdf").write_bytes(b"%PDF-1.4 hemlig")
    client.force_login(personas["utomstaende"])
    assert client.get("/media/bilagor/hemlig.pdf").status_code == 404
