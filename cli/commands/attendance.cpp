#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "validators.hpp"

#include "echo/attendance/export_reader.hpp"
#include "echo/attendance/importer.hpp"
#include "echo/attendance/queries.hpp"
#include "echo/attendance/service.hpp"
#include "echo/domain/attendance.hpp"
#include "echo/util/text.hpp"
#include "echo/util/time.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace attendance_cmd {

struct RecordOptions {
  std::string session;
  std::vector<std::string> people;
  std::optional<std::int64_t> minutes;
  std::string role;
  std::string reason;
  std::string actor;
};

struct RemoveOptions {
  std::string session, who, reason, actor;
};

struct ListOptions {
  std::string session;
  std::string participant;
  OutputOptions out;
};

struct UnmatchedOptions {
  bool all = false;
  OutputOptions out;
};

struct ResolveOptions {
  std::int64_t id = 0;
  std::string who, reason, actor;
  bool no_alias = false;
};

struct ImportCliOptions {
  std::string file, session, series, source, timezone, actor, date_order;
  bool create_missing = false, dry_run = false, replace = false;
};

void render(Context& ctx, const attendance::Result& r) {
  for (const auto& w : r.warnings) ctx.warn(w);
  std::string text;
  for (const auto& l : r.lines) text += l;
  ctx.out(text);
}

void run_record(Context& ctx, const RecordOptions& o) {
  attendance::RecordRequest req{
      o.session, o.people, o.minutes, o.role, o.reason, Context::actor(o.actor), ctx.config().attendance_min_minutes};
  attendance::check(req); // before the database is opened: a bad value creates nothing
  render(ctx, attendance::record(ctx.db(db::Access::write), req));
}

void run_remove(Context& ctx, const RemoveOptions& o) {
  if (util::trim(o.reason).empty()) throw Error(Exit::usage, "--reason must not be empty");
  render(ctx, attendance::remove(ctx.db(db::Access::write), {o.session, o.who, o.reason, Context::actor(o.actor)}));
}

void run_list(Context& ctx, const ListOptions& o) {
  const auto rows =
      attendance::list(ctx.db(db::Access::read), {o.session, o.participant, ctx.config().attendance_min_minutes});
  Table t;
  t.columns = {"session", "email", "name", "minutes", "role", "eligible", "source"};
  for (const auto& e : rows)
    t.add({e.session, e.email ? Cell(*e.email) : Cell(std::monostate{}), e.name, e.minutes,
           std::string(domain::name(e.role)), e.eligible, std::string(domain::name(e.source))});
  emit(ctx, o.out, t, "Attendance");
}

void run_unmatched(Context& ctx, const UnmatchedOptions& o) {
  const auto rows = attendance::unmatched(ctx.db(db::Access::read), {o.all});
  Table t;
  t.columns = {"id", "session", "name", "minutes", "file"};
  if (o.all) t.columns.emplace_back("resolved");
  for (const auto& u : rows) {
    std::vector<Cell> row{u.id, u.session, u.name, u.minutes, u.file};
    if (o.all) row.emplace_back(u.resolved_participant_id ? Cell(*u.resolved_participant_id) : Cell(std::monostate{}));
    t.add(std::move(row));
  }
  emit(ctx, o.out, t, "Unmatched attendance rows");
}

void run_resolve(Context& ctx, const ResolveOptions& o) {
  attendance::ResolveRequest req;
  req.id = o.id;
  req.who = o.who;
  req.reason = o.reason;
  req.actor = Context::actor(o.actor);
  req.no_alias = o.no_alias;
  req.generic_names = ctx.config().attendance_generic_names;
  req.program = ctx.program;
  render(ctx, attendance::resolve(ctx.db(db::Access::write), req));
}

void run_import(Context& ctx, const ImportCliOptions& o) {
  attendance::ImportOptions io;
  io.file = o.file;
  io.session_ref = o.session;
  io.series_code = o.series;
  io.source = o.source;
  io.timezone = o.timezone.empty() ? ctx.config().hub_timezone : o.timezone;
  io.date_order = ctx.config().import_date_order(o.date_order);
  io.create_missing = o.create_missing;
  io.dry_run = o.dry_run;
  io.replace = o.replace;
  io.actor = Context::actor(o.actor);
  io.min_minutes = ctx.config().attendance_min_minutes;
  io.generic_names = ctx.config().attendance_generic_names;
  auto& database = ctx.db(db::Access::write);
  TerminalProgress progress(ctx, fmt::format("importing {}", o.file));
  io.progress = progress.callback();
  const auto result = attendance::import_attendance(database, io);
  ctx.debug(fmt::format("{}: layout {}", o.file, result.layout));
  if (result.encoding != "UTF-8") ctx.debug(fmt::format("{}: converted from {} to UTF-8", o.file, result.encoding));
  if (result.delimiter != ',')
    ctx.debug(fmt::format("{}: separator {}", o.file, result.delimiter == '\t' ? "tab" : "semicolon"));
  std::vector<std::int64_t> written;
  for (const auto& s : result.sessions)
    if (s.session_id != 0 && !s.unchanged) written.push_back(s.session_id);
  const auto cancelled = attendance::cancelled_sessions(database, written);
  for (const auto& s : result.sessions)
    if (s.session_id != 0 && !s.unchanged && cancelled.count(s.session_id) > 0)
      ctx.warn(fmt::format("session {} is cancelled: attendance {} anyway", s.ref,
                           result.dry_run ? "would be imported" : "imported"));
  // A line a session; above 10 sessions only under -v. The total line after several sessions.
  std::string text;
  constexpr std::size_t k_listed_sessions = 10;
  if (result.sessions.size() <= k_listed_sessions || ctx.global.verbose > 0)
    for (const auto& s : result.sessions) text += attendance::format_summary(s) + "\n";
  if (result.totals.sessions > 1) text += attendance::format_totals(result.totals) + "\n";
  ctx.out(text);
  if (result.dry_run) ctx.note("dry run: nothing was written");
}

} // namespace attendance_cmd

