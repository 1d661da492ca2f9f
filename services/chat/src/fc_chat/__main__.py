from fc_chat import DEFAULT_PORT
from fc_chat.app import create_app
from fc_shared.runner import run_service

run_service(create_app, DEFAULT_PORT)
