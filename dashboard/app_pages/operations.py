"""Operations (operators only): sources, schedules, running crawls, run history, health.

Changes are rows in the store; the scheduler service (`hitboard scheduler`) follows them
within seconds. "Run now" asks that service to start the crawl, so this page never runs
a crawl itself and never imports Scrapy.
"""

from datetime import UTC, datetime

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.auth import require_login
from dashboard.escape import md
from dashboard.labels import MISSING
from store import health, schedules

LIVE_REFRESH_SECONDS = 5
HISTORY_ROWS = 200

st.title("Operations")
require_login()

URL = data.database_url()


def _ago(moment: datetime | None) -> str:
    if moment is None:
        return MISSING
    seconds = (datetime.now(UTC) - moment).total_seconds()
    if seconds < 90:
        return f"{seconds:.0f} s ago"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min ago"
    return f"{seconds / 3600:.1f} h ago"


def _table(rows: list[dict] | pd.DataFrame, **options) -> None:
    st.dataframe(
        pd.DataFrame(rows), hide_index=True, placeholder=MISSING, width="stretch", **options
    )


NOTICE = "ops_notice"  # a change's outcome, shown after the rerun that displays it


def _change(action, success: str) -> bool:
    """Run a store function in one transaction, then rerun so every table shows the change
    at once; report it, or the reason it was refused."""
    try:
        data.change(URL, action)
    except schedules.ScheduleError as exc:
        st.error(md(exc))
        return False
    st.session_state[NOTICE] = success
    st.rerun()
    return True


def _notice() -> None:
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(md(notice))
        if notice.endswith(RUN_REQUESTED) and data.scheduler_service(URL) is None:
            st.warning(
                "No scheduler is running, so this crawl waits: start one with "
                "`hitboard scheduler` and it starts the crawl within seconds."
            )


RUN_REQUESTED = ": run requested"
COLOURS = "tableau10"  # distinct, readable hues for up to ten sources


# -- the scheduler service and running crawls ------------------------------------------------


@st.fragment(run_every=LIVE_REFRESH_SECONDS)
def running_crawls() -> None:
    service = data.scheduler_service(URL)
    runs = data.running_crawls(URL)
    if service is None:
        st.warning(
            "No scheduler is running: schedules and “run now” wait until "
            "`hitboard scheduler` is started."
        )
    else:
        st.caption(
            f"Scheduler running: {service['holder']} (alive until at least "
            f"{service['expires_at']:%H:%M:%S} UTC)"
        )
    st.subheader("Running crawls")
    if not runs:
        st.write("No crawl is running.")
        return
    _table(
        [
            {
                "source": run["source"],
                "run": run["id"],
                "trigger": run["trigger"],
                "started": _ago(run["started_at"]),
                "postings so far": run["seen"],
                "dropped": run["dropped"],
                "last heartbeat": _ago(run["heartbeat_at"]),
                "where": run["host"],
            }
            for run in runs
        ]
    )


_notice()
running_crawls()

# -- alerts ------------------------------------------------------------------------------------

alerts = data.open_alerts(URL, limit=50)
st.subheader("Alerts")
if alerts:
    _table(
        [
            {
                "when": alert["created_at"],
                "source": alert["source"],
                "kind": alert["kind"],
                "message": alert["message"],
                "webhook": alert["webhook_status"],
            }
            for alert in alerts
        ]
    )
    if st.button("Acknowledge all", key="ops_ack"):
        ids = [alert["id"] for alert in alerts]
        _change(lambda s: health.acknowledge_alerts(session=s, ids=ids), "Alerts acknowledged")
else:
    st.write("No open alerts.")

# -- sources -----------------------------------------------------------------------------------

sources = data.sources(URL)
schedule_rows = data.schedule_rows(URL)
source_names = [source["name"] for source in sources]

st.subheader("Sources")
if not sources:
    st.info("No sources yet: run `hitboard crawl --sources FILE` or start the scheduler with "
            "`--sources FILE`.")  # fmt: skip
else:
    frame = pd.DataFrame(
        [
            {"source": s["name"], "kind": s["kind"], "enabled": s["enabled"], "url": s["url"]}
            for s in sources
        ]
    )
    edited = st.data_editor(
        frame,
        disabled=["source", "kind", "url"],
        hide_index=True,
        placeholder=MISSING,
        key="ops_sources",
        width="stretch",
    )
    changed = {
        row.source: bool(row.enabled)
        for row in edited.itertuples()
        if bool(row.enabled) != bool(frame.set_index("source").loc[row.source, "enabled"])
    }
    if changed and st.button("Save source switches", key="ops_save_sources"):

        def switch(session) -> None:
            for name, enabled in changed.items():
                schedules.set_source_enabled(session=session, name=name, enabled=enabled)

        _change(switch, "Sources saved")

# -- schedules ---------------------------------------------------------------------------------

