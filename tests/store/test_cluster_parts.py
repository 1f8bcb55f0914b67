"""The matcher's parts on their own: titles, employers, description signatures, keys."""

import numpy as np
import pytest

from core.settings import SettingsError, get_settings
from store.clusters import blocking, minhash
from store.clusters.companies import AGENCY, VENDOR, company, same_employer
from store.clusters.fingerprints import fingerprint
from store.clusters.grouping import (
    Lifetime,
    Union,
    _join_sharing_no_source,
    candidate_pairs,
    components,
)
from store.clusters.members import NEVER
from store.clusters.thresholds import THRESHOLDS, Thresholds
from store.clusters.titles import parse_title, shift_in_text


@pytest.mark.parametrize(
    "title",
    [
        "Coder II - Inpatient (Remote)",
        "Inpatient Coder II",
        "INPATIENT CODER 2",
        "IP Coder, Level II",
    ],
)
def test_one_title_however_it_is_dressed(title):
    parsed = parse_title(title)
    assert (parsed.key, parsed.level, parsed.setting) == ("coder", 2, "inpatient")


def test_title_attributes_are_kept_apart_from_its_words():
    night = parse_title("Sr. Medical Records Clerk - 3rd Shift (PRN)")
    assert night.words == {"medical", "records", "clerk"}
    assert (night.seniority, night.shift, night.schedule) == ("senior", "night", "prn")
    assert parse_title("Quantitative Researcher Intern, Summer 2027").job_class == "intern"
    assert parse_title("HIM Director").words == {"health", "information", "management", "director"}
    assert parse_title("Coder (Tampa, FL)", frozenset({"tampa", "fl"})).words == {"coder"}


def test_shift_named_only_in_the_text():
    assert shift_in_text("Full time. This position works night shift, 7p-7a.") == "night"
    assert shift_in_text("Shift: Day") == "day"
    assert shift_in_text("Flexible schedule.") == ""


def test_employers_brands_and_agencies():
    assert company("AdventHealth Orlando").group == company("Adventist Health System").group
    assert same_employer(company("AdventHealth").key, company("AdventHealth Orlando").key)
    # Two hospitals of one system are not one employer; nor are names that start alike.
    assert not same_employer(company("AdventHealth Orlando").key, company("AdventHealth Tampa").key)
    assert not same_employer(
        company("Magnolia Health").key, company("Magnolia St. Anne Health").key
    )
    assert company("Workday Government, LLC").key == company("workday").key
    assert company("Lakeshore Health - Cleveland", frozenset({"cleveland"})).key == "lakeshore"
    assert company("Robert Half").agency == AGENCY
    assert company("Summit Medical Staffing").agency == AGENCY
    assert company("Northwind Coding Services").agency == VENDOR
    assert company("Lakeshore Health System").agency is None


TEXT = "\n".join(f"Sentence number {n} says something about the job here." for n in range(30))


def test_signatures_see_the_same_text_through_formatting():
    reformatted = TEXT.upper().replace("\n", "  ").replace("here.", "here!")
    other = TEXT.replace("job", "role")
    signature, counts = minhash.signatures([TEXT, reformatted, other, None])
    assert counts.tolist() == [30, 30, 30, 0]
    same = minhash.jaccard(signature[[0]], signature[[1]])[0]
    different = minhash.jaccard(signature[[0]], signature[[2]])[0]
    assert same == 1.0 and different < 0.2


def test_containment_finds_a_long_excerpt_in_the_whole():
    excerpt = "\n".join(TEXT.split("\n")[:20])
    signature, counts = minhash.signatures([excerpt, TEXT])
    share = minhash.containment(signature[[0]], signature[[1]], counts[[0]], counts[[1]])[0]
    assert share > 0.7


def test_candidate_pairs_cap_a_crowded_key():
    keys = np.array([7] * 10 + [9, 9], dtype=np.int64)
    owners = np.array([*range(10), 3, 11], dtype=np.intp)
    left, right = candidate_pairs(keys, owners, max_block=2)
    pairs = set(zip(left.tolist(), right.tolist(), strict=True))
    assert (0, 1) in pairs and (0, 2) in pairs and (0, 3) not in pairs and (3, 11) in pairs


