"""The email channel: mail to personvern@cantec.no becomes a tracked case with the right reply.

Flow: ``smtp`` (aiosmtpd listener, recipient policy, size/session limits,
STARTTLS) -> ``spool`` (fsynced before ``250``) -> ``runner`` (claims files,
shunts failures, retries outages) -> ``processor`` -> ``pipeline`` (parse,
dedupe, automatic, thread, extract, language, classify, sensitive, case,
reply) -> ``outbox`` (durable, retried, sent with aiosmtplib) -> relay, or
``sink`` locally.  ``service.IntakeApp`` wires it all from settings.

Several instances may share one PostgreSQL database: each has its own spool
(local disk); ``ledger`` claims every Message-ID with a unique INSERT before
processing, and the outbox hands each reply to one sender through a lease.
"""

__all__: list[str] = []
