"""Start the web server with a Celery worker and beat beside it: the `make run` runtime.

With no CELERY_BROKER_URL the broker is a folder in data/, so this needs no server.
One worker process carries the beat (``-B``): exactly one scheduler, as in production
where ``celery beat`` runs once.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from workforce.demo_logins import print_demo_logins


class Command(BaseCommand):
    help = "Run the web server at http://127.0.0.1:8000 with the background worker and scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")
        parser.add_argument("--no-worker", action="store_true", help="Start the web server only.")

    def handle(self, *args, port: str, no_worker: bool, **options):
        python = sys.executable
        processes: list[subprocess.Popen] = []
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if not no_worker:
            worker = [
                python,
                "-m",
                "celery",
                "-A",
                "kpi_project",
                "worker",
                "-B",
                "--loglevel=INFO",
                "--concurrency=1",
                "--schedule",
                settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ]
            if settings.CELERY_BROKER_URL == "filesystem://":
                # SQLite takes one writer at a time: one task at a time is the honest setting.
                worker.append("--pool=solo")
            processes.append(subprocess.Popen(worker, env=env))
        processes.append(
            subprocess.Popen(
                [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                env=env,
            )
        )
        time.sleep(1.5)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"The product is running at http://127.0.0.1:{port}/"))
        print_demo_logins(self.stdout)
        self.stdout.write("Press Ctrl+C to stop.\n")

        def stop(*_):
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

        signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(1)
            failed = [
                process.args[2] if len(process.args) > 2 else process.args for process in processes if process.poll()
            ]
            if failed:
                self.stderr.write(f"A process stopped unexpectedly: {failed}. Stopping the rest.")
        except KeyboardInterrupt:
            pass
        finally:
            stop()
