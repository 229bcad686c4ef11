"""django-axes under a Swedish name in the admin.

Axes gives its app no verbose_name, so the admin heads its section with the
label, "Axes", which no translation catalogue can reach. This subclass names
it; the label stays "axes", so its tables and migrations are the same.
Its models' and columns' Swedish are in locale/sv/LC_MESSAGES/django.po.

The models' __str__ (the change page's title, heading and breadcrumb) are
English f-strings, outside gettext too, so ready() gives them Swedish ones."""

from axes.apps import AppConfig

from samordning.formatting import datum, klockslag


def _när(row):
    return f"{datum(row.attempt_time)} {klockslag(row.attempt_time)}"


def _vem(row):
    return row.username or "okänt användarnamn"


def _forsok(self):
    return f"Inloggningsförsök för {_vem(self)} {_när(self)}"


def _misslyckad(self):
    sparr = " (spärrad)" if self.locked_out else ""
    return f"Misslyckad inloggning för {_vem(self)}{sparr} {_när(self)} från {self.ip_address}"


def _logg(self):
    return f"Inloggning för {_vem(self)} {_när(self)}"


class AxesConfig(AppConfig):
    verbose_name = "Inloggningsspärr"

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _forsok
        AccessFailureLog.__str__ = _misslyckad
        AccessLog.__str__ = _logg
