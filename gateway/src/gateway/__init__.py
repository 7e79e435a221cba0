"""SalesOS API gateway: REST under /api/v1 and the OrgDirectory gRPC service."""
