"""The catalogue's rules: codes, kinds, prices in fen, what fits what."""

from __future__ import annotations

import pytest
from pipeline.domain.catalogue import Product, validated
from pipeline.domain.demo_catalogue import DEMO_CATALOGUE
from pipeline.domain.errors import InvalidField

KNOWN = {p.code: p for p in DEMO_CATALOGUE}


def test_demo_catalogue_is_valid_and_has_every_kind() -> None:
    for product in DEMO_CATALOGUE:
        assert validated(product, known=KNOWN) == product
    assert {p.kind for p in DEMO_CATALOGUE} == {"product", "option", "addon", "service"}


def test_codes_are_upper_cased_and_fits_must_name_main_products() -> None:
    made = validated(Product("opt-new", "option", " 新 选配 ", 100, fits=("pal-r200",)),
                     known=KNOWN)
    assert (made.code, made.name, made.fits) == ("OPT-NEW", "新 选配", ("PAL-R200",))
    with pytest.raises(InvalidField) as wrong:
        validated(Product("OPT-X", "option", "x", 1, fits=("OPT-MON",)), known=KNOWN)
    assert wrong.value.field == "fits.0"
    with pytest.raises(InvalidField) as kind:
        validated(Product("X-1", "gadget", "x", 1), known=KNOWN)
    assert kind.value.field == "kind"
    with pytest.raises(InvalidField) as price:
        validated(Product("X-1", "product", "x", -1), known=KNOWN)
    assert price.value.field == "list_price_fen"
    with pytest.raises(InvalidField) as code:
        validated(Product("输送线", "product", "x", 1), known=KNOWN)
    assert code.value.field == "code"
