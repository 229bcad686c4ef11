"""Domain errors the services raise and the views turn into messages."""

from django.db.models import F
from django.utils import timezone


class WorkflowError(Exception):
    """The action is not allowed in the object's current state."""


class ConflictError(Exception):
    """Someone else saved the object since this user opened it."""


def bump_version(obj, expected_version, message, *, touch=None):
    """Optimistic lock: raise the row's version only if it is still
    `expected_version`; otherwise ConflictError and nothing is written."""
    changes = {"version": F("version") + 1}
    if touch:
        changes[touch] = timezone.now()
    updated = type(obj).objects.filter(pk=obj.pk, version=expected_version).update(**changes)
    if not updated:
        raise ConflictError(message)
    obj.version = expected_version + 1


def posted_version(post):
    """The version an edit page was opened with, from its POST data; 0 when
    missing or garbled, so bump_version refuses it as a conflict rather
    than saving over a row blindly."""
    try:
        return int(post.get("version", ""))
    except ValueError:
        return 0


def page_version(request, obj):
    """The version an edit page works with: the row's when the page is
    opened (0 for none yet), and on a post the one it was opened with,
    posted back as it came, so a page that was stale stays stale after a
    refused save and cannot save over someone else's by retrying."""
    if request.method == "POST":
        return posted_version(request.POST)
    return obj.version if obj is not None else 0
