"""Settings for Samordning.

Everything that differs between a developer's machine and production comes
from the environment. DEBUG is off unless DEBUG=1 is set (the Makefile sets
it for `make run`, `make test` and the other developer targets), and with
DEBUG off the process refuses to start without a real SECRET_KEY and
ALLOWED_HOSTS: a production start that forgot its settings stops instead of
serving debug pages. In development: mail to the console and the
project-local PostgreSQL cluster that `make run` starts (see scripts/devdb).
"""

import os
import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (production). "
            "For development set DEBUG=1 (the Makefile's targets do)."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and (
    SECRET_KEY == _DEV_SECRET_KEY
    or SECRET_KEY.startswith("django-insecure")  # startproject's throwaway keys
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured("SECRET_KEY is too weak for production.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "samordning.views.csrf_failure"
# The site's own address, for links in e-mails sent without a request at hand
# (a management command, say); views pass the address they were reached at.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    # Failed logins per account and per address (AXES_* below); its own models.
    # Named "Inloggningsspärr" in the admin (samordning/axes_app.py).
    "samordning.axes_app.AxesConfig",
    "samordning",
    "ansokningar",
    "insatser",
    "beslut",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files keep their caching), before everything
    # else, so redirects and lockout pages get the headers too.
    "samordning.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Django 5.1+: every view needs a login unless marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samordning.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samordning.middleware.SwedishNotFoundMiddleware",
    # Turns axes' "locked out" flag on a login request into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samordning.urls"
WSGI_APPLICATION = "samordning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samordning.context_processors.navigation",
            ],
            "builtins": ["samordning.templatetags.format"],
        },
    },
]


def _local_database_url():
    """The project-local cluster of scripts/devdb (Unix socket, no TCP)."""
    from urllib.parse import quote

    socket_dir = os.environ.get("PGSOCKETDIR", str(BASE_DIR / ".pg" / "run"))
    return f"postgres://samordning@{quote(socket_dir, safe='')}/samordning"


DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or _local_database_url(),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("Samordning runs on PostgreSQL only.")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "samordning.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Wrong passwords (django-axes), for the app's login and the admin's alike:
# LOGIN_FAILURE_LIMIT failures for one username, or LOGIN_FAILURE_LIMIT_PER_ADDRESS
# from one address, lock that username or address for LOGIN_LOCKOUT_MINUTES (each further try
# during the lock starts it again). Axes checks before the password is.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
# One address is often a whole kommun's office behind NAT, so its own limit is
# higher (samordning.konto.Inloggningsgranser says how the two are combined).
LOGIN_FAILURE_LIMIT_PER_ADDRESS = max(
    int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "30")), AXES_FAILURE_LIMIT
)
AXES_HANDLER = "samordning.konto.Inloggningsgranser"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A successful login does not clear the count: with it, someone holding one
# account could reset the address's count between guesses at another.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "samordning.konto.lockout_response"  # Swedish page, status 429
AXES_HTTP_RESPONSE_CODE = 429
# Behind a reverse proxy every request comes from the proxy's address; with
# TRUSTED_PROXY_COUNT=n the client is the n-th address from the right of
# X-Forwarded-For (what the proxies themselves appended, so it can't be forged).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "samordning.middleware.client_ip"

# Sessions end after SESSION_IDLE_MINUTES without a request and in any case
# SESSION_MAX_HOURS after login (samordning.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
# While the user types or clicks, static/js/aktiv.js tells the server at most
# this often (samordning.konto.aktiv), so writing a long text counts as activity.
SESSION_KEEPALIVE_SECONDS = 240
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # A file whose transaction rolls back is removed again (samordning/files.py).
    "default": {"BACKEND": "samordning.files.TransactionalFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

if DEBUG:
    # runserver serves static files itself; whitenoise need not find STATIC_ROOT.
    warnings.filterwarnings("ignore", message="No directory at")

# Large enough that an overlong text reaches the form (which answers with a
# message next to the field and keeps the text) instead of a bare 400: 10 MB
# of Swedish prose is about 13 MB url-encoded (å = %C3%A5), so the long
# forms post multipart, and this leaves room for both.
DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024
# Inputs per post. The application form is the largest: a budget row posts up
# to 7 inputs of its own and one amount per party; with 13 parties (a county's
# kommuner, region, AF and FK) that is 20 a row, and 500 rows take 10 000. The
# rest of the form (texts, goals, delar) fits in the 2 000 left. Django's
# default of 1 000 gave a bare 400 at about 80 rows; beyond this limit the
# 400 page (samordning.views.bad_request) says what happened and what to do.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 12_000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: SMTP when EMAIL_HOST is given; otherwise the console in development
# and, in production, nowhere (samordning.epost says why: no case in the log).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "samordning.epost.EjKonfigurerad",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samordning@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (HTML responses) and Permissions-Policy (all) are
# set by samordning.middleware.SecurityHeadersMiddleware: scripts and styles
# only from our own static files, nothing inline.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    # Bootstrap's CSS draws its icons (menu, select arrow, check) as data: SVG.
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Browser features the application never uses, switched off for every page.
PERMISSIONS_POLICY = dict.fromkeys(
    ["accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"],
    "()",
)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    # Subdomains and the browsers' preload list bind every other host of the
    # förbund's domain to HTTPS for a year or for good: only when asked for.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # check --deploy would warn about both being off; that is the decision above.
    SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint warns about every unsupported CSS property; keep errors.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}
