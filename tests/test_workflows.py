"""Acceptance tests for the GitHub side of the portal.

They read the workflow files in .github/workflows/ (with PyYAML), the Dependabot
configuration, CODEOWNERS, the pre-commit configuration and README.md, and run
zizmor and check-jsonschema from the same virtual environment as this Python.

Each assertion message says what a reviewer has to change to make it pass.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
PR = WORKFLOWS / "pr.yml"
PUBLISH = WORKFLOWS / "publish.yml"
SOURCES = WORKFLOWS / "sources.yml"
MAKEFILE = ROOT / "Makefile"
DEPENDABOT = GITHUB / "dependabot.yml"
CODEOWNERS = GITHUB / "CODEOWNERS"
README = ROOT / "README.md"

# Tools installed next to the interpreter running the tests (the project's .venv).
# Do not resolve(): .venv/bin/python is usually a symlink to the system Python.
BIN = Path(sys.executable).parent

USES_RE = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
USES_LINE_RE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")
VERSION_COMMENT_RE = re.compile(r"^\s+#\s*v\d+(\.\d+)*\S*\s*$")

READ_ONLY_VALUES = {"read", "none"}
DEPLOY_PERMISSIONS = {"pages": "write", "id-token": "write"}
# The only jobs that may write, and exactly what they may write.
WRITERS = {
    ("publish.yml", "deploy"): DEPLOY_PERMISSIONS,
    ("publish.yml", "release-pull"): {"contents": "write"},   # the release the server pulls
}
RUNNER_CHROME = "/usr/bin/google-chrome"
# The required checks of a pull request: the job names README tells the administrators to require.
REQUIRED_CHECKS = {"validate": "Validate the data", "check": "Build and test"}
# A `run:` line: one make target, variables, and at most an append to the job summary.
MAKE_LINE_RE = re.compile(
    r'^make (?P<target>[a-z][a-z0-9-]*)((?: [A-Z][A-Z0-9_]*=(?:"[^"]*"|[^\s"]+))*)(?: >> "\$GITHUB_STEP_SUMMARY")?$'
)
COMMUNICATIONS = "@tehran-intl/communications"


# --------------------------------------------------------------------------- helpers


def load(path: Path) -> dict:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing: restore it."
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    assert isinstance(data, dict), f"{path.relative_to(ROOT)} must be a YAML mapping."
    return data


def triggers(workflow: dict) -> dict:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "The workflow has no `on:` triggers."
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    return on


def workflows() -> dict[str, dict]:
    return {"pr.yml": load(PR), "publish.yml": load(PUBLISH), "sources.yml": load(SOURCES)}


def all_workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.y*ml"))


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def all_steps(workflow: dict):
    for job_id, job in (workflow.get("jobs") or {}).items():
        for step in steps(job):
            yield job_id, step


def run_texts(workflow: dict) -> list[str]:
    return [step["run"] for _, step in all_steps(workflow) if "run" in step]


def normalise(command: str) -> str:
    return " ".join(command.split())


def runs_command(workflow: dict, command: str) -> bool:
    """True if some `run:` line of the workflow is, or starts with, *command*."""
    wanted = normalise(command)
    for text in run_texts(workflow):
        for line in text.splitlines():
            line = normalise(line)
            if line == wanted or line.startswith(wanted + " "):
                return True
    return False


def step_using(job: dict, action: str) -> dict:
    found = [s for s in steps(job) if str(s.get("uses", "")).split("@")[0] == action]
    assert found, f"The job has no step that uses {action}; add one."
    return found[0]


def readme_commands() -> list[str]:
    """The first two shell commands in README.md's fenced code blocks."""
    assert README.is_file(), (
        "README.md is missing. It must start with the two commands a newcomer runs, "
        "in fenced shell blocks: first the serve command (`make serve`), then the test "
        "command (`make test`); the workflows are checked against them."
    )
    commands: list[str] = []
    fence = None
    shell_languages = {"", "sh", "bash", "shell", "console", "zsh", "shell-session"}
    take = False
    for line in README.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if fence is None:
            match = re.match(r"^(```+|~~~+)\s*([\w-]*)", stripped)
            if match:
                fence = match.group(1)
                take = match.group(2).lower() in shell_languages
            continue
        if stripped.startswith(fence):
            fence = None
            continue
        if not take:
            continue
        command = re.sub(r"^\$\s+", "", stripped)
        command = re.sub(r"\s+#.*$", "", command).strip()
        if command and not command.startswith("#"):
            commands.append(command)
        if len(commands) == 2:
            break
    assert len(commands) == 2, (
        "README.md must contain, in fenced shell code blocks, first the serve command and "
        f"then the test command (`make serve`, `make test`); found only {commands!r}."
    )
    return commands


