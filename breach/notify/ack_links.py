"""Signed, single-use, expiring acknowledge links, one per delivery: "Gezien" on a phone.

A token is `b64url(delivery id ‖ expiry) . b64url(HMAC-SHA256(key, "breach-ack" ‖ payload)[:16])`. The key
is 32 random bytes made once per store (`store_info` row `ack_key`), so a token of one store means
nothing to another, and it never leaves the store. The token holds no fact of the breach and has no
comma or semicolon, so it fits inside ntfy's X-Actions header. Single use is the store's: one ack per
delivery (`uq_ack_delivery`), see `breach.records.acks`.

`breach serve` (the web issue) answers `GET /ack/{token}` with a page and a button, and records only on
`POST /ack/{token}` (a link preview must never acknowledge), through `records.acks.ack_by_token`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime

from breach.domain.clock import utc
from breach.errors import Refused

KEY_ROW = "ack_key"
_CONTEXT = b"breach-ack\0"
_MAC_BYTES = 16


class LinkRefused(Refused):
    """The link is not (or no longer) good: tampered, expired, or of another store."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, payload: bytes) -> bytes:
    return hmac.new(secret, _CONTEXT + payload, hashlib.sha256).digest()[:_MAC_BYTES]


def make(secret: bytes, delivery_id: int, expires_at: datetime) -> str:
    """The token for one delivery, good until `expires_at`."""
    payload = struct.pack(">QQ", delivery_id, int(utc(expires_at).timestamp()))
    return f"{_b64(payload)}.{_b64(_mac(secret, payload))}"


def verify(secret: bytes, token: str, now: datetime) -> int:
    """The delivery id a good token names; LinkRefused (one line, no detail of why a MAC failed) otherwise."""
    try:
        head, mac = token.strip().split(".")
        payload, given = _unb64(head), _unb64(mac)
        delivery_id, expires = struct.unpack(">QQ", payload)
    except (ValueError, struct.error) as exc:
        raise LinkRefused("this acknowledge link is not valid") from exc
    if not hmac.compare_digest(given, _mac(secret, payload)):
        raise LinkRefused("this acknowledge link is not valid")
    if utc(now).timestamp() >= expires:
        raise LinkRefused("this acknowledge link has expired: acknowledge with `breach ack` instead")
    return delivery_id


def secret_of(session, *, create: bool = True) -> bytes | None:
    """The store's signing key, made (once, race-free) the first time a link is signed."""
    from breach.store.models import StoreInfo

    row = session.get(StoreInfo, KEY_ROW)
    if row is None and create:
        value = secrets.token_hex(32)
        session.execute(_dialect_insert(session)(StoreInfo).values(key=KEY_ROW, value=value).on_conflict_do_nothing())
        row = session.get(StoreInfo, KEY_ROW)
    return bytes.fromhex(row.value) if row is not None else None


def link(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/ack/{token}"


def _dialect_insert(session):
    """INSERT with ON CONFLICT for the store's dialect (SQLite or PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
