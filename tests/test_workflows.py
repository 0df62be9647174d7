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
    return {"pr.yml": load(PR), "publish.yml": load(PUBLISH)}


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
            if name == "publish.yml" and job_id == "deploy":
                assert job["permissions"] == DEPLOY_PERMISSIONS, (
                    f"{where}: must have exactly `pages: write` and `id-token: write`; "
                    f"found {job['permissions']!r}."
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
            if (name, job_id) != ("publish.yml", "deploy"):
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


def assert_build_checks(name: str, job: dict) -> None:
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
    order = ["make browsers", "make validate", "make build", "make test"]
    for command in order:
        assert runs_command(workflow, command), f"{name}: add a step that runs `{command}`."
    lines = [normalise(t) for t in run_texts(workflow)]
    positions = [next(i for i, t in enumerate(lines) if t.startswith(c)) for c in order]
    assert positions == sorted(positions), (
        f"{name}: run the steps in this order: {', '.join(order)}."
    )


def test_pr_workflow_checks_builds_tests_and_uploads_preview():
    workflow = load(PR)
    assert len(workflow["jobs"]) == 1, "pr.yml should have exactly one job."
    job = next(iter(workflow["jobs"].values()))
    assert_build_checks("pr.yml", job)
    upload = step_using(job, "actions/upload-artifact")
    with_ = upload.get("with") or {}
    assert with_.get("name") == "portal-preview", (
        "pr.yml: upload the built site as the artifact `portal-preview` (the PR template "
        "and CONTRIBUTING.md tell reviewers to look for that name)."
    )
    assert str(with_.get("path", "")).rstrip("/") == "site", (
        "pr.yml: the preview artifact must contain `site/`."
    )


def test_pr_workflow_writes_plain_summary_from_env_base_ref():
    job = next(iter(load(PR)["jobs"].values()))
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


def test_publish_builds_then_deploys_to_pages():
    workflow = load(PUBLISH)
    jobs = workflow["jobs"]
    assert set(jobs) == {"build", "deploy"}, (
        f"publish.yml must have the jobs `build` and `deploy`; found {sorted(jobs)}."
    )
    build = jobs["build"]
    assert_build_checks("publish.yml (build)", build)
    pages = step_using(build, "actions/upload-pages-artifact")
    assert str((pages.get("with") or {}).get("path", "")).rstrip("/") == "site", (
        "publish.yml: actions/upload-pages-artifact must upload `path: site/`."
    )

    deploy = jobs["deploy"]
    needs = deploy.get("needs")
    assert needs == "build" or needs == ["build"], (
        "publish.yml: the deploy job must have `needs: build`, so nothing is deployed "
        "when a check fails."
    )
    assert normalise(str(deploy.get("if", ""))) == "github.ref == 'refs/heads/main'", (
        "publish.yml: the deploy job must have `if: github.ref == 'refs/heads/main'`."
    )
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


def test_publish_deploys_never_race():
    concurrency = load(PUBLISH).get("concurrency")
    assert isinstance(concurrency, dict), (
        "publish.yml: set `concurrency: {group: pages, cancel-in-progress: false}`."
    )
    assert concurrency.get("group") == "pages", "publish.yml: concurrency group must be `pages`."
    assert concurrency.get("cancel-in-progress") is False, (
        "publish.yml: `cancel-in-progress: false`, so a running deployment is never cut off."
    )


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


@pytest.mark.parametrize("workflow", ["pr.yml", "publish.yml"])
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
