"""The DfE's validators, run in their own venv (.venv-dfe, ``make dfe-validators``) as a subprocess."""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DFE_PYTHON = ROOT / ".venv-dfe" / "bin" / "python"
RUNNER = Path(__file__).with_name("dfe_runner.py")
CIN_RUNNER = Path(__file__).with_name("dfe_cin_runner.py")


def _registry_reachable() -> bool:
    """Whether pip can reach the package registry (asks for the validator's own release, nothing else)."""
    probe = subprocess.run(
        ["python3", "-m", "pip", "index", "versions", "csc-validator-be-903"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return probe.returncode == 0


@pytest.fixture(scope="session")
def dfe_python() -> Path:
    """.venv-dfe's Python, built with ``make dfe-validators`` when missing or out of date."""
    built = subprocess.run(["make", "-s", "dfe-validators"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if built.returncode != 0:
        if not _registry_reachable():
            pytest.skip("The DfE validators are not installed and the package registry is unreachable.")
        pytest.fail(f"make dfe-validators failed:\n{built.stdout}\n{built.stderr}")
    return DFE_PYTHON


@pytest.fixture(scope="session")
def run_903_validator(dfe_python):
    """Runs the DfE's SSDA903 validator: rule code -> [(file name, row)] that it flags."""

    def run(paths: list[Path], *, year: int, rules: list[str]) -> dict[str, list[tuple[str, int]]]:
        result = subprocess.run(
            [str(dfe_python), str(RUNNER), "--year", str(year), "--rules", ",".join(rules), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return {code: [tuple(row) for row in rows] for code, rows in json.loads(result.stdout).items()}

    return run


@pytest.fixture(scope="session")
def run_cin_validator(dfe_python):
    """Runs the DfE's CIN census validator on one XML file: rule code -> [(validator table, line)] that it
    flags, each element named by the line its start tag is on, as the product's import names it."""

    def run(path: Path, *, year: int, rules: list[str]) -> dict[str, list[tuple[str, int]]]:
        result = subprocess.run(
            [str(dfe_python), str(CIN_RUNNER), "--year", str(year), "--rules", ",".join(rules), str(path)],
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return {code: [tuple(row) for row in rows] for code, rows in json.loads(result.stdout).items()}

    return run


RETURNS_RUNNER = Path(__file__).with_name("dfe_returns_runner.py")


@pytest.fixture(scope="session")
def run_dfe_validator(dfe_python):
    """Runs every rule of the DfE's validator for the year over a whole return ("ssda903": its CSV
    files; "cin": the XML): rule code -> {"kind": "error" or "query", "children": [...]}."""

    def run(return_name: str, paths: list[Path], *, year: int) -> dict:
        result = subprocess.run(
            [str(dfe_python), str(RETURNS_RUNNER), return_name, "--year", str(year), *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        return json.loads(result.stdout)

    return run
