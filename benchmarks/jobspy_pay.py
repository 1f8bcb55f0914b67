"""JobSpy's own reading of pay in free text, for side-by-side comparison with ours.

Run by `benchmarks.accuracy` in-process when `jobspy` imports, or as a script under another
interpreter (a venv holding python-jobspy): JSON list of texts on stdin, JSON list of
[min, max, interval, currency] (or null) on stdout. Standalone on purpose: no project imports.

JobSpy 1.4 reads pay from description text in `jobspy.linkedin.LinkedIn._guess_salary`
(first "$min - $max" range; the interval guessed from the size of the amounts). Older 1.1.x
releases exposed `jobspy.scrapers.utils.extract_salary`; both are supported.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable


def _reader() -> tuple[str, Callable[[str], list | None]]:
    try:
        from jobspy.linkedin import LinkedIn  # jobspy >= 1.4

        def read(text: str) -> list | None:
            pay = LinkedIn._guess_salary(text)
            if pay.min_amount is None and pay.max_amount is None:
                return None
            interval = pay.interval.value if pay.interval else None
            return [pay.min_amount, pay.max_amount, interval, pay.currency]

        return "jobspy.linkedin.LinkedIn._guess_salary(text)", read
    except ImportError:
        from jobspy.scrapers.utils import extract_salary  # jobspy 1.1.x

        def read_old(text: str) -> list | None:
            interval, low, high, currency = extract_salary(text)
            if low is None and high is None:
                return None
            return [low, high, getattr(interval, "lower", lambda: interval)(), currency]

        return "jobspy.scrapers.utils.extract_salary(text)", read_old


def read_all(texts: list[str]) -> dict:
    method, read = _reader()
    results = []
    for text in texts:
        try:
            results.append(read(text))
        except Exception as error:  # a crash on one text is a miss, not the end of the report
            results.append({"error": repr(error)})
    try:
        from importlib.metadata import version

        release = version("python-jobspy")
    except Exception:
        release = "unknown"
    return {"method": method, "version": release, "results": results}


if __name__ == "__main__":
    json.dump(read_all(json.load(sys.stdin)), sys.stdout)
