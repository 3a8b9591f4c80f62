"""`breach serve`: the web front end (Starlette, uvicorn, the jinja2 templates in `templates/`).

Thin, as the CLI: each handler parses the request, calls one function of `breach.records` or
`breach.domain`, and renders what it gets back. No rule lives here. Nothing that matters is kept in
the process (sessions are signed cookies, the signing key is in the store), so several `serve`
processes may run on one PostgreSQL store; only the rate limits are per process.

Installed with `pip install 'breach[web]'`; the CLI imports this package only inside `breach serve`.
"""
