// The query service of the read commands on the small hub of query_hub.hpp: what `list` and
// `show` print, without the binary.
#include "query_hub.hpp"

#include "echo/error.hpp"
#include "echo/history/queries.hpp"
#include "echo/participant/service.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_history_queries {

using namespace echo;
using echo::test::k_query_now;
using echo::test::query_hub;

TEST_SUITE("echo::history::queries") {

  TEST_CASE("the log summarises changes and names the entry an undo takes back") {
    auto db = query_hub();
    participant::UpdateRequest u;
    u.who = "b@example.org";
    u.region = "Interior Health";
    u.actor = "ann";
    participant::update(*db, u);
    const auto undone = history::undo(*db, {std::nullopt, "ann", "wrong person"});
    const auto entries = history::log(*db, {"participant:2", ""});
    REQUIRE(entries.size() >= 2);
    const auto& update = entries[entries.size() - 2];
    CHECK(update.action == "participant.update");
    CHECK(update.changes == std::vector<std::string>{"participant 2: region \"Atlantis\" -> \"Interior Health\""});
    CHECK(update.undone_by == undone.entry);
    const auto& undo = entries.back();
    CHECK(undo.id == undone.entry);
    REQUIRE_FALSE(undo.changes.empty());
    CHECK(undo.changes[0] == "undoes entry " + std::to_string(undone.undone));
    CHECK_THROWS_AS(history::log(*db, {"participant:x", ""}), Error);
  }
}

} // namespace test_history_queries
