"""Keeping Ctrl-C out of code that cannot be interrupted halfway.

The ``mtclean`` command turns SIGINT into an exception raised wherever the main thread
happens to be (mtclean/cli.py). Most of a job unwinds cleanly from anywhere, but the
insides of :class:`concurrent.futures.ProcessPoolExecutor` do not: interrupted between
starting a worker and recording it, the pool never stops that worker; interrupted between
creating its thread and starting it, the pool cannot shut down. Either way the job hangs
on its way out instead of exiting. Such calls run inside :func:`interrupts_held`.

"Wherever" includes places an exception cannot leave, where Python drops it: a job that
may be interrupted there takes it up again with :func:`dropped_interrupts_kept`.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Run the block whole; a Ctrl-C that arrives meanwhile takes effect when it ends.

    SIGINT is also blocked in this thread for the block, so a process started inside it
    (a worker, the forkserver) begins with SIGINT blocked and cannot die of a Ctrl-C
    before it has set its own handling. A no-op outside the main thread, where Python
    runs no signal handler.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is None:  # a handler installed outside Python: leave it alone
        yield
        return
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    masking = hasattr(signal, "pthread_sigmask")
    if masking:
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if masking:
            # A SIGINT that came while blocked is delivered here, to the recorder.
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        signal.signal(signal.SIGINT, previous)
        if caught:
            # Deliver it to the handler it was meant for (the job's, or the default).
            signal.raise_signal(signal.SIGINT)


def block_interrupts() -> None:
    """Block SIGINT in this thread again, inside :func:`interrupts_held`, after a call
    that unblocked it (the multiprocessing resource tracker does as it starts)."""
    if hasattr(signal, "pthread_sigmask") and \
            threading.current_thread() is threading.main_thread():
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


@contextmanager
def dropped_interrupts_kept() -> Iterator[Callable[[], None]]:
    """Yield a function that raises a Ctrl-C which Python dropped within the block.

    The job's SIGINT handler raises in the main thread wherever it happens to be, and that
    can be a garbage-collector callback or a ``__del__`` method (Dask's scheduler, run in
    this process, hooks a callback into every collection). An exception cannot leave
    those: Python prints it as "ignored" and goes on as if no Ctrl-C had come. Within the
    block such an exception is kept, unprinted, for the function to raise where the job
    can stop.
    """
    kept: list[BaseException] = []
    previous = sys.unraisablehook

    def keep(unraisable) -> None:
        if isinstance(unraisable.exc_value, (KeyboardInterrupt, SystemExit)) and \
                threading.current_thread() is threading.main_thread():
            kept.append(unraisable.exc_value)
        else:
            previous(unraisable)

    def raise_kept() -> None:
        if kept:
            raise kept[0]

    sys.unraisablehook = keep
    try:
        yield raise_kept
    finally:
        sys.unraisablehook = previous
