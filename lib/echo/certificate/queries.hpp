#pragma once
// The read commands of the certificate register: `certificate list`, `certificate show` and the
// lookup of `certificate verify`. Each takes the database and a request and returns plain
// certificates; the command line only parses and renders.

#include "echo/db/database.hpp"
#include "echo/domain/certificate.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::certificate {

struct ListRequest {
  std::string series;              // code; empty: every series
  std::optional<std::string> from; // issued on or after this UTC date (YYYY-MM-DD)
  std::optional<std::string> to;   // issued on or before this UTC date
  std::string participant;         // email (or alias) or id; empty: everyone
  bool revoked_only = false;
};

// The register, by number. Errors: failure (unknown participant).
std::vector<domain::Certificate> list(db::Database& db, const ListRequest& request);

// One certificate by number. Errors: failure ("no certificate number N").
domain::Certificate show(db::Database& db, std::int64_t number);

// The certificate with this verification code (normalised, see normalize_code), if any.
std::optional<domain::Certificate> by_code(db::Database& db, const std::string& code);

} // namespace echo::certificate
