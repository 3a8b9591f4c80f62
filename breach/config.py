"""The data home and the organisation profile in its `config.toml`.

The data home is `--home`, else `BREACH_HOME`, else the platform's user data directory. It is
created private (0700) and holds `breach.db` and `config.toml` (0600).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from breach.domain.inputs import clean
from breach.domain.vocabulary import LANGUAGES
from breach.errors import ConfigError, InvalidInput
from breach.store.files import ensure_private_dir, write_private

ROLES = ("controller", "processor")
AP_WINDOW_MAX = 72  # AVG art. 33 lid 1: a shorter window may be chosen, never a longer one
CONFIG_NAME = "config.toml"
DATABASE_NAME = "breach.db"

_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$")
_KVK = re.compile(r"^[0-9]{8}$")
_POSTCODE_NL = re.compile(r"^[1-9][0-9]{3} ?[A-Z]{2}$", re.IGNORECASE)


def data_home(option: str | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get("BREACH_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("breach", appauthor=False))














@dataclass
class Profile:
    """The organisation as letters and clocks need it. Empty strings are facts not yet given."""

    name: str = ""
    address: str = ""
    postcode: str = ""
    city: str = ""
    kvk: str = ""
    email: str = ""
    phone: str = ""
    dpo_name: str = ""
    dpo_email: str = ""
    timezone: str = "Europe/Amsterdam"
    role: str = "controller"
    ap_window: int = 72
    customers_window: int = 24
    language: str = "nl"
    # What the AP form asks of the organisation (3.1, 3.2) and the letters need (issue 15).
    sector: str = ""
    dpo_appointed: str = ""  # yes: dpo_name is the FG (AVG art. 37); no: dpo_name is the privacy contact
    dpo_registration: str = ""  # the number in the AP's confirmation of the FG's registration
    contact_function: str = ""  # the privacy contact's function, when no FG is appointed
    reporter_name: str = ""  # who fills in the AP form (default: the privacy contact)
    reporter_function: str = ""
    reporter_email: str = ""
    professional_secrecy: str = ""  # yes: a statutory professional secret (BIG care provider, lawyer, notary)

    @property
    def dpo(self) -> bool:
        return self.dpo_appointed == "yes"

    def validated(self) -> Profile:
        for field in fields(self):
            value = getattr(self, field.name)
            checked = validate_field(field.name, value, given=False)
            setattr(self, field.name, checked)
        return self


FIELD_HELP = {
    "name": "organisation name",
    "address": "street and number",
    "postcode": "postcode",
    "city": "city",
    "kvk": "KvK number (8 digits)",
    "email": "contact e-mail",
    "phone": "contact phone",
    "dpo_name": "privacy officer (FG/DPO) name",
    "dpo_email": "privacy officer (FG/DPO) e-mail",
    "timezone": "time zone (IANA name)",
    "role": "role: controller or processor",
    "ap_window": "AP window in hours (72 at most)",
    "customers_window": (
        "customers window: within how many hours have you promised your customers (in processing agreements, "
        "terms or privacy statement) to tell them of a breach that concerns their data? (\"onverwijld\": keep 24; "
        "0: no such promise)"
    ),
    "language": "language of letters and reminders: nl or en",
    "sector": "sector (as the AP form asks it)",
    "dpo_appointed": "FG/DPO appointed: yes or no",
    "dpo_registration": "FG registration number at the AP",
    "contact_function": "privacy contact's function (when no FG)",
    "reporter_name": "who reports to the AP (default: the privacy contact)",
    "reporter_function": "reporter's function",
    "reporter_email": "reporter's e-mail",
    "professional_secrecy": "statutory professional secrecy: yes or no",
}

YES_NO_FIELDS = ("dpo_appointed", "professional_secrecy")


REQUIRED = ("name", "email")
"""Fields every letter needs: refused when given empty (left out, they stay to be filled in)."""


def validate_field(name: str, value: object, *, given: bool = True) -> object:
    """Check one profile value by the rules of the breach's facts (`domain.inputs.clean`: plain text on
    one line, UTF-8, at most 200 characters), plus the formats of a Dutch postcode, an e-mail address and
    a KvK number; raise InvalidInput naming the field and what is accepted. `given`: typed by the user
    now (a required field may not be emptied), not read from config.toml."""
    flag = "--dpo" if name == "dpo_appointed" else "--" + name.replace("_", "-")
    if name == "ap_window":
        return parse_window(value, flag, most=AP_WINDOW_MAX)
    if name == "customers_window":
        return parse_window(value, flag, allow_zero=True)
    try:
        text = clean(str(value), name) or ""
    except InvalidInput as exc:
        raise InvalidInput(f"{flag}: {exc.message}") from None
    if name in REQUIRED and given and not text:
        raise InvalidInput(f"{flag}: empty (expected the {FIELD_HELP[name]} that letters show"
                           + (", e.g. Voorbeeld B.V.)" if name == "name" else ", e.g. privacy@voorbeeld.nl)"))
    if name in ("role", "language"):
        text = text.lower()
    if name in YES_NO_FIELDS and text:
        answer = {"yes": "yes", "y": "yes", "ja": "yes", "no": "no", "n": "no", "nee": "no"}.get(text.lower())
        if answer is None:
            raise InvalidInput(f"{flag}: '{text}' is not an answer (accepted: yes, no)")
        return answer
    if name in ("email", "dpo_email", "reporter_email") and text and not _EMAIL.match(text):
        raise InvalidInput(f"{flag}: '{text}' is not an e-mail address (expected one address such as name@example.nl)")
    if name == "kvk" and text and not _KVK.match(text.replace(" ", "")):
        raise InvalidInput(f"{flag}: '{text}' is not a KvK number (expected the 8 digits of the Kamer van Koophandel, "
                           "e.g. 12345678)")
    if name == "kvk":
        return text.replace(" ", "")
    if name == "postcode" and text:
        if not _POSTCODE_NL.match(text):
            raise InvalidInput(f"{flag}: '{text}' is not a Dutch postcode (expected 4 digits and 2 letters, e.g. 1234 AB)")
        return text[:4] + " " + text[-2:].upper()
    if name == "role" and text not in ROLES:
        raise InvalidInput(f"{flag}: '{text}' is not a role (accepted: {', '.join(ROLES)})")
    if name == "language" and text not in LANGUAGES:
        raise InvalidInput(f"{flag}: '{text}' is not a language (accepted: {', '.join(LANGUAGES)})")
    if name == "timezone":
        return validate_timezone(text, flag)
    return text


def validate_timezone(text: str, flag: str = "--timezone") -> str:
    """An IANA zone name, matched without regard to case (`europe/amsterdam` is Europe/Amsterdam)."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(text)
        return text
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        pass
    names = {name.lower(): name for name in zoneinfo.available_timezones()}
    found = names.get(text.strip().lower())
    if found is None:
        raise InvalidInput(f"{flag}: '{text}' is not a time zone (expected an IANA name such as Europe/Amsterdam)")
    return found