def tool(name: str) -> Path:
    path = BIN / name
    assert path.exists(), (
        f"{name} is not installed next to {sys.executable}. Install the project's dev "
        f"dependencies into that environment (e.g. `{BIN / 'pip'} install {name}`)."
    )
    return path


# --------------------------------------------------------------------------- triggers


def test_pr_workflow_runs_on_pull_request_only():
    on = triggers(load(PR))
    assert "pull_request" in on, "pr.yml must be triggered by `pull_request`."
    assert "pull_request_target" not in on, (
        "pr.yml must not use `pull_request_target`: it runs untrusted pull-request code "
        "with a write token and secrets. Use `pull_request`."
    )


def test_no_workflow_uses_pull_request_target():
    for path in all_workflow_files():
        on = triggers(load(path))
        assert "pull_request_target" not in on, (
            f"{path.name} uses `pull_request_target`; use `pull_request` instead."
        )


def test_publish_runs_on_push_to_main_and_by_hand():
    on = triggers(load(PUBLISH))
    assert "push" in on, "publish.yml must be triggered by `push` (to main)."
    push = on["push"] or {}
    assert push.get("branches") == ["main"], (
        "publish.yml must run on push to main only: `push: {branches: [main]}`; "
        f"found {push.get('branches')!r}."
    )
    assert "workflow_dispatch" in on, (
        "publish.yml should also allow a manual run: add `workflow_dispatch:`."
    )
    assert "pull_request" not in on and "pull_request_target" not in on, (
        "publish.yml must never run for pull requests: it deploys the site."
    )


# --------------------------------------------------------------------------- permissions


def assert_read_only(permissions, where: str) -> None:
    if permissions in ({}, "read-all"):
        return
    assert isinstance(permissions, dict), (
        f"{where}: `permissions:` must be `{{}}` or a mapping such as "
        f"`contents: read`, not {permissions!r}."
    )
    for scope, value in permissions.items():
        assert value in READ_ONLY_VALUES, (
            f"{where}: `{scope}: {value}` grants write access; only the deploy job may "
            "write (pages, id-token). Make it `read` or remove it."
        )


def test_top_level_permissions_are_read_only():
    for name, workflow in workflows().items():
        assert "permissions" in workflow, (
            f"{name}: add top-level `permissions: {{}}` (or `contents: read`) so that "
            "no job gets the default token rights."
        )
        assert_read_only(workflow["permissions"], f"{name} (top level)")


def test_every_job_sets_least_privilege_permissions():
    for name, workflow in workflows().items():
        for job_id, job in workflow["jobs"].items():
            where = f"{name}, job `{job_id}`"
            assert "permissions" in job, f"{where}: set the job's own `permissions:`."
            if (name, job_id) in WRITERS:
                assert job["permissions"] == WRITERS[name, job_id], (
                    f"{where}: must have exactly {WRITERS[name, job_id]!r}; found {job['permissions']!r}."
                )
            else:
                assert_read_only(job["permissions"], where)


def test_only_the_deploy_job_can_write():
    for name, workflow in workflows().items():
        for job_id, job in workflow["jobs"].items():
            perms = job.get("permissions") or {}
            writes = (
                {k for k, v in perms.items() if v == "write"} if isinstance(perms, dict) else set()
            )
            if (name, job_id) not in WRITERS:
                assert not writes, f"{name}, job `{job_id}`: remove write access {writes}."


# --------------------------------------------------------------------------- actions


def test_every_uses_is_pinned_to_a_full_commit_sha():
    for path in all_workflow_files():
        for job_id, step in all_steps(load(path)):
            ref = step.get("uses")
            if ref is None:
                continue
            assert USES_RE.match(ref), (
                f"{path.name}, job `{job_id}`: `uses: {ref}` must be pinned to a full 40-hex "
                "commit SHA, e.g. `actions/checkout@<sha> # v4.2.2`."
            )
        for job_id, job in (load(path).get("jobs") or {}).items():
            ref = job.get("uses")
            if ref is not None:
                assert USES_RE.match(ref) or ref.startswith("./"), (
                    f"{path.name}, job `{job_id}`: reusable workflow `{ref}` must be pinned "
                    "to a full commit SHA."
                )


