"""Cron lines: the one check of a five-field cron expression (UTC).

The sources file and the schedules table both check their lines here, with APScheduler's own
parser, so a line that passes is exactly a line the scheduler service can run.
"""

from datetime import UTC


class CronError(ValueError):
    """A cron line that cannot be run; the message says why."""


def cron_trigger(cron: str):
    """The APScheduler trigger of a five-field cron line, in UTC; CronError if invalid."""
    # Imported here: every crawl process validates its source entry, schedule and all.
    from apscheduler.triggers.cron import CronTrigger

    try:
        return CronTrigger.from_crontab(cron.strip(), timezone=UTC)
    except ValueError as exc:
        raise CronError(
            f"bad cron expression {cron!r}: {exc} (five fields: minute hour day month weekday)"
        ) from None
