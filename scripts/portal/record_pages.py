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
from .search_index import document_from_html

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
    url: str            # the page's path from the site root, for the search index

    def run(self) -> dict | None:
        """Writes the page; returns what the search index keeps of it."""
        html = self.renderer.render(self.spec, self.lang, self.frame, self.base_url, self.edit_url)
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        self.dest.write_text(html, encoding="utf-8")
        return document_from_html(self.url, html)


class Writer:
    """Runs jobs in forked processes while the build goes on (in this process when they are few).

    The mkdocs adapter starts one per language as soon as that language's frames are rendered,
    so record pages are written on the other core while MkDocs builds the next language. Each
    language's pages are shared between one process per core: the last language's then do not
    wait on one core while the other is idle. The pages' search documents come back through pipes.
    """

    def __init__(self, jobs: list[Job], in_process_below: int = 400):
        self.count = len(jobs)
        self._children: list = []
        self._documents: list = []
        cores = os.cpu_count() or 1
        if len(jobs) < in_process_below or cores == 1:
            self._documents = _run(jobs)
            return
        context = multiprocessing.get_context("fork")
        gc.freeze()   # the children will not copy or scan the build's objects when they collect garbage
        for share in range(cores):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_run, args=(jobs[share::cores], sender), daemon=True)
            process.start()
            sender.close()
            self._children.append((process, receiver))
        gc.unfreeze()

    def wait(self) -> list:
        """Returns the pages' search documents once every page is written; raises if a writer failed."""
        for process, receiver in self._children:
            try:
                self._documents += receiver.recv()   # before join: a full pipe would block the child
            except EOFError:
                pass
            process.join()
            if process.exitcode != 0:
                raise RuntimeError(f"writing record pages failed (exit code {process.exitcode}); "
                                   "see the error printed above")
        self._children = []
        return self._documents


def _run(jobs: list[Job], sender=None) -> list:
    if sender is not None:
        os.nice(10)   # MkDocs, building the next language in the parent, goes first
    documents = [job.run() for job in jobs]
    if sender is not None:
        sender.send(documents)
        sender.close()
    return documents
