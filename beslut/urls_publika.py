"""The förbund's public anslagstavla (issue 10 item 8): the only pages
without a login (their views are login_not_required). Included at
/anslagstavla/ by samordning.urls, without a namespace."""

from django.urls import path

from beslut.views import anslag

urlpatterns = [
    path("", anslag.anslagstavla, name="anslagstavla"),
    path("<int:pk>/protokoll.pdf", anslag.anslagstavla_pdf, name="anslagstavla_pdf"),
]
