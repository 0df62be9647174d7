"""Work done in forked child processes while the build goes on; results come back through pipes.

The build has two cores and MkDocs uses one: open data, record pages and search indexes are
made on the other, and on both once MkDocs is done (on one core, each when the build waits for
it). A fork shares the parent's validated data without pickling it; only the result is sent back.

A Queue never runs more processes than there are free cores: measured at 3,000 records, record
pages cost 1.8 times the CPU time when four processes took turns on two cores (each switch
starts the next one with cold caches), so more processes at once made the build slower.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from multiprocessing.connection import wait as wait_for_any
from typing import Callable


class Forked:
    """`function(*args)` in a child process; `result()` waits for it (and raises if it failed).

    Started at once, or, with start=False, by a Queue when a core is free (or by result()).
    """

    def __init__(self, function: Callable, *args, start: bool = True):
        self._function, self._args = function, args
        self._process = None
        self._done = False
        self._value = None
        if start:
            self.start()

    @property
    def started(self) -> bool:
        return self._process is not None

    def start(self) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        gc.freeze()   # the child will not copy or scan the parent's objects when it collects garbage
        self._process = context.Process(target=_child, args=(self._function, self._args, sender), daemon=True)
        self._process.start()
        gc.unfreeze()
        sender.close()

    def ready(self) -> bool:
        """True once the result is in; never waits for a child that is still working."""
        if not self._done and self.started and self._receiver.poll():
            self._collect()
        return self._done

    def result(self):
        if not self.started:
            self.start()
        if not self._done:
            self._collect()
        if self._process.exitcode != 0:
            raise RuntimeError(f"a background part of the build failed (exit code {self._process.exitcode}); "
                               "see the error printed above")
        return self._value

    def _collect(self) -> None:
        try:
            self._value = self._receiver.recv()   # before join: a full pipe would block the child
        except EOFError:
            pass
        self._receiver.close()
        self._process.join()
        self._done = True


class Queue:
    """Tasks in forked children, started in the order given, at most `slots` running at once.

    `slots` is the number of cores the build leaves free: one while MkDocs renders, all of them
    once it is done. poll() (cheap; call it often) starts waiting tasks as running ones finish.
    """

    def __init__(self, slots: int):
        self.slots = slots
        self._tasks: list[Forked] = []

    def submit(self, function: Callable, *args) -> Forked:
        task = Forked(function, *args, start=False)
        self._tasks.append(task)
        self.poll()
        return task

    def poll(self) -> None:
        self._tasks = [task for task in self._tasks if not task.ready()]
        running = sum(task.started for task in self._tasks)
        for task in self._tasks:
            if running >= self.slots:
                break
            if not task.started:
                task.start()
                running += 1

    def wait(self, task: Forked):
        """The task's result, running the tasks before it (and it) as cores are free."""
        while not task.ready():
            self.poll()   # leaves only unfinished tasks in _tasks
            if task.ready():   # it may have finished during poll (its pipe is closed by now)
                break
            running = [t for t in self._tasks if t.started]
            if task.started and task not in running:   # a task of an earlier queue
                running.append(task)
            if not running:   # no free slot at all (one core): run the next task anyway
                next((t for t in self._tasks if not t.started), task).start()
                continue
            wait_for_any([t._receiver for t in running])
        return task.result()


def _child(function: Callable, args: tuple, sender) -> None:
    sender.send(function(*args))
    sender.close()


def cores() -> int:
    return os.cpu_count() or 1
