"""Text similarity that survives reordering and small edits.

Texts are folded (case, diacritics), cut into words, and compared as bags of words and
word pairs with the cosine measure: reordering sentences keeps almost every word pair,
a small edit changes only a few, while two texts that merely share a topic share few
pairs. 1.0 means the same words in the same company; near-identical texts score ≥ 0.85.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise

from ctrdesk.core.textnorm import fold

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def features(text: str) -> tuple[tuple[str, int], ...]:
    words = _WORD.findall(fold(text))
    bag = Counter(words)
    bag.update(f"{a} {b}" for a, b in pairwise(words))
    return tuple(bag.items())


def _norm(vector: dict[str, int]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


def similarity(a: str, b: str) -> float:
    """Cosine similarity of word and word-pair counts, 0.0 to 1.0."""
    va, vb = dict(features(a)), dict(features(b))
    if not va or not vb:
        return 0.0
    if len(va) > len(vb):
        va, vb = vb, va
    dot = sum(count * vb.get(key, 0) for key, count in va.items())
    return dot / (_norm(va) * _norm(vb))


NEAR_IDENTICAL = 0.85


def near_pairs(texts: list[str], threshold: float = NEAR_IDENTICAL
               ) -> list[tuple[int, int, float]]:
    """Every pair (i, j, score), i < j, of ``texts`` with ``similarity`` ≥ ``threshold``.

    Comparing all pairs is quadratic — half a million comparisons for a thousand units.
    Prefix filtering (Bayardo et al., "Scaling up all pairs similarity search") makes
    it near-linear: with unit-length vectors whose features are ordered rarest first, two
    vectors can reach the threshold only if one shares a feature with the other's
    *prefix*, the shortest head whose tail has norm below the threshold. Only prefixes are
    indexed, and only the candidates they yield are scored exactly. Identical texts are
    scored once.
    """
    distinct: dict[tuple[tuple[str, int], ...], list[int]] = {}
    for index, text in enumerate(texts):
        distinct.setdefault(tuple(sorted(features(text))), []).append(index)
    keys = [k for k in distinct if k]
    frequency: Counter[str] = Counter(f for key in keys for f, _count in key)
    suffixes: list[dict[str, float]] = []  # each vector's tail, not indexed
    suffix_norms: list[float] = []
    index_of: dict[str, list[tuple[int, float]]] = {}
    vectors: list[list[tuple[str, float]]] = []
    for number, key in enumerate(keys):
        norm = math.sqrt(sum(c * c for _f, c in key))
        ordered = sorted(((f, c / norm) for f, c in key),
                         key=lambda fw: (frequency[fw[0]], fw[0]))
        vectors.append(ordered)
        tail = 1.0  # squared norm of the features not yet indexed
        cut = len(ordered)
        for position, (feature, weight) in enumerate(ordered):
            if math.sqrt(max(tail, 0.0)) < threshold:
                cut = position
                break
            index_of.setdefault(feature, []).append((number, weight))
            tail -= weight * weight
        suffixes.append(dict(ordered[cut:]))
        suffix_norms.append(math.sqrt(max(tail, 0.0)))
    pairs: list[tuple[int, int, float]] = []
    for key in keys:  # the same text: score 1 (empty texts resemble nothing)
        members = distinct[key]
        pairs += [(a, b, 1.0) for n, a in enumerate(members) for b in members[n + 1:]]
    for number, vector in enumerate(vectors):
        # The indexed part of each other vector's product with this one, accumulated
        # over the postings; what is missing is at most the other's tail norm.
        partial: dict[int, float] = {}
        own: dict[str, float] | None = None
        for feature, weight in vector:
            for other, other_weight in index_of.get(feature, ()):
                if other > number:
                    partial[other] = partial.get(other, 0.0) + weight * other_weight
        for other, score in partial.items():
            if score + suffix_norms[other] < threshold - 1e-9:
                continue
            rest = suffixes[other]
            own = dict(vector) if own is None else own
            score += sum(own[f] * rest[f] for f in rest.keys() & own.keys())
            if score >= threshold - 1e-9:
                pairs += [(min(a, b), max(a, b), min(score, 1.0))
                          for a in distinct[keys[number]] for b in distinct[keys[other]]]
    return sorted(pairs)
