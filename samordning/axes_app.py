"""django-axes under a Swedish name in the admin.

Axes gives its app no verbose_name, so the admin heads its section with the
label, "Axes", which no translation catalogue can reach. This subclass only
names it; the label stays "axes", so its tables and migrations are the same.
Its models' and columns' Swedish are in locale/sv/LC_MESSAGES/django.po."""

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    verbose_name = "Inloggningsspärr"
