from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from samordning import views
from samordning.konto import PasswordResetDoneView, PasswordResetView, aktiv

konto = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logga-ut/", views.LogoutView.as_view(), name="logout"),
    path("aktiv/", aktiv, name="aktiv"),
    path("losenord/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("aterstall/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "aterstall/skickat/",
        PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "aterstall/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.start, name="start"),
    path("konto/", include(konto)),
    path("administration/", views.administration, name="administration"),
    path("ansokningar/", include("ansokningar.urls")),
    path("beslut/", include("beslut.urls")),
    path("insatser/", include("insatser.urls")),
    # Public, no login: the anslagna protokoll (beslut.views.anslag).
    path("anslagstavla/", include("beslut.urls_publika")),
    path("halsa/", views.halsa, name="halsa"),
    path("logotyp/", views.logotyp, name="logotyp"),
    path("admin/", admin.site.urls),
]

# MEDIA_ROOT is never served as a folder, not even in development: attachments
# and fastställda PDFs go through views that check who may see them.

# A post Django refuses before any view sees it (too many inputs, too large)
# gets a page that says which, in Swedish.
handler400 = "samordning.views.bad_request"
