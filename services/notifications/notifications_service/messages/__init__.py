"""Pure message building: kinds and rules, templates and rendering, calendar files, e-mails, keys."""
