"""Integer bounds of the protobuf fields a request's numbers are copied into.

Protobuf refuses a number its field cannot hold with a ValueError while the gateway
builds the request: that was a 500 (the connection even reset), not a 422 naming the
field. Request bodies and query parameters use these types, so a number out of range is
refused by validation like any other bad input.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1

Int32 = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
Int64 = Annotated[int, Field(ge=-INT64_MAX - 1, le=INT64_MAX)]
