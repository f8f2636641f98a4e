"""The trainer network: trainer profiles, webinars, registrations, attendance and reminders."""
