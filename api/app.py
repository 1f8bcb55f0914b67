"""The read-only HTTP API: the Jobs page's search, saved searches and their Atom feeds.

`create_app(db_url)` builds the app; `hitboard api` serves it with uvicorn on 127.0.0.1.
Every filter of the Jobs page is a query parameter under the name the page's URL gives it
(store.job_search), read by the same `JobSearch.from_params`; a bad one gets a 422 naming
it. With HITBOARD_API_TOKEN set, every data request needs `Authorization: Bearer <token>`.
"""

import inspect
import secrets
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlmodel import Session
from starlette.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from api.feeds import FEED_ENTRIES, atom_feed
from api.pages import record_page
from api.schemas import BenchmarkRow, PostingDetail, PostingPage, SavedSearchOut
from core.settings import get_settings
from core.states import US_STATES
from store import saved_searches
from store.db import init_db, resolve_database_url, session_scope
from store.export import records_by_id
from store.job_search import InvalidSearch, JobSearch, Sort
from store.listing import MAX_PAGE_SIZE, PAGE_SIZE, get_posting, list_postings
from store.models import SalaryBenchmark, SavedSearch

PAGING = {"cursor", "limit", "count"}
SEARCH_PARAMETERS = {field.alias: name for name, field in JobSearch.model_fields.items()}
SOC_PATTERN = r"^\d{2}-\d{4}$"
DOCS_ASSETS = "/docs-assets"


class InvalidParameters(Exception):
    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems


def _unprocessable(problems: dict[str, str]) -> JSONResponse:
    """A 422 in FastAPI's own shape: each problem located at its query parameter."""
    detail = [
        {"loc": ["query", name], "msg": why, "type": "value_error"}
        for name, why in problems.items()
    ]
    return JSONResponse(status_code=422, content={"detail": detail})


def _search_dependency() -> Callable[..., JobSearch]:
    """A dependency reading a JobSearch from the query string, declaring each parameter
    (so the OpenAPI page lists them); the reading itself is JobSearch.from_params."""

    def read_search(request: Request, **_declared: Any) -> JobSearch:
        query = request.query_params
        given = {key: query.getlist(key) for key in query if key not in PAGING}
        try:
            return JobSearch.from_params(given)
        except InvalidSearch as error:
            raise InvalidParameters(error.problems) from None

    declared = [inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)]
    for name, field in JobSearch.model_fields.items():
        listed = isinstance(field.default, tuple)
        what = "repeat it, or give comma-separated values" if listed else "one value"
        declared.append(
            inspect.Parameter(
                f"p_{name}",
                inspect.Parameter.KEYWORD_ONLY,
                default=Query(None, alias=field.alias, description=f"`{name}` ({what})"),
                annotation=list[str] | None if listed else str | None,
            )
        )
    read_search.__signature__ = inspect.Signature(declared, return_annotation=JobSearch)  # type: ignore[attr-defined]
    return read_search


def _bearer(token: str | None) -> Callable[..., None]:
    scheme = HTTPBearer(auto_error=False, description="HITBOARD_API_TOKEN, when it is set")

    def check(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(scheme)],
    ) -> None:
        if token is None:
            return
        given = credentials.credentials if credentials is not None else ""
        if not secrets.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "a bearer token is needed", {"WWW-Authenticate": "Bearer"})

    return check


