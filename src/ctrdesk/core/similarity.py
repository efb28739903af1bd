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
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, pairwise

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
# The positions of the bits set in each byte value.
_BITS = [tuple(n for n in range(8) if value >> n & 1) for value in range(256)]


def _members(bits: int, first: int) -> Iterator[int]:
    """The numbers of a set kept as the bits of an integer, bit 0 being ``first``: read
    a byte at a time (shifting the whole integer for each member costs more)."""
    for index, byte in enumerate(bits.to_bytes((bits.bit_length() + 7) // 8, "little")):
        if byte:
            base = first + 8 * index
            for offset in _BITS[byte]:
                yield base + offset


def near_pairs(texts: list[str], threshold: float = NEAR_IDENTICAL
               ) -> list[tuple[int, int, float]]:
    """Every pair (i, j, score), i < j, of ``texts`` with ``similarity`` ≥ ``threshold``.

    Comparing all pairs is quadratic — half a million comparisons for a thousand units.
    Prefix filtering (after Bayardo et al., "Scaling up all pairs similarity search")
    makes it near-linear. Vectors are unit length, their features ordered rarest first
    (one global order); a vector's *prefix* is its shortest head whose tail has a norm
    below √threshold. If two vectors share no feature lying in the prefix of either, every
    feature they share lies in both tails, so by Cauchy–Schwarz their product is below
    √threshold · √threshold = threshold. Only pairs sharing a prefix feature — rare
    features, in practice — are scored exactly. Identical texts are scored once.
    """
    # The same bag of features, whatever their order: the same text, scored once.
    distinct: dict[frozenset[tuple[str, int]], list[int]] = {}
    for index, text in enumerate(texts):
        distinct.setdefault(frozenset(features(text)), []).append(index)
    keys = [k for k in distinct if k]
    frequency: Counter[str] = Counter(f for key in keys for f, _count in key)
    # A margin keeps pairs just under the threshold out by more than the rounding of the
    # exact scores, so the result is that of comparing every pair.
    tail_limit = max(threshold - 1e-6, 0.0)
    vectors: list[dict[str, float]] = []
    # top_squares[n][k]: the sum of the k largest squared weights of vector n.
    top_squares: list[list[float]] = []
    bound_limit = (threshold - 1e-6) ** 2 if threshold > 1e-6 else -1.0
    prefixes: list[list[str]] = []
    # The global order, rarest first, as one rank per feature (ties by the feature).
    rank = {f: n for n, f in enumerate(sorted(frequency, key=lambda f: (frequency[f], f)))}
    for key in keys:
        counts = dict(key)
        norm = math.sqrt(sum(c * c for c in counts.values()))
        vector = {f: counts[f] / norm for f in sorted(counts, key=rank.__getitem__)}
        vectors.append(vector)
        squares = sorted((w * w for w in vector.values()), reverse=True)
        top_squares.append(list(accumulate(squares, initial=0.0)))
        tail = 1.0  # the squared norm of what is not yet in the prefix
        prefix = []
        for feature, weight in vector.items():
            if tail < tail_limit:
                break
            prefix.append(feature)
            tail -= weight * weight
        prefixes.append(prefix)
    # Sets of vectors as the bits of one integer each: a union, an intersection and a
    # count of them are single operations on machine words, not loops over Python sets.
    # Only features two vectors have can be shared: the others need no bit.
    bit = {f: 1 << n for n, f in enumerate(
        f for f, count in frequency.most_common() if count > 1)}
    in_prefix: dict[str, int] = {}  # feature -> the vectors having it in their prefix
    for number, prefix in enumerate(prefixes):
        for feature in prefix:
            in_prefix[feature] = in_prefix.get(feature, 0) | 1 << number
    having: dict[str, int] = dict.fromkeys(in_prefix, 0)  # only features some prefix has
    for number, vector in enumerate(vectors):
        for feature in vector.keys() & having.keys():
            having[feature] |= 1 << number
    keysets = [frozenset(vector) for vector in vectors]
    # Distinct powers of two: their sum is their union.
    keybits = [sum(map(bit.__getitem__, vector.keys() & bit.keys())) for vector in vectors]

    pairs: list[tuple[int, int, float]] = []
    for key in keys:  # the same text: score 1 (empty texts resemble nothing)
        members = distinct[key]
        pairs += [(a, b, 1.0) for n, a in enumerate(members) for b in members[n + 1:]]
    for number, vector in enumerate(vectors):
        candidates = 0
        for feature in vector.keys() & in_prefix.keys():  # in the other's prefix
            candidates |= in_prefix[feature]
        for feature in prefixes[number]:  # in this one's prefix, wherever in the other
            candidates |= having[feature]
        candidates >>= number + 1  # each pair once: only the vectors after this one
        heaviest, mine, my_bits = top_squares[number], keysets[number], keybits[number]
        for other in _members(candidates, number + 1):
            # Cauchy–Schwarz over the shared features, bounded by the heaviest ones: a
            # cheap test that rules out most candidates before the exact product.
            k = (my_bits & keybits[other]).bit_count()
            if heaviest[k] * top_squares[other][k] < bound_limit:
                continue
            shared = mine & keysets[other]
            large = vectors[other]
            score = sum(vector[feature] * large[feature] for feature in shared)
            if score >= threshold - 1e-9:
                pairs += [(min(a, b), max(a, b), min(score, 1.0))
                          for a in distinct[keys[number]] for b in distinct[keys[other]]]
    return sorted(pairs)
