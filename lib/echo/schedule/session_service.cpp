#include "echo/schedule/service.hpp"
#include "echo/schedule/service_detail.hpp"

#include "echo/db/lookup.hpp"
#include "echo/db/series_repo.hpp"
#include "echo/db/session_repo.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/util/files.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

namespace echo::schedule {

using namespace detail;

// --- sessions -------------------------------------------------------------------------------

namespace {

// Two sessions of one series at one start (neither cancelled) are refused unless allowed.
void require_no_overlap(db::Database& db, const domain::Series& s, const domain::Session& session) {
  if (session.status == domain::SessionStatus::cancelled) return;
  db::SessionFilter f;
  f.series_id = s.id;
  for (const auto& x : db::list_sessions(db, f))
    if (x.id != session.id && x.status != domain::SessionStatus::cancelled && x.start_utc == session.start_utc)
      throw Error(Exit::failure, fmt::format("series '{}' already has {} (key {}) at {} {} ({}): give --allow-overlap "
                                             "to keep two sessions at one start",
                                             s.code, x.ref(), x.key, x.local_date, x.local_time, x.start_utc));
}

} // namespace

SessionWrite add_session(db::Database& db, const std::string& series_code, const SessionInput& in) {
  if (!in.date) throw Error(Exit::usage, "--date is required");
  return db.write([&] {
    const auto s = require_series(db, series_code);
    require_open(s);
    const auto p = place_in(s, *in.date, in.time);
    domain::Session session;
    session.series_id = s.id;
    session.series_code = s.code;
    session.key = in.key.value_or(p.local_date);
    if (session.key.empty()) throw Error(Exit::usage, "the key must not be empty");
    session.origin = "manual";
    session.local_date = p.local_date;
    session.local_time = p.local_time;
    session.start_utc = p.start_utc;
    session.duration = in.duration.value_or(s.duration);
    if (session.duration <= 0 || session.duration > 24 * 60)
      throw Error(Exit::data, fmt::format("invalid duration {}: minutes, 1..1440", session.duration));
    session.topic = in.topic.value_or("");
    if (session_key_exists(db, s.id, session.key))
      throw Error(Exit::failure, fmt::format("series '{}' already has a session with key '{}' (on {}); give --key "
                                             "to add another one that day",
                                             s.code, session.key, session.local_date));
    if (!in.allow_overlap) require_no_overlap(db, s, session);
    session.id = db::insert_session(db, session);
    if (in.presenters) db::set_presenters(db, session.id, participants_for(db, *in.presenters));
    if (in.facilitator && !in.facilitator->empty())
      db::set_facilitator(db, session.id, db::ensure_participant(db, *in.facilitator));
    SessionWrite out;
    out.session = db::get_session(db, session.id);
    out.warning = placement_warning(p, s.timezone, out.session.ref());
    return out;
  });
}

SessionWrite update_session(db::Database& db, const std::string& ref, const SessionInput& in, const std::string& actor,
                            util::SysSeconds now) {
  return db.write([&] {
    const auto r = db::find_session(db, ref);
    auto session = db::get_session(db, r.id);
    const auto s = require_series(db, session.series_code);
    require_open(s);
    SessionWrite out;
    if (in.date || in.time) {
      const auto p = place_in(s, in.date.value_or(session.local_date), in.time ? in.time : session.local_time);
      session.local_date = p.local_date;
      session.local_time = p.local_time;
      session.start_utc = p.start_utc;
      out.warning = placement_warning(p, s.timezone, ref);
    }
    if (in.key) {
      if (in.key->empty()) throw Error(Exit::usage, "the key must not be empty");
      if (*in.key != session.key && db::session_key_exists(db, s.id, *in.key))
        throw Error(Exit::failure, fmt::format("series '{}' already has a session with key '{}'", s.code, *in.key));
      session.key = *in.key;
    }
    if (in.duration) {
      if (*in.duration <= 0 || *in.duration > 24 * 60)
        throw Error(Exit::data, fmt::format("invalid duration {}: minutes, 1..1440", *in.duration));
      session.duration = *in.duration;
    }
    if (in.topic) session.topic = *in.topic;
    if ((in.date || in.time) && !in.allow_overlap) require_no_overlap(db, s, session);
    if (in.held) {
      if (session.status == domain::SessionStatus::cancelled)
        throw Error(Exit::failure, fmt::format("session {} is cancelled: it cannot be marked held", ref));
      if (!domain::started_before(session.start_utc, util::format_utc(now)))
        throw Error(Exit::failure,
                    fmt::format("session {} starts {}: it has not been held yet", ref, session.start_utc));
    }
    db::update_session(db, session);
    if (in.held) db::set_marked_held(db, session.id, true);
    if (in.presenters) db::set_presenters(db, session.id, participants_for(db, *in.presenters));
    if (in.domains) db::set_session_domains(db, session.id, normalized_domains(*in.domains));
    if (in.facilitator)
      db::set_facilitator(db, session.id,
                          in.facilitator->empty()
                              ? std::nullopt
                              : std::optional<std::int64_t>(db::ensure_participant(db, *in.facilitator)));
    auto details = nlohmann::json{{"ref", ref}};
    if (in.held) details["held"] = true;
    if (in.domains) details["domains"] = normalized_domains(*in.domains);
    db::audit(db, actor, "session.update", "session", session.id, "", json_text(details));
    out.session = db::get_session(db, session.id);
    return out;
  });
}

domain::Session cancel_session(db::Database& db, const std::string& ref, const std::string& reason,
                               const std::string& actor) {
  return db.write([&] {
    const auto r = db::find_session(db, ref);
    auto session = db::get_session(db, r.id);
    require_open(require_series(db, session.series_code));
    if (session.status == domain::SessionStatus::cancelled)
      throw Error(Exit::failure, fmt::format("session {} is already cancelled", ref));
    session.status = domain::SessionStatus::cancelled;
    if (!reason.empty()) session.cancel_reason = reason;
    db::update_session(db, session);
    db::audit(db, actor, "session.cancel", "session", session.id, reason, json_text({{"ref", session.ref()}}));
    return db::get_session(db, session.id);
  });
}

domain::Session remove_session(db::Database& db, const std::string& ref, bool force, const std::string& actor) {
  return db.write([&] {
    const auto r = db::find_session(db, ref);
    auto session = db::get_session(db, r.id);
    require_open(require_series(db, session.series_code));
    const int n = db::attendance_count(db, session.id);
    if (n > 0 && !force)
      throw Error(Exit::failure, fmt::format("session {} has {} attendance record{}: cancel it instead, or use --force "
                                             "to delete it with its attendance",
                                             session.ref(), n, n == 1 ? "" : "s"));
    db::delete_session(db, session.id);
    db::audit(
        db, actor, "session.remove", "session", session.id, "",
        json_text({{"ref", session.ref()}, {"key", session.key}, {"date", session.local_date}, {"attendance", n}}));
    return session;
  });
}

} // namespace echo::schedule
