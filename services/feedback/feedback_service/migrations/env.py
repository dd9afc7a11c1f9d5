from feedback_service.store.tables import metadata
from netzwerkstatt.migrations import run_env

run_env(metadata)
