"""Run a command and print the CPU seconds and peak RSS of what it ran, as JSON on stderr's
last line.

A benchmark holding a large board in memory cannot read its children's peak RSS itself: a
process started from it carries the parent's own high-water mark across `exec` (Linux
records the old address space's peak at exec), so every child would seem at least as big as
the benchmark. Started from this small process, the command's peak is its own.
"""

import json
import resource
import subprocess
import sys


def main() -> None:
    returncode = subprocess.call(sys.argv[1:])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"cpu": cpu, "rss_mb": usage.ru_maxrss / 1024}), file=sys.stderr)
    sys.exit(returncode)


if __name__ == "__main__":
    main()
