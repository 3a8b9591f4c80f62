"""The routes of `breach serve`. Each handler parses the request, calls `breach.records` or
`breach.domain`, and renders a template of `templates/`; a refusal (`BreachError`) becomes a page
with the one line it says. Without a session only the report form and the login answer."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from breach.errors import BreachError, NotFound
from breach.web import security
from breach.web.state import Web
from breach.web.words import WORDS, language

HERE = Path(__file__).resolve().parent
MAX_BODY = 32 * 1024  # the report form: a few paragraphs
REGISTER_ROWS = 200  # the register page shows this many; the exports have every breach


def _templates():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape

    from breach.domain.clock import iso_local

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    @pass_context
    def local(context, value, tz: str) -> str:
        """`wo 2 dec. 2026 01:13` / `Wed 2 Dec 2026 01:13`, with the UTC offset outside Dutch time."""
        if not value:
            return ""
        import pendulum

        moment = pendulum.instance(value).in_tz(tz)
        text = moment.format("ddd D MMM YYYY HH:mm", locale=context["lang"])
        return text if tz == "Europe/Amsterdam" else f"{text} (UTC{moment.format('Z')})"

    env.filters["local"] = local

    @pass_context
    def labels(context, keys, fact: str) -> str:
        """The AP form's words for a list of keys (`data_categories`: name, email -> naam, e-mailadres)."""
        from breach.domain.vocabulary import label

        return ", ".join(label(fact, key, context["lang"]) for key in keys or ())

    env.filters["labels"] = labels
    env.filters["iso"] = lambda value, tz="UTC": iso_local(value, tz) if value else ""
    return env


# ---------------------------------------------------------------- request helpers


@dataclass
class Page:
    request: Request
    web: Web
    session: security.Session | None
    lang: str
    new_cookie: bool = False
    _org: Any = None
    _org_known: bool = False

    @property
    def w(self) -> dict[str, str]:
        return WORDS[self.lang]

    @property
    def org(self):
        """The organisation this page is about: `?org=NAME`, else the server's (None across organisations)."""
        if not self._org_known:
            self._org, self._org_known = self.web.org_named(self.request.query_params.get("org")), True
        return self._org

    def needed_org(self):
        """The organisation a page about one breach, draft or register needs: refused when none is named."""
        if self.org is None:
            from breach.errors import Refused

            raise Refused("this server keeps several organisations: the address must name one (?org=NAME)")
        return self.org

    @property
    def profile(self):
        return self.web.profile_of(self.org)

    def render(self, name: str, status: int = 200, **context) -> HTMLResponse:
        env = self.request.app.state.templates
        now = self.web.now()
        prof = self.profile
        owners = self.web.owners()
        html = env.get_template(name).render(
            w=self.w, lang=self.lang, csrf=self.session.csrf if self.session else "", signed_in=bool(
                self.session and self.session.signed_in), user=getattr(self.request.state, "user", None),
            tz=prof.timezone, organisation=prof.name, now_iso=now.in_tz("UTC").isoformat(), owners=owners,
            org_query=f"org={self.org.short}" if owners and self.org is not None else "", **context)
        return self.finish(HTMLResponse(html, status_code=status))

    def finish(self, response: Response) -> Response:
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        if self.new_cookie and self.session is not None:
            response.set_cookie(security.COOKIE, self.web.sessions.dump(self.session), max_age=security.SESSION_HOURS * 3600,
                                httponly=True, samesite="strict", secure=self.request.url.scheme == "https", path="/")
        return response


def _page(request: Request, *, anonymous_token: bool = False) -> Page:
    web: Web = request.app.state.web
    now = web.now()
    session = web.sessions.read(request.cookies.get(security.COOKIE), now)
    asked = request.query_params.get("lang")
    page = Page(request, web, session, "nl")
    page.lang = language(asked, page.profile.language)
    if session is None and anonymous_token:
        page.session, page.new_cookie = web.sessions.new(None, now), True
    return page


