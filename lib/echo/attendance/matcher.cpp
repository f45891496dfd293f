#include "echo/attendance/matcher.hpp"

#include "echo/attendance/generic_names.hpp"
#include "echo/util/text.hpp"

#include <algorithm>

namespace echo::attendance {

Matcher::Matcher(Directory& directory, MatchOptions options) : m_directory(directory), m_options(std::move(options)) {}

std::vector<std::int64_t> Matcher::lookup_name(const std::string& key) {
  auto ids = m_directory.by_name_key(key);
  if (const auto it = m_new_names.find(key); it != m_new_names.end()) {
    ids.insert(ids.end(), it->second.begin(), it->second.end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  return ids;
}

PersonMatch Matcher::match(const Who& who) {
  const auto remember_name = [&](std::string_view name, std::int64_t id) {
    if (const auto key = util::name_key(name); !key.empty()) m_new_names[key].push_back(id);
  };
  if (!who.email.empty()) {
    if (const auto it = m_by_email.find(who.email); it != m_by_email.end()) return it->second;
    PersonMatch p;
    const auto normalized = util::normalize_email(who.email);
    const auto name = !who.original.empty() ? who.original : who.name;
    if (const auto fresh = m_new_emails.find(normalized); fresh != m_new_emails.end()) {
      p.id = fresh->second;
    } else if (const auto hit = m_directory.by_email(std::string(who.email))) {
      p.id = hit->id;
      if (hit->unnamed && !util::trim(name).empty() &&
          std::none_of(m_namings.begin(), m_namings.end(), [&](const Naming& n) { return n.id == hit->id; })) {
        m_namings.push_back({hit->id, std::string(util::trim(name))});
        remember_name(util::trim(name), hit->id);
      }
    } else {
      m_created.push_back({std::string(name), normalized});
      p.id = new_participant_id(m_created.size() - 1);
      p.created = true;
      m_new_emails.emplace(normalized, *p.id);
      remember_name(name, *p.id);
    }
    m_by_email.emplace(std::string(who.email), p);
    return p;
  }
  // A generic name ("Call-in User_1", "iPhone") is nobody in particular: never matched by name,
  // never created, even when a participant or alias carries it.
  const auto generic = [&](std::string_view t) { return is_generic_name(t, m_options.generic_names); };
  bool named = false;
  for (const auto* text : {&who.name, &who.original}) {
    const auto key = util::name_key(*text);
    if (key.empty() || generic(*text)) continue;
    named = true;
    auto it = m_by_name.find(key);
    if (it == m_by_name.end()) {
      PersonMatch p;
      const auto ids = lookup_name(key);
      if (ids.size() == 1) p.id = ids.front(); // several people share the name: left unmatched
      it = m_by_name.emplace(key, p).first;
    }
    if (it->second.id) return it->second;
  }
  if (m_options.create_missing && named) {
    const auto name = !who.original.empty() && !generic(who.original) ? who.original : who.name;
    m_created.push_back({std::string(name), {}});
    const PersonMatch p{new_participant_id(m_created.size() - 1), true};
    remember_name(name, *p.id);
    if (!generic(who.name)) m_by_name[util::name_key(who.name)] = p;
    if (!who.original.empty() && !generic(who.original)) m_by_name[util::name_key(who.original)] = p;
    return p;
  }
  return {};
}

bool is_host(const Who& who, const std::string& host_email, const std::string& host_name) {
  // By email when both sides have one; otherwise by name ("Host Name (host@example.org)" gives both).
  if (!host_email.empty() && (!who.email.empty() || host_name.empty())) return who.email == host_email;
  if (host_name.empty()) return false;
  const auto host = util::name_key(host_name);
  return util::name_key(who.name) == host || (!who.original.empty() && util::name_key(who.original) == host);
}

std::vector<db::SessionTime> sessions_at(Directory& directory, util::SysSeconds start,
                                         std::optional<std::int64_t> series_id, std::optional<std::int64_t> only) {
  // Sessions last at most a day; the window is checked exactly below.
  const auto rows = directory.sessions_starting_between(util::format_utc(start - std::chrono::hours(24)),
                                                        util::format_utc(start + k_window_before), series_id);
  std::vector<db::SessionTime> hits;
  for (const auto& s : rows) {
    const auto begin = util::parse_utc(s.start_utc);
    if (!begin) continue;
    if (only && s.id != *only) continue;
    if (start >= *begin - k_window_before && start <= *begin + std::chrono::minutes(s.duration)) hits.push_back(s);
  }
  return hits;
}

} // namespace echo::attendance
