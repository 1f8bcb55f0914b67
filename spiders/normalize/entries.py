"""Where a regular expression's matches can start, found with `str.find` instead of the regex.

A pattern whose alternatives open with lookbehinds, `\\b` or named groups gives the regex engine
no first character to skip ahead on: it is tried at every position of a description, which is
most of the cost of a long one. Read from the pattern itself (the parse `re` compiles), every
match starts with one of a few lowercase literals ("bachel", "ged", "m.s."), or at a line start.
Looking for those in the lowercased text (with `str.find`, or for many of them one scan of a
trie of them) and trying the pattern only there finds exactly the matches a scan finds, at a
small part of the cost. A caller whose text changes length when lowercased scans instead.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from re import _constants as sre
from re import _parser

_LENGTH = 6  # characters of each literal; longer ones are rarer, so fewer false starts
_MAX_CLASS = 4  # a character class of at most this many characters branches the literal
_MAX_PREFIXES = 256
_FIND_EACH = 20  # up to this many literals, each is looked for with str.find


class _Opaque(Exception):
    """The pattern can start with anything: no literal entry points."""


def _literal(code: int, flags: int) -> str | None:
    """The character a text's `.lower()` holds where the pattern matched `code`, or None."""
    char = chr(code)
    lowered = char.lower()
    if len(lowered) != 1:
        return None
    if flags & re.IGNORECASE and not flags & re.ASCII and (not char.isascii() or lowered in "iks"):
        # Unicode case folding also matches "ſ", "ı", "İ", "K" (and non-ASCII pairs like µ/μ),
        # which lowercase to something else
        return None
    return lowered


def _class_chars(items: list, flags: int) -> list[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            codes = [av]
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            codes = list(range(av[0], av[1] + 1))
        else:
            return None
        for code in codes:
            char = _literal(code, flags)
            if char is None:
                return None
            chars.add(char)
    return sorted(chars) if len(chars) <= _MAX_CLASS else None


def _at_line_start(op: object, av: object) -> bool:
    """`^`, `\\A`, `(?<=\\n)`, or a choice of them: the match starts at a line start."""
    if op is sre.AT:
        return av in (sre.AT_BEGINNING, sre.AT_BEGINNING_LINE, sre.AT_BEGINNING_STRING)
    if op is sre.ASSERT:
        direction, items = av
        return direction == -1 and list(items) == [(sre.LITERAL, 10)]
    if op is sre.BRANCH:
        return all(len(alt) == 1 and _at_line_start(*alt[0]) for alt in av[1])
    return False


# A state is (prefix, open): `open` when the prefix may still grow with what follows.
State = tuple[str, bool]


def _walk(items: Iterable, states: set[State], flags: int, line_starts: list[bool]) -> set[State]:
    for op, av in items:
        grown: set[State] = set()
        for state in states:
            prefix, is_open = state
            if not is_open or len(prefix) >= _LENGTH:
                grown.add((prefix, False))
            elif prefix == "" and _at_line_start(op, av):
                line_starts.append(True)
            else:
                grown |= _step(op, av, prefix, flags, line_starts)
        states = grown
        if len(states) > _MAX_PREFIXES:
            raise _Opaque
    return states


def _step(op, av, prefix: str, flags: int, line_starts: list[bool]) -> set[State]:
    here = {(prefix, True)}
    if op is sre.LITERAL:
        char = _literal(av, flags)
        return {(prefix + char, True)} if char else {(prefix, False)}
    if op is sre.IN:
        chars = _class_chars(av, flags)
        return {(prefix + c, True) for c in chars} if chars else {(prefix, False)}
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return here  # zero-width: what follows still starts the match
    if op is sre.SUBPATTERN:
        _group, add_flags, del_flags, items = av
        return _walk(items, here, (flags | add_flags) & ~del_flags, line_starts)
    if op is sre.ATOMIC_GROUP:
        return _walk(av, here, flags, line_starts)
    if op is sre.BRANCH:
        out: set[State] = set()
        for alternative in av[1]:
            out |= _walk(alternative, here, flags, line_starts)
        return out
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, high, items = av
        once = _walk(items, here, flags, line_starts)
        if high != 1 or low > 1:  # further repeats: the prefix stops after the first one
            once = {(p, False) for p, _ in once}
        return once | here if low == 0 else once
    return {(prefix, False)}  # anything else (a word class, any character): stop here


def entry_literals(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], bool]:
    """Lowercase literals one of which every match starts with, and whether a match may
    instead start at a line start. Raises ValueError when a match could start with anything."""
    line_starts: list[bool] = []
    try:
        states = _walk(_parser.parse(pattern.pattern, pattern.flags), {("", True)},
                       pattern.flags, line_starts)  # fmt: skip
    except _Opaque:
        raise ValueError(f"too many ways to start: {pattern.pattern[:60]!r}") from None
    prefixes = {prefix for prefix, _ in states}
    if "" in prefixes:
        raise ValueError(f"a match can start with anything: {pattern.pattern[:60]!r}")
    # a literal another one starts with adds nothing
    kept = sorted(prefixes)
    minimal = [p for i, p in enumerate(kept) if not any(p.startswith(q) for q in kept[:i])]
    return tuple(minimal), bool(line_starts)


