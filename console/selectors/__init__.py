"""Reads of the console's own pages (the district dashboard, each role's home), scoped
to the person asking. Import from the modules: `console.selectors.dashboard`."""
