#include "echo/registration/service.hpp"

#include "echo/attendance/csv_stream.hpp"
#include "echo/attendance/generic_names.hpp"
#include "echo/attendance/text_decoder.hpp"
#include "echo/db/attendance_repo.hpp"
#include "echo/db/lookup.hpp"
#include "echo/db/participant_repo.hpp"
#include "echo/db/registration_repo.hpp"
#include "echo/registration/reader.hpp"
#include "echo/util/problems.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <date/tz.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <exception>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace echo::registration {

namespace {

// Thrown out of the write transaction to roll a dry run back with its result.
struct DryRunDone {
  ImportResult result;
};

// The order of N/N/YYYY dates for the whole file, asked at its first such date: a pass over the
// file without the database.
// A field above 12 settles it; a file with both kinds is refused with both lines.
attendance::DateOrder decide_date_order(const std::filesystem::path& file) {
  util::Problems ignored(file.string());
  Reader survey(ignored);
  attendance::stream_csv_file(file, [&](const std::vector<std::string>& fields, std::size_t line) {
    return survey.read(fields, line) != Reader::Event::stop;
  });
  const auto& day = survey.day_first();
  const auto& month = survey.month_first();
  if (day.line != 0 && month.line != 0)
    throw Error(Exit::data, fmt::format("{}:{}: '{}' is month first (MM/DD/YYYY) but line {} has '{}', day first: "
                                        "the file mixes date orders",
                                        file.string(), month.line, month.text, day.line, day.text));
  return day.line != 0 ? attendance::DateOrder::dmy : attendance::DateOrder::mdy;
}

class Importer {
public:
  Importer(db::Database& db, const ImportRequest& r, const date::time_zone& zone,
           std::optional<db::RegistrationTarget> fixed, std::string fixed_name)
      : m_db(db), m_r(r), m_zone(zone), m_fixed(std::move(fixed)), m_fixed_name(std::move(fixed_name)), m_people(db),
        m_regs(db), m_problems(r.file.string()), m_reader(m_problems) {}

  ImportResult run(std::optional<attendance::DateOrder> order) {
    if (order)
      m_reader.set_date_order(*order);
    else
      m_reader.set_date_order_decider([this] { return decide_date_order(m_r.file); });
    std::exception_ptr failure;
    const auto streamed =
        attendance::stream_csv_file(m_r.file, [&](const std::vector<std::string>& f, std::size_t line) {
          try {
            return on_record(f, line);
          } catch (...) {
            failure = std::current_exception();
            return false;
          }
        });
    if (failure) std::rethrow_exception(failure);
    if (streamed.error)
      m_problems.add(streamed.error->line, streamed.error->message, streamed.error->column);
    else if (streamed.binary)
      m_problems.add(streamed.binary_line, "binary content (a NUL byte): not a CSV text file");
    else
      m_reader.finish();
    m_problems.throw_if_any(Exit::data);
    const auto added = m_regs.flush();
    m_result.registered += added;
    m_result.already += m_queued - added;
    verify_keys();

    m_result.layout = layout_name(m_reader.layout());
    m_result.encoding = std::string(attendance::encoding_name(streamed.encoding));
    m_result.delimiter = streamed.delimiter;
    m_result.dry_run = m_r.dry_run;
    m_result.rows = static_cast<std::int64_t>(m_reader.rows_read());
    m_result.unmatched.assign(m_unmatched.begin(), m_unmatched.end());
    for (const auto& [id, created] : m_seen) ++(created ? m_result.created : m_result.matched);
    m_result.filled = static_cast<std::int64_t>(m_filled.size());
    nlohmann::ordered_json details = {{"file", m_r.file.filename().string()},
                                      {"targets", m_result.targets},
                                      {"rows", m_result.rows},
                                      {"registered", m_result.registered},
                                      {"created", m_result.created}};
    // Importing the same file again changes nothing and logs nothing.
    if (m_result.registered + m_result.created + m_result.filled > 0)
      db::audit(m_db, m_r.actor, "registration.import", "registration", std::nullopt, "", details.dump());
    if (m_r.dry_run) throw DryRunDone{m_result};
    return m_result;
  }

private:
  bool on_record(const std::vector<std::string>& fields, std::size_t line) {
    switch (m_reader.read(fields, line)) {
    case Reader::Event::stop: return false;
    case Reader::Event::none: return true;
    case Reader::Event::meeting: on_meeting(); return true;
    case Reader::Event::row: on_row(); return true;
    }
    return true;
  }