async def _form(request: Request) -> dict[str, str] | None:
    """The urlencoded body, at most MAX_BODY bytes (None when larger); one value per name."""
    declared = request.headers.get("content-length")
    if declared and (not declared.isdigit() or int(declared) > MAX_BODY):
        return None
    size, chunks = 0, []
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    parsed = parse_qs(b"".join(chunks).decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=40)
    return {name: values[0] for name, values in parsed.items()}


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def signed_in(handler):
    """A handler for signed-in users; anyone else goes to the login (GET) or is refused (POST)."""

    @functools.wraps(handler)
    async def wrapper(request: Request) -> Response:
        page = _page(request)
        if page.session is None or not page.session.signed_in:
            if request.method == "GET":
                return page.finish(RedirectResponse("/login", status_code=303))
            return page.finish(PlainTextResponse("sign in first", status_code=403))
        user = await run_in_threadpool(_user, page.web, page.session.user_id)
        if user is None:
            return page.finish(RedirectResponse("/login", status_code=303))
        request.state.user = user
        form = None
        if request.method == "POST":
            form = await _form(request)
            if form is None or not security.csrf_ok(page.session, form.get("csrf")):
                return page.finish(PlainTextResponse("refused: the form's CSRF token is missing or wrong", status_code=403))
        try:
            return await run_in_threadpool(handler, page, form)
        except NotFound as exc:
            return page.render("error.html.j2", status=404, message=str(exc))
        except BreachError as exc:
            return page.render("error.html.j2", status=400, message=str(exc))

    return wrapper


def _user(web: Web, user_id: int):
    from breach.records import users

    with web.store.read() as session:
        found = users.by_id(session, user_id)
        return None if found is None else found.name


# ---------------------------------------------------------------- the report form (no account)


async def report_form(request: Request) -> Response:
    page = _page(request, anonymous_token=True)
    return page.render("melden.html.j2", values={})


async def report_post(request: Request) -> Response:
    page = _page(request)
    web, now = page.web, page.web.now()
    form = await _form(request)
    if form is None:
        return page.render("melden.html.j2", status=413, error=page.w["too_large"], values={})
    page.lang = language(form.get("lang"), page.lang)
    if not security.csrf_ok(page.session, form.get("csrf")):
        page.session, page.new_cookie = web.sessions.new(None, now), True
        return page.render("melden.html.j2", status=403, error=page.w["bad_form"], values=form)
    address = _address(request)
    if not web.report_limit.allowed(address, now):
        return page.render("melden.html.j2", status=429, error=page.w["too_many"], values={})
    if not (form.get("what") or "").strip():
        return page.render("melden.html.j2", status=400, error=page.w["what_missing"], values=form)
    from breach.records import orgs, signals

    facts = signals.Report(what=form.get("what", ""), noticed=form.get("noticed"), data_involved=form.get("data_involved"),
                           reporter=form.get("reporter"), contact=form.get("contact"), language=page.lang, source="form")

    def record():
        with web.store.write() as session:
            owner = page.org or orgs.first(session, now)  # across organisations: the form's address names one
            return signals.report(session, facts, web.profile_of(owner).timezone, now, orgs.triage_hours(owner),
                                  owner.id).receipt

    try:
        receipt = await run_in_threadpool(record)
    except BreachError as exc:
        return page.render("melden.html.j2", status=400, error=str(exc), values=form)
    web.report_limit.hit(address, now)
    return page.render("receipt.html.j2", receipt=receipt)


# ---------------------------------------------------------------- the ack link of a reminder (no account)


async def ack_form(request: Request) -> Response:
    """A GET only shows the button: a link preview or a mail scanner that follows the link records nothing."""
    return _page(request).render("ack.html.j2", message=None)


async def ack_post(request: Request) -> Response:
    """The signed, single-use, expiring link of one delivery (`breach.notify.ack_links`), POSTed by the
    page's button or by ntfy's action button from the phone. No session and no CSRF token: the link is
    the capability, and it is good for one delivery of one breach only."""
    from breach.notify.ack_links import LinkRefused
    from breach.records import acks

    page = _page(request)
    web, now = page.web, page.web.now()

    def record():
        with web.store.write() as session:
            return acks.ack_by_token(session, request.path_params["token"], now)

    try:
        result = await run_in_threadpool(record)
    except (LinkRefused, BreachError) as exc:
        return page.render("ack.html.j2", status=410 if isinstance(exc, LinkRefused) else 409,
                           message=page.w["ack_refused"].format(why=str(exc)))
    what = page.w["ack_opened"] if result.obligation is None else f"{result.obligation} ({result.step})"
    words = page.w["ack_done"] if result.recorded else page.w["ack_again"]
    return page.render("ack.html.j2", message=words.format(what=what, ref=result.ref))


# ---------------------------------------------------------------- signing in


async def login_form(request: Request) -> Response:
    page = _page(request, anonymous_token=True)
    if page.session and page.session.signed_in:
        return page.finish(RedirectResponse("/", status_code=303))
    return page.render("login.html.j2")


