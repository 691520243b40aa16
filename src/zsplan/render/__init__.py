"""Rendering: tables for people, JSON and CSV for scripts. The only place that formats output."""
