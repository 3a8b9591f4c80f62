"""Documents from templates: a sandboxed jinja2 environment with strict undefined.

Templates live in `breach/documents/templates/<language>/` and ship inside the package. A file of the same name in `<data home>/templates/<language>/` overrides the
shipped one. A template is semi-trusted input: the sandbox refuses access to Python internals, and
a field the template names but the facts lack fails with the field and the template line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from breach.domain import vocabulary
from breach.domain.numbers import number, number_range  # the one notation of every text, also here
from breach.domain.vocabulary import LANGUAGES
from breach.errors import BreachError


class TemplateError(BreachError):
    pass


def shipped_templates() -> Path:
    return Path(__file__).parent / "templates"


def environment(language: str, user_dir: Path | None = None, *, autoescape: bool = False):
    """The sandboxed environment for one language: the user's templates first, then the shipped ones,
    then those shared by all languages (`shared/`, which take their words from the context).
    `autoescape` for HTML, where every fact is escaped."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    folders = []
    if user_dir is not None and (user_dir / language).is_dir():
        folders.append(FileSystemLoader(user_dir / language))
    folders.append(FileSystemLoader(shipped_templates() / language))
    folders.append(FileSystemLoader(shipped_templates() / "shared"))
    from breach.documents.salutation import contact_line, salutation

    env = _sandbox_class()(
        loader=ChoiceLoader(folders),
        undefined=StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one command, one set of templates: no stat() of every include on every letter
    )
    # A merged letter's opening from the recipient's columns (aanhef, titel, contactpersoon, ...).
    env.globals["salutation"] = lambda recipient: salutation(dict(recipient), language)
    env.globals["contact_line"] = lambda recipient: contact_line(dict(recipient), language)
    env.filters["sentence"] = sentence
    return env


def sentence(text):
    """A user's text followed by words of ours: a full stop added when it ends in none ("B.V." keeps its own)."""
    if text is None:
        return text
    stripped = str(text).rstrip()
    if not stripped or stripped[-1] in ".!?:":
        return text
    from markupsafe import Markup

    return Markup(text) + "." if isinstance(text, Markup) else stripped + "."


MAX_TEXT = 10_000_000  # characters one `*` may build: a letter is a few thousand


@cache
def _sandbox_class():
    """jinja2's sandbox, which refuses Python internals and long ranges, also bounding what `*` and `**`
    build: `{{ "x" * 10**11 }}` in a user's template would otherwise fill the memory."""
    from jinja2.sandbox import SandboxedEnvironment, SecurityError

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, int) and right > 64:
                raise SecurityError(f"a power of {right} (at most 64)")
            if operator == "*":
                sized, times = (left, right) if isinstance(right, int) else (right, left)
                if isinstance(sized, (str, list, tuple)) and isinstance(times, int) and len(sized) * times > MAX_TEXT:
                    raise SecurityError(f"a text or list of {len(sized) * times:,} items (at most {MAX_TEXT:,})")
            return super().call_binop(context, operator, left, right)

    return Sandbox


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise TemplateError(f"--lang: '{language}' is not a language (accepted: {', '.join(LANGUAGES)})")
    return language


class Compiled:
    """A template compiled once, rendered many times (mail merge); errors name the template and line."""

    def __init__(self, template, name: str, language: str):
        self.template = template
        self.name = name
        self.language = language

    def render(self, context: dict[str, Any]) -> str:
        with explained(f"template {self.language}/{self.name}", self.name):
            return self.template.render(context)

    @property
    def shareable(self) -> bool:
        """Whether mail merge may render the text outside the template's blocks once (`breach.documents.personal`)."""
        from breach.documents import personal

        source, _filename, _uptodate = self.template.environment.loader.get_source(self.template.environment, self.name)
        return personal.shareable(source, self.template.environment)

    def personal(self, context: dict[str, Any]) -> Callable[[dict[str, str]], tuple[str, list[str] | None]]:
        """The letter per person for mail merge: the text outside the blocks rendered once with `context`.
        Each letter comes with its markers when they are those of the shared text, else None (scan it)."""
        from breach.documents import personal

        label = f"template {self.language}/{self.name}"
        with explained(label, self.name):
            prepared = personal.Personal.prepare(self.template, context)
        shared_markers = missing_facts(prepared.shared_text(), self.language)

        def render(person: dict[str, str]) -> tuple[str, list[str] | None]:
            try:
                text, plain = prepared.render(person)
            except Exception:
                with explained(label, self.name):  # only on an error: a context manager per letter costs
                    raise
            return text, list(shared_markers) if plain else None

        return render