def test_every_uses_line_has_a_version_comment():
    for path in all_workflow_files():
        found = 0
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = USES_LINE_RE.match(line)
            if not match:
                continue
            found += 1
            assert VERSION_COMMENT_RE.match(match.group("rest")), (
                f"{path.name}:{number}: `uses:` needs the version as a trailing comment, "
                f"e.g. `uses: actions/checkout@<sha> # v4.2.2`; found {line.strip()!r}."
            )
        assert found, f"{path.name} has no `uses:` lines; is it the right file?"


def test_only_first_party_actions():
    for path in all_workflow_files():
        for job_id, step in all_steps(load(path)):
            ref = step.get("uses")
            if ref is not None:
                assert ref.startswith("actions/"), (
                    f"{path.name}, job `{job_id}`: `{ref}` is not a first-party `actions/*` "
                    "action; the portal only uses GitHub's own actions."
                )


def test_checkout_never_persists_credentials():
    for path in all_workflow_files():
        for job_id, step in all_steps(load(path)):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                with_ = step.get("with") or {}
                assert with_.get("persist-credentials") is False, (
                    f"{path.name}, job `{job_id}`: actions/checkout must set "
                    "`persist-credentials: false` so the token is not left in .git/config "
                    "(and in uploaded artifacts)."
                )


# --------------------------------------------------------------------------- shape of the jobs


def test_jobs_have_timeouts_and_bash_default_shell():
    for name, workflow in workflows().items():
        shell = ((workflow.get("defaults") or {}).get("run") or {}).get("shell")
        assert shell == "bash", f"{name}: add `defaults: {{run: {{shell: bash}}}}`."
        for job_id, job in workflow["jobs"].items():
            timeout = job.get("timeout-minutes")
            assert isinstance(timeout, int) and 0 < timeout <= 90, (
                f"{name}, job `{job_id}`: set `timeout-minutes:` (a whole number of minutes, "
                "at most 90)."
            )


def assert_build_checks(name: str, job: dict, order: list[str]) -> None:
    checkout = step_using(job, "actions/checkout")
    assert (checkout.get("with") or {}).get("fetch-depth") == 0, (
        f"{name}: checkout needs `fetch-depth: 0` so the change can be compared with the "
        "base branch."
    )
    python = step_using(job, "actions/setup-python")
    with_ = python.get("with") or {}
    assert str(with_.get("python-version")) == "3.11", (
        f"{name}: setup-python must use `python-version: \"3.11\"` (quoted)."
    )
    assert with_.get("cache") == "pip", f"{name}: setup-python needs `cache: pip`."
    assert with_.get("cache-dependency-path") == "requirements.lock", (
        f"{name}: setup-python needs `cache-dependency-path: requirements.lock`."
    )
    workflow = {"jobs": {"job": job}}
    for command in order:
        assert runs_command(workflow, command), f"{name}: add a step that runs `{command}`."
    lines = [normalise(t) for t in run_texts(workflow)]
    positions = [next(i for i, t in enumerate(lines) if t.startswith(c)) for c in order]
    assert positions == sorted(positions), (
        f"{name}: run the steps in this order: {', '.join(order)}."
    )


def assert_runs_in_order(name: str, job: dict, order: list[str]) -> None:
    lines = [normalise(line) for text in run_texts({"jobs": {"job": job}}) for line in text.splitlines()]
    positions = []
    for command in order:
        found = [i for i, line in enumerate(lines) if line == command or line.startswith(command + " ")]
        assert found, f"{name}: add a step that runs `{command}`."
        positions.append(found[0])
    assert positions == sorted(positions), f"{name}: run the steps in this order: {', '.join(order)}."


def venv_cache(name: str, job: dict) -> dict:
    cache = step_using(job, "actions/cache")
    with_ = cache.get("with") or {}
    assert str(with_.get("path", "")).rstrip("/") == ".venv", f"{name}: cache `path: .venv`."
    key = str(with_.get("key", ""))
    for part in ("hashFiles('requirements.lock'", "steps.python.outputs.python-version", "runner.os"):
        assert part in key, (
            f"{name}: the virtual environment's cache key must contain {part} (a new lock file or "
            f"Python makes a new environment); found {key!r}."
        )
    python = step_using(job, "actions/setup-python")
    assert python.get("id") == "python", f"{name}: give setup-python `id: python` (the cache key reads it)."
    names = [str(s.get("uses", "")).split("@")[0] or s.get("run") for s in steps(job)]
    assert names.index("actions/cache") < min(i for i, n in enumerate(names) if str(n).startswith("make ")), (
        f"{name}: restore the cache before the first make step."
    )
    return cache