def _pairs_one_key_at_a_time(keys, owners, max_block):
    """The pairs candidate_pairs should give, worked out plainly: per key, its owners in
    order, each with the max_block owners before it (an int, or a function of the key)."""
    by_key: dict[int, list[int]] = {}
    for key, owner in sorted(zip(keys.tolist(), owners.tolist(), strict=True)):
        by_key.setdefault(key, []).append(owner)
    pairs = set()
    for key, members in by_key.items():
        meets = max_block(key) if callable(max_block) else max_block
        for i, later in enumerate(members):
            for earlier in members[max(0, i - meets) : i]:
                if earlier != later:
                    pairs.add((min(earlier, later), max(earlier, later)))
    return sorted(pairs)


@pytest.mark.parametrize("seed", range(6))
def test_candidate_pairs_are_those_of_each_key_in_turn(seed):
    rng = np.random.default_rng(seed)
    count = int(rng.integers(2, 400))
    keys = rng.integers(0, int(rng.integers(1, 40)), size=3 * count).astype(np.int64)
    owners = rng.integers(0, count, size=3 * count).astype(np.intp)
    max_block = int(rng.integers(1, 12))
    left, right = candidate_pairs(keys, owners, max_block=max_block)
    assert list(zip(left.tolist(), right.tolist(), strict=True)) == _pairs_one_key_at_a_time(
        keys, owners, max_block
    )


@pytest.mark.parametrize("seed", range(4))
def test_a_band_key_keeps_fewer_postings_than_a_title_key(seed):
    """Odd keys (description bands) meet max_band_block earlier owners, even keys (titles)
    max_block; limits come from the key itself, as they do for a stored key."""
    rng = np.random.default_rng(seed)
    count = 400
    keys = rng.integers(0, 12, size=3 * count).astype(np.int64)
    owners = rng.integers(0, count, size=3 * count).astype(np.intp)
    assert THRESHOLDS.max_band_block < THRESHOLDS.max_block
    found = candidate_pairs(keys, owners)
    assert list(zip(*map(np.ndarray.tolist, found), strict=True)) == _pairs_one_key_at_a_time(
        keys, owners, blocking.limit
    )
    assert blocking.limits(keys).tolist() == [blocking.limit(k) for k in keys.tolist()]


def _key_texts(prints):
    """Each owner's title keys as texts, the plain way: every word set of its title at its
    employer's group (and a named client's) and its state (and none, when remote)."""
    texts = []
    for i in range(len(prints)):
        groups = {company(prints.company_key[i]).group}
        if prints.client_key[i]:
            groups.add(company(prints.client_key[i]).group)
        state = prints.state[i] or ""
        places = {state, ""} if prints.remote[i] == 3 else {state}
        texts.append(
            {
                (group, where, subset)
                for group in groups
                for where in places
                for subset in blocking.title_subsets(prints.title_key[i])
            }
        )
    return texts


def test_title_keys_join_the_postings_their_parts_join():
    """Two postings share a title key exactly when they share a (group, place, word set):
    the numbers mixed from hashes stand for those texts, one for one."""
    from benchmarks.synthetic import synthetic_postings

    rows = synthetic_postings(3_000, seed=11).rows
    rows += [
        {**rows[0], "remote": "remote", "state": None},
        {**rows[0], "remote": "remote"},
        {**rows[1], "company": "Summit Medical Staffing",
         "description_text": f"Our client, {rows[1]['company']}, seeks a coder."},
    ]  # fmt: skip
    prints = fingerprint(rows)
    keys, owners = blocking.blocking_keys(prints)
    title = (keys & 1) == 0
    by_key: dict[int, set[int]] = {}
    for key, owner in zip(keys[title].tolist(), owners[title].tolist(), strict=True):
        by_key.setdefault(key, set()).add(owner)
    by_text: dict[tuple, set[int]] = {}
    for owner, texts in enumerate(_key_texts(prints)):
        for found in texts:
            by_text.setdefault(found, set()).add(owner)
    assert sorted(map(sorted, by_key.values())) == sorted(map(sorted, by_text.values()))
    assert int(title.sum()) == sum(map(len, _key_texts(prints)))
    bands = owners[~title]
    signed = np.flatnonzero(prints.shingles >= THRESHOLDS.min_shingles)
    assert set(bands.tolist()) == set(signed.tolist()) and signed.size > 0


def test_codes_stand_for_values_with_zero_for_empty():
    prints = fingerprint(
        [
            {"source": "a", "title": "Coder", "company": "X", "state": state}
            for state in ("FL", None, "", "GA", "FL")
        ]
    )
    codes = prints.codes("state").tolist()
    assert codes[1] == codes[2] == 0
    assert codes[0] == codes[4] != 0 and codes[3] not in (0, codes[0])


def test_components_join_chains():
    labels = components(6, np.array([0, 1, 4]), np.array([1, 2, 5]))
    assert labels.tolist() == [0, 0, 0, 3, 4, 4]


