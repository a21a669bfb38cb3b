"""Statistics Denmark fetched (Statistikbanken): population and expenditure for the workspace's
municipalities and peer groups, from the Statbank API (docs/statbank.md)."""

from .client import Client, StatbankError
from .fetch import fetch

__all__ = ["Client", "StatbankError", "fetch"]
