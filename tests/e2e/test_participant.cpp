// participant add | list | show | update | merge | alias add | import
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_participant {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;
using nlohmann::json;

TEST_SUITE("e2e participant") {

  TEST_CASE("participants are added with lowercased emails and listed with the contract's JSON fields") {
    Hub hub;
    const auto add = hub.run({"participant", "add", "--name", " Noor Haddad ", "--email", " Noor.Haddad@Example.ORG ",
                              "--profession", "Registered Nurse", "--organization", "Kootenay Lake Hospital",
                              "--region", "Interior Health", "--rural"});
    REQUIRE_MESSAGE(add.code == 0, add);
    CHECK(add.err.find("created database") != std::string::npos);
    const auto list = hub.run({"participant", "list", "--json"});
    REQUIRE_MESSAGE(list.code == 0, list);
    const auto j = json::parse(list.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0] == json{{"id", 1},
                       {"name", "Noor Haddad"},
                       {"email", "noor.haddad@example.org"},
                       {"profession", "Registered Nurse"},
                       {"organization", "Kootenay Lake Hospital"},
                       {"region", "Interior Health"},
                       {"rural", true}});

    SUBCASE("a second participant with the same email in other case is refused") {
      const auto dup = hub.run({"participant", "add", "--name", "N H", "--email", "NOOR.HADDAD@example.org"});
      CHECK(dup.code == 1);
      CHECK(hub.scalar("SELECT count(*) FROM participant") == "1");
    }
    SUBCASE("a malformed email is bad data") {
      CHECK(hub.run({"participant", "add", "--name", "X", "--email", "not-an-email"}).code == 65);
    }
    SUBCASE("--name is required") { CHECK(hub.run({"participant", "add", "--email", "x@example.org"}).code == 2); }
  }

  TEST_CASE("--search matches names without accents or case, emails and organizations") {
    Hub hub;
    seed_pc2026(hub);
    auto names = [&](const std::string& text) {
      const auto r = hub.run({"participant", "list", "--search", text, "--json"});
      REQUIRE_MESSAGE(r.code == 0, r);
      std::vector<std::string> out;
      for (const auto& p : json::parse(r.out)) out.push_back(p["name"].get<std::string>());
      return out;
    };
    CHECK(names("Emile Dube") == std::vector<std::string>{"Émile Dubé"});
    CHECK(names("DUBÉ") == std::vector<std::string>{"Émile Dubé"});
    CHECK(names("fraserhealth") == std::vector<std::string>{"Priya Sharma"});
    CHECK(names("palliative") == std::vector<std::string>{"Alice Lee"});
    CHECK(names("nobody at all").empty());
    const auto j = json::parse(hub.run({"participant", "list", "--json"}).out);
    CHECK(j.size() == 5);
    CHECK(j[4]["name"] == "Thomas Nguyen");
    CHECK(j[4]["email"].is_null());
  }

  TEST_CASE("show and update a participant by email, alias or id") {
    Hub hub;
    seed_pc2026(hub);
    const auto up = hub.run({"participant", "update", "PRIYA.SHARMA@fraserhealth.example.ca", "--organization",
                             "Surrey Memorial Hospital", "--rural"});
    REQUIRE_MESSAGE(up.code == 0, up);
    REQUIRE(hub.run({"participant", "alias", "add", "4", "priya.s@gmail.example.com"}).code == 0);
    const auto show = hub.run({"participant", "show", "Priya.S@gmail.example.com", "--json"});
    REQUIRE_MESSAGE(show.code == 0, show);
    const auto j = json::parse(show.out);
    CHECK(j["id"] == 4);
    CHECK(j["organization"] == "Surrey Memorial Hospital");
    CHECK(j["rural"] == true);
    CHECK(j["profession"] == "Pharmacist");
    CHECK(j["aliases"] == json::array({{{"kind", "email"}, {"value", "priya.s@gmail.example.com"}}}));
    CHECK(hub.run({"participant", "update", "4", "--no-rural"}).code == 0);
    CHECK(hub.scalar("SELECT rural FROM participant WHERE id = 4") == "0");
    // Another participant's email cannot be taken.
    CHECK(hub.run({"participant", "update", "4", "--email", "a.lee@example.org"}).code == 1);
    CHECK(hub.run({"participant", "alias", "add", "1", "priya.s@gmail.example.com"}).code == 1);
    CHECK(hub.run({"participant", "show", "nobody@example.org"}).code == 1);
  }

  TEST_CASE("a name alias lets imports match another spelling") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"participant", "alias", "add", "thomas nguyen", "Tom N"}).code == 1); // not an email or id
    REQUIRE(hub.run({"participant", "alias", "add", "5", "Tom N"}).code == 0);
    const auto file = hub.write("tom.csv", "Name (Original Name),User Email,Join Time,Leave Time\n"
                                           "TOM N,,02/10/2026 12:00:00 PM,02/10/2026 12:50:00 PM\n");
    const auto r = hub.run({"attendance", "import", file.string(), "--session", "pc-2026/3"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "pc-2026/3: 1 rows, 1 matched, 0 created, 0 unmatched, 1 eligible\n");
    CHECK(hub.scalar("SELECT participant_id FROM attendance WHERE session_id = 3") == "5");
  }

  TEST_CASE("merge moves attendance and roles, keeps one row per session, and keeps FROM's email as an alias") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"participant", "add", "--name", "A. Lee", "--email", "alice.lee@gmail.example.com", "--region",
                     "Island Health"})
                .code == 0);
    REQUIRE(hub.run({"attendance", "record", "pc-2026/1", "alice.lee@gmail.example.com", "--minutes", "50"}).code == 0);
    REQUIRE(hub.run({"attendance", "record", "pc-2026/2", "alice.lee@gmail.example.com", "--minutes", "40"}).code == 0);
    REQUIRE(hub.run({"attendance", "record", "pc-2026/1", "a.lee@example.org", "--minutes", "30"}).code == 0);
    const auto r = hub.run({"participant", "merge", "alice.lee@gmail.example.com", "a.lee@example.org", "--reason",
                            "same person", "--actor", "coordinator"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "merged alice.lee@gmail.example.com into a.lee@example.org: 1 attendance moved, 1 merged, 0 session "
                   "roles, 0 cases\n");
    CHECK(hub.rows("SELECT session_id, minutes, role FROM attendance WHERE participant_id = 1 ORDER BY session_id") ==
          std::vector<std::string>{"1|50|presenter", "2|40|participant"});
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE email = 'alice.lee@gmail.example.com'") == "0");
    CHECK(hub.rows("SELECT kind, value FROM participant_alias WHERE participant_id = 1 ORDER BY kind") ==
          std::vector<std::string>{"email|alice.lee@gmail.example.com", "name|A. Lee"});
    CHECK(hub.rows("SELECT actor, action, reason FROM audit_log WHERE action = 'participant.merge'") ==
          std::vector<std::string>{"coordinator|participant.merge|same person"});
    // The old email still finds the kept participant.
    const auto show = hub.run({"participant", "show", "alice.lee@gmail.example.com", "--json"});
    REQUIRE(show.code == 0);
    CHECK(json::parse(show.out)["email"] == "a.lee@example.org");

    SUBCASE("merging with imported intervals keeps the union") {
      REQUIRE(hub.run({"participant", "add", "--name", "Priya S", "--email", "ps@example.org"}).code == 0);
      const auto f1 = hub.write("a.csv", "Name (Original Name),User Email,Join Time,Leave Time\n"
                                         "Priya Sharma,priya.sharma@fraserhealth.example.ca,01/27/2026 12:00:00 PM,"
                                         "01/27/2026 12:30:00 PM\n"
                                         "Priya S,ps@example.org,01/27/2026 12:20:00 PM,01/27/2026 12:50:00 PM\n");
      REQUIRE(hub.run({"attendance", "import", f1.string(), "--session", "pc-2026/2"}).code == 0);
      REQUIRE(hub.run({"participant", "merge", "ps@example.org", "priya.sharma@fraserhealth.example.ca"}).code == 0);
      CHECK(hub.scalar("SELECT minutes FROM attendance a JOIN participant p ON p.id = a.participant_id "
                       "WHERE p.email = 'priya.sharma@fraserhealth.example.ca' AND session_id = 2") == "50");
    }
    SUBCASE("merging a participant into itself is refused") {
      CHECK(hub.run({"participant", "merge", "a.lee@example.org", "1"}).code == 1);
    }
  }

  // The import names the tables it writes (db::Database::WriteLimit): only their history is
  // loaded, and its log entry and undo are as complete as before.
  TEST_CASE("participant import is one log entry, and undo puts back the added and the updated rows") {
    Hub hub;
    seed_pc2026(hub);
    const std::string people = "SELECT * FROM participant ORDER BY id";
    const auto before = hub.rows(people);
    const auto r = hub.run({"participant", "import", fixture("attendance/participants.csv").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out.ends_with(": 4 rows, 3 added, 0 updated, 1 unchanged\n"));
    const auto imported = hub.rows(people);
    const auto update = hub.write("up.csv", "email,name,region\nnoor.haddad@interiorhealth.example.ca,Noor Haddad,"
                                            "Northern Health\n");
    const auto u = hub.run({"participant", "import", update.string()});
    REQUIRE_MESSAGE(u.code == 0, u);
    CHECK(u.out.ends_with(": 1 rows, 0 added, 1 updated, 0 unchanged\n"));
    CHECK(hub.rows(people) != imported);
    // Each import is one entry, its rows filed under it: 3 inserted, then 1 updated.
    CHECK(hub.rows("SELECT c.op || '|' || c.tbl || '|' || coalesce(CASE c.op WHEN 'inserts' THEN c.new END, '-') "
                   "FROM change_row c JOIN audit_log a ON a.id = c.audit_id WHERE a.action = 'participant.import' "
                   "ORDER BY c.id") == std::vector<std::string>{"inserts|participant|3", "update|participant|-"});
    const auto undo_update = hub.run({"undo"});
    REQUIRE_MESSAGE(undo_update.code == 0, undo_update);
    CHECK(hub.rows(people) == imported);
    const auto first = hub.scalar("SELECT min(id) FROM audit_log WHERE action = 'participant.import'");
    const auto undo_first = hub.run({"undo", first});
    REQUIRE_MESSAGE(undo_first.code == 0, undo_first);
    CHECK(hub.rows(people) == before);
  }

  TEST_CASE("participant import upserts by email, and a bad file changes nothing") {
    Hub hub;
    seed_pc2026(hub);
    const auto before = hub.dump();
    const auto bad = hub.run({"participant", "import", fixture("attendance/participants_bad.csv").string()});
    CHECK(bad.code == 65);
    CHECK(bad.err.find("participants_bad.csv:2: rural 'maybe' must be yes/no, true/false or 1/0") != std::string::npos);
    CHECK(bad.err.find("participants_bad.csv:3: no name") != std::string::npos);
    CHECK(bad.err.find("participants_bad.csv:4: 'grace.t@' is not an email address") != std::string::npos);
    CHECK(bad.err.find("participants_bad.csv:5: noor.haddad@interiorhealth.example.ca is already on line 2") !=
          std::string::npos);
    CHECK(hub.dump() == before);

    const auto r = hub.run({"participant", "import", fixture("attendance/participants.csv").string()});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out.ends_with(": 4 rows, 3 added, 0 updated, 1 unchanged\n"));
    CHECK(hub.rows("SELECT name, organization, rural FROM participant WHERE email LIKE 'joel%'") ==
          std::vector<std::string>{"Lévesque, Joël|Mills Memorial Hospital, Terrace|1"});
    const auto again = hub.run({"participant", "import", fixture("attendance/participants.csv").string()});
    CHECK(again.out.ends_with(": 4 rows, 0 added, 0 updated, 4 unchanged\n"));
    const auto update = hub.write("up.csv", "email,name,region\nnoor.haddad@interiorhealth.example.ca,Noor Haddad,"
                                            "Northern Health\n");
    const auto u = hub.run({"participant", "import", update.string()});
    CHECK(u.out.ends_with(": 1 rows, 0 added, 1 updated, 0 unchanged\n"));
    CHECK(hub.scalar("SELECT region || '|' || profession FROM participant WHERE email LIKE 'noor%'") ==
          "Northern Health|Registered Nurse");
    CHECK(hub.run({"participant", "import", (hub.dir() / "missing.csv").string()}).code == 66);
    CHECK(hub.run({"participant", "import", hub.write("h.csv", "name,email\n").string()}).code == 65);
  }

} // TEST_SUITE

} // namespace test_participant
