"""A catalogue file planned against the catalogue, before anything is written."""

from __future__ import annotations

from pipeline.domain.catalogue_import import ImportRow, plan
from pipeline.domain.demo_catalogue import DEMO_CATALOGUE

KNOWN = {p.code: p for p in DEMO_CATALOGUE}


def as_rows() -> list[ImportRow]:
    """The demo catalogue as its export reads back: zh kind labels, empty 在售 cells."""
    labels = {"product": "主机产品", "option": "选配", "addon": "附加设备", "service": "服务包"}
    return [ImportRow(n, p.code.lower(), labels[p.kind], f" {p.name}  ", p.list_price_fen,
                      p.unit, p.fits) for n, p in enumerate(DEMO_CATALOGUE, start=2)]


def test_the_catalogue_read_back_is_all_unchanged() -> None:
    result, errors = plan(as_rows(), KNOWN)
    assert not errors and result is not None
    assert (result.created, result.updated, result.unchanged) == (0, 0, len(DEMO_CATALOGUE))
    assert result.writes == []


def test_an_option_may_fit_a_machine_defined_further_down_the_file() -> None:
    rows = [ImportRow(2, "OPT-NEW", "选配", "新选配", 100, fits=("LINE-NEW",)),
            ImportRow(3, "LINE-NEW", "product", "新产线", 1000)]
    result, errors = plan(rows, KNOWN)
    assert not errors and result is not None
    assert [p.code for p in result.writes] == ["OPT-NEW", "LINE-NEW"] and result.created == 2


def test_every_bad_row_is_reported_in_row_order() -> None:
    rows = [ImportRow(9, "OPT-NEW", "选配", "x", 1, fits=("SVC-RMT",)),  # fits a service
            ImportRow(4, "1BAD", "选配", "x", 1),
            ImportRow(5, "PAL-R200", "选配", "x", 1)]                    # was a machine
    result, errors = plan(rows, KNOWN)
    assert result is None
    assert [(e.row, e.field) for e in errors] == [(4, "code"), (5, "kind"), (9, "fits")]
