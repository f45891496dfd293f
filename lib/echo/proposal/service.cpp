#include "echo/proposal/service.hpp"

#include "echo/db/lookup.hpp"
#include "echo/db/proposal_repo.hpp"
#include "echo/db/series_repo.hpp"
#include "echo/error.hpp"
#include "echo/util/time.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace echo::proposal {

namespace {

std::optional<std::string> note_or_null(const std::string& note) {
  if (note.empty()) return std::nullopt;
  return note;
}

// The current status of proposal id; Error(failure) when there is none.
Status current_status(db::Database& db, std::int64_t id) {
  const auto text = db::proposal_status(db, id);
  if (!text) throw Error(Exit::failure, fmt::format("no proposal {}", id));
  const auto status = parse_status(*text);
  if (!status) throw Error(Exit::io, fmt::format("proposal {} has an unknown status '{}'", id, *text));
  return *status;
}

Change transition(db::Database& db, std::int64_t id, Action action, const std::string& actor, const std::string& note,
                  const std::string& now) {
  const auto from = current_status(db, id);
  const auto to = apply(id, from, action);
  if (to != from) db::set_proposal_status(db, id, std::string(name(to)), now);
  db::insert_proposal_event(db, id, {now, std::string(name(from)), std::string(name(to)), actor, note_or_null(note)});
  return {from, to};
}

// Weekday (0 = Sunday) and nth weekday of the month of a date; the fifth is written as "last".
std::pair<int, int> weekday_and_week(const std::string& date_text) {
  const auto ymd = *util::parse_date(date_text);
  const auto wd = date::weekday(date::sys_days(ymd));
  const int nth = static_cast<int>((static_cast<unsigned>(ymd.day()) - 1) / 7 + 1);
  return {static_cast<int>(wd.c_encoding()), nth == 5 ? -1 : nth};
}

} // namespace

std::int64_t submit(db::Database& db, const domain::ProposalDraft& draft, const std::string& actor,
                    const std::string& note) {
  return db.write([&] {
    const auto now = db::now_text();
    const auto id = db::insert_proposal(db, draft, now);
    db::insert_proposal_event(db, id, {now, std::nullopt, "submitted", actor, note_or_null(note)});
    return id;
  });
}

domain::Proposal get(db::Database& db, std::int64_t id) {
  return db.read([&] {
    auto p = db::load_proposal(db, id);
    if (!p) throw Error(Exit::failure, fmt::format("no proposal {}", id));
    return std::move(*p);
  });
}

std::vector<domain::ProposalSummary> list(db::Database& db, const std::optional<Status>& status) {
  return db.read([&] {
    std::optional<std::string> s;
    if (status) s = std::string(name(*status));
    return db::list_proposals(db, s);
  });
}

Change change_status(db::Database& db, std::int64_t id, Action action, const std::string& actor,
                     const std::string& note) {
  if (action == Action::convert) throw Error(Exit::failure, "use convert() to convert a proposal");
  if (action == Action::decline && note.empty()) throw Error(Exit::usage, "a decline needs a reason: --note REASON");
  return db.write([&] { return transition(db, id, action, actor, note, db::now_text()); });
}

Change review(db::Database& db, std::int64_t id, const std::vector<Score>& scores, const std::string& actor,
              const std::string& note) {
  return db.write([&] {
    const auto now = db::now_text();
    const auto change = transition(db, id, Action::review, actor, note, now);
    for (const auto& s : scores) db::upsert_proposal_score(db, id, {actor, s.criterion, s.score, now});
    return change;
  });
}

bool valid_series_code(std::string_view code) {
  if (code.empty()) return false;
  const auto ok = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!first && c == '-');
  };
  for (std::size_t i = 0; i < code.size(); ++i)
    if (!ok(code[i], i == 0)) return false;
  return true;
}

void check_series_code(std::string_view code) {
  if (!valid_series_code(code))
    throw Error(Exit::data, fmt::format("series code '{}' is not valid: use lowercase letters, digits and '-', "
                                        "starting with a letter or digit (e.g. dementia-2026)",
                                        code));
}

ConvertResult convert(db::Database& db, const ConvertRequest& r) {
  check_series_code(r.code);
  return db.write([&] {
    const auto now = db::now_text();
    const auto from = current_status(db, r.id);
    const auto p = db::load_proposal(db, r.id);
    const auto to = apply(r.id, from, Action::convert);
    if (db::series_code_exists(db, r.code))
      throw Error(Exit::failure, fmt::format("a series with code '{}' already exists", r.code));

    const auto& d = p->draft;
    // The series repository creates it, recurrence and all; no sessions yet (series schedule).
    domain::Series s;
    s.code = r.code;
    s.title = d.title;
    s.description = d.summary;
    s.timezone = r.timezone;
    s.credit_hours = d.credit_hours.value_or(r.default_credit_hours);
    s.duration = r.session_minutes;
    s.rule.start_date = r.start ? r.start : d.start;
    s.rule.start_time = r.time;
    if (d.cadence) s.rule.repeat = domain::parse_repeat(*d.cadence);
    if (s.rule.start_date && s.rule.repeat) {
      const auto [weekday, week] = weekday_and_week(*s.rule.start_date);
      s.rule.weekday = weekday;
      if (*s.rule.repeat == domain::Repeat::monthly) s.rule.week_of_month = week;
    }
    s.rule.count = d.sessions;
    const auto series_id = db::create_series(db, s);
    db::link_proposal_series(db, r.id, series_id, now);

    std::size_t people = 0;
    auto ensure = [&](const std::string& email, const std::string& person_name) {
      if (email.empty()) return;
      db::ensure_participant(db, email, person_name);
      ++people;
    };
    ensure(d.lead_email, d.lead_name);
    for (const auto& m : d.team) ensure(m.email, m.name);

    const std::string note = r.note.empty() ? fmt::format("created series {}", r.code) : r.note;
    db::set_proposal_status(db, r.id, std::string(name(to)), now);
    db::insert_proposal_event(db, r.id, {now, std::string(name(from)), std::string(name(to)), r.actor, note});
    return ConvertResult{series_id, r.code, people};
  });
}

std::vector<Mean> score_means(const std::vector<domain::ProposalScore>& scores,
                              const std::vector<std::string>& criteria) {
  std::vector<std::string> order = criteria;
  for (const auto& s : scores)
    if (std::find(order.begin(), order.end(), s.criterion) == order.end()) order.push_back(s.criterion);
  std::vector<Mean> out;
  for (const auto& c : order) {
    int sum = 0;
    int n = 0;
    for (const auto& s : scores)
      if (s.criterion == c) {
        sum += s.score;
        ++n;
      }
    // Two decimals are all a score on a 1..5 scale can mean; 3.33 reads better than 3.3333333333333335.
    if (n > 0) out.push_back({c, std::round(static_cast<double>(sum) / n * 100.0) / 100.0, n});
  }
  return out;
}

} // namespace echo::proposal
