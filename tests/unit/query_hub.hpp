#pragma once
// A small hub on an in-memory database for the unit tests of the query services: series pc (UTC)
// with pc/1 2026-01-01, pc/2 01-08, pc/3 01-15 (cancelled) and pc/4 2099-01-01, all at 12:00;
// Alice Lee <a@example.org> (Interior Health) attended pc/1 60 min and pc/2 50 min, Bob Roy
// <b@example.org> (Atlantis) pc/1 30 min. Built through the services, as a hub is.
#include "echo/attendance/service.hpp"
#include "echo/db/database.hpp"
#include "echo/participant/service.hpp"
#include "echo/schedule/service.hpp"

#include <memory>
#include <string>
#include <vector>

namespace echo::test {

inline constexpr const char* k_query_now = "2026-06-01T00:00:00Z";

inline std::unique_ptr<db::Database> query_hub() {
  auto db = db::Database::open_memory();
  domain::Series s;
  s.code = "pc";
  s.title = "Primary care";
  s.timezone = "UTC";
  schedule::create_series(*db, s, "tester");
  for (const char* date : {"2026-01-01", "2026-01-08", "2026-01-15", "2099-01-01"}) {
    schedule::SessionInput in;
    in.date = date;
    in.time = "12:00";
    schedule::add_session(*db, "pc", in);
  }
  schedule::cancel_session(*db, "pc/3", "snow", "tester");
  participant::add(*db, {"Alice Lee", "a@example.org", "", "", "Interior Health", false, "tester"});
  participant::add(*db, {"Bob Roy", "b@example.org", "", "", "Atlantis", false, "tester"});
  attendance::record(*db, {"pc/1", {"a@example.org"}, 60, "", "", "tester", 45});
  attendance::record(*db, {"pc/1", {"b@example.org"}, 30, "", "", "tester", 45});
  attendance::record(*db, {"pc/2", {"a@example.org"}, 50, "", "", "tester", 45});
  return db;
}

} // namespace echo::test
