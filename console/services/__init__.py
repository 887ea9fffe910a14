"""Writes of the console app. Import from the modules: `console.services.snapshots`."""
