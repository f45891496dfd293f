#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"
#include "validators.hpp"

#include "echo/schedule/queries.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/schedule/schedule_file.hpp"
#include "echo/schedule/service.hpp"
#include "echo/util/files.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace series_cmd {

// The options shared by `series create` and `series update`.
struct SeriesOptions {
  std::string code;
  std::string file;
  std::string title;
  std::string description;
  std::string timezone;
  std::string start;
  std::string time;
  int duration = 0;
  std::string repeat;
  std::string weekday;
  std::string week_of_month;
  int count = 0;
  std::string until;
  std::vector<std::string> skip;
  double credit_hours = 0;
  std::vector<std::string> domains;
  bool no_domain = false;
  std::string actor;
  CLI::App* cmd = nullptr;
  [[nodiscard]] bool given(const char* name) const { return cmd->count(name) > 0; }
};

struct ListOptions {
  std::string status;
  OutputOptions out;
};

struct CodeOptions {
  std::string code;
  bool dry_run = false;
  std::string actor;
  OutputOptions out;
};

// Credit hours in range (0..100, like proposal files); out of range is bad data (65).
void check_credit_hours(double v) {
  if (v < 0 || v > schedule::k_max_credit_hours)
    throw Error(Exit::data,
                fmt::format("--credit-hours must be between 0 and {}, not {}", schedule::k_max_credit_hours, v));
}

void add_series_options(CLI::App& cmd, SeriesOptions& o, bool create) {
  o.cmd = &cmd;
  cmd.add_option("--title", o.title, "Title, e.g. \"Palliative Care ECHO 2026\"");
  cmd.add_option("--description", o.description, "Longer description");
  cmd.add_option("--timezone", o.timezone,
                 create ? "IANA time zone of the sessions (default: hub.timezone of the config)"
                        : "IANA time zone (sessions keep their wall-clock times)")
      ->option_text("TZ");
  cmd.add_option("--start", o.start, "Date of the first session, YYYY-MM-DD")->option_text("DATE");
  cmd.add_option("--time", o.time, "Wall-clock start time in the series' zone, HH:MM")->option_text("HH:MM");
  cmd.add_option("--duration", o.duration,
                 create ? "Session length in minutes (default: defaults.session_minutes)" : "Session length in minutes")
      ->option_text("MIN");
  cmd.add_option("--repeat", o.repeat,
                 create ? "Recurrence: weekly, biweekly or monthly"
                        : "Recurrence: weekly, biweekly, monthly, or none to remove it")
      ->check(CLI::IsMember([create] {
        std::vector<std::string> names(domain::k_repeat_names.begin(), domain::k_repeat_names.end());
        if (!create) names.emplace_back("none");
        return names;
      }()));
  cmd.add_option("--weekday", o.weekday, "Weekday of the sessions (default: the start date's)")
      ->check(CLI::IsMember({"mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
                             "thursday", "friday", "saturday", "sunday"},
                            CLI::ignore_case))
      ->option_text("mon..sun");
  cmd.add_option("--week-of-month", o.week_of_month,
                 "Monthly on the nth weekday (1..5) or the last one (default: same day of the month)")
      ->check(CLI::IsMember({"1", "2", "3", "4", "5", "last"}))
      ->option_text("1..5|last");
  auto* count = cmd.add_option("--count", o.count, "Number of sessions (skipped dates do not count)")->option_text("N");
  auto* until = cmd.add_option("--until", o.until, "Last possible session date, YYYY-MM-DD")->option_text("DATE");
  count->excludes(until);
  cmd.add_option("--skip", o.skip, "Dates without a session (comma-separated; replaces the list on update)")
      ->delimiter(',')
      ->option_text("DATE,...");
  cmd.add_option("--credit-hours", o.credit_hours,
                 create ? "Credit hours per attended session (default: defaults.credit_hours)"
                        : "Credit hours per attended session (0..100)")
      ->check(finite_number())
      ->option_text("X");
  add_domain_options(cmd, o.domains, o.no_domain, !create);
  cmd.add_option("--actor", o.actor, "Who makes the change, for the audit log (default: $USER)");
}

