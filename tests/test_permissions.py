import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix import ROLES, ROWS

# Django's admin has its own permission system; the matrix pins its entry.
SKIP_NAMESPACES = {"admin"}


def _named_urls(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            full = ":".join(filter(None, [namespace, entry.namespace])) or None
            yield from _named_urls(entry.url_patterns, full)
        elif isinstance(entry, URLPattern) and entry.name:
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
    url = reverse(url_name, kwargs=row.kwargs(objects) if row.kwargs else None)
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anon":
            client.force_login(personas[role])
        response = getattr(client, row.method)(url, row.data)
        got[role] = response.status_code
    assert got == row.expected, url