void register_attendance(CLI::App& app, Context& ctx) {
  using namespace attendance_cmd;
  auto* group = app.add_subcommand("attendance", "Record, import, list and resolve attendance");

  auto record_opts = std::make_shared<RecordOptions>();
  auto* record = group->add_subcommand("record", "Record (or correct) attendance by hand");
  record->add_option("REF", record_opts->session, "Session: CODE/N or id")->required();
  record->add_option("P", record_opts->people, "Participants: emails or ids")->required();
  record->add_option("--minutes", record_opts->minutes, "Minutes attended, 0..1440 (default: the session's duration)");
  record
      ->add_option("--role", record_opts->role,
                   "participant, presenter, facilitator or hub (default: the role the session names, else "
                   "participant)")
      ->check(CLI::IsMember({"participant", "presenter", "facilitator", "hub"}));
  record->add_option("--reason", record_opts->reason, "Why, for the audit log");
  record->add_option("--actor", record_opts->actor, "Who made the change (default: $USER)");
  record->callback([&ctx, record_opts] { run_record(ctx, *record_opts); });

  auto remove_opts = std::make_shared<RemoveOptions>();
  auto* remove = group->add_subcommand("remove", "Remove a participant's attendance at a session");
  remove->add_option("REF", remove_opts->session, "Session: CODE/N or id")->required();
  remove->add_option("P", remove_opts->who, "Participant: email or id")->required();
  remove->add_option("--reason", remove_opts->reason, "Why, for the audit log")->required();
  remove->add_option("--actor", remove_opts->actor, "Who made the change (default: $USER)");
  remove->callback([&ctx, remove_opts] { run_remove(ctx, *remove_opts); });

  auto list_opts = std::make_shared<ListOptions>();
  auto* list =
      group->add_subcommand("list", "List attendance (JSON: session, email, name, minutes, role, eligible, source)");
  list->add_option("REF", list_opts->session, "Only this session: CODE/N or id");
  list->add_option("--participant", list_opts->participant, "Only this participant: email or id")->option_text("P");
  add_output_options(*list, list_opts->out);
  list->callback([&ctx, list_opts] { run_list(ctx, *list_opts); });

  auto unmatched_opts = std::make_shared<UnmatchedOptions>();
  auto* unmatched = group->add_subcommand(
      "unmatched", "Imported rows whose person could not be matched (JSON: id, session, name, minutes, file)");
  unmatched->add_flag("--all", unmatched_opts->all, "Include resolved rows (adds the column resolved)");
  add_output_options(*unmatched, unmatched_opts->out);
  unmatched->callback([&ctx, unmatched_opts] { run_unmatched(ctx, *unmatched_opts); });

  auto resolve_opts = std::make_shared<ResolveOptions>();
  auto* resolve = group->add_subcommand(
      "resolve", "Assign an unmatched row to a participant (records or merges their attendance; the name becomes "
                 "an alias unless it is generic, e.g. a phone caller or device, or --no-alias)");
  resolve->add_option("ID", resolve_opts->id, "Unmatched row id (see attendance unmatched)")->required();
  resolve->add_option("P", resolve_opts->who, "Participant: email or id")->required();
  resolve->add_flag("--no-alias", resolve_opts->no_alias,
                    "Credit this row only: the name does not become an alias of P");
  resolve->add_option("--reason", resolve_opts->reason, "Why, for the audit log");
  resolve->add_option("--actor", resolve_opts->actor, "Who made the change (default: $USER)");
  resolve->callback([&ctx, resolve_opts] { run_resolve(ctx, *resolve_opts); });

  auto import_opts = std::make_shared<ImportCliOptions>();
  auto* imp = group->add_subcommand(
      "import", "Import an attendance file. Formats read: Zoom meeting exports (older, newer, with Host as "
                "'Name (email)', 'Name' or 'email'), the Zoom admin details export, participants-only, 'Show unique "
                "users' (with or without the meeting block), webinar attendee reports, localized Zoom portals "
                "(French, Spanish, Japanese), Microsoft Teams attendance reports, Google Meet attendance CSVs, and "
                "the generic CSV session,email,name,minutes|join,leave; in UTF-8, "
                "Windows-1252/Latin-1 or UTF-16 (LE/BE, BOM or not), separated by commas, semicolons or tabs");
  imp->add_option("FILE", import_opts->file, "Zoom export or CSV file")->required();
  imp->add_option("--session", import_opts->session,
                  "Session the file belongs to (default: the one running at the meeting's start)")
      ->option_text("REF");
  imp->add_option("--series", import_opts->series, "Look for the session only in this series")->option_text("CODE");
  imp->add_option("--source", import_opts->source, "zoom, teams, meet or csv (default: detected from the content)")
      ->check(CLI::IsMember({"zoom", "teams", "meet", "csv"}));
  add_export_time_options(*imp, import_opts->timezone, import_opts->date_order);
  imp->add_flag("--create-missing", import_opts->create_missing,
                "Create participants for unmatched names without email instead of listing them as unmatched");
  imp->add_flag("--dry-run", import_opts->dry_run, "Print the summary; write nothing");
  imp->add_flag("--replace", import_opts->replace,
                "Replace what earlier imports recorded for the session (manual records stay)");
  imp->add_option("--actor", import_opts->actor, "Who imported (default: $USER)");
  imp->callback([&ctx, import_opts] { run_import(ctx, *import_opts); });
}

} // namespace echo::cli
