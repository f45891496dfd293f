#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "validators.hpp"

#include "echo/schedule/queries.hpp"
#include "echo/schedule/recurrence.hpp"
#include "echo/schedule/schedule_file.hpp"
#include "echo/schedule/service.hpp"
#include "echo/session/cases.hpp"
#include "echo/util/files.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"
#include "echo/util/validate.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <iterator>
#include <memory>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace session_cmd {

struct SessionOptions {
  std::string target; // CODE for add, REF otherwise
  std::string key;
  std::string date;
  std::string time;
  int duration = 0;
  std::string topic;
  std::vector<std::string> presenters;
  std::string facilitator;
  bool held = false;
  bool allow_overlap = false;
  std::vector<std::string> domains;
  bool no_domain = false;
  std::string actor;
  CLI::App* cmd = nullptr;
  [[nodiscard]] bool given(const char* name) const { return cmd->count(name) > 0; }
};

struct ListOptions {
  std::string series;
  std::string from;
  std::string to;
  std::string status;
  OutputOptions out;
};

struct RefOptions {
  std::string ref;
  std::string reason;
  bool force = false;
  std::string actor;
  OutputOptions out;
};

struct CaseOptions {
  std::string ref;
  std::string presenter;
  std::string title;
  std::string actor;
  OutputOptions out;
};

struct ImportOptions {
  std::string file;
  std::string series;
  std::string format;
  bool dry_run = false;
  bool prune = false;
  bool allow_overlap = false;
  std::string actor;
};

struct ExportOptions {
  std::string series;
  std::string format;
  bool json = false;
  std::string output;
};

void add_session_options(CLI::App& cmd, SessionOptions& o, bool add) {
  o.cmd = &cmd;
  cmd.add_option("--date", o.date, "Local date in the series' zone, YYYY-MM-DD")->option_text("DATE");
  cmd.add_option("--time", o.time,
                 add ? "Wall-clock start, HH:MM (default: the series' time)" : "Wall-clock start, HH:MM")
      ->option_text("HH:MM");
  cmd.add_option("--duration", o.duration, add ? "Minutes (default: the series' duration)" : "Minutes")
      ->option_text("MIN");
  cmd.add_option("--topic", o.topic, "Didactic topic");
  cmd.add_option("--presenter", o.presenters,
                 add ? "Presenter's email (repeatable; an unknown email creates the participant)"
                     : "Presenter's email (repeatable; replaces the presenters)")
      ->option_text("P");
  cmd.add_option("--facilitator", o.facilitator,
                 add ? "Facilitator's email (an unknown email creates the participant)"
                     : "Facilitator's email (\"\" removes the facilitator)")
      ->option_text("P");
  cmd.add_option("--key", o.key, add ? "Natural key for imports (default: the local date)" : "New natural key");
  cmd.add_flag("--allow-overlap", o.allow_overlap,
               "Keep it at the start of another session of the series (refused otherwise)");
  if (!add) {
    cmd.add_flag("--held", o.held,
                 "The session took place and nobody attended: held with no attendees, no longer unrecorded");
    add_domain_options(cmd, o.domains, o.no_domain, true);
    cmd.add_option("--actor", o.actor, "Who makes the change, for the audit log (default: $USER)");
  }
}

schedule::SessionInput input_from(Context& ctx, const SessionOptions& o) {
  schedule::SessionInput in;
  if (o.cmd->get_option_no_throw("--domain") != nullptr)
    in.domains = domains_given(ctx, *o.cmd, o.domains, o.no_domain);
  if (o.given("--key")) in.key = o.key;
  if (o.given("--date")) {
    const auto day = util::date_option(o.date, "--date");
    if (auto problem = util::date_problem(day)) throw Error(Exit::data, fmt::format("--date {}", *problem));
    in.date = util::format_date(day);
  }
  if (o.given("--time")) in.time = util::format_hhmm(util::time_option(o.time, "--time"));
  if (o.given("--duration")) in.duration = o.duration;
  if (o.given("--topic")) in.topic = o.topic;
  if (o.given("--presenter")) {
    std::vector<std::string> list;
    for (const auto& p : o.presenters)
      if (auto t = util::trim(p); !t.empty()) list.push_back(t);
    in.presenters = list;
  }
  if (o.given("--facilitator")) in.facilitator = util::trim(o.facilitator);
  in.held = o.held;
  in.allow_overlap = o.allow_overlap;
  return in;
}

