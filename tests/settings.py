"""Test settings: the real settings with fast hashing and no outside world."""

import os

# The settings default to production (DEBUG off, which needs SECRET_KEY and
# ALLOWED_HOSTS); a plain `pytest` gets the developer's settings, as `make
# test` does. pytest-django still runs every test with DEBUG False.
os.environ.setdefault("DEBUG", "1")

from samordning.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Log test users in with client.force_login: axes (AUTHENTICATION_BACKENDS)
# refuses an authenticate() without a request, which client.login() makes.

# What a test writes to MEDIA_ROOT without the media fixture (e.g. the PDFs
# samordning.pdf stores on a PDF view's first request) goes to a folder of
# the run's own, never to the project's media/.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="samordning-test-media-"))  # noqa: F405
atexit.register(shutil.rmtree, MEDIA_ROOT, True)
