from netzwerkstatt.migrations import run_env
from notifications_service.store import metadata

run_env(metadata)
