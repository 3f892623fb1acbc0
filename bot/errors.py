"""The one exception hierarchy of the core, for every channel to catch.

Every error the core raises on purpose is a ``PersonvernError``.  What a
channel usually needs to know is which of two families it is in:

- ``TransientError``: a dependency is away or busy (the database, the model
  process).  Nothing is wrong with the input; the same call later may work, so
  the email intake keeps the mail spooled and retries it.
- ``PermanentError``: the same call will fail the same way (a refused
  operation, a bad setting, an outdated schema, broken packaged data).

Database driver errors are mapped into this hierarchy once, by
``bot.cases.engine.database_errors``; channels never catch SQLAlchemy or
driver types.  The original error is always kept as ``__cause__``.

::

    PersonvernError
    ├── TransientError
    │   ├── DatabaseUnavailable      connection refused or dropped
    │   ├── DatabaseBusy             lock timeout, serialization failure, deadlock
    │   └── ClassifierUnavailable    the model process is away
    │       └── ModelNotFound        no trained model yet
    └── PermanentError
        ├── ConfigError              (bot.config)
        ├── SchemaOutOfDate          the database needs ``personvern db upgrade``
        ├── IntegrityViolation       a unique or foreign-key constraint refused a row
        ├── DatabaseError            any other driver error (a bug, not an outage)
        ├── MailDecryptionFailed     (bot.crypto) stored text the configured keys cannot open
        ├── CaseError …              (bot.cases.errors; ConcurrentUpdate is also transient)
        ├── StatementError …         (bot.statement.errors)
        └── SensitiveDataError …     (bot.sensitive.errors)
"""

from __future__ import annotations

__all__ = [
    "ClassifierUnavailable",
    "DatabaseBusy",
    "DatabaseError",
    "DatabaseUnavailable",
    "IntegrityViolation",
    "ModelNotFound",
    "PermanentError",
    "PersonvernError",
    "SchemaOutOfDate",
    "TransientError",
]


class PersonvernError(Exception):
    """Base class of every error the product raises on purpose."""


class TransientError(PersonvernError):
    """A dependency is unavailable or busy; retrying later may succeed."""


class PermanentError(PersonvernError):
    """Retrying will fail the same way; a person (or the caller's input) must change something."""


class DatabaseUnavailable(TransientError):
    """The database cannot be reached or dropped the connection."""


class DatabaseBusy(TransientError):
    """The database refused for now: a lock held too long, a serialization failure or a deadlock."""


class ClassifierUnavailable(TransientError):
    """The understanding layer cannot classify right now (its process died or has no model)."""


class ModelNotFound(ClassifierUnavailable):
    """No trained model: run ``make model`` (or ``python -m bot.nlu.train``)."""


class SchemaOutOfDate(PermanentError):
    """The database is not migrated to the revision this code needs (``personvern db upgrade``)."""


class IntegrityViolation(PermanentError):
    """A constraint refused a row (a unique key already taken, a missing referenced row)."""


class DatabaseError(PermanentError):
    """The database refused a statement for a reason that is not an outage (a bug or a broken schema)."""
