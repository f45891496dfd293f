#pragma once
// Test set-up for attendance and participant tests: the series/session commands live on another
// branch, so the series `pc-2026` and its sessions are inserted with SQL after a writing echo
// command created the database. Seeding is set-up, not the behaviour under test.

#include "harness.hpp"

#include <string>

namespace echo::test {

// Creates the database (via `participant add`), then series pc-2026 (America/Vancouver,
// biweekly Tuesdays 12:00-13:00 from 2026-01-13): sessions 1-3 on 2026-01-13, 01-27, 02-10
// (20:00Z, 60 minutes) and session 4 on 2026-02-24 cancelled. Participants: Alice Lee
// <a.lee@example.org> (presenter of session 1), Maria Chen <m.chen@example.org> (facilitator
// of session 1), Émile Dubé, Priya Sharma, and Thomas Nguyen (no email).
void seed_pc2026(const Hub& hub);

// Runs SQL statements against the hub's database (set-up only).
void seed_sql(const Hub& hub, const std::string& sql);

} // namespace echo::test
