// The schedule import's planner (schedule/import_plan.hpp) against an in-memory hub: what it
// would write and print, without a database.
#include "echo/schedule/import_plan.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_schedule_plan {

using namespace echo;
using schedule::ImportOptions;
using schedule::ImportPlan;
using schedule::PlannedSession;

namespace {

// A hub held in memory: series by code, their sessions, the ledger.
class MemoryHub final : public schedule::ScheduleDirectory {
public:
  std::map<std::string, domain::Series> series_by_code;
  std::map<std::int64_t, std::vector<domain::Session>> sessions_by_series;
  std::map<std::int64_t, int> attendance;
  std::vector<std::string> ledger; // "kind hash series_id"
  bool untouched = false;          // what the history would say of the recorded file
  int session_reads = 0;

  std::optional<domain::Series> series(const std::string& code) override {
    const auto it = series_by_code.find(code);
    if (it == series_by_code.end()) return std::nullopt;
    return it->second;
  }
  std::vector<std::string> series_codes() override {
    std::vector<std::string> out;
    for (const auto& [code, s] : series_by_code) out.push_back(code);
    return out;
  }
  std::vector<domain::Session> sessions(std::int64_t series_id) override {
    ++session_reads;
    return sessions_by_series[series_id];
  }
  std::map<std::int64_t, int> attendance_counts(std::int64_t) override { return attendance; }
  bool import_recorded(const std::string& kind, const std::string& hash, std::int64_t series_id) override {
    for (const auto& l : ledger)
      if (l == kind + " " + hash + " " + std::to_string(series_id)) return true;
    return false;
  }
  bool untouched_since_import(const std::string& kind, const std::string& hash, std::int64_t series_id,
                              const std::vector<std::string>&) override {
    return untouched && import_recorded(kind, hash, series_id);
  }
};

domain::Series pc2026() {
  domain::Series s;
  s.id = 7;
  s.code = "pc-2026";
  s.title = "Palliative Care ECHO 2026";
  s.timezone = "America/Vancouver";
  s.duration = 60;
  return s;
}

// A stored session of pc-2026 at noon Vancouver time (PST, UTC-8 in January: 20:00Z).
domain::Session stored(std::int64_t id, int position, const std::string& key, const std::string& date,
                       const std::string& topic) {
  domain::Session s;
  s.id = id;
  s.series_id = 7;
  s.series_code = "pc-2026";
  s.position = position;
  s.key = key;
  s.origin = "csv";
  s.local_date = date;
  s.local_time = "12:00";
  s.start_utc = date + "T20:00:00Z";
  s.duration = 60;
  s.topic = topic;
  s.status = domain::SessionStatus::scheduled;
  return s;
}

ImportOptions options(const std::string& path, const std::string& text) {
  ImportOptions o;
  o.path = path;
  o.content = text;
  o.actor = "tester";
  o.defaults = {"America/Vancouver", 60, 1.0};
  return o;
}

const char* const k_csv = "series,key,date,time,duration,topic\n"
                          "pc-2026,s01,2026-01-13,12:00,60,Opioid rotation\n"
                          "pc-2026,s02,2026-01-27,12:00,60,Delirium\n";

// pc-2026 holding exactly what k_csv says.
MemoryHub hub_with_csv_sessions() {
  MemoryHub hub;
  hub.series_by_code["pc-2026"] = pc2026();
  hub.sessions_by_series[7] = {stored(70, 1, "s01", "2026-01-13", "Opioid rotation"),
                               stored(71, 2, "s02", "2026-01-27", "Delirium")};
  return hub;
}

} // namespace

