"""The page behind the SMS link (`<public url>/sign/<token>`, see notifications): the
customer's signer reads the exact document and signs with the code. Server-rendered, no
account, no build step; it calls the public JSON API (`/api/v1/sign/{token}`)."""

from __future__ import annotations

import html

import grpc
from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse
from salesos.pipeline.v1 import contracts_pb2 as pb

from gateway.contracts_client import Contracts
from gateway.deps import ServiceClients
from gateway.public_limit import public_rate_limited

router = APIRouter(include_in_schema=False, dependencies=[Depends(public_rate_limited)])
# The tokens pipeline issues are 20-100 characters; the path is not validated by FastAPI,
# whose answer (English problem+json) means nothing to the customer's signer.
TOKEN_LENGTH = range(20, 101)

_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>合同签署</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem}}
pre{{white-space:pre-wrap;background:#f6f6f6;padding:1rem}}input{{margin:.3rem 0}}</style>
</head><body><h1>合同签署</h1>{body}</body></html>"""

_FORM = """<pre>{document}</pre><p>文件指纹（SHA-256）：<code>{sha}</code></p>
<form id="f"><label>签署人姓名 <input name="signer_name" value="{signer}" required></label><br>
<label>短信验证码 <input name="code" inputmode="numeric" maxlength="6" required></label><br>
<button>确认签署</button></form><p id="r"></p>
<script>document.getElementById('f').onsubmit=async e=>{{e.preventDefault();
const d=Object.fromEntries(new FormData(e.target));
const r=await fetch('/api/v1/sign/{token}',{{method:'POST',
headers:{{'Content-Type':'application/json'}},body:JSON.stringify(d)}});
const j=await r.json();document.getElementById('r').textContent=
r.ok?'签署成功，文件指纹 '+j.document_sha256:(j.detail||'签署失败');}};</script>"""


@router.get("/sign/{token}", response_class=HTMLResponse)
async def signing_page(token: str, contracts: Contracts,
                       clients: ServiceClients) -> HTMLResponse:
    if len(token) not in TOKEN_LENGTH:
        return HTMLResponse(_PAGE.format(body="<p>签署链接无效</p>"), status_code=404)
    try:
        doc = await contracts.call("GetSigningDocument", pb.SigningTokenRequest(token=token),
                                   user_token=clients.service_token())
    except grpc.aio.AioRpcError as error:
        if error.code() not in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.FAILED_PRECONDITION):
            raise
        message = html.escape(error.details() or "签署链接无效")
        status = 404 if error.code() == grpc.StatusCode.NOT_FOUND else 409
        return HTMLResponse(_PAGE.format(body=f"<p>{message}</p>"), status_code=status)
    body = _FORM.format(document=html.escape(doc.document), sha=doc.document_sha256,
                        signer=html.escape(doc.signer_name, quote=True),
                        token=html.escape(token, quote=True))
    return HTMLResponse(_PAGE.format(body=body))