def test_pr_workflow_has_a_quick_validate_job_beside_build_and_test():
    workflow = load(PR)
    jobs = workflow["jobs"]
    assert set(jobs) == set(REQUIRED_CHECKS), f"pr.yml must have the jobs {sorted(REQUIRED_CHECKS)}; found {sorted(jobs)}."
    for job_id, title in REQUIRED_CHECKS.items():
        assert jobs[job_id].get("name") == title, f"pr.yml: job `{job_id}` must be named {title!r} (a required check)."
        assert "needs" not in jobs[job_id], f"pr.yml: job `{job_id}` must not wait for another job (no `needs:`)."
    validate = jobs["validate"]
    assert validate.get("timeout-minutes", 99) <= 10, "pr.yml: the validate job is the quick answer: at most 10 minutes."
    venv_cache("pr.yml (validate)", validate)
    assert_runs_in_order("pr.yml (validate)", validate,
                         ["make venv", "make validate", "make validate-production", "make pr-summary"])
    for command in ("make build", "make test", "make browsers"):
        assert not runs_command({"jobs": {"v": validate}}, command), (
            f"pr.yml: the validate job stays quick; `{command}` belongs to the build-and-test job."
        )
    production = next(s for s in steps(validate) if normalise(str(s.get("run", ""))) == "make validate-production")
    assert "!cancelled()" in str(production.get("if", "")), (
        "pr.yml: validate in production mode even when the preview validation failed "
        "(`if: ${{ !cancelled() && steps.venv.outcome == 'success' }}`), so both sets of annotations show."
    )


def test_pr_workflow_builds_tests_and_uploads_preview():
    job = load(PR)["jobs"]["check"]
    assert_build_checks("pr.yml (check)", job, ["make browsers", "make build", "make test"])
    venv_cache("pr.yml (check)", job)
    upload = step_using(job, "actions/upload-artifact")
    with_ = upload.get("with") or {}
    assert with_.get("name") == "portal-preview", (
        "pr.yml: upload the built site as the artifact `portal-preview` (the PR template "
        "and CONTRIBUTING.md tell reviewers to look for that name)."
    )
    assert str(with_.get("path", "")).rstrip("/") == "site", (
        "pr.yml: the preview artifact must contain `site/`."
    )
    uploads = {str((s.get("with") or {}).get("name")): s for s in steps(job)
               if str(s.get("uses", "")).split("@")[0] == "actions/upload-artifact"}
    shots = uploads.get("screenshots") or {}
    assert str((shots.get("with") or {}).get("path", "")).rstrip("/") == "test-output/screenshots", (
        "pr.yml: upload the browser tests' screenshots (`test-output/screenshots/`) as the artifact "
        "`screenshots`, so a reviewer sees the pages in three languages without building them."
    )
    assert "!cancelled()" in str(shots.get("if", "")), (
        "pr.yml: upload the screenshots even when a test failed (`if: ${{ !cancelled() }}`): "
        "that is when they are needed most."
    )


def test_virtual_environment_is_cached_in_the_pull_request_workflow_only():
    for path in all_workflow_files():
        uses = [str(step.get("uses", "")).split("@")[0] for _, step in all_steps(load(path))]
        if path.name != "pr.yml":
            assert "actions/cache" not in uses, (
                f"{path.name}: no actions/cache outside pr.yml (zizmor: a cache a publishing workflow "
                "restores can be poisoned)."
            )


