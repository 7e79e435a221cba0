"""The page a customer opens from the survey SMS / QR code: a zh-CN form over the public
`/api/v1/surveys/{token}` API (no login, no cookies). Kept to one static page with a few
lines of script so it works in WeChat's built-in browser."""

from __future__ import annotations

import html
import re

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from gateway.public_limit import public_rate_limited

router = APIRouter(include_in_schema=False, dependencies=[Depends(public_rate_limited)])

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务满意度评价</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}
button.s{font-size:1.5rem;margin:.2rem}textarea{width:100%;height:5rem}</style></head>
<body><h1>服务满意度评价</h1><p id="who"></p>
<form id="f"><p>请为本次服务打分（1 最差，5 最好）：</p><p id="stars"></p>
<textarea id="c" maxlength="1000" placeholder="意见或建议（可选）"></textarea>
<p><button type="submit">提交</button></p></form><p id="msg"></p>
<script>
const api = "/api/v1/surveys/__TOKEN__"; let score = 0;
const msg = t => document.getElementById("msg").textContent = t;
for (let i = 1; i <= 5; i++) { const b = document.createElement("button");
  b.type = "button"; b.className = "s"; b.textContent = i + "分";
  b.onclick = () => { score = i; msg("已选择 " + i + " 分"); };
  document.getElementById("stars").appendChild(b); }
fetch(api).then(r => r.json().then(j => [r.status, j])).then(([s, j]) => {
  if (s !== 200 || j.status !== "open") { document.getElementById("f").hidden = true;
    msg(j.status === "answered" ? "您已提交过评价，谢谢！" : (j.detail || "链接已失效")); }
  else document.getElementById("who").textContent = j.account_name || ""; });
document.getElementById("f").onsubmit = e => { e.preventDefault();
  if (!score) return msg("请先选择分数");
  fetch(api, {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify({score, comment: document.getElementById("c").value})})
  .then(r => r.json().then(j => [r.status, j])).then(([s, j]) => {
    if (s === 200) { document.getElementById("f").hidden = true; msg("感谢您的评价！"); }
    else msg(j.detail || "提交失败，请稍后再试"); }); };
</script></body></html>"""


# The shape of the links incentives issues; checked here rather than by the path's
# validation, whose answer (English problem+json) means nothing to a customer.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,100}")
_INVALID = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务满意度评价</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem">
<h1>服务满意度评价</h1><p>链接无效，请核对短信或二维码中的完整链接。</p></body></html>"""


@router.get("/survey/{token}", response_class=HTMLResponse)
async def survey_page(token: str) -> HTMLResponse:
    if not _TOKEN.fullmatch(token):
        return HTMLResponse(_INVALID, status_code=404)
    return HTMLResponse(_PAGE.replace("__TOKEN__", html.escape(token)))
