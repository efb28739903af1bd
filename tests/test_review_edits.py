"""A reviewer corrects what the parser made of a parent document before it is stored.

Every correction is a function of the parsed tree: the tree given is never changed (so the
screen's undo keeps it as it was), the corrected tree comes back with the item to select,
and an edit that does not apply there gives None.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import date

import pytest

from conftest import WORK_PROGRAM
from ctrdesk.core.errors import ValidationError
from ctrdesk.core.importing import parse_file
from ctrdesk.core.importing import review_edits as edits
from ctrdesk.core.importing.parsed import Node
from ctrdesk.core.importing.thresholds import parse_threshold_cell
from ctrdesk.core.importing.timespec import parse_time


def _tree() -> list[Node]:
    """I (1, 2 with 2.1), II (3), III: small enough to state every result exactly."""
    return [
        Node("section", "I", title="Mục đích", lines=[1], children=[
            Node("item", "1", text="Quán triệt nghị quyết", lead=["Vụ 1"], lines=[2]),
            Node("item", "2", text="Sinh hoạt chuyên đề", lead=["Vụ 2"],
                 coordinating=["Văn phòng"], implementing=["Chi bộ 3"],
                 time=parse_time("Quý II", 2026), lines=[3, 5],
                 children=[Node("target", "2.1", text="100% đảng viên", lines=[4],
                                threshold=parse_threshold_cell("100%"))]),
        ]),
        Node("section", "II", title="Nhiệm vụ", lines=[6],
             children=[Node("item", "3", text="Kiểm tra", lines=[7])]),
        Node("section", "III", title="Tổ chức thực hiện", lines=[8]),
    ]


def _outline(items: list[Node], depth: int = 0) -> list[str]:
    return [line for node in items for line in
            ["  " * depth + (node.number or "-") + " " + (node.title or node.text),
             *_outline(node.children, depth + 1)]]


@pytest.fixture
def tree() -> list[Node]:
    return _tree()


@pytest.fixture(autouse=True)
def _given_tree_never_changes(tree):
    kept = copy.deepcopy(tree)
    yield
    assert tree == kept, "an edit changed the tree it was given: undo would not be exact"


def test_moving_an_item_up_and_down_swaps_it_with_its_neighbour(tree):
    up = edits.move_up(tree, (0, 1))
    assert up is not None and up.select == (0, 0)
    assert [n.number for n in up.items[0].children] == ["2", "1"]
    down = edits.move_down(up.items, (0, 0))
    assert down is not None and down.select == (0, 1)
    assert down.items == tree
    top = edits.move_down(tree, (1,))
    assert top is not None and [n.number for n in top.items] == ["I", "III", "II"]
    assert top.select == (2,)


def test_the_first_cannot_move_up_nor_the_last_down(tree):
    assert edits.move_up(tree, (0,)) is None
    assert edits.move_up(tree, (0, 0)) is None
    assert edits.move_down(tree, (2,)) is None
    assert edits.move_down(tree, (0, 1)) is None
    assert edits.move_down(tree, (0, 1, 0)) is None


def test_indenting_makes_the_item_the_last_child_of_the_one_above(tree):
    indented = edits.indent(tree, (1,))
    assert indented is not None and indented.select == (0, 2)
    assert _outline(indented.items) == [
        "I Mục đích", "  1 Quán triệt nghị quyết", "  2 Sinh hoạt chuyên đề",
        "    2.1 100% đảng viên", "  II Nhiệm vụ", "    3 Kiểm tra", "III Tổ chức thực hiện"]
    deeper = edits.indent(tree, (0, 1))
    assert deeper is not None and deeper.select == (0, 0, 0)
    assert [n.number for n in deeper.items[0].children[0].children] == ["2"]
    assert edits.indent(tree, (0,)) is None
    assert edits.indent(tree, (0, 0)) is None


def test_outdenting_places_the_item_right_after_its_parent(tree):
    outdented = edits.outdent(tree, (0, 0))
    assert outdented is not None and outdented.select == (1,)
    assert [n.number for n in outdented.items] == ["I", "1", "II", "III"]
    assert [n.number for n in outdented.items[0].children] == ["2"]
    inner = edits.outdent(tree, (0, 1, 0))
    assert inner is not None and inner.select == (0, 2)
    assert [n.number for n in inner.items[0].children] == ["1", "2", "2.1"]
    assert edits.outdent(tree, (1,)) is None
    assert edits.outdent(tree, ()) is None


def test_indent_then_outdent_gives_the_tree_back(tree):
    indented = edits.indent(tree, (1,))
    assert indented is not None
    back = edits.outdent(indented.items, indented.select)
    assert back is not None and back.items == tree and back.select == (1,)


def test_merging_joins_the_next_items_words_units_time_and_children(tree):
    merged = edits.merge_with_next(tree, (0, 0))
    assert merged is not None and merged.select == (0, 0)
    [item] = merged.items[0].children
    assert item.number == "1"
    assert item.text == "Quán triệt nghị quyết Sinh hoạt chuyên đề"
    assert item.lead == ["Vụ 1", "Vụ 2"]
    assert item.coordinating == ["Văn phòng"] and item.implementing == ["Chi bộ 3"]
    assert item.time is not None and item.time.kind == "quarter"
    assert [c.number for c in item.children] == ["2.1"]
    assert item.lines == [2, 3, 5]
    headings = edits.merge_with_next(tree, (1,))
    assert headings is not None
    assert headings.items[1].title == "Nhiệm vụ Tổ chức thực hiện"
    assert headings.items[1].text == ""
    assert edits.merge_with_next(tree, (2,)) is None
    assert edits.merge_with_next(tree, (0, 1)) is None


def test_merging_keeps_the_items_own_time_and_threshold_first():
    tree = _tree()
    tree[0].children[0].time = parse_time("Quý I", 2026)
    tree[0].children[0].threshold = parse_threshold_cell("> 90%")
    tree[0].children[1].threshold = parse_threshold_cell("100%")
    merged = edits.merge_with_next(tree, (0, 0))
    assert merged is not None
    item = merged.items[0].children[0]
    assert item.time is not None and item.time.start == date(2026, 1, 1)
    assert item.threshold is not None and item.threshold.describe() == "> 90%"


def test_splitting_at_the_cursor_makes_two_siblings_of_the_same_kind(tree):
    text = "Sinh hoạt chuyên đề và kiểm tra"
    split = edits.split(tree, (0, 1), text, len("Sinh hoạt chuyên đề"))
    assert split is not None and split.select == (0, 2)
    first, second = split.items[0].children[1:]
    assert (first.text, second.text) == ("Sinh hoạt chuyên đề", "và kiểm tra")
    assert second.kind == "item" and second.lines == [3, 5] and second.number == ""
    assert [c.number for c in first.children] == ["2.1"] and second.children == []
    deep = edits.split(tree, (0, 1, 0), "100% đảng viên học tập", len("100% đảng viên"))
    assert deep is not None and deep.select == (0, 1, 1)
    assert [t.text for t in deep.items[0].children[1].children] == ["100% đảng viên",
                                                                   "học tập"]
    heading = edits.split(tree, (1,), "Nhiệm vụ chung", len("Nhiệm vụ"))
    assert heading is not None
    assert (heading.items[1].title, heading.items[2].title) == ("Nhiệm vụ", "chung")
    assert heading.items[2].text == ""


def test_a_split_at_either_end_does_nothing(tree):
    assert edits.split(tree, (0, 1), "Sinh hoạt", 0) is None
    assert edits.split(tree, (0, 1), "Sinh hoạt", len("Sinh hoạt")) is None
    assert edits.split(tree, (0, 1), "Sinh hoạt   ", len("Sinh hoạt ")) is None


def test_deleting_selects_the_item_now_in_its_place(tree):
    deleted = edits.delete(tree, (0, 0))
    assert deleted is not None and deleted.select == (0, 0)
    assert [n.number for n in deleted.items[0].children] == ["2"]
    last = edits.delete(tree, (2,))
    assert last is not None and last.select == (1,) and len(last.items) == 2
    only = edits.delete(tree, (1, 0))
    assert only is not None and only.select == (1,) and only.items[1].children == []
    assert edits.delete(tree, (5,)) is None
    assert edits.delete(tree, ()) is None


def test_editing_an_item_sets_every_field_and_reads_time_against_the_documents_year(tree):
    fields = edits.ItemFields(
        kind="target", number=" 1a ", text="  Quán   triệt\nnghị quyết ",
        lead=edits.unit_names("Vụ 1; ; Vụ 7 "), coordinating=("Văn phòng",),
        implementing=edits.unit_names("Chi bộ 1;Chi bộ 2"), time="Quý III",
        threshold=">= 95%")
    edited = edits.edit_item(tree, (0, 0), fields, 2027)
    assert edited is not None and edited.select == (0, 0)
    item = edited.items[0].children[0]
    assert (item.kind, item.number, item.text, item.title) == (
        "target", "1a", "Quán triệt nghị quyết", "")
    assert item.lead == ["Vụ 1", "Vụ 7"] and item.coordinating == ["Văn phòng"]
    assert item.implementing == ["Chi bộ 1", "Chi bộ 2"]
    assert item.time is not None and item.time.start == date(2027, 7, 1)
    assert item.threshold is not None and item.threshold.describe() == "≥ 95%"
    heading = edits.edit_item(tree, (1,), edits.ItemFields("section", "II", "Nhiệm vụ chính"))
    assert heading is not None
    assert (heading.items[1].title, heading.items[1].text) == ("Nhiệm vụ chính", "")


def test_editing_keeps_what_the_parser_read_when_time_and_threshold_are_unchanged():
    tree = _tree()
    target = tree[0].children[1].children[0]
    assert target.threshold is not None
    target.threshold = dataclasses.replace(target.threshold, text="đạt 100% đảng viên")
    item = tree[0].children[1]
    assert item.time is not None
    fields = edits.ItemFields("target", "2.1", "100% đảng viên", time="",
                              threshold=target.threshold.describe())
    edited = edits.edit_item(tree, (0, 1, 0), fields, 2026)
    assert edited is not None
    kept = edited.items[0].children[1].children[0]
    assert kept.threshold is not None and kept.threshold.text == "đạt 100% đảng viên"
    assert kept.time is None
    same_time = edits.ItemFields("item", "2", "Sinh hoạt chuyên đề", time=item.time.text)
    edited = edits.edit_item(tree, (0, 1), same_time, 1999)
    assert edited is not None
    assert edited.items[0].children[1].time == item.time
    cleared = edits.edit_item(tree, (0, 1, 0), edits.ItemFields("target", "2.1", "x"))
    assert cleared is not None and cleared.items[0].children[1].children[0].threshold is None


def test_a_wrong_threshold_or_kind_is_refused_naming_the_field(tree):
    with pytest.raises(ValidationError) as refused:
        edits.edit_item(tree, (0, 0), edits.ItemFields("item", "1", "x", threshold="nhiều"))
    assert refused.value.field == "threshold"
    assert refused.value.message == "Không phải chỉ tiêu: hãy viết ví dụ 100%, > 90%, 60 - 80"
    with pytest.raises(ValidationError) as refused:
        edits.edit_item(tree, (0, 0), edits.ItemFields("chapter", "1", "x"))
    assert refused.value.field == "kind"
    assert refused.value.message == "Loại mục không hợp lệ: chapter"
    assert edits.edit_item(tree, (9,), edits.ItemFields("item", "1", "x")) is None


@pytest.mark.parametrize("path", [(9,), (3,), (0, 9), (0, 2), (0, 1, 9), (0, 1, 1), (9, 0),
                                  (3, 0), (0, 9, 0), (0, 2, 0), (-1,)])
def test_an_edit_at_a_place_the_tree_does_not_have_does_nothing(tree, path):
    for edit in (edits.move_up, edits.move_down, edits.indent, edits.outdent,
                 edits.merge_with_next, edits.delete):
        assert edit(tree, path) is None, edit.__name__
    assert edits.split(tree, path, "một hai", 3) is None
    assert edits.edit_item(tree, path, edits.ItemFields("item", "1", "x")) is None


def test_a_real_document_corrected_step_by_step_and_undone_step_by_step():
    _source, program = parse_file(WORK_PROGRAM)
    trees = [program.items]
    for step in (lambda t: edits.move_up(t, (1,)), lambda t: edits.indent(t, (1,)),
                 lambda t: edits.merge_with_next(t, (1, 0)),
                 lambda t: edits.delete(t, (1, 0))):
        edited = step(trees[-1])
        assert edited is not None
        trees.append(edited.items)
    assert len(trees[-1]) == len(program.items) - 1
    assert len(trees[-1][1].children) == len(program.items[2].children) - 2
    assert [n.number for n in trees[-1][0].children][-1] == "I"
    # Each tree kept is still exactly what it was: going back is exact.
    assert trees[0] == parse_file(WORK_PROGRAM)[1].items
    assert trees[2] == edits.indent(trees[1], (1,)).items


def test_merging_two_full_items_keeps_everything_of_both():
    first = Node("item", "1", text="Tổ chức hội nghị", lead=["Vụ 1"], coordinating=["Vụ 2"],
                 implementing=["Chi bộ 1"], lines=[4, 2],
                 children=[Node("target", "1.1", text="100%")])
    second = Node("item", "2", title="Sơ kết", text="giữa nhiệm kỳ", lead=["Vụ 3"],
                  coordinating=["Vụ 4"], implementing=["Chi bộ 2"], lines=[2, 9],
                  children=[Node("target", "2.1", text="90%")])
    merged = edits.merge_with_next([Node("section", "I", title="A",
                                         children=[first, second])], (0, 0))
    assert merged is not None
    [item] = merged.items[0].children
    assert item.text == "Tổ chức hội nghị Sơ kết giữa nhiệm kỳ"
    assert (item.lead, item.coordinating, item.implementing) == (
        ["Vụ 1", "Vụ 3"], ["Vụ 2", "Vụ 4"], ["Chi bộ 1", "Chi bộ 2"])
    assert [c.number for c in item.children] == ["1.1", "2.1"]
    assert item.lines == [2, 4, 9]


def test_edits_three_levels_down_select_the_right_item():
    tree = _tree()
    tree[0].children[1].children.append(Node("target", "2.2", text="95% chi bộ", lines=[5]))
    kept = copy.deepcopy(tree)
    up = edits.move_up(tree, (0, 1, 1))
    assert up is not None and up.select == (0, 1, 0)
    assert [t.number for t in up.items[0].children[1].children] == ["2.2", "2.1"]
    assert tree == kept  # checked after each edit: a second one could swap it back
    down = edits.move_down(tree, (0, 1, 0))
    assert down is not None and down.select == (0, 1, 1)
    assert tree == kept
    gone = edits.delete(tree, (0, 1, 1))
    assert gone is not None and gone.select == (0, 1, 0)
    both = edits.delete(gone.items, (0, 1, 0))
    assert both is not None and both.select == (0, 1)
    assert tree == kept  # moving deep inside never touched the tree given
