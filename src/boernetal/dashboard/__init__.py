"""The dashboard — ledelsesinformation: ``boernetal serve``, a web application on the workspace's
warehouse (DuckDB or PostgreSQL) with the key figures, the deadlines and caseloads a leader steers
by, every catalogue indicator, and the records behind a count, each user seeing only what their
role allows (``permissions.allowed``)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
