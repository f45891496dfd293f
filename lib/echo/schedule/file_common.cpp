#include "echo/schedule/file_common.hpp"

#include "echo/domain/series.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"
#include "echo/util/validate.hpp"

#include <fmt/format.h>

#include <string_view>
#include <unordered_map>

#include <algorithm>
#include <cmath>
#include <map>

namespace echo::schedule::detail {

const std::vector<std::string>& series_keys() {
  static const std::vector<std::string> keys{"code",          "title", "description", "timezone", "credit_hours",
                                             "start",         "time",  "duration",    "repeat",   "weekday",
                                             "week_of_month", "count", "until",       "skip",     "domains"};
  return keys;
}

const std::vector<std::string>& session_keys() {
  static const std::vector<std::string> keys{"series", "key",        "date",        "time",   "duration",
                                             "topic",  "presenters", "facilitator", "status", "domains"};
  return keys;
}

std::string unknown_key(const std::string& key, const std::vector<std::string>& known) {
  std::string hint;
  if (auto m = util::closest_match(key, known)) hint = fmt::format(" (did you mean '{}'?)", *m);
  return fmt::format("unknown key '{}'{}", key, hint);
}

std::string status_word(const std::string& text) {
  const auto t = util::ascii_lower(util::trim(text));
  if (t == "cancelled" || t == "canceled") return "yes";
  if (t.empty() || t == "scheduled" || t == "confirmed") return "no";
  return "";
}

void read_series_key(SeriesSpec& s, const std::string& key, const FileValue& value, const SeriesLabel& label,
                     util::Problems& problems) {
  const auto wrong = [&](const char* expected) {
    problems.add_at(value.where(), fmt::format("{}{}{}: expected {}", label.section, label.join, key, expected));
  };
  const auto text = [&](std::optional<std::string>& field, const char* expected) {
    if (auto v = value.text())
      field = *v;
    else
      wrong(expected);
  };
  const auto date = [&](std::optional<std::string>& field) {
    if (auto v = value.date())
      field = *v;
    else
      wrong("a date");
  };
  if (key == "code") {
    if (auto v = value.text())
      s.code = *v;
    else
      wrong("text");
  } else if (key == "title") {
    text(s.title, "text");
  } else if (key == "description") {
    text(s.description, "text");
  } else if (key == "timezone") {
    text(s.timezone, "an IANA time zone name");
  } else if (key == "credit_hours") {
    if (auto v = value.number())
      s.credit_hours = *v;
    else
      wrong("a number");
  } else if (key == "duration") {
    if (auto v = value.whole())
      s.duration = *v;
    else
      wrong("minutes as a whole number");
  } else if (key == "start") {
    date(s.rule.start_date);
  } else if (key == "until") {
    date(s.rule.until_date);
  } else if (key == "time") {
    if (auto v = value.time()) {
      if (auto tod = util::parse_time_of_day(*v))
        s.rule.start_time = util::format_hhmm(*tod);
      else
        problems.add_at(value.where(), fmt::format("{}{}time: invalid time '{}'", label.section, label.join, *v));
    } else {
      wrong("a time");
    }
  } else if (key == "repeat") {
    if (auto v = value.text()) {
      if (auto repeat = domain::parse_repeat(*v))
        s.rule.repeat = repeat;
      else
        problems.add_at(value.where(), fmt::format("{}{}repeat: invalid repeat '{}': use weekly, biweekly or monthly",
                                                   label.section, label.join, *v));
    } else {
      wrong("weekly, biweekly or monthly");
    }
  } else if (key == "weekday") {
    std::optional<int> wd;
    if (auto v = value.text()) wd = domain::parse_weekday(*v);
    if (wd)
      s.rule.weekday = wd;
    else
      wrong("a weekday name (mon..sun)");
  } else if (key == "week_of_month") {
    std::optional<int> w;
    if (auto v = value.text())
      w = parse_week_of_month(*v);
    else if (auto i = value.whole(); i && *i >= 1 && *i <= 5)
      w = i;
    if (w)
      s.rule.week_of_month = w;
    else
      wrong("1..5 or \"last\"");
  } else if (key == "count") {
    if (auto v = value.whole())
      s.rule.count = *v;
    else
      wrong("a whole number");
  } else if (key == "skip") {
    s.has_skip = true;
    const auto items = value.items();
    if (!items) {
      wrong("an array of dates");
      return;
    }
    for (const auto& item : *items) {
      if (auto v = item->date())
        s.rule.skip.push_back(*v);
      else
        problems.add_at(item->where(), fmt::format("{}{}skip: expected dates", label.section, label.join));
    }
    std::sort(s.rule.skip.begin(), s.rule.skip.end());
  } else if (key == "domains") {
    const auto items = value.items();
    if (!items) {
      wrong("an array of competency codes");
      return;
    }
    s.domains_where = value.where();
    std::vector<std::string> codes;
    for (const auto& item : *items) {
      if (auto v = item->text())
        codes.push_back(*v);
      else
        problems.add_at(item->where(), fmt::format("{}{}domains: expected strings", label.section, label.join));
    }
    s.domains = codes;
  } else {
    problems.add_at(value.key_where(), label.section + " " + unknown_key(key, series_keys()));
  }
}

void hand_over(const util::Problems& problems, util::Problems* sink) {
  if (sink)
    sink->merge(problems);
  else
    problems.throw_if_any();
}

std::optional<int> parse_week_of_month(const std::string& text) {
  const auto t = util::ascii_lower(util::trim(text));
  if (t == "last") return -1;
  if (t.size() == 1 && t[0] >= '1' && t[0] <= '5') return t[0] - '0';
  return std::nullopt;
}

bool check_entry(const Entry& e, util::Problems& problems) {
  bool ok = true;
  auto bad = [&](const std::string& message) {
    problems.add_at(e.where, message);
    ok = false;
  };
  // Text first: a value with a control character is not quoted back in later messages.
  // A topic may run over several lines (a quoted CSV field, a TOML multi-line string).
  const auto text = [&](const std::string& what, const std::string& value) {
    if (auto problem = util::text_problem(value, what == "topic" ? util::TextRule::multiline : util::TextRule::line)) {
      bad(fmt::format("{} {}", what, *problem));
      return false;
    }
    return true;
  };
  if (!text("series", e.series) || !text("key", e.key) || !text("topic", e.topic) ||
      !text("date", e.date.value_or("")) || !text("time", e.time.value_or("")) ||
      !text("facilitator", e.facilitator.value_or("")))
    return false;
  if (e.presenters)
    for (const auto& p : *e.presenters)
      if (!text("presenter", p)) return false;
  if (!e.series.empty() && !domain::valid_series_code(e.series)) bad(fmt::format("invalid series code '{}'", e.series));
  if (e.utc) {
    if (auto problem = util::date_problem(date::year_month_day{date::floor<date::days>(*e.utc)}))
      bad(fmt::format("date {}", *problem));
  }
  if (!e.utc) {
    if (!e.date || e.date->empty())
      bad("missing date");
    else if (const auto day = util::parse_date(*e.date); !day)
      bad(fmt::format("invalid date '{}' (expected an existing date as YYYY-MM-DD)", *e.date));
    else if (auto problem = util::date_problem(*day))
      bad(fmt::format("date {}", *problem));
    if (e.time && !util::parse_time_of_day(*e.time)) bad(fmt::format("invalid time '{}' (expected HH:MM)", *e.time));
  }
  if (e.duration && (*e.duration <= 0 || *e.duration > 24 * 60))
    bad(fmt::format("invalid duration {} (minutes, 1..1440)", *e.duration));
  if (e.presenters)
    for (const auto& p : *e.presenters)
      if (!util::looks_like_email(p)) bad(fmt::format("presenter '{}' is not an email address", p));
  if (e.facilitator && !e.facilitator->empty() && !util::looks_like_email(*e.facilitator))
    bad(fmt::format("facilitator '{}' is not an email address", *e.facilitator));
  return ok;
}

void check_duplicate_keys(const std::vector<Entry>& entries, util::Problems& problems) {
  // (series, key) -> the first entry with it; views into `entries`, which outlive the map.
  std::unordered_map<std::string_view, std::unordered_map<std::string_view, const Entry*>> seen;
  static const std::string none;
  for (const auto& e : entries) {
    const std::string& key = e.key.empty() ? (e.date ? *e.date : none) : e.key;
    if (key.empty()) continue;
    const auto [it, added] = seen[e.series].emplace(key, &e);
    if (!added)
      problems.add_at(e.where, fmt::format("session key '{}' appears twice (also {})", key, it->second->where));
  }
}

void check_series(const SeriesSpec& s, const std::string& where, util::Problems& problems) {
  const std::pair<const char*, const std::optional<std::string>*> texts[] = {{"title", &s.title},
                                                                             {"timezone", &s.timezone}};
  for (const auto& [name, value] : texts)
    if (*value)
      if (auto problem = util::text_problem(**value))
        return problems.add_at(where, fmt::format("{} {}", name, *problem));
  if (s.description)
    if (auto problem = util::text_problem(*s.description, util::TextRule::multiline))
      return problems.add_at(where, fmt::format("description {}", *problem));
  if (auto problem = util::text_problem(s.code)) return problems.add_at(where, fmt::format("code {}", *problem));
  if (s.code.empty())
    problems.add_at(where, "[series] needs a code");
  else if (!domain::valid_series_code(s.code))
    problems.add_at(where, fmt::format("invalid series code '{}' (use lowercase letters, digits and -)", s.code));
  if (s.timezone && !util::find_zone(*s.timezone))
    problems.add_at(where, fmt::format("unknown time zone '{}'", *s.timezone));
  if (s.credit_hours &&
      (!std::isfinite(*s.credit_hours) || *s.credit_hours < 0 || *s.credit_hours > k_max_credit_hours))
    problems.add_at(where,
                    fmt::format("credit_hours must be between 0 and {}, not {}", k_max_credit_hours, *s.credit_hours));
  if (s.duration && *s.duration <= 0) problems.add_at(where, "duration must be positive");
  try {
    if (s.rule.start_date || s.rule.repeat || s.rule.until_date || s.rule.count) {
      auto r = s.rule;
      if (r.repeat && !r.start_date) problems.add_at(where, "repeat needs a start date");
      validate(r);
    }
  } catch (const Error& e) {
    problems.add_at(where, e.what());
  }
}

} // namespace echo::schedule::detail
