"""The staff web interface: a channel (imports only the core ``bot``), mounted at ``/staff/``.

``create_staff_app(settings, cases)`` builds it; ``personvern.service`` mounts it
on the service's app.  See ``staff.app`` for what runs on every request.
"""

from __future__ import annotations

from staff.app import create_staff_app

__all__ = ["create_staff_app"]