def _serve_docs_offline(app: FastAPI) -> None:
    """The OpenAPI docs at /docs, with Swagger UI's script and style served from the
    swagger-ui-bundle package: FastAPI's own page loads them from a CDN, and a machine
    without internet access (or a careful reader) then gets a blank page. Like FastAPI's
    own, the page needs no token; the API it calls does."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")

    async def docs(_request: Request) -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title}: API docs",
            swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png",
        )

    app.router.add_route("/docs", docs, include_in_schema=False)


def create_app(db_url: str | None = None) -> FastAPI:
    settings = get_settings()
    engine = init_db(resolve_database_url(db_url))
    secret = settings.api_token.get_secret_value() if settings.api_token is not None else None
    app = FastAPI(
        title="hitboard",
        summary="Health-information job postings, read-only.",
        description="Filters are the Jobs page's URL parameters (docs/search.md).",
        version="0.1.0",
        dependencies=[Depends(_bearer(secret))],
        docs_url=None,  # served below from the installed swagger-ui files, not a CDN
    )
    _serve_docs_offline(app)
    origins = [o.strip() for o in settings.api_cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET"])

    @app.exception_handler(InvalidParameters)
    async def _invalid(_request: Request, error: InvalidParameters) -> JSONResponse:
        return _unprocessable(error.problems)

    def reading() -> Iterator[Session]:
        with session_scope(engine, readonly=True) as session:
            yield session

    Reading = Annotated[Session, Depends(reading)]
    Search = Annotated[JobSearch, Depends(_search_dependency())]
    Cursor = Annotated[str | None, Query(description="the previous page's next_cursor")]
    Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
    Count = Annotated[bool, Query(description="count the matches (up to 2,000)")]
    SearchId = Annotated[int, Path(ge=1)]

    @app.get("/postings", response_model=PostingPage, tags=["postings"])
    def postings(
        session: Reading, search: Search, cursor: Cursor = None, limit: Limit = PAGE_SIZE,
        count: Count = True,
    ) -> dict[str, Any]:  # fmt: skip
        """The postings a search matches, a page at a time (keyset: pass `next_cursor`)."""
        return _page(session, search, cursor=cursor, limit=limit, count=count)

    @app.get("/postings/{posting_id}", response_model=PostingDetail, tags=["postings"])
    def posting(session: Reading, posting_id: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
        """One posting: its record and its description as sanitized HTML."""
        row = get_posting(session, posting_id)
        if row is None:
            raise HTTPException(404, f"no posting {posting_id}")
        record = records_by_id(session=session, posting_ids=[posting_id])[posting_id]
        return {**record, "description_html": row["description_html"]}

    @app.get("/benchmarks", response_model=list[BenchmarkRow], tags=["benchmarks"])
    def benchmarks(
        session: Reading,
        soc: Annotated[str | None, Query(pattern=SOC_PATTERN, description="e.g. 29-2072")] = None,
        state: Annotated[str | None, Query(description="USPS code; national rows too")] = None,
    ) -> list[Any]:
        """BLS wage figures: national, and the state's when `state` is given."""
        query = select(SalaryBenchmark).order_by(
            SalaryBenchmark.soc_code, SalaryBenchmark.area, SalaryBenchmark.year
        )
        if soc is not None:
            query = query.where(SalaryBenchmark.soc_code == soc)
        if state is not None:
            if state.upper() not in US_STATES:
                raise InvalidParameters({"state": f"{state!r} is not a USPS state code"})
            query = query.where(SalaryBenchmark.area.in_(("US", state.upper())))
        return [row.model_dump() for row in session.execute(query).scalars()]

    @app.get("/searches", response_model=list[SavedSearchOut], tags=["saved searches"])
    def searches(session: Reading) -> list[dict[str, Any]]:
        """Every saved search."""
        return [_saved_out(s) for s in saved_searches.list_searches(session=session)]

    @app.get("/searches/{search_id}/postings", response_model=PostingPage, tags=["saved searches"])
    def search_postings(
        session: Reading,
        search_id: SearchId,
        since: Annotated[datetime | None, Query(description="first seen after (ISO 8601)")] = None,
        cursor: Cursor = None,
        limit: Limit = PAGE_SIZE,
    ) -> dict[str, Any]:
        """A saved search's postings; with `since`, those first seen after it (one page)."""
        search = _saved_search(session, search_id)
        if since is None:
            return _page(session, search, cursor=cursor, limit=limit, count=True)
        if cursor is not None:
            raise InvalidParameters({"cursor": "page by cursor without since"})
        if since.tzinfo is None:
            raise InvalidParameters({"since": "give a time zone (e.g. 2026-03-01T00:00:00Z)"})
        rows = saved_searches.new_postings(
            session=session, search=search, since=since, limit=limit + 1
        )
        records = records_by_id(session=session, posting_ids=[r["id"] for r in rows[:limit]])
        items = [records[r["id"]] for r in rows[:limit]]
        return {"items": items, "total": None, "total_exact": False, "next_cursor": None}

    @app.get(
        "/feeds/{search_id}.atom",
        response_class=Response,
        tags=["saved searches"],
        responses={200: {"content": {"application/atom+xml": {}}}},
    )
    def feed(session: Reading, search_id: SearchId, request: Request) -> Response:
        """A saved search's newest postings as an Atom feed."""
        saved = session.get(SavedSearch, search_id)
        if saved is None:
            raise HTTPException(404, f"no saved search {search_id}")
        search = _job_search(saved).model_copy(update={"sort": Sort.NEWEST})
        page = list_postings(session, search, limit=FEED_ENTRIES, count=False)
        site = str(request.url_for("search_postings", search_id=search_id))
        body = atom_feed(saved, page.rows, self_url=str(request.url), site_url=site)
        return Response(body, media_type="application/atom+xml")

    return app


def _page(
    session: Session, search: JobSearch, *, cursor: str | None, limit: int, count: bool
) -> dict[str, Any]:
    try:
        return record_page(session, search, cursor=cursor, limit=limit, count=count)
    except InvalidSearch as error:
        raise InvalidParameters(error.problems) from None


def _job_search(saved: SavedSearch) -> JobSearch:
    try:
        return saved_searches.job_search_of(saved)
    except InvalidSearch as error:
        raise HTTPException(409, f"saved search {saved.id} no longer reads: {error}") from None


def _saved_search(session: Session, search_id: int) -> JobSearch:
    saved = session.get(SavedSearch, search_id)
    if saved is None:
        raise HTTPException(404, f"no saved search {search_id}")
    return _job_search(saved)


def _saved_out(saved: SavedSearch) -> dict[str, Any]:
    return {**saved.model_dump(), "feed": f"/feeds/{saved.id}.atom"}


def serve(db_url: str | None, *, host: str, port: int) -> None:
    """Serve the API with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db_url), host=host, port=port, log_level="info")
