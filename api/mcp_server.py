"""The MCP server (`hitboard mcp`, stdio): the store's search, postings, pay benchmarks and
credential demand as tools an MCP client can call.

`search_postings` takes the Jobs page's filters under their URL names (store.job_search),
read by the same JobSearch; pay is placed among the BLS percentiles by the dashboard's own
pure rules (dashboard.transforms), so both say the same thing about the same pay.
"""

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field
from sqlalchemy import select

from api.pages import record_page
from dashboard import transforms as tf
from store.db import init_db, resolve_database_url, session_scope
from store.export import records_by_id
from store.job_search import InvalidSearch, JobSearch
from store.listing import get_posting, search_query
from store.models import Credential, SalaryBenchmark

MAX_RESULTS = 100
INSTRUCTIONS = (
    "Health-information job postings (medical coders, records specialists, HIM roles) "
    "collected by hitboard, with BLS pay benchmarks. Filters use the Jobs page's names: "
    "q (keywords), state (USPS codes), min_pay (annual USD), credential (e.g. CCS, RHIT), "
    "occupation (SOC, e.g. 29-2072), arrangement (remote, hybrid, onsite), sort."
)


class ToolInputError(ToolError):
    """Arguments a tool cannot use; the message (which the client sees) names each one."""


def _search(filters: dict[str, Any] | None) -> JobSearch:
    try:
        return JobSearch.from_params(filters or {})
    except InvalidSearch as error:
        raise ToolInputError(f"filters: {error}") from None


def build_server(db_url: str | None = None) -> MCPServer:
    engine = init_db(resolve_database_url(db_url))
    server = MCPServer("hitboard", instructions=INSTRUCTIONS)

    @server.tool()
    def search_postings(
        filters: Annotated[
            dict[str, Any] | None,
            Field(
                description="Jobs page filters by URL name, e.g. {'q': 'coder', 'state': "
                "['FL'], 'min_pay': 50000}; lists for state, credential, occupation, arrangement"
            ),
        ] = None,
        limit: Annotated[int, Field(ge=1, le=MAX_RESULTS)] = 20,
        cursor: Annotated[str | None, Field(description="a previous answer's next_cursor")] = None,
    ) -> dict[str, Any]:
        """Search open health-information postings: `items` (export records), `total`, and
        `next_cursor` for the next page."""
        search = _search(filters)
        with session_scope(engine, readonly=True) as session:
            try:
                return record_page(session, search, cursor=cursor, limit=limit)
            except InvalidSearch as error:
                raise ToolInputError(str(error)) from None

    @server.tool(name="get_posting")
    def posting_details(posting_id: Annotated[int, Field(ge=1)]) -> dict[str, Any]:
        """One posting: its export record and its description text."""
        with session_scope(engine, readonly=True) as session:
            row = get_posting(session, posting_id)
            if row is None:
                raise ToolInputError(f"posting_id: no posting {posting_id}")
            return records_by_id(session=session, posting_ids=[posting_id])[posting_id]

    @server.tool()
    def pay_benchmarks(
        occupation: Annotated[str, Field(description="SOC code, e.g. 29-2072")] = "29-2072",
        state: Annotated[str | None, Field(description="USPS code, e.g. FL")] = None,
        pay: Annotated[float | None, Field(ge=0, description="annual USD to place")] = None,
    ) -> dict[str, Any]:
        """BLS percentiles for an occupation (and the state's mean), and where `pay` sits."""
        checked = _search({"occupation": occupation, **({"state": state} if state else {})})
        with session_scope(engine, readonly=True) as session:
            rows = [r.model_dump() for r in session.execute(select(SalaryBenchmark)).scalars()]
        benchmarks = tf.benchmarks_from_rows(rows)
        soc, area = checked.occupations[0], (checked.states or (None,))[0]
        found = tf.benchmarks_for_posting(benchmarks, soc, area)
        answer: dict[str, Any] = {
            "occupation": soc,
            "compared_with": found.national.soc_code if found.national else None,
            "national": _benchmark(found.national),
            "state_mean": _benchmark(found.state),
        }
        if pay is not None and found.national is not None:
            placement = tf.percentile_of(pay, found.national.percentiles)
            answer["placement"] = {
                "percentile": round(placement.percentile, 1),
                "below_range": placement.below_range,
                "above_range": placement.above_range,
                "sentence": f"{tf.money(pay)} a year "
                + (tf.placement_sentence(pay, found.national) or ""),
            } if placement is not None else None  # fmt: skip
        return answer

    @server.tool()
    def credential_demand(
        filters: Annotated[
            dict[str, Any] | None, Field(description="Jobs page filters, as search_postings")
        ] = None,
        top: Annotated[int, Field(ge=1, le=100)] = 20,
    ) -> dict[str, list[dict[str, Any]]]:
        """How many matching postings ask for each credential: required, preferred, named."""
        search = _search(filters)
        with session_scope(engine, readonly=True) as session:
            matching = search_query(search, dialect=session.get_bind().dialect.name).subquery()
            mentions = session.execute(
                select(matching.c.certifications, matching.c.credential_requirements)
            ).all()
            names = dict(session.execute(select(Credential.code, Credential.name)).all())
        demand = tf.credential_demand((list(c or ()), dict(r or {})) for c, r in mentions)
        rows = demand.head(top).to_dict(orient="records")
        return {"credentials": [{**row, "name": names.get(row["credential"])} for row in rows]}

    return server


def _benchmark(benchmark: tf.Benchmark | None) -> dict[str, Any] | None:
    if benchmark is None:
        return None
    return {
        "soc_code": benchmark.soc_code,
        "occupation": benchmark.occupation,
        "area": benchmark.area,
        "year": benchmark.year,
        "percentiles": {f"p{p}": v for p, v in sorted(benchmark.percentiles.items())},
        "mean": benchmark.mean,
        "label": benchmark.label,
    }