async def login_post(request: Request) -> Response:
    from breach.records import users

    page = _page(request)
    web, now = page.web, page.web.now()
    form = await _form(request)
    if form is None or not security.csrf_ok(page.session, form.get("csrf")):
        page.session, page.new_cookie = web.sessions.new(None, now), True
        return page.render("login.html.j2", status=403, error=page.w["bad_form"])
    name, password = form.get("name", ""), form.get("password", "")
    keys = (f"address:{_address(request)}", f"name:{name.strip().lower()[:64]}")
    if not all(web.login_limit.allowed(key, now) for key in keys):
        return page.render("login.html.j2", status=429, error=page.w["login_limited"])

    def check():
        with web.store.read() as session:
            found = users.verify(session, name, password)
            return None if found is None else found.id

    user_id = await run_in_threadpool(check)
    if user_id is None:
        for key in keys:
            web.login_limit.hit(key, now)
        return page.render("login.html.j2", status=401, error=page.w["login_failed"])
    page.session, page.new_cookie = web.sessions.new(user_id, now), True  # a fresh token: no fixation
    return page.finish(RedirectResponse("/", status_code=303))


async def logout(request: Request) -> Response:
    page = _page(request)
    form = await _form(request)
    if form is None or not security.csrf_ok(page.session, form.get("csrf")):
        return page.finish(PlainTextResponse("refused: the form's CSRF token is missing or wrong", status_code=403))
    response = page.finish(RedirectResponse("/login", status_code=303))
    response.delete_cookie(security.COOKIE, path="/")
    return response


# ---------------------------------------------------------------- the dashboard and its pages


@signed_in
def dashboard(page: Page, form) -> Response:
    from breach.records import incidents, signals

    now = page.web.now()
    org_id = page.org.id if page.org is not None else None
    with page.web.store.read() as session:
        open_signals = [(s, signals.triage_of(s, now)) for s in signals.open_signals(session, org_id)]
        breaches = incidents.listing(session, now, org_id=org_id)
    return page.render("dashboard.html.j2", signals=open_signals, breaches=breaches)


def _find_breach(session, page: Page, ref: str):
    from breach.domain.clock import local
    from breach.records import incidents

    return incidents.find(session, ref, local(page.web.now(), page.profile.timezone).year, org_id=page.needed_org().id)


@signed_in
def breach_page(page: Page, form) -> Response:
    from breach.records import assessments, decisions, drafting, incidents

    now = page.web.now()
    with page.web.store.read() as session:
        incident = _find_breach(session, page, page.request.path_params["ref"])
        context = {
            "incident": incident,
            "clocks": incidents.clocks(session, incident, now),
            "events": incidents.timeline(session, incident),
            "notices": incidents.notices(session, incident),
            "assessment": assessments.latest(session, incident),
            "decisions": decisions.all_of(session, incident),
            "formats": drafting.FORMATS,
            "documents": [d for d in ("ap", "customers", "subjects") if not (incident.role == "processor" and d != "customers")],
            "saved": page.request.query_params.get("saved") == "1",
        }
    return page.render("breach.html.j2", **context)


def _breach_path(page: Page, incident, query: str = "") -> str:
    """A breach's page; where the store keeps several organisations, the address names the breach's."""
    owners = page.web.owners()
    if not owners:
        return f"/breaches/{incident.ref}{query}"
    return f"/breaches/{incident.ref}{query or '?'}{'&' if query else ''}org={owners[incident.org_id]}"


def _act(page: Page, action: Callable) -> Response:
    """Run one recording action on a breach in a write transaction, then back to its page."""
    ref = page.request.path_params["ref"]
    with page.web.store.write() as session:
        incident = _find_breach(session, page, ref)
        action(session, incident)
    return RedirectResponse(_breach_path(page, incident, "?saved=1"), status_code=303)


@signed_in
def breach_note(page: Page, form) -> Response:
    from breach.records import incidents

    return page.finish(_act(page, lambda s, i: incidents.add_note(s, i, form.get("text", ""), page.web.now(),
                                                                   by=page.request.state.user)))


@signed_in
def breach_notified(page: Page, form) -> Response:
    from breach.domain.clock import parse_moment
    from breach.records import incidents

    now = page.web.now()
    when = parse_moment(form.get("at") or "now", page.profile.timezone, now, field="at").instant
    return page.finish(_act(page, lambda s, i: incidents.record_notice(
        s, i, form.get("obligation", ""), when, now, reference=form.get("reference") or None,
        delay_reason=form.get("delay_reason") or None, by=page.request.state.user)))