@contextmanager
def explained(label: str, name: str | None = None) -> Iterator[None]:
    """Turn whatever a (user's) template does wrong while rendering into one line naming the template,
    and the line in it when the traceback knows it (`name`: the template's file name)."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import MAX_RANGE, SecurityError

    try:
        yield
    except (RecursionError, KeyError, TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError) as exc:
        line = _line(exc, name) if name else None
        where = f"{label} line {line}" if line else label
        if isinstance(exc, RecursionError):
            raise TemplateError(f"{where}: a macro or include calls itself without end") from None
        raise TemplateError(f"{where}: the template does what its values do not allow ({type(exc).__name__}: {exc})") from None
    except (JinjaError, OverflowError) as exc:
        line = _line(exc, name) if name else None
        where = f"{label} line {line}" if line else label
        if isinstance(exc, UndefinedError):
            raise TemplateError(f"{where}: unknown field ({exc.message})") from None
        if isinstance(exc, SecurityError):
            raise TemplateError(f"{where}: refused by the sandbox ({exc})") from None
        if isinstance(exc, TemplateNotFound):
            raise TemplateError(f"{where}: no template '{exc.name}' (a template may only use templates of its own language)") from None
        if isinstance(exc, TemplateSyntaxError):
            raise TemplateError(f"{where}: {exc.name or 'it'} line {exc.lineno}: {exc.message}") from None
        if isinstance(exc, OverflowError):
            raise TemplateError(f"{where}: a loop longer than the sandbox allows ({number(MAX_RANGE, 'en')} steps)") from None
        raise TemplateError(f"{where}: {exc.message or type(exc).__name__}") from None


def load(name: str, language: str, user_dir: Path | None = None, *, autoescape: bool = False) -> Compiled:
    """The template `name` in `language`, the user's copy first; compiled once."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError

    check_language(language)
    env = environment(language, user_dir, autoescape=autoescape)
    try:
        return Compiled(env.get_template(name), name, language)
    except TemplateNotFound:
        raise TemplateError(f"template {language}/{name} not found") from None
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template {language}/{name} line {exc.lineno}: {exc.message}") from None


def render(name: str, language: str, context: dict[str, Any], user_dir: Path | None = None) -> str:
    return load(name, language, user_dir).render(context)