Table sessions_table(const std::vector<domain::Session>& sessions) {
  Table t;
  t.columns = {"ref",      "id",    "series", "date",       "time",        "start_utc",
               "duration", "topic", "status", "presenters", "facilitator", "attendance"};
  const auto now = util::format_utc(util::now_utc());
  for (const auto& s : sessions) {
    const auto state = s.attendance_state(now);
    t.add({s.ref(), s.id, s.series_code, s.local_date, s.local_time, s.start_utc, static_cast<std::int64_t>(s.duration),
           s.topic, std::string(domain::name(s.status)), s.presenters, s.facilitator ? Cell{*s.facilitator} : Cell{},
           state.empty() ? Cell{} : Cell{state}});
  }
  return t;
}

void run_add(Context& ctx, const SessionOptions& o) {
  if (!o.given("--date")) throw Error(Exit::usage, "--date is required");
  const auto in = input_from(ctx, o);
  auto& db = ctx.db(db::Access::write);
  const auto added = schedule::add_session(db, o.target, in);
  if (!added.warning.empty()) ctx.warn(added.warning);
  ctx.out(added.session.ref() + "\n");
}

void run_update(Context& ctx, const SessionOptions& o) {
  const auto in = input_from(ctx, o);
  auto& db = ctx.db(db::Access::write);
  const auto updated = schedule::update_session(db, o.target, in, Context::actor(o.actor));
  if (!updated.warning.empty()) ctx.warn(updated.warning);
  ctx.note(
      fmt::format("updated {} ({} {})", updated.session.ref(), updated.session.local_date, updated.session.local_time));
}

void run_list(Context& ctx, const ListOptions& o) {
  schedule::SessionListRequest req;
  req.series = o.series;
  if (!o.from.empty()) req.from = util::format_date(util::date_option(o.from, "--from"));
  if (!o.to.empty()) req.to = util::format_date(util::date_option_last(o.to, "--to"));
  req.status = o.status;
  emit(ctx, o.out, sessions_table(schedule::list_sessions(ctx.db(db::Access::read), req)), "Sessions");
}

void run_show(Context& ctx, const RefOptions& o) {
  const auto detail = schedule::show_session(ctx.db(db::Access::read), o.ref);
  const auto& s = detail.session;
  const auto& cases = detail.cases;
  const auto attendance = s.attendance_state(util::format_utc(util::now_utc()));
  const auto& series_domains = detail.series_domains;
  Document doc;
  auto cases_json = nlohmann::ordered_json::array();
  Table ct;
  ct.columns = {"id", "presenter", "title"};
  for (const auto& c : cases) {
    cases_json.push_back({{"id", c.id}, {"presenter", c.presenter}, {"title", c.title}});
    ct.add({c.id, c.presenter, c.title});
  }
  doc.json = {{"ref", s.ref()},
              {"id", s.id},
              {"series", s.series_code},
              {"key", s.key},
              {"origin", s.origin},
              {"date", s.local_date},
              {"time", s.local_time},
              {"start_utc", s.start_utc},
              {"duration", s.duration},
              {"topic", s.topic},
              {"status", std::string(domain::name(s.status))},
              {"attendance", attendance.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(attendance)},
              {"cancel_reason", s.cancel_reason ? nlohmann::ordered_json(*s.cancel_reason) : nlohmann::ordered_json()},
              {"presenters", s.presenters},
              {"facilitator", s.facilitator ? nlohmann::ordered_json(*s.facilitator) : nlohmann::ordered_json()},
              {"domains", s.domains},
              {"series_domains", series_domains},
              {"cases", cases_json}};
  Table t;
  t.columns = {"field", "value"};
  t.add({std::string("ref"), s.ref()});
  t.add({std::string("id"), s.id});
  t.add({std::string("series"), s.series_code});
  t.add({std::string("key"), s.key});
  t.add({std::string("origin"), s.origin});
  t.add({std::string("date"), s.local_date});
  t.add({std::string("time"), s.local_time});
  t.add({std::string("start_utc"), s.start_utc});
  t.add({std::string("duration"), static_cast<std::int64_t>(s.duration)});
  t.add({std::string("topic"), s.topic});
  t.add({std::string("status"), std::string(domain::name(s.status))});
  t.add({std::string("attendance"), attendance.empty() ? Cell{} : Cell{attendance}});
  t.add({std::string("cancel_reason"), s.cancel_reason ? Cell{*s.cancel_reason} : Cell{}});
  t.add({std::string("presenters"), s.presenters});
  t.add({std::string("facilitator"), s.facilitator ? Cell{*s.facilitator} : Cell{}});
  t.add({std::string("domains"), s.domains});
  t.add({std::string("series_domains"), series_domains});
  doc.sections = {{"session", t}, {"cases", ct}};
  emit(ctx, o.out, doc, "Session " + s.ref());
}

