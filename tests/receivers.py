"""Real receivers on 127.0.0.1 for reminder tests: an HTTP endpoint for apprise's json://, an
ntfy-compatible server for ntfy://, a Gotify-compatible one for gotify:// and an SMTP server (aiosmtpd)
for mailto://. Each keeps what it received so a test can read it."""

from __future__ import annotations

import email
import email.policy
import json
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class HttpReceiver:
    """Collects JSON POSTs; `status` is what it answers (500 makes a failing channel), `delay` how long it waits."""

    def __init__(self, status: int = 200, delay: float = 0.0):
        self.status = status
        self.delay = delay
        self.received: list[dict] = []
        self.in_flight = 0  # requests read and not yet answered
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                with receiver._lock:
                    receiver.in_flight += 1
                try:
                    payload = json.loads(self.rfile.read(length) or b"{}")
                    if receiver.delay:
                        time.sleep(receiver.delay)
                    if receiver.status == 200:  # it arrived, whether or not the sender still waits for the answer
                        with receiver._lock:
                            receiver.received.append(payload)
                finally:
                    with receiver._lock:
                        receiver.in_flight -= 1
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # many senders at once must not overflow the listen backlog

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def settled(self, timeout: float = 60) -> None:
        """Wait until every request it has read is answered (a wait for a state, not a timed assertion)."""
        deadline = time.monotonic() + timeout
        quiet, seen = 0, -1
        while time.monotonic() < deadline:
            with self._lock:
                state = (self.in_flight, len(self.received))
            quiet = quiet + 1 if state == (0, seen) else 0  # nothing read, nothing arriving, a few polls running
            seen = state[1]
            if quiet >= 5:
                return
            time.sleep(0.02)
        raise TimeoutError(f"{self.url}: {self.in_flight} requests still unanswered after {timeout} s")

    def titles(self) -> list[str]:
        with self._lock:
            return [item["title"] for item in self.received]

    def start(self) -> HttpReceiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


NTFY_PRIORITY = {"min": 1, "low": 2, "default": 3, "high": 4, "max": 5, "urgent": 5}


class NtfyReceiver:
    """Speaks ntfy's publish API as apprise uses it: `POST /` with JSON {topic, title, message} (the
    headers X-Priority, X-Tags, X-Actions, X-Icon beside it), or `PUT|POST /{topic}` with the text as
    body and X-Title. `received` holds one normalised dict per message: topic, title, message,
    priority (1-5, 3 when absent, as the ntfy server reads it), tags, actions, icon, type (apprise's
    notification type, read from the icon's name)."""

    def __init__(self):
        self.received: list[dict] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def _publish(self):
                length = int(self.headers.get("Content-Length", 0))
                raw = self.rfile.read(length)
                topic = self.path.strip("/").split("?")[0]
                if topic:
                    title, message = self.headers.get("X-Title", ""), raw.decode("utf-8")
                else:
                    payload = json.loads(raw or b"{}")
                    topic, title, message = payload.get("topic", ""), payload.get("title", ""), payload.get("message", "")
                priority = (self.headers.get("X-Priority") or "default").strip().lower()
                icon = self.headers.get("X-Icon", "")
                kind = re.search(r"apprise-(\w+)-256", icon)
                with receiver._lock:
                    receiver.received.append({
                        "topic": topic, "title": title, "message": message,
                        "priority": int(priority) if priority.isdigit() else NTFY_PRIORITY.get(priority, 3),
                        "tags": [t.strip() for t in self.headers.get("X-Tags", "").split(",") if t.strip()],
                        "actions": self.headers.get("X-Actions", ""), "icon": icon,
                        "type": kind.group(1) if kind else None,
                    })
                body = b'{"id":"x","event":"message"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_PUT = _publish

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, topic: str = "fg") -> str:
        return f"ntfy://127.0.0.1:{self.port}/{topic}"

    def of(self, topic: str) -> list[dict]:
        with self._lock:
            return [m for m in self.received if m["topic"] == topic]

    def start(self) -> NtfyReceiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class GotifyReceiver(HttpReceiver):
    """Gotify's `POST /message` (JSON {title, message, priority}); the app token in X-Gotify-Key."""

    @property
    def url(self) -> str:
        return f"gotify://127.0.0.1:{self.port}/AbCdEfGhIjKlMnOp"


class SmtpReceiver:
    """An aiosmtpd server; `messages` are the parsed e-mails it accepted."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.messages: list[email.message.EmailMessage] = []
        receiver = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                receiver.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)

    def url(self, to: str = "dpo@example.org") -> str:
        return f"mailto://127.0.0.1:{self.port}?from=breach@example.org&to={to}&mode=insecure"

    def start(self) -> SmtpReceiver:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
