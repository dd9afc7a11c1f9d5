from feedback_service.tables import metadata
from netzwerkstatt.migrations import run_env

run_env(metadata)