def words_finder(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern of `words` as a trie ("b(?:a(?:ccal|chel)|…)"): at each position it matches the
    longest word starting there, tested a character at a time, so one scan of a text does the
    work of a `str.find` pass per word."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + pattern(node[char]) for char in sorted(node) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return re.compile(pattern(tree))


def positions(text: str, literals: Iterable[str]) -> list[int]:
    """Every position where one of `literals` occurs in `text`, sorted (str.find: far cheaper
    than a pattern tried at every position of a long description)."""
    found = []
    for literal in literals:
        at = text.find(literal)
        while at != -1:
            found.append(at)
            at = text.find(literal, at + 1)
    return sorted(found)


def word_starts(finder: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """At every position of `text` where a word of `finder` starts, the longest one there
    (overlapping ones too, unlike finditer)."""
    search = finder.search
    match = search(text)
    while match is not None:
        yield match
        match = search(text, match.start() + 1)


class EntryPoints:
    """The positions of a text where a pattern can match, and the matches a scan would find."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.literals, self.line_starts = entry_literals(pattern)
        # a pass of str.find a literal is cheaper for a few; one scan of a trie for many
        self._finder = words_finder(self.literals) if len(self.literals) > _FIND_EACH else None

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> EntryPoints:
        return cls(re.compile(pattern, flags))

    def starts(self, lowered: str) -> list[int]:
        """Sorted positions of `lowered` (the text's `.lower()`, of the same length) where a
        match may start."""
        if self._finder is not None:
            found = [match.start() for match in word_starts(self._finder, lowered)]
        else:
            found = sorted(set(positions(lowered, self.literals)))
        if self.line_starts:
            found += [0] + [at + 1 for at in positions(lowered, ("\n",))]
            return sorted(set(found))
        return found

    def finditer(
        self, text: str, starts: list[int], start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """What `pattern.finditer(text, start, end)` gives, trying only `starts`."""
        end = len(text) if end is None else min(end, len(text))
        index = bisect.bisect_left(starts, start)
        resume = start
        match_at = self.pattern.match
        while index < len(starts) and starts[index] < end:
            position = starts[index]
            index += 1
            if position < resume:
                continue
            match = match_at(text, position, end)
            if match is None:
                continue
            if match.end() == position:  # an empty match: let the scan work out where it goes on
                yield from self.pattern.finditer(text, position, end)
                return
            yield match
            resume = match.end()

    def scan(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        """What `pattern.finditer(text)` gives. `lowered` is `text.lower()`, if made already."""
        lowered = text.lower() if lowered is None else lowered
        if len(lowered) != len(text):  # the positions do not line up: scan
            return self.pattern.finditer(text)
        return self.finditer(text, self.starts(lowered))

    def search(self, text: str, lowered: str | None = None) -> re.Match[str] | None:
        """What `pattern.search(text)` gives. `lowered` is `text.lower()`, if made already."""
        lowered = text.lower() if lowered is None else lowered
        if len(lowered) != len(text):  # the positions do not line up: scan
            return self.pattern.search(text)
        return next(self.finditer(text, self.starts(lowered)), None)
