"""One job, one row: a page of postings folded by cluster, with what a job seeker asks first.

The store lists postings; copies of one job (the employer's own, a board's, an agency's)
share a cluster. A page keeps the first copy the search ranked and names every source the
job is posted on; the detail lists each copy. Pure functions, tested directly.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from dashboard import labels

PERIOD_UNITS = {"hour": "/hr", "day": "/day", "week": "/wk", "biweek": "/2 wks", "month": "/mo",
                "year": "/yr"}  # fmt: skip


def one_row_per_job(
    rows: Sequence[Mapping[str, Any]],
    facts: Mapping[int, Mapping[str, Any]],
    copies: Mapping[str, Sequence[Mapping[str, Any]]],
    kinds: Mapping[str, str],
    firsts: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    """The page's rows, a job's later copies folded into its first, each with its sources,
    copies, days open and reposts. `firsts` (cluster id → the copy the search lists first)
    leaves out a job whose first copy is not on this page: it has its row on an earlier one."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:  # in the search's order: a job sits where its first copy ranked
        groups.setdefault(row.get("cluster_id") or f"posting {row['id']}", []).append(row)
    on_page = {row["id"] for row in rows}
    jobs = []
    for cluster, group in groups.items():
        if firsts and firsts.get(cluster, group[0]["id"]) not in on_page:
            continue
        # The job's canonical copy (the employer's own) speaks for it when it matched too.
        row = next((r for r in group if facts.get(r["id"], {}).get("canonical")), group[0])
        members = list(copies.get(row.get("cluster_id") or "", ())) or [row]
        fact = facts.get(row["id"], {})
        jobs.append(
            {
                **row,
                "sources": " · ".join(job_sources(members, kinds)),
                "copies": len(members),
                "days_open": fact.get("days_open"),
                "reposted": fact.get("reposted_count") or 0,
                "by_agency": bool(fact.get("posted_by_agency")),
                "signals": list(fact.get("listing_signals") or ()),
            }
        )
    return jobs


def job_sources(members: Sequence[Mapping[str, Any]], kinds: Mapping[str, str]) -> list[str]:
    """The human names of the sources a job is posted on, each once, earliest first."""
    names = [
        labels.source_label(m["source"], m.get("source_kind") or kinds.get(m["source"]))
        for m in members
    ]
    return list(dict.fromkeys(names))


def pay_as_posted(row: Mapping[str, Any]) -> str:
    """ "$26–$32/hr", "$70,000–$85,000/yr": the employer's own figures and period."""
    low, high = row.get("salary_min"), row.get("salary_max")
    if low is None and high is None:
        return ""
    unit = PERIOD_UNITS.get(row.get("salary_period") or "", "")
    currency = row.get("salary_currency")
    prefix = "" if currency in (None, "USD") else f"{currency} "
    if low is not None and high is not None and low != high:
        text = f"{_amount(low)}–{_amount(high)}"
    else:
        text = _amount(low if low is not None else high)
    return f"{prefix}{text}{unit}"


def credentials_asked(row: Mapping[str, Any]) -> str:
    """ "CCS required · RHIT preferred · CPC": how the posting asks for each credential."""
    requirements = row.get("credential_requirements") or {}
    codes = list(dict.fromkeys([*(row.get("certifications") or ()), *requirements]))
    order = {"required": 0, "preferred": 1}
    codes.sort(key=lambda c: order.get(requirements.get(c, ""), 2))
    return " · ".join(
        f"{code} {requirements[code]}" if requirements.get(code) in order else code
        for code in codes
    )


def _amount(value: float) -> str:
    return f"${value:,.2f}".replace(".00", "") if value < 1000 else f"${value:,.0f}"
