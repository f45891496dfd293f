// The query service of the read commands on the small hub of query_hub.hpp: what `list` and
// `show` print, without the binary.
#include "query_hub.hpp"

#include "echo/certificate/queries.hpp"
#include "echo/error.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

// Named after the file: the test targets are unity builds, so no two files may share a helper name.
namespace test_certificate_queries {

using namespace echo;
using echo::test::k_query_now;
using echo::test::query_hub;

TEST_SUITE("echo::certificate::queries") {

  TEST_CASE("a certificate number that was never issued is a failure, an unknown code is none") {
    auto db = query_hub();
    CHECK(certificate::list(*db, {}).empty());
    try {
      (void)certificate::show(*db, 7);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::failure);
      CHECK(std::string(e.what()) == "no certificate number 7");
    }
    CHECK_FALSE(certificate::by_code(*db, "ABCD-EFGH-JKMN").has_value());
  }
}

} // namespace test_certificate_queries
