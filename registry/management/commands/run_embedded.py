"""Run the web server, a Celery worker and Celery beat together (``make run``).

Each child runs in its own process group, so Ctrl-C reaches only this command,
which then stops every child (and their own children, such as the reloader's
server process) and waits for them.
"""

import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

STOP_TIMEOUT = 10  # seconds a child gets to shut down before it is killed


class Command(BaseCommand):
    help = _("Run the web server, a Celery worker and Celery beat; Ctrl-C stops them all.")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--addr", default="127.0.0.1:8000", help=_("Address and port of the web server.")
        )

    def handle(self, *args, addr: str, **options) -> None:
        celery = [sys.executable, "-m", "celery", "-A", "config"]
        commands = {
            "web": [sys.executable, "manage.py", "runserver", addr],
            "worker": [*celery, "worker", "-l", "info", "--pool=solo"],
            "beat": [*celery, "beat", "-l", "info"],
        }
        # Ctrl-C and SIGTERM both raise KeyboardInterrupt here, even when the
        # shell started us with SIGINT ignored (a background job).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        children: dict[str, subprocess.Popen] = {}
        readers: list[threading.Thread] = []
        try:
            for name, command in commands.items():
                children[name] = child = self.start(command)
                readers.append(self.forward_output(name, child))
            failed = self.wait_for_first_exit(children)
        except KeyboardInterrupt:
            failed = None
            self.stdout.write(_("Stopping…"))
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            stop(list(children.values()))
            for reader in readers:
                reader.join(timeout=2)
        if failed:
            raise CommandError(
                _("%(name)s exited with code %(code)s; the others were stopped.")
                % {"name": failed, "code": children[failed].returncode}
            )

    def start(self, command: list[str]) -> subprocess.Popen:
        return subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )

    def forward_output(self, name: str, child: subprocess.Popen) -> threading.Thread:
        def forward() -> None:
            for line in child.stdout:
                self.stdout.write(f"{name:<6} | {line.rstrip()}")

        reader = threading.Thread(target=forward, daemon=True)
        reader.start()
        return reader

    def wait_for_first_exit(self, children: dict[str, subprocess.Popen]) -> str:
        while True:
            for name, child in children.items():
                if child.poll() is not None:
                    return name
            time.sleep(0.5)


def stop(children: list[subprocess.Popen]) -> None:
    """SIGTERM each child's process group, then SIGKILL whatever outlives the timeout."""
    for child in children:
        signal_group(child, signal.SIGTERM)
    running = [child for child in children if child.poll() is None]
    deadline = time.monotonic() + STOP_TIMEOUT
    for child in running:
        try:
            child.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            signal_group(child, signal.SIGKILL)
            child.wait()


def signal_group(child: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(child.pid, signum)
    except ProcessLookupError:
        pass