TEST_SUITE("schedule import planner") {
  TEST_CASE("a TOML file with a new series plans the series and every session, against an empty hub") {
    schedule::EmptyScheduleDirectory hub;
    const auto plan = schedule::plan_import(hub, options("pc.toml", R"(
[series]
code = "pc-2026"
title = "Palliative Care ECHO 2026"
timezone = "America/Vancouver"
time = "12:00"

[[session]]
key = "s01"
date = 2026-01-13
topic = "Opioid rotation"
presenters = ["ana@example.org"]

[[session]]
key = "s02"
date = 2026-07-14
topic = "Grief"
)"));
    REQUIRE(plan.create_series);
    CHECK(plan.create_series->code == "pc-2026");
    CHECK(plan.create_series->timezone == "America/Vancouver");
    CHECK_FALSE(plan.update_series);
    REQUIRE(plan.result.plan.size() == 3);
    CHECK(plan.result.plan[0].action == "create-series");
    CHECK(plan.result.plan[1].action == "insert");
    CHECK(plan.result.plan[2].action == "insert");
    CHECK(plan.result.summary() == "inserted 2, updated 0, unchanged 0, cancelled 0");
    REQUIRE(plan.sessions.size() == 2);
    // Noon in Vancouver: PST (UTC-8) in January -> 20:00Z, PDT (UTC-7) in July -> 19:00Z.
    CHECK(plan.sessions[0].session.start_utc == "2026-01-13T20:00:00Z");
    CHECK(plan.sessions[1].session.start_utc == "2026-07-14T19:00:00Z");
    CHECK(plan.sessions[0].kind == PlannedSession::Kind::insert);
    CHECK(plan.sessions[0].session.series_id == 0); // the series the plan creates
    REQUIRE(plan.sessions[0].presenters);
    CHECK(*plan.sessions[0].presenters == std::vector<std::string>{"ana@example.org"});
    CHECK_FALSE(plan.sessions[1].presenters); // the file does not say
    REQUIRE(plan.ledger.size() == 1);
    CHECK(plan.ledger[0].series == "pc-2026");
    CHECK(plan.ledger[0].rows == 2);
    CHECK(plan.kind == "schedule:toml");
  }

  TEST_CASE("an unchanged file plans no write, and the ledger row is not written twice") {
    auto hub = hub_with_csv_sessions();
    auto plan = schedule::plan_import(hub, options("pc.csv", k_csv));
    CHECK(plan.result.summary() == "inserted 0, updated 0, unchanged 2, cancelled 0");
    CHECK(plan.sessions.empty());
    REQUIRE(plan.ledger.size() == 1); // first time this content is seen for pc-2026
    CHECK(plan.unchanged_by_hash.empty());
    CHECK(hub.session_reads == 1);

    hub.ledger.push_back(plan.kind + " " + plan.hash + " 7");
    plan = schedule::plan_import(hub, options("pc.csv", k_csv));
    CHECK(plan.result.summary() == "inserted 0, updated 0, unchanged 2, cancelled 0");
    CHECK(plan.ledger.empty());
    CHECK(hub.session_reads == 2);
  }

  TEST_CASE("an unchanged file the ledger knows, with nothing changed since, is answered without reading sessions") {
    auto hub = hub_with_csv_sessions();
    const auto first = schedule::plan_import(hub, options("pc.csv", k_csv));
    hub.ledger.push_back(first.kind + " " + first.hash + " 7");
    hub.untouched = true;
    const auto reads = hub.session_reads;
    const auto plan = schedule::plan_import(hub, options("pc.csv", k_csv));
    CHECK(hub.session_reads == reads);
    CHECK(plan.unchanged_by_hash == std::vector<std::string>{"pc-2026"});
    // The same lines and figures as a comparison gives.
    REQUIRE(plan.result.plan.size() == first.result.plan.size());
    for (std::size_t i = 0; i < plan.result.plan.size(); ++i) {
      CHECK(plan.result.plan[i].action == first.result.plan[i].action);
      CHECK(plan.result.plan[i].key == first.result.plan[i].key);
      CHECK(plan.result.plan[i].date == first.result.plan[i].date);
      CHECK(plan.result.plan[i].time == first.result.plan[i].time);
      CHECK(plan.result.plan[i].topic == first.result.plan[i].topic);
    }
    CHECK(plan.result.summary() == "inserted 0, updated 0, unchanged 2, cancelled 0");
    CHECK(plan.sessions.empty());
    CHECK(plan.ledger.empty());
    // --prune never takes the short cut (it may cancel sessions another file added).
    auto pruning = options("pc.csv", k_csv);
    pruning.prune = true;
    (void)schedule::plan_import(hub, pruning);
    CHECK(hub.session_reads == reads + 1);
  }

  TEST_CASE("a changed time is an update of that session only, with its old and new instant") {
    auto hub = hub_with_csv_sessions();
    const auto plan = schedule::plan_import(hub, options("pc.csv", "series,key,date,time,duration,topic\n"
                                                                   "pc-2026,s01,2026-01-13,13:00,60,Opioid rotation\n"
                                                                   "pc-2026,s02,2026-01-27,12:00,60,Delirium\n"));
    CHECK(plan.result.summary() == "inserted 0, updated 1, unchanged 1, cancelled 0");
    REQUIRE(plan.result.plan.size() == 2);
    CHECK(plan.result.plan[0].action == "update");
    // 13:00 PST = 21:00Z.
    CHECK(plan.result.plan[0].detail == "time 12:00 -> 13:00, start_utc 2026-01-13T20:00:00Z -> 2026-01-13T21:00:00Z");
    CHECK(plan.result.plan[1].action == "unchanged");
    REQUIRE(plan.sessions.size() == 1);
    CHECK(plan.sessions[0].kind == PlannedSession::Kind::update);
    CHECK(plan.sessions[0].session.id == 70);
    CHECK(plan.sessions[0].session.local_time == "13:00");
    CHECK(plan.sessions[0].session.origin == "csv");
  }

  TEST_CASE("a session removed from the file is cancelled with --prune, and its attendance named") {
    auto hub = hub_with_csv_sessions();
    hub.attendance[71] = 12;
    auto o = options("pc.csv", "series,key,date,time,duration,topic\n"
                               "pc-2026,s01,2026-01-13,12:00,60,Opioid rotation\n");
    // Without --prune the session the file no longer lists is left alone.
    auto plan = schedule::plan_import(hub, o);
    CHECK(plan.result.summary() == "inserted 0, updated 0, unchanged 1, cancelled 0");
    CHECK(plan.sessions.empty());

    o.prune = true;
    plan = schedule::plan_import(hub, o);
    CHECK(plan.result.summary() == "inserted 0, updated 0, unchanged 1, cancelled 1");
    REQUIRE(plan.result.plan.size() == 2);
    CHECK(plan.result.plan[1].action == "cancel");
    CHECK(plan.result.plan[1].key == "s02");
    CHECK(plan.result.plan[1].detail == "no longer in the file; has 12 attendance records");
    REQUIRE(plan.result.warnings.size() == 1);
    CHECK(plan.result.warnings[0] ==
          "--prune cancels session pc-2026/2 (key s02, 2026-01-27) which has 12 attendance records; the attendance "
          "is kept");
    REQUIRE(plan.sessions.size() == 1);
    CHECK(plan.sessions[0].session.id == 71);
    CHECK(plan.sessions[0].session.status == domain::SessionStatus::cancelled);
    CHECK(plan.sessions[0].session.cancel_reason == std::optional<std::string>("removed from pc.csv"));
  }

  TEST_CASE("a key twice in one series is bad data naming both lines, and nothing is planned") {
    auto hub = hub_with_csv_sessions();
    try {
      (void)schedule::plan_import(hub, options("pc.csv", "series,key,date,time,duration,topic\n"
                                                         "pc-2026,s01,2026-01-13,12:00,60,Opioid rotation\n"
                                                         "pc-2026,s03,2026-02-10,12:00,60,Grief\n"
                                                         "pc-2026,s01,2026-02-24,12:00,60,Nutrition\n"));
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::data);
      const std::string what = e.what();
      CHECK_MESSAGE(what.find("pc.csv:4") != std::string::npos, what);
      CHECK_MESSAGE(
          what.find("session key 's01' appears twice in series 'pc-2026' (also pc.csv:2)") != std::string::npos, what);
    }
    CHECK(hub.session_reads == 0); // found before the hub's sessions are read
  }
}

} // namespace test_schedule_plan
