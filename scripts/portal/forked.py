"""Work done in a forked child process while the build goes on; the result comes back through a pipe.

The build has two cores and MkDocs uses one: open data and record pages are made on the other.
A fork shares the parent's validated data without pickling it; only the result is sent back.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable


class Forked:
    """`function(*args)` in a child process; `result()` waits for it (and raises if it failed)."""

    def __init__(self, function: Callable, *args, nice: int = 0):
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        gc.freeze()   # the child will not copy or scan the parent's objects when it collects garbage
        self._process = context.Process(target=_child, args=(function, args, sender, nice), daemon=True)
        self._process.start()
        gc.unfreeze()
        sender.close()
        self._done = False
        self._value = None

    def result(self):
        if not self._done:
            try:
                self._value = self._receiver.recv()   # before join: a full pipe would block the child
            except EOFError:
                pass
            self._process.join()
            self._done = True
            if self._process.exitcode != 0:
                raise RuntimeError(f"a background part of the build failed (exit code {self._process.exitcode}); "
                                   "see the error printed above")
        return self._value


def _child(function: Callable, args: tuple, sender, nice: int) -> None:
    if nice:
        os.nice(nice)
    sender.send(function(*args))
    sender.close()


def cores() -> int:
    return os.cpu_count() or 1
