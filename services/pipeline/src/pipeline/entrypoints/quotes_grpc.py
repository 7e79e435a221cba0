"""QuoteService over gRPC: products, discount limits, quotes, recommendations."""

from __future__ import annotations

import grpc
from salesos.pipeline.v1 import quotes_pb2 as qpb
from salesos.pipeline.v1 import quotes_pb2_grpc
from servicekit.auth import current_principal

from pipeline.domain.catalogue import Product
from pipeline.domain.pricing import LineRequest
from pipeline.entrypoints.grpc_server import domain_errors
from pipeline.entrypoints.text_guard import guard_text
from pipeline.service_layer import catalogue, catalogue_import, quoting, recommending
from pipeline.service_layer.deps import Deps

QUOTE_SERVICE_NAME = qpb.DESCRIPTOR.services_by_name["QuoteService"].full_name


def _product(request: qpb.Product, *, active: bool | None = None) -> Product:
    return Product(request.code, request.kind, request.name, request.list_price_fen,
                   request.unit, tuple(request.fits),
                   request.active if active is None else active)


@guard_text
class QuoteServicer(quotes_pb2_grpc.QuoteServiceServicer):
    def __init__(self, deps: Deps) -> None:
        self._deps = deps

    async def ListProducts(self, request: qpb.ListProductsRequest,
                           context: grpc.aio.ServicerContext) -> qpb.ListProductsResponse:
        current_principal()  # signed in: the catalogue is for everyone who is
        return await catalogue.list_products(request, self._deps)

    async def GetProduct(self, request: qpb.GetProductRequest,
                         context: grpc.aio.ServicerContext) -> qpb.Product:
        current_principal()
        return await catalogue.get_product(request.code, self._deps)

    async def CreateProduct(self, request: qpb.Product,
                            context: grpc.aio.ServicerContext) -> qpb.Product:
        try:
            with domain_errors():
                return await catalogue.create_product(_product(request, active=True),
                                                      current_principal(),
                                                      self._deps)
        except catalogue.CodeTaken as taken:
            await context.abort(grpc.StatusCode.ALREADY_EXISTS, str(taken))
            raise  # pragma: no cover - abort raises

    async def UpdateProduct(self, request: qpb.Product,
                            context: grpc.aio.ServicerContext) -> qpb.Product:
        with domain_errors():
            return await catalogue.update_product(_product(request), current_principal(),
                                                  self._deps)

    async def ImportProducts(self, request: qpb.ImportProductsRequest,
                             context: grpc.aio.ServicerContext) -> qpb.ImportProductsResponse:
        with domain_errors():
            return await catalogue_import.import_products(
                catalogue_import.rows_of(request), current_principal(), self._deps)

    async def GetDiscountLimits(self, request: qpb.GetDiscountLimitsRequest,
                                context: grpc.aio.ServicerContext) -> qpb.DiscountLimits:
        current_principal()
        return await catalogue.get_limits(self._deps)

    async def PutDiscountLimits(self, request: qpb.DiscountLimits,
                                context: grpc.aio.ServicerContext) -> qpb.DiscountLimits:
        with domain_errors():
            return await catalogue.put_limits(request, current_principal(), self._deps)

    async def CreateQuote(self, request: qpb.CreateQuoteRequest,
                          context: grpc.aio.ServicerContext) -> qpb.Quote:
        cmd = quoting.CreateQuote(
            opportunity_id=request.opportunity_id, discount_bp=request.discount_bp,
            lines=[LineRequest(line.product_code, line.quantity) for line in request.lines],
            note=request.note, idempotency_key=request.idempotency_key)
        with domain_errors():
            return await quoting.create_quote(cmd, current_principal(), self._deps)

    async def GetQuote(self, request: qpb.GetQuoteRequest,
                       context: grpc.aio.ServicerContext) -> qpb.Quote:
        return await quoting.get_quote(request.quote_id, current_principal(), self._deps)

    async def ListQuotes(self, request: qpb.ListQuotesRequest,
                         context: grpc.aio.ServicerContext) -> qpb.ListQuotesResponse:
        return await quoting.list_quotes(request, current_principal(), self._deps)

    async def DecideDiscount(self, request: qpb.DecideDiscountRequest,
                             context: grpc.aio.ServicerContext) -> qpb.Quote:
        with domain_errors():
            return await quoting.decide_discount(
                request.quote_id, approve=request.approve, comment=request.comment,
                principal=current_principal(), deps=self._deps)

    async def IssueQuote(self, request: qpb.QuoteActionRequest,
                         context: grpc.aio.ServicerContext) -> qpb.Quote:
        with domain_errors():
            return await quoting.issue_quote(request.quote_id, current_principal(), self._deps)

    async def AcceptQuote(self, request: qpb.QuoteActionRequest,
                          context: grpc.aio.ServicerContext) -> qpb.Quote:
        with domain_errors():
            return await quoting.accept_quote(request.quote_id, current_principal(),
                                              self._deps)

    async def GetRecommendations(self, request: qpb.GetRecommendationsRequest,
                                 context: grpc.aio.ServicerContext) -> qpb.Recommendations:
        with domain_errors():
            return await recommending.recommendations(request, current_principal(),
                                                      self._deps)
