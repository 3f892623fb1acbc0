"""Rasa custom actions for the chat channel, run by the rasa-sdk action server.

Actions stay thin: read slots, call a service of the core (``bot.verification``,
``bot.cases``, ``bot.statement``, ``bot.outgoing.Mailer``), turn the outcome into
responses (``domain/responses.yml``) and events.  One module per group:
``conversation`` (questions, fallback), ``requests`` (summary, opening the
case), ``verification`` (the contact and code forms).  The services are
handed in by the composition root (``actions.services.configure``:
``personvern.chat_actions`` starts the server); this package imports only the core.
"""
