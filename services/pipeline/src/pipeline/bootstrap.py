"""Wires the pipeline process: PipelineService over gRPC, the outbox relay, and the
`pipeline` durable on LEADS that opens a deal for every qualified lead."""

from __future__ import annotations

import logging

from salesos.pipeline.v1 import pipeline_pb2_grpc, quotes_pb2_grpc
from servicekit.grpcserver import ServiceApp
from servicekit.settings import ServiceSettings, get_settings

from pipeline.entrypoints.consumers import subscriptions
from pipeline.entrypoints.contracts_wiring import wire_contracts
from pipeline.entrypoints.grpc_server import SERVICE_NAME, PipelineServicer
from pipeline.entrypoints.quotes_grpc import QUOTE_SERVICE_NAME, QuoteServicer
from pipeline.service_layer.demo_data import seed_demo_catalogue
from pipeline.service_layer.deps import Deps


def build_app(settings: ServiceSettings | None = None) -> ServiceApp:
    settings = settings or get_settings(ServiceSettings, "pipeline")
    app = ServiceApp(settings, schema="pipeline")
    deps = Deps(sessions=app.sessions)
    app.add_servicer(pipeline_pb2_grpc.add_PipelineServiceServicer_to_server,
                     PipelineServicer(deps), SERVICE_NAME)
    app.add_servicer(quotes_pb2_grpc.add_QuoteServiceServicer_to_server,
                     QuoteServicer(deps), QUOTE_SERVICE_NAME)
    for subscription in subscriptions(deps, max_deliver=settings.max_deliver):
        app.subscribe(subscription)
    wire_contracts(app, deps)  # issue 4: contracts, approval, signature
    return app


async def serve() -> None:
    app = build_app()
    if app.settings.demo:  # the demo catalogue is there before the first request
        added = await seed_demo_catalogue(app.sessions)
        logging.getLogger(__name__).info("demo catalogue: %d products added", added)
    await app.run()
