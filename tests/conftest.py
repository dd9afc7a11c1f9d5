pytest_plugins = ["netzwerkstatt.testing.fixtures"]
