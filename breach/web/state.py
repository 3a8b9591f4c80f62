"""What every handler of `breach serve` shares: the data home, the clock, the config, the store, the signing
key, the rate limits, and the organisation the server works for (or None, across an FG's organisations)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from breach.web import security

ORG_FRESH_S = 2.0  # how long the organisation's row (its profile) is kept before it is read again


@dataclass
class Web:
    """What every handler shares: the data home, the clock, the config, the store, the signing key."""

    home: Path
    clock: Callable | None = None
    org_wanted: str | None = None  # `breach serve --org`, else as every command chooses (records.orgs)
    _store: Any = None
    _config: Any = None
    _org: Any = None
    _org_read: float = 0.0
    _sessions: security.Sessions | None = None
    report_limit: security.RateLimit = field(default_factory=lambda: security.RateLimit(security.REPORTS_PER_HOUR, 3600))
    login_limit: security.RateLimit = field(
        default_factory=lambda: security.RateLimit(security.LOGIN_FAILURES, security.LOGIN_WINDOW_MINUTES * 60))

    def now(self):
        if self.clock is None:
            from breach.domain.clock import edge_clock

            self.clock = edge_clock()
        return self.clock()

    @property
    def config(self):
        from breach.config import Config

        if self._config is None:
            self._config = Config(self.home)
        return self._config

    @property
    def org(self):
        """The organisation this server works for (`breach --org NAME serve`, BREACH_ORG, `orgs use`, the only
        one), or None for an external FG's server across every organisation (pages then name one: `?org=`).
        Read again after ORG_FRESH_S: a change of the profile made on another machine shows on the next page."""
        import time

        if self._org_read == 0.0 or time.monotonic() - self._org_read > ORG_FRESH_S:
            from breach.config import machine_user
            from breach.errors import Refused
            from breach.records import orgs

            wanted = self.org_wanted or os.environ.get("BREACH_ORG") or self.config.org
            try:
                self._org = orgs.current(self.store, wanted, self.config, self.now(), machine_user(), lambda _line: None)
            except Refused:  # several organisations, none chosen: the server works across them
                self._org = None
            self._org_read = time.monotonic()
        return self._org

    def org_named(self, short: str | None):
        """The organisation a page names (`?org=`), else the server's; None across organisations."""
        if not short:
            return self.org
        from breach.records import orgs

        with self.store.read() as session:
            return orgs.named(session, short)

    def profile_of(self, org):
        """The profile pages and letters use: the organisation's, else (across organisations) the first one's."""
        from breach.records import orgs

        if org is None:
            with self.store.read() as session:
                org = orgs.first(session, self.now())
        return orgs.profile_of(org)

    @property
    def profile(self):
        return self.profile_of(self.org)

    def owners(self) -> dict[int, str]:
        """{organisation id: short name} when the store keeps more than one, else {}: what links and ids name."""
        from breach.records import orgs

        with self.store.read() as session:
            found = orgs.shorts(session)
        return found if len(found) > 1 else {}

    @property
    def store(self):
        if self._store is None:
            self._store = self.config.open_store()
        return self._store

    @property
    def sessions(self) -> security.Sessions:
        if self._sessions is None:
            from breach.records import users

            with self.store.write() as session:
                self._sessions = security.Sessions(users.web_secret(session))
        return self._sessions