def _line(exc: BaseException, name: str) -> str | None:
    """The template line from the traceback of a rendering error (jinja2 maps its frames to template lines)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = str(tb.tb_lineno)
        tb = tb.tb_next
    return line


TODO = {"nl": "[NOG INVULLEN: {}]", "en": "[TO FILL IN: {}]"}

_CLOCK_WORDS = {
    "nl": {
        "ap": "Melding aan de Autoriteit Persoonsgegevens (art. 33 AVG)",
        "customers": "Melding aan onze klanten (volgens afspraak)",
        "customers_processor": "Melding aan de verwerkingsverantwoordelijke (art. 33 lid 2 AVG)",
        "subjects": "Informeren van de betrokkenen (art. 34 AVG)",
        "open": "uiterlijk {deadline}; nog {left}",
        "overdue": "de termijn verliep op {deadline}; overschreden met {left}",
        "met": "gemeld op {done}",
        "late": "te laat gemeld op {done} (de termijn verliep op {deadline})",
        "not_applicable": "niet van toepassing",
        "undecided": "nog te beoordelen: alleen verplicht bij een hoog risico voor de betrokkenen",
        "no_hours": "onverwijld; {elapsed} sinds kennisname",
        "no_hours_customers": "zonder onredelijke vertraging; {elapsed} sinds kennisname",
        "span": "{h} u {m} min",
        "at": "om",
    },
    "en": {
        "ap": "Notification to the Autoriteit Persoonsgegevens (GDPR Art. 33)",
        "customers": "Notice to our customers (as agreed)",
        "customers_processor": "Notice to the controller (GDPR Art. 33(2))",
        "subjects": "Informing the persons concerned (GDPR Art. 34)",
        "open": "by {deadline}; {left} left",
        "overdue": "the deadline passed on {deadline}; overdue by {left}",
        "met": "notified on {done}",
        "late": "notified late on {done} (the deadline passed on {deadline})",
        "not_applicable": "not applicable",
        "undecided": "to be assessed: only required when the risk to the persons is high",
        "no_hours": "without undue delay; {elapsed} since awareness",
        "no_hours_customers": "without undue delay; {elapsed} since awareness",
        "span": "{h}h {m}m",
        "at": "at",
    },
}


def long_moment(instant, tz: str, language: str, *, offset: bool = True) -> str:
    """`donderdag 3 december 2026, 19:30 uur` / `Thursday 3 December 2026, 19:30`, as Dutch letters write it.

    The UTC offset follows only where it matters: in another zone than Dutch time, and (with `offset`,
    the AP draft) within an hour of a change of summer time, where a local time can be ambiguous."""
    import pendulum

    moment = pendulum.instance(instant).in_tz(tz)
    text = moment.format("dddd D MMMM YYYY, HH:mm", locale=language) + (" uur" if language == "nl" else "")
    near_change = offset and (
        moment.subtract(hours=1).utcoffset() != moment.utcoffset() or moment.add(hours=1).utcoffset() != moment.utcoffset()
    )
    if tz != DUTCH_ZONE or near_change:
        text += f" (UTC{moment.format('Z')})"
    return text


DUTCH_ZONE = "Europe/Amsterdam"


def day(instant, tz: str, language: str) -> str:
    """`18 november 2026` / `18 November 2026`: the local date of a moment."""
    import pendulum

    return pendulum.instance(instant).in_tz(tz).format("D MMMM YYYY", locale=language)


def day_range(start, end, tz: str, language: str) -> str:
    """`18 en 20 november 2026`, `30 oktober en 2 november 2026`: what the two dates share is said once."""
    import pendulum

    first, last = pendulum.instance(start).in_tz(tz), pendulum.instance(end).in_tz(tz)
    joiner = " en " if language == "nl" else " and "
    if (first.year, first.month) == (last.year, last.month):
        opening = first.format("D", locale=language)
    elif first.year == last.year:
        opening = first.format("D MMMM", locale=language)
    else:
        opening = first.format("D MMMM YYYY", locale=language)
    return opening + joiner + last.format("D MMMM YYYY", locale=language)


def span(seconds: float, language: str) -> str:
    """A duration, the one notation of every text: `6 u 30 min` / `6h 30m`."""
    hours, minutes = divmod(int(abs(seconds)) // 60, 60)
    return _CLOCK_WORDS[language]["span"].format(h=hours, m=f"{minutes:02d}")


def incident_context(incident, states, profile, now, language: str, *, offset: bool = True) -> dict[str, Any]:
    """The fields every document may use; a fact not yet known is a visible marker, never a blank.

    `offset`: moments carry their UTC offset (the AP draft, the internal summary); letters to customers
    and persons leave it out (see `long_moment`)."""
    tz = profile.timezone
    words = _CLOCK_WORDS[language]
    todo = TODO[language].format

    def moment(value):
        return long_moment(value, tz, language, offset=offset) if value is not None else None

    def labels(fact: str) -> str:
        return "; ".join(vocabulary.label(fact, key, language) for key in getattr(incident, fact))

    clocks = []
    for name, state in states.items():
        values = {
            "deadline": moment(state.deadline),
            "done": moment(state.done_at),
            "left": span(state.seconds_left(now) or 0, language),
            "elapsed": span((now - state.since).total_seconds(), language),
        }
        key = state.status
        if state.status == "open" and state.deadline is None:
            key = "no_hours_customers" if name == "customers" else "no_hours"
        title = words["customers_processor"] if name == "customers" and incident.role == "processor" else words[name]
        clocks.append({"name": title, "status": state.status, "text": words[key].format(**values)})

    low, high = incident.persons_min, incident.persons_max
    persons = None if low is None else number_range(low, high, language)

    occurred = moment(incident.occurred_from)
    if occurred and incident.occurred_to and incident.occurred_to != incident.occurred_from:
        occurred += (" tot " if language == "nl" else " to ") + moment(incident.occurred_to)

    def fact(value, what_nl: str, what_en: str):
        return value if value not in (None, "") else todo(what_nl if language == "nl" else what_en)

    return {
        "ref": incident.ref,
        "title": incident.title,
        "now": moment(now),
        "aware": moment(incident.aware_at),
        "discovered": fact(moment(incident.discovered_at), "moment van ontdekking", "moment of discovery"),
        "occurred": fact(occurred, "datum of periode van de inbreuk", "date or period of the breach"),
        "clocks": clocks,
        "description": fact(incident.description, "wat er is gebeurd", "what happened"),
        "breach_types": fact(labels("breach_types"), "aard van de inbreuk", "nature of the breach"),
        "data_categories": fact(labels("data_categories"), "categorieën van persoonsgegevens", "categories of personal data"),
        "special_categories": labels("special_categories"),
        "person_categories": fact(labels("person_categories"), "groepen betrokkenen", "groups of persons"),
        "persons": fact(persons, "aantal betrokkenen", "number of persons"),
        "consequences": fact(incident.consequences, "waarschijnlijke gevolgen", "likely consequences"),
        "measures_taken": fact(incident.measures_taken, "genomen maatregelen", "measures taken"),
        "measures_planned": fact(incident.measures_planned, "voorgenomen maatregelen", "measures planned"),
        "org": {
            "name": fact(profile.name, "naam organisatie", "organisation name"),
            "email": fact(profile.email, "e-mailadres organisatie", "organisation e-mail"),
            "phone": fact(profile.phone, "telefoonnummer organisatie", "organisation telephone"),
            "address": fact(profile.address, "adres organisatie", "organisation address"),
            "postcode": fact(profile.postcode, "postcode organisatie", "organisation postcode"),
            "city": fact(profile.city, "plaats organisatie", "organisation town"),
            "kvk": fact(profile.kvk, "KvK-nummer", "Chamber of Commerce (KvK) number"),
        },
        "dpo": {
            "name": fact(profile.dpo_name, "naam contactpersoon privacy (FG)", "name of the privacy contact (DPO)"),
            "email": fact(profile.dpo_email, "e-mailadres contactpersoon privacy (FG)", "e-mail of the privacy contact (DPO)"),
        },
    }


def missing_facts(text: str, language: str) -> list[str]:
    """The markers left in a rendered document, in order of appearance, each once."""
    import re

    found: list[str] = []
    opening = TODO[language].split("{")[0]
    if opening not in text:
        return found
    pattern = re.escape(TODO[language]).replace(r"\{\}", "(.+?)")
    for match in re.finditer(pattern, text):
        if match.group(1) not in found:
            found.append(match.group(1))
    return found


def find_file(name: str, language: str, user_dir: Path | None = None) -> Path:
    """A non-Jinja template file (the Word letter): the user's copy first, else the shipped one."""
    for folder in ([user_dir / language] if user_dir is not None else []) + [shipped_templates() / language]:
        if (folder / name).is_file():
            return folder / name
    raise TemplateError(f"template {language}/{name} not found")