// The fields the command line sets, as a [series] spec.
schedule::SeriesSpec spec_from(Context& ctx, const SeriesOptions& o) {
  schedule::SeriesSpec s;
  s.domains = domains_given(ctx, *o.cmd, o.domains, o.no_domain);
  s.code = o.code;
  if (o.given("--title")) s.title = o.title;
  if (o.given("--description")) s.description = o.description;
  if (o.given("--timezone")) s.timezone = o.timezone;
  if (o.given("--credit-hours")) {
    check_credit_hours(o.credit_hours);
    s.credit_hours = o.credit_hours;
  }
  if (o.given("--duration")) s.duration = o.duration;
  if (o.given("--start")) s.rule.start_date = util::format_date(util::date_option(o.start, "--start"));
  if (o.given("--time")) s.rule.start_time = util::format_hhmm(util::time_option(o.time, "--time"));
  if (o.given("--repeat") && o.repeat != "none") s.rule.repeat = domain::parse_repeat(o.repeat);
  if (o.given("--weekday")) s.rule.weekday = domain::parse_weekday(o.weekday);
  if (o.given("--week-of-month")) s.rule.week_of_month = o.week_of_month == "last" ? -1 : std::stoi(o.week_of_month);
  if (o.given("--count")) s.rule.count = o.count;
  if (o.given("--until")) s.rule.until_date = util::format_date(util::date_option_last(o.until, "--until"));
  if (o.given("--skip")) {
    s.has_skip = true;
    for (const auto& d : o.skip)
      if (auto t = util::trim(d); !t.empty()) s.rule.skip.push_back(util::format_date(util::date_option(t, "--skip")));
    std::sort(s.rule.skip.begin(), s.rule.skip.end());
  }
  return s;
}

void check_values(const schedule::SeriesSpec& s) {
  if (s.timezone) schedule::require_zone(*s.timezone);
}

std::string describe_rule(const domain::Series& s) {
  const auto& r = s.rule;
  if (!r.start_date) return "";
  std::string text = r.repeat ? std::string(domain::name(*r.repeat)) : "once";
  if (r.week_of_month)
    text += fmt::format(" on the {} {}",
                        *r.week_of_month == -1 ? std::string("last") : fmt::format("#{}", *r.week_of_month),
                        domain::weekday_name(r.weekday.value_or(
                            schedule::weekday_of(schedule::require_date(*r.start_date, "start date")))));
  else if (r.weekday)
    text += " on " + domain::weekday_name(*r.weekday);
  text += " from " + *r.start_date;
  if (r.start_time) text += " at " + *r.start_time;
  if (r.count) text += fmt::format(", {} sessions", *r.count);
  if (r.until_date) text += ", until " + *r.until_date;
  return text;
}

void run_create(Context& ctx, const SeriesOptions& o) {
  auto spec = spec_from(ctx, o);
  check_values(spec);
  if (!o.file.empty()) {
    auto from_file = schedule::parse_series_toml(util::read_file(o.file), o.file);
    if (from_file.domains)
      from_file.domains =
          schedule::resolve_domains(*from_file.domains, competency_codes(ctx), Exit::data,
                                    (from_file.domains_where.empty() ? o.file : from_file.domains_where) + ": ");
    if (!o.code.empty() && o.code != from_file.code)
      throw Error(Exit::usage, fmt::format("{} is for series '{}', not '{}'", o.file, from_file.code, o.code));
    // Command-line flags win over the file.
    spec.code = from_file.code;
    auto merged = from_file;
    if (spec.title) merged.title = spec.title;
    if (spec.description) merged.description = spec.description;
    if (spec.timezone) merged.timezone = spec.timezone;
    if (spec.credit_hours) merged.credit_hours = spec.credit_hours;
    if (spec.duration) merged.duration = spec.duration;
    if (spec.domains) merged.domains = spec.domains;
    domain::Series tmp;
    tmp.rule = merged.rule;
    tmp = schedule::overlay(tmp, spec);
    merged.rule = tmp.rule;
    merged.has_skip = merged.has_skip || spec.has_skip;
    spec = merged;
  }
  if (spec.code.empty()) throw Error(Exit::usage, "give the series CODE (or --file with a [series] code)");
  if (!spec.title) throw Error(Exit::usage, "--title is required");
  const auto& cfg = ctx.config();
  schedule::Defaults defaults{cfg.hub_timezone, cfg.session_minutes, cfg.credit_hours};
  auto series = schedule::series_from_spec(spec, defaults);
  schedule::validate_series(series);
  auto& db = ctx.db(db::Access::write);
  series = schedule::create_series(db, series, Context::actor(o.actor));
  const auto rule = describe_rule(series);
  ctx.note(fmt::format("created series {} ({}, {}{})", series.code, series.title, series.timezone,
                       rule.empty() ? "" : "; " + rule));
  ctx.out(series.code + "\n");
}

