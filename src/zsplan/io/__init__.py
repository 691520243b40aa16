"""Files in and out: progress sheets (CSV, XLSX) and templates."""
