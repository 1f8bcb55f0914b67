"""`hitboard search`: saved searches (save, list, show, rename, delete) and their digests."""

from typing import Annotated
from urllib.parse import parse_qs, urlencode, urlsplit

import typer

from cli.options import DbOption, fail
from store import saved_searches as saved
from store.db import init_db, resolve_database_url, session_scope
from store.job_search import InvalidSearch, JobSearch

search_app = typer.Typer(help="Saved searches and their digests.", no_args_is_help=True)
SearchRef = Annotated[str, typer.Argument(help="The saved search's id or name.")]


def _engine(db: str | None):
    return init_db(resolve_database_url(db))


def parse_search(text: str) -> JobSearch:
    """A search from the Jobs page's URL (or just its query string: `q=coder&state=FL`)."""
    query = urlsplit(text).query if "?" in text else text.lstrip("?")
    try:
        return JobSearch.from_params(parse_qs(query, keep_blank_values=True))
    except InvalidSearch as error:
        raise fail(f"the search: {error}") from None


@search_app.command("save")
def save(
    name: Annotated[str, typer.Argument(help="A name for it.")],
    search: Annotated[
        str, typer.Argument(help="The Jobs page's link, or its query: 'q=coder&state=FL'.")
    ] = "",
    webhook: Annotated[str | None, typer.Option(help="POST digests here as JSON.")] = None,
    email: Annotated[str | None, typer.Option(help="Email digests to this address.")] = None,
    db: DbOption = None,
) -> None:
    """Save a search under a name (with digests to a webhook and/or an email address)."""
    job_search = parse_search(search)
    with session_scope(_engine(db)) as session:
        try:
            row = saved.save_search(
                session=session, name=name, search=job_search, webhook=webhook, email=email
            )
        except saved.SavedSearchError as error:
            raise fail(str(error)) from None
        typer.echo(f"saved search {row.id}: {row.name}")


@search_app.command("list")
def list_(db: DbOption = None) -> None:
    """Every saved search: id, name, its filters."""
    with session_scope(_engine(db), readonly=True) as session:
        rows = saved.list_searches(session=session)
    if not rows:
        typer.echo("no saved searches")
    for row in rows:
        typer.echo(f"{row.id}\t{row.name}\t{_query(row.params) or '(everything)'}")


@search_app.command("show")
def show(search: SearchRef, db: DbOption = None) -> None:
    """One saved search: its filters, digests, and times."""
    with session_scope(_engine(db), readonly=True) as session:
        row = _get(session, search)
    typer.echo(f"id: {row.id}\nname: {row.name}\nsearch: {_query(row.params) or '(everything)'}")
    typer.echo(f"created: {row.created_at.isoformat()}")
    typer.echo(f"last digest: {row.last_sent_at.isoformat() if row.last_sent_at else 'never'}")
    typer.echo(f"webhook: {row.digest_webhook or '-'}\nemail: {row.digest_email or '-'}")
    typer.echo(f"feed: /feeds/{row.id}.atom")


@search_app.command("rename")
def rename(search: SearchRef, name: str, db: DbOption = None) -> None:
    """Give a saved search a new name."""
    with session_scope(_engine(db)) as session:
        try:
            row = saved.rename_search(session=session, search_id=search, name=name)
        except saved.SavedSearchError as error:
            raise fail(str(error)) from None
        typer.echo(f"saved search {row.id}: {row.name}")


@search_app.command("delete")
def delete(search: SearchRef, db: DbOption = None) -> None:
    """Delete a saved search (and the record of what its digests sent)."""
    with session_scope(_engine(db)) as session:
        row = _get(session, search)
        name = row.name
        saved.delete_search(session=session, search_id=row.id)
    typer.echo(f"deleted saved search {name}")


@search_app.command("digest")
def digest(db: DbOption = None) -> None:
    """Send every due digest now (what the scheduler does every 15 minutes)."""
    from scheduler.digests import send_digests

    deliveries = send_digests(_engine(db))
    for d in deliveries:
        typer.echo(f"{d.search}\t{d.channel}\t{d.postings}\t{d.outcome}")
    if not deliveries:
        typer.echo("no saved search asks for digests")
    if any(d.outcome not in ("sent", "nothing new") for d in deliveries):
        raise typer.Exit(1)


def _get(session, search: str):
    try:
        return saved.get_search(session=session, search_id=search)
    except saved.SavedSearchError as error:
        raise fail(str(error)) from None


def _query(params: dict) -> str:
    return urlencode(params, doseq=True)
