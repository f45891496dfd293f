#include "echo/db/rules.hpp"

#include "echo/domain/attendance.hpp"
#include "echo/domain/session.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace echo::db::rules {

namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

} // namespace

std::string session_ref(const std::string& series, const std::string& session) {
  return "(" + series + ".code || '/' || " + session + ".number)";
}

std::string started(const std::string& start_column) { return "(" + start_column + " < :as_of)"; }

std::string cancelled(const std::string& alias) {
  return "(" + alias + ".status = " + quoted(domain::name(domain::SessionStatus::cancelled)) + ")";
}

std::string not_cancelled(const std::string& alias) {
  return "(" + alias + ".status <> " + quoted(domain::name(domain::SessionStatus::cancelled)) + ")";
}

std::string past(const std::string& alias) {
  return "(" + not_cancelled(alias) + " AND " + started(alias + ".start_utc") + ")";
}

std::string upcoming(const std::string& alias) {
  return "(" + not_cancelled(alias) + " AND NOT " + started(alias + ".start_utc") + ")";
}

std::string has_records(const std::string& alias) {
  return "(EXISTS (SELECT 1 FROM attendance ra WHERE ra.session_id = " + alias +
         ".id) OR EXISTS (SELECT 1 FROM unmatched_row ru WHERE ru.session_id = " + alias + ".id))";
}

std::string recorded(const std::string& alias) {
  return "(" + alias + ".marked_held = 1 OR " + has_records(alias) + ")";
}

std::string held(const std::string& alias) { return "(" + past(alias) + " AND " + recorded(alias) + ")"; }

std::string unrecorded(const std::string& alias) { return "(" + past(alias) + " AND NOT " + recorded(alias) + ")"; }

std::string earns_certificate(const std::string& eligible, const std::string& held) {
  return "(" + eligible + " > 0 AND " + eligible + " * 100.0 >= :min_percent * " + held + ")";
}

std::string role_rank(const std::string& column) {
  std::string out = "(CASE " + column;
  for (std::size_t i = 0; i < domain::k_role_names.size(); ++i)
    out += " WHEN " + quoted(domain::k_role_names[i]) + " THEN " + std::to_string(domain::k_role_ranks[i]);
  return out + " END)";
}

std::string period_filter(const std::string& alias) {
  return "(:series IS NULL OR " + alias + ".series_id = :series) AND (:from IS NULL OR " + alias +
         ".local_date >= :from) AND (:to IS NULL OR " + alias + ".local_date <= :to)";
}

} // namespace echo::db::rules
