// echo log (the audit trail with before/after values), echo undo (refused while later changes
// depend on an entry), db restore, participant remove and participant duplicates.
#include "attendance_seed.hpp"
#include "harness.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_log_undo {

using echo::test::fixture;
using echo::test::Hub;
using echo::test::seed_pc2026;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

json log_of(const Hub& hub, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"log", "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = hub.run(args);
  REQUIRE_MESSAGE(r.code == 0, r);
  return json::parse(r.out);
}

} // namespace

TEST_SUITE("e2e log and undo") {

  TEST_CASE("the log says who, when, what and why, with before and after values of an update") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"participant", "update", "5", "--region", "Island Health", "--actor", "ann"}).code == 0);
    REQUIRE(hub.run({"attendance", "record", "pc-2026/2", "5", "--minutes", "50", "--reason", "phoned in"}).code == 0);
    const auto all = log_of(hub);
    REQUIRE(all.size() == 7); // 5 participant.add of the seeding, the update, the record
    const auto& update = all[5];
    CHECK(update["actor"] == "ann");
    CHECK(update["action"] == "participant.update");
    CHECK(update["entity"] == "participant");
    CHECK(update["entity_id"] == 5);
    CHECK(update["changes"] == json::array({"participant 5: region \"Interior Health\" -> \"Island Health\""}));
    CHECK(update["at"].get<std::string>().size() == 20);
    const auto& record = all[6];
    CHECK(record["action"] == "attendance.record");
    CHECK(record["reason"] == "phoned in");
    CHECK(record["changes"] == json::array({"attendance +1"}));

    const auto five = log_of(hub, {"--entity", "participant:5"});
    REQUIRE(five.size() == 2);
    CHECK(five[1]["action"] == "participant.update");
    CHECK(log_of(hub, {"--entity", "attendance"}).size() == 1);
    CHECK(log_of(hub, {"--since", "2999-01-01"}).empty());
    CHECK(log_of(hub, {"--since", "2000-01-01"}).size() == 7);
    CHECK(hub.run({"log", "--entity", "participant:x"}).code == 2);
    CHECK(hub.run({"log", "--since", "soonish"}).code == 2);
    CHECK(log_of(hub, {"--since", "yesterday"}).size() == 7); // the date words of every date option
    for (const std::string format : {"table", "tsv", "csv", "json", "jsonl", "markdown", "html"}) {
      const auto r = hub.run({"log", "--format", format});
      CAPTURE(format);
      CHECK(r.code == 0);
      CHECK(contains(r.out, "participant.update"));
    }
  }

  TEST_CASE("an import is one entry, a re-import that changes nothing adds none, and undo takes it back whole") {
    Hub hub;
    seed_pc2026(hub);
    const auto entries = [&] { return hub.scalar("SELECT count(*) FROM audit_log"); };
    const auto before = hub.rows("SELECT * FROM attendance ORDER BY id");
    REQUIRE(entries() == "5");
    const auto first = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()});
    REQUIRE_MESSAGE(first.code == 0, first);
    CHECK(entries() == "6");
    CHECK(hub.scalar("SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "attendance.import");
    const auto history = hub.scalar("SELECT count(*) FROM change_row");
    const auto again = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()});
    REQUIRE_MESSAGE(again.code == 0, again);
    CHECK(entries() == "6");
    CHECK(hub.scalar("SELECT count(*) FROM change_row") == history);

    const auto imported = hub.rows("SELECT * FROM attendance ORDER BY id");
    const auto u = hub.run({"undo", "--reason", "wrong meeting"});
    REQUIRE_MESSAGE(u.code == 0, u);
    CHECK(contains(u.out, "undid entry 6 (attendance.import)"));
    CHECK(hub.rows("SELECT * FROM attendance ORDER BY id") == before);
    CHECK(hub.scalar("SELECT count(*) FROM unmatched_row") == "0");
    CHECK(hub.scalar("SELECT count(*) FROM import_file") == "0");
    CHECK(hub.scalar("SELECT count(*) FROM participant") == "5"); // the 2 it created are gone
    CHECK(hub.scalar("SELECT undone_by FROM audit_log WHERE id = 6") == "7");
    CHECK(hub.scalar("SELECT action || '|' || reason || '|' || undoes FROM audit_log WHERE id = 7") ==
          "undo|wrong meeting|6");
    // Nothing is left to say the file was imported: it imports again, to the same rows.
    const auto redo = hub.run({"attendance", "import", fixture("zoom/meeting_old.csv").string()});
    REQUIRE_MESSAGE(redo.code == 0, redo);
    CHECK(redo.out == first.out);
    CHECK(hub.scalar("SELECT count(*) FROM attendance") == std::to_string(imported.size()));
    // An undo entry is not undone in turn, nor an entry twice.
    CHECK(hub.run({"undo", "7"}).code == 1);
    CHECK(hub.run({"undo", "6"}).code == 1);
    CHECK(hub.run({"undo", "99"}).code == 1);
  }

  TEST_CASE("undo is refused while later changes depend on the entry, and the database is unchanged") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"attendance", "record", "pc-2026/2", "5", "--minutes", "30"}).code == 0); // entry 6
    REQUIRE(hub.run({"attendance", "record", "pc-2026/2", "5", "--minutes", "55"}).code == 0); // entry 7
    auto dump = hub.dump();
    const auto refused = hub.run({"undo", "6"});
    CHECK(refused.code == 1);
    CHECK(contains(refused.err, "cannot undo entry 6 (attendance.record): later changes depend on it: 7 "
                                "(attendance.record); undo those first"));
    CHECK(hub.dump() == dump);
    REQUIRE(hub.run({"undo"}).code == 0); // 7: back to 30 minutes
    CHECK(hub.scalar("SELECT minutes FROM attendance WHERE session_id = 2 AND participant_id = 5") == "30");
    REQUIRE(hub.run({"undo", "6"}).code == 0);
    CHECK(hub.scalar("SELECT count(*) FROM attendance") == "0");

    // A participant whose attendance was recorded later cannot be un-added.
    REQUIRE(hub.run({"participant", "add", "--name", "Rosa Diaz", "--email", "rosa@example.org"}).code == 0);
    const auto added = hub.scalar("SELECT max(id) FROM audit_log");
    REQUIRE(hub.run({"attendance", "record", "pc-2026/1", "rosa@example.org"}).code == 0);
    const auto recorded = hub.scalar("SELECT max(id) FROM audit_log");
    dump = hub.dump();
    const auto r = hub.run({"undo", added});
    CHECK(r.code == 1);
    CHECK(contains(r.err, "later changes depend on it: " + recorded + " (attendance.record)"));
    CHECK(hub.dump() == dump);
  }

  TEST_CASE("undoing a session add never gives its number again") {
    Hub hub;
    seed_pc2026(hub); // sessions pc-2026/1..4
    auto r = hub.run({"session", "add", "pc-2026", "--date", "2026-03-10", "--time", "12:00"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(hub.scalar("SELECT number FROM session WHERE local_date = '2026-03-10'") == "5");
    REQUIRE(hub.run({"undo"}).code == 0);
    CHECK(hub.scalar("SELECT count(*) FROM session WHERE local_date = '2026-03-10'") == "0");
    r = hub.run({"session", "add", "pc-2026", "--date", "2026-03-24", "--time", "12:00"});
    REQUIRE_MESSAGE(r.code == 0, r);
    // pc-2026/5 was given out (it may be in a cron line): the next session is pc-2026/6.
    CHECK(hub.scalar("SELECT number FROM session WHERE local_date = '2026-03-24'") == "6");
  }

  TEST_CASE("a merge is undone: both people, their rows and aliases as they were") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"participant", "add", "--name", "A. Lee", "--email", "alice.lee@gmail.example.com"}).code == 0);
    REQUIRE(hub.run({"attendance", "record", "pc-2026/1", "alice.lee@gmail.example.com", "--minutes", "50"}).code == 0);
    REQUIRE(hub.run({"attendance", "record", "pc-2026/1", "a.lee@example.org", "--minutes", "30"}).code == 0);
    const auto before = hub.dump();
    REQUIRE(hub.run({"participant", "merge", "alice.lee@gmail.example.com", "a.lee@example.org"}).code == 0);
    REQUIRE(hub.run({"undo"}).code == 0);
    // The history tables grew (and history_state names the next entry); every other table is as it was.
    const auto strip = [](const std::string& d) {
      std::string out;
      std::size_t at = 0;
      while (at < d.size()) {
        const auto next = d.find("\n== ", at + 1);
        const auto part = d.substr(at, next == std::string::npos ? std::string::npos : next - at);
        if (part.find("== audit_log") == std::string::npos && part.find("== change_row") == std::string::npos &&
            part.find("== history_state") == std::string::npos)
          out += part;
        at = next == std::string::npos ? d.size() : next;
      }
      return out;
    };
    CHECK(strip(hub.dump()) == strip(before));
  }

  TEST_CASE("participant remove: refused with attendance, --anonymise keeps the figures, the log keeps no name") {
    Hub hub;
    seed_pc2026(hub);
    REQUIRE(hub.run({"attendance", "record", "pc-2026/2", "priya.sharma@fraserhealth.example.ca", "--minutes", "50"})
                .code == 0);
    REQUIRE(hub.run({"participant", "alias", "add", "4", "Priya S."}).code == 0);
    auto dump = hub.dump();
    const auto refused = hub.run({"participant", "remove", "4"});
    CHECK(refused.code == 1);
    CHECK(contains(refused.err, "participant 4 has 1 attendance row, 0 session roles and 0 cases"));
    CHECK(hub.dump() == dump);

    const auto r = hub.run({"participant", "remove", "priya.sharma@fraserhealth.example.ca", "--anonymise", "--reason",
                            "data-protection request"});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(r.out == "anonymised participant 4: 1 attendance row kept without name, email, profession, organization or "
                   "aliases\n");
    CHECK(hub.scalar("SELECT minutes FROM attendance WHERE participant_id = 4") == "50");
    CHECK(hub.scalar("SELECT name || '|' || coalesce(email, '-') || '|' || coalesce(profession, '-') || '|' || region "
                     "FROM participant WHERE id = 4") == "Anonymised participant|-|-|Fraser Health");
    CHECK(hub.scalar("SELECT count(*) FROM participant_alias") == "0");
    // Nothing in the log or its history names her any more.
    const auto everything = hub.dump();
    CHECK_FALSE(contains(everything, "Priya"));
    CHECK_FALSE(contains(everything, "priya.sharma"));
    CHECK_FALSE(contains(everything, "Pharmacist"));
    const auto entry = log_of(hub, {"--entity", "participant:4"}).back();
    CHECK(entry["action"] == "participant.remove");
    CHECK(entry["reason"] == "data-protection request");
    CHECK(hub.run({"undo"}).code == 1); // the removal kept no copy to restore

    // Without attendance, the participant goes entirely.
    REQUIRE(hub.run({"participant", "add", "--name", "Test Record", "--email", "test@example.org"}).code == 0);
    const auto gone = hub.run({"participant", "remove", "test@example.org"});
    REQUIRE_MESSAGE(gone.code == 0, gone);
    CHECK(gone.out == "removed participant 6\n");
    CHECK(hub.scalar("SELECT count(*) FROM participant WHERE id = 6") == "0");
    CHECK_FALSE(contains(hub.dump(), "test@example.org"));
  }

  TEST_CASE("participant duplicates lists the likely pairs for merge") {
    Hub hub;
    seed_pc2026(hub);
    // Alice Lee again under another domain; a presenter known only by email; Maria Chen without email.
    REQUIRE(hub.run({"participant", "add", "--name", "Alice Lee", "--email", "alice.lee@gmail.example.com"}).code == 0);
    REQUIRE(hub.run({"participant", "add", "--name", "Maria Chen"}).code == 0);
    echo::test::seed_sql(hub, "INSERT INTO participant (name, name_key, email, created_at, updated_at) VALUES "
                              "('', '', 'pshar@fraserhealth.example.ca', 'x', 'x'), "
                              "('', '', 'thomas.nguyen@interiorhealth.example.ca', 'x', 'x'), "
                              "('', '', 'nobody@example.org', 'x', 'x')");
    const auto r = hub.run({"participant", "duplicates", "--json"});
    REQUIRE_MESSAGE(r.code == 0, r);
    const auto j = json::parse(r.out);
    std::vector<std::string> pairs;
    for (const auto& p : j)
      pairs.push_back(std::to_string(p["id"].get<int>()) + "-" + std::to_string(p["other_id"].get<int>()) + " " +
                      p["reason"].get<std::string>());
    // 1/6: Alice Lee at example.org and gmail.example.com; 2/7: Maria Chen twice (one without
    // email); 5/9: thomas.nguyen@ is Thomas Nguyen. pshar@ is not Priya Sharma's address form and
    // nobody@ is no one.
    CHECK(pairs ==
          std::vector<std::string>{"1-6 same name, different domain", "2-7 same name", "5-9 email matches name"});
  }

  TEST_CASE("db restore checks the backup, keeps the current database, and restores WAL mode and 0600") {
    Hub hub;
    seed_pc2026(hub);
    const auto backup = (hub.dir() / "backup.db").string();
    REQUIRE(hub.run({"db", "backup", backup}).code == 0);
    const auto at_backup = hub.dump();
    REQUIRE(hub.run({"participant", "add", "--name", "Later Person"}).code == 0);
    const auto later = hub.dump();

    // Not a backup: refused, nothing changed.
    const auto junk = hub.write("junk.db", "not a database at all, just text that is long enough to be read\n");
    auto r = hub.run({"db", "restore", junk.string()});
    CHECK(r.code == 65);
    CHECK(hub.dump() == later);
    CHECK(hub.run({"db", "restore", (hub.dir() / "missing.db").string()}).code == 66);
    CHECK(hub.dump() == later);

    r = hub.run({"db", "restore", backup});
    REQUIRE_MESSAGE(r.code == 0, r);
    CHECK(contains(r.out, "restored"));
    CHECK(contains(r.out, "journal mode wal"));
    CHECK(hub.dump() == at_backup);
    CHECK(hub.scalar("PRAGMA journal_mode") == "wal");
    CHECK((fs::status(hub.database()).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));
    // The database as it was before the restore is kept, private.
    int kept = 0;
    for (const auto& e : fs::directory_iterator(hub.dir().path()))
      if (e.path().filename().string().find("hub.db.before-restore.") == 0) {
        ++kept;
        CHECK((fs::status(e.path()).permissions() & fs::perms::all) ==
              (fs::perms::owner_read | fs::perms::owner_write));
      }
    CHECK(kept == 1);
    CHECK(hub.run({"participant", "list"}).code == 0);
  }
}

} // namespace test_log_undo
