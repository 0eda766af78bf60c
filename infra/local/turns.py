"""Whose turn it is to run a function: one at a time, requests first, and background work that steps
aside for a request at each AWS call it makes.

Every function shares this process (its environment, the clock, moto), so one invocation runs at a
time. A `TurnLock` is taken three ways:
- `with lock`: a request (an API call, a mail received). It goes before any background work, and
  also while a background invocation is paused;
- `lock.background()`: background work (a scheduler tick, a queue or a stream batch). It waits while
  a request waits. Inside a function it invokes (`lock.pausable()`), each AWS call the function makes
  starts with `pause()`: when a request waits, the invocation gives the lock up there, the requests
  run (and are journaled, and answered), and it takes the lock back and goes on. So a request waits
  for one AWS call of an import chunk, not for the chunk: the chunk runs beside the API, as two
  functions do in AWS, and a request sees what it could see there (each AWS call whole, since moto
  handles one at a time; the chunk's writes so far, which a replayed chunk tolerates);
- `lock.exclusive()`: running pumps or saving (`drain`, `advance`, `save`). It waits until nobody
  holds the lock, a paused invocation included (it is in the middle of a pump).
Reentrant in the thread holding it. Nothing pauses unless a request waits and background work is
running, so `drain()` and a runtime without its background thread stay deterministic.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class TurnLock:
    def __init__(self) -> None:
        self._state = threading.Condition()
        self._owner: int | None = None  # the thread holding the lock
        self._depth = 0
        self._background = False  # whether the owner's hold is background work
        self._pausable: int | None = None  # the background thread inside a function it invokes
        self._paused: int | None = None  # the background thread that gave the lock up in a pause
        self._waiting = {"request": 0, "exclusive": 0}

    def __enter__(self) -> None:
        self._take("request", lambda: self._owner is None)

    def __exit__(self, *_: object) -> None:
        self._release()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        if self._owner == threading.get_ident() and self._paused is not None:
            raise RuntimeError("pumps cannot run inside a request made while a background invocation is paused")
        self._take("exclusive", lambda: self._owner is None and self._paused is None)
        try:
            yield
        finally:
            self._release()

    @contextmanager
    def background(self) -> Iterator[None]:
        self._take(
            "background", lambda: self._owner is None and self._paused is None and not any(self._waiting.values())
        )
        try:
            yield
        finally:
            self._release()

    @contextmanager
    def pausable(self) -> Iterator[None]:
        """Marks a function invoked under a `background()` hold: it may `pause()` (at its AWS calls)."""
        me = threading.get_ident()
        with self._state:
            marked = self._owner == me and self._background and self._pausable is None
            if marked:
                self._pausable = me
        try:
            yield
        finally:
            if marked:
                with self._state:
                    self._pausable = None

    def pause(self, **_: object) -> None:
        """Lets the waiting requests go first when the caller is a pausable invocation; else nothing.
        (A botocore `before-call` handler: it is given the call's details as keyword arguments.)"""
        me = threading.get_ident()
        with self._state:
            if self._pausable != me or self._owner != me or not self._waiting["request"]:
                return
            depth = self._depth
            self._owner, self._depth, self._background, self._paused = None, 0, False, me
            self._state.notify_all()
            self._state.wait_for(lambda: self._owner is None and not self._waiting["request"])
            self._owner, self._depth, self._background, self._paused = me, depth, True, None

    def _take(self, kind: str, ready: Callable[[], bool]) -> None:
        me = threading.get_ident()
        with self._state:
            if self._owner == me:
                self._depth += 1
                return
            counted = kind in self._waiting
            if counted:
                self._waiting[kind] += 1
            try:
                self._state.wait_for(ready)
            finally:
                if counted:
                    self._waiting[kind] -= 1
                    self._state.notify_all()  # background work waits for nobody to wait
            self._owner, self._depth, self._background = me, 1, kind == "background"

    def _release(self) -> None:
        with self._state:
            self._depth -= 1
            if not self._depth:
                self._owner, self._background = None, False
                self._state.notify_all()
