"""Billing API (FastAPI): invoices, PDF rendering and webhooks."""
import asyncio
import os
import re
from datetime import datetime, timedelta, timezone

import httpx
import jwt
from fastapi import Depends, FastAPI, HTTPException, Request, UploadFile
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import text
from sqlalchemy.orm import Session

from .db import get_session
from .models import Invoice

# techlead-expect: python-fastapi-debug-true
app = FastAPI(title="billing", debug=True)

# techlead-expect: python-cors-wildcard-credentials
app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],
    allow_credentials=True,
    allow_methods=["*"],
)

JWT_SECRET = os.environ["JWT_SECRET"]
PARTNER_API = "https://partner.example.com/api"


def issue_token(user_id: int) -> str:
    claims = {"sub": str(user_id), "exp": datetime.now(timezone.utc) + timedelta(hours=1)}
    # techlead-safe
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


def legacy_token(user_id: int) -> str:
    # techlead-expect: python-jwt-hardcoded-secret
    return jwt.encode({"sub": str(user_id)}, "billing-dev-secret", algorithm="HS256")


def current_user(request: Request) -> dict:
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    # techlead-expect: python-jwt-no-verify
    claims = jwt.decode(token, options={"verify_signature": False})
    # techlead-safe
    claims = jwt.decode(token, JWT_SECRET, algorithms=["HS256"])
    return claims


@app.get("/invoices")
def list_invoices(status: str, db: Session = Depends(get_session), user=Depends(current_user)):
    # techlead-expect: python-sqlalchemy-text-built
    rows = db.execute(text(f"SELECT * FROM invoices WHERE status = '{status}'")).all()
    # techlead-safe
    rows += db.execute(text("SELECT * FROM invoices WHERE status = :s"), {"s": status}).all()
    return rows


@app.get("/invoices/search")
def search_invoices(request: Request, db: Session = Depends(get_session)):
    # techlead-expect: python-regex-from-request
    pattern = re.compile(request.query_params["q"])
    # techlead-safe
    literal = re.compile(re.escape(request.query_params.get("q", "")))
    return [i.id for i in db.query(Invoice).all() if pattern.search(i.memo) or literal.search(i.memo)]


@app.post("/invoices/{invoice_id}/pdf")
async def render_pdf(invoice_id: int, template: str):
    # techlead-expect: python-asyncio-subprocess-shell
    proc = await asyncio.create_subprocess_shell(f"wkhtmltopdf {template} /tmp/{invoice_id}.pdf")
    await proc.wait()
    # techlead-safe
    proc = await asyncio.create_subprocess_exec("wkhtmltopdf", template, f"/srv/pdf/{invoice_id}.pdf")
    await proc.wait()
    return {"ok": proc.returncode == 0}


@app.get("/partner/{item_id}")
async def partner_item(item_id: int, request: Request):
    async with httpx.AsyncClient(timeout=5) as client:
        # techlead-safe
        resp = await client.get(f"{PARTNER_API}/items/{item_id}")
        # techlead-expect: python-requests-verify-false
        legacy = await client.get(f"{PARTNER_API}/legacy/{item_id}", verify=False)
    return {"item": resp.json(), "legacy": legacy.json()}


@app.get("/go")
def go(request: Request):
    # techlead-expect: python-open-redirect
    return RedirectResponse(request.query_params["next"], status_code=303)


@app.get("/preview", response_class=HTMLResponse)
def preview(request: Request):
    # techlead-expect: python-reflected-xss-response
    return HTMLResponse("<div>" + request.query_params.get("body", "") + "</div>")


@app.post("/attachments")
async def upload(file: UploadFile):
    data = await file.read()
    if len(data) > 5_000_000:
        # techlead-safe
        raise HTTPException(status_code=413, detail="attachment too large")
    # techlead-expect: python-upload-filename-unsanitized
    with open(os.path.join("/srv/attachments", file.filename), "wb") as out:
        out.write(data)
    return {"size": len(data)}
