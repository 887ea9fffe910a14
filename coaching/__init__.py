"""Coaching: caseloads, session logs, goals with action steps, module recommendations."""
