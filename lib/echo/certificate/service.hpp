#pragma once
// Issuing and revoking certificates: the rules and the audit rows, on top of the register.

#include "echo/certificate/certificate.hpp"
#include "echo/db/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::certificate {

struct IssueRequest {
  std::string series;                     // series code
  std::optional<std::string> participant; // email or id; all eligible when unset
  std::string as_of_utc;
  int min_minutes = 45;
  double min_percent = 75.0;
  std::string actor;
};

struct Issued {
  Certificate certificate;
  bool is_new = false; // false: re-issued as registered before
};

struct IssueResult {
  std::vector<Issued> issued;               // by participant name
  std::vector<Certificate> skipped_revoked; // eligible, but their certificate was revoked
};

// Registers a certificate for every participant of the series who meets its rule as of the
// instant (or the one participant). A certificate already registered is returned as it was
// registered: same number, code, hours and dates. Call inside a write transaction.
// Error(failure) when the named participant does not meet the rule.
IssueResult issue(db::Database& db, const IssueRequest& request);

// Marks the certificate revoked and audits it (certificate.revoke). Error(failure) when there is
// no such certificate or it is already revoked. Call inside a write transaction.
Certificate revoke(db::Database& db, std::int64_t number, const std::string& reason, const std::string& actor);

} // namespace echo::certificate
