from django.conf import settings
from django.utils.functional import SimpleLazyObject

from samordning.models import Forbund
from samordning.navigation import sections_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "forbund": SimpleLazyObject(Forbund.get),
        "nav_sections": sections_for(user, request.path) if user is not None else [],
        # How often static/js/aktiv.js tells the server the user is typing.
        "aktiv_sekunder": settings.SESSION_KEEPALIVE_SECONDS,
    }
