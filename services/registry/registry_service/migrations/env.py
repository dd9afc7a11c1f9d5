from netzwerkstatt.migrations import run_env
from registry_service.store import metadata

run_env(metadata)