void run_cancel(Context& ctx, const RefOptions& o) {
  auto& db = ctx.db(db::Access::write);
  const auto s = schedule::cancel_session(db, o.ref, o.reason, Context::actor(o.actor));
  ctx.note(fmt::format("cancelled {} ({} {})", s.ref(), s.local_date, s.local_time));
}

void run_remove(Context& ctx, const RefOptions& o) {
  auto& db = ctx.db(db::Access::write);
  const auto s = schedule::remove_session(db, o.ref, o.force, Context::actor(o.actor));
  ctx.note(fmt::format("removed {} ({} {}); the other sessions of {} keep their references and {} is not given again",
                       s.ref(), s.local_date, s.local_time, s.series_code, s.ref()));
}

void run_case_add(Context& ctx, const CaseOptions& o) {
  if (util::trim(o.title).empty()) throw Error(Exit::usage, "--title must not be empty");
  const auto id = session::add_case(ctx.db(db::Access::write), {o.ref, o.presenter, o.title, Context::actor(o.actor)});
  ctx.out(fmt::format("{}\n", id));
}

void run_case_list(Context& ctx, const CaseOptions& o) {
  const auto list = session::list_cases(ctx.db(db::Access::read), o.ref);
  Table t;
  t.columns = {"id", "session", "presenter", "title"};
  for (const auto& c : list.cases) t.add({c.id, list.session, c.presenter, c.title});
  emit(ctx, o.out, t, "Cases of " + list.session);
}

void run_import(Context& ctx, const ImportOptions& o) {
  const auto& cfg = ctx.config();
  schedule::ImportOptions io;
  io.path = o.file;
  io.format = o.format;
  io.series = o.series;
  io.dry_run = o.dry_run;
  io.prune = o.prune;
  io.allow_overlap = o.allow_overlap;
  io.actor = Context::actor(o.actor);
  io.defaults = {cfg.hub_timezone, cfg.session_minutes, cfg.credit_hours};
  io.competencies = competency_codes(ctx);
  // Read the file before touching (or creating) the database; "-" is standard input.
  if (o.file == "-") {
    if (o.format.empty()) throw Error(Exit::usage, "reading a schedule from standard input needs --format");
    io.content = std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    io.path = "<stdin>";
  } else {
    io.content = util::read_file(o.file);
  }
  // A dry run against a database that does not exist yet plans against an empty hub, so that CI
  // can check a schedule before the first import; nothing is opened or created.
  std::error_code ec;
  const bool no_hub = o.dry_run && !std::filesystem::exists(cfg.database_path, ec);
  TerminalProgress progress(ctx, fmt::format("importing {}", io.path), "sessions");
  io.progress = progress.callback();
  const auto result = no_hub ? schedule::plan_for_empty_hub(io)
                             : schedule::import_schedule(ctx.db(o.dry_run ? db::Access::read : db::Access::write), io);
  for (const auto& w : result.warnings) ctx.warn(w);
  std::string text;
  if (o.dry_run || ctx.global.verbose > 0) {
    for (const auto& p : result.plan) {
      std::string line = fmt::format("{:<13} {} {}", p.action, p.series, p.key);
      if (!p.date.empty()) line += fmt::format("  {} {}", p.date, p.time);
      if (!p.topic.empty()) line += "  " + p.topic;
      if (!p.detail.empty()) line += "  (" + p.detail + ")";
      text += line + "\n";
    }
  }
  text += result.summary() + "\n";
  if (o.dry_run) text += "dry run: nothing was written\n";
  ctx.out(text);
}

