// The enums stored as text: every value's name parses back to it, the names are exactly those the
// schema's CHECK constraints allow (lib/echo/db/migrations.cpp), and anything else is refused.

#include "echo/domain/attendance.hpp"
#include "echo/domain/series.hpp"
#include "echo/domain/session.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstddef>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_domain_enums {

using namespace echo;

namespace {

template <class E, std::size_t N, class Parse>
std::vector<std::string> round_trip(const std::array<std::string_view, N>& names, Parse parse) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < N; ++i) {
    const auto value = static_cast<E>(i);
    const auto text = domain::name(value);
    CHECK(text == names[i]);
    const auto back = parse(text);
    REQUIRE(back.has_value());
    CHECK(*back == value);
    out.emplace_back(text);
  }
  return out;
}

} // namespace

TEST_SUITE("echo::domain enums") {
  TEST_CASE("session status names round-trip and are the stored ones") {
    CHECK(round_trip<domain::SessionStatus>(domain::k_session_status_names, domain::parse_session_status) ==
          std::vector<std::string>{"scheduled", "cancelled"});
    CHECK_FALSE(domain::parse_session_status("canceled"));
    CHECK_FALSE(domain::parse_session_status("Cancelled"));
    CHECK_FALSE(domain::parse_session_status(""));
  }

  TEST_CASE("attendance role names round-trip and are the stored ones") {
    CHECK(round_trip<domain::Role>(domain::k_role_names, domain::parse_role) ==
          std::vector<std::string>{"participant", "hub", "presenter", "facilitator"});
    CHECK_FALSE(domain::parse_role("host"));
    CHECK_FALSE(domain::parse_role("Presenter"));
    CHECK(domain::parse_role("facilitator") == domain::Role::facilitator);
  }

  TEST_CASE("attendance source names round-trip and are the stored ones") {
    CHECK(round_trip<domain::Source>(domain::k_source_names, domain::parse_source) ==
          std::vector<std::string>{"manual", "zoom", "csv", "teams", "meet"});
    CHECK_FALSE(domain::parse_source("webex"));
  }

  TEST_CASE("series repeat names round-trip and are the stored ones") {
    CHECK(round_trip<domain::Repeat>(domain::k_repeat_names, domain::parse_repeat) ==
          std::vector<std::string>{"weekly", "biweekly", "monthly"});
    CHECK_FALSE(domain::parse_repeat("daily"));
    CHECK_FALSE(domain::parse_repeat("none"));
  }

  TEST_CASE("role rank: participant below hub below presenter and facilitator, which tie") {
    using domain::Role;
    CHECK(domain::role_rank(Role::participant) < domain::role_rank(Role::hub));
    CHECK(domain::role_rank(Role::hub) < domain::role_rank(Role::presenter));
    CHECK(domain::role_rank(Role::presenter) == domain::role_rank(Role::facilitator));
    CHECK(domain::stronger_role(Role::participant, Role::hub) == Role::hub);
    CHECK(domain::stronger_role(Role::presenter, Role::hub) == Role::presenter);
    CHECK(domain::stronger_role(Role::presenter, Role::facilitator) == Role::presenter); // the first on a tie
  }
}

} // namespace test_domain_enums