def test_pr_workflow_writes_plain_summary_from_env_base_ref():
    job = load(PR)["jobs"]["validate"]
    summary = [s for s in steps(job) if "make pr-summary" in str(s.get("run", ""))]
    assert summary, "pr.yml: add a step running `make pr-summary BASE=...`."
    step = summary[0]
    run = step["run"]
    assert "$GITHUB_STEP_SUMMARY" in run, (
        "pr.yml: append the output of `make pr-summary` to \"$GITHUB_STEP_SUMMARY\"."
    )
    assert "$BASE_REF" in run, (
        "pr.yml: pass the base branch as \"$BASE_REF\" (set in the step's `env:`), "
        "e.g. `make pr-summary BASE=\"origin/$BASE_REF\"`."
    )
    assert (step.get("env") or {}).get("BASE_REF") == "${{ github.base_ref }}", (
        "pr.yml: the pr-summary step needs `env: {BASE_REF: ${{ github.base_ref }}}`."
    )
    makefile = MAKEFILE.read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\npr-summary:"):].split("\n\n")[0]
    for command in ("portal changes", "portal translations --format markdown", "portal held-back"):
        assert command in recipe, f"Makefile: `make pr-summary` must run `{command}` (the plain-words summary)."


def test_publish_builds_then_deploys_to_pages():
    workflow = load(PUBLISH)
    jobs = workflow["jobs"]
    assert set(jobs) == {"build", "deploy", "look-pages", "deploy-push", "release-pull"}, (
        "publish.yml must have the jobs build, deploy (Pages), look-pages, deploy-push and "
        f"release-pull; found {sorted(jobs)}."
    )
    build = jobs["build"]
    assert_build_checks("publish.yml (build)", build,
                        ["make browsers", "make validate-production", "make build", "make test", "make release"])
    build_step = next(s for s in steps(build) if normalise(str(s.get("run", ""))) == "make build")
    env = build_step.get("env") or {}
    assert env.get("PORTAL_ENV") == "production", (
        "publish.yml: build the published site with `PORTAL_ENV: production` (examples held back)."
    )
    assert env.get("PORTAL_SITE_URL") == "${{ vars.PORTAL_SITE_URL }}", (
        "publish.yml: the public address is the repository variable: `PORTAL_SITE_URL: ${{ vars.PORTAL_SITE_URL }}`."
    )
    pages = step_using(build, "actions/upload-pages-artifact")
    assert str((pages.get("with") or {}).get("path", "")).rstrip("/") == "site", (
        "publish.yml: actions/upload-pages-artifact must upload `path: site/`."
    )
    release = step_using(build, "actions/upload-artifact")
    assert (release.get("with") or {}).get("name") == "portal-release" and \
        str((release.get("with") or {}).get("path", "")).rstrip("/") == "dist", (
            "publish.yml: upload dist/ (make release) as the artifact `portal-release`."
        )

    deploy = jobs["deploy"]
    needs = deploy.get("needs")
    assert needs == "build" or needs == ["build"], (
        "publish.yml: the deploy job must have `needs: build`, so nothing is deployed "
        "when a check fails."
    )
    assert normalise(str(deploy.get("if", ""))) == (
        "github.ref == 'refs/heads/main' && (vars.PORTAL_DEPLOY == '' || contains(vars.PORTAL_DEPLOY, 'pages'))"
    ), "publish.yml: the Pages deploy runs from main, when PORTAL_DEPLOY is unset or names `pages`."
    environment = deploy.get("environment") or {}
    assert environment.get("name") == "github-pages", (
        "publish.yml: the deploy job needs `environment: {name: github-pages, ...}`."
    )
    assert environment.get("url") == "${{ steps.deployment.outputs.page_url }}", (
        "publish.yml: the environment's url must be `${{ steps.deployment.outputs.page_url }}`."
    )
    step = step_using(deploy, "actions/deploy-pages")
    assert step.get("id") == "deployment", (
        "publish.yml: give the deploy-pages step `id: deployment` (the environment url reads it)."
    )
    look = jobs["look-pages"]
    assert look.get("needs") in ("deploy", ["deploy"]), "publish.yml: look-pages must need the Pages deploy."
    smoke = next(s for s in steps(look) if normalise(str(s.get("run", ""))).startswith("make smoke "))
    assert (smoke.get("env") or {}).get("SITE_URL") == "${{ needs.deploy.outputs.page_url }}", (
        "publish.yml: look at the address GitHub Pages reports (needs.deploy.outputs.page_url)."
    )