st.subheader("Schedules (cron, UTC)")
if schedule_rows:
    _table(
        [
            {
                "source": row["source"],
                "cron": row["cron"],
                "state": row["state"],
                "from": row["origin"],
                "next run": row["next_run"],
            }
            for row in schedule_rows
        ]
    )
else:
    st.write("No schedules.")

if source_names:
    with st.form("ops_add_schedule"):
        st.write("Add or replace a schedule")
        new_source = st.selectbox("Source", source_names, key="ops_new_source")
        new_cron = st.text_input("Cron (minute hour day month weekday)", "0 */6 * * *")
        if st.form_submit_button("Save schedule"):
            _change(
                lambda s: schedules.add_schedule(session=s, source=new_source, cron=new_cron),
                f"{new_source}: scheduled {new_cron}",
            )

    chosen = st.selectbox("Source to act on", source_names, key="ops_chosen")
    pause, resume, remove, run_now = st.columns(4)
    if pause.button("Pause", key="ops_pause"):
        _change(lambda s: schedules.set_paused(session=s, source=chosen, paused=True), "Paused")
    if resume.button("Resume", key="ops_resume"):
        _change(lambda s: schedules.set_paused(session=s, source=chosen, paused=False), "Resumed")
    if remove.button("Remove schedule", key="ops_remove"):
        _change(lambda s: schedules.remove_schedule(session=s, source=chosen), "Schedule removed")
    if run_now.button("Run now", key="ops_run_now"):
        _change(
            lambda s: schedules.request_run(session=s, source=chosen, requested_by="dashboard"),
            f"{chosen}{RUN_REQUESTED}",
        )

    requests = data.recent_requests(URL, limit=10)
    if requests:
        with st.expander("Recent “run now” requests"):
            _table(
                [
                    {
                        "source": r["source"],
                        "asked": r["requested_at"],
                        "by": r["requested_by"],
                        "status": r["status"],
                        "run": r["run_id"],
                        "message": r["message"],
                    }
                    for r in requests
                ]
            )

# -- run history -------------------------------------------------------------------------------

st.subheader("Run history")
runs = data.run_history(URL, limit=HISTORY_ROWS)
if not runs:
    st.write("No runs yet.")
else:
    history = [
        {
            "run": run["id"],
            "source": run["source"],
            "trigger": run["trigger"],
            "status": run["status"],
            "started": run["started_at"],
            "finished": run["finished_at"],
            "duration (s)": run["duration_s"],
            "seen": run["seen"],
            "new": run["new"],
            "updated": run["updated"],
            "unchanged": run["unchanged"],
            "closed": run["closed"],
            "errors": run["error_count"],
            "note": run["note"],
        }
        for run in runs
    ]
    _table(history, key="ops_history")
    with_errors = {run["id"]: run for run in runs if run["errors"]}
    if with_errors:
        picked = st.selectbox(
            "Errors of run",
            list(with_errors),
            format_func=lambda run_id: (
                f"{run_id} · {with_errors[run_id]['source']} · "
                f"{with_errors[run_id]['error_count']} errors"
            ),
            key="ops_errors_of",
        )
        _table(pd.DataFrame(with_errors[picked]["errors"], columns=["url", "reason", "fatal"]))

# -- source health -----------------------------------------------------------------------------

st.subheader("Source health")
states = data.source_health(URL, source_names)
yields = data.yield_history(URL, days=30)
if states:
    _table(
        [
            {
                "source": h.source,
                "state": h.state,
                "last run": h.last_run_at,
                "last status": h.last_status,
                "last success": h.last_success_at,
                "last seen": h.last_seen,
                "usual seen": h.usual_seen,
                "failures in a row": h.failures_in_a_row,
                "open alerts": h.open_alerts,
            }
            for h in states
        ]
    )
if yields:
    frame = pd.DataFrame(yields)
    frame["started_at"] = pd.to_datetime(frame["started_at"], utc=True)
    axis = {"labelFontSize": 12, "titleFontSize": 13, "labelColor": "#333333",
            "titleColor": "#333333"}  # fmt: skip
    base = alt.Chart(frame).encode(
        x=alt.X(
            "started_at:T",
            title="Run started (UTC)",
            axis=alt.Axis(format="%b %d %H:%M", labelAngle=-30, labelOverlap=True, **axis),
        ),
        color=alt.Color(
            "source:N",
            title="Source",
            scale=alt.Scale(scheme=COLOURS),
            legend=alt.Legend(orient="bottom", labelFontSize=12, titleFontSize=13),
        ),
        tooltip=["source", "started_at:T", "status", "seen", "new", "closed", "errors"],
    )
    st.altair_chart(
        (base.mark_line() + base.mark_point(filled=True)).encode(
            y=alt.Y("seen:Q", title="Postings seen per run", axis=alt.Axis(**axis))
        ),
        width="stretch",
    )
    st.altair_chart(
        base.mark_bar(size=6).encode(
            y=alt.Y("errors:Q", title="Errors per run", axis=alt.Axis(tickMinStep=1, **axis))
        ),
        width="stretch",
    )
