#include "commands/commands.hpp"
#include "context.hpp"
#include "output.hpp"

#include "echo/evaluation/queries.hpp"
#include "echo/evaluation/service.hpp"
#include "echo/util/text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace echo::cli {

// Named, not anonymous: echo_cli is a unity build, and every command file has its own
// ListOptions and run_list.
namespace evaluation_cmd {

struct ImportCliOptions {
  std::string file, map, session, series, actor;
  bool anonymise = false, dry_run = false;
};

struct ScopeOptions {
  std::string session, series;
  OutputOptions out;
};

void run_import(Context& ctx, const ImportCliOptions& o) {
  if (o.session.empty() == o.series.empty())
    throw Error(Exit::usage, "evaluation import: give exactly one of --session REF and --series CODE");
  evaluation::ImportRequest req;
  req.file = o.file;
  req.map = o.map;
  req.session_ref = o.session;
  req.series_code = o.series;
  req.anonymise = o.anonymise;
  req.dry_run = o.dry_run;
  req.actor = Context::actor(o.actor);
  evaluation::check(req); // before the database is opened: a refused import creates nothing
  const auto result = evaluation::import_evaluation(ctx.db(db::Access::write), req);
  ctx.debug(fmt::format("{}: layout {}", o.file, result.layout));
  if (result.encoding != "UTF-8") ctx.debug(fmt::format("{}: converted from {} to UTF-8", o.file, result.encoding));
  if (result.delimiter != ',')
    ctx.debug(fmt::format("{}: separator {}", o.file, result.delimiter == '\t' ? "tab" : "semicolon"));
  for (const auto& w : result.warnings) ctx.warn(w);
  ctx.out(evaluation::format_summary(result, o.file) + "\n");
  if (result.dry_run) ctx.note("dry run: nothing was written");
}

void run_list(Context& ctx, const ScopeOptions& o) {
  const auto rows = evaluation::list_imports(ctx.db(db::Access::read), {o.session, o.series});
  Table t;
  t.columns = {"id", "file", "layout", "scope", "responses", "linked", "anonymised", "imported_at", "imported_by"};
  for (const auto& r : rows)
    t.add({r.id, r.file, r.layout, r.scope, r.responses, r.linked, r.anonymised, r.imported_at, r.imported_by});
  emit(ctx, o.out, t, "Evaluation imports");
}

void run_export(Context& ctx, const ScopeOptions& o) {
  if (o.session.empty() == o.series.empty())
    throw Error(Exit::usage, "evaluation export: give exactly one of --session REF and --series CODE");
  const auto rows = evaluation::answers(ctx.db(db::Access::read), {o.session, o.series});
  Table t;
  t.columns = {"file",  "scope", "response", "email",  "profession", "item",
               "phase", "level", "scale",    "answer", "score"};
  auto opt = [](const std::optional<std::string>& v) { return v ? Cell(*v) : Cell(std::monostate{}); };
  for (const auto& r : rows)
    t.add({r.file, r.scope, r.response, opt(r.email), opt(r.profession), r.item, r.phase,
           r.level.empty() ? Cell(std::monostate{}) : Cell(r.level), r.scale, r.answer,
           r.score ? Cell(*r.score) : Cell(std::monostate{})});
  emit(ctx, o.out, t, "Evaluation answers");
}

} // namespace evaluation_cmd

void register_evaluation(CLI::App& app, Context& ctx) {
  using namespace evaluation_cmd;
  auto* group = app.add_subcommand("evaluation", "Import, list and export survey evaluations of sessions and series");
  group->footer(fmt::format("The mapping file, scales and figures: man {}-evaluation", ctx.program));

  auto import_opts = std::make_shared<ImportCliOptions>();
  auto* imp = group->add_subcommand(
      "import", "Import a survey export (REDCap, Qualtrics, Microsoft Forms, Google Forms or any CSV with a header "
                "row; UTF-8, Windows-1252 or UTF-16, commas, semicolons or tabs) with a mapping file; re-importing "
                "the same file for the same session or series replaces the earlier import");
  imp->add_option("FILE", import_opts->file, "The survey export (CSV)")->required();
  auto* session = imp->add_option("--session", import_opts->session, "The session evaluated")->option_text("REF");
  auto* series =
      imp->add_option("--series", import_opts->series, "The series evaluated (a cohort survey)")->option_text("CODE");
  session->excludes(series);
  imp->add_option("--map", import_opts->map,
                  "Mapping file (TOML): the email and profession columns, and the items with their level, scale, "
                  "labels and phase (without it, the file's columns are listed)")
      ->option_text("MAP.toml");
  imp->add_flag("--anonymise,--anonymize", import_opts->anonymise,
                "Keep only a matched respondent's profession: no link to the participant, no email");
  imp->add_flag("--dry-run", import_opts->dry_run, "Print the summary; write nothing");
  imp->add_option("--actor", import_opts->actor, "Who imported (default: $USER)");
  imp->callback([&ctx, import_opts] { run_import(ctx, *import_opts); });

  auto list_opts = std::make_shared<ScopeOptions>();
  auto* list = group->add_subcommand(
      "list", "Evaluation imports (JSON: id, file, layout, scope, responses, linked, anonymised, imported_at, "
              "imported_by)");
  list->add_option("--session", list_opts->session, "Only this session's imports")->option_text("REF");
  list->add_option("--series", list_opts->series, "Only the imports of this series and its sessions")
      ->option_text("CODE");
  add_output_options(*list, list_opts->out);
  list->callback([&ctx, list_opts] { run_list(ctx, *list_opts); });

  auto export_opts = std::make_shared<ScopeOptions>();
  auto* exp = group->add_subcommand(
      "export", "Every answer, free text included, one row each (JSON: file, scope, response, email, profession, "
                "item, phase, level, scale, answer, score)");
  auto* es = exp->add_option("--session", export_opts->session, "The session's answers")->option_text("REF");
  auto* esr = exp->add_option("--series", export_opts->series, "The answers of the series and its sessions")
                  ->option_text("CODE");
  es->excludes(esr);
  add_output_options(*exp, export_opts->out);
  exp->callback([&ctx, export_opts] { run_export(ctx, *export_opts); });
}

} // namespace echo::cli
