import io
import subprocess
import sys

import pytest
from django.db import transaction

from samordning import audit
from samordning.models import AuditEntry, Forbund
from tests.helpers import settings_in_a_new_process

pytestmark = pytest.mark.django_db


def test_audit_record_writes_who_what_and_data(orgs, anna_sokande):
    with transaction.atomic():
        entry = audit.record(
            actor=anna_sokande, action="test.andrad", obj=orgs["af"], data={"a": [1, 2]}
        )
    assert entry.objekt == orgs["af"]
    assert list(audit.entries_for(orgs["af"])) == [entry]


def test_changes_lists_only_changed_fields():
    assert audit.changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_forbund_is_a_single_row(forbund):
    Forbund(namn="Annat", diarieprefix="X").save()
    assert Forbund.objects.count() == 1
    assert Forbund.get().namn == "Annat"


def test_demo_data_loads_twice_without_changes():
    from django.core.management import call_command

    from samordning.models import Lokusgrupp, Organisation, User

    call_command("load_demo", stdout=io.StringIO())
    counts = (Organisation.objects.count(), Lokusgrupp.objects.count(), User.objects.count())
    passwords = dict(User.objects.values_list("username", "password"))
    entries = AuditEntry.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (Organisation.objects.count(), Lokusgrupp.objects.count(), User.objects.count())
    assert passwords == dict(User.objects.values_list("username", "password"))
    assert counts[0] == 11 and counts[1] == 8
    assert Forbund.get().diarieprefix == "SFU"
    assert AuditEntry.objects.count() == entries


def test_production_refuses_to_start_without_secret_key():
    # DEBUG unset is production: a bare start must not fall back to a development key.
    bare = settings_in_a_new_process({})
    assert bare.returncode != 0 and "SECRET_KEY must be set" in bare.stderr
    weak = settings_in_a_new_process({"DEBUG": "0", "ALLOWED_HOSTS": "x.example", "SECRET_KEY": "k" * 60})
    assert weak.returncode != 0 and "too weak" in weak.stderr
    # startproject's keys are long and varied, but published in every tutorial.
    generated = settings_in_a_new_process(
        {"DEBUG": "0", "ALLOWED_HOSTS": "x.example", "SECRET_KEY": "django-insecure-" + "Zq8#pL2vX" * 6}
    )
    assert generated.returncode != 0 and "too weak" in generated.stderr


def test_production_starts_with_a_real_secret_key_and_debug_off_unless_turned_on():
    result = settings_in_a_new_process({"ALLOWED_HOSTS": "x.example", "SECRET_KEY": "Zq8#pL2vX" * 7})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
    assert settings_in_a_new_process({"DEBUG": "1"}).stdout.strip() == "True"


def test_production_settings_pass_check_deploy():
    import os
    import secrets
    from pathlib import Path

    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "samordning.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "samordning.example.se",
    }
    manage = Path(__file__).resolve().parent.parent / "manage.py"
    result = subprocess.run(
        [sys.executable, str(manage), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("prefix, ok", [("SFU", True), ("SF-UPP", True), ("SFÖ2", True), ("sf u/1", False), ("SFU/", False), ("", False)])
def test_diarieprefix_is_letters_digits_and_hyphens(prefix, ok):
    from django.core.exceptions import ValidationError

    from samordning.validators import validate_diarieprefix

    if ok:
        validate_diarieprefix(prefix)
    else:
        with pytest.raises(ValidationError):
            validate_diarieprefix(prefix)