void run_export(Context& ctx, const ExportOptions& o) {
  std::string format = o.json ? "json" : o.format;
  if (format.empty() && !o.output.empty()) format = schedule::format_from_extension(o.output).value_or("");
  if (format.empty()) format = "ics";
  auto& db = ctx.db(db::Access::read);
  const auto text = schedule::export_schedule(
      db, o.series.empty() ? std::nullopt : std::optional<std::string>(o.series), format, util::now_utc());
  if (o.output.empty() || o.output == "-")
    ctx.out(text);
  else
    util::write_file_atomic(o.output, text, 0600); // participant data: private like every output
}

} // namespace session_cmd

void register_session(CLI::App& app, Context& ctx) {
  using namespace session_cmd;
  auto* group = app.add_subcommand("session", "Add, list, change, import and export the sessions of series");

  auto add_opts = std::make_shared<SessionOptions>();
  auto* add = group->add_subcommand("add", "Add a session to a series; prints its reference (CODE/N)");
  add->add_option("CODE", add_opts->target, "Series code")->required();
  add_session_options(*add, *add_opts, true);
  add->callback([&ctx, add_opts] { run_add(ctx, *add_opts); });

  auto list_opts = std::make_shared<ListOptions>();
  auto* list = group->add_subcommand("list", "List sessions by start time");
  list->add_option("--series", list_opts->series, "Only this series")->option_text("CODE");
  list->add_option("--from", list_opts->from, "From this local date (inclusive)")->option_text("DATE");
  list->add_option("--to", list_opts->to, "Up to this local date (inclusive)")->option_text("DATE");
  list->add_option("--status", list_opts->status, "Only scheduled or cancelled sessions")
      ->check(CLI::IsMember(
          std::vector<std::string>(domain::k_session_status_names.begin(), domain::k_session_status_names.end())));
  add_output_options(*list, list_opts->out);
  list->callback([&ctx, list_opts] { run_list(ctx, *list_opts); });

  auto show_opts = std::make_shared<RefOptions>();
  auto* show = group->add_subcommand("show", "Show a session with its people and case presentations");
  show->add_option("REF", show_opts->ref, "CODE/N or id")->required();
  add_output_options(*show, show_opts->out);
  show->callback([&ctx, show_opts] { run_show(ctx, *show_opts); });

  auto update_opts = std::make_shared<SessionOptions>();
  auto* update = group->add_subcommand("update", "Change a session's date, time, duration, topic or people");
  update->add_option("REF", update_opts->target, "CODE/N or id")->required();
  add_session_options(*update, *update_opts, false);
  update->callback([&ctx, update_opts] { run_update(ctx, *update_opts); });

  auto cancel_opts = std::make_shared<RefOptions>();
  auto* cancel = group->add_subcommand("cancel", "Cancel a session (it keeps its place and reference)");
  cancel->add_option("REF", cancel_opts->ref, "CODE/N or id")->required();
  cancel->add_option("--reason", cancel_opts->reason, "Why, for the record");
  cancel->add_option("--actor", cancel_opts->actor, "Who makes the change (default: $USER)");
  cancel->callback([&ctx, cancel_opts] { run_cancel(ctx, *cancel_opts); });

  auto remove_opts = std::make_shared<RefOptions>();
  auto* remove = group->add_subcommand("remove", "Delete a session (refused while it has attendance)");
  remove->add_option("REF", remove_opts->ref, "CODE/N or id")->required();
  remove->add_flag("--force", remove_opts->force, "Delete it even with attendance (the attendance goes too)");
  remove->add_option("--actor", remove_opts->actor, "Who makes the change (default: $USER)");
  remove->callback([&ctx, remove_opts] { run_remove(ctx, *remove_opts); });

  auto* cases = group->add_subcommand("case", "Case presentations of a session (a title and the presenter only)");
  auto case_add_opts = std::make_shared<CaseOptions>();
  auto* case_add = cases->add_subcommand("add", "Add a de-identified case presentation; prints its id");
  case_add->add_option("REF", case_add_opts->ref, "Session: CODE/N or id")->required();
  case_add->add_option("--presenter", case_add_opts->presenter, "Presenter's email or id")
      ->required()
      ->option_text("P");
  case_add->add_option("--title", case_add_opts->title, "Case title, without patient identifiers")->required();
  case_add->add_option("--actor", case_add_opts->actor, "Who made the change (default: $USER)");
  case_add->callback([&ctx, case_add_opts] { run_case_add(ctx, *case_add_opts); });
  auto case_list_opts = std::make_shared<CaseOptions>();
  auto* case_list = cases->add_subcommand("list", "List a session's case presentations");
  case_list->add_option("REF", case_list_opts->ref, "Session: CODE/N or id")->required();
  add_output_options(*case_list, case_list_opts->out);
  case_list->callback([&ctx, case_list_opts] { run_case_list(ctx, *case_list_opts); });

  auto import_opts = std::make_shared<ImportOptions>();
  auto* imp = group->add_subcommand("import", "Import a schedule file (TOML, CSV, ICS or JSON): insert, update, "
                                              "leave unchanged, and with --prune cancel sessions");
  imp->add_option("FILE", import_opts->file, "Schedule file (- for standard input, with --format)")->required();
  imp->add_option("--series", import_opts->series, "Series the sessions belong to (CSV, ICS, JSON)")
      ->option_text("CODE");
  imp->add_option("--format", import_opts->format, "File format (default: from the extension)")
      ->check(CLI::IsMember({"toml", "csv", "ics", "json"}));
  imp->add_flag("--dry-run", import_opts->dry_run,
                "Print the plan (insert/update/adopt/unchanged/cancel/rezone, every change old -> new); write nothing");
  imp->add_flag("--prune", import_opts->prune,
                "Cancel sessions an earlier import of this format created that the file no longer lists");
  imp->add_flag("--allow-overlap", import_opts->allow_overlap,
                "Keep two sessions of one series at the same start (refused otherwise)");
  imp->add_option("--actor", import_opts->actor, "Who imports, for the ledger (default: $USER)");
  imp->callback([&ctx, import_opts] { run_import(ctx, *import_opts); });

  auto export_opts = std::make_shared<ExportOptions>();
  auto* exp = group->add_subcommand("export", "Export sessions as ICS (calendar), CSV, JSON or TOML");
  exp->add_option("--series", export_opts->series, "Only this series")->option_text("CODE");
  exp->add_option("--format", export_opts->format, "ics (default), csv, json or toml (default from -o's extension)")
      ->check(CLI::IsMember({"ics", "csv", "json", "toml"}));
  exp->add_flag("--json", export_opts->json, "Shorthand for --format json")->excludes("--format");
  exp->add_option("-o,--output", export_opts->output, "Write to FILE atomically instead of stdout")
      ->check(non_empty_file())
      ->option_text("FILE");
  exp->callback([&ctx, export_opts] { run_export(ctx, *export_opts); });
}

} // namespace echo::cli
