"""Rasa custom actions for the chat channel.

Actions stay thin: read slots, call a service from ``bot`` (classifier, case
store, statement), turn the outcome into a response.  The chat channel is not
built yet; the email channel (``intake/``) uses the same services directly.
"""
