#include "echo/util/time.hpp"

#include "echo/error.hpp"
#include "echo/util/period.hpp"
#include "echo/util/text.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <mutex>
#include <unordered_map>

namespace echo::util {

namespace {

bool digits(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return !s.empty();
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

} // namespace

std::optional<date::year_month_day> parse_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = text.substr(0, 4);
  const auto m = text.substr(5, 2);
  const auto d = text.substr(8, 2);
  if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
  const date::year_month_day ymd{date::year{to_int(y)}, date::month{static_cast<unsigned>(to_int(m))},
                                 date::day{static_cast<unsigned>(to_int(d))}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

std::optional<std::chrono::seconds> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 && text.size() != 8) return std::nullopt;
  if (text[2] != ':' || (text.size() == 8 && text[5] != ':')) return std::nullopt;
  const auto h = text.substr(0, 2);
  const auto m = text.substr(3, 2);
  const auto s = text.size() == 8 ? text.substr(6, 2) : std::string_view("00");
  if (!digits(h) || !digits(m) || !digits(s)) return std::nullopt;
  const int hh = to_int(h);
  const int mm = to_int(m);
  const int ss = to_int(s);
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  return std::chrono::seconds{hh * 3600 + mm * 60 + ss};
}

namespace {

Period period_option(std::string_view text, std::string_view option) {
  const auto t = trim(text);
  if (auto p = parse_period(t, today())) return *p;
  if (shaped(t, "9999-99-99")) throw Error(Exit::data, fmt::format("{} {} is not a real day", option, t));
  throw Error(Exit::usage, fmt::format("{} \"{}\" is not a date: use YYYY-MM-DD (e.g. 2026-03-05) or one of: {}",
                                       option, text, period_forms()));
}

} // namespace

date::year_month_day date_option(std::string_view text, std::string_view option) {
  return period_option(text, option).first;
}

date::year_month_day date_option_last(std::string_view text, std::string_view option) {
  return period_option(text, option).last;
}

Period date_range_option(std::string_view text, std::string_view option) { return period_option(text, option); }

std::chrono::seconds time_option(std::string_view text, std::string_view option) {
  const auto t = trim(text);
  if (!shaped(t, "99:99") && !shaped(t, "99:99:99"))
    throw Error(Exit::usage, fmt::format("{} \"{}\" is not a time of day: use HH:MM (e.g. 12:00)", option, text));
  if (auto v = parse_time_of_day(t)) return *v;
  throw Error(Exit::data, fmt::format("{} {} is not a time of day: hours 00..23, minutes 00..59", option, t));
}

namespace {

// Writes v as `width` digits at out (v < 10^width). By hand: fmt::format was 4,000 instructions a
// timestamp, called once per imported row.
void put_digits(char* out, unsigned v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
}

} // namespace

std::string format_date(date::year_month_day ymd) {
  const int year = static_cast<int>(ymd.year());
  const auto month = static_cast<unsigned>(ymd.month());
  const auto day = static_cast<unsigned>(ymd.day());
  if (year < 0 || year > 9999 || month > 99 || day > 99) return fmt::format("{:04}-{:02}-{:02}", year, month, day);
  std::string out(10, '-');
  put_digits(out.data(), static_cast<unsigned>(year), 4);
  put_digits(out.data() + 5, month, 2);
  put_digits(out.data() + 8, day, 2);
  return out;
}

std::optional<std::pair<std::string, std::string>> previous_period(const std::string& from, const std::string& to) {
  const auto f = parse_date(from);
  const auto t = parse_date(to);
  if (!f || !t) return std::nullopt;
  const date::sys_days first{*f};
  const date::sys_days last{*t};
  const auto days = (last - first).count() + 1;
  return std::make_pair(format_date(date::year_month_day{first - date::days{days}}),
                        format_date(date::year_month_day{first - date::days{1}}));
}

std::string format_hhmm(std::chrono::seconds time_of_day) {
  const auto total = time_of_day.count();
  return fmt::format("{:02}:{:02}", total / 3600, (total / 60) % 60);
}

std::string format_utc(SysSeconds t) {
  const auto day = date::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const auto tod = (t - day).count();
  auto out = format_date(ymd);
  const auto at = out.size();
  out.resize(at + 10);
  out[at] = 'T';
  put_digits(out.data() + at + 1, static_cast<unsigned>(tod / 3600), 2);
  out[at + 3] = ':';
  put_digits(out.data() + at + 4, static_cast<unsigned>((tod / 60) % 60), 2);
  out[at + 6] = ':';
  put_digits(out.data() + at + 7, static_cast<unsigned>(tod % 60), 2);
  out[at + 9] = 'Z';
  return out;
}

std::optional<SysSeconds> parse_utc(std::string_view text) {
  if (text.size() != 20 || text[10] != 'T' || text[19] != 'Z') return std::nullopt;
  const auto ymd = parse_date(text.substr(0, 10));
  const auto tod = parse_time_of_day(text.substr(11, 8));
  if (!ymd || !tod) return std::nullopt;
  return SysSeconds{date::sys_days{*ymd}} + *tod;
}

SysSeconds now_utc() { return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()); }

bool zone_name_exists(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) return false;
  if (name == "UTC" || name == "Etc/UTC") return true;
  // One stat() per zone name and process: an ICS file names the same few zones on every event
  // (20,696 stat() calls for 5,000 events before this cache).
  static std::mutex mutex;
  static std::unordered_map<std::string, bool> known;
  const std::lock_guard<std::mutex> lock(mutex);
  std::string key(name);
  if (const auto it = known.find(key); it != known.end()) return it->second;
  std::error_code ec;
  const auto path = std::filesystem::path("/usr/share/zoneinfo") / key;
  const bool exists = std::filesystem::is_regular_file(path, ec);
  known.emplace(std::move(key), exists);
  return exists;
}

const date::time_zone* find_zone(std::string_view name) {
  if (!zone_name_exists(name)) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    return nullptr;
  }
}

LocalToUtc local_to_utc(const date::time_zone& zone, LocalSeconds local) {
  const date::local_info info = zone.get_info(local);
  switch (info.result) {
  case date::local_info::nonexistent:
    return {SysSeconds{local.time_since_epoch()} - info.first.offset, LocalToUtc::Kind::gap};
  case date::local_info::ambiguous:
    return {SysSeconds{local.time_since_epoch()} - info.first.offset, LocalToUtc::Kind::overlap};
  default: return {SysSeconds{local.time_since_epoch()} - info.first.offset, LocalToUtc::Kind::exact};
  }
}

LocalSeconds utc_to_local(const date::time_zone& zone, SysSeconds utc) {
  return std::chrono::time_point_cast<std::chrono::seconds>(zone.to_local(utc));
}

date::year_month_day local_date(LocalSeconds t) { return date::year_month_day{date::floor<date::days>(t)}; }

std::chrono::seconds local_time_of_day(LocalSeconds t) { return t - date::floor<date::days>(t); }

LocalSeconds make_local(date::year_month_day day, std::chrono::seconds time_of_day) {
  return LocalSeconds{date::local_days{day}.time_since_epoch()} + time_of_day;
}

} // namespace echo::util
