"""Who may open which page. Views call these; they never test roles inline.

Pages a role has no business on answer 403; objects that belong to another
organisation answer 404 (their existence must not leak). The per-object
helpers live next to their models (e.g. ansokningar.access).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied


def require_roles(*roles):
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.roll not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = allowed
        return wrapped

    return decorator
