"""Stand-ins for a broker and a mail server that misbehave, on local sockets.

``refusing_url`` names a port nobody listens on; ``HungServer`` accepts
connections and never answers; ``FlakySmtp`` is a tiny SMTP server that
refuses every session while ``failing`` is set and records what it received.
"""

import os
import socket
import threading

from celery import current_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def refusing_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"


_ENV = "CELERY_BROKER_URL"
_ENV_BEFORE = os.environ.get(_ENV)


def use_broker(settings, url: str) -> None:
    """Point the Celery app at ``url`` for real publishing (not eager).

    Celery reads CELERY_BROKER_URL from the environment before Django's settings,
    and CI's second pass sets it there: both must name ``url``.
    """
    os.environ[_ENV] = url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_timeout": 1.5,
        "socket_connect_timeout": 1.5,
        "max_retries": 0,
    }
    forget_connections()


def restore_broker() -> None:
    """Undo ``use_broker``'s environment (Django's settings are restored by pytest-django)."""
    if _ENV_BEFORE is None:
        os.environ.pop(_ENV, None)
    else:
        os.environ[_ENV] = _ENV_BEFORE
    forget_connections()


def forget_connections() -> None:
    """Drop the app's pooled connections, so the next publish connects to the new URL."""
    current_app._pool = None
    current_app.amqp._producer_pool = None


class _Server:
    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)
            self.handle(conn)

    def handle(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.sock.close()
        for conn in self.connections:
            conn.close()


class HungServer(_Server):
    """Accepts every connection and never says a word."""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def handle(self, conn: socket.socket) -> None:
        pass


class FlakySmtp(_Server):
    """Just enough SMTP for Django's backend; refuses sessions while ``failing``."""

    def __init__(self):
        self.failing = True
        self.received: list[tuple[list[str], str]] = []
        super().__init__()

    def handle(self, conn: socket.socket) -> None:
        threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        with conn, reader:
            if self.failing:
                conn.sendall(b"421 4.3.2 Service not available, try later\r\n")
                return
            conn.sendall(b"220 stub ESMTP\r\n")
            recipients: list[str] = []
            for raw in reader:
                command = raw.decode().strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    conn.sendall(b"250 stub\r\n")
                elif command.startswith("RCPT TO:"):
                    recipients.append(raw.decode().strip()[8:].strip(" <>"))
                    conn.sendall(b"250 OK\r\n")
                elif command == "DATA":
                    conn.sendall(b"354 go on\r\n")
                    self.received.append((recipients, self._message(reader)))
                    recipients = []
                    conn.sendall(b"250 OK queued\r\n")
                elif command == "QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:  # MAIL FROM, RSET, NOOP
                    conn.sendall(b"250 OK\r\n")

    @staticmethod
    def _message(reader) -> str:
        lines = []
        for raw in reader:
            if raw in (b".\r\n", b".\n"):
                break
            lines.append(raw.decode("utf-8", "replace"))
        return "".join(lines)


def drain_queue(url: str, queue_name: str = "celery") -> list[tuple[str, dict]]:
    """Take every task message off the broker's queue: (task name, kwargs) each."""
    from kombu import Connection

    taken = []
    with Connection(url) as conn:
        queue = conn.SimpleQueue(queue_name)
        try:
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                _args, kwargs, _embed = message.decode()
                taken.append((message.headers["task"], kwargs))
                message.ack()
        finally:
            queue.close()
    return taken


def run_tasks(messages: list[tuple[str, dict]]) -> None:
    """What a worker does with each message, in this process and database transaction."""
    for name, kwargs in messages:
        current_app.tasks[name].apply(kwargs=kwargs).get()
