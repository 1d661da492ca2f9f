"""Bases for the HTTP models every service declares.

A request body refuses fields it does not know (422 naming them): a typo such as
`join_wait_list` must not be dropped silently while the default applies. Event contracts
(fc_shared.events) do the opposite and ignore unknown fields, which is what keeps an
additive event change safe for consumers that are not yet updated.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RequestModel(BaseModel):
    """A request body or a part of one: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class ResponseModel(BaseModel):
    """A response body: typed, so the OpenAPI document says what a client gets."""
