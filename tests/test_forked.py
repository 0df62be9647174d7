"""portal.forked: background work in forked children, never more at once than the free cores."""
from __future__ import annotations

import os
import time

import pytest

from portal.forked import Forked, Queue


def _span(seconds: float) -> tuple[float, float, int]:
    start = time.monotonic()
    time.sleep(seconds)
    return start, time.monotonic(), os.getpid()


def _most_at_once(spans) -> int:
    events = sorted([(start, 1) for start, _, _ in spans] + [(end, -1) for _, end, _ in spans])
    running = most = 0
    for _, change in events:
        running += change
        most = max(most, running)
    return most


@pytest.mark.parametrize("slots", [1, 2])
def test_queue_runs_at_most_its_slots_at_once(slots):
    queue = Queue(slots=slots)
    tasks = [queue.submit(_span, 0.2) for _ in range(5)]
    spans = [queue.wait(task) for task in tasks]
    assert len({pid for _, _, pid in spans} | {os.getpid()}) == 6, "each task runs in its own child"
    assert _most_at_once(spans) == slots
    # Starts are read inside the children: two started together may read the clock in either
    # order on a busy machine (parallel tests), but a task never starts before the one `slots`
    # places ahead of it in the queue.
    starts = [s for s, _, _ in spans]
    assert all(starts[i] < starts[i + slots] for i in range(len(starts) - slots)), "tasks start in the order given"


def test_queue_without_free_slot_still_finishes():
    queue = Queue(slots=0)   # a one-core machine: the build waits, so the task runs anyway
    assert queue.wait(queue.submit(sum, [1, 2, 3])) == 6


def test_raising_more_slots_starts_waiting_tasks():
    queue = Queue(slots=1)
    first, second = queue.submit(_span, 0.3), queue.submit(_span, 0.3)
    time.sleep(0.05)
    queue.poll()
    assert first.started and not second.started
    queue.slots = 2          # as when MkDocs is done
    queue.poll()
    assert second.started
    a, b = queue.wait(first), queue.wait(second)
    assert b[0] < a[1], "the second ran beside the first"


def _fail():
    raise ValueError("broken record page")


def test_a_failed_task_raises_when_waited_for():
    queue = Queue(slots=1)
    task = queue.submit(_fail)
    with pytest.raises(RuntimeError, match="background part of the build failed"):
        queue.wait(task)
    with pytest.raises(RuntimeError):
        Forked(_fail).result()
