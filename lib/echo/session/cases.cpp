#include "echo/session/cases.hpp"

#include "echo/db/lookup.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/util/text.hpp"

#include <nlohmann/json.hpp>

namespace echo::session {

std::int64_t add_case(db::Database& db, const CaseRequest& o) {
  const auto title = util::trim(o.title);
  if (title.empty()) throw Error(Exit::usage, "--title must not be empty");
  return db.write([&] {
    const auto ref = db::find_session(db, o.session);
    const auto presenter = util::looks_like_email(util::trim(o.presenter)) ? db::ensure_participant(db, o.presenter)
                                                                           : db::find_participant(db, o.presenter);
    const auto id = db::add_case(db, ref.id, presenter, title);
    db::audit(db, o.actor, "session.case.add", "case", id, "",
              nlohmann::ordered_json{{"session", ref.ref()}, {"presenter", presenter}}.dump());
    return id;
  });
}

CaseList list_cases(db::Database& db, const std::string& session) {
  const auto ref = db::find_session(db, session);
  return {ref.ref(), db::list_cases(db, ref.id)};
}

} // namespace echo::session
