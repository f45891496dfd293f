#include "echo/db/proposal_repo.hpp"
#include "echo/error.hpp"
#include "echo/proposal/service.hpp"

#include <doctest/doctest.h>

#include <functional>
#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_db_proposal_repo {

namespace pr = echo::proposal;
using echo::Exit;

namespace {

echo::domain::ProposalDraft draft() {
  echo::domain::ProposalDraft d;
  d.title = "Rural Dementia ECHO";
  d.summary = "Case-based learning.";
  d.audience = {"care aides", "nurses"};
  d.objectives = {"Recognise delirium"};
  d.sessions = 8;
  d.cadence = "monthly";
  d.start = "2026-03-19"; // the third Thursday of March 2026
  d.credit_hours = 1.5;
  d.lead_name = "Émile Dubé";
  d.lead_email = "emile.dube@example.org";
  d.lead_organization = "Interior Health";
  d.team = {{"Ana Ruiz", "ana@example.org", "geriatrician"}, {"Sam Lee", "", ""}};
  return d;
}

std::string scalar(echo::db::Database& db, const std::string& sql) {
  SQLite::Statement q(db.sql(), sql);
  if (!q.executeStep()) return "";
  return q.getColumn(0).isNull() ? "NULL" : q.getColumn(0).getString();
}

pr::ConvertRequest request(std::int64_t id, std::string code) {
  pr::ConvertRequest r;
  r.id = id;
  r.code = std::move(code);
  r.actor = "lead";
  r.timezone = "America/Edmonton";
  r.session_minutes = 75;
  r.default_credit_hours = 1.0;
  return r;
}

Exit code_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const echo::Error& e) {
    return e.code();
  }
  return Exit::ok;
}

} // namespace