def test_server_deploys_run_from_main_after_all_checks_in_a_protected_environment():
    jobs = load(PUBLISH)["jobs"]
    for job_id, mode, target in (("deploy-push", "push", "make deploy-push"), ("release-pull", "pull", "make publish-release")):
        job = jobs[job_id]
        where = f"publish.yml, job `{job_id}`"
        assert job.get("needs") in ("build", ["build"]), f"{where}: needs the build job (all checks)."
        assert normalise(str(job.get("if", ""))) == (
            f"github.ref == 'refs/heads/main' && contains(vars.PORTAL_DEPLOY, '{mode}')"
        ), f"{where}: only from main, when the repository variable PORTAL_DEPLOY names `{mode}`."
        assert (job.get("environment") or {}).get("name") == "municipal-server", (
            f"{where}: deploy through the `municipal-server` environment (its secrets and protection rules)."
        )
        assert runs_command({"jobs": {"j": job}}, target), f"{where}: run `{target}`."
        download = step_using(job, "actions/download-artifact")
        assert (download.get("with") or {}).get("name") == "portal-release", (
            f"{where}: deploy the tested archive: download the `portal-release` artifact."
        )
    push = jobs["deploy-push"]
    step = next(s for s in steps(push) if normalise(str(s.get("run", ""))) == "make deploy-push")
    env = step.get("env") or {}
    assert env.get("DEPLOY_SSH_KEY") == "${{ secrets.DEPLOY_SSH_KEY }}", (
        "publish.yml: the SSH key comes from the environment secret DEPLOY_SSH_KEY, in the push step only."
    )
    assert env.get("DEPLOY_KNOWN_HOSTS") == "${{ vars.DEPLOY_KNOWN_HOSTS }}", (
        "publish.yml: the server's host key is pinned from the variable DEPLOY_KNOWN_HOSTS."
    )
    assert_runs_in_order("publish.yml (deploy-push)", push, ["make deploy-push", "make smoke"])
    secrets_used = [
        (job_id, s.get("name")) for job_id, job in jobs.items() for s in steps(job)
        if "secrets." in json.dumps(s.get("env") or {}) or "secrets." in json.dumps(s.get("with") or {})
    ]
    assert secrets_used == [("deploy-push", step.get("name"))], f"publish.yml: secrets only in the push step: {secrets_used}"
    push_script = (ROOT / "scripts" / "deploy" / "push.sh").read_text(encoding="utf-8")
    assert "StrictHostKeyChecking=yes" in push_script and "StrictHostKeyChecking=no" not in push_script
    assert "accept-new" not in push_script, "push.sh: never accept a host key that is not pinned."


def test_sources_workflow_reports_weekly_with_least_privilege():
    workflow = load(SOURCES)
    on = triggers(workflow)
    assert set(on) == {"schedule", "workflow_dispatch"}, "sources.yml: a weekly schedule and workflow_dispatch only."
    cron = on["schedule"][0]["cron"].split()
    assert len(cron) == 5 and cron[2] == "*" and cron[3] == "*" and cron[4] not in ("*",), (
        "sources.yml: run once a week (a day of the week in the cron line)."
    )
    assert workflow.get("permissions") == {}, "sources.yml: top-level `permissions: {}`."
    (job,) = workflow["jobs"].values()
    assert job.get("permissions") == {"contents": "read"}
    assert runs_command(workflow, 'make linkcheck >> "$GITHUB_STEP_SUMMARY"'), (
        "sources.yml: append `make linkcheck` to the job summary."
    )


def test_every_run_line_is_a_make_target_that_exists():
    makefile = MAKEFILE.read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z0-9-]*)\s*:(?!=)", makefile, re.MULTILINE))
    for path in all_workflow_files():
        for job_id, step in all_steps(load(path)):
            if "run" not in step:
                continue
            lines = [line.strip() for line in str(step["run"]).splitlines() if line.strip()]
            assert len(lines) == 1, f"{path.name}, job `{job_id}`: one make target per step; found {lines!r}."
            match = MAKE_LINE_RE.match(lines[0])
            assert match, (
                f"{path.name}, job `{job_id}`: `{lines[0]}` must be `make <target>`, with VARIABLE=value "
                "arguments and at most `>> \"$GITHUB_STEP_SUMMARY\"`; put anything else in the Makefile."
            )
            assert match["target"] in targets, (
                f"{path.name}, job `{job_id}`: the Makefile has no target `{match['target']}`."
            )


