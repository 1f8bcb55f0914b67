"""The crawl-cost benchmark reads a running crawl process's CPU seconds from /proc."""

import subprocess
import sys
import time
import uuid

from benchmarks.crawl_cost import crawl_process_cpu

SPIN_THEN_WAIT = """
import time
end = time.process_time() + 0.3
while time.process_time() < end:
    pass
time.sleep(30)
"""


def test_the_cpu_seconds_of_a_running_process_are_read():
    marker = f"cost-test-{uuid.uuid4().hex}"  # its own name: other tests may be crawling
    assert crawl_process_cpu(marker.encode()) == 0.0  # none running yet
    process = subprocess.Popen([sys.executable, "-c", SPIN_THEN_WAIT, marker])
    try:
        deadline = time.monotonic() + 20
        while crawl_process_cpu(marker.encode()) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert 0.3 <= crawl_process_cpu(marker.encode()) < 5
    finally:
        process.kill()
        process.wait()
    assert crawl_process_cpu(marker.encode()) == 0.0
