"""Pages: public framework and competency pages (`public`), the console's (`console`)."""
