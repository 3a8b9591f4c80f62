"""Sessions, CSRF tokens and rate limits of `breach serve`.

- A session is a cookie signed with the store's key (itsdangerous): the user's id, a CSRF token and the
  moment it was made. It expires SESSION_HOURS after sign-in by the application's clock (so tests can
  move time), and the cookie itself expires then too. HttpOnly, SameSite=Strict, Secure behind https.
- Every form carries the CSRF token of its cookie; a POST whose token differs is refused (403). The
  report form and the login form get an anonymous cookie with a token of its own.
- Rate limits are counted per process (a dict of recent moments per key): with several `serve`
  processes each allows its share, which bounds abuse without shared state.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "breach_session"
SESSION_HOURS = 8
REPORTS_PER_HOUR = 10  # per address, on the report form
LOGIN_FAILURES = 5  # per address and per user name, in LOGIN_WINDOW_MINUTES
LOGIN_WINDOW_MINUTES = 15


@dataclass
class Session:
    user_id: int | None
    csrf: str
    made_at: float  # epoch seconds by the app's clock

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None


class Sessions:
    def __init__(self, secret: str):
        self.serializer = URLSafeSerializer(secret, salt="breach-session")

    def read(self, cookie: str | None, now: datetime) -> Session | None:
        """The session of a valid, unexpired cookie; None for anything else."""
        if not cookie or len(cookie) > 4096:
            return None
        try:
            data = self.serializer.loads(cookie)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str) or not isinstance(data.get("t"), int | float):
            return None
        age = now.timestamp() - data["t"]
        if age < 0 or age > SESSION_HOURS * 3600:
            return None
        user = data.get("u")
        return Session(user if isinstance(user, int) else None, data["c"], data["t"])

    def new(self, user_id: int | None, now: datetime) -> Session:
        return Session(user_id, secrets.token_urlsafe(32), now.timestamp())

    def dump(self, session: Session) -> str:
        return self.serializer.dumps({"u": session.user_id, "c": session.csrf, "t": session.made_at})


def csrf_ok(session: Session | None, given: str | None) -> bool:
    return bool(session and given) and hmac.compare_digest(session.csrf.encode(), given.encode())


class RateLimit:
    """At most `most` events per key in `seconds`, by the moments the caller gives (the app's clock)."""

    def __init__(self, most: int, seconds: int):
        self.most, self.seconds = most, seconds
        self.seen: dict[str, deque] = defaultdict(deque)
        self.lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque:
        moments = self.seen[key]
        while moments and moments[0] <= now - self.seconds:
            moments.popleft()
        return moments

    def allowed(self, key: str, now: datetime) -> bool:
        with self.lock:
            return len(self._trim(key, now.timestamp())) < self.most

    def hit(self, key: str, now: datetime) -> None:
        with self.lock:
            self._trim(key, now.timestamp()).append(now.timestamp())
            if len(self.seen) > 10_000:  # forget the quietest keys rather than grow without bound
                for stale in [k for k, v in self.seen.items() if not v][:5_000]:
                    del self.seen[stale]
