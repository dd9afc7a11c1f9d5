"""Group work plans stored with the event: World Café, speed consultations, workshop choice and
Barcamp, made by the planners in ``events_service.groupwork`` from the event's registrations."""
