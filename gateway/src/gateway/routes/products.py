"""The product catalogue (everyone signed in reads it; admins keep it) and the discount
limits per role. Codes are case-insensitive and stored upper-case."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import StreamingResponse
from salesos.pipeline.v1 import quotes_pb2 as qpb

from gateway.deps import BearerToken, CurrentUser
from gateway.quote_lists_sheet import append_product, products_sheet
from gateway.quote_protoconv import product_read
from gateway.quote_schemas import (
    DiscountLimitItem,
    DiscountLimits,
    ProductCreate,
    ProductPage,
    ProductRead,
    ProductUpdate,
)
from gateway.quotes_client import Quotes
from gateway.routes import API_PREFIX
from gateway.spreadsheets import XLSX, Sheet, xlsx_download

router = APIRouter(prefix=API_PREFIX, tags=["products"])
# Creating a code twice with the same content answers like the first time, an update is a
# full replacement: both are idempotent by content, so the key needs no bookkeeping.
IdempotencyKey = Annotated[str | None, Header(max_length=200)]


@router.get("/products", response_model=ProductPage)
async def list_products(
    _: CurrentUser, token: BearerToken, quotes: Quotes,
    kind: Annotated[str, Query(max_length=20)] = "",
    fits: Annotated[str, Query(max_length=32, description="extras fitting this product")] = "",
    include_inactive: bool = False, cursor: Annotated[str, Query(max_length=40)] = "",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ProductPage:
    """By code; `kind` product/option/addon/service; retired products only on request."""
    reply = await quotes.call("ListProducts", qpb.ListProductsRequest(
        kind=kind, fits=fits, include_inactive=include_inactive, page_size=limit,
        page_token=cursor), user_token=token)
    return ProductPage(items=[product_read(p) for p in reply.products],
                       next_cursor=reply.next_page_token or None)


@router.get("/products/export.xlsx", response_class=StreamingResponse,
            responses={200: {"content": {XLSX: {}}}})
async def export_products(_: CurrentUser, token: BearerToken, quotes: Quotes,
                          include_inactive: bool = False) -> StreamingResponse:
    """The whole catalogue, prices in 元."""
    products: list[qpb.Product] = []
    cursor = ""
    while True:
        reply = await quotes.call("ListProducts", qpb.ListProductsRequest(
            include_inactive=include_inactive, page_size=200, page_token=cursor),
            user_token=token)
        products += reply.products
        if not (cursor := reply.next_page_token):
            break

    def build() -> Sheet:
        sheet = products_sheet()
        for product in products:
            append_product(sheet, product)
        return sheet

    return await xlsx_download(build, "products", "产品目录")


@router.get("/products/{code}", response_model=ProductRead)
async def get_product(code: str, _: CurrentUser, token: BearerToken,
                      quotes: Quotes) -> ProductRead:
    return product_read(await quotes.call("GetProduct", qpb.GetProductRequest(code=code),
                                          user_token=token))


@router.post("/products", status_code=201, response_model=ProductRead)
async def create_product(body: ProductCreate, _: CurrentUser, token: BearerToken,
                         quotes: Quotes, idempotency_key: IdempotencyKey = None) -> ProductRead:
    """Admins only; 409 when the code is taken by a different product."""
    request = qpb.Product(code=body.code, kind=body.kind, name=body.name,
                          list_price_fen=body.list_price_fen, unit=body.unit, fits=body.fits)
    return product_read(await quotes.call("CreateProduct", request, user_token=token))


@router.put("/products/{code}", response_model=ProductRead)
async def update_product(code: str, body: ProductUpdate, _: CurrentUser, token: BearerToken,
                         quotes: Quotes, idempotency_key: IdempotencyKey = None) -> ProductRead:
    """Admins only: name, price, unit, fits, active (quotes keep the price they were made
    with). Retiring a main product that active extras still fit is 409."""
    request = qpb.Product(code=code, kind=body.kind or "", name=body.name,
                          list_price_fen=body.list_price_fen, unit=body.unit, fits=body.fits,
                          active=body.active)
    return product_read(await quotes.call("UpdateProduct", request, user_token=token))


@router.delete("/products/{code}", response_model=ProductRead)
async def retire_product(code: str, _: CurrentUser, token: BearerToken, quotes: Quotes,
                         idempotency_key: IdempotencyKey = None) -> ProductRead:
    """Admins only: the product is retired (`active: false`), never erased, because
    quotes name it."""
    current = await quotes.call("GetProduct", qpb.GetProductRequest(code=code),
                                user_token=token)
    current.active = False
    return product_read(await quotes.call("UpdateProduct", current, user_token=token))


@router.get("/discount-limits", response_model=DiscountLimits)
async def get_limits(_: CurrentUser, token: BearerToken, quotes: Quotes) -> DiscountLimits:
    """The largest discount each role may give without approval, in basis points."""
    reply = await quotes.call("GetDiscountLimits", qpb.GetDiscountLimitsRequest(),
                              user_token=token)
    return DiscountLimits(limits=[DiscountLimitItem(role=x.role, max_bp=x.max_bp)
                                  for x in reply.limits])


@router.put("/discount-limits", response_model=DiscountLimits)
async def put_limits(body: DiscountLimits, _: CurrentUser, token: BearerToken, quotes: Quotes,
                     idempotency_key: IdempotencyKey = None) -> DiscountLimits:
    """Admins only; roles not named keep their limit."""
    request = qpb.DiscountLimits(limits=[qpb.DiscountLimit(role=x.role, max_bp=x.max_bp)
                                         for x in body.limits])
    reply = await quotes.call("PutDiscountLimits", request, user_token=token)
    return DiscountLimits(limits=[DiscountLimitItem(role=x.role, max_bp=x.max_bp)
                                  for x in reply.limits])
