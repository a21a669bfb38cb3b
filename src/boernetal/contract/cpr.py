"""CPR numbers and their pseudonyms.

Parsing (century rules, birth date, sex) lives in the SQL macros of ``data/parsing.sql``; see
``values.parse_cpr`` for one number. The pseudonym is HMAC-SHA256 of the normalised 10 digits
with the workspace's secret key, computed inside the staging database by ``bt_pseudonym`` from the
key's pads, so that raw numbers never pass through Python objects in bulk.
"""

from __future__ import annotations

import hashlib

BLOCK = hashlib.sha256().block_size  # 64 bytes


def pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC's inner and outer pads of ``key`` (RFC 2104), for the ``bt_pseudonym`` macro."""
    if len(key) > BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)