void run_update(Context& ctx, const SeriesOptions& o) {
  const auto spec = spec_from(ctx, o);
  check_values(spec);
  auto& db = ctx.db(db::Access::write);
  auto series = schedule::require_series(db, o.code);
  series = schedule::overlay(series, spec);
  if (o.given("--repeat") && o.repeat == "none") {
    series.rule.repeat.reset();
    series.rule.weekday.reset();
    series.rule.week_of_month.reset();
    series.rule.count.reset();
    series.rule.until_date.reset();
  }
  const auto before = schedule::require_series(db, o.code);
  const auto updated = schedule::update_series(db, series, Context::actor(o.actor));
  for (const auto& w : updated.warnings) ctx.warn(w);
  ctx.note(fmt::format("updated series {}{}", series.code,
                       updated.changes.empty() ? std::string(" (nothing changed)")
                                               : ": " + util::join(updated.changes, ", ")));
  // A new zone never moves an instant silently: every session that got a new one is named.
  if (!updated.rezoned.empty()) {
    ctx.warn(fmt::format("{} session{} of {} keep their local date and time in {}; their instants changed:",
                         updated.rezoned.size(), updated.rezoned.size() == 1 ? "" : "s", series.code, series.timezone));
    for (const auto& z : updated.rezoned) ctx.warn("  " + z.describe());
  }
  if (series.rule != before.rule || series.duration != before.duration)
    ctx.note(fmt::format("the rule changed: `series schedule {}` brings the sessions still to come in line with it "
                         "(try --dry-run first)",
                         series.code));
}

void run_list(Context& ctx, const ListOptions& o) {
  const auto rows = schedule::list_series(ctx.db(db::Access::read), {util::format_utc(util::now_utc()), o.status});
  Table t;
  t.columns = {"code", "title", "status", "timezone", "sessions", "credit_hours"};
  for (const auto& r : rows)
    t.add({r.series.code, r.series.title, r.status, r.series.timezone, static_cast<std::int64_t>(r.counts.sessions),
           r.series.credit_hours});
  emit(ctx, o.out, t, "Series");
}

void run_show(Context& ctx, const CodeOptions& o) {
  const auto row = schedule::show_series(ctx.db(db::Access::read), o.code, util::format_utc(util::now_utc()));
  const auto& s = row.series;
  const auto& counts = row.counts;
  const auto& status = row.status;
  auto opt = [](const auto& v) -> nlohmann::ordered_json {
    if (v) return *v;
    return nullptr;
  };
  Document doc;
  doc.json = {{"code", s.code},
              {"title", s.title},
              {"description", s.description},
              {"status", status},
              {"timezone", s.timezone},
              {"credit_hours", s.credit_hours},
              {"duration", s.duration},
              {"start", opt(s.rule.start_date)},
              {"time", opt(s.rule.start_time)},
              {"repeat", opt(s.rule.repeat ? std::optional<std::string>(domain::name(*s.rule.repeat)) : std::nullopt)},
              {"weekday", s.rule.weekday ? nlohmann::ordered_json(domain::weekday_name(*s.rule.weekday))
                                         : nlohmann::ordered_json()},
              {"week_of_month",
               s.rule.week_of_month ? (*s.rule.week_of_month == -1 ? nlohmann::ordered_json("last")
                                                                   : nlohmann::ordered_json(*s.rule.week_of_month))
                                    : nlohmann::ordered_json()},
              {"count", opt(s.rule.count)},
              {"until", opt(s.rule.until_date)},
              {"skip", s.rule.skip},
              {"domains", s.domains},
              {"sessions", counts.sessions},
              {"held", counts.held},
              {"unrecorded", counts.unrecorded},
              {"upcoming", counts.upcoming},
              {"archived_at", opt(s.archived_at)},
              {"created_at", s.created_at},
              {"updated_at", s.updated_at}};
  Table t;
  t.columns = {"field", "value"};
  for (const auto& [k, v] : doc.json.items()) {
    if (v.is_null())
      t.add({k, Cell{}});
    else if (v.is_string())
      t.add({k, v.get<std::string>()});
    else if (v.is_number_integer())
      t.add({k, v.get<std::int64_t>()});
    else if (v.is_number())
      t.add({k, v.get<double>()});
    else if (v.is_array())
      t.add({k, v.get<std::vector<std::string>>()});
    else
      t.add({k, v.dump()});
  }
  // Keep the field order of the JSON object readable: nlohmann sorts keys; the table follows.
  doc.sections = {{"series", t}};
  if (counts.unrecorded > 0)
    ctx.warn(fmt::format("{} past session{} of {} with no attendance recorded (unrecorded, not held): see `{} "
                         "session list --series {}`",
                         counts.unrecorded, counts.unrecorded == 1 ? "" : "s", s.code, ctx.program, s.code));
  emit(ctx, o.out, doc, "Series " + s.code);
}

void run_archive(Context& ctx, const CodeOptions& o) {
  schedule::archive_series(ctx.db(db::Access::write), o.code, Context::actor(o.actor));
  ctx.note(fmt::format("archived series {}", o.code));
}