def template_listing(user_dir: Path) -> list[tuple[str, str]]:
    """(lang/name, where it comes from) for every shipped template and every user copy."""
    names: dict[str, str] = {}
    for language in LANGUAGES:
        folder = shipped_templates() / language
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.is_file():
                names[f"{language}/{path.name}"] = "shipped"
        mine = user_dir / language
        for path in sorted(mine.iterdir()) if mine.is_dir() else []:
            if path.is_file():
                key = f"{language}/{path.name}"
                names[key] = f"your copy ({path})" if key in names else f"your own ({path})"
    return sorted(names.items())


def copy_template(name: str, user_dir: Path, default_language: str, *, force: bool = False) -> Path:
    """Copy a shipped template into the user's folder (0600), where it overrides the shipped one."""
    from breach.store.files import check_output, ensure_private_dir, write_private

    language, _, file = name.strip().rpartition("/")
    language = language or default_language
    source = shipped_templates() / language / file
    if language not in LANGUAGES or not file or file.startswith(".") or not source.is_file():
        shipped = ", ".join(n for n, where in template_listing(Path("/nonexistent")) if where == "shipped")
        raise TemplateError(f"'{name}' is not a shipped template (accepted: {shipped})")
    target = user_dir / language / file
    if os.path.lexists(target) and not force:
        raise TemplateError(f"{target} exists already (edit it, or copy again with --force to start over)")
    ensure_private_dir(user_dir)
    ensure_private_dir(user_dir / language)
    check_output(target, force=True, flag="templates copy")
    write_private(target, source.read_bytes())
    return target