def test_cluster_thresholds_are_settings(monkeypatch):
    monkeypatch.setenv("HITBOARD_CLUSTER_TITLE_SIMILARITY", "0.8")
    monkeypatch.setenv("HITBOARD_CLUSTER_MAX_BLOCK", "20")
    monkeypatch.setenv("HITBOARD_CLUSTER_MAX_BAND_BLOCK", "3")
    thresholds = Thresholds.from_settings(get_settings())
    assert (thresholds.title_similarity, thresholds.max_block) == (0.8, 20)
    assert thresholds.max_band_block == 3
    assert thresholds.pay_tolerance == 0.10  # unset: the default
    monkeypatch.setenv("HITBOARD_CLUSTER_TITLE_SIMILARITY", "1.5")
    with pytest.raises(SettingsError, match="HITBOARD_CLUSTER_TITLE_SIMILARITY"):
        get_settings()


def test_signatures_read_in_chunks_are_those_of_each_text(monkeypatch):
    monkeypatch.setattr(minhash, "SIGN_CHUNK", 3)  # several chunks, one cut mid-copy
    texts = [
        "Codes inpatient charts. Reviews queries!\nWorks remotely",
        None,
        "",
        "A text\x00holding the separator. Twice\x00.",
        "Codes inpatient charts. Reviews queries!\nWorks remotely",
        "é ü and Ω; a lone surrogate \ud800 ends here",
        "x" * (minhash.MAX_TEXT_CHARS + 10) + ". cut away",
        "...\n\n::",
    ]
    signature, counts = minhash.signatures(texts)
    for i, text in enumerate(texts):
        alone, alone_counts = minhash.signatures([text])  # one chunk of one text
        assert counts[i] == alone_counts[0] == len(minhash.shingle_hashes(text))
        assert (signature[i] == alone[0]).all()
    values, owner = minhash._chunk_hashes(texts)  # the whole list as one chunk
    for i, text in enumerate(texts):
        assert values[owner == i].tolist() == minhash.shingle_hashes(text)
    assert (signature[0] == signature[4]).all()
    assert counts[1] == counts[2] == counts[7] == 0
    assert (signature[3] == minhash.signatures(["A textholding the separator. Twice."])[0]).all()


def _densify_stepwise(part: np.ndarray) -> np.ndarray:
    """The filling `_densify` makes, written plainly: a step of distance at a time over
    whole rows."""
    part = part.copy()
    original = part.copy()
    full = original != minhash.EMPTY
    for step in range(1, minhash.BINS):
        missing = part == minhash.EMPTY
        if not missing.any():
            break
        take = missing & np.roll(full, -step, axis=1)
        borrowed = np.roll(original, -step, axis=1)[take].astype(np.uint64) + step * 0x9E3779B1
        part[take] = borrowed.astype(np.uint32)
    return part


def test_densify_matches_filling_a_step_at_a_time():
    rng = np.random.default_rng(7)
    signature = rng.integers(0, 2**32 - 1, size=(500, minhash.BINS), dtype=np.uint64)
    signature = signature.astype(np.uint32)
    signature[rng.random(signature.shape) < 0.8] = minhash.EMPTY
    signature[0] = minhash.EMPTY  # no full bin: left as it is
    # Bin 0 would borrow EMPTY itself from bin 1: it borrows again, from bin 5.
    signature[1] = minhash.EMPTY
    signature[1, 1] = np.uint32((2**32 - 1 - 0x9E3779B1) % 2**32)
    signature[1, 5] = 3
    expected = signature.copy()
    expected[1:] = _densify_stepwise(signature[1:])
    minhash._densify(signature, np.ones(len(signature), dtype=np.int32))
    assert (signature == expected).all()
    assert signature[1, 0] == np.uint32((3 + 5 * 0x9E3779B1) % 2**32)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_joining_by_source_bits_is_the_careful_union_of_open_postings(seed):
    rng = np.random.default_rng(seed)
    count = 300
    sources = rng.integers(0, 12, size=count)
    a, b = rng.integers(0, count, size=(2, 900))
    lifetimes = [Lifetime(f"s{code}", 0.0, NEVER) for code in sources.tolist()]
    union = Union([[life] for life in lifetimes])
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        union.join(x, y)
    members = np.arange(count)
    roots = _join_sharing_no_source(a, b, sources, members)
    assert roots == [union.find(i) for i in range(count)]
    assert len(set(roots)) < count  # some joins made, some refused
