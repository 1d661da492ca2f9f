"""The pages a frontend developer reads: `/docs` (Swagger UI), `/redoc` and `/asyncapi`.

They work offline: their scripts and styles are served by the service itself from
`/static/docs` (Swagger UI and ReDoc, as the `fastapi-offline` package ships them) and
`/static/asyncapi` (the AsyncAPI web component, vendored in this package), never from a CDN.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from faststream.kafka import KafkaBroker

from fc_shared.asyncapi import ASSETS, asyncapi_document, asyncapi_page

DOCS_ASSETS = Path(fastapi_offline.__file__).parent / "static"
DOCS_STATIC = "/static/docs"
ASYNCAPI_STATIC = "/static/asyncapi"
SWAGGER_PARAMETERS = {
    # Keep the token given to Authorize across reloads of the page (in the browser only).
    "persistAuthorization": True,
    "displayRequestDuration": True,
    # No badge fetched from swagger.io's online validator: the page loads nothing from outside.
    "validatorUrl": None,
}


def install_api_pages(app: FastAPI, broker: KafkaBroker, title: str) -> None:
    """Serve `/docs`, `/redoc`, `/asyncapi` and `/asyncapi.json` on `app`, with their assets.
    Create `app` with `docs_url=None, redoc_url=None`: these replace FastAPI's CDN pages."""
    app.mount(DOCS_STATIC, StaticFiles(directory=DOCS_ASSETS), name="docs-assets")
    app.mount(ASYNCAPI_STATIC, StaticFiles(directory=ASSETS), name="asyncapi-assets")
    _install_openapi_pages(app)
    _install_asyncapi_pages(app, broker, title)


def _install_openapi_pages(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    async def swagger_page(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url or '/openapi.json'}",
            title=f"{app.title} API",
            swagger_js_url=f"{root}{DOCS_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{root}{DOCS_STATIC}/favicon.png",
            swagger_ui_parameters=SWAGGER_PARAMETERS,
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc_page(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url or '/openapi.json'}",
            title=f"{app.title} API",
            redoc_js_url=f"{root}{DOCS_STATIC}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{DOCS_STATIC}/favicon.png",
            with_google_fonts=False,
        )


def _install_asyncapi_pages(app: FastAPI, broker: KafkaBroker, title: str) -> None:
    @app.get("/asyncapi.json", include_in_schema=False)
    async def asyncapi_json() -> JSONResponse:
        return JSONResponse(asyncapi_document(broker, title))

    @app.get("/asyncapi", include_in_schema=False)
    async def asyncapi_html(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        page = asyncapi_page(
            title=title,
            document_url=f"{root}/asyncapi.json",
            assets_url=f"{root}{ASYNCAPI_STATIC}",
            favicon_url=f"{root}{DOCS_STATIC}/favicon.png",
        )
        return HTMLResponse(page)
