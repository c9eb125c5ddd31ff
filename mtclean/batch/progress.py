"""A progress bar for batch jobs on a terminal: units done, units per second, ETA.

The bar measures bytes of input read (the one total known before the end) and shows the
unit count and rate beside it. Off the terminal it stays silent.
"""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total_bytes: int, *, enabled: bool, start_bytes: int = 0,
                 start_units: int = 0) -> None:
        self.units = start_units
        self._first_units = start_units
        self._started = time.monotonic()
        self._bar = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total_bytes, initial=start_bytes, file=sys.stderr, leave=True,
                dynamic_ncols=True, mininterval=0.5,
                bar_format="{percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]",
            )
            self._position = start_bytes

    def update(self, units: int, position: int) -> None:
        self.units += units
        if self._bar is None:
            return
        rate = (self.units - self._first_units) / max(time.monotonic() - self._started, 1e-6)
        self._bar.set_description_str(f"{self.units:,} units, {rate:,.0f} units/s",
                                      refresh=False)
        self._bar.update(max(0, position - self._position))
        self._position = max(self._position, position)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.refresh()  # the last state stays on screen: count, rate, time
            self._bar.close()
            self._bar = None