def parse_window(value: object, flag: str, *, allow_zero: bool = False, most: int = 24 * 365) -> int:
    """Whole hours: `24`, `24h`, `24u` (uur)."""
    text = str(value).strip().lower().removesuffix("h").removesuffix("u").strip()
    least = 0 if allow_zero else 1
    if not re.fullmatch(r"[0-9]{1,5}", text) or not least <= int(text) <= most:
        raise InvalidInput(f"{flag}: '{value}' is not a window (expected whole hours, {least} to {most})")
    return int(text)


STORE_KEPT = ("organisation", "reminders", "signals", "serve")
"""The tables of config.toml that the store keeps since 0007: the team's, not the machine's."""
MACHINE_KEYS = ("database_url", "org")
"""What config.toml keeps: where the store is, and which of its organisations this machine works for."""


def profile_from(section: object, where: str) -> Profile:
    """A profile read from a table (config.toml's [organisation], or the store's copy), checked field by field."""
    if not isinstance(section, dict):
        raise ConfigError(f"{where}: [organisation] must be a table")
    known = {f.name for f in fields(Profile)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' in [organisation] (accepted: {', '.join(sorted(known))})")
    try:
        return Profile(**section).validated()
    except InvalidInput as exc:
        raise ConfigError(f"{where}: [organisation] {exc}") from None


def triage_hours_from(data: dict, where: str) -> int:
    """`[signals] triage_hours`: how long a signal may wait before someone opens or dismisses it (default 4)."""
    from breach.domain import triage

    section = data.get("signals", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{where}: [signals] must be a table")
    unknown = sorted(set(section) - {"triage_hours"})
    if unknown:
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' in [signals] (accepted: triage_hours)")
    try:
        return triage.check_hours(section.get("triage_hours", triage.DEFAULT_HOURS))
    except InvalidInput as exc:
        raise ConfigError(f"{where}: [signals] {exc}") from None


def check_settings(data: dict, where: str) -> None:
    """The reminder, signal and serve tables as `breach settings import` and config.toml give them: refused
    naming the key when one is wrong."""
    from breach.domain.schedule import Settings

    unknown = sorted(set(data) - {"reminders", "signals", "serve"})
    if unknown:
        raise ConfigError(f"{where}: unknown table [{unknown[0]}] (accepted: reminders, signals, serve)")
    Settings.from_config(data, where)
    triage_hours_from(data, where)


def machine_user() -> str:
    """Who runs this command, for the organisation's events: the login name and the machine."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"{user}@{socket.gethostname()}"[:128]


class Config:
    """config.toml in the data home: what is per machine (`MACHINE_KEYS`). Tables an older release kept
    here (`STORE_KEPT`) are read once more, to be moved into the store (`records.orgs.adopt_config`)."""

    def __init__(self, home: Path):
        self.home = home
        self.path = home / CONFIG_NAME
        self._data: dict | None = None

    @property
    def data(self) -> dict:
        if self._data is None:
            self._data = self._read()
        return self._data

    def _read(self) -> dict:
        try:
            with self.path.open("rb") as handle:
                return tomllib.load(handle)
        except FileNotFoundError:
            return {}
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"{self.path}: not valid TOML ({exc}); correct it, or move it aside and run `breach init`"
            ) from None
        except UnicodeDecodeError as exc:
            line = self.path.read_bytes()[: exc.start].count(b"\n") + 1
            raise ConfigError(
                f"{self.path}: line {line} is not UTF-8 text (save the file as UTF-8, or move it aside and run `breach init`)"
            ) from None
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot be read ({exc.strerror})") from None

    @property
    def database_url(self) -> str | None:
        return os.environ.get("BREACH_DATABASE_URL") or self.data.get("database_url")

    @property
    def org(self) -> str | None:
        """The organisation this machine works for (`breach orgs use`), unless --org or BREACH_ORG names one."""
        value = self.data.get("org")
        return value if isinstance(value, str) and value else None

    def open_store(self):
        """The store this data home names: `BREACH_DATABASE_URL` or `database_url`, else the SQLite file
        in the data home (which is created 0700 first)."""
        from breach.store.engine import Store, sqlite_url

        url = self.database_url
        if not url:
            ensure_private_dir(self.home, label="data home (--home, BREACH_HOME): ")
            url = sqlite_url(self.home / DATABASE_NAME)
        return Store(url)

    def kept_elsewhere(self) -> dict:
        """The tables of this file that the store keeps now, checked as they used to be when read here: a
        wrong value is refused naming this file and the key, before anything moves."""
        found = {name: self.data[name] for name in STORE_KEPT if name in self.data}
        if "organisation" in found:
            profile_from(found["organisation"], str(self.path))
        check_settings({k: v for k, v in found.items() if k != "organisation"}, str(self.path))
        return found

    def keep_only_machine(self) -> Path:
        """Rewrite config.toml without the tables the store now keeps; the file as it was is kept beside it
        (`config.toml.before-store`, 0600), so nothing typed by hand is lost."""
        import tomli_w

        kept = self.path.with_name(CONFIG_NAME + ".before-store")
        n = 1
        while kept.exists():
            n += 1
            kept = self.path.with_name(f"{CONFIG_NAME}.before-store-{n}")
        write_private(kept, self.path.read_bytes())
        data = {key: value for key, value in self.data.items() if key not in STORE_KEPT}
        write_private(self.path, tomli_w.dumps(data))
        self._data = data
        return kept

    def use_org(self, short: str | None) -> None:
        """`breach orgs use`: remember the organisation for this machine (None forgets it)."""
        import tomli_w

        data = {key: value for key, value in self.data.items() if key != "org"}
        if short:
            data["org"] = short
        ensure_private_dir(self.home, label="data home (--home, BREACH_HOME): ")
        write_private(self.path, tomli_w.dumps(data))
        self._data = data