TEST_SUITE("echo::db::ProposalRepo") {
  TEST_CASE("a submitted proposal reads back whole with its submission event") {
    auto db = echo::db::Database::open_memory();
    const auto id = pr::submit(*db, draft(), "alice", "first draft");
    const auto p = pr::get(*db, id);
    CHECK(p.head.id == id);
    CHECK(p.head.status == "submitted");
    CHECK_FALSE(p.head.series.has_value());
    CHECK(p.draft.summary == "Case-based learning.");
    CHECK(p.draft.audience == std::vector<std::string>{"care aides", "nurses"});
    CHECK(p.draft.sessions == 8);
    CHECK(p.draft.credit_hours == doctest::Approx(1.5));
    CHECK(p.draft.lead_organization == "Interior Health");
    REQUIRE(p.draft.team.size() == 2);
    CHECK(p.draft.team[0].role == "geriatrician");
    CHECK(p.draft.team[1].email.empty());
    REQUIRE(p.history.size() == 1);
    CHECK_FALSE(p.history[0].from.has_value());
    CHECK(p.history[0].to == "submitted");
    CHECK(p.history[0].actor == "alice");
    CHECK(p.history[0].note == "first draft");
  }

  TEST_CASE("an unknown proposal is exit 1") {
    auto db = echo::db::Database::open_memory();
    CHECK(code_of([&] { pr::get(*db, 42); }) == Exit::failure);
    CHECK(code_of([&] { pr::change_status(*db, 42, pr::Action::approve, "x", ""); }) == Exit::failure);
  }

  TEST_CASE("list filters by status and shows the series code once converted") {
    auto db = echo::db::Database::open_memory();
    const auto a = pr::submit(*db, draft(), "alice", "");
    const auto b = pr::submit(*db, draft(), "alice", "");
    pr::review(*db, b, {}, "rev", "");
    CHECK(pr::list(*db, std::nullopt).size() == 2);
    const auto in_review = pr::list(*db, pr::Status::in_review);
    REQUIRE(in_review.size() == 1);
    CHECK(in_review[0].id == b);
    CHECK(pr::list(*db, pr::Status::submitted)[0].id == a);
    CHECK(pr::list(*db, pr::Status::converted).empty());
  }

  TEST_CASE("a second review keeps in_review and updates the reviewer's scores") {
    auto db = echo::db::Database::open_memory();
    const auto id = pr::submit(*db, draft(), "alice", "");
    auto c = pr::review(*db, id, {{"need", 4}, {"feasibility", 2}}, "rev1", "");
    CHECK(c.from == pr::Status::submitted);
    CHECK(c.to == pr::Status::in_review);
    c = pr::review(*db, id, {{"feasibility", 3}}, "rev1", "revised after call");
    CHECK(c.from == pr::Status::in_review);
    CHECK(c.to == pr::Status::in_review);
    pr::review(*db, id, {{"need", 5}}, "rev2", "");
    const auto p = pr::get(*db, id);
    CHECK(p.head.status == "in_review");
    REQUIRE(p.scores.size() == 3);
    CHECK(p.scores[0].reviewer == "rev1");
    CHECK(p.scores[0].criterion == "need");
    CHECK(p.scores[0].score == 4);
    CHECK(p.scores[1].criterion == "feasibility");
    CHECK(p.scores[1].score == 3);
    CHECK(p.scores[2].reviewer == "rev2");
    REQUIRE(p.history.size() == 4);
    CHECK(p.history[2].from == "in_review");
    CHECK(p.history[2].to == "in_review");
    CHECK(p.history[2].note == "revised after call");
  }

  TEST_CASE("a refused change stores nothing") {
    auto db = echo::db::Database::open_memory();
    const auto id = pr::submit(*db, draft(), "alice", "");
    CHECK(code_of([&] { pr::change_status(*db, id, pr::Action::approve, "x", ""); }) == Exit::failure);
    CHECK(code_of([&] { pr::convert(*db, request(id, "dementia-2026")); }) == Exit::failure);
    CHECK(scalar(*db, "SELECT count(*) FROM proposal_event") == "1");
    CHECK(scalar(*db, "SELECT count(*) FROM series") == "0");
    CHECK(scalar(*db, "SELECT status FROM proposal") == "submitted");
  }

  TEST_CASE("decline needs a note") {
    auto db = echo::db::Database::open_memory();
    const auto id = pr::submit(*db, draft(), "alice", "");
    pr::review(*db, id, {}, "rev", "");
    CHECK(code_of([&] { pr::change_status(*db, id, pr::Action::decline, "x", ""); }) == Exit::usage);
    CHECK(pr::change_status(*db, id, pr::Action::decline, "x", "out of scope").to == pr::Status::declined);
  }

  TEST_CASE("convert creates the series from the proposal and links both ways") {
    auto db = echo::db::Database::open_memory();
    const auto id = pr::submit(*db, draft(), "alice", "");
    pr::review(*db, id, {}, "rev", "");
    pr::change_status(*db, id, pr::Action::approve, "rev", "");
    // Sam Lee has no email; Ana is already known without a name; Émile is known with a name.
    SQLite::Statement(db->sql(),
                      "INSERT INTO participant (name, email, created_at, updated_at) "
                      "VALUES ('', 'ana@example.org', 't', 't'), ('E. Dube', 'emile.dube@example.org', 't', 't')")
        .exec();
    const auto r = pr::convert(*db, request(id, "dementia-2026"));
    CHECK(r.code == "dementia-2026");
    CHECK(r.people == 2);
    CHECK(scalar(*db, "SELECT title || '|' || description || '|' || timezone || '|' || credit_hours || '|' || "
                      "start_date || '|' || duration || '|' || repeat || '|' || weekday || '|' || week_of_month || "
                      "'|' || count FROM series") ==
          "Rural Dementia ECHO|Case-based learning.|America/Edmonton|1.5|2026-03-19|75|monthly|4|3|8");
    CHECK(scalar(*db, "SELECT start_time FROM series") == "NULL");
    CHECK(scalar(*db, "SELECT proposal_id FROM series") == std::to_string(id));
    CHECK(scalar(*db, "SELECT series_id FROM proposal") == std::to_string(r.series_id));
    CHECK(scalar(*db, "SELECT name FROM participant WHERE email = 'ana@example.org'") == "Ana Ruiz");
    CHECK(scalar(*db, "SELECT name FROM participant WHERE email = 'emile.dube@example.org'") == "E. Dube");
    CHECK(scalar(*db, "SELECT count(*) FROM participant") == "2");
    const auto p = pr::get(*db, id);
    CHECK(p.head.status == "converted");
    CHECK(p.head.series == "dementia-2026");
    CHECK(p.history.back().note == "created series dementia-2026");
  }

  TEST_CASE("convert: --start overrides, weekly gets the weekday, defaults fill credit hours") {
    auto db = echo::db::Database::open_memory();
    auto d = draft();
    d.cadence = "biweekly";
    d.credit_hours.reset();
    const auto id = pr::submit(*db, d, "alice", "");
    pr::review(*db, id, {}, "rev", "");
    pr::change_status(*db, id, pr::Action::approve, "rev", "");
    auto r = request(id, "dem");
    r.start = "2026-05-03"; // a Sunday
    r.time = "12:00";
    pr::convert(*db, r);
    CHECK(scalar(*db, "SELECT start_date || ' ' || start_time || ' ' || weekday || ' ' || "
                      "coalesce(week_of_month, 'none') || ' ' || credit_hours FROM series") ==
          "2026-05-03 12:00 0 none 1.0");
  }

  TEST_CASE("convert: a fifth weekday becomes the last one of the month") {
    auto db = echo::db::Database::open_memory();
    auto d = draft();
    d.start = "2026-04-29"; // the fifth Wednesday of April 2026
    const auto id = pr::submit(*db, d, "alice", "");
    pr::review(*db, id, {}, "rev", "");
    pr::change_status(*db, id, pr::Action::approve, "rev", "");
    pr::convert(*db, request(id, "dem"));
    CHECK(scalar(*db, "SELECT weekday || ' ' || week_of_month FROM series") == "3 -1");
  }

  TEST_CASE("convert refuses a bad code (65) and a code in use (1), storing nothing") {
    auto db = echo::db::Database::open_memory();
    const auto id = pr::submit(*db, draft(), "alice", "");
    pr::review(*db, id, {}, "rev", "");
    pr::change_status(*db, id, pr::Action::approve, "rev", "");
    CHECK(code_of([&] { pr::convert(*db, request(id, "Dementia 2026")); }) == Exit::data);
    SQLite::Statement(db->sql(), "INSERT INTO series (code, title, timezone, created_at, updated_at) "
                                 "VALUES ('taken', 'Other', 'UTC', 't', 't')")
        .exec();
    CHECK(code_of([&] { pr::convert(*db, request(id, "taken")); }) == Exit::failure);
    CHECK(scalar(*db, "SELECT count(*) FROM series") == "1");
    CHECK(scalar(*db, "SELECT status FROM proposal") == "approved");
    CHECK(scalar(*db, "SELECT count(*) FROM participant") == "0");
  }
}

} // namespace test_db_proposal_repo
