"""Unit-name matching: whole names only, whatever the prefix, case, diacritics or spacing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ctrdesk.core.textnorm import fold
from ctrdesk.core.units import Unit, UnitDirectory, unit_key

PREFIXES = ["", "Chi bộ ", "Chi ủy ", "Đảng ủy ", "Đảng bộ ", "chi bo ", "CHI ỦY ", "Các chi ủy ",
            "chi uy "]
KINDS = ["Vụ", "Cục", "Viện phúc thẩm", "Phòng"]


def _directory(numbers: list[int], kind: str) -> UnitDirectory:
    return UnitDirectory(
        Unit(n, f"Chi bộ {kind} {n}", "branch", None, (f"Chi ủy {kind} {n}", f"{kind} {n}"))
        for n in numbers
    )


def _variant(kind: str, number: int, prefix: str, plain: bool, spacing: str, zero: bool,
             upper: bool) -> str:
    digits = f"0{number}" if zero and number < 10 else str(number)
    text = f"{prefix}{kind}{spacing}{digits}"
    if plain:
        text = fold(text)
    return text.upper() if upper else text


@settings(max_examples=300, deadline=None)
@given(
    numbers=st.lists(st.integers(1, 99), min_size=1, max_size=40, unique=True),
    asked=st.integers(1, 99),
    kind=st.sampled_from(KINDS),
    prefix=st.sampled_from(PREFIXES),
    plain=st.booleans(),
    spacing=st.sampled_from([" ", "  ", "", "\u00a0"]),
    zero=st.booleans(),
    upper=st.booleans(),
)
def test_no_false_match_between_different_numbers(numbers, asked, kind, prefix, plain,
                                                   spacing, zero, upper):
    directory = _directory(numbers, kind)
    name = _variant(kind, asked, prefix, plain, spacing, zero, upper)
    matched = directory.match(name)
    assert matched == ({asked} if asked in numbers else set()), name


def test_the_examples_of_the_brief():
    directory = UnitDirectory([
        Unit(1, "Chi bộ Vụ 1", "branch", None, ("Chi ủy Vụ 1", "Vụ 1")),
        Unit(4, "Chi bộ Vụ 4", "branch", None, ("Vụ 4",)),
        Unit(14, "Chi bộ Vụ 14", "branch", None, ("Chi ủy Vụ 14", "Vụ 14")),
        Unit(2, "Chi bộ Cục 2", "branch", None, ("Cục 2",)),
        Unit(20, "Chi bộ Cục 20", "branch", None, ()),
        Unit(30, "Đảng ủy VKSND tỉnh Nghệ An", "provincial_committee", None, ()),
        Unit(40, "Văn phòng Đảng ủy", "advisory_body", None, ()),
        Unit(41, "Đảng bộ Văn phòng VKSND tối cao", "grassroots_committee", None, ()),
    ])
    assert directory.match("Vụ 1") == {1}
    assert directory.match("Vụ 4") == {4}
    assert directory.match("Chi ủy Vụ 14") == directory.match("chi bo vu14") == {14}
    assert directory.match("Cục 2") == {2} and directory.match("Cục 20") == {20}
    assert directory.match("Vụ 140") == set()
    assert directory.resolve("các đảng ủy, chi ủy trực thuộc").unit_ids == {1, 4, 14, 2, 20, 41}
    assert directory.resolve("đảng ủy VKSND tỉnh, thành phố").unit_ids == {30}
    assert directory.resolve("VKSND cấp tỉnh").unit_ids == {30}
    related = directory.resolve("các đơn vị có liên quan")
    assert related.undetermined and related.unit_ids == set()
    assert directory.resolve("Văn phòng Đảng ủy VKSND tối cao").unit_ids == {40}
    assert directory.resolve("Đảng ủy Văn phòng").unit_ids == {41}
    assert not directory.resolve("Đoàn thanh niên").known
    assert unit_key("Chi ủy  Vụ 04") == "vu 4"
    assert directory.mentions("giao Chi bộ Vụ 14 chủ trì", 14) is not None
    assert directory.mentions("giao Vụ 1, Vụ 4 thực hiện", 14) is None
    assert directory.mentions("giao Vụ 1 thực hiện", 1) is not None
