#include "echo/schedule/import_plan.hpp"
#include "echo/schedule/service.hpp"
#include "echo/schedule/service_detail.hpp"

#include "echo/db/lookup.hpp"
#include "echo/db/series_repo.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/util/files.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

namespace echo::schedule {

using namespace detail;

// --- import ---------------------------------------------------------------------------------

std::string ImportResult::summary() const {
  return fmt::format("inserted {}, updated {}, unchanged {}, cancelled {}", inserted, updated, unchanged, cancelled);
}

ImportResult apply_import(db::Database& db, const ImportPlan& plan) {
  std::optional<std::int64_t> created_id;
  if (plan.create_series) {
    created_id = db::create_series(db, *plan.create_series);
    db::audit(db, plan.actor, "series.create", "series", *created_id, "",
              json_text({{"code", plan.create_series->code}, {"file", plan.path}}));
  }
  if (plan.update_series) {
    db::update_series(db, *plan.update_series);
    apply_rezone(db, plan.rezoned); // its warnings are the plan's
  }
  auto series_id = [&](std::int64_t id, const std::string& code) {
    if (id == 0 && created_id && plan.create_series->code == code) return *created_id;
    return id;
  };
  // Every statement prepared once for the whole file; each person looked up once.
  db::ScheduleWriter writer(db);
  std::map<std::string, std::int64_t> people;
  auto person = [&](const std::string& ref) {
    auto it = people.find(ref);
    if (it == people.end()) it = people.emplace(ref, writer.participant(ref)).first;
    return it->second;
  };
  // The numbers (CODE/N) of each series' new sessions reserved at once: one update of the
  // series' counter, not one per session.
  std::map<std::int64_t, std::int64_t> inserts;
  for (const auto& w : plan.sessions)
    if (w.kind == PlannedSession::Kind::insert) ++inserts[series_id(w.session.series_id, w.session.series_code)];
  for (const auto& [series, count] : inserts) writer.reserve_numbers(series, count);
  std::vector<std::int64_t> ids;
  for (const auto& w : plan.sessions) {
    std::int64_t id = w.session.id;
    if (w.kind == PlannedSession::Kind::insert) {
      auto row = w.session;
      row.series_id = series_id(row.series_id, row.series_code);
      id = writer.insert_session(row);
    } else {
      writer.update_session(w.session);
    }
    if (w.presenters) {
      ids.clear();
      for (const auto& p : *w.presenters) ids.push_back(person(p));
      writer.set_presenters(id, ids, w.kind == PlannedSession::Kind::insert);
    }
    if (w.facilitator)
      writer.set_facilitator(
          id, w.facilitator->empty() ? std::nullopt : std::optional<std::int64_t>(person(*w.facilitator)),
          w.kind == PlannedSession::Kind::insert);
    if (w.domains) writer.set_domains(id, *w.domains, w.kind == PlannedSession::Kind::insert);
  }
  writer.finish();
  for (const auto& l : plan.ledger)
    db::record_import(db, plan.kind, plan.hash, plan.path, series_id(l.series_id, l.series), l.rows, plan.actor);
  return plan.result;
}

ImportResult import_schedule(db::Database& db, const ImportOptions& o) {
  DbScheduleDirectory hub(db);
  if (o.dry_run) return db.read([&] { return plan_import(hub, o).result; });
  // The tables apply_import writes: the series (created, updated, its skipped dates and domains,
  // its number counter), its sessions (rezoned too), their presenters, facilitator and domains,
  // the participants a presenter's email creates, the import ledger. With keys enforced the
  // guard also wants every table an ON DELETE action of those rows reaches (all but the
  // proposals'). The history loads only these tables' triggers, and refuses any other.
  const db::Database::WriteLimit limit(db, {"series", "series_skip", "series_domain", "session", "session_person",
                                            "session_domain", "participant", "import_file",
                                            // reached by ON DELETE actions only
                                            "participant_alias", "certificate", "registration", "case_presentation",
                                            "unmatched_row", "attendance", "attendance_interval", "evaluation_import",
                                            "evaluation_item", "evaluation_response", "evaluation_answer"});
  return db.write([&] { return apply_import(db, plan_import(hub, o)); });
}

ImportResult plan_for_empty_hub(const ImportOptions& o) {
  EmptyScheduleDirectory hub;
  return plan_import(hub, o).result;
}

} // namespace echo::schedule
