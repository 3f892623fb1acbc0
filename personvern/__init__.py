"""The composition root: the ``personvern`` command and ``personvern run``.

Only this package wires the core (``bot``) and the channels (``intake``,
``api``, and the chat and staff interfaces to come) together; it also owns the
one migration history that spans all their tables (``personvern.schema``).
Nothing imports it but its own entry points and the tests.
"""