  void on_meeting() {
    const auto& m = m_reader.meeting();
    if (m_fixed || !m.start) return; // a bad time is a problem recorded by the reader
    const auto start = util::local_to_utc(m_zone, *m.start).utc;
    db::AttendanceRepo att(m_db);
    const auto hits = att.sessions_starting_between(util::format_utc(start - std::chrono::minutes(60)),
                                                    util::format_utc(start + std::chrono::minutes(60)), std::nullopt);
    if (hits.size() != 1)
      throw Error(Exit::failure,
                  fmt::format("{}:{}: {} session{} scheduled within an hour of '{}' ({}): give --session REF or "
                              "--series CODE",
                              m_r.file.string(), m.line, hits.empty() ? "no" : std::to_string(hits.size()),
                              hits.size() == 1 ? "" : "s", m.start_text, m_zone.name()));
    const auto session = db::session_by_id(m_db, hits.front().id);
    m_meeting_target = db::RegistrationTarget{session.id, std::nullopt};
    m_meeting_name = session.ref();
  }

  // util::local_to_utc(m_zone, local).utc, with the zone's offset kept for the span around the
  // last time converted: a local time whose UTC candidate lies two days or more inside that span
  // can have no other offset (offsets differ by less than 28 hours), so it is neither skipped nor
  // repeated and converts with the same offset. The zone is asked again outside it.
  util::SysSeconds to_utc(util::LocalSeconds local) {
    const auto guess = util::SysSeconds{local.time_since_epoch()} - m_offset;
    if (m_offset_known && guess >= m_offset_from && guess < m_offset_until) return guess;
    const auto utc = util::local_to_utc(m_zone, local).utc;
    const auto info = m_zone.get_info(utc);
    m_offset = info.offset;
    m_offset_from = info.begin + std::chrono::hours(48);
    m_offset_until = info.end - std::chrono::hours(48);
    m_offset_known = true;
    return utc;
  }

  // The target of a generic CSV row, cached by its text; nullopt (problem recorded) when unknown.
  std::optional<db::RegistrationTarget> generic_target(const Registrant& row, std::string& name) {
    // Rows come grouped by session: the last row's target again is answered without a lookup.
    if (m_last_target && row.by_series == m_last_by_series && row.target == m_last_target_text) {
      name = m_last_target->second;
      return m_last_target->first;
    }
    const auto key = (row.by_series ? "series:" : "session:") + row.target;
    auto it = m_targets.find(key);
    if (it == m_targets.end()) {
      std::optional<std::pair<db::RegistrationTarget, std::string>> found;
      try {
        if (row.by_series) {
          const auto s = db::find_series(m_db, row.target);
          found.emplace(db::RegistrationTarget{std::nullopt, s.id}, s.code);
        } else if (auto fast = session_by_ref(row.target)) {
          found = std::move(fast);
        } else {
          const auto s = db::find_session(m_db, row.target);
          found.emplace(db::RegistrationTarget{s.id, std::nullopt}, s.ref());
        }
      } catch (const Error& e) {
        found.reset();
        m_bad_targets[key] = e.what();
      }
      it = m_targets.emplace(key, found).first;
    }
    if (!it->second) {
      m_problems.add(row.line, m_bad_targets[key]);
      return std::nullopt;
    }
    m_last_target = it->second;
    m_last_by_series = row.by_series;
    m_last_target_text = row.target;
    name = it->second->second;
    return it->second->first;
  }

