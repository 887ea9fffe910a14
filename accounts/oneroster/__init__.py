"""1EdTech OneRoster 1.1 / 1.2 roster import: CSV packages (zip or folder, bulk or
delta) and the SIS's REST API, into organizations, people, memberships and sections."""
