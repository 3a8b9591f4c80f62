"""Real receivers on 127.0.0.1 for reminder tests: an HTTP endpoint for apprise's json:// and an SMTP
server (aiosmtpd) for mailto://. Each keeps what it received so a test can read it."""

from __future__ import annotations

import email
import email.policy
import json
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
