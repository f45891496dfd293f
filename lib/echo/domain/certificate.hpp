#pragma once
// A certificate as the register keeps it, and a participant eligible for one.
// See man/echoctl-certificate.1.

#include <cstdint>
#include <optional>
#include <string>

namespace echo::domain {

struct Certificate {
  std::int64_t number = 0;
  std::string code; // verification code, XXXX-XXXX-XXXX
  std::optional<std::int64_t> participant_id;
  std::optional<std::int64_t> series_id;
  std::string name; // as printed
  std::optional<std::string> email;
  std::string series; // series code
  std::string title;  // series title
  double hours = 0;   // credit hours, 2 decimals
  std::string first_date;
  std::string last_date;
  std::string issued_at; // UTC, YYYY-MM-DDTHH:MM:SSZ
  std::string issued_by;
  std::optional<std::string> revoked_at;
  std::optional<std::string> revoked_by;
  std::optional<std::string> revoke_reason;

  [[nodiscard]] bool revoked() const { return revoked_at.has_value(); }
};

// A participant who meets a series' certificate rule as of an instant: eligible participations
// / held sessions of the series >= certificates.min_percent, with at least one eligible.
struct Eligible {
  std::int64_t participant_id = 0;
  std::string name;
  std::optional<std::string> email;
  double hours = 0;       // eligible participations x the series' credit hours, 2 decimals
  std::string first_date; // first and last local dates of the sessions attended (held)
  std::string last_date;
};

} // namespace echo::domain