def test_every_job_that_runs_the_browser_tests_uses_the_runners_chrome():
    found = 0
    for path in all_workflow_files():
        workflow = load(path)
        for job_id, job in workflow["jobs"].items():
            for step in steps(job):
                line = normalise(str(step.get("run", "")))
                if line.startswith(("make test", "make browsers")):
                    found += 1
                    env = {**(workflow.get("env") or {}), **(job.get("env") or {}), **(step.get("env") or {})}
                    assert env.get("CHROMIUM_PATH") == RUNNER_CHROME, (
                        f"{path.name}, job `{job_id}`: `{line}` needs `CHROMIUM_PATH: {RUNNER_CHROME}` "
                        "(job env): Ubuntu's chromium is a snap Playwright cannot drive, and installing "
                        "a browser costs minutes."
                    )
    assert found >= 4, "expected `make browsers` and `make test` in pr.yml and publish.yml"


def test_readme_names_the_required_checks():
    readme = README.read_text(encoding="utf-8")
    for title in REQUIRED_CHECKS.values():
        assert f"`{title}`" in readme, f"README.md: name the required check `{title}` exactly."


def test_ci_rehearsal_runs_every_step_of_the_checks_in_order():
    """`make ci` (scripts/ci/rehearse.py) plans from the workflow files: every run step of every job
    that does not deploy, in the workflows' order; the deploys are named as skipped."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "ci" / "rehearse.py"), "--dry-run"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    plan = [line.split("\t") for line in result.stdout.splitlines()]
    # (workflow, job, command without the environment in front of it), for every step rehearsed
    rehearsed = [(wf, job, command[command.index("make "):]) for wf, job, state, command in plan
                 if state == "run" or state.startswith("skip: ran above")]
    expected = [(name, job_id, normalise(step["run"]))
                for name in ("pr.yml", "publish.yml")
                for job_id, job in load(WORKFLOWS / name)["jobs"].items() if not job.get("environment")
                for step in steps(job) if "run" in step]
    assert rehearsed == expected, "make ci must rehearse every run step of the checks, in the workflows' order"
    skipped = {(wf, job) for wf, job, state, _ in plan if state.startswith("skip: deploys")}
    assert skipped == {("publish.yml", "deploy-push"), ("publish.yml", "release-pull")}
    assert ("publish.yml", "deploy", "serve site/", "") in [tuple(p) for p in plan], (
        "make ci stands in for the Pages deploy with a local server, so the check after it runs"
    )
    ran = [command for _, _, state, command in plan if state == "run"]
    assert sum(1 for command in ran if command == "make test") == 1, "the tests run once"


# --------------------------------------------------------------------------- commands


def test_readme_starts_with_serve_then_test_command():
    serve, test = readme_commands()
    assert "serve" in serve, (
        f"README.md's first shell command should be the serve command (`make serve`); "
        f"found `{serve}`."
    )
    assert "test" in test, (
        f"README.md's second shell command should be the test command (`make test`); "
        f"found `{test}`."
    )


def test_workflows_run_the_readme_test_command_and_make_build():
    _, test = readme_commands()
    for name, workflow in workflows().items():
        if name == "sources.yml":
            continue   # the weekly link check builds and tests nothing
        assert runs_command(workflow, test), (
            f"{name} must run README.md's test command `{test}` as a step of its own, so "
            "CI checks exactly what a developer runs."
        )
        assert runs_command(workflow, "make build"), f"{name} must run `make build`."
        for text in run_texts(workflow):
            for line in text.splitlines():
                assert not re.match(r"\s*(mkdocs|pytest|python3? -m (mkdocs|pytest))\b", line), (
                    f"{name}: `{line.strip()}` inlines a Makefile recipe; call the make "
                    "target instead."
                )


def test_no_expressions_inside_run_scripts():
    for path in all_workflow_files():
        for job_id, step in all_steps(load(path)):
            run = str(step.get("run", ""))
            for banned in ("${{ github.event", "${{ github.head_ref", "${{"):
                assert banned not in run, (
                    f"{path.name}, job `{job_id}`: `{banned}` inside `run:` is open to "
                    "template injection. Pass the value through the step's `env:` and use "
                    "it as \"$NAME\" in the script."
                )


# --------------------------------------------------------------------------- linters


def test_zizmor_reports_no_findings():
    zizmor = tool("zizmor")
    command = [str(zizmor), "--offline", "--no-progress", "--format", "json", ".github/workflows"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    readable = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", ".github/workflows"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        findings = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        findings = None
    assert result.returncode == 0 and findings == [], (
        "zizmor --offline .github/workflows must report no finding; fix each one (or, if "
        "truly unavoidable, add zizmor's inline `# zizmor: ignore[<audit>]` comment with a "
        f"reason):\n{readable.stdout}\n{readable.stderr}"
    )


@pytest.mark.parametrize("workflow", ["pr.yml", "publish.yml", "sources.yml"])
def test_workflow_matches_github_schema(workflow):
    result = subprocess.run(
        [
            str(tool("check-jsonschema")),
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOWS / workflow),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        f"{workflow} does not match GitHub's workflow schema:\n{result.stdout}{result.stderr}"
    )


def test_dependabot_matches_schema_and_covers_pip_and_actions():
    result = subprocess.run(
        [str(tool("check-jsonschema")), "--builtin-schema", "vendor.dependabot", str(DEPENDABOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, (
        f"dependabot.yml does not match Dependabot's schema:\n{result.stdout}{result.stderr}"
    )
    updates = load(DEPENDABOT)["updates"]
    ecosystems = {u["package-ecosystem"]: u for u in updates}
    for ecosystem in ("pip", "github-actions"):
        assert ecosystem in ecosystems, f"dependabot.yml: add an update entry for `{ecosystem}`."
        interval = ecosystems[ecosystem]["schedule"]["interval"]
        assert interval == "weekly", f"dependabot.yml: `{ecosystem}` should be checked weekly."


def test_issue_forms_match_schema():
    forms = [
        p
        for p in sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.y*ml"))
        if p.stem != "config"
    ]
    for form in forms:
        result = subprocess.run(
            [
                str(tool("check-jsonschema")),
                "--builtin-schema",
                "vendor.github-issue-forms",
                str(form),
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, (
            f"{form.name} is not a valid GitHub issue form:\n{result.stdout}{result.stderr}"
        )


# --------------------------------------------------------------------------- owners, hooks


def codeowners_rules() -> list[tuple[str, list[str]]]:
    assert CODEOWNERS.is_file(), ".github/CODEOWNERS is missing."
    rules = []
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def test_communications_office_owns_every_path():
    rules = codeowners_rules()
    assert rules and rules[0] == ("*", [COMMUNICATIONS]), (
        f"CODEOWNERS must start with `* {COMMUNICATIONS}`."
    )
    for pattern, owners in rules:
        assert COMMUNICATIONS in owners, (
            f"CODEOWNERS: `{pattern}` must also list {COMMUNICATIONS}; later lines override "
            "earlier ones, so without it the office's review would not be required there."
        )


def test_offices_own_their_data():
    owners = {pattern.strip("/"): set(o) for pattern, o in codeowners_rules()}
    expected = {
        "data/sister-cities": "@tehran-intl/specialised-organisations",
        "data/memberships": "@tehran-intl/specialised-organisations",
        "data/exhibitions": "@tehran-intl/specialised-organisations",
        "data/findings": COMMUNICATIONS,
        "data/council": "@tehran-intl/strategic-council",
        "scripts": "@tehran-intl/portal-maintainers",
        "overrides": "@tehran-intl/portal-maintainers",
        ".github": "@tehran-intl/portal-maintainers",
        ".ci": "@tehran-intl/portal-maintainers",
        "mkdocs.yml": "@tehran-intl/portal-maintainers",
        "pyproject.toml": "@tehran-intl/portal-maintainers",
        "requirements.lock": "@tehran-intl/portal-maintainers",
        "Makefile": "@tehran-intl/portal-maintainers",
    }
    for path, team in expected.items():
        assert team in owners.get(path, set()), f"CODEOWNERS: `/{path}` must be owned by {team}."


def test_pre_commit_hooks_are_local_only():
    config = load(ROOT / ".pre-commit-config.yaml")
    hook_ids = []
    for repo in config["repos"]:
        assert repo["repo"] == "local", (
            f".pre-commit-config.yaml: `{repo['repo']}` is fetched from the network; use "
            "`repo: local` hooks with `language: system` (the machine may be offline)."
        )
        for hook in repo["hooks"]:
            assert hook["language"] == "system", (
                f".pre-commit-config.yaml: hook `{hook['id']}` must use `language: system`."
            )
            hook_ids.append(hook["id"])
    validate = next(
        (h for r in config["repos"] for h in r["hooks"] if "portal validate data" in h["entry"]),
        None,
    )
    assert validate is not None, ".pre-commit-config.yaml: add a `portal validate data` hook."
    assert validate.get("pass_filenames") is False and validate.get("files") == "^data/", (
        ".pre-commit-config.yaml: the validate hook needs `files: '^data/'` and "
        "`pass_filenames: false`."
    )