void run_schedule(Context& ctx, const CodeOptions& o) {
  auto& db = ctx.db(o.dry_run ? db::Access::read : db::Access::write);
  const auto result = schedule::schedule_series(db, o.code, o.dry_run);
  for (const auto& w : result.warnings) ctx.warn(w);
  std::map<std::int64_t, std::string> refs;
  if (!o.dry_run && !result.created.empty()) refs = schedule::session_refs(db, result.created.front().series_id);
  std::string text;
  for (const auto& s : result.created)
    text +=
        fmt::format("{} {} {} {}\n", o.dry_run ? "would create" : refs[s.id], s.local_date, s.local_time, s.start_utc);
  ctx.out(text);
  // Sessions brought in line with a changed rule are told on stderr, by their reference before the run.
  for (const auto& s : result.moved)
    ctx.note(fmt::format("{} {} {} to {} ({} min), as the rule now says", o.dry_run ? "would move" : "moved", s.ref(),
                         s.local_date, s.local_time, s.duration));
  for (const auto& s : result.removed)
    ctx.note(
        fmt::format("{} {} {}, no longer in the rule", o.dry_run ? "would remove" : "removed", s.ref(), s.local_date));
  std::string changes;
  if (!result.moved.empty()) changes += fmt::format(", {} {}", o.dry_run ? "would move" : "moved", result.moved.size());
  if (!result.removed.empty())
    changes += fmt::format(", {} {}", o.dry_run ? "would remove" : "removed", result.removed.size());
  if (result.past_skipped > 0)
    changes += fmt::format(", {} past date{} of the rule left without a session (add one with `session add` if it "
                           "was held)",
                           result.past_skipped, result.past_skipped == 1 ? "" : "s");
  ctx.note(fmt::format("{} {} session{}, {} already existed{}", o.dry_run ? "would create" : "created",
                       result.created.size(), result.created.size() == 1 ? "" : "s", result.existing, changes));
}

} // namespace series_cmd

void register_series(CLI::App& app, Context& ctx) {
  using namespace series_cmd;
  auto* group = app.add_subcommand("series", "Create, list, schedule and archive series of teleECHO sessions");

  auto create_opts = std::make_shared<SeriesOptions>();
  auto* create = group->add_subcommand("create", "Create a series (and its recurrence rule)");
  create->add_option("CODE", create_opts->code, "Series code: lowercase letters, digits and '-', e.g. pc-2026");
  create->add_option("--file", create_opts->file, "Read the series from a TOML file's [series] table")
      ->option_text("FILE");
  add_series_options(*create, *create_opts, true);
  create->callback([&ctx, create_opts] { run_create(ctx, *create_opts); });

  auto list_opts = std::make_shared<ListOptions>();
  auto* list = group->add_subcommand("list", "List series with their derived status and session counts");
  list->add_option("--status", list_opts->status, "Only series with this status")
      ->check(CLI::IsMember({"planned", "active", "completed", "archived"}));
  add_output_options(*list, list_opts->out);
  list->callback([&ctx, list_opts] { run_list(ctx, *list_opts); });

  auto show_opts = std::make_shared<CodeOptions>();
  auto* show = group->add_subcommand("show", "Show a series: rule, status and counts");
  show->add_option("CODE", show_opts->code, "Series code")->required();
  add_output_options(*show, show_opts->out);
  show->callback([&ctx, show_opts] { run_show(ctx, *show_opts); });

  auto update_opts = std::make_shared<SeriesOptions>();
  auto* update = group->add_subcommand("update", "Change a series' title, zone, defaults or recurrence rule");
  update->add_option("CODE", update_opts->code, "Series code")->required();
  add_series_options(*update, *update_opts, false);
  update->callback([&ctx, update_opts] { run_update(ctx, *update_opts); });

  auto archive_opts = std::make_shared<CodeOptions>();
  auto* archive = group->add_subcommand("archive", "Archive a series (kept, listed as archived)");
  archive->add_option("CODE", archive_opts->code, "Series code")->required();
  archive->add_option("--actor", archive_opts->actor, "Who makes the change (default: $USER)");
  archive->callback([&ctx, archive_opts] { run_archive(ctx, *archive_opts); });

  auto schedule_opts = std::make_shared<CodeOptions>();
  auto* sched = group->add_subcommand("schedule", "Create the sessions the series' rule implies (idempotent)");
  sched->add_option("CODE", schedule_opts->code, "Series code")->required();
  sched->add_flag("--dry-run", schedule_opts->dry_run, "Print the sessions that would be created; change nothing");
  sched->callback([&ctx, schedule_opts] { run_schedule(ctx, *schedule_opts); });
}

} // namespace echo::cli
