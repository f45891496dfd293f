#pragma once
// The certificate register (table certificate): who is eligible, what was issued, revocations.
// Rows are never deleted (a trigger refuses it).

#include "echo/db/database.hpp"
#include "echo/domain/certificate.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace echo::db {

struct EligibleQuery {
  std::int64_t series_id = 0;
  std::optional<std::int64_t> participant_id;
  std::string as_of_utc; // sessions that started before it (and are not cancelled) are held
  int min_minutes = 45;
  double min_percent = 75.0;
};

struct CertificateFilter {
  std::optional<std::string> series; // series code as printed
  std::optional<std::string> from;   // issued on or after this UTC date (YYYY-MM-DD)
  std::optional<std::string> to;     // issued on or before this UTC date
  std::optional<std::int64_t> participant_id;
  bool revoked_only = false;
};

class CertificateRepo {
public:
  explicit CertificateRepo(Database& db) : m_db(db) {}

  // Participants of the series who meet its certificate rule, ordered by name.
  std::vector<domain::Eligible> eligible(const EligibleQuery& query);
  // The certificate of a participant for a series, if one was issued.
  std::optional<domain::Certificate> find(std::int64_t participant_id, std::int64_t series_id);
  std::optional<domain::Certificate> by_number(std::int64_t number);
  std::optional<domain::Certificate> by_code(const std::string& code);
  bool code_exists(const std::string& code);
  // Inserts c (its number is ignored) and returns it with the number given.
  domain::Certificate insert(domain::Certificate c);
  std::vector<domain::Certificate> list(const CertificateFilter& filter);
  void revoke(std::int64_t number, const std::string& at, const std::string& by, const std::string& reason);
  // The title of a series (by id).
  std::string series_title(std::int64_t series_id);

private:
  Database& m_db;
};

} // namespace echo::db
