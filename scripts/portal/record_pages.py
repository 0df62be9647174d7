"""Render and write record pages from their frames (portal.frames), on every core.

A record's content is rendered by its own template (overrides/portal/<kind>.html, which extends
portal/layout.html) in an overlay of the theme's Jinja environment whose main.html is only the
content block: the template's output is then exactly what it puts inside Material's page.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import jinja2

from .frames import Frame, record_id
from .pages import PageSpec

_CONTENT_ONLY = {"main.html": "{% block content %}{% endblock %}"}


class RecordRenderer:
    """Record pages of one language, from the Jinja environment MkDocs made for that language."""

    def __init__(self, env: jinja2.Environment, config):
        self._content = env.overlay(loader=jinja2.ChoiceLoader([jinja2.DictLoader(_CONTENT_ONLY), env.loader]))
        self._jsonld = env.get_template("partials/portal-jsonld.html")
        self._config = config

    def render(self, spec: PageSpec, lang: str, frame: Frame, base_url: str, edit_url: str | None) -> str:
        portal = spec.build(lang)
        title = spec.titles[lang]
        page = SimpleNamespace(title=title, meta={"template": spec.template, "title": title})
        content = self._content.get_template(spec.template).render(
            portal=portal, page=page, base_url=base_url, edit_data_url=edit_url, config=self._config)
        return frame.fill(id=record_id(spec), title=title, content=content,
                          jsonld=self._jsonld.render(portal=portal))


@dataclass
class Job:
    renderer: RecordRenderer
    spec: PageSpec
    lang: str
    frame: Frame
    base_url: str
    edit_url: str | None
    dest: Path

    def run(self) -> None:
        html = self.renderer.render(self.spec, self.lang, self.frame, self.base_url, self.edit_url)
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        self.dest.write_text(html, encoding="utf-8")


class Writer:
    """Runs jobs in a forked process while the build goes on (in this process when they are few).

    The mkdocs adapter starts one per language as soon as that language's frames are rendered,
    so record pages are written on the second core while MkDocs builds the next language.
    """

    def __init__(self, jobs: list[Job], in_process_below: int = 400):
        self.count = len(jobs)
        self._process = None
        if len(jobs) < in_process_below or (os.cpu_count() or 1) == 1:
            for job in jobs:
                job.run()
            return
        gc.freeze()   # the child will not copy or scan the build's objects when it collects garbage
        self._process = multiprocessing.get_context("fork").Process(target=_run, args=(jobs,), daemon=True)
        self._process.start()
        gc.unfreeze()

    def wait(self) -> None:
        """Returns when every page is written; raises if the writer failed."""
        if self._process is not None:
            self._process.join()
            if self._process.exitcode != 0:
                raise RuntimeError(f"writing {self.count} record pages failed (exit code {self._process.exitcode}); "
                                   "see the error printed above")


def _run(jobs: list[Job]) -> None:
    for job in jobs:
        job.run()
