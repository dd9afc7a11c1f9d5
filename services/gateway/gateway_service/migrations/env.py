from gateway_service.store import metadata
from netzwerkstatt.migrations import run_env

run_env(metadata)
