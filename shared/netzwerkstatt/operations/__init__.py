"""Every service's request-reply operations as typed constants, generated from the services'
operations registries by ``scripts/render_operations.py``:

    from netzwerkstatt import operations as ops
    view = await client.send(ops.events.REGISTRATION_REGISTER, Register(...))  # a RegistrationView
"""

from netzwerkstatt.operations import events, feedback, notifications, registry

__all__ = ["events", "feedback", "notifications", "registry"]
