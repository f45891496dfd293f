#include "echo/certificate/queries.hpp"

#include "echo/db/certificate_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/error.hpp"

#include <fmt/format.h>

namespace echo::certificate {

std::vector<domain::Certificate> list(db::Database& db, const ListRequest& request) {
  db::CertificateFilter f;
  if (!request.series.empty()) f.series = request.series;
  f.from = request.from;
  f.to = request.to;
  f.revoked_only = request.revoked_only;
  if (!request.participant.empty()) f.participant_id = db::find_participant(db, request.participant);
  return db::CertificateRepo(db).list(f);
}

domain::Certificate show(db::Database& db, std::int64_t number) {
  auto c = db::CertificateRepo(db).by_number(number);
  if (!c) throw Error(Exit::failure, fmt::format("no certificate number {}", number));
  return *c;
}

std::optional<domain::Certificate> by_code(db::Database& db, const std::string& code) {
  return db::CertificateRepo(db).by_code(code);
}

} // namespace echo::certificate
