"""MkDocs loads this file afresh whenever it reads mkdocs.yml (on every `mkdocs serve` rebuild).

The adapter itself is imported as a normal module, so its caches (validated data, compiled
templates) survive between rebuilds; this file only hands its hooks to MkDocs.
"""
from portal.mkdocs_adapter import (  # noqa: F401  (MkDocs finds hooks by name)
    on_config, on_env, on_files, on_nav, on_page_content, on_page_context, on_post_build, on_post_page, on_post_template,
    on_pre_template, on_serve,
)
