#include "echo/certificate/service.hpp"

#include "echo/db/certificate_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace echo::certificate {

IssueResult issue(db::Database& db, const IssueRequest& r) {
  const auto series = db::find_series(db, r.series);
  std::optional<std::int64_t> who;
  if (r.participant) who = db::find_participant(db, *r.participant);
  db::CertificateRepo repo(db);
  const auto title = repo.series_title(series.id);
  db::EligibleQuery q;
  q.series_id = series.id;
  q.participant_id = who;
  q.as_of_utc = r.as_of_utc;
  q.min_minutes = r.min_minutes;
  q.min_percent = r.min_percent;
  const auto eligible = repo.eligible(q);
  if (who && eligible.empty())
    throw Error(Exit::failure,
                fmt::format("participant {} has not earned the certificate of {} as of {}: it needs {} % of the "
                            "series' held sessions attended for at least {} minutes",
                            *r.participant, series.code, r.as_of_utc, r.min_percent, r.min_minutes));
  IssueResult result;
  const auto now = db::now_text();
  for (const auto& e : eligible) {
    if (auto existing = repo.find(e.participant_id, series.id)) {
      if (existing->revoked())
        result.skipped_revoked.push_back(std::move(*existing));
      else
        result.issued.push_back({std::move(*existing), false});
      continue;
    }
    Certificate c;
    do c.code = new_code();
    while (repo.code_exists(c.code));
    c.participant_id = e.participant_id;
    c.series_id = series.id;
    c.name = e.name;
    c.email = e.email;
    c.series = series.code;
    c.title = title;
    c.hours = e.hours;
    c.first_date = e.first_date;
    c.last_date = e.last_date;
    c.issued_at = now;
    c.issued_by = r.actor;
    result.issued.push_back({repo.insert(std::move(c)), true});
  }
  return result;
}

Certificate revoke(db::Database& db, std::int64_t number, const std::string& reason, const std::string& actor) {
  db::CertificateRepo repo(db);
  auto c = repo.by_number(number);
  if (!c) throw Error(Exit::failure, fmt::format("no certificate number {}", number));
  if (c->revoked())
    throw Error(Exit::failure, fmt::format("certificate {} was already revoked on {} by {}", number, *c->revoked_at,
                                           c->revoked_by.value_or("")));
  const auto now = db::now_text();
  repo.revoke(number, now, actor, reason);
  const nlohmann::json details{{"number", number},
                               {"code", c->code},
                               {"series", c->series},
                               {"email", c->email ? nlohmann::json(*c->email) : nlohmann::json()},
                               {"name", c->name}};
  db::audit(db, actor, "certificate.revoke", "certificate", number, reason, details.dump());
  c->revoked_at = now;
  c->revoked_by = actor;
  c->revoke_reason = reason;
  return *c;
}

} // namespace echo::certificate
