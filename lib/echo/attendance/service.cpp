#include "echo/attendance/service.hpp"

#include "echo/attendance/export_reader.hpp"
#include "echo/attendance/generic_names.hpp"
#include "echo/db/attendance_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/participant_repo.hpp"
#include "echo/domain/attendance.hpp"
#include "echo/domain/session.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace echo::attendance {

void check(const RecordRequest& o) {
  if (!o.role.empty() && !domain::parse_role(o.role))
    throw Error(Exit::usage, fmt::format("unknown role '{}'", o.role));
  // A number out of range is a well-formed but invalid value (65); text is malformed (2, by CLI11).
  if (o.minutes && (*o.minutes < 0 || *o.minutes > 24 * 60))
    throw Error(Exit::data, fmt::format("--minutes {} is not a number of minutes in a day (0..1440)", *o.minutes));
}

Result record(db::Database& database, const RecordRequest& o) {
  check(o);
  Result result;
  std::string cancelled;
  std::string future;                                // the session's start, when it is still to come
  const auto requested = domain::parse_role(o.role); // none when empty
  database.write([&] {
    const auto session = db::find_session(database, o.session);
    db::AttendanceRepo att(database);
    const auto time = att.session_time(session.id);
    if (time && time->status == domain::SessionStatus::cancelled) cancelled = session.ref();
    if (time && !domain::started_before(time->start_utc, util::format_utc(util::now_utc()))) future = time->start_utc;
    const auto named = att.session_roles(session.id);
    nlohmann::ordered_json changes = nlohmann::ordered_json::array();
    for (const auto& who : o.people) {
      const auto pid = db::find_participant(database, who);
      const auto existing = att.find(session.id, pid, o.min_minutes);
      auto role = existing ? existing->role : domain::Role::participant;
      if (requested)
        role = *requested;
      else if (auto n = named.find(pid); n != named.end())
        role = n->second;
      const auto minutes = o.minutes ? *o.minutes : static_cast<std::int64_t>(time ? time->duration : 0);
      const bool created = att.record(session.id, pid, minutes, role);
      nlohmann::ordered_json details = {{"participant", pid}, {"minutes", minutes}, {"role", domain::name(role)}};
      if (existing) {
        details["previous_minutes"] = existing->minutes;
        details["previous_role"] = std::string(domain::name(existing->role));
      }
      changes.push_back(std::move(details));
      result.lines.push_back(fmt::format("{} {}: {} {} minutes as {}{}\n", created ? "recorded" : "updated",
                                         session.ref(), who, minutes, domain::name(role),
                                         minutes >= o.min_minutes ? " (eligible)" : ""));
    }
    // One entry for the command: `echo undo` takes back all of it.
    nlohmann::ordered_json details = {{"session", session.ref()}, {"records", changes}};
    std::optional<std::int64_t> entity;
    if (changes.size() == 1) entity = changes[0]["participant"].get<std::int64_t>();
    db::audit(database, o.actor, "attendance.record", "attendance", entity, o.reason, details.dump());
  });
  if (!cancelled.empty())
    result.warnings.push_back(fmt::format("session {} is cancelled: attendance recorded anyway", cancelled));
  if (!future.empty())
    result.warnings.push_back(
        fmt::format("session {} has not started yet (it starts {}): attendance recorded anyway", o.session, future));
  return result;
}

Result remove(db::Database& database, const RemoveRequest& o) {
  if (util::trim(o.reason).empty()) throw Error(Exit::usage, "--reason must not be empty");
  Result result;
  database.write([&] {
    const auto session = db::find_session(database, o.session);
    const auto ref = session.ref();
    const auto pid = db::find_participant(database, o.who);
    db::AttendanceRepo att(database);
    const auto existing = att.find(session.id, pid, 0);
    if (!existing || !att.remove(session.id, pid))
      throw Error(Exit::failure, fmt::format("{} has no attendance at {}", o.who, ref));
    nlohmann::ordered_json details = {{"session", ref},
                                      {"participant", pid},
                                      {"minutes", existing->minutes},
                                      {"role", std::string(domain::name(existing->role))},
                                      {"source", std::string(domain::name(existing->source))}};
    db::audit(database, o.actor, "attendance.remove", "attendance", pid, o.reason, details.dump());
    result.lines.push_back(fmt::format("removed {} from {}\n", o.who, ref));
  });
  return result;
}

Result resolve(db::Database& database, const ResolveRequest& o) {
  Result result;
  database.write([&] {
    db::AttendanceRepo att(database);
    db::ParticipantRepo people(database);
    const auto row = att.unmatched_row(o.id);
    if (!row)
      throw Error(Exit::failure, fmt::format("no unmatched row {} (see '{} attendance unmatched')", o.id, o.program));
    if (row->resolved_participant_id)
      throw Error(Exit::failure, fmt::format("unmatched row {} was already resolved to participant {}", o.id,
                                             *row->resolved_participant_id));
    const auto pid = db::find_participant(database, o.who);
    const auto named = att.session_roles(row->session_id);
    auto role = row->role;
    if (auto n = named.find(pid); n != named.end()) role = n->second;
    // The source of the import that left the row ("attendance:csv", ...), zoom when unknown.
    auto source = domain::Source::zoom;
    if (row->import_id) {
      const auto kind = att.import_kind(*row->import_id);
      if (kind.starts_with("attendance:"))
        if (const auto s = domain::parse_source(std::string_view(kind).substr(11)); s && *s != domain::Source::manual)
          source = *s;
    }
    const auto intervals = nlohmann::ordered_json::parse(row->intervals, nullptr, false);
    if (intervals.is_array() && !intervals.empty()) {
      const auto attendance_id = att.upsert_for_interval(row->session_id, pid, role, source);
      for (const auto& i : intervals)
        if (i.is_array() && i.size() == 2 && i[0].is_string() && i[1].is_string())
          att.add_interval(attendance_id, row->import_id, i[0].get<std::string>(), i[1].get<std::string>());
      att.recompute_minutes(attendance_id);
    } else {
      att.upsert_minutes(row->session_id, pid, role, source, row->minutes);
    }
    // Later imports match this name to the participant, unless the name says nothing about who
    // it was: the next "Call-in User_1" is another caller.
    const auto [display, original] = split_display_name(row->name);
    nlohmann::ordered_json aliases = nlohmann::ordered_json::array();
    std::vector<std::string> generic;
    for (const auto& name : {display, original}) {
      if (name.empty()) continue;
      if (o.no_alias) continue;
      if (is_generic_name(name, o.generic_names)) {
        generic.push_back(name);
        continue;
      }
      people.add_alias(pid, "name", name);
      aliases.push_back(name);
    }
    att.mark_resolved(row->id, pid);
    nlohmann::ordered_json details = {
        {"unmatched_row", row->id}, {"session", row->session},    {"participant", pid}, {"name", row->name},
        {"minutes", row->minutes},  {"role", domain::name(role)}, {"aliases", aliases}};
    db::audit(database, o.actor, "attendance.resolve", "attendance", pid, o.reason, details.dump());
    result.lines.push_back(fmt::format("resolved {}: '{}' at {} is {}\n", row->id, row->name, row->session, o.who));
    if (o.no_alias)
      result.lines.push_back(
          fmt::format("credited row {} only (--no-alias): '{}' did not become an alias\n", row->id, row->name));
    else if (aliases.empty() && !generic.empty())
      result.lines.push_back(fmt::format("credited row {} only: '{}' is a generic name (a phone caller, device or "
                                         "room), not an alias; later rows under it stay unmatched\n",
                                         row->id, generic.front()));
  });
  return result;
}

} // namespace echo::attendance
