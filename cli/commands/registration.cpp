#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"
#include "validators.hpp"

#include "echo/registration/queries.hpp"
#include "echo/registration/service.hpp"
#include "echo/util/text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace registration_cmd {

struct ImportCliOptions {
  std::string file, session, series, timezone, date_order, actor;
  bool create_missing = false, dry_run = false;
};

struct ListOptions {
  std::string session, series, participant;
  OutputOptions out;
};

struct RemoveOptions {
  std::string session, series, participant, reason, actor;
};

void run_import(Context& ctx, const ImportCliOptions& o) {
  registration::ImportRequest r;
  r.file = o.file;
  r.session_ref = o.session;
  r.series_code = o.series;
  r.timezone = o.timezone.empty() ? ctx.config().hub_timezone : o.timezone;
  r.date_order = ctx.config().import_date_order(o.date_order);
  r.create_missing = o.create_missing;
  r.dry_run = o.dry_run;
  r.actor = Context::actor(o.actor);
  r.generic_names = ctx.config().attendance_generic_names;
  const auto result = registration::import_registrations(ctx.db(db::Access::write), r);
  ctx.debug(fmt::format("{}: layout {}", o.file, result.layout));
  if (result.encoding != "UTF-8") ctx.debug(fmt::format("{}: converted from {} to UTF-8", o.file, result.encoding));
  if (!result.unmatched.empty())
    ctx.warn(fmt::format("{} registrant{} without email matched nobody and {} not recorded: {} (give "
                         "--create-missing to create them)",
                         result.unmatched.size(), result.unmatched.size() == 1 ? "" : "s",
                         result.unmatched.size() == 1 ? "was" : "were", util::join(result.unmatched, ", ")));
  ctx.out(registration::format_result(result) + "\n");
  if (result.dry_run) ctx.note("dry run: nothing was written");
}

void run_list(Context& ctx, const ListOptions& o) {
  if (!o.session.empty() && !o.series.empty())
    throw Error(Exit::usage, "give --session REF or --series CODE, not both");
  const auto rows = registration::list(ctx.db(db::Access::read), {o.session, o.series, o.participant});
  Table t;
  t.columns = {"id", "series", "session", "email", "name", "registered_at", "approval", "source"};
  auto opt = [](const std::optional<std::string>& v) { return v ? Cell(*v) : Cell(std::monostate{}); };
  for (const auto& e : rows)
    t.add({e.id, e.series, opt(e.session), opt(e.email), e.name, opt(e.registered_at), opt(e.approval), e.source});
  emit(ctx, o.out, t, "Registrations");
}

void run_remove(Context& ctx, const RemoveOptions& o) {
  ctx.out(registration::remove(ctx.db(db::Access::write),
                               {o.session, o.series, o.participant, o.reason, Context::actor(o.actor)}));
}

} // namespace registration_cmd

void register_registration(CLI::App& app, Context& ctx) {
  using namespace registration_cmd;
  auto* group = app.add_subcommand("registration", "Import, list and remove registrations for sessions and series");

  auto import_opts = std::make_shared<ImportCliOptions>();
  auto* imp = group->add_subcommand(
      "import", "Import registrations: Zoom meeting and webinar registration reports (custom questions such as "
                "profession, organization and region fill a participant's empty fields), webinar attendee reports, "
                "or the CSV session|series,email,name,registered_at; in UTF-8, Windows-1252 or UTF-16, separated by "
                "commas, semicolons or tabs");
  imp->add_option("FILE", import_opts->file, "Zoom registration report or CSV file")->required();
  auto* session = imp->add_option("--session", import_opts->session,
                                  "Everyone in the report registers for this session (default: the session at the "
                                  "report's scheduled time)")
                      ->option_text("REF");
  imp->add_option("--series", import_opts->series,
                  "Everyone in the report registers for this series: every session of it (cohort enrolment)")
      ->option_text("CODE")
      ->excludes(session);
  add_export_time_options(*imp, import_opts->timezone, import_opts->date_order);
  imp->add_flag("--create-missing", import_opts->create_missing,
                "Create participants for registrants without email whose name matches nobody");
  imp->add_flag("--dry-run", import_opts->dry_run, "Print the summary; write nothing");
  imp->add_option("--actor", import_opts->actor, "Who imported (default: $USER)");
  imp->callback([&ctx, import_opts] { run_import(ctx, *import_opts); });

  auto list_opts = std::make_shared<ListOptions>();
  auto* list = group->add_subcommand(
      "list", "List registrations (JSON: id, series, session, email, name, registered_at, approval, source)");
  auto* list_session = list->add_option("--session", list_opts->session,
                                        "Only this session's registrations (those for its series included)")
                           ->option_text("REF");
  list->add_option("--series", list_opts->series, "Only this series' registrations (its sessions' included)")
      ->option_text("CODE")
      ->excludes(list_session);
  list->add_option("--participant", list_opts->participant, "Only this participant: email or id")->option_text("P");
  add_output_options(*list, list_opts->out);
  list->callback([&ctx, list_opts] { run_list(ctx, *list_opts); });

  auto remove_opts = std::make_shared<RemoveOptions>();
  auto* remove = group->add_subcommand("remove", "Remove one registration (audited; `undo` restores it)");
  auto* remove_session =
      remove->add_option("--session", remove_opts->session, "The session registered for")->option_text("REF");
  remove->add_option("--series", remove_opts->series, "The series registered for")
      ->option_text("CODE")
      ->excludes(remove_session);
  remove->add_option("--participant", remove_opts->participant, "Participant: email or id")
      ->option_text("EMAIL")
      ->required();
  remove->add_option("--reason", remove_opts->reason, "Why, for the audit log");
  remove->add_option("--actor", remove_opts->actor, "Who made the change (default: $USER)");
  remove->callback([&ctx, remove_opts] {
    if (remove_opts->session.empty() && remove_opts->series.empty())
      throw Error(Exit::usage, "registration remove: give --session REF or --series CODE");
    run_remove(ctx, *remove_opts);
  });
}

} // namespace echo::cli
