"""Stored files follow the database transaction that wrote them.

Every FileField in the project saves through the default storage, which is
`TransactionalFileSystemStorage` (settings.STORAGES["default"]). A file saved
while a transaction is open is removed again if that transaction (or the
savepoint it was written in) rolls back, so an upload or a fastställd PDF
whose row never committed leaves nothing behind in MEDIA_ROOT. That is one
mechanism in one place: a new FileField, and any code calling
`default_storage.save()`, gets it without doing anything (tests/test_filer.py
fails for a FileField whose storage is not transactional).

Django has on_commit but no on_rollback. What it does on a rollback is drop
the callbacks registered with on_commit since the transaction (or savepoint)
began; a callback that is dropped without being called therefore means "rolled
back" (unless dropped while the commit's hooks run: see
_discard_unless_committed). `weakref.finalize` notices the drop: CPython frees the callback the
moment Django discards its list, and the finalizer then deletes the file unless
the callback ran first. The same happens at interpreter exit for a transaction
still open (PostgreSQL rolls that back too).

What no in-process hook can catch (the process killed between writing the file
and COMMIT, a file replaced by a new upload) is left to `manage.py prune_media`,
which removes files no FileField row refers to.

Files are never modified in place: a save to a name that exists gets a new name
(Django's get_available_name; overwriting stays off). The backup relies on it
(samordning/backup.py).
"""

import logging
import os
import weakref

from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction

logger = logging.getLogger(__name__)


class _Pending:
    """The on_commit callback of one written file: being called means the
    transaction committed; being freed uncalled means it rolled back."""

    def __init__(self, storage, name, connection):
        self.state = {"committed": False}
        try:
            # The absolute path now: by the time the rollback comes, MEDIA_ROOT
            # may point elsewhere (a test's settings restored first).
            target = storage.path(name)
        except NotImplementedError:  # a storage without local paths
            target = None
        weakref.finalize(self, _discard_unless_committed, storage, name, target, self.state, connection)

    def __call__(self):
        self.state["committed"] = True


def _discard_unless_committed(storage, name, target, state, connection):
    # Django runs the commit hooks in order and stops at one registered
    # with robust=False that raises: the hooks after it are dropped
    # uncalled, after a COMMIT. It sets run_commit_hooks_on_set_autocommit_on
    # at the commit and clears it only when every hook has run, so a hook
    # dropped while it is set belongs to a committed transaction. (If it
    # errs, it errs towards keeping a file, for prune_media to find.)
    if state["committed"] or getattr(connection, "run_commit_hooks_on_set_autocommit_on", False):
        return
    try:
        if target is None:
            storage.delete(name)
        else:
            os.remove(target)
    except FileNotFoundError:
        pass
    except Exception:  # a cleanup must never break the rollback that caused it
        logger.exception("Kunde inte ta bort %s efter återställd transaktion", name)


class TransactionalStorageMixin:
    """Register every saved file with the current transaction (see module doc)."""

    def _save(self, name, content):
        name = super()._save(name, content)
        connection = transaction.get_connection()
        # Outside a transaction (autocommit) the file stays; the row that
        # refers to it is written in its own statement and prune_media is the
        # backstop. Every service and the admin save inside transaction.atomic.
        if connection.in_atomic_block:
            connection.on_commit(_Pending(self, name, connection))
        return name


class TransactionalFileSystemStorage(TransactionalStorageMixin, FileSystemStorage):
    pass


def file_fields():
    """Every FileField (and ImageField) of every installed model, as
    (model, field): what the cleanup command and the backup must know about."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField) and field.concrete and field.model is model
    ]


def referenced_names(using="default"):
    """The storage names that some row refers to, across all FileFields."""
    names = set()
    for model, field in file_fields():
        names.update(
            model._default_manager.using(using).exclude(**{field.name: ""}).values_list(field.name, flat=True)
        )
    names.discard(None)
    return names