  // A session named CODE/N as the hub writes it, by a statement prepared once and the series
  // found once per code (db::find_session prepares two statements a call: 3% of an import of
  // 200 sessions); nullopt for any other form and for a session that is not there, which
  // db::find_session then reads (or refuses) as it always has.
  std::optional<std::pair<db::RegistrationTarget, std::string>> session_by_ref(const std::string& ref) {
    const auto slash = ref.rfind('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 >= ref.size() || ref.size() - slash - 1 > 18 ||
        ref[slash + 1] == '0')
      return std::nullopt;
    std::int64_t n = 0;
    const auto* end = ref.data() + ref.size();
    const auto [ptr, ec] = std::from_chars(ref.data() + slash + 1, end, n);
    if (ec != std::errc() || ptr != end || n <= 0) return std::nullopt;
    const auto code = ref.substr(0, slash);
    auto series = m_series_ids.find(code);
    if (series == m_series_ids.end()) {
      std::optional<std::int64_t> id;
      try {
        id = db::find_series(m_db, code).id;
      } catch (const Error&) {
        // find_session names the problem
      }
      series = m_series_ids.emplace(code, id).first;
    }
    if (!series->second) return std::nullopt;
    const auto id = m_regs.session_numbered(*series->second, n);
    if (!id) return std::nullopt;
    const auto name = db::SessionRef{*id, *series->second, code, static_cast<int>(n)}.ref();
    return std::pair{db::RegistrationTarget{*id, std::nullopt}, name};
  }

  // The keys this import wrote with SQLite's checks off, checked once at its end: the sessions
  // and series. Every participant id is one this transaction's own statements returned (by_email,
  // by_name_key) or inserted, and nothing in it deletes participants; checking them again was
  // 3% of an import (8.6M instructions for 6,000 ids).
  void verify_keys() {
    std::vector<std::int64_t> people, sessions, series;
    for (const auto& target : m_written_targets) {
      if (target.first)
        sessions.push_back(target.second);
      else
        series.push_back(target.second);
    }
    m_regs.verify_keys(people, sessions, series);
  }

  // ParticipantRepo::by_email, asked one email at a time (7K instructions each) until this import
  // has asked about a sixteenth as many emails as the hub has participants; then every email is
  // read in one pass (about 1.5K a participant) and answered from memory. A file of a few rows
  // never reads the hub's participants; 10,000 rows with 3,648 distinct emails on a hub of 5,000
  // cost 26M instructions in lookups, 100,000 rows (15,000 emails) 104M.
  std::optional<std::int64_t> known_email(const std::string& email, bool& unnamed) {
    if (!m_emails_loaded) {
      if (m_email_lookups == 0) {
        m_participants_bound = m_people.max_id();
        m_email_lookups_before_load = std::max<std::int64_t>(64, m_participants_bound / 16);
      }
      if (++m_email_lookups <= m_email_lookups_before_load) return m_people.by_email(email, &unnamed);
      m_emails.reserve(static_cast<std::size_t>(m_participants_bound) + 16);
      m_people.each_email([&](const std::string& key, std::int64_t id, bool no_name) {
        m_emails.try_emplace(key, id, no_name); // a participant's own email before an alias
      });
      m_emails_loaded = true;
    }
    const auto it = m_emails.find(email);
    if (it == m_emails.end()) return std::nullopt;
    unnamed = it->second.second;
    return it->second.first;
  }

  struct Person {
    std::optional<std::int64_t> id;
    bool created = false;
  };

  // By email (or email alias), else by name (or name alias) when exactly one person has it, as
  // attendance import matches; an unknown email is a new participant, an unknown name only with
  // --create-missing.
  Person match(const Registrant& row) {
    if (!row.email.empty()) {
      if (auto it = m_by_email.find(row.email); it != m_by_email.end()) return it->second;
      Person p;
      bool unnamed = false;
      if (auto id = known_email(row.email, unnamed)) {
        p.id = id;
        if (unnamed && !row.name.empty()) m_people.name_if_unnamed(*id, row.name);
      } else {
        domain::Participant fresh;
        fresh.name = row.name;
        fresh.email = row.email;
        p.id = m_people.insert(fresh);
        p.created = true;
      }
      m_by_email.emplace(row.email, p);
      return p;
    }
    const auto key = util::name_key(row.name);
    if (key.empty() || attendance::is_generic_name(row.name, m_r.generic_names)) return {};
    if (auto it = m_by_name.find(key); it != m_by_name.end()) return it->second;
    Person p;
    const auto ids = m_people.by_name_key(key);
    if (ids.size() == 1) {
      p.id = ids.front();
    } else if (m_r.create_missing && ids.empty()) {
      domain::Participant fresh;
      fresh.name = row.name;
      p.id = m_people.insert(fresh);
      p.created = true;
    }
    m_by_name.emplace(key, p);
    return p;
  }

