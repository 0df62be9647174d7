"""`make ci`: rehearse the GitHub workflows here, in a fresh clone of the last commit.

The plan is read from the workflow files themselves, so it cannot drift from them: every job of
pr.yml (as for a pull request into main), then publish.yml, in the order of their `needs:`, and in
each job its `run:` steps in order, with the environment the workflow gives them. What only GitHub
or the municipality's server can do is skipped and named:

- `uses:` steps: the fresh clone stands for actions/checkout, this machine's Python for
  setup-python, the clone's site/ and dist/ for uploaded and downloaded artifacts; nothing is cached;
- jobs with an `environment:` (the deploys): tests/test_deploy.py runs their make targets against
  a local SSH server and a local HTTP server. The GitHub Pages deploy is stood in for by a local
  HTTP server serving site/, so the check after it (`make smoke`) runs here for real.

A step that already ran with the same command and environment (publish.yml repeats the pull
request's tests) is not run twice. `${{ vars.X }}` and `${{ secrets.X }}` are read from this
shell's environment; `${{ github.base_ref }}` is $BASE_REF or main. A CHROMIUM_PATH that does not
exist here (the runner's Google Chrome) is replaced by this machine's (Debian's chromium).

    python scripts/ci/rehearse.py [--dry-run] [--keep] [--here]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ("pr.yml", "publish.yml")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class Step:
    workflow: str
    job: str
    name: str
    run: str | None = None
    env: dict = field(default_factory=dict)
    skipped: str | None = None       # why it does not run here
    serve_site: bool = False         # the Pages deploy: serve site/ on a local port instead

    def key(self):
        return (self.run, tuple(sorted(self.env.items())))


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


LOCAL: dict = {}    # outputs of stand-ins, e.g. the local address of the served site


def _value(expression: str) -> str:
    """A local stand-in for a `${{ }}` expression used in an `env:` value."""
    if re.fullmatch(r"needs\.[\w-]+\.outputs\.page_url", expression):
        return LOCAL.get("page_url", "")
    if expression == "github.base_ref":
        return os.environ.get("BASE_REF", "main")
    if expression == "github.event.before":
        return os.environ.get("BEFORE", "HEAD~1")
    match = re.fullmatch(r"(vars|secrets)\.([A-Za-z_][A-Za-z0-9_]*)", expression)
    if match:
        return os.environ.get(match[2], "")
    return ""


def _env(*mappings) -> dict:
    env = {}
    for mapping in mappings:
        for key, value in (mapping or {}).items():
            env[key] = EXPRESSION.sub(lambda m: _value(m[1]), str(value))
    chromium = env.get("CHROMIUM_PATH")
    if chromium and not os.access(chromium, os.X_OK):
        local = os.environ.get("CHROMIUM_PATH")
        if local:
            env["CHROMIUM_PATH"] = local
        else:
            del env["CHROMIUM_PATH"]       # make browsers: Debian's chromium
    return env


def _ordered_jobs(jobs: dict) -> list[str]:
    done: list[str] = []
    while len(done) < len(jobs):
        progressed = False
        for job_id, job in jobs.items():
            needs = job.get("needs") or []
            needs = [needs] if isinstance(needs, str) else needs
            if job_id not in done and all(n in done for n in needs):
                done.append(job_id)
                progressed = True
        if not progressed:
            raise SystemExit(f"rehearse: the jobs' needs form a cycle: {sorted(set(jobs) - set(done))}")
    return done


def plan(folder: Path) -> list[Step]:
    steps: list[Step] = []
    seen: set = set()
    for name in WORKFLOWS:
        workflow = _load(folder / ".github" / "workflows" / name)
        jobs = workflow.get("jobs") or {}
        skipped_jobs: set[str] = set()
        for job_id in _ordered_jobs(jobs):
            job = jobs[job_id]
            needs = job.get("needs") or []
            needs = [needs] if isinstance(needs, str) else needs
            why = None
            pages = any(str(s.get("uses", "")).startswith("actions/deploy-pages@") for s in job.get("steps") or [])
            if pages:
                steps.append(Step(name, job_id, job.get("name", job_id), serve_site=True))
                continue
            if job.get("environment"):
                why = "deploys (GitHub or the server): tests/test_deploy.py runs its make targets locally"
            elif any(n in skipped_jobs for n in needs):
                why = "runs after a deploy"
            if why:
                skipped_jobs.add(job_id)
                steps.append(Step(name, job_id, job.get("name", job_id), skipped=why))
                continue
            for raw in job.get("steps") or []:
                title = raw.get("name") or raw.get("run") or raw.get("uses")
                if "uses" in raw:
                    steps.append(Step(name, job_id, title, skipped=f"uses {raw['uses'].split('@')[0]}: stood in for locally"))
                    continue
                env = {**(workflow.get("env") or {}), **(job.get("env") or {}), **(raw.get("env") or {})}
                step = Step(name, job_id, title, run=raw["run"], env=env)
                if step.key() in seen:
                    step.skipped = "ran above with the same command and environment"
                seen.add(step.key())
                steps.append(step)
    return steps


def _serve(site: Path):
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _clone(destination: Path) -> Path:
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.strip()
    if dirty:
        print("rehearse: uncommitted changes are not part of the rehearsal (it clones the last commit)")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    clone = destination / "portal"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "checkout", "--quiet", "--detach", commit], cwd=clone, check=True)
    print(f"rehearse: fresh clone of {commit[:12]} in {clone}")
    return clone


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make ci", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print the plan only")
    parser.add_argument("--keep", action="store_true", help="keep the clone afterwards")
    parser.add_argument("--here", action="store_true", help="use this checkout instead of a fresh clone")
    args = parser.parse_args(argv)

    if args.dry_run:
        LOCAL["page_url"] = "http://127.0.0.1:PORT/"
        for step in plan(ROOT):
            env = _env(step.env)
            command = f"{' '.join(f'{k}={v}' for k, v in env.items())} {step.run}".strip() if step.run else ""
            state = f"skip: {step.skipped}" if step.skipped else ("serve site/" if step.serve_site else "run")
            print(f"{step.workflow}\t{step.job}\t{state}\t{command}")
        return 0

    temporary = None if args.here else Path(tempfile.mkdtemp(prefix="portal-ci-"))
    folder = ROOT if args.here else _clone(temporary)
    summary = folder / "ci-summary.md"
    summary.write_text("")
    timings = []
    status = 0
    server = None
    try:
        for step in plan(folder):
            where = f"{step.workflow} / {step.job}"
            if step.serve_site:
                server = _serve(folder / "site")
                LOCAL["page_url"] = f"http://127.0.0.1:{server.server_address[1]}/"
                print(f"\n--- {where}: {step.name}\n    stood in for: site/ served at {LOCAL['page_url']}")
                continue
            if step.skipped:
                print(f"\n--- {where}: {step.name}\n    skipped: {step.skipped}")
                continue
            print(f"\n--- {where}: {step.name}\n$ {step.run.strip()}", flush=True)
            env = dict(os.environ, CI="true", GITHUB_STEP_SUMMARY=str(summary), **_env(step.env))
            started = time.monotonic()
            result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step.run],
                                    cwd=folder, env=env)
            took = time.monotonic() - started
            timings.append((where, step.run.strip(), took, result.returncode))
            if result.returncode:
                print(f"\nrehearse: FAILED ({result.returncode}) after {took:.0f} s: {step.run.strip()}")
                status = 1
                break
    finally:
        if server:
            server.shutdown()
        print("\n| job | step | seconds | exit |\n|---|---|---|---|")
        for where, run, took, code in timings:
            print(f"| {where} | `{run}` | {took:.1f} | {code} |")
        print(f"\nJob summaries written to {summary}" + ("" if (args.keep or args.here) else " (removed with the clone)"))
        if temporary and not args.keep:
            shutil.rmtree(temporary, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
