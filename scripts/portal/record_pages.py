"""Render and write record pages from their frames (portal.frames), on every core.

A record's content is rendered by its own template (overrides/portal/<kind>.html, which extends
portal/layout.html) in an overlay of the theme's Jinja environment whose main.html is only the
content block: the template's output is then exactly what it puts inside Material's page.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from types import SimpleNamespace

import jinja2

from .forked import Queue
from .frames import Frame, record_id
from .pages import PageSpec
from .pages.common import updated_text
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
            portal=portal, page=page, base_url=base_url, edit_data_url=edit_url, config=self._config,
            page_updated=updated_text(spec.updated, lang))
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
    dest: str           # the file to write
    url: str            # the page's path from the site root, for the search index

    def run(self) -> dict | None:
        """Writes the page; returns what the search index keeps of it."""
        html = self.renderer.render(self.spec, self.lang, self.frame, self.base_url, self.edit_url)
        os.makedirs(os.path.dirname(self.dest), exist_ok=True)
        with open(self.dest, "w", encoding="utf-8") as file:
            file.write(html)
        return document_from_html(self.url, html)


class Writer:
    """Writes a language's record pages in forked processes of a Queue.

    The mkdocs adapter makes one per language as soon as that language's frames are rendered,
    so record pages are written on the free core while MkDocs builds the next language, and on
    every core once it is done. The pages go in chunks of about CHUNK: big enough that a fork
    costs little beside its work, small enough to share the last ones between the cores. The
    pages' search documents come back with the result.
    """

    CHUNK = 750

    def __init__(self, jobs: list[Job], queue: Queue):
        self.count = len(jobs)
        self._queue = queue
        size = -(-len(jobs) // -(-len(jobs) // self.CHUNK)) if jobs else 1   # equal chunks of at most CHUNK
        self._chunks = [queue.submit(_run, jobs[start:start + size]) for start in range(0, len(jobs), size)]

    def wait(self) -> list:
        """The pages' search documents, once every page is written; raises if a writer failed."""
        return [document for chunk in self._chunks for document in self._queue.wait(chunk)]


def _run(jobs: list[Job]) -> list:
    return [job.run() for job in jobs]
