"""A cluster's members: its id, its canonical posting, reposts and agency postings.

Pure functions over member facts, used alike when a posting joins a cluster and when the
whole store is clustered again.
"""

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from store.clusters.companies import AGENCY, VENDOR, same_employer

NEVER = float("inf")


def cluster_id_for(source: str, external_id: str) -> str:
    """A cluster's id: named after the first posting of the job that was seen.

    Derived from (source, external_id) alone, so every store that saw the same postings in the
    same order gives the same ids, and an id never changes as copies join.
    """
    digest = hashlib.blake2b(f"{source}\x1f{external_id}".encode(), digest_size=10)
    return digest.hexdigest()


@dataclass
class Member:
    posting_id: int
    source: str
    first_seen: float  # timestamp
    closed: float  # timestamp, NEVER while open
    poster_rank: int  # 0 employer's own system, 1 aggregator
    agency: str | None
    company_key: str
    client_key: str
    repost_of_all: bool = False
    repost_on_source: bool = False


def repost_flags(member: Member, earlier: Sequence[Member]) -> tuple[bool, bool]:
    """(every earlier copy had closed, the earlier copy on its own source had closed).

    The first: the job had gone from every source and came back under a new id. The second:
    the employer (or board) took its posting down and put it up again, while another
    source may still show the old one.
    """
    if not earlier:
        return False, False
    gone = [m.closed <= member.first_seen for m in earlier]
    same_source = [g for m, g in zip(earlier, gone, strict=True) if m.source == member.source]
    return all(gone), bool(same_source) and all(same_source)


def reposted_count(members: Sequence[Member]) -> int:
    """How many times the job came back: the most reposts seen on one source, or the times
    it vanished everywhere and returned, whichever is more."""
    everywhere = sum(m.repost_of_all for m in members)
    by_source = Counter(m.source for m in members if m.repost_on_source)
    return max(everywhere, max(by_source.values(), default=0))


def posted_by_agency(member: Member, members: Sequence[Member]) -> bool:
    """A staffing agency's posting, or a vendor's for a client it names or whose own
    posting of the job is in the cluster."""
    if member.agency == AGENCY:
        return True
    if member.agency != VENDOR:
        return False
    if member.client_key:
        return True
    return any(
        other.agency is None
        and other.company_key
        and not same_employer(other.company_key, member.company_key)
        for other in members
    )


@dataclass(frozen=True)
class Summary:
    canonical_posting_id: int
    size: int
    reposted_count: int
    agency_postings: frozenset[int]  # posting ids marked posted_by_agency


def summarize(members: Sequence[Member]) -> Summary:
    """The canonical posting leads: the employer's own before an aggregator's before an
    agency's, then the earliest seen."""
    agency = frozenset(m.posting_id for m in members if posted_by_agency(m, members))

    def rank(m: Member) -> tuple:
        return (2 if m.posting_id in agency else m.poster_rank, m.first_seen, m.posting_id)

    canonical = min(members, key=rank)
    return Summary(canonical.posting_id, len(members), reposted_count(members), agency)
