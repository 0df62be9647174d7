"""Problems found in data files: one line each, in English and in Persian.

A Problem always names the file, the line and the column, so a staff member can go straight
to the mistake; `render` produces the `PATH:LINE:COLUMN: error: MESSAGE` line that editors,
terminals and GitHub annotations understand.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str            # relative to the repository root, with forward slashes
    line: int            # 1-based
    column: int          # 1-based
    severity: str = field(compare=False)
    code: str = field(compare=False)          # stable machine name, e.g. "unknown-field"
    message_en: str = field(compare=False)
    message_fa: str = field(compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def render(self) -> str:
        """Two lines: the English message, then the same message in Persian."""
        head = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message_en}"
        fa_word = "خطا" if self.is_error else "هشدار"
        return f"{head}\n    {fa_word}: {self.message_fa}"

    def github_annotation(self) -> str:
        """A workflow command that GitHub shows on the pull request's diff."""
        kind = "error" if self.is_error else "warning"
        text = f"{self.message_en} / {self.message_fa}"
        # Workflow commands need %, CR and LF escaped (GitHub's documented encoding).
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.column},title={self.code}::{text}"


# Stand-alone numbers ("9 روز", "سطر 6") read better in Persian digits; numbers that are part of a
# date, a path, an id or a field name ("1398/02/06", "meeting-04", "terms.0") stay as written.
_LONE_NUMBER = re.compile(r"(?<![\w./:-])\d+(?![\w./:-])")
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def persian_numbers(text: str) -> str:
    return _LONE_NUMBER.sub(lambda m: m.group().translate(_PERSIAN_DIGITS), text)


class ProblemList(list):
    """Collects problems; errors stop the build, warnings do not."""

    def add(self, path, line, column, code, message_en, message_fa, severity=ERROR) -> None:
        self.append(Problem(path, max(line, 1), max(column, 1), severity, code, message_en, persian_numbers(message_fa)))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self if not p.is_error]
