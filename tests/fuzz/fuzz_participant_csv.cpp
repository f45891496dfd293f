// libFuzzer target: `participant import FILE.csv` into a private in-memory database (all rows or
// none: a refused file must leave no participant behind).
#include "fuzz_common.hpp"

#include "echo/db/database.hpp"
#include "echo/participant/import.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static auto db = echo::db::Database::open_memory();
  const auto path = echo::fuzz::scratch_file(echo::fuzz::as_text(data, size), ".csv");
  const auto count = [] { return db->sql().execAndGet("SELECT count(*) FROM participant").getInt64(); };
  const auto before = count();
  bool refused = false;
  echo::fuzz::expect_refusal_only([&] {
    try {
      (void)echo::participant::import_participants(*db, path);
    } catch (const echo::Error&) {
      refused = true;
      throw;
    }
  });
  if (refused && count() != before) {
    std::fputs("a refused participant file left rows behind\n", stderr);
    std::abort();
  }
  if (count() > 10000) db->sql().exec("DELETE FROM participant_alias; DELETE FROM participant");
  return 0;
}
