"""Near-identical texts across units: the fast all-pairs search finds exactly the pairs
that comparing every pair would find."""

from __future__ import annotations

import random

from ctrdesk.core.similarity import NEAR_IDENTICAL, near_pairs, similarity

VOCABULARY = ("đảng viên chi bộ sinh hoạt chuyên đề nghị quyết quán triệt kiểm tra giám sát "
              "đối thoại phản ánh kiến nghị tư tưởng áp lực công việc luân chuyển cán bộ đánh "
              "giá xếp loại hoàn thành nhiệm vụ kỷ luật học tập làm theo")
WORDS = VOCABULARY.split()


def _corpus(seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 25)))
             for _ in range(60)]
    for _ in range(40):  # copies, lightly edited copies, reordered copies
        words = rng.choice(texts).split()
        edit = rng.choice(("same", "edit", "swap", "upper"))
        if edit == "edit":
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        elif edit == "swap" and len(words) > 3:
            cut = rng.randrange(1, len(words))
            words = words[cut:] + words[:cut]
        text = " ".join(words)
        texts.append(text.upper() if edit == "upper" else text)
    texts += ["", "   "]
    rng.shuffle(texts)
    return texts


def _brute_force(texts: list[str]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(texts)) for j in range(i + 1, len(texts))
            if similarity(texts[i], texts[j]) >= NEAR_IDENTICAL - 1e-9]


def test_the_fast_search_finds_exactly_the_pairs_of_the_exhaustive_comparison() -> None:
    for seed in range(5):
        texts = _corpus(seed)
        found = near_pairs(texts)
        expected = _brute_force(texts)
        assert [(i, j) for i, j, _score in found] == expected
        assert expected, "the corpus must contain near-identical pairs"
        for i, j, score in found:
            assert abs(score - similarity(texts[i], texts[j])) < 1e-9


def test_identical_and_case_folded_texts_score_one() -> None:
    texts = ["Áp lực công việc tăng cao", "áp lực CÔNG VIỆC tăng cao", "Tâm lý e dè khi góp ý"]
    assert near_pairs(texts) == [(0, 1, 1.0)]