  void on_row() {
    const auto& row = m_reader.row();
    std::optional<db::RegistrationTarget> target;
    std::string name;
    if (m_reader.layout() == Layout::generic_csv) {
      if (m_fixed)
        throw Error(Exit::usage, fmt::format("{}: the CSV names the session or series of each row: --session and "
                                             "--series are for Zoom reports",
                                             m_r.file.string()));
      target = generic_target(row, name);
    } else if (m_fixed) {
      target = m_fixed;
      name = m_fixed_name;
    } else if (m_meeting_target) {
      target = m_meeting_target;
      name = m_meeting_name;
    } else if (m_reader.has_meeting() && !m_reader.meeting().start_text.empty()) {
      return; // its scheduled time is bad: a problem recorded at its line
    } else {
      throw Error(Exit::usage, fmt::format("{} has no scheduled time to find its session by: give --session REF or "
                                           "--series CODE",
                                           m_r.file.string()));
    }
    if (!target || !m_problems.empty()) return; // keep reading for the other problems; write nothing
    if (m_target_names.insert(name).second) m_result.targets.push_back(name);
    if (row.declined) {
      ++m_result.declined;
      return;
    }
    const auto person = match(row);
    if (!person.id) {
      m_unmatched.insert(row.name);
      return;
    }
    m_seen.emplace(*person.id, person.created);
    if (m_regs.fill_empty(*person.id, row.profession, row.organization, row.region)) m_filled.insert(*person.id);
    std::optional<std::string> at;
    if (row.registered_at) at = util::format_utc(to_utc(*row.registered_at));
    if (m_file_name.empty()) m_file_name = m_r.file.filename().string();
    const std::string& source = m_reader.layout() == Layout::generic_csv ? k_csv : k_zoom;
    const std::pair<bool, std::int64_t> written{
        target->session_id.has_value(), target->session_id ? *target->session_id : target->series_id.value_or(0)};
    if (written != m_last_written) {
      m_written_targets.insert(written);
      m_last_written = written;
    }
    m_regs.queue(*target, *person.id, std::move(at),
                 row.approval.empty() ? std::nullopt : std::optional<std::string>(row.approval), source, m_file_name);
    ++m_queued; // registered or already: counted when written (run)
  }

  inline static const std::string k_csv = "csv", k_zoom = "zoom";

  db::Database& m_db;
  const ImportRequest& m_r;
  const date::time_zone& m_zone;
  std::optional<db::RegistrationTarget> m_fixed;
  std::string m_fixed_name;
  db::ParticipantRepo m_people;
  db::RegistrationRepo m_regs;
  util::Problems m_problems;
  Reader m_reader;
  ImportResult m_result;
  std::optional<db::RegistrationTarget> m_meeting_target;
  std::string m_meeting_name;
  std::unordered_map<std::string, std::optional<std::pair<db::RegistrationTarget, std::string>>> m_targets;
  std::unordered_map<std::string, std::string> m_bad_targets;
  std::unordered_map<std::string, Person> m_by_email, m_by_name;
  std::unordered_map<std::int64_t, bool> m_seen; // participant -> created by this import
  std::unordered_set<std::int64_t> m_filled;
  std::set<std::string> m_unmatched;
  std::unordered_set<std::string> m_target_names;                            // m_result.targets, for lookups
  std::unordered_map<std::string, std::optional<std::int64_t>> m_series_ids; // by code; nullopt: no such series
  std::set<std::pair<bool, std::int64_t>> m_written_targets;                 // (is a session, id)
  std::pair<bool, std::int64_t> m_last_written{false, 0};                    // the last one inserted there
  std::string m_file_name;
  std::optional<std::pair<db::RegistrationTarget, std::string>> m_last_target; // of the last generic row
  bool m_last_by_series = false;
  std::string m_last_target_text;
  bool m_offset_known = false; // to_utc()
  std::chrono::seconds m_offset{0};
  util::SysSeconds m_offset_from, m_offset_until;
  bool m_emails_loaded = false;
  std::int64_t m_email_lookups = 0, m_email_lookups_before_load = 0, m_participants_bound = 0;
  std::unordered_map<std::string, std::pair<std::int64_t, bool>> m_emails; // email -> (participant, unnamed)
  std::int64_t m_queued = 0; // registrations queued: registered or already there
};

} // namespace

