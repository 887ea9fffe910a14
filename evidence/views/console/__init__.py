"""The console's evidence pages: approval policies (`policies`) and rubrics (`rubrics`)."""
