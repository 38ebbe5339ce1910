"""A file past the size limit is refused as it arrives, with a clear message, and nothing is kept; the
memory an upload or an import uses does not grow with the file."""

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.test.client import ClientHandler

from imports.models import ImportBatch, ImportFile

from .conftest import EPISODES, table

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "temp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_a_file_past_the_limit_is_refused_with_the_reason_and_nothing_is_kept(cast, client_for, settings):
    settings.KPI_IMPORT_MAX_FILE_MB = 1
    big = table(EPISODES, *[f"A{n},01/06/2023,S,C2,N1,U6,PR1,,,,,," for n in range(60_000)])
    assert len(big) > 2 * MB

    response = client_for(cast.performance).post(
        "/imports/", {"files": [SimpleUploadedFile("episodes.csv", big.encode())], "year": "2024"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "episodes.csv is larger than 1 MB, the largest file the product takes: nothing was uploaded." in page
    assert not ImportBatch.objects.exists() and not ImportFile.objects.exists()
    assert stored_files(settings) == []


class Endless:
    """A request body of ``size`` bytes made as it is read: a multipart upload of one CSV file, so the
    test itself never holds the file."""

    def __init__(self, boundary: str, size: int, before: bytes) -> None:
        line = b"A1,01/06/2023,S,C2,N1,U6,PR1,,,,,,\r\n"
        self.parts = [before, f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                      f'filename="episodes.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()]  # fmt: skip
        self.line = line
        self.body_left = size
        self.end = f"\r\n--{boundary}--\r\n".encode()
        self.length = sum(len(part) for part in self.parts) + size + len(self.end)

    def readline(self, size: int = -1) -> bytes:
        # As a server's input would, a bounded piece at a time (the body's lines are short).
        return self.read(64 * 1024 if size < 0 else min(size, 64 * 1024))

    def read(self, size: int = -1) -> bytes:
        out = b""
        while self.parts and (size < 0 or len(out) < size):
            part = self.parts[0]
            take = part if size < 0 else part[: size - len(out)]
            out += take
            self.parts[0] = part[len(take) :]
            if not self.parts[0]:
                self.parts.pop(0)
        while self.body_left and (size < 0 or len(out) < size):
            want = min(self.body_left, 64 * 1024 if size < 0 else size - len(out))
            chunk = (self.line * (want // len(self.line) + 1))[:want]
            out += chunk
            self.body_left -= want
        if not self.body_left and self.end and (size < 0 or len(out) < size):
            take = self.end if size < 0 else self.end[: size - len(out)]
            out += take
            self.end = self.end[len(take) :]
        return out


def test_a_200_mb_upload_is_refused_as_it_arrives_without_holding_it_in_memory(cast, settings):
    client = Client()
    client.force_login(cast.performance)
    boundary = "kpi-upload-boundary"
    year = f'--{boundary}\r\nContent-Disposition: form-data; name="year"\r\n\r\n2024\r\n'.encode()
    body = Endless(boundary, 200 * MB, year)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/imports/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": body,
        "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
        "CONTENT_LENGTH": str(body.length),
        "HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
    }

    tracemalloc.start()
    try:
        response = ClientHandler(enforce_csrf_checks=False)(environ)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    assert "episodes.csv is larger than 100 MB" in response.content.decode()
    assert body.body_left == 0  # the rest was read and thrown away: the browser gets the page
    assert peak < 30 * MB, f"the upload held {peak / MB:.0f} MB"
    assert not ImportBatch.objects.exists()
    assert stored_files(settings) == []


def test_the_command_refuses_a_file_past_the_limit_before_reading_it(tmp_path, settings):
    settings.KPI_IMPORT_MAX_FILE_MB = 1
    path = tmp_path / "episodes.csv"
    with path.open("wb") as file:
        file.truncate(200 * MB)  # 200 MB on disk, none of it read
    with pytest.raises(CommandError, match="episodes.csv is larger than 1 MB, the largest file the product takes"):
        call_command("import_ssda903", str(path), "--year", "2024")


def test_an_imports_memory_does_not_grow_with_the_file(tmp_path):
    """The same return at 1x and 6x the size, checked in processes of their own: the larger's peak memory
    is not larger by anything like the file (it is read into a spool on disk, a batch of children at a
    time)."""
    peaks = {}
    env = {"DJANGO_SETTINGS_MODULE": "kpi_project.test_settings", "PATH": "/usr/bin:/bin",
           "KPI_DATA_DIR": str(tmp_path / "data")}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=settings.BASE_DIR, env=env, check=True)
    for episodes in (5_000, 30_000):
        folder = tmp_path / str(episodes)
        subprocess.run(
            [sys.executable, "-m", "tests.imports.make_return", str(folder), "--episodes", str(episodes)],
            cwd=settings.BASE_DIR, check=True, capture_output=True,
        )  # fmt: skip
        code = (
            "import django, resource, sys; django.setup(); "
            "from django.core.management import call_command; "
            "call_command('import_ssda903', sys.argv[1], '--year', '2024', '--dry-run', "
            "stdout=open('/dev/null', 'w')); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
        )
        finished = subprocess.run(
            [sys.executable, "-c", code, str(folder)],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert finished.returncode == 0, finished.stderr[-2000:]
        peaks[episodes] = int(finished.stdout.split()[-1]) * 1024
        size = sum(path.stat().st_size for path in folder.iterdir())
        peaks[f"{episodes} bytes"] = size
    grown = peaks[30_000] - peaks[5_000]
    file_grown = peaks["30000 bytes"] - peaks["5000 bytes"]
    assert grown < 2 * file_grown, peaks  # the old reading held ~60 times the file's size
