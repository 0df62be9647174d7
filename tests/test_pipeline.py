"""The make targets the workflows call, run here: browsers, the validate job's steps, the cached
virtual environment's stamp, the public address."""
from __future__ import annotations

import hashlib
import importlib.util
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", "--no-print-directory", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def recording_path(tmp_path: Path) -> tuple[dict, Path]:
    """PATH with apt-get and sudo that only record that they were called."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    for name in ("apt-get", "sudo"):
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\necho {name} \"$@\" >> {log}\n")
        tool.chmod(0o755)
    return dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}"), log


def test_make_browsers_uses_chromium_path_and_installs_nothing(tmp_path):
    env, log = recording_path(tmp_path)
    browser = tmp_path / "google-chrome"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    result = make("browsers", env=dict(env, CHROMIUM_PATH=str(browser)))
    assert result.returncode == 0, result.stderr
    assert f"browser tests use {browser}" in result.stdout
    assert not log.exists(), f"make browsers installed something: {log.read_text()}"


def test_make_browsers_refuses_a_chromium_path_that_is_not_a_browser(tmp_path):
    env, log = recording_path(tmp_path)
    for wrong in (tmp_path / "missing", tmp_path):          # nothing there; a folder
        result = make("browsers", env=dict(env, CHROMIUM_PATH=str(wrong)))
        assert result.returncode != 0 and "is not an executable file" in result.stderr
    assert not log.exists()


def test_lighthouse_uses_the_browser_the_tests_use(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("lighthouse_run", ROOT / "scripts" / "lighthouse" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    source = (ROOT / "scripts" / "lighthouse" / "run.py").read_text(encoding="utf-8")
    assert 'os.environ.get("CHROMIUM_PATH")' in source
    monkeypatch.delenv("CHROME_PATH", raising=False)
    monkeypatch.setenv("CHROMIUM_PATH", "/usr/bin/google-chrome")
    assert module.browser() == "/usr/bin/google-chrome"
    monkeypatch.delenv("CHROMIUM_PATH")
    assert module.browser() == "/usr/bin/chromium"
    monkeypatch.setenv("CHROME_PATH", "/opt/chrome")
    assert module.browser() == "/opt/chrome"


def test_validate_production_holds_examples_back_with_a_warning_each():
    preview, production = make("validate"), make("validate-production")
    assert preview.returncode == 0 and production.returncode == 0, production.stdout[-2000:]
    assert "Held back" not in preview.stdout
    assert production.stdout.count("warning: Held back") >= 1
    held = int(production.stdout.count("warning: Held back"))
    total = int(preview.stdout.split("OK: ", 1)[1].split(" ", 1)[0])
    published = int(production.stdout.split("OK: ", 1)[1].split(" ", 1)[0])
    assert published + held == total


def test_validate_annotates_problems_on_github(tmp_path):
    env = dict(os.environ, GITHUB_ACTIONS="true")
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "portal"), "validate", "data"], cwd=ROOT,
                            env=dict(env, PORTAL_ENV="production"), capture_output=True, text=True)
    assert result.returncode == 0
    assert "::warning file=data/" in result.stdout, "held-back records become annotations on the diff"


def test_pr_summary_has_the_change_the_coverage_and_what_is_held_back():
    result = make("pr-summary", "BASE=HEAD")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("### What this change does") < out.index("### Translation coverage") < out.index("### Held back")


def test_the_virtual_environment_stamp_names_the_lock_files_contents():
    digest = hashlib.sha256((ROOT / "requirements.lock").read_bytes() + (ROOT / "pyproject.toml").read_bytes())
    stamps = sorted(p.name for p in (ROOT / ".venv").glob(".installed*"))
    assert f".installed-{digest.hexdigest()[:16]}" in stamps, stamps
    # A restored cache is older than the checkout: only the contents count, not the times.
    os.utime(ROOT / "requirements.lock")
    assert make("-q", "venv").returncode == 0, "make would reinstall an up-to-date virtual environment"


def test_an_empty_public_address_falls_back_to_mkdocs_yml(tmp_path):
    """An unset repository variable arrives as PORTAL_SITE_URL="": the build must not see it."""
    empty = make("-n", "build", env=dict(os.environ, PORTAL_SITE_URL=""))
    assert "env -u PORTAL_SITE_URL" in empty.stdout
    given = make("-n", "build", env=dict(os.environ, PORTAL_SITE_URL="https://international.tehran.ir/"))
    assert "env -u" not in given.stdout
    probe = ("import os; from mkdocs.config import load_config; "
             "print(load_config('mkdocs.yml').site_url)")
    python = str(ROOT / ".venv" / "bin" / "python")
    shown = subprocess.run(["env", "-u", "PORTAL_SITE_URL", python, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert shown.stdout.strip().startswith("https://"), shown.stderr[-1000:]
    custom = subprocess.run([python, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                            env=dict(os.environ, PORTAL_SITE_URL="https://international.tehran.ir/"))
    assert custom.stdout.strip() == "https://international.tehran.ir/", custom.stderr[-1000:]
