#pragma once
// One definition per rule, as SQL fragments over a session row `alias` (man/echoctl-report.1,
// DEFINITIONS). Every repository that counts held, unrecorded or upcoming sessions, filters a
// report's period or names a session CODE/N builds its SQL from these; the C++ side of the same
// rules is domain::started_before and domain::session_ref (domain/session.hpp).
//
// The fragments that compare with the as-of instant use the named parameter :as_of (UTC ISO
// text, YYYY-MM-DDTHH:MM:SSZ, so that text order is time order); period_filter uses :series,
// :from and :to (NULL: no bound).

#include <string>

namespace echo::db::rules {

// The session's reference CODE/N: its series' code and its stored number (session.number, given
// once, never renumbered or reused): `series` is the series row's alias, `session` the session's.
std::string session_ref(const std::string& series, const std::string& session);

// Started: the instant in `start_column` is before the as-of instant (start < :as_of; a session
// that starts at the as-of instant has not started). The only comparison with :as_of.
std::string started(const std::string& start_column);
// Cancelled, and not cancelled (session.status, named by domain::SessionStatus).
std::string cancelled(const std::string& alias);
std::string not_cancelled(const std::string& alias);
// Past: not cancelled and started before the as-of instant (start_utc < :as_of; a session that
// starts at the as-of instant has not started).
std::string past(const std::string& alias);
// Upcoming: not cancelled and not started (start_utc >= :as_of). past + upcoming = not cancelled.
std::string upcoming(const std::string& alias);
// Has records: an attendance record or an unmatched import row.
std::string has_records(const std::string& alias);
// Attendance recorded: an attendance record or an unmatched import row, or marked held without
// attendees (`session update REF --held`).
std::string recorded(const std::string& alias);
// Held: past and recorded. Only held sessions count in averages and certificate denominators.
std::string held(const std::string& alias);
// Unrecorded: past and not recorded. Counted apart, never held.
std::string unrecorded(const std::string& alias);

// The certificate rule: `eligible` eligible participations of `held` held sessions earn it when
// eligible * 100 >= :min_percent * held, and eligible > 0; compared without dividing, so that
// 3 of 4 at 75 % is exact.
std::string earns_certificate(const std::string& eligible, const std::string& held);

// The rank of the attendance role in `column` (a column or a parameter), generated from the one
// table domain::k_role_ranks: participant < hub < presenter = facilitator.
std::string role_rank(const std::string& column);

// The sessions of a report's period: one series or all (:series), local dates :from..:to inclusive.
std::string period_filter(const std::string& alias);

} // namespace echo::db::rules
