"""Just-in-time PD modules, progress, cohorts and the exemplar library."""
