#include "echo/attendance/directory.hpp"

#include "echo/db/lookup.hpp"
#include "echo/util/text.hpp"

#include <algorithm>

namespace echo::attendance {

DbDirectory::DbDirectory(db::Database& db) : m_db(db), m_people(db), m_att(db) {}

// One lookup costs ~7.5K instructions (16.7M for the 2,204 emails of bench/attendance.sh's
// 10,000 rows on a hub of 5,000); the pass over every email about 1.5K a participant. A file of
// a few rows never reads the hub's participants.
std::optional<EmailHit> DbDirectory::by_email(const std::string& email) {
  if (!m_emails_loaded) {
    if (m_email_lookups == 0) {
      m_participants_bound = std::max<std::int64_t>(m_people.max_id(), 0);
      m_email_lookups_before_load = std::max<std::int64_t>(64, m_participants_bound / 16);
    }
    if (++m_email_lookups <= m_email_lookups_before_load) {
      bool unnamed = false;
      if (const auto id = m_people.by_email(email, &unnamed)) return EmailHit{*id, unnamed};
      return std::nullopt;
    }
    // Sized once for every participant's email (rehashing as it grew was a third of the pass).
    m_emails.reserve(static_cast<std::size_t>(m_participants_bound) + 16);
    m_people.each_email([&](const std::string& key, std::int64_t id, bool unnamed) {
      m_emails.try_emplace(key, id, unnamed); // a participant's own email before an alias
    });
    m_emails_loaded = true;
  }
  // The key by_email() looks up.
  const auto key = util::normalize_email(email);
  if (key.empty()) return std::nullopt;
  const auto it = m_emails.find(key);
  if (it == m_emails.end()) return std::nullopt;
  return EmailHit{it->second.first, it->second.second};
}

std::vector<std::int64_t> DbDirectory::by_name_key(const std::string& key) { return m_people.by_name_key(key); }

std::vector<db::SessionTime> DbDirectory::sessions_starting_between(const std::string& from_utc,
                                                                    const std::string& to_utc,
                                                                    std::optional<std::int64_t> series_id) {
  return m_att.sessions_starting_between(from_utc, to_utc, series_id);
}

std::vector<db::SessionTime> DbDirectory::sessions_nearest(const std::string& utc,
                                                           std::optional<std::int64_t> series_id, int limit) {
  return m_att.sessions_nearest(utc, series_id, limit);
}

std::optional<db::SessionTime> DbDirectory::session(std::int64_t id) {
  if (const auto known = m_sessions.find(id); known != m_sessions.end()) return known->second;
  return m_att.session_time(id);
}

std::string DbDirectory::session_ref(std::int64_t id) { return db::session_by_id(m_db, id).ref(); }

SeriesSessions DbDirectory::series(const std::string& code) {
  const auto series = db::find_series(m_db, code);
  // The rows of CODE/N name the series' sessions: their times and hosts, read once here.
  // One read of the sessions gives their times and the ids by N (2.5M instructions for 2,000
  // sessions when series_session_ids read them again).
  std::vector<std::int64_t> ids;
  for (auto& s : m_att.series_sessions(series.id, &ids)) {
    m_hosts.try_emplace(s.id);
    m_sessions.emplace(s.id, std::move(s));
  }
  for (auto& [session, hosts] : m_att.series_roles(series.id)) m_hosts[session] = std::move(hosts);
  return SeriesSessions{series.id, series.code, std::move(ids)};
}

std::map<std::int64_t, domain::Role> DbDirectory::session_hosts(std::int64_t session_id) {
  if (const auto known = m_hosts.find(session_id); known != m_hosts.end()) return known->second;
  return m_att.session_roles(session_id);
}

std::vector<StoredAttendance> DbDirectory::attendance(std::int64_t session_id) {
  return m_att.session_attendance(session_id);
}

std::map<std::int64_t, std::vector<StoredAttendance>> DbDirectory::attendance_of(const std::vector<std::int64_t>& ids) {
  return m_att.sessions_attendance(ids);
}

std::optional<db::ImportRecord> DbDirectory::find_import(const std::string& hash, const std::string& kind,
                                                         std::optional<std::int64_t> session_id) {
  return m_att.find_import(hash, kind, session_id);
}

std::vector<db::AttendanceRepo::MeetingImport> DbDirectory::meeting_imports(const std::string& meeting_id) {
  return m_att.meeting_imports(meeting_id);
}

} // namespace echo::attendance
