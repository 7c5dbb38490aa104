"""Manager reporting: KPIs, daily snapshots, the forecast and the board report (issue 7)."""
