"""The people who may sign in to `breach serve`: a name, an e-mail address and an argon2 hash of the
password (argon2-cffi, the OWASP first choice; the password itself is never stored or shown)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from breach.domain.inputs import clean
from breach.errors import InvalidInput, Refused

if TYPE_CHECKING:
    from sqlmodel import Session

    from breach.store.models import User

MIN_PASSWORD = 12
MAX_PASSWORD = 1024  # hashing a megabyte per login attempt would be a denial of service
_NAME = re.compile(r"^[\w.@+-]{1,64}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InvalidInput(f"{len(password)} characters (accepted: {MIN_PASSWORD} to {MAX_PASSWORD})", field="password")
    return password


def add(session: Session, name: str, email: str, password: str, now: datetime) -> User:
    from sqlmodel import select

    from breach.store.models import User

    who = clean(name, "name") or ""
    if not _NAME.match(who):
        raise InvalidInput(f"'{name}' is not a user name (accepted: 1 to 64 letters, digits and . @ + - _)", field="name")
    address = clean(email, "email") or ""
    if not _EMAIL.match(address) or len(address) > 254:
        raise InvalidInput(f"'{email}' is not an e-mail address (expected name@example.nl)", field="email")
    check_password(password)
    if session.exec(select(User).where(User.name == who)).first() is not None:
        raise Refused(f"a user {who} exists already")
    user = User(name=who, email=address, password_hash=_hasher().hash(password), created_at=now)
    session.add(user)
    session.flush()
    return user


def listing(session: Session) -> list[User]:
    from sqlmodel import select

    from breach.store.models import User

    return list(session.exec(select(User).order_by(User.name)))


def by_id(session: Session, user_id: int) -> User | None:
    from breach.store.models import User

    user = session.get(User, user_id)
    return None if user is None or user.disabled else user


_DUMMY: list[str] = []


def verify(session: Session, name: str, password: str) -> User | None:
    """The user whose name and password these are, else None. An unknown name costs the same hashing
    as a wrong password, so the answer's timing does not tell which names exist."""
    from argon2.exceptions import VerificationError, VerifyMismatchError
    from sqlmodel import select

    from breach.store.models import User

    hasher = _hasher()
    if len(password) > MAX_PASSWORD:
        return None
    user = session.exec(select(User).where(User.name == name.strip())).first() if len(name) <= 64 else None
    if user is None or user.disabled:
        if not _DUMMY:
            _DUMMY.append(hasher.hash("not a password of anyone"))
        try:
            hasher.verify(_DUMMY[0], password)
        except (VerifyMismatchError, VerificationError):
            pass
        return None
    try:
        hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError):
        return None
    return user


SECRET_KEY = "web_secret"


def web_secret(session: Session) -> str:
    """The key that signs `breach serve`'s cookies: made once per store, so every `serve` process on
    one database (several behind a proxy) accepts the others' sessions, and a restart signs no one out.
    Never shown; `breach backup` carries it with the store."""
    import secrets

    from breach.store.models import StoreInfo

    found = session.get(StoreInfo, SECRET_KEY)
    if found is not None:
        return found.value
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(StoreInfo).values(key=SECRET_KEY, value=secrets.token_urlsafe(48))
                    .on_conflict_do_nothing(index_elements=[StoreInfo.key]))
    session.flush()
    session.expire_all()
    return session.get(StoreInfo, SECRET_KEY).value