ImportResult import_registrations(db::Database& db, const ImportRequest& r) {
  if (!r.session_ref.empty() && !r.series_code.empty())
    throw Error(Exit::usage, "give --session REF or --series CODE, not both");
  if (!r.date_order.empty() && !attendance::parse_date_order(r.date_order))
    throw Error(Exit::usage, fmt::format("unknown date order '{}': use mdy or dmy", r.date_order));
  const auto* zone = util::find_zone(r.timezone);
  if (zone == nullptr) throw Error(Exit::data, fmt::format("unknown time zone '{}'", r.timezone));
  const auto order = attendance::parse_date_order(r.date_order); // nullopt: decided from the file when it matters
  try {
    // The tables the import changes (participants it creates or names, their empty profession,
    // organization and region filled, the registrations): the history loads only their
    // triggers, and refuses any other. Keys are off, so no ON DELETE action reaches further.
    const db::Database::WriteLimit limit(db, {"participant", "registration"});
    // Keys checked once at the end (Importer::verify_keys) instead of a parent lookup per row.
    return db.write_unenforced_keys([&] {
      std::optional<db::RegistrationTarget> fixed;
      std::string name;
      if (!r.session_ref.empty()) {
        const auto s = db::find_session(db, r.session_ref);
        fixed = db::RegistrationTarget{s.id, std::nullopt};
        name = s.ref();
      } else if (!r.series_code.empty()) {
        const auto s = db::find_series(db, r.series_code);
        fixed = db::RegistrationTarget{std::nullopt, s.id};
        name = s.code;
      }
      Importer importer(db, r, *zone, fixed, name);
      return importer.run(order);
    });
  } catch (DryRunDone& done) {
    return done.result;
  }
}

std::string format_result(const ImportResult& r) {
  auto text = fmt::format("{}: {} rows, {} registered, {} already registered", util::join(r.targets, ", "),
                          util::group_digits(r.rows), util::group_digits(r.registered), util::group_digits(r.already));
  if (r.declined > 0) text += fmt::format(", {} declined", util::group_digits(r.declined));
  text += fmt::format("; {} matched, {} created, {} filled, {} unmatched", util::group_digits(r.matched),
                      util::group_digits(r.created), util::group_digits(r.filled),
                      util::group_digits(static_cast<std::int64_t>(r.unmatched.size())));
  return text;
}

std::string remove(db::Database& database, const RemoveRequest& r) {
  if (r.session_ref.empty() == r.series_code.empty())
    throw Error(Exit::usage, "give --session REF or --series CODE (one of them)");
  return database.write([&] {
    db::RegistrationTarget target;
    std::string name;
    if (!r.session_ref.empty()) {
      const auto s = db::find_session(database, r.session_ref);
      target.session_id = s.id;
      name = s.ref();
    } else {
      const auto s = db::find_series(database, r.series_code);
      target.series_id = s.id;
      name = s.code;
    }
    const auto pid = db::find_participant(database, r.participant);
    db::RegistrationRepo regs(database);
    const auto id = regs.find(target, pid);
    if (!id)
      throw Error(Exit::failure, fmt::format("{} is not registered for {}{}", r.participant, name,
                                             target.session_id ? "" : " (as a series)"));
    regs.remove(*id);
    nlohmann::ordered_json details = {{"target", name}, {"participant", pid}};
    db::audit(database, r.actor, "registration.remove", "registration", *id, r.reason, details.dump());
    return fmt::format("removed the registration of {} for {}\n", r.participant, name);
  });
}

std::int64_t record_webinar_registrants(db::Database& db,
                                        const std::vector<std::pair<std::int64_t, std::int64_t>>& rows,
                                        const std::string& file_name) {
  db::RegistrationRepo regs(db);
  std::int64_t added = 0;
  for (const auto& [session, person] : rows)
    if (regs.add({session, std::nullopt}, person, std::nullopt, std::nullopt, "webinar", file_name)) ++added;
  return added;
}

} // namespace echo::registration
