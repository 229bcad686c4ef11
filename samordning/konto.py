"""Account views that differ from Django's own.

Password reset sends a link that logs the holder in. With DEBUG off and no
mail server configured the console backend would write that link to the
server's log, where anyone reading logs could use it; so then the page says
that reset is unavailable and whom to ask, and nothing is sent."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator

# Backends that keep mail on the machine (a log, a file) or drop it.
LOCAL_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


def password_reset_available():
    """In development the console is the point; in production mail must leave."""
    return settings.DEBUG or settings.EMAIL_BACKEND not in LOCAL_MAIL_BACKENDS


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    def dispatch(self, request, *args, **kwargs):
        if not password_reset_available():
            return render(request, self.template_name, {"unavailable": True})
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """"Check your e-mail" would be untrue when nothing can be sent (the
    address typed in by hand): then the page that says reset is unavailable."""

    def dispatch(self, request, *args, **kwargs):
        if not password_reset_available():
            return redirect("password_reset")
        return super().dispatch(request, *args, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """The page for a login that axes refused (AXES_LOCKOUT_CALLABLE): in
    Swedish, with status 429, for the app's login and the admin's alike."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/sparrad.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