@signed_in
def breach_decide(page: Page, form) -> Response:
    from breach.domain.inputs import parse_yes_no
    from breach.records import decisions

    notify = parse_yes_no(form.get("notify", ""), "notify")
    return page.finish(_act(page, lambda s, i: decisions.decide(
        s, i, form.get("obligation", ""), notify, form.get("reason") or None, page.request.state.user, page.web.now())))


@signed_in
def breach_ack(page: Page, form) -> Response:
    from breach.notify import reminders

    obligation = form.get("obligation") or None
    if obligation is not None:
        from breach.records.incidents import obligation_name

        obligation = obligation_name(obligation)
    return page.finish(_act(page, lambda s, i: reminders.ack(s, i, obligation, page.web.now(), by=page.request.state.user)))


@signed_in
def breach_draft(page: Page, form) -> Response:
    from breach.records import drafting

    web, now = page.web, page.web.now()
    fmt = page.request.path_params["fmt"]
    if fmt not in drafting.FORMATS:
        raise NotFound(f"no draft format {fmt} here (accepted: {', '.join(drafting.FORMATS)})")
    with web.store.write() as session:
        incident = _find_breach(session, page, page.request.path_params["ref"])
        prof = page.profile
        content, missing, name = drafting.draft(session, incident, page.request.path_params["document"], prof, now,
                                                language(form.get("lang"), prof.language), fmt, web.home / "templates")
    types = {"md": "text/markdown; charset=utf-8", "eml": "message/rfc822",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    body = content if isinstance(content, bytes) else content.encode("utf-8")
    response = Response(body, media_type=types[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return page.finish(response)


@signed_in
def signal_page(page: Page, form) -> Response:
    from breach.records import signals

    now = page.web.now()
    with page.web.store.read() as session:
        found = signals.find(session, page.request.path_params["id"])
        ref = ref_path = None
        if found.incident_id:
            from breach.store.models import Incident

            opened = session.get(Incident, found.incident_id)
            ref, ref_path = opened.ref, _breach_path(page, opened)
    return page.render("signal.html.j2", signal=found, triage=signals.triage_of(found, now), ref=ref, ref_path=ref_path)


@signed_in
def signal_open(page: Page, form) -> Response:
    from breach.domain.clock import local, parse_moment
    from breach.records import incidents, signals
    from breach.store.models import Organisation

    web, now = page.web, page.web.now()
    with web.store.read() as session:
        found = signals.find(session, page.request.path_params["id"])
        owner = session.get(Organisation, found.org_id)
    prof = web.profile_of(owner)  # a signal opens in the organisation it was reported to
    aware = parse_moment(form.get("aware") or "now", prof.timezone, now, field="aware_at").instant
    facts = incidents.OpenFacts(title=form.get("title") or "", aware_at=aware, discovered_at=None, occurred_from=None,
                                occurred_to=None, description=None, reported_by=None, role=prof.role,
                                ap_window_hours=prof.ap_window, customers_window_hours=prof.customers_window)
    with web.store.write() as session:
        found = signals.find(session, page.request.path_params["id"])
        signals.fill_facts(facts, found, given_description=False, given_reporter=False)
        incident = signals.open_as_breach(session, found, facts, form.get("aware_reason"), page.request.state.user, now,
                                          local(now, prof.timezone).year, prof.timezone, found.org_id)
    return page.finish(RedirectResponse(_breach_path(page, incident), status_code=303))


@signed_in
def signal_dismiss(page: Page, form) -> Response:
    from breach.records import signals

    with page.web.store.write() as session:
        found = signals.find(session, page.request.path_params["id"])
        signals.dismiss(session, found, form.get("reason"), page.request.state.user, page.web.now())
    return page.finish(RedirectResponse("/", status_code=303))


def _register_filter(page: Page):
    from breach.records import register

    q = page.request.query_params
    return register.select(page.profile.timezone, first_day=q.get("from") or None, last_day=q.get("to") or None,
                           status=q.get("status") or None, org_id=page.needed_org().id)


@signed_in
def register_page(page: Page, form) -> Response:
    from breach.records import register, signals

    where = _register_filter(page)
    with page.web.store.read() as session:
        rows = list(itertools.islice(register.records(session.connection(), where, answers=False), REGISTER_ROWS + 1))
        dismissed = signals.listing(session, status="dismissed", org_id=where.org_id)
    q = page.request.query_params
    return page.render("register.html.j2", rows=rows[:REGISTER_ROWS], more=len(rows) > REGISTER_ROWS, dismissed=dismissed,
                       filters={"from": q.get("from", ""), "to": q.get("to", ""), "status": q.get("status", "")},
                       query=page.request.url.query)


@signed_in
def register_export(page: Page, form) -> Response:
    import io

    from breach.records import register

    web, now = page.web, page.web.now()
    prof = page.profile
    kind = register.check_format(page.request.path_params["fmt"])
    where = _register_filter(page)
    spec = register.Export(format=kind, language=page.lang, tz=prof.timezone, where=where,
                           delimiter=register.delimiter(None, page.lang), organisation=prof.name, exported_at=now,
                           selection=where.text, user_dir=web.home / "templates")
    out = io.StringIO(newline="" if kind == "csv" else None)
    with web.store.read() as session:
        register.write(out, session.connection(), spec)
    types = {"csv": "text/csv; charset=utf-8", "json": "application/json", "md": "text/markdown; charset=utf-8",
             "html": "text/html; charset=utf-8"}
    stamp = now.in_tz(prof.timezone).format("YYYYMMDD")
    return page.finish(Response(out.getvalue().encode("utf-8"), media_type=types[kind], headers={
        "Content-Disposition": f'attachment; filename="register-{stamp}.{kind}"'}))


async def home(request: Request) -> Response:
    page = _page(request)
    target = "/dashboard" if page.session and page.session.signed_in else "/login"
    return page.finish(RedirectResponse(target, status_code=303))


SERVE_BEAT_SECONDS = 60  # well inside heartbeats.SERVE_FRESH: reminders carry ack buttons while serve runs


def _serve_beat(web: Web, started_at, *, stop: bool = False) -> None:
    from breach.notify import heartbeats

    with web.store.write() as session:
        if stop:
            heartbeats.stop(session, heartbeats.SERVE)
        else:
            heartbeats.beat(session, heartbeats.SERVE, web.now(), started_at=started_at, interval_s=SERVE_BEAT_SECONDS)


@contextlib.asynccontextmanager
async def _beating(app: Starlette):
    """While `breach serve` runs it says so in the store, so `breach remind` sends ack links and buttons
    (only then is there something to receive them); a clean stop removes the beat."""
    import asyncio

    web: Web = app.state.web
    started = web.now()

    async def beat() -> None:
        try:
            await run_in_threadpool(_serve_beat, web, started)
        except Exception:  # a busy or unreachable store: the next beat tries again
            pass

    async def beat_forever():
        while True:
            await asyncio.sleep(SERVE_BEAT_SECONDS)
            await beat()

    await beat()  # before the first request: serve is up from here
    task = asyncio.create_task(beat_forever())
    try:
        yield
    finally:
        task.cancel()
        try:
            await run_in_threadpool(_serve_beat, web, started, stop=True)
        except Exception:
            pass


def create_app(home_dir: Path, clock: Callable | None = None, *, heartbeat: bool = False, org: str | None = None) -> Starlette:
    """The web app; `heartbeat` (what `breach serve` runs) beats in the store while it serves."""
    routes = [
        Route("/", home),
        Route("/melden", report_form, methods=["GET"]),
        Route("/melden", report_post, methods=["POST"]),
        Route("/login", login_form, methods=["GET"]),
        Route("/login", login_post, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/ack/{token}", ack_form, methods=["GET"]),
        Route("/ack/{token}", ack_post, methods=["POST"]),
        Route("/dashboard", dashboard),
        Route("/register", register_page),
        Route("/register/export.{fmt}", register_export),
        Route("/signals/{id:int}", signal_page),
        Route("/signals/{id:int}/open", signal_open, methods=["POST"]),
        Route("/signals/{id:int}/dismiss", signal_dismiss, methods=["POST"]),
        Route("/breaches/{ref}", breach_page),
        Route("/breaches/{ref}/note", breach_note, methods=["POST"]),
        Route("/breaches/{ref}/notified", breach_notified, methods=["POST"]),
        Route("/breaches/{ref}/decide", breach_decide, methods=["POST"]),
        Route("/breaches/{ref}/ack", breach_ack, methods=["POST"]),
        Route("/breaches/{ref}/draft/{document}.{fmt}", breach_draft, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=_beating if heartbeat else None)
    app.state.web = Web(home=home_dir, clock=clock, org_wanted=org)
    app.state.templates = _templates()
    os.umask(0o077)
    return app
