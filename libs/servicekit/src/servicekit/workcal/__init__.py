"""Working time on the mainland calendar, shared by every service with working-hour
clocks: pure rules (`hours`, `year`), the official schedules (`seed`), and the table,
repository and cached loader each service uses on its own `calendar_days` table."""
