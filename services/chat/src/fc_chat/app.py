"""Wires the chat service: settings, routes, the families it learns of, the listener that
tells each replica which chats have news, and the sweeper."""

from fastapi import FastAPI

from fc_chat import SERVICE
from fc_chat.adapters.fanout import Listener
from fc_chat.api import chats, queues, staff, streams
from fc_chat.handlers import register_handlers
from fc_chat.settings import chat_settings
from fc_chat.use_cases.live import Feeds
from fc_chat.use_cases.sweeper import sweep_forever
from fc_shared.events import (
    ChatAbandoned,
    ChatAnswerWaiting,
    ChatClosed,
    ChatRequested,
    ChatStarted,
    ChatTransferred,
    FamilyChanged,
)
from fc_shared.service import ServiceContext, create_service_app
from fc_shared.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    chat = chat_settings(settings)
    listener = Listener(chat, SERVICE, chat.chat_listen_retry_seconds)

    async def listen(_: ServiceContext) -> None:
        await listener.run_forever()

    async def renew_presence(_: ServiceContext) -> None:
        await app.state.feeds.renew_presence_forever()

    app = create_service_app(
        name=SERVICE,
        title="Familjecentret chat",
        settings=chat,
        routers=[queues.router, chats.router, streams.router, staff.router],
        publishes=[
            ChatRequested,
            ChatStarted,
            ChatTransferred,
            ChatClosed,
            ChatAbandoned,
            ChatAnswerWaiting,
        ],
        subscribes=[FamilyChanged],
        register_handlers=register_handlers,
        background=[listen, renew_presence, sweep_forever],
    )
    app.state.feeds = Feeds(listener, app.state.context.sessions, chat)
    return app
