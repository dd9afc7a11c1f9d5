"""The events service's domain rules: pure functions over frozen models, no I/O.

Storage, request-reply and consumers call into these modules; nothing here knows about NATS or
the database. Every broken rule is reported as a :class:`~events_service.domain.errors.RuleError`.
"""
