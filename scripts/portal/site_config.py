"""What the portal's plain-Python tools need from mkdocs.yml, read without MkDocs.

The validator, the CLI and the tests ask the same questions the build does (where the prose and
the theme overrides live, which languages the site has), so they read the one configuration file
instead of repeating its answers. `!ENV` tags are resolved as MkDocs resolves them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CONFIG_NAME = "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """A safe loader that understands MkDocs' `!ENV NAME` and `!ENV [NAME, ..., default]`."""


def _env(loader: _ConfigLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        values = loader.construct_sequence(node)
        names, default = values[:-1] or values, values[-1] if len(values) > 1 else None
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default


_ConfigLoader.add_constructor("!ENV", _env)


@dataclass(frozen=True)
class SiteTree:
    """The folders of a site whose files reach the build: prose, theme overrides, data."""

    root: Path
    content: Path
    overrides: Path | None

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME


@lru_cache(maxsize=8)
def read_config(config_file: Path) -> dict:
    with open(config_file, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_ConfigLoader) or {}   # noqa: S506 (a safe loader subclass)


def site_tree(root: Path) -> SiteTree | None:
    """The site whose mkdocs.yml is in `root`, or None when there is none."""
    root = Path(root).absolute()
    config_file = root / CONFIG_NAME
    if not config_file.is_file():
        return None
    config = read_config(config_file)
    theme = config.get("theme") or {}
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return SiteTree(root, root / config.get("docs_dir", "docs"), root / custom_dir if custom_dir else None)
