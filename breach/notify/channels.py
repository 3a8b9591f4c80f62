"""Where reminders go: apprise URLs stored with `breach channels add`, and the services of an apprise
configuration file (YAML or TEXT, with tags) named in the organisation's settings
(`[reminders] apprise_config`). Each organisation has its own: nothing of one goes to another's.

A URL may carry a password or a token: it is shown and recorded only through `masked`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Final
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from breach.domain.schedule import Settings, Target
from breach.errors import ConfigError, InvalidInput, NotFound, Refused

if TYPE_CHECKING:
    from datetime import datetime

    from apprise import NotifyBase
    from sqlmodel import Session

    from breach.store.models import Channel as Row

_TAG = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
_SECRET_NAME = re.compile(r"token|key|secret|pass|pwd|auth|sig|cred|session|cookie", re.IGNORECASE)
MASK = "****"
STORED: Final = "stored"  # the source of a channel added with `breach channels add`


@dataclass(frozen=True)
class Channel:
    """A target with its URL (secret) and the masked form that may be shown."""

    target: Target
    url: str
    source: str  # STORED, or the path of the apprise config file it is in
    masked_url: str | None = None

    @property
    def key(self) -> str:
        return self.target.key

    @property
    def shown(self) -> str:
        """apprise's privacy rendering; computed on demand, so a run with nothing to send never loads apprise."""
        return self.masked_url or masked(self.url)

    @cached_property
    def identity(self) -> str:
        """apprise's normalised URL: the same service written twice is one channel."""
        return normalised(self.url)


def instantiate(url: str) -> NotifyBase | None:
    """apprise's service object for a URL, or None when apprise does not understand it."""
    import apprise

    return apprise.Apprise.instantiate(url)


def normalised(url: str) -> str:
    service = instantiate(url)
    return service.url() if service is not None else url.strip()


