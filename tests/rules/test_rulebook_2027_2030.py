"""The 2027–2030 rulebook's wording and provenance (issue #13 item 7): Decree 351/2025 says "đô thị"
where Decree 07/2021 says "thành thị"; the report-column order of its indicators is marked as from a
draft; and no value cites only our own spec files.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from ranoat.domain.area import Area
from ranoat.rules.classify import ClassificationError, classify
from ranoat.rules.explain import reasons
from ranoat.rules.rulebook import Cited, load_all, load_rulebook, rulebook_dir

OUR_OWN = ("rules.md", "rules-reference.yaml", "product.md", "2022–2025 value")


def cited_blocks(model: BaseModel, where: str = "") -> Iterator[tuple[str, Cited]]:
    """Every block of the rulebook that carries a source, with its key."""
    if isinstance(model, Cited):
        yield where or "(gốc)", model
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, BaseModel):
                key = f"{where}.{name}" if where else name
                yield from cited_blocks(item, f"{key}.{index}" if isinstance(value, list) else key)


def test_urban_is_do_thi_in_2027_2030_and_thanh_thi_in_2022_2025() -> None:
    books = load_all()
    new, old = books["2027-2030"], books["2022-2025"]
    assert new.area_name(Area.URBAN) == "khu vực đô thị"
    assert new.area_name(Area.RURAL) == "khu vực nông thôn"
    assert old.area_name(Area.URBAN) == "khu vực thành thị"
    result = classify(new, area="urban", lacking=["employment"], income=2_800_000)
    said = " ".join(reasons(result, new))
    assert "(khu vực đô thị)" in said
    assert "thành thị" not in said
    before = " ".join(reasons(classify(old, area="urban", lacking=[], income=2_000_000), old))
    assert "(khu vực thành thị)" in before


def test_an_unpublished_line_names_the_area_as_the_standards_text_does(tmp_path: Path) -> None:
    data = yaml.safe_load((rulebook_dir() / "2027-2030.yaml").read_text(encoding="utf-8"))
    data["income"]["poverty_line"].update(rural=None, urban=None, confidence="unknown")
    path = tmp_path / "2027-2030.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ClassificationError) as caught:
        classify(load_rulebook(path), area="urban", lacking=[], income=2_000_000)
    assert "chuẩn nghèo về thu nhập (khu vực đô thị) chưa được ban hành/cấu hình" in str(caught.value)


def test_the_report_order_of_2027_2030_is_marked_as_a_draft() -> None:
    order = load_all()["2027-2030"].model.report_order
    assert order is not None
    assert order.confidence == "uncertain"
    assert order.note is not None
    assert "draft" in order.note


def test_every_value_of_2027_2030_cites_a_source_beyond_our_own_spec() -> None:
    book = load_all()["2027-2030"].model
    only_ours = [key for key, block in cited_blocks(book) if all(source.startswith(OUR_OWN) for source in block.source)]
    assert only_ours == []
    assert len(list(cited_blocks(book))) > 20
