#pragma once
// An in-memory attendance::Directory for unit tests of the matcher and the planner: a few
// participants (with aliases) and sessions written out in the test, no database.

#include "echo/attendance/directory.hpp"
#include "echo/error.hpp"
#include "echo/util/text.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace echo::test {

struct MemoryParticipant {
  std::int64_t id = 0;
  std::string name;
  std::string email; // empty: none
  std::vector<std::string> name_aliases;
  std::vector<std::string> email_aliases;
};

struct MemorySession {
  std::int64_t id = 0;
  std::int64_t series_id = 1;
  std::string start_utc; // YYYY-MM-DDTHH:MM:SSZ
  int duration = 60;
  std::string status = "scheduled";
  std::string ref; // CODE/N
};

class MemoryDirectory final : public attendance::Directory {
public:
  std::vector<MemoryParticipant> people;
  std::vector<MemorySession> sessions;
  std::vector<attendance::SeriesSessions> series_list;
  std::map<std::int64_t, std::map<std::int64_t, domain::Role>> hosts;
  std::map<std::int64_t, std::vector<attendance::StoredAttendance>> stored;
  int email_lookups = 0;
  int name_lookups = 0;

  std::optional<attendance::EmailHit> by_email(const std::string& email) override {
    ++email_lookups;
    const auto key = util::normalize_email(email);
    for (const auto& p : people) {
      const bool alias = std::find(p.email_aliases.begin(), p.email_aliases.end(), key) != p.email_aliases.end();
      if ((!p.email.empty() && util::normalize_email(p.email) == key) || alias)
        return attendance::EmailHit{p.id, p.name.empty()};
    }
    return std::nullopt;
  }
  std::vector<std::int64_t> by_name_key(const std::string& key) override {
    ++name_lookups;
    std::vector<std::int64_t> ids;
    for (const auto& p : people) {
      bool hit = util::name_key(p.name) == key;
      for (const auto& a : p.name_aliases) hit = hit || util::name_key(a) == key;
      if (hit && !key.empty()) ids.push_back(p.id);
    }
    return ids;
  }
  std::vector<db::SessionTime> sessions_starting_between(const std::string& from_utc, const std::string& to_utc,
                                                         std::optional<std::int64_t> series_id) override {
    std::vector<db::SessionTime> out;
    for (const auto& s : sessions)
      if (s.status != "cancelled" && s.start_utc >= from_utc && s.start_utc <= to_utc &&
          (!series_id || s.series_id == *series_id))
        out.push_back(time_of(s));
    return out;
  }
  std::vector<db::SessionTime> sessions_nearest(const std::string&, std::optional<std::int64_t>, int) override {
    return {};
  }
  std::optional<db::SessionTime> session(std::int64_t id) override {
    for (const auto& s : sessions)
      if (s.id == id) return time_of(s);
    return std::nullopt;
  }
  std::string session_ref(std::int64_t id) override {
    for (const auto& s : sessions)
      if (s.id == id) return s.ref;
    return std::to_string(id);
  }
  attendance::SeriesSessions series(const std::string& code) override {
    for (const auto& s : series_list)
      if (util::name_key(s.code) == util::name_key(code)) return s;
    throw Error(Exit::failure, "no series '" + code + "'");
  }
  std::map<std::int64_t, domain::Role> session_hosts(std::int64_t session_id) override { return hosts[session_id]; }
  std::vector<attendance::StoredAttendance> attendance(std::int64_t session_id) override { return stored[session_id]; }
  std::optional<db::ImportRecord> find_import(const std::string&, const std::string&,
                                              std::optional<std::int64_t>) override {
    return std::nullopt;
  }
  std::vector<db::AttendanceRepo::MeetingImport> meeting_imports(const std::string&) override { return {}; }

private:
  static db::SessionTime time_of(const MemorySession& s) {
    return db::SessionTime{s.id, s.series_id, s.start_utc, s.duration, *domain::parse_session_status(s.status)};
  }
};

} // namespace echo::test
