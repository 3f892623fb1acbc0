"""The HTTP side: classification API now, chat proxy and staff interface later."""

from api.app import CLASSIFIER, SETTINGS, create_app

__all__ = ["CLASSIFIER", "SETTINGS", "create_app"]