def masked(url: str, service: NotifyBase | None = None) -> str:
    """The one form of a channel URL that may be shown or recorded: apprise's privacy rendering (passwords,
    and tokens as `a...z`), with what apprise leaves in clear masked too: the values of headers (`+name=`),
    payload fields (`-name=`) and secret-sounding parameters, an ntfy channel's topics (whoever knows a
    topic can read and post to it) and token-like path segments of a webhook (`_secret_segment`). What is
    no secret stays readable: ntfy's `auth=` names a mode (basic, token), not a credential."""
    service = service if service is not None else instantiate(url)
    if service is None:
        return _outline(url)
    parts = urlsplit(service.url(privacy=True))
    plain = _PLAIN_PARAMETERS.get(type(service).__name__, frozenset())
    pairs = [
        (name, MASK if name not in plain and (name[:1] in "+-" or _SECRET_NAME.search(name)) else value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
    ]
    parts = parts._replace(query=urlencode(pairs, safe="*", quote_via=quote))
    if type(service).__name__ == "NotifyNtfy":
        topics = set(getattr(service, "topics", ()) or ())
        parts = _mask_names(parts, topics.__contains__, host=True)
    elif type(service).__name__ in _WEBHOOKS:
        parts = _mask_names(parts, _secret_segment, host=False)
    return urlunsplit(parts)


_PLAIN_PARAMETERS = {"NotifyNtfy": frozenset({"auth"})}  # per service: parameters named like a secret that hold none
_WEBHOOKS = frozenset({"NotifyJSON", "NotifyXML", "NotifyForm"})  # json://, xml://, form://: any URL path
_TOKEN_LIKE = re.compile(r"(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9_-]{8,}")


def _secret_segment(segment: str) -> bool:
    """A path segment of a webhook that is a token rather than a name: 16 characters or more, or 8 or more
    mixing letters and digits (`/hooks/T0K3NABCDEF`, a UUID); `/hook`, `/api/v2/notify` stay readable."""
    return len(segment) >= 16 or bool(_TOKEN_LIKE.fullmatch(segment))


def _mask_names(parts, secret, *, host: bool):
    """`parts` with each path segment (and, with `host`, the host) that `secret` says is one masked."""
    path = "/".join(MASK if segment and secret(unquote(segment)) else segment for segment in parts.path.split("/"))
    netloc = parts.netloc
    if host:
        userinfo, at, hostport = netloc.rpartition("@")
        name, colon, port = hostport.partition(":")
        if secret(unquote(name)):
            netloc = f"{userinfo}{at}{MASK}{colon}{port}"
    return parts._replace(netloc=netloc, path=path)


def _outline(url: str) -> str:
    """A URL apprise does not understand: its scheme and host only."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return "(not a URL)"
    if not parts.scheme:
        return "(not a URL)"
    user = f"{MASK}@" if "@" in parts.netloc else ""
    rest = "/…" if parts.path.strip("/") or parts.query else "/"
    return f"{parts.scheme}://{user}{host}{rest}"


def parse_tags(values: list[str] | None) -> list[str]:
    tags: list[str] = []
    for value in values or []:
        for tag in value.split(","):
            tag = tag.strip().lower()
            if not _TAG.match(tag):
                raise InvalidInput(
                    f"--tag: '{tag}' is not a tag (expected a short name of letters, digits, '-', '_' or '.', "
                    "e.g. management)"
                )
            if tag not in tags:
                tags.append(tag)
    return tags


def _checked(url: str) -> str:
    """The URL as plain one-line UTF-8 text, with a port (if any) from 1 to 65535."""
    from breach.domain.inputs import clean

    url = clean(url, "URL", limit=2000) or ""
    try:
        port = urlsplit(url).port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        raise InvalidInput("URL: its port is not a port number (accepted: 1 to 65535, or none for the service's own)")
    return url


def add(session: Session, org_id: int, url: str, tags: list[str], detail: bool, now: datetime) -> Row:
    """Store a channel of organisation `org_id`; refused when apprise does not understand the URL or the
    organisation has the service already (another organisation may have it too: an FG's own phone)."""
    from breach.store.models import Channel as Row

    url = _checked(url)
    service = instantiate(url) if url else None
    if service is None:
        raise InvalidInput(
            "URL: apprise does not understand it (expected a service URL such as ntfy://topic, "
            "mailto://user:password@example.org or json://host/path; see https://github.com/caronc/apprise/wiki)"
        )
    for channel in stored(session, org_id):
        if channel.identity == service.url():
            raise Refused(f"URL: this service is already channel {channel.key.removeprefix('c')} ({masked(url, service)}); "
                          "change its tags by removing it and adding it again")
    row = Row(url=url, tags=tags, detail=detail, added_at=now, org_id=org_id)
    session.add(row)
    session.flush()
    return row


def remove(session: Session, org_id: int, channel_id: str, org_short: str) -> str:
    """Remove stored channel `channel_id` (`3` or `#3`) of organisation `org_id` (short name `org_short`);
    its masked URL. A channel of another organisation is not found, as one that never was."""
    from breach.store.models import Channel as Row

    number = channel_id.strip().removeprefix("#")
    if not number.isdigit():
        raise InvalidInput(f"'{channel_id}' is not a channel number (expected the number `breach channels list` shows)")
    row = session.get(Row, int(number))
    if row is None or row.org_id != org_id:
        raise NotFound(f"no channel {number} in organisation {org_short}; `breach channels list` shows the numbers")
    shown = masked(row.url)
    session.delete(row)
    return shown


def stored(session: Session, org_id: int) -> list[Channel]:
    """The channels organisation `org_id` added with `breach channels add`."""
    return stored_of(session, {org_id})[org_id]


def stored_of(session: Session, org_ids: set[int]) -> dict[int, list[Channel]]:
    """{org id: its stored channels} for several organisations, in one query."""
    from sqlmodel import select

    from breach.store.models import Channel as Row

    found: dict[int, list[Channel]] = {org_id: [] for org_id in org_ids}
    for row in session.exec(select(Row).where(Row.org_id.in_(sorted(org_ids))).order_by(Row.id)):
        found[row.org_id].append(Channel(Target(f"c{row.id}", tuple(row.tags), row.detail), row.url, STORED))
    return found


def _config_path(path_text: str, home: Path) -> Path:
    path = Path(path_text).expanduser()
    return path if path.is_absolute() else home / path


def from_file(path_text: str, home: Path) -> list[Channel]:
    """The services of an apprise configuration file; each keyed by a hash of its URL, so a reminder
    already sent to it is known again on the next run."""
    import apprise

    path = _config_path(path_text, home)
    if not path.is_file():
        raise ConfigError(f"[reminders] apprise_config: {path} is not a file (expected an apprise YAML or TEXT file)")
    config = apprise.AppriseConfig()
    if not config.add(str(path)):
        raise ConfigError(f"[reminders] apprise_config: {path} cannot be read by apprise")
    found = []
    for service in config.services():
        url = service.url()
        key = "f" + hashlib.sha256(url.encode()).hexdigest()[:16]
        tags = tuple(sorted(str(tag).lower() for tag in service.tags))
        found.append(Channel(Target(key, tags, False), url, str(path), masked(url, service)))
    if not found:
        raise ConfigError(f"[reminders] apprise_config: {path} holds no service apprise understands")
    return found


def _file_urls(text: str) -> list[str]:
    """The URLs an apprise YAML (`urls:` entries, plain or with options) or TEXT (`[tags=]URL` lines) file lists."""
    import apprise
    import yaml
    from apprise.config.base import ConfigBase

    if ConfigBase.detect_config_format(text) != apprise.ConfigFormat.YAML:
        lines = (line.strip() for line in text.splitlines())
        return [re.sub(r"^[\w\s,.-]*=\s*", "", line) for line in lines if line and line[0] not in "#;" and "://" in line]
    try:
        entries = (yaml.safe_load(text) or {}).get("urls") or []
    except (yaml.YAMLError, AttributeError):
        return []
    urls = []
    for entry in entries if isinstance(entries, list) else []:
        urls += [str(key) for key in entry] if isinstance(entry, dict) else [str(entry)]
    return urls


def refused(settings: Settings, home: Path) -> list[str]:
    """The entries of the apprise config file that apprise refuses (and so silently skips), masked, with
    what to do: `channels list` and `doctor` name them."""
    if not settings.config_file:
        return []
    path = _config_path(settings.config_file, home)
    if not path.is_file():
        return []
    bad = [url for url in _file_urls(path.read_text(encoding="utf-8", errors="replace")) if instantiate(url) is None]
    return [f"{path}: apprise does not understand the entry {_outline(url)}; it gets no reminders" for url in bad]


def labels(found: list[Channel]) -> dict[str, str]:
    """Short names that need no apprise (`breach show` names the channels a breach paged): the key and the
    service's scheme, `c2 (ntfy://…)`; `breach channels list` gives each key's masked URL. Loading
    apprise to mask every URL cost `show` a tenth of a second."""
    return {c.key: f"{c.key} ({c.url.split('://', 1)[0].lower()}://…)" for c in found}


def all_channels(session: Session, org_id: int, settings: Settings, home: Path) -> list[Channel]:
    """Organisation `org_id`'s channels: the stored ones and those of the apprise file its settings name."""
    channels = stored(session, org_id)
    if settings.config_file:
        channels += from_file(settings.config_file, home)
    return channels


def unnamed_tags(tags: list[str], settings: Settings) -> list[str]:
    """The tags no reminder step names: a channel with only these gets nothing but tests."""
    return sorted(set(tags) - settings.named_tags())


def to_test(found: list[Channel], tags: list[str]) -> list[Channel]:
    """The channels `channels test --tag` reaches: those with one of `tags` (every one when none is given)."""
    wanted = set(tags)
    if wanted:
        found = [c for c in found if wanted & set(c.target.tags)]
    if not found:
        raise NotFound("no channel to test" + (f" with tag {', '.join(sorted(wanted))}" if wanted else "")
                       + "; add one with `breach channels add URL`")
    return found
